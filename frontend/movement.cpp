// Movement ops: reshape, permute, expand, pad, shrink, flip, and what is built from them (transpose, squeeze,
// unsqueeze, flatten, strided slices, cat, stack). None copies data: the scheduler turns them into indexing.
#include "frontend/lazy.hpp"
#include "ir/checked.hpp"
#include "ir/shape.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

namespace lmc {
namespace {
Tensor movement(const Tensor& t, Op op, Arg arg, const char* name) {
  return derive(UOp::make(op, t.dtype(), {t.uop()}, std::move(arg)), {&t}, name);
}
} // namespace

Tensor Tensor::reshape(Shape shape) const {
  int infer = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (infer >= 0) throw Error(fmt::format("reshape: more than one -1 in {}", shape_str(shape)));
      infer = static_cast<int>(i);
    } else if (shape[i] < 0) {
      throw Error(fmt::format("reshape: negative dimension in {}", shape_str(shape)));
    } else {
      known = checked_mul(known, shape[i], fmt::format("reshape: the size of {}", shape_str(shape)));
    }
  }
  if (infer >= 0) {
    if (known == 0 || numel() % known != 0)
      throw Error(fmt::format("reshape: cannot reshape {} into {}", shape_str(this->shape()), shape_str(shape)));
    shape[infer] = numel() / known;
  }
  if (shape == this->shape()) return *this;
  if (shape_numel(shape, "reshape") != numel())
    throw Error(fmt::format("reshape: cannot reshape {} ({} elements) into {}", shape_str(this->shape()), numel(),
                            shape_str(shape)));
  // A reshape of a reshape is one reshape of the inner source (both read the elements in row-major order). Kept as
  // a chain, indexing maps every index through each intermediate shape with divisions and remainders that the
  // simplifier cannot always fold back (a gathered row of unknown sign), e.g. rows of a (B, N, 3) buffer viewed as
  // (B * N, 3).
  if (uop().op() == Op::RESHAPE)
    return derive(UOp::make(Op::RESHAPE, dtype(), {uop().src(0)}, IntList(shape.begin(), shape.end())), {this},
                  "reshape");
  return movement(*this, Op::RESHAPE, IntList(shape.begin(), shape.end()), "reshape");
}

Tensor Tensor::permute(std::vector<int> order) const {
  if (static_cast<int>(order.size()) != ndim())
    throw Error(fmt::format("permute: {} axes given for shape {}", order.size(), shape_str(shape())));
  IntList perm;
  for (int a : order)
    perm.push_back(normalize_axis(a, ndim(), "permute", shape()));
  bool identity = true;
  for (size_t i = 0; i < perm.size(); ++i)
    identity = identity && perm[i] == static_cast<int64_t>(i);
  if (identity) return *this;
  return movement(*this, Op::PERMUTE, perm, "permute");
}

Tensor Tensor::transpose(int a, int b) const {
  std::vector<int> order(ndim());
  for (int i = 0; i < ndim(); ++i)
    order[i] = i;
  std::swap(order[normalize_axis(a, ndim(), "transpose", shape())],
            order[normalize_axis(b, ndim(), "transpose", shape())]);
  return permute(order);
}

Tensor Tensor::expand(Shape to) const {
  if (to.size() < shape().size())
    throw Error(fmt::format("expand: cannot expand {} to fewer dimensions {}", shape_str(shape()), shape_str(to)));
  Tensor t = *this;
  if (to.size() > shape().size()) {
    Shape padded(to.size() - shape().size(), 1);
    padded.insert(padded.end(), shape().begin(), shape().end());
    t = reshape(padded);
  }
  for (size_t i = 0; i < to.size(); ++i) {
    if (to[i] == -1) to[i] = t.shape()[i];
    if (to[i] < 0)
      throw Error(fmt::format("expand: negative dimension {} in {} (only -1, which keeps a dimension, may be negative)",
                              to[i], shape_str(to)));
  }
  if (to == t.shape()) return t;
  return movement(t, Op::EXPAND, IntList(to.begin(), to.end()), "expand");
}

