// Object recognition episodes: one LM with burst sampling in the LM backend (backend.hpp) fed by a SensorRun until one
// object wins, with the recognized object, pose error, steps and per-step times. Its own file: `lmc demo` and the tests
// share this loop, while the world it runs in (synthetic_world.hpp) is plain geometry.
#pragma once
#include "lm/backend.hpp"
#include "lm/burst_updater.hpp"
#include "lm/matches.hpp"
#include "lm/synthetic_world.hpp"

#include <string>
#include <vector>

namespace lmc::lm {

// Monty's benchmark LM (monty_hypothesis_ops.md §9): K = 10, mmd 1 cm, hsv + log-curvature features, threshold "all".
BurstParams benchmark_burst_params();

struct RecognitionParams {
  BurstParams burst = benchmark_burst_params();
  int64_t max_steps = 50;
  double object_evidence_threshold = 1; // the one possible match must have more evidence than this
  double x_percent_threshold = 20;      // possible matches: within x% of the best object
  // Monty's unique-pose check on the winner's hypotheses within x% of its best (monty_hypothesis_ops.md §8.1).
  double path_similarity_threshold = 0.1;  // metres from their mean location
  double pose_similarity_threshold = 0.35; // radians from the most likely rotation
  // Monty's symmetry rule: poses not unique, but the same possible hypotheses (this share of them) for this many
  // steps in a row: the object is symmetric there, and the most likely pose is reported.
  double symmetry_overlap = 0.9;
  int64_t required_symmetry_evidence = 5;
};

// A backend for recognition: burst sampling with params.burst on `device` in `dtype`, one LM per group.
BackendConfig recognition_backend(const RecognitionParams& params, const std::string& device, DType dtype);

// The models on a device, in `dtype`.
std::vector<ObjectModel> device_models(const std::vector<ObjectModelData>& objects, DType dtype,
                                       const std::string& device);

// Where one episode puts which object, and the seed of its sensor, all from (seed, run).
struct Episode {
  int64_t target = 0;
  Mat3 rotation{}; // model -> world
  Vec3 translation{};
  uint64_t sensor_seed = 0;
};
Episode make_episode(int64_t num_objects, uint64_t seed, int64_t run);

struct RecognitionResult {
  int64_t target = -1;
  int64_t recognized = -1; // the most likely hypothesis' object after the last step
  bool correct = false;    // recognized == target
  bool terminated = false; // one possible match with enough evidence and a unique (or symmetric) pose remained
  bool symmetric = false;  // terminated by the symmetry rule rather than a unique pose
  int64_t steps = 0;
  int64_t possible_matches = 0;  // after the last step
  double evidence = 0;           // the most likely hypothesis' evidence after the last step
  double pose_error_degrees = 0; // angle between the MLH rotation and the true world -> model rotation
  // Wall time of each step, whole: the backend's step (dispatch until its results are on the host: uploads, kernels,
  // downloads) plus the host's decisions (possible matches, the pose check and what it reads back).
  std::vector<double> step_ms;
  std::vector<double> backend_ms, host_ms; // the two parts of each step
  double median_step_ms() const;
};

// Monty's terminal pose check for the most likely object: its possible hypotheses (within x% of its best) agree on
// location and rotation.
struct PoseCheck {
  bool unique = false;
  std::vector<Mat3> possible_rotations; // sorted
};
// `mlh_rotation`: the most likely hypothesis' rotation, row-major.
PoseCheck check_poses(const HypothesesData& hyps, const std::array<double, 9>& mlh_rotation,
                      const RecognitionParams& params);

// Runs one episode of LM `lm` from a fresh state (reset here) until the terminal condition or max_steps.
RecognitionResult recognize(Backend& backend, int lm, SensorRun& sensor, int64_t target,
                            const RecognitionParams& params);

double median(std::vector<double> values);

} // namespace lmc::lm
