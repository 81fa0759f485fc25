// The three drivers, iterative (no recursion: index graphs can be hundreds of thousands of nodes deep).
#include "rewrite/graph_rewrite.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "rewrite/trace.hpp"

#include <array>
#include <chrono>
#include <fmt/format.h>
#include <map>
#include <vector>

namespace lmc::rw {
namespace {

// Node id -> UOp, open addressing with linear probing in two flat arrays. The memo is the driver's hottest
// structure (several lookups per node); a node-based hash map spent most of its time allocating and chasing
// pointers. Ids are sparse (a small expression may mix old variables with fresh nodes), so not a dense vector.
class IdMap {
public:
  IdMap() { reset(64); }
  bool contains(uint32_t id) const { return keys_[find(id)] == id; }
  // The value for id, which must be present.
  UOp at(uint32_t id) const {
    const size_t i = find(id);
    if (keys_[i] != id) throw Error(fmt::format("graph_rewrite: node {} has no result", id));
    return vals_[i];
  }
  // Inserts or overwrites.
  void set(uint32_t id, UOp v) {
    size_t i = find(id);
    if (keys_[i] != id) {
      if ((size_ + 1) * 2 > keys_.size()) {
        grow();
        i = find(id);
      }
      keys_[i] = id;
      ++size_;
    }
    vals_[i] = v;
  }
  // Inserts only when absent.
  void add(uint32_t id, UOp v) {
    if (!contains(id)) set(id, v);
  }

private:
  static constexpr uint32_t kEmpty = 0xffffffffu;
  size_t find(uint32_t id) const {
    const size_t mask = keys_.size() - 1;
    size_t i = (id * uint64_t{0x9E3779B97F4A7C15} >> 32) & mask;
    while (keys_[i] != kEmpty && keys_[i] != id)
      i = (i + 1) & mask;
    return i;
  }
  void reset(size_t n) {
    keys_.assign(n, kEmpty);
    vals_.assign(n, UOp{});
    size_ = 0;
  }
  void grow() {
    std::vector<uint32_t> keys = std::move(keys_);
    std::vector<UOp> vals = std::move(vals_);
    reset(keys.size() * 2);
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] != kEmpty) {
        const size_t j = find(keys[i]);
        keys_[j] = keys[i];
        vals_[j] = vals[i];
        ++size_;
      }
  }
  std::vector<uint32_t> keys_;
  std::vector<UOp> vals_;
  size_t size_ = 0;
};

class Rewriter {
public:
  Rewriter(const std::string& name, const RuleTable& rules, const RewriteOptions& options)
      : name_(name), rules_(rules), options_(options), tracer_(Tracer::active()), print_(config().debug >= 4) {}

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
  std::optional<UOp> apply_once(UOp u) {
    const auto start = tracer_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    auto r = rules_.rewrite(u, options_.ctx);
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
    for (int r : recent_)
      if (r >= 0) ++counts[r];
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
      fresh[i] = memo_.at(src[i].id());
      changed |= fresh[i] != src[i];
    }
    return changed ? u.with_src(fresh) : u;
  }

  // Post-order. With `fixed_point`, rules apply to a node until none fires and replacements are re-walked.
  UOp post_order(UOp root, bool fixed_point) {
    enum Stage { Visit, Rebuild, Forward };
    struct Frame {
      UOp node;
      Stage stage;
      UOp target; // Forward: node's result is target's result
    };
    std::vector<Frame> stack{{root, Visit, {}}};
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      switch (f.stage) {
      case Visit:
        if (memo_.contains(f.node.id())) break;
        stack.push_back({f.node, Rebuild, {}});
        for (UOp s : f.node.src())
          if (!memo_.contains(s.id())) stack.push_back({s, Visit, {}});
        break;
      case Rebuild: {
        if (memo_.contains(f.node.id())) break;
        UOp n = rebuilt(f.node);
        auto r = apply_once(n);
        if (!r) {
          memo_.set(f.node.id(), n);
          memo_.add(n.id(), n);
        } else if (!fixed_point) {
          memo_.set(f.node.id(), *r);
        } else {
          // The replacement may hold nodes no rule has seen: walk it fully, then forward its result.
          stack.push_back({f.node, Forward, *r});
          stack.push_back({*r, Visit, {}});
        }
        break;
      }
      case Forward:
        memo_.set(f.node.id(), memo_.at(f.target.id()));
        break;
      }
    }
    return memo_.at(root.id());
  }

  UOp top_down(UOp root) {
    enum Stage { Visit, Rebuild };
    std::vector<std::pair<UOp, Stage>> stack{{root, Visit}};
    IdMap settled; // node -> its form after rules at its own level
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
  std::array<int, 256> recent_ = [] {
    std::array<int, 256> a{};
    a.fill(-1);
    return a;
  }();
  IdMap memo_;
};

} // namespace

UOp graph_rewrite(const std::string& name, UOp root, const RuleTable& rules, const RewriteOptions& options) {
  return Rewriter(name, rules, options).run(root);
}

} // namespace lmc::rw
