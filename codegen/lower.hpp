// The lowering of one kernel, from its SINK to a LinearProgram, as a list of named passes (lower.cpp reads
// top to bottom as the pipeline).
#pragma once
#include "codegen/linear.hpp"
#include "codegen/schedule.hpp"

namespace lmc {

LinearProgram lower(const ScheduledKernel& kernel);

} // namespace lmc
