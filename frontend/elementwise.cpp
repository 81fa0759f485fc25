// Elementwise ops: broadcasting, dtype promotion, arithmetic, comparisons, logic, where, cast, and the
// transcendental functions built from the IR's few primitives (EXP2, LOG2, SIN, SQRT).
#include "frontend/lazy.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace lmc {

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  const size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1)
      throw Error(fmt::format("{}: shapes {} and {} cannot be broadcast", op, shape_str(a), shape_str(b)));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

namespace {

Tensor broadcast_to(const Tensor& t, const Shape& shape) {
  if (t.shape() == shape) return t;
  Shape padded(shape.size() - t.shape().size(), 1);
  padded.insert(padded.end(), t.shape().begin(), t.shape().end());
  return t.reshape(padded).expand(shape);
}

UOp node(const Tensor& t) {
  return t.uop();
}

// Promotes both sides, broadcasts, and applies `op`.
Tensor binary(Op op, Tensor a, Tensor b, const char* name, bool float_result = false) {
  DType d = promote(a.dtype(), b.dtype());
  if (float_result && !d.is_float()) d = float32;
  if (a.dtype() != d) a = a.cast(d);
  if (b.dtype() != d) b = b.cast(d);
  const Shape shape = broadcast_shapes(a.shape(), b.shape(), name);
  a = broadcast_to(a, shape);
  b = broadcast_to(b, shape);
  return derive(UOp::alu(op, {node(a), node(b)}), {&a, &b}, name);
}

// A scalar takes the tensor's dtype when that dtype holds it exactly. C++ passes `t + 1` as a double, so an
// integral value in range counts as a Python int and keeps an integer tensor's dtype; any other value with an
// integer or bool tensor (a fraction, an infinity, NaN, or outside the dtype's range, as int32 + 1e30) makes the
// result float32, as PyTorch does for a Python float (the alternative, casting 1e30 to int32, is undefined).
Tensor scalar_like(const Tensor& t, double v) {
  DType d = t.dtype();
  if (d.is_bool() ? v != 0.0 && v != 1.0 : !d.is_float() && (v != std::trunc(v) || !int_of_double(v, d))) d = float32;
  return derive(const_like(v, d, {}), {&t}, "scalar");
}

Tensor unary(Op op, const Tensor& t, const char* name) {
  if (!t.dtype().is_float())
    throw Error(fmt::format("{}: needs a floating-point tensor, got {}", name, t.dtype().name()));
  return derive(UOp::alu(op, {node(t)}), {&t}, name);
}

Tensor as_float(const Tensor& t) {
  return t.dtype().is_float() ? t : t.cast(float32);
}

} // namespace

