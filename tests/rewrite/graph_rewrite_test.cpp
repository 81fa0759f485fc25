// The pattern DSL, rule construction checks, dispatch, the three drivers, the step limit and tracing.
#include "rewrite/graph_rewrite.hpp"
#include "rewrite/trace.hpp"

#include "ir/error.hpp"

#include <gtest/gtest.h>

namespace lmc::rw {
namespace {

const Pat x = Pat::ivar("x");
const Pat y = Pat::ivar("y");
const Pat c1 = Pat::cvar("c1");
const Pat c2 = Pat::cvar("c2");

TEST(Pattern, MatchesCommutativeSourcesInEitherOrder) {
  UOp v = UOp::var("v", 0, 9);
  Rule r = rule("add_zero", x + 0, x);
  EXPECT_EQ(r.apply(v + 0), v);
  EXPECT_EQ(r.apply(UOp::alu(Op::ADD, {UOp::constant(int32, 0), v})), v);
  EXPECT_FALSE(r.apply(v + 1));
}

TEST(Pattern, RepeatedCaptureMeansSameNode) {
  UOp a = UOp::var("a", 0, 9), b = UOp::var("b", 0, 9);
  Rule r = rule("x_minus_x", x - x, Pat::cnst(0));
  EXPECT_EQ(r.apply(a - a), UOp::constant(int32, 0));
  EXPECT_FALSE(r.apply(a - b));
}

TEST(Pattern, ConditionsReadBoundsAndConstants) {
  UOp a = UOp::var("a", 0, 9), small = UOp::var("s", 0, 3);
  Rule r = rule("div_drop_small", (x * c1 + y) / c1, x, lo(y) >= 0 && hi(y) < val(c1));
  EXPECT_EQ(r.apply((a * 4 + small).floordiv(4)), a);
  EXPECT_FALSE(r.apply((a * 4 + a).floordiv(4)));
}

TEST(Pattern, ReplacementConstantsTakeTheirSiblingsDtype) {
  UOp a = UOp::var("a", 0, 9, int64);
  Rule r = rule("shift_const", (x + c1) + c2, x + (c1 + c2));
  UOp out = *r.apply(a + 1 + 2);
  EXPECT_EQ(out.dtype(), int64);
  EXPECT_EQ(out.src(1).op(), Op::ADD);
}

TEST(RuleConstruction, UnboundCaptureInReplacementIsAnError) {
  EXPECT_THROW(rule("bad", x + 0, y), Error);
}

TEST(RuleConstruction, ConstantOnTheLeftOfCommutativePatternIsAnError) {
  EXPECT_THROW(rule("bad", Pat::cnst(0) + x, x), Error);
}

TEST(RuleTable, DispatchesByOpAndComposes) {
  RuleTable a("a", {rule("add_zero", x + 0, x)});
  RuleTable b("b", {rule("mul_one", x * 1, x)});
  RuleTable both = a + b;
  UOp v = UOp::var("v", 0, 9);
  EXPECT_EQ(both.size(), 2u);
  EXPECT_EQ(graph_rewrite("t", (v * 1) + 0, both), v);
  EXPECT_EQ(both.only("mul_one").size(), 1u);
  EXPECT_THROW(both.only("nope"), Error);
}

TEST(GraphRewrite, FixedPointRewritesNewNodes) {
  // (x + c1) + c2 -> x + (c1 + c2) builds an ADD of constants that the fold rule must then see.
  RuleTable t("t", {rule("assoc", (x + c1) + c2, x + (c1 + c2)),
                    rule_fn("fold_add", c1 + c2, LMC_FOLD([](const Match& m) -> std::optional<UOp> {
                              return UOp::constant(m.root.dtype(),
                                                   *m.at(c1.slot()).const_int() + *m.at(c2.slot()).const_int());
                            }))});
  UOp v = UOp::var("v", 0, 9);
  EXPECT_EQ(graph_rewrite("t", ((v + 1) + 2) + 3, t), v + 6);
}

TEST(GraphRewrite, SingleWalkAppliesOneRulePerNode) {
  RuleTable t("t", {rule("add_zero", x + 0, x)});
  UOp v = UOp::var("v", 0, 9);
  // (v + 0) + 0: post-order sees the inner add first, so both go even in a single walk.
  EXPECT_EQ(graph_rewrite("t", (v + 0) + 0, t, {.walk = Walk::SingleWalk}), v);
}

TEST(GraphRewrite, TopDownGateStopsDescent) {
  RuleTable t("t", {rule("add_zero", x + 0, x)});
  UOp v = UOp::var("v", 0, 9);
  UOp inner = v + 0;
  UOp e = inner * 3;
  RewriteOptions stop{.walk = Walk::TopDown, .gate = [](UOp u) { return u.op() != Op::MUL; }};
  EXPECT_EQ(graph_rewrite("t", e, t, stop), e);
  EXPECT_EQ(graph_rewrite("t", e, t, {.walk = Walk::TopDown}), v * 3);
}

TEST(GraphRewrite, LoopingRulesRaiseAnErrorNamingTheRule) {
  RuleTable t("t", {rule("swap_forever", x + y, y + x)});
  UOp a = UOp::var("a", 0, 9), b = UOp::var("b", 0, 9);
  try {
    graph_rewrite("looping", a + b, t, {.max_steps = 1000});
    FAIL() << "expected a loop error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("swap_forever"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("looping"), std::string::npos);
  }
}

TEST(GraphRewrite, DeepGraphsRewriteWithoutRecursion) {
  RuleTable t("t", {rule("add_zero", x + 0, x)});
  UOp v = UOp::var("v", 0, 9);
  UOp e = v;
  for (int i = 0; i < 100000; ++i)
    e = (e + 0) * 1;
  UOp out = graph_rewrite("deep", e, t);
  EXPECT_EQ(out.graph_size(), 100000u + 2u); // the multiplications and two leaves remain
}

TEST(Trace, RecordsContextsAndAppliedRules) {
  RuleTable t("t", {rule("add_zero", x + 0, x)});
  UOp v = UOp::var("v", 0, 9);
  Tracer tracer;
  {
    ScopedTracer on(tracer);
    graph_rewrite("traced", (v + 0) * 2, t);
  }
  graph_rewrite("untraced", (v + 0) * 3, t);
  auto contexts = tracer.contexts();
  ASSERT_EQ(contexts.size(), 1u);
  EXPECT_EQ(contexts[0].name, "traced");
  ASSERT_EQ(contexts[0].steps.size(), 1u);
  EXPECT_EQ(contexts[0].steps[0].rule, "add_zero");
  EXPECT_EQ(contexts[0].steps[0].after, v.id());
  EXPECT_NE(contexts[0].steps[0].file.find("graph_rewrite_test"), std::string::npos);
}

} // namespace
} // namespace lmc::rw
