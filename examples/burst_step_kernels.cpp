// The kernels of one burst-sampling step as the CUDA device would build them, printed without a GPU: for each kernel
// its name, the sm_90 heuristic opts, the launch dims and (with --source) the CUDA C. For tuning the step on a
// machine that has NVRTC but no GPU. Usage: burst_step_kernels [B] [N] [float32|float64] [--source|-] [kernel] [sphere]
// (`sphere`: bench/monty_step's objects, where the K-NN runs over the neighbour grid)
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "lm/burst_batch.hpp"
#include "lm/recognition.hpp"
#include "runtime/realize.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace lmc;
  using namespace lmc::lm;
  const int64_t b = argc > 1 ? std::stoll(argv[1]) : 77, n = argc > 2 ? std::stoll(argv[2]) : 2000;
  const DType dtype = argc > 3 && std::string(argv[3]) == "float64" ? float64 : float32;
  const bool source = argc > 4 && std::string(argv[4]) == "--source";
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
}