Tensor operator+(const Tensor& a, const Tensor& b) {
  return binary(Op::ADD, a, b, "add");
}
Tensor operator-(const Tensor& a, const Tensor& b) {
  return binary(Op::SUB, a, b, "sub");
}
Tensor operator*(const Tensor& a, const Tensor& b) {
  return binary(Op::MUL, a, b, "mul");
}
Tensor operator/(const Tensor& a, const Tensor& b) {
  return binary(Op::FDIV, a, b, "div", true);
}
Tensor operator<(const Tensor& a, const Tensor& b) {
  return binary(Op::CMPLT, a, b, "lt");
}
Tensor operator<=(const Tensor& a, const Tensor& b) {
  return binary(Op::CMPLE, a, b, "le");
}
Tensor operator>(const Tensor& a, const Tensor& b) {
  return binary(Op::CMPLT, b, a, "gt");
}
Tensor operator>=(const Tensor& a, const Tensor& b) {
  return binary(Op::CMPLE, b, a, "ge");
}
Tensor operator==(const Tensor& a, const Tensor& b) {
  return binary(Op::CMPEQ, a, b, "eq");
}
Tensor operator!=(const Tensor& a, const Tensor& b) {
  return binary(Op::CMPNE, a, b, "ne");
}
Tensor operator+(const Tensor& a, double b) {
  return a + scalar_like(a, b);
}
Tensor operator-(const Tensor& a, double b) {
  return a - scalar_like(a, b);
}
Tensor operator*(const Tensor& a, double b) {
  return a * scalar_like(a, b);
}
Tensor operator/(const Tensor& a, double b) {
  return a / scalar_like(a, b);
}
Tensor operator+(double a, const Tensor& b) {
  return scalar_like(b, a) + b;
}
Tensor operator-(double a, const Tensor& b) {
  return scalar_like(b, a) - b;
}
Tensor operator*(double a, const Tensor& b) {
  return scalar_like(b, a) * b;
}
Tensor operator/(double a, const Tensor& b) {
  return scalar_like(b, a) / b;
}
Tensor operator<(const Tensor& a, double b) {
  return a < scalar_like(a, b);
}
Tensor operator<=(const Tensor& a, double b) {
  return a <= scalar_like(a, b);
}
Tensor operator>(const Tensor& a, double b) {
  return a > scalar_like(a, b);
}
Tensor operator>=(const Tensor& a, double b) {
  return a >= scalar_like(a, b);
}
Tensor operator==(const Tensor& a, double b) {
  return a == scalar_like(a, b);
}
Tensor operator!=(const Tensor& a, double b) {
  return a != scalar_like(a, b);
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  Tensor c = cond.dtype().is_bool() ? cond : cond != 0.0;
  DType d = promote(a.dtype(), b.dtype());
  Tensor x = a.dtype() == d ? a : a.cast(d);
  Tensor y = b.dtype() == d ? b : b.cast(d);
  const Shape shape = broadcast_shapes(broadcast_shapes(c.shape(), x.shape(), "where"), y.shape(), "where");
  c = broadcast_to(c, shape);
  x = broadcast_to(x, shape);
  y = broadcast_to(y, shape);
  return derive(UOp::alu(Op::WHERE, {node(c), node(x), node(y)}), {&c, &x, &y}, "where");
}
Tensor where(const Tensor& cond, const Tensor& a, double b) {
  return where(cond, a, scalar_like(a, b));
}
Tensor where(const Tensor& cond, double a, const Tensor& b) {
  return where(cond, scalar_like(b, a), b);
}

Tensor Tensor::operator-() const {
  if (dtype().is_bool()) throw Error("neg: cannot negate a bool tensor (use logical_not)");
  return derive(UOp::alu(Op::NEG, {uop()}), {this}, "neg");
}

Tensor Tensor::cast(DType to) const {
  if (to.is_pointer() || to.is_void() || to.is_vector())
    throw Error("cast: to " + to.name() + " is not a tensor dtype");
  if (to == dtype()) return *this;
  return derive(UOp::make(Op::CAST, to, {uop()}), {this}, "cast");
}

