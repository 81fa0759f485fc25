// expand_small_reduces: a reduce of a few terms becomes straight-line code in loop order, and a small reduce with a
// reduce nested in its value stays a loop (copies of the inner reduce would share, and so reopen, its range).
#include "codegen/expand_reduce.hpp"
#include "ir/ir.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

UOp idx(int64_t v) {
  return UOp::constant(index_dtype, v);
}

size_t count(UOp root, Op op) {
  size_t n = 0;
  for (UOp u : root.toposort())
    n += u.op() == op;
  return n;
}

TEST(ExpandReduce, SmallReduceBecomesItsTermsInLoopOrder) {
  const UOp r = UOp::range(idx(3), 1, AxisKind::Reduce);
  const UOp value = (r * 2 + 1).cast(float32); // 1, 3, 5
  const UOp sum = UOp::make(Op::REDUCE, float32, {value, r}, ReduceArg{Op::ADD, {}});
  const UOp out = expand_small_reduces(sum);
  EXPECT_EQ(count(out, Op::REDUCE), 0u);
  EXPECT_EQ(count(out, Op::RANGE), 0u);
  // ((t0 + t1) + t2): the last term is the right operand of the root.
  ASSERT_EQ(out.op(), Op::ADD);
  EXPECT_EQ(out.src(1), (idx(2) * 2 + 1).cast(float32));
}

TEST(ExpandReduce, LongReduceStaysALoop) {
  const UOp r = UOp::range(idx(9), 1, AxisKind::Reduce);
  const UOp sum = UOp::make(Op::REDUCE, float32, {r.cast(float32), r}, ReduceArg{Op::ADD, {}});
  EXPECT_EQ(expand_small_reduces(sum), sum);
}

TEST(ExpandReduce, SmallReduceOverANestedReduceStaysALoop) {
  const UOp outer = UOp::range(idx(3), 1, AxisKind::Reduce), inner = UOp::range(idx(50), 2, AxisKind::Reduce);
  const UOp inner_sum =
      UOp::make(Op::REDUCE, float32, {(outer * 50 + inner).cast(float32), inner}, ReduceArg{Op::ADD, {}});
  const UOp max = UOp::make(Op::REDUCE, float32, {inner_sum, outer}, ReduceArg{Op::MAX, {}});
  const UOp out = expand_small_reduces(max);
  EXPECT_EQ(out, max);
  EXPECT_EQ(count(out, Op::REDUCE), 2u);
}

} // namespace
} // namespace lmc
