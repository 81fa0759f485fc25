// prove_index_in_bounds: the cheap interval check, then one Z3 query with a timeout when intervals cannot decide.
// Kept apart from prove.cpp because the question (a range, under a gate) and its replay differ from equality.
#include "rewrite/verify/oob.hpp"

#include "ir/error.hpp"
#include "rewrite/bounds.hpp"
#include "rewrite/evaluate.hpp"
#include "rewrite/verify/z3_encode.hpp"

#include <fmt/format.h>

namespace lmc::verify {

ProofResult prove_index_in_bounds(UOp index, int64_t size, UOp gate, unsigned timeout_ms) {
  ProofResult result;
  if (!index.dtype().is_int() || index.dtype().is_vector())
    throw Error(fmt::format("prove_index_in_bounds: the index must be a scalar integer, not {}", index.dtype().name()));
  const Bounds b = bounds(index);
  if (b.lo >= 0 && b.hi < size) {
    result.status = ProofResult::Status::Proved;
    result.message = fmt::format("interval [{}, {}] inside [0, {})", b.lo, b.hi, size);
    return result;
  }
  if (!gate.is_null() && bounds(gate).hi == 0) {
    result.status = ProofResult::Status::Proved;
    result.message = "the gate is never true";
    return result;
  }
  try {
    z3::context ctx;
    Encoder enc(ctx, /*opaque_ok=*/true);
    // Compared as 65-bit signed numbers, so any index dtype and any size compare exactly.
    const unsigned w = static_cast<unsigned>(index.dtype().bits());
    z3::expr v = enc.value(index);
    z3::expr wide = index.dtype().is_signed() ? z3::sext(v, 65 - w) : z3::zext(v, 65 - w);
    z3::expr inside = wide >= ctx.bv_val(0, 65) && wide < z3::sext(ctx.bv_val(size, 64), 1);
    z3::expr query = enc.defined(index) && !inside;
    if (!gate.is_null()) query = enc.as_bool(enc.value(gate)) && enc.defined(gate) && query;
    query = enc.assumptions() && query;
    z3::solver solver(ctx, "QF_BV");
    z3::params params(ctx);
    params.set("timeout", timeout_ms);
    solver.set(params);
    solver.add(query);
    const z3::check_result r = solver.check();
    if (r == z3::unsat) {
      result.status = ProofResult::Status::Proved;
      result.message = fmt::format("Z3: {} in [0, {}){}", index.expr(), size, gate.is_null() ? "" : " under its gate");
      return result;
    }
    if (r == z3::unknown) {
      result.message = fmt::format("Z3 gave up ({}) on {} in [0, {})", solver.reason_unknown(), index.expr(), size);
      return result;
    }
    const z3::model model = solver.get_model();
    std::unordered_map<std::string, int64_t> vars;
    bool opaque = false;
    std::string at;
    for (const Encoder::Leaf& leaf : enc.leaves()) {
      const int64_t value = Encoder::model_int(model, leaf.value, leaf.node.dtype());
      result.counterexample[leaf.name] = value;
      vars[leaf.name] = value;
      opaque = opaque || leaf.name.starts_with("opaque");
      at += fmt::format("{}{}={}", at.empty() ? "" : ", ", leaf.name, value);
    }
    const int64_t zvalue = Encoder::model_int(model, v, index.dtype());
    if (opaque) {
      // Not replayable: part of the index is a value only its interval bounds describe.
      result.status = ProofResult::Status::Refuted;
      result.message = fmt::format("index {} can be {} (outside [0, {})) at {}", index.expr(), zvalue, size, at);
      return result;
    }
    const std::optional<int64_t> e = evaluate(ranges_as_vars(index), vars);
    const std::optional<int64_t> g = gate.is_null() ? std::optional<int64_t>(1) : evaluate(ranges_as_vars(gate), vars);
    if (g && *g && (!e || *e < 0 || *e >= size)) {
      result.status = ProofResult::Status::Refuted;
      result.message = fmt::format("index {} = {} outside [0, {}) at {}", index.expr(),
                                   e ? std::to_string(*e) : "undefined", size, at);
    } else {
      result.message = fmt::format("unconfirmed counterexample (Z3 encoding and lmc::evaluate disagree) at {}", at);
    }
  } catch (const Error& e) {
    result.message = fmt::format("cannot prove: {}", e.what()); // an op the encoder does not express
  } catch (const z3::exception& e) {
    result.message = fmt::format("Z3 error: {}", e.msg());
  }
  return result;
}

} // namespace lmc::verify
