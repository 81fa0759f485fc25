// The evidence step's math, written once: over a leading batch axis of (LM, object) pairs, padding masked out of the
// K-NN (+inf distance), the threshold and mu (+inf evidence), and gathers offset by b * N into the flattened node
// arrays. The single-object step (evidence.cpp) is this with B = 1.
#include "lm/stacked_evidence.hpp"

#include "lm/stacking.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numbers>
#include <optional>

namespace lmc::lm {
namespace {

Tensor row(const std::vector<double>& v, DType dt, const std::string& dev) {
  return Tensor::from_vector(v, {1, 1, static_cast<int64_t>(v.size())}, dev).cast(dt);
}

// phi (B, N) in node_feature_evidence's operation order.
Tensor stacked_phi(const Tensor& x, const Tensor& query, const FeatureSpec& spec) {
  const int64_t b = x.shape()[0], n = x.shape()[1];
  if (!spec.used()) return Tensor::zeros({b, n}, x.dtype(), x.device());
  spec.validate();
  const DType dt = x.dtype();
  const std::string& dev = x.device();
  const Tensor q = query.cast(dt).unsqueeze(1);
  const Tensor tau = row(spec.tolerances, dt, dev), w = row(spec.weights, dt, dev);
  std::vector<bool> circ = spec.circular;
  const Tensor is_circular = Tensor::from_vector(circ, {1, 1, spec.num_columns()}, dev);
  const Tensor linear_diff = (x - q).abs();
  const Tensor circular_diff = ((1.0 + x) - q).abs().minimum(linear_diff).minimum((x - (q + 1.0)).abs());
  const Tensor diff = where(is_circular, circular_diff, linear_diff);
  const Tensor per_column = (tau - diff).relu() / tau;
  double weight_sum = 0; // on the host: a reduction of constants would cost a kernel launch every step
  for (double v : spec.weights)
    weight_sum += v;
  const Tensor weighted_mean = (per_column * w).sum(-1) / weight_sum;
  return spec.increment == 1.0 ? weighted_mean : weighted_mean * spec.increment;
}

// R v for (B, H, 3, 3) rotations and (B, 3) vectors, as three elementwise products rather than a sum over the last
// axis: a reduction is a kernel boundary, and these vectors feed every later kernel, so written out they fuse into
// their readers (three launches fewer).
Tensor rotate_rows(const Tensor& rotations, const Tensor& v) {
  const int64_t b = rotations.shape()[0], h = rotations.shape()[1];
  Tensor out = rotations.slice({{}, {}, {}, {0, 1}}).reshape({b, h, 3}) * v.slice({{}, {0, 1}}).reshape({b, 1, 1});
  for (int64_t j = 1; j < 3; ++j)
    out = out +
          rotations.slice({{}, {}, {}, {j, j + 1}}).reshape({b, h, 3}) * v.slice({{}, {j, j + 1}}).reshape({b, 1, 1});
  return out;
}

using namespace node_row;

} // namespace

Tensor displace_stacked(const Tensor& locations, const Tensor& rotations, const Tensor& displacement) {
  const DType dt = locations.dtype();
  return locations + rotate_rows(rotations.cast(dt), displacement.cast(dt));
}

std::vector<double> node_row_values(const std::vector<double>& locations, const std::vector<double>& pose_vectors,
                                    const std::vector<double>& defined, const std::vector<double>& valid) {
  const size_t n = defined.size();
  if (locations.size() != 3 * n || pose_vectors.size() != 9 * n || valid.size() != n)
    throw Error(fmt::format("node_row_values: {} locations, {} pose values and {} valid flags for {} nodes",
                            locations.size(), pose_vectors.size(), valid.size(), n));
  std::vector<double> rows(n * kWidth, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double* row = rows.data() + i * kWidth;
    std::copy_n(locations.begin() + static_cast<std::ptrdiff_t>(3 * i), 3, row + kLocation);
    // The normal and the first curvature direction; the second direction is not read by the evidence step.
    std::copy_n(pose_vectors.begin() + static_cast<std::ptrdiff_t>(9 * i), 6, row + kNormal);
    row[kDefined] = defined[i] != 0.0 ? 1.0 : 0.0;
    row[kValid] = valid[i] != 0.0 ? 1.0 : 0.0;
  }
  return rows;
}

Tensor pack_node_rows(const StackedModels& m) {
  const int64_t b = m.locations.shape()[0], n = m.locations.shape()[1];
  const std::vector<double> locations = host_values(m.locations), poses = host_values(m.pose_vectors),
                            defined = host_values(m.pose_fully_defined), valid = host_values(m.node_valid);
  const auto slab = [&](const std::vector<double>& v, int64_t width, int64_t i) {
    return std::vector<double>(v.begin() + i * n * width, v.begin() + (i + 1) * n * width);
  };
  std::vector<double> rows;
  for (int64_t i = 0; i < b; ++i) {
    const std::vector<double> r =
        node_row_values(slab(locations, 3, i), slab(poses, 9, i), slab(defined, 1, i), slab(valid, 1, i));
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return Tensor::from_doubles(rows, {b, n, kWidth}, m.locations.dtype(), m.locations.device());
}

StackedEvidenceStep stacked_evidence_step(const StackedModels& m, const StackedHypotheses& hyps,
                                          const StackedPercepts& p, const EvidenceParams& params) {
  if (m.locations.ndim() != 3 || hyps.locations.ndim() != 3)
    throw Error(fmt::format("stacked_evidence_step: locations must be (B, N, 3) and (B, H, 3), got {} and {}",
                            shape_str(m.locations.shape()), shape_str(hyps.locations.shape())));
  const int64_t b = m.locations.shape()[0], n = m.locations.shape()[1], h = hyps.locations.shape()[1];
  const DType dt = m.locations.dtype();
  const std::string& dev = m.locations.device();
  if (hyps.locations.shape() != Shape{b, h, 3} || hyps.rotations.shape() != Shape{b, h, 3, 3} ||
      hyps.evidence.shape() != Shape{b, h} || hyps.valid.shape() != Shape{b, h} ||
      p.pose_vectors.shape() != Shape{b, 3, 3} || p.displacement.shape() != Shape{b, 3} ||
      p.flatness.shape() != Shape{b} || p.pose_fully_defined.shape() != Shape{b} ||
      m.node_valid.shape() != Shape{b, n} || (p.threshold && p.threshold->shape() != Shape{b}) ||
      (hyps.displaced && hyps.displaced->shape() != Shape{b, h, 3}) ||
      (m.node_rows && m.node_rows->shape() != Shape{b, n, kWidth}))
    throw Error(fmt::format("stacked_evidence_step: shapes do not agree with B = {}, N = {}, H = {}", b, n, h));
  if (!p.threshold && params.threshold.kind == Threshold::Kind::XPercent)
    throw Error("stacked_evidence_step: pass an x-percent threshold as a Value (mlh - mlh / 100 * x)");
  const int64_t k = std::min(params.max_neighbors, n);
  if (k < 1) throw Error(fmt::format("stacked_evidence_step: max_neighbors = {} (need >= 1)", params.max_neighbors));
  const double inf = std::numeric_limits<double>::infinity();

  const Tensor rotations = hyps.rotations.cast(dt), evidence_in = hyps.evidence.cast(dt);
  const Tensor sensed = p.pose_vectors.cast(dt);
  const Tensor l =
      hyps.displaced ? hyps.displaced->cast(dt) : displace_stacked(hyps.locations.cast(dt), rotations, p.displacement);
  const Tensor threshold = p.threshold ? p.threshold->cast(dt)
                           : params.threshold.kind == Threshold::Kind::All
                               ? where(hyps.valid, evidence_in, inf).min(-1)
                               : Tensor::full({b}, params.threshold.value, dt, dev);
  const Tensor tested = hyps.valid.logical_and(evidence_in >= threshold.unsqueeze(1));
  const Tensor normal = rotate_rows(rotations, sensed.slice({{}, {0, 1}}).reshape({b, 3}));
  const Tensor curvature = rotate_rows(rotations, sensed.slice({{}, {1, 2}}).reshape({b, 3}));

  // K-NN per pair over its own nodes; padding nodes are far (search_locations) or infinitely far (node_far). One fused
  // top-k: no (B, H, N) buffer.
  const Tensor to_nodes = (m.search_locations ? *m.search_locations : m.locations).unsqueeze(1) - l.unsqueeze(2);
  Tensor node_distances = (to_nodes * to_nodes).sum(-1); // (B, H, N), lazy
  if (!m.search_locations)
    node_distances = node_distances + where(m.node_valid, Tensor::zeros({b, n}, dt, dev), inf).unsqueeze(1);
  // With params.radius_limited_knn only nodes within the match radius are selected (evidence.hpp: the evidence is the
  // same); an empty slot has id -1, gathers nothing and is masked.
  const double radius = params.max_match_distance * (1 + 1e-6);
  const std::optional<double> bound =
      params.radius_limited_knn ? std::optional<double>(radius * radius) : std::optional<double>();
  // Only tested rows are searched: with a bound, an untested row's candidates are all +inf, so the compiled selection
  // skips that row's loop (codegen: a row-invariant where around a bounded top-k), and its empty slots are never read.
  const Tensor searched = tested.unsqueeze(-1);
  auto [nn_sq_dist, nn_ids] = bound && m.grid ? grid_knn(*m.grid, l, k, *bound, searched)
                              : bound         ? where(searched, node_distances, inf).topk(k, -1, false, bound)
                                              : node_distances.topk(k, -1, false, bound);
  const Tensor offsets = (Tensor::arange(b, nn_ids.dtype(), dev) * n).reshape({b, 1, 1});
  const Tensor empty_slot = nn_ids < 0.0;
  const Tensor nn_flat = where(empty_slot, nn_ids, nn_ids + offsets).reshape({b * h * k});
  auto at_neighbours = [&](const Tensor& node_array, Shape per_node) {
    Shape flat{b * n}, out{b, h, k};
    flat.insert(flat.end(), per_node.begin(), per_node.end());
    out.insert(out.end(), per_node.begin(), per_node.end());
    return node_array.reshape(flat).index_select(0, nn_flat).reshape(out);
  };

  // Every neighbour attribute from one packed row where the caller packed them.
  const std::optional<Tensor> rows =
      m.node_rows ? std::optional<Tensor>(at_neighbours(m.node_rows->cast(dt), {kWidth})) : std::nullopt;
  auto row_columns = [&](int64_t from, int64_t to) { return rows->slice({{}, {}, {}, {from, to}}); };
  const Tensor neighbour_locations = rows ? row_columns(kLocation, kLocation + 3) : at_neighbours(m.locations, {3});
  const Tensor neighbour_valid =
      rows ? row_columns(kValid, kValid + 1).reshape({b, h, k}) != 0.0 : at_neighbours(m.node_valid, {});
  const Tensor delta = neighbour_locations - l.unsqueeze(2);
  const Tensor off_plane = (delta * normal.unsqueeze(2)).sum(-1).abs();
  const Tensor custom_distances = (delta * delta).sum(-1).sqrt() + off_plane * p.flatness.cast(dt).reshape({b, 1, 1});
  const Tensor mask =
      (custom_distances >= params.max_match_distance).logical_or(neighbour_valid.logical_not()).logical_or(empty_slot);

  const Tensor node_frames = rows ? row_columns(kNormal, kCurvature + 3) : at_neighbours(m.pose_vectors, {9});
  const Tensor node_normal = node_frames.slice({{}, {}, {}, {0, 3}}),
               node_curvature = node_frames.slice({{}, {}, {}, {3, 6}});
  // Monty's angle terms without transcendentals (they were most of this kernel's arithmetic). With c = clip(dot):
  // the normal term sin(acos(c) / 2) is sqrt((1 - c) / 2) (half-angle formula, acos(c) in [0, pi]); the curvature term
  // sin(pi/2 - |acos(c) - pi/2|) = sin(min(b, pi - b)) = sin(b) for b = acos(c), which is sqrt(1 - c^2).
  const Tensor normal_cos = (node_normal * normal.unsqueeze(2)).sum(-1).clip(-1.0, 1.0);
  const Tensor curvature_cos = (node_curvature * curvature.unsqueeze(2)).sum(-1).clip(-1.0, 1.0);
  const Tensor node_defined =
      rows ? row_columns(kDefined, kDefined + 1).reshape({b, h, k}) : at_neighbours(m.pose_fully_defined, {}).cast(dt);
  const Tensor curvature_term =
      (0.5 - (1.0 - curvature_cos * curvature_cos).sqrt()) * node_defined * params.curvature_weight;
  const Tensor pose_evidence = (0.5 - ((1.0 - normal_cos) / 2.0).sqrt()) * params.normal_weight +
                               curvature_term * p.pose_fully_defined.cast(dt).reshape({b, 1, 1});

  const Tensor phi = stacked_phi(m.features.cast(dt), p.features, params.features);
  Tensor neighbour_evidence = where(mask, -1.0, pose_evidence);
  if (params.features.used()) neighbour_evidence = neighbour_evidence + where(mask, 0.0, at_neighbours(phi, {}));
  // Only tested rows are read (untested ones take mu): under where(tested, ., -inf) the compiled max skips the K
  // neighbours' gathers and terms for every other row (deleted hypotheses, rows past a batch's live count).
  const Tensor nu = where(tested.unsqueeze(-1), neighbour_evidence, -inf).max(-1);

  const Tensor lowest_tested = where(tested, nu, inf).min(-1);
  const Tensor mu = lowest_tested.relu();
  const Tensor evidence_add = where(tested, nu, mu.unsqueeze(1));
  const Tensor updated = evidence_in * params.past_weight + evidence_add * params.present_weight;
  // Some hypothesis was tested exactly when the lowest tested nu is not +inf: nu is a max of bounded evidence terms
  // (or NaN), never +inf. One reduction fewer than tested.any() (a kernel launch every step).
  const Tensor any_tested = lowest_tested != inf;
  const Tensor evidence = where(any_tested.unsqueeze(1).logical_and(hyps.valid), updated, evidence_in);
  return StackedEvidenceStep{.locations = l,
                             .threshold = threshold,
                             .tested = tested,
                             .nn_ids = nn_ids,
                             .mask = mask,
                             .phi = phi,
                             .nu = nu,
                             .mu = mu,
                             .evidence = evidence,
                             .rotated_normal = normal,
                             .rotated_curvature = curvature,
                             .nn_sq_distances = nn_sq_dist,
                             .custom_distances = custom_distances,
                             .pose_evidence = pose_evidence,
                             .neighbour_evidence = neighbour_evidence,
                             .evidence_add = evidence_add};
}

} // namespace lmc::lm
