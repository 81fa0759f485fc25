// Compiles the kernels a schedule is about to launch on several threads at once, before the first launch. Its own
// file because a cold first step is mostly compile time (NVRTC, LLVM O3) that one thread would pay kernel by kernel.
#pragma once
#include "codegen/schedule.hpp"
#include "runtime/device.hpp"

#include <cstddef>

namespace lmc {

// Warms prepare_kernel's cache for every kernel of `schedule` that writes something: the distinct kernels (by AST
// hash) not prepared yet are built (opts, lowering, compile; each through the disk caches) on up to
// precompile_threads() threads. Best effort: a kernel that fails here is left for the caller's prepare_kernel, which
// throws the same error where a serial run would. Runs nothing in parallel (the caller prepares in order) when an
// OptChooser is active on this thread, BEAM searches (LMC_BEAM: its timings want a quiet machine), tracing is on
// (the trace's groups are per thread of lowering), LMC_DEBUG >= 3 prints each kernel's code or LMC_CHECK_OOB proves
// each kernel's indices (the prover is not made for threads). Returns how many kernels it built.
size_t precompile_schedule(Device& device, const Schedule& schedule);

// Threads precompile_schedule uses at most: the machine's cores, at least 1, at most 16 (NVRTC and LLVM both gain
// little past that per process).
unsigned precompile_threads();

} // namespace lmc
