// Family "logic": bool and/or/xor/not. `not a` is written a != true; bool xor becomes !=; negated comparisons
// flip; complementary and absorbed operands fold; two bounds on one value merge into one comparison.
// Its own file: bool algebra is 1-bit arithmetic with rules of its own (x + x is not x*2 here).
#include "rewrite/rules/rules_internal.hpp"

namespace lmc::rules {
namespace {

const Pat a = bvar("a"), b = bvar("b"), p = anyvar("p"), q = anyvar("q"), x = ivar("x");
const Pat c1 = cvar("c1"), c2 = cvar("c2");
const Pat t = Pat::cnst(1), f = Pat::cnst(0);
Pat not_(const Pat& v) {
  return ne(v, Pat::cnst(1));
}

} // namespace

RuleTable logic_rules() {
  // clang-format off
  return RuleTable("logic", {
    rule("xor_is_ne",        a ^ b,                       ne(a, b)),
    rule("eq_true",          eq(a, t),                    a),
    rule("ne_false",         ne(a, f),                    a),
    rule("eq_false",         eq(a, f),                    not_(a)),
    rule("not_not",          not_(not_(a)),               a),
    rule("not_lt",           not_(p < q),                 q <= p),
    rule("not_le",           not_(p <= q),                q < p),
    rule("not_eq",           not_(eq(p, q)),              ne(p, q)),
    rule("not_ne",           not_(ne(p, q)),              eq(p, q)),
    rule("and_not_self",     a & not_(a),                 f),
    rule("or_not_self",      a | not_(a),                 t),
    rule("and_absorb",       a & (a | b),                 a),
    rule("or_absorb",        a | (a & b),                 a),
    rule("lt_and_lt",        (x < c1) & (x < c2),         x < min(c1, c2)),
    rule("lt_or_lt",         (x < c1) | (x < c2),         x < max(c1, c2)),
    rule("gt_and_gt",        (c1 < x) & (c2 < x),         max(c1, c2) < x),
    rule("gt_or_gt",         (c1 < x) | (c2 < x),         min(c1, c2) < x),
    rule("lt_and_gt_empty",  (x < c1) & (c2 < x),         f,     val(c2) >= val(c1) - 1),
  });
  // clang-format on
}

} // namespace lmc::rules
