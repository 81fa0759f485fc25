// Family "compare": comparisons of equal terms, sums compared with their common terms cancelled and constants
// moved right, x*c against a constant, <= against a constant as <. Its own file: comparisons are where
// wrap-around is easiest to forget (x + 1 > x fails at the maximum), so every rule here checks fits().
#include "rewrite/rules/rules_internal.hpp"

#include <algorithm>
#include <numeric>

namespace lmc::rules {
namespace {

using i128 = __int128;

i128 floordiv(i128 a, i128 b) {
  i128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// a OP b for two signed sums that do not wrap: D = a - b as one sum; positive terms stay left, negative terms go
// right, the constant goes right. Fires only when that shrinks the comparison (common terms or constants merged).
std::optional<UOp> fold_cmp_sums(const Match& m) {
  const UOp u = m.root, a = u.src(0), b = u.src(1);
  const DType d = a.dtype();
  if (!signed_int(d) || !no_wrap(a) || !no_wrap(b)) return std::nullopt;
  const Sum sa = flatten_sum(a), sb = flatten_sum(b);
  Sum left{d, {}, 0}, right{d, {}, 0};
  i128 k = static_cast<i128>(sb.constant) - sa.constant; // the right side's constant
  std::vector<Term> all = sa.terms;
  for (const Term& t : sb.terms)
    all.push_back({t.base, -t.coef});
  // Merge like terms in exact arithmetic.
  std::vector<std::pair<UOp, i128>> merged;
  for (const Term& t : all) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& p) { return p.first == t.base; });
    if (it == merged.end())
      merged.push_back({t.base, t.coef});
    else
      it->second += t.coef;
  }
  for (auto& [base, coef] : merged) {
    if (coef == 0) continue;
    if (!representable(d, coef) || !representable(d, -coef)) return std::nullopt;
    if (coef > 0)
      left.terms.push_back({base, static_cast<int64_t>(coef)});
    else
      right.terms.push_back({base, static_cast<int64_t>(-coef)});
  }
  if (left.terms.empty() && right.terms.empty()) {
    // Both sides were equal up to a constant: 0 OP k.
    const bool v = u.op() == Op::CMPLT ? 0 < k : u.op() == Op::CMPLE ? 0 <= k : u.op() == Op::CMPEQ ? k == 0 : k != 0;
    return konst(bool_, v ? 1 : 0);
  }
  // A common factor of every coefficient leaves: g*A < g*B + k is A < B + ceil(k/g); g*A == g*B + k is false
  // unless g divides k (c*x < c*y -> x < y).
  int64_t g = 0;
  for (const Term& t : left.terms)
    g = std::gcd(g, t.coef);
  for (const Term& t : right.terms)
    g = std::gcd(g, t.coef);
  if (g > 1) {
    for (Term& t : left.terms)
      t.coef /= g;
    for (Term& t : right.terms)
      t.coef /= g;
    if (u.op() == Op::CMPLT)
      k = -floordiv(-k, g);
    else if (u.op() == Op::CMPLE)
      k = floordiv(k, g);
    else if (k % g != 0)
      return konst(bool_, u.op() == Op::CMPNE ? 1 : 0);
    else
      k /= g;
  }
  if (!representable(d, k)) return std::nullopt;
  right.constant = static_cast<int64_t>(k);
  // No term left of the comparison: the constant goes there (0 < i + -12 is 12 < i), as CANONICAL.md's `3 < x`.
  if (left.terms.empty() && u.op() != Op::CMPEQ && u.op() != Op::CMPNE) {
    if (!representable(d, -k)) return std::nullopt;
    left.constant = static_cast<int64_t>(-k);
    right.constant = 0;
  }
  auto by_order = [](const Term& p, const Term& q) { return term_before(p.base, q.base); };
  std::sort(left.terms.begin(), left.terms.end(), by_order);
  std::sort(right.terms.begin(), right.terms.end(), by_order);
  const UOp l = build_sum(left), r = build_sum(right);
  if (!no_wrap(l) || !no_wrap(r)) return std::nullopt;
  const UOp out = UOp::make(u.op(), bool_, {l, r});
  if (out == u || tree_size(out, 4096) >= tree_size(u, 4096)) return std::nullopt;
  return out;
}

