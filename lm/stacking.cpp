// The shared stacking of resident batches: host-side stacking (one upload per array), the packed input row, and
// dtype-aware reads of results.
#include "lm/stacking.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "runtime/device.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

namespace lmc::lm {

void pack_inputs(const std::vector<PairInput>& inputs, int64_t features, DType dtype,
                 std::vector<unsigned char>& host) {
  using namespace input_row;
  const int64_t width = kFeatures + features;
  host.resize(static_cast<size_t>(width) * inputs.size() * dtype.itemsize());
  std::vector<double> row(static_cast<size_t>(width));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const PairInput& p = inputs[i];
    if (static_cast<int64_t>(p.features.size()) != features)
      throw Error(fmt::format("resident batch: pair {} has {} features, expected {}", i, p.features.size(), features));
    std::fill(row.begin(), row.end(), 0.0);
    std::copy(p.pose_vectors.begin(), p.pose_vectors.end(), row.begin() + kPose);
    row[kPfd] = p.pose_fully_defined ? 1 : 0;
    row[kFlatness] = p.flatness;
    std::copy(p.displacement.begin(), p.displacement.end(), row.begin() + kDisplacement);
    row[kActive] = p.active ? 1 : 0;
    row[kThreshold] = p.threshold;
    std::copy(p.features.begin(), p.features.end(), row.begin() + kFeatures);
    unsigned char* dst = host.data() + i * width * dtype.itemsize();
    if (dtype == float32) {
      for (int64_t c = 0; c < width; ++c) {
        const float v = static_cast<float>(row[c]);
        std::memcpy(dst + c * sizeof(float), &v, sizeof(float));
      }
    } else {
      std::memcpy(dst, row.data(), row.size() * sizeof(double));
    }
  }
}

double read_value(const std::vector<unsigned char>& host, size_t i, DType dtype) {
  if (dtype == float32) {
    float v;
    std::memcpy(&v, host.data() + i * sizeof(float), sizeof(float));
    return static_cast<double>(v);
  }
  double v;
  std::memcpy(&v, host.data() + i * sizeof(double), sizeof(double));
  return v;
}

std::vector<double> host_values(const Tensor& t) {
  if (t.dtype() == float64) return t.to_vector<double>();
  if (t.dtype() == float32) {
    const std::vector<float> v = t.to_vector<float>();
    return std::vector<double>(v.begin(), v.end());
  }
  if (t.dtype() == bool_) {
    const std::vector<bool> v = t.to_vector<bool>();
    return std::vector<double>(v.begin(), v.end());
  }
  return t.cast(float64).to_vector<double>();
}

Tensor stack_host_rows(int64_t pairs, const std::function<std::vector<double>(size_t)>& per_pair, int64_t rows,
                       const Shape& row_shape, DType dtype, const std::string& device) {
  int64_t row_size = 1;
  for (int64_t d : row_shape)
    row_size *= d;
  std::vector<double> host(static_cast<size_t>(pairs * rows * row_size), 0.0);
  for (int64_t i = 0; i < pairs; ++i) {
    const std::vector<double> v = per_pair(static_cast<size_t>(i));
    if (static_cast<int64_t>(v.size()) > rows * row_size)
      throw Error(fmt::format("resident batch: pair {} has {} values, more than the {} rows of {} it is padded to", i,
                              v.size(), rows, row_size));
    std::copy(v.begin(), v.end(), host.begin() + i * rows * row_size);
  }
  Shape shape{pairs, rows};
  shape.insert(shape.end(), row_shape.begin(), row_shape.end());
  return Tensor::from_doubles(host, shape, dtype, device);
}

StackedModels stack_models(const std::vector<const ObjectModel*>& models, int64_t nodes, const EvidenceParams& params,
                           DType dtype, const std::string& device, NeighbourGridCache* grids, int64_t& grid_capacity) {
  const auto b = static_cast<int64_t>(models.size());
  const int64_t columns = models[0]->features.shape()[1];
  for (size_t i = 0; i < models.size(); ++i)
    if (models[i]->features.shape()[1] != columns)
      throw Error(fmt::format("resident batch: pair {} has {} feature columns, pair 0 has {}", i,
                              models[i]->features.shape()[1], columns));
  // Every array is stacked and converted on the host: a batch's construction launches no kernel, so a cold process
  // compiles only the step's kernels (in parallel) and not a cast per array before them.
  std::vector<std::vector<double>> node_sets, poses, defined;
  for (const ObjectModel* m : models) {
    node_sets.push_back(host_values(m->locations));
    poses.push_back(host_values(m->pose_vectors));
    defined.push_back(host_values(m->pose_fully_defined));
  }
  auto ones = [](int64_t n) { return std::vector<double>(static_cast<size_t>(n), 1.0); };
  auto stack = [&](auto per_pair, const Shape& row_shape, DType dt) {
    return stack_host_rows(b, per_pair, nodes, row_shape, dt, device);
  };
  StackedModels sm{stack([&](size_t i) { return node_sets[i]; }, {3}, dtype),
                   stack([&](size_t i) { return poses[i]; }, {9}, dtype),
                   stack([&](size_t i) { return defined[i]; }, {}, bool_),
                   stack([&](size_t i) { return host_values(models[i]->features); }, {columns}, dtype),
                   stack([&](size_t i) { return ones(models[i]->num_nodes()); }, {}, bool_)};
  grid_capacity = 0;
  if (params.radius_limited_knn) {
    // The models never change while the batch lives: bucket their nodes once so each step's K-NN reads only the
    // nodes near each hypothesis (neighbour_grid.hpp).
    NeighbourGridLimits limits;
    if (config().grid_subdivisions > 0) limits.subdivisions = config().grid_subdivisions;
    const double radius = params.max_match_distance * (1 + 1e-6);
    const int64_t k = std::min(params.max_neighbors, nodes);
    sm.grid = grids ? grids->get(node_sets, radius, k, dtype, device, limits)
                    : build_neighbour_grid(node_sets, radius, k, dtype, device, limits);
    if (sm.grid) grid_capacity = sm.grid->capacity;
  }
  sm.node_rows = stack(
      [&](size_t i) {
        return node_row_values(node_sets[i], poses[i], defined[i], std::vector<double>(defined[i].size(), 1.0));
      },
      {node_row::kWidth}, dtype);
  sm.search_locations = stack(
      [&](size_t i) {
        std::vector<double> v(static_cast<size_t>(nodes * 3), kFarNode);
        std::ranges::copy(node_sets[i], v.begin());
        return v;
      },
      {3}, dtype);
  return sm;
}

void finish_quietly(Device& device, EventId done) noexcept {
  if (done < 0) return;
  try {
    device.synchronize_event(done);
    device.destroy_event(done);
  } catch (...) {
    // The device is failing while the backend drops the batch.
  }
}

} // namespace lmc::lm
