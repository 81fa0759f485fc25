// run_cpu: one launch of a compiled CPU kernel, its parallel range split across the thread pool.
// Its own file so the launch logic (extent, chunking, argument checks) is testable without a Device.
#pragma once
#include "codegen/linear.hpp"
#include "runtime/cpu/llvm_jit.hpp"
#include "runtime/cpu/thread_pool.hpp"

#include <span>

namespace lmc {

// The extent of the program's parallel RANGE for these launch values (its end is a CONST or a DEFINE_VAR), or -1
// when the program has none. Throws lmc::Error when the end is neither.
int64_t parallel_extent(const LinearProgram& program, std::span<const int32_t> vars);

// Runs `kernel` (compiled from `program`): with a parallel range, each pool thread calls it on sub-intervals of
// [0, extent); without one, a single call with start = end = 0. Throws lmc::Error when fewer buffers or
// variables are given than the program declares.
void run_cpu(const LinearProgram& program, CpuKernel kernel, std::span<void* const> bufs, std::span<const int32_t> vars,
             ThreadPool& pool);

} // namespace lmc
