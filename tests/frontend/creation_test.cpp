// Creation ops and tensor properties: zeros/ones/full in several dtypes, arange (negative and empty steps), eye,
// from_vector checks. Their own file because they are the only ops with no tensor input.
#include "check.hpp"
#include "runtime/device.hpp"

namespace lmc {
namespace {

using check::expect_exact;

TEST(Creation, ZerosOnesFullHaveShapeDtypeAndValue) {
  const Tensor z = Tensor::zeros({3, 5, 1}, float64);
  EXPECT_EQ(z.shape(), (Shape{3, 5, 1}));
  EXPECT_EQ(z.dtype(), float64);
  EXPECT_EQ(z.numel(), 15);
  EXPECT_EQ(z.ndim(), 3);
  EXPECT_EQ(z.device(), default_device());
  EXPECT_EQ(z.to_vector<double>(), std::vector<double>(15, 0.0));
  EXPECT_EQ(Tensor::ones({7}, int32, "cpu").to_vector<int32_t>(), std::vector<int32_t>(7, 1));
  EXPECT_EQ(Tensor::ones({2, 2}, bool_).to_vector<bool>(), std::vector<bool>(4, true));
  EXPECT_EQ(Tensor::full({2, 3}, -2.25, float32).to_vector<float>(), std::vector<float>(6, -2.25f));
  EXPECT_EQ(Tensor::full({4}, 300, int64).to_vector<int64_t>(), std::vector<int64_t>(4, 300));
  const Tensor scalar = Tensor::full({}, 4.5, float32);
  EXPECT_EQ(scalar.ndim(), 0);
  EXPECT_EQ(scalar.numel(), 1);
  EXPECT_EQ(scalar.to_vector<float>(), std::vector<float>{4.5f});
  EXPECT_EQ(Tensor::zeros({0, 3}, float32).numel(), 0);
}

TEST(Creation, ArangeWithPositiveNegativeAndEmptySteps) {
  auto values = [](int64_t start, int64_t stop, int64_t step) {
    std::vector<double> v;
    for (int64_t x = start; step > 0 ? x < stop : x > stop; x += step)
      v.push_back(static_cast<double>(x));
    return ref::Array{{static_cast<int64_t>(v.size())}, v};
  };
  expect_exact(Tensor::arange(7), values(0, 7, 1));
  expect_exact(Tensor::arange(3, 20, 4), values(3, 20, 4));
  expect_exact(Tensor::arange(10, -7, -3), values(10, -7, -3));
  expect_exact(Tensor::arange(-2, -11, -1, int64), values(-2, -11, -1));
  EXPECT_EQ(Tensor::arange(5, 5).numel(), 0);
  EXPECT_EQ(Tensor::arange(0, 10, -1).numel(), 0);
  EXPECT_EQ(Tensor::arange(4).dtype(), int32);
  const Tensor f = Tensor::arange(1, 6, 2, float64);
  EXPECT_EQ(f.dtype(), float64);
  EXPECT_EQ(f.to_vector<double>(), (std::vector<double>{1, 3, 5}));
  check::expect_error([] { (void)Tensor::arange(0, 5, 0); }, {"arange", "step"});
}

TEST(Creation, EyeIsTheIdentity) {
  for (int64_t n : {1, 2, 7}) {
    std::vector<double> want(n * n, 0.0);
    for (int64_t i = 0; i < n; ++i)
      want[i * n + i] = 1.0;
    expect_exact(Tensor::eye(n, float32), ref::Array{{n, n}, want});
    expect_exact(Tensor::eye(n, int32), ref::Array{{n, n}, want});
  }
  // An identity matmul changes nothing.
  const ref::Array a = ref::Array::random({5, 3}, 300);
  check::expect_close(Tensor::eye(5, float64).matmul(check::tensor_of(a, float64)), a, 1e-15);
}

TEST(Creation, FromVectorOfEveryElementTypeRoundTrips) {
  EXPECT_EQ(Tensor::from_vector(std::vector<int8_t>{-128, 5, 127}, {3}).to_vector<int8_t>(),
            (std::vector<int8_t>{-128, 5, 127}));
  EXPECT_EQ(Tensor::from_vector(std::vector<uint16_t>{65535, 0}, {2}).dtype(), uint16);
  EXPECT_EQ(Tensor::from_vector(std::vector<uint64_t>{1ull << 63}, {1}).to_vector<uint64_t>()[0], 1ull << 63);
  check::expect_error(
      [] {
        (void)Tensor::from_vector(std::vector<float>{1, 2, 3}, {2, 2});
      },
      {"from_vector", "3 values", "(2, 2)"});
  check::expect_error([] { (void)Tensor::zeros({2, -1}, float32); }, {"negative", "(2, -1)"});
  check::expect_error([] { (void)Tensor::zeros({2}, float32, "TPU"); }, {"TPU"});
}

} // namespace
} // namespace lmc
