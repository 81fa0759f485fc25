// Sampling new hypotheses in a burst (monty_hypothesis_ops.md §3.4, §6.2): how many, which nodes (the top k by node
// feature evidence phi, with numpy's stable tie rule), and the new hypotheses themselves. Its own file: this is the
// only place hypotheses are created after the first step; burst_updater.hpp decides when it runs.
#pragma once
#include "lm/hypotheses.hpp"

namespace lmc::lm {

// Monty's BurstSamplingHypothesesUpdater parameters and its EvidenceSlopeTracker's window and minimum age.
struct BurstSettings {
  double sampling_multiplier = 0.4;
  double deletion_trigger_slope = 0.5;
  int64_t sampling_burst_duration = 5;
  double burst_trigger_slope = 1.0;
  int64_t tracker_window = 10;
  int64_t tracker_min_age = 5;

  // Throws lmc::Error naming the first parameter out of range (negative multiplier or duration, window < 2, NaN).
  void validate() const;
};

// Monty's _sample_count for one channel during a burst: round(N * min(multiplier, n_r)) with Python's round (half to
// even), less its remainder mod n_r, so every selected node gets all n_r frames.
int64_t burst_sample_count(int64_t num_nodes, int64_t num_rotations, double multiplier);

// (k,) int32: the k nodes with the highest phi in ascending phi order, i.e. numpy's argsort(phi)[-k:] with a stable
// sort: equal values keep index order, so among ties the higher node index ranks higher; NaN ranks above everything,
// as numpy sorts it last. Monty's own argsort is unstable (its tie order depends on the numpy build); this fixes one
// order. Written as counting reductions: each node's number of nodes ranked above it, then the inverse permutation.
Tensor top_nodes_by_evidence(const Tensor& phi, int64_t k);

// New hypotheses at `nodes` ((k,) int): variant-major, row j*k + i is node nodes[i] with sensed frame S_j: location
// P[node], rotation M_node^T S_j, evidence phi[node]. Neither displaced nor scored on the step they are made.
Hypotheses sample_hypotheses(const ObjectModel& model, const Tensor& sensed_frames, const Tensor& phi,
                             const Tensor& nodes);

} // namespace lmc::lm