Tensor Tensor::exp2() const {
  return unary(Op::EXP2, as_float(*this), "exp2");
}
Tensor Tensor::log2() const {
  return unary(Op::LOG2, as_float(*this), "log2");
}
Tensor Tensor::exp() const {
  return (as_float(*this) * std::numbers::log2e).exp2();
}
Tensor Tensor::log() const {
  return as_float(*this).log2() * std::numbers::ln2;
}
Tensor Tensor::sqrt() const {
  return unary(Op::SQRT, as_float(*this), "sqrt");
}
Tensor Tensor::reciprocal() const {
  return unary(Op::RECIPROCAL, as_float(*this), "reciprocal");
}
Tensor Tensor::rsqrt() const {
  return sqrt().reciprocal();
}
Tensor Tensor::sin() const {
  return unary(Op::SIN, as_float(*this), "sin");
}
Tensor Tensor::cos() const {
  return (std::numbers::pi / 2 - as_float(*this)).sin();
}
Tensor Tensor::tan() const {
  return sin() / cos();
}
Tensor Tensor::maximum(const Tensor& other) const {
  return binary(Op::MAX, *this, other, "maximum");
}
Tensor Tensor::minimum(const Tensor& other) const {
  return binary(Op::MIN, *this, other, "minimum");
}
Tensor Tensor::relu() const {
  return maximum(scalar_like(*this, 0.0));
}
Tensor Tensor::abs() const {
  return where(*this < 0.0, -*this, *this);
}
Tensor Tensor::sign() const {
  Tensor one = scalar_like(*this, 1.0), zero = scalar_like(*this, 0.0);
  return where(*this > 0.0, one, where(*this < 0.0, -one, zero * *this));
}
Tensor Tensor::sigmoid() const {
  return 1.0 / (1.0 + (-as_float(*this)).exp());
}
Tensor Tensor::tanh() const {
  return 2.0 * (as_float(*this) * 2.0).sigmoid() - 1.0;
}
Tensor Tensor::clip(double lo, double hi) const {
  if (lo > hi) throw Error(fmt::format("clip: lower bound {} exceeds upper bound {}", lo, hi));
  return maximum(scalar_like(*this, lo)).minimum(scalar_like(*this, hi));
}
Tensor Tensor::floor() const {
  if (!dtype().is_float()) return *this;
  Tensor t = unary(Op::TRUNC, *this, "floor");
  return where(*this < t, t - 1.0, t);
}
Tensor Tensor::ceil() const {
  if (!dtype().is_float()) return *this;
  Tensor t = unary(Op::TRUNC, *this, "ceil");
  return where(*this > t, t + 1.0, t);
}
Tensor Tensor::round() const {
  if (!dtype().is_float()) return *this;
  Tensor r = (*this + 0.5).floor();
  // A tie (x + 0.5 landed exactly on an integer) rounds to the even neighbour, as numpy and torch do.
  Tensor tie = (r - *this) == 0.5;
  Tensor odd = (r - (r * 0.5).floor() * 2.0) != 0.0;
  return where(tie.logical_and(odd), r - 1.0, r);
}
Tensor Tensor::pow(const Tensor& e) const {
  // x^e = 2^(e*log2|x|); a negative base gives a real result only for integral e (sign from e's parity).
  Tensor x = as_float(*this);
  Tensor ex = e.dtype().is_float() ? e : e.cast(x.dtype());
  Tensor mag = (ex * x.abs().log2()).exp2();
  Tensor integral = ex.floor() == ex;
  Tensor odd = (ex - (ex * 0.5).floor() * 2.0) != 0.0;
  Tensor neg = where(integral, where(odd, -mag, mag), mag * std::nan(""));
  Tensor base_zero =
      where(ex == 0.0, scalar_like(mag, 1.0), where(ex < 0.0, scalar_like(mag, INFINITY), scalar_like(mag, 0.0)));
  return where(x < 0.0, neg, where(x == 0.0, base_zero, mag));
}
Tensor Tensor::pow(double e) const {
  if (e == 2.0) return *this * *this;
  if (e == 1.0) return *this;
  if (e == 0.5) return sqrt();
  return pow(scalar_like(as_float(*this), e));
}
Tensor Tensor::logical_not() const {
  Tensor b = dtype().is_bool() ? *this : *this != 0.0;
  return derive(UOp::alu(Op::XOR, {b.uop(), const_like(1.0, bool_, b.shape())}), {&b}, "logical_not");
}
Tensor Tensor::logical_and(const Tensor& other) const {
  Tensor a = dtype().is_bool() ? *this : *this != 0.0;
  Tensor b = other.dtype().is_bool() ? other : other != 0.0;
  return binary(Op::AND, a, b, "logical_and");
}
Tensor Tensor::logical_or(const Tensor& other) const {
  Tensor a = dtype().is_bool() ? *this : *this != 0.0;
  Tensor b = other.dtype().is_bool() ? other : other != 0.0;
  return binary(Op::OR, a, b, "logical_or");
}

} // namespace lmc
