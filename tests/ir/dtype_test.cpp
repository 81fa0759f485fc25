// DType queries and NumPy/PyTorch promotion.
#include "ir/ir.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

TEST(DType, PromotionFollowsNumpy) {
  EXPECT_EQ(promote(int32, float32), float32);
  EXPECT_EQ(promote(bool_, int8), int8);
  EXPECT_EQ(promote(uint8, int8), int16);
  EXPECT_EQ(promote(uint32, int32), int64);
  EXPECT_EQ(promote(uint64, int64), float64);
  EXPECT_EQ(promote(float16, bfloat16), float32);
  EXPECT_EQ(promote(float32, float64), float64);
  EXPECT_EQ(promote(int64, int16), int64);
}

TEST(DType, PromotionRejectsPointers) {
  EXPECT_THROW(promote(float32.ptr(), float32), Error);
}

TEST(DType, RangesOfIntegers) {
  EXPECT_EQ(int8.min_int(), -128);
  EXPECT_EQ(int8.max_int(), 127);
  EXPECT_EQ(uint16.max_int(), 65535);
  EXPECT_EQ(bool_.max_int(), 1);
  EXPECT_THROW(static_cast<void>(float32.max_int()), Error);
}

TEST(DType, WrapToIsTwosComplement) {
  EXPECT_EQ(wrap_to(int32, int64_t{1} << 31), INT32_MIN);
  EXPECT_EQ(wrap_to(uint32, -1), 4294967295LL);
  EXPECT_EQ(wrap_to(int16, 70000), 70000 - 65536);
}

TEST(DType, NamesRoundTrip) {
  for (DType d : {bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, bfloat16, float32, float64})
    EXPECT_EQ(dtype_from_name(d.name()), d);
  EXPECT_EQ(float32.vec(4).ptr(AddrSpace::Local).name(), "float32.vec(4)*local");
  EXPECT_THROW(dtype_from_name("float8"), Error);
}

} // namespace
} // namespace lmc
