// Thread flattening and launch shapes: what plan_flat_threads decides, the renderer prints.
#include "codegen/render/cuda_launch.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

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

namespace {

// The position of the END that closes `range`, or -1.
int end_of(const LinearProgram& program, UOp range) {
  for (size_t i = 0; i < program.ops.size(); ++i)
    if (program.ops[i].op() == Op::END)
      for (UOp r : program.ops[i].src())
        if (r == range) return static_cast<int>(i);
  return -1;
}

// The Global RANGE that opens right inside the range at `outer` and joins the flat index, or -1: only pure work may
// come between the two openings, and no store, loop or barrier between the two closings.
int nested_flat_range(const LinearProgram& program, int outer) {
  const auto& ops = program.ops;
  int next = outer + 1;
  while (next < static_cast<int>(ops.size())) {
    const Op op = ops[next].op();
    if (op == Op::RANGE || op == Op::STORE || op == Op::END || op == Op::BARRIER) break;
    ++next;
  }
  if (next >= static_cast<int>(ops.size()) || ops[next].op() != Op::RANGE) return -1;
  const UOp inner = ops[next];
  if (inner.arg_as<RangeArg>().kind != AxisKind::Global || !cuda_host_extent(program, inner.src(0))) return -1;
  const int inner_end = end_of(program, inner), outer_end = end_of(program, ops[outer]);
  if (inner_end < 0) return -1;
  for (int i = inner_end + 1; i < outer_end; ++i) {
    const Op op = ops[i].op();
    if (op == Op::STORE || op == Op::RANGE || op == Op::BARRIER) return -1;
  }
  return next;
}

} // namespace

CudaFlatThreads plan_flat_threads(const LinearProgram& program, const CudaTarget& target, CudaLaunchSpec& launch) {
  CudaFlatThreads out;
  const auto& ops = program.ops;
  const bool explicit_dims = std::ranges::any_of(ops, [](UOp u) { return u.op() == Op::SPECIAL; });
  if (explicit_dims || program.parallel_range < 0) return out;
  const int p = program.parallel_range;
  if (static_cast<size_t>(p) >= ops.size() || ops[p].op() != Op::RANGE)
    throw Error(fmt::format("CUDA renderer: parallel_range {} is not a RANGE", p));
  auto first = cuda_host_extent(program, ops[p].src(0));
  if (!first || end_of(program, ops[p]) < 0) return out; // one thread runs it all: slow but correct
  std::vector<CudaExtent> extents{*first};
  out.ranges.push_back(p);
  for (int next = nested_flat_range(program, p); next >= 0; next = nested_flat_range(program, next)) {
    out.ranges.push_back(next);
    extents.push_back(*cuda_host_extent(program, ops[next].src(0)));
  }
  int64_t max_total = 1;
  for (const CudaExtent& e : extents)
    max_total = std::min<int64_t>(max_total * std::max<int64_t>(cuda_extent_max(program, e), 0), int64_t{1} << 62);
  launch.flat = extents;
  launch.max_grid_x = target.max_grid_x;
  // Small kernels get one block of whole warps; large ones target.block_size threads per block.
  launch.block = static_cast<int>(std::clamp<int64_t>((max_total + 31) / 32 * 32, 32, target.block_size));
  launch.grid_stride = max_total > target.max_grid_x * launch.block;
  // A grid-stride index can pass the extent by up to one stride before the loop test stops it, so it is wide too.
  out.wide =
      launch.grid_stride || max_total > std::numeric_limits<int32_t>::max() - 2 * int64_t{target.max_block_threads};
  return out;
}
} // namespace lmc
