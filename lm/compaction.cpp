// Compaction as blocked counting reductions: integer compares and sums only, so results are exact on every device and
// every count runs in parallel.
#include "lm/compaction.hpp"

#include <fmt/format.h>

namespace lmc::lm {
namespace {

void check_mask(const Tensor& keep, const char* who) {
  if (keep.ndim() != 1 || !keep.dtype().is_bool())
    throw Error(
        fmt::format("{}: keep must be a (H,) bool mask, got {} {}", who, keep.dtype().name(), shape_str(keep.shape())));
}

// Block size for the two-level counts: the power of two nearest above sqrt(H), so both levels cost about H sqrt(H).
int64_t block_size(int64_t h) {
  int64_t b = 1;
  while (b * b < h)
    b *= 2;
  return b;
}

// For each wanted rank j ((n,) int32), the index of the (j+1)-th true entry of keep: the number of positions p whose
// inclusive prefix count c[p] = #{q <= p : keep[q]} is <= j. Counting that over all H positions for every j would
// cost n * H; instead c is built per block of B positions (a B x B triangular count inside each block plus the
// totals of the blocks before), and since c never decreases, the blocks whose last count is <= j are all before
// the entry and only one block needs a position-wise count: n * (H / B + B) comparisons.
Tensor index_of_rank(const Tensor& keep, const Tensor& rank) {
  const int64_t h = keep.shape()[0], b = block_size(h), blocks = (h + b - 1) / b;
  const std::string& dev = keep.device();
  const Tensor k = keep.cast(int32).pad({{0, blocks * b - h}}).reshape({blocks, b});
  const Tensor lane = Tensor::arange(b, int32, dev), block = Tensor::arange(blocks, int32, dev);
  const Tensor lower_triangle = (lane.unsqueeze(0) <= lane.unsqueeze(1)).cast(int32); // (p, q): q <= p
  const Tensor within = (k.unsqueeze(1) * lower_triangle.unsqueeze(0)).sum(-1);       // (blocks, B)
  const Tensor earlier = (block.unsqueeze(0) < block.unsqueeze(1)).cast(int32);       // (block, earlier block)
  const Tensor before = (k.sum(-1).unsqueeze(0) * earlier).sum(-1);                   // (blocks,)
  const Tensor prefix = within + before.unsqueeze(1);                                 // c, as (blocks, B)
  const Tensor last = prefix.slice({{}, {b - 1, b}}).reshape({blocks});
  const Tensor wanted = rank.unsqueeze(1);
  const Tensor full_blocks = (last.unsqueeze(0) <= wanted).cast(int32).sum(-1); // (n,)
  // A rank past the last true entry (only in branches the caller discards) reads the last block, never past it.
  const Tensor open_block =
      where(full_blocks < static_cast<double>(blocks), full_blocks, static_cast<double>(blocks - 1));
  const Tensor in_open_block = (prefix.index_select(0, open_block) <= wanted).cast(int32).sum(-1);
  return full_blocks * static_cast<double>(b) + where(full_blocks < static_cast<double>(blocks), in_open_block, 0.0);
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