// x*c < d  <=>  x < ceil(d/c), and d < x*c  <=>  floor(d/c) < x, for c > 0 and x*c not wrapping;
// x*c == d is x == d/c when c divides d and false otherwise.
std::optional<UOp> fold_cmp_mul_const(const Match& m) {
  const UOp u = m.root;
  const bool mul_left = u.src(0).op() == Op::MUL;
  const UOp mul = mul_left ? u.src(0) : u.src(1), x = mul.src(0);
  auto c = mul.src(1).const_int();
  auto dv = (mul_left ? u.src(1) : u.src(0)).const_int();
  if (!c || !dv || *c <= 1 || !exact_int(x.dtype()) || !no_wrap(mul) || x.is_const()) return std::nullopt;
  const i128 d = *dv;
  const DType t = x.dtype();
  switch (u.op()) {
  case Op::CMPLT:
    if (mul_left) return x.lt(konst(t, static_cast<int64_t>(-floordiv(-d, *c))));
    return konst(t, static_cast<int64_t>(floordiv(d, *c))).lt(x);
  case Op::CMPEQ:
  case Op::CMPNE: {
    const bool eq = u.op() == Op::CMPEQ;
    if (d % *c != 0) return konst(bool_, eq ? 0 : 1);
    return UOp::make(u.op(), bool_, {x, konst(t, static_cast<int64_t>(d / *c))});
  }
  default:
    return std::nullopt;
  }
}

// S < k (or k < S) for a signed sum S = g*A + R whose rest R is too small to matter: when ceil((k - R)/g) is the
// same for every value of R, S < k is A < that quotient (x*4 + y < 16 with y in [0, 3] is x < 4). Tries each
// coefficient of S as g, largest first; fires only when the comparison shrinks.
std::optional<UOp> split_remainder(UOp u, const Sum& s, i128 k, bool sum_left);

std::optional<UOp> fold_cmp_split_remainder(const Match& m) {
  const UOp u = m.root;
  const bool sum_left = !u.src(0).is_const();
  const UOp sum = sum_left ? u.src(0) : u.src(1);
  const DType d = sum.dtype();
  auto kc = (sum_left ? u.src(1) : u.src(0)).const_int();
  if (!kc || !signed_int(d) || !no_wrap(sum)) return std::nullopt;
  // c < S is not (S < c + 1).
  const i128 k = sum_left ? static_cast<i128>(*kc) : static_cast<i128>(*kc) + 1;
  return split_remainder(u, flatten_sum(sum), k, sum_left);
}

// The same between two sums: S < T is S - T < 0 (x*4 + y < z*4 with y in [0, 3] is x - z < 0, then x < z).
std::optional<UOp> fold_cmp_split_remainder_sums(const Match& m) {
  const UOp u = m.root, a = u.src(0), b = u.src(1);
  const DType d = a.dtype();
  if (!signed_int(d) || a.is_const() || b.is_const() || !no_wrap(a) || !no_wrap(b)) return std::nullopt;
  Sum diff = flatten_sum(a);
  const Sum sb = flatten_sum(b);
  i128 constant = static_cast<i128>(diff.constant) - sb.constant;
  for (const Term& t : sb.terms) {
    auto it = std::find_if(diff.terms.begin(), diff.terms.end(), [&](const Term& p) { return p.base == t.base; });
    const i128 coef = (it == diff.terms.end() ? 0 : static_cast<i128>(it->coef)) - t.coef;
    if (!representable(d, coef)) return std::nullopt;
    if (it == diff.terms.end())
      diff.terms.push_back({t.base, static_cast<int64_t>(coef)});
    else
      it->coef = static_cast<int64_t>(coef);
  }
  std::erase_if(diff.terms, [](const Term& t) { return t.coef == 0; });
  if (!representable(d, constant) || diff.terms.empty()) return std::nullopt;
  diff.constant = static_cast<int64_t>(constant);
  std::sort(diff.terms.begin(), diff.terms.end(),
            [](const Term& p, const Term& q) { return term_before(p.base, q.base); });
  if (!no_wrap(build_sum(diff))) return std::nullopt;
  return split_remainder(u, diff, 0, true);
}

