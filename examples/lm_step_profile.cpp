// Where one stacked evidence step spends its time: B objects of N nodes on a 5 cm sphere with H hypotheses each
// (bench/peer/monty_step_common.py's synthetic distribution), captured as a resident batch and replayed to time the
// whole step (upload, replay, results), then run once kernel by kernel to time each kernel.
// Usage: lm_step_profile [B] [H] [N] [K] [CPU|CUDA] [float32|float64] [drift]
#include "lm/resident_batch.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

using lmc::Tensor;

std::vector<double> unit_vectors(std::mt19937& rng, int64_t n) {
  std::normal_distribution<double> g(0, 1);
  std::vector<double> v(static_cast<size_t>(n) * 3);
  for (int64_t i = 0; i < n; ++i) {
    double x = g(rng), y = g(rng), z = g(rng);
    const double l = std::sqrt(x * x + y * y + z * z);
    v[i * 3] = x / l;
    v[i * 3 + 1] = y / l;
    v[i * 3 + 2] = z / l;
  }
  return v;
}

// Right-handed frames [n | t | n x t] around the given normals.
std::vector<double> frames_around(std::mt19937& rng, const std::vector<double>& normals) {
  const int64_t n = static_cast<int64_t>(normals.size() / 3);
  const std::vector<double> r = unit_vectors(rng, n);
  std::vector<double> f;
  for (int64_t i = 0; i < n; ++i) {
    const double* a = &normals[i * 3];
    const double* b = &r[i * 3];
    double t[3] = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    const double l = std::sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
    for (double& c : t)
      c /= l;
    const double c2[3] = {a[1] * t[2] - a[2] * t[1], a[2] * t[0] - a[0] * t[2], a[0] * t[1] - a[1] * t[0]};
    f.insert(f.end(), a, a + 3);
    f.insert(f.end(), t, t + 3);
    f.insert(f.end(), c2, c2 + 3);
  }
  return f;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

int main(int argc, char** argv) {
  const int64_t B = argc > 1 ? std::stoll(argv[1]) : 77;
  const int64_t H = argc > 2 ? std::stoll(argv[2]) : 4000;
  const int64_t N = argc > 3 ? std::stoll(argv[3]) : 2000;
  const int64_t K = argc > 4 ? std::stoll(argv[4]) : 10;
  const std::string device = argc > 5 ? argv[5] : "CUDA";
  const lmc::DType dtype = argc > 6 && std::string(argv[6]) == "float64" ? lmc::float64 : lmc::float32;
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> g(0, 1);

  std::vector<lmc::lm::ObjectModel> models;
  std::vector<lmc::lm::Hypotheses> hyps;
  for (int64_t b = 0; b < B; ++b) {
    const std::vector<double> normals = unit_vectors(rng, N);
    std::vector<double> locations(normals.size()), features, pfd, hl, he;
    for (size_t i = 0; i < normals.size(); ++i)
      locations[i] = 0.05 * normals[i];
    for (int64_t i = 0; i < N; ++i) {
      features.insert(features.end(), {u(rng), u(rng), u(rng), 1.5 * g(rng), 1.5 * g(rng)});
      pfd.push_back(u(rng) < 0.75);
    }
    std::uniform_int_distribution<int64_t> node(0, N - 1);
    for (int64_t h = 0; h < H; ++h) {
      const int64_t at = node(rng);
      for (int c = 0; c < 3; ++c)
        hl.push_back(locations[at * 3 + c] + 0.003 * g(rng));
      he.push_back(g(rng));
    }
    const std::vector<double> rot = frames_around(rng, unit_vectors(rng, H));
    models.push_back(lmc::lm::ObjectModel::make(Tensor::from_vector(locations, {N, 3}, device),
                                                Tensor::from_vector(frames_around(rng, normals), {N, 9}, device),
                                                Tensor::from_vector(pfd, {N}, device),
                                                Tensor::from_vector(features, {N, 5}, device), dtype));
    hyps.push_back(lmc::lm::Hypotheses{Tensor::from_vector(hl, {H, 3}, device).cast(dtype),
                                       Tensor::from_vector(rot, {H, 3, 3}, device).cast(dtype),
                                       Tensor::from_vector(he, {H}, device).cast(dtype)});
  }
  lmc::lm::EvidenceParams params;
  params.max_neighbors = K;
  params.max_match_distance = 0.01;
  params.features = lmc::lm::FeatureSpec{
      {0.1, 0.2, 0.2, 1.0, 1.0}, {2.0, 0.5, 0.5, 1.0, 1.0}, {true, false, false, false, false}, 1.0};
  params.radius_limited_knn = true;
  std::vector<const lmc::lm::ObjectModel*> mp;
  std::vector<const lmc::lm::Hypotheses*> hp;
  for (int64_t b = 0; b < B; ++b) {
    mp.push_back(&models[b]);
    hp.push_back(&hyps[b]);
  }
  auto t0 = std::chrono::steady_clock::now();
  lmc::lm::ResidentBatch batch(mp, hp, params, false, dtype, device, 0, true);
  std::printf("B=%lld H=%lld N=%lld K=%lld on %s (%s): batch built in %.1f ms, %zu kernels per step, graphs %s, "
              "K-NN over %s\n",
              static_cast<long long>(B), static_cast<long long>(H), static_cast<long long>(N),
              static_cast<long long>(K), device.c_str(), dtype.name().c_str(), ms_since(t0), batch.kernels_per_step(),
              batch.uses_graphs() ? "yes" : "no",
              batch.grid_capacity() ? ("grid lists of " + std::to_string(batch.grid_capacity())).c_str() : "all nodes");
  std::vector<lmc::lm::PairInput> inputs(static_cast<size_t>(B));
  for (auto& in : inputs) {
    in.active = true;
    const std::vector<double> f = frames_around(rng, unit_vectors(rng, 1));
    std::copy(f.begin(), f.end(), in.pose_vectors.begin());
    in.flatness = 1 / (0.7 + 0.5);
    in.displacement = {0.004 * g(rng), 0.004 * g(rng), 0.004 * g(rng)};
    in.features = {u(rng), u(rng), u(rng), 1.5 * g(rng), 1.5 * g(rng)};
  }
  for (int i = 0; i < 3; ++i) {
    batch.launch(inputs);
    batch.finish();
  }
  std::vector<double> times;
  const auto start = std::chrono::steady_clock::now();
  // "drift": a new random displacement every step, as the benchmark's agent moves; without it every step repeats one
  // displacement, so the hypotheses fly off the objects and the K-NN finds ever fewer nodes.
  const bool drift = argc > 7 && std::string(argv[7]) == "drift";
  while (times.size() < 200 && (times.size() < 5 || ms_since(start) < 5000)) {
    if (drift)
      for (auto& in : inputs)
        in.displacement = {0.004 * g(rng), 0.004 * g(rng), 0.004 * g(rng)};
    const auto t = std::chrono::steady_clock::now();
    batch.launch(inputs);
    batch.finish();
    times.push_back(ms_since(t));
  }
  std::sort(times.begin(), times.end());
  std::printf("step (upload, replay, results): median %.3f ms, min %.3f ms over %zu steps\n", times[times.size() / 2],
              times[0], times.size());
  double total = 0;
  for (const auto& [name, ms] : batch.time_kernels()) {
    std::printf("  %-40s %8.3f ms\n", name.c_str(), ms);
    total += ms;
  }
  std::printf("  %-40s %8.3f ms (kernel by kernel; CUDA: device time)\n", "total", total);
  return 0;
}
