// The linear program: one kernel's UOps in execution order, what every renderer (LLVM IR, CUDA C) consumes.
// This header is the contract between lowering and the backends; the op subset and semantics are listed here.
#pragma once
#include "ir/uop.hpp"

#include <span>
#include <string>
#include <vector>

namespace lmc {

// A kernel parameter: a global buffer the kernel reads or writes.
struct KernelParam {
  int32_t slot = 0; // position in the argument array
  DType dtype;      // element dtype (the PARAM node's pointee)
  int64_t size = 0; // elements
  bool written = false;
};

// A symbolic integer (DEFINE_VAR) passed at launch.
struct KernelVar {
  std::string name;
  int64_t min = 0;
  int64_t max = 0;
};

// Ops that may appear in `ops`, with their meaning:
//   PARAM        pointer to global buffer `slot` (ParamArg); dtype T.ptr(Global)
//   DEFINE_VAR   the launch value of var i, where i is its position in `vars`; int32
//   DEFINE_REG   a thread-private array of ParamArg.size elements; dtype T.ptr(Register); slot is unique per kernel
//   CONST        scalar constant
//   RANGE        opens `for (i = 0; i < src0; ++i)`; src0 is an int value defined earlier. AxisKind in its arg:
//                Global/Thread ranges are the parallel ones (see parallel_range), Loop/Reduce are serial.
//   END          closes the RANGEs in its sources (innermost first)
//   IF / ENDIF   `if (src0) {` ... `}`; ENDIF's source is its IF. Like loop bodies, values made inside are used
//                only inside; STOREs inside may be named by later LOADs as ordering sources.
//   INDEX        pointer arithmetic: src0 + src1 elements; optional src2 gate (bool)
//   LOAD         *src0; if src0 is a gated INDEX whose gate is false, yields 0 and touches no memory. Extra
//                sources only order the LOAD after earlier STOREs (they carry no value)
//   STORE        *src0 = src1; skipped when src0 is a gated INDEX whose gate is false. Extra sources order it.
//   TILED_MATMUL a whole matmul (the TC or GEMM opt): sources are the PARAMs of C, A and B, the argument the ints
//                of an MmaSpec (codegen/opt/matmul_spec.hpp). It is the kernel's only work; the CUDA renderer
//                alone accepts it.
//   ALU          NEG EXP2 LOG2 SIN SQRT RECIPROCAL TRUNC CAST BITCAST POPCOUNT CTZ ADD SUB MUL FDIV CDIV CMOD MAX
//                MIN CMPLT CMPLE CMPEQ CMPNE AND OR XOR SHL SHR WHERE, on scalars of the node's dtype.
//                POPCOUNT and CTZ count an integer's set and trailing zero bits in its own width (CTZ(0): the width).
//                FLOORDIV/FLOORMOD never appear (lowered to CDIV/CMOD). Float MAX/MIN propagate NaN (numpy.maximum);
//                float comparisons are ordered except CMPNE (true when either side is NaN). CDIV/CMOD are C's
//                truncating ops; lowering guarantees divisors are nonzero. SHR is arithmetic on signed dtypes.
//                CAST float->int truncates toward zero; int->bool and float->bool compare with zero.
struct LinearProgram {
  std::string name;
  std::vector<UOp> ops;
  std::vector<KernelParam> params; // by slot
  std::vector<KernelVar> vars;     // by position
  // Index in `ops` of the outermost RANGE that a CPU backend may split across threads (each thread runs the
  // loop over a sub-interval [start, end) of it), or -1 when the kernel must run on one thread.
  int parallel_range = -1;
  std::string opts;      // the opts applied ("[UPCAST(0,4)]"), for logs and viz; part of the hash through `ops`
  uint64_t hash() const; // structural: identical programs share compiled code
  // Throws lmc::Error when a launch gives too few buffers or variables, or a variable outside its bounds.
  // Every backend calls it before launching, so the checks and their messages are the same everywhere.
  void check_launch(size_t num_buffers, std::span<const int32_t> vars) const;
};

} // namespace lmc
