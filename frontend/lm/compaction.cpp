// Compaction as counting reductions over (rows, H) comparisons; no matrix is materialized, each count is one reduce
// kernel.
#include "frontend/lm/compaction.hpp"

#include <fmt/format.h>

namespace lmc::lm {
namespace {

void check_mask(const Tensor& keep, const char* who) {
  if (keep.ndim() != 1 || !keep.dtype().is_bool())
    throw Error(
        fmt::format("{}: keep must be a (H,) bool mask, got {} {}", who, keep.dtype().name(), shape_str(keep.shape())));
}

// For each wanted rank j ((n,) int32), the index of the (j+1)-th true entry of keep. The inclusive prefix count
// c[p] = #{q <= p : keep[q]} is a lower-triangular count; the positions before that entry are exactly those with
// c[p] <= j, so their number is its index.
Tensor index_of_rank(const Tensor& keep, const Tensor& rank) {
  const int64_t h = keep.shape()[0];
  const Tensor position = Tensor::arange(h, int32, keep.device());
  const Tensor at_or_before = position.unsqueeze(0) <= position.unsqueeze(1); // (p, q)
  const Tensor kept_so_far = at_or_before.logical_and(keep.unsqueeze(0)).cast(int32).sum(-1);
  return (kept_so_far.unsqueeze(0) <= rank.unsqueeze(1)).cast(int32).sum(-1);
}

} // namespace

Tensor true_indices(const Tensor& keep, int64_t count) {
  check_mask(keep, "true_indices");
  const int64_t h = keep.shape()[0];
  if (count < 1 || count > h) throw Error(fmt::format("true_indices: count {} outside [1, {}]", count, h));
  return index_of_rank(keep, Tensor::arange(count, int32, keep.device()));
}

Tensor compaction_index(const Tensor& keep, const Tensor& num_kept, int64_t num_appended, int64_t capacity) {
  check_mask(keep, "compaction_index");
  if (num_kept.shape() != Shape{1} || !num_kept.dtype().is_int())
    throw Error(fmt::format("compaction_index: num_kept must be a (1,) integer tensor, got {} {}",
                            num_kept.dtype().name(), shape_str(num_kept.shape())));
  if (num_appended < 0 || capacity < 1)
    throw Error(fmt::format("compaction_index: {} appended rows, capacity {}", num_appended, capacity));
  const int64_t h = keep.shape()[0];
  const Tensor kept = num_kept.cast(int32);
  const Tensor slot = Tensor::arange(capacity, int32, keep.device());
  // Slots past the live rows repeat slot 0.
  const Tensor live = where(slot < kept + static_cast<double>(num_appended), slot, 0.0);
  const Tensor appended = live - kept + static_cast<double>(h);
  return where(live < kept, index_of_rank(keep, live), appended);
}

} // namespace lmc::lm
