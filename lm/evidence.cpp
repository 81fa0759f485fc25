// The evidence step of one object: the stacked step (stacked_evidence.cpp, where the math is written) with one pair.
// Shapes stay static: `tested` selects, so a step never waits on the host and can be replayed as a graph.
#include "lm/evidence.hpp"

#include "lm/stacked_evidence.hpp"

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

// A per-step host value as a device input of shape `shape` (the same kernels serve every value), computed in float64
// and cast like the literal it replaces.
Tensor step_value(double value, Shape shape, DType dtype, const std::string& device) {
  return Tensor::from_vector(std::vector<double>{value}, std::move(shape), device).cast(dtype);
}

} // namespace

EvidenceStep evidence_step(const ObjectModel& model, const Hypotheses& hyps, const Percept& percept,
                           const std::optional<Tensor>& displacement, const EvidenceParams& params) {
  const int64_t n = model.num_nodes(), h = hyps.size();
  const DType dt = model.dtype();
  const std::string& dev = model.locations.device();
  if (hyps.locations.shape() != Shape{h, 3} || hyps.rotations.shape() != Shape{h, 3, 3} ||
      hyps.evidence.shape() != Shape{h})
    throw Error(fmt::format("evidence_step: hypotheses have shapes {}, {}, {} (need (H, 3), (H, 3, 3), (H,))",
                            shape_str(hyps.locations.shape()), shape_str(hyps.rotations.shape()),
                            shape_str(hyps.evidence.shape())));
  if (percept.pose_vectors.shape() != Shape{3, 3})
    throw Error(fmt::format("evidence_step: sensed pose vectors must be (3, 3), got {}",
                            shape_str(percept.pose_vectors.shape())));
  if (displacement && displacement->shape() != Shape{3})
    throw Error(fmt::format("evidence_step: displacement must be (3,), got {}", shape_str(displacement->shape())));
  if (h == 0 || n == 0) throw Error(fmt::format("evidence_step: needs hypotheses and nodes (H = {}, N = {})", h, n));

  // The stacked step with one pair: no padding (every node and hypothesis valid, the locations searched as they are).
  const int64_t f = model.features.shape()[1];
  const Tensor locations = hyps.locations.cast(dt).reshape({1, h, 3});
  StackedModels m{.locations = model.locations.reshape({1, n, 3}),
                  .pose_vectors = model.pose_vectors.reshape({1, n, 9}),
                  .pose_fully_defined = model.pose_fully_defined.reshape({1, n}),
                  .features = model.features.reshape({1, n, f}),
                  .node_valid = Tensor::full({1, n}, 1.0, bool_, dev)};
  m.search_locations = m.locations;
  StackedHypotheses sh{.locations = locations,
                       .rotations = hyps.rotations.reshape({1, h, 3, 3}),
                       .evidence = hyps.evidence.reshape({1, h}),
                       .valid = Tensor::full({1, h}, 1.0, bool_, dev)};
  // Without a displacement (no move since reset) the locations are scored where they are.
  if (!displacement) sh.displaced = locations;
  // Per-step values as inputs, not literals: a literal would make every step's kernels new ones to compile.
  StackedPercepts p{.pose_vectors = percept.pose_vectors.reshape({1, 3, 3}),
                    .pose_fully_defined = step_value(percept.pose_fully_defined ? 1 : 0, {1}, dt, dev),
                    .features = percept.features.reshape({1, f}),
                    .flatness = step_value(1 / (std::abs(percept.curvature) + 0.5), {1}, dt, dev),
                    .displacement = displacement ? displacement->reshape({1, 3}) : Tensor::zeros({1, 3}, dt, dev)};
  const Threshold& t = params.threshold;
  // Monty's order of operations for x-percent: mlh - mlh / 100 * x.
  if (t.kind == Threshold::Kind::XPercent)
    p.threshold = step_value(t.max_global_evidence - t.max_global_evidence / 100 * t.x_percent, {1}, dt, dev);
  else if (t.kind == Threshold::Kind::Value)
    p.threshold = step_value(t.value, {1}, dt, dev);
  const StackedEvidenceStep s = stacked_evidence_step(m, sh, p, params);

  const int64_t k = s.nn_ids.shape()[2];
  const Tensor tested = s.tested.reshape({h}), evidence_add = s.evidence_add.reshape({h});
  // §5.9 telemetry: how far the most likely hypothesis' new evidence is from the best possible (2).
  const Tensor best = hyps.evidence.cast(dt).argmax(0).reshape({1});
  return EvidenceStep{
      .locations = s.locations.reshape({h, 3}),
      .threshold = s.threshold.reshape({}),
      .tested = tested,
      .rotated_normal = s.rotated_normal.reshape({h, 3}),
      .rotated_curvature = s.rotated_curvature.reshape({h, 3}),
      .nn_ids = s.nn_ids.reshape({h, k}),
      .nn_distances = s.nn_sq_distances.reshape({h, k}).sqrt(),
      .custom_distances = s.custom_distances.reshape({h, k}),
      .mask = s.mask.reshape({h, k}),
      .pose_evidence = s.pose_evidence.reshape({h, k}),
      .phi = s.phi.reshape({n}),
      .neighbour_evidence = s.neighbour_evidence.reshape({h, k}),
      .nu = s.nu.reshape({h}),
      .mu = s.mu.reshape({}),
      .evidence_add = evidence_add,
      .evidence = s.evidence.reshape({h}),
      .num_tested = tested.sum(),
      .prediction_error = ((2.0 - evidence_add.gather(0, best)) / 3.0).reshape({}),
  };
}

} // namespace lmc::lm
