// Family "divmod": floor division and modulo by positive constants: quotients fixed by bounds, multiples split
// out of sums, nested div and mod, gcd factoring, congruence of coefficients, C division of non-negatives.
// Its own file: every rule here rests on "the dividend did not wrap", the subtlest obligation of the simplifier.
#include "rewrite/rules/rules_internal.hpp"
#include "rewrite/symbolic.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>
#include <numeric>

namespace lmc::rules {
namespace {

using i128 = __int128;

i128 floordiv(i128 a, i128 b) {
  // Operands that fit int64 (nearly all) divide in 64 bits: a 128-bit division is a library call, and a visible
  // part of the rewriter's time.
  constexpr i128 lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  if (a >= lo && a <= hi && b >= lo && b <= hi && !(a == lo && b == -1)) {
    const int64_t x = static_cast<int64_t>(a), y = static_cast<int64_t>(b);
    const int64_t q = x / y;
    return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q;
  }
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

constexpr size_t kMaxResidueParts = 5; // 2^5 choices at most

// S = c*Q' + R' with each coefficient of R' the residue of S's coefficient modulo c taken either positive or
// negative (3*a + 3 = 4*a + (3 - a); 31*a + 1 = 30*a + (a + 1)): when some choice puts R' in one block
// [j*c, (j+1)*c), S // c = Q' + j and S % c = R' - j*c. Tries the choices (at most 2^5) fewest negative residues
// first; nullopt when none fits.
// The choices of negative residues for n parts, fewest negatives first (ties by mask value): computed once, as
// fold_by_residues runs at most div and mod of a sum and sorting 2^n masks there each time was a visible cost.
const std::vector<uint32_t>& masks_by_negatives(size_t n) {
  static const std::array<std::vector<uint32_t>, kMaxResidueParts + 1> table = [] {
    std::array<std::vector<uint32_t>, kMaxResidueParts + 1> t;
    for (size_t k = 0; k <= kMaxResidueParts; ++k) {
      for (uint32_t mask = 0; mask < (1u << k); ++mask)
        t[k].push_back(mask);
      std::stable_sort(t[k].begin(), t[k].end(),
                       [](uint32_t a, uint32_t b) { return __builtin_popcount(a) < __builtin_popcount(b); });
    }
    return t;
  }();
  return table[n];
}

std::optional<UOp> fold_by_residues(const Sum& s, int64_t c, bool is_div) {
  std::array<const Term*, kMaxResidueParts> parts;
  size_t n = 0;
  for (const Term& t : s.terms)
    if (t.coef % c != 0) {
      if (n == kMaxResidueParts) return std::nullopt;
      parts[n++] = &t;
    }
  if (n == 0) return std::nullopt;
  const int64_t k_res = static_cast<int64_t>(s.constant - floordiv(s.constant, c) * c);
  // Each choice's interval is summed from the terms' bounds (exact in 128 bits); nodes are built only for the
  // choice that fits one block.
  std::array<Bounds, kMaxResidueParts> tb;
  std::array<int64_t, kMaxResidueParts> pos;
  for (size_t i = 0; i < n; ++i) {
    tb[i] = bounds(parts[i]->base);
    pos[i] = static_cast<int64_t>(parts[i]->coef - floordiv(parts[i]->coef, c) * c);
  }
  for (const uint32_t mask : masks_by_negatives(n)) {
    i128 lo = k_res, hi = k_res;
    for (size_t i = 0; i < n; ++i) {
      const i128 res = mask >> i & 1 ? pos[i] - c : pos[i];
      const i128 a = res * tb[i].lo, b = res * tb[i].hi;
      lo += std::min(a, b);
      hi += std::max(a, b);
    }
    if (lo < s.dtype.min_int() || hi > s.dtype.max_int()) continue;
    const i128 j = floordiv(lo, c);
    if (j != floordiv(hi, c)) continue;
    Sum q{s.dtype, {}, static_cast<int64_t>(floordiv(s.constant, c))}, r{s.dtype, {}, k_res};
    for (const Term& t : s.terms)
      if (t.coef % c == 0) q.terms.push_back({t.base, t.coef / c});
    for (size_t i = 0; i < n; ++i) {
      const int64_t res = mask >> i & 1 ? pos[i] - c : pos[i];
      r.terms.push_back({parts[i]->base, res});
      const int64_t quo = static_cast<int64_t>((static_cast<i128>(parts[i]->coef) - res) / c);
      if (quo != 0) q.terms.push_back({parts[i]->base, quo});
    }
    auto by_order = [](const Term& a, const Term& b) { return term_before(a.base, b.base); };
    std::sort(q.terms.begin(), q.terms.end(), by_order);
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
  const bool is_div = u.op() == Op::FLOORDIV;
  const Sum s = flatten_sum(u.src(0));
  // The three parts are kept per thread (their terms grown one push at a time were several allocations per try,
  // a twentieth of simplify's time in malloc and free); nothing below re-enters this fold.
  thread_local Sum q, r, reduced;
  q.dtype = r.dtype = reduced.dtype = s.dtype;
  q.terms.clear(), r.terms.clear(), reduced.terms.clear();
  q.constant = static_cast<int64_t>(floordiv(s.constant, c));
  r.constant = s.constant - q.constant * c;
  reduced.constant = r.constant;
  for (const Term& t : s.terms) {
    if (t.coef % c == 0)
      q.terms.push_back({t.base, t.coef / c});
    else {
      r.terms.push_back(t);
      const int64_t k = t.coef - static_cast<int64_t>(floordiv(t.coef, c)) * c;
      if (k != 0) reduced.terms.push_back({t.base, k});
    }
  }
  // The remainder's bounds decide the form; its node is needed only for rest // c, so it is built only there
  // (building it every time made a node per try, most of them never used).
  const std::optional<Bounds> predicted = built_sum_bounds(r);
  const UOp built_rest = predicted ? UOp{} : build_sum(r);
  const Bounds rb = predicted ? *predicted : bounds(built_rest);
  const bool may_wrap = predicted ? rb.lo <= s.dtype.min_int() && rb.hi >= s.dtype.max_int() : !no_wrap(built_rest);
  if (may_wrap) return std::nullopt;
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
    q.terms.push_back({(built_rest.is_null() ? build_sum(r) : built_rest).floordiv(c), 1});
    out = build_sum(q);
  } else {
    const UOp rr = build_sum(reduced);
    if (!no_wrap(rr)) return std::nullopt;
    out = rr.floormod(c);
  }
  if (out == u || tree_size(out, 4096) > tree_size(u, 4096)) return std::nullopt;
  return out;
}

// S // c where S = g*A + R with g > 1 dividing c and the rest R in [0, g): S // c == A // (c/g)
// ((x*4 + y) // 12 -> x // 3 with y in [0, 3]; (x*2 + y) // 10 -> x // 5 with y in [0, 1]).
std::optional<UOp> div_drop_remainder(const Match& m, int64_t c, const Sum& s) {
  if (s.terms.size() < 2 || s.terms.size() > 16) return std::nullopt;
  std::vector<int64_t> gs;
  for (const Term& t : s.terms)
    if (int64_t g = std::gcd(c, t.coef < 0 ? (t.coef == INT64_MIN ? 1 : -t.coef) : t.coef); g > 1) gs.push_back(g);
  std::sort(gs.begin(), gs.end(), std::greater<>());
  gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
  for (const int64_t g : gs) {
    Sum a{s.dtype, {}, 0}, r{s.dtype, {}, s.constant};
    for (const Term& t : s.terms)
      (t.coef % g == 0 ? a.terms.push_back({t.base, t.coef / g}) : r.terms.push_back(t));
    if (a.terms.empty() || r.terms.empty()) continue;
    const UOp rest = build_sum(r);
    if (!no_wrap(rest) || vmin(rest) < 0 || vmax(rest) >= g) continue;
    const UOp av = build_sum(a);
    const UOp out = c == g ? av : av.floordiv(c / g);
    if (tree_size(out, 4096) < tree_size(m.root, 4096)) return out;
  }
  return std::nullopt;
}

// S // c == (S // f) // (c / f) for a factor f of c (floor of a floor by a positive divisor): worth it when S // f
// is a plain sum, as when S's terms not divisible by f fall into one block of f
// ((160a + 5b + 4c + 1) // 60 -> (32a + b + c) // 12 for c in [0, 1]). Tries f among the gcds of c with the
// coefficients; fires only when the nested form is smaller.
std::optional<UOp> div_nest_by_factor(const Match& m, int64_t c, const Sum& s) {
  if (s.terms.size() < 2 || s.terms.size() > 8) return std::nullopt;
  std::vector<int64_t> fs;
  for (const Term& t : s.terms)
    if (int64_t f = std::gcd(c, t.coef == INT64_MIN ? int64_t{1} : std::abs(t.coef)); f > 1 && f < c) fs.push_back(f);
  std::sort(fs.begin(), fs.end(), std::greater<>());
  fs.erase(std::unique(fs.begin(), fs.end()), fs.end());
  const size_t before = tree_size(m.root, 4096);
  for (const int64_t f : fs) {
    // Every coefficient a multiple of f: S // f is exact but for the constant's floor.
    const bool exact = std::all_of(s.terms.begin(), s.terms.end(), [&](const Term& t) { return t.coef % f == 0; });
    Sum q{s.dtype, {}, static_cast<int64_t>(floordiv(s.constant, f))};
    if (exact)
      for (const Term& t : s.terms)
        q.terms.push_back({t.base, t.coef / f});
    auto inner = exact ? std::optional<UOp>(build_sum(q)) : fold_by_residues(s, f, true);
    if (!inner || inner->op() == Op::FLOORDIV) continue;
    const UOp out = inner->floordiv(c / f);
    if (tree_size(out, 4096) < before) return out;
  }
  return std::nullopt;
}

// The two factor forms above, tried on one flattening of the sum.
std::optional<UOp> fold_div_sum_factor(const Match& m) {
  auto cdiv = sum_divisor(m);
  if (!cdiv) return std::nullopt;
  const Sum s = flatten_sum(m.root.src(0));
  if (auto out = div_drop_remainder(m, *cdiv, s)) return out;
  return div_nest_by_factor(m, *cdiv, s);
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
// The dividend a recombination would pair a term by: x for x % c, x // c and (x // c) % d, else the term itself.
uint32_t dividend_key(UOp t) {
  if (t.op() == Op::FLOORMOD && t.src(0).op() == Op::FLOORDIV) return t.src(0).src(0).id();
  if (t.op() == Op::FLOORMOD || t.op() == Op::FLOORDIV) return t.src(0).id();
  return t.id();
}

bool recombine_once(Sum& s) {
  const DType d = s.dtype;
  // Only terms with one dividend can pair: group them, so a sum of unrelated terms costs one pass.
  // Kept per thread (an allocation per try showed); nothing below calls back into recombine_once.
  thread_local std::vector<uint32_t> keys;
  keys.clear();
  for (const Term& t : s.terms)
    keys.push_back(dividend_key(t.base));
  for (size_t i = 0; i < s.terms.size(); ++i)
    for (size_t j = 0; j < s.terms.size(); ++j) {
      if (i == j || keys[i] != keys[j]) continue;
      const UOp a = s.terms[i].base, b = s.terms[j].base;
      const int64_t k = s.terms[i].coef, kb = s.terms[j].coef;
      UOp repl;
      auto [bx, bc] = divmod_parts(b, Op::FLOORDIV);
      if (!bx.is_null()) {
        auto [ax, ac] = divmod_parts(a, Op::FLOORMOD);
        if (!ax.is_null() && ax == bx && ac == bc && kb == wrap_to(d, static_cast<i128>(k) * bc)) repl = ax;
        if (repl.is_null() && a == bx && kb == wrap_to(d, -static_cast<i128>(k) * bc)) repl = a.floormod(bc);
        // (x // c) % d beside x // (c*d): b is the outer quotient x // (c*d), its dividend x.
        auto [inner, dd] = divmod_parts(a, Op::FLOORMOD);
        if (repl.is_null() && !inner.is_null()) {
          auto [x, cc] = divmod_parts(inner, Op::FLOORDIV);
          if (!x.is_null() && x == bx && static_cast<i128>(cc) * dd == bc &&
              kb == wrap_to(d, static_cast<i128>(k) * dd))
            repl = inner;
        }
      }
      auto [bm, bd] = divmod_parts(b, Op::FLOORMOD);
      if (repl.is_null() && !bm.is_null()) {
        auto [x, bc2] = divmod_parts(bm, Op::FLOORDIV);
        auto [ax, ac] = divmod_parts(a, Op::FLOORMOD);
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

// The coefficient-k*c partner of a remainder or quotient, when the rules simplified its dividend apart: for
// k*(X % c), a term k*c*Q with Q the simplified X // c; for k*c*(Y // c), a term k*R with R the simplified Y % c
// ((a*6 + b) // 12 became a // 2, (b*31 + 1) % 18 became (b*13 + 1) % 18). The pair is then k*X (or k*Y).
// simplify() runs only where a term with the partner's coefficient exists, so unrelated sums cost one scan.
bool recombine_simplified_once(Sum& s) {
  const DType d = s.dtype;
  // A pair needs a remainder and a quotient among the terms: one pass rules most sums out.
  bool has_mod = false, has_div = false;
  for (const Term& t : s.terms) {
    has_mod |= t.base.op() == Op::FLOORMOD;
    has_div |= t.base.op() == Op::FLOORDIV;
  }
  if (!has_mod || !has_div) return false;
  auto find = [&](size_t skip, int64_t coef, UOp base) -> size_t {
    for (size_t j = 0; j < s.terms.size(); ++j)
      if (j != skip && s.terms[j].coef == coef && (base.is_null() || s.terms[j].base == base)) return j;
    return s.terms.size();
  };
  // A partner is itself a quotient (or remainder): the cheap test before simplify() runs.
  auto has_base_op = [&](int64_t coef, Op op) {
    for (const Term& t : s.terms)
      if (t.coef == coef && t.base.op() == op) return true;
    return false;
  };
  for (size_t i = 0; i < s.terms.size(); ++i) {
    const UOp b = s.terms[i].base;
    const int64_t k = s.terms[i].coef;
    auto [mx, mc] = divmod_parts(b, Op::FLOORMOD);
    if (!mx.is_null() && !mx.is_const()) {
      const int64_t want = wrap_to(d, static_cast<i128>(k) * mc);
      if (find(i, want, {}) == s.terms.size() || !has_base_op(want, Op::FLOORDIV)) continue;
      const size_t j = find(i, want, simplify(mx.floordiv(mc)));
      if (j == s.terms.size()) continue;
      s.terms[i] = {mx, k};
      s.terms.erase(s.terms.begin() + static_cast<std::ptrdiff_t>(j));
      return true;
    }
    auto [dx, dc] = divmod_parts(b, Op::FLOORDIV);
    if (dx.is_null() || dx.is_const() || k % dc != 0) continue;
    if (find(i, k / dc, {}) == s.terms.size() || !has_base_op(k / dc, Op::FLOORMOD)) continue;
    const size_t j = find(i, k / dc, simplify(dx.floormod(dc)));
    if (j == s.terms.size()) continue;
    s.terms[i] = {dx, k / dc};
    s.terms.erase(s.terms.begin() + static_cast<std::ptrdiff_t>(j));
    return true;
  }
  return false;
}

// A sum holding x // c and x % c (or x, or a nested (x // c) % d) with matching coefficients: recombined.
// Exact modulo 2^bits (x == (x // c)*c + x % c for every x and c != 0), so no overflow check is needed.
std::optional<UOp> fold_sum_recombine(const Match& m) {
  const UOp u = m.root;
  // Bounded (the size is cached): a long sum chain rebuilt term by term would flatten every prefix again.
  if (!signed_int(u.dtype()) || tree_size(u, 4096) > 96) return std::nullopt;
  Sum s = flatten_sum(u);
  if (s.terms.size() < 2 || s.terms.size() > 64) return std::nullopt;
  bool changed = false;
  while (recombine_once(s) || recombine_simplified_once(s))
    changed = true;
  if (changed) return build_sum(flatten_sum(build_sum(s)));
  // A pair may sit inside a sum under a constant factor ((r0*2 + r1 // 4)*4 + r1 % 4): distributed for pairing
  // only, and kept so when the result is smaller than the input.
  auto is_sum = [](const Term& t) { return t.base.op() == Op::ADD || t.base.op() == Op::SUB; };
  if (std::none_of(s.terms.begin(), s.terms.end(), is_sum)) return std::nullopt;
  Sum ds{s.dtype, {}, s.constant};
  for (const Term& t : s.terms) {
    if (t.base.op() != Op::ADD && t.base.op() != Op::SUB) {
      ds.terms.push_back(t);
      continue;
    }
    const Sum in = flatten_sum(t.base);
    for (const Term& it : in.terms)
      ds.terms.push_back({it.base, wrap_to(s.dtype, static_cast<i128>(it.coef) * t.coef)});
    ds.constant = wrap_to(s.dtype, ds.constant + static_cast<i128>(in.constant) * t.coef);
    changed = true;
  }
  auto is_divmod = [](const Term& t) { return t.base.op() == Op::FLOORDIV || t.base.op() == Op::FLOORMOD; };
  if (!changed || std::none_of(ds.terms.begin(), ds.terms.end(), is_divmod)) return std::nullopt;
  ds = flatten_sum(build_sum(ds));
  changed = false;
  while (recombine_once(ds) || recombine_simplified_once(ds))
    changed = true;
  if (!changed) return std::nullopt;
  const UOp out = build_sum(flatten_sum(build_sum(ds)));
  if (tree_size(out, 4096) >= tree_size(u, 4096)) return std::nullopt;
  return out;
}

// S % c where S = g*A + R with g > 1 a common factor of c and of A's coefficients and R in [0, g):
// S % c == (A % (c/g))*g + R ((a*3 + b) % 9 -> (a % 3)*3 + b with b in [0, 2]; (x*4) % 8 -> (x % 2)*4), which
// exposes the factor g to a division or comparison outside. Never larger.
std::optional<UOp> mod_split_remainder(const Match& m, int64_t c, const Sum& s) {
  if (s.terms.empty() || s.terms.size() > 16) return std::nullopt;
  std::vector<int64_t> gs;
  for (const Term& t : s.terms)
    if (int64_t g = std::gcd(c, t.coef == INT64_MIN ? int64_t{1} : std::abs(t.coef)); g > 1 && g < c) gs.push_back(g);
  std::sort(gs.begin(), gs.end(), std::greater<>());
  gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
  for (const int64_t g : gs) {
    // The rest's interval from its terms' bounds first (exact in 128 bits): nodes are built only when it fits.
    i128 lo = s.constant, hi = s.constant;
    for (const Term& t : s.terms)
      if (t.coef % g != 0) {
        const Bounds b = bounds(t.base);
        const i128 p = static_cast<i128>(t.coef) * b.lo, q = static_cast<i128>(t.coef) * b.hi;
        lo += std::min(p, q);
        hi += std::max(p, q);
      }
    if (lo < 0 || hi >= g) continue;
    Sum a{s.dtype, {}, 0}, r{s.dtype, {}, s.constant};
    for (const Term& t : s.terms)
      (t.coef % g == 0 ? a.terms.push_back({t.base, t.coef / g}) : r.terms.push_back(t));
    const UOp rest = build_sum(r);
    if (a.terms.empty() || !no_wrap(rest) || vmin(rest) < 0 || vmax(rest) >= g) continue;
    const UOp scaled = build_sum(a).floormod(c / g) * konst(s.dtype, g);
    const UOp out = r.terms.empty() && r.constant == 0 ? scaled : scaled + rest;
    if (tree_size(out, 4096) <= tree_size(m.root, 4096)) return out;
  }
  return std::nullopt;
}

// (k*(X % c') + R) % c with c dividing c': X % c' differs from X by a multiple of c', so X takes its place
// (((v + 4) % 5 + w + 3) % 5 -> (v + w + 7) % 5; the sum rule then reduces the constant).
std::optional<UOp> mod_inner_mod(const Match& m, int64_t c, const Sum& s) {
  const DType d = m.root.dtype();
  Sum out{d, {}, s.constant};
  bool changed = false;
  for (const Term& t : s.terms) {
    auto [x, cc] = divmod_parts(t.base, Op::FLOORMOD);
    if (x.is_null() || cc % c != 0) {
      out.terms.push_back(t);
      continue;
    }
    const Sum inner = flatten_sum(x);
    for (const Term& it : inner.terms)
      out.terms.push_back({it.base, wrap_to(d, static_cast<i128>(it.coef) * t.coef)});
    out.constant = wrap_to(d, out.constant + static_cast<i128>(inner.constant) * t.coef);
    changed = true;
  }
  if (!changed) return std::nullopt;
  const UOp sum = build_sum(flatten_sum(build_sum(out)));
  if (!no_wrap(sum) || sum.is_const()) return std::nullopt;
  const UOp res = sum.floormod(c);
  if (tree_size(res, 4096) >= tree_size(m.root, 4096)) return std::nullopt;
  return res;
}

// The two remainder forms above, tried on one flattening of the sum (inner remainders first: they shrink).
std::optional<UOp> fold_mod_sum_factor(const Match& m) {
  auto cmod = sum_divisor(m);
  if (!cmod) return std::nullopt;
  const Sum s = flatten_sum(m.root.src(0));
  if (auto out = mod_inner_mod(m, *cmod, s)) return out;
  return mod_split_remainder(m, *cmod, s);
}

// (S) // c + e with c < 0: the multiple of c in S's constant k leaves the division (k = q*c + r with r in (c, 0])
// into e: (199 - i) // -4 + 50 -> (-1 - i) // -4. Never larger: the sum's constant is already there.
std::optional<UOp> fold_div_neg_const_out(const Match& m) {
  // (The matcher may bind a commutative add's operands either way round.)
  const UOp u = m.root, div = u.src(0).op() == Op::FLOORDIV ? u.src(0) : u.src(1);
  if (div.op() != Op::FLOORDIV) return std::nullopt;
  const UOp num = div.src(0);
  auto e = (div == u.src(0) ? u.src(1) : u.src(0)).const_int(), c = div.src(1).const_int();
  if (!e || !c || *c >= 0 || !signed_int(u.dtype()) || num.is_const() || !no_wrap(num)) return std::nullopt;
  Sum s = flatten_sum(num);
  const i128 q = floordiv(s.constant, *c);
  if (q == 0) return std::nullopt;
  s.constant = static_cast<int64_t>(s.constant - q * *c);
  const UOp inner = build_sum(s);
  const i128 e2 = *e + q;
  if (!no_wrap(inner) || !representable(u.dtype(), e2)) return std::nullopt;
  const UOp d2 = inner.floordiv(div.src(1));
  return e2 == 0 ? d2 : d2 + konst(u.dtype(), static_cast<int64_t>(e2));
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
  const UOp out = u.op() == Op::FLOORDIV ? a.floordiv(b) : a.floormod(b) * konst(u.dtype(), g);
  if (tree_size(out, 4096) >= tree_size(u, 4096)) return std::nullopt;
  return out;
}

bool never_zero(UOp u) {
  return vmin(u) > 0 || vmax(u) < 0;
}

// The factors of a product chain (a*b*c in any nesting), at most 16; a non-product is its own one factor.
std::vector<UOp> factors(UOp u) {
  std::vector<UOp> out, stack{u};
  while (!stack.empty() && out.size() <= 16) {
    const UOp n = stack.back();
    stack.pop_back();
    if (n.op() == Op::MUL && n.dtype() == u.dtype()) {
      stack.push_back(n.src(1));
      stack.push_back(n.src(0));
    } else {
      out.push_back(n);
    }
  }
  return out;
}

UOp product(const std::vector<UOp>& fs, DType d) {
  UOp out;
  for (UOp f : fs)
    out = out.is_null() ? f : out * f;
  return out.is_null() ? konst(d, 1) : out;
}

// num / den as products: the factors of num left after taking out each factor of den once; null unless every
// factor of den is one of num's.
UOp other_factor(UOp num, UOp den) {
  if (num.op() != Op::MUL) return {};
  std::vector<UOp> rest = factors(num);
  for (UOp f : factors(den)) {
    auto it = std::find(rest.begin(), rest.end(), f);
    if (it == rest.end()) return {};
    rest.erase(it);
  }
  return product(rest, num.dtype());
}

// (sum) // (den) and % where every term of the sum and the divisor share never-zero factors S and a constant
// factor g: (g*S*A) // (g*S*B) == A // B and (g*S*A) % (g*S*B) == (A % B)*g*S
// ((d*a*3 + b*d*9) // (d*3*e) -> (a + b*3) // e). The caller checked that nothing wraps.
std::optional<UOp> divide_out_common(UOp u) {
  const UOp num = u.src(0), den = u.src(1);
  const DType d = u.dtype();
  Sum s = flatten_sum(num);
  if (s.terms.empty() || s.terms.size() > 16) return std::nullopt;
  std::vector<UOp> dsym;
  int64_t dconst = 1;
  for (UOp f : factors(den)) {
    if (auto v = f.const_int())
      dconst = *v;
    else
      dsym.push_back(f);
  }
  if (dconst == INT64_MIN) return std::nullopt;
  // Symbolic factors of the divisor found in every term (never zero; none when the sum has a constant).
  std::vector<std::vector<UOp>> tf;
  for (const Term& t : s.terms)
    tf.push_back(factors(t.base));
  std::vector<UOp> common;
  if (s.constant == 0)
    for (UOp f : dsym) {
      if (!never_zero(f)) continue;
      bool everywhere = true;
      for (auto& fs : tf)
        everywhere = everywhere && std::find(fs.begin(), fs.end(), f) != fs.end();
      if (!everywhere) continue;
      common.push_back(f);
      for (auto& fs : tf)
        fs.erase(std::find(fs.begin(), fs.end(), f));
    }
  int64_t g = std::abs(dconst);
  for (const Term& t : s.terms)
    g = std::gcd(g, t.coef == INT64_MIN ? int64_t{1} : std::abs(t.coef));
  g = std::gcd(g, s.constant == INT64_MIN ? int64_t{1} : std::abs(s.constant));
  if (common.empty() && g <= 1) return std::nullopt;
  Sum a{d, {}, s.constant / g};
  for (size_t i = 0; i < s.terms.size(); ++i)
    a.terms.push_back({product(tf[i], d), s.terms[i].coef / g});
  std::vector<UOp> rest;
  for (UOp f : dsym)
    if (auto it = std::find(common.begin(), common.end(), f); it != common.end())
      common.erase(it), rest.push_back(UOp{}); // marks one removed
    else
      rest.push_back(f);
  std::vector<UOp> b;
  for (UOp f : rest)
    if (!f.is_null()) b.push_back(f);
  if (dconst / g != 1) b.push_back(konst(d, dconst / g));
  std::vector<UOp> taken; // the factors divided out, for the remainder's scale
  for (UOp f : dsym)
    if (std::find(b.begin(), b.end(), f) == b.end()) taken.push_back(f);
  const UOp an = build_sum(flatten_sum(build_sum(a))), bd = product(b, d);
  if (g > 1) taken.push_back(konst(d, g));
  const UOp out = u.op() == Op::FLOORDIV ? an.floordiv(bd) : an.floormod(bd) * product(taken, d);
  if (tree_size(out, 4096) >= tree_size(u, 4096)) return std::nullopt;
  return out;
}

// Division and modulo by a symbolic divisor y that is never zero, with exact (non-wrapping) operands:
//   (x*y) // y -> x            (x*y) % y -> 0
//   (x*y + z) // y -> x + z // y        (x*y + z) % y -> z % y
//   (x*s) // (y*s) -> x // y   (x*s) % (y*s) -> (x % y) * s      (s never zero)
// Products are chains of factors in any order and nesting (d1*a*d2*b*d1 // (d1*d2) -> a*b*d1), which one-line
// patterns cannot say.
std::optional<UOp> fold_divmod_symbolic(const Match& m) {
  const UOp u = m.root, num = u.src(0), den = u.src(1);
  const bool is_div = u.op() == Op::FLOORDIV;
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
  if (num.op() == Op::ADD || num.op() == Op::SUB) return divide_out_common(u);
  if (num.op() == Op::MUL && den.op() == Op::MUL) {
    // Common factors that are never zero leave both sides: (A*S) // (B*S) == A // B, (A*S) % (B*S) == (A % B)*S.
    std::vector<UOp> a = factors(num), b, common;
    for (UOp f : factors(den)) {
      auto it = std::find(a.begin(), a.end(), f);
      if (it != a.end() && !f.is_const() && never_zero(f)) {
        common.push_back(f);
        a.erase(it);
      } else {
        b.push_back(f);
      }
    }
    if (common.empty()) return std::nullopt;
    const UOp x = product(a, u.dtype()), y = product(b, u.dtype());
    return is_div ? x.floordiv(y) : x.floormod(y) * product(common, u.dtype());
  }
  return std::nullopt;
}

const Pat x = ivar("x"), y = ivar("y"), c = cvar("c"), c1 = cvar("c1"), c2 = cvar("c2"), c3 = cvar("c3");
// The last term of a sum is a quotient or remainder (or a multiple of one): recombination may apply.
const Pat dm = Pat::any_of({Op::FLOORDIV, Op::FLOORMOD});
const Pat any_part = Pat::var("a0"), z = ivar("z");
const Pat sum = Pat::any_of({Op::ADD, Op::SUB, Op::MUL, Op::NEG}).ints().named("s");

} // namespace

RuleTable divmod_rules() {
  // clang-format off
  return RuleTable("divmod", {
    rule("mod_in_range",    x % c,          x,               lo(x) >= 0 && hi(x) < val(c)),
    rule("mod_in_range_sym", x % y,         x,               lo(x) >= 0 && hi(x) < lo(y)),
    // A constant added between two floor divisions moves into the dividend: (x // 2 + 1) // 2 -> (x + 2) // 4.
    rule("div_add_div",     (x / c1 + c3) / c2, (x + c3 * c1) / (c1 * c2),
         val(c1) > 0 && val(c2) > 0 && val(c1) * val(c2) <= dmax(x) && lo(x) + val(c3) * val(c1) >= dmin(x) &&
         hi(x) + val(c3) * val(c1) <= dmax(x)),
    // An index split into (x // c, x % c) and joined again (a reshape of a gathered flat position) is x itself.
    rule("div_mod_join",    (x / c) * c + x % c, x,          val(c) > 0),
    rule("div_div",         (x / c1) / c2,  x / (c1 * c2),   val(c1) > 0 && val(c2) > 0 && val(c1) * val(c2) <= dmax(x)),
    // Floor of a floor by a positive c2 is the floor of the whole, whatever the inner divisor's sign:
    // (a // -2) // 3 -> a // -6, (a // -2 + 1) // 3 -> (a - 2) // -6.
    rule("div_neg_div",     (x / c1) / c2,  x / (c1 * c2),   val(c1) < -1 && val(c2) > 0 && val(c1) * val(c2) >= dmin(x)),
    rule("div_neg_add_div", (x / c1 + c3) / c2, (x + c3 * c1) / (c1 * c2),
         val(c1) < -1 && val(c2) > 0 && val(c1) * val(c2) >= dmin(x) && lo(x) + val(c3) * val(c1) >= dmin(x) &&
         hi(x) + val(c3) * val(c1) <= dmax(x)),
    rule("mod_mod",         (x % c1) % c2,  x % c2,          val(c1) != 0 && val(c2) > 0 && val(c1) % val(c2) == 0),
    rule("cdiv_nonneg",     cdiv(x, y),     x / y,           lo(x) >= 0 && lo(y) > 0),
    rule("cmod_nonneg",     cmod(x, y),     x % y,           lo(x) >= 0 && lo(y) > 0),
    rule_fn("div_sum",      sum / c,        LMC_FOLD(fold_divmod_sum)),
    rule_fn("mod_sum",      sum % c,        LMC_FOLD(fold_divmod_sum)),
    rule_fn("div_gcd",      (x * c1 + y * c2) / c,        LMC_FOLD(fold_div_gcd)),
    rule_fn("div_gcd_mul",  (x * c1) / c,                 LMC_FOLD(fold_div_gcd)),
    // A remainder too small to matter drops; a factor of c divides first when that leaves a plain sum.
    rule_fn("div_sum_factor", sum / c,                    LMC_FOLD(fold_div_sum_factor))
        .with_examples({(x * c1 + y) / c, (x * c1 + y * c2 + z) / c, (x * c1 + y * c2 + c3) / c}),
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
    rule_fn("div_gcd_one_const", (x * c1 + c2) / c,       LMC_FOLD(fold_div_gcd)),
    // A remainder by a multiple of c inside the sum leaves; a factor of c shared by the terms splits out.
    rule_fn("mod_sum_factor", sum % c,                     LMC_FOLD(fold_mod_sum_factor))
        .with_examples({(x * c1 + y) % c, (x * c1 + y + c2) % c, (x * c1) % c, (x % c1 + y) % c,
                        (x % c1 + y + c2) % c, ((x + c3) % c1 * c2 + y) % c}),
    rule_fn("div_neg_const_out", (sum / c1) + c2,          LMC_FOLD(fold_div_neg_const_out))
        .with_examples({(x + c3) / c1 + c2, (c3 - x * c) / c1 + c2}),
  });
  // clang-format on
}

} // namespace lmc::rules
