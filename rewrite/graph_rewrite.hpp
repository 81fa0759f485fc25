// The rewrite drivers. Every pass in lmc is a named graph_rewrite with a rule table:
//   FixedPoint: post-order; a node's sources are rewritten first, then rules apply until none fires; a
//               replacement is itself rewritten fully (new nodes included). The default.
//   TopDown:    pre-order; rules apply at a node before its sources, and `gate` decides whether to descend.
//   SingleWalk: post-order, each original node gets at most one rule application; replacements are not revisited.
// All memoize by node; a step limit turns runaway rewriting into an lmc::Error naming the rule that looped.
#pragma once
#include "rewrite/matcher.hpp"

#include <functional>
#include <string>

namespace lmc::rw {

enum class Walk { FixedPoint, TopDown, SingleWalk };

struct RewriteOptions {
  Walk walk = Walk::FixedPoint;
  std::function<bool(UOp)> gate; // TopDown: descend into u's sources only when gate(u) (default: always)
  size_t max_steps = 1'000'000;  // rule applications before we call it a loop
  void* ctx = nullptr;           // handed to fold functions as Match::ctx
};

UOp graph_rewrite(const std::string& name, UOp root, const RuleTable& rules, const RewriteOptions& options = {});

} // namespace lmc::rw
