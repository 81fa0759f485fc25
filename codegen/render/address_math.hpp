// The integer math that computes addresses, found once for both renderers: the nodes reachable from an INDEX's
// offset through ADD, SUB and MUL. A wrapped address is out of bounds anyway, so both renderers may treat this math
// as not overflowing (CUDA keeps it in signed C arithmetic, LLVM IR marks it nsw), which lets their compilers fold
// the index into 64-bit addressing and vectorize consecutive accesses.
#pragma once
#include "ir/uop.hpp"

#include <span>
#include <unordered_set>

namespace lmc {

// Ids of the nodes that are address math in `ops` (a linear program's ops, in any order).
std::unordered_set<uint32_t> address_math(std::span<const UOp> ops);

} // namespace lmc
