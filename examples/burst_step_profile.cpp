// Where one burst-sampling step spends its time: one LM of B synthetic objects (lmc demo's world) in a burst batch,
// fed by a noisy sensor walking over one of them, timed whole (upload, replay, results) and then kernel by kernel.
// Usage: burst_step_profile [B] [N] [CPU|CUDA] [float32|float64] [steps] [capacity] [sphere]
// With `sphere` the objects are bench/monty_step's (nodes uniform on a 5 cm sphere, random frames and features: the
// neighbour grid pays there), observed by the same sensor walk.
#include "lm/burst_batch.hpp"
#include "lm/recognition.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

lmc::lm::PairInput pair_input(const lmc::lm::Observation& o) {
  lmc::lm::PairInput in;
  in.active = true;
  in.pose_vectors = o.pose_vectors;
  in.pose_fully_defined = o.pose_fully_defined;
  in.flatness = 1 / (std::abs(o.curvature) + 0.5);
  in.displacement = o.displacement.value_or(std::array<double, 3>{0, 0, 0});
  in.features = o.features;
  return in;
}

} // namespace

int main(int argc, char** argv) {
  using namespace lmc::lm;
  const int64_t b = argc > 1 ? std::stoll(argv[1]) : 20, n = argc > 2 ? std::stoll(argv[2]) : 1000;
  const std::string device = argc > 3 ? argv[3] : "CPU";
  const lmc::DType dtype = argc > 4 && std::string(argv[4]) == "float64" ? lmc::float64 : lmc::float32;
  const int steps = argc > 5 ? std::stoi(argv[5]) : 12;
  const int64_t capacity = argc > 6 ? std::stoll(argv[6]) : 0;
  const std::vector<SyntheticShape> shapes = synthetic_shapes(b, 0);
  const bool sphere = argc > 7 && std::string(argv[7]) == "sphere";
  const std::vector<ObjectModelData> objects = sphere ? sphere_objects(b, n, 0) : synthetic_objects(b, n, 0);
  const std::vector<ObjectModel> models = device_models(objects, dtype, device);
  RecognitionParams params;
  // As the Backend runs it: the radius-limited K-NN, through the neighbour grid where one pays.
  params.burst.evidence.radius_limited_knn = true;
  std::vector<const ObjectModel*> mp;
  for (const ObjectModel& m : models)
    mp.push_back(&m);
  const auto t0 = std::chrono::steady_clock::now();
  BurstBatch batch(mp, std::vector<int>(static_cast<size_t>(b), 0), std::vector<BurstPairState>(static_cast<size_t>(b)),
                   {0}, params.burst.evidence, params.burst, params.burst.umbilical_num_poses, dtype, device, 0, true,
                   0, capacity);
  std::printf("B=%lld N=%lld on %s (%s): batch built in %.1f ms, capacity %lld, %zu kernels per step, graphs %s\n",
              static_cast<long long>(b), static_cast<long long>(n), device.c_str(), dtype.name().c_str(), ms_since(t0),
              static_cast<long long>(batch.capacity()), batch.kernels_per_step(), batch.uses_graphs() ? "yes" : "no");
  const Episode e = make_episode(b, 0, 0);
  SensorRun sensor(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, e.sensor_seed);
  std::vector<double> times;
  std::vector<PairInput> inputs;
  for (int s = 0; s < steps && batch.fits_next_step(); ++s) {
    inputs.assign(static_cast<size_t>(b), pair_input(sensor.observe()));
    const auto t = std::chrono::steady_clock::now();
    batch.launch(inputs);
    const std::vector<BurstPairResult>& r = batch.finish();
    times.push_back(ms_since(t));
    int64_t total = 0;
    for (const BurstPairResult& p : r)
      total += p.count;
    std::printf("step %2d: %8.3f ms, burst %lld, hypotheses %lld (mean %.0f per object)\n", s, times.back(),
                static_cast<long long>(r[0].burst_steps_at_enter), static_cast<long long>(total),
                static_cast<double>(total) / static_cast<double>(b));
  }
  std::vector<double> sorted(times.begin() + std::min<ptrdiff_t>(2, static_cast<ptrdiff_t>(times.size())), times.end());
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty()) std::printf("median step after 2 warm-up steps: %.3f ms\n", sorted[sorted.size() / 2]);
  if (!batch.fits_next_step()) return 0;
  // As the backend does on the CPU: the kernels are timed at the capacity the batch would shrink to by now.
  std::unique_ptr<BurstBatch> shrunk;
  if (const int64_t smaller = batch.capacity_for_rest_of_burst(); smaller * 2 <= batch.capacity()) {
    std::vector<BurstPairState> states;
    for (size_t i = 0; i < batch.size(); ++i)
      states.push_back(batch.download(i));
    shrunk = std::make_unique<BurstBatch>(
        mp, std::vector<int>(static_cast<size_t>(b), 0), states, std::vector<int64_t>{batch.burst_steps(0)},
        params.burst.evidence, params.burst, params.burst.umbilical_num_poses, dtype, device, 0, true, 0, smaller);
    std::printf("kernels timed at capacity %lld (shrunk from %lld)\n", static_cast<long long>(smaller),
                static_cast<long long>(batch.capacity()));
  }
  double total = 0;
  for (const auto& [name, ms] : (shrunk ? *shrunk : batch).time_kernels()) {
    std::printf("  %-40s %8.3f ms\n", name.c_str(), ms);
    total += ms;
  }
  std::printf("  %-40s %8.3f ms (kernel by kernel; CUDA: device time)\n", "total", total);
  return 0;
}
