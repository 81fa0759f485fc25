// The private header the symbolic rule families share: operand patterns, side-condition helpers, the sum
// normal form (terms with coefficients) and one table-maker per family. Only rewrite/rules/*.cpp include it.
#pragma once
#include "rewrite/bounds.hpp"
#include "rewrite/evaluate.hpp"
#include "rewrite/matcher.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lmc::rules {

using rw::Cond;
using rw::Match;
using rw::Pat;
using rw::Rule;
using rw::rule;
using rw::rule_fn;
using rw::RuleTable;

// ---- operand patterns (integral only: float math is never touched) ----
// Integer scalars whose bounds are exact int64 values: every int dtype but uint64 (whose upper half int64
// bounds cannot hold). Arithmetic rules use these; bool arithmetic is 1-bit and gets its own rules.
inline bool exact_int(DType d) {
  return d.is_int() && !d.is_vector() && d.scalar != Scalar::UInt64;
}
inline bool signed_int(DType d) {
  return d.is_signed() && !d.is_vector();
}
inline bool scalar_bool(DType d) {
  return d.is_bool() && !d.is_vector();
}
inline Pat ivar(const std::string& name) {
  return Pat::var(name).where_dtype(exact_int);
}
inline Pat svar(const std::string& name) { // signed integers only
  return Pat::var(name).where_dtype(signed_int);
}
inline Pat bvar(const std::string& name) {
  return Pat::var(name).where_dtype(scalar_bool);
}
inline Pat anyvar(const std::string& name) { // any integral scalar: int or bool
  return Pat::ivar(name).where_dtype([](DType d) { return !d.is_vector(); });
}
inline Pat cvar(const std::string& name) {
  return Pat::cvar(name);
}

// ---- side conditions ----
// The node's computed value did not wrap: bounds.cpp clamps any op that may wrap to the dtype's full range,
// and that full range propagates up through add/sub/neg/mul-by-constant, so "not the full range" at the root
// of a sum proves no node of the sum wrapped (conservative: a sum that truly spans the range is refused).
inline Cond fits(const Pat& p) {
  return lo(p) > dmin(p) || hi(p) < dmax(p);
}
// The bound node is not a constant (constant operands are the fold family's: folding them elsewhere can loop).
inline Cond not_const(const Pat& p) {
  const int slot = p.slot();
  return Cond::fn([slot](const Match& m) { return !m.at(slot).is_const(); }, "not a constant");
}
// The same, read in fold functions.
bool no_wrap(UOp u);
// c fits the dtype of u exactly (as a value of that dtype).
bool representable(DType d, __int128 c);

// A constant of `d` (wrapped to it).
inline UOp konst(DType d, int64_t v) {
  return UOp::constant(d, v);
}
// The reference semantics folded on two constants; nullopt when undefined.
std::optional<int64_t> eval2(Op op, DType d, int64_t a, int64_t b);

// The canonical form of `not c` for a comparison c (x < k -> k - 1 < x, p < q -> q <= p, == <-> !=); null when c
// is no comparison of integers (where.cpp).
UOp negated_comparison(UOp c);

// ---- the sum normal form ----
// A sum is sum(coef_i * base_i) + constant, coefficients and constant wrapped to the dtype. Bases are ordered
// by term_before (see CANONICAL.md) and unique; adds, subs, negations and multiplications by a constant are
// what a sum is made of. Exact modulo 2^bits always; equal to the mathematical sum when no_wrap(root).
struct Term {
  UOp base;
  int64_t coef;
};
struct Sum {
  DType dtype;
  std::vector<Term> terms;
  int64_t constant = 0;
};
Sum flatten_sum(UOp u);
// The canonical node of a sum: positive terms in order, then negative terms subtracted, then `+ constant`
// (or `constant - terms` when no term is positive).
UOp build_sum(const Sum& s);
// The bounds build_sum(s) would have, from the terms' bounds, without building it (the div/mod folds ask for a
// remainder's bounds far more often than they use the remainder). Mirrors build_sum's node order and bounds()'s
// rule per node, so it equals bounds(build_sum(s)); nullopt where it cannot (not a signed int sum, or a term of
// another dtype).
std::optional<Bounds> built_sum_bounds(const Sum& s);
// The order of bases in a sum and of operands of commutative ops.
bool term_before(UOp a, UOp b);
// Tree size (counting shared nodes each time they are used), capped at `cap`.
size_t tree_size(UOp u, size_t cap = 1 << 20);

// ---- the families (one .cpp each) ----
RuleTable fold_rules();
RuleTable identity_rules();
RuleTable combine_rules();
RuleTable divmod_rules();
RuleTable compare_rules();
RuleTable where_rules();
RuleTable minmax_rules();
RuleTable cast_rules();
RuleTable logic_rules();
RuleTable product_rules();

} // namespace lmc::rules
