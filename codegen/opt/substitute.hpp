// Graph surgery on kernel ASTs for the opts: replacing a RANGE by an index expression over new ranges (REDUCE
// nodes get the new ranges in its place), and padding a range with masked loads, stores and reduce inputs.
#pragma once
#include "ir/uop.hpp"

#include <unordered_map>
#include <vector>

namespace lmc {

// Rebuilds `root` with `range` replaced by `value` in index math; a REDUCE (or TOPK selection) that listed
// `range` among its ranges lists `replacement` there instead.
UOp substitute_range(UOp root, UOp range, UOp value, const std::vector<UOp>& replacement);

// `range` (extent n) becomes `padded` (a larger extent): every INDEX whose address depends on it is gated by
// padded < n, and every REDUCE over it reduces the identity in the padding.
UOp pad_range(UOp root, UOp range, UOp padded, int64_t n);

// Rebuilds `root` with nodes replaced by the map (by id); REDUCE range lists are mapped like any source.
UOp substitute(UOp root, const std::unordered_map<uint32_t, UOp>& map);

} // namespace lmc
