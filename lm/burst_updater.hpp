// Monty's BurstSamplingHypothesesUpdater for one LM (monty_hypothesis_ops.md §6): per step, the burst trigger from the
// largest slope over all objects, then per object deletion by the slope tracker, new hypotheses during a burst, the
// evidence step on the survivors and the tracker update. Its own file: it is the stateful loop that ties the tracker,
// compaction, sampling and the evidence step together; each of those is a stateless tensor program.
#pragma once
#include "lm/burst_sampling.hpp"
#include "lm/evidence.hpp"
#include "lm/slope_tracker.hpp"

#include <cmath>
#include <optional>
#include <vector>

namespace lmc::lm {

struct BurstParams : BurstSettings {
  int64_t umbilical_num_poses = 8;
  EvidenceParams evidence; // its threshold must be "all", as Monty requires for this updater
};

// One object's state. The arrays hold `capacity()` rows, a power of two, so a step's kernels are compiled once per
// capacity rather than once per hypothesis count: the first `count` rows are the hypotheses in Monty's order, the
// rest repeat row 0, which changes no max, min or first argmax and is never read back. The tracker has the same rows.
struct BurstObject {
  std::optional<Hypotheses> hypotheses; // absent when count = 0
  SlopeTracker tracker;
  int64_t count = 0;

  int64_t size() const { return count; }
  int64_t capacity() const { return hypotheses ? hypotheses->size() : 0; }
  // The live rows only (a lazy slice).
  Hypotheses live() const;
};

// The rows allocated for `count` hypotheses: the next power of two, at least 64.
int64_t hypothesis_capacity(int64_t count);

// What one step did to one object. Tensors are realized.
struct BurstObjectStep {
  double threshold = 0;                   // Monty's "all" threshold passed in: min evidence before the step, 0 if none
  int64_t num_previous = 0;               // H_prev: hypotheses the object entered the step with
  std::optional<Tensor> retained;         // retain mask over the previous capacity (false past H_prev); absent if none
  int64_t num_retained = 0;               // hypotheses kept from the previous step
  int64_t num_new = 0;                    // hypotheses sampled this step
  int64_t num_variants = 0;               // n_r of the new hypotheses, 0 when none
  std::optional<Tensor> new_node_ids;     // (num_new / n_r,) int32, ascending phi (the first sampling channel's)
  Tensor phi;                             // (N,) node feature evidence for this step's features
  double prediction_error = std::nan(""); // Monty's telemetry over the retained hypotheses; NaN when none were scored
};

struct BurstStep {
  double max_global_slope = 0;      // largest finite slope over all objects at the start, -inf when there is none
  int64_t burst_steps_at_enter = 0; // > 0: every object samples new hypotheses this step
  bool burst_triggered = false;     // this step started a burst
  std::vector<BurstObjectStep> objects;
};

class BurstUpdater {
public:
  // One object per model; all models share the dtype and device of the first.
  BurstUpdater(std::vector<ObjectModel> models, BurstParams params);

  // One Monty step for every object, in order. Without a displacement (no move yet) nothing is displaced.
  // The small decisions (burst trigger, how many hypotheses survive) are read back to the host; every per-hypothesis
  // array is computed on the device, and the new state is realized before returning.
  BurstStep step(const Percept& percept, const std::optional<Tensor>& displacement);
  // The same with several input channels (an empty entry: no input on that channel this step; at least one has
  // input): every channel scores the survivors and their evidence is summed in channel order, each channel samples
  // its own new hypotheses during a burst (appended in channel order), and the tracker records the channel count.
  BurstStep step(const std::vector<std::optional<Percept>>& channels, const std::optional<Tensor>& displacement);

  // Starts a new episode: no hypotheses, no burst running.
  void reset();

  size_t num_objects() const { return objects_.size(); }
  const BurstObject& object(size_t o) const { return objects_.at(o); }
  const ObjectModel& model(size_t o) const { return models_.at(o); }
  const BurstParams& params() const { return params_; }
  int64_t burst_steps() const { return burst_steps_; } // burst steps left after the last step

private:
  std::vector<ObjectModel> models_;
  BurstParams params_;
  std::vector<BurstObject> objects_;
  int64_t burst_steps_ = 0;
};

} // namespace lmc::lm
