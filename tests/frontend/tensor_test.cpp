// Frontend ops on the CPU backend against the float64 reference: random inputs of odd sizes, broadcasting,
// permuted/padded/flipped/sliced/expanded views, reductions over several axes, exact integer results.
#include "reference.hpp"

#include <lmc/lmc.hpp>

#include <gtest/gtest.h>

namespace lmc {
namespace {

Tensor tensor_of(const ref::Array& a, DType dtype = float32) {
  if (dtype == float64) return Tensor::from_vector(a.v, a.shape);
  if (dtype == int32) return Tensor::from_vector(a.as<int32_t>(), a.shape);
  return Tensor::from_vector(a.as<float>(), a.shape);
}

void expect_close(const Tensor& t, const ref::Array& want, double tol = 1e-5) {
  ASSERT_EQ(t.shape(), want.shape);
  std::vector<double> got = t.cast(float64).to_vector<double>();
  ASSERT_EQ(got.size(), want.v.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want.v[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "at " << i;
      continue;
    }
    ASSERT_NEAR(got[i], want.v[i], tol * std::max(1.0, std::abs(want.v[i]))) << "at flat index " << i;
  }
}

TEST(Elementwise, BroadcastAddOfOddShapes) {
  auto a = ref::Array::random({7, 1, 5}, 1), b = ref::Array::random({3, 1}, 2);
  expect_close(tensor_of(a) + tensor_of(b), ref::zip(a, b, std::plus<>()));
}

TEST(Elementwise, ChainOfOpsWithScalars) {
  auto a = ref::Array::random({13, 11}, 3), b = ref::Array::random({11}, 4, 0.5, 2.0);
  Tensor t = (tensor_of(a) * 2.0 - tensor_of(b)) / tensor_of(b) + 1.5;
  expect_close(t, ref::zip(a, b, [](double x, double y) { return (x * 2.0 - y) / y + 1.5; }));
}

TEST(Elementwise, TranscendentalsMatchLibm) {
  auto a = ref::Array::random({257}, 5, 0.1, 4.0);
  Tensor t = tensor_of(a);
  expect_close(t.exp(), ref::map(a, [](double x) { return std::exp(x); }), 1e-5);
  expect_close(t.log(), ref::map(a, [](double x) { return std::log(x); }), 1e-5);
  expect_close(t.sqrt(), ref::map(a, [](double x) { return std::sqrt(x); }), 1e-6);
  expect_close(t.sin(), ref::map(a, [](double x) { return std::sin(x); }), 1e-5);
  expect_close(t.cos(), ref::map(a, [](double x) { return std::cos(x); }), 1e-5);
  expect_close(t.sigmoid(), ref::map(a, [](double x) { return 1 / (1 + std::exp(-x)); }), 1e-5);
  expect_close(t.tanh(), ref::map(a, [](double x) { return std::tanh(x); }), 1e-5);
}

TEST(Elementwise, RoundingFamily) {
  ref::Array a{{10}, {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.25, -2.75, 3.0, -0.0}}; // exact in float32
  Tensor t = tensor_of(a);
  expect_close(t.round(), ref::map(a, [](double x) { return std::nearbyint(x); }), 0);
  expect_close(t.floor(), ref::map(a, [](double x) { return std::floor(x); }), 0);
  expect_close(t.ceil(), ref::map(a, [](double x) { return std::ceil(x); }), 0);
  expect_close(t.abs(), ref::map(a, [](double x) { return std::abs(x); }), 0);
}

TEST(Elementwise, ComparisonsAndWhere) {
  auto a = ref::Array::random({9, 4}, 6), b = ref::Array::random({4}, 7);
  Tensor ta = tensor_of(a), tb = tensor_of(b);
  expect_close(where(ta < tb, ta, tb * 3.0), ref::zip(a, b, [](double x, double y) { return x < y ? x : y * 3.0; }));
  expect_close((ta >= tb).cast(float32), ref::zip(a, b, [](double x, double y) { return x >= y ? 1.0 : 0.0; }));
  expect_close(ta.maximum(tb), ref::zip(a, b, [](double x, double y) { return std::max(x, y); }));
}

TEST(Elementwise, IntegerOpsAreExact) {
  auto a = ref::Array::random_ints({31}, 8, -1000, 1000), b = ref::Array::random_ints({31}, 9, 1, 50);
  Tensor ta = tensor_of(a, int32), tb = tensor_of(b, int32);
  std::vector<int32_t> sum = (ta * tb - ta).to_vector<int32_t>();
  for (size_t i = 0; i < sum.size(); ++i)
    EXPECT_EQ(sum[i], static_cast<int32_t>(a.v[i] * b.v[i] - a.v[i]));
  std::vector<float> div = (ta / tb).to_vector<float>();
  for (size_t i = 0; i < div.size(); ++i)
    EXPECT_NEAR(div[i], a.v[i] / b.v[i], 1e-5 * std::abs(a.v[i] / b.v[i]) + 1e-6);
}

TEST(Movement, PermutedPaddedFlippedSlicedExpanded) {
  auto a = ref::Array::random({5, 6, 7}, 10);
  Tensor t = tensor_of(a);
  expect_close(t.permute({2, 0, 1}), ref::permute(a, {2, 0, 1}));
  expect_close(t.pad({{1, 2}, {0, 0}, {3, 1}}), ref::pad(a, {{1, 2}, {0, 0}, {3, 1}}));
  expect_close(t.pad({{1, 2}, {0, 0}, {3, 1}}, -7.0), ref::pad(a, {{1, 2}, {0, 0}, {3, 1}}, -7.0));
  expect_close(t.flip(1), ref::flip(a, 1));
  expect_close(t.shrink({{1, 4}, {2, 6}, {0, 7}}), ref::shrink(a, {{1, 4}, {2, 6}, {0, 7}}));
  auto col = ref::Array::random({5, 1}, 11);
  expect_close(tensor_of(col).expand({5, 9}) * 2.0,
               ref::zip(col, ref::Array{{5, 9}, std::vector<double>(45, 2.0)}, std::multiplies<>()));
}

TEST(Movement, StridedAndNegativeSlices) {
  auto a = ref::Array::random({11, 4}, 12);
  Tensor t = tensor_of(a);
  Tensor s = t.slice({{1, 10, 3}});
  std::vector<float> got = s.to_vector<float>();
  ASSERT_EQ(s.shape(), (Shape{3, 4}));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      EXPECT_FLOAT_EQ(got[i * 4 + j], static_cast<float>(a.v[(1 + 3 * i) * 4 + j]));
  Tensor r = t.slice({{-1, INT64_MAX, -2}});
  got = r.to_vector<float>();
  ASSERT_EQ(r.shape(), (Shape{6, 4}));
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j)
      EXPECT_FLOAT_EQ(got[i * 4 + j], static_cast<float>(a.v[(10 - 2 * i) * 4 + j]));
}

TEST(Movement, CatAndStack) {
  auto a = ref::Array::random({3, 5}, 13), b = ref::Array::random({2, 5}, 14);
  Tensor c = Tensor::cat({tensor_of(a), tensor_of(b)}, 0);
  ASSERT_EQ(c.shape(), (Shape{5, 5}));
  std::vector<float> got = c.to_vector<float>();
  for (int i = 0; i < 15; ++i)
    EXPECT_FLOAT_EQ(got[i], static_cast<float>(a.v[i]));
  for (int i = 0; i < 10; ++i)
    EXPECT_FLOAT_EQ(got[15 + i], static_cast<float>(b.v[i]));
  Tensor s = Tensor::stack({tensor_of(a), tensor_of(a) * 2.0}, 1);
  ASSERT_EQ(s.shape(), (Shape{3, 2, 5}));
}

TEST(Reduce, SumOverSeveralAxesWithKeepdim) {
  auto a = ref::Array::random({6, 7, 9}, 15);
  Tensor t = tensor_of(a);
  expect_close(t.sum({0, 2}, true), ref::reduce(a, {0, 2}, true, 0.0, std::plus<>()), 1e-5);
  expect_close(t.sum({1}), ref::reduce(a, {1}, false, 0.0, std::plus<>()), 1e-5);
  expect_close(t.sum(), ref::reduce(a, {}, false, 0.0, std::plus<>()), 1e-5);
  expect_close(t.max({2}), ref::reduce(a, {2}, false, -INFINITY, [](double x, double y) { return std::max(x, y); }));
  expect_close(t.min({0, 1}),
               ref::reduce(a, {0, 1}, false, INFINITY, [](double x, double y) { return std::min(x, y); }));
}

TEST(Reduce, ReduceOfAPermutedPaddedView) {
  auto a = ref::Array::random({5, 8}, 16);
  Tensor t = tensor_of(a).permute({1, 0}).pad({{1, 1}, {0, 2}});
  ref::Array want = ref::reduce(ref::pad(ref::permute(a, {1, 0}), {{1, 1}, {0, 2}}), {1}, false, 0.0, std::plus<>());
  expect_close(t.sum(1), want, 1e-5);
}

TEST(Reduce, MeanVarStd) {
  auto a = ref::Array::random({4, 13}, 17);
  Tensor t = tensor_of(a, float64);
  ref::Array mean = ref::map(ref::reduce(a, {1}, false, 0.0, std::plus<>()), [](double s) { return s / 13; });
  expect_close(t.mean(1), mean, 1e-12);
  std::vector<double> var = t.var({1}).to_vector<double>();
  for (int r = 0; r < 4; ++r) {
    double s = 0;
    for (int c = 0; c < 13; ++c)
      s += (a.v[r * 13 + c] - mean.v[r]) * (a.v[r * 13 + c] - mean.v[r]);
    EXPECT_NEAR(var[r], s / 12, 1e-12);
  }
}

TEST(Errors, IncompatibleShapesNameTheOpAndShapes) {
  Tensor a = Tensor::ones({3, 4}, float32), b = Tensor::ones({5}, float32);
  try {
    (void)(a + b);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("add"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("(3, 4)"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("(5,)"), std::string::npos);
  }
  EXPECT_THROW(a.sum(2), Error);
  EXPECT_THROW(a.reshape({5, 3}), Error);
  EXPECT_THROW(a.to_vector<int32_t>(), Error);
  EXPECT_THROW(Tensor::from_vector(std::vector<float>{1, 2, 3}, {2, 2}), Error);
}

} // namespace
} // namespace lmc
