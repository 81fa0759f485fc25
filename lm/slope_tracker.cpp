// The slope tracker as tensor expressions: the ring buffer's write is one `where` on a column, its chronological view
// one gather along the window, and the NaN-aware mean slope a masked sum over the W - 1 differences.
#include "lm/slope_tracker.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace lmc::lm {
namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

} // namespace

SlopeTracker SlopeTracker::empty(int64_t window, int64_t min_age, DType dtype, const std::string& device) {
  if (window < 2) throw Error(fmt::format("SlopeTracker: window {} (need >= 2 values for a slope)", window));
  if (!dtype.is_float()) throw Error(fmt::format("SlopeTracker: evidence dtype {} is not a float", dtype.name()));
  SlopeTracker t;
  t.window = window;
  t.min_age = min_age;
  t.dtype_ = dtype;
  t.device_ = device;
  return t;
}

Tensor SlopeTracker::chronological() const {
  if (!values) throw Error("SlopeTracker: no hypotheses to read");
  if (oldest == 0) return *values;
  std::vector<int32_t> order;
  for (int64_t i = 0; i < window; ++i)
    order.push_back(static_cast<int32_t>((oldest + i) % window));
  return values->index_select(1, Tensor::from_vector(order, {window}, device_));
}

Tensor SlopeTracker::slopes() const {
  const Tensor v = chronological();
  Tensor diffs = v.slice({{}, {1, window}}) - v.slice({{}, {0, window - 1}}); // (H, W - 1)
  if (!channel_counts.empty()) {
    std::vector<double> later; // the channel count of each difference's later column, oldest first
    for (int64_t i = 1; i < window; ++i)
      later.push_back(channel_counts[static_cast<size_t>((oldest + i) % window)]);
    diffs = diffs / Tensor::from_vector(later, {1, window - 1}, device_).cast(dtype_);
  }
  const Tensor finite = diffs == diffs; // NaN is the only value not equal to itself
  const Tensor count = finite.cast(dtype_).sum(-1);
  const Tensor total = where(finite, diffs, 0.0).sum(-1);
  return where(count > 0.0, total / count, nan_value);
}

Tensor SlopeTracker::retain_mask(double deletion_slope) const {
  // A NaN slope compares false, so only youth keeps such a hypothesis.
  return (slopes() >= deletion_slope).logical_or(*ages < static_cast<double>(min_age));
}

SlopeTracker SlopeTracker::take(const Tensor& indices) const {
  if (indices.ndim() != 1 || indices.shape()[0] < 1)
    throw Error(
        fmt::format("SlopeTracker::take: indices must be (R,) with R >= 1, got {}", shape_str(indices.shape())));
  SlopeTracker t = *this;
  t.values = values->index_select(0, indices);
  t.ages = ages->index_select(0, indices);
  return t;
}

SlopeTracker SlopeTracker::cleared() const {
  SlopeTracker t = *this;
  t.values.reset();
  t.ages.reset();
  return t;
}

SlopeTracker SlopeTracker::with_new_rows(int64_t count) const {
  if (count < 0) throw Error(fmt::format("SlopeTracker: {} new rows", count));
  if (count == 0) return *this;
  SlopeTracker t = *this;
  const Tensor empty_window = Tensor::full({count, window}, nan_value, dtype_, device_);
  const Tensor newborn = Tensor::zeros({count}, int32, device_);
  t.values = values ? Tensor::cat({*values, empty_window}) : empty_window;
  t.ages = ages ? Tensor::cat({*ages, newborn}) : newborn;
  return t;
}

SlopeTracker SlopeTracker::updated(const Tensor& evidence, int64_t channels) const {
  if (!values) throw Error("SlopeTracker::updated: no hypotheses to update");
  if (evidence.shape() != Shape{size()})
    throw Error(fmt::format("SlopeTracker::updated: evidence has shape {}, the tracker holds {} hypotheses",
                            shape_str(evidence.shape()), size()));
  // The newest value replaces the oldest one in its column; that column's neighbour becomes the oldest.
  // The column is data, not a constant in the kernel, so one compiled kernel serves every step.
  const Tensor column = Tensor::from_vector(std::vector<int32_t>{static_cast<int32_t>(oldest)}, {1, 1}, device_);
  const Tensor newest_column = Tensor::arange(window, int32, device_).reshape({1, window}) == column;
  SlopeTracker t = *this;
  t.values = where(newest_column, evidence.cast(dtype_).unsqueeze(1), *values);
  t.ages = *ages + Tensor::ones({1}, int32, device_);
  if (channels != 1 || !t.channel_counts.empty()) {
    if (t.channel_counts.empty()) t.channel_counts.assign(static_cast<size_t>(window), 1.0);
    t.channel_counts[static_cast<size_t>(oldest)] = static_cast<double>(channels);
  }
  t.oldest = (oldest + 1) % window;
  return t;
}

std::vector<double> SlopeTracker::host_chronological() const {
  if (!values) return {};
  return chronological().cast(float64).to_vector<double>();
}

std::vector<int64_t> SlopeTracker::host_ages() const {
  if (!values) return {};
  return ages->cast(int64).to_vector<int64_t>();
}

} // namespace lmc::lm
