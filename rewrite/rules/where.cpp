// Family "where": selects decided by a constant condition, equal branches, nested selects on the same condition,
// and each branch simplified under its condition (the condition is true in `then`, false in `else`).
// Its own file: the only family that rewrites inside a node's operands with knowledge from the node itself.
#include "rewrite/rules/rules_internal.hpp"

#include <unordered_map>

namespace lmc::rules {
namespace {

// `root` with every use of `from` replaced by `to`, visiting at most `budget` nodes; null when nothing changed.
UOp substitute(UOp root, UOp from, UOp to, size_t budget) {
  if (root == from) return to;
  std::unordered_map<uint32_t, UOp> done;
  std::vector<std::pair<UOp, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [n, ready] = stack.back();
    stack.pop_back();
    if (done.contains(n.id())) continue;
    if (n == from) {
      done.emplace(n.id(), to);
      continue;
    }
    if (!ready) {
      if (done.size() + stack.size() > budget) return {};
      stack.push_back({n, true});
      for (UOp s : n.src())
        if (!done.contains(s.id())) stack.push_back({s, false});
      continue;
    }
    std::vector<UOp> src;
    bool changed = false;
    for (UOp s : n.src()) {
      src.push_back(done.at(s.id()));
      changed |= src.back() != s;
    }
    done.emplace(n.id(), changed ? n.with_src(src) : n);
  }
  const UOp out = done.at(root.id());
  return out == root ? UOp{} : out;
}

// where(c, a, b): inside a, c is true; inside b, c is false. Replacing c by a constant never grows a branch.
std::optional<UOp> fold_where_under_condition(const Match& m) {
  const UOp u = m.root, c = u.src(0);
  if (c.is_const()) return std::nullopt;
  constexpr size_t kBudget = 256; // a bounded look into each branch keeps this rule cheap on big graphs
  UOp a = substitute(u.src(1), c, konst(bool_, 1), kBudget);
  UOp b = substitute(u.src(2), c, konst(bool_, 0), kBudget);
  if (a.is_null() && b.is_null()) return std::nullopt;
  return UOp::make(Op::WHERE, u.dtype(), {c, a.is_null() ? u.src(1) : a, b.is_null() ? u.src(2) : b});
}

const Pat c = bvar("c"), d = bvar("d"), a = anyvar("a"), b = anyvar("b"), e = anyvar("e");
const Pat t = Pat::cnst(1).where_dtype(scalar_bool), f = Pat::cnst(0).where_dtype(scalar_bool);
const Pat not_c = ne(c, Pat::cnst(1));
// A branch that combines the condition with something else: the condition's value is known there.
const Pat uses_c = Pat::op({Op::AND, Op::OR, Op::CMPEQ, Op::CMPNE}, {c, d});

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
    rule_fn("where_under_cond_then", where(c, uses_c, b),         LMC_FOLD(fold_where_under_condition)),
    rule_fn("where_under_cond_else", where(c, a, uses_c),         LMC_FOLD(fold_where_under_condition)),
  });
  // clang-format on
}

} // namespace lmc::rules
