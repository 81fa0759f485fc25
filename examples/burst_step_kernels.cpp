// The kernels of one burst-sampling step as the CUDA device would build them, printed without a GPU: for each kernel
// its name, the sm_90 heuristic opts, the launch dims and (with --source) the CUDA C. For tuning the step on a
// machine that has NVRTC but no GPU. Usage: burst_step_kernels [B] [N] [float32|float64] [--source|--nvrtc|-] [kernel]
// [sphere]. --nvrtc times NVRTC (no disk cache) on every distinct step kernel, one at a time and then on 2, 4, ...
// threads up to the machine's cores: the cold-start compile cost a GPU's first step pays, and how far parallel
// compiles cut it. `sphere`: bench/monty_step's objects, where the K-NN runs over the neighbour grid.
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "lm/burst_batch.hpp"
#include "lm/recognition.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/realize.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <unordered_set>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Every source compiled once by `threads` threads taking them in order; returns the wall time.
double compile_all(const std::vector<std::string>& sources, unsigned threads) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < sources.size(); i = next++)
      lmc::nvrtc_compile(sources[i], "sm_90");
  };
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::jthread> helpers;
  for (unsigned t = 1; t < threads; ++t)
    helpers.emplace_back(work);
  work();
  helpers.clear();
  return ms_since(t0);
}

void time_nvrtc(const std::vector<std::pair<std::string, std::string>>& kernels) {
  std::vector<std::string> sources;
  std::vector<double> times;
  std::printf("NVRTC sm_90, no cache, one at a time:\n");
  for (const auto& [name, source] : kernels) {
    const auto t0 = std::chrono::steady_clock::now();
    lmc::nvrtc_compile(source, "sm_90");
    times.push_back(ms_since(t0));
    sources.push_back(source);
    std::printf("  %-36s %7.1f ms\n", name.c_str(), times.back());
  }
  double total = 0;
  for (double t : times)
    total += t;
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  std::printf("%zu distinct kernels: serial total %.0f ms, median %.1f ms, max %.1f ms\n", times.size(), total,
              sorted[sorted.size() / 2], sorted.back());
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned t = 1; t <= cores; t *= 2)
    std::printf("  %2u threads: %.0f ms wall\n", t, compile_all(sources, t));
}

} // namespace

int main(int argc, char** argv) {
  using namespace lmc;
  using namespace lmc::lm;
  const int64_t b = argc > 1 ? std::stoll(argv[1]) : 77, n = argc > 2 ? std::stoll(argv[2]) : 2000;
  const DType dtype = argc > 3 && std::string(argv[3]) == "float64" ? float64 : float32;
  const bool source = argc > 4 && std::string(argv[4]) == "--source";
  const bool nvrtc = argc > 4 && std::string(argv[4]) == "--nvrtc";
  std::vector<std::pair<std::string, std::string>> distinct; // (name, CUDA C) of each distinct kernel
  std::unordered_set<std::string> seen;
  const bool sphere = argc > 6 && std::string(argv[6]) == "sphere";
  const std::vector<ObjectModel> models =
      device_models(sphere ? sphere_objects(b, n, 0) : synthetic_objects(b, n, 0), dtype, "CPU");
  std::vector<const ObjectModel*> mp;
  for (const ObjectModel& m : models)
    mp.push_back(&m);
  const OptTarget gpu = OptTarget::cuda(90);
  double heuristics_ms = 0, lower_ms = 0;
  ScopedOptChooser chooser([&](const ScheduledKernel& k, const OptTarget& cpu) {
    auto t0 = std::chrono::steady_clock::now();
    const std::vector<Opt> opts = heuristic_opts(k, gpu);
    heuristics_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (argc > 5 && k.name == argv[5]) try {
        const std::vector<Opt> up{Opt{OptOp::UPCAST, 1, 4}};
        apply_opts(k, up, gpu);
      } catch (const std::exception& e) {
        std::printf("UPCAST: %s\n", e.what());
      }
    std::string names;
    for (const Opt& o : opts)
      names += " " + o.str();
    t0 = std::chrono::steady_clock::now();
    const CudaKernelSource cuda = render_cuda(lower_with_opts(k, opts, gpu), CudaTarget{});
    lower_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const CudaDims dims = cuda_launch_dims(cuda.launch, {}, CudaTarget{});
    std::printf("%-36s grid %u,%u,%u block %u,%u,%u opts%s\n", k.name.c_str(), dims.grid[0], dims.grid[1], dims.grid[2],
                dims.block[0], dims.block[1], dims.block[2], names.c_str());
    if (source) std::printf("%s\n", cuda.source.c_str());
    if (seen.insert(cuda.source).second) distinct.emplace_back(k.name, cuda.source);
    if (argc > 5 && k.name == argv[5]) std::printf("%s\n", k.ast.listing().c_str());
    return heuristic_opts(k, cpu);
  });
  RecognitionParams params;
  params.burst.evidence.radius_limited_knn = true; // as the Backend runs it
  const auto built = std::chrono::steady_clock::now();
  BurstBatch batch(mp, std::vector<int>(static_cast<size_t>(b), 0), std::vector<BurstPairState>(static_cast<size_t>(b)),
                   {0}, params.burst.evidence, params.burst, params.burst.umbilical_num_poses, dtype, "CPU", 0, false);
  const double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - built).count();
  std::printf("%zu kernels per step, capacity %lld; batch built in %.0f ms (CPU), of it GPU heuristics %.0f ms, GPU "
              "lower + render %.0f ms\n",
              batch.kernels_per_step(), static_cast<long long>(batch.capacity()), build_ms, heuristics_ms, lower_ms);
  if (nvrtc) time_nvrtc(distinct);
}
