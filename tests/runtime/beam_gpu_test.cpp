// BEAM on the GPU (label gpu): a small matmul and a row sum searched on CUDA give a list whose results match a
// float64 reference, the search times with CUDA events, and the second lookup is a cache hit. Prints the figures.
#include "runtime/beam/beam.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <random>
#include <unistd.h>

namespace lmc {
namespace {

std::vector<float> random_floats(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v)
    x = d(rng);
  return v;
}

std::vector<float> run_with(const Tensor& t, const std::vector<Opt>& opts) {
  ScopedOptChooser chooser([&](const ScheduledKernel&, const OptTarget&) { return opts; });
  Schedule s = schedule({t.uop()}, "CUDA");
  std::vector<std::shared_ptr<Buffer>> out = run_schedule(s, get_device("CUDA"));
  std::vector<float> v(out[0]->size());
  out[0]->copy_out(v.data(), out[0]->bytes());
  return v;
}

BeamOptions gpu_search() {
  BeamOptions o;
  o.width = 2;
  o.max_rounds = 4;
  return o;
}

void print(const char* what, const BeamResult& r) {
  std::printf("%s: unoptimized %.4f ms, heuristic %.4f ms, best %.4f ms %s; %d candidates (%d timed, %d illegal, %d "
              "compile errors, %d duplicates, %d mismatches, %d slow, %d timeouts) in %.2f s\n",
              what, r.unoptimized_ms, r.default_ms, r.best_ms, opts_str(r.best_opts).c_str(), r.tried, r.timed,
              r.illegal, r.compile_errors, r.duplicates, r.mismatches, r.slow, r.timeouts, r.search_seconds);
}

class BeamGpu : public testing::Test {
protected:
  void SetUp() override {
    std::string why;
    if (!cuda_available(&why)) GTEST_SKIP() << "no usable GPU: " << why;
  }
};

TEST_F(BeamGpu, MatmulSearchMatchesTheReference) {
  constexpr int64_t M = 96, K = 72, N = 80;
  const std::vector<float> a = random_floats(M * K, 1), b = random_floats(K * N, 2);
  const Tensor ta = Tensor::from_vector(a, {M, K}, "CUDA").realize();
  const Tensor tb = Tensor::from_vector(b, {K, N}, "CUDA").realize();
  const Tensor c = ta.matmul(tb);
  Schedule s = schedule({c.uop()}, "CUDA");
  ASSERT_EQ(s.kernels.size(), 1u);
  Device& cuda = get_device("CUDA");
  const BeamResult r = beam_search(cuda, s.kernels[0], gpu_search());
  print("matmul 96x80x72", r);
  EXPECT_EQ(r.mismatches, 0);
  EXPECT_LE(r.best_ms, r.unoptimized_ms);
  EXPECT_NO_THROW(apply_opts(s.kernels[0], r.best_opts, opt_target(cuda)));
  const std::vector<float> got = run_with(c, r.best_opts);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double want = 0;
      for (int64_t k = 0; k < K; ++k)
        want += static_cast<double>(a[i * K + k]) * b[k * N + j];
      EXPECT_NEAR(got[i * N + j], want, 1e-4 * (1 + std::abs(want))) << i << "," << j;
    }
}

TEST_F(BeamGpu, RowSumSearchIsCachedOnTheGpu) {
  constexpr int64_t R = 300, C = 1000;
  const std::vector<float> x = random_floats(R * C, 3);
  const Tensor t = Tensor::from_vector(x, {R, C}, "CUDA").realize();
  const Tensor s = t.sum(1);
  Schedule sched = schedule({s.uop()}, "CUDA");
  ASSERT_EQ(sched.kernels.size(), 1u);
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("lmc-beam-gpu-" + std::to_string(::getpid()))).string();
  {
    OptCache cache(dir);
    Device& cuda = get_device("CUDA");
    const BeamResult first = tune_kernel(cuda, sched.kernels[0], gpu_search(), cache);
    print("sum_rows 300x1000", first);
    EXPECT_FALSE(first.from_cache);
    EXPECT_EQ(first.mismatches, 0);
    EXPECT_NE(opt_cache_key(cuda, sched.kernels[0], gpu_search()).device.find("sm_"), std::string::npos);
    const BeamResult second = tune_kernel(cuda, sched.kernels[0], gpu_search(), cache);
    EXPECT_TRUE(second.from_cache);
    EXPECT_EQ(second.best_opts, first.best_opts);
    const std::vector<float> got = run_with(s, second.best_opts);
    for (int64_t i = 0; i < R; ++i) {
      double want = 0;
      for (int64_t j = 0; j < C; ++j)
        want += x[i * C + j];
      EXPECT_NEAR(got[i], want, 1e-4 * (1 + std::abs(want))) << i;
    }
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace lmc
