// The lowering of one kernel, from its SINK to a LinearProgram, as a list of named passes (lower.cpp reads
// top to bottom as the pipeline).
#pragma once
#include "codegen/linear.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/schedule.hpp"

namespace lmc {

// The kernel as scheduled, with no opts.
LinearProgram lower(const ScheduledKernel& kernel);
// The kernel after apply_opts: thread-block axes become launch dimensions, register tiles become unrolled loops.
LinearProgram lower(const OptimizedKernel& kernel);

} // namespace lmc
