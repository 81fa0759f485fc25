// Translation validation in the unit run: 2,000 random expressions (fixed seed) simplified and proved equal.
// The 10,000-expression run lives in tests/verify/long/ under the `fuzz` label.
#include "rewrite/verify/fuzz.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace lmc::verify {
namespace {

TEST(Fuzz, RandomExpressionsUseEveryOpAndStayInt32) {
  std::mt19937_64 rng(3);
  const UOp vars[] = {UOp::var("x", 0, 15), UOp::var("y", 0, 3)};
  bool seen[kNumOps] = {};
  for (int i = 0; i < 300; ++i) {
    UOp e = random_int_expr(rng, vars, 4);
    EXPECT_EQ(e.dtype(), int32);
    for (UOp u : e.toposort())
      seen[static_cast<int>(u.op())] = true;
  }
  for (Op op : {Op::ADD, Op::SUB, Op::MUL, Op::FLOORDIV, Op::FLOORMOD, Op::CDIV, Op::CMOD, Op::MAX, Op::MIN, Op::WHERE,
                Op::CMPLT, Op::CMPEQ})
    EXPECT_TRUE(seen[static_cast<int>(op)]) << op_name(op);
}

TEST(Fuzz, TwoThousandExpressionsHaveNoCounterexample) {
  FuzzOptions options;
  options.seed = 20240601;
  options.count = 2000;
  options.timeout_ms = 3000;
  const FuzzReport r = run_fuzz(options);
  std::printf("fuzz seed %llu: %zu expressions, %zu proved, %zu unknown, %zu counterexamples, %zu not idempotent, "
              "nodes %zu -> %zu, "
              "%.1f s\n",
              static_cast<unsigned long long>(options.seed), r.expressions, r.proved, r.unknown, r.counterexamples,
              r.not_idempotent, r.nodes_before, r.nodes_after, r.seconds);
  EXPECT_EQ(r.expressions, 2000u);
  EXPECT_EQ(r.counterexamples, 0u);
  EXPECT_EQ(r.not_idempotent, 0u);
  for (const std::string& f : r.failures)
    ADD_FAILURE() << f;
  EXPECT_LE(r.unknown, r.expressions / 100); // Z3 timeouts stay rare
}

} // namespace
} // namespace lmc::verify
