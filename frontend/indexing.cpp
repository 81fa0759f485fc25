// Selection and indexing: top-k (and sort, argsort, argmax, argmin built on it), gather, index_select.
// Top-k is a reduction with k sorted register slots, so a distance expression followed by topk is one kernel.
#include "frontend/lazy.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace lmc {

namespace {

// The checks and nodes of topk and topk_carrying: the values and indices (the payload's entries with one) of a
// selection, one pair of TOPK nodes sharing their sources so one kernel computes both.
std::pair<Tensor, Tensor> select_top(const Tensor& t, const Tensor* payload, int64_t k, int dim, bool largest,
                                     std::optional<double> bound, const char* what) {
  const int axis = normalize_axis(dim, t.ndim(), what, t.shape());
  if (k < 1 || k > t.shape()[axis])
    throw Error(fmt::format("{}: k={} outside [1, {}] for axis {} of shape {}", what, k, t.shape()[axis], dim,
                            shape_str(t.shape())));
  // The selected positions are int32 (PyTorch's are int64; int32 halves the slots top-k keeps in registers), so an
  // axis they cannot all name is refused instead of wrapping.
  if (t.shape()[axis] > std::numeric_limits<int32_t>::max())
    throw Error(fmt::format("{}: axis {} of shape {} has {} entries, more than its int32 indices can name", what, dim,
                            shape_str(t.shape()), t.shape()[axis]));
  if (bound && !t.dtype().is_float())
    throw Error(fmt::format("{}: a bound needs a float tensor, not {}", what, t.dtype().name()));
  if (bound && std::isnan(*bound)) throw Error(fmt::format("{}: the bound is NaN (nothing could be selected)", what));
  if (t.dtype().is_bool()) return select_top(t.cast(int32), payload, k, dim, largest, std::nullopt, what);
  TopkArg arg{k, axis, largest, false};
  if (bound) {
    arg.bounded = true;
    arg.bound = *bound;
  }
  std::vector<UOp> src{t.uop()};
  std::vector<Tensor> inputs{t};
  if (payload) {
    src.push_back(payload->uop());
    inputs.push_back(*payload);
  }
  Tensor values = derive(UOp::make(Op::TOPK, t.dtype(), src, arg), inputs, "topk");
  arg.indices = true;
  Tensor indices = derive(UOp::make(Op::TOPK, int32, src, arg), inputs, "topk");
  return {values, indices};
}

} // namespace

std::pair<Tensor, Tensor> Tensor::topk(int64_t k, int dim, bool largest, std::optional<double> bound) const {
  return select_top(*this, nullptr, k, dim, largest, bound, "topk");
}

std::pair<Tensor, Tensor> Tensor::topk_carrying(const Tensor& payload, int64_t k, int dim, bool largest,
                                                std::optional<double> bound) const {
  if (payload.shape() != shape())
    throw Error(fmt::format("topk_carrying: the payload's shape {} is not the selected tensor's {}",
                            shape_str(payload.shape()), shape_str(shape())));
  if (payload.device() != device())
    throw Error(
        fmt::format("topk_carrying: the payload is on {}, the selected tensor on {}", payload.device(), device()));
  // int32 is what the slots hold: narrower integers widen exactly, wider ones could wrap and are refused.
  const DType p = payload.dtype();
  if (!(p == int32 || p == int16 || p == int8 || p == uint16 || p == uint8 || p.is_bool()))
    throw Error(fmt::format("topk_carrying: the payload is {}; it must be an integer type that int32 holds exactly "
                            "(cast it first)",
                            p.name()));
  const Tensor carried = p == int32 ? payload : payload.cast(int32);
  return select_top(*this, &carried, k, dim, largest, bound, "topk_carrying");
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
