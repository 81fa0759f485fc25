// The device registry: devices are created on first use; CUDA is chosen when present unless LMC_DEVICE says.
#include "runtime/device.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "runtime/cpu/cpu_device.hpp"
#include "runtime/cuda/cuda_device.hpp"

#include <fmt/format.h>
#include <mutex>

namespace lmc {

StreamId Device::create_stream() {
  return next_stream_++;
}
void Device::destroy_stream(StreamId) {}
void Device::launch_on(StreamId, const CompiledKernel& kernel, const LinearProgram& program,
                       std::span<void* const> buffers, std::span<const int32_t> vars) {
  launch(kernel, program, buffers, vars);
}
void Device::copy_in_on(StreamId, void* dst, const void* src, size_t bytes) {
  copy_in(dst, src, bytes);
}
void Device::copy_out_on(StreamId, void* dst, const void* src, size_t bytes) {
  copy_out(dst, src, bytes);
}
void Device::synchronize_stream(StreamId) {
  synchronize();
}
EventId Device::record_event(StreamId) {
  return next_event_++;
}
bool Device::event_done(EventId) {
  return true;
}
void Device::synchronize_event(EventId) {}
void Device::destroy_event(EventId) {}
void Device::begin_capture(StreamId) {
  throw Error(fmt::format("device {} cannot capture graphs", name()));
}
GraphId Device::end_capture(StreamId) {
  throw Error(fmt::format("device {} cannot capture graphs", name()));
}
void Device::launch_graph(GraphId, StreamId) {
  throw Error(fmt::format("device {} cannot replay graphs", name()));
}
void Device::destroy_graph(GraphId) {}

Device& get_device(const std::string& name) {
  static std::mutex mutex;
  // Devices live until the process ends: buffers held by static tensors are freed during static destruction.
  static Device* cpu = nullptr;
  static Device* cuda = nullptr;
  std::lock_guard lock(mutex);
  if (name == "CPU") {
    if (!cpu) cpu = new CpuDevice();
    return *cpu;
  }
  if (name == "CUDA") {
    // CudaDevice's constructor throws lmc::Error saying why (no driver, no GPU, NVRTC missing).
    if (!cuda) cuda = new CudaDevice();
    return *cuda;
  }
  throw Error(fmt::format("unknown device '{}' (use CPU or CUDA)", name));
}

std::string default_device() {
  static const std::string chosen = [] {
    std::string why;
    const bool cuda = cuda_available(&why);
    std::string pick = !config().device.empty() ? config().device : cuda ? "CUDA" : "CPU";
    if (config().debug >= 1) {
      if (!config().device.empty())
        fmt::print(stderr, "lmc: device {} (LMC_DEVICE)\n", pick);
      else if (cuda)
        fmt::print(stderr, "lmc: device CUDA (a GPU is present)\n");
      else
        fmt::print(stderr, "lmc: device CPU (CUDA is not available: {})\n", why);
    }
    return pick;
  }();
  // Tests change LMC_DEVICE through mutable_config(); that wins over the choice made once above.
  if (!config().device.empty()) return config().device;
  return chosen;
}

} // namespace lmc
