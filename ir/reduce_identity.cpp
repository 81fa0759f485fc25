// Floats take the infinities so a max over nothing but -inf still returns -inf; integers take their dtype's limits.
#include "ir/reduce_identity.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>
#include <limits>

namespace lmc {

UOp reduce_identity(Op op, DType dtype) {
  switch (op) {
  case Op::ADD:
    return dtype.is_float() ? UOp::constant(dtype, 0.0) : UOp::constant(dtype, int64_t{0});
  case Op::MUL:
    return dtype.is_float() ? UOp::constant(dtype, 1.0) : UOp::constant(dtype, int64_t{1});
  case Op::MAX:
    return dtype.is_float() ? UOp::constant(dtype, -std::numeric_limits<double>::infinity())
                            : UOp::constant(dtype, dtype.min_int());
  case Op::MIN:
    return dtype.is_float() ? UOp::constant(dtype, std::numeric_limits<double>::infinity())
                            : UOp::constant(dtype, dtype.max_int());
  case Op::OR:
    return UOp::constant(dtype, int64_t{0});
  case Op::AND:
    return UOp::constant(dtype, dtype.is_bool() ? int64_t{1} : int64_t{-1});
  default:
    throw Error(fmt::format("no identity for a {} reduction", op_name(op)));
  }
}

} // namespace lmc
