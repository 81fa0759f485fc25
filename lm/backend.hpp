// The LM backend: one object shared by all learning modules that keeps their object models and hypothesis state on
// a device and runs a Monty matching step for many LMs at once (DESIGN.md §8). Its own file: this is the API a Monty
// binding calls; it takes and returns plain data (vectors, ints, structs of those), never Tensors.
//
// Usage (one step of two LMs, each with two objects; see bench/monty_step for a full program):
//
//   lmc::lm::BackendConfig config;
//   config.device = "CUDA";                       // or "CPU", or "" for the best present device
//   config.mode = lmc::lm::DispatchMode::Stacked; // Flatten | Streams | Stacked
//   config.params.max_neighbors = 10;
//   config.params.features = {{0.1, 0.2, 0.2, 1, 1}, {2, 0.5, 0.5, 1, 1}, {true, false, false, false, false}};
//   lmc::lm::Backend backend(config);
//   int lm0 = backend.register_lm({cup, bowl});   // ObjectModelData per object; hypotheses come from the first
//   int lm1 = backend.register_lm({cup, bowl});   // observation (informed space), or pass HypothesesData per object
//
//   lmc::lm::Observation obs;
//   obs.pose_vectors = {nx, ny, nz, c1x, c1y, c1z, c2x, c2y, c2z};
//   obs.features = {hue, sat, val, pcl1, pcl2};
//   obs.curvature = std::max(std::abs(pcl1), std::abs(pcl2));
//   obs.displacement = std::array<double, 3>{dx, dy, dz}; // leave empty on the first step after a reset
//
//   backend.dispatch({{lm0, lm1}}, {obs, std::nullopt}); // returns at once; lm1 has no input: it is a no-op
//   const lmc::lm::StepResults& r = backend.wait();      // blocks until the step is done
//   r.lms[lm0].most_likely.object, r.lms[lm0].max_evidence[1], r.lms[lm0].possible_matches ...
//
// State: once an LM has hypotheses for every object they live in resident batches (resident_batch.hpp), stacked on
// the device with the step captured as replayable plans (CUDA graphs where the device has them). The modes choose
// the batches: Flatten makes one per (LM, object) pair, launched one after another; Streams one per LM, on its
// group's own stream; Stacked one per group (models padded to the group's largest N or max_nodes, hypotheses to its
// largest H or max_hypotheses), on the group's own stream, so a group costs one graph launch. Changing the mode or
// the groups moves the state into the new batches; an LM without input in a stacked group is masked, not regrouped.
// On CUDA a step of existing batches is queued by dispatch itself; first observations (the informed space), new
// batches and CPU steps run on a worker thread. Either way dispatch returns at once.
#pragma once
#include "lm/burst_sampling.hpp"
#include "lm/evidence.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lmc::lm {

// One object graph as host arrays, row-major. F may differ between objects and LMs: it is padded with NaN up to
// BackendConfig::params.features.num_columns().
struct ObjectModelData {
  std::vector<double> locations;           // (N, 3) metres, model frame
  std::vector<double> pose_vectors;        // (N, 9) rows [n | c1 | c2]
  std::vector<uint8_t> pose_fully_defined; // (N,) 0 or 1
  std::vector<double> features;            // (N, F) NaN where a node lacks a feature
  int64_t num_nodes() const { return static_cast<int64_t>(locations.size() / 3); }
};

// The hypotheses of one object as host arrays.
struct HypothesesData {
  std::vector<double> locations; // (H, 3)
  std::vector<double> rotations; // (H, 9) row-major 3x3, maps sensor-frame vectors into the model frame
  std::vector<double> evidence;  // (H,)
  int64_t size() const { return static_cast<int64_t>(evidence.size()); }
};

