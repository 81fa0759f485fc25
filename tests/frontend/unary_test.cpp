// Elementwise functions against libm in float64: every unary op of the API in float32 and float64, the inverse
// trigonometric functions by ulp (edges +-1, +-0, +-inf, NaN; every atan2 quadrant), pow, clip, sign, relu.
#include "check.hpp"

#include <cfloat>
#include <cmath>

namespace lmc {
namespace {

using check::expect_close;
using check::tensor_of;

using Fn = double (*)(double);

struct UnaryCase {
  const char* name;
  Tensor (*op)(const Tensor&);
  Fn ref;
  double lo, hi, tol32, tol64;
};

const UnaryCase kUnary[] = {
    {"exp", [](const Tensor& t) { return t.exp(); }, [](double x) { return std::exp(x); }, -8, 8, 2e-6, 1e-13},
    {"log", [](const Tensor& t) { return t.log(); }, [](double x) { return std::log(x); }, 1e-3, 50, 2e-6, 1e-13},
    {"exp2", [](const Tensor& t) { return t.exp2(); }, [](double x) { return std::exp2(x); }, -9, 9, 2e-6, 1e-13},
    {"log2", [](const Tensor& t) { return t.log2(); }, [](double x) { return std::log2(x); }, 1e-3, 50, 2e-6, 1e-13},
    {"sqrt", [](const Tensor& t) { return t.sqrt(); }, [](double x) { return std::sqrt(x); }, 0, 50, 1e-7, 1e-15},
    {"rsqrt", [](const Tensor& t) { return t.rsqrt(); }, [](double x) { return 1 / std::sqrt(x); }, 0.01, 50, 2e-7,
     1e-15},
    {"reciprocal", [](const Tensor& t) { return t.reciprocal(); }, [](double x) { return 1 / x; }, 0.1, 9, 1e-7, 1e-15},
    {"sin", [](const Tensor& t) { return t.sin(); }, [](double x) { return std::sin(x); }, -7, 7, 2e-6, 1e-13},
    {"cos", [](const Tensor& t) { return t.cos(); }, [](double x) { return std::cos(x); }, -7, 7, 2e-6, 1e-13},
    {"tan", [](const Tensor& t) { return t.tan(); }, [](double x) { return std::tan(x); }, -1.4, 1.4, 2e-5, 1e-12},
    {"abs", [](const Tensor& t) { return t.abs(); }, [](double x) { return std::abs(x); }, -5, 5, 0, 0},
    {"neg", [](const Tensor& t) { return -t; }, [](double x) { return -x; }, -5, 5, 0, 0},
    {"relu", [](const Tensor& t) { return t.relu(); }, [](double x) { return std::max(x, 0.0); }, -5, 5, 0, 0},
    {"sigmoid", [](const Tensor& t) { return t.sigmoid(); }, [](double x) { return 1 / (1 + std::exp(-x)); }, -9, 9,
     2e-6, 1e-13},
    {"tanh", [](const Tensor& t) { return t.tanh(); }, [](double x) { return std::tanh(x); }, -4, 4, 2e-6, 1e-13},
    {"floor", [](const Tensor& t) { return t.floor(); }, [](double x) { return std::floor(x); }, -9, 9, 0, 0},
    {"ceil", [](const Tensor& t) { return t.ceil(); }, [](double x) { return std::ceil(x); }, -9, 9, 0, 0},
    {"round", [](const Tensor& t) { return t.round(); }, [](double x) { return std::nearbyint(x); }, -9, 9, 0, 0},
    {"acos", [](const Tensor& t) { return t.acos(); }, [](double x) { return std::acos(x); }, -1, 1, 4e-7, 1e-15},
    {"asin", [](const Tensor& t) { return t.asin(); }, [](double x) { return std::asin(x); }, -1, 1, 4e-7, 1e-15},
    {"atan", [](const Tensor& t) { return t.atan(); }, [](double x) { return std::atan(x); }, -30, 30, 4e-7, 1e-15},
};

TEST(Unary, EveryFunctionMatchesLibmInFloat32AndFloat64) {
  for (const UnaryCase& c : kUnary) {
    SCOPED_TRACE(c.name);
    const ref::Array a = ref::Array::random({7, 37}, 100, c.lo, c.hi);
    // float32 inputs are rounded first, so the reference sees the same inputs.
    const ref::Array a32 = ref::map(a, [](double x) { return static_cast<double>(static_cast<float>(x)); });
    expect_close(c.op(tensor_of(a32)), ref::map(a32, c.ref), c.tol32);
    expect_close(c.op(tensor_of(a, float64)), ref::map(a, c.ref), c.tol64);
  }
}

TEST(Unary, FunctionsOfPermutedFlippedSlicedViews) {
  const ref::Array a = ref::Array::random({5, 9}, 101, 0.1, 3.0);
  const Tensor t = tensor_of(a, float64);
  expect_close(t.permute({1, 0}).log(), ref::map(ref::permute(a, {1, 0}), [](double x) { return std::log(x); }), 1e-13);
  expect_close(t.flip(1).sqrt(), ref::map(ref::flip(a, 1), [](double x) { return std::sqrt(x); }), 1e-15);
  expect_close(t.shrink({{1, 4}, {2, 9}}).atan(),
               ref::map(ref::shrink(a, {{1, 4}, {2, 9}}), [](double x) { return std::atan(x); }), 1e-15);
  // A padded view: the zeros of the padding go through the function too (acos(0) = pi/2).
  expect_close(t.pad({{1, 0}, {0, 2}}).cos(),
               ref::map(ref::pad(a, {{1, 0}, {0, 2}}), [](double x) { return std::cos(x); }), 1e-13);
  expect_close((t * 0.3).pad({{0, 1}, {2, 0}}).acos(),
               ref::map(ref::pad(ref::map(a, [](double x) { return x * 0.3; }), {{0, 1}, {2, 0}}),
                        [](double x) { return std::acos(x); }),
               1e-15);
}

// Distance in units in the last place of the correctly rounded result (libm in float64 stands in for it).
template <class T>
double ulps(T got, double want) {
  if (std::isnan(want)) return std::isnan(got) ? 0 : INFINITY;
  if (std::isinf(want) || want == 0) return static_cast<double>(got) == want ? 0 : INFINITY;
  const T r = static_cast<T>(want);
  const double ulp = static_cast<double>(std::nextafter(std::abs(r), std::numeric_limits<T>::infinity())) -
                     static_cast<double>(std::abs(r));
  return std::abs(static_cast<double>(got) - want) / ulp;
}

// Inputs of [-1, 1]: a dense sweep, then values approaching +-1 and 0 geometrically, then the edges.
template <class T>
std::vector<T> unit_interval_inputs() {
  std::vector<T> xs;
  for (int i = -5000; i <= 5000; ++i)
    xs.push_back(static_cast<T>(i / 5000.0));
  for (int k = 1; k < std::numeric_limits<T>::digits; ++k) {
    const T e = std::ldexp(T(1), -k);
    for (T v : {T(1) - e, T(-1) + e, e, -e, T(3) * e})
      xs.push_back(v);
  }
  for (T v : {T(1), T(-1), T(0), T(-0.0), std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::min()})
    xs.push_back(v);
  return xs;
}

template <class T>
double worst_ulps(const std::vector<T>& xs, Tensor (*op)(const Tensor&), Fn ref) {
  const std::vector<T> got = op(Tensor::from_vector(xs, {static_cast<int64_t>(xs.size())})).template to_vector<T>();
  double worst = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double e = ulps(got[i], ref(static_cast<double>(xs[i])));
    EXPECT_LE(e, 4.0) << "input " << static_cast<double>(xs[i]) << " got " << static_cast<double>(got[i]);
    worst = std::max(worst, e);
  }
  return worst;
}

TEST(InverseTrig, AcosAsinWithinTwoAndAHalfUlpsOnFloat32AndThreeOnFloat64) {
  for (const UnaryCase& c : kUnary) {
    if (std::string(c.name) != "acos" && std::string(c.name) != "asin") continue;
    SCOPED_TRACE(c.name);
    EXPECT_LE(worst_ulps(unit_interval_inputs<float>(), c.op, c.ref), 2.5);
    EXPECT_LE(worst_ulps(unit_interval_inputs<double>(), c.op, c.ref), 3.0);
  }
}

TEST(InverseTrig, AcosNearOneKeepsRelativeAccuracyForGoldenData) {
  // Monty's golden data needs arccos in float64 to 1e-12 relative, also where acos(x) -> 0.
  std::vector<double> xs;
  for (int k = 1; k <= 52; ++k)
    xs.push_back(1.0 - std::ldexp(1.0, -k));
  std::vector<double> got = Tensor::from_vector(xs, {52}).acos().to_vector<double>();
  for (size_t i = 0; i < xs.size(); ++i)
    EXPECT_NEAR(got[i], std::acos(xs[i]), 1e-15 * std::acos(xs[i])) << xs[i];
}

TEST(InverseTrig, AtanOverManyDecades) {
  Tensor (*atan)(const Tensor&) = [](const Tensor& t) { return t.atan(); };
  Fn ref = [](double x) { return std::atan(x); };
  std::vector<float> xf;
  std::vector<double> xd;
  for (int i = -400; i <= 400; ++i) {
    const double mag = std::pow(10.0, i / 20.0);
    for (double v : {mag, -mag, mag * 1.37, -mag * 0.61}) {
      xf.push_back(static_cast<float>(v));
      xd.push_back(v);
    }
  }
  for (double v : {0.0, -0.0, 0.4142135623730950, 0.66, 2.414213562373095, 1.0, -1.0}) {
    xf.push_back(static_cast<float>(v));
    xd.push_back(v);
  }
  EXPECT_LE(worst_ulps(xf, atan, ref), 2.5);
  EXPECT_LE(worst_ulps(xd, atan, ref), 3.0);
}

template <class T>
void expect_special_values(DType dtype) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::vector<T> xs{T(1), T(-1), T(0), T(-0.0), inf, -inf, nan, T(1.5), T(-2)};
  const Tensor t = Tensor::from_vector(xs, {9});
  ASSERT_EQ(t.dtype(), dtype);
  const std::vector<T> ac = t.acos().template to_vector<T>(), as = t.asin().template to_vector<T>(),
                       at = t.atan().template to_vector<T>();
  for (size_t i = 0; i < xs.size(); ++i) {
    const T x = xs[i];
    for (auto [got, want] : {std::pair<T, T>{ac[i], std::acos(x)}, {as[i], std::asin(x)}, {at[i], std::atan(x)}}) {
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(got)) << "x=" << x;
      } else if (std::abs(x) == T(1.5) || std::abs(x) == T(2)) {
        EXPECT_LE(ulps(got, static_cast<double>(want)), 2.0) << "x=" << x; // ordinary values: libm is not exact
      } else {
        EXPECT_EQ(got, want) << "x=" << x;
        EXPECT_EQ(std::signbit(got), std::signbit(want)) << "x=" << x;
      }
    }
  }
}

