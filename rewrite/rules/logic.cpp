// Family "logic": bool and/or/xor/not. `not a` is written a != true; bool xor becomes !=; negated comparisons
// flip; complementary and absorbed operands fold; two bounds on one value merge into one comparison.
// Its own file: bool algebra is 1-bit arithmetic with rules of its own (x + x is not x*2 here).
#include "rewrite/rules/rules_internal.hpp"

namespace lmc::rules {
namespace {

// not (a and b) -> not a or not b (and the dual) when both are comparisons, whose negations are comparisons of the
// same size: two nodes fewer (not (x < 3 and y < 4) -> 2 < x or 3 < y).
std::optional<UOp> fold_de_morgan(const Match& m) {
  const UOp u = m.root, inner = u.src(0).op() == Op::AND || u.src(0).op() == Op::OR ? u.src(0) : u.src(1);
  if (inner.op() != Op::AND && inner.op() != Op::OR) return std::nullopt;
  const UOp na = negated_comparison(inner.src(0)), nb = negated_comparison(inner.src(1));
  if (na.is_null() || nb.is_null()) return std::nullopt;
  return UOp::make(inner.op() == Op::AND ? Op::OR : Op::AND, bool_, {na, nb});
}

const Pat a = bvar("a"), b = bvar("b"), p = anyvar("p"), q = anyvar("q"), x = ivar("x");
const Pat c1 = cvar("c1"), c2 = cvar("c2"), y = ivar("y");
const Pat yc = (y + c1).named("s"), xc = (x + c1).named("s"), s = Pat::var("s");
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
    rule_fn("not_and_of_cmps", not_(Pat::op({Op::AND, Op::OR}, {a, b})), LMC_FOLD(fold_de_morgan))
        .with_examples({not_((x < c1) & (y < c2)), not_((x < y) | eq(y, c1))}),
    rule("and_not_self",     a & not_(a),                 f),
    rule("or_not_self",      a | not_(a),                 t),
    rule("and_absorb",       a & (a | b),                 a),
    rule("or_absorb",        a | (a & b),                 a),
    rule("lt_and_lt",        (x < c1) & (x < c2),         x < min(c1, c2)),
    rule("lt_or_lt",         (x < c1) | (x < c2),         x < max(c1, c2)),
    rule("gt_and_gt",        (c1 < x) & (c2 < x),         max(c1, c2) < x),
    rule("gt_or_gt",         (c1 < x) | (c2 < x),         min(c1, c2) < x),
    rule("lt_and_gt_empty",  (x < c1) & (c2 < x),         f,     val(c2) >= val(c1) - 1),
    rule("lt_and_gt_point",  (x < c1) & (c2 < x),         eq(x, c2 + 1), val(c2) == val(c1) - 2),
    rule("lt_or_gt_all",     (x < c1) | (c2 < x),         t,     val(c2) < val(c1)),
    // Two comparisons of the same pair: contradicting, covering, or one comparison.
    rule("lt_and_gt",        (p < q) & (q < p),           f),
    rule("lt_and_ge",        (p < q) & (q <= p),          f),
    rule("lt_and_eq",        (p < q) & eq(p, q),          f),
    rule("eq_and_ne",        eq(p, q) & ne(p, q),         f),
    rule("le_and_ge",        (p <= q) & (q <= p),         eq(p, q)),
    rule("lt_and_ne",        (p < q) & ne(p, q),          p < q),
    rule("le_and_ne",        (p <= q) & ne(p, q),         p < q),
    rule("le_and_eq",        (p <= q) & eq(p, q),         eq(p, q)),
    rule("lt_or_ge",         (p < q) | (q <= p),          t),
    rule("le_or_ge",         (p <= q) | (q <= p),         t),
    rule("eq_or_ne",         eq(p, q) | ne(p, q),         t),
    rule("lt_or_gt",         (p < q) | (q < p),           ne(p, q)),
    rule("lt_or_eq",         (p < q) | eq(p, q),          p <= q),
    rule("le_or_eq",         (p <= q) | eq(p, q),         p <= q),
    rule("lt_or_ne",         (p < q) | ne(p, q),          ne(p, q)),
    // One value against another and against it plus a constant: the tighter bound, or no value at all.
    rule("lt_and_lt_offset", (x < y) & (x < yc),          x < y,   val(c1) >= 0 && fits(s)),
    rule("lt_and_lt_offset_neg", (x < y) & (x < yc),      x < s,   val(c1) < 0 && fits(s)),
    rule("lt_or_lt_offset",  (x < y) | (x < yc),          x < s,   val(c1) >= 0 && fits(s)),
    rule("lt_or_lt_offset_neg", (x < y) | (x < yc),       x < y,   val(c1) < 0 && fits(s)),
    rule("lt_and_gt_offset", (x < y) & (y < xc),          f,       val(c1) <= 1 && fits(s)),
    rule("lt_and_ge_offset", (x < y) & (y <= xc),         f,       val(c1) <= 0 && fits(s)),
    // Equalities with constants against each other and against bounds.
    rule("eq_and_eq_const",  eq(x, c1) & eq(x, c2),       f,     val(c1) != val(c2)),
    rule("ne_or_ne_const",   ne(x, c1) | ne(x, c2),       t,     val(c1) != val(c2)),
    rule("eq_and_lt_const",  eq(x, c1) & (x < c2),        eq(x, c1), val(c1) < val(c2)),
    rule("eq_and_lt_never",  eq(x, c1) & (x < c2),        f,     val(c1) >= val(c2)),
    rule("eq_or_lt_const",   eq(x, c1) | (x < c2),        x < c2, val(c1) < val(c2)),
    rule("ne_and_lt_const",  ne(x, c1) & (x < c2),        x < c2, val(c1) >= val(c2)),
    rule("ne_or_lt_always",  ne(x, c1) | (x < c2),        t,     val(c1) < val(c2)),
    rule("ne_or_lt_const",   ne(x, c1) | (x < c2),        ne(x, c1), val(c1) >= val(c2)),
  });
  // clang-format on
}

} // namespace lmc::rules
