// Family "divmod": floor division and modulo by positive constants: quotients fixed by bounds, multiples split
// out of sums, nested div and mod, gcd factoring, congruence of coefficients, C division of non-negatives.
// Its own file: every rule here rests on "the dividend did not wrap", the subtlest obligation of the simplifier.
#include "rewrite/rules/rules_internal.hpp"

#include <numeric>

namespace lmc::rules {
namespace {

using i128 = __int128;

i128 floordiv(i128 a, i128 b) {
  i128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// The divisor when this is (signed sum) // c or % c with c > 0 and a dividend that did not wrap.
std::optional<int64_t> sum_divisor(const Match& m) {
  const UOp u = m.root, num = u.src(0);
  if (!signed_int(u.dtype())) return std::nullopt;
  auto c = u.src(1).const_int();
  if (!c || *c <= 0 || num.is_const() || !no_wrap(num)) return std::nullopt;
  return *c;
}

// S // c and S % c where S = Q*c + R: the multiples of c leave the division. When R's bounds lie in one block
// [j*c, (j+1)*c), S // c = Q + j and S % c = R - j*c; otherwise S // c = Q + R // c and S % c = R' % c, with R'
// the remainder's coefficients reduced modulo c (congruence).
std::optional<UOp> fold_divmod_sum(const Match& m) {
  auto cdiv = sum_divisor(m);
  if (!cdiv) return std::nullopt;
  const UOp u = m.root;
  const int64_t c = *cdiv;
  const bool is_div = u.op() == Op::IDIV;
  const Sum s = flatten_sum(u.src(0));
  Sum q{s.dtype, {}, static_cast<int64_t>(floordiv(s.constant, c))}, r{s.dtype, {}, s.constant - q.constant * c};
  Sum reduced{s.dtype, {}, r.constant};
  for (const Term& t : s.terms) {
    if (t.coef % c == 0)
      q.terms.push_back({t.base, t.coef / c});
    else {
      r.terms.push_back(t);
      const int64_t k = t.coef - static_cast<int64_t>(floordiv(t.coef, c)) * c;
      if (k != 0) reduced.terms.push_back({t.base, k});
    }
  }
  const UOp rest = build_sum(r);
  if (!no_wrap(rest)) return std::nullopt;
  const Bounds rb = bounds(rest);
  const i128 j = floordiv(rb.lo, c);
  UOp out;
  if (j == floordiv(rb.hi, c)) {
    if (is_div) {
      q.constant += static_cast<int64_t>(j);
      out = build_sum(q);
    } else {
      r.constant -= static_cast<int64_t>(j * c);
      out = build_sum(r);
    }
  } else if (is_div) {
    if (q.terms.empty() && q.constant == 0) return std::nullopt;
    q.terms.push_back({rest.floordiv(c), 1});
    out = build_sum(q);
  } else {
    const UOp rr = build_sum(reduced);
    if (!no_wrap(rr)) return std::nullopt;
    out = rr.floormod(c);
  }
  if (out == u || tree_size(out, 4096) > tree_size(u, 4096)) return std::nullopt;
  return out;
}

// (g*A + k) // (g*c) == (A + k // g) // c for g > 0 dividing every coefficient and the divisor.
std::optional<UOp> fold_div_gcd(const Match& m) {
  auto cdiv = sum_divisor(m);
  if (!cdiv) return std::nullopt;
  const int64_t c = *cdiv;
  Sum s = flatten_sum(m.root.src(0));
  int64_t g = c;
  for (const Term& t : s.terms)
    g = std::gcd(g, t.coef < 0 ? -static_cast<i128>(t.coef) > INT64_MAX ? 1 : -t.coef : t.coef);
  if (g <= 1 || s.terms.empty()) return std::nullopt;
  for (Term& t : s.terms)
    t.coef /= g;
  s.constant = static_cast<int64_t>(floordiv(s.constant, g));
  const UOp inner = build_sum(s);
  const UOp out = c / g == 1 ? inner : inner.floordiv(c / g);
  if (tree_size(out, 4096) > tree_size(m.root, 4096)) return std::nullopt;
  return out;
}

const Pat x = ivar("x"), y = ivar("y"), c = cvar("c"), c1 = cvar("c1"), c2 = cvar("c2"), c3 = cvar("c3");
const Pat sum = Pat::any_of({Op::ADD, Op::SUB, Op::MUL, Op::NEG}).ints().named("s");

} // namespace

RuleTable divmod_rules() {
  // clang-format off
  return RuleTable("divmod", {
    rule("mod_in_range",    x % c,          x,               lo(x) >= 0 && hi(x) < val(c)),
    // An index split into (x // c, x % c) and joined again (a reshape of a gathered flat position) is x itself.
    rule("div_mod_join",    (x / c) * c + x % c, x,          val(c) > 0),
    rule("div_div",         (x / c1) / c2,  x / (c1 * c2),   val(c1) > 0 && val(c2) > 0 && val(c1) * val(c2) <= dmax(x)),
    rule("mod_mod",         (x % c1) % c2,  x % c2,          val(c1) != 0 && val(c2) > 0 && val(c1) % val(c2) == 0),
    rule("cdiv_nonneg",     cdiv(x, y),     x / y,           lo(x) >= 0 && lo(y) > 0),
    rule("cmod_nonneg",     cmod(x, y),     x % y,           lo(x) >= 0 && lo(y) > 0),
    rule_fn("div_sum",      sum / c,        LMC_FOLD(fold_divmod_sum)),
    rule_fn("mod_sum",      sum % c,        LMC_FOLD(fold_divmod_sum)),
    rule_fn("div_gcd",      (x * c1 + y * c2) / c,        LMC_FOLD(fold_div_gcd)),
    rule_fn("div_gcd_const", (x * c1 + y * c2 + c3) / c,  LMC_FOLD(fold_div_gcd)),
  });
  // clang-format on
}

} // namespace lmc::rules
