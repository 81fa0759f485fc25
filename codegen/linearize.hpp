// Linearization: a kernel SINK (STOREs over RANGEs, loop nests END(body, ranges...) from reduce_to_accumulators)
// becomes a LinearProgram. Each node is placed in the innermost loop its ranges require (so loop-invariant work is
// hoisted), each END's loops open where its own ranges put them, and each TOPK becomes k sorted register slots.
#pragma once
#include "codegen/linear.hpp"

namespace lmc {

// `vars` fixes the order of DEFINE_VARs in the program's launch arguments.
LinearProgram linearize(UOp sink, const std::vector<UOp>& vars, const std::vector<bool>& written);

} // namespace lmc
