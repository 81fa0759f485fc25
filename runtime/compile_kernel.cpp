#include "runtime/compile_kernel.hpp"

#include "codegen/lower.hpp"
#include "codegen/render/cuda.hpp"
#include "ir/config.hpp"
#include "rewrite/trace.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/opt_target.hpp"
#include "runtime/program_check.hpp"

#include <fmt/format.h>
#include <optional>

namespace lmc {

LinearProgram lower_with_opts(const ScheduledKernel& kernel, std::span<const Opt> opts, const OptTarget& target) {
  std::optional<OptimizedKernel> optimized;
  {
    rw::TimedPhase phase("opts"); // viz lists it with the kernel's passes
    optimized.emplace(apply_opts(kernel, opts, target));
  }
  return lower(*optimized);
}

PreparedKernel compile_kernel(Device& device, const ScheduledKernel& kernel, std::span<const Opt> opts) {
  PreparedKernel entry;
  // With tracing on, the lowering's rewrites and the generated code are grouped under the kernel's name.
  rw::TraceScope trace(kernel.name, "kernel");
  entry.program = lower_with_opts(kernel, opts, opt_target(device));
  run_oob_check(entry.program); // LMC_CHECK_OOB=1: every load and store proved inside its buffer, or an error
  if (config().cuda_compile_check && device.name() != "CUDA") {
    // Compile-only: the same program must also be valid CUDA (throws with NVRTC's log and the source if not).
    const CudaKernelSource cuda = render_cuda(entry.program, CudaTarget{});
    nvrtc_compile_cached(cuda.source, "sm_90", nullptr, nvrtc_contracts_fma(cuda.float64_math));
  }
  if (config().debug >= 3) fmt::print(stderr, "lmc: kernel {} {}\n", entry.program.name, entry.program.opts);
  entry.compiled = device.compile(entry.program);
  if (config().debug >= 3) fmt::print(stderr, "{}\n", entry.compiled->source());
  if (trace.tracer()) {
    trace.tracer()->set_source(trace.group(), device.name(), entry.compiled->source());
    trace.tracer()->link_search(kernel.name, trace.group());
    entry.trace_group = trace.group();
  }
  return entry;
}

} // namespace lmc
