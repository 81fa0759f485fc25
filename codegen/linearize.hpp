// Linearization: a kernel SINK (STOREs over RANGEs, REDUCEs with their own ranges) becomes a LinearProgram.
// Each node is placed in the innermost loop its ranges require (so loop-invariant work is hoisted), and each
// REDUCE becomes a register accumulator: initialized before its loops, updated inside, read after.
#pragma once
#include "codegen/linear.hpp"

namespace lmc {

// `vars` fixes the order of DEFINE_VARs in the program's launch arguments.
LinearProgram linearize(UOp sink, const std::vector<UOp>& vars, const std::vector<bool>& written);

} // namespace lmc
