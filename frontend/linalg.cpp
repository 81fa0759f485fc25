// Linear algebra as broadcasts and reductions: matmul (batched, broadcast), dot, cross, norm. A matmul is an
// elementwise product into a sum, so it is one kernel.
#include "frontend/lazy.hpp"

#include <fmt/format.h>

namespace lmc {

Tensor Tensor::matmul(const Tensor& other) const {
  if (ndim() == 0 || other.ndim() == 0) throw Error("matmul: scalars are not matrices (use *)");
  Tensor a = ndim() == 1 ? unsqueeze(0) : *this;
  Tensor b = other.ndim() == 1 ? other.unsqueeze(1) : other;
  const int64_t k = a.shape().back();
  if (b.shape()[b.ndim() - 2] != k)
    throw Error(fmt::format("matmul: inner dimensions differ: {} @ {}", shape_str(shape()), shape_str(other.shape())));
  // (..., n, k, 1) * (..., 1, k, m) summed over k.
  Tensor prod = a.unsqueeze(-1) * b.unsqueeze(-3);
  Tensor out = prod.sum(-2);
  if (ndim() == 1) out = out.squeeze(-2);
  if (other.ndim() == 1) out = out.squeeze(-1);
  return out;
}

Tensor Tensor::dot(const Tensor& other) const {
  if (ndim() != 1 || other.ndim() != 1 || shape() != other.shape())
    throw Error(fmt::format("dot: needs two 1-D tensors of one length, got {} and {}", shape_str(shape()),
                            shape_str(other.shape())));
  return (*this * other).sum();
}

Tensor Tensor::cross(const Tensor& other, int dim) const {
  const int axis = normalize_axis(dim, ndim(), "cross", shape());
  if (shape()[axis] != 3 || other.shape().size() != shape().size() || other.shape()[axis] != 3)
    throw Error(fmt::format("cross: needs size 3 on axis {}, got {} and {}", dim, shape_str(shape()),
                            shape_str(other.shape())));
  auto part = [&](const Tensor& t, int i) {
    std::vector<std::pair<int64_t, int64_t>> b;
    for (int d = 0; d < t.ndim(); ++d)
      b.push_back({0, t.shape()[d]});
    b[axis] = {i, i + 1};
    return t.shrink(b);
  };
  const Tensor c0 = part(*this, 1) * part(other, 2) - part(*this, 2) * part(other, 1);
  const Tensor c1 = part(*this, 2) * part(other, 0) - part(*this, 0) * part(other, 2);
  const Tensor c2 = part(*this, 0) * part(other, 1) - part(*this, 1) * part(other, 0);
  return Tensor::cat({c0, c1, c2}, axis);
}

Tensor Tensor::norm(std::vector<int> axes, bool keepdim) const {
  return (*this * *this).sum(std::move(axes), keepdim).sqrt();
}

} // namespace lmc
