// Family "minmax": max/min decided by bounds, max(x, x + c) by the sign of c, constants of nested max/min merged,
// nested max/min sharing an operand absorbed, common terms and positive factors pulled out (x + min(y, z)),
// min/max of floor divisions by one divisor (and of one value by two divisors), operands shared between two inner
// min/max, and comparisons against a max/min that its operands decide.
// Its own file: the rules of the two lattice ops mirror each other and read best side by side.
#include "rewrite/rules/rules_internal.hpp"

namespace lmc::rules {
namespace {

// op(op(s, a), op(s, b)) -> op(op(s, a), b) (a repeated operand goes once), and with the dual lattice op inside,
// op(dual(s, a), dual(s, b)) -> dual(s, op(a, b)) (min and max distribute over each other). The shared operand may
// sit on either side of either inner node. One node fewer either way.
std::optional<UOp> fold_lattice_shared(const Match& m) {
  const UOp u = m.root, l = u.src(0), r = u.src(1);
  const Op dual = u.op() == Op::MIN ? Op::MAX : Op::MIN;
  if (l.op() != r.op() || (l.op() != u.op() && l.op() != dual)) return std::nullopt;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      if (l.src(i) != r.src(j)) continue;
      const UOp s = l.src(i), a = l.src(1 - i), b = r.src(1 - j);
      if (l.op() == u.op()) return UOp::make(u.op(), u.dtype(), {l, b});
      return UOp::make(dual, u.dtype(), {s, UOp::make(u.op(), u.dtype(), {a, b})});
    }
  return std::nullopt;
}

const Pat x = ivar("x"), y = ivar("y"), z = ivar("z"), c = cvar("c"), c1 = cvar("c1"), c2 = cvar("c2");
const Pat s = (x + c1).named("s"), s_out = Pat::var("s");
// Sums and products that must not wrap for the factored form to be equal (bounds name them).
const Pat xy = (x + y).named("p"), xz = (x + z).named("q"), dy = (x - y).named("p"), dz = (x - z).named("q");
const Pat yc = (y * c).named("p"), zc = (z * c).named("q");
const Pat p = Pat::var("p"), q = Pat::var("q");
const Cond both_fit = fits(p) && fits(q);
const Pat t = Pat::cnst(1), f = Pat::cnst(0);
const Pat xc = (x + c1).named("p"), yc1 = (y + c1).named("q"), yd = (y - x).named("p"), zd = (z - x).named("q");
const Pat xm = (x * c1).named("p");
const Pat mo = (min(x, y) + c1).named("p"), mo2 = (min(y, x) + c1).named("p");
const Pat xo = (max(x, y) + c1).named("p"), xo2 = (max(y, x) + c1).named("p");
const Pat ya = (y + c2).named("q"), xc2 = (x * c1 + c2).named("p"), ym = (y * c1).named("q");
const Pat xq = (x / c1 + c2).named("p"), rounded_up = (((x + c1).named("q") / c2) * c2).named("r"),
          rounded_down = ((x / c1) * c1).named("r"), r = Pat::var("r");
const Pat xy_sum = (x + y).named("p"), sum_yx = (y + x).named("p");
// y + c1 fits y's dtype; z - x and x + z fit x's (the nodes a result makes that the input did not have).
const Cond y_add_fits = lo(y) + val(c1) >= dmin(y) && hi(y) + val(c1) <= dmax(y);
const Cond x_add_c2_fits = lo(x) + val(c2) >= dmin(x) && hi(x) + val(c2) <= dmax(x);
const Cond zx_diff_fits = lo(z) - hi(x) >= dmin(x) && hi(z) - lo(x) <= dmax(x);
const Cond xz_sum_fits = lo(x) + lo(z) >= dmin(x) && hi(x) + hi(z) <= dmax(x);
const Cond x_add_prod_fits = lo(x) + val(c1) * val(c2) >= dmin(x) && hi(x) + val(c1) * val(c2) <= dmax(x);
const Pat c3 = cvar("c3"), clamp = max(min(x, c1), c2);
const Cond add_fits = lo(x) + val(c1) >= dmin(x) && hi(x) + val(c1) <= dmax(x);
const Cond divides = val(c1) > 0 && val(c2) % val(c1) == 0;
const Cond pos_divs = val(c1) > 0 && val(c2) > 0;
const Pat lattice = Pat::any_of({Op::MIN, Op::MAX}).ints(),
          lattice2 = Pat::any_of({Op::MIN, Op::MAX}).ints().named("l2");

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
    rule("min_add_const",  min(xc, yc1),          min(x, y) + c1, both_fit),
    rule("max_add_const",  max(xc, yc1),          max(x, y) + c1, both_fit),
    rule("min_sub_common_right", min(yd, zd),     min(y, z) - x,  both_fit),
    rule("max_sub_common_right", max(yd, zd),     max(y, z) - x,  both_fit),
    // A difference clamped and the subtrahend added back: min(x - y, c1) + y -> min(x, y + c1) (y + c1 must fit).
    rule("min_sub_add_back", min(yd, c1) + x,     min(y, x + c1), fits(p) && add_fits),
    rule("max_sub_add_back", max(yd, c1) + x,     max(y, x + c1), fits(p) && add_fits),
    // An offset min/max against one of its operands: min(min(x, y) + c, x) is min(y + c, x) for c >= 0, min(x, y) + c
    // for c <= 0 (and max mirrored); both operand orders of the inner node.
    rule("min_offset_min_pos",  min(mo, x),       min(y + c1, x),  val(c1) >= 0 && fits(p) && y_add_fits),
    rule("min_offset_min_pos2", min(mo2, x),      min(y + c1, x),  val(c1) >= 0 && fits(p) && y_add_fits),
    rule("min_offset_min_neg",  min(mo, x),       p,               val(c1) <= 0 && fits(p)),
    rule("min_offset_min_neg2", min(mo2, x),      p,               val(c1) <= 0 && fits(p)),
    rule("max_offset_max_neg",  max(xo, x),       max(y + c1, x),  val(c1) <= 0 && fits(p) && y_add_fits),
    rule("max_offset_max_neg2", max(xo2, x),      max(y + c1, x),  val(c1) <= 0 && fits(p) && y_add_fits),
    rule("max_offset_max_pos",  max(xo, x),       p,               val(c1) >= 0 && fits(p)),
    rule("max_offset_max_pos2", max(xo2, x),      p,               val(c1) >= 0 && fits(p)),
    // min(x + c, y) - min(x, y - c) is c: both mins pick the same side.
    rule("min_shifted_diff",    min(xc, y) - min(x, ya), c1,       val(c1) + val(c2) == 0 && fits(p) && fits(q))
        .with_examples({min(x + c1, y) - min(x, y + c2)}),
    rule("max_shifted_diff",    max(xc, y) - max(x, ya), c1,       val(c1) + val(c2) == 0 && fits(p) && fits(q))
        .with_examples({max(x + c1, y) - max(x, y + c2)}),
    // A term added into a min/max that cancels inside it: x + min(y - x, z) -> min(y, x + z).
    rule("add_into_min",        x + min(yd, z),    min(y, x + z),  fits(p) && xz_sum_fits),
    rule("add_into_max",        x + max(yd, z),    max(y, x + z),  fits(p) && xz_sum_fits),
    rule("const_into_min",      min(yc1, x) + c2,  min(y, x + c2), val(c1) + val(c2) == 0 && fits(q) && x_add_c2_fits),
    rule("const_into_max",      max(yc1, x) + c2,  max(y, x + c2), val(c1) + val(c2) == 0 && fits(q) && x_add_c2_fits),
    rule("sub_from_min",        min(xy_sum, z) - x, min(y, z - x), fits(p) && zx_diff_fits),
    rule("sub_from_min2",       min(sum_yx, z) - x, min(y, z - x), fits(p) && zx_diff_fits),
    rule("sub_from_max",        max(xy_sum, z) - x, max(y, z - x), fits(p) && zx_diff_fits),
    rule("sub_from_max2",       max(sum_yx, z) - x, max(y, z - x), fits(p) && zx_diff_fits),
    // A common positive factor with a multiple of it added: min(x*4 + 8, y*4) -> min(x + 2, y)*4; and under
    // division, min(x // 4 + 2, y // 4) -> min(x + 8, y) // 4.
    rule("min_mul_offset",      min(xc2, ym),      min(x + c2 / c1, y) * c1, divides && both_fit),
    rule("max_mul_offset",      max(xc2, ym),      max(x + c2 / c1, y) * c1, divides && both_fit),
    rule("min_div_offset",      min(xq, y / c1),   min(x + c1 * c2, y) / c1, val(c1) > 0 && fits(p) && x_add_prod_fits),
    rule("max_div_offset",      max(xq, y / c1),   max(x + c1 * c2, y) / c1, val(c1) > 0 && fits(p) && x_add_prod_fits),
    // A value against its multiple of c rounded down (at most it) or up (at least it).
    rule("min_rounded_down",    min(rounded_down, x), r,           val(c1) > 0 && fits(r)),
    rule("max_rounded_down",    max(rounded_down, x), x,           val(c1) > 0 && fits(r)),
    rule("min_rounded_up",      min(rounded_up, x), x,   val(c2) > 0 && val(c1) >= val(c2) - 1 && fits(q) && fits(r)),
    rule("max_rounded_up",      max(rounded_up, x), r,   val(c2) > 0 && val(c1) >= val(c2) - 1 && fits(q) && fits(r)),
    // A clamp compared with a constant: inside the range it is x's comparison, at an end a bound, outside false.
    rule("eq_clamp_inside",     eq(clamp, c3),    eq(x, c3),       val(c2) < val(c3) && val(c3) < val(c1)),
    rule("eq_clamp_top",        eq(clamp, c1),    c1 <= x,         val(c2) < val(c1)),
    rule("eq_clamp_outside",    eq(clamp, c3),    f,               val(c2) <= val(c1) && (val(c3) < val(c2) || val(c1) < val(c3))),
    // A max inside a min inside a max of one operand: max(min(max(x, y), z), y) -> max(min(x, z), y) (and the dual).
    rule("max_min_max_shared",  max(min(max(x, y), z), y), max(min(x, z), y)),
    rule("max_min_max_shared2", max(min(max(y, x), z), y), max(min(x, z), y)),
    rule("min_max_min_shared",  min(max(min(x, y), z), y), min(max(x, z), y)),
    rule("min_max_min_shared2", min(max(min(y, x), z), y), min(max(x, z), y)),
    // A multiple of a positive c1 against a constant multiple of c1: the factor leaves (max(x*4, 16) -> max(x, 4)*4).
    rule("min_mul_const",  min(xm, c2),           min(x, c2 / c1) * c1, divides && fits(p)),
    rule("max_mul_const",  max(xm, c2),           max(x, c2 / c1) * c1, divides && fits(p)),
    // Two operands each sharing one with the other: min(min(x, y), min(x, z)) -> min(min(x, y), z),
    // min(max(x, y), max(x, z)) -> max(x, min(y, z)).
    rule_fn("lattice_shared", Pat::op({Op::MIN, Op::MAX}, {lattice, lattice2}), LMC_FOLD(fold_lattice_shared))
        .with_examples({min(min(x, y), min(z, x)), max(max(y, x), max(x, z)), min(max(x, y), max(z, x)),
                        max(min(y, x), min(x, z))}),
    // One value divided by two positive constants: for x >= 0 the smaller divisor gives the larger quotient,
    // for x <= 0 the smaller one (max(x // 2, x // 4) -> x // 2 for x >= 0).
    rule("max_div_div_nonneg", max(x / c1, x / c2), x / min(c1, c2), pos_divs && lo(x) >= 0),
    rule("min_div_div_nonneg", min(x / c1, x / c2), x / max(c1, c2), pos_divs && lo(x) >= 0),
    rule("max_div_div_nonpos", max(x / c1, x / c2), x / max(c1, c2), pos_divs && hi(x) <= 0),
    rule("min_div_div_nonpos", min(x / c1, x / c2), x / min(c1, c2), pos_divs && hi(x) <= 0),
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
    // min and max of one pair compared with each other, and an operand equal to them.
    rule("min_le_max",     min(x, y) <= max(x, y), t),
    rule("max_lt_min",     max(x, y) < min(x, y), f),
    rule("min_lt_max",     min(x, y) < max(x, y), ne(x, y)),
    rule("max_le_min",     max(x, y) <= min(x, y), eq(x, y)),
    rule("eq_max_operand", eq(x, max(x, y)),      y <= x),
    rule("eq_max_operand2", eq(x, max(y, x)),     y <= x),
    rule("eq_min_operand", eq(x, min(x, y)),      x <= y),
    rule("eq_min_operand2", eq(x, min(y, x)),     x <= y),
    rule("ne_max_operand", ne(x, max(x, y)),      x < y),
    rule("ne_max_operand2", ne(x, max(y, x)),     x < y),
    rule("ne_min_operand", ne(x, min(x, y)),      y < x),
    rule("ne_min_operand2", ne(x, min(y, x)),     y < x),
    // A min is at most each operand: min(x, y) < y + c1 for c1 > 0 (and max(x, y) > y - c1).
    rule("min_lt_operand_plus", min(x, y) < yc1,  t,              val(c1) > 0 && fits(q)),
    rule("operand_plus_lt_max", yc1 < max(x, y),  t,              val(c1) < 0 && fits(q)),
    rule("min_lt_operand_plus2", min(y, x) < yc1, t,              val(c1) > 0 && fits(q)),
    rule("operand_plus_lt_max2", yc1 < max(y, x), t,              val(c1) < 0 && fits(q)),
    rule("eq_min_const",   eq(min(x, c1), c1),    c1 <= x),
    rule("eq_max_const",   eq(max(x, c1), c1),    x <= c1),
    rule("ne_min_const",   ne(min(x, c1), c1),    x < c1),
    rule("ne_max_const",   ne(max(x, c1), c1),    c1 < x),
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
