// The named pass "select_topk": each TOPK becomes its k sorted (value, index) register slots and the loops that fill
// them, as graph nodes the linearizer only orders. Its own file because the selection is its own lowering.
//
// Before: TOPK(value, range, slot[, payload]) nodes (one for the values and one for the indices of a selection share
// it); reduces may sit inside the value. With a payload (Tensor::topk_carrying) the index slots take the payload at
// each element entering them instead of its position. After: no TOPK. A selection is
//   vals, idxs = DEFINE_REG[k]
//   sel = END(vals, idxs, init stores, [phase1,] [phase2])     a sequence (an END that opens nothing)
//   phase1 = END(the insertion chain..., r1)                   the first min(k, n) elements: every one enters
//   phase2 = END(the insertion chain..., [IF(row gate),] r2, IF(beats the last slot)), or in candidate chunks:
//   phase2 = END(STORE(bits, mask), END(STORE(bits, lowest cleared), the chain..., c), [IF(row gate),] r2)
//            with mask = OR of where(element u beats the last slot, 1 << u, 0) over the chunk's elements and
//            c = RANGE(POPCOUNT(mask)): the chain runs for the element CTZ(bits) names, its value computed again
//   the result LOAD(INDEX(vals or idxs, slot), sel)
// An END(nodes..., openers...) opens its openers (RANGEs, IFs) nested in order and emits the nodes in the order listed,
// each in the loop its ranges need. A register LOAD's extra sources only place and order it: the STORE (or the END
// holding the STORE) it follows, the loop or IF it must sit in. Reduces in the value are copied once per phase with
// fresh ranges and left for "reduce_to_accumulators", which runs next.
// In a register tile (the value moves with Upcast ranges: UPCAST of an output axis) the registers hold U x k slots,
// slot j of tile element t at j * U + t, and each phase opens the tile again as fresh Upcast ranges inside its loop.
// Phase 2 then first tests all U elements against their last slots with straight code (the U values kept in a
// register of U slots), as IF(any beats) around the tile's chains; a row gate skips the loop when all U rows are off.
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

const rw::RuleTable& select_topk_rules();

// The named pass "select_topk" (a single walk over a context holding the range analysis and the slots made so far).
// `unroll` > 1: the second loop takes that many elements per iteration (or fewer, where the row's length asks), their
// values computed before the first test, so a GPU thread has their loads in flight at once.
// `candidate_chunk` >= 8 (GPUs): the second loop instead tests chunks of up to that many elements (at most 32) in
// straight code, one bit per element that beats the last slot, then runs the chain only for the set bits, lowest
// first (see candidate_phase in the .cpp).
UOp select_topk(UOp sink, int64_t unroll = 1, int64_t candidate_chunk = 0);

} // namespace lmc
