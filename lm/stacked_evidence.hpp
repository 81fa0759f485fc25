// The evidence step over a leading batch axis B of (LM, object) pairs: models padded to one N, hypotheses to one H,
// per-pair percepts, so a whole group of LMs is one set of launches. The evidence math lives here only: the
// single-object step (evidence.hpp) is this step with B = 1 and no padding.
#pragma once
#include "lm/evidence.hpp"
#include "lm/neighbour_grid.hpp"

#include <optional>

namespace lmc::lm {

// B object models padded to N nodes. Padding nodes have node_valid = false and are never chosen as neighbours.
struct StackedModels {
  Tensor locations;          // (B, N, 3)
  Tensor pose_vectors;       // (B, N, 9)
  Tensor pose_fully_defined; // (B, N) bool
  Tensor features;           // (B, N, F)
  Tensor node_valid;         // (B, N) bool
  // With params.radius_limited_knn, the K-NN looks only at the grid's lists (neighbour_grid.hpp): the same
  // neighbours, without scanning all N nodes. Built for radius params.max_match_distance * (1 + 1e-6) or more.
  std::optional<NeighbourGrid> grid;
  // (B, N, 12) in the model dtype: location | normal | curvature direction | pose_fully_defined | node_valid | 0 per
  // node (pack_node_rows). When set, a neighbour's attributes are read from one row (one or two cache sectors) instead
  // of five arrays: the gathers over K neighbours are most of the evidence kernel's memory traffic.
  std::optional<Tensor> node_rows;
  // (B, N, 3): the locations with every padding node moved to one point far outside any model (kFarNode per
  // coordinate). When set, the brute-force K-NN reads these and tests no node's validity: a padding node is never
  // nearer than a real one, and padding nodes tie among themselves as before, so the lowest ids win the same slots.
  // One load, select and add fewer per (hypothesis, node) pair, the K-NN's innermost work.
  std::optional<Tensor> search_locations;
};

// The coordinate of the far point padding nodes sit at in search_locations: its squared distance from any model
// (3e30) stays finite in float32 and beyond any match radius.
inline constexpr double kFarNode = 1e15;

// The columns of a packed node row. A 12th, unused column makes a float32 row 48 bytes: two 32-byte sectors wherever
// it starts (44 would straddle 3).
namespace node_row {
inline constexpr int64_t kLocation = 0, kNormal = 3, kCurvature = 6, kDefined = 9, kValid = 10, kWidth = 12;
}

// One pair's packed node rows (n x node_row::kWidth values) from its n locations (x, y, z), pose vectors (9 each),
// pose_fully_defined and node_valid flags (0 or not). Packed on the host: the models are built there, and a kernel
// for it would be one more compile before a cold process's first step.
std::vector<double> node_row_values(const std::vector<double>& locations, const std::vector<double>& pose_vectors,
                                    const std::vector<double>& defined, const std::vector<double>& valid);

// The node_rows of `models` (read back to the host and packed by node_row_values).
Tensor pack_node_rows(const StackedModels& models);

// B hypothesis sets padded to H rows. Padding rows have valid = false: never scored, never the threshold or mu.
struct StackedHypotheses {
  Tensor locations; // (B, H, 3)
  Tensor rotations; // (B, H, 3, 3)
  Tensor evidence;  // (B, H)
  Tensor valid;     // (B, H) bool
  // (B, H, 3) locations + R displacement (displace_stacked()) computed and realized by the caller, which then reads it
  // instead of every kernel recomputing it from the rotations; only its values on active rows matter.
  std::optional<Tensor> displaced;
};

// locations + R displacement for (B, H, 3) locations, (B, H, 3, 3) rotations and (B, 3) displacements.
Tensor displace_stacked(const Tensor& locations, const Tensor& rotations, const Tensor& displacement);

// One percept per pair (the pairs of one LM share its percept).
struct StackedPercepts {
  Tensor pose_vectors;       // (B, 3, 3)
  Tensor pose_fully_defined; // (B,) 1 or 0 in the model dtype: gates the curvature term
  Tensor features;           // (B, F)
  Tensor flatness;           // (B,) 1 / (|kappa| + 0.5)
  Tensor displacement;       // (B, 3); zeros when the agent has not moved (l + R 0 = l exactly)
  // (B,) per-pair thresholds (e.g. each LM's x-percent threshold); when set it replaces params.threshold, so one
  // captured step serves every threshold value.
  std::optional<Tensor> threshold;
};

struct StackedEvidenceStep {
  Tensor locations; // (B, H, 3)
  Tensor threshold; // (B,)
  Tensor tested;    // (B, H) bool, false on padding rows
  Tensor nn_ids;    // (B, H, K) int32, node index within the pair's model
  Tensor mask;      // (B, H, K) bool
  Tensor phi;       // (B, N)
  Tensor nu;        // (B, H), -inf where not tested
  Tensor mu;        // (B,)
  Tensor evidence;  // (B, H) (padding rows keep their input value)
  // The intermediates, lazy: a caller that reads none of them (the LM backend) compiles nothing for them.
  Tensor rotated_normal;     // (B, H, 3) R n_s
  Tensor rotated_curvature;  // (B, H, 3) R c1_s
  Tensor nn_sq_distances;    // (B, H, K) squared distances of nn_ids (the bound where a slot is empty)
  Tensor custom_distances;   // (B, H, K)
  Tensor pose_evidence;      // (B, H, K) before masking
  Tensor neighbour_evidence; // (B, H, K) masked pose plus feature evidence
  Tensor evidence_add;       // (B, H) nu where tested, mu elsewhere
};

// The step of evidence_step for every pair at once. Without percepts.threshold, params.threshold must be All or Value
// (x-percent needs each LM's previous best, which the caller turns into a per-pair threshold); K = min(max_neighbors,
// N).
StackedEvidenceStep stacked_evidence_step(const StackedModels& models, const StackedHypotheses& hyps,
                                          const StackedPercepts& percepts, const EvidenceParams& params);

} // namespace lmc::lm
