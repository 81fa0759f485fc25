// Monty's EvidenceSlopeTracker (monty_hypothesis_ops.md §6.2-6.3) for one object: the last W evidence values of every
// hypothesis, their ages, the mean slope and the retain rule. Its own file: burst sampling decides from it which
// hypotheses live, and its state must be compacted together with the hypotheses.
#pragma once
#include "frontend/tensor.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lmc::lm {

// The window is a ring buffer: every row writes its newest value into the same column, so a step moves one column
// pointer instead of shifting H x W values. Column (oldest + i) % W holds the i-th oldest value; NaN marks an empty
// slot (a hypothesis younger than the window). All operations return a new tracker; tensors stay lazy.
struct SlopeTracker {
  int64_t window = 10;
  int64_t min_age = 5;
  // Unset when there are no hypotheses: lmc tensors are never empty.
  std::optional<Tensor> values; // (H, W) evidence, ring-ordered
  std::optional<Tensor> ages;   // (H,) int32: updates since the hypothesis was added
  int64_t oldest = 0;           // the column holding the oldest value, the same for every row
  // Per column (ring-ordered like the values): how many input channels the step that wrote it had. Monty divides a
  // slope's difference by the later column's count; empty means 1 everywhere (one channel).
  std::vector<double> channel_counts;

  // No hypotheses; `dtype` is the evidence dtype.
  static SlopeTracker empty(int64_t window, int64_t min_age, DType dtype, const std::string& device);

  int64_t size() const { return values ? values->shape()[0] : 0; }
  DType dtype() const { return dtype_; }
  const std::string& device() const { return device_; }

  // (H, W) the window oldest first, as Monty stores it.
  Tensor chronological() const;
  // (H,) the mean of the finite differences of consecutive values, each divided by the later column's channel count
  // (Monty's per-channel rate); NaN when no difference is finite (fewer than two values).
  Tensor slopes() const;
  // (H,) bool: Monty's retain rule, slope >= deletion_slope (a NaN slope fails it) or age < min_age.
  Tensor retain_mask(double deletion_slope) const;

  // The rows at `indices` ((R,) int, R >= 1), in that order.
  SlopeTracker take(const Tensor& indices) const;
  // No rows left (everything was removed).
  SlopeTracker cleared() const;
  // `count` new rows at the end: an all-NaN window and age 0.
  SlopeTracker with_new_rows(int64_t count) const;
  // Records this step's evidence (H,) as every row's newest value, from a step with `channels` input channels, and
  // ages every row by one.
  SlopeTracker updated(const Tensor& evidence, int64_t channels = 1) const;

  // Host copies (float64 / int64), for tests and the replay tool; empty vectors when H = 0.
  std::vector<double> host_chronological() const;
  std::vector<int64_t> host_ages() const;

private:
  DType dtype_ = float64;
  std::string device_;
};

} // namespace lmc::lm
