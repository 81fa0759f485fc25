// The object model's construction checks and node feature evidence phi (§5.6), written as tensor expressions:
// one elementwise pass over the (N, F) feature array and a weighted row sum, so phi for all nodes is one kernel.
#include "lm/model.hpp"

#include "lm/stacking.hpp"

#include <fmt/format.h>

namespace lmc::lm {
namespace {

void expect_shape(const Tensor& t, const Shape& want, const char* name) {
  if (t.shape() != want)
    throw Error(fmt::format("ObjectModel: {} has shape {}, expected {}", name, shape_str(t.shape()), shape_str(want)));
}

// A per-column constant row (1, F) in `dtype` on `device`.
Tensor row(const std::vector<double>& v, DType dtype, const std::string& device) {
  return Tensor::from_doubles(v, {1, static_cast<int64_t>(v.size())}, dtype, device);
}

} // namespace

ObjectModel ObjectModel::make(Tensor locations, Tensor pose_vectors, Tensor pose_fully_defined, Tensor features,
                              DType dtype) {
  if (locations.ndim() != 2 || locations.shape()[1] != 3)
    throw Error(fmt::format("ObjectModel: locations must be (N, 3), got {}", shape_str(locations.shape())));
  const int64_t n = locations.shape()[0];
  expect_shape(pose_vectors, {n, 9}, "pose_vectors");
  expect_shape(pose_fully_defined, {n}, "pose_fully_defined");
  if (features.ndim() != 2 || features.shape()[0] != n)
    throw Error(fmt::format("ObjectModel: features must be ({}, F), got {}", n, shape_str(features.shape())));
  // Converted on the host, each array into a buffer of its own: a lazy cast would be realized object by object when
  // the batches stack the models (a kernel per array, compiled before a cold process's first step). Monty stores the
  // flag as a float and tests it with != 0, as the bool conversion does.
  auto converted = [](const Tensor& t, DType dt) {
    if (t.dtype() == dt) return t;
    return Tensor::from_doubles(host_values(t), t.shape(), dt, t.device());
  };
  return ObjectModel{converted(locations, dtype), converted(pose_vectors, dtype), converted(pose_fully_defined, bool_),
                     converted(features, dtype)};
}

void FeatureSpec::validate() const {
  const size_t f = tolerances.size();
  if (weights.size() != f || circular.size() != f)
    throw Error(fmt::format("FeatureSpec: {} tolerances, {} weights and {} circular flags (must be equal)", f,
                            weights.size(), circular.size()));
  double total = 0;
  for (size_t j = 0; j < f; ++j) {
    if (!(tolerances[j] > 0))
      throw Error(fmt::format("FeatureSpec: tolerance {} of column {} is not > 0", tolerances[j], j));
    total += weights[j];
  }
  if (f > 0 && total == 0) throw Error("FeatureSpec: the feature weights sum to 0");
}

Tensor node_feature_evidence(const Tensor& features, const Tensor& query, const FeatureSpec& spec) {
  const int64_t n = features.shape()[0];
  if (!spec.used()) return Tensor::zeros({n}, features.dtype(), features.device());
  spec.validate();
  if (features.ndim() != 2 || features.shape()[1] != spec.num_columns() || query.shape() != Shape{spec.num_columns()})
    throw Error(fmt::format("node_feature_evidence: features {} and query {} do not match {} feature columns",
                            shape_str(features.shape()), shape_str(query.shape()), spec.num_columns()));
  const DType dt = features.dtype();
  const std::string& dev = features.device();
  const Tensor x = features, q = query.cast(dt).unsqueeze(0);
  const Tensor tau = row(spec.tolerances, dt, dev), w = row(spec.weights, dt, dev);
  std::vector<bool> circ = spec.circular;
  const Tensor is_circular = Tensor::from_vector(circ, {1, spec.num_columns()}, dev);

  // Circular columns (hue, period 1): the shortest of the three ways round, in Monty's operation order.
  const Tensor linear_diff = (x - q).abs();
  const Tensor circular_diff = ((1.0 + x) - q).abs().minimum(linear_diff).minimum((x - (q + 1.0)).abs());
  const Tensor diff = where(is_circular, circular_diff, linear_diff);
  // Evidence per column in [0, 1]: 1 at a perfect match, 0 at or beyond the tolerance (NaN stays NaN).
  const Tensor per_column = (tau - diff).relu() / tau;
  // numpy.average with weights: sum(a * w) / sum(w).
  const Tensor weighted_mean = (per_column * w).sum(-1) / w.sum();
  return spec.increment == 1.0 ? weighted_mean : weighted_mean * spec.increment;
}

} // namespace lmc::lm
