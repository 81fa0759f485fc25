// prove_by_enumeration through prove_equal: issue #18's tinygrad cases that divide by a product of variables (Z3 took
// over 5 s on them) proved by evaluating every assignment, a wrong simplification of them refuted, and its fallback.
#include "ir/parse.hpp"
#include "rewrite/symbolic.hpp"
#include "rewrite/verify/enumerate.hpp"
#include "rewrite/verify/prove.hpp"

#include <gtest/gtest.h>

namespace lmc::verify {
namespace {

// Python's floor division, the reference the counterexample is checked against.
int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

VarTable tinygrad_vars() {
  VarTable vars;
  vars.emplace("a", UOp::var("a", -10, 10));
  vars.emplace("b", UOp::var("b", -10, 10));
  vars.emplace("d1", UOp::var("d1", 1, 10));
  vars.emplace("d2", UOp::var("d2", -10, -1));
  return vars;
}

// tinygrad test_symbolic's ((3a*d1 + 9b*d1) + 3) // (3*d1*d2): timed out (> 5 s) in `lmc simplify` with Z3.
TEST(ProveByEnumeration, ProvesADivisionByAProductOfVariables) {
  const VarTable vars = tinygrad_vars();
  const UOp input = parse_expr("((3*a*d1) + (9*b*d1) + 3) // (3*d1*d2)", vars, int32);
  const UOp out = simplify(input);
  ASSERT_NE(input, out); // the simplifier changed it: there is something to prove
  const ProofResult p = prove_equal(input, out);
  EXPECT_TRUE(p.proved()) << out.expr() << ": " << p.message;
  EXPECT_EQ(p.assignments_evaluated, 21u * 21u * 10u * 10u) << p.message;
}

TEST(ProveByEnumeration, RefutesAWrongSimplificationWithAReplayedCounterexample) {
  const VarTable vars = tinygrad_vars();
  const UOp input = parse_expr("((3*a*d1) + (9*b*d1) + 3) // (3*d1*d2)", vars, int32);
  // Plausible but wrong: the + 3 is not always absorbed by the division.
  const UOp wrong = parse_expr("(a + 3*b) // (d1*d2)", vars, int32);
  const ProofResult p = prove_equal(input, wrong);
  ASSERT_EQ(p.status, ProofResult::Status::Refuted) << p.message;
  const int64_t a = p.counterexample.at("a"), b = p.counterexample.at("b"), d1 = p.counterexample.at("d1"),
                d2 = p.counterexample.at("d2");
  EXPECT_NE(floor_div(3 * a * d1 + 9 * b * d1 + 3, 3 * d1 * d2), floor_div(a + 3 * b, d1 * d2)) << p.message;
}

TEST(ProveByEnumeration, DivisionByZeroStaysUndefined) {
  const UOp x = UOp::var("x", 0, 15), d = UOp::var("d", -2, 3);
  const std::optional<ProofResult> p = prove_by_enumeration(x.floordiv(d) * 0, UOp::constant(int32, 0));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->status, ProofResult::Status::Refuted) << p->message;
  EXPECT_EQ(p->counterexample.at("d"), 0) << p->message;
  EXPECT_TRUE(prove_by_enumeration(x.floordiv(d) + 1, x.floordiv(d) + (d - d + 1)).value().proved());
}

TEST(ProveByEnumeration, LeavesLargeDomainsToZ3) {
  const UOp y = UOp::var("y", -100000, 100000), z = UOp::var("z", -100000, 100000);
  EXPECT_FALSE(prove_by_enumeration((y * 7 + z).floordiv(7), y + z.floordiv(7)).has_value());
  const ProofResult p = prove_equal((y * 7 + z).floordiv(7), y + z.floordiv(7));
  EXPECT_TRUE(p.proved()) << p.message;
  EXPECT_EQ(p.assignments_evaluated, 0u); // Z3's proof
  // Within a budget, the same question is enumerated: 201 x 201 points.
  const UOp s = UOp::var("s", -100, 100), t = UOp::var("t", -100, 100);
  const std::optional<ProofResult> small = prove_by_enumeration((s * 7 + t).floordiv(7), s + t.floordiv(7));
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(small->assignments_evaluated, 201u * 201u);
}

} // namespace
} // namespace lmc::verify
