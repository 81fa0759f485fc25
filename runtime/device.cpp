// The device registry: devices are created on first use; CUDA is chosen when present unless LMC_DEVICE says.
#include "runtime/device.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "runtime/cpu/cpu_device.hpp"

#include <fmt/format.h>
#include <memory>
#include <mutex>

namespace lmc {

Device& get_device(const std::string& name) {
  static std::mutex mutex;
  // Devices live until the process ends: buffers held by static tensors are freed during static destruction.
  static Device* cpu = nullptr;
  std::lock_guard lock(mutex);
  if (name == "CPU") {
    if (!cpu) cpu = new CpuDevice();
    return *cpu;
  }
  if (name == "CUDA") throw Error("device CUDA is not available in this build (the CUDA backend is not built yet)");
  throw Error(fmt::format("unknown device '{}' (use CPU or CUDA)", name));
}

std::string default_device() {
  if (!config().device.empty()) return config().device;
  return "CPU";
}

} // namespace lmc
