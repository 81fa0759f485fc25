// The evidence step as tensor expressions, in the order Monty computes it (§5.1-5.8). Shapes stay static: every
// hypothesis is scored and `tested` selects, so a step never waits on the host and can be replayed as a graph.
#include "lm/evidence.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numbers>

namespace lmc::lm {

Threshold Threshold::parse(const std::string& config, double x_percent, double max_global_evidence) {
  if (config == "all") return Threshold{Kind::All};
  if (config == "x_percent_threshold") return Threshold{Kind::XPercent, x_percent, max_global_evidence};
  try {
    size_t used = 0;
    const double v = std::stod(config, &used);
    if (used == config.size()) return Threshold{Kind::Value, x_percent, max_global_evidence, v};
  } catch (const std::exception&) {
  }
  throw Error(
      fmt::format("evidence threshold '{}' is not supported (use all, x_percent_threshold or a number)", config));
}

std::vector<Tensor*> EvidenceStep::all() {
  return {&locations,
          &threshold,
          &tested,
          &rotated_normal,
          &rotated_curvature,
          &nn_ids,
          &nn_distances,
          &custom_distances,
          &mask,
          &pose_evidence,
          &phi,
          &neighbour_evidence,
          &nu,
          &mu,
          &evidence_add,
          &evidence,
          &num_tested,
          &prediction_error};
}

namespace {

// Angle between unit vectors from their dot product, as Monty computes it: arccos of the clipped dot.
Tensor angle(const Tensor& dot) {
  return dot.clip(-1.0, 1.0).acos();
}

// A per-step host value as a 0-d device input (the same kernels serve every value), computed in float64 and cast
// like the literal it replaces.
Tensor step_scalar(double value, DType dtype, const std::string& device) {
  return Tensor::from_vector(std::vector<double>{value}, {}, device).cast(dtype);
}

// The scored-hypothesis threshold as a 0-d tensor (§1).
Tensor threshold_of(const Tensor& evidence, const Threshold& t) {
  switch (t.kind) {
  case Threshold::Kind::All:
    return evidence.min();
  case Threshold::Kind::XPercent: {
    // Monty's order of operations: mlh - mlh / 100 * x.
    const double mlh = t.max_global_evidence;
    return step_scalar(mlh - mlh / 100 * t.x_percent, evidence.dtype(), evidence.device());
  }
  case Threshold::Kind::Value:
    return step_scalar(t.value, evidence.dtype(), evidence.device());
  }
  throw Error("evidence_step: unknown threshold kind");
}

} // namespace

EvidenceStep evidence_step(const ObjectModel& model, const Hypotheses& hyps, const Percept& percept,
                           const std::optional<Tensor>& displacement, const EvidenceParams& params) {
  const int64_t n = model.num_nodes(), h = hyps.size();
  const DType dt = model.dtype();
  if (hyps.locations.shape() != Shape{h, 3} || hyps.rotations.shape() != Shape{h, 3, 3} ||
      hyps.evidence.shape() != Shape{h})
    throw Error(fmt::format("evidence_step: hypotheses have shapes {}, {}, {} (need (H, 3), (H, 3, 3), (H,))",
                            shape_str(hyps.locations.shape()), shape_str(hyps.rotations.shape()),
                            shape_str(hyps.evidence.shape())));
  if (percept.pose_vectors.shape() != Shape{3, 3})
    throw Error(fmt::format("evidence_step: sensed pose vectors must be (3, 3), got {}",
                            shape_str(percept.pose_vectors.shape())));
  if (h == 0 || n == 0) throw Error(fmt::format("evidence_step: needs hypotheses and nodes (H = {}, N = {})", h, n));
  const int64_t k = std::min(params.max_neighbors, n);
  if (k < 1) throw Error(fmt::format("evidence_step: max_neighbors = {} (need >= 1)", params.max_neighbors));

  const Tensor rotations = hyps.rotations.cast(dt), evidence_in = hyps.evidence.cast(dt);
  const Tensor sensed = percept.pose_vectors.cast(dt);

  // §4 path integration, then §5.1: which hypotheses are scored.
  const Tensor l = displacement ? displace(hyps.locations.cast(dt), rotations, *displacement) : hyps.locations.cast(dt);
  const Tensor threshold = threshold_of(evidence_in, params.threshold);
  const Tensor tested = evidence_in >= threshold;

  // §5.2 the sensed normal and first curvature direction in each hypothesis' model frame.
  const Tensor normal = rotations.matmul(sensed.slice({{0, 1}}).reshape({3}));    // (H, 3)
  const Tensor curvature = rotations.matmul(sensed.slice({{1, 2}}).reshape({3})); // (H, 3)

  // §5.3 exact K nearest nodes: top-k (smallest) over squared distances to all N nodes, fused into one kernel so
  // the (H, N) distance matrix never exists.
  const Tensor to_nodes = model.locations.unsqueeze(0) - l.unsqueeze(1); // (H, N, 3), lazy
  // The bound sits a relative 1e-6 beyond mmd^2 so rounding never drops a node that could be inside the radius.
  const double radius = params.max_match_distance * (1 + 1e-6);
  const std::optional<double> bound =
      params.radius_limited_knn ? std::optional<double>(radius * radius) : std::optional<double>();
  auto [nn_sq_dist, nn_ids] = (to_nodes * to_nodes).sum(-1).topk(k, -1, /*largest=*/false, bound);
  const Tensor nn_flat = nn_ids.reshape({h * k});
  auto at_neighbours = [&](const Tensor& node_array, Shape per_node) {
    Shape out{h, k};
    out.insert(out.end(), per_node.begin(), per_node.end());
    return node_array.index_select(0, nn_flat).reshape(out);
  };

  // §5.4 custom distance: Euclidean plus the off-plane part scaled by curvature; the mask marks neighbours outside
  // the radius. Monty writes it as (mmd - D) / mmd <= 0, which is exactly D >= mmd.
  const Tensor delta = at_neighbours(model.locations, {3}) - l.unsqueeze(1); // (H, K, 3)
  const Tensor off_plane = (delta * normal.unsqueeze(1)).sum(-1).abs();
  // A one-element input rather than a literal: the sensed curvature changes every step, and a literal would make every
  // step's kernels new ones to compile.
  const Tensor flatness = step_scalar(1 / (std::abs(percept.curvature) + 0.5), dt, delta.device());
  const Tensor custom_distances = (delta * delta).sum(-1).sqrt() + off_plane * flatness;
  Tensor mask = custom_distances >= params.max_match_distance;
  if (params.radius_limited_knn) mask = mask.logical_or(nn_ids < 0.0); // an empty slot: no node within the radius

  // §5.5 pose evidence: the normal term 0.5 - sin(alpha / 2) in [-0.5, 0.5]; with a fully defined pose, also the
  // curvature-direction term, symmetric under a 180 degree flip and only where the node's own directions are defined.
  const Tensor node_frames = at_neighbours(model.pose_vectors, {9}); // (H, K, 9)
  const Tensor node_normal = node_frames.slice({{}, {}, {0, 3}}), node_curvature = node_frames.slice({{}, {}, {3, 6}});
  const Tensor alpha = angle((node_normal * normal.unsqueeze(1)).sum(-1));
  Tensor pose_evidence = (0.5 - (alpha / 2.0).sin()) * params.normal_weight;
  if (percept.pose_fully_defined) {
    constexpr double half_pi = std::numbers::pi / 2;
    const Tensor beta = angle((node_curvature * curvature.unsqueeze(1)).sum(-1));
    const Tensor epsilon = half_pi - (beta - half_pi).abs();
    const Tensor node_defined = at_neighbours(model.pose_fully_defined, {}).cast(dt);
    pose_evidence = pose_evidence + (0.5 - epsilon.sin()) * node_defined * params.curvature_weight;
  }

  // §5.6 feature evidence of every node, gathered at the neighbours; §5.7 masked values and max over K.
  const Tensor phi = node_feature_evidence(model.features, percept.features, params.features);
  Tensor neighbour_evidence = where(mask, -1.0, pose_evidence);
  if (params.features.used()) neighbour_evidence = neighbour_evidence + where(mask, 0.0, at_neighbours(phi, {}));
  const Tensor nu = neighbour_evidence.max(-1);

  // §5.8 untested hypotheses get max(0, min nu over the tested ones); then past/present weighting. With nothing
  // tested Monty leaves the evidence as it was.
  const double inf = std::numeric_limits<double>::infinity();
  const Tensor mu = where(tested, nu, inf).min().relu();
  const Tensor evidence_add = where(tested, nu, mu);
  const Tensor any_tested = tested.any();
  const Tensor updated = evidence_in * params.past_weight + evidence_add * params.present_weight;
  const Tensor evidence = where(any_tested, updated, evidence_in);

  // §5.9 telemetry: how far the most likely hypothesis' new evidence is from the best possible (2).
  const Tensor best = evidence_in.argmax(0).reshape({1});
  const Tensor prediction_error = ((2.0 - evidence_add.gather(0, best)) / 3.0).reshape({});

  return EvidenceStep{
      .locations = l,
      .threshold = threshold,
      .tested = tested,
      .rotated_normal = normal,
      .rotated_curvature = curvature,
      .nn_ids = nn_ids,
      .nn_distances = nn_sq_dist.sqrt(),
      .custom_distances = custom_distances,
      .mask = mask,
      .pose_evidence = pose_evidence,
      .phi = phi,
      .neighbour_evidence = neighbour_evidence,
      .nu = nu,
      .mu = mu,
      .evidence_add = evidence_add,
      .evidence = evidence,
      .num_tested = tested.sum(),
      .prediction_error = prediction_error,
  };
}

} // namespace lmc::lm
