// The burst batch's step as tensor expressions: Monty's burst-sampling updater (monty_hypothesis_ops.md §6) for a
// batch of (LM, object) pairs over stacked, capacity-padded state. Every data-dependent decision (whether a burst
// starts, which rows survive, how many are sampled, which nodes) is a device value read by later expressions. Its
// own file: this is the math, written once; the batch (burst_batch.hpp) owns the buffers, the capacity and the host
// side, and captures these expressions as an lmc::Step.
#pragma once
#include "lm/burst_sampling.hpp"
#include "lm/stacking.hpp"

#include <vector>

namespace lmc::lm {

namespace burst_layout {
// The packed result row of one pair.
constexpr int64_t kMaxEvidence = 0, kBest = 1, kLocation = 2, kRotation = 5, kCount = 14, kRetained = 15, kNew = 16,
                  kAtEnter = 17, kTriggered = 18, kGlobalSlope = 19, kPredictionError = 20, kNextSlope = 21,
                  kResultWidth = 22;

// The state arrays, in the order of the step's updates.
// kLmSlope: the LM's largest finite slope over the state as it stands, per pair: the next step's burst trigger reads
// it, and the host, reading it back with the results, knows before the step whether the step can sample.
enum StateArray {
  kLocations, // (B, H, 3)
  kRotations, // (B, H, 3, 3)
  kEvidence,  // (B, H)
  kWindow,    // (B, H, W) the tracker's last W evidence values, NaN for empty slots
  kAges,      // (B, H) int32
  kCounts,    // (B,) int32 live rows
  kCounters,  // (B,) int32 the LM's burst counter
  kChannels,  // (B, W) input channels of each window column
  kLmSlope,   // (B,)
  kNumState
};
} // namespace burst_layout

// How many hypotheses each pair samples in a burst step, for either kind of percept: per pair the count (nodes x
// frames) and the nodes, with a fully defined pose (2 frames) and without (umbilical_num_poses frames).
struct BurstSampleCounts {
  std::vector<int32_t> sampled_defined, sampled_umbilical, nodes_defined, nodes_umbilical;
  int64_t max_nodes = 1; // the most nodes any pair samples (the top-node slots per pair)
};

// The step's outputs: each state array's next value (StateArray order), the packed result rows (B, kResultWidth) in
// the state's dtype, the retain mask (B, H) over the rows the step started with, and the first channel's top nodes
// (B, max_nodes) int32 in ascending phi order.
struct BurstStepTensors {
  std::vector<Tensor> next;
  Tensor results, retain, first_top_nodes;
};

// One burst step from `state` (StateArray order, B pairs at H rows) and `inputs` ((B * channels) packed input rows,
// pair-major: input_row layout). Pair i belongs to LM lm_of_pair[i] of `lms`; params.threshold must be All.
BurstStepTensors burst_step(const StackedModels& models, const std::vector<Tensor>& state, const Tensor& inputs,
                            int64_t channels, const BurstSampleCounts& counts, const std::vector<int>& lm_of_pair,
                            int64_t lms, const EvidenceParams& params, const BurstSettings& burst,
                            int64_t umbilical_num_poses);

// (B, H) per-row slopes of the tracker windows (B, H, W), each difference divided by the channel count (B, W) of its
// later column (Monty's #974: a slope is per channel); NaN without a finite difference.
Tensor row_slopes(const Tensor& window, const Tensor& channel_counts);

// (B,) the largest finite slope over the live rows of every pair of each pair's LM, -inf with none: Monty's
// __enter__ compares it with the burst trigger.
Tensor lm_global_slope(const Tensor& slopes, const Tensor& counts, const std::vector<int>& lm_of_pair, int64_t lms);

} // namespace lmc::lm
