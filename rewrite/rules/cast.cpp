// Family "cast": casts that change nothing (same dtype, a round trip through a type that holds every value),
// casts to bool of values that cannot be zero, and comparisons of widened values done in the narrow type.
// Its own file: the only family whose rules look across dtypes.
#include "rewrite/rules/rules_internal.hpp"

namespace lmc::rules {
namespace {

// Every value of u (by its bounds) is a value of `to`: the cast to `to` preserves it.
bool holds_values(UOp u, DType to) {
  if (!exact_int(u.dtype()) || !exact_int(to)) return false;
  const Bounds b = bounds(u);
  return representable(to, b.lo) && representable(to, b.hi);
}

// cast(x) to x's own dtype is x; cast to bool of a value whose bounds exclude zero is true.
std::optional<UOp> fold_cast_trivial(const Match& m) {
  const UOp u = m.root, x = u.src(0);
  if (u.dtype() == x.dtype()) return x;
  if (u.dtype().is_bool() && exact_int(x.dtype()) && (vmin(x) > 0 || vmax(x) < 0)) return konst(bool_, 1);
  return std::nullopt;
}

// cast(cast(x, mid), to) where mid holds every value of x: cast(x, to), or x when `to` is x's dtype.
std::optional<UOp> fold_cast_chain(const Match& m) {
  const UOp u = m.root, mid = u.src(0), x = mid.src(0);
  if (!holds_values(x, mid.dtype()) || u.dtype().is_vector()) return std::nullopt;
  if (u.dtype() == x.dtype()) return x;
  if (!u.dtype().is_integral()) return std::nullopt;
  return x.cast(u.dtype());
}

// cast(x) OP cast(y) and cast(x) OP c, with casts that preserve every value: compared in x's dtype.
std::optional<UOp> fold_cmp_of_casts(const Match& m) {
  const UOp u = m.root, l = u.src(0), r = u.src(1);
  const UOp cast = l.op() == Op::CAST ? l : r, other = l.op() == Op::CAST ? r : l;
  const UOp x = cast.src(0);
  const DType t = x.dtype();
  if (!holds_values(x, cast.dtype())) return std::nullopt;
  UOp narrow;
  if (other.op() == Op::CAST && other.src(0).dtype() == t && holds_values(other.src(0), other.dtype())) {
    narrow = other.src(0);
  } else if (auto c = other.const_int(); c && exact_int(other.dtype()) && representable(t, *c)) {
    narrow = konst(t, *c);
  } else {
    return std::nullopt;
  }
  if (l.op() == Op::CAST) return UOp::make(u.op(), bool_, {x, narrow});
  return UOp::make(u.op(), bool_, {narrow, x});
}

const Pat x = anyvar("x"), y = anyvar("y"), c = cvar("c");
const Pat cx = Pat::op(Op::CAST, {x}), cy = Pat::op(Op::CAST, {y});
const auto cmps = {Op::CMPLT, Op::CMPLE, Op::CMPEQ, Op::CMPNE};

} // namespace

RuleTable cast_rules() {
  // clang-format off
  return RuleTable("cast", {
    rule_fn("cast_trivial",    Pat::op(Op::CAST, {x}).ints(),   LMC_FOLD(fold_cast_trivial)),
    rule_fn("cast_chain",      Pat::op(Op::CAST, {cx}).ints(),  LMC_FOLD(fold_cast_chain)),
    rule_fn("cmp_cast_cast",   Pat::op(cmps, {cx, cy}),         LMC_FOLD(fold_cmp_of_casts)),
    rule_fn("cmp_cast_const",  Pat::op(cmps, {cx, c}),          LMC_FOLD(fold_cmp_of_casts)),
    rule_fn("cmp_const_cast",  Pat::op(cmps, {c, cx}),          LMC_FOLD(fold_cmp_of_casts)),
  });
  // clang-format on
}

} // namespace lmc::rules
