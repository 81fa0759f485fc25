// The named pass "gate_arm_loads": a load read only under a where's arm is gated by that arm's condition, so a thread
// whose condition picks the other arm touches no memory for it (a gated load yields 0, and nothing reads it then).
// GPU kernels only: a predicated-off load costs a GPU nothing, while on a CPU the branch around each load keeps loops
// from vectorizing and the skipped load was a cache hit anyway.
//
// Why: the burst step's compaction kernels read, for every hypothesis slot, both the row it keeps and the values of a
// newly sampled row, and select one (where(retained, old[src], new_pose)); and a padded K-NN list gathers a point for
// every empty slot before masking it. Half or more of those gathers were thrown away.
//
// Before: LOAD(INDEX(buffer, i[, g])) anywhere. After: where every path from the kernel's outputs to a load of a
// global buffer passes through an arm of WHERE(c, ...), the load's INDEX carries the conjunction of those conditions
// (negated for else-arms) and its old gate. A condition is used only where the load already depends on every loop the
// condition does (gating must not move a load into a deeper loop; a Global range is the thread index, not a loop, so
// it never counts); reduces, top-k selections and stores start afresh
// (their loops run whatever the enclosing condition).
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

const rw::RuleTable& gate_arm_load_rules();

// The named pass (a top-down walk over the gates found for the kernel's loads).
UOp gate_arm_loads(UOp sink);

} // namespace lmc
