// Family "minmax": max/min decided by bounds, max(x, x + c) by the sign of c, constants of nested max/min merged,
// nested max/min sharing an operand absorbed, common terms and positive factors pulled out (x + min(y, z)),
// min/max of floor divisions by one divisor, and comparisons against a max/min that its operands decide.
// Its own file: the rules of the two lattice ops mirror each other and read best side by side.
#include "rewrite/rules/rules_internal.hpp"

namespace lmc::rules {
namespace {

const Pat x = ivar("x"), y = ivar("y"), z = ivar("z"), c = cvar("c"), c1 = cvar("c1"), c2 = cvar("c2");
const Pat s = (x + c1).named("s"), s_out = Pat::var("s");
// Sums and products that must not wrap for the factored form to be equal (bounds name them).
const Pat xy = (x + y).named("p"), xz = (x + z).named("q"), dy = (x - y).named("p"), dz = (x - z).named("q");
const Pat yc = (y * c).named("p"), zc = (z * c).named("q");
const Pat p = Pat::var("p"), q = Pat::var("q");
const Cond both_fit = fits(p) && fits(q);
const Pat t = Pat::cnst(1), f = Pat::cnst(0);

} // namespace

RuleTable minmax_rules() {
  // clang-format off
  return RuleTable("minmax", {
    rule("max_left",       max(x, y),             x,          lo(x) >= hi(y)),
    rule("max_right",      max(x, y),             y,          lo(y) >= hi(x)),
    rule("min_left",       min(x, y),             x,          hi(x) <= lo(y)),
    rule("min_right",      min(x, y),             y,          hi(y) <= lo(x)),
    rule("max_add_pos",    max(x, s),             s_out,      val(c1) >= 0 && fits(s)),
    rule("max_add_neg",    max(x, s),             x,          val(c1) <= 0 && fits(s)),
    rule("min_add_pos",    min(x, s),             x,          val(c1) >= 0 && fits(s)),
    rule("min_add_neg",    min(x, s),             s_out,      val(c1) <= 0 && fits(s)),
    rule("max_max_const",  max(max(x, c1), c2),   max(x, max(c1, c2))),
    rule("min_min_const",  min(min(x, c1), c2),   min(x, min(c1, c2))),
    // A repeated operand: idempotence and absorption.
    // (Each also with the shared operand second inside: the matcher does not backtrack into a matched source.)
    rule("max_max_shared", max(max(x, y), x),     max(x, y)),
    rule("max_max_shared2", max(max(y, x), x),    max(y, x)),
    rule("min_min_shared", min(min(x, y), x),     min(x, y)),
    rule("min_min_shared2", min(min(y, x), x),    min(y, x)),
    rule("max_min_absorb", max(min(x, y), x),     x),
    rule("max_min_absorb2", max(min(y, x), x),    x),
    rule("min_max_absorb", min(max(x, y), x),     x),
    rule("min_max_absorb2", min(max(y, x), x),    x),
    // {min, max} of two values is the pair itself: their sum and product are the pair's (exact modulo 2^bits).
    rule("min_plus_max",   min(x, y) + max(x, y), x + y),
    rule("min_times_max",  min(x, y) * max(x, y), x * y),
    // A common term or a positive factor leaves (the sums and products must not wrap).
    rule("min_add_common", min(xy, xz),           x + min(y, z),  both_fit),
    rule("max_add_common", max(xy, xz),           x + max(y, z),  both_fit),
    rule("min_sub_common", min(dy, dz),           x - max(y, z),  both_fit),
    rule("max_sub_common", max(dy, dz),           x - min(y, z),  both_fit),
    rule("min_mul_pos",    min(yc, zc),           min(y, z) * c,  val(c) > 0 && both_fit),
    rule("max_mul_pos",    max(yc, zc),           max(y, z) * c,  val(c) > 0 && both_fit),
    rule("min_mul_neg",    min(yc, zc),           max(y, z) * c,  val(c) < 0 && both_fit),
    rule("max_mul_neg",    max(yc, zc),           min(y, z) * c,  val(c) < 0 && both_fit),
    // Floor division by a positive constant is monotone.
    rule("min_div",        min(y / c, z / c),     min(y, z) / c,  val(c) > 0),
    rule("max_div",        max(y / c, z / c),     max(y, z) / c,  val(c) > 0),
    // Comparisons with an operand of the min/max: decided, or reduced to the other operand.
    rule("min_lt_operand", min(x, y) < x,         y < x),
    rule("min_lt_operand2", min(y, x) < x,        y < x),
    rule("operand_lt_max", x < max(x, y),         x < y),
    rule("operand_lt_max2", x < max(y, x),        x < y),
    rule("max_lt_operand", max(x, y) < x,         f),
    rule("max_lt_operand2", max(y, x) < x,        f),
    rule("operand_lt_min", x < min(x, y),         f),
    rule("operand_lt_min2", x < min(y, x),        f),
    rule("min_le_operand", min(x, y) <= x,        t),
    rule("min_le_operand2", min(y, x) <= x,       t),
    rule("operand_le_max", x <= max(x, y),        t),
    rule("operand_le_max2", x <= max(y, x),       t),
    rule("max_le_operand", max(x, y) <= x,        y <= x),
    rule("max_le_operand2", max(y, x) <= x,       y <= x),
    rule("operand_le_min", x <= min(x, y),        x <= y),
    rule("operand_le_min2", x <= min(y, x),       x <= y),
    // Against a constant: the constant operand decides, or the comparison moves to x.
    rule("min_const_lt",   min(x, c1) < c2,       t,              val(c1) < val(c2)),
    rule("min_const_lt_x", min(x, c1) < c2,       x < c2,         val(c1) >= val(c2)),
    rule("max_const_lt",   max(x, c1) < c2,       f,              val(c1) >= val(c2)),
    rule("max_const_lt_x", max(x, c1) < c2,       x < c2,         val(c1) < val(c2)),
    rule("lt_max_const",   c2 < max(x, c1),       t,              val(c2) < val(c1)),
    rule("lt_max_const_x", c2 < max(x, c1),       c2 < x,         val(c2) >= val(c1)),
    rule("lt_min_const",   c2 < min(x, c1),       f,              val(c2) >= val(c1)),
    rule("lt_min_const_x", c2 < min(x, c1),       c2 < x,         val(c2) < val(c1)),
  });
  // clang-format on
}

} // namespace lmc::rules
