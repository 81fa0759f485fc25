// true_indices as two counting reductions over (H, H) and (count, H) comparisons; neither matrix is materialized,
// each is one reduce kernel.
#include "frontend/lm/compaction.hpp"

#include <fmt/format.h>

namespace lmc::lm {

Tensor true_indices(const Tensor& keep, int64_t count) {
  if (keep.ndim() != 1 || !keep.dtype().is_bool())
    throw Error(fmt::format("true_indices: keep must be a (H,) bool mask, got {} {}", keep.dtype().name(),
                            shape_str(keep.shape())));
  const int64_t h = keep.shape()[0];
  if (count < 1 || count > h) throw Error(fmt::format("true_indices: count {} outside [1, {}]", count, h));
  const std::string& dev = keep.device();
  const Tensor position = Tensor::arange(h, int32, dev);
  // c[p] = sum over q <= p of keep[q]: row p of a lower-triangular mask times keep.
  const Tensor at_or_before = position.unsqueeze(0) <= position.unsqueeze(1); // (p, q)
  const Tensor kept_so_far = at_or_before.logical_and(keep.unsqueeze(0)).cast(int32).sum(-1);
  // The positions before the (j+1)-th true entry are exactly those with c[p] <= j; their number is its index.
  const Tensor slot = Tensor::arange(count, int32, dev).unsqueeze(1);
  return (kept_so_far.unsqueeze(0) <= slot).cast(int32).sum(-1);
}

} // namespace lmc::lm
