// The burst step's expressions (burst_step.hpp): Monty's __enter__, deletion, the evidence step on the survivors,
// stable compaction, sampling from the top nodes by phi, the tracker update and __exit__, for every pair at once.
#include "lm/burst_step.hpp"

#include "frontend/scan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

namespace lmc::lm {
namespace {

using namespace input_row;
using namespace burst_layout;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Rows of t (B, X, ...) at idx (B, R) in [0, X): per pair, through one gather over the flattened pairs.
Tensor take_rows(const Tensor& t, const Tensor& idx) {
  const int64_t b = t.shape()[0], x = t.shape()[1], r = idx.shape()[1];
  Shape flat{b * x}, out{b, r};
  flat.insert(flat.end(), t.shape().begin() + 2, t.shape().end());
  out.insert(out.end(), t.shape().begin() + 2, t.shape().end());
  const Tensor offsets = (Tensor::arange(b, int32, t.device()) * static_cast<double>(x)).reshape({b, 1});
  return t.reshape(flat).index_select(0, (idx.cast(int32) + offsets).reshape({b * r})).reshape(out);
}

// Broadcasts a (B, R) mask over the trailing axes of a (B, R, ...) array.
Tensor over_rows(const Tensor& mask, const Tensor& like) {
  Shape s = mask.shape();
  for (int i = 2; i < like.ndim(); ++i)
    s.push_back(1);
  return mask.reshape(s);
}

// Broadcasts a (B,) mask over every other axis of a (B, ...) array.
Tensor over_pairs(const Tensor& mask, const Tensor& like) {
  Shape s{mask.shape()[0]};
  for (int i = 1; i < like.ndim(); ++i)
    s.push_back(1);
  return mask.reshape(s);
}

// (B, U, 3, 3) sensed frames per pair, U = max(2, n_u): Monty's two flipped frames where the pose is fully defined,
// else the n_u frames turned in the tangent plane (sensed_directions, written for a batch of percepts).
Tensor stacked_frames(const Tensor& sensed, const Tensor& pfd, int64_t umbilical) {
  const int64_t b = sensed.shape()[0], u = std::max<int64_t>(2, umbilical);
  const DType dt = sensed.dtype();
  const std::string& dev = sensed.device();
  std::vector<double> cos_a(static_cast<size_t>(u), 0.0), sin_a(static_cast<size_t>(u), 0.0), flip;
  const double step = 2 * std::numbers::pi / static_cast<double>(umbilical);
  for (int64_t j = 0; j < umbilical; ++j) {
    cos_a[static_cast<size_t>(j)] = std::cos(static_cast<double>(j) * step);
    sin_a[static_cast<size_t>(j)] = std::sin(static_cast<double>(j) * step);
  }
  for (int64_t j = 0; j < u; ++j)
    for (double sign : {1.0, j == 1 ? -1.0 : 1.0, j == 1 ? -1.0 : 1.0})
      flip.push_back(sign);
  const Tensor c = Tensor::from_vector(cos_a, {1, u, 1}, dev).cast(dt);
  const Tensor s = Tensor::from_vector(sin_a, {1, u, 1}, dev).cast(dt);
  auto sensed_row = [&](int64_t i) { return sensed.slice({{}, {i, i + 1}}).reshape({b, 1, 3}); };
  const Tensor normal = sensed_row(0).expand({b, u, 3});
  const Tensor v = c * sensed_row(1) + s * sensed_row(2);
  const Tensor turned = Tensor::stack({normal, v, normal.cross(v)}, 2);
  const Tensor flipped = sensed.unsqueeze(1) * Tensor::from_vector(flip, {1, u, 3, 1}, dev).cast(dt);
  return where(pfd.reshape({b, 1, 1, 1}), flipped, turned);
}

// M^T S for (B, R, 3, 3) node frames M and sensed frames S, as three products added in order (Monty's matmul order).
Tensor transpose_times(const Tensor& m, const Tensor& s) {
  auto column = [&](int64_t d) { return m.slice({{}, {}, {d, d + 1}, {}}).transpose(-1, -2); }; // (B, R, 3, 1)
  auto row = [&](int64_t d) { return s.slice({{}, {}, {d, d + 1}, {}}); };                      // (B, R, 1, 3)
  return column(0) * row(0) + column(1) * row(1) + column(2) * row(2);
}

} // namespace

Tensor row_slopes(const Tensor& window, const Tensor& channel_counts) {
  const int64_t b = window.shape()[0], h = window.shape()[1], w = window.shape()[2];
  // The W - 1 differences added in straight-line code, not as sums over a window axis: elementwise, the slope fuses
  // into whatever reads it (the retain mask, the per-LM maximum), where the two window sums were kernels of their own
  // (H200, 385 x 5120 burst step: 3 kernels, 0.08 ms).
  std::optional<Tensor> total, num_diffs;
  for (int64_t i = 0; i + 1 < w; ++i) {
    const Tensor diff = (window.slice({{}, {}, {i + 1, i + 2}}) - window.slice({{}, {}, {i, i + 1}})).reshape({b, h}) /
                        channel_counts.slice({{}, {i + 1, i + 2}});
    const Tensor finite = diff == diff; // NaN is the only value not equal to itself
    const Tensor term = where(finite, diff, 0.0), counted = finite.cast(window.dtype());
    total = total ? *total + term : term;
    num_diffs = num_diffs ? *num_diffs + counted : counted;
  }
  return where(*num_diffs > 0.0, *total / *num_diffs, kNaN);
}

Tensor lm_global_slope(const Tensor& slopes, const Tensor& counts, const std::vector<int>& lm_of_pair, int64_t lms) {
  const int64_t b = slopes.shape()[0], h = slopes.shape()[1];
  const std::string& device = slopes.device();
  const Tensor live = Tensor::arange(h, int32, device).reshape({1, h}) < counts.reshape({b, 1});
  // The slopes are elementwise (row_slopes), so the maximum over rows computes them itself.
  const Tensor pair_max = where(live.logical_and(slopes.abs() < kInf), slopes, -kInf).max(-1).contiguous(); // (B,)
  std::vector<bool> member;
  for (int64_t lm = 0; lm < lms; ++lm)
    for (int p : lm_of_pair)
      member.push_back(p == lm);
  const Tensor lm_max = where(Tensor::from_vector(member, {lms, b}, device), pair_max.reshape({1, b}), -kInf).max(-1);
  return lm_max.index_select(
      0, Tensor::from_vector(std::vector<int32_t>(lm_of_pair.begin(), lm_of_pair.end()), {b}, device));
}

BurstStepTensors burst_step(const StackedModels& sm, const std::vector<Tensor>& st, const Tensor& inputs,
                            int64_t channels, const BurstSampleCounts& sample_counts,
                            const std::vector<int>& lm_of_pair, int64_t lms, const EvidenceParams& params,
                            const BurstSettings& burst, int64_t umbilical_num_poses) {
  const int64_t b = st[kLocations].shape()[0], h = st[kLocations].shape()[1], w = st[kWindow].shape()[2];
  const int64_t features = sm.features.shape()[2], nodes = sm.locations.shape()[1];
  const int64_t kmax = std::max<int64_t>(1, sample_counts.max_nodes);
  const DType dtype = st[kLocations].dtype();
  const std::string& device = st[kLocations].device();

  // The per-step inputs: one row per (pair, channel). The LM's displacement is the same in all its channel rows.
  const int64_t width = kFeatures + features;
  const Tensor in = inputs.reshape({b, channels, width});
  std::vector<Tensor> channel_active, channel_pfd;
  std::vector<StackedPercepts> percepts;
  for (int64_t c = 0; c < channels; ++c) {
    const Tensor row_c = in.slice({{}, {c, c + 1}, {}}).reshape({b, width});
    auto columns = [&](int64_t from, int64_t to) { return row_c.slice({{}, {from, to}}); };
    channel_active.push_back(columns(kActive, kActive + 1).reshape({b}) != 0.0);
    channel_pfd.push_back(columns(kPfd, kPfd + 1).reshape({b}) != 0.0);
    percepts.push_back(StackedPercepts{columns(kPose, kPose + 9).reshape({b, 3, 3}),
                                       columns(kPfd, kPfd + 1).reshape({b}), columns(kFeatures, kFeatures + features),
                                       columns(kFlatness, kFlatness + 1).reshape({b}),
                                       columns(kDisplacement, kDisplacement + 3), std::nullopt});
  }
  Tensor active = channel_active[0], channels_now = channel_active[0].cast(dtype);
  for (int64_t c = 1; c < channels; ++c) {
    active = active.logical_or(channel_active[static_cast<size_t>(c)]);
    channels_now = channels_now + channel_active[static_cast<size_t>(c)].cast(dtype);
  }
  const Tensor &locations = st[kLocations], &rotations = st[kRotations], &evidence = st[kEvidence],
               &window = st[kWindow], &ages = st[kAges], &counts = st[kCounts], &counters = st[kCounters],
               &channel_counts = st[kChannels];
  auto per_pair = [&](const std::vector<int32_t>& v) { return Tensor::from_vector(v, {b}, device); };

  // Monty's __enter__: the LM's largest finite slope (over all its objects) decides whether a burst starts. It was
  // computed with the state (the previous step, or the batch's construction).
  const Tensor row = Tensor::arange(h, int32, device).reshape({1, h});
  const Tensor live = row < counts.reshape({b, 1});
  const Tensor slopes = row_slopes(window, channel_counts);
  const Tensor& global_slope = st[kLmSlope];
  const Tensor triggered = active.logical_and(global_slope <= burst.burst_trigger_slope).logical_and(counters == 0.0);
  const Tensor at_enter = where(triggered, static_cast<double>(burst.sampling_burst_duration), counters);
  const Tensor bursting = at_enter > 0.0;

  // Deletion: a NaN slope fails the comparison, so only youth keeps such a hypothesis.
  const Tensor retain = live.logical_and(
      (slopes >= burst.deletion_trigger_slope).logical_or(ages < static_cast<double>(burst.tracker_min_age)));
  const Tensor num_retained = retain.cast(int32).sum(-1);

  // The evidence step on the survivors for every channel with input, displaced first (every survivor is scored: the
  // threshold is "all"); Monty sums the channels' evidence in channel order.
  const Tensor displaced =
      where(active.reshape({b, 1, 1}), displace_stacked(locations, rotations, percepts[0].displacement), locations)
          .contiguous();
  // Rows that are not scored (deleted, or past the count) look for neighbours far outside every model: their grid
  // cell is an empty corner, so the K-NN spends little on them (their results are never read).
  const Tensor queries = where(retain.reshape({b, h, 1}), displaced, 1e6);
  std::vector<StackedEvidenceStep> steps;
  std::optional<Tensor> added;
  for (int64_t c = 0; c < channels; ++c) {
    steps.push_back(stacked_evidence_step(sm, StackedHypotheses{locations, rotations, evidence, retain, queries},
                                          percepts[static_cast<size_t>(c)], params));
    const Tensor a = where(channel_active[static_cast<size_t>(c)].reshape({b, 1}), steps.back().nu, 0.0);
    added = added ? *added + a : a;
  }
  const Tensor scored_evidence = where(retain.logical_and(active.reshape({b, 1})),
                                       evidence * params.past_weight + *added * params.present_weight, evidence);

  // Row r of the new state: retained row r (stable compaction), then each channel's new hypotheses in channel order
  // (variant-major over its top nodes by phi, in ascending phi order; padding nodes rank last), then padding.
  const Tensor rows = row.expand({b, h});
  const Tensor kept = row < num_retained.reshape({b, 1});
  // Realized once: inlined, the compaction's block search would run again for every column that moves (24 per row:
  // locations, rotations, window, evidence, ages).
  const Tensor source = where(kept, index_of_true(retain, rows), 0.0).contiguous();
  const Tensor slot = Tensor::arange(kmax, int32, device).reshape({1, kmax});
  Tensor offset = num_retained, num_new = Tensor::zeros({b}, int32, device);
  std::optional<Tensor> fresh, new_locations, new_rotations, new_evidence, first_top_nodes;
  for (int64_t c = 0; c < channels; ++c) {
    const auto ci = static_cast<size_t>(c);
    const Tensor sampling = bursting.logical_and(channel_active[ci]);
    const Tensor pfd = channel_pfd[ci];
    const Tensor new_c = where(
        sampling, where(pfd, per_pair(sample_counts.sampled_defined), per_pair(sample_counts.sampled_umbilical)), 0.0);
    const Tensor nodes_c = where(
        sampling, where(pfd, per_pair(sample_counts.nodes_defined), per_pair(sample_counts.nodes_umbilical)), 0.0);
    // Realized once: inlined into the ranking below, phi would be recomputed for each of the N^2 comparisons (1 ms
    // of a 2.3 ms step on the H200 at 77 x 2000 nodes).
    const Tensor phi = steps[ci].phi.contiguous();
    // Ranked only for the pairs sampling this step (most steps none is): the N^2 count runs under a row test.
    const Tensor top_nodes = entry_of_rank(descending_rank(where(sm.node_valid, phi, -kInf), sampling),
                                           nodes_c.reshape({b, 1}) - 1.0 - slot, sampling);
    if (!first_top_nodes) first_top_nodes = top_nodes;
    const Tensor fresh_index = row - offset.reshape({b, 1});
    const Tensor fresh_c = (fresh_index >= 0.0).logical_and(fresh_index < new_c.reshape({b, 1}));
    const Tensor per_variant = nodes_c.maximum(Tensor::ones({1}, int32, device)).reshape({b, 1});
    // The variant and node of each row, and the sensed frames (B, u, 3, 3), realized once: inlined, every moved
    // column (12 per row) would redo the row's index arithmetic and the frames' cross products.
    const Tensor variant =
        where(fresh_c, (fresh_index.cast(float64) / per_variant.cast(float64)).floor().cast(int32), 0.0).contiguous();
    const Tensor node_slot = where(fresh_c, fresh_index - variant * per_variant, 0.0);
    const Tensor node = take_rows(top_nodes.reshape({b, kmax, 1}), node_slot)
                            .reshape({b, h})
                            .maximum(Tensor::zeros({1}, int32, device))
                            .contiguous();
    const Tensor node_frames = take_rows(sm.pose_vectors, node).reshape({b, h, 3, 3});
    const Tensor frames = stacked_frames(percepts[ci].pose_vectors, pfd, umbilical_num_poses).contiguous();
    const Tensor sensed_frame = take_rows(frames, variant);
    auto choose = [&](std::optional<Tensor>& acc, const Tensor& value) {
      acc = acc ? where(over_rows(fresh_c, value), value, *acc) : value;
    };
    choose(new_rotations, transpose_times(node_frames, sensed_frame));
    choose(new_locations, take_rows(sm.locations, node));
    choose(new_evidence, take_rows(phi.reshape({b, nodes, 1}), node).reshape({b, h}));
    fresh = fresh ? fresh->logical_or(fresh_c) : fresh_c;
    offset = offset + new_c;
    num_new = num_new + new_c;
  }

  auto assemble = [&](const Tensor& retained_rows, const Tensor& new_rows, double padding) {
    return where(over_rows(kept, retained_rows), retained_rows, where(over_rows(*fresh, new_rows), new_rows, padding));
  };
  // Realized: the window's 10 columns read it instead of each recomputing it.
  const Tensor next_evidence = assemble(take_rows(scored_evidence, source), *new_evidence, 0.0).contiguous();
  const Tensor previous_window = take_rows(window, source).slice({{}, {}, {1, w}});
  const Tensor empty_window = Tensor::full({b, h, w - 1}, kNaN, dtype, device);
  const Tensor newest = next_evidence.reshape({b, h, 1});
  std::vector<Tensor> next(kNumState, Tensor::zeros({1}));
  next[kLocations] = assemble(take_rows(displaced, source), *new_locations, 0.0);
  next[kRotations] = assemble(take_rows(rotations, source), *new_rotations, 0.0);
  next[kEvidence] = next_evidence;
  next[kWindow] = assemble(Tensor::cat({previous_window, newest}, -1), Tensor::cat({empty_window, newest}, -1), kNaN);
  next[kAges] = where(kept, take_rows(ages.reshape({b, h, 1}), source).reshape({b, h}) + 1.0, fresh->cast(int32));
  next[kCounts] = (num_retained + num_new).cast(int32);
  // Monty's __exit__: one burst step is used up.
  next[kCounters] = (at_enter - 1.0).maximum(Tensor::zeros({1}, int32, device)).cast(int32);
  next[kChannels] = Tensor::cat({channel_counts.slice({{}, {1, w}}), channels_now.reshape({b, 1})}, -1);
  // An LM without input keeps everything.
  next[kLmSlope] = st[kLmSlope]; // computed below, from the state as it leaves the step
  for (int a = 0; a < kNumState; ++a)
    next[a] = where(over_pairs(active, st[a]), next[a], st[a]).cast(st[a].dtype());
  // Realized: the slope below reads the window rather than recomputing its gathers.
  next[kWindow] = next[kWindow].contiguous();
  next[kLmSlope] =
      lm_global_slope(row_slopes(next[kWindow], next[kChannels]), next[kCounts], lm_of_pair, lms).cast(dtype);

  // The small results: max evidence and its first row with that row's pose, the counts and the burst decisions.
  const Tensor live_after = row < next[kCounts].reshape({b, 1});
  const Tensor ranked = where(live_after, next[kEvidence], -kInf);
  const Tensor best_value = ranked.max(-1);
  const Tensor first_best = where(ranked == best_value.unsqueeze(1), row, static_cast<double>(h)).min(-1);
  const Tensor best = where(next[kCounts] > 0.0, first_best, -1.0);
  const Tensor best_row = best.maximum(Tensor::zeros({1}, int32, device)).reshape({b, 1});
  const Tensor scored_before = where(retain, evidence, -kInf);
  const Tensor most_likely_before =
      where(scored_before == scored_before.max(-1).unsqueeze(1), row, static_cast<double>(h - 1)).min(-1);
  // Monty's (2C - A[i*]) / (3C) with C the channels that had input.
  const Tensor prediction_error = where(
      num_retained > 0.0,
      (2.0 * channels_now - take_rows(added->reshape({b, h, 1}), most_likely_before.reshape({b, 1})).reshape({b})) /
          (3.0 * channels_now),
      kNaN);
  auto column = [&](const Tensor& t) { return t.cast(dtype).reshape({b, 1}); };
  const Tensor results =
      Tensor::cat({column(best_value), column(best), take_rows(next[kLocations], best_row).reshape({b, 3}),
                   take_rows(next[kRotations], best_row).reshape({b, 9}), column(next[kCounts]), column(num_retained),
                   column(num_new), column(at_enter), column(triggered), column(global_slope), column(prediction_error),
                   column(next[kLmSlope])},
                  -1);

  return {next, results, retain, *first_top_nodes};
}

} // namespace lmc::lm
