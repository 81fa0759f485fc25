// The frontend's private state behind a Tensor: its graph node, device, the inputs that keep its buffers alive,
// and (once realized) its buffer. Shared by the op-family files of frontend/; not part of the public API.
#pragma once
#include "frontend/tensor.hpp"
#include "runtime/buffer.hpp"

#include <initializer_list>

namespace lmc {

struct LazyState {
  UOp uop;
  std::string device;
  std::vector<std::shared_ptr<LazyState>> inputs; // dropped once realized
  std::shared_ptr<Buffer> buffer;                 // set once realized
};

struct TensorAccess {
  static const std::shared_ptr<LazyState>& state(const Tensor& t) { return t.state_; }
  static Tensor make(std::shared_ptr<LazyState> s) { return Tensor(std::move(s)); }
};

// A tensor on `node` whose inputs are `inputs` (all on one device; checked).
Tensor derive(UOp node, std::initializer_list<const Tensor*> inputs, const char* op);
Tensor derive(UOp node, const std::vector<Tensor>& inputs, const char* op);

// Normalizes a possibly negative axis; throws naming the op and the shape.
int normalize_axis(int axis, int ndim, const char* op, const Shape& shape);

// A scalar constant broadcast to `shape`.
UOp const_like(double value, DType dtype, const Shape& shape);

// The device a new tensor goes to when none is named.
std::string resolve_device(const std::string& device);

} // namespace lmc
