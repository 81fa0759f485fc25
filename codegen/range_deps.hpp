// Which loop ranges a node's value depends on, and the gates that follow from it: the one analysis the accumulator
// pass and the linearizer both place work by. A REDUCE closes its own ranges, a TOPK its selection range, and a loop
// nest END(nodes..., openers...) (made by reduce_to_accumulators and select_topk; openers are RANGEs, and IFs gating
// what follows them) the openers it lists. An IF counts as a scope: a node that lists it as a source sits inside it.
#pragma once
#include "ir/uop.hpp"

#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lmc {

class RangeDeps {
public:
  // The ids of the RANGEs (and IFs) u's value depends on (memoized per node).
  const std::unordered_set<uint32_t>& of(UOp u);
  // The ranges a TOPK's selection loop needs: its value's, minus the range it selects over, plus that range's extent's.
  std::unordered_set<uint32_t> topk_loop(UOp topk);

  // where(c, x, y) split into the conjuncts of c that depend on none of `varying` (the gate) and where(the other
  // conjuncts, x, y), or just x (the value computed under it).
  struct Gate {
    UOp cond, value;
  };
  // nullopt when every conjunct varies.
  std::optional<Gate> split_gate(UOp where, const std::vector<UOp>& varying);
  // A reduce of where(c, x, identity): where c is false the element adds nothing, so the part of c that depends
  // neither on the reduced ranges nor on `tile` (a register tile's ranges) gates the reduce loop.
  std::optional<Gate> identity_gate(UOp reduce, const std::vector<UOp>& tile);

private:
  std::unordered_map<uint32_t, std::unordered_set<uint32_t>> memo_;
};

// `a` then `b`: the source lists of the nodes the passes placing work by these build (a STORE and the ranges it runs
// once per, a loop nest END and its openers).
inline std::vector<UOp> concat(std::vector<UOp> a, const std::vector<UOp>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The value of a WHERE node's constant arm, or nullopt when that arm is not a constant.
std::optional<double> const_arm(UOp where);

} // namespace lmc
