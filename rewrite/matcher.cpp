// Rule-table indexing and dispatch.
#include "rewrite/matcher.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>

namespace lmc::rw {

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
    Candidate c{static_cast<int>(i), {}, rules_[i].waits_inside.any()};
    if (p.match_src)
      for (const Pat& s : p.src)
        if (s.node().ops.any()) c.src_needs.push_back(s.node().ops);
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
  for (const Candidate& c : candidates) {
    bool possible = true;
    for (const OpMask& need : c.src_needs)
      if ((need & present).none()) {
        possible = false;
        break;
      }
    if (!possible) continue;
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
