// What every resident batch does alike: stack per-pair host arrays into padded device tensors, stack the object models
// (with their neighbour grid and packed node rows), pack one pair's per-step inputs into one row, and read device
// results back in the batch's dtype. Its own file: the fixed-hypothesis batch (resident_batch.hpp) and the
// burst-sampling batch (burst_batch.hpp) share this layout, so it is written once.
#pragma once
#include "lm/stacked_evidence.hpp"
#include "runtime/device.hpp"

#include <array>
#include <functional>
#include <vector>

namespace lmc::lm {

// What one pair senses this step. An inactive pair (its LM has no input) keeps its state unchanged.
struct PairInput {
  bool active = false;
  std::array<double, 9> pose_vectors{};
  bool pose_fully_defined = true;
  double flatness = 0;                  // 1 / (|kappa| + 0.5)
  std::array<double, 3> displacement{}; // zeros when the agent has not moved
  double threshold = 0;                 // used only when the batch was built with per-pair thresholds
  std::vector<double> features;         // F values, NaN-padded by the caller
};

// The packed input row of one pair: every per-step value in one array, so a step is one upload.
namespace input_row {
constexpr int64_t kPose = 0, kPfd = 9, kFlatness = 10, kDisplacement = 11, kActive = 14, kThreshold = 15,
                  kFeatures = 16;
}

// Writes the rows of `inputs` (F features each) into `host` in `dtype` (float32 or float64): B rows of
// input_row::kFeatures + F values. Throws lmc::Error naming the pair when its feature count is not F.
void pack_inputs(const std::vector<PairInput>& inputs, int64_t features, DType dtype, std::vector<unsigned char>& host);

// Value i of a host copy of a float32 or float64 buffer, as double.
double read_value(const std::vector<unsigned char>& host, size_t i, DType dtype);

// Host values of a tensor of any dtype, as doubles (read in its own dtype: a cast would cost a kernel per array).
std::vector<double> host_values(const Tensor& t);

// (B, rows, row_shape...) in `dtype`: pair i's values (at most rows * prod(row_shape)) at the front of its slab, zeros
// after. Stacked on the host: a batch is built once, and a lazy stack of hundreds of pieces costs a pass over every
// piece per output element.
Tensor stack_host_rows(int64_t pairs, const std::function<std::vector<double>(size_t)>& per_pair, int64_t rows,
                       const Shape& row_shape, DType dtype, const std::string& device);

// The pairs' models stacked to `nodes` nodes (node_valid false on padding), with packed node rows and, when
// params.radius_limited_knn, the neighbour grid (from `grids` when given). `grid_capacity` receives the grid's list
// length, 0 without a grid. Not realized.
StackedModels stack_models(const std::vector<const ObjectModel*>& models, int64_t nodes, const EvidenceParams& params,
                           DType dtype, const std::string& device, NeighbourGridCache* grids, int64_t& grid_capacity);

// Waits for and destroys a batch's last event (-1: none) while the batch is dropped; errors are swallowed, since a
// destructor has nobody to report them to.
void finish_quietly(Device& device, EventId done) noexcept;

} // namespace lmc::lm
