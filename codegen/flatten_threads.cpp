// Which ranges join the flat index is decided on the linear program, where "perfectly nested" can be read off the op
// order; the ranges are then replaced in place, so every op keeps its position (and the renderer its names).
#include "codegen/flatten_threads.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <limits>
#include <unordered_map>

namespace lmc {
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

// The positions of the ranges that join the flat index, outermost first (none: the kernel is one thread).
std::vector<int> flat_ranges(const LinearProgram& program) {
  const auto& ops = program.ops;
  const bool explicit_dims = std::ranges::any_of(ops, [](UOp u) { return u.op() == Op::SPECIAL; });
  if (explicit_dims || program.parallel_range < 0) return {};
  const int p = program.parallel_range;
  if (static_cast<size_t>(p) >= ops.size() || ops[p].op() != Op::RANGE)
    throw Error(fmt::format("flatten_threads: parallel_range {} is not a RANGE", p));
  if (!cuda_host_extent(program, ops[p].src(0)) || end_of(program, ops[p]) < 0) return {}; // slow but correct
  std::vector<int> out{p};
  for (int next = nested_flat_range(program, p); next >= 0; next = nested_flat_range(program, next))
    out.push_back(next);
  return out;
}

} // namespace

int flat_slice(UOp u) {
  if (u.op() != Op::SPECIAL) return -1;
  const std::string& name = u.arg_as<SpecialArg>().name;
  int k = -1;
  if (!name.starts_with("flat")) return -1;
  const auto [end, ec] = std::from_chars(name.data() + 4, name.data() + name.size(), k);
  return ec == std::errc() && end == name.data() + name.size() ? k : -1;
}

FlatThreadProgram flatten_threads(const LinearProgram& program, const CudaTarget& target) {
  FlatThreadProgram out{program, {}};
  const std::vector<int> ranges = flat_ranges(program);
  if (ranges.empty()) return out;
  std::vector<CudaExtent> extents;
  int64_t max_total = 1;
  for (int position : ranges) {
    extents.push_back(*cuda_host_extent(program, program.ops[position].src(0)));
    max_total =
        std::min<int64_t>(max_total * std::max<int64_t>(cuda_extent_max(program, extents.back()), 0), int64_t{1} << 62);
  }
  CudaLaunchSpec& launch = out.launch;
  launch.flat = extents;
  launch.max_grid_x = target.max_grid_x;
  // Small kernels get one block of whole warps; large ones target.block_size threads per block.
  launch.block = static_cast<int>(std::clamp<int64_t>((max_total + 31) / 32 * 32, 32, target.block_size));
  launch.grid_stride = max_total > target.max_grid_x * launch.block;
  // A grid-stride index can pass the extent by up to one stride before the loop test stops it, so it is wide too.
  launch.wide_index =
      launch.grid_stride || max_total > std::numeric_limits<int32_t>::max() - 2 * int64_t{target.max_block_threads};

  // The ranges become their slices in place; every later op that reads one is rebuilt (ops come after their sources).
  std::unordered_map<uint32_t, UOp> replaced;
  for (size_t k = 0; k < ranges.size(); ++k) {
    const UOp r = program.ops[ranges[k]];
    replaced.emplace(r.id(), UOp::make(Op::SPECIAL, r.dtype(), {r.src(0)}, SpecialArg{fmt::format("flat{}", k)}));
  }
  for (UOp& u : out.program.ops) {
    if (auto it = replaced.find(u.id()); it != replaced.end()) {
      u = it->second;
      continue;
    }
    bool changed = false;
    std::vector<UOp> src;
    for (UOp s : u.src()) {
      auto it = replaced.find(s.id());
      src.push_back(it == replaced.end() ? s : it->second);
      changed = changed || it != replaced.end();
    }
    if (!changed) continue;
    const UOp rebuilt = u.with_src(src);
    replaced.emplace(u.id(), rebuilt);
    u = rebuilt;
  }
  return out;
}

} // namespace lmc
