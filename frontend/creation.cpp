// Creation ops: tensors from host data, constants, ranges, identity. Host data is copied to the device at once;
// constant tensors stay lazy (a CONST expanded to the shape), so they fuse into their consumers for free.
#include "frontend/lazy.hpp"
#include "ir/checked.hpp"
#include "ir/shape.hpp"

#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <optional>

namespace lmc {
namespace {

template <class T>
constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, bool>)
    return bool_;
  else if constexpr (std::is_same_v<T, int8_t>)
    return int8;
  else if constexpr (std::is_same_v<T, int16_t>)
    return int16;
  else if constexpr (std::is_same_v<T, int32_t>)
    return int32;
  else if constexpr (std::is_same_v<T, int64_t>)
    return int64;
  else if constexpr (std::is_same_v<T, uint8_t>)
    return uint8;
  else if constexpr (std::is_same_v<T, uint16_t>)
    return uint16;
  else if constexpr (std::is_same_v<T, uint32_t>)
    return uint32;
  else if constexpr (std::is_same_v<T, uint64_t>)
    return uint64;
  else if constexpr (std::is_same_v<T, float>)
    return float32;
  else if constexpr (std::is_same_v<T, double>)
    return float64;
  else
    static_assert(sizeof(T) == 0, "unsupported element type");
}

// The element count of a shape given by the user, checked: no negative dimension, and the element and byte counts
// fit int64 (a wrapped count would allocate a tiny buffer for a huge shape and read past it).
int64_t check_shape(const Shape& shape, DType dtype, const char* op) {
  const int64_t n = checked_numel(shape, op);
  checked_bytes(n, dtype.itemsize(), fmt::format("{}: shape {} of {}", op, shape_str(shape), dtype.name()));
  return n;
}

} // namespace

Tensor Tensor::from_bytes(const void* data, DType dtype, Shape shape, const std::string& device) {
  Tensor t = over_new_buffer(std::move(shape), dtype, device, "from_bytes");
  t.state_->buffer->copy_in(data, t.state_->buffer->bytes());
  return t;
}

namespace {

// T is the element's C type; a bool is stored as a uint8_t that is 0 or 1.
template <class T, bool kBool = false>
Tensor converted(const std::vector<double>& values, DType dtype, Shape shape, const std::string& device) {
  std::vector<T> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if constexpr (kBool) {
      out[i] = v != 0.0; // NaN is not zero, as in cast()
    } else if constexpr (std::is_floating_point_v<T>) {
      out[i] = static_cast<T>(v);
    } else {
      const std::optional<int64_t> n = std::trunc(v) == v ? int_of_double(v, dtype) : std::nullopt;
      if (!n)
        throw Error(fmt::format("from_doubles: value {} at index {} is not a {} (expected an integer in its range)", v,
                                i, dtype.name()));
      out[i] = static_cast<T>(*n);
    }
  }
  return Tensor::from_bytes(out.data(), dtype, std::move(shape), device);
}

} // namespace

Tensor Tensor::from_doubles(const std::vector<double>& values, Shape shape, DType dtype, const std::string& device) {
  const int64_t n = check_shape(shape, dtype, "from_doubles");
  if (static_cast<int64_t>(values.size()) != n)
    throw Error(
        fmt::format("from_doubles: {} values do not fill shape {} ({} elements)", values.size(), shape_str(shape), n));
  if (dtype == float64) return from_bytes(values.data(), dtype, std::move(shape), device);
  if (dtype == float32) return converted<float>(values, dtype, std::move(shape), device);
  if (dtype == bool_) return converted<uint8_t, true>(values, dtype, std::move(shape), device);
  if (dtype == int8) return converted<int8_t>(values, dtype, std::move(shape), device);
  if (dtype == int16) return converted<int16_t>(values, dtype, std::move(shape), device);
  if (dtype == int32) return converted<int32_t>(values, dtype, std::move(shape), device);
  if (dtype == int64) return converted<int64_t>(values, dtype, std::move(shape), device);
  if (dtype == uint8) return converted<uint8_t>(values, dtype, std::move(shape), device);
  if (dtype == uint16) return converted<uint16_t>(values, dtype, std::move(shape), device);
  if (dtype == uint32) return converted<uint32_t>(values, dtype, std::move(shape), device);
  if (dtype == uint64) return converted<uint64_t>(values, dtype, std::move(shape), device);
  if (dtype.is_float() && !dtype.is_vector()) // float16 and bfloat16: the device's conversion, through a kernel
    return from_vector(values, std::move(shape), device).cast(dtype).clone();
  throw Error(
      fmt::format("from_doubles: {} is not an element type (expected a scalar dtype such as float32)", dtype.name()));
}

Tensor Tensor::empty(Shape shape, DType dtype, const std::string& device) {
  if (dtype.is_void() || dtype.is_pointer() || dtype.is_vector())
    throw Error(
        fmt::format("empty: {} is not an element type (expected a scalar dtype such as float32)", dtype.name()));
  return over_new_buffer(std::move(shape), dtype, device, "empty");
}

