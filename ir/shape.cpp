// Shape derivation for every op that has a tensor shape; one switch, checked against the op's sources.
#include "ir/shape.hpp"

#include "ir/checked.hpp"
#include "ir/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace lmc {

std::string shape_str(const Shape& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

int64_t shape_numel(const Shape& shape, std::string_view op) {
  return checked_numel(shape, op);
}

namespace {

[[noreturn]] void fail(Op op, const Shape& in, const std::string& why) {
  throw Error(fmt::format("{}: {} (input shape {})", op_name(op), why, shape_str(in)));
}

Shape reduce_shape(const Shape& in, const std::vector<int32_t>& axes) {
  Shape out = in;
  for (int32_t a : axes) {
    if (a < 0 || a >= static_cast<int32_t>(in.size())) fail(Op::REDUCE, in, fmt::format("axis {} out of range", a));
    out[a] = 1;
  }
  return out;
}

Shape movement_shape(Op op, const Shape& in, const Arg& arg) {
  switch (op) {
  case Op::RESHAPE: {
    const auto& to = std::get<IntList>(arg);
    if (std::any_of(to.begin(), to.end(), [](int64_t d) { return d < 0; }))
      fail(op, in, "negative dimension in target " + shape_str(to));
    if (shape_numel(to, "RESHAPE") != shape_numel(in, "RESHAPE"))
      fail(op, in, fmt::format("cannot reshape {} elements into {}", shape_numel(in), shape_str(to)));
    return to;
  }
  case Op::PERMUTE: {
    const auto& perm = std::get<IntList>(arg);
    std::vector<bool> seen(in.size(), false);
    if (perm.size() != in.size()) fail(op, in, "permutation has the wrong length");
    Shape out(in.size());
    for (size_t i = 0; i < perm.size(); ++i) {
      if (perm[i] < 0 || perm[i] >= static_cast<int64_t>(in.size()) || seen[perm[i]]) fail(op, in, "not a permutation");
      seen[perm[i]] = true;
      out[i] = in[perm[i]];
    }
    return out;
  }
  case Op::EXPAND: {
    const auto& to = std::get<IntList>(arg);
    if (to.size() != in.size()) fail(op, in, "expand to " + shape_str(to) + " changes the rank");
    for (size_t i = 0; i < in.size(); ++i) {
      if (to[i] < 0) fail(op, in, fmt::format("negative dimension {} in target {}", to[i], shape_str(to)));
      if (in[i] != to[i] && in[i] != 1) fail(op, in, "cannot expand to " + shape_str(to));
    }
    return to;
  }
  case Op::PAD: {
    const auto& pads = std::get<PairList>(arg);
    if (pads.size() != in.size()) fail(op, in, "needs one (before, after) pair per axis");
    Shape out = in;
    for (size_t i = 0; i < in.size(); ++i) {
      if (pads[i].first < 0 || pads[i].second < 0) fail(op, in, "negative padding");
      const std::string what =
          fmt::format("PAD: axis {} of size {} padded by ({}, {})", i, in[i], pads[i].first, pads[i].second);
      out[i] = checked_add(checked_add(in[i], pads[i].first, what), pads[i].second, what);
    }
    return out;
  }
  case Op::SHRINK: {
    const auto& bounds = std::get<PairList>(arg);
    if (bounds.size() != in.size()) fail(op, in, "needs one (start, stop) pair per axis");
    Shape out = in;
    for (size_t i = 0; i < in.size(); ++i) {
      auto [start, stop] = bounds[i];
      if (start < 0 || stop < start || stop > in[i])
        fail(op, in, fmt::format("bad range [{}, {}) on axis {} of size {}", start, stop, i, in[i]));
      out[i] = stop - start;
    }
    return out;
  }
  case Op::FLIP: {
    for (int64_t a : std::get<IntList>(arg))
      if (a < 0 || a >= static_cast<int64_t>(in.size())) fail(op, in, fmt::format("axis {} out of range", a));
    return in;
  }
  default:
    return in;
  }
}

std::optional<Shape> derive_unchecked(Op op, std::span<const UOp> src, const Arg& arg) {
  switch (op) {
  case Op::CONST:
  case Op::DEFINE_VAR:
    return Shape{};
  case Op::BUFFER:
    return Shape{std::get<BufferArg>(arg).size};
  default:
    break;
  }
  const OpGroup group = op_group(op);
  if (op == Op::TOPK) {
    // A tensor TOPK has its value and, when it carries one, a payload of the same shape; a kernel TOPK (value,
    // range, slot and maybe the payload) has no shape of its own.
    const Shape* in = src[0].shape();
    if (!in || src.size() > 2) return std::nullopt;
    if (src.size() == 2 && (!src[1].shape() || *src[1].shape() != *in))
      fail(op, *in, "the payload's shape differs from the selected tensor's");
    const auto& t = std::get<TopkArg>(arg);
    if (t.axis < 0 || t.axis >= static_cast<int32_t>(in->size()))
      fail(op, *in, fmt::format("axis {} out of range", t.axis));
    if (t.k < 1 || t.k > (*in)[t.axis])
      fail(op, *in, fmt::format("k={} outside [1, {}] on axis {}", t.k, (*in)[t.axis], t.axis));
    Shape out = *in;
    out[t.axis] = t.k;
    return out;
  }
  if (op == Op::GATHER) {
    const Shape* in = src[0].shape();
    const Shape* index = src[1].shape();
    if (!in || !index) throw Error("GATHER needs tensor sources");
    const int64_t axis = std::get<int64_t>(arg);
    if (index->size() != in->size()) fail(op, *in, "index " + shape_str(*index) + " must have the source's rank");
    if (axis < 0 || axis >= static_cast<int64_t>(in->size())) fail(op, *in, fmt::format("axis {} out of range", axis));
    for (size_t i = 0; i < in->size(); ++i)
      if (static_cast<int64_t>(i) != axis && (*index)[i] > (*in)[i])
        fail(op, *in, fmt::format("index {} is larger than the source outside axis {}", shape_str(*index), axis));
    return *index;
  }
  if (group == OpGroup::Movement || group == OpGroup::Meta) {
    if (!src[0].shape())
      throw Error(fmt::format("{} of a node without a shape ({})", op_name(op), op_name(src[0].op())));
    return movement_shape(op, *src[0].shape(), arg);
  }
  if (op == Op::REDUCE) {
    const Shape* in = src[0].shape();
    if (!in || src.size() > 1) return std::nullopt; // kernel-level reduce over ranges
    return reduce_shape(*in, std::get<ReduceArg>(arg).axes);
  }
  if (group == OpGroup::Elementwise && op != Op::VECTORIZE && op != Op::GEP) {
    const Shape* first = nullptr;
    for (UOp s : src) {
      const Shape* sh = s.shape();
      if (!sh) return std::nullopt;
      if (!first)
        first = sh;
      else if (*sh != *first)
        throw Error(fmt::format("{}: source shapes differ: {} vs {}", op_name(op), shape_str(*first), shape_str(*sh)));
    }
    if (first) return *first;
  }
  return std::nullopt;
}

} // namespace

std::optional<Shape> derive_shape(Op op, std::span<const UOp> src, const Arg& arg) {
  std::optional<Shape> out = derive_unchecked(op, src, arg);
  // Every tensor shape's element count fits int64 (and no dimension is negative), so code that multiplies a node's
  // dimensions later (strides, buffer sizes, index ranges) cannot wrap.
  if (out) checked_numel(*out, op_name(op));
  return out;
}

} // namespace lmc