TEST(InverseTrig, SpecialValuesMatchLibmExactly) {
  expect_special_values<float>(float32);
  expect_special_values<double>(float64);
}

template <class T>
void expect_atan2_grid() {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::vector<T> vals{T(0),    T(-0.0),  T(1),     T(-1),  T(2.5),
                            T(-0.3), T(1e-30), T(-1e30), inf,    -inf,
                            nan,     T(3),     T(-3),    T(0.7), std::numeric_limits<T>::denorm_min()};
  std::vector<T> ys, xs;
  for (T y : vals)
    for (T x : vals) {
      ys.push_back(y);
      xs.push_back(x);
    }
  const int64_t n = static_cast<int64_t>(ys.size());
  const std::vector<T> got =
      Tensor::atan2(Tensor::from_vector(ys, {n}), Tensor::from_vector(xs, {n})).template to_vector<T>();
  for (int64_t i = 0; i < n; ++i) {
    const T want = std::atan2(ys[i], xs[i]);
    SCOPED_TRACE(testing::Message() << "atan2(" << ys[i] << ", " << xs[i] << ")");
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got[i]));
      continue;
    }
    EXPECT_EQ(std::signbit(got[i]), std::signbit(want));
    EXPECT_LE(ulps(got[i], std::atan2(static_cast<double>(ys[i]), static_cast<double>(xs[i]))), 2.5) << got[i];
  }
}

