// Family "where": selects decided by a constant condition, equal branches, nested selects on the same condition,
// and each branch simplified under its condition (the condition is true in `then`, false in `else`).
// Its own file: the only family that rewrites inside a node's operands with knowledge from the node itself.
#include "rewrite/rules/rules_internal.hpp"

#include <array>
#include <vector>

namespace lmc::rules {
namespace {

// Node id -> UOp for one walk, kept per thread and emptied in O(1) by a generation count: the walks below ran at
// every select tried, and a node-based hash map allocated per entry (most of a random expression's mallocs).
class WalkMap {
public:
  void clear() {
    if (++gen_ == 0) { // the count wrapped: forget every stamp
      for (Slot& s : slots_)
        s.gen = 0;
      gen_ = 1;
    }
    size_ = 0;
  }
  size_t size() const { return size_; }
  const UOp* find(uint32_t id) const {
    const Slot& s = slots_[probe(id)];
    return s.gen == gen_ ? &s.val : nullptr;
  }
  bool contains(uint32_t id) const { return find(id) != nullptr; }
  // Inserts when absent; returns whether it did.
  bool emplace(uint32_t id, UOp v) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    Slot& s = slots_[probe(id)];
    if (s.gen == gen_) return false;
    s = {gen_, id, v};
    ++size_;
    return true;
  }

private:
  struct Slot {
    uint32_t gen = 0, id = 0;
    UOp val;
  };
  size_t probe(uint32_t id) const {
    const size_t mask = slots_.size() - 1;
    size_t i = (id * uint64_t{0x9E3779B97F4A7C15} >> 32) & mask;
    while (slots_[i].gen == gen_ && slots_[i].id != id)
      i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    const uint32_t gen = gen_;
    gen_ = 1, size_ = 0;
    for (const Slot& s : old)
      if (s.gen == gen) emplace(s.id, s.val);
  }
  std::vector<Slot> slots_ = std::vector<Slot>(1024);
  uint32_t gen_ = 1;
  size_t size_ = 0;
};

// `root` with every use of `from` replaced by `to`, visiting at most `budget` nodes; null when nothing changed.
// A memory access (an INDEX: its address and gate) is left as it is: a select evaluates both branches, so a load
// in the branch not taken still runs, and its address and gate must stay safe where the condition does not hold
// (where(i < n, load(x[where(i < n, i, 0)]), 0) must not read x[i] for i >= n).
UOp substitute(UOp root, UOp from, UOp to, size_t budget) {
  if (root == from) return to;
  if (root.op() == Op::INDEX) return {};
  // Per-thread scratch: nothing below walks again (with_src only makes nodes).
  thread_local WalkMap done;
  thread_local std::vector<std::pair<UOp, bool>> stack;
  done.clear();
  stack.assign(1, {root, false});
  while (!stack.empty()) {
    auto [n, ready] = stack.back();
    stack.pop_back();
    if (done.contains(n.id())) continue;
    if (n == from) {
      done.emplace(n.id(), to);
      continue;
    }
    if (n.op() == Op::INDEX) {
      done.emplace(n.id(), n);
      continue;
    }
    if (!ready) {
      if (done.size() + stack.size() > budget) return {};
      stack.push_back({n, true});
      for (UOp s : n.src())
        if (!done.contains(s.id())) stack.push_back({s, false});
      continue;
    }
    // Sources in place for up to four (nearly every node): no allocation.
    std::array<UOp, 4> small;
    std::vector<UOp> big;
    const auto ns = n.src();
    std::span<UOp> src = ns.size() <= small.size() ? std::span<UOp>(small.data(), ns.size())
                                                   : std::span<UOp>((big.resize(ns.size()), big));
    bool changed = false;
    for (size_t i = 0; i < ns.size(); ++i) {
      src[i] = *done.find(ns[i].id());
      changed |= src[i] != ns[i];
    }
    done.emplace(n.id(), changed ? n.with_src(src) : n);
  }
  const UOp out = *done.find(root.id());
  return out == root ? UOp{} : out;
}

// The min and max nodes of p and q (either order) in root's graph, looking at most `budget` nodes (one walk, and no
// node made: most selects have none).
std::vector<UOp> min_max_of(UOp root, UOp p, UOp q, size_t budget) {
  std::vector<UOp> found;
  thread_local std::vector<UOp> stack; // per-thread scratch, as in substitute
  thread_local WalkMap seen;
  stack.assign(1, root);
  seen.clear();
  while (!stack.empty() && seen.size() < budget) {
    const UOp n = stack.back();
    stack.pop_back();
    if (!seen.emplace(n.id(), n) || n.op() == Op::INDEX) continue;
    if ((n.op() == Op::MIN || n.op() == Op::MAX) &&
        ((n.src(0) == p && n.src(1) == q) || (n.src(0) == q && n.src(1) == p)))
      found.push_back(n);
    for (UOp s : n.src())
      stack.push_back(s);
  }
  return found;
}

// where(c, f(s, a), f(s, b)) -> f(s, where(c, a, b)): both arms apply one binary op with one operand in common
// (in the same place, or in either place for a commutative op). One node fewer.
std::optional<UOp> fold_where_shared_operand(const Match& m) {
  const UOp u = m.root, l = u.src(1), r = u.src(2);
  if (l.op() != r.op() || l.num_src() != 2 || !is_alu(l.op()) || l.dtype() != r.dtype()) return std::nullopt;
  const bool comm = is_commutative(l.op());
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      if ((i != j && !comm) || l.src(i) != r.src(j)) continue;
      // A shared dividend would put the select into the divisor: where(c, 1 // a, 1 // b) is undefined where
      // either divisor is zero, 1 // where(c, a, b) only where the chosen one is.
      if (i == 0 && (l.op() == Op::FLOORDIV || l.op() == Op::FLOORMOD)) continue;
      const UOp a = l.src(1 - i), b = r.src(1 - j);
      if (a.dtype() != b.dtype()) continue;
      const UOp w = UOp::make(Op::WHERE, a.dtype(), {u.src(0), a, b});
      return UOp::make(l.op(), l.dtype(), i == 0 ? std::vector<UOp>{l.src(0), w} : std::vector<UOp>{w, l.src(1)});
    }
  return std::nullopt;
}

