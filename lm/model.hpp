// The object model an LM matches against (node locations, pose frames, pfd flags, features) and the node feature
// evidence phi of a sensed feature vector (monty_hypothesis_ops.md §2, §5.6). Its own file: the model is resident
// device data that every other piece of the LM library reads.
#pragma once
#include "frontend/tensor.hpp"

#include <string>
#include <vector>

namespace lmc::lm {

// One object graph on a device. All float arrays share one dtype (the caller's: float64 or float32).
struct ObjectModel {
  Tensor locations;          // P (N, 3), model frame, metres
  Tensor pose_vectors;       // V (N, 9), rows [n | c1 | c2], each unit length
  Tensor pose_fully_defined; // U (N,) bool: the node's curvature directions are meaningful
  Tensor features;           // X (N, F) non-pose features in feature order; NaN where a node lacks one

  int64_t num_nodes() const { return locations.shape()[0]; }
  DType dtype() const { return locations.dtype(); }
  // Checks the shapes agree (throws lmc::Error naming the array) and casts the floats to `dtype`.
  static ObjectModel make(Tensor locations, Tensor pose_vectors, Tensor pose_fully_defined, Tensor features,
                          DType dtype);
};

// How the F feature columns are compared: per column a tolerance, a weight and whether it is circular with period
// 1 (hue). `increment` scales phi (Monty's feature_evidence_increment).
struct FeatureSpec {
  std::vector<double> tolerances;
  std::vector<double> weights;
  std::vector<bool> circular;
  double increment = 1.0;

  int64_t num_columns() const { return static_cast<int64_t>(tolerances.size()); }
  // Monty scores features only with a positive increment and at least one non-pose feature; otherwise phi = 0.
  bool used() const { return increment > 0 && !tolerances.empty(); }
  void validate() const; // equal lengths, positive tolerances, weights summing to non-zero
};

// phi (N,): for every node, the weighted mean over columns of max(tau - diff, 0) / tau, times the increment.
// diff is |x - q|, or for a circular column the shortest way round. A NaN feature makes that node's phi NaN.
Tensor node_feature_evidence(const Tensor& features, const Tensor& query, const FeatureSpec& spec);

} // namespace lmc::lm
