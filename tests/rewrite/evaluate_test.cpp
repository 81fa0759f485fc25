// The reference semantics (rewrite/evaluate): floor vs truncating division on negative operands, wrap-around
// (INT_MIN // -1), unsigned division and comparison, shifts, the undefined cases, and evaluate() on deep graphs.
#include "rewrite/evaluate.hpp"

#include "ir/error.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace lmc {
namespace {

std::optional<int64_t> ev(Op op, DType d, int64_t a, int64_t b) {
  const int64_t in[] = {a, b};
  return eval_int_alu(op, d, in);
}

TEST(EvalIntAlu, FloorAndTruncatingDivisionDifferOnNegatives) {
  EXPECT_EQ(ev(Op::FLOORDIV, int32, -7, 2), -4);
  EXPECT_EQ(ev(Op::FLOORMOD, int32, -7, 2), 1);
  EXPECT_EQ(ev(Op::CDIV, int32, -7, 2), -3);
  EXPECT_EQ(ev(Op::CMOD, int32, -7, 2), -1);
  EXPECT_EQ(ev(Op::FLOORDIV, int32, 7, -2), -4);
  EXPECT_EQ(ev(Op::FLOORMOD, int32, 7, -2), -1);
  EXPECT_EQ(ev(Op::CDIV, int32, 7, -2), -3);
  EXPECT_EQ(ev(Op::CMOD, int32, 7, -2), 1);
  EXPECT_EQ(ev(Op::FLOORDIV, int32, -8, 2), -4); // exact: both agree
  EXPECT_EQ(ev(Op::CDIV, int32, -8, 2), -4);
}

TEST(EvalIntAlu, IntMinDividedByMinusOneWraps) {
  EXPECT_EQ(ev(Op::FLOORDIV, int32, -2147483648LL, -1), -2147483648LL);
  EXPECT_EQ(ev(Op::CDIV, int32, -2147483648LL, -1), -2147483648LL);
  EXPECT_EQ(ev(Op::FLOORMOD, int32, -2147483648LL, -1), 0);
  EXPECT_EQ(ev(Op::CMOD, int32, -2147483648LL, -1), 0);
  const int64_t lo = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(ev(Op::FLOORDIV, int64, lo, -1), lo);
  EXPECT_EQ(ev(Op::FLOORDIV, int8, -128, -1), -128);
}

// Set and trailing zero bits counted in the dtype's own width; CTZ of 0 is the width; not defined on bool.
TEST(EvalIntAlu, BitCountsUseTheDtypesWidth) {
  auto one = [](Op op, DType d, int64_t x) {
    const int64_t in[] = {x};
    return eval_int_alu(op, d, in);
  };
  EXPECT_EQ(one(Op::POPCOUNT, int8, -1), 8);
  EXPECT_EQ(one(Op::POPCOUNT, int16, -2), 15);
  EXPECT_EQ(one(Op::POPCOUNT, uint32, 0xF0F0), 8);
  EXPECT_EQ(one(Op::POPCOUNT, int64, -1), 64);
  EXPECT_EQ(one(Op::CTZ, int8, 0), 8);
  EXPECT_EQ(one(Op::CTZ, uint32, 0), 32);
  EXPECT_EQ(one(Op::CTZ, int32, -2147483648LL), 31);
  EXPECT_EQ(one(Op::CTZ, uint16, 40), 3);
  EXPECT_EQ(one(Op::CTZ, int64, std::numeric_limits<int64_t>::min()), 63);
  EXPECT_EQ(one(Op::POPCOUNT, bool_, 1), std::nullopt);
}

TEST(EvalIntAlu, ArithmeticWrapsPerDtype) {
  EXPECT_EQ(ev(Op::ADD, int8, 127, 1), -128);
  EXPECT_EQ(ev(Op::SUB, int8, -128, 1), 127);
  EXPECT_EQ(ev(Op::MUL, int16, 300, 300), 24464); // 90000 mod 2^16
  EXPECT_EQ(ev(Op::ADD, int32, 2147483647, 1), -2147483648LL);
  EXPECT_EQ(ev(Op::MUL, int64, std::numeric_limits<int64_t>::max(), 2), -2);
  EXPECT_EQ(ev(Op::ADD, uint8, 255, 1), 0);
  EXPECT_EQ(ev(Op::SUB, uint8, 0, 1), 255);
  const int64_t in[] = {-128};
  EXPECT_EQ(eval_int_alu(Op::NEG, int8, in), -128);
}

TEST(EvalIntAlu, UnsignedDividesAndComparesAsUnsigned) {
  EXPECT_EQ(ev(Op::FLOORDIV, uint8, 255, 2), 127);
  EXPECT_EQ(ev(Op::CMPLT, uint8, 200, 100), 0);
  EXPECT_EQ(ev(Op::MAX, uint32, 4000000000LL, 1), 4000000000LL);
  // uint64 values above INT64_MAX are stored as negative int64: still the larger.
  EXPECT_EQ(ev(Op::CMPLT, uint64, 1, -1), 1);
  EXPECT_EQ(ev(Op::FLOORDIV, uint64, -1, 2), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ev(Op::CMPLT, int64, 1, -1), 0);
}

TEST(EvalIntAlu, Shifts) {
  EXPECT_EQ(ev(Op::SHL, int32, 1, 31), -2147483648LL);
  EXPECT_EQ(ev(Op::SHR, int32, -8, 1), -4);   // arithmetic
  EXPECT_EQ(ev(Op::SHR, uint8, 200, 1), 100); // logical
  EXPECT_EQ(ev(Op::SHL, int8, 1, 7), -128);
  EXPECT_EQ(ev(Op::SHR, uint64, -1, 63), 1);
}

TEST(EvalIntAlu, UndefinedCasesAreNullopt) {
  EXPECT_FALSE(ev(Op::FLOORDIV, int32, 1, 0));
  EXPECT_FALSE(ev(Op::FLOORMOD, int32, 1, 0));
  EXPECT_FALSE(ev(Op::CDIV, int32, 1, 0));
  EXPECT_FALSE(ev(Op::CMOD, int32, 1, 0));
  EXPECT_FALSE(ev(Op::SHL, int32, 1, 32));
  EXPECT_FALSE(ev(Op::SHL, int32, 1, -1));
  EXPECT_FALSE(ev(Op::SHR, int8, 1, 8));
  EXPECT_TRUE(ev(Op::SHR, int8, 1, 7));
}

TEST(EvalIntAlu, BoolAndCasts) {
  EXPECT_EQ(ev(Op::AND, bool_, 1, 1), 1);
  EXPECT_EQ(ev(Op::XOR, bool_, 1, 1), 0);
  EXPECT_EQ(ev(Op::ADD, bool_, 1, 1), 0); // 1-bit arithmetic, as the Z3 encoding
  const int64_t v300[] = {300}, neg[] = {-1}, two[] = {2};
  EXPECT_EQ(eval_int_alu(Op::CAST, uint8, v300), 44);
  EXPECT_EQ(eval_int_alu(Op::CAST, int8, v300), 44);
  EXPECT_EQ(eval_int_alu(Op::CAST, uint32, neg), 4294967295LL);
  EXPECT_EQ(eval_int_alu(Op::CAST, bool_, two), 1);
  const int64_t w[] = {0, 5, 9};
  EXPECT_EQ(eval_int_alu(Op::WHERE, int32, w), 9);
  EXPECT_EQ(ev(Op::CMPNE, int32, 3, 3), 0);
  EXPECT_EQ(ev(Op::CMPLE, int32, 3, 3), 1);
  EXPECT_EQ(ev(Op::MIN, int32, -3, 3), -3);
}

TEST(Evaluate, GraphsWithVariablesAndUndefinedSteps) {
  const UOp x = UOp::var("x", -8, 7), y = UOp::var("y", 0, 3);
  const UOp e = (x * 4 + y).floordiv(4);
  EXPECT_EQ(evaluate(e, {{"x", -3}, {"y", 2}}), -3);
  EXPECT_EQ(evaluate(UOp::alu(Op::CDIV, {x, y}), {{"x", -7}, {"y", 2}}), -3);
  EXPECT_FALSE(evaluate(x.floordiv(y), {{"x", 1}, {"y", 0}}));
  EXPECT_EQ(evaluate(x.lt(y), {{"x", 1}, {"y", 0}}), 0);
  EXPECT_THROW(evaluate(x + y, {{"x", 1}}), Error);
  const UOp r = UOp::range(UOp::constant(int32, 8), 3);
  EXPECT_EQ(evaluate(r * 2, {{"r3", 5}}), 10);
}

TEST(Evaluate, DeepChainsAreIterative) {
  UOp chain = UOp::var("x", 0, 15);
  for (int i = 0; i < 200000; ++i)
    chain = chain + 1;
  EXPECT_EQ(evaluate(chain, {{"x", 3}}), 200003);
}

} // namespace
} // namespace lmc