// op(where(c, a, b), where(c, d, e)) -> where(c, op(a, d), op(b, e)) for a binary op (also with the second select
// on not c, its arms swapped: where(x < y, 1, 0) + where(y <= x, 1, 0) -> 1), when each new arm has a
// constant operand or one arm is all constants (so the whole does not grow: where(c, a, 0) + where(c, b, 1) ->
// where(c, a + b, 1)).
std::optional<UOp> where_combine(UOp u) {
  const UOp l = u.src(0);
  UOp r = u.src(1);
  // Not for // and %: where(c, a // b, ...) would divide by b even where the original's divisor was the else arm.
  if (u.op() == Op::FLOORDIV || u.op() == Op::FLOORMOD) return std::nullopt;
  if (l.op() != Op::WHERE || r.op() != Op::WHERE) return std::nullopt;
  // A select on the negated condition is the one on the condition with its arms swapped.
  if (l.src(0) != r.src(0)) {
    if (negated_comparison(l.src(0)) != r.src(0)) return std::nullopt;
    r = UOp::make(Op::WHERE, r.dtype(), {l.src(0), r.src(2), r.src(1)});
  }
  const bool then_const = l.src(1).is_const() || r.src(1).is_const();
  const bool else_const = l.src(2).is_const() || r.src(2).is_const();
  const bool then_folds = l.src(1).is_const() && r.src(1).is_const();
  const bool else_folds = l.src(2).is_const() && r.src(2).is_const();
  if (!(then_const && else_const) && !then_folds && !else_folds) return std::nullopt;
  const UOp t = UOp::make(u.op(), u.dtype(), {l.src(1), r.src(1)});
  const UOp e = UOp::make(u.op(), u.dtype(), {l.src(2), r.src(2)});
  return UOp::make(Op::WHERE, u.dtype(), {l.src(0), t, e});
}

std::optional<UOp> fold_where_combine(const Match& m) {
  return where_combine(m.root);
}

// The same inside a longer sum: (y + where(c, a, 0)) + where(c, b, 1) -> y + where(c, a + b, 1).
std::optional<UOp> fold_where_combine_in_sum(const Match& m) {
  const UOp u = m.root, inner = u.src(0);
  if (u.op() != Op::ADD || inner.op() != Op::ADD) return std::nullopt;
  for (int i = 0; i < 2; ++i) {
    auto w = where_combine(UOp::make(Op::ADD, u.dtype(), {inner.src(i), u.src(1)}));
    if (w) return inner.src(1 - i) + *w;
  }
  return std::nullopt;
}