// S < k (sum_left) or k - 1 < S for the sum s, split as g*A + R with R too small to matter; null when no split
// leaves the comparison smaller than u.
std::optional<UOp> split_remainder(UOp u, const Sum& s, i128 k, bool sum_left) {
  const DType d = s.dtype;
  if (s.terms.size() < 2 && s.constant == 0) return std::nullopt;
  std::vector<int64_t> gs;
  for (const Term& t : s.terms)
    if (t.coef > 1) gs.push_back(t.coef);
  std::sort(gs.begin(), gs.end(), std::greater<>());
  gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
  for (const int64_t g : gs) {
    Sum a{d, {}, 0}, r{d, {}, s.constant};
    for (const Term& t : s.terms)
      (t.coef % g == 0 ? a.terms.push_back({t.base, t.coef / g}) : r.terms.push_back(t));
    const UOp rest = build_sum(r);
    if (!no_wrap(rest)) continue;
    const Bounds rb = bounds(rest);
    const i128 q = -floordiv(-(k - rb.lo), g);
    if (q != -floordiv(-(k - rb.hi), g) || !representable(d, q) || !representable(d, q - 1)) continue;
    const UOp av = build_sum(a);
    const UOp out = sum_left ? av.lt(konst(d, static_cast<int64_t>(q))) : konst(d, static_cast<int64_t>(q - 1)).lt(av);
    if (tree_size(out, 4096) < tree_size(u, 4096)) return out;
  }
  return std::nullopt;
}

// A sum of non-negative terms with positive coefficients compared with 0 (0 < S, S < 1, S == 0, S != 0) is
// zero exactly when every term is: the coefficients go (0 < a*3 + b*4 -> 0 < a + b for a, b >= 0).
std::optional<UOp> fold_cmp_nonneg_sum_zero(const Match& m) {
  const UOp u = m.root;
  const bool sum_left = !u.src(0).is_const();
  const UOp sum = sum_left ? u.src(0) : u.src(1);
  auto kc = (sum_left ? u.src(1) : u.src(0)).const_int();
  const DType d = sum.dtype();
  if (!kc || !signed_int(d) || !no_wrap(sum)) return std::nullopt;
  const bool is_eq = u.op() == Op::CMPEQ || u.op() == Op::CMPNE;
  // The comparison reads "S is zero" or "S is not zero" only against 0 (and S < 1, 0 < S).
  if (is_eq ? *kc != 0 : sum_left ? (u.op() != Op::CMPLT || *kc != 1) : (u.op() != Op::CMPLT || *kc != 0))
    return std::nullopt;
  Sum s = flatten_sum(sum);
  if (s.constant != 0 || s.terms.empty()) return std::nullopt;
  bool scaled = false;
  for (Term& t : s.terms) {
    if (t.coef <= 0 || vmin(t.base) < 0) return std::nullopt;
    scaled |= t.coef != 1;
    t.coef = 1;
  }
  if (!scaled) return std::nullopt;
  const UOp plain = build_sum(s);
  if (!no_wrap(plain)) return std::nullopt;
  return UOp::make(u.op(), bool_, sum_left ? std::vector<UOp>{plain, u.src(1)} : std::vector<UOp>{u.src(0), plain});
}

const Pat x = ivar("x"), y = ivar("y"), a = anyvar("a"), c1 = cvar("c1"), c2 = cvar("c2"), c3 = cvar("c3");
const Pat sum = Pat::any_of({Op::ADD, Op::SUB}).where_dtype(signed_int).named("s");
// Two sides that are sums or multiples: a common factor may leave (x*4 < y*4, x*2 + y*4 == z*6).
const Pat lin = Pat::any_of({Op::ADD, Op::SUB, Op::MUL, Op::NEG}).where_dtype(signed_int),
          lin2 = Pat::any_of({Op::ADD, Op::SUB, Op::MUL, Op::NEG}).where_dtype(signed_int).named("l2");
// c1*c2 (and (c2 + 1)*c1 - 1) is a value of x's dtype.
const Cond prod_fits = val(c1) * val(c2) >= dmin(x) && val(c1) * val(c2) <= dmax(x);
const Cond next_prod_fits = (val(c2) + 1) * val(c1) - 1 >= dmin(x) && (val(c2) + 1) * val(c1) - 1 <= dmax(x);
const Pat qneg = (x / c1).named("q"), q = Pat::var("q");
const Cond next_prod_fits2 = (val(c2) + 1) * val(c1) + 1 >= dmin(x) && (val(c2) + 1) * val(c1) + 1 <= dmax(x);
const Pat z = ivar("z");
const Pat mul = (x * c2).named("m");
const auto cmps = {Op::CMPLT, Op::CMPLE, Op::CMPEQ, Op::CMPNE};

} // namespace

