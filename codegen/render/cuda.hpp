// The CUDA C renderer: a LinearProgram becomes one `extern "C" __global__` function plus the launch shape it needs.
// Its own file because it is one of the two renderers (LLVM IR, CUDA C) behind the linear-program contract.
#pragma once
#include "codegen/linear.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lmc {

// What the renderer needs to know about the GPU it renders for (read from the device, or fixed for compile-only).
struct CudaTarget {
  int sm = 90;                     // compute capability as major*10 + minor
  int block_size = 256;            // threads per block for the flattened parallel ranges
  int64_t max_grid_x = 2147483647; // device limits (cuDeviceGetAttribute); the defaults are sm_90's
  int64_t max_grid_yz = 65535;
  int max_block_threads = 1024;
  int64_t max_shared_optin = 227 * 1024; // shared memory per block with the kernel's opt-in (dynamic)
};

// One factor of a launch extent: the constant `value`, or the launch value of vars[var] when var >= 0.
struct CudaExtent {
  int64_t value = 1;
  int var = -1;
  int64_t eval(std::span<const int32_t> vars) const;
};

// How a rendered kernel is launched. Two shapes:
//  - flat (the default): the parallel RANGE (and the Global ranges perfectly nested in it) are flattened into one
//    index gid = blockIdx.x * blockDim.x + threadIdx.x over product(flat) work items; `block` threads per block;
//    when the largest possible product exceeds what one grid covers, the kernel loops grid-stride (grid_stride).
//  - explicit (the program has SPECIAL gidx/lidx ops from a later GPU-dims pass): grid[d] and local[d] give each
//    dimension's size directly.
struct CudaLaunchSpec {
  std::vector<CudaExtent> flat; // empty: the whole kernel is one thread
  int block = 1;
  bool grid_stride = false;
  int64_t max_grid_x = 2147483647;
  bool explicit_dims = false;
  std::array<CudaExtent, 3> grid{}, local{};
  // The block's `extern __shared__` storage (TC tiles): past 48 KiB the device must raise the function's limit.
  int64_t dynamic_smem_bytes = 0;
};

struct CudaDims {
  std::array<uint32_t, 3> grid{1, 1, 1};
  std::array<uint32_t, 3> block{1, 1, 1};
  bool empty() const { return grid[0] == 0 || grid[1] == 0 || grid[2] == 0 || block[0] == 0; }
};

// The grid and block for one launch with these variable values; throws lmc::Error when a dimension exceeds the
// target's limits (explicit shape) — the flat shape never does.
CudaDims cuda_launch_dims(const CudaLaunchSpec& spec, std::span<const int32_t> vars, const CudaTarget& target = {});

struct CudaKernelSource {
  std::string name;   // the kernel's symbol (the program name made a C identifier)
  std::string source; // CUDA C, ready for NVRTC
  CudaLaunchSpec launch;
  bool uses_fp16 = false; // includes cuda_fp16.h / cuda_bf16.h: NVRTC then needs the toolkit's include dir
  bool uses_bf16 = false;
  bool arch_specific = false; // uses sm_90a-only instructions (wgmma): compile for the arch with the `a` suffix
};

// Renders `extern "C" __global__ void <name>(T0* p0, const T1* p1, ..., int var0, ...)`: one pointer per params
// slot (const when the kernel never stores through it), then one int per var. Throws lmc::Error for an op or dtype
// outside codegen/linear.hpp's contract (vectors are not part of it yet).
CudaKernelSource render_cuda(const LinearProgram& program, const CudaTarget& target = {});

} // namespace lmc
