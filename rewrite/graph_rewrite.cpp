// The three drivers, iterative (no recursion: index graphs can be hundreds of thousands of nodes deep).
#include "rewrite/graph_rewrite.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "rewrite/trace.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <fmt/format.h>
#include <map>
#include <vector>

namespace lmc::rw {
namespace {

// Node id -> V, open addressing with linear probing over one flat array of (id, value) slots. The memo is the
// driver's hottest structure (several lookups per node); a node-based hash map spent most of its time allocating
// and chasing pointers, and keys apart from values cost two cache misses per probe. Ids are sparse (a small
// expression may mix old variables with fresh nodes), so not a dense vector.
template <class V>
class IdMap {
public:
  IdMap() { reset(64); }
  bool contains(uint32_t id) const { return slots_[find(id)].key == id; }
  // The value for id, which must be present.
  V at(uint32_t id) const {
    const Slot& s = slots_[find(id)];
    if (s.key != id) throw Error(fmt::format("graph_rewrite: node {} has no result", id));
    return s.val;
  }
  // The value for id, or `absent`.
  V get(uint32_t id, V absent) const {
    const Slot& s = slots_[find(id)];
    return s.key == id ? s.val : absent;
  }
  // The value for id, or nullptr (valid until the next insertion).
  const V* lookup(uint32_t id) const {
    const Slot& s = slots_[find(id)];
    return s.key == id ? &s.val : nullptr;
  }
  // The value for id, inserted as V{} when absent (valid until the next insertion).
  V& slot(uint32_t id) {
    size_t i = find(id);
    if (slots_[i].key != id) {
      if ((size_ + 1) * 2 > slots_.size()) {
        grow();
        i = find(id);
      }
      slots_[i] = {id, V{}};
      ++size_;
    }
    return slots_[i].val;
  }
  // Inserts or overwrites.
  void set(uint32_t id, V v) { slot(id) = v; }
  // Inserts only when absent.
  void add(uint32_t id, V v) {
    if (!contains(id)) set(id, v);
  }
  bool empty() const { return size_ == 0; }
  // Calls f(id, value) for every entry, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.key != kEmpty) f(s.key, s.val);
  }

private:
  static constexpr uint32_t kEmpty = 0xffffffffu;
  struct Slot {
    uint32_t key = kEmpty;
    V val{};
  };
  size_t find(uint32_t id) const {
    const size_t mask = slots_.size() - 1;
    size_t i = (id * uint64_t{0x9E3779B97F4A7C15} >> 32) & mask;
    while (slots_[i].key != kEmpty && slots_[i].key != id)
      i = (i + 1) & mask;
    return i;
  }
  void reset(size_t n) {
    slots_.assign(n, Slot{});
    size_ = 0;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    reset(old.size() * 2);
    for (const Slot& s : old)
      if (s.key != kEmpty) {
        slots_[find(s.key)] = s;
        ++size_;
      }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// The driver's memo: node -> its rewritten form, and per-node flags for tables with waiting rules, in one table
// so a node's form and flags cost one probe. Nodes made during this rewrite (ids from the arena's count at its
// start: rebuilt nodes, replacements, everything the rules build) have dense ids, so they are held in a plain
// array indexed by id; about half of a large simplify's probes are of fresh nodes. The input's nodes were mostly
// made just before the rewrite, so their ids are dense too, just below that count: a second array covers a window
// of ids below it, grown downward (at least doubling) while the ids asked for stay near it. Only ids far below the
// window (old variables in a small expression) go through the hash table: a hash probe per input node was a
// cache miss each, where the window is read nearly in order.
class Memo {
public:
  static constexpr uint8_t kExits = 1;   // a user outside waits_inside (or the caller) reads this node
  static constexpr uint8_t kWaiting = 2; // a recorded form at which a waiting rule was skipped
  struct Entry {
    UOp result; // null: walked or flagged, no form recorded yet
    uint8_t flags = 0;
  };

  bool contains(uint32_t id) const {
    const Entry* e = lookup(id);
    return e && !e->result.is_null();
  }
  UOp at(uint32_t id) const {
    const Entry* e = lookup(id);
    if (!e || e->result.is_null()) throw Error(fmt::format("graph_rewrite: node {} has no result", id));
    return e->result;
  }
  UOp get(uint32_t id, UOp absent) const {
    const Entry* e = lookup(id);
    return e && !e->result.is_null() ? e->result : absent;
  }
  void set(uint32_t id, UOp v) { slot(id).result = v; }
  void add(uint32_t id, UOp v) {
    Entry& e = slot(id);
    if (e.result.is_null()) e.result = v;
  }
  // The entry for id, or nullptr (valid until the next insertion).
  const Entry* find(uint32_t id) const { return lookup(id); }
  uint8_t flags(uint32_t id) const {
    const Entry* e = lookup(id);
    return e ? e->flags : 0;
  }
  Entry& entry(uint32_t id) { return slot(id); }

private:
  // Smallest window, and how far below it an id may lie and still extend it (relative to its size): a window
  // at most doubles per extension, so extending costs amortized O(1) per entry and never exceeds twice the ids
  // asked for.
  static constexpr size_t kMinWindow = 64;
  static constexpr size_t kMinFresh = 64;

  const Entry* lookup(uint32_t id) const {
    if (id >= base_) {
      const size_t i = id - base_;
      return i < fresh_.size() ? &fresh_[i] : nullptr;
    }
    if (id >= low_) return &window_[id - low_];
    return far_.lookup(id);
  }
  Entry& slot(uint32_t id) {
    if (id >= base_) {
      const size_t i = id - base_;
      // Ids are handed out in order: grow to cover every node made so far (at least double), not one at a time.
      // At least kMinFresh: a small expression's rewrite otherwise grew it 1, 2, 4, ... (an allocation each).
      if (i >= fresh_.size())
        fresh_.resize(std::max({i + 1, 2 * fresh_.size(), size_t{uop_count() - base_}, kMinFresh}));
      return fresh_[i];
    }
    if (id < low_ && base_ - id <= 2 * std::max(window_.size(), kMinWindow)) extend_window(id);
    if (id >= low_) return window_[id - low_];
    return far_.slot(id);
  }
  // Grows the window down to cover id (at least doubling it) and moves the far entries it now covers into it.
  void extend_window(uint32_t id) {
    const size_t size = std::min<size_t>(base_, std::max<size_t>({base_ - id, 2 * window_.size(), kMinWindow}));
    const uint32_t low = base_ - static_cast<uint32_t>(size);
    std::vector<Entry> grown(size);
    std::copy(window_.begin(), window_.end(), grown.end() - static_cast<std::ptrdiff_t>(window_.size()));
    window_ = std::move(grown);
    const uint32_t old_low = low_;
    low_ = low;
    if (far_.empty()) return;
    IdMap<Entry> kept;
    far_.for_each([&](uint32_t key, const Entry& e) {
      if (key >= low_ && key < old_low)
        window_[key - low_] = e;
      else
        kept.set(key, e);
    });
    far_ = std::move(kept);
  }
  uint32_t base_ = uop_count();
  uint32_t low_ = base_; // the window covers ids [low_, base_)
  std::vector<Entry> fresh_;
  std::vector<Entry> window_;
  IdMap<Entry> far_;
};

class Rewriter {
public:
  Rewriter(const std::string& name, const RuleTable& rules, const RewriteOptions& options)
      : name_(name), rules_(rules), options_(options), tracer_(Tracer::active()), print_(config().debug >= 4),
        tracks_users_(rules.waits_inside().any()) {}

  UOp run(UOp root) {
    if (tracer_) context_ = tracer_->begin(name_, root);
    UOp out;
    switch (options_.walk) {
    case Walk::FixedPoint:
      out = post_order(root, true);
      break;
    case Walk::SingleWalk:
      out = post_order(root, false);
      break;
    case Walk::TopDown:
      out = top_down(root);
      break;
    }
    if (tracer_) tracer_->end(context_, out);
    return out;
  }

private:
  // One rule application at u, or nullopt. Counts steps and records the trace.
  // `inside`: every user of u is inside the table's waits_inside ops, so waiting rules wait (`waited` says so).
  std::optional<UOp> apply_once(UOp u, bool inside = false, bool* waited = nullptr) {
    const auto start = tracer_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    auto r = rules_.rewrite(u, options_.ctx, inside, waited);
    if (!r) return std::nullopt;
    const Rule& rule = rules_.at(r->second);
    recent_[steps_ % recent_.size()] = r->second;
    if (++steps_ > options_.max_steps) throw_loop();
    if (print_)
      fmt::print(stderr, "lmc: rewrite {}: {} ({}:{}): {} -> {}\n", name_, rule.name, rule.where.file_name(),
                 rule.where.line(), op_name(u.op()), op_name(r->first.op()));
    if (tracer_) {
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start);
      tracer_->step(context_, u, r->first, rule, static_cast<uint64_t>(ns.count()));
    }
    return r->first;
  }

  [[noreturn]] void throw_loop() const {
    std::map<int, int> counts;
    for (size_t i = 0; i < std::min(steps_, recent_.size()); ++i) // only the slots written so far
      ++counts[recent_[i]];
    auto worst = std::max_element(counts.begin(), counts.end(), [](auto a, auto b) { return a.second < b.second; });
    const Rule& rule = rules_.at(worst->first);
    throw Error(fmt::format("graph_rewrite '{}': more than {} rule applications, so the rules loop; the rule firing "
                            "most often is '{}' ({}:{}), {} of the last {} steps",
                            name_, options_.max_steps, rule.name, rule.where.file_name(), rule.where.line(),
                            worst->second, recent_.size()));
  }

  UOp rebuilt(UOp u) {
    auto src = u.src();
    if (src.empty()) return u;
    // Most nodes have at most three sources: those need no allocation.
    std::array<UOp, 3> small;
    std::vector<UOp> big;
    std::span<UOp> fresh = src.size() <= small.size() ? std::span<UOp>(small.data(), src.size())
                                                      : std::span<UOp>((big.resize(src.size()), big));
    bool changed = false;
    for (size_t i = 0; i < src.size(); ++i) {
      fresh[i] = result(src[i]);
      changed |= fresh[i] != src[i];
    }
    return changed ? u.with_src(fresh) : u;
  }

  // The rewritten form of u, which has been walked. Where rules wait, a form may have been refined after it was
  // recorded (memo: u -> v, then v -> w), so the chain is followed.
  UOp result(UOp u) const {
    UOp x = memo_.at(u.id());
    if (!tracks_users_ || x == u) return x; // a node that is its own form ends the chain (no second probe)
    for (UOp next = memo_.get(x.id(), x); next != x; next = memo_.get(x.id(), x))
      x = next;
    return x;
  }

  // Flags per node (in the memo), kept only for tables with waiting rules.
  static constexpr uint8_t kExits = Memo::kExits;
  static constexpr uint8_t kWaiting = Memo::kWaiting;
  bool has_flag(UOp u, uint8_t flag) const { return memo_.flags(u.id()) & flag; }
  void set_flag(UOp u, uint8_t flag) { memo_.entry(u.id()).flags |= flag; }

  enum Stage { Visit, Rebuild, Forward, Refine };
  struct Frame {
    UOp node;
    Stage stage;
    UOp target; // Forward: node's result is target's result
  };

  // s is read by a user; `exits` when that user is outside waits_inside. A form recorded while every known user
  // was inside is refined once a user outside appears (users of a shared node are found one at a time).
  void need(UOp s, bool exits, std::vector<Frame>& stack) {
    if (!tracks_users_) {
      if (!memo_.contains(s.id())) stack.push_back({s, Visit, {}});
      return;
    }
    Memo::Entry& e = memo_.entry(s.id());
    if (exits) e.flags |= kExits;
    if (e.result.is_null()) {
      stack.push_back({s, Visit, {}});
      return;
    }
    if (!exits) return;
    const UOp v = result(s);
    Memo::Entry& ev = memo_.entry(v.id());
    if (!(ev.flags & kWaiting)) return;
    ev.flags &= ~kWaiting;
    stack.push_back({v, Refine, {}});
  }

  // u's rules fired with result r: record it (SingleWalk) or walk r and forward its result (FixedPoint).
  void replaced(UOp u, UOp r, bool fixed_point, std::vector<Frame>& stack) {
    if (!fixed_point) {
      memo_.set(u.id(), r);
      return;
    }
    // The replacement may hold nodes no rule has seen: walk it fully, then forward its result.
    stack.push_back({u, Forward, r});
    need(r, !tracks_users_ || has_flag(u, kExits), stack);
  }

  // Post-order. With `fixed_point`, rules apply to a node until none fires and replacements are re-walked.
  UOp post_order(UOp root, bool fixed_point) {
    if (tracks_users_) set_flag(root, kExits);
    // The stack is taken from a per-thread pool (a fold may run a nested rewrite, which takes another): a rewrite
    // of a small expression grew a fresh one 1, 2, 4, ... frames, an allocation each.
    constexpr size_t kMaxPooledFrames = size_t{1} << 16;
    thread_local std::vector<std::vector<Frame>> pool;
    struct Pooled {
      std::vector<std::vector<Frame>>& pool;
      std::vector<Frame> stack;
      explicit Pooled(std::vector<std::vector<Frame>>& p) : pool(p) {
        if (!pool.empty()) stack = std::move(pool.back()), pool.pop_back();
        stack.clear();
      }
      ~Pooled() {
        if (stack.capacity() <= kMaxPooledFrames) pool.push_back(std::move(stack)); // a huge one is not kept
      }
    } pooled(pool);
    std::vector<Frame>& stack = pooled.stack;
    stack.push_back({root, Visit, {}});
    const OpMask& inside_ops = rules_.waits_inside();
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      switch (f.stage) {
      case Visit: {
        if (memo_.contains(f.node.id())) break;
        stack.push_back({f.node, Rebuild, {}});
        const bool exits = !inside_ops.test(static_cast<size_t>(f.node.op()));
        for (UOp s : f.node.src())
          need(s, exits, stack);
        break;
      }
      case Rebuild: {
        const Memo::Entry* e = memo_.find(f.node.id()); // its form and flags in one probe
        if (e && !e->result.is_null()) break;
        const bool exits = e && (e->flags & kExits);
        UOp n = rebuilt(f.node);
        bool waited = false;
        auto r = apply_once(n, tracks_users_ && !exits, &waited);
        if (r) {
          replaced(f.node, *r, fixed_point, stack);
          break;
        }
        if (n == f.node) { // the common case, unchanged sources: one probe
          Memo::Entry& e = memo_.entry(n.id());
          e.result = n;
          if (waited) e.flags |= kWaiting;
          break;
        }
        const bool fresh = !memo_.contains(n.id());
        memo_.set(f.node.id(), n);
        if (fresh) {
          memo_.set(n.id(), n);
          if (waited) set_flag(n, kWaiting);
        }
        break;
      }
      case Refine: {
        // A user outside waits_inside appeared after node's form was recorded: the waiting rules try it now.
        set_flag(f.node, kExits);
        if (auto r = apply_once(f.node)) replaced(f.node, *r, fixed_point, stack);
        break;
      }
      case Forward:
        memo_.set(f.node.id(), result(f.target));
        break;
      }
    }
    return result(root);
  }

