// Reductions over axes: sum, max, min, prod, mean, any, all, var, std. A REDUCE keeps the reduced axes as size
// 1; without keepdim a reshape drops them.
#include "frontend/lazy.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace lmc {
namespace {

std::vector<int32_t> resolve_axes(const Tensor& t, const std::vector<int>& axes, const char* op) {
  std::vector<int32_t> out;
  if (axes.empty())
    for (int i = 0; i < t.ndim(); ++i)
      out.push_back(i);
  for (int a : axes) {
    const int n = normalize_axis(a, t.ndim(), op, t.shape());
    if (std::find(out.begin(), out.end(), n) != out.end())
      throw Error(fmt::format("{}: axis {} given twice for shape {}", op, a, shape_str(t.shape())));
    out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Tensor reduce(const Tensor& t, Op op, const std::vector<int>& axes_in, bool keepdim, const char* name) {
  const std::vector<int32_t> axes = resolve_axes(t, axes_in, name);
  for (int32_t a : axes)
    if (t.shape()[a] == 0 && (op == Op::MAX || op == Op::MIN))
      throw Error(fmt::format("{}: cannot reduce an empty axis {} of shape {}", name, a, shape_str(t.shape())));
  const auto reduced = [&] {
    if (t.ndim() == 0) return t;
    if (t.numel() == 0) {
      // A reduction over nothing is its identity: no kernel and no load from an empty buffer (the bounds prover
      // rightly refuses such a load, as it cannot see that its enclosing loop never runs).
      Shape reduced_shape = t.shape();
      for (int32_t a : axes)
        reduced_shape[a] = 1;
      const double identity = op == Op::ADD || op == Op::OR ? 0.0 : 1.0; // MUL and AND; MAX and MIN raised above
      return Tensor::full(reduced_shape, identity, t.dtype(), t.device());
    }
    return derive(UOp::make(Op::REDUCE, t.dtype(), {t.uop()}, ReduceArg{op, axes}), {&t}, name);
  };
  const Tensor out = reduced();
  if (keepdim) return out;
  Shape kept;
  for (int i = 0; i < t.ndim(); ++i)
    if (std::find(axes.begin(), axes.end(), i) == axes.end()) kept.push_back(t.shape()[i]);
  return out.reshape(kept);
}

int64_t reduced_count(const Tensor& t, const std::vector<int>& axes, const char* op) {
  int64_t n = 1;
  for (int32_t a : resolve_axes(t, axes, op))
    n *= t.shape()[a];
  return n;
}

} // namespace

Tensor Tensor::sum(std::vector<int> axes, bool keepdim) const {
  const Tensor t = dtype().is_bool() ? cast(int32) : *this;
  return reduce(t, Op::ADD, axes, keepdim, "sum");
}
Tensor Tensor::prod(std::vector<int> axes, bool keepdim) const {
  const Tensor t = dtype().is_bool() ? cast(int32) : *this;
  return reduce(t, Op::MUL, axes, keepdim, "prod");
}
Tensor Tensor::max(std::vector<int> axes, bool keepdim) const {
  return reduce(*this, Op::MAX, axes, keepdim, "max");
}
Tensor Tensor::min(std::vector<int> axes, bool keepdim) const {
  return reduce(*this, Op::MIN, axes, keepdim, "min");
}
Tensor Tensor::mean(std::vector<int> axes, bool keepdim) const {
  const int64_t n = reduced_count(*this, axes, "mean");
  const Tensor t = dtype().is_float() ? *this : cast(float32);
  return t.sum(axes, keepdim) / static_cast<double>(n);
}
Tensor Tensor::any(std::vector<int> axes, bool keepdim) const {
  const Tensor b = dtype().is_bool() ? *this : *this != 0.0;
  return reduce(b, Op::OR, axes, keepdim, "any");
}
Tensor Tensor::all(std::vector<int> axes, bool keepdim) const {
  const Tensor b = dtype().is_bool() ? *this : *this != 0.0;
  return reduce(b, Op::AND, axes, keepdim, "all");
}
Tensor Tensor::var(std::vector<int> axes, bool keepdim, int correction) const {
  const int64_t n = reduced_count(*this, axes, "var");
  const Tensor t = dtype().is_float() ? *this : cast(float32);
  const Tensor centered = t - t.mean(axes, true);
  return (centered * centered).sum(axes, keepdim) / static_cast<double>(std::max<int64_t>(n - correction, 0));
}
Tensor Tensor::std(std::vector<int> axes, bool keepdim, int correction) const {
  return var(std::move(axes), keepdim, correction).sqrt();
}

} // namespace lmc
