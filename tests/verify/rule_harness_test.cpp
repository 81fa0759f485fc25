// The per-rule harness on small tables of its own: correct rules are proved, a deliberately wrong rule is refuted
// with a counterexample, a rule that can never fire is reported as uninstantiable.
#include "rewrite/verify/rule_harness.hpp"

#include <gtest/gtest.h>

namespace lmc::verify {
namespace {

using namespace rw;
const Pat x = Pat::ivar("x");
const Pat y = Pat::ivar("y");
const Pat c1 = Pat::cvar("c1");
const Pat c2 = Pat::cvar("c2");

HarnessOptions fast() {
  HarnessOptions o;
  o.max_fired = 15;
  o.max_tries = 1500;
  return o;
}

TEST(RuleHarness, ProvesCorrectRules) {
  // x*c1 + y must not wrap: the sum's exact interval stays inside the dtype.
  // (With c1 > 0 the extremes are lo(x)*c1 + lo(y) and hi(x)*c1 + hi(y).)
  const Cond no_wrap = lo(x) * val(c1) + lo(y) >= dmin(x) && hi(x) * val(c1) + hi(y) <= dmax(x);
  const Cond small_y = val(c1) > 0 && lo(y) >= 0 && hi(y) < val(c1);
  RuleTable good("good", {
                             rule("add_zero", x + 0, x),
                             rule("sub_self", x - x, Pat::cnst(0)),
                             rule("div_drop_small", (x * c1 + y).named("sum") / c1, x, small_y && no_wrap),
                             rule("mod_drop_small", (x * c1 + y).named("sum") % c1, y, small_y && no_wrap),
                             rule("nested_div", (x / c1) / c2, x / Pat::op(Op::MUL, {c1, c2}),
                                  val(c1) > 0 && val(c2) > 0 && val(c1) * val(c2) <= dmax(c1)),
                             rule("max_by_bounds", max(x, y), x, lo(x) >= hi(y)),
                             rule("where_same", where(Pat::var("c"), x, x), x),
                             rule("lt_fold", x < y, Pat::cnst(1), hi(x) < lo(y)),
                         });
  for (const RuleReport& r : prove_table(good, fast())) {
    EXPECT_TRUE(r.ok()) << r.summary();
    EXPECT_GT(r.fired, 0u) << r.summary();
  }
}

TEST(RuleHarness, RefutesAWrongRuleWithACounterexample) {
  // The same rule without its overflow guard: wrong once x*c1 + y wraps.
  RuleTable unguarded("unguarded", {rule("div_drop_unguarded", (x * c1 + y) / c1, x, lo(y) >= 0 && hi(y) < val(c1))});
  EXPECT_FALSE(prove_rule(unguarded.at(0), unguarded.name(), fast()).ok());
  // Wrong: floor division does not distribute when the remainders carry (x=1, y=1, c1=2).
  RuleTable bad("bad", {rule("div_distributes", (x + y) / c1, x / c1 + y / c1, val(c1) > 0)});
  RuleReport r = prove_rule(bad.at(0), bad.name(), fast());
  EXPECT_FALSE(r.ok());
  ASSERT_FALSE(r.failures.empty()) << r.summary();
  EXPECT_NE(r.failures[0].find("REFUTED rule div_distributes"), std::string::npos) << r.failures[0];
  EXPECT_NE(r.failures[0].find("counterexample at"), std::string::npos) << r.failures[0];
  EXPECT_NE(r.failures[0].find("rule_harness_test.cpp"), std::string::npos) << r.failures[0];
}

TEST(RuleHarness, RefutesARuleThatIgnoresWrapAround) {
  // x + 1 > x is false at the dtype's maximum; the harness draws ranges that reach it.
  RuleTable bad("bad", {rule("succ_greater", x < x + 1, Pat::cnst(1))});
  RuleReport r = prove_rule(bad.at(0), bad.name(), fast());
  EXPECT_FALSE(r.ok()) << r.summary();
  EXPECT_FALSE(r.failures.empty()) << r.summary();
}

TEST(RuleHarness, RefutesARuleThatHidesADivisionByZero) {
  // (x % c1) % c2 -> x % c2 needs c1 != 0: (x % 0) % c2 is undefined, x % c2 is not (issue #15).
  RuleTable bad("bad", {rule("mod_mod_any", (x % c1) % c2, x % c2, val(c2) > 0 && val(c1) % val(c2) == 0)});
  RuleReport r = prove_rule(bad.at(0), bad.name(), fast());
  EXPECT_FALSE(r.ok()) << r.summary();
  // x // x -> 1 is wrong at x = 0 unless the bounds exclude it.
  RuleTable self("self", {rule("div_self_any", x / x, Pat::cnst(1))});
  EXPECT_FALSE(prove_rule(self.at(0), self.name(), fast()).ok());
}

TEST(RuleHarness, ARuleThatNeverFiresIsAFailure) {
  RuleTable never("never", {rule("impossible", x + c1, x, lo(x) > hi(x))});
  RuleReport r = prove_rule(never.at(0), never.name(), fast());
  EXPECT_EQ(r.fired, 0u);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.summary().find("cannot instantiate"), std::string::npos) << r.summary();
}

} // namespace
} // namespace lmc::verify
