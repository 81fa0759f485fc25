// Every kernel of the burst-sampling step lowered as the CUDA device would lower it (its sm_90 heuristic opts), then
// rendered as CUDA C and compiled by NVRTC, without a GPU: CI has NVRTC but no GPU, and a kernel that only the GPU's
// opts break would otherwise show up first on the GPU machine. The step itself runs on the CPU with its own opts.
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "lm/burst_batch.hpp"
#include "lm/recognition.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/realize.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <gtest/gtest.h>

namespace lmc::lm {
namespace {

bool nvrtc_present() {
  try {
    nvrtc_compile_cached("extern \"C\" __global__ void probe() {}", "sm_90");
    return true;
  } catch (const Error&) {
    return false;
  }
}

TEST(BurstCudaLowering, EveryStepKernelLowersAndCompilesWithTheGpuHeuristics) {
  const bool nvrtc = nvrtc_present();
  std::vector<std::string> failures;
  int kernels = 0;
  // Shapes like the failing ones on the H200: several pairs, capacities of a few thousand rows.
  for (const auto& [pairs, nodes] : std::vector<std::pair<int, int64_t>>{{3, 587}, {9, 733}, {77, 300}}) {
    const std::vector<ObjectModel> models =
        device_models(synthetic_objects(pairs, nodes, static_cast<uint64_t>(pairs)), float64, "CPU");
    std::vector<const ObjectModel*> mp;
    for (const ObjectModel& m : models)
      mp.push_back(&m);
    const OptTarget gpu = OptTarget::cuda(90);
    ScopedOptChooser chooser([&](const ScheduledKernel& k, const OptTarget& cpu) {
      ++kernels;
      try {
        const LinearProgram program = lower(apply_opts(k, heuristic_opts(k, gpu), gpu));
        const CudaKernelSource source = render_cuda(program, CudaTarget{});
        if (nvrtc) nvrtc_compile_cached(source.source, "sm_90");
        // A reduction over a whole batch run by a handful of threads serializes on the GPU (one thread looping over
        // 300k rows took 30 ms on the H200): a kernel with more than 8192 reduced elements per output runs at least
        // 256 threads.
        const CudaDims dims = cuda_launch_dims(source.launch, {}, CudaTarget{});
        const int64_t threads =
            int64_t{dims.grid[0]} * dims.grid[1] * dims.grid[2] * dims.block[0] * dims.block[1] * dims.block[2];
        int64_t reduced = 1;
        for (const KernelAxis& a : kernel_axes(k))
          if (a.reduce) reduced *= std::max<int64_t>(a.extent, 1);
        if (threads < 256 && reduced > 8192)
          failures.push_back(
              fmt::format("{} runs {} GPU threads for {} reduced elements per output", k.name, threads, reduced));
      } catch (const std::exception& e) {
        std::string opts;
        for (const Opt& o : heuristic_opts(k, gpu))
          opts += " " + o.str();
        failures.push_back(k.name + " (opts" + opts + "): " + e.what());
        if (std::getenv("LMC_TEST_DUMP")) std::fprintf(stderr, "%s\n", k.ast.listing().c_str());
      }
      return heuristic_opts(k, cpu);
    });
    const BurstParams params = benchmark_burst_params();
    BurstBatch batch(mp, std::vector<int>(static_cast<size_t>(pairs), 0),
                     std::vector<BurstPairState>(static_cast<size_t>(pairs)), {0}, params.evidence, params, 8, float64,
                     "CPU", 0, false);
    EXPECT_GT(batch.kernels_per_step(), 10u);
  }
  EXPECT_GT(kernels, 30);
  for (const std::string& f : failures)
    ADD_FAILURE() << f;
}

} // namespace
} // namespace lmc::lm
