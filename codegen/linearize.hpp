// Linearization: a kernel SINK (STOREs over RANGEs, loop nests END(nodes..., openers...) from select_topk and
// reduce_to_accumulators) becomes a LinearProgram. Each node is placed in the innermost loop its ranges require (so
// loop-invariant work is hoisted), each END's loops and IFs open where its own ranges put them and its nodes follow in
// the order listed. It only orders: every node it emits is in the graph, except a tiled reduce's value copies.
#pragma once
#include "codegen/linear.hpp"

namespace lmc {

// `vars` fixes the order of DEFINE_VARs in the program's launch arguments.
LinearProgram linearize(UOp sink, const std::vector<UOp>& vars, const std::vector<bool>& written);

} // namespace lmc
