// Rule-table indexing and dispatch.
#include "rewrite/matcher.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace lmc::rw {
namespace {

// False when the node's sources cannot match the candidate's pattern: a needed source op is missing, a needed
// constant is absent, or two sources that must be one node differ. Exact (never false for a node that matches).
inline bool is_const_value(UOp s, int64_t v) {
  const Node& n = node_at(s.id());
  if (n.op != Op::CONST) return false;
  const ConstValue& c = std::get<ConstValue>(n.arg);
  if (const int64_t* i = std::get_if<int64_t>(&c)) return *i == v;
  if (const bool* b = std::get_if<bool>(&c)) return int64_t{*b} == v;
  return false;
}

template <class Candidate>
inline bool possible(const Candidate& c, const OpMask& present, std::span<const UOp> src) {
  for (size_t i = 0; i < c.num_needs; ++i)
    if ((c.src_needs[i] & present).none()) return false;
  for (size_t i = 0; i < c.num_consts; ++i) {
    const auto& k = c.consts[i];
    if (c.any_order) {
      if (std::none_of(src.begin(), src.end(), [&](UOp s) { return is_const_value(s, k.value); })) return false;
    } else if (k.index >= src.size() || !is_const_value(src[k.index], k.value)) {
      return false;
    }
  }
  if (c.same_a >= 0 && static_cast<size_t>(c.same_b) < src.size() && src[c.same_a] != src[c.same_b]) return false;
  return true;
}

} // namespace

RuleTable::RuleTable(std::string name, std::vector<Rule> rules) : name_(std::move(name)), rules_(std::move(rules)) {
  index();
}

void RuleTable::index() {
  for (auto& v : by_op_)
    v.clear();
  bool any_waits = false;
  waits_inside_.reset();
  for (const Rule& r : rules_)
    if (r.waits_inside.any()) {
      waits_inside_ = any_waits ? waits_inside_ & r.waits_inside : r.waits_inside;
      any_waits = true;
    }
  for (size_t i = 0; i < rules_.size(); ++i) {
    const PatNode& p = rules_[i].before.node();
    Candidate c;
    c.rule = static_cast<int>(i);
    c.any_order = p.commutative;
    c.waits = rules_[i].waits_inside.any();
    if (p.match_src) {
      for (const Pat& s : p.src)
        if (s.node().ops.any() && c.num_needs < kMaxChecks) c.src_needs[c.num_needs++] = s.node().ops;
      for (size_t k = 0; k < p.src.size(); ++k) {
        const PatNode& s = p.src[k].node();
        if (s.const_value && c.num_consts < kMaxChecks)
          c.consts[c.num_consts++] = {static_cast<uint32_t>(k), *s.const_value};
        // A leaf capture named twice among the sources: both places must hold one node.
        if (s.capture < 0 || s.match_src || c.same_a >= 0) continue;
        for (size_t j = k + 1; j < p.src.size(); ++j) {
          const PatNode& t = p.src[j].node();
          if (t.capture == s.capture && !t.match_src) {
            c.same_a = static_cast<int8_t>(k);
            c.same_b = static_cast<int8_t>(j);
            break;
          }
        }
      }
    }
    for (int op = 0; op < kNumOps; ++op)
      if (!p.ops.any() || p.ops.test(op)) by_op_[op].push_back(c);
  }
}

std::optional<std::pair<UOp, int>> RuleTable::rewrite(UOp u, void* ctx, bool inside, bool* waited) const {
  const auto& candidates = by_op_[static_cast<size_t>(u.op())];
  if (candidates.empty()) return std::nullopt;
  OpMask present;
  for (UOp s : u.src())
    present.set(static_cast<size_t>(s.op()));
  Match m;
  m.root = u;
  m.ctx = ctx;
  const auto src = u.src();
  for (const Candidate& c : candidates) {
    if (!possible(c, present, src)) continue;
    if (c.waits && inside) {
      if (waited) *waited = true;
      continue;
    }
    if (auto r = rules_[c.rule].apply(m); r && *r != u && (!accept_ || accept_(u, *r)))
      return std::make_pair(*r, c.rule);
  }
  return std::nullopt;
}

RuleTable RuleTable::only(const std::string& rule_name) const {
  for (const Rule& r : rules_)
    if (r.name == rule_name) return RuleTable(name_ + "/" + rule_name, {r});
  throw Error(fmt::format("rule table '{}' has no rule '{}'", name_, rule_name));
}

RuleTable operator+(const RuleTable& a, const RuleTable& b) {
  std::vector<Rule> rules = a.rules_;
  rules.insert(rules.end(), b.rules_.begin(), b.rules_.end());
  RuleTable out(a.name_.empty() ? b.name_ : b.name_.empty() ? a.name_ : a.name_ + "+" + b.name_, std::move(rules));
  out.accept_ = a.accept_ ? a.accept_ : b.accept_;
  return out;
}

RuleTable RuleTable::with_accept(Accept accept) const {
  RuleTable out = *this;
  out.accept_ = accept;
  return out;
}

} // namespace lmc::rw
