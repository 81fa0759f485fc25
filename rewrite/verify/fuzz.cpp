// The translation-validation fuzzer: random integer expressions, simplified, proved equal to the original.
// Its own file because the generator's distribution (which ops, which constants, which bounds) is its substance.
#include "rewrite/verify/fuzz.hpp"

#include "ir/error.hpp"
#include "rewrite/symbolic.hpp"
#include "rewrite/verify/prove.hpp"

#include <fmt/format.h>

#include <chrono>

namespace lmc::verify {
namespace {

int64_t pick(std::mt19937_64& rng, std::initializer_list<int64_t> values) {
  return values.begin()[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
}

UOp small_const(std::mt19937_64& rng, DType d) {
  return UOp::constant(d, pick(rng, {0, 1, 1, 2, 2, 3, 4, 4, 5, 7, 8, 8, 16, -1, -2, -3, 12, 32}));
}

UOp divisor(std::mt19937_64& rng, DType d) {
  return UOp::constant(d, pick(rng, {1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 8, 8, 16, 32, -1, -2, -4}));
}

UOp leaf(std::mt19937_64& rng, std::span<const UOp> vars, DType d) {
  if (!vars.empty() && std::bernoulli_distribution(0.7)(rng))
    return vars[std::uniform_int_distribution<size_t>(0, vars.size() - 1)(rng)];
  return small_const(rng, d);
}

UOp condition(std::mt19937_64& rng, std::span<const UOp> vars, int depth) {
  const DType d = vars.empty() ? index_dtype : vars[0].dtype();
  UOp a = random_int_expr(rng, vars, depth),
      b = std::bernoulli_distribution(0.5)(rng) ? small_const(rng, d) : random_int_expr(rng, vars, depth);
  const Op cmp[] = {Op::CMPLT, Op::CMPLE, Op::CMPEQ, Op::CMPNE};
  UOp c = UOp::alu(cmp[std::uniform_int_distribution<int>(0, 3)(rng)], {a, b});
  const int k = std::uniform_int_distribution<int>(0, 9)(rng);
  if (k == 0) return UOp::alu(Op::AND, {c, condition(rng, vars, depth - 1)});
  if (k == 1) return UOp::alu(Op::OR, {c, condition(rng, vars, depth - 1)});
  if (k == 2) return UOp::alu(Op::CMPNE, {c, UOp::constant(bool_, true)}); // not
  return c;
}

} // namespace

UOp random_int_expr(std::mt19937_64& rng, std::span<const UOp> vars, int depth) {
  const DType d = vars.empty() ? index_dtype : vars[0].dtype();
  if (depth <= 0) return leaf(rng, vars, d);
  auto sub = [&] {
    // Shallower subtrees now and then, so trees are not all full.
    return random_int_expr(rng, vars, std::bernoulli_distribution(0.3)(rng) ? 0 : depth - 1);
  };
  switch (std::uniform_int_distribution<int>(0, 15)(rng)) {
  case 0:
  case 1:
    return sub() + sub();
  case 2:
    return sub() - sub();
  case 3:
    return sub() * small_const(rng, d);
  case 4:
    return sub() * sub();
  case 5:
  case 6:
    return sub().floordiv(divisor(rng, d));
  case 7:
  case 8:
    return sub().floormod(divisor(rng, d));
  case 9:
    return UOp::alu(Op::CDIV, {sub(), divisor(rng, d)});
  case 10:
    return UOp::alu(Op::CMOD, {sub(), divisor(rng, d)});
  case 11:
    return sub().maximum(sub());
  case 12:
    return sub().minimum(sub());
  case 13:
  case 14:
    return UOp::alu(Op::WHERE, {condition(rng, vars, depth - 1), sub(), sub()});
  default:
    return sub() + small_const(rng, d);
  }
}

FuzzReport run_fuzz(const FuzzOptions& options) {
  FuzzReport report;
  std::mt19937_64 rng(options.seed);
  const auto start = std::chrono::steady_clock::now();
  // Bounds typical of index math: non-negative loop ranges, small inner ranges, some signed values.
  const std::pair<int64_t, int64_t> ranges[] = {{0, 15},   {0, 3},     {0, 7}, {1, 100}, {-8, 7},
                                                {0, 1023}, {-100, -1}, {0, 1}, {0, 0},   {-1000, 1000}};
  const char* names[] = {"x", "y", "z", "w", "u", "v", "s", "t"};
  for (size_t i = 0; i < options.count; ++i) {
    std::vector<UOp> vars;
    for (int k = 0; k < std::min(options.num_vars, 8); ++k) {
      auto [lo, hi] = ranges[std::uniform_int_distribution<size_t>(0, std::size(ranges) - 1)(rng)];
      vars.push_back(UOp::var(names[k], lo, hi));
    }
    const int depth = std::uniform_int_distribution<int>(1, std::max(1, options.max_depth))(rng);
    UOp expr = random_int_expr(rng, vars, depth);
    ++report.expressions;
    report.nodes_before += expr.graph_size();
    UOp simple;
    try {
      simple = simplify(expr);
    } catch (const std::exception& e) {
      ++report.counterexamples;
      report.failures.push_back(fmt::format("#{} simplify threw on {}: {}", i, expr.expr(), e.what()));
      continue;
    }
    report.nodes_after += simple.graph_size();
    if (UOp again = simplify(simple); again != simple) {
      ++report.not_idempotent;
      report.failures.push_back(
          fmt::format("#{} not idempotent: {} -> {} -> {}", i, expr.expr(), simple.expr(), again.expr()));
    }
    const ProofResult r = prove_equal(expr, simple, options.timeout_ms);
    if (r.proved())
      ++report.proved;
    else if (r.status == ProofResult::Status::Refuted) {
      ++report.counterexamples;
      report.failures.push_back(fmt::format("#{} {} -> {}: {}", i, expr.expr(), simple.expr(), r.message));
    } else {
      ++report.unknown;
      if (r.message.starts_with("unconfirmed"))
        report.failures.push_back(fmt::format("#{} {} -> {}: {}", i, expr.expr(), simple.expr(), r.message));
    }
    if (options.progress && (i + 1) % 100 == 0) options.progress(i + 1, options.count);
  }
  if (options.progress) options.progress(options.count, options.count);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

} // namespace lmc::verify
