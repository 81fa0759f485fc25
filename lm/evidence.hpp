// One evidence step for one object and one channel (monty_hypothesis_ops.md §5.1-5.8): which hypotheses are scored,
// their K nearest nodes, the custom distance and radius mask, pose and feature evidence, max over K, and the
// past/present update. Its own file: this is the step that costs nearly all of Monty's time. The math itself is
// written once, in the stacked step (stacked_evidence.hpp); this is that step for one (LM, object) pair.
#pragma once
#include "lm/hypotheses.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lmc::lm {

// Which hypotheses are scored (Monty's evidence_update_threshold): "all" scores every one (threshold = min e);
// "x_percent_threshold" scores those with e >= mlh - mlh / 100 * x, mlh being the LM's most likely hypothesis'
// evidence over all objects; a fixed value scores e >= value.
struct Threshold {
  enum class Kind { All, XPercent, Value } kind = Kind::All;
  double x_percent = 10;
  double max_global_evidence = 0;
  double value = 0;

  static Threshold parse(const std::string& config, double x_percent, double max_global_evidence);
};

struct EvidenceParams {
  int64_t max_neighbors = 3;        // K before clamping to N
  double max_match_distance = 0.01; // mmd, metres
  double normal_weight = 1;         // w_sn: feature_weights["pose_vectors"][0]
  double curvature_weight = 1;      // w_cd: feature_weights["pose_vectors"][1], used only when the pose is defined
  FeatureSpec features;
  double past_weight = 1;
  double present_weight = 1;
  Threshold threshold;
  // Select only neighbours within the match radius (a bounded top-k over squared distances). The evidence is exactly
  // the same: a node farther than mmd has custom distance D >= |delta| >= mmd and is always masked. Only nn_ids and
  // nn_distances differ (a slot with no node inside the radius reads -1 and the radius), so replaying Monty's
  // intermediates keeps it off; the LM backend turns it on, because most nodes then fail one comparison.
  bool radius_limited_knn = false;
};

// Everything the step computes, as lazy tensors (realize_all them together). Per-hypothesis arrays cover all H rows;
// only rows with tested = true hold Monty's values (select them with `tested` to get its (Ht, .) arrays): an untested
// row is not searched (nn_ids -1 with a radius-limited K-NN, nu -inf).
struct EvidenceStep {
  Tensor locations;          // (H, 3) l + R d
  Tensor threshold;          // () the evidence a hypothesis needs to be scored
  Tensor tested;             // (H,) bool: e >= threshold
  Tensor rotated_normal;     // (H, 3) R n_s
  Tensor rotated_curvature;  // (H, 3) R c1_s
  Tensor nn_ids;             // (H, K) int32: the K nearest nodes, ascending Euclidean distance, ties to lower index
  Tensor nn_distances;       // (H, K) their Euclidean distances
  Tensor custom_distances;   // (H, K) D = |delta| + |delta . R n_s| / (|kappa| + 0.5)
  Tensor mask;               // (H, K) bool: D >= mmd, the neighbour is outside the radius
  Tensor pose_evidence;      // (H, K) before masking
  Tensor phi;                // (N,) node feature evidence
  Tensor neighbour_evidence; // (H, K) where(mask, -1, pose) + where(mask, 0, phi[nn])
  Tensor nu;                 // (H,) max over K (-inf where not tested)
  Tensor mu;                 // () max(0, min nu over tested): what every untested hypothesis gets
  Tensor evidence_add;       // (H,) nu where tested, mu elsewhere
  Tensor evidence;           // (H,) past * e + present * evidence_add (e unchanged when nothing is tested)
  Tensor num_tested;         // () int32
  Tensor prediction_error;   // () (2 - evidence_add[argmax e]) / 3, Monty's telemetry

  std::vector<Tensor*> all();
};

// One step. Without a displacement (no move since reset) the locations are scored where they are.
EvidenceStep evidence_step(const ObjectModel& model, const Hypotheses& hyps, const Percept& percept,
                           const std::optional<Tensor>& displacement, const EvidenceParams& params);

} // namespace lmc::lm
