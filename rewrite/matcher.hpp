// Rule tables: ordered lists of rules, dispatched by the matched node's op through a dense table, with early
// rejection by the op a rule needs at each of the node's sources. Tables are values: `a + b` composes them.
#pragma once
#include "rewrite/pattern.hpp"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lmc::rw {

class RuleTable {
public:
  RuleTable() = default;
  RuleTable(std::string name, std::vector<Rule> rules);

  // Tries the rules that can match u's op, in table order; returns the first replacement and the rule's index.
  // `inside` says every user of u has an op in waits_inside() (so waiting rules are skipped); `waited` is set
  // when a waiting rule that could match u's op and sources was skipped.
  std::optional<std::pair<UOp, int>> rewrite(UOp u, void* ctx = nullptr, bool inside = false,
                                             bool* waited = nullptr) const;
  // The ops every waiting rule waits inside (the intersection of their sets); empty when no rule waits.
  const OpMask& waits_inside() const { return waits_inside_; }

  const std::string& name() const { return name_; }
  const std::vector<Rule>& rules() const { return rules_; }
  size_t size() const { return rules_.size(); }
  const Rule& at(size_t i) const { return rules_.at(i); }
  // A table holding only the rule named `name` (for the per-rule proof harness); throws if absent.
  RuleTable only(const std::string& rule_name) const;

  friend RuleTable operator+(const RuleTable& a, const RuleTable& b);

  // A check every replacement must pass (before, after); a rejected replacement lets the next rule try. Kept by
  // operator+ when either side has one.
  using Accept = bool (*)(UOp before, UOp after);
  RuleTable with_accept(Accept accept) const;

  // A function every node is passed before this table's rules are tried at it, to compute the facts cached on
  // nodes that the rules or the accept check read. The driver works bottom-up, so a fact computed here reads
  // only its sources' (already known) and the node, both in cache then; a fact first asked at the top of a long
  // sum (where waiting rules read the sum whole) walked thousands of cold nodes instead. Kept by operator+ when
  // either side has one; it must change no answer, only when it is computed.
  using Prepare = void (*)(UOp u);
  RuleTable with_prepare(Prepare prepare) const;

private:
  void index();
  // What the pattern asks of the node's sources, checked before matching: most tries at a node fail on these.
  struct SourceConst {
    uint32_t index; // the source (any source when the pattern is commutative)
    int64_t value;  // must be an integral constant of this value
  };
  // Held inline (a pattern has at most three sources; extra checks are dropped, which only makes the filter
  // weaker): the filter runs for every rule at every node, and chasing vectors there cost more than matching.
  static constexpr size_t kMaxChecks = 3;
  struct Candidate {
    int rule;
    int8_t arity = -1;                      // the pattern's number of sources; -1: sources not inspected
    std::array<OpMask, kMaxChecks> src_ops; // the ops each source may have (empty: any)
    uint8_t num_consts = 0;
    std::array<SourceConst, kMaxChecks> consts{}; // sources that must be given constants (x * 1, x % -1)
    int8_t same_a = -1, same_b = -1;              // two sources that must be one node (x - x, x // x)
    bool any_order = false;                       // the pattern's sources match in either order
    bool waits = false;                           // a rule with a waits_inside set
  };
  // What the filter reads of a node: its op, its number of sources and the ops of the first kMaxChecks of them.
  struct NodeShape {
    Op op;
    uint32_t num_src;
    std::array<Op, kMaxChecks> src_ops;
  };
  // Appends the candidates of the shape's op whose pattern can match a node of that shape: the same number of
  // sources, each with an op its pattern source allows, in order or (commutative) swapped. rewrite() keeps the lists
  // in a per-thread cache: the filter depends only on the shape, which repeats across a graph, so each shape is
  // filtered once instead of at every node.
  void filter_candidates(const NodeShape& shape, std::vector<uint16_t>& out) const;
  std::string name_;
  std::vector<Rule> rules_;
  Accept accept_ = nullptr;
  Prepare prepare_ = nullptr;
  OpMask waits_inside_;
  std::array<std::vector<Candidate>, 128> by_op_;
  uint64_t serial_ = 0; // names this table's candidate lists in the per-thread dispatch cache (never reused)
};

} // namespace lmc::rw
