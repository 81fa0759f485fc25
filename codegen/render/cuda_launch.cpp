// Launch shapes: the grid and block a rendered kernel is launched with, and the extents it reads from the program.
#include "codegen/render/cuda_launch.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace lmc {

int64_t CudaExtent::eval(std::span<const int32_t> vars) const {
  if (var < 0) return value;
  if (static_cast<size_t>(var) >= vars.size())
    throw Error(fmt::format("CUDA launch: no value for variable {} ({} given)", var, vars.size()));
  return vars[var];
}

CudaDims cuda_launch_dims(const CudaLaunchSpec& spec, std::span<const int32_t> vars, const CudaTarget& target) {
  CudaDims d;
  if (spec.explicit_dims) {
    for (int i = 0; i < 3; ++i) {
      const int64_t g = spec.grid[i].eval(vars), l = spec.local[i].eval(vars);
      const int64_t gmax = i == 0 ? target.max_grid_x : target.max_grid_yz;
      if (g < 0 || g > gmax || l < 0 || l > target.max_block_threads)
        throw Error(fmt::format("CUDA launch: dimension {} has grid {} and block {} (limits {} and {}); the GPU dims "
                                "pass must split it",
                                i, g, l, gmax, target.max_block_threads));
      d.grid[i] = static_cast<uint32_t>(g);
      d.block[i] = static_cast<uint32_t>(l);
    }
    if (int64_t{d.block[0]} * d.block[1] * d.block[2] > target.max_block_threads)
      throw Error(fmt::format("CUDA launch: a block of {}x{}x{} threads exceeds the limit of {}", d.block[0],
                              d.block[1], d.block[2], target.max_block_threads));
    return d;
  }
  int64_t total = 1;
  for (const CudaExtent& e : spec.flat)
    total *= std::max<int64_t>(e.eval(vars), 0);
  d.block[0] = static_cast<uint32_t>(std::max(spec.block, 1));
  int64_t blocks = (total + d.block[0] - 1) / d.block[0];
  if (spec.grid_stride) blocks = std::min(blocks, spec.max_grid_x);
  if (blocks > spec.max_grid_x)
    throw Error(fmt::format("CUDA launch: {} work items need {} blocks, more than the grid limit {} (the kernel was "
                            "rendered without a grid-stride loop)",
                            total, blocks, spec.max_grid_x));
  d.grid[0] = static_cast<uint32_t>(blocks);
  return d;
}

std::optional<CudaExtent> cuda_host_extent(const LinearProgram& program, UOp extent) {
  if (auto c = extent.const_int()) return CudaExtent{*c, -1};
  if (extent.op() == Op::DEFINE_VAR)
    for (size_t i = 0; i < program.vars.size(); ++i)
      if (program.vars[i].name == extent.arg_as<VarArg>().name) return CudaExtent{0, static_cast<int>(i)};
  return std::nullopt;
}

int64_t cuda_extent_max(const LinearProgram& program, const CudaExtent& extent) {
  return extent.var < 0 ? extent.value : program.vars[extent.var].max;
}

} // namespace lmc
