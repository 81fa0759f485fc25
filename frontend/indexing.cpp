// Selection and indexing: top-k (and sort, argsort, argmax, argmin built on it), gather, index_select.
// Top-k is a reduction with k sorted register slots, so a distance expression followed by topk is one kernel.
#include "frontend/lazy.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace lmc {

std::pair<Tensor, Tensor> Tensor::topk(int64_t k, int dim, bool largest, std::optional<double> bound) const {
  const int axis = normalize_axis(dim, ndim(), "topk", shape());
  if (k < 1 || k > shape()[axis])
    throw Error(
        fmt::format("topk: k={} outside [1, {}] for axis {} of shape {}", k, shape()[axis], dim, shape_str(shape())));
  // The selected positions are int32 (PyTorch's are int64; int32 halves the slots top-k keeps in registers), so an
  // axis they cannot all name is refused instead of wrapping.
  if (shape()[axis] > std::numeric_limits<int32_t>::max())
    throw Error(fmt::format("topk: axis {} of shape {} has {} entries, more than its int32 indices can name", dim,
                            shape_str(shape()), shape()[axis]));
  if (bound && !dtype().is_float())
    throw Error(fmt::format("topk: a bound needs a float tensor, not {}", dtype().name()));
  if (bound && std::isnan(*bound)) throw Error("topk: the bound is NaN (nothing could be selected)");
  if (dtype().is_bool()) return cast(int32).topk(k, dim, largest);
  TopkArg arg{k, axis, largest, false};
  if (bound) {
    arg.bounded = true;
    arg.bound = *bound;
  }
  Tensor values = derive(UOp::make(Op::TOPK, dtype(), {uop()}, arg), {this}, "topk");
  arg.indices = true;
  Tensor indices = derive(UOp::make(Op::TOPK, int32, {uop()}, arg), {this}, "topk");
  return {values, indices};
}

std::pair<Tensor, Tensor> Tensor::sort(int dim, bool descending) const {
  const int axis = normalize_axis(dim, ndim(), "sort", shape());
  return topk(shape()[axis], axis, descending);
}

Tensor Tensor::argsort(int dim, bool descending) const {
  return sort(dim, descending).second;
}

Tensor Tensor::argmax(int axis, bool keepdim) const {
  Tensor i = topk(1, axis, true).second;
  return keepdim ? i : i.squeeze(axis);
}

Tensor Tensor::argmin(int axis, bool keepdim) const {
  Tensor i = topk(1, axis, false).second;
  if (dtype().is_float()) {
    // min() returns NaN for a row holding one (NaN propagates, as in PyTorch), so argmin names that row's first NaN,
    // as argmax does and PyTorch's argmin does: the value at argmin is always min. A smallest-k, which ranks NaN
    // largest, would name the smallest number instead.
    const Tensor nan = *this != *this;
    i = where(nan.any({axis}, true), nan.topk(1, axis, true).second, i);
  }
  return keepdim ? i : i.squeeze(axis);
}

Tensor Tensor::gather(int dim, const Tensor& index) const {
  const int axis = normalize_axis(dim, ndim(), "gather", shape());
  if (!index.dtype().is_int())
    throw Error(fmt::format("gather: index must be an integer tensor, got {}", index.dtype().name()));
  if (index.ndim() != ndim())
    throw Error(
        fmt::format("gather: index shape {} must have the rank of {}", shape_str(index.shape()), shape_str(shape())));
  return derive(UOp::make(Op::GATHER, dtype(), {uop(), index.uop()}, int64_t{axis}), {this, &index}, "gather");
}

Tensor Tensor::index_select(int dim, const Tensor& index) const {
  const int axis = normalize_axis(dim, ndim(), "index_select", shape());
  if (index.ndim() != 1) throw Error(fmt::format("index_select: index must be 1-D, got {}", shape_str(index.shape())));
  Shape bshape(ndim(), 1);
  bshape[axis] = index.shape()[0];
  Shape out = shape();
  out[axis] = index.shape()[0];
  return gather(axis, index.reshape(bshape).expand(out));
}

} // namespace lmc
