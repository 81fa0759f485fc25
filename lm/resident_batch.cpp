// The resident batch: stacked device state, one packed input row per pair, and the step captured twice (state A -> B
// and B -> A) so replays never allocate, schedule or copy state.
#include "lm/resident_batch.hpp"

#include "frontend/step.hpp"
#include "ir/config.hpp"
#include "ir/error.hpp"
#include "runtime/buffer.hpp"
#include "runtime/device.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fmt/format.h>
#include <limits>
#include <optional>

namespace lmc::lm {
namespace {

using namespace input_row;

// The packed result row: max evidence, its first argmax, then that hypothesis' location and rotation.
constexpr int64_t kResultWidth = 14;

Tensor columns(const Tensor& in, int64_t from, int64_t to) {
  return in.slice({{}, {from, to}});
}

} // namespace

struct ResidentBatch::State {
  Device* device = nullptr;
  DType dtype = float64;
  StreamId stream = 0;
  // Constant for the batch's life (optional only because a Tensor has no empty state).
  std::optional<Tensor> rotations, valid, inputs;
  // The step, captured with the locations (state 0) and evidence (state 1) donated to it; result 0 the packed rows.
  std::optional<Step> step;
  std::vector<unsigned char> host_inputs, host_results;
  std::vector<PairResult> out;
  EventId done = -1;
  bool in_flight = false;
};

ResidentBatch::ResidentBatch(const std::vector<const ObjectModel*>& models,
                             const std::vector<const Hypotheses*>& hypotheses, const EvidenceParams& params,
                             bool per_pair_threshold, DType dtype, const std::string& device, StreamId stream,
                             bool cuda_graphs, int64_t min_nodes, int64_t min_hypotheses, NeighbourGridCache* grids)
    : s_(std::make_unique<State>()) {
  if (models.empty() || models.size() != hypotheses.size())
    throw Error(fmt::format("resident batch: {} models and {} hypothesis sets (need the same, at least one)",
                            models.size(), hypotheses.size()));
  const int64_t b = static_cast<int64_t>(models.size());
  nodes_ = min_nodes;
  rows_ = min_hypotheses;
  for (size_t i = 0; i < models.size(); ++i) {
    nodes_ = std::max(nodes_, models[i]->num_nodes());
    rows_ = std::max(rows_, hypotheses[i]->size());
    hypothesis_counts_.push_back(hypotheses[i]->size());
  }
  columns_ = models[0]->features.shape()[1];
  s_->device = &get_device(device);
  // LMC_DEBUG >= 2 prints where building a batch spends its time (large batches take seconds).
  auto phase_start = std::chrono::steady_clock::now();
  auto phase = [&](const char* what) {
    if (config().debug < 2) return;
    const auto now = std::chrono::steady_clock::now();
    fmt::print(stderr, "lmc: resident batch of {} pairs: {} {:.1f} ms\n", models.size(), what,
               std::chrono::duration<double, std::milli>(now - phase_start).count());
    phase_start = now;
  };
  s_->dtype = dtype;
  s_->stream = stream;

  StackedModels sm = stack_models(models, nodes_, params, dtype, device, grids, grid_capacity_);
  phase("stacked models");
  auto stack_rows = [&](auto per_pair, int64_t rows, const Shape& row_shape) {
    return stack_host_rows(b, per_pair, rows, row_shape, dtype, device);
  };
  auto values = [](const Tensor& t) { return host_values(t); };
  auto ones = [](int64_t n) { return std::vector<double>(static_cast<size_t>(n), 1.0); };
  s_->rotations = stack_rows([&](size_t i) { return values(hypotheses[i]->rotations); }, rows_, {3, 3});
  s_->valid = stack_host_rows(
      b, [&](size_t i) { return ones(hypotheses[i]->size()); }, rows_, {}, bool_, device);
  // The step writes the state and input buffers in place: stacked on the host, each is a buffer of its own.
  Tensor locations = stack_rows([&](size_t i) { return values(hypotheses[i]->locations); }, rows_, {3});
  Tensor evidence = stack_rows([&](size_t i) { return values(hypotheses[i]->evidence); }, rows_, {});
  s_->inputs = Tensor::empty({b, kFeatures + columns_}, dtype, device);
  phase("stacked hypotheses");
  Tensor::realize_all({&sm.locations, &sm.pose_vectors, &sm.pose_fully_defined, &sm.features, &sm.node_valid,
                       &*sm.node_rows, &*sm.search_locations, &*s_->rotations, &*s_->valid, &locations, &evidence,
                       &*s_->inputs});

  // The step from state 0, as lazy tensors over the packed inputs.
  const Tensor& in = *s_->inputs;
  const Tensor& rotations = *s_->rotations;
  const Tensor& valid = *s_->valid;
  StackedPercepts percepts{
      columns(in, kPose, kPose + 9).reshape({b, 3, 3}), columns(in, kPfd, kPfd + 1).reshape({b}),
      columns(in, kFeatures, kFeatures + columns_),     columns(in, kFlatness, kFlatness + 1).reshape({b}),
      columns(in, kDisplacement, kDisplacement + 3),    std::nullopt};
  if (per_pair_threshold) percepts.threshold = columns(in, kThreshold, kThreshold + 1).reshape({b});
  // An inactive pair keeps its state: its LM had no input this step. The next locations are realized first and read
  // by the step's kernels as its displaced locations (on inactive pairs its evidence is discarded anyway).
  const Tensor active = columns(in, kActive, kActive + 1).reshape({b}) != 0.0;
  const Tensor next_locations =
      where(active.reshape({b, 1, 1}), displace_stacked(locations, rotations, percepts.displacement), locations)
          .contiguous();
  StackedHypotheses sh{locations, rotations, evidence, valid, next_locations};
  const StackedEvidenceStep st = stacked_evidence_step(sm, sh, percepts, params);
  const Tensor next_evidence = where(active.reshape({b, 1}), st.evidence, evidence);
  const Tensor ranked = where(valid, next_evidence, -std::numeric_limits<double>::infinity());
  // The first argmax as two plain reductions (the max, then the lowest row reaching it) rather than argmax's top-1
  // selection, which runs one thread per pair over all H rows; plain reductions are split across a thread block.
  const Tensor best_value = ranked.max(-1);
  const Tensor row_ids = Tensor::arange(rows_, int32, device).reshape({1, rows_});
  const Tensor best = where(ranked == best_value.unsqueeze(1), row_ids, static_cast<double>(rows_)).min(-1);
  const Tensor best_row = best + Tensor::arange(b, best.dtype(), device) * rows_;
  const Tensor results = Tensor::cat({best_value.unsqueeze(1), best.cast(dtype).unsqueeze(1),
                                      next_locations.reshape({b * rows_, 3}).index_select(0, best_row),
                                      rotations.reshape({b * rows_, 9}).index_select(0, best_row)},
                                     -1);
  phase("uploads, step graph");
  s_->step.emplace(std::vector<Step::Update>{{locations, next_locations}, {evidence, next_evidence}},
                   std::vector<Tensor>{results});
  if (cuda_graphs) s_->step->use_graphs(stream);
  phase("captured");
  s_->host_inputs.resize(s_->inputs->buffer()->bytes());
  s_->host_results.resize(s_->step->result(0).buffer()->bytes());
}

ResidentBatch::~ResidentBatch() {
  if (s_) finish_quietly(*s_->device, s_->done);
}

size_t ResidentBatch::kernels_per_step() const {
  return s_->step->num_kernels();
}

bool ResidentBatch::uses_graphs() const {
  return s_->step->uses_graphs();
}

std::vector<std::pair<std::string, double>> ResidentBatch::time_kernels() {
  finish();
  return s_->step->time_kernels(s_->stream);
}

void ResidentBatch::launch(const std::vector<PairInput>& inputs) {
  if (inputs.size() != size())
    throw Error(fmt::format("resident batch: {} inputs for {} pairs", inputs.size(), size()));
  if (s_->in_flight) finish();
  pack_inputs(inputs, columns_, s_->dtype, s_->host_inputs);
  Device& dev = *s_->device;
  dev.copy_in_on(s_->stream, s_->inputs->buffer()->ptr(), s_->host_inputs.data(), s_->host_inputs.size());
  s_->step->replay(s_->stream);
  if (s_->done >= 0) dev.destroy_event(s_->done);
  s_->done = dev.record_event(s_->stream);
  s_->in_flight = true;
}

const std::vector<PairResult>& ResidentBatch::finish() {
  if (!s_->in_flight) return s_->out;
  Device& dev = *s_->device;
  dev.synchronize_event(s_->done);
  s_->in_flight = false;
  s_->step->result(0).buffer()->copy_out(s_->host_results.data(), s_->host_results.size());
  auto value = [&](size_t i) { return read_value(s_->host_results, i, s_->dtype); };
  s_->out.assign(size(), PairResult{});
  for (size_t i = 0; i < size(); ++i) {
    const size_t at = i * kResultWidth;
    PairResult& r = s_->out[i];
    r.max_evidence = value(at);
    r.best_hypothesis = static_cast<int64_t>(value(at + 1));
    for (size_t c = 0; c < 3; ++c)
      r.location[c] = value(at + 2 + c);
    for (size_t c = 0; c < 9; ++c)
      r.rotation[c] = value(at + 5 + c);
  }
  return s_->out;
}

void ResidentBatch::download(size_t i, std::vector<double>& locations, std::vector<double>& rotations,
                             std::vector<double>& evidence) {
  if (i >= size()) throw Error(fmt::format("resident batch: pair {} of {}", i, size()));
  finish();
  const int64_t h = hypothesis_counts_[i];
  const size_t item = s_->dtype.itemsize();
  Device& dev = *s_->device;
  auto read = [&](const Tensor& t, int64_t per_row, std::vector<double>& out) {
    std::vector<unsigned char> bytes(static_cast<size_t>(h * per_row) * item);
    const auto* base = static_cast<const unsigned char*>(t.buffer()->ptr());
    dev.copy_out(bytes.data(), base + static_cast<size_t>(i) * rows_ * per_row * item, bytes.size());
    out.resize(static_cast<size_t>(h * per_row));
    for (size_t k = 0; k < out.size(); ++k) {
      if (s_->dtype == float32) {
        float v;
        std::memcpy(&v, bytes.data() + k * sizeof(float), sizeof(float));
        out[k] = v;
      } else {
        std::memcpy(&out[k], bytes.data() + k * sizeof(double), sizeof(double));
      }
    }
  };
  read(s_->step->state(0), 3, locations);
  read(*s_->rotations, 9, rotations);
  read(s_->step->state(1), 1, evidence);
}

} // namespace lmc::lm
