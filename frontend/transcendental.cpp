// Inverse trigonometric functions (atan, atan2, asin, acos) as tensor expressions over the IR's primitives:
// Cephes range reduction and rational/polynomial kernels, one set of constants per float width; its own file.
#include "frontend/lazy.hpp"

#include <cmath>
#include <fmt/format.h>
#include <span>

namespace lmc {
namespace {

// A constant split into a head (the value rounded to the dtype) and the rounding error, so hi + (r + lo) keeps the
// bits the head dropped.
struct Split {
  double hi64, lo64;
  float hi32, lo32;
  double hi(bool f64) const { return f64 ? hi64 : hi32; }
  double lo(bool f64) const { return f64 ? lo64 : lo32; }
};
constexpr Split kPi{3.141592653589793, 1.2246467991473532e-16, 3.14159274f, -8.74227766e-08f};
constexpr Split kPiOver2{1.5707963267948966, 6.123233995736766e-17, 1.57079637f, -4.37113883e-08f};
constexpr Split kPiOver4{0.7853981633974483, 3.061616997868383e-17, 0.785398185f, -2.18556941e-08f};

// Cephes atan.c: atan(x) = x + x^3 P(x^2)/Q(x^2) on |x| <= 0.66 (Q monic; leading coefficient first).
constexpr double kAtanP[] = {-8.750608600031904122785e-1, -1.615753718733365076637e1, -7.500855792314704667340e1,
                             -1.228866684490136173410e2, -6.485021904942025371773e1};
constexpr double kAtanQ[] = {2.485846490142306297962e1, 1.650270098316988542046e2, 4.328810604912902668951e2,
                             4.853903996359136964868e2, 1.945506571482613964425e2};
// Cephes atanf.c: atan(x) = x + x^3 P(x^2) on |x| <= tan(pi/8).
constexpr double kAtanfP[] = {8.05374449538e-2, -1.38776856032e-1, 1.99777106478e-1, -3.33329491539e-1};
constexpr double kTan3PiOver8 = 2.414213562373095;

Tensor float_of(const Tensor& t) {
  return t.dtype().is_float() ? t : t.cast(float32);
}

// The IEEE sign bit (true for -0.0 and negative NaNs too), read through the integer of the same width.
Tensor signbit(const Tensor& x) {
  const DType bits = x.dtype() == float64 ? int64 : x.dtype() == float32 ? int32 : int16;
  Tensor as_int = derive(UOp::make(Op::BITCAST, bits, {x.uop()}), {&x}, "signbit");
  return as_int < 0.0;
}

// |x| with the sign bit cleared (also for -0.0, which a compare-and-negate would keep).
Tensor magnitude(const Tensor& x) {
  return where(signbit(x), -x, x);
}

// Horner's rule; `monic` adds a leading coefficient 1.
Tensor horner(const Tensor& z, std::span<const double> c, bool monic = false) {
  Tensor acc = monic ? z + c[0] : z * c[0] + c[1];
  for (size_t i = monic ? 1 : 2; i < c.size(); ++i)
    acc = acc * z + c[i];
  return acc;
}

// atan of a non-negative (or NaN) x. `unit` says x <= 1, which drops the reduction for large x.
Tensor atan_nonnegative(const Tensor& x, bool unit) {
  const bool f64 = x.dtype() == float64;
  // Reduction: x > tan(3pi/8): pi/2 + atan(-1/x); x > split: pi/4 + atan((x-1)/(x+1)); else atan(x).
  const double split = f64 ? 0.66 : 0.4142135623730950;
  const Tensor mid = x > split;
  Tensor r = where(mid, (x - 1.0) / (x + 1.0), x);
  const Tensor zero = Tensor::zeros({}, x.dtype(), x.device());
  Tensor hi = where(mid, kPiOver4.hi(f64), zero);
  Tensor lo = where(mid, kPiOver4.lo(f64), zero);
  if (!unit) {
    const Tensor big = x > kTan3PiOver8;
    r = where(big, -1.0 / x, r);
    hi = where(big, kPiOver2.hi(f64), hi);
    lo = where(big, kPiOver2.lo(f64), lo);
  }
  const Tensor z = r * r;
  const Tensor tail = f64 ? r * (z * horner(z, kAtanP) / horner(z, kAtanQ, true)) : horner(z, kAtanfP) * z * r;
  return hi + (r + (tail + lo));
}

// Brings y and x to one float dtype (float32 unless either is float64).
std::pair<Tensor, Tensor> float_pair(const Tensor& y, const Tensor& x) {
  DType d = promote(y.dtype(), x.dtype());
  if (!d.is_float()) d = float32;
  if (d != float32 && d != float64)
    throw Error(fmt::format("atan2: {} is not supported (use float32 or float64)", d.name()));
  return {y.cast(d), x.cast(d)};
}

void check_float_width(const Tensor& t, const char* op) {
  if (t.dtype() != float32 && t.dtype() != float64)
    throw Error(fmt::format("{}: {} is not supported (use float32 or float64)", op, t.dtype().name()));
}

} // namespace

Tensor Tensor::atan() const {
  const Tensor x = float_of(*this);
  check_float_width(x, "atan");
  const Tensor a = atan_nonnegative(magnitude(x), false);
  return where(signbit(x), -a, a);
}

Tensor Tensor::atan2(const Tensor& y_in, const Tensor& x_in) {
  auto [y, x] = float_pair(y_in, x_in);
  const bool f64 = y.dtype() == float64;
  const Tensor ax = magnitude(x), ay = magnitude(y);
  // t = min/max of the magnitudes, in [0, 1]; 0/0 counts as 0 and inf/inf as 1, as std::atan2 has it.
  const Tensor swap = ay > ax;
  const Tensor num = where(swap, ax, ay), den = where(swap, ay, ax);
  Tensor t = where(den == 0.0, 0.0, num / den);
  t = where(num == INFINITY, 1.0, t);
  const Tensor base = atan_nonnegative(t, true);
  // By octant: |y| > |x| gives pi/2 -+ base, x < 0 (or -0) gives pi - base; each head is added last, so
  // atan2(1, -0) is pi/2 exactly and the tail's bits are kept.
  const Tensor neg_x = signbit(x);
  const Tensor steep = kPiOver2.hi(f64) + (where(neg_x, base, -base) + kPiOver2.lo(f64));
  const Tensor flat = where(neg_x, kPi.hi(f64) + (kPi.lo(f64) - base), base);
  Tensor a = where(swap, steep, flat);
  a = where(signbit(y), -a, a);
  const Tensor nan = (x != x).logical_or(y != y);
  return where(nan, x + y, a);
}

// asin and acos through atan2 with sqrt((1-x)(1+x)): exact differences near +-1 keep full relative accuracy where
// acos(x) -> 0 and asin(x) -> +-pi/2; |x| > 1 makes the product negative and so the result NaN.
Tensor Tensor::asin() const {
  const Tensor x = float_of(*this);
  check_float_width(x, "asin");
  return atan2(x, ((1.0 - x) * (1.0 + x)).sqrt());
}

Tensor Tensor::acos() const {
  const Tensor x = float_of(*this);
  check_float_width(x, "acos");
  return atan2(((1.0 - x) * (1.0 + x)).sqrt(), x);
}

} // namespace lmc