TEST(InverseTrig, Atan2EveryQuadrantAndEveryZeroInfinityNaNCase) {
  expect_atan2_grid<float>();
  expect_atan2_grid<double>();
}

TEST(InverseTrig, Atan2BroadcastsAndPromotes) {
  const ref::Array y = ref::Array::random({6, 1}, 102, -3, 3), x = ref::Array::random({11}, 103, -3, 3);
  const Tensor got = Tensor::atan2(tensor_of(y, float64), tensor_of(x));
  EXPECT_EQ(got.dtype(), float64);
  expect_close(got,
               ref::zip(y, ref::map(x, [](double v) { return double(float(v)); }),
                        [](double a, double b) { return std::atan2(a, b); }),
               1e-15);
  // Integer operands compute in float32.
  const Tensor ints = Tensor::atan2(Tensor::arange(-3, 4), Tensor::full({7}, -2, int32));
  EXPECT_EQ(ints.dtype(), float32);
  std::vector<float> v = ints.to_vector<float>();
  for (int i = 0; i < 7; ++i)
    EXPECT_NEAR(v[i], std::atan2(i - 3.0, -2.0), 3e-7);
}

TEST(Pow, NegativeBasesWithIntegralExponentsAndNaNOtherwise) {
  const ref::Array base{{8}, {-2, -1.5, -0.5, 0, 0, 0, 2, 3}};
  const ref::Array ex{{8}, {3, 2, -3, 2, 0, -1, 0.5, -2}};
  expect_close(tensor_of(base, float64).pow(tensor_of(ex, float64)),
               ref::zip(base, ex, [](double b, double e) { return std::pow(b, e); }), 1e-14);
  const ref::Array nb{{3}, {-2, -0.5, -8}};
  expect_close(tensor_of(nb).pow(0.5), ref::map(nb, [](double b) { return std::pow(b, 0.5); }));
  expect_close(tensor_of(nb).pow(1.5), ref::map(nb, [](double b) { return std::pow(b, 1.5); }));
  const ref::Array a = ref::Array::random({5, 7}, 104, 0.1, 3), e = ref::Array::random({7}, 105, -2, 2);
  expect_close(tensor_of(a, float64).pow(tensor_of(e, float64)),
               ref::zip(a, e, [](double b, double x) { return std::pow(b, x); }), 1e-13);
  for (double k : {-3.0, -1.0, 0.0, 1.0, 2.0, 3.0, 5.0}) {
    SCOPED_TRACE(k);
    const ref::Array s = ref::Array::random({9}, 106, -3, 3);
    expect_close(tensor_of(s, float64).pow(k), ref::map(s, [&](double b) { return std::pow(b, k); }), 1e-13);
  }
}

