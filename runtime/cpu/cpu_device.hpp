// The CPU device: host memory, LLVM IR rendered and JIT-compiled by LLVM 16's ORC LLJIT, the outer parallel
// range split over a thread pool. Launches run synchronously (the host is the device).
#pragma once
#include "runtime/device.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace lmc {

class ThreadPool;

class CpuDevice final : public Device {
public:
  CpuDevice();
  ~CpuDevice() override;
  const std::string& name() const override { return name_; }
  void* allocate(size_t bytes) override;
  void deallocate(void* ptr, size_t bytes) override;
  size_t cached_bytes() const override;
  void copy_in(void* dst, const void* src, size_t bytes) override;
  void copy_out(void* dst, const void* src, size_t bytes) override;
  std::shared_ptr<CompiledKernel> compile(const LinearProgram& program) override;
  void launch(const CompiledKernel& kernel, const LinearProgram& program, std::span<void* const> buffers,
              std::span<const int32_t> vars) override;
  void synchronize() override {}

private:
  std::string name_ = "CPU";
  std::unique_ptr<ThreadPool> pool_;
  // Freed blocks by rounded size, reused before asking the OS: a fresh block costs a page fault per 4 KiB on
  // first touch, which dominates memory-bound kernels that run once per step.
  mutable std::mutex cache_mutex_;
  std::multimap<size_t, void*> free_blocks_;
  size_t cached_bytes_ = 0;
};

} // namespace lmc
