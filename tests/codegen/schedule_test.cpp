// The scheduler and linearizer without a backend: how many kernels, which buffers, and the loop structure of
// the linear programs (accumulators before their loops, top-k slots, hoisted invariants).
#include "codegen/lower.hpp"
#include "codegen/schedule.hpp"
#include "ir/ir.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

UOp buffer(Shape shape, DType dtype = float32) {
  int64_t n = shape_numel(shape);
  UOp b = UOp::make(Op::BUFFER, dtype, {}, BufferArg{next_buffer_id(), n, "CPU"});
  return UOp::make(Op::RESHAPE, dtype, {b}, IntList(shape.begin(), shape.end()));
}

UOp reduce(UOp x, Op op, std::vector<int32_t> axes) {
  return UOp::make(Op::REDUCE, x.dtype(), {x}, ReduceArg{op, axes});
}

UOp expand(UOp x, Shape to) {
  return UOp::make(Op::EXPAND, x.dtype(), {x}, IntList(to.begin(), to.end()));
}

// The kernel through lower()'s passes (a TOPK reaches the linearizer only as select_topk's slots).
LinearProgram linear(const ScheduledKernel& k) {
  return lower(k);
}

size_t count(const LinearProgram& p, Op op) {
  return static_cast<size_t>(std::count_if(p.ops.begin(), p.ops.end(), [&](UOp u) { return u.op() == op; }));
}

TEST(Schedule, ElementwiseIntoReduceIsOneKernel) {
  UOp a = buffer({33, 17}), b = buffer({33, 17});
  UOp e = UOp::alu(Op::ADD, {UOp::alu(Op::MUL, {a, b}), a});
  Schedule s = schedule({reduce(e, Op::ADD, {1})}, "CPU");
  ASSERT_EQ(s.kernels.size(), 1u);
  EXPECT_EQ(s.kernels[0].buffers.size(), 3u); // out, a, b
  LinearProgram p = linear(s.kernels[0]);
  EXPECT_EQ(count(p, Op::RANGE), 2u);
  EXPECT_EQ(count(p, Op::DEFINE_REG), 1u);
  EXPECT_EQ(p.parallel_range >= 0, true);
}

TEST(Schedule, SoftmaxMaterializesTheSumOnly) {
  UOp x = buffer({8, 29});
  UOp e = UOp::alu(Op::EXP2, {x});
  UOp sum = reduce(e, Op::ADD, {1});
  UOp out = UOp::alu(Op::FDIV, {e, expand(sum, {8, 29})});
  Schedule s = schedule({out}, "CPU");
  EXPECT_EQ(s.kernels.size(), 2u);
  // The sum's buffer is a temporary that dies after the division.
  int temporaries = 0;
  for (auto& [id, d] : s.buffers)
    temporaries += d.temporary;
  EXPECT_EQ(temporaries, 1);
}

TEST(Schedule, TopkOfADistanceNeverWritesTheDistanceMatrix) {
  // q (H, C), p (N, C): d = sum_c (q - p)^2 over (H, N, C); topk over N. One kernel, outputs (H, k) x 2. C = 12 is
  // more terms than expand_small_reduces writes out, so the sum stays a loop with an accumulator.
  const int64_t H = 37, N = 53, K = 5, C = 12;
  UOp q = buffer({H, 1, C}), p = buffer({1, N, C});
  UOp diff = UOp::alu(Op::SUB, {expand(q, {H, N, C}), expand(p, {H, N, C})});
  UOp d = reduce(UOp::alu(Op::MUL, {diff, diff}), Op::ADD, {2});
  UOp d2 = UOp::make(Op::RESHAPE, float32, {d}, IntList{H, N});
  UOp values = UOp::make(Op::TOPK, float32, {d2}, TopkArg{K, 1, false, false});
  UOp indices = UOp::make(Op::TOPK, int32, {d2}, TopkArg{K, 1, false, true});
  Schedule s = schedule({values, indices}, "CPU");
  ASSERT_EQ(s.kernels.size(), 1u);
  for (auto& [id, decl] : s.buffers)
    EXPECT_NE(decl.size, H * N) << "a distance matrix was materialized";
  LinearProgram prog = linear(s.kernels[0]);
  // k values, k indices, the coordinate sum of the first loop, and in the second (4 elements per iteration) the 4
  // elements' sums and the register their values wait in.
  EXPECT_EQ(count(prog, Op::DEFINE_REG), 8u);
  EXPECT_EQ(count(prog, Op::STORE) >= 2u, true);
}

TEST(Schedule, PaddedLoadsAreGated) {
  UOp x = buffer({5});
  UOp padded = UOp::make(Op::PAD, float32, {x}, PairList{{2, 3}});
  Schedule s = schedule({UOp::alu(Op::ADD, {padded, padded})}, "CPU");
  ASSERT_EQ(s.kernels.size(), 1u);
  bool gated = false;
  for (UOp u : s.kernels[0].ast.toposort())
    gated = gated || (u.op() == Op::INDEX && u.num_src() == 3);
  EXPECT_TRUE(gated);
}

TEST(Schedule, ViewsOfBuffersNeedNoKernel) {
  UOp x = buffer({4, 6});
  Schedule s = schedule({x}, "CPU");
  EXPECT_TRUE(s.kernels.empty());
  EXPECT_EQ(s.outputs.size(), 1u);
}

TEST(Schedule, BuffersOnAnotherDeviceAreRejected) {
  UOp b = UOp::make(Op::BUFFER, float32, {}, BufferArg{next_buffer_id(), 4, "CUDA"});
  EXPECT_THROW(schedule({UOp::alu(Op::ADD, {b, b})}, "CPU"), Error);
}

TEST(Linearize, LoopInvariantWorkIsHoisted) {
  // out[i, j] = a[i] * 2 + b[j]: a[i] * 2 belongs in the i loop, before the j loop opens.
  UOp a = buffer({7, 1}), b = buffer({1, 9});
  UOp e = UOp::alu(
      Op::ADD,
      {UOp::alu(Op::MUL, {expand(a, {7, 9}),
                          UOp::make(Op::EXPAND, float32,
                                    {UOp::make(Op::RESHAPE, float32, {UOp::constant(float32, 2.0)}, IntList{1, 1})},
                                    IntList{7, 9})}),
       expand(b, {7, 9})});
  Schedule s = schedule({e}, "CPU");
  LinearProgram p = linear(s.kernels[0]);
  int depth = 0, mul_depth = -1;
  for (UOp u : p.ops) {
    if (u.op() == Op::RANGE) ++depth;
    if (u.op() == Op::END) --depth;
    if (u.op() == Op::MUL && u.dtype() == float32) mul_depth = depth;
  }
  EXPECT_EQ(mul_depth, 1);
}

} // namespace
} // namespace lmc
