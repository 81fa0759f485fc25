// Rule-table indexing and dispatch.
#include "rewrite/matcher.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <atomic>
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

// The source-op part of the filter is done once per (op, source ops) by the dispatch cache; this is the rest.
template <class Candidate>
inline bool possible(const Candidate& c, std::span<const UOp> src) {
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

namespace {

// Per-thread cache of filtered candidate lists, direct-mapped by (table, node shape). Keyed by the table's serial
// (not its address, which a later table may reuse); a slot holds one list and a collision replaces it. 16384 slots:
// the random expressions of rewrite_bench have thousands of shapes: at 512 (direct-mapped) 64k of their 130k tries
// refiltered (6% of their simplify), at 16384 5k. The slots are on the heap, allocated on a level's first use.
class DispatchCache {
public:
  template <class Fill>
  std::span<const uint16_t> get(uint64_t serial, uint64_t shape_key, Fill&& fill) {
    if (slots_.empty()) slots_.resize(kSlots);
    uint64_t h = (serial * 0x9E3779B97F4A7C15ull) ^ (shape_key * 0xbf58476d1ce4e5b9ull);
    Slot& s = slots_[(h ^ h >> 29) & (kSlots - 1)];
    if (s.serial != serial || s.shape != shape_key) {
      s.serial = serial, s.shape = shape_key;
      s.list.clear();
      fill(s.list);
    }
    return s.list;
  }

private:
  static constexpr size_t kSlots = 16384;
  struct Slot {
    uint64_t serial = 0, shape = 0; // serials start at 1: a zero slot is empty
    std::vector<uint16_t> list;
  };
  std::vector<Slot> slots_;
};

std::atomic<uint64_t> next_table_serial{1};

} // namespace

void RuleTable::filter_candidates(const NodeShape& shape, std::vector<uint16_t>& out) const {
  const auto& candidates = by_op_[static_cast<size_t>(shape.op)];
  // Sources past kMaxChecks are not in the shape: a pattern that long is checked on its arity's lower bound only.
  const size_t known = std::min<size_t>(shape.num_src, kMaxChecks);
  auto fits = [&](const Candidate& c, bool swapped) {
    for (size_t k = 0; k < known; ++k) {
      const OpMask& allowed = c.src_ops[swapped ? known - 1 - k : k];
      if (allowed.any() && !allowed.test(static_cast<size_t>(shape.src_ops[k]))) return false;
    }
    return true;
  };
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    bool ok = true;
    if (c.arity >= 0) {
      const bool arity_ok = shape.num_src > kMaxChecks ? static_cast<size_t>(c.arity) > kMaxChecks
                                                       : static_cast<size_t>(c.arity) == shape.num_src;
      ok = arity_ok && (fits(c, false) || (c.any_order && shape.num_src == 2 && fits(c, true)));
    }
    if (ok) out.push_back(static_cast<uint16_t>(i));
  }
}

void RuleTable::index() {
  serial_ = next_table_serial.fetch_add(1, std::memory_order_relaxed);
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
      c.arity = static_cast<int8_t>(std::min<size_t>(p.src.size(), 127));
      for (size_t k = 0; k < p.src.size() && k < kMaxChecks; ++k)
        c.src_ops[k] = p.src[k].node().ops;
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
  if (prepare_) prepare_(u);
  const auto src = u.src();
  NodeShape shape{u.op(), static_cast<uint32_t>(src.size()), {}};
  uint64_t shape_key = static_cast<uint64_t>(u.op()) << 32 | uint64_t{std::min<uint32_t>(shape.num_src, 4)} << 24;
  for (size_t k = 0; k < src.size() && k < kMaxChecks; ++k) {
    shape.src_ops[k] = src[k].op();
    shape_key |= static_cast<uint64_t>(shape.src_ops[k]) << (8 * k);
  }
  Match m;
  m.root = u;
  m.ctx = ctx;
  // A fold may simplify a subexpression on this thread (a nested rewrite), which could replace the cached list
  // being walked here: each nesting level reads its own cache, and levels past those filter into their own list.
  constexpr int kCachedLevels = 4;
  thread_local std::array<DispatchCache, kCachedLevels> caches;
  thread_local int depth = 0;
  std::vector<uint16_t> own;
  std::span<const uint16_t> list;
  if (depth < kCachedLevels) {
    list = caches[static_cast<size_t>(depth)].get(serial_, shape_key,
                                                  [&](std::vector<uint16_t>& out) { filter_candidates(shape, out); });
  } else {
    filter_candidates(shape, own);
    list = own;
  }
  struct Nest {
    int& d;
    explicit Nest(int& depth) : d(depth) { ++d; }
    ~Nest() { --d; }
  } nest(depth);
  for (const uint16_t i : list) {
    const Candidate& c = candidates[i];
    if (!possible(c, src)) continue;
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
  out.prepare_ = a.prepare_ ? a.prepare_ : b.prepare_;
  return out;
}

RuleTable RuleTable::with_accept(Accept accept) const {
  RuleTable out = *this;
  out.accept_ = accept;
  return out;
}

RuleTable RuleTable::with_prepare(Prepare prepare) const {
  RuleTable out = *this;
  out.prepare_ = prepare;
  return out;
}

} // namespace lmc::rw
