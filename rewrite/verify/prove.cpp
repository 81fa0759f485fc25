// prove_equal: one Z3 query per pair of graphs, and the concrete replay that confirms a counterexample.
// Its own file because every client (rule harness, fuzzer, tools) asks the same question through it.
#include "rewrite/verify/prove.hpp"

#include "ir/error.hpp"
#include "rewrite/bounds.hpp"
#include "rewrite/evaluate.hpp"
#include "rewrite/verify/enumerate.hpp"
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

// Both graphs in the narrowest signed dtype that holds every value they compute (or as they are, when none is
// narrower than theirs): a signed graph whose every node's bounds are exact (no wrap: bounds.cpp clamps a node that may
// wrap to its dtype's full range) computes the same values in any dtype holding those bounds, so the proof is the same
// and Z3's bit-blasted query is smaller (x // 7 over 32 bits is much harder than over 12: the time of a
// proof otherwise grows with the variables' ranges). Nullopt when a node may wrap or is outside the ops the
// integer encoding below expresses (casts, shifts, bitwise ops on integers, unsigned or bool arithmetic).
std::optional<std::pair<UOp, UOp>> narrowed(UOp a, UOp b) {
  DType d = void_; // the graphs' integer dtype: the first non-bool one found
  for (UOp root : {a, b})
    for (UOp u : root.toposort())
      if (d == void_ && !u.dtype().is_bool()) d = u.dtype();
  if (!d.is_signed() || d.is_vector()) return std::nullopt;
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
      case Op::FLOORDIV:
      case Op::FLOORMOD:
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
  if (narrow == void_) return std::make_pair(a, b); // exact, but no narrower dtype holds every value
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

// The graphs over the mathematical integers (Z3's Int sort), for graphs where narrowed() found that no node
// wraps: there the bit-precise values are the integer values. Floor and truncating quotients are fresh terms q
// with a == b*q + r and r in the remainder's range (constant divisors and factors only: linear arithmetic), which Z3's
// arithmetic solver handles far better than a bit-blasted divider (whose proofs grew slower as the variables' ranges
// grew). Bools stay Bool.
class IntEncoder {
public:
  explicit IntEncoder(z3::context& ctx) : ctx_(ctx) {}

  z3::expr value(UOp root) {
    for (UOp u : root.toposort())
      if (!value_.contains(u.id())) value_.emplace(u.id(), compute(u));
    return value_.at(root.id());
  }
  z3::expr facts() const { return all(facts_); }
  z3::expr defined(UOp root) const {
    std::vector<z3::expr> parts;
    for (UOp u : root.toposort())
      if (auto it = divisor_ok_.find(u.id()); it != divisor_ok_.end()) parts.push_back(it->second);
    return all(parts);
  }
  const std::vector<std::pair<std::string, z3::expr>>& vars() const { return vars_; }
  // A product of two non-constants or a division by one: nonlinear arithmetic, which Z3 may not decide.
  bool nonlinear() const { return nonlinear_; }

private:
  z3::expr all(const std::vector<z3::expr>& parts) const {
    z3::expr out = ctx_.bool_val(true);
    for (const z3::expr& p : parts)
      out = out && p;
    return out;
  }
  z3::expr in(UOp u, size_t i) const { return value_.at(u.src(i).id()); }

  z3::expr compute(UOp u) {
    const bool is_bool = u.dtype().is_bool();
    switch (u.op()) {
    case Op::CONST:
      return is_bool ? ctx_.bool_val(*u.const_int() != 0) : ctx_.int_val(static_cast<int64_t>(*u.const_int()));
    case Op::DEFINE_VAR: {
      const VarArg& v = u.arg_as<VarArg>();
      const Bounds b = bounds(u);
      if (is_bool) {
        z3::expr x = ctx_.bool_const(v.name.c_str());
        if (b.is_const()) facts_.push_back(x == ctx_.bool_val(b.lo != 0));
        vars_.emplace_back(v.name, z3::ite(x, ctx_.int_val(1), ctx_.int_val(0)));
        return x;
      }
      z3::expr x = ctx_.int_const(v.name.c_str());
      facts_.push_back(x >= ctx_.int_val(b.lo) && x <= ctx_.int_val(b.hi));
      vars_.emplace_back(v.name, x);
      return x;
    }
    case Op::ADD:
      return is_bool ? (in(u, 0) != in(u, 1)) : in(u, 0) + in(u, 1);
    case Op::SUB:
      return in(u, 0) - in(u, 1);
    case Op::NEG:
      return -in(u, 0);
    case Op::MUL:
      nonlinear_ = nonlinear_ || (!u.src(0).is_const() && !u.src(1).is_const());
      return in(u, 0) * in(u, 1);
    case Op::MAX:
      return z3::ite(in(u, 0) < in(u, 1), in(u, 1), in(u, 0));
    case Op::MIN:
      return z3::ite(in(u, 0) < in(u, 1), in(u, 0), in(u, 1));
    case Op::WHERE:
      return z3::ite(in(u, 0), in(u, 1), in(u, 2));
    case Op::AND:
      return in(u, 0) && in(u, 1);
    case Op::OR:
      return in(u, 0) || in(u, 1);
    case Op::XOR:
      return in(u, 0) != in(u, 1);
    case Op::CMPEQ:
      return in(u, 0) == in(u, 1);
    case Op::CMPNE:
      return in(u, 0) != in(u, 1);
    case Op::CMPLT:
      if (u.src(0).dtype().is_bool()) return !in(u, 0) && in(u, 1);
      return in(u, 0) < in(u, 1);
    case Op::CMPLE:
      if (u.src(0).dtype().is_bool()) return !in(u, 0) || in(u, 1);
      return in(u, 0) <= in(u, 1);
    case Op::FLOORDIV:
    case Op::FLOORMOD:
    case Op::CDIV:
    case Op::CMOD: {
      nonlinear_ = nonlinear_ || !u.src(1).is_const();
      const z3::expr a = in(u, 0), b = in(u, 1), zero = ctx_.int_val(0);
      const z3::expr q = ctx_.int_const(fmt::format("quotient!{}", u.id()).c_str());
      const z3::expr r = a - b * q;
      const bool floor = u.op() == Op::FLOORDIV || u.op() == Op::FLOORMOD;
      const z3::expr mag = z3::ite(b < zero, -b, b);
      // Where b == 0 the node is undefined: q is left free there (its value never matters: the proof asks
      // for equal definedness first).
      const z3::expr range = floor ? z3::ite(b > zero, r >= zero && r < b, r <= zero && r > b)
                                   : z3::ite(a >= zero, r >= zero && r < mag, r <= zero && r > -mag);
      facts_.push_back(z3::implies(b != zero, range));
      divisor_ok_.emplace(u.id(), b != zero);
      return u.op() == Op::FLOORDIV || u.op() == Op::CDIV ? q : r;
    }
    default:
      throw Error(fmt::format("cannot encode {} over the integers", op_name(u.op())));
    }
  }

  z3::context& ctx_;
  std::unordered_map<uint32_t, z3::expr> value_;
  std::unordered_map<uint32_t, z3::expr> divisor_ok_;
  std::vector<z3::expr> facts_;
  std::vector<std::pair<std::string, z3::expr>> vars_;
  bool nonlinear_ = false;
};

} // namespace

