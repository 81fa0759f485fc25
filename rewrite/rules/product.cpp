// Family "product": sums of products of variables, multiplied out and collected again: x*y + x*z -> x*(y + z),
// (x + 1)*y - y -> x*y, (x + y)*(x + y) - x*x - y*y -> x*y*2. Its own file: the sum rules (combine) treat a product
// of two variables as one opaque term; here the terms are polynomials, which only this family reads.
#include "rewrite/rules/rules_internal.hpp"

#include <algorithm>
#include <map>

namespace lmc::rules {
namespace {

// A monomial: the ids of its atoms (sorted, with repeats) -> its coefficient, wrapped to the dtype. Add and mul are
// ring operations modulo 2^bits, so multiplying out and collecting is exact whatever wraps.
using Monomial = std::vector<uint32_t>;
struct Poly {
  std::map<Monomial, uint64_t> terms; // the empty monomial is the constant
};

constexpr size_t kMaxMonomials = 16, kMaxDegree = 4;

struct Expander {
  std::map<uint32_t, UOp> atoms; // id -> node
  bool too_big = false;

  void add(Poly& p, const Monomial& m, uint64_t c) {
    if (c == 0) return;
    if ((p.terms[m] += c) == 0) p.terms.erase(m);
    if (p.terms.size() > kMaxMonomials) too_big = true;
  }
  Poly times(const Poly& a, const Poly& b) {
    Poly out;
    for (const auto& [ma, ca] : a.terms)
      for (const auto& [mb, cb] : b.terms) {
        Monomial m = ma;
        m.insert(m.end(), mb.begin(), mb.end());
        std::sort(m.begin(), m.end());
        if (m.size() > kMaxDegree) too_big = true;
        add(out, m, ca * cb);
      }
    return out;
  }
  // u as a polynomial over the nodes that are not add, sub, neg, mul or constants.
  Poly expand(UOp u) {
    Poly p;
    if (too_big) return p;
    if (auto c = u.const_int()) {
      add(p, {}, static_cast<uint64_t>(*c));
      return p;
    }
    switch (u.op()) {
    case Op::ADD:
    case Op::SUB: {
      const Poly a = expand(u.src(0)), b = expand(u.src(1));
      p = a;
      for (const auto& [m, c] : b.terms)
        add(p, m, u.op() == Op::ADD ? c : 0 - c);
      return p;
    }
    case Op::NEG:
      for (const auto& [m, c] : expand(u.src(0)).terms)
        add(p, m, 0 - c);
      return p;
    case Op::MUL:
      return times(expand(u.src(0)), expand(u.src(1)));
    default:
      atoms.emplace(u.id(), u);
      add(p, {u.id()}, 1);
      return p;
    }
  }
};

// The node of a polynomial: the atom shared by the most monomials of degree >= 2 (at least two of them) leaves them
// as a factor (x*y + x*z -> x*(y + z)), the rest is summed as it is. Built with the sum's own normal form.
UOp build(const Poly& p, DType d, const std::map<uint32_t, UOp>& atoms, bool factor) {
  std::map<uint32_t, int> uses;
  for (const auto& [m, c] : p.terms)
    if (m.size() >= 2) {
      Monomial distinct = m;
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      for (uint32_t a : distinct)
        ++uses[a];
    }
  uint32_t best = 0;
  int best_uses = 1;
  for (const auto& [a, n] : uses)
    if (n > best_uses) best = a, best_uses = n;
  Sum s{d, {}, 0};
  Poly inner;
  for (const auto& [m, c] : p.terms) {
    if (m.empty()) {
      s.constant = static_cast<int64_t>(c);
      continue;
    }
    if (factor && best_uses > 1 && m.size() >= 2 && std::find(m.begin(), m.end(), best) != m.end()) {
      Monomial rest = m;
      rest.erase(std::find(rest.begin(), rest.end(), best));
      inner.terms[rest] = c;
      continue;
    }
    std::vector<UOp> factors;
    for (uint32_t a : m)
      factors.push_back(atoms.at(a));
    std::sort(factors.begin(), factors.end(), term_before);
    UOp node = factors[0];
    for (size_t i = 1; i < factors.size(); ++i)
      node = UOp::make(Op::MUL, d, {node, factors[i]});
    s.terms.push_back({node, static_cast<int64_t>(c)});
  }
  if (!inner.terms.empty())
    s.terms.push_back({UOp::make(Op::MUL, d, {atoms.at(best), build(inner, d, atoms, true)}), 1});
  for (Term& t : s.terms) // coefficients as the dtype reads them (sign-extended from its width)
    t.coef = konst(d, t.coef).const_int().value_or(t.coef);
  s.constant = konst(d, s.constant).const_int().value_or(s.constant);
  std::sort(s.terms.begin(), s.terms.end(), [](const Term& a, const Term& b) { return term_before(a.base, b.base); });
  return build_sum(s);
}

// Whether a product of two non-constant factors may be a term of u's sum: every node flatten_sum can take as a
// term is reached through adds, subs, negations and products, so none there means none in the sum. Checked before
// flattening, which sorts the terms: most sums that leave a sum hold no product, and their sort was a tenth of
// simplify's time. (A product found here may still cancel in the sum; the flattened sum decides.)
bool may_hold_product(UOp u) {
  thread_local std::vector<UOp> stack;
  stack.assign(1, u);
  while (!stack.empty()) {
    const UOp n = stack.back();
    stack.pop_back();
    switch (n.op()) {
    case Op::MUL:
      if (!n.src(0).is_const() && !n.src(1).is_const()) return true;
      [[fallthrough]];
    case Op::ADD:
    case Op::SUB:
    case Op::NEG:
      for (UOp s : n.src())
        stack.push_back(s);
      break;
    default:
      break;
    }
  }
  return false;
}

// A sum with a product of two non-constant factors in it: multiplied out, then collected; kept when smaller.
std::optional<UOp> fold_collect_products(const Match& m) {
  const UOp u = m.root;
  const DType d = u.dtype();
  if (!exact_int(d) || !may_hold_product(u)) return std::nullopt;
  const Sum flat = flatten_sum(u);
  const bool has_product = std::any_of(flat.terms.begin(), flat.terms.end(), [](const Term& t) {
    return t.base.op() == Op::MUL && !t.base.src(0).is_const() && !t.base.src(1).is_const();
  });
  if (!has_product) return std::nullopt;
  Expander e;
  const Poly p = e.expand(u);
  if (e.too_big) return std::nullopt;
  const size_t before = tree_size(u, 4096);
  UOp best;
  size_t best_size = before;
  for (const bool factor : {false, true}) {
    const UOp out = build(p, d, e.atoms, factor);
    if (const size_t n = tree_size(out, 4096); n < best_size) best = out, best_size = n;
  }
  if (best.is_null()) return std::nullopt;
  return best;
}

const Pat x = ivar("x"), y = ivar("y");

} // namespace

RuleTable product_rules() {
  // Like the sum rules, these wait inside a sum and read it whole where it leaves.
  const rw::OpMask sum_ops = rw::op_mask({Op::ADD, Op::SUB, Op::NEG});
  // clang-format off
  return RuleTable("product", {
    rule_fn("collect_products_add", x + y,                   LMC_FOLD(fold_collect_products)).waiting_inside(sum_ops)
        .with_examples({x * y + x * Pat::var("z"), (x + Pat::cvar("c")) * y + y}),
    rule_fn("collect_products_sub", x - y,                   LMC_FOLD(fold_collect_products)).waiting_inside(sum_ops)
        .with_examples({x * y - x * Pat::var("z"), (x + y) * Pat::var("z") - x * Pat::var("z")}),
  });
  // clang-format on
}

} // namespace lmc::rules
