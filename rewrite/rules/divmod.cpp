// Family "divmod": floor division and modulo by positive constants: quotients fixed by bounds, multiples split
// out of sums, nested div and mod, gcd factoring, congruence of coefficients, C division of non-negatives.
// Its own file: every rule here rests on "the dividend did not wrap", the subtlest obligation of the simplifier.
#include "rewrite/rules/rules_internal.hpp"

#include <algorithm>
#include <cstdlib>
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

// S = c*Q' + R' with each coefficient of R' the residue of S's coefficient modulo c taken either positive or
// negative (3*a + 3 = 4*a + (3 - a)): when some choice puts R' in one block [j*c, (j+1)*c), S // c = Q' + j and
// S % c = R' - j*c. Tries the choices (at most 2^5) fewest negative residues first; nullopt when none fits.
std::optional<UOp> fold_by_residues(const Sum& s, int64_t c, bool is_div) {
  std::vector<const Term*> parts;
  for (const Term& t : s.terms)
    if (t.coef % c != 0) parts.push_back(&t);
  if (parts.empty() || parts.size() > 5) return std::nullopt;
  const int64_t k_res = static_cast<int64_t>(s.constant - floordiv(s.constant, c) * c);
  const size_t n = parts.size();
  std::vector<uint32_t> masks;
  for (uint32_t mask = 1; mask < (1u << n); ++mask)
    masks.push_back(mask);
  std::stable_sort(masks.begin(), masks.end(),
                   [](uint32_t a, uint32_t b) { return __builtin_popcount(a) < __builtin_popcount(b); });
  for (const uint32_t mask : masks) {
    Sum q{s.dtype, {}, static_cast<int64_t>(floordiv(s.constant, c))}, r{s.dtype, {}, k_res};
    for (const Term& t : s.terms)
      if (t.coef % c == 0) q.terms.push_back({t.base, t.coef / c});
    for (size_t i = 0; i < n; ++i) {
      const int64_t pos = static_cast<int64_t>(parts[i]->coef - floordiv(parts[i]->coef, c) * c);
      const int64_t res = mask >> i & 1 ? pos - c : pos;
      r.terms.push_back({parts[i]->base, res});
      const int64_t quo = static_cast<int64_t>((static_cast<i128>(parts[i]->coef) - res) / c);
      if (quo != 0) q.terms.push_back({parts[i]->base, quo});
    }
    auto by_order = [](const Term& a, const Term& b) { return term_before(a.base, b.base); };
    std::sort(q.terms.begin(), q.terms.end(), by_order);
    const UOp rest = build_sum(r);
    if (!no_wrap(rest)) continue;
    const Bounds rb = bounds(rest);
    const i128 j = floordiv(rb.lo, c);
    if (j != floordiv(rb.hi, c)) continue;
    if (is_div) {
      q.constant += static_cast<int64_t>(j);
      const UOp out = build_sum(q);
      if (no_wrap(out)) return out;
    } else {
      r.constant -= static_cast<int64_t>(j * c);
      return build_sum(r);
    }
  }
  return std::nullopt;
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
  } else if (auto alt = fold_by_residues(s, c, is_div)) {
    out = *alt;
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

int64_t wrap_to(DType d, i128 v) {
  const int bits = d.bits();
  uint64_t u = static_cast<uint64_t>(v);
  if (bits >= 64) return static_cast<int64_t>(u);
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  u &= mask;
  if (u >> (bits - 1) & 1) u |= ~mask;
  return static_cast<int64_t>(u);
}

// x // c and x % c with a positive constant c: x, c; null otherwise.
std::pair<UOp, int64_t> divmod_parts(UOp u, Op op) {
  if (u.op() != op) return {};
  auto c = u.src(1).const_int();
  if (!c || *c <= 0) return {};
  return {u.src(0), *c};
}

// One recombination of two terms of a sum, in place; false when none applies. With c, d > 0 and k any coefficient:
//   k*(x % c) + k*c*(x // c)              -> k*x
//   k*x - k*c*(x // c)                    -> k*(x % c)
//   k*(x % c) + k*c*((x // c) % d)        -> k*(x % (c*d))
//   k*((x // c) % d) + k*d*(x // (c*d))   -> k*(x // c)
bool recombine_once(Sum& s) {
  const DType d = s.dtype;
  for (size_t i = 0; i < s.terms.size(); ++i)
    for (size_t j = 0; j < s.terms.size(); ++j) {
      if (i == j) continue;
      const UOp a = s.terms[i].base, b = s.terms[j].base;
      const int64_t k = s.terms[i].coef, kb = s.terms[j].coef;
      UOp repl;
      auto [bx, bc] = divmod_parts(b, Op::IDIV);
      if (!bx.is_null()) {
        auto [ax, ac] = divmod_parts(a, Op::MOD);
        if (!ax.is_null() && ax == bx && ac == bc && kb == wrap_to(d, static_cast<i128>(k) * bc)) repl = ax;
        if (repl.is_null() && a == bx && kb == wrap_to(d, -static_cast<i128>(k) * bc)) repl = a.floormod(bc);
        // (x // c) % d beside x // (c*d): b is the outer quotient x // (c*d), its dividend x.
        auto [inner, dd] = divmod_parts(a, Op::MOD);
        if (repl.is_null() && !inner.is_null()) {
          auto [x, cc] = divmod_parts(inner, Op::IDIV);
          if (!x.is_null() && x == bx && static_cast<i128>(cc) * dd == bc &&
              kb == wrap_to(d, static_cast<i128>(k) * dd))
            repl = inner;
        }
      }
      auto [bm, bd] = divmod_parts(b, Op::MOD);
      if (repl.is_null() && !bm.is_null()) {
        auto [x, bc2] = divmod_parts(bm, Op::IDIV);
        auto [ax, ac] = divmod_parts(a, Op::MOD);
        const i128 cd = static_cast<i128>(ac) * bd;
        if (!x.is_null() && !ax.is_null() && ax == x && ac == bc2 && cd <= d.max_int() &&
            kb == wrap_to(d, static_cast<i128>(k) * ac))
          repl = x.floormod(static_cast<int64_t>(cd));
      }
      if (repl.is_null()) continue;
      s.terms[i] = {repl, k};
      s.terms.erase(s.terms.begin() + static_cast<std::ptrdiff_t>(j));
      return true;
    }
  return false;
}

// A sum holding x // c and x % c (or x, or a nested (x // c) % d) with matching coefficients: recombined.
// Exact modulo 2^bits (x == (x // c)*c + x % c for every x and c != 0), so no overflow check is needed.
std::optional<UOp> fold_sum_recombine(const Match& m) {
  const UOp u = m.root;
  if (!signed_int(u.dtype())) return std::nullopt;
  Sum s = flatten_sum(u);
  if (s.terms.size() < 2 || s.terms.size() > 64) return std::nullopt;
  bool changed = false;
  while (recombine_once(s))
    changed = true;
  if (!changed) return std::nullopt;
  return build_sum(flatten_sum(build_sum(s)));
}

// (sum) // (y * c) and % with a factor g of c dividing every coefficient and the constant of the sum:
// (g*A) // (g*B) == A // B and (g*A) % (g*B) == (A % B) * g for g > 0 (3*a + 9*b) // (d*3) -> (a + b*3) // d.
std::optional<UOp> fold_divmod_common_factor(const Match& m) {
  const UOp u = m.root, num = u.src(0), den = u.src(1);
  if (!signed_int(u.dtype()) || !no_wrap(num) || !no_wrap(den) || may_be_undefined(u)) return std::nullopt;
  auto c = den.src(1).const_int();
  if (!c || *c <= 1) return std::nullopt;
  Sum s = flatten_sum(num);
  int64_t g = *c;
  for (const Term& t : s.terms)
    g = std::gcd(g, t.coef == INT64_MIN ? int64_t{1} : std::abs(t.coef));
  g = std::gcd(g, s.constant == INT64_MIN ? int64_t{1} : std::abs(s.constant));
  if (g <= 1 || s.terms.empty()) return std::nullopt;
  for (Term& t : s.terms)
    t.coef /= g;
  s.constant /= g;
  const UOp a = build_sum(s), b = *c == g ? den.src(0) : den.src(0) * konst(den.dtype(), *c / g);
  const UOp out = u.op() == Op::IDIV ? a.floordiv(b) : a.floormod(b) * konst(u.dtype(), g);
  if (tree_size(out, 4096) >= tree_size(u, 4096)) return std::nullopt;
  return out;
}

bool never_zero(UOp u) {
  return vmin(u) > 0 || vmax(u) < 0;
}

// The other operand of a product a*b that has `f` as one operand; null when f is neither.
UOp other_factor(UOp mul, UOp f) {
  if (mul.op() != Op::MUL) return {};
  if (mul.src(0) == f) return mul.src(1);
  if (mul.src(1) == f) return mul.src(0);
  return {};
}

// Division and modulo by a symbolic divisor y that is never zero, with exact (non-wrapping) operands:
//   (x*y) // y -> x            (x*y) % y -> 0
//   (x*y + z) // y -> x + z // y        (x*y + z) % y -> z % y
//   (x*s) // (y*s) -> x // y   (x*s) % (y*s) -> (x % y) * s      (s never zero)
// Products match in either operand order, which one-line patterns cannot say without backtracking.
std::optional<UOp> fold_divmod_symbolic(const Match& m) {
  const UOp u = m.root, num = u.src(0), den = u.src(1);
  const bool is_div = u.op() == Op::IDIV;
  if (!exact_int(u.dtype()) || den.is_const() || !no_wrap(num) || !no_wrap(den)) return std::nullopt;
  if (never_zero(den)) {
    if (UOp x = other_factor(num, den); !x.is_null()) return is_div ? x : konst(u.dtype(), 0);
    if (num.op() == Op::ADD)
      for (int i = 0; i < 2; ++i) {
        const UOp x = other_factor(num.src(i), den), z = num.src(1 - i);
        if (x.is_null() || !no_wrap(num.src(i))) continue;
        return is_div ? x + z.floordiv(den) : z.floormod(den);
      }
  }
  if (num.op() == Op::MUL && den.op() == Op::MUL)
    for (int i = 0; i < 2; ++i) {
      const UOp f = num.src(i), y = other_factor(den, f);
      if (y.is_null() || !never_zero(f)) continue;
      const UOp x = num.src(1 - i);
      return is_div ? x.floordiv(y) : x.floormod(y) * f;
    }
  return std::nullopt;
}

const Pat x = ivar("x"), y = ivar("y"), c = cvar("c"), c1 = cvar("c1"), c2 = cvar("c2"), c3 = cvar("c3");
// The last term of a sum is a quotient or remainder (or a multiple of one): recombination may apply.
const Pat dm = Pat::any_of({Op::IDIV, Op::MOD});
const Pat any_part = Pat::var("a0"), z = ivar("z");
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
    rule_fn("sum_recombine_mod", any_part + dm,                LMC_FOLD(fold_sum_recombine))
        .with_examples({(x / c1) * c1 + x % c1, ((x / c1) % c2) * c1 + x % c1, y + (x / c1) * c1 + x % c1}),
    rule_fn("sum_recombine_mul", any_part + dm * c,            LMC_FOLD(fold_sum_recombine))
        .with_examples({x % c1 + (x / c1) * c1, x % c1 + ((x / c1) % c2) * c1, (x % c1) * c2 + (x / c1) * c3}),
    rule_fn("diff_recombine",    any_part - dm * c,            LMC_FOLD(fold_sum_recombine))
        .with_examples({x - (x / c1) * c1, x * c2 - (x / c1) * c3}),
    // Division and modulo by a symbolic divisor that is never zero, by its multiples and common factors.
    rule_fn("div_symbolic",  x / y,                   LMC_FOLD(fold_divmod_symbolic))
        .with_examples({(x * y) / y, (x * y + z) / y, (z + y * x) / y, (x * z) / (y * z), (z * x) / (z * y)}),
    rule_fn("mod_symbolic",  x % y,                   LMC_FOLD(fold_divmod_symbolic))
        .with_examples({(x * y) % y, (x * y + z) % y, (z + y * x) % y, (x * z) % (y * z), (z * x) % (z * y)}),
    rule_fn("div_common_const", x / (y * c),          LMC_FOLD(fold_divmod_common_factor))
        .with_examples({(x * c1 + z * c2) / (y * c), (x * c1 + c2) / (y * c)}),
    rule_fn("mod_common_const", x % (y * c),          LMC_FOLD(fold_divmod_common_factor))
        .with_examples({(x * c1 + z * c2) % (y * c), (x * c1 + c2) % (y * c)}),
    rule_fn("div_gcd_const", (x * c1 + y * c2 + c3) / c,  LMC_FOLD(fold_div_gcd)),
  });
  // clang-format on
}

} // namespace lmc::rules
