// Stream compaction as tensor expressions: gather indices that keep the true entries of a mask in order (and append
// new rows after them), so every hypothesis array and the slope tracker are compacted by the same gather. Its own
// file: deletion in burst sampling (monty_hypothesis_ops.md §6.2) is the only place the number of hypotheses shrinks.
#pragma once
#include "frontend/tensor.hpp"

namespace lmc::lm {

// (count,) int32: the indices i with keep[i] true, ascending. `keep` is (H,) bool and `count` its number of true
// entries, which the caller has read back. Written as counting reductions, so it runs in parallel on any device:
// with the inclusive prefix count c[p] = #{q <= p : keep[q]}, output j is #{p : c[p] <= j}, exactly the index of the
// (j+1)-th true entry. Both counts are blocked (blocks of about sqrt(H)), so the work is about H sqrt(H), not H^2.
Tensor true_indices(const Tensor& keep, int64_t count);

// (capacity,) int32 gather index into cat(source rows (H,), appended rows (num_appended,)): first the R rows with
// keep true, in order; then the appended rows; then copies of output row 0 up to `capacity`. `num_kept` is R as a
// (1,) int32 tensor: a count held as data (not baked into the kernel) lets one compiled kernel serve every count, so
// shapes depend only on the capacity. Needs R + num_appended in [1, capacity].
Tensor compaction_index(const Tensor& keep, const Tensor& num_kept, int64_t num_appended, int64_t capacity);

} // namespace lmc::lm
