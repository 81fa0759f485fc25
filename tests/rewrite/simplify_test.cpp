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

// A select evaluates both branches, so a load in the branch not taken still runs: the condition is not known inside
// its address or gate. where(i < n, load(x[where(i < n, i, 0)]), 0) must keep reading x[0] for i >= n; folding the
// inner select to i read past x (the LM suite's LMC_CHECK_OOB run found a gather clamped past its buffer this way).
TEST(Simplify, ConditionIsNotKnownInsideALoadsAddress) {
  const UOp i = UOp::var("i", 0, 99), n = UOp::var("n", 1, 50);
  const UOp buffer = UOp::make(Op::PARAM, int32.ptr(), {}, ParamArg{0, 50}); // an int gather: the simplifier's domain
  const UOp in_range = i.lt(n);
  const UOp safe = UOp::make(Op::WHERE, i.dtype(), {in_range, i, UOp::constant(i.dtype(), int64_t{0})});
  const UOp load = UOp::make(Op::LOAD, int32, {UOp::make(Op::INDEX, int32.ptr(), {buffer, safe})});
  const UOp gated = UOp::make(Op::LOAD, int32, {UOp::make(Op::INDEX, int32.ptr(), {buffer, i, in_range})});
  for (const UOp& l : {load, gated}) {
    const UOp e = UOp::make(Op::WHERE, int32, {in_range, l * 3, UOp::constant(int32, int64_t{-1})});
    const UOp got = simplify(e);
    ASSERT_EQ(got.op(), Op::WHERE);
    EXPECT_EQ(got.src(1), l * 3) << got.expr();
  }
  // Outside a memory access the branch still knows its condition.
  const UOp plain = UOp::make(Op::WHERE, i.dtype(), {in_range, safe, UOp::constant(i.dtype(), int64_t{7})});
  EXPECT_EQ(simplify(plain).src(1), i) << simplify(plain).expr();
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
