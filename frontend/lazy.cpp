// Shared helpers of the frontend: deriving tensors, axes, constants, devices.
#include "frontend/lazy.hpp"

#include <fmt/format.h>

namespace lmc {

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

UOp const_like(double value, DType dtype, const Shape& shape) {
  UOp c = dtype.is_float()  ? UOp::constant(dtype, value)
          : dtype.is_bool() ? UOp::constant(dtype, value != 0.0)
                            : UOp::constant(dtype, static_cast<int64_t>(value));
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
