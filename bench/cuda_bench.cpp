// CUDA benchmarks (issue 4): elementwise a*b+c over 2^26 floats, row- and column-sums of 8192x8192, a 4096^3
// fp32 matmul (default opts, then each GEMM tile), the bf16 one on CUDA cores and on tensor cores (TC), kernel launch
// overhead and NVRTC compile time (cold and from the disk cache). Kernel times come from device events. With a baseline
// JSON from bench/peer/torch_cuda_bench.py (same GPU, same job) it prints fractions of the measured copy bandwidth and
// of torch.matmul. Usage: cuda_bench [baseline.json]
#include "codegen/opt/gemm.hpp"
#include "codegen/opt/tc.hpp"
#include "ir/config.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using lmc::Tensor;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median host wall time of `fn` until the device is idle (several kernels; includes scheduling and launches).
double wall_ms(lmc::CudaDevice& dev, int reps, const std::function<void()>& fn) {
  fn();
  dev.synchronize();
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const auto s = std::chrono::steady_clock::now();
    fn();
    dev.synchronize();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
  }
  return median(t);
}

// Median GPU time of the last kernel `fn` launches, over `reps` runs after a warm-up.
double kernel_ms(lmc::CudaDevice& dev, int reps, const std::function<void()>& fn) {
  fn();
  dev.synchronize();
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    fn();
    t.push_back(dev.time_last_launch_ms());
  }
  return median(t);
}

std::vector<float> random_floats(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(0.f, 1.f);
  std::vector<float> v(n);
  for (float& x : v)
    x = d(rng);
  return v;
}

} // namespace

