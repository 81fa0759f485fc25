// Binary elementwise ops, logic, where and casts: integer dtypes (int32, int64, uint8) compared exactly, NumPy
// broadcasting of three operands, C truncation for float -> int, nonzero -> true for bool. Kept apart from unary_test.
#include "check.hpp"

#include <cmath>
#include <cstdint>

namespace lmc {
namespace {

using check::expect_close;
using check::expect_exact;
using check::tensor_of;

TEST(Integer, Int32ArithmeticIsExact) {
  const ref::Array a = ref::Array::random_ints({7, 9}, 200, -50000, 50000),
                   b = ref::Array::random_ints({9}, 201, -40, 40);
  const Tensor ta = tensor_of(a, int32), tb = tensor_of(b, int32);
  EXPECT_EQ((ta * tb).dtype(), int32);
  expect_exact(ta * tb - ta + 7.0, ref::zip(a, b, [](double x, double y) { return x * y - x + 7; }));
  expect_exact(ta.maximum(tb), ref::zip(a, b, [](double x, double y) { return std::max(x, y); }));
  expect_exact(-ta.minimum(tb), ref::zip(a, b, [](double x, double y) { return -std::min(x, y); }));
  expect_exact(ta.abs(), ref::map(a, [](double x) { return std::abs(x); }));
}

TEST(Integer, Int64KeepsValuesBeyond32Bits) {
  std::vector<int64_t> v{int64_t{1} << 40, -(int64_t{3} << 35), 123456789012LL, -7};
  const Tensor t = Tensor::from_vector(v, {4});
  EXPECT_EQ(t.dtype(), int64);
  const std::vector<int64_t> got = (t * 3.0 + t).to_vector<int64_t>();
  for (size_t i = 0; i < v.size(); ++i)
    EXPECT_EQ(got[i], v[i] * 3 + v[i]);
  const std::vector<int64_t> s = t.sum().to_vector<int64_t>();
  EXPECT_EQ(s[0], v[0] + v[1] + v[2] + v[3]);
  // int32 with int64 promotes to int64.
  EXPECT_EQ((t + Tensor::arange(4)).dtype(), int64);
}

TEST(Integer, Uint8WrapsAroundLikeC) {
  std::vector<uint8_t> a{200, 255, 0, 17, 128}, b{100, 1, 1, 3, 2};
  const Tensor ta = Tensor::from_vector(a, {5}), tb = Tensor::from_vector(b, {5});
  const std::vector<uint8_t> sum = (ta + tb).to_vector<uint8_t>(), prod = (ta * tb).to_vector<uint8_t>(),
                             diff = (tb - ta).to_vector<uint8_t>();
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(sum[i], static_cast<uint8_t>(a[i] + b[i]));
    EXPECT_EQ(prod[i], static_cast<uint8_t>(a[i] * b[i]));
    EXPECT_EQ(diff[i], static_cast<uint8_t>(b[i] - a[i]));
  }
  // Unsigned comparisons: 200 > 100 (a signed view would call 200 negative).
  const std::vector<bool> gt = (ta > tb).to_vector<bool>();
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(gt[i], a[i] > b[i]);
  EXPECT_EQ(ta.max().to_vector<uint8_t>()[0], 255);
}

TEST(Compare, AllComparisonsWithBroadcastAndScalars) {
  const ref::Array a = ref::Array::random_ints({5, 1, 3}, 202, -3, 3), b = ref::Array::random_ints({4, 3}, 203, -3, 3);
  const Tensor ta = tensor_of(a, int32), tb = tensor_of(b);
  auto b01 = [](bool v) { return v ? 1.0 : 0.0; };
  expect_exact((ta < tb).cast(int32), ref::zip(a, b, [&](double x, double y) { return b01(x < y); }));
  expect_exact((ta <= tb).cast(int32), ref::zip(a, b, [&](double x, double y) { return b01(x <= y); }));
  expect_exact((ta > tb).cast(int32), ref::zip(a, b, [&](double x, double y) { return b01(x > y); }));
  expect_exact((ta >= tb).cast(int32), ref::zip(a, b, [&](double x, double y) { return b01(x >= y); }));
  expect_exact((ta == tb).cast(int32), ref::zip(a, b, [&](double x, double y) { return b01(x == y); }));
  expect_exact((ta != tb).cast(int32), ref::zip(a, b, [&](double x, double y) { return b01(x != y); }));
  EXPECT_EQ((ta < tb).dtype(), bool_);
  expect_exact((ta >= 1.0).cast(int32), ref::map(a, [&](double x) { return b01(x >= 1); }));
  // NaN compares false, except with !=.
  const Tensor n = Tensor::full({2}, NAN, float32);
  EXPECT_EQ((n == n).to_vector<bool>(), (std::vector<bool>{false, false}));
  EXPECT_EQ((n != n).to_vector<bool>(), (std::vector<bool>{true, true}));
  EXPECT_EQ((n < 1.0).to_vector<bool>(), (std::vector<bool>{false, false}));
}

TEST(Logic, AndOrNotOnBoolAndNumericTensors) {
  const ref::Array a = ref::Array::random_ints({6, 5}, 204, 0, 1), b = ref::Array::random_ints({5}, 205, -2, 2);
  const Tensor ta = tensor_of(a, bool_), tb = tensor_of(b, int32);
  expect_exact(ta.logical_and(tb).cast(int32), ref::zip(a, b, [](double x, double y) { return x && y ? 1.0 : 0.0; }));
  expect_exact(ta.logical_or(tb).cast(int32), ref::zip(a, b, [](double x, double y) { return x || y ? 1.0 : 0.0; }));
  expect_exact(tb.logical_not().cast(int32), ref::map(b, [](double y) { return y == 0 ? 1.0 : 0.0; }));
  expect_exact(ta.logical_not().logical_not().cast(int32), a);
  EXPECT_EQ(ta.logical_and(tb).dtype(), bool_);
}

TEST(Where, BroadcastsConditionAndBothBranches) {
  const ref::Array c = ref::Array::random_ints({5, 1, 1}, 206, 0, 1), x = ref::Array::random({1, 4, 3}, 207),
                   y = ref::Array::random({3}, 208);
  const Tensor got = where(tensor_of(c, bool_), tensor_of(x, float64), tensor_of(y, float64));
  ref::Array want = ref::zip(ref::zip(c, x, [](double cv, double xv) { return cv != 0 ? xv : NAN; }), y,
                             [](double cx, double yv) { return std::isnan(cx) ? yv : cx; });
  expect_close(got, want, 0);
  // A numeric condition means != 0; scalar branches take the other branch's dtype.
  const ref::Array k = ref::Array::random_ints({7}, 209, -1, 1);
  expect_exact(where(tensor_of(k, int32), Tensor::arange(7), -1.0), ref::Array{{7}, [&] {
                                                                                 std::vector<double> v;
                                                                                 for (int i = 0; i < 7; ++i)
                                                                                   v.push_back(k.v[i] != 0 ? i : -1);
                                                                                 return v;
                                                                               }()});
  // Mixed dtypes promote: int32 branch with a float64 branch gives float64.
  const Tensor mixed = where(tensor_of(k, bool_), Tensor::arange(7), Tensor::full({1}, 0.5, float64));
  EXPECT_EQ(mixed.dtype(), float64);
  std::vector<double> mixed_want;
  for (int i = 0; i < 7; ++i)
    mixed_want.push_back(k.v[i] != 0 ? i : 0.5);
  expect_close(mixed, ref::Array{{7}, mixed_want}, 0);
}

TEST(Cast, FloatToIntTruncatesTowardZero) {
  const ref::Array a{{8}, {-2.7, -2.5, -0.9, -0.0, 0.4, 0.99, 2.5, 1e6 + 0.75}};
  expect_exact(tensor_of(a, float64).cast(int32), ref::map(a, [](double x) { return std::trunc(x); }));
  expect_exact(tensor_of(a).cast(int64), ref::map(a, [](double x) { return std::trunc(static_cast<float>(x)); }));
  const std::vector<uint8_t> u = tensor_of(ref::Array{{3}, {0.5, 200.9, 255.0}}).cast(uint8).to_vector<uint8_t>();
  EXPECT_EQ(u, (std::vector<uint8_t>{0, 200, 255}));
}

TEST(Cast, NonzeroIsTrueAndBoolIsZeroOrOne) {
  const ref::Array a{{6}, {0.0, -0.0, 1e-30, -3.0, NAN, INFINITY}};
  EXPECT_EQ(tensor_of(a, float64).cast(bool_).to_vector<bool>(),
            (std::vector<bool>{false, false, true, true, true, true}));
  const std::vector<bool> flags{true, false, true};
  const Tensor b = Tensor::from_vector(flags, {3});
  EXPECT_EQ(b.cast(float32).to_vector<float>(), (std::vector<float>{1, 0, 1}));
  EXPECT_EQ(b.cast(int64).to_vector<int64_t>(), (std::vector<int64_t>{1, 0, 1}));
  EXPECT_EQ((b + b).dtype(), bool_);
  EXPECT_EQ(b.sum().to_vector<int32_t>()[0], 2);
}

TEST(Cast, IntegerWidthsWrapAndExtendBySignedness) {
  std::vector<int32_t> v{300, -1, 255, -129, 70000};
  const Tensor t = Tensor::from_vector(v, {5});
  const std::vector<uint8_t> u = t.cast(uint8).to_vector<uint8_t>();
  const std::vector<int64_t> w = t.cast(int64).to_vector<int64_t>();
  const std::vector<int64_t> from_u8 = t.cast(uint8).cast(int64).to_vector<int64_t>();
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(u[i], static_cast<uint8_t>(v[i]));
    EXPECT_EQ(w[i], v[i]);
    EXPECT_EQ(from_u8[i], static_cast<int64_t>(static_cast<uint8_t>(v[i])));
  }
  const std::vector<double> d = t.cast(float64).to_vector<double>();
  for (size_t i = 0; i < v.size(); ++i)
    EXPECT_EQ(d[i], v[i]);
  check::expect_error([&] { (void)t.cast(float32.ptr()); }, {"cast"});
}

TEST(Binary, FloatDivisionOfIntegersAndScalarPromotion) {
  const Tensor i = Tensor::arange(1, 8);
  EXPECT_EQ((i / 2.0).dtype(), float32);
  EXPECT_EQ((i * 2.0).dtype(), int32);
  EXPECT_EQ((i * 2.5).dtype(), float32);
  expect_close(i * 2.5, ref::Array{{7}, {2.5, 5, 7.5, 10, 12.5, 15, 17.5}}, 0);
  expect_close(1.0 / i, ref::map(ref::Array{{7}, {1, 2, 3, 4, 5, 6, 7}}, [](double x) { return 1 / x; }), 1e-7);
  expect_close(10.0 - i, ref::Array{{7}, {9, 8, 7, 6, 5, 4, 3}}, 0);
}

} // namespace
} // namespace lmc