// A realized tensor over a buffer of its own, its values not set (the callers write them, or leave them for the user).
Tensor Tensor::over_new_buffer(Shape shape, DType dtype, const std::string& device, const char* op) {
  const int64_t n = check_shape(shape, dtype, op);
  const std::string dev = resolve_device(device);
  auto s = std::make_shared<LazyState>();
  s->device = dev;
  const int64_t id = next_buffer_id();
  s->buffer = make_buffer(get_device(dev), dtype, n, id);
  UOp buf = UOp::make(Op::BUFFER, dtype, {}, BufferArg{id, n, dev});
  s->uop = UOp::make(Op::RESHAPE, dtype, {buf}, IntList(shape.begin(), shape.end()));
  return Tensor(std::move(s));
}

template <class T>
Tensor Tensor::from_vector(const std::vector<T>& data, Shape shape, const std::string& device) {
  const int64_t n = check_shape(shape, dtype_of<T>(), "from_vector");
  if (static_cast<int64_t>(data.size()) != n)
    throw Error(
        fmt::format("from_vector: {} values do not fill shape {} ({} elements)", data.size(), shape_str(shape), n));
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<uint8_t> bytes(data.begin(), data.end());
    return from_bytes(bytes.data(), bool_, std::move(shape), device);
  } else {
    return from_bytes(data.data(), dtype_of<T>(), std::move(shape), device);
  }
}

#define LMC_INSTANTIATE_FROM_VECTOR(T)                                                                                 \
  template Tensor Tensor::from_vector<T>(const std::vector<T>&, Shape, const std::string&);
LMC_INSTANTIATE_FROM_VECTOR(bool)
LMC_INSTANTIATE_FROM_VECTOR(int8_t)
LMC_INSTANTIATE_FROM_VECTOR(int16_t)
LMC_INSTANTIATE_FROM_VECTOR(int32_t)
LMC_INSTANTIATE_FROM_VECTOR(int64_t)
LMC_INSTANTIATE_FROM_VECTOR(uint8_t)
LMC_INSTANTIATE_FROM_VECTOR(uint16_t)
LMC_INSTANTIATE_FROM_VECTOR(uint32_t)
LMC_INSTANTIATE_FROM_VECTOR(uint64_t)
LMC_INSTANTIATE_FROM_VECTOR(float)
LMC_INSTANTIATE_FROM_VECTOR(double)
#undef LMC_INSTANTIATE_FROM_VECTOR

Tensor Tensor::full(Shape shape, double value, DType dtype, const std::string& device) {
  check_shape(shape, dtype, "full");
  if (dtype.is_int() && !int_of_double(value, dtype))
    throw Error(
        fmt::format("full: the value {} does not fit {} (expected a finite value in its range)", value, dtype.name()));
  auto s = std::make_shared<LazyState>();
  s->device = resolve_device(device);
  s->uop = const_like(value, dtype, shape);
  return Tensor(std::move(s));
}

Tensor Tensor::zeros(Shape shape, DType dtype, const std::string& device) {
  check_shape(shape, dtype, "zeros");
  return full(std::move(shape), 0.0, dtype, device);
}
Tensor Tensor::ones(Shape shape, DType dtype, const std::string& device) {
  check_shape(shape, dtype, "ones");
  return full(std::move(shape), 1.0, dtype, device);
}

Tensor Tensor::arange(int64_t n, DType dtype, const std::string& device) {
  return arange(0, n, 1, dtype, device);
}

Tensor Tensor::arange(int64_t start, int64_t stop, int64_t step, DType dtype, const std::string& device) {
  if (step == 0) throw Error("arange: step must not be zero");
  // The length in 128 bits: stop - start and the rounding term overflow int64 for ranges across most of it.
  using i128 = __int128;
  const i128 span = static_cast<i128>(stop) - start;
  const i128 count = std::max<i128>(0, (span + step + (step > 0 ? -1 : 1)) / step);
  if (count > INT64_MAX)
    throw Error(fmt::format("arange: [{}, {}) in steps of {} has more values than int64 can count", start, stop, step));
  const int64_t n = static_cast<int64_t>(count);
  checked_bytes(n, sizeof(int64_t), fmt::format("arange: [{}, {}) in steps of {}", start, stop, step));
  // Host values cost one O(n) upload; a cumulative-sum construction would cost O(n^2) work on the device.
  std::vector<int64_t> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = static_cast<int64_t>(start + static_cast<i128>(i) * step); // inside [start, stop): no wrap
  return Tensor::from_vector(values, {n}, device).cast(dtype);
}

Tensor Tensor::eye(int64_t n, DType dtype, const std::string& device) {
  // ones(n, 1) padded to (n, n+1), flattened and cut to n*n puts the ones on the diagonal: no host data needed.
  Tensor one = Tensor::ones({n, 1}, dtype, device);
  return one.pad({{0, 0}, {0, n}}).reshape({n * (n + 1)}).shrink({{0, n * n}}).reshape({n, n});
}

} // namespace lmc
