// Rule dispatch caches each table's candidate list per (op, source ops) per thread. These tests check that a
// table never reads another's lists (even one made at the same address after the first is gone), and that a fold
// that runs a nested rewrite on the same thread leaves the outer dispatch intact.
#include "rewrite/graph_rewrite.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace lmc::rw {
namespace {

const Pat x = Pat::ivar("x");
const Pat y = Pat::ivar("y");

TEST(DispatchCache, ATableMadeWhereAnotherWasUsesItsOwnRules) {
  const UOp a = UOp::var("dc_a", 0, 9), b = UOp::var("dc_b", 0, 9);
  const UOp sum = a + b;
  // Same op and source ops each time; the second table is made in the first one's storage, and the two filter
  // differently (the product rule needs a MUL source, which a + b lacks): first [swap], second [double].
  const Pat z = Pat::ivar("z");
  std::optional<RuleTable> table;
  table.emplace("first", std::vector<Rule>{rule("product", x * y + z, z), rule("swap", x + y, y * x)});
  EXPECT_EQ(graph_rewrite("first", sum, *table, {.walk = Walk::SingleWalk}), b * a);
  table.reset();
  table.emplace("second", std::vector<Rule>{rule("double", x + y, x * y + y), rule("product", x * y + z, z)});
  EXPECT_EQ(graph_rewrite("second", sum, *table, {.walk = Walk::SingleWalk}), a * b + b);
}

// A fold that rewrites a node like the one it is tried at (same op and source ops) with another table on the same
// thread, then declines: the rules after it in the outer table must still be tried.
const RuleTable& inner_table() {
  static const RuleTable t("inner", {rule("sub_zero", x - 0, x), rule("sub_swap", x - y, y - x)});
  return t;
}
std::optional<UOp> fold_after_nested_rewrite(const Match& m) {
  const UOp v = m.at(x.slot());
  EXPECT_EQ(graph_rewrite("nested", v - UOp::var("dn_w", 0, 9), inner_table(), {.walk = Walk::SingleWalk}),
            UOp::var("dn_w", 0, 9) - v);
  return std::nullopt;
}

TEST(DispatchCache, ANestedRewriteLeavesTheOuterDispatchIntact) {
  const UOp a = UOp::var("dn_a", 0, 9);
  const RuleTable outer(
      "outer", {rule_fn("nested", x - y, LMC_FOLD(fold_after_nested_rewrite)), rule("sub_self", x - x, Pat::cnst(0))});
  EXPECT_EQ(graph_rewrite("outer", a - a, outer), UOp::constant(index_dtype, int64_t{0}));
  EXPECT_EQ(graph_rewrite("outer", (a - a) * 3, outer), UOp::constant(index_dtype, int64_t{0}) * 3);
}

} // namespace
} // namespace lmc::rw
