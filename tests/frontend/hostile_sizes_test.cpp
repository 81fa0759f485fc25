// Hostile sizes and values (issue #15): shapes whose element or byte counts overflow, negative dimensions, arange
// past int64, gather indices beyond int32, out-of-range scalars, and a lazy chain deep enough to overflow a
// recursive scheduler. Each is a clear lmc::Error or the right answer, never a wrapped size or a crash.
#include "check.hpp"

#include <cmath>

namespace lmc {
namespace {

using check::expect_error;

constexpr int64_t k2p62 = int64_t{1} << 62;

TEST(HostileSizes, FromVectorRejectsAShapeWhoseCountWraps) {
  // (2^62 + 3) * 4 is 12 modulo 2^64: twelve values must not be taken for that shape.
  const std::vector<float> twelve(12, 1.0f);
  expect_error(
      [&] {
        (void)Tensor::from_vector(twelve, {k2p62 + 3, 4});
      },
      {"from_vector", "(4611686018427387907, 4)", "int64"});
}

TEST(HostileSizes, FullWhoseByteCountWrapsRaises) {
  // 2^62 float32 values are 2^64 bytes: the allocation size wraps to 0.
  expect_error([&] { (void)Tensor::full({k2p62}, 7); }, {"full", "(4611686018427387904,)", "bytes"});
  expect_error([&] { (void)Tensor::zeros({k2p62, k2p62}, int8); }, {"zeros", "int64"});
}

TEST(HostileSizes, ExpandToANegativeDimensionRaises) {
  const Tensor t = Tensor::ones({3, 1});
  expect_error([&] { (void)t.expand({3, -5}); }, {"expand", "-5"});
  expect_error([&] { (void)t.expand({k2p62, 3, k2p62}); }, {"EXPAND", "int64"});
}

TEST(HostileSizes, PadThatOverflowsADimensionRaises) {
  const Tensor t = Tensor::ones({2, 3});
  expect_error([&] { (void)t.pad({{0, 0}, {INT64_MAX, 1}}); }, {"PAD", "overflow"});
  expect_error([&] { (void)t.pad({{0, 0}, {INT64_MAX - 3, 0}}); }, {"PAD", "int64"}); // 2 * 2^63 elements
}

TEST(HostileSizes, ArangeWhoseLengthOverflowsRaises) {
  expect_error([&] { (void)Tensor::arange(INT64_MIN, INT64_MAX, 1); }, {"arange", "int64"});
  expect_error([&] { (void)Tensor::arange(0, INT64_MAX, 2); }, {"arange", "bytes"});
  // Near the edges but short: exact values, no wrap in the length or in start + i * step.
  EXPECT_EQ(Tensor::arange(INT64_MAX - 5, INT64_MAX, 2, int64).to_vector<int64_t>(),
            (std::vector<int64_t>{INT64_MAX - 5, INT64_MAX - 3, INT64_MAX - 1}));
  EXPECT_EQ(Tensor::arange(INT64_MIN + 2, INT64_MIN, -1, int64).to_vector<int64_t>(),
            (std::vector<int64_t>{INT64_MIN + 2, INT64_MIN + 1}));
}

TEST(HostileSizes, ReshapeWhoseCountWrapsRaises) {
  const Tensor t = Tensor::ones({12});
  expect_error([&] { (void)t.reshape({k2p62 + 3, 4}); }, {"reshape", "int64"});
  expect_error([&] { (void)t.reshape({k2p62, 4, -1}); }, {"reshape", "int64"});
}

// gather reads 0 for an index outside the axis; an int64 index beyond int32 is outside, not wrapped into it.
TEST(HostileSizes, GatherIndexBeyondInt32IsOutside) {
  const Tensor src = Tensor::from_vector(std::vector<float>{10, 11, 12, 13}, {4});
  const Tensor index = Tensor::from_vector(
      std::vector<int64_t>{(int64_t{1} << 32) + 1, 2, -(int64_t{1} << 32) + 1, INT64_MAX, 3, INT64_MIN}, {6});
  EXPECT_EQ(src.gather(0, index).to_vector<float>(), (std::vector<float>{0, 12, 0, 0, 13, 0}));
  const Tensor uindex = Tensor::from_vector(std::vector<uint64_t>{(uint64_t{1} << 32) + 1, 1, UINT64_MAX}, {3});
  EXPECT_EQ(src.gather(0, uindex).to_vector<float>(), (std::vector<float>{0, 11, 0}));
}

// A double scalar the integer dtype cannot hold (fractional, infinite, NaN or out of its range) makes the result
// float32, as PyTorch does for a Python float; an integral value in range keeps the tensor's dtype.
TEST(HostileSizes, ScalarOutsideTheIntegerRangePromotesToFloat) {
  const Tensor i = Tensor::from_vector(std::vector<int32_t>{1, -2}, {2});
  const Tensor big = i + 1e30;
  EXPECT_EQ(big.dtype(), float32);
  EXPECT_EQ(big.to_vector<float>(), (std::vector<float>{1e30f, 1e30f}));
  EXPECT_EQ((i + 3e9).dtype(), float32); // beyond int32, within int64
  EXPECT_EQ((i * 3.0).dtype(), int32);
  EXPECT_EQ((i * 3.0).to_vector<int32_t>(), (std::vector<int32_t>{3, -6}));
  EXPECT_EQ((i < 1e30).to_vector<bool>(), (std::vector<bool>{true, true}));
  const Tensor u = Tensor::from_vector(std::vector<uint8_t>{3}, {1});
  EXPECT_EQ((u + -1.0).dtype(), float32); // negative: outside uint8
  EXPECT_EQ((u + 255.0).dtype(), uint8);
  // Asked for by name, a dtype that cannot hold the value is an error (a C cast of 1e30 to int32 is undefined).
  expect_error([&] { (void)Tensor::full({3}, 1e30, int32); }, {"full", "1e+30", "int32"});
  expect_error([&] { (void)Tensor::full({3}, NAN, int64); }, {"full", "nan", "int64"});
}

// 20,000 lazy adds: the scheduler walks the chain without recursion.
TEST(HostileSizes, LazyChainOfTwentyThousandAddsRealizes) {
  Tensor x = Tensor::zeros({2}, float32);
  for (int i = 0; i < 20000; ++i)
    x = x + 1.0;
  EXPECT_EQ(x.to_vector<float>(), (std::vector<float>{20000.0f, 20000.0f}));
  // Never realized: dropping the last handle frees the whole chain of lazy states without recursion.
  Tensor y = Tensor::zeros({2}, float32);
  for (int i = 0; i < 20000; ++i)
    y = y + 1.0;
  y = Tensor::zeros({1}, float32);
  EXPECT_EQ(y.numel(), 1);
}

} // namespace
} // namespace lmc
