// How a CUDA kernel is launched: the target's limits and the launch shape a rendered kernel carries. The shape is
// chosen by the pass flatten_threads (codegen/flatten_threads.hpp) or by the program's own SPECIALs and TILED_MATMUL;
// the device turns it into a grid and a block.
#pragma once
#include "codegen/linear.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
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
  bool wide_index = false; // the flat index is 64-bit: the product may pass int32 (or a grid-stride index may pass it)
  bool explicit_dims = false;
  std::array<CudaExtent, 3> grid{}, local{};
  // The block's `extern __shared__` storage (TC tiles): past 48 KiB the device must raise the function's limit.
  int64_t dynamic_smem_bytes = 0;
  // (param slot, bytes): the kernel reads that buffer with vector loads of this size (lmc_load4), which need its
  // address aligned to it. Every buffer lmc allocates is (whole allocations, 256-byte aligned); the launch checks.
  std::vector<std::pair<int, int>> aligned_params;
};

struct CudaDims {
  std::array<uint32_t, 3> grid{1, 1, 1};
  std::array<uint32_t, 3> block{1, 1, 1};
  bool empty() const { return grid[0] == 0 || grid[1] == 0 || grid[2] == 0 || block[0] == 0; }
};

// The grid and block for one launch with these variable values; throws lmc::Error when a dimension exceeds the
// target's limits (explicit shape) — the flat shape never does.
CudaDims cuda_launch_dims(const CudaLaunchSpec& spec, std::span<const int32_t> vars, const CudaTarget& target = {});

// A launch extent must be known on the host: a constant or a variable passed at launch (nullopt otherwise).
std::optional<CudaExtent> cuda_host_extent(const LinearProgram& program, UOp extent);
// The largest value an extent takes (a variable's declared maximum).
int64_t cuda_extent_max(const LinearProgram& program, const CudaExtent& extent);

} // namespace lmc
