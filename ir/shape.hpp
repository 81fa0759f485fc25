// Tensor shape derivation: what shape an op produces from its sources, or an lmc::Error naming the op and shapes.
// Kernel-level nodes (RANGE, INDEX, LOAD, ...) have no shape.
#pragma once
#include "ir/uop.hpp"

#include <optional>

namespace lmc {

std::optional<Shape> derive_shape(Op op, std::span<const UOp> src, const Arg& arg);
int64_t shape_numel(const Shape& shape);

} // namespace lmc
