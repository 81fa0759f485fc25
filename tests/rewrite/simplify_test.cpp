// Runs the case table (tests/rewrite/simplify_cases): simplify(input) is exactly the expected node, and
// simplifying the result again changes nothing.
#include "rewrite/symbolic.hpp"
#include "tests/rewrite/simplify_cases.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

TEST(Simplify, CaseTableReachesExpectedForms) {
  const auto cases = simplify_cases();
  EXPECT_GE(cases.size(), 60u);
  for (const SimplifyCase& c : cases) {
    const UOp got = simplify(c.input);
    EXPECT_EQ(got, c.expected) << c.name << ": " << c.input.expr() << "\n  got      " << got.expr() << "\n  expected "
                               << c.expected.expr();
  }
}

TEST(Simplify, IsIdempotent) {
  for (const SimplifyCase& c : simplify_cases()) {
    const UOp once = simplify(c.input);
    EXPECT_EQ(simplify(once), once) << c.name << ": " << once.expr() << " -> " << simplify(once).expr();
  }
}

TEST(Simplify, NeverTouchesFloatMath) {
  const UOp f = UOp::make(Op::DEFINE_VAR, float32, {}, VarArg{"f", 0, 0});
  const UOp zero = UOp::constant(float32, 0.0);
  const UOp e = f * zero;
  EXPECT_EQ(simplify(e), e); // NaN * 0 is NaN
}

TEST(Simplify, DeepChainsDoNotRecurse) {
  UOp chain = UOp::var("x", 0, 15);
  for (int i = 0; i < 200000; ++i)
    chain = chain + 1;
  EXPECT_EQ(simplify(chain), UOp::var("x", 0, 15) + 200000);
}

TEST(Simplify, LongSumsOfDistinctTermsStayLinear) {
  UOp sum = UOp::var("v0", 0, 3);
  for (int i = 1; i < 100000; ++i)
    sum = sum + UOp::var("v" + std::to_string(i), 0, 3);
  EXPECT_EQ(simplify(sum), sum);
}

TEST(Simplify, FamiliesAreNamedAndComposed) {
  size_t total = 0;
  for (const rw::RuleTable* t : symbolic_families()) {
    EXPECT_FALSE(t->name().empty());
    EXPECT_GT(t->size(), 0u) << t->name();
    total += t->size();
  }
  EXPECT_EQ(symbolic_rules().size(), total);
}

} // namespace
} // namespace lmc
