// The CUDA C renderer: a LinearProgram becomes one `extern "C" __global__` function plus the launch shape it needs.
// Its own file because it is one of the two renderers (LLVM IR, CUDA C) behind the linear-program contract.
#pragma once
#include "codegen/flatten_threads.hpp"
#include "codegen/linear.hpp"
#include "codegen/render/cuda_launch.hpp"

#include <string>

namespace lmc {

struct CudaKernelSource {
  std::string name;   // the kernel's symbol (the program name made a C identifier)
  std::string source; // CUDA C, ready for NVRTC
  CudaLaunchSpec launch;
  bool arch_specific = false; // uses sm_90a-only instructions (wgmma): compile for the arch with the `a` suffix
  // Multiplies or adds in float64. Such kernels compile without contracting a * b + c into a fused multiply-add by
  // default (LMC_CUDA_FMA), so they round as the CPU backend does.
  bool float64_math = false;
};

// Renders `extern "C" __global__ void <name>(T0* p0, const T1* p1, ..., int var0, ...)`: one pointer per params
// slot (const when the kernel never stores through it), then one int per var. Throws lmc::Error for an op or dtype
// outside codegen/linear.hpp's contract (vectors are not part of it yet).
// The program goes through the pass flatten_threads first (the second form takes one that already did).
CudaKernelSource render_cuda(const LinearProgram& program, const CudaTarget& target = {});
CudaKernelSource render_cuda(const FlatThreadProgram& program, const CudaTarget& target = {});

} // namespace lmc
