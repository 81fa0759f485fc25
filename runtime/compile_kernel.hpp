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

// The whole path of one kernel, in order. Each step checks its own input and throws lmc::Error naming what is wrong;
// the names in quotes are the named graph_rewrite passes, which viz steps through rule by rule (LMC_VIZ=1).
//   1. opts (codegen/opt/opt.hpp, apply_opts): RANGEs are split and re-kinded (UPCAST, UNROLL, LOCAL, GROUP, THREAD,
//      PADTO) or the loop nest becomes one TILED_MATMUL node (TC, GEMM); the AST still uses floor division and passes
//      the kernel verifier.
//   2. lower (codegen/lower.cpp), from the SINK to a LinearProgram:
//      "simplify"             index math simplified while it has floor division, where the rules are strongest.
//      "group_reduces"        (LOCAL/GROUP kernels only) a REDUCE over Group ranges becomes partial -> shared memory ->
//                             barrier -> reduce over the group; global stores are gated to the group's writer thread.
//      "gpu_dims"             (the same kernels) each Global/Local/Group RANGE becomes its slice of gidx0 or lidx0.
//      "simplify_gpu_dims"    the thread-index math simplified.
//      "expand_small_reduces" a REDUCE of at most 8 constant terms becomes straight-line code (loads then hoist).
//      "simplify_expanded"    the expanded terms simplified.
//      "decompose_divmod"     floor div/mod become C's truncating CDIV/CMOD; the kernel verifier passes again.
//      "vector_loads"         (GPU) loads of 2 to 4 neighbouring 4- or 2-byte elements of one buffer, from a group
//                             aligned to 4 elements, become one vector LOAD and a GEP (lane) each.
//      "gate_arm_loads"       (GPU) a load only one arm of a WHERE reads gets that arm's condition as its gate.
//      "select_topk"          a TOPK becomes k sorted (value, index or payload) register slots filled by an unrolled
//                             insertion chain in one or two loop nests END(nodes..., [IF(row gate),] range,
//                             [IF(enters)]), the nodes listed in the order they run (a reduce in the value is copied
//                             per loop). The second loop takes chunks of up to 32 elements: a bit per element that
//                             beats the last slot, then the chain only for the set bits (POPCOUNT loop, CTZ).
//      "vector_loads"         (GPU) again, for the neighbouring elements an unrolled selection loop reads together.
//      "reduce_to_accumulators"  a REDUCE becomes a register (one slot per register-tile element), its
//                             initialization, its update inside the loop nest END(update, [IF(gate),] ranges...) and
//                             its read after the nest, all graph nodes.
//      linearize              only orders: every node in the innermost loop its ranges need, each END's loops opened
//                             where its ranges put them and its nodes in their order. The result holds the ops in
//                             emission order (codegen/linear.hpp).
//   3. check (runtime/program_check.hpp): with LMC_CHECK_OOB=1 every LOAD and STORE is proved inside its buffer.
//   4. render and compile (the device): LLVM IR (codegen/render/llvm_ir) or CUDA C (codegen/render/cuda), compiled by
//      ORC JIT or NVRTC, each cached on disk. CUDA C first takes the pass flatten_threads (codegen/flatten_threads):
//      the parallel range and the Global ranges perfectly nested in it become SPECIAL slices of one flat thread
//      index, and the launch shape is chosen; the renderer prints them.
// With LMC_CUDA_COMPILE_CHECK=1 a kernel built for another device is also rendered and compiled as CUDA C, and with
// tracing on the lowering's rewrites and the generated code are grouped under the kernel's name.
PreparedKernel compile_kernel(Device& device, const ScheduledKernel& kernel, std::span<const Opt> opts);

} // namespace lmc