  UOp top_down(UOp root) {
    enum Stage { Visit, Rebuild };
    std::vector<std::pair<UOp, Stage>> stack{{root, Visit}};
    IdMap<UOp> settled; // node -> its form after rules at its own level
    while (!stack.empty()) {
      auto [u, stage] = stack.back();
      stack.pop_back();
      if (stage == Visit) {
        if (memo_.contains(u.id())) continue;
        UOp n = u;
        while (auto r = apply_once(n))
          n = *r;
        settled.set(u.id(), n);
        if (options_.gate && !options_.gate(n)) {
          memo_.set(u.id(), n);
          continue;
        }
        stack.push_back({u, Rebuild});
        for (UOp s : n.src())
          if (!memo_.contains(s.id())) stack.push_back({s, Visit});
      } else {
        if (memo_.contains(u.id())) continue;
        memo_.set(u.id(), rebuilt(settled.at(u.id())));
      }
    }
    return memo_.at(root.id());
  }

  const std::string& name_;
  const RuleTable& rules_;
  const RewriteOptions& options_;
  Tracer* tracer_;
  bool print_; // LMC_DEBUG >= 4: every applied rule
  int context_ = -1;
  size_t steps_ = 0;
  std::array<int, 256> recent_; // the last rules applied (slot steps_ % 256); left unset, read only as written
  bool tracks_users_;           // the table has waiting rules: users are tracked in the memo's flags
  Memo memo_;
};

} // namespace

UOp graph_rewrite(const std::string& name, UOp root, const RuleTable& rules, const RewriteOptions& options) {
  return Rewriter(name, rules, options).run(root);
}

} // namespace lmc::rw
