// The case table itself: the cases first, then cases per family, including ones where a rule must not
// fire (overflow, negative values) and so the expected form is the input or a safe form.
#include "tests/rewrite/simplify_cases.hpp"

namespace lmc {
namespace {

UOp i32(int64_t v) {
  return UOp::constant(int32, v);
}
UOp b(bool v) {
  return UOp::constant(bool_, v);
}
UOp op(Op o, UOp a, UOp c) {
  return UOp::alu(o, {a, c});
}
UOp p_int(UOp a) { // a 0/1 integer from a bool variable
  return UOp::alu(Op::WHERE, {a, i32(1), i32(0)});
}
UOp not_(UOp a) {
  return op(Op::CMPNE, a, b(true));
}

} // namespace

std::vector<SimplifyCase> simplify_cases() {
  const UOp x = UOp::var("x", 0, 15), y = UOp::var("y", 0, 3), z = UOp::var("z", 0, 7);
  const UOp n = UOp::var("n", -8, 7);             // a negative range
  const UOp w = UOp::var("w", -100, -1);          // only negative values
  const UOp big = UOp::var("big", 0, 2147483647); // wraps at the top
  const UOp full = UOp::var("full", -2147483648LL, 2147483647), v300 = UOp::var("v", 0, 300);
  const UOp x8 = UOp::var("x8", 0, 15, int8), n8 = UOp::var("n8", -128, 127, int8);
  const UOp x64 = UOp::var("x64", 0, 1000000, int64), y64 = UOp::var("y64", 0, 3, int64);
  const UOp u8 = UOp::var("u8", 0, 255, uint8);
  const UOp p = UOp::var("p", 0, 1, bool_), q = UOp::var("q", 0, 1, bool_);
  const UOp r = UOp::range(i32(16), 0), r1 = UOp::range(i32(4), 1);
  const UOp d = UOp::var("d", 1, 10), e = UOp::var("e", 4, 9); // symbolic divisors that are never zero
  return {
      // ---- the cases
      {"issue_div_sum", (x * 4 + y).floordiv(4), x},
      {"issue_mod_sum", (x * 4 + y).floormod(4), y},
      {"issue_div_div", x.floordiv(2).floordiv(3), x.floordiv(6)},
      {"issue_div_pinned", ((x + 3).floormod(4) + 1).floordiv(5), i32(0)},
      {"issue_like_terms", x * 2 + x * 3, x * 5},
      {"issue_lt_offsets", (x + 1).lt(x + 3), b(true)},
      {"issue_max_succ", x.maximum(x + 1), x + 1},
      // ---- fold
      {"fold_add", i32(3) + i32(4), i32(7)},
      {"fold_floor_div_negative", i32(-7).floordiv(2), i32(-4)},
      {"fold_floor_mod_negative", i32(-7).floormod(2), i32(1)},
      {"fold_cdiv_negative", op(Op::CDIV, i32(-7), i32(2)), i32(-3)},
      {"fold_cmod_negative", op(Op::CMOD, i32(-7), i32(2)), i32(-1)},
      {"fold_int8_wraps", UOp::constant(int8, 127) + UOp::constant(int8, 1), UOp::constant(int8, -128)},
      {"fold_int_min_div_neg_one", i32(-2147483648LL).floordiv(-1), i32(-2147483648LL)},
      {"fold_div_by_zero_stays", x.floordiv(i32(0)) * 0 + x.floordiv(i32(0)), x.floordiv(i32(0))},
      {"fold_shift", op(Op::SHL, i32(3), i32(4)), i32(48)},
      {"fold_lt", i32(3).lt(4), b(true)},
      {"fold_pinned_mod", (x + 16).floormod(32).lt(32), b(true)},
      // ---- identity
      {"add_zero", x + 0, x},
      {"mul_one", x * 1, x},
      {"mul_zero", x * 0, i32(0)},
      {"sub_self", n - n, i32(0)},
      {"div_one", n.floordiv(1), n},
      {"mod_one", n.floormod(1), i32(0)},
      {"max_self", n.maximum(n), n},
      {"and_zero", op(Op::AND, n, i32(0)), i32(0)},
      {"or_ones", op(Op::OR, n, i32(-1)), i32(-1)},
      {"xor_self", op(Op::XOR, n, n), i32(0)},
      {"div_neg_one", n.floordiv(-1), UOp::alu(Op::NEG, {n})},
      {"neg_neg", UOp::alu(Op::NEG, {UOp::alu(Op::NEG, {n})}), n},
      // ---- combine
      {"add_self", x + x, x * 2},
      {"like_terms_cancel", x * 3 - x * 3 + y, y},
      {"consts_gathered", (x + 1) + 2, x + 3},
      {"consts_to_right", i32(5) + x, x + 5},
      {"sum_order", (y + 3) + x, x + y + 3},
      {"equal_sums_print_alike", (y + x) * 1, x + y},
      // Inner sums wait for the outer one (a sum is normalized where it leaves the sum): still ordered and merged.
      {"inner_sum_ordered_at_exit", (y + x) + z, x + y + z},
      {"inner_sum_like_terms_at_exit", ((y + x) + x) + z, x * 2 + y + z},
      {"mul_const_right", i32(4) * x, x * 4},
      {"mul_mul", (x * 2) * 3, x * 6},
      {"distribute_const", (x + 1) * 4, x * 4 + 4},
      {"sub_const_as_add", x - 3, x + -3},
      {"const_minus_var", i32(5) - x, i32(5) - x},
      {"ranges_in_order", r1 + r * 4, r * 4 + r1},
      {"int64_like_terms", x64 * 7 - x64 * 2, x64 * 5},
      {"int8_wrap_is_exact", n8 + 100 + 100, n8 + -56},
      // ---- divmod
      {"div_mod_recombine_range", (r * 4 + r1).floordiv(4), r},
      {"mod_range", (r * 4 + r1).floormod(4), r1},
      {"div_sum_const", (x * 4 + 5).floordiv(4), x + 1},
      {"mod_sum_const", (x * 4 + 5).floormod(4), i32(1)},
      {"div_split_unbounded", (x * 4 + n).floordiv(4), x + n.floordiv(4)},
      {"mod_drop_multiple", (x * 4 + n).floormod(4), n.floormod(4)},
      {"mod_congruence", (x * 5 + y).floormod(4), (x + y).floormod(4)},
      {"div_gcd", (x * 4 + z * 6).floordiv(8), (x * 2 + z * 3).floordiv(4)},
      {"mod_mod", x.floormod(8).floormod(4), x.floormod(4)},
      {"mod_in_range", y.floormod(4), y},
      {"div_negative_block", (w + 200).floordiv(100), i32(1)},
      {"div_spans_blocks_stays", (n + 4).floordiv(8), (n + 4).floordiv(8)},
      {"div_negative_pinned", w.floordiv(128), i32(-1)},
      {"mod_negative_no_drop", (n * 4 + y).floordiv(4), n},
      {"int64_div_sum", (x64 * 8 + y64).floordiv(8), x64},
      {"cdiv_nonneg", op(Op::CDIV, x, i32(4)), x.floordiv(4)},
      {"cdiv_negative_stays", op(Op::CDIV, n, i32(4)), op(Op::CDIV, n, i32(4))},
      {"div_no_fold_when_wraps", (big * 4 + y).floordiv(4), (big * 4 + y).floordiv(4)},
      {"mod_no_fold_when_wraps", (big * 4 + y).floormod(4), (big * 4 + y).floormod(4)},
      {"div_div_overflow_stays", full.floordiv(65536).floordiv(65536), full.floordiv(65536).floordiv(65536)},
      {"int8_div_wraps_stays", (x8 * 16 + 3).floordiv(16), (x8 * 16 + 3).floordiv(16)},
      // ---- compare
      {"lt_move_const", (x + 3).lt(10), x.lt(7)},
      {"lt_pinned_false", x.lt(0), b(false)},
      {"le_to_lt", op(Op::CMPLE, x, i32(9)), x.lt(10)},
      {"gt_as_lt", i32(3).lt(x), i32(3).lt(x)},
      {"lt_cancel_terms", (x + y).lt(x + 2), y.lt(2)},
      {"lt_mul_const", (x * 4).lt(10), x.lt(3)},
      {"gt_mul_const", i32(10).lt(x * 4), i32(2).lt(x)},
      {"eq_mul_const_never", op(Op::CMPEQ, x * 4, i32(10)), b(false)},
      {"eq_move_const", op(Op::CMPEQ, n + 3, i32(5)), op(Op::CMPEQ, n, i32(2))},
      {"lt_self", n.lt(n), b(false)},
      {"lt_wrap_stays", big.lt(big + 1), big.lt(big + 1)},
      {"lt_negative_move", (w + 50).lt(0), w.lt(-50)},
      // ---- where
      {"where_true", UOp::alu(Op::WHERE, {b(true), x, y}), x},
      {"where_same", UOp::alu(Op::WHERE, {p, x, x}), x},
      {"where_not_cond", UOp::alu(Op::WHERE, {not_(p), x, y}), UOp::alu(Op::WHERE, {p, y, x})},
      {"where_under_cond", UOp::alu(Op::WHERE, {x.lt(8), UOp::alu(Op::WHERE, {x.lt(8), y, z}), z}),
       UOp::alu(Op::WHERE, {x.lt(8), y, z})},
      {"where_bool_id", UOp::alu(Op::WHERE, {p, b(true), b(false)}), p},
      // ---- minmax
      {"max_by_bounds", x.maximum(i32(20)), i32(20)},
      {"min_by_bounds", n.minimum(i32(7)), n},
      {"min_pred", x.minimum(x + -1), x + -1},
      {"max_consts_merge", x.maximum(i32(3)).maximum(i32(5)), x.maximum(i32(5))},
      {"max_wrap_stays", big.maximum(big + 1), big.maximum(big + 1)},
      {"max_negative", w.maximum(i32(0)), i32(0)},
      // ---- cast
      {"cast_same_dtype", UOp::make(Op::CAST, int32, {x}), x},
      {"cast_round_trip", x8.cast(int32).cast(int8), x8},
      {"cast_round_trip_lossy_stays", v300.cast(int8).cast(int32), v300.cast(int8).cast(int32)},
      {"cast_round_trip_fits", x.cast(int8).cast(int32), x},
      {"cast_cmp_narrow", x8.cast(int64).lt(UOp::constant(int64, 10)), x8.lt(UOp::constant(int8, 10))},
      {"cast_to_bool_nonzero", (x + 1).cast(bool_), b(true)},
      {"cast_uint8_fold", UOp::constant(int32, 300).cast(uint8), UOp::constant(uint8, 44)},
      {"uint8_max_by_bounds", u8.maximum(UOp::constant(uint8, 0)), u8},
      // ---- logic
      {"not_not", not_(not_(p)), p},
      {"not_lt", not_(x.lt(y)), op(Op::CMPLE, y, x)},
      {"and_not_self", op(Op::AND, p, not_(p)), b(false)},
      {"or_absorb", op(Op::OR, p, op(Op::AND, p, q)), p},
      {"bool_xor_is_ne", op(Op::XOR, p, q), op(Op::CMPNE, p, q)},
      {"lt_and_lt", op(Op::AND, x.lt(5), x.lt(9)), x.lt(5)},
      {"range_empty", op(Op::AND, n.lt(2), i32(1).lt(n)), b(false)},
      // ---- issue #18: families learned from tinygrad's symbolic tests and the list
      // min/max of min/max and with a shared operand
      {"min_min_shared", x.minimum(n).minimum(x), n.minimum(x)},
      {"max_min_absorb", x.minimum(n).maximum(x), x},
      {"min_plus_max", x.minimum(n) + x.maximum(n), n + x},
      {"min_common_term", (x + n).minimum(n + z), n + x.minimum(z)},
      {"max_common_factor", (x * 4).maximum(z * 4), x.maximum(z) * 4},
      {"min_of_divs", x.floordiv(4).minimum(z.floordiv(4)), x.minimum(z).floordiv(4)},
      {"min_lt_operand", x.minimum(n).lt(x), n.lt(x)},
      {"min_const_lt", n.minimum(i32(3)).lt(5), b(true)},
      {"max_const_lt", n.maximum(i32(3)).lt(5), n.lt(5)},
      // common terms and factors across comparisons
      {"eq_common_term", op(Op::CMPEQ, x + n, n + z), op(Op::CMPEQ, x, z)},
      {"lt_common_factor", (x * 4).lt(z * 4), x.lt(z)},
      {"lt_negative_factor", (n * -3).lt(z * -3), z.lt(n)},
      {"lt_factor_sum", (x * 4 + z * 8).lt(12), (x + z * 2).lt(3)},
      {"eq_factor_never", op(Op::CMPEQ, x * 4 + z * 8, i32(6)), b(false)},
      {"lt_small_remainder", (x * 4 + y).lt(16), x.lt(4)},
      {"gt_small_remainder", i32(11).lt(x * 4 + y), i32(2).lt(x)},
      {"lt_remainder_too_big", (x * 4 + z).lt(16), (x * 4 + z).lt(16)},
      {"div_lt_const", x.floordiv(4).lt(3), x.lt(12)},
      {"const_lt_div", i32(2).lt(x.floordiv(4)), i32(11).lt(x)},
      // and/or of contradicting or covering comparisons
      {"lt_and_gt", op(Op::AND, x.lt(n), n.lt(x)), b(false)},
      {"lt_or_ge", op(Op::OR, x.lt(n), op(Op::CMPLE, n, x)), b(true)},
      {"le_and_ge", op(Op::AND, op(Op::CMPLE, x, n), op(Op::CMPLE, n, x)), op(Op::CMPEQ, n, x)},
      {"lt_or_gt_is_ne", op(Op::OR, x.lt(n), n.lt(x)), op(Op::CMPNE, n, x)},
      {"lt_or_gt_covers", op(Op::OR, x.lt(5), i32(3).lt(x)), b(true)},
      {"eq_and_eq_const", op(Op::AND, op(Op::CMPEQ, x, i32(3)), op(Op::CMPEQ, x, i32(4))), b(false)},
      {"lt_and_gt_point", op(Op::AND, x.lt(5), i32(3).lt(x)), op(Op::CMPEQ, x, i32(4))},
      // where: repeated conditions, shared arms, where of where, select as min/max
      {"where_or_dual", UOp::alu(Op::WHERE, {p, x, UOp::alu(Op::WHERE, {q, x, z})}),
       UOp::alu(Op::WHERE, {op(Op::OR, p, q), x, z})},
      {"where_shared_term", UOp::alu(Op::WHERE, {p, x + z, x + y}), x + UOp::alu(Op::WHERE, {p, z, y})},
      {"where_shared_divisor", UOp::alu(Op::WHERE, {p, x.floordiv(4), z.floordiv(4)}),
       UOp::alu(Op::WHERE, {p, x, z}).floordiv(4)},
      {"where_is_max", UOp::alu(Op::WHERE, {n.lt(0), i32(0), n}), n.maximum(i32(0))},
      {"where_is_min", UOp::alu(Op::WHERE, {x.lt(z), x, z}), x.minimum(z)},
      {"where_bool_and", UOp::alu(Op::WHERE, {p, q, b(false)}), op(Op::AND, p, q)},
      {"where_of_where_bool", UOp::alu(Op::WHERE, {UOp::alu(Op::WHERE, {p, q, b(false)}), x, z}),
       UOp::alu(Op::WHERE, {op(Op::AND, p, q), x, z})},
      // div and mod recombined
      {"sub_div_mul_is_mod", x - x.floordiv(4) * 4, x.floormod(4)},
      {"div_mod_recombine_in_sum", x.floordiv(4) * 4 + z + x.floormod(4), x + z},
      {"div_mod_recombine_scaled", x.floordiv(4) * 8 + x.floormod(4) * 2, x * 2},
      {"mod_mod_recombine", x.floormod(4) + x.floordiv(4).floormod(2) * 4, x.floormod(8)},
      {"div_mod_recombine_partial", x.floordiv(2).floormod(4) + x.floordiv(8) * 4, x.floordiv(2)},
      {"mod_congruence_negative", (y * 3 + 3).floormod(4), i32(3) - y},
      {"div_congruence_negative", (y * 3 + 3).floordiv(4), y},
      // division and modulo by symbolic divisors with a common factor
      {"div_mul_self", (x * d).floordiv(d), x},
      {"mod_mul_self", (x * d).floormod(d), i32(0)},
      {"div_mul_add_self", (x * d + y).floordiv(d), x + y.floordiv(d)},
      {"mod_mul_add_self", (x * d + y).floormod(d), y.floormod(d)},
      {"div_common_factor", (x * d).floordiv(z * d), x.floordiv(z)},
      {"div_common_const", (n * 3 + y * 9).floordiv(d * 3), (n + y * 3).floordiv(d)},
      {"div_symbolic_zero_stays", (x * z).floordiv(z), (x * z).floordiv(z)},
      {"div_product_chain", (d * x * d * e).floordiv(d * e), d * x},
      {"div_product_zero_stays", (d * x * y).floordiv(d * y), (x * y).floordiv(y)},
      {"div_sum_common_symbolic", (d * n * 3 + y * d * 9).floordiv(d * 3 * e), (n + y * 3).floordiv(e)},
      {"mod_in_range_symbolic", y.floormod(e), y},
      {"div_drop_remainder", (x * 4 + y).floordiv(12), x.floordiv(3)},
      {"div_drop_remainder_gcd", (y * 3 + x * 19 + z * 38).floordiv(57), (x + z * 2).floordiv(3)},
      {"div_add_div", (x.floordiv(2) + 1).floordiv(2), (x + 2).floordiv(4)},
      {"div_gcd_single_term", (x * 4).floordiv(8), x.floordiv(2)},
      {"div_neg_lt_const", x.floordiv(-4).lt(-3), i32(12).lt(x)},
      {"neg_lt_neg", UOp::alu(Op::NEG, {x}).lt(UOp::alu(Op::NEG, {z})), z.lt(x)},
      {"xor_self_inverse", op(Op::XOR, op(Op::XOR, x, i32(5)), i32(5)), x},
      // where: selects on one condition combined, a nested select folded, comparisons of a 0/1 select
      {"where_combine", UOp::alu(Op::WHERE, {p, x, i32(0)}) + UOp::alu(Op::WHERE, {p, z, i32(1)}),
       UOp::alu(Op::WHERE, {p, x + z, i32(1)})},
      {"where_combine_cross", UOp::alu(Op::WHERE, {p, x, i32(0)}) + UOp::alu(Op::WHERE, {p, i32(0), z}),
       UOp::alu(Op::WHERE, {p, x, z})},
      {"where_nested_in_branch",
       UOp::alu(Op::WHERE, {x.lt(5), UOp::alu(Op::WHERE, {x.lt(5), n, z}) * 2, UOp::alu(Op::WHERE, {x.lt(5), n, z})}),
       UOp::alu(Op::WHERE, {x.lt(5), n * 2, z})},
      {"where_negated_cond_in_branch", UOp::alu(Op::WHERE, {x.lt(5), UOp::alu(Op::WHERE, {i32(4).lt(x), n, z}) * 2, y}),
       UOp::alu(Op::WHERE, {x.lt(5), z * 2, y})},
      {"div_congruence_reduced", (y * 31 + 1).floordiv(30), y},
      {"div_negative_coefficient", (z * -10).floordiv(11), UOp::alu(Op::NEG, {z})},
      {"where_01_ne_0", op(Op::CMPNE, UOp::alu(Op::WHERE, {p, i32(1), i32(0)}), i32(0)), p},
      {"where_01_eq_0", op(Op::CMPEQ, UOp::alu(Op::WHERE, {p, i32(1), i32(0)}), i32(0)), not_(p)},
      {"where_01_ne_2", op(Op::CMPNE, UOp::alu(Op::WHERE, {p, i32(1), i32(0)}), i32(2)), b(true)},
      // issue #18's tinygrad families: nested division by a negative inner divisor, gcd with a lone constant,
      // a constant out of a negative divisor, a remainder split by a factor, inner mods, nested division by a
      // factor, recombination after the parts simplified apart, sums of non-negative terms against 0
      {"div_neg_div", x.floordiv(-2).floordiv(3), x.floordiv(-6)},
      {"div_neg_add_div", (x.floordiv(-2) + 1).floordiv(3), (x + -2).floordiv(-6)},
      {"div_gcd_lone_const", (y * 4 + 1).floordiv(6), (y * 2).floordiv(3)},
      {"div_gcd_lone_const_neg", (n * 2 + 7).floordiv(8), (n + 3).floordiv(4)},
      {"div_neg_const_out", (i32(199) - v300).floordiv(-4) + 50, (i32(-1) - v300).floordiv(-4)},
      {"cmp_const_left", i32(-8).lt(x + -20), i32(12).lt(x)},
      {"cmp_nonneg_sum_zero", i32(0).lt(y * 3 + z * 4), i32(0).lt(y + z)},
      {"mod_split_remainder", (x * 3 + op(Op::FLOORMOD, z, i32(3))).floormod(9),
       op(Op::FLOORMOD, z, i32(3)) + x.floormod(3) * 3},
      {"div_of_mod_by_factor", (x * 4).floormod(8).floordiv(4), x.floormod(2)},
      {"mod_inner_mod", ((z + 3).floormod(7) + x + -2).floormod(7), (x + z + 1).floormod(7)},
      {"div_nest_by_factor", (y * 160 + x * 5 + p_int(p) * 4 + 1).floordiv(60), (x + y * 32 + p_int(p)).floordiv(12)},
      {"recombine_simplified_quotient", (x * 6 + p_int(p)).floordiv(12) * 12 + (x * 6 + p_int(p)).floormod(12),
       x * 6 + p_int(p)},
      {"recombine_simplified_remainder", (v300 * 31 + 1).floormod(18) + (v300 * 31 + 1).floordiv(18) * 18,
       v300 * 31 + 1},
      {"recombine_under_factor", (x * 8 + z).floordiv(4) * 4 + (x * 8 + z).floormod(4), x * 8 + z},
      {"mod_div_reorder", x.floormod(12).floordiv(4) * 4 + x.floormod(4) + x.floordiv(12) * 12, x},
      {"where_combine_in_sum",
       y + UOp::alu(Op::WHERE, {x.lt(2), z, i32(0)}) + UOp::alu(Op::WHERE, {x.lt(2), n, i32(1)}),
       y + UOp::alu(Op::WHERE, {x.lt(2), n + z, i32(1)})},
      {"shr_low_mask", op(Op::SHR, op(Op::AND, x, i32(-4)), i32(2)), op(Op::SHR, x, i32(2))},
      // issue #18's general families (bench/symbolic/probe_cases.txt): lattices, min/max against their operands,
      // differences against constants, offsets of one comparison, selects of constants compared, bools read as ints
      {"min_min_shared_inner", x.minimum(n).minimum(x.minimum(z)), z.minimum(n.minimum(x))},
      {"min_max_distribute", x.maximum(n).minimum(x.maximum(z)), x.maximum(n.minimum(z))},
      {"min_add_const_common", (x + 4).minimum(n + 4), n.minimum(x) + 4},
      {"min_sub_common_right", (x - n).minimum(z - n), x.minimum(z) - n},
      {"max_mul_const_factor", (n * 4).maximum(i32(16)), n.maximum(i32(4)) * 4},
      {"max_div_div_nonneg", x.floordiv(2).maximum(x.floordiv(4)), x.floordiv(2)},
      {"min_div_div_nonpos", w.floordiv(2).minimum(w.floordiv(4)), w.floordiv(2)},
      {"min_le_max", op(Op::CMPLE, x.minimum(n), x.maximum(n)), b(true)},
      {"min_lt_max", x.minimum(n).lt(x.maximum(n)), op(Op::CMPNE, n, x)},
      {"eq_max_operand", op(Op::CMPEQ, x.maximum(n), x), op(Op::CMPLE, n, x)},
      {"eq_min_const", op(Op::CMPEQ, n.minimum(i32(5)), i32(5)), i32(4).lt(n)},
      {"diff_lt_zero", (x - n).lt(0), x.lt(n)},
      {"lt_and_lt_offset", op(Op::AND, x.lt(n), x.lt(n + 1)), x.lt(n)},
      {"lt_and_gt_offset", op(Op::AND, x.lt(n), n.lt(x + 1)), b(false)},
      {"where_const_lt", UOp::alu(Op::WHERE, {x.lt(5), i32(3), i32(7)}).lt(5), x.lt(5)},
      {"where_negated_inner", UOp::alu(Op::WHERE, {x.lt(n), UOp::alu(Op::WHERE, {op(Op::CMPLE, n, x), z, y}), i32(0)}),
       UOp::alu(Op::WHERE, {x.lt(n), y, i32(0)})},
      {"where_diff_min", UOp::alu(Op::WHERE, {x.lt(n), x - n, i32(0)}), (x - n).minimum(i32(0))},
      {"bool_as_int_eq_1", op(Op::CMPEQ, x.lt(n).cast(int32), i32(1)), x.lt(n)},
      {"bool_as_int_lt_1", x.lt(n).cast(int32).lt(1), op(Op::CMPLE, n, x)},
      {"bool_as_int_eq_2", op(Op::CMPEQ, x.lt(n).cast(int32), i32(2)), b(false)},
      {"min_sub_add_back", (x - n).minimum(i32(0)) + n, n.minimum(x)},
      {"not_and_of_cmps", not_(op(Op::AND, x.lt(3), n.lt(4))), op(Op::OR, i32(3).lt(n), i32(2).lt(x))},
      {"where_min_under_cond", UOp::alu(Op::WHERE, {x.lt(n), x.minimum(n) + z, n.maximum(x)}),
       UOp::alu(Op::WHERE, {x.lt(n), x + z, x})},
      {"collect_common_factor", x * n + x * z, x * (n + z)},
      {"distribute_and_cancel", (x + 1) * n - n, n * x},
      {"square_of_sum_cancels", (x + n) * (x + n) - x * x - n * n, n * x * 2},
      {"lt_split_remainder_sums", (x * 4 + y).lt(n * 4), x.lt(n)},
      {"min_lt_operand_plus", x.minimum(n).lt(n + 1), b(true)},
      {"where_combine_negated",
       UOp::alu(Op::WHERE, {x.lt(n), i32(1), i32(0)}) + UOp::alu(Op::WHERE, {op(Op::CMPLE, n, x), i32(1), i32(0)}),
       i32(1)},
      {"min_offset_min", (x.minimum(n) + 2).minimum(x), x.minimum(n + 2)},
      {"min_shifted_diff", (x + 2).minimum(n) - x.minimum(n + -2), i32(2)},
      {"add_into_min", n + (x - n).minimum(z), x.minimum(n + z)},
      {"min_mul_offset", (n * 4 + 8).minimum(x * 4), x.minimum(n + 2) * 4},
      {"min_div_offset", (n.floordiv(4) + 2).minimum(x.floordiv(4)), x.minimum(n + 8).floordiv(4)},
      {"min_rounded_up", ((n + 7).floordiv(8) * 8).minimum(n), n},
      {"max_rounded_down", (n.floordiv(8) * 8).maximum(n), n},
      {"eq_clamp_inside", op(Op::CMPEQ, n.minimum(i32(5)).maximum(i32(-2)), i32(3)), op(Op::CMPEQ, n, i32(3))},
      {"max_min_max_shared", n.maximum(x).minimum(z).maximum(x), x.maximum(n.minimum(z))},
      {"bool_plus_negation", x.lt(n).cast(int32) + op(Op::CMPLE, n, x).cast(int32), i32(1)},
  };
}

} // namespace lmc
