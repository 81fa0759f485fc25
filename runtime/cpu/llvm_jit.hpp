// LlvmJit: LLVM IR text in, a callable CPU kernel out (parse, O3 for the host CPU, ORC LLJIT), cached in memory and
// its object code on disk.
// Its own file because it is the only place that talks to LLVM's C++ API; everything else sees function pointers.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

namespace lmc {

// The C ABI every rendered kernel has (codegen/render/llvm_ir.hpp): buffers by slot, int32 variables by position,
// and the sub-interval [start, end) of the parallel range this call runs (ignored when there is none).
using CpuKernel = void (*)(void* const* bufs, const int32_t* vars, int64_t start, int64_t end);

class LlvmJit {
public:
  // The process's JIT. Kernels it returns stay valid until the process exits.
  static LlvmJit& global();

  LlvmJit();
  ~LlvmJit();
  LlvmJit(const LlvmJit&) = delete;
  LlvmJit& operator=(const LlvmJit&) = delete;

  // Compiles the module `ir` and returns its function `name`. Thread-safe; the same (ir, name) compiles once and
  // later calls (also concurrent ones) get the same pointer. Bad IR or a missing symbol throws lmc::Error carrying
  // LLVM's diagnostic and the IR text.
  CpuKernel compile(const std::string& ir, const std::string& name);

  // The module after the host-tuned O3 pipeline, as text: what LMC_DEBUG shows and tests check vectorization on.
  std::string optimized_ir(const std::string& ir, const std::string& name);

  // How many modules were actually compiled (missed in memory and on disk), and how many were loaded from the disk
  // cache of object code (<LMC_CACHE_DIR>/cpu), for tests and LMC_DEBUG.
  uint64_t compiled_count() const;
  uint64_t disk_hit_count() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "16.0.6": the LLVM this binary is linked against (part of every compiled-code cache key).
std::string llvm_version();
// The host CPU LLVM detects ("skylake-avx512"; "generic" when LLVM does not know the model, features still apply).
std::string host_cpu();

} // namespace lmc