TEST(Elementwise, ClipSignRelu) {
  const ref::Array a = ref::Array::random({9, 5}, 107, -4, 4);
  const Tensor t = tensor_of(a, float64);
  expect_close(t.clip(-1.25, 2.5), ref::map(a, [](double x) { return std::clamp(x, -1.25, 2.5); }), 0);
  expect_close(t.relu(), ref::map(a, [](double x) { return x > 0 ? x : 0.0; }), 0);
  const ref::Array s{{5}, {-3, -0.0, 0, 2.5, NAN}};
  expect_close(tensor_of(s, float64).sign(), ref::Array{{5}, {-1, 0, 0, 1, NAN}}, 0);
  const ref::Array ints{{5}, {-7, 0, 4, -1, 1}};
  const Tensor si = tensor_of(ints, int32).sign();
  EXPECT_EQ(si.dtype(), int32);
  check::expect_exact(si, ref::Array{{5}, {-1, 0, 1, -1, 1}});
  check::expect_exact(tensor_of(ints, int32).clip(-2, 3), ref::Array{{5}, {-2, 0, 3, -1, 1}});
  check::expect_exact(tensor_of(ints, int32).relu(), ref::Array{{5}, {0, 0, 4, 0, 1}});
  check::expect_error([&] { (void)t.clip(2, 1); }, {"clip"});
}

TEST(Elementwise, UnaryOfIntegerTensorsComputesInFloat32) {
  const Tensor t = Tensor::arange(1, 6);
  EXPECT_EQ(t.sqrt().dtype(), float32);
  expect_close(t.sqrt(), ref::Array{{5}, {1, std::sqrt(2.0), std::sqrt(3.0), 2, std::sqrt(5.0)}}, 1e-7);
  expect_close(t.exp(), ref::map(ref::Array{{5}, {1, 2, 3, 4, 5}}, [](double x) { return std::exp(x); }), 2e-6);
}

} // namespace
} // namespace lmc
