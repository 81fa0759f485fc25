// Integer bounds (vmin/vmax) of every integral node, by interval arithmetic. Ranges, GPU ids and bound variables
// carry declared bounds; an op whose exact result could leave its dtype's range (wrap-around) gets the dtype's
// full range, so every bound is sound for the bit-precise semantics. Cached on the node: facts travel with nodes.
#pragma once
#include "ir/uop.hpp"

namespace lmc {

struct Bounds {
  int64_t lo;
  int64_t hi;
  bool is_const() const { return lo == hi; }
  bool operator==(const Bounds&) const = default;
};

// Bounds of an integral (int or bool) node. For other dtypes: the widest int64 range.
// uint64 values above INT64_MAX do not fit int64 bounds: a uint64 node whose values may reach INT64_MAX stores
// hi == INT64_MAX, read as "up to UINT64_MAX", with lo below INT64_MAX (so such a bound never reads as one
// constant). value_range() gives every node's bounds as the values its dtype reads.
Bounds bounds(UOp u);

struct ValueRange {
  __int128 lo;
  __int128 hi;
};
ValueRange value_range(UOp u);
inline int64_t vmin(UOp u) {
  return bounds(u).lo;
}
inline int64_t vmax(UOp u) {
  return bounds(u).hi;
}

// The bounds bounds() gives a node of a signed int dtype whose exact values lie in [lo, hi]: the interval itself,
// or the dtype's full range where it leaves the dtype (the node may wrap). For code that predicts a node's bounds
// before (or instead of) building it.
Bounds fit_signed(DType d, __int128 lo, __int128 hi);

// Whether some value of the variables makes u or a node under it undefined: a division or modulo whose divisor
// may be zero, a shift whose amount may leave [0, bits). Cached per node. The simplifier never rewrites such a
// node into one that is always defined (that would hide the error: x % 0 is not 0).
bool may_be_undefined(UOp u);

// The largest constant that divides every value the node can take (x*4 + 8 -> 4); 1 when nothing is known.
int64_t const_factor(UOp u);

} // namespace lmc
