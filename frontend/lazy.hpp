// The frontend's private state behind a Tensor: its graph node, device, the inputs that keep its buffers alive,
// and (once realized) its buffer. Shared by the op-family files of frontend/; not part of the public API.
#pragma once
#include "frontend/tensor.hpp"
#include "runtime/buffer.hpp"

#include <initializer_list>
#include <optional>

namespace lmc {

struct LazyState {
  UOp uop;
  std::string device;
  std::vector<std::shared_ptr<LazyState>> inputs; // dropped once realized
  std::shared_ptr<Buffer> buffer;                 // set once realized

  LazyState() = default;
  LazyState(const LazyState&) = delete;
  LazyState& operator=(const LazyState&) = delete;
  // Frees the chain of inputs without recursion: a lazy chain is as long as the user's loop made it.
  ~LazyState();
};

struct TensorAccess {
  static const std::shared_ptr<LazyState>& state(const Tensor& t) { return t.state_; }
  static Tensor make(std::shared_ptr<LazyState> s) { return Tensor(std::move(s)); }
};

// A tensor on `node` whose inputs are `inputs` (all on one device; checked).
Tensor derive(UOp node, std::initializer_list<const Tensor*> inputs, const char* op);
Tensor derive(UOp node, const std::vector<Tensor>& inputs, const char* op);

// The node of a tensor that is all of `b`, seen with `shape` (a reshape of the buffer node unless 1-D).
UOp view_of(const Buffer& b, const std::string& device, const Shape& shape);

// Normalizes a possibly negative axis; throws naming the op and the shape.
int normalize_axis(int axis, int ndim, const char* op, const Shape& shape);

// A scalar constant broadcast to `shape`. An integer dtype takes the value truncated toward zero; a value it cannot
// hold (NaN, infinite, out of range) is an lmc::Error, never a C cast's undefined result.
UOp const_like(double value, DType dtype, const Shape& shape);
// The integer `value` stands for in the integer dtype `dtype` (truncated toward zero, as stored in a CONST: uint64 as
// its int64 bits), or nullopt when the dtype cannot hold it.
std::optional<int64_t> int_of_double(double value, DType dtype);

// Forgets every realized expression (frontend/realize.cpp's cache): after a buffer's values were overwritten in place,
// an expression over it must be computed again, not found. Tensors already realized keep their buffers.
void forget_realized_expressions();

// The device a new tensor goes to when none is named.
std::string resolve_device(const std::string& device);

} // namespace lmc
