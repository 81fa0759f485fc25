// The identity element of each reduction op: what an accumulator starts from and what padding contributes. Its own
// file in ir/ because it is a fact about ops that lowering, the opts and the linearizer all need.
#pragma once
#include "ir/uop.hpp"

namespace lmc {

// 0 for ADD and OR, 1 for MUL, -inf (or the dtype's minimum) for MAX, +inf (or its maximum) for MIN, all ones for
// AND; throws lmc::Error for an op with no identity.
UOp reduce_identity(Op op, DType dtype);

} // namespace lmc
