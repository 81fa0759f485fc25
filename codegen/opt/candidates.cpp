// The moves BEAM may try from a kernel: per axis, the opts that fit its kind and a few amounts that divide it.
// Listing is cheap and may over-approximate; apply_opts is the judge of legality.
#include "codegen/opt/gemm.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/opt/tc.hpp"

namespace lmc {

std::vector<Opt> candidate_opts(const ScheduledKernel& kernel, std::span<const Opt> applied, const OptTarget& target) {
  const OptimizedKernel current = apply_opts(kernel, applied, target);
  const std::vector<KernelAxis> axes = kernel_axes(current.kernel);
  std::vector<Opt> out;
  auto add = [&](OptOp op, int axis, int amount) { out.push_back({op, axis, amount}); };
  bool nolocals = false, thread = false;
  for (const Opt& o : applied) {
    nolocals = nolocals || o.op == OptOp::NOLOCALS;
    thread = thread || o.op == OptOp::THREAD;
  }
  for (int a = 0; a < static_cast<int>(axes.size()); ++a) {
    const int64_t n = axes[a].extent;
    if (n <= 1) continue;
    auto divides = [&](int amount) { return amount < n && n % amount == 0; };
    if (!axes[a].reduce) {
      for (int amount : {2, 3, 4, 5, 8})
        if (divides(amount)) add(OptOp::UPCAST, a, amount);
      if (target.gpu && !nolocals)
        for (int amount : {2, 4, 8, 16, 32, 64, 128, 256})
          if (divides(amount)) add(OptOp::LOCAL, a, amount);
      if (!target.gpu && !thread)
        for (int amount : {target.threads, 2 * target.threads, 4 * target.threads})
          if (amount > 1 && divides(amount)) add(OptOp::THREAD, a, amount);
      for (int b = 0; b < static_cast<int>(axes.size()); ++b)
        if (b > a && !axes[b].reduce && axes[b].extent > 1) add(OptOp::SWAP, a, b);
    } else {
      for (int amount : {2, 3, 4, 8, 16})
        if (divides(amount)) add(OptOp::UNROLL, a, amount);
      if (target.gpu && !nolocals)
        for (int amount : {8, 16, 32, 64, 128, 256})
          if (amount <= n && n % amount == 0) {
            add(OptOp::GROUP, a, amount);
            add(OptOp::GROUPTOP, a, amount);
          }
    }
    for (int amount : {4, 16, 32})
      if (n % amount != 0 && (n + amount - 1) / amount * amount <= 2 * n && n > amount) add(OptOp::PADTO, a, amount);
  }
  if (target.gpu && !nolocals && applied.empty()) add(OptOp::NOLOCALS, 0, 0);
  // Tensor cores and the CUDA-core block tile replace the whole loop nest, so they are first moves only (one per tile
  // config).
  for (const Opt& o : tc_candidates(kernel, applied, target))
    out.push_back(o);
  for (const Opt& o : gemm_candidates(kernel, applied, target))
    out.push_back(o);
  return out;
}

} // namespace lmc
