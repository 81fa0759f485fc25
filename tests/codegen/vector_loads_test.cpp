// The pass vector_loads on scheduled kernels: a thread's loads of neighbouring elements of one buffer become 16-byte
// (8-byte for int16) vector loads with a lane pick each, only where the group provably starts at a multiple of 4
// elements inside a buffer of a multiple of 4 elements; CPU kernels keep their scalar loads; the CUDA source loads
// through lmc_load4. (The values are checked on a GPU by Differential.GatheredRowsAgreeOnCpuAndCuda.)
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "codegen/schedule.hpp"
#include "ir/ir.hpp"

#include <gtest/gtest.h>
#include <set>

namespace lmc {
namespace {

UOp buffer(Shape shape, DType dtype = float32) {
  UOp b = UOp::make(Op::BUFFER, dtype, {}, BufferArg{next_buffer_id(), shape_numel(shape), "CPU"});
  return UOp::make(Op::RESHAPE, dtype, {b}, IntList(shape.begin(), shape.end()));
}
// Each row of x summed: a few terms, so lowering writes the row's loads out one by one (expand_small_reduces).
UOp row_sums(UOp x) {
  return UOp::make(Op::REDUCE, x.dtype(), {x}, ReduceArg{Op::ADD, {1}});
}

LinearProgram lowered(UOp root, const OptTarget& target) {
  Schedule s = schedule({root}, "CPU");
  EXPECT_EQ(s.kernels.size(), 1u);
  return lower(apply_opts(s.kernels.at(0), {}, target));
}

struct VectorLoads {
  int vector_loads = 0, scalar_global_loads = 0;
  std::multiset<int64_t> lanes;
};
VectorLoads count(const LinearProgram& p) {
  VectorLoads v;
  for (UOp u : p.ops) {
    if (u.op() == Op::LOAD && u.src(0).op() == Op::INDEX && u.src(0).src(0).op() == Op::PARAM)
      ++(u.dtype().is_vector() ? v.vector_loads : v.scalar_global_loads);
    if (u.op() == Op::GEP) v.lanes.insert(u.arg_as<int64_t>());
  }
  return v;
}

TEST(VectorLoads, ARowOfEightIsTwoVectorLoads) {
  const UOp root = row_sums(buffer({7, 8}));
  const VectorLoads gpu = count(lowered(root, OptTarget::cuda(90)));
  EXPECT_EQ(gpu.vector_loads, 2);
  EXPECT_EQ(gpu.scalar_global_loads, 0);
  EXPECT_EQ(gpu.lanes, (std::multiset<int64_t>{0, 0, 1, 1, 2, 2, 3, 3}));
  const CudaKernelSource rendered = render_cuda(lowered(root, OptTarget::cuda(90)));
  const std::string& source = rendered.source;
  EXPECT_NE(source.find("lmc_load4<float4>(p0, "), std::string::npos) << source;
  EXPECT_NE(source.find(".w;"), std::string::npos) << source;
  // The launch checks p0 for the vector's alignment; the output p1 is not read by vector loads.
  EXPECT_EQ(rendered.launch.aligned_params, (std::vector<std::pair<int, int>>{{0, 16}}));
  const VectorLoads cpu = count(lowered(root, OptTarget::cpu(1)));
  EXPECT_EQ(cpu.vector_loads, 0) << "CPU kernels keep scalar loads (LLVM vectorizes them itself)";
  EXPECT_EQ(cpu.scalar_global_loads, 8);
}

// 2-byte elements (a neighbour list's int16 ids) load as 8-byte short4s; 8-byte ones stay scalar.
TEST(VectorLoads, Int16RowsLoadAsShort4) {
  const UOp root = row_sums(buffer({7, 8}, int16));
  const VectorLoads gpu = count(lowered(root, OptTarget::cuda(90)));
  EXPECT_EQ(gpu.vector_loads, 2);
  EXPECT_EQ(gpu.scalar_global_loads, 0);
  const CudaKernelSource rendered = render_cuda(lowered(root, OptTarget::cuda(90)));
  EXPECT_NE(rendered.source.find("lmc_load4<short4>(p0, "), std::string::npos) << rendered.source;
  EXPECT_EQ(rendered.launch.aligned_params, (std::vector<std::pair<int, int>>{{0, 8}}));
  const VectorLoads wide = count(lowered(row_sums(buffer({7, 8}, int64)), OptTarget::cuda(90)));
  EXPECT_EQ(wide.vector_loads, 0);
  EXPECT_EQ(wide.scalar_global_loads, 8);
}

// A selection's chunk of elements (select_topk's candidate phase, as in the neighbour-grid K-NN over int16 lists): of
// 61 elements after the first 3, chunks of 16, so element u of chunk r reads row * 64 + (16r + u + 16), the constant
// inside the sum; the chunk's 16 elements are 4 groups of 4, one 8-byte load each.
TEST(VectorLoads, LanesOfASelectionChunkGroup) {
  const UOp top = UOp::make(Op::TOPK, int16, {buffer({7, 64}, int16)}, TopkArg{3, 1, true, false});
  Schedule s = schedule({top}, "CPU");
  ASSERT_EQ(s.kernels.size(), 1u);
  const LinearProgram p = lower(apply_opts(s.kernels[0], {}, OptTarget::cuda(90)));
  const VectorLoads v = count(p);
  EXPECT_EQ(v.vector_loads, 4) << render_cuda(p).source;
  EXPECT_EQ(v.lanes, (std::multiset<int64_t>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3})) << render_cuda(p).source;
}

TEST(VectorLoads, ThreeColumnsOfAFourWideRowAreOneVectorLoad) {
  const UOp xyz = UOp::make(Op::SHRINK, float32, {buffer({9, 4})}, PairList{{0, 9}, {0, 3}});
  const VectorLoads gpu = count(lowered(row_sums(xyz), OptTarget::cuda(90)));
  EXPECT_EQ(gpu.vector_loads, 1);
  EXPECT_EQ(gpu.scalar_global_loads, 0);
  EXPECT_EQ(gpu.lanes, (std::multiset<int64_t>{0, 1, 2}));
  // Columns 1..3: the group [4i, 4i + 4) holds them, and its lane 0 is read too (still inside the buffer).
  const UOp tail = UOp::make(Op::SHRINK, float32, {buffer({5, 4})}, PairList{{0, 5}, {1, 4}});
  const VectorLoads shifted = count(lowered(row_sums(tail), OptTarget::cuda(90)));
  EXPECT_EQ(shifted.vector_loads, 1);
  EXPECT_EQ(shifted.lanes, (std::multiset<int64_t>{1, 2, 3}));
}

TEST(VectorLoads, RowsThatDoNotStartAtAMultipleOfFourStayScalar) {
  // Rows of 6: row i starts at 6i, a multiple of 4 only for even i.
  const VectorLoads six = count(lowered(row_sums(buffer({8, 6})), OptTarget::cuda(90)));
  EXPECT_EQ(six.vector_loads, 0);
  EXPECT_EQ(six.scalar_global_loads, 6);
}

TEST(VectorLoads, ABufferOfOtherThanAMultipleOfFourElementsStaysScalar) {
  // Four-wide rows of the first 20 elements of a 21-element buffer: were its size not checked, a group of a row that
  // the kernel reads could in general reach past the buffer's end, so the pass leaves the buffer alone.
  UOp b = UOp::make(Op::BUFFER, float32, {}, BufferArg{next_buffer_id(), 21, "CPU"});
  const UOp rows =
      UOp::make(Op::RESHAPE, float32, {UOp::make(Op::SHRINK, float32, {b}, PairList{{0, 20}})}, IntList{5, 4});
  const VectorLoads v = count(lowered(row_sums(rows), OptTarget::cuda(90)));
  EXPECT_EQ(v.vector_loads, 0);
  EXPECT_EQ(v.scalar_global_loads, 4);
}

} // namespace
} // namespace lmc
