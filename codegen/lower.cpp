// The pass list. Each line names a pass, what it needs and what it guarantees; the verifier runs at entry and exit.
#include "codegen/lower.hpp"

#include "codegen/accumulators.hpp"
#include "codegen/decompose.hpp"
#include "codegen/expand_reduce.hpp"
#include "codegen/gate_arm_loads.hpp"
#include "codegen/linearize.hpp"
#include "codegen/opt/gpu_dims.hpp"
#include "codegen/select_topk.hpp"
#include "codegen/vector_loads.hpp"
#include "ir/verify.hpp"
#include "rewrite/graph_rewrite.hpp"
#include "rewrite/symbolic.hpp"
#include "rewrite/trace.hpp"

namespace lmc {

LinearProgram lower(const OptimizedKernel& kernel) {
  UOp sink = kernel.kernel.ast;
  verify(sink, Stage::Kernel);
  // Index math is simplified while it still has floor division, where the rules are strongest.
  sink = rw::graph_rewrite("simplify", sink, symbolic_rules());
  // Thread-block axes (LOCAL, GROUP) become block and thread indices; grouped reduces exchange through shared memory
  // (the passes "group_reduces" then "gpu_dims"; none when the kernel has no such axis).
  const UOp dims = gpu_dims(sink);
  if (dims != sink) sink = rw::graph_rewrite("simplify_gpu_dims", dims, symbolic_rules());
  // Reduces of a few terms become straight-line code, so their loads can be hoisted out of enclosing loops (the pass
  // "expand_small_reduces").
  const UOp expanded = expand_small_reduces(sink);
  if (expanded != sink) sink = rw::graph_rewrite("simplify_expanded", expanded, symbolic_rules());
  // Targets divide by truncation: floor div/mod become CDIV/CMOD (direct when operands are non-negative).
  sink = rw::graph_rewrite("decompose_divmod", sink, decompose_divmod_rules());
  verify(sink, Stage::Kernel);
  // On a GPU, loads of neighbouring elements of one buffer (a gathered row) become 16-byte vector loads, one lane
  // per old load.
  if (kernel.gpu) sink = group_vector_loads(sink);
  // On a GPU, a load that only one arm of a where reads is gated by that arm's condition: a thread whose condition
  // picks the other arm touches no memory for it.
  if (kernel.gpu) sink = gate_arm_loads(sink);
  // Top-k selections become their k sorted register slots, filled by an insertion chain in one or two loops (values
  // and indices of one selection share them), as graph nodes listed in the order they run; reduces in the value are
  // copied once per loop.
  // The second selection loop tests chunks of up to 32 elements and runs the chain only for those that beat the last
  // slot (a GPU warp is not held at every element some thread wants); where a row allows no chunk it takes 4
  // elements per iteration, so a thread's loads for them are in flight together. Every target lowers it the same
  // way: the CPU ran the burst step's K-NN as fast either way, and the CPU tests then check what the GPU runs.
  sink = select_topk(sink, 4, 32);
  // The 4 elements an iteration of that loop takes are neighbours in the row read (a neighbour list's entries):
  // "vector_loads" again groups their loads, which exist only now.
  if (kernel.gpu) sink = group_vector_loads(sink);
  // Reduces become register accumulators (init, update in their loop nest, read after it) as graph nodes; a register
  // tile's reduce gets one per element.
  sink = reduce_to_accumulators(sink);
  // Loops open in range order, every node lands in the loop its ranges need, each loop nest's nodes in their order.
  rw::TimedPhase phase("linearize"); // timed for viz's list of the kernel's passes
  LinearProgram prog = linearize(sink, kernel.kernel.vars, kernel.kernel.written);
  prog.opts = opts_str(kernel.opts);
  return prog;
}

LinearProgram lower(const ScheduledKernel& kernel) {
  return lower(OptimizedKernel{kernel, {}});
}

} // namespace lmc
