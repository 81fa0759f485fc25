// The LLVM IR renderer: a LinearProgram becomes the text of one LLVM 16 function the CPU runtime JIT-compiles.
// Its own file because it is one of the two renderers (LLVM IR, CUDA C) behind the linear-program contract.
#pragma once
#include "codegen/linear.hpp"

#include <string>

namespace lmc {

// The symbol the rendered function is defined under: the program's name, or "lmc_kernel" when it has none.
std::string llvm_symbol(const LinearProgram& program);

// A module defining
//   void @<symbol>(ptr %bufs, ptr %vars, i64 %start, i64 %end)
// i.e. C's void f(void* const* bufs, const int32_t* vars, int64_t start, int64_t end): bufs[slot] is PARAM slot's
// pointer, vars[i] is DEFINE_VAR i (int32), and the RANGE at `parallel_range` runs over [start, end) instead of
// [0, src0). Throws lmc::Error for an op or dtype outside codegen/linear.hpp's contract.
//
// Registers hold bool as i1 and bfloat16 as float (rounded to bfloat16 after every inexact op, so results match
// bfloat16 arithmetic without relying on libcalls LLVM 16 would emit for the bfloat type); memory holds them as
// i8 and i16. Values defined inside a loop are used only inside it (what linearize guarantees), so plain SSA
// suffices; accumulators live in DEFINE_REG allocas that mem2reg promotes.
std::string render_llvm_ir(const LinearProgram& program);

} // namespace lmc
