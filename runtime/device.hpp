// The device interface every backend implements: memory, transfers, compile, launch, synchronize. The frontend
// and the schedule runner talk only to this; CPU (LLVM) and CUDA (NVRTC + driver API) live behind it.
#pragma once
#include "codegen/linear.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lmc {

// A kernel compiled for one device; opaque outside the backend.
class CompiledKernel {
public:
  virtual ~CompiledKernel() = default;
  const std::string& source() const { return source_; }

protected:
  std::string source_;
};

class Device {
public:
  virtual ~Device() = default;
  virtual const std::string& name() const = 0;
  // Raw memory for `bytes` bytes; throws lmc::Error naming the request when it cannot be had.
  virtual void* allocate(size_t bytes) = 0;
  virtual void deallocate(void* ptr, size_t bytes) = 0;
  // host -> device; may return before the copy is done only if `src` stays valid (it copies for safety otherwise)
  virtual void copy_in(void* dst, const void* src, size_t bytes) = 0;
  // device -> host; blocks until the data is there
  virtual void copy_out(void* dst, const void* src, size_t bytes) = 0;
  // Renders and compiles; compile errors raise lmc::Error with the source and the compiler's log.
  virtual std::shared_ptr<CompiledKernel> compile(const LinearProgram& program) = 0;
  // Queues the kernel; returns before it finishes where the device allows.
  virtual void launch(const CompiledKernel& kernel, const LinearProgram& program, std::span<void* const> buffers,
                      std::span<const int32_t> vars) = 0;
  virtual void synchronize() = 0;
};

// The device named `name` ("CPU", "CUDA"), created on first use. Throws lmc::Error for an unknown or
// unavailable device, saying why.
Device& get_device(const std::string& name);
// LMC_DEVICE when set, else the best present device.
std::string default_device();

} // namespace lmc
