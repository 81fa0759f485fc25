// Hostile integer expressions (issue #15): division and modulo by zero are left for the user to see, never
// "simplified" to a value, and uint64 bounds hold for values above INT64_MAX (constants and wrap-around).
#include "ir/parse.hpp"
#include "rewrite/bounds.hpp"
#include "rewrite/evaluate.hpp"
#include "rewrite/symbolic.hpp"

#include <gtest/gtest.h>

#include <random>

namespace lmc {
namespace {

using i128 = __int128;

// x % 0, x // 0 and their C forms are undefined: the simplifier must not pin them to any value through bounds.
TEST(HostileSimplify, DivisionByZeroIsLeftAlone) {
  const UOp x = UOp::var("x", 0, 10);
  const VarTable vars{{"x", x}, {"z", UOp::var("z", 0, 0)}};
  for (const char* text : {"x % 0", "x // 0", "cmod(x, 0)", "cdiv(x, 0)", "x % z", "x // z", "(x + 3) % 0"}) {
    const UOp in = parse_expr(text, vars);
    const UOp out = simplify(in);
    EXPECT_EQ(out.op(), in.op()) << text << " -> " << out.expr();
    EXPECT_FALSE(bounds(in).is_const()) << text << " has bounds [" << bounds(in).lo << ", " << bounds(in).hi << "]";
  }
  // No rule hides a division that may be by zero: the result still divides (issue #15: x % 0 became 0).
  const VarTable more{{"x", x}, {"z", UOp::var("z", 0, 0)}, {"y", UOp::var("y", 0, 3)}};
  for (const char* text : {"x // x", "x % x", "0 // y", "0 % y", "(x % 0) % 4", "(x % 0) % 1", "(x // y) * 0",
                           "(x % 0) - (x % 0)", "min(x % 0, 20) < 100", "where(x < 5, x // 0, x // 0)"}) {
    const UOp in = parse_expr(text, more);
    const UOp out = simplify(in);
    bool divides = false;
    for (UOp n : out.toposort())
      divides = divides || n.op() == Op::FLOORDIV || n.op() == Op::FLOORMOD;
    EXPECT_TRUE(divides) << text << " -> " << out.expr();
  }
  // A divisor that may be zero still bounds the defined values (here x % y, y in [0, 3], lies in [0, 2]).
  const UOp y = UOp::var("y", 0, 3);
  EXPECT_EQ(bounds(UOp::alu(Op::FLOORMOD, {x, y})).hi, 3);
}

// The example: x < 2^64-1 holds for every x in [0, 10], so where(...) is always 1.
TEST(HostileSimplify, Uint64ConstantAboveInt64MaxBoundsCorrectly) {
  const UOp x = UOp::var("x", 0, 10, uint64);
  const UOp e = parse_expr("where(x < 18446744073709551615, 1, 2)", {{"x", x}}, uint64);
  const ValueRange r = value_range(e);
  EXPECT_TRUE(r.lo == 1 && r.hi == 1) << static_cast<int64_t>(r.lo) << ".." << static_cast<int64_t>(r.hi);
  const ValueRange c = value_range(UOp::constant(uint64, -1));
  EXPECT_TRUE(c.lo <= i128{UINT64_MAX} && c.hi == i128{UINT64_MAX});
  // A stored bound never reads as one constant unless it is one.
  EXPECT_FALSE(bounds(UOp::constant(uint64, -1)).is_const());
  EXPECT_FALSE(bounds(UOp::constant(uint64, INT64_MAX)).is_const());
  EXPECT_TRUE(bounds(UOp::constant(uint64, INT64_MAX - 1)).is_const());
  // x - 11 wraps to values near 2^64: larger than INT64_MAX, so this comparison may be true.
  const UOp wrapped = parse_expr("x - 11", {{"x", x}}, uint64);
  const UOp cmp = UOp::alu(Op::CMPLT, {UOp::constant(uint64, INT64_MAX), wrapped});
  EXPECT_EQ(bounds(cmp), (Bounds{0, 1}));
}

// Random uint64 expressions, sampled: every value (read as unsigned) lies inside value_range().
TEST(HostileSimplify, Uint64BoundsHoldOnSampledExpressions) {
  std::mt19937_64 rng(15);
  const Op ops[] = {Op::ADD, Op::SUB, Op::MUL,   Op::FLOORDIV, Op::FLOORMOD, Op::MAX,   Op::MIN,  Op::AND, Op::OR,
                    Op::XOR, Op::SHR, Op::CMPLT, Op::CMPLE,    Op::CMPEQ,    Op::CMPNE, Op::CDIV, Op::CMOD};
  const int64_t consts[] = {0, 1, 2, 7, 11, -1, -2, INT64_MIN, INT64_MAX, INT64_MAX - 1, int64_t{1} << 62};
  for (int trial = 0; trial < 500; ++trial) {
    const int64_t lo = rng() % 2 ? static_cast<int64_t>(rng() % 20) : INT64_MAX - static_cast<int64_t>(rng() % 20);
    const int64_t hi = std::min<i128>(INT64_MAX, i128{lo} + static_cast<int64_t>(rng() % 20));
    const UOp a = UOp::var("a", lo, hi, uint64);
    auto leaf = [&]() { return rng() % 2 ? a : UOp::constant(uint64, consts[rng() % std::size(consts)]); };
    auto node = [&](UOp l, UOp r) {
      const Op op = ops[rng() % std::size(ops)];
      UOp n = UOp::alu(op, {l, r});
      // Comparisons give bool: bring them back into uint64 so they can nest.
      return is_comparison(op) ? UOp::alu(Op::WHERE, {n, l, r}) : n;
    };
    UOp e = node(leaf(), leaf());
    e = rng() % 2 ? node(e, leaf()) : node(leaf(), e);
    e = node(e, leaf());
    const ValueRange r = value_range(e);
    for (int64_t v : {lo, hi, lo + (hi - lo) / 2}) {
      auto got = evaluate(e, {{"a", v}});
      if (!got) continue; // undefined there (a division by zero): nothing to bound
      const i128 value = static_cast<uint64_t>(*got);
      ASSERT_TRUE(value >= r.lo && value <= r.hi)
          << e.expr() << " at a=" << v << " is " << static_cast<uint64_t>(*got) << ", outside ["
          << static_cast<uint64_t>(r.lo) << ", " << static_cast<uint64_t>(r.hi) << "]";
    }
  }
}

} // namespace
} // namespace lmc
