// `lmc devices`: what lmc can run on here — the CPU (cores, LLVM version, host CPU) and CUDA (the GPU, its
// architecture, memory, driver and NVRTC versions, or why it is unavailable and whether compile-only works).
#include "runtime/cpu/llvm_jit.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/device.hpp"
#include "tools/command.hpp"

#include <fmt/format.h>
#include <thread>

namespace lmc::tools {
namespace {

int run_devices(std::span<const std::string> args) {
  Args a("devices", args, {}, {});
  if (!a.positional().empty()) throw UsageError("lmc devices takes no arguments");
  fmt::print("CPU   available  {} cores, host CPU {}, LLVM {}\n", std::thread::hardware_concurrency(), host_cpu(),
             llvm_version());
  const CudaInfo info = cuda_info(0);
  if (info.available)
    fmt::print("CUDA  available  {} ({}), {:.1f} GiB, {} SMs, driver CUDA {}, NVRTC {}\n", info.name, info.arch,
               static_cast<double>(info.total_memory) / (1024.0 * 1024.0 * 1024.0), info.multiprocessors,
               info.driver_version, info.nvrtc_version);
  else
    fmt::print("CUDA  unavailable; compile-only (NVRTC to CUBIN) {}\n      why: {}\n",
               info.compile_only ? fmt::format("works (NVRTC {})", info.nvrtc_version) : std::string("does not work"),
               info.why);
  fmt::print("default device: {}\n", default_device());
  return 0;
}

} // namespace

const Command devices_command{"devices", "list the devices lmc can use and their state",
                              "usage: lmc devices\n\n"
                              "Lists the CPU (cores, host CPU, LLVM version) and CUDA (GPU name, architecture,\n"
                              "memory, driver and NVRTC versions, or why CUDA is unavailable and whether kernels\n"
                              "can still be compiled to CUBIN without a GPU), and the default device.\n",
                              run_devices};

} // namespace lmc::tools
