// The recognition loop: observation -> one backend step (dispatch, wait) -> Monty's terminal condition (one possible
// match above the object evidence threshold with a unique or symmetric pose), read from the step's small results; only
// a candidate winner's hypotheses are read back, for the pose check.
#include "lm/recognition.hpp"

#include "lm/matches.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <iterator>
#include <numbers>

namespace lmc::lm {

BurstParams benchmark_burst_params() {
  BurstParams p;
  p.evidence.max_neighbors = 10;
  p.evidence.max_match_distance = 0.01;
  p.evidence.features = FeatureSpec{{0.1, 0.2, 0.2, 1, 1}, {2, 0.5, 0.5, 1, 1}, {true, false, false, false, false}};
  p.evidence.threshold = Threshold{};
  // Same evidence as the plain K-NN (evidence.hpp); only neighbours inside the radius are kept, which is cheaper.
  p.evidence.radius_limited_knn = true;
  return p;
}

BackendConfig recognition_backend(const RecognitionParams& params, const std::string& device, DType dtype) {
  BackendConfig config;
  config.device = device;
  config.float32 = dtype == float32;
  config.mode = DispatchMode::Stacked;
  config.params = params.burst.evidence;
  config.umbilical_num_poses = params.burst.umbilical_num_poses;
  config.possible_match_x_percent = params.x_percent_threshold;
  config.object_evidence_threshold = params.object_evidence_threshold;
  config.updater = Updater::BurstSampling;
  config.burst = params.burst;
  return config;
}

std::vector<ObjectModel> device_models(const std::vector<ObjectModelData>& objects, DType dtype,
                                       const std::string& device) {
  std::vector<ObjectModel> out;
  for (const ObjectModelData& o : objects) {
    const int64_t n = o.num_nodes();
    const int64_t f = n ? static_cast<int64_t>(o.features.size()) / n : 0;
    std::vector<bool> pfd(o.pose_fully_defined.begin(), o.pose_fully_defined.end());
    out.push_back(ObjectModel::make(
        Tensor::from_vector(o.locations, {n, 3}, device), Tensor::from_vector(o.pose_vectors, {n, 9}, device),
        Tensor::from_vector(pfd, {n}, device), Tensor::from_vector(o.features, {n, f}, device), dtype));
  }
  return out;
}

Episode make_episode(int64_t num_objects, uint64_t seed, int64_t run) {
  std::mt19937_64 rng(seed * 7919 + static_cast<uint64_t>(run) * 104729 + 17);
  Episode e;
  e.target = static_cast<int64_t>(rng() % static_cast<uint64_t>(num_objects));
  e.rotation = random_rotation(rng);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  e.translation = {u(rng), u(rng), 1.0 + u(rng)};
  e.sensor_seed = rng();
  return e;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double RecognitionResult::median_step_ms() const {
  return median(step_ms);
}

PoseCheck check_poses(const HypothesesData& hyps, const std::array<double, 9>& mlh_rotation,
                      const RecognitionParams& params) {
  const std::vector<double>& e = hyps.evidence;
  const std::vector<double>& loc = hyps.locations;
  const std::vector<double>& rot = hyps.rotations;
  if (e.empty()) return PoseCheck{};
  // Monty's get_possible_hypothesis_ids: the hypotheses within x% of the object's best.
  const double best = *std::max_element(e.begin(), e.end());
  const double cut = best - best / 100 * params.x_percent_threshold;
  std::vector<size_t> ids;
  Vec3 mean{};
  for (size_t h = 0; h < e.size(); ++h)
    if (e[h] > cut) {
      ids.push_back(h);
      for (size_t c = 0; c < 3; ++c)
        mean[c] += loc[h * 3 + c];
    }
  PoseCheck out;
  if (ids.empty()) return out;
  for (double& c : mean)
    c /= static_cast<double>(ids.size());
  Mat3 mlh_t{};
  for (size_t i = 0; i < 3; ++i)
    for (size_t j = 0; j < 3; ++j)
      mlh_t[j * 3 + i] = mlh_rotation[i * 3 + j];
  // Monty's _check_for_unique_poses: the possible locations lie within the path similarity threshold of their mean
  // and every possible rotation is within the pose similarity threshold of the most likely one.
  const double max_degrees = params.pose_similarity_threshold * 180 / std::numbers::pi;
  out.unique = true;
  for (size_t h : ids) {
    double d2 = 0;
    for (size_t c = 0; c < 3; ++c)
      d2 += (loc[h * 3 + c] - mean[c]) * (loc[h * 3 + c] - mean[c]);
    Mat3 rh{};
    std::copy(rot.begin() + static_cast<std::ptrdiff_t>(h * 9), rot.begin() + static_cast<std::ptrdiff_t>(h * 9 + 9),
              rh.begin());
    if (std::sqrt(d2) >= params.path_similarity_threshold || rotation_angle_degrees(multiply(mlh_t, rh)) > max_degrees)
      out.unique = false;
    out.possible_rotations.push_back(rh);
  }
  std::sort(out.possible_rotations.begin(), out.possible_rotations.end());
  return out;
}

RecognitionResult recognize(Backend& backend, int lm, SensorRun& sensor, int64_t target,
                            const RecognitionParams& params) {
  if (params.max_steps < 1) throw Error(fmt::format("recognize: max_steps {} < 1", params.max_steps));
  backend.set_hypotheses(lm, {}); // a new episode: no hypotheses, no burst running
  std::vector<std::optional<Observation>> inputs(static_cast<size_t>(backend.num_lms()));
  RecognitionResult r;
  r.target = target;
  LmResult last;
  std::vector<Mat3> last_possible; // the winner's possible rotations at the previous step, sorted
  int64_t symmetry_evidence = 0;
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::time_point a, clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  for (int64_t step = 0; step < params.max_steps; ++step) {
    inputs[static_cast<size_t>(lm)] = sensor.observe(); // the sensor is the world, not the LM: not timed
    const auto start = clock::now();
    backend.dispatch({{lm}}, inputs);
    last = backend.wait().lms.at(static_cast<size_t>(lm));
    const auto stepped = clock::now();
    auto record = [&] {
      const auto end = clock::now();
      r.backend_ms.push_back(ms(start, stepped));
      r.host_ms.push_back(ms(stepped, end));
      r.step_ms.push_back(ms(start, end));
    };
    r.steps = step + 1;
    r.possible_matches = static_cast<int64_t>(last.possible_matches.size());
    const bool any = last.most_likely.hypothesis >= 0;
    if (r.possible_matches != 1 || !any || !(last.most_likely.evidence > params.object_evidence_threshold)) {
      last_possible.clear();
      symmetry_evidence = 0;
      record();
      continue;
    }
    PoseCheck poses = check_poses(backend.hypotheses(lm, last.most_likely.object), last.most_likely.rotation, params);
    if (poses.unique) {
      r.terminated = true;
      record();
      break;
    }
    // Monty's _check_for_symmetry: the same possible poses step after step mean the object looks the same in all of
    // them. A hypothesis keeps its rotation while it lives, so equal rotations identify it without ids (which the
    // compaction shifts).
    std::vector<Mat3> common;
    std::set_intersection(poses.possible_rotations.begin(), poses.possible_rotations.end(), last_possible.begin(),
                          last_possible.end(), std::back_inserter(common));
    const size_t larger = std::max(poses.possible_rotations.size(), last_possible.size());
    symmetry_evidence = !last_possible.empty() && static_cast<double>(common.size()) >=
                                                      params.symmetry_overlap * static_cast<double>(larger)
                            ? symmetry_evidence + 1
                            : 0;
    last_possible = std::move(poses.possible_rotations);
    record();
    if (symmetry_evidence >= params.required_symmetry_evidence) {
      r.terminated = r.symmetric = true;
      break;
    }
  }
  const bool any = last.most_likely.hypothesis >= 0;
  r.recognized = any ? last.most_likely.object : -1;
  r.correct = r.recognized == target;
  r.evidence = last.most_likely.evidence;
  if (any) {
    // The hypothesis maps world-frame (sensed) vectors into the model frame, so it should be the inverse of the
    // object's model -> world rotation: R_h R_obj = I.
    Mat3 rh{};
    std::copy(last.most_likely.rotation.begin(), last.most_likely.rotation.end(), rh.begin());
    r.pose_error_degrees = rotation_angle_degrees(multiply(rh, sensor.rotation()));
  } else {
    r.pose_error_degrees = 180;
  }
  return r;
}

} // namespace lmc::lm
