// Creation ops and tensor properties: zeros/ones/full in several dtypes, arange (negative and empty steps), eye,
// from_vector checks. Their own file because they are the only ops with no tensor input.
#include "check.hpp"
#include "runtime/buffer.hpp"
#include "runtime/device.hpp"

#include <cmath>
#include <limits>
#include <random>

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

// from_doubles converts on the host what from_vector(values).cast(dtype) converts on the device: the same elements,
// compared as bytes, for every dtype it takes and values of both signs, fractions, NaN, infinities and -0.0 where the
// dtype holds them; an integer dtype refuses a fraction or a value out of its range by name, and the result is a
// buffer of its own (writing it leaves the next one alone).
TEST(Creation, FromDoublesMatchesFromVectorCastWithoutAKernel) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> real(-1e6, 1e6);
  std::vector<double> floats{0.0, -0.0, 1.0 / 3.0, -2.5, 1e-40, 3.4e38, 1e300, inf, -inf, nan};
  for (int i = 0; i < 23; ++i)
    floats.push_back(real(rng));
  std::vector<double> ints{0.0, -0.0, 1.0, -1.0, 100.0, 127.0};
  for (int i = 0; i < 17; ++i)
    ints.push_back(static_cast<double>(static_cast<int>(real(rng)) % 100 + 20));
  auto bytes = [](const Tensor& t) {
    std::vector<unsigned char> out(static_cast<size_t>(t.numel() * t.dtype().itemsize()));
    t.contiguous().buffer()->copy_out(out.data(), out.size());
    return out;
  };
  auto same = [&](const std::vector<double>& v, DType dt) {
    const Shape shape{static_cast<int64_t>(v.size())};
    const Tensor host = Tensor::from_doubles(v, shape, dt);
    EXPECT_EQ(host.dtype(), dt);
    EXPECT_EQ(host.shape(), shape);
    EXPECT_TRUE(host.buffer() != nullptr) << dt.name() << " is realized over a buffer";
    EXPECT_EQ(bytes(host), bytes(Tensor::from_vector(v, shape).cast(dt))) << dt.name();
  };
  same(floats, float64);
  same(floats, float32);
  same(floats, bool_);
  for (DType dt : {int8, int16, int32, int64})
    same(ints, dt);
  std::vector<double> naturals;
  for (double v : ints)
    naturals.push_back(std::abs(v));
  for (DType dt : {uint8, uint16, uint32, uint64})
    same(naturals, dt);
  EXPECT_EQ(Tensor::from_doubles({1, 2, 3, 4, 5, 6}, {2, 3}, int32).to_vector<int32_t>(),
            (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Tensor::from_doubles({-7, 0.5}, {2}, float16).cast(float32).to_vector<float>(),
            (std::vector<float>{-7.0f, 0.5f}));
  check::expect_error([] { Tensor::from_doubles({1.5}, {1}, int32); }, {"from_doubles", "1.5", "int32"});
  check::expect_error([] { Tensor::from_doubles({300}, {1}, uint8); }, {"from_doubles", "300", "uint8"});
  check::expect_error([] { Tensor::from_doubles({-1}, {1}, uint32); }, {"from_doubles", "-1", "uint32"});
  check::expect_error([&] { Tensor::from_doubles({nan}, {1}, int64); }, {"from_doubles", "nan", "int64"});
  check::expect_error([] { Tensor::from_doubles({1, 2, 3}, {2, 2}, float32); }, {"from_doubles", "3 values", "(2, 2)"});
  // A buffer of its own: two tensors of the same values do not share one.
  const Tensor a = Tensor::from_doubles({1, 2}, {2}, float32), b = Tensor::from_doubles({1, 2}, {2}, float32);
  const float nines[2] = {9, 9};
  a.buffer()->copy_in(nines, sizeof nines);
  EXPECT_EQ(b.to_vector<float>(), (std::vector<float>{1, 2}));
  EXPECT_EQ(a.to_vector<float>(), (std::vector<float>{9, 9}));
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