// where(c, c1, c2) OP c3 (or c3 OP where(...)) with constant arms: the comparison is c, not c, or decided.
std::optional<UOp> fold_where_const_cmp(const Match& m) {
  const UOp u = m.root, w = u.src(0).op() == Op::WHERE ? u.src(0) : u.src(1), kc = w == u.src(0) ? u.src(1) : u.src(0);
  if (w.op() != Op::WHERE) return std::nullopt;
  auto a = w.src(1).const_int(), b = w.src(2).const_int(), k = kc.const_int();
  if (!a || !b || !k || w.dtype().is_bool()) return std::nullopt;
  const bool where_left = w == u.src(0);
  auto holds = [&](int64_t v) { // the comparison with the select's value v
    const int64_t l = where_left ? v : *k, r = where_left ? *k : v;
    return u.op() == Op::CMPEQ ? l == r : u.op() == Op::CMPNE ? l != r : u.op() == Op::CMPLT ? l < r : l <= r;
  };
  const bool then_v = holds(*a), else_v = holds(*b);
  if (then_v == else_v) return konst(bool_, then_v ? 1 : 0);
  return then_v ? w.src(0) : UOp::alu(Op::CMPNE, {w.src(0), konst(bool_, 1)});
}

} // namespace

// The canonical form of not c for a comparison c: k - 1 < x for x < k with a constant k (and x < k + 1 for k < x),
// q <= p for p < q, q < p for p <= q, != for == and == for !=; null for anything else.
UOp negated_comparison(UOp c) {
  if (c.num_src() != 2 || !exact_int(c.src(0).dtype())) return {};
  const DType d = c.src(0).dtype();
  const UOp p = c.src(0), q = c.src(1);
  switch (c.op()) {
  case Op::CMPLT:
    if (auto k = q.const_int(); k && *k > d.min_int()) return konst(d, *k - 1).lt(p);
    if (auto k = p.const_int(); k && *k < d.max_int()) return q.lt(konst(d, *k + 1));
    return UOp::make(Op::CMPLE, bool_, {q, p});
  case Op::CMPLE:
    return q.lt(p);
  case Op::CMPEQ:
    return UOp::make(Op::CMPNE, bool_, {p, q});
  case Op::CMPNE:
    return UOp::make(Op::CMPEQ, bool_, {p, q});
  default:
    return {};
  }
}

namespace {

// where(c, a, b): inside a, c is true; inside b, c is false. Replacing c by a constant never grows a branch, nor
// does replacing min(p, q) or max(p, q) by the operand the comparison c = p < q picks.
std::optional<UOp> fold_where_under_condition(const Match& m) {
  const UOp u = m.root, c = u.src(0);
  if (c.is_const()) return std::nullopt;
  constexpr size_t kBudget = 256; // a bounded look into each branch keeps this rule cheap on big graphs
  UOp a = substitute(u.src(1), c, konst(bool_, 1), kBudget);
  UOp b = substitute(u.src(2), c, konst(bool_, 0), kBudget);
  // The condition's negation as the comparisons canonicalize it (not (x < k) is k - 1 < x): known there too.
  if (const UOp n = negated_comparison(c); !n.is_null()) {
    if (UOp a2 = substitute(a.is_null() ? u.src(1) : a, n, konst(bool_, 0), kBudget); !a2.is_null()) a = a2;
    if (UOp b2 = substitute(b.is_null() ? u.src(2) : b, n, konst(bool_, 1), kBudget); !b2.is_null()) b = b2;
  }
  // Under p < q (or p <= q), min(p, q) is p and max(p, q) is q; where it fails, the other way round.
  if ((c.op() == Op::CMPLT || c.op() == Op::CMPLE) && exact_int(c.src(0).dtype())) {
    const UOp p = c.src(0), q = c.src(1);
    auto known = [&](UOp& branch, UOp original, UOp lo, UOp hi) {
      for (const UOp pair : min_max_of(branch.is_null() ? original : branch, p, q, kBudget))
        if (UOp r = substitute(branch.is_null() ? original : branch, pair, pair.op() == Op::MIN ? lo : hi, kBudget);
            !r.is_null())
          branch = r;
    };
    known(a, u.src(1), p, q);
    known(b, u.src(2), q, p);
  }
  if (a.is_null() && b.is_null()) return std::nullopt;
  return UOp::make(Op::WHERE, u.dtype(), {c, a.is_null() ? u.src(1) : a, b.is_null() ? u.src(2) : b});
}

const Pat c = bvar("c"), d = bvar("d"), a = anyvar("a"), b = anyvar("b"), e = anyvar("e");
const Pat t = Pat::cnst(1).where_dtype(scalar_bool), f = Pat::cnst(0).where_dtype(scalar_bool);
const Pat not_c = ne(c, Pat::cnst(1));
// A branch that combines the condition with something else: the condition's value is known there.
const Pat uses_c = Pat::op({Op::AND, Op::OR, Op::CMPEQ, Op::CMPNE}, {c, d});
const Pat x = ivar("x"), y = ivar("y");
const auto binary = {Op::ADD, Op::SUB, Op::MUL, Op::FLOORDIV, Op::FLOORMOD, Op::MAX, Op::MIN, Op::AND, Op::OR, Op::XOR};
const Pat d2 = anyvar("d2");
const Pat dxy = (x - y).named("p"), p = Pat::var("p");
const Pat const_arms = where(c, Pat::cvar("k"), Pat::cvar("k2")); // a select of two constants
const Pat arm1 = Pat::any_of(binary).ints(), arm2 = Pat::any_of(binary).ints().named("arm2");

} // namespace