Tensor Tensor::pad(std::vector<std::pair<int64_t, int64_t>> pads, double value) const {
  if (static_cast<int>(pads.size()) != ndim())
    throw Error(fmt::format("pad: {} (before, after) pairs given for shape {}", pads.size(), shape_str(shape())));
  if (std::all_of(pads.begin(), pads.end(), [](auto p) { return p.first == 0 && p.second == 0; })) return *this;
  Tensor padded = movement(*this, Op::PAD, PairList(pads.begin(), pads.end()), "pad");
  if (value == 0.0) return padded;
  // A non-zero fill: pad a mask of ones the same way and select.
  Tensor inside = Tensor::ones(shape(), bool_, device()).pad(pads);
  return where(inside, padded, value);
}

Tensor Tensor::shrink(std::vector<std::pair<int64_t, int64_t>> bounds) const {
  if (static_cast<int>(bounds.size()) != ndim())
    throw Error(fmt::format("shrink: {} (start, stop) pairs given for shape {}", bounds.size(), shape_str(shape())));
  bool identity = true;
  for (int i = 0; i < ndim(); ++i)
    identity = identity && bounds[i].first == 0 && bounds[i].second == shape()[i];
  if (identity) return *this;
  return movement(*this, Op::SHRINK, PairList(bounds.begin(), bounds.end()), "shrink");
}

Tensor Tensor::flip(std::vector<int> axes) const {
  IntList norm;
  for (int a : axes)
    norm.push_back(normalize_axis(a, ndim(), "flip", shape()));
  if (norm.empty()) return *this;
  return movement(*this, Op::FLIP, norm, "flip");
}

Tensor Tensor::squeeze(int axis) const {
  const int a = normalize_axis(axis, ndim(), "squeeze", shape());
  if (shape()[a] != 1) return *this;
  Shape s = shape();
  s.erase(s.begin() + a);
  return reshape(s);
}

Tensor Tensor::squeeze() const {
  Shape s;
  for (int64_t d : shape())
    if (d != 1) s.push_back(d);
  return reshape(s);
}

Tensor Tensor::unsqueeze(int axis) const {
  const int a = axis < 0 ? axis + ndim() + 1 : axis;
  if (a < 0 || a > ndim())
    throw Error(fmt::format("unsqueeze: axis {} out of range for shape {}", axis, shape_str(shape())));
  Shape s = shape();
  s.insert(s.begin() + a, 1);
  return reshape(s);
}

Tensor Tensor::flatten(int start, int end) const {
  if (ndim() == 0) return reshape({1});
  const int s = normalize_axis(start, ndim(), "flatten", shape()), e = normalize_axis(end, ndim(), "flatten", shape());
  Shape out(shape().begin(), shape().begin() + s);
  int64_t n = 1;
  for (int i = s; i <= e; ++i)
    n *= shape()[i];
  out.push_back(n);
  out.insert(out.end(), shape().begin() + e + 1, shape().end());
  return reshape(out);
}

