// prove_equal: one Z3 query per pair of graphs, and the concrete replay that confirms a counterexample.
// Its own file because every client (rule harness, fuzzer, tools) asks the same question through it.
#include "rewrite/verify/prove.hpp"

#include "ir/error.hpp"
#include "rewrite/bounds.hpp"
#include "rewrite/evaluate.hpp"
#include "rewrite/verify/z3_encode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace lmc::verify {
namespace {

std::string show(const std::optional<int64_t>& v) {
  return v ? std::to_string(*v) : "undefined";
}

std::string assignment_str(const std::map<std::string, int64_t>& values) {
  std::string out;
  for (const auto& [name, v] : values)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", name, v);
  return out.empty() ? "(no variables)" : out;
}

// Both graphs in the narrowest signed dtype that holds every value they compute, when that is narrower than
// theirs: a signed graph whose every node's bounds are exact (no wrap: bounds.cpp clamps a node that may wrap to
// its dtype's full range) computes the same values in any dtype holding those bounds, so the proof is the same
// and Z3's bit-blasted query is smaller (x // 7 over 32 bits is much harder than over 12: the time of a
// proof otherwise grows with the variables' ranges). Nullopt when a node forbids it (casts, shifts, bitwise ops,
// unsigned or bool arithmetic, a node that may wrap).
std::optional<std::pair<UOp, UOp>> narrowed(UOp a, UOp b) {
  const DType d = a.dtype().is_bool() && a.num_src() ? a.src(0).dtype() : a.dtype();
  if (!d.is_signed() || d.is_vector() || d.bits() <= 8) return std::nullopt;
  __int128 lo = 0, hi = 0;
  for (UOp root : {a, b})
    for (UOp u : root.toposort()) {
      if (u.dtype().is_bool()) {
        if (u.op() == Op::DEFINE_VAR || u.op() == Op::CONST) continue;
        if (!is_comparison(u.op()) && u.op() != Op::AND && u.op() != Op::OR && u.op() != Op::XOR && u.op() != Op::WHERE)
          return std::nullopt;
        continue;
      }
      if (u.dtype() != d) return std::nullopt;
      switch (u.op()) {
      case Op::CONST:
      case Op::DEFINE_VAR:
      case Op::ADD:
      case Op::SUB:
      case Op::NEG:
      case Op::MUL:
      case Op::IDIV:
      case Op::MOD:
      case Op::CDIV:
      case Op::CMOD:
      case Op::MAX:
      case Op::MIN:
      case Op::WHERE:
        break;
      default:
        return std::nullopt;
      }
      const Bounds bd = bounds(u);
      if (bd.lo == d.min_int() || bd.hi == d.max_int()) return std::nullopt; // may have wrapped
      lo = std::min<__int128>(lo, bd.lo);
      hi = std::max<__int128>(hi, bd.hi);
    }
  // One bit of headroom: the encoding of floor division computes q - 1 and r + b.
  DType narrow = void_;
  for (DType t : {int8, int16, int32})
    if (t.bits() < d.bits() && lo * 2 >= t.min_int() && hi * 2 <= t.max_int()) {
      narrow = t;
      break;
    }
  if (narrow == void_) return std::nullopt;
  std::unordered_map<uint32_t, UOp> done;
  auto retype = [&](UOp root) {
    for (UOp u : root.toposort()) {
      if (done.contains(u.id())) continue;
      const DType t = u.dtype() == d ? narrow : u.dtype();
      UOp n;
      if (u.op() == Op::CONST)
        n = UOp::constant(t, *u.const_int());
      else if (u.op() == Op::DEFINE_VAR) {
        const VarArg& v = u.arg_as<VarArg>();
        n = UOp::var(v.name, std::max(v.min, d.min_int()), std::min(v.max, d.max_int()), t);
      } else {
        std::vector<UOp> src;
        for (UOp s : u.src())
          src.push_back(done.at(s.id()));
        n = UOp::make(u.op(), t, src, u.arg());
      }
      done.emplace(u.id(), n);
    }
    return done.at(root.id());
  };
  return std::make_pair(retype(a), retype(b));
}

} // namespace

ProofResult prove_equal(UOp a, UOp b, unsigned timeout_ms) {
  ProofResult result;
  if (a == b) {
    result.status = ProofResult::Status::Proved;
    result.message = "identical nodes";
    return result;
  }
  if (a.dtype() != b.dtype()) {
    result.status = ProofResult::Status::Refuted;
    result.message =
        fmt::format("dtypes differ: {} is {}, {} is {}", a.expr(), a.dtype().name(), b.expr(), b.dtype().name());
    return result;
  }
  if (auto n = narrowed(a, b)) std::tie(a, b) = *n;
  try {
    z3::context ctx;
    Encoder enc(ctx);
    z3::expr va = enc.value(a), vb = enc.value(b);
    // Division by zero (and a shift out of range) is undefined, and a rewrite keeps it exactly so: it may neither
    // add an undefined point nor hide one (x % 0 is not 0; x // y * 0 is not 0 where y may be 0).
    const z3::expr da = enc.defined(a), db = enc.defined(b);
    z3::expr query = enc.assumptions() && (da != db || (da && va != vb));
    z3::solver solver(ctx, "QF_BV");
    z3::params params(ctx);
    params.set("timeout", timeout_ms);
    solver.set(params);
    solver.add(query);
    const z3::check_result r = solver.check();
    if (r == z3::unsat) {
      result.status = ProofResult::Status::Proved;
      result.message = "proved";
      return result;
    }
    if (r == z3::unknown) {
      result.message = fmt::format("Z3 gave up ({}) on {} == {}", solver.reason_unknown(), a.expr(), b.expr());
      return result;
    }
    const z3::model model = solver.get_model();
    std::unordered_map<std::string, int64_t> vars;
    for (const Encoder::Leaf& leaf : enc.leaves()) {
      const int64_t v = Encoder::model_int(model, leaf.value, leaf.node.dtype());
      result.counterexample[leaf.name] = v;
      vars[leaf.name] = v;
    }
    // Replay: one side undefined and the other not, or both defined and different.
    const std::optional<int64_t> ea = evaluate(ranges_as_vars(a), vars), eb = evaluate(ranges_as_vars(b), vars);
    const std::string account = fmt::format("at {}: {} = {} but {} = {}", assignment_str(result.counterexample),
                                            a.expr(), show(ea), b.expr(), show(eb));
    if (ea != eb) {
      result.status = ProofResult::Status::Refuted;
      result.message = "counterexample " + account;
    } else {
      result.message = "unconfirmed counterexample (Z3 encoding and lmc::evaluate disagree) " + account;
    }
  } catch (const IllTyped& e) {
    result.status = ProofResult::Status::Refuted; // no values to show: the graph itself is malformed
    result.message = e.what();
  } catch (const Error& e) {
    result.message = fmt::format("cannot prove: {}", e.what()); // an op the encoder does not express
  } catch (const z3::exception& e) {
    result.message = fmt::format("Z3 error: {}", e.msg());
  }
  return result;
}

} // namespace lmc::verify
