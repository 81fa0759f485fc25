// The path of one kernel from its scheduled AST to code a device runs, written down once. The schedule runner
// (realize.cpp), BEAM (beam/search.cpp), the tools and the tests all build kernels through it.
#pragma once
#include "codegen/linear.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/schedule.hpp"
#include "runtime/device.hpp"

#include <memory>
#include <span>

namespace lmc {

// A scheduled kernel lowered (with its opts) and compiled for one device.
struct PreparedKernel {
  LinearProgram program;
  std::shared_ptr<CompiledKernel> compiled;
  int trace_group = -1; // its group in the active trace (LMC_VIZ), so launches point at their lowering
};

// Steps 1-2 of compile_kernel: the opts applied, then lowered. Throws IllegalOpt for an opt that does not apply.
LinearProgram lower_with_opts(const ScheduledKernel& kernel, std::span<const Opt> opts, const OptTarget& target);

// The whole path, in order (each step checks its own input and throws lmc::Error naming what is wrong):
//   1. opts (codegen/opt/opt.hpp, apply_opts): ranges are split, upcast, unrolled or given threads as `opts` say;
//      the AST still indexes with floor division, and the result passes the kernel verifier.
//   2. lower (codegen/lower.cpp, a list of named rewrites): index simplification, thread and block dimensions, small
//      reduces expanded, division decomposed, then linearized: a LinearProgram whose ops are in emission order.
//   3. compile (the device): rendered to LLVM IR or CUDA C and compiled (ORC JIT, NVRTC), each cached on disk.
// With LMC_CUDA_COMPILE_CHECK=1 a kernel built for another device is also rendered and compiled as CUDA C, and with
// tracing on the lowering's rewrites and the generated code are grouped under the kernel's name.
PreparedKernel compile_kernel(Device& device, const ScheduledKernel& kernel, std::span<const Opt> opts);

} // namespace lmc
