// lmc::Tensor, the user type: a lazy tensor expression. Every op appends UOps; nothing runs until a value is
// read (to_vector) or realize() is called. Names follow PyTorch/tinygrad; broadcasting follows NumPy.
#pragma once
#include "ir/dtype.hpp"
#include "ir/error.hpp"
#include "ir/uop.hpp"

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace lmc {

class Buffer;
struct LazyState;

class Tensor {
public:
  // ---- creation ----
  template <class T>
  static Tensor from_vector(const std::vector<T>& data, Shape shape, const std::string& device = "");
  static Tensor from_bytes(const void* data, DType dtype, Shape shape, const std::string& device = "");
  // `values` converted to `dtype` on the host and uploaded to a buffer of its own: what from_vector(values).cast(dtype)
  // gives, without compiling or launching a cast kernel (a cold process pays tens of milliseconds for each kernel it
  // compiles). Floats round to nearest, bool is "not zero"; an integer dtype takes integral values in its range only.
  static Tensor from_doubles(const std::vector<double>& values, Shape shape, DType dtype,
                             const std::string& device = "");
  // A realized tensor over a fresh buffer of its own whose values are unspecified until written (by a plan, a donated
  // output, copy_in of its buffer). Never shared: the realized-expression cache does not hand it to anyone else.
  static Tensor empty(Shape shape, DType dtype = float32, const std::string& device = "");
  static Tensor zeros(Shape shape, DType dtype = float32, const std::string& device = "");
  static Tensor ones(Shape shape, DType dtype = float32, const std::string& device = "");
  static Tensor full(Shape shape, double value, DType dtype = float32, const std::string& device = "");
  static Tensor arange(int64_t n, DType dtype = int32, const std::string& device = "");
  static Tensor arange(int64_t start, int64_t stop, int64_t step = 1, DType dtype = int32,
                       const std::string& device = "");
  static Tensor eye(int64_t n, DType dtype = float32, const std::string& device = "");
  // Counter-based (Philox-style hash of seed and element index), so every device gives the same numbers.
  static Tensor rand(Shape shape, uint64_t seed, DType dtype = float32, const std::string& device = "");
  static Tensor randn(Shape shape, uint64_t seed, DType dtype = float32, const std::string& device = "");

  // ---- properties ----
  const Shape& shape() const;
  DType dtype() const;
  const std::string& device() const;
  int64_t numel() const;
  int ndim() const { return static_cast<int>(shape().size()); }
  UOp uop() const;

  // ---- elementwise ----
  Tensor operator-() const;
  Tensor exp() const;
  Tensor log() const;
  Tensor exp2() const;
  Tensor log2() const;
  Tensor sqrt() const;
  Tensor rsqrt() const;
  Tensor sin() const;
  Tensor cos() const;
  Tensor tan() const;
  Tensor abs() const;
  Tensor sign() const;
  Tensor relu() const;
  Tensor sigmoid() const;
  Tensor tanh() const;
  Tensor acos() const;
  Tensor asin() const;
  Tensor atan() const;
  Tensor floor() const;
  Tensor ceil() const;
  Tensor round() const; // half to even, as numpy and torch
  Tensor reciprocal() const;
  Tensor pow(const Tensor& exponent) const;
  Tensor pow(double exponent) const;
  Tensor maximum(const Tensor& other) const;
  Tensor minimum(const Tensor& other) const;
  Tensor clip(double lo, double hi) const;
  Tensor logical_not() const;
  Tensor logical_and(const Tensor& other) const;
  Tensor logical_or(const Tensor& other) const;
  Tensor cast(DType dtype) const;
  static Tensor atan2(const Tensor& y, const Tensor& x);

  // ---- reductions (axis may be negative; no axes = all) ----
  Tensor sum(std::vector<int> axes = {}, bool keepdim = false) const;
  Tensor sum(int axis, bool keepdim = false) const { return sum(std::vector<int>{axis}, keepdim); }
  Tensor max(std::vector<int> axes = {}, bool keepdim = false) const;
  Tensor max(int axis, bool keepdim = false) const { return max(std::vector<int>{axis}, keepdim); }
  Tensor min(std::vector<int> axes = {}, bool keepdim = false) const;
  Tensor min(int axis, bool keepdim = false) const { return min(std::vector<int>{axis}, keepdim); }
  Tensor mean(std::vector<int> axes = {}, bool keepdim = false) const;
  Tensor mean(int axis, bool keepdim = false) const { return mean(std::vector<int>{axis}, keepdim); }
  Tensor prod(std::vector<int> axes = {}, bool keepdim = false) const;
  Tensor prod(int axis, bool keepdim = false) const { return prod(std::vector<int>{axis}, keepdim); }
  Tensor any(std::vector<int> axes = {}, bool keepdim = false) const;
  Tensor all(std::vector<int> axes = {}, bool keepdim = false) const;
  Tensor var(std::vector<int> axes = {}, bool keepdim = false, int correction = 1) const;
  Tensor std(std::vector<int> axes = {}, bool keepdim = false, int correction = 1) const;
  Tensor argmax(int axis, bool keepdim = false) const;
  Tensor argmin(int axis, bool keepdim = false) const; // a row with NaN: its first NaN (the value min() returns)

  // ---- movement ----
  Tensor reshape(Shape shape) const; // one dimension may be -1
  Tensor permute(std::vector<int> order) const;
  Tensor transpose(int a = -2, int b = -1) const;
  Tensor expand(Shape shape) const; // -1 keeps a dimension
  Tensor pad(std::vector<std::pair<int64_t, int64_t>> pads, double value = 0.0) const;
  Tensor shrink(std::vector<std::pair<int64_t, int64_t>> bounds) const;
  Tensor flip(std::vector<int> axes) const;
  Tensor flip(int axis) const { return flip(std::vector<int>{axis}); }
  Tensor squeeze(int axis) const;
  Tensor squeeze() const;
  Tensor unsqueeze(int axis) const;
  Tensor flatten(int start = 0, int end = -1) const;
  // One (start, stop, step) per leading axis; negative values count from the end, as in Python.
  struct Slice {
    int64_t start = 0;
    int64_t stop = INT64_MAX;
    int64_t step = 1;
  };
  Tensor slice(std::vector<Slice> slices) const;
  static Tensor cat(const std::vector<Tensor>& tensors, int dim = 0);
  static Tensor stack(const std::vector<Tensor>& tensors, int dim = 0);

  // ---- linear algebra ----
  Tensor matmul(const Tensor& other) const;
  Tensor dot(const Tensor& other) const;
  Tensor cross(const Tensor& other, int dim = -1) const;
  Tensor norm(std::vector<int> axes = {}, bool keepdim = false) const;

  // ---- indexing ----
  Tensor gather(int dim, const Tensor& index) const;
  Tensor index_select(int dim, const Tensor& index) const;
  // The k largest (or smallest) along `dim`, sorted; ties keep the lower index first.
  // With `bound`, only elements strictly below it (above it when largest) are selected; slots left over hold the
  // bound and index -1. For float tensors; radius-limited nearest neighbours cost one comparison per element.
  std::pair<Tensor, Tensor> topk(int64_t k, int dim = -1, bool largest = true,
                                 std::optional<double> bound = std::nullopt) const;
  // topk, with the payload's entry at each selected position in place of the position: payload.gather(dim,
  // indices) computed inside the selection (-1 in slots a bound left empty), so a selection over candidates that
  // name something (a neighbour list's point ids) returns what they name and no later kernel looks them up again.
  // `payload` has this tensor's shape and device and an integer dtype int32 holds exactly.
  std::pair<Tensor, Tensor> topk_carrying(const Tensor& payload, int64_t k, int dim = -1, bool largest = true,
                                          std::optional<double> bound = std::nullopt) const;
  std::pair<Tensor, Tensor> sort(int dim = -1, bool descending = false) const;
  Tensor argsort(int dim = -1, bool descending = false) const;

  // ---- realization ----
  Tensor contiguous() const;
  // A realized copy in a buffer of its own (one copy kernel): equal values, and a later write to either buffer is
  // never seen by the other. Unlike contiguous().realize(), the result is never found by, nor entered in, the
  // realized-expression cache, so two clones of one expression are two buffers.
  Tensor clone() const;
  Tensor& realize();
  static void realize_all(std::vector<Tensor*> tensors);
  template <class T>
  std::vector<T> to_vector() const;
  void copy_to_host(void* out, size_t bytes) const;
  // The realized buffer (realizes first).
  std::shared_ptr<Buffer> buffer() const;

  // Builds a tensor on a graph node (advanced: library code, tests).
  static Tensor from_uop(UOp uop, const std::string& device, std::vector<Tensor> inputs = {});

private:
  explicit Tensor(std::shared_ptr<LazyState> state) : state_(std::move(state)) {}
  static Tensor over_new_buffer(Shape shape, DType dtype, const std::string& device, const char* op);
  std::shared_ptr<LazyState> state_;
  friend struct TensorAccess;
};

// ---- free functions: binary ops with broadcasting and promotion ----
Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator<(const Tensor& a, const Tensor& b);
Tensor operator<=(const Tensor& a, const Tensor& b);
Tensor operator>(const Tensor& a, const Tensor& b);
Tensor operator>=(const Tensor& a, const Tensor& b);
Tensor operator==(const Tensor& a, const Tensor& b);
Tensor operator!=(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, double b);
Tensor operator-(const Tensor& a, double b);
Tensor operator*(const Tensor& a, double b);
Tensor operator/(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(double a, const Tensor& b);
Tensor operator<(const Tensor& a, double b);
Tensor operator<=(const Tensor& a, double b);
Tensor operator>(const Tensor& a, double b);
Tensor operator>=(const Tensor& a, double b);
Tensor operator==(const Tensor& a, double b);
Tensor operator!=(const Tensor& a, double b);
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
Tensor where(const Tensor& cond, const Tensor& a, double b);
Tensor where(const Tensor& cond, double a, const Tensor& b);
std::ostream& operator<<(std::ostream& out, const Tensor& t);

// NumPy broadcasting of two shapes; throws lmc::Error naming the op and both shapes.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

} // namespace lmc
