// CpuDevice: host memory, kernels rendered to LLVM IR and JIT-compiled once per IR text, launched on a thread pool.
// It glues the renderer, LlvmJit and run_cpu to the Device interface and holds no logic of its own beyond that.
#include "runtime/cpu/cpu_device.hpp"

#include "codegen/render/llvm_ir.hpp"
#include "ir/error.hpp"
#include "rewrite/trace.hpp"
#include "runtime/cpu/cpu_executor.hpp"
#include "runtime/cpu/llvm_jit.hpp"
#include "runtime/cpu/thread_pool.hpp"

#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

namespace lmc {

namespace {
// Cache-line (and AVX-512 vector) alignment, so vector loads of a buffer's start never split lines.
constexpr size_t kAlign = 64;

class CpuCompiledKernel final : public CompiledKernel {
public:
  CpuCompiledKernel(std::string source, CpuKernel fn) : fn_(fn) { source_ = std::move(source); }
  CpuKernel fn() const { return fn_; }

private:
  CpuKernel fn_;
};
} // namespace

CpuDevice::CpuDevice() : pool_(std::make_unique<ThreadPool>()) {}
CpuDevice::~CpuDevice() {
  for (auto& [size, block] : free_blocks_)
    std::free(block);
}

namespace {
constexpr size_t kMaxCachedBytes = size_t{2} << 30;
size_t rounded_size(size_t bytes) {
  return std::max(kAlign, (bytes + kAlign - 1) / kAlign * kAlign);
}
} // namespace

void* CpuDevice::allocate(size_t bytes) {
  const size_t rounded = rounded_size(bytes);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = free_blocks_.find(rounded); it != free_blocks_.end()) {
      void* p = it->second;
      free_blocks_.erase(it);
      cached_bytes_ -= rounded;
      return p;
    }
  }
  void* p = std::aligned_alloc(kAlign, rounded);
  if (!p) {
    // Give the cached blocks back and try once more before reporting.
    {
      std::lock_guard lock(cache_mutex_);
      for (auto& [size, block] : free_blocks_)
        std::free(block);
      free_blocks_.clear();
      cached_bytes_ = 0;
    }
    p = std::aligned_alloc(kAlign, rounded);
  }
  if (!p) throw Error(fmt::format("CPU: cannot allocate {} bytes", bytes));
  return p;
}

void CpuDevice::deallocate(void* ptr, size_t bytes) {
  const size_t rounded = rounded_size(bytes);
  std::lock_guard lock(cache_mutex_);
  if (cached_bytes_ + rounded > kMaxCachedBytes) {
    std::free(ptr);
    return;
  }
  free_blocks_.emplace(rounded, ptr);
  cached_bytes_ += rounded;
}

size_t CpuDevice::cached_bytes() const {
  std::lock_guard lock(cache_mutex_);
  return cached_bytes_;
}

void CpuDevice::copy_in(void* dst, const void* src, size_t bytes) {
  if (bytes) std::memcpy(dst, src, bytes);
}

void CpuDevice::copy_out(void* dst, const void* src, size_t bytes) {
  if (bytes) std::memcpy(dst, src, bytes);
}

std::shared_ptr<CompiledKernel> CpuDevice::compile(const LinearProgram& program) {
  std::string ir;
  {
    rw::TimedPhase phase("render");
    ir = render_llvm_ir(program);
  }
  rw::TimedPhase phase("compile");
  CpuKernel fn = LlvmJit::global().compile(ir, llvm_symbol(program));
  return std::make_shared<CpuCompiledKernel>(std::move(ir), fn);
}

void CpuDevice::launch(const CompiledKernel& kernel, const LinearProgram& program, std::span<void* const> buffers,
                       std::span<const int32_t> vars) {
  const auto* cpu = dynamic_cast<const CpuCompiledKernel*>(&kernel);
  if (!cpu) throw Error(fmt::format("CPU: kernel '{}' was not compiled for the CPU", program.name));
  run_cpu(program, cpu->fn(), buffers, vars, *pool_);
}

} // namespace lmc