ProofResult prove_equal(UOp a, UOp b, unsigned timeout_ms, bool z3_only) {
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
  if (!z3_only)
    if (std::optional<ProofResult> enumerated = prove_by_enumeration(a, b); enumerated) return *enumerated;
  const std::optional<std::pair<UOp, UOp>> exact = narrowed(a, b);
  if (exact) {
    // Nothing wraps: prove over the integers first (a counterexample there is replayed like any other).
    try {
      z3::context ctx;
      IntEncoder enc(ctx);
      const z3::expr va = enc.value(a), vb = enc.value(b), da = enc.defined(a), db = enc.defined(b);
      z3::solver solver(ctx);
      z3::params params(ctx);
      // A resource limit, not a timeout: this libz3's timer threads can deadlock when many timed queries of its
      // general solver run back to back (seen in the fuzz test). An exhausted limit falls back to the
      // bit-precise proof below, which keeps its timeout.
      // Nonlinear queries get a tenth of it: they are often undecided, and the bit-precise proof follows.
      const uint64_t budget = uint64_t{timeout_ms} * (enc.nonlinear() ? 200 : 2000);
      params.set("rlimit", static_cast<unsigned>(std::min<uint64_t>(budget, 4000000000u)));
      solver.set(params);
      solver.add(enc.facts() && (da != db || (da && va != vb)));
      const z3::check_result r = solver.check();
      if (r == z3::unsat) {
        result.status = ProofResult::Status::Proved;
        result.message = "proved (over the integers: no node wraps)";
        return result;
      }
      if (r == z3::sat) {
        const z3::model model = solver.get_model();
        std::unordered_map<std::string, int64_t> vars;
        std::map<std::string, int64_t> shown;
        for (const auto& [name, term] : enc.vars()) {
          const z3::expr v = model.eval(term, true);
          int64_t n = 0;
          if (!v.is_numeral_i64(n)) throw Error("Z3 model value is not a numeral: " + v.to_string());
          vars[name] = shown[name] = n;
        }
        const std::optional<int64_t> ea = evaluate(a, vars), eb = evaluate(b, vars);
        if (ea != eb) {
          result.status = ProofResult::Status::Refuted;
          result.counterexample = shown;
          result.message = fmt::format("counterexample at {}: {} = {} but {} = {}", assignment_str(shown), a.expr(),
                                       show(ea), b.expr(), show(eb));
          return result;
        }
      }
    } catch (const Error&) {
      // an op the integer encoding does not express: the bit-precise proof below decides
    } catch (const z3::exception&) {
    }
    std::tie(a, b) = *exact;
  }
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
