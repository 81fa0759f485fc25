// A small program of the kind lmc's users write: rotate one displacement by many 3x3 rotations, find the K
// nearest points of a cloud for each result, and score each hypothesis by its neighbours. Checked against a
// naive loop. Usage: rotate_knn [H] [N] [K] [CPU|CUDA]
#include <lmc/lmc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

std::vector<float> random_rotations(int64_t h, std::mt19937& rng) {
  // Uniform rotations from random unit quaternions.
  std::normal_distribution<float> n(0.f, 1.f);
  std::vector<float> out(h * 9);
  for (int64_t i = 0; i < h; ++i) {
    float q[4] = {n(rng), n(rng), n(rng), n(rng)};
    const float len = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    for (float& c : q)
      c /= len;
    const float w = q[0], x = q[1], y = q[2], z = q[3];
    const float r[9] = {1 - 2 * (y * y + z * z), 2 * (x * y - z * w),     2 * (x * z + y * w),
                        2 * (x * y + z * w),     1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                        2 * (x * z - y * w),     2 * (y * z + x * w),     1 - 2 * (x * x + y * y)};
    std::copy(r, r + 9, out.begin() + i * 9);
  }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  const int64_t H = argc > 1 ? std::stoll(argv[1]) : 4000;
  const int64_t N = argc > 2 ? std::stoll(argv[2]) : 2000;
  const int64_t K = argc > 3 ? std::stoll(argv[3]) : 10;
  const std::string device = argc > 4 ? argv[4] : "";
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-0.05f, 0.05f);
  std::vector<float> rot = random_rotations(H, rng), loc(H * 3), cloud(N * 3), disp = {0.004f, -0.002f, 0.003f};
  for (float& v : loc)
    v = u(rng);
  for (float& v : cloud)
    v = u(rng);

  using lmc::Tensor;
  const auto start = std::chrono::steady_clock::now();
  Tensor R = Tensor::from_vector(rot, {H, 3, 3}, device);
  Tensor l = Tensor::from_vector(loc, {H, 3}, device);
  Tensor P = Tensor::from_vector(cloud, {N, 3}, device);
  Tensor d = Tensor::from_vector(disp, {3}, device);
  // New locations: l + R d, as a broadcast multiply and a sum over the last axis.
  Tensor moved = l + (R * d.reshape({1, 1, 3})).sum(-1);
  // Squared distances (H, N) are never materialized: they feed the top-k selection directly.
  Tensor diff = moved.reshape({H, 1, 3}) - P.reshape({1, N, 3});
  Tensor dist2 = (diff * diff).sum(-1);
  auto [nearest, index] = dist2.topk(K, -1, /*largest=*/false);
  // A score per hypothesis: how close its neighbours are, within a 1 cm radius.
  Tensor score = where(nearest < 1e-4, 1.0 - nearest * 1e4, 0.0).sum(-1);
  std::vector<float> got_score = score.to_vector<float>();
  std::vector<int32_t> got_index = index.to_vector<int32_t>();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  // Naive reference in double.
  size_t index_mismatch = 0;
  double max_score_err = 0;
  for (int64_t h = 0; h < H; ++h) {
    double m[3];
    for (int r = 0; r < 3; ++r) {
      m[r] = loc[h * 3 + r];
      for (int c = 0; c < 3; ++c)
        m[r] += static_cast<double>(rot[h * 9 + r * 3 + c]) * disp[c];
    }
    std::vector<std::pair<double, int32_t>> dd(N);
    for (int64_t n = 0; n < N; ++n) {
      double s = 0;
      for (int c = 0; c < 3; ++c)
        s += (m[c] - cloud[n * 3 + c]) * (m[c] - cloud[n * 3 + c]);
      dd[n] = {s, static_cast<int32_t>(n)};
    }
    std::partial_sort(dd.begin(), dd.begin() + K, dd.end());
    double want = 0;
    for (int64_t k = 0; k < K; ++k) {
      want += dd[k].first < 1e-4 ? 1.0 - dd[k].first * 1e4 : 0.0;
      index_mismatch += dd[k].second != got_index[h * K + k];
    }
    max_score_err = std::max(max_score_err, std::abs(want - got_score[h]));
  }
  std::printf("rotate_knn: H=%lld N=%lld K=%lld on %s: %.2f ms (first run, includes compiling)\n",
              static_cast<long long>(H), static_cast<long long>(N), static_cast<long long>(K), score.device().c_str(),
              ms);
  std::printf("  score[0..3] = %.5f %.5f %.5f %.5f\n", got_score[0], got_score[1], got_score[2], got_score[3]);
  std::printf("  max |score - reference| = %.2e, neighbour index mismatches = %zu of %lld (float32 near-ties)\n",
              max_score_err, index_mismatch, static_cast<long long>(H * K));
  const bool ok = max_score_err < 1e-3 && index_mismatch <= static_cast<size_t>(H * K / 1000);
  std::printf("%s\n", ok ? "OK" : "MISMATCH");
  return ok ? 0 : 1;
}
