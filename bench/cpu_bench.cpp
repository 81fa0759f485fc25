// CPU benchmarks of lmc-generated kernels beside naive C++ loops compiled with -O3, in one run: elementwise
// a*b+c, a row-sum, a matmul, and the rotate/K-nearest example. Prints a table with ratios.
// Usage: cpu_bench [repetitions]
#include <lmc/lmc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Median wall time of `fn` in milliseconds after one warm-up run.
double median_ms(int reps, const std::function<void()>& fn) {
  fn();
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const auto s = Clock::now();
    fn();
    t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

std::vector<float> random_floats(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  std::vector<float> v(n);
  for (float& x : v)
    x = d(rng);
  return v;
}

// `work` is in units of 1e9 per second at the printed rate (bytes for GB/s, flops for GFLOP/s, pairs for Gpair/s).
void row(const char* workload, const std::string& size, double lmc_ms, double base_ms, const std::string& unit,
         double work) {
  const double lmc_rate = work / (lmc_ms * 1e-3) / 1e9, base_rate = work / (base_ms * 1e-3) / 1e9;
  std::printf("| %-22s | %-16s | %9.3f | %9.3f | %6.2fx | %9.2f %-7s| %9.2f %-7s|\n", workload, size.c_str(), lmc_ms,
              base_ms, base_ms / lmc_ms, lmc_rate, unit.c_str(), base_rate, unit.c_str());
}

} // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 10;
  using lmc::Tensor;
  std::printf("| %-22s | %-16s | %9s | %9s | %7s | %16s | %16s |\n", "workload", "size", "lmc ms", "naive ms",
              "speedup", "lmc rate", "naive rate");
  std::printf("|%s|\n", std::string(120, '-').c_str());

  { // a*b + c over 2^24 floats: bytes moved = 16 per element
    const int64_t n = int64_t{1} << 24;
    auto a = random_floats(n, 1), b = random_floats(n, 2), c = random_floats(n, 3);
    Tensor ta = Tensor::from_vector(a, {n}, "CPU"), tb = Tensor::from_vector(b, {n}, "CPU"),
           tc = Tensor::from_vector(c, {n}, "CPU");
    const double lmc_ms = median_ms(reps, [&] { (ta * tb + tc).realize(); });
    std::vector<float> out(n);
    const double base_ms = median_ms(reps, [&] {
      for (int64_t i = 0; i < n; ++i)
        out[i] = a[i] * b[i] + c[i];
    });
    row("a*b+c", "2^24 f32", lmc_ms, base_ms, "GB/s", 16.0 * n);
  }
  { // row-sum of 4096x4096
    const int64_t n = 4096;
    auto a = random_floats(n * n, 4);
    Tensor ta = Tensor::from_vector(a, {n, n}, "CPU");
    const double lmc_ms = median_ms(reps, [&] { ta.sum(1).realize(); });
    std::vector<float> out(n);
    const double base_ms = median_ms(reps, [&] {
      for (int64_t i = 0; i < n; ++i) {
        float s = 0;
        for (int64_t j = 0; j < n; ++j)
          s += a[i * n + j];
        out[i] = s;
      }
    });
    row("row-sum", "4096x4096 f32", lmc_ms, base_ms, "GB/s", 4.0 * n * n);
  }
  { // 512^3 matmul
    const int64_t n = 512;
    auto a = random_floats(n * n, 5), b = random_floats(n * n, 6);
    Tensor ta = Tensor::from_vector(a, {n, n}, "CPU"), tb = Tensor::from_vector(b, {n, n}, "CPU");
    const double lmc_ms = median_ms(std::max(3, reps / 3), [&] { ta.matmul(tb).realize(); });
    std::vector<float> out(n * n);
    const double base_ms = median_ms(std::max(3, reps / 3), [&] {
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) {
          float s = 0;
          for (int64_t k = 0; k < n; ++k)
            s += a[i * n + k] * b[k * n + j];
          out[i * n + j] = s;
        }
    });
    row("matmul", "512^3 f32", lmc_ms, base_ms, "GFLOP/s", 2.0 * n * n * n);
  }
  { // the example: H hypotheses, N cloud points, K nearest
    const int64_t H = 4000, N = 2000, K = 10;
    auto rot = random_floats(H * 9, 7), loc = random_floats(H * 3, 8), cloud = random_floats(N * 3, 9);
    std::vector<float> disp = {0.004f, -0.002f, 0.003f};
    Tensor R = Tensor::from_vector(rot, {H, 3, 3}, "CPU"), l = Tensor::from_vector(loc, {H, 3}, "CPU");
    Tensor P = Tensor::from_vector(cloud, {N, 3}, "CPU"), d = Tensor::from_vector(disp, {3}, "CPU");
    const double lmc_ms = median_ms(std::max(3, reps / 3), [&] {
      Tensor moved = l + (R * d.reshape({1, 1, 3})).sum(-1);
      Tensor diff = moved.reshape({H, 1, 3}) - P.reshape({1, N, 3});
      auto [near, idx] = (diff * diff).sum(-1).topk(K, -1, false);
      Tensor score = where(near < 1e-4, 1.0 - near * 1e4, 0.0).sum(-1);
      Tensor::realize_all({&score, &idx});
    });
    std::vector<float> score(H);
    std::vector<int32_t> index(H * K);
    const double base_ms = median_ms(std::max(3, reps / 3), [&] {
      std::vector<std::pair<float, int32_t>> dd(N);
      for (int64_t h = 0; h < H; ++h) {
        float m[3];
        for (int r = 0; r < 3; ++r) {
          m[r] = loc[h * 3 + r];
          for (int c = 0; c < 3; ++c)
            m[r] += rot[h * 9 + r * 3 + c] * disp[c];
        }
        for (int64_t n = 0; n < N; ++n) {
          float s = 0;
          for (int c = 0; c < 3; ++c)
            s += (m[c] - cloud[n * 3 + c]) * (m[c] - cloud[n * 3 + c]);
          dd[n] = {s, static_cast<int32_t>(n)};
        }
        std::partial_sort(dd.begin(), dd.begin() + K, dd.end());
        float sc = 0;
        for (int64_t k = 0; k < K; ++k) {
          sc += dd[k].first < 1e-4f ? 1.f - dd[k].first * 1e4f : 0.f;
          index[h * K + k] = dd[k].second;
        }
        score[h] = sc;
      }
    });
    row("rotate+knn+score", "H4000 N2000 K10", lmc_ms, base_ms, "Gpair/s", 1.0 * H * N);
  }
  return 0;
}