int main(int argc, char** argv) {
  nlohmann::json base;
  if (argc > 1) std::ifstream(argv[1]) >> base;
  if (!base.is_object()) base = nlohmann::json::object(); // no baseline: the torch columns read 0
  auto& dev = dynamic_cast<lmc::CudaDevice&>(lmc::get_device("CUDA"));
  const double copy_gbs = base.value("copy_gbs", 0.0);
  std::printf("device: %s (%s); baseline copy bandwidth %.0f GB/s (torch copy_, same GPU); opts: %s\n",
              lmc::cuda_info().name.c_str(), dev.arch().c_str(), copy_gbs,
              lmc::config().noopt  ? "none (LMC_NOOPT=1)"
              : lmc::config().beam ? ("BEAM=" + std::to_string(lmc::config().beam)).c_str()
                                   : "heuristics");
  std::printf("| %-26s | %10s | %10s | %12s | %14s |\n", "workload", "lmc ms", "torch ms", "lmc rate", "vs limit");
  std::printf("|%s|\n", std::string(86, '-').c_str());
  dev.set_timing(true);
  auto row = [&](const char* name, double ms, double torch_ms, double work, const char* unit, double limit) {
    const double rate = work / (ms * 1e-3) / 1e9;
    std::printf("| %-26s | %10.3f | %10.3f | %7.1f %-4s | %13.1f%% |\n", name, ms, torch_ms, rate, unit,
                limit > 0 ? 100.0 * rate / limit : 0.0);
  };
  {
    const int64_t n = int64_t{1} << 26;
    Tensor a = Tensor::from_vector(random_floats(n, 1), {n}, "CUDA");
    Tensor b = Tensor::from_vector(random_floats(n, 2), {n}, "CUDA");
    Tensor c = Tensor::from_vector(random_floats(n, 3), {n}, "CUDA");
    const double ms = kernel_ms(dev, 20, [&] { (a * b + c).realize(); });
    row("a*b+c 2^26 f32", ms, base.value("fma_ms", 0.0), 16.0 * n, "GB/s", copy_gbs);
  }
  {
    const int64_t n = 8192;
    Tensor m = Tensor::from_vector(random_floats(n * n, 4), {n, n}, "CUDA");
    const double row_ms = kernel_ms(dev, 20, [&] { m.sum(1).realize(); });
    row("row-sum 8192^2 f32", row_ms, base.value("rowsum_ms", 0.0), 4.0 * n * n, "GB/s", copy_gbs);
    const double col_ms = kernel_ms(dev, 20, [&] { m.sum(0).realize(); });
    row("col-sum 8192^2 f32", col_ms, base.value("colsum_ms", 0.0), 4.0 * n * n, "GB/s", copy_gbs);
    // Elementwise fused into the reduction: one kernel reads both matrices (512 MB) and writes 8192 sums.
    Tensor m2 = Tensor::from_vector(random_floats(n * n, 7), {n, n}, "CUDA");
    const double fused_ms = kernel_ms(dev, 20, [&] { (m * m2).sum(1).realize(); });
    row("(a*b).sum(1) 8192^2 f32", fused_ms, base.value("fused_ms", 0.0), 8.0 * n * n, "GB/s", copy_gbs);
  }
  {
    const int64_t n = 4096;
    Tensor x = Tensor::from_vector(random_floats(n * n, 5), {n, n}, "CUDA");
    Tensor y = Tensor::from_vector(random_floats(n * n, 6), {n, n}, "CUDA");
    const double ms = kernel_ms(dev, 3, [&] { x.matmul(y).realize(); });
    row("matmul 4096^3 f32", ms, base.value("matmul_ms", 0.0), 2.0 * n * n * n, "GF/s",
        base.value("matmul_tflops", 0.0) * 1e3);
    // The same kernel with each GEMM tile (the CUDA-core block tile). "vs limit" above is the fraction of torch.matmul
    // fp32 with TF32 off (cuBLAS) on the same GPU.
    for (int c = 0; c < static_cast<int>(lmc::kGemmConfigs.size()); ++c) {
      lmc::ScopedOptChooser gemm([&](const lmc::ScheduledKernel& k, const lmc::OptTarget& t) {
        for (const lmc::Opt& o : lmc::gemm_candidates(k, {}, t))
          if (o.amount == c) return std::vector<lmc::Opt>{o};
        return std::vector<lmc::Opt>{};
      });
      const lmc::GemmConfig& t = lmc::kGemmConfigs[c];
      const double gms = kernel_ms(dev, 5, [&] { x.matmul(y).realize(); });
      std::printf(
          "  GEMM tile %d (%dx%dx%d, %dx%d per thread, %d blocks/SM): %.3f ms, %.1f TFLOP/s (%.1f%% of torch)\n", c,
          t.bm, t.bn, t.bk, t.tm, t.tn, t.min_blocks, gms, 2.0 * n * n * n / (gms * 1e-3) / 1e12,
          base.value("matmul_ms", 0.0) > 0 ? 100.0 * base.value("matmul_ms", 0.0) / gms : 0.0);
    }
    // bf16 inputs, f32 accumulation, with the default opts (CUDA cores unless the heuristics choose TC).
    Tensor xb = x.cast(lmc::bfloat16).realize(), yb = y.cast(lmc::bfloat16).realize();
    const double bf_ms = kernel_ms(dev, 3, [&] { xb.cast(lmc::float32).matmul(yb.cast(lmc::float32)).realize(); });
    row("matmul 4096^3 bf16->f32", bf_ms, base.value("matmul_bf16_ms", 0.0), 2.0 * n * n * n, "GF/s",
        base.value("matmul_bf16_tflops", 0.0) * 1e3);
    // The same kernel on tensor cores (the TC opt): each tile config, then the one the TC heuristic picks. "vs limit"
    // is the fraction of torch.matmul's bf16 rate (cuBLAS) on the same GPU.
    auto tc_ms = [&](std::optional<int> config) {
      lmc::ScopedOptChooser tc([&](const lmc::ScheduledKernel& k, const lmc::OptTarget& t) {
        if (!config) return lmc::tc_heuristic_opts(k, t).value_or(std::vector<lmc::Opt>{});
        for (const lmc::Opt& o : lmc::tc_candidates(k, {}, t))
          if (o.amount == *config) return std::vector<lmc::Opt>{o};
        return std::vector<lmc::Opt>{};
      });
      return kernel_ms(dev, 10, [&] { xb.cast(lmc::float32).matmul(yb.cast(lmc::float32)).realize(); });
    };
    for (int c = 0; c < static_cast<int>(lmc::kTcConfigs.size()); ++c) {
      const lmc::TcConfig& t = lmc::kTcConfigs[c];
      const double ms = tc_ms(c);
      std::printf("  TC tile %d (%dx%dx%d, %dx%d warps, %d stages, %d blocks/SM): %.3f ms, %.1f TFLOP/s\n", c, t.bm,
                  t.bn, t.bk, t.warps_m, t.warps_n, t.stages, t.min_blocks, ms, 2.0 * n * n * n / (ms * 1e-3) / 1e12);
    }
    row("matmul 4096^3 bf16 TC", tc_ms(std::nullopt), base.value("matmul_bf16_ms", 0.0), 2.0 * n * n * n, "GF/s",
        base.value("matmul_bf16_tflops", 0.0) * 1e3);
  }
  {
    // The LM step's core at Monty's S1 size: 77 objects x 4000 hypotheses, each finding its 10 nearest of 2000 nodes by
    // squared distance. One kernel; the 77 x 4000 x 2000 distances are never written.
    const int64_t B = 77, H = 4000, N = 2000, K = 10;
    Tensor q = Tensor::from_vector(random_floats(B * H * 3, 8), {B, H, 1, 3}, "CUDA");
    Tensor p = Tensor::from_vector(random_floats(B * N * 3, 9), {B, 1, N, 3}, "CUDA");
    const double ms = kernel_ms(dev, 10, [&] {
      auto [d, i] = (q - p).pow(2.0).sum(-1).topk(K, -1, false);
      Tensor::realize_all({&d, &i});
    });
    std::printf("| %-26s | %10.3f | %10s | %7.2f %-4s | %14s |\n", "knn S1 77x4000x2000 k10", ms, "-",
                double(B * H * N) / (ms * 1e-3) / 1e9, "Gd/s", "-");
    // The same with Monty's radius: only nodes within it can score (about 10 of 2000 here, as within mmd = 1 cm of a
    // ~10 cm object with 2000 nodes); a bounded top-k rejects the rest with one comparison.
    const double radius = 0.106;
    const double bounded_ms = kernel_ms(dev, 10, [&] {
      auto [d, i] = (q - p).pow(2.0).sum(-1).topk(K, -1, false, radius * radius);
      Tensor::realize_all({&d, &i});
    });
    std::printf("| %-26s | %10.3f | %10s | %7.2f %-4s | %14s |\n", "knn S1 radius-limited", bounded_ms, "-",
                double(B * H * N) / (bounded_ms * 1e-3) / 1e9, "Gd/s", "-");
    const double bounded_wall = wall_ms(dev, 10, [&] {
      auto [d, i] = (q - p).pow(2.0).sum(-1).topk(K, -1, false, radius * radius);
      Tensor::realize_all({&d, &i});
    });
    std::printf("| %-26s | %10.3f | %10s | %7.2f %-4s | %14s |\n", "knn S1 radius, host wall", bounded_wall, "-",
                double(B * H * N) / (bounded_wall * 1e-3) / 1e9, "Gd/s", "-");
  }
  {
    // Launch overhead: a one-element kernel, host wall time per realize (schedule, cached kernel, launch) and GPU time.
    Tensor a = Tensor::from_vector(std::vector<float>{1.f}, {1}, "CUDA");
    dev.set_timing(false);
    (a + 1.0).realize();
    dev.synchronize();
    std::vector<double> wall;
    for (int i = 0; i < 200; ++i) {
      const auto s = std::chrono::steady_clock::now();
      (a + 1.0).realize();
      dev.synchronize();
      wall.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - s).count());
    }
    std::printf("launch overhead: %.1f us per realize of a 1-element kernel (host wall, incl. schedule + sync)\n",
                median(wall));
  }
  {
    // NVRTC compile time: a fresh source (cold), then the same source again from the disk cache.
    const std::string src = "extern \"C\" __global__ void bench_" + std::to_string(std::random_device{}()) +
                            "(float* a, const float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x;"
                            " if (i < n) a[i] = b[i] * 2.0f + 1.0f; }";
    auto t0 = std::chrono::steady_clock::now();
    bool cached = false;
    lmc::nvrtc_compile_cached(src, dev.arch(), &cached);
    auto t1 = std::chrono::steady_clock::now();
    bool cached2 = false;
    lmc::nvrtc_compile_cached(src, dev.arch(), &cached2);
    auto t2 = std::chrono::steady_clock::now();
    std::printf("NVRTC compile: cold %.1f ms (cache hit: %s), from disk cache %.3f ms (cache hit: %s)\n",
                std::chrono::duration<double, std::milli>(t1 - t0).count(), cached ? "yes" : "no",
                std::chrono::duration<double, std::milli>(t2 - t1).count(), cached2 ? "yes" : "no");
  }
  return 0;
}
