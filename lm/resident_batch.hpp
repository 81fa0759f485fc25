// A batch of (LM, object) pairs whose hypotheses stay stacked on the device between steps, with the stacked evidence
// step (stacked_evidence.hpp) and its small results captured once as an lmc::Step (frontend/step.hpp) with the
// hypothesis state donated to it. A step then costs one upload of the observations, one replay (one CUDA
// graph launch where the device has graphs) and one download of 14 numbers per pair: no scheduling, no allocation,
// no per-object slicing. Its own file: it is the unit the LM backend dispatches, one per (LM, object) pair in
// Flatten mode, per LM in Streams mode and per group in Stacked mode.
#pragma once
#include "lm/stacking.hpp"
#include "runtime/device.hpp"

#include <array>
#include <memory>
#include <vector>

namespace lmc::lm {

// One pair's results after a step: its maximum evidence and the first hypothesis reaching it, with that hypothesis'
// location and rotation.
struct PairResult {
  double max_evidence = 0;
  int64_t best_hypothesis = -1;
  std::array<double, 3> location{};
  std::array<double, 9> rotation{};
};

class ResidentBatch {
public:
  // Stacks the pairs' models (padded to max(N, min_nodes)) and hypotheses (padded to max(H, min_hypotheses)) into
  // device buffers and captures the step. `per_pair_threshold`: the threshold comes from PairInput::threshold instead
  // of params.threshold (which must then be All or Value). Launches go to `stream`; with `cuda_graphs` the step is
  // captured as a graph where the device supports it.
  ResidentBatch(const std::vector<const ObjectModel*>& models, const std::vector<const Hypotheses*>& hypotheses,
                const EvidenceParams& params, bool per_pair_threshold, DType dtype, const std::string& device,
                StreamId stream, bool cuda_graphs, int64_t min_nodes = 0, int64_t min_hypotheses = 0,
                NeighbourGridCache* grids = nullptr);
  ~ResidentBatch();
  ResidentBatch(const ResidentBatch&) = delete;
  ResidentBatch& operator=(const ResidentBatch&) = delete;

  // Uploads the inputs (one per pair) and queues the step on the batch's stream; returns once queued (on a device
  // whose launches are asynchronous). Throws lmc::Error for a wrong number of inputs or features.
  void launch(const std::vector<PairInput>& inputs);
  // Blocks until the last launched step is done and returns one result per pair.
  const std::vector<PairResult>& finish();

  size_t size() const { return hypothesis_counts_.size(); }
  int64_t padded_nodes() const { return nodes_; }
  int64_t padded_hypotheses() const { return rows_; }
  size_t kernels_per_step() const;
  bool uses_graphs() const;
  // The K-NN list length when the step reads a neighbour grid (neighbour_grid.hpp), 0 when it scans every node.
  int64_t grid_capacity() const { return grid_capacity_; }
  // One step (with the last inputs) launched kernel by kernel: each kernel's name and time (Step::time_kernels).
  std::vector<std::pair<std::string, double>> time_kernels();
  // Pair i's current hypotheses (H_i rows each), read straight from the stacked state buffers. Host data rather than
  // tensors: a tensor view of a state buffer would be remembered as realized while the next step rewrites it.
  void download(size_t i, std::vector<double>& locations, std::vector<double>& rotations,
                std::vector<double>& evidence);

private:
  struct State;
  std::unique_ptr<State> s_;
  std::vector<int64_t> hypothesis_counts_;
  int64_t nodes_ = 0, rows_ = 0, columns_ = 0, grid_capacity_ = 0;
};

} // namespace lmc::lm
