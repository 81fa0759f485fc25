// Stream compaction as tensor expressions: the positions of the true entries of a mask, in order, so that every
// hypothesis array (and the slope tracker) keeps the same rows with one gather. Its own file: deletion in burst
// sampling (monty_hypothesis_ops.md §6.2) is the only place the number of hypotheses shrinks.
#pragma once
#include "frontend/tensor.hpp"

namespace lmc::lm {

// (count,) int32: the indices i with keep[i] true, ascending. `keep` is (H,) bool and `count` its number of true
// entries, which the caller has read back (the sizes of the compacted arrays are a host decision). Written as two
// counting reductions, so it runs in parallel on any device: the inclusive prefix count c[p] = #{q <= p : keep[q]},
// then output j is #{p : c[p] <= j}, which is exactly the index of the (j+1)-th true entry.
Tensor true_indices(const Tensor& keep, int64_t count);

} // namespace lmc::lm