Tensor Tensor::slice(std::vector<Slice> slices) const {
  if (static_cast<int>(slices.size()) > ndim())
    throw Error(fmt::format("slice: {} slices for shape {}", slices.size(), shape_str(shape())));
  Tensor t = *this;
  for (size_t axis = 0; axis < slices.size(); ++axis) {
    const int64_t n = t.shape()[axis];
    Slice s = slices[axis];
    if (s.step == 0) throw Error("slice: step must not be zero");
    auto clamp = [&](int64_t v, int64_t lo, int64_t hi) { return std::max(lo, std::min(hi, v)); };
    // Python semantics: negative positions count from the end; out-of-range positions clamp.
    int64_t start = s.start < 0 ? s.start + n : s.start;
    int64_t stop = s.stop == INT64_MAX ? (s.step > 0 ? n : -1) : (s.stop < 0 ? s.stop + n : s.stop);
    if (s.step > 0) {
      start = clamp(start, 0, n);
      stop = clamp(stop, start, n);
    } else {
      start = clamp(start, -1, n - 1);
      stop = clamp(stop, -1, start);
    }
    const int64_t count =
        s.step > 0 ? (stop - start + s.step - 1) / s.step : (start - stop + (-s.step) - 1) / (-s.step);
    std::vector<std::pair<int64_t, int64_t>> b;
    for (int i = 0; i < t.ndim(); ++i)
      b.push_back({0, t.shape()[i]});
    int64_t step = s.step;
    if (step < 0) {
      // Flip, then walk forward from the mirrored start.
      b[axis] = {stop + 1, start + 1};
      t = t.shrink(b).flip(static_cast<int>(axis));
      step = -step;
    } else {
      b[axis] = {start, stop};
      t = t.shrink(b);
    }
    if (step > 1 && count > 0) {
      // Strided: pad up to count*step, split the axis into (count, step) and keep column 0.
      std::vector<std::pair<int64_t, int64_t>> p(t.ndim(), {0, 0});
      p[axis] = {0, count * step - t.shape()[axis]};
      Tensor padded = t.pad(p);
      Shape split = padded.shape();
      split[axis] = count;
      split.insert(split.begin() + axis + 1, step);
      Tensor r = padded.reshape(split);
      std::vector<std::pair<int64_t, int64_t>> keep;
      for (int i = 0; i < r.ndim(); ++i)
        keep.push_back({0, r.shape()[i]});
      keep[axis + 1] = {0, 1};
      t = r.shrink(keep).squeeze(static_cast<int>(axis) + 1);
    } else if (count == 0) {
      b.assign(t.ndim(), {0, 0});
      for (int i = 0; i < t.ndim(); ++i)
        b[i] = {0, t.shape()[i]};
      b[axis] = {0, 0};
      t = t.shrink(b);
    }
  }
  return t;
}

Tensor Tensor::cat(const std::vector<Tensor>& tensors, int dim) {
  if (tensors.empty()) throw Error("cat: no tensors");
  const Tensor& first = tensors[0];
  const int d = normalize_axis(dim, first.ndim(), "cat", first.shape());
  int64_t total = 0;
  DType dtype = first.dtype();
  for (const Tensor& t : tensors) {
    if (t.ndim() != first.ndim())
      throw Error(fmt::format("cat: shapes {} and {} differ in rank", shape_str(first.shape()), shape_str(t.shape())));
    for (int i = 0; i < t.ndim(); ++i)
      if (i != d && t.shape()[i] != first.shape()[i])
        throw Error(fmt::format("cat: shapes {} and {} differ outside dim {}", shape_str(first.shape()),
                                shape_str(t.shape()), d));
    total += t.shape()[d];
    dtype = promote(dtype, t.dtype());
  }
  // Each piece is padded to the full length at its offset; the sum of the padded pieces is the concatenation.
  std::optional<Tensor> out;
  int64_t offset = 0;
  for (const Tensor& t : tensors) {
    std::vector<std::pair<int64_t, int64_t>> p(t.ndim(), {0, 0});
    p[d] = {offset, total - offset - t.shape()[d]};
    offset += t.shape()[d];
    Tensor piece = t.cast(dtype).pad(p);
    out = out ? (dtype.is_bool() ? out->logical_or(piece) : *out + piece) : piece;
  }
  return *out;
}

Tensor Tensor::stack(const std::vector<Tensor>& tensors, int dim) {
  if (tensors.empty()) throw Error("stack: no tensors");
  const int d = dim < 0 ? dim + tensors[0].ndim() + 1 : dim;
  std::vector<Tensor> expanded;
  for (const Tensor& t : tensors) {
    if (t.shape() != tensors[0].shape())
      throw Error(fmt::format("stack: shapes {} and {} differ", shape_str(tensors[0].shape()), shape_str(t.shape())));
    expanded.push_back(t.unsqueeze(d));
  }
  return cat(expanded, d);
}

} // namespace lmc
