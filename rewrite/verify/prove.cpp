// prove_equal: one Z3 query per pair of graphs, and the concrete replay that confirms a counterexample.
// Its own file because every client (rule harness, fuzzer, tools) asks the same question through it.
#include "rewrite/verify/prove.hpp"

#include "ir/error.hpp"
#include "rewrite/evaluate.hpp"
#include "rewrite/verify/z3_encode.hpp"

#include <fmt/format.h>

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
  try {
    z3::context ctx;
    Encoder enc(ctx);
    z3::expr va = enc.value(a), vb = enc.value(b);
    z3::expr query = enc.assumptions() && enc.defined(a) && !(enc.defined(b) && va == vb);
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
    // Replay: the original must be defined there and the rewrite undefined or different.
    const std::optional<int64_t> ea = evaluate(ranges_as_vars(a), vars), eb = evaluate(ranges_as_vars(b), vars);
    const std::string account = fmt::format("at {}: {} = {} but {} = {}", assignment_str(result.counterexample),
                                            a.expr(), show(ea), b.expr(), show(eb));
    if (ea && ea != eb) {
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
