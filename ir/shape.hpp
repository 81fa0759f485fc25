// Tensor shape derivation: what shape an op produces from its sources, or an lmc::Error naming the op and shapes.
// Kernel-level nodes (RANGE, INDEX, LOAD, ...) have no shape.
#pragma once
#include "ir/uop.hpp"

#include <optional>
#include <string_view>

namespace lmc {

std::optional<Shape> derive_shape(Op op, std::span<const UOp> src, const Arg& arg);
// The element count, checked (ir/checked.hpp): an lmc::Error naming `op` for a negative dimension or a count past
// int64.
int64_t shape_numel(const Shape& shape, std::string_view op = "shape");

} // namespace lmc
