// One bottom-up graph rebuild, the loop every graph surgery outside the rule engine shares: each node is visited
// once, after its sources, so a rebuild costs one pass however many users a replaced node has.
#pragma once
#include "ir/uop.hpp"

#include <functional>

namespace lmc {

// Rebuilds `root` in topological order. For each node, `rebuilt` is the node with its sources replaced by their
// results (the node itself when none changed), and `replace(original, rebuilt)` returns the node's result (return
// `rebuilt` to keep it). `original` is the node as it stands in `root`'s graph, so a callback can test identity
// against nodes of that graph (a range, a map key) and read the sources it had.
UOp rebuild(UOp root, const std::function<UOp(UOp original, UOp rebuilt)>& replace);

} // namespace lmc
