// Family "cast": casts that change nothing (same dtype, a round trip through a type that holds every value),
// casts to bool of values that cannot be zero, comparisons of widened values done in the narrow type, and a bool read
// as an integer 0 or 1 compared with a constant or added to its negation.
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

// cast(b) OP c (or c OP cast(b)) for a bool b read as an integer 0 or 1: true for both values of b (true), for
// neither (false), or for exactly one (b, or not b). (x < y) == 1 is x < y; (x < y) < 1 is not (x < y).
std::optional<UOp> fold_cmp_bool_cast_const(const Match& m) {
  const UOp u = m.root, l = u.src(0), r = u.src(1);
  const bool cast_left = l.op() == Op::CAST;
  const UOp b = (cast_left ? l : r).src(0);
  auto k = (cast_left ? r : l).const_int();
  if (!k || !b.dtype().is_bool() || !exact_int(u.src(0).dtype())) return std::nullopt;
  auto holds = [&](int64_t v) { // the comparison with b's value v as the integer
    const int64_t lv = cast_left ? v : *k, rv = cast_left ? *k : v;
    return u.op() == Op::CMPLT ? lv < rv : u.op() == Op::CMPLE ? lv <= rv : u.op() == Op::CMPEQ ? lv == rv : lv != rv;
  };
  const bool when_false = holds(0), when_true = holds(1);
  if (when_false == when_true) return konst(bool_, when_true ? 1 : 0);
  return when_true ? b : UOp::alu(Op::CMPNE, {b, konst(bool_, 1)});
}

// q is not p in one of the forms the rules leave (p != true, a < b against b <= a, == against !=).
bool is_negation(UOp p, UOp q) {
  auto is_not_of = [](UOp n, UOp v) {
    return n.op() == Op::CMPNE && n.src(0) == v && n.src(1).const_int() == std::optional<int64_t>(1);
  };
  if (is_not_of(p, q) || is_not_of(q, p)) return true;
  if (p.num_src() != 2 || q.num_src() != 2) return false;
  auto flipped = [](UOp a, UOp b) {
    return a.op() == Op::CMPLT && b.op() == Op::CMPLE && a.src(0) == b.src(1) && a.src(1) == b.src(0);
  };
  auto eq_ne = [](UOp a, UOp b) {
    return a.op() == Op::CMPEQ && b.op() == Op::CMPNE && a.src(0) == b.src(0) && a.src(1) == b.src(1);
  };
  return flipped(p, q) || flipped(q, p) || eq_ne(p, q) || eq_ne(q, p);
}

// cast(p) + cast(not p) is 1: exactly one of a condition and its negation holds.
std::optional<UOp> fold_cast_plus_negation(const Match& m) {
  const UOp u = m.root, p = u.src(0).src(0), q = u.src(1).src(0);
  if (!p.dtype().is_bool() || !exact_int(u.dtype()) || !is_negation(p, q)) return std::nullopt;
  return konst(u.dtype(), 1);
}

const Pat x = anyvar("x"), y = anyvar("y"), c = cvar("c");
const Pat cx = Pat::op(Op::CAST, {x}), cy = Pat::op(Op::CAST, {y});
const Pat cb = Pat::op(Op::CAST, {Pat::var("p") < Pat::var("q")}); // a comparison read as an integer
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
    rule_fn("cmp_bool_cast_const", Pat::op(cmps, {cx, c}),      LMC_FOLD(fold_cmp_bool_cast_const))
        .with_examples({Pat::op(cmps, {cb, c})}),
    rule_fn("cmp_const_bool_cast", Pat::op(cmps, {c, cx}),      LMC_FOLD(fold_cmp_bool_cast_const))
        .with_examples({Pat::op(cmps, {c, cb})}),
    rule_fn("cast_plus_negation", cx + cy,                      LMC_FOLD(fold_cast_plus_negation))
        .with_examples({cb + Pat::op(Op::CAST, {Pat::var("q") <= Pat::var("p")})}),
  });
  // clang-format on
}

} // namespace lmc::rules
