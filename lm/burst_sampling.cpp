// Burst sampling's new hypotheses as tensor expressions: the stable top-k is two counting reductions (no sort, so
// nothing serial per row), and the hypotheses are the informed initial space of the selected nodes.
#include "lm/burst_sampling.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace lmc::lm {

void BurstSettings::validate() const {
  auto fail = [](const char* name, double v, const char* want) {
    throw Error(fmt::format("burst sampling: {} = {} (must be {})", name, v, want));
  };
  if (!(sampling_multiplier >= 0)) fail("sampling_multiplier", sampling_multiplier, ">= 0");
  if (std::isnan(deletion_trigger_slope)) fail("deletion_trigger_slope", deletion_trigger_slope, "a number");
  if (std::isnan(burst_trigger_slope)) fail("burst_trigger_slope", burst_trigger_slope, "a number");
  if (sampling_burst_duration < 0)
    fail("sampling_burst_duration", static_cast<double>(sampling_burst_duration), ">= 0");
  if (tracker_window < 2) fail("tracker_window", static_cast<double>(tracker_window), ">= 2");
  if (tracker_min_age < 0) fail("tracker_min_age", static_cast<double>(tracker_min_age), ">= 0");
}

int64_t burst_sample_count(int64_t num_nodes, int64_t num_rotations, double multiplier) {
  if (num_rotations < 1) throw Error(fmt::format("burst_sample_count: {} rotations per node", num_rotations));
  if (!(multiplier >= 0)) throw Error(fmt::format("burst_sample_count: sampling multiplier {} < 0", multiplier));
  const double capped = std::min(multiplier, static_cast<double>(num_rotations));
  // std::nearbyint in the default rounding mode rounds half to even, as Python's round does.
  const auto count = static_cast<int64_t>(std::nearbyint(static_cast<double>(num_nodes) * capped));
  return count - count % num_rotations;
}

Tensor top_nodes_by_evidence(const Tensor& phi, int64_t k) {
  if (phi.ndim() != 1)
    throw Error(fmt::format("top_nodes_by_evidence: phi must be (N,), got {}", shape_str(phi.shape())));
  const int64_t n = phi.shape()[0];
  if (k < 1 || k > n) throw Error(fmt::format("top_nodes_by_evidence: k = {} outside [1, {}]", k, n));
  const std::string& dev = phi.device();
  const Tensor key = where(phi != phi, std::numeric_limits<double>::infinity(), phi);
  const Tensor node = Tensor::arange(n, int32, dev);
  // Node m sorts after node n (rows n, columns m) when its key is larger, or equal with a larger index.
  const Tensor km = key.unsqueeze(0), kn = key.unsqueeze(1);
  const Tensor later = (km > kn).logical_or((km == kn).logical_and(node.unsqueeze(0) > node.unsqueeze(1)));
  const Tensor ranked_above = later.cast(int32).sum(-1); // (N,): 0 for the best node
  // Output position j (ascending phi) holds the node with exactly k - 1 - j nodes above it.
  const Tensor wanted = (static_cast<double>(k - 1) - Tensor::arange(k, int32, dev)).unsqueeze(1); // (k, 1)
  return ((ranked_above.unsqueeze(0) == wanted).cast(int32) * node.unsqueeze(0)).sum(-1);
}

Hypotheses sample_hypotheses(const ObjectModel& model, const Tensor& sensed_frames, const Tensor& phi,
                             const Tensor& nodes) {
  if (nodes.ndim() != 1 || !nodes.dtype().is_int())
    throw Error(fmt::format("sample_hypotheses: nodes must be (k,) integers, got {} {}", nodes.dtype().name(),
                            shape_str(nodes.shape())));
  // The selected nodes form a smaller model whose informed space is exactly the new hypotheses.
  const ObjectModel selected{model.locations.index_select(0, nodes), model.pose_vectors.index_select(0, nodes),
                             model.pose_fully_defined.index_select(0, nodes), model.features.index_select(0, nodes)};
  return initial_space(selected, sensed_frames, phi.index_select(0, nodes));
}

} // namespace lmc::lm
