// The burst batch: the state at a capacity, the step (burst_step.hpp) captured as an lmc::Step, the host side. The
// host only checks, between steps, that the counts it read back still fit the capacity.
#include "lm/burst_batch.hpp"

#include "frontend/step.hpp"
#include "ir/error.hpp"
#include "lm/burst_step.hpp"
#include "runtime/buffer.hpp"
#include "runtime/device.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <limits>
#include <ranges>

namespace lmc::lm {
namespace {

using namespace input_row;
using namespace burst_layout;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Capacities are whole multiples of 1024 rows: every row costs work each step (kernels have fixed shapes), so a
// power of two would waste up to half of it, while kernels are compiled once per capacity and re-captured rarely.
int64_t whole_capacity(int64_t n) {
  constexpr int64_t kStep = 1024;
  return std::max<int64_t>(kStep, (n + kStep - 1) / kStep * kStep);
}

// A capacity a batch shrinks to (or is given): below 1024 rows a power of two from kSmallestCapacity, so that only a
// handful of step shapes exist below the whole multiples and their kernels come from the kernel caches.
constexpr int64_t kSmallestCapacity = 64;
int64_t quantized_capacity(int64_t n) {
  if (n > 1024) return whole_capacity(n);
  int64_t c = kSmallestCapacity;
  while (c < n)
    c *= 2;
  return c;
}

void check_pair_state(size_t i, const BurstPairState& st, int64_t window) {
  const int64_t h = st.size();
  if (static_cast<int64_t>(st.locations.size()) != 3 * h || static_cast<int64_t>(st.rotations.size()) != 9 * h ||
      static_cast<int64_t>(st.window.size()) != window * h || static_cast<int64_t>(st.ages.size()) != h ||
      (!st.channel_counts.empty() && static_cast<int64_t>(st.channel_counts.size()) != window))
    throw Error(
        fmt::format("burst batch: pair {} state arrays do not agree with {} hypotheses and window {}", i, h, window));
}

// The stacked state arrays (StateArray order) of `states` at `rows` rows per pair, realized in buffers of their own.
std::vector<Tensor> initial_state(const std::vector<BurstPairState>& states, const std::vector<int64_t>& counts,
                                  const std::vector<int>& lm_of_pair, const std::vector<int64_t>& burst_steps,
                                  int64_t rows, int64_t w, DType dtype, const std::string& device) {
  const auto b = static_cast<int64_t>(states.size());
  const int64_t h = rows;
  // Stacked and converted on the host into buffers of their own (the step donates them): no kernel to compile.
  auto stack = [&](auto per_pair, const Shape& row_shape, DType dt) {
    return stack_host_rows(b, per_pair, h, row_shape, dt, device);
  };
  const std::vector<int32_t> count_values(counts.begin(), counts.end());
  std::vector<int32_t> burst_step_values;
  for (int lm : lm_of_pair)
    burst_step_values.push_back(static_cast<int32_t>(burst_steps[static_cast<size_t>(lm)]));
  // The channel count of each window column (Monty divides a slope's differences by it); 1 before any step.
  std::vector<double> channel_values;
  for (const BurstPairState& st : states)
    for (int64_t t = 0; t < w; ++t)
      channel_values.push_back(st.channel_counts.empty() ? 1.0 : st.channel_counts[static_cast<size_t>(t)]);
  std::vector<Tensor> out{
      stack([&](size_t i) { return states[i].locations; }, {3}, dtype),
      stack([&](size_t i) { return states[i].rotations; }, {3, 3}, dtype),
      stack([&](size_t i) { return states[i].evidence; }, {}, dtype),
      // Rows past the count hold an empty window.
      stack(
          [&](size_t i) {
            std::vector<double> v(static_cast<size_t>(h * w), kNaN);
            std::copy_n(states[i].window.begin(), std::min({counts[i], h, states[i].size()}) * w, v.begin());
            return v;
          },
          {w}, dtype),
      stack([&](size_t i) { return std::vector<double>(states[i].ages.begin(), states[i].ages.end()); }, {}, int32),
      Tensor::from_vector(count_values, {b}, device), Tensor::from_vector(burst_step_values, {b}, device),
      Tensor::from_doubles(channel_values, {b, w}, dtype, device)};
  // A slope is finite only where a window holds two finite values side by side. Where none does (every batch that
  // starts an episode), every LM's largest finite slope is -inf, written without the kernels that would compute it:
  // a cold process compiles nothing before its first step then.
  const bool any_finite_slope = std::ranges::any_of(std::views::iota(size_t{0}, states.size()), [&](size_t i) {
    const std::vector<double>& v = states[i].window;
    const int64_t live = std::min({counts[i], h, states[i].size()});
    for (int64_t r = 0; r < live; ++r)
      for (int64_t t = 0; t + 1 < w; ++t)
        if (std::isfinite(v[static_cast<size_t>(r * w + t)]) && std::isfinite(v[static_cast<size_t>(r * w + t + 1)]))
          return true;
    return false;
  });
  if (!any_finite_slope) {
    out.push_back(Tensor::from_doubles(std::vector<double>(static_cast<size_t>(b), -kInf), {b}, dtype, device));
    return out;
  }
  out.push_back(lm_global_slope(row_slopes(out[kWindow], out[kChannels]), out[kCounts], lm_of_pair,
                                static_cast<int64_t>(burst_steps.size()))
                    .cast(dtype)
                    .clone());
  return out;
}

} // namespace

struct BurstBatch::State {
  Device* device = nullptr;
  std::string device_name;
  DType dtype = float64;
  StreamId stream = 0;
  std::optional<Tensor> inputs;
  // The step, captured with every state array donated to it (update a is StateArray a); its results are the packed
  // result rows, the retain mask and the first top nodes. Before it is captured, `initial` holds the state.
  std::optional<Step> step;
  std::vector<Tensor> initial;
  // The state arrays as they are now: after the latest step, or as loaded.
  std::vector<Tensor> now() const {
    if (!step) return initial;
    std::vector<Tensor> out;
    for (size_t a = 0; a < kNumState; ++a)
      out.push_back(step->state(a));
    return out;
  }
  const Buffer& result(size_t j) const { return *step->result(j).buffer(); }
  std::vector<unsigned char> host_inputs, host_results;
  std::vector<BurstPairResult> out;
  std::vector<bool> active, pose_fully_defined;
  EventId done = -1;
  bool in_flight = false;
};

BurstBatch::BurstBatch(const std::vector<const ObjectModel*>& models, const std::vector<int>& lm_of_pair,
                       const std::vector<BurstPairState>& states, const std::vector<int64_t>& burst_steps,
                       const EvidenceParams& params, const BurstSettings& burst, int64_t umbilical_num_poses,
                       DType dtype, const std::string& device, StreamId stream, bool cuda_graphs, int64_t min_nodes,
                       int64_t capacity, NeighbourGridCache* grids, int64_t channels)
    : s_(std::make_unique<State>()), burst_steps_(burst_steps), lm_of_pair_(lm_of_pair), channels_(channels) {
  const auto b = static_cast<int64_t>(models.size());
  const auto l = static_cast<int64_t>(burst_steps.size());
  if (b == 0 || states.size() != models.size() || lm_of_pair.size() != models.size())
    throw Error(fmt::format("burst batch: {} models, {} states and {} LM indices (need the same, at least one)",
                            models.size(), states.size(), lm_of_pair.size()));
  for (int lm : lm_of_pair)
    if (lm < 0 || lm >= l) throw Error(fmt::format("burst batch: LM index {} outside [0, {})", lm, l));
  if (params.threshold.kind != Threshold::Kind::All)
    throw Error("burst batch: the evidence threshold must be 'all' (Monty's burst sampling scores every hypothesis "
                "and deletes instead)");
  if (umbilical_num_poses < 1) throw Error(fmt::format("burst batch: umbilical_num_poses = {}", umbilical_num_poses));
  burst.validate();
  if (channels < 1) throw Error(fmt::format("burst batch: {} input channels (need >= 1)", channels));
  window_ = burst.tracker_window;
  duration_ = burst.sampling_burst_duration;
  trigger_slope_ = burst.burst_trigger_slope;
  umbilical_ = umbilical_num_poses;
  columns_ = models[0]->features.shape()[1];
  nodes_ = min_nodes;
  for (const ObjectModel* m : models)
    nodes_ = std::max(nodes_, m->num_nodes());

  // How many each pair samples in a burst step, for either kind of percept, and the most any pair can.
  std::vector<int32_t> sampled_defined, sampled_umbilical, nodes_defined, nodes_umbilical;
  int64_t needed = 1;
  for (size_t i = 0; i < models.size(); ++i) {
    const int64_t n = models[i]->num_nodes();
    const int64_t c2 = burst_sample_count(n, 2, burst.sampling_multiplier);
    const int64_t cu = burst_sample_count(n, umbilical_num_poses, burst.sampling_multiplier);
    sampled_defined.push_back(static_cast<int32_t>(c2));
    sampled_umbilical.push_back(static_cast<int32_t>(cu));
    nodes_defined.push_back(static_cast<int32_t>(c2 / 2));
    nodes_umbilical.push_back(static_cast<int32_t>(cu / umbilical_num_poses));
    max_sampled_nodes_ = std::max({max_sampled_nodes_, c2 / 2, cu / umbilical_num_poses});
    max_new_.push_back(std::max(c2, cu));
    check_pair_state(i, states[i], window_);
    const int64_t h = states[i].size();
    counts_.push_back(h);
    // Room for a whole burst and the step after it (which may start the next one): no re-capture in an episode that
    // bursts once, as Monty's usually do.
    needed = std::max(needed, h + (burst.sampling_burst_duration + 1) * max_new_.back());
  }
  previous_counts_ = counts_;
  last_new_nodes_count_.assign(models.size(), 0);
  // A given capacity is raised to hold the counts; whether it holds the next step depends on the LMs' slopes, known
  // once the state is on the device (fits_next_step(); BurstBatches rebuilds larger where it does not).
  int64_t most = 1;
  for (size_t i = 0; i < models.size(); ++i)
    most = std::max(most, counts_[i]);
  rows_ = capacity > 0 ? std::max(capacity, quantized_capacity(most)) : whole_capacity(needed);
  for (size_t i = 0; i < models.size(); ++i)
    if (counts_[i] > rows_)
      throw Error(fmt::format("burst batch: pair {} has {} hypotheses, over the capacity {}", i, counts_[i], rows_));
  const int64_t h = rows_, w = window_, kmax = std::max<int64_t>(1, max_sampled_nodes_);
  s_->device = &get_device(device);
  s_->device_name = device;
  s_->dtype = dtype;
  s_->stream = stream;

  // Models, constants and both state buffers.
  int64_t grid_capacity = 0;
  StackedModels sm = stack_models(models, nodes_, params, dtype, device, grids, grid_capacity);
  // Clones (initial_state's), not contiguous(): the step writes these buffers in place, and the realized-expression
  // cache would give every batch of these shapes the one buffer of `zeros(shape).contiguous()`.
  s_->initial = initial_state(states, counts_, lm_of_pair, burst_steps, h, w, dtype, device);
  s_->inputs = Tensor::empty({b * channels, kFeatures + columns_}, dtype, device);
  std::vector<Tensor*> realize{&sm.locations,  &sm.pose_vectors, &sm.pose_fully_defined, &sm.features,
                               &sm.node_valid, &*sm.node_rows,   &*sm.search_locations,  &*s_->inputs};
  for (Tensor& t : s_->initial)
    realize.push_back(&t);
  Tensor::realize_all(realize);
  read_lm_slopes();

  BurstSampleCounts sample_counts{sampled_defined, sampled_umbilical, nodes_defined, nodes_umbilical, kmax};
  BurstStepTensors step = burst_step(sm, s_->initial, *s_->inputs, channels, sample_counts, lm_of_pair, l, params,
                                     burst, umbilical_num_poses);
  std::vector<Step::Update> updates;
  for (int a = 0; a < kNumState; ++a)
    updates.push_back({s_->initial[a], step.next[a]});
  s_->step.emplace(updates, std::vector<Tensor>{step.results, step.retain, step.first_top_nodes});
  s_->initial.clear();
  if (cuda_graphs) s_->step->use_graphs(stream);
  s_->host_results.resize(s_->result(0).bytes());
}

BurstBatch::~BurstBatch() {
  if (s_) finish_quietly(*s_->device, s_->done);
}

size_t BurstBatch::kernels_per_step() const {
  return s_->step->num_kernels();
}

bool BurstBatch::uses_graphs() const {
  return s_->step->uses_graphs();
}

bool BurstBatch::can_sample_next_step(size_t i) const {
  if (burst_steps_[static_cast<size_t>(lm_of_pair_[i])] > 0) return true;
  // The device compares in the batch's dtype, where the trigger may round (float32): a hair of margin keeps this a
  // superset of the steps that sample.
  return duration_ > 0 && lm_slopes_[i] <= trigger_slope_ + 1e-6 * (1 + std::abs(trigger_slope_));
}

bool BurstBatch::fits_next_step() const {
  for (size_t i = 0; i < size(); ++i)
    if (counts_[i] + (can_sample_next_step(i) ? max_new_[i] : 0) > rows_) return false;
  return true;
}

int64_t BurstBatch::capacity_for_next_burst() const {
  int64_t needed = 1;
  for (size_t i = 0; i < size(); ++i)
    needed = std::max(needed, counts_[i] + (duration_ + 1) * max_new_[i]);
  // At least a quarter more than now, so growth re-captures the step a few times at most.
  return whole_capacity(std::max(needed, rows_ + rows_ / 4));
}

int64_t BurstBatch::capacity_for_rest_of_burst() const {
  int64_t needed = 1;
  for (size_t i = 0; i < size(); ++i) {
    // The LM samples on each of its burst steps left, and the step after them may start the next burst; a step that
    // starts one needs room for all of it. Without a burst and without the slope to start one, the count suffices.
    const int64_t left = burst_steps_[static_cast<size_t>(lm_of_pair_[i])];
    const int64_t sampling_steps = left > 0 ? left + 1 : can_sample_next_step(i) ? duration_ + 1 : 0;
    needed = std::max(needed, counts_[i] + sampling_steps * max_new_[i]);
  }
  return quantized_capacity(needed);
}

std::vector<int64_t> BurstBatch::capacities_to_shrink_to() const {
  std::vector<int64_t> out;
  for (int64_t c = kSmallestCapacity; c < rows_; c = c < 1024 ? c * 2 : c + 1024)
    out.push_back(c);
  return out;
}

std::vector<std::pair<std::string, double>> BurstBatch::time_kernels() {
  finish();
  if (!fits_next_step()) throw Error("burst batch: a pair could outgrow the capacity; rebuild before timing");
  auto out = s_->step->time_kernels(s_->stream);
  // The timed step changed the state like a launch; its results are read back as one.
  s_->in_flight = true;
  s_->done = -1;
  finish();
  return out;
}

void BurstBatch::launch(const std::vector<PairInput>& inputs) {
  if (inputs.size() != size() * static_cast<size_t>(channels_))
    throw Error(fmt::format("burst batch: {} inputs for {} pairs of {} channels", inputs.size(), size(), channels_));
  if (s_->in_flight) finish();
  if (!fits_next_step())
    throw Error(fmt::format("burst batch: a pair could outgrow the capacity of {} rows this step", rows_));
  pack_inputs(inputs, columns_, s_->dtype, s_->host_inputs);
  s_->active.clear();
  s_->pose_fully_defined.clear();
  for (size_t i = 0; i < size(); ++i) {
    bool any = false;
    for (int64_t c = 0; c < channels_; ++c)
      any = any || inputs[i * static_cast<size_t>(channels_) + static_cast<size_t>(c)].active;
    s_->active.push_back(any);
    s_->pose_fully_defined.push_back(inputs[i * static_cast<size_t>(channels_)].pose_fully_defined);
  }
  Device& dev = *s_->device;
  dev.copy_in_on(s_->stream, s_->inputs->buffer()->ptr(), s_->host_inputs.data(), s_->host_inputs.size());
  s_->step->replay(s_->stream);
  if (s_->done >= 0) dev.destroy_event(s_->done);
  s_->done = dev.record_event(s_->stream);
  s_->in_flight = true;
}

const std::vector<BurstPairResult>& BurstBatch::finish() {
  if (!s_->in_flight) return s_->out;
  Device& dev = *s_->device;
  if (s_->done >= 0)
    dev.synchronize_event(s_->done);
  else
    dev.synchronize();
  s_->in_flight = false;
  s_->result(0).copy_out(s_->host_results.data(), s_->host_results.size());
  auto value = [&](size_t i) { return read_value(s_->host_results, i, s_->dtype); };
  s_->out.assign(size(), BurstPairResult{});
  std::vector<bool> lm_done(burst_steps_.size(), false);
  for (size_t i = 0; i < size(); ++i) {
    const size_t at = i * kResultWidth;
    BurstPairResult& r = s_->out[i];
    r.best.max_evidence = value(at + kMaxEvidence);
    r.best.best_hypothesis = static_cast<int64_t>(value(at + kBest));
    for (size_t c = 0; c < 3; ++c)
      r.best.location[c] = value(at + kLocation + c);
    for (size_t c = 0; c < 9; ++c)
      r.best.rotation[c] = value(at + kRotation + c);
    r.count = static_cast<int64_t>(value(at + kCount));
    r.num_retained = static_cast<int64_t>(value(at + kRetained));
    r.num_new = static_cast<int64_t>(value(at + kNew));
    r.burst_steps_at_enter = static_cast<int64_t>(value(at + kAtEnter));
    r.burst_triggered = value(at + kTriggered) != 0;
    r.max_global_slope = value(at + kGlobalSlope);
    r.prediction_error = value(at + kPredictionError);
    lm_slopes_[i] = value(at + kNextSlope);
    const bool active = i < s_->active.size() && s_->active[i];
    if (!active) continue;
    previous_counts_[i] = counts_[i];
    counts_[i] = r.count;
    const bool defined = s_->pose_fully_defined[i];
    // The sampled node ids are kept for the first channel (all of them with one channel).
    last_new_nodes_count_[i] = channels_ == 1 ? r.num_new / (defined ? 2 : umbilical_) : 0;
    const auto lm = static_cast<size_t>(lm_of_pair_[i]);
    if (!lm_done[lm]) burst_steps_[lm] = std::max<int64_t>(0, r.burst_steps_at_enter - 1);
    lm_done[lm] = true;
  }
  return s_->out;
}

namespace {

// `count` values of one pair's slab from a state buffer: per-row `width` values at row offset pair * rows.
template <class T>
std::vector<T> read_rows(Device& dev, const Buffer& buffer, size_t pair, int64_t rows, int64_t count, int64_t width) {
  std::vector<T> out(static_cast<size_t>(count * width));
  if (out.empty()) return out;
  const auto* base = static_cast<const unsigned char*>(buffer.ptr());
  dev.copy_out(out.data(), base + pair * static_cast<size_t>(rows * width) * sizeof(T), out.size() * sizeof(T));
  return out;
}

std::vector<double> read_float_rows(Device& dev, const Buffer& buffer, DType dtype, size_t pair, int64_t rows,
                                    int64_t count, int64_t width) {
  if (dtype == float32) {
    const std::vector<float> v = read_rows<float>(dev, buffer, pair, rows, count, width);
    return std::vector<double>(v.begin(), v.end());
  }
  return read_rows<double>(dev, buffer, pair, rows, count, width);
}

} // namespace

void BurstBatch::read_lm_slopes() {
  const std::shared_ptr<Buffer> slopes = s_->now()[kLmSlope].buffer();
  const Buffer& buffer = *slopes;
  lm_slopes_.clear();
  for (size_t i = 0; i < size(); ++i)
    lm_slopes_.push_back(read_float_rows(*s_->device, buffer, s_->dtype, i, 1, 1, 1)[0]);
}

BurstPairState BurstBatch::download(size_t i) {
  if (i >= size()) throw Error(fmt::format("burst batch: pair {} of {}", i, size()));
  finish();
  Device& dev = *s_->device;
  const std::vector<Tensor> st = s_->now();
  const int64_t n = counts_[i];
  BurstPairState out;
  out.locations = read_float_rows(dev, *st[kLocations].buffer(), s_->dtype, i, rows_, n, 3);
  out.rotations = read_float_rows(dev, *st[kRotations].buffer(), s_->dtype, i, rows_, n, 9);
  out.evidence = read_float_rows(dev, *st[kEvidence].buffer(), s_->dtype, i, rows_, n, 1);
  out.window = read_float_rows(dev, *st[kWindow].buffer(), s_->dtype, i, rows_, n, window_);
  const std::vector<int32_t> ages = read_rows<int32_t>(dev, *st[kAges].buffer(), i, rows_, n, 1);
  out.ages.assign(ages.begin(), ages.end());
  out.channel_counts = read_float_rows(dev, *st[kChannels].buffer(), s_->dtype, i, 1, 1, window_);
  return out;
}

void BurstBatch::load(const std::vector<BurstPairState>& states, const std::vector<int64_t>& burst_steps) {
  if (states.size() != size() || burst_steps.size() != burst_steps_.size())
    throw Error(fmt::format("burst batch: loading {} pair states and {} burst counters into a batch of {} pairs and {} "
                            "LMs",
                            states.size(), burst_steps.size(), size(), burst_steps_.size()));
  for (size_t i = 0; i < states.size(); ++i) {
    check_pair_state(i, states[i], window_);
    if (states[i].size() > rows_)
      throw Error(
          fmt::format("burst batch: pair {} has {} hypotheses, over the capacity {}", i, states[i].size(), rows_));
  }
  finish();
  std::vector<int64_t> counts;
  for (const BurstPairState& st : states)
    counts.push_back(st.size());
  const std::vector<Tensor> initial =
      initial_state(states, counts, lm_of_pair_, burst_steps, rows_, window_, s_->dtype, s_->device_name);
  // Through the host: the arrays are small next to a step, and a plan's buffers are written only by copies.
  std::vector<unsigned char> bytes;
  const std::vector<Tensor> st = s_->now();
  for (int a = 0; a < kNumState; ++a) {
    bytes.resize(initial[a].buffer()->bytes());
    initial[a].buffer()->copy_out(bytes.data(), bytes.size());
    st[a].buffer()->copy_in(bytes.data(), bytes.size());
  }
  counts_ = previous_counts_ = counts;
  last_new_nodes_count_.assign(size(), 0);
  burst_steps_ = burst_steps;
  read_lm_slopes();
  s_->out.clear();
}

void BurstBatch::take_state_from(BurstBatch& other) {
  if (other.size() != size() || other.burst_steps_.size() != burst_steps_.size() || other.window_ != window_ ||
      other.channels_ != channels_ || other.s_->dtype != s_->dtype || other.s_->device != s_->device)
    throw Error(fmt::format("burst batch: taking the state of a batch of {} pairs, {} LMs, window {}, {} channels, {} "
                            "on {} into one of {} pairs, {} LMs, window {}, {} channels, {} on {}",
                            other.size(), other.burst_steps_.size(), other.window_, other.channels_,
                            other.s_->dtype.name(), other.s_->device_name, size(), burst_steps_.size(), window_,
                            channels_, s_->dtype.name(), s_->device_name));
  for (size_t i = 0; i < size(); ++i)
    if (other.counts_[i] > rows_)
      throw Error(
          fmt::format("burst batch: pair {} has {} hypotheses, over the capacity {}", i, other.counts_[i], rows_));
  other.finish();
  finish();
  Device& dev = *s_->device;
  const std::vector<Tensor> from = other.s_->now();
  const std::vector<Tensor> to = s_->now();
  std::vector<unsigned char> bytes;
  for (int a = 0; a < kNumState; ++a) {
    const Buffer& src = *from[a].buffer();
    Buffer& dst = *to[a].buffer();
    const auto* src_base = static_cast<const unsigned char*>(src.ptr());
    auto* dst_base = static_cast<unsigned char*>(dst.ptr());
    if (a != kLocations && a != kRotations && a != kEvidence && a != kWindow && a != kAges) {
      // Per pair, not per row: the same size at every capacity.
      bytes.resize(src.bytes());
      dev.copy_out(bytes.data(), src_base, bytes.size());
      dev.copy_in(dst_base, bytes.data(), bytes.size());
      continue;
    }
    const size_t row_bytes = static_cast<size_t>(from[a].numel() / (from[a].shape()[0] * other.rows_)) *
                             static_cast<size_t>(from[a].dtype().itemsize());
    const size_t kept = static_cast<size_t>(std::min(rows_, other.rows_)) * row_bytes;
    const size_t slab = static_cast<size_t>(rows_) * row_bytes,
                 other_slab = static_cast<size_t>(other.rows_) * row_bytes;
    // A slab as this batch holds it: other's rows, then (growing) the padding a step writes past the live rows: NaN
    // in the tracker window, 0 elsewhere.
    bytes.assign(slab, 0);
    const float nan32 = std::numeric_limits<float>::quiet_NaN();
    const void* nan = s_->dtype == float32 ? static_cast<const void*>(&nan32) : static_cast<const void*>(&kNaN);
    for (size_t at = kept, item = s_->dtype.itemsize(); a == kWindow && at < slab; at += item)
      std::memcpy(bytes.data() + at, nan, item);
    for (size_t i = 0; i < size(); ++i) {
      dev.copy_out(bytes.data(), src_base + i * other_slab, kept);
      dev.copy_in(dst_base + i * slab, bytes.data(), slab);
    }
  }
  counts_ = other.counts_;
  previous_counts_ = other.previous_counts_;
  burst_steps_ = other.burst_steps_;
  lm_slopes_ = other.lm_slopes_;
  last_new_nodes_count_.assign(size(), 0);
  s_->out.clear();
}

void BurstBatch::clear_lm(size_t lm) {
  if (lm >= burst_steps_.size()) throw Error(fmt::format("burst batch: LM {} of {}", lm, burst_steps_.size()));
  finish();
  Device& dev = *s_->device;
  const std::vector<Tensor> st = s_->now();
  const int32_t zero = 0;
  for (size_t i = 0; i < size(); ++i) {
    if (static_cast<size_t>(lm_of_pair_[i]) != lm) continue;
    counts_[i] = previous_counts_[i] = last_new_nodes_count_[i] = 0;
    for (StateArray a : {kCounts, kCounters})
      dev.copy_in(static_cast<unsigned char*>(st[a].buffer()->ptr()) + i * sizeof(int32_t), &zero, sizeof(zero));
    // No live rows: the LM's slope is -inf, as the step would compute it (the next step starts a burst).
    lm_slopes_[i] = -kInf;
    unsigned char* slope = static_cast<unsigned char*>(st[kLmSlope].buffer()->ptr());
    if (s_->dtype == float32) {
      const float v = -std::numeric_limits<float>::infinity();
      dev.copy_in(slope + i * sizeof(float), &v, sizeof(v));
    } else {
      const double v = -kInf;
      dev.copy_in(slope + i * sizeof(double), &v, sizeof(v));
    }
  }
  burst_steps_[lm] = 0;
}

std::vector<bool> BurstBatch::last_retained(size_t i) {
  if (i >= size()) throw Error(fmt::format("burst batch: pair {} of {}", i, size()));
  finish();
  const std::vector<uint8_t> mask = read_rows<uint8_t>(*s_->device, s_->result(1), i, rows_, previous_counts_[i], 1);
  return std::vector<bool>(mask.begin(), mask.end());
}

std::vector<int64_t> BurstBatch::last_new_nodes(size_t i) {
  if (i >= size()) throw Error(fmt::format("burst batch: pair {} of {}", i, size()));
  finish();
  const int64_t kmax = std::max<int64_t>(1, max_sampled_nodes_);
  const std::vector<int32_t> nodes =
      read_rows<int32_t>(*s_->device, s_->result(2), i, kmax, std::min(kmax, last_new_nodes_count_[i]), 1);
  return std::vector<int64_t>(nodes.begin(), nodes.end());
}

} // namespace lmc::lm
