// Shared helpers of the frontend: deriving tensors, axes, constants, devices.
#include "frontend/lazy.hpp"

#include <cmath>
#include <fmt/format.h>

namespace lmc {

LazyState::~LazyState() {
  // Inputs this state holds the last reference to are emptied here, one at a time, before they are destroyed, so
  // freeing 20,000 chained adds is a loop and not 20,000 nested destructors.
  std::vector<std::shared_ptr<LazyState>> pending = std::move(inputs);
  while (!pending.empty()) {
    std::shared_ptr<LazyState> s = std::move(pending.back());
    pending.pop_back();
    if (s.use_count() == 1)
      for (auto& in : s->inputs)
        pending.push_back(std::move(in));
  }
}

Tensor derive(UOp node, const std::vector<Tensor>& inputs, const char* op) {
  auto s = std::make_shared<LazyState>();
  s->uop = node;
  for (const Tensor& t : inputs) {
    const auto& in = TensorAccess::state(t);
    if (s->device.empty())
      s->device = in->device;
    else if (s->device != in->device)
      throw Error(fmt::format("{}: tensors on different devices ({} and {})", op, s->device, in->device));
    s->inputs.push_back(in);
  }
  return TensorAccess::make(std::move(s));
}

Tensor derive(UOp node, std::initializer_list<const Tensor*> inputs, const char* op) {
  std::vector<Tensor> v;
  for (const Tensor* t : inputs)
    v.push_back(*t);
  return derive(node, v, op);
}

int normalize_axis(int axis, int ndim, const char* op, const Shape& shape) {
  const int a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= std::max(ndim, 1))
    throw Error(fmt::format("{}: axis {} out of range for shape {}", op, axis, shape_str(shape)));
  return a;
}

std::optional<int64_t> int_of_double(double value, DType dtype) {
  const double t = std::trunc(value); // NaN stays NaN and fails both comparisons below
  const int bits = dtype.bits();
  const double lo = dtype.is_unsigned() ? 0.0 : -std::ldexp(1.0, bits - 1);
  const double end = dtype.is_unsigned() ? std::ldexp(1.0, bits) : std::ldexp(1.0, bits - 1); // exact powers of two
  if (!(t >= lo && t < end)) return std::nullopt;
  if (dtype.is_unsigned()) return static_cast<int64_t>(static_cast<uint64_t>(t));
  return static_cast<int64_t>(t);
}

UOp const_like(double value, DType dtype, const Shape& shape) {
  UOp c;
  if (dtype.is_float())
    c = UOp::constant(dtype, value);
  else if (dtype.is_bool())
    c = UOp::constant(dtype, value != 0.0);
  else if (auto i = int_of_double(value, dtype))
    c = UOp::constant(dtype, *i);
  else
    throw Error(fmt::format("constant {} does not fit {} (expected a finite value in its range)", value, dtype.name()));
  if (shape.empty()) return c;
  UOp r = UOp::make(Op::RESHAPE, dtype, {c}, IntList(shape.size(), 1));
  return UOp::make(Op::EXPAND, dtype, {r}, IntList(shape.begin(), shape.end()));
}

std::string resolve_device(const std::string& device) {
  if (device.empty()) return default_device();
  std::string d = device;
  for (auto& c : d)
    c = static_cast<char>(std::toupper(c));
  if (d != "CPU" && d != "CUDA") throw Error(fmt::format("unknown device '{}' (use CPU or CUDA)", device));
  return d;
}

} // namespace lmc