// What one LM senses this step on one input channel (dispatch takes one per LM, or several per LM with channels).
struct Observation {
  std::array<double, 9> pose_vectors{};              // rows [n_s; c1_s; c2_s]
  bool pose_fully_defined = true;                    // pfd_s
  std::vector<double> features;                      // q, at most F values (padded with NaN; NaN columns give NaN phi)
  double curvature = 10.0;                           // kappa: max |principal_curvatures_log|, Monty's fallback 10
  std::optional<std::array<double, 3>> displacement; // body frame; empty: no move since reset
};

enum class DispatchMode { Flatten, Streams, Stacked };
const char* mode_name(DispatchMode mode);

// Which of Monty's hypothesis updaters the LMs run: DefaultHypothesesUpdater (a fixed set of hypotheses, the informed
// space from the first observation) or BurstSamplingHypothesesUpdater (hypotheses deleted by the slope tracker and
// sampled in bursts; monty_hypothesis_ops.md §6).
enum class Updater { Default, BurstSampling };
const char* updater_name(Updater updater);

struct BackendConfig {
  std::string device;   // "CPU", "CUDA", or empty for LMC_DEVICE / the best present device
  bool float32 = false; // device arrays in float32 instead of float64
  DispatchMode mode = DispatchMode::Flatten;
  bool cuda_graphs = true; // replay each captured plan as one CUDA graph launch (CUDA only)
  EvidenceParams params;   // shared by every LM; params.threshold.kind XPercent uses each LM's previous MLH
  int64_t umbilical_num_poses = 8;
  int64_t max_nodes = 0;      // N every model is padded to in Stacked mode; 0: the largest registered model
  int64_t max_hypotheses = 0; // H every object's hypotheses are padded to; 0: the largest needed at registration
  double possible_match_x_percent = 20; // possible matches: objects within x% of the LM's best (see matches rule)
  double object_evidence_threshold = 1; // ... once that best exceeds this
  Updater updater = Updater::Default;
  // With Updater::BurstSampling (params.threshold must then be All): its parameters. Burst state (hypotheses at a
  // capacity with a live count, the tracker, the burst counter) lives on the device; the capacity is a multiple of 1024
  // rows that covers a whole burst and one more step, and grows (re-capturing the step) only when a pair could outgrow
  // it (and shrinks with shrink_burst_capacity, below). In Flatten mode each LM is one batch (the burst trigger couples
  // an LM's objects), launched one after another.
  BurstSettings burst;
  // Whether a burst batch whose pairs have deleted down to a few hypotheses moves to a smaller capacity (a power of
  // two from 64 rows below 1024, a multiple of 1024 above) once every pair's count, plus what it can still sample
  // (its LM's burst steps left and one more, or a whole burst where the LM's slope, read back with each step's
  // results, can start one), fits the smaller capacity; it grows again, for a whole burst, when a pair could outgrow
  // it (so a batch never shrinks to grow back on the next step). The first step of a batch builds one for every
  // smaller capacity, and batches left behind are kept: a move copies the state between two built batches, and each
  // capacity's step is captured once per process (a batch without a spare moves only to half or less). Unset: on for
  // the CPU, where a step's cost follows the capacity, off for CUDA, where a step is one graph launch that costs
  // little more at a larger capacity. Results are identical either way (tests/lm/burst_shrink_test.cpp).
  std::optional<bool> shrink_burst_capacity;
  // Input channels an LM may have (burst sampling only): each channel with input is scored and the evidence summed
  // over channels, each samples its own new hypotheses, and slopes are per channel (monty_hypothesis_ops.md §5.8, §6).
  int64_t max_channels = 1;
};

// The LM's most likely hypothesis over all its objects.
struct LmMostLikely {
  int64_t object = -1;
  int64_t hypothesis = -1;
  std::array<double, 3> location{};
  std::array<double, 9> rotation{};
  double evidence = 0;
};

