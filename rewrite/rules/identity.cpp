// Family "identity": neutral and absorbing elements (x+0, x*1, x*0, x-x, x//1, x%1, max(x,x), and/or/xor, shifts).
// Its own file: these rules need no bounds and no arithmetic, only the algebra of each op.
#include "rewrite/rules/rules_internal.hpp"

namespace lmc::rules {
namespace {

const Pat x = ivar("x"), s = svar("x"), a = anyvar("a"), b = anyvar("b"), c = cvar("c");
const Pat zero = Pat::cnst(0), one = Pat::cnst(1), neg_one = Pat::cnst(-1);

// All bits set: -1 in a signed type (and uint64), the maximum of a narrower unsigned type or bool.
// A divisor that cannot be zero: a division by zero stays undefined, never folded to a value.
const Cond nonzero = lo(x) > 0 || hi(x) < 0;
// A shift amount inside [0, bits of the shifted value): a shift out of range is undefined and stays.
const Cond shift_in_range = Cond::fn(
    [](const rw::Match& m) {
      const UOp amount = m.root.src(1);
      return amount.dtype().is_integral() && !may_be_undefined(m.root);
    },
    "the shift amount lies in [0, bits)");
const Cond all_ones = val(c) == -1 || (dmin(c) == 0 && val(c) == dmax(c));
// (x & c) >> k: the mask clears only bits the shift drops (every bit of c at k and above is set), so it goes.
const Pat k = cvar("k");
const Cond mask_keeps_high_bits = Cond::fn(
    [](const rw::Match& m) {
      const UOp band = m.root.src(0), amount = m.root.src(1);
      const UOp mask = band.src(1).is_const() ? band.src(1) : band.src(0); // either way round
      auto c = mask.const_int(), k = amount.const_int();
      const int bits = mask.dtype().bits();
      if (!c || !k || *k < 0 || *k >= bits || !mask.dtype().is_signed()) return false;
      return (*c >> *k) == -1; // arithmetic shift: all ones exactly when bits k.. of c are all set
    },
    "the mask sets every bit at and above the shift amount");

} // namespace

RuleTable identity_rules() {
  // clang-format off
  return RuleTable("identity", {
    rule("add_zero",      x + zero,            x),
    rule("sub_zero",      x - zero,            x),
    rule("zero_sub",      zero - x,            -x),
    rule("sub_self",      x - x,               zero),
    rule("neg_neg",       -(-x),               x),
    rule("mul_one",       x * one,             x),
    rule("mul_zero",      x * zero,            zero),
    rule("mul_neg_one",   x * neg_one,         -x),
    rule("div_one",       x / one,             x),
    rule("mod_one",       x % one,             zero),
    rule("cdiv_one",      cdiv(x, one),        x),
    rule("cmod_one",      cmod(x, one),        zero),
    rule("div_neg_one",   s / neg_one,         -s),
    rule("mod_neg_one",   s % neg_one,         zero),
    rule("cdiv_neg_one",  cdiv(s, neg_one),    -s),
    rule("cmod_neg_one",  cmod(s, neg_one),    zero),
    rule("div_self",      x / x,               one,  nonzero),
    rule("mod_self",      x % x,               zero, nonzero),
    rule("cdiv_self",     cdiv(x, x),          one,  nonzero),
    rule("cmod_self",     cmod(x, x),          zero, nonzero),
    rule("zero_div",      zero / x,            zero, nonzero),
    rule("zero_mod",      zero % x,            zero, nonzero),
    rule("zero_cdiv",     cdiv(zero, x),       zero, nonzero),
    rule("zero_cmod",     cmod(zero, x),       zero, nonzero),
    rule("max_self",      max(a, a),           a),
    rule("min_self",      min(a, a),           a),
    rule("and_self",      a & a,               a),
    rule("or_self",       a | a,               a),
    rule("xor_self",      a ^ a,               zero),
    rule("xor_xor_self",  (a ^ b) ^ b,         a),
    rule("xor_xor_self2", (b ^ a) ^ b,         a),
    rule("and_zero",      a & zero,            zero),
    rule("or_zero",       a | zero,            a),
    rule("xor_zero",      a ^ zero,            a),
    rule("and_ones",      a & c,               a,    all_ones),
    rule("or_ones",       a | c,               c,    all_ones),
    rule("shl_zero",      shl(a, zero),        a),
    rule("shr_zero",      shr(a, zero),        a),
    rule("zero_shl",      shl(zero, a),        zero, shift_in_range),
    rule("zero_shr",      shr(zero, a),        zero, shift_in_range),
    rule("shr_low_mask",  shr(x & c, k),       shr(x, k), mask_keeps_high_bits),
  });
  // clang-format on
}

} // namespace lmc::rules