RuleTable where_rules() {
  // clang-format off
  return RuleTable("where", {
    rule("where_true",        where(Pat::cnst(1), a, b),          a),
    rule("where_false",       where(Pat::cnst(0), a, b),          b),
    rule("where_same",        where(c, a, a),                     a),
    rule("where_bool_id",     where(c, t, f),                     c),
    rule("where_bool_not",    where(c, f, t),                     not_c),
    rule("where_not_cond",    where(not_c, a, b),                 where(c, b, a)),
    rule("where_nested_then", where(c, where(c, a, b), e),        where(c, a, e)),
    rule("where_nested_else", where(c, a, where(c, b, e)),        where(c, a, e)),
    rule("where_merge_else",  where(c, where(d, a, b), b),        where(c & d, a, b)),
    rule("where_or_dual",     where(c, a, where(d, a, b)),        where(c | d, a, b)),
    rule("where_bool_and",    where(c, d, f),                     c & d),
    rule("where_bool_or",     where(c, t, d),                     c | d),
    // A select of the smaller (larger) of two values is their min (max).
    rule("where_lt_min",      where(x < y, x, y),                 min(x, y)),
    rule("where_lt_max",      where(x < y, y, x),                 max(x, y)),
    rule("where_le_min",      where(x <= y, x, y),                min(x, y)),
    rule("where_le_max",      where(x <= y, y, x),                max(x, y)),
    rule_fn("where_shared_operand", where(c, arm1, arm2),         LMC_FOLD(fold_where_shared_operand))
        .with_examples({where(c, x + y, x + e), where(c, x / Pat::cvar("k"), y / Pat::cvar("k")),
                        where(c, max(x, y), max(e, x)), where(c, x - y, e - y)}),
    rule_fn("where_under_cond_then", where(c, uses_c, b),         LMC_FOLD(fold_where_under_condition)),
    rule_fn("where_under_cond_else", where(c, a, uses_c),         LMC_FOLD(fold_where_under_condition)),
    // A select nested anywhere in a branch on the same condition (where(c, where(c, -x, x) * 2, ...)).
    rule_fn("where_under_cond_nested", where(c, a, b),            LMC_FOLD(fold_where_under_condition))
        .with_examples({where(c, where(c, a, b) * Pat::cvar("k"), e), where(c, e, where(c, a, b) + Pat::cvar("k")),
                        where(x < y, min(x, y) + e, max(y, x)), where(x <= y, e, min(x, y))}),
    rule_fn("where_combine",  Pat::op(binary, {where(c, a, b), where(c, d2, e)}), LMC_FOLD(fold_where_combine))
        .with_examples({where(c, a, Pat::cvar("k")) + where(c, d2, Pat::cvar("k2")),
                        max(where(c, Pat::cvar("k"), a), where(c, Pat::cvar("k2"), d2))}),
    rule_fn("where_combine_negated", Pat::op(binary, {where(c, a, b), where(d, d2, e)}), LMC_FOLD(fold_where_combine))
        .with_examples({where(x < y, a, Pat::cvar("k")) + where(y <= x, Pat::cvar("k2"), d2)}),
    rule_fn("where_combine_in_sum", (x + where(c, a, b)) + where(c, d2, e), LMC_FOLD(fold_where_combine_in_sum))
        .with_examples({(x + where(c, a, Pat::cvar("k"))) + where(c, d2, Pat::cvar("k2"))}),
    rule_fn("where_const_cmp", Pat::op({Op::CMPEQ, Op::CMPNE}, {where(c, Pat::cvar("k"), Pat::cvar("k2")), Pat::cvar("k3")}),
            LMC_FOLD(fold_where_const_cmp)),
    rule_fn("where_const_lt",  const_arms < Pat::cvar("k3"),      LMC_FOLD(fold_where_const_cmp)),
    rule_fn("const_lt_where",  Pat::cvar("k3") < const_arms,      LMC_FOLD(fold_where_const_cmp)),
    // A difference kept only where it is negative (positive) is its min (max) with 0.
    rule("where_lt_diff_min", where(x < y, dxy, Pat::cnst(0)),    min(p, Pat::cnst(0)), fits(p)),
    rule("where_gt_diff_max", where(y < x, dxy, Pat::cnst(0)),    max(p, Pat::cnst(0)), fits(p)),
  });
  // clang-format on
}

} // namespace lmc::rules