// What burst sampling did to one object this step.
struct BurstObjectResult {
  int64_t count = 0;           // hypotheses after the step
  int64_t num_retained = 0;    // kept from the previous step
  int64_t num_new = 0;         // sampled this step
  double prediction_error = 0; // Monty's telemetry over the retained hypotheses; NaN when none were scored
  // Only with DispatchOptions::full_arrays: the retain mask over the hypotheses the object entered the step with, the
  // sampled node ids (ascending phi), and the tracker after the step (count rows; window oldest first, NaN if empty).
  std::vector<bool> retained;
  std::vector<int64_t> new_node_ids;
  std::vector<double> tracker_window;
  std::vector<int64_t> tracker_ages;
};

struct BurstLmResult {
  double max_global_slope = 0;      // the LM's largest finite slope at the start of the step, -inf with none
  int64_t burst_steps_at_enter = 0; // > 0: every object sampled this step
  bool burst_triggered = false;     // this step started a burst
  std::vector<BurstObjectResult> objects;
};

struct LmResult {
  bool stepped = false;                 // false: no input this step, nothing changed
  std::vector<double> max_evidence;     // per object, over its hypotheses
  std::vector<int64_t> best_hypothesis; // per object, the argmax (first on ties)
  LmMostLikely most_likely;
  std::vector<int64_t> possible_matches;  // object indices, ascending
  std::vector<HypothesesData> hypotheses; // per object, full arrays: only with DispatchOptions::full_arrays
  std::optional<BurstLmResult> burst;     // with Updater::BurstSampling
};

struct StepResults {
  std::vector<LmResult> lms; // indexed by LM id
  DispatchMode mode = DispatchMode::Stacked;
};

struct DispatchOptions {
  std::optional<DispatchMode> mode; // overrides BackendConfig::mode for this step
  bool full_arrays = false;         // also read back every hypothesis array
};

class Backend {
public:
  explicit Backend(BackendConfig config);
  ~Backend();
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // Puts an LM's object models on the device and returns its id (0, 1, ...). Without hypotheses the LM gets the
  // informed initial space on its first observation; otherwise `hypotheses` has one entry per object. Throws
  // lmc::Error for malformed arrays (naming the object and array) or sizes beyond the configured maxima.
  int register_lm(const std::vector<ObjectModelData>& objects, const std::vector<HypothesesData>& hypotheses = {});
  // Replaces an LM's hypotheses (e.g. after a reset); waits for a step in flight.
  void set_hypotheses(int lm, const std::vector<HypothesesData>& hypotheses);
  int num_lms() const;

  // Starts one step and returns at once. `groups` lists LM ids (each at most once over all groups); `inputs` is
  // indexed by LM id (size num_lms()); an LM without input, or not in any group, is unchanged. A step still in
  // flight is finished first. Throws lmc::Error for unknown ids, repeated ids or malformed observations.
  void dispatch(const std::vector<std::vector<int>>& groups, const std::vector<std::optional<Observation>>& inputs,
                const DispatchOptions& options = {});
  // The same with several input channels: inputs[lm][c] is LM lm's observation on channel c (at most
  // BackendConfig::max_channels per LM; an empty entry or a short list: no input on those channels; a channel may
  // start later than another). The LM's displacement is that of its first channel with input.
  void dispatch_channels(const std::vector<std::vector<int>>& groups,
                         const std::vector<std::vector<std::optional<Observation>>>& inputs,
                         const DispatchOptions& options = {});
  // Blocks until the last dispatched step is done and returns its results (valid until the next dispatch). Errors
  // raised while the step ran are rethrown here.
  const StepResults& wait();
  const StepResults& results() { return wait(); }
  // The current hypotheses of one LM (waits for a step in flight), of every object or of one.
  std::vector<HypothesesData> hypotheses(int lm);
  HypothesesData hypotheses(int lm, int64_t object);

  const BackendConfig& config() const;
  const std::string& device_name() const;
  // Burst sampling only: the rows per object of the batch holding the LM's state (as of the last dispatch), 0 while
  // it is on the host. For tests and benchmarks of shrink_burst_capacity.
  int64_t burst_capacity(int lm);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace lmc::lm
