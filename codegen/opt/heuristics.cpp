// The default opts, chosen from the kernel's shape and its memory strides without timing anything. The rules aim at
// the patterns lmc's users run most: reductions along the contiguous axis (row sums, softmax, norms) get a thread
// block per output with a shared-memory combine; reductions across rows (column sums) get warps walking adjacent
// columns with the rows split among groups of threads; matmul-like kernels get a register tile. Everything else
// keeps the renderer's flat launch, which already reaches the copy bandwidth for elementwise work.
#include "codegen/opt/opt.hpp"

#include "codegen/opt/gemm.hpp"
#include "codegen/opt/substitute.hpp"
#include "codegen/opt/tc.hpp"
#include "rewrite/evaluate.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

namespace lmc {
namespace {

// The kernel's ranges, and each variable at its smallest value: what evaluating an address at chosen range values
// needs.
std::pair<std::vector<UOp>, std::unordered_map<std::string, int64_t>> ranges_and_vars(UOp ast) {
  std::vector<UOp> ranges;
  std::unordered_map<std::string, int64_t> vars;
  for (UOp u : ast.toposort()) {
    if (u.op() == Op::RANGE) ranges.push_back(u);
    if (u.op() == Op::DEFINE_VAR) vars[u.arg_as<VarArg>().name] = u.arg_as<VarArg>().min;
  }
  return {ranges, vars};
}

// How far `load`'s address moves when `range` steps from 0 to 1 (every other range at 0), or nullopt when the address
// cannot be evaluated (a gather, an op the evaluator does not know).
std::optional<int64_t> address_step(UOp load, UOp range, const std::vector<UOp>& ranges,
                                    const std::unordered_map<std::string, int64_t>& vars) {
  const UOp index = load.src(0).src(1);
  if (std::ranges::any_of(index.toposort(), [](UOp n) { return n.op() == Op::LOAD || n.op() == Op::PARAM; }))
    return std::nullopt;
  std::unordered_map<uint32_t, UOp> at0, at1;
  for (UOp r : ranges) {
    at0.emplace(r.id(), UOp::constant(r.dtype(), int64_t{0}));
    at1.emplace(r.id(), UOp::constant(r.dtype(), int64_t{r == range ? 1 : 0}));
  }
  try {
    auto v0 = evaluate(substitute(index, at0), vars), v1 = evaluate(substitute(index, at1), vars);
    if (v0 && v1) return *v1 - *v0;
  } catch (const Error&) {
  }
  return std::nullopt;
}

// Whether some global load's address steps by one element when `range` does.
bool contiguous(UOp ast, UOp range) {
  const auto [ranges, vars] = ranges_and_vars(ast);
  for (UOp u : ast.toposort())
    if (u.op() == Op::LOAD && u.src(0).op() == Op::INDEX && u.src(0).src(0).op() == Op::PARAM &&
        address_step(u, range, ranges, vars) == 1)
      return true;
  return false;
}

// The kernel's output and reduce ranges (axis_ranges), apart.
std::pair<std::vector<UOp>, std::vector<UOp>> output_and_reduce_ranges(UOp ast) {
  std::pair<std::vector<UOp>, std::vector<UOp>> out;
  for (UOp r : axis_ranges(ast))
    (r.arg_as<RangeArg>().kind == AxisKind::Reduce ? out.second : out.first).push_back(r);
  return out;
}

// The largest divisor of n up to `limit`, preferring whole warps (multiples of 32) when one is at least half as
// large as the best divisor.
int largest_divisor(int64_t n, int limit) {
  int best = 1, warps = 0;
  for (int a = limit; a >= 2; --a)
    if (n % a == 0) {
      if (best == 1) best = a;
      if (a % 32 == 0 && !warps) warps = a;
    }
  return warps * 2 >= best ? warps : best;
}

// Tries `opt` on the kernel so far; keeps it when legal.
void try_add(const ScheduledKernel& kernel, std::vector<Opt>& opts, Opt opt, const OptTarget& target) {
  std::vector<Opt> trial = opts;
  trial.push_back(opt);
  try {
    apply_opts(kernel, trial, target);
    opts = std::move(trial);
  } catch (const IllegalOpt&) {
  }
}

// Tries UPCAST of output axis `axis` by the first of `amounts` that divides its extent.
void try_upcast(const ScheduledKernel& kernel, std::vector<Opt>& opts, int axis, std::initializer_list<int> amounts,
                const std::vector<KernelAxis>& axes, const OptTarget& target) {
  for (int upcast : amounts)
    if (axes[static_cast<size_t>(axis)].extent % upcast == 0)
      return try_add(kernel, opts, {OptOp::UPCAST, axis, upcast}, target);
}

// Whether some load's address depends on both the reduce range and the output range: each output then reads its own
// row (a memory-bound reduction), rather than rows shared by every output along that axis. An address that mentions
// both ranges but moves with only one of them (`(n * N + m) // N`, the shape tracker's unsimplified form of `n`) is
// judged by its evaluated steps.
bool reduce_reads_per_output_rows(UOp ast, UOp reduce_range, UOp output_range) {
  const auto [ranges, vars] = ranges_and_vars(ast);
  for (UOp u : ast.toposort()) {
    if (u.op() != Op::LOAD) continue;
    bool on_reduce = false, on_output = false;
    for (UOp v : u.src(0).toposort()) {
      on_reduce = on_reduce || v == reduce_range;
      on_output = on_output || v == output_range;
    }
    if (!on_reduce || !on_output) continue;
    if (u.src(0).op() == Op::INDEX && u.src(0).src(0).op() == Op::PARAM) {
      const auto out_step = address_step(u, output_range, ranges, vars);
      const auto red_step = address_step(u, reduce_range, ranges, vars);
      if (out_step && red_step && (*out_step == 0 || *red_step == 0)) continue;
    }
    return true;
  }
  return false;
}

// Whether a register tile over output axes i and j reuses loads: some load walks the reduce axis and i but not j (a
// row of x, reused by every column of the tile) and another walks the reduce axis and j but not i (a column of y).
// Without both, as in a batched per-row reduce whose every load moves with the batch and the row, a tile only
// shrinks the launch (1540 x 5120 outputs tiled 4 x 4 ran on 16 blocks) and reuses nothing.
bool register_tile_reuses_loads(UOp ast, UOp reduce_range, UOp range_i, UOp range_j) {
  const auto [ranges, vars] = ranges_and_vars(ast);
  bool rows_of_i = false, rows_of_j = false;
  for (UOp u : ast.toposort()) {
    if (u.op() != Op::LOAD || u.src(0).op() != Op::INDEX || u.src(0).src(0).op() != Op::PARAM) continue;
    const auto r = address_step(u, reduce_range, ranges, vars), i = address_step(u, range_i, ranges, vars),
               j = address_step(u, range_j, ranges, vars);
    if (!r || !i || !j || *r == 0) continue;
    rows_of_i = rows_of_i || (*i != 0 && *j == 0);
    rows_of_j = rows_of_j || (*j != 0 && *i == 0);
  }
  return rows_of_i && rows_of_j;
}

// An elementwise kernel whose innermost axes are short (a row of 3 coordinates, a 3 x 3 rotation, a window of 10)
// takes each whole row per thread: the row's own work (its gather index, its pair's decisions, the division of the
// flat index into coordinates) is then done once per row instead of once per element. In the burst step's compaction
// that work is most of a kernel (tens of operations per element against one load and one store). Only while the rows
// alone still fill the machine: 2^14 rows on a GPU, any count on a CPU.
//
// On a GPU a row longer than a 3 x 3 block stays spread over neighbouring threads, so their loads and stores stay
// coalesced, and each thread takes that column of 8 neighbouring rows instead (the burst step's window of 10 per
// hypothesis: 0.128 ms with a row per thread, 0.057 ms so, as BEAM found on the H200).
std::vector<Opt> elementwise_row_opts(const ScheduledKernel& kernel, const std::vector<KernelAxis>& axes,
                                      const OptTarget& target) {
  const int64_t kMostPerThread = target.gpu ? 9 : 16;
  std::vector<Opt> opts;
  if (std::ranges::any_of(axes, [](const KernelAxis& a) { return a.reduce || a.extent < 1; })) return opts;
  int64_t total = 1;
  for (const KernelAxis& a : axes)
    total *= a.extent;
  const auto n = static_cast<int>(axes.size());
  if (target.gpu && n >= 2) {
    const int64_t inner = axes[static_cast<size_t>(n - 1)].extent, rows = axes[static_cast<size_t>(n - 2)].extent;
    if (inner > kMostPerThread && inner <= 32 && rows % 8 == 0 && total / 8 >= (int64_t{1} << 14)) {
      try_add(kernel, opts, {OptOp::UPCAST, n - 2, 8}, target);
      return opts;
    }
  }
  int64_t per_thread = 1;
  for (int i = static_cast<int>(axes.size()) - 1; i >= 1; --i) {
    const int64_t e = axes[static_cast<size_t>(i)].extent;
    if (e < 2 || per_thread * e > kMostPerThread) break;
    if (target.gpu && total / (per_thread * e) < (int64_t{1} << 14)) break;
    const size_t before = opts.size();
    try_add(kernel, opts, {OptOp::UPCAST, i, static_cast<int>(e)}, target);
    if (opts.size() == before) break;
    per_thread *= e;
  }
  return opts;
}

// A top-k kernel on the CPU whose selection reads rows shared by the outputs (a brute-force K-NN: every query of an
// object scans the same nodes) takes 8 (or 4) neighbouring outputs per iteration of the selection loop: a node is
// loaded once for all of them and their rejection tests are one vector compare. The burst step's K-NN (20 objects x
// 1000 nodes, 1,200 live hypotheses each) went from 29.2 to 12.3 ms with 8 (14.6 ms with 4) on a 2-core host. On the
// GPU a top-k keeps one output per thread (its slots already fill the registers). Only when the selection is long
// enough to pay for the tile's setup.
std::vector<Opt> topk_opts(const ScheduledKernel& kernel, UOp topk, const std::vector<UOp>& outs,
                           const std::vector<KernelAxis>& axes, const OptTarget& target) {
  std::vector<Opt> opts;
  if (target.gpu) return opts;
  const UOp ast = kernel.ast;
  const auto n = topk.src(1).src(0).const_int();
  if (outs.empty() || !n || *n < 64 || reduce_reads_per_output_rows(ast, topk.src(1), outs.back())) return opts;
  try_upcast(kernel, opts, static_cast<int>(outs.size()) - 1, {8, 4}, axes, target);
  return opts;
}

} // namespace

std::vector<Opt> heuristic_opts(const ScheduledKernel& kernel, const OptTarget& target) {
  // A float16/bfloat16 matmul summed in float32 on sm_80+ runs on tensor cores (codegen/opt/tc.hpp picks the tile).
  if (auto tc = tc_heuristic_opts(kernel, target)) return *tc;
  // A float32 matmul large enough to fill the GPU runs as a shared-memory block tile (codegen/opt/gemm.hpp).
  if (auto gemm = gemm_heuristic_opts(kernel, target)) return *gemm;
  const UOp ast = kernel.ast;
  UOp topk;
  for (UOp u : ast.toposort())
    if (u.op() == Op::TOPK) topk = u;
  const auto [outs, reds] = output_and_reduce_ranges(ast);
  std::vector<Opt> opts;
  const std::vector<KernelAxis> axes = kernel_axes(kernel);
  if (!topk.is_null()) return topk_opts(kernel, topk, outs, axes, target);
  if (reds.empty()) return elementwise_row_opts(kernel, axes, target);
  int64_t out_size = 1;
  for (const KernelAxis& a : axes)
    if (!a.reduce) out_size *= std::max<int64_t>(a.extent, 1);
  if (std::ranges::any_of(axes, [](const KernelAxis& a) { return a.extent < 0; })) return opts;
  const int num_out = static_cast<int>(outs.size());
  // The innermost reduce axis decides how the reduction is split.
  const int red_axis = num_out + static_cast<int>(reds.size()) - 1;
  const UOp red = reds.back();
  const int64_t red_n = axes[red_axis].extent;

  // Matmul-like: two or more output axes and a long reduce, each output element reading rows of two inputs.
  if (num_out >= 2 && red_n >= 16 && out_size >= (1 << 14) &&
      register_tile_reuses_loads(ast, red, outs[num_out - 2], outs[num_out - 1])) {
    const int i = num_out - 2, j = num_out - 1;
    if (axes[i].extent % 4 == 0 && axes[j].extent % 4 == 0 && axes[i].extent >= 16 && axes[j].extent >= 16) {
      // On a CPU a tile row of 8 floats is one AVX register when the inputs' rows are contiguous.
      if (!target.gpu && axes[j].extent % 8 == 0) {
        try_add(kernel, opts, {OptOp::UPCAST, j, 8}, target);
        try_add(kernel, opts, {OptOp::UPCAST, i, 4}, target);
        return opts;
      }
      // On the GPU a tall tile (16 rows x 2 columns per thread) is what BEAM found best for a 4096^3 matmul on an
      // H100 (6.3 ms against 11.2 ms for 4x4): neighbouring threads take neighbouring columns, so the 16 row values
      // they load are the same addresses across the warp (broadcast) and the two column values are coalesced.
      if (axes[i].extent % 16 == 0 && axes[j].extent % 2 == 0 && axes[i].extent >= 64) {
        try_add(kernel, opts, {OptOp::UPCAST, i, 8}, target);
        try_add(kernel, opts, {OptOp::UPCAST, j, 2}, target);
        try_add(kernel, opts, {OptOp::UPCAST, i, 2}, target);
        return opts;
      }
      try_add(kernel, opts, {OptOp::UPCAST, j, 4}, target);
      try_add(kernel, opts, {OptOp::UPCAST, i, 4}, target);
      try_add(kernel, opts, {OptOp::UNROLL, red_axis, 4}, target);
      return opts;
    }
  }
  if (red_n < 64) return opts;
  // On the CPU, rows shared by the outputs (see below) get 8 neighbouring outputs per loop iteration: the row element
  // is loaded once and compared or subtracted against a vector of 8 outputs, where the plain loop is a scalar
  // reduction per output.
  if (!target.gpu) {
    if (num_out >= 1 && !reduce_reads_per_output_rows(ast, red, outs.back()))
      try_upcast(kernel, opts, num_out - 1, {8, 4}, axes, target);
    return opts;
  }
  // Rows shared by the outputs: when no load along the reduce axis moves with the innermost output axis, neighbouring
  // outputs read the same addresses (a broadcast, as in a brute-force K-NN over one object's nodes, or counting how
  // many entries of a row exceed each entry), so one thread per output loops over the row from cache; a block per
  // output would only add its exchange, 250 threads per output (1 ms against 0.1 ms for 77 x 2000 x 2000 on the
  // H200). Where the outputs fill the GPU even 4 to a thread, each thread takes 4 neighbouring outputs, so a row
  // element is loaded, converted and masked once for all of them.
  if (out_size >= (1 << 14) && num_out >= 1 && !reduce_reads_per_output_rows(ast, red, outs.back())) {
    const int out_axis = num_out - 1;
    if (out_size >= (int64_t{1} << 17)) try_upcast(kernel, opts, out_axis, {4, 2}, axes, target);
    return opts;
  }
  if (contiguous(ast, red)) {
    // Along the contiguous axis: a block per output, threads striding the row together.
    const int group = largest_divisor(red_n, 256);
    if (group >= 16) try_add(kernel, opts, {OptOp::GROUP, red_axis, group}, target);
    return opts;
  }
  // Across rows: only when the outputs alone do not fill the GPU.
  if (out_size < (1 << 17) && num_out >= 1) {
    const int out_axis = num_out - 1;
    if (contiguous(ast, outs.back())) {
      const int group = largest_divisor(red_n, 16);
      const int local = largest_divisor(axes[out_axis].extent, 32);
      if (group >= 4) try_add(kernel, opts, {OptOp::GROUPTOP, red_axis, group}, target);
      if (local >= 8) try_add(kernel, opts, {OptOp::LOCAL, out_axis, local}, target);
    }
  }
  return opts;
}

} // namespace lmc