RuleTable compare_rules() {
  // clang-format off
  return RuleTable("compare", {
    rule("lt_self",            a < a,                        Pat::cnst(0)),
    rule("le_self",            a <= a,                       Pat::cnst(1)),
    rule("eq_self",            eq(a, a),                     Pat::cnst(1)),
    rule("ne_self",            ne(a, a),                     Pat::cnst(0)),
    rule("le_const_right",     x <= c1,                      x < c1 + 1,  val(c1) < dmax(c1)),
    rule("le_const_left",      c1 <= x,                      (c1 - 1) < x, val(c1) > dmin(c1)),
    rule("eq_move_const",      eq(x + c1, c2),               eq(x, c2 - c1)),
    rule("ne_move_const",      ne(x + c1, c2),               ne(x, c2 - c1)),
    rule_fn("cmp_move_const",  Pat::op(cmps, {x + c1, c2}),       LMC_FOLD(fold_cmp_sums)),
    rule_fn("cmp_move_const_left", Pat::op(cmps, {c2, x + c1}),  LMC_FOLD(fold_cmp_sums)),
    rule_fn("cmp_cancel",      Pat::op(cmps, {x + y, x + z}),     LMC_FOLD(fold_cmp_sums)),
    rule_fn("cmp_cancel_left", Pat::op(cmps, {x, x + z}),         LMC_FOLD(fold_cmp_sums)),
    rule_fn("cmp_cancel_right", Pat::op(cmps, {x + z, x}),        LMC_FOLD(fold_cmp_sums)),
    // A difference against a constant: x - y < 0 is x < y.
    rule_fn("cmp_sum_const",   Pat::op(cmps, {sum, c1}),     LMC_FOLD(fold_cmp_sums))
        .with_examples({(x - y) < c1, eq(x - y + c2, c1), (x + y - z) < c1}),
    rule_fn("const_cmp_sum",   Pat::op(cmps, {c1, sum}),     LMC_FOLD(fold_cmp_sums))
        .with_examples({c1 < (x - y), c1 < (y - x + c2)}),
    rule_fn("cmp_mul_left",    Pat::op(cmps, {mul, c1}),     LMC_FOLD(fold_cmp_mul_const)),
    rule_fn("cmp_mul_right",   c1 < mul,                     LMC_FOLD(fold_cmp_mul_const)),
    rule_fn("cmp_common_factor", Pat::op(cmps, {lin, lin2}),      LMC_FOLD(fold_cmp_sums))
        .with_examples({Pat::op(cmps, {x * c1 + y * c2, z * c3}), Pat::op(cmps, {x * c1, y * c2})}),
    rule_fn("eq_common_factor", Pat::op({Op::CMPEQ, Op::CMPNE}, {lin, c1}), LMC_FOLD(fold_cmp_sums)),
    rule_fn("lt_split_remainder", sum < c1,                  LMC_FOLD(fold_cmp_split_remainder))
        .with_examples({(x * c1 + y) < c2, (x * c1 + y * c2 + z) < c3}),
    rule_fn("lt_split_remainder_sums", lin < lin2,            LMC_FOLD(fold_cmp_split_remainder_sums))
        .with_examples({(x * c1 + y) < z * c1, (x * c1 + y + c2) < (z * c1 + c3)}),
    rule_fn("gt_split_remainder", c1 < sum,                  LMC_FOLD(fold_cmp_split_remainder))
        .with_examples({c2 < (x * c1 + y), c3 < (x * c1 + y * c2 + z)}),
    rule_fn("cmp_nonneg_sum_zero", Pat::op(cmps, {sum, c1}),      LMC_FOLD(fold_cmp_nonneg_sum_zero))
        .with_examples({(x * c2 + y * c3) < c1, eq(x * c2 + y, c1), ne(x * c2 + y * c3, c1)}),
    rule_fn("cmp_zero_nonneg_sum", c1 < sum,                     LMC_FOLD(fold_cmp_nonneg_sum_zero))
        .with_examples({c1 < (x * c2 + y * c3), c1 < (x * c2 + y)}),
    // A floor quotient against a constant: x // c1 < c2 is x < c1*c2 (c1 > 0), c2 < x // c1 is (c2+1)*c1 - 1 < x.
    rule("div_lt_const",       (x / c1) < c2,                x < c1 * c2,               val(c1) > 0 && prod_fits),
    rule("const_lt_div",       c2 < (x / c1),                (c2 + 1) * c1 - 1 < x,     val(c1) > 0 && next_prod_fits),
    // (With a negative divisor the quotient must not wrap: INT_MIN // -1.)
    rule("div_neg_lt_const",   qneg < c2,                    c1 * c2 < x,        val(c1) < 0 && fits(q) && prod_fits),
    rule("const_lt_div_neg",   c2 < qneg,                    x < (c2 + 1) * c1 + 1, val(c1) < 0 && fits(q) && next_prod_fits2),
  });
  // clang-format on
}

} // namespace lmc::rules
