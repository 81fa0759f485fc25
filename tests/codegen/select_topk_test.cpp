// The pass select_topk on scheduled kernels: no TOPK survives, the values and indices of a selection share one pair
// of registers and one ordered sequence, and the loops it makes have the extents the two phases need.
#include "codegen/schedule.hpp"
#include "codegen/select_topk.hpp"
#include "ir/error.hpp"
#include "ir/ir.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace lmc {
namespace {

UOp buffer(Shape shape) {
  UOp b = UOp::make(Op::BUFFER, float32, {}, BufferArg{next_buffer_id(), shape_numel(shape), "CPU"});
  return UOp::make(Op::RESHAPE, float32, {b}, IntList(shape.begin(), shape.end()));
}

// The (values, indices) kernel of the k smallest of each row of an (rows, n) buffer, after select_topk.
UOp selected(int64_t rows, int64_t n, int64_t k) {
  UOp x = buffer({rows, n});
  UOp values = UOp::make(Op::TOPK, float32, {x}, TopkArg{k, 1, false, false});
  UOp indices = UOp::make(Op::TOPK, int32, {x}, TopkArg{k, 1, false, true});
  Schedule s = schedule({values, indices}, "CPU");
  EXPECT_EQ(s.kernels.size(), 1u);
  return select_topk(s.kernels.at(0).ast);
}

// The loop nests the selection's sequence lists, by the extent of the RANGE each opens.
std::vector<int64_t> phase_extents(UOp sink) {
  std::vector<int64_t> out;
  for (UOp u : sink.toposort()) {
    if (u.op() != Op::LOAD || u.num_src() != 2 || u.src(1).op() != Op::END) continue;
    for (UOp phase : u.src(1).src()) {
      EXPECT_NE(phase.op(), Op::RANGE) << "the selection's sequence opens no loop itself";
      if (phase.op() != Op::END) continue;
      for (UOp opener : phase.src())
        if (opener.op() == Op::RANGE) out.push_back(*opener.src(0).const_int());
    }
    break;
  }
  return out;
}

TEST(SelectTopk, ValuesAndIndicesShareTheSlotsAndTheSequence) {
  const UOp sink = selected(4, 11, 3);
  std::vector<UOp> regs, reads;
  for (UOp u : sink.toposort()) {
    EXPECT_NE(u.op(), Op::TOPK);
    if (u.op() == Op::DEFINE_REG) regs.push_back(u);
    if (u.op() == Op::LOAD && u.num_src() == 2 && u.src(1).op() == Op::END) reads.push_back(u);
  }
  ASSERT_EQ(regs.size(), 2u);
  EXPECT_EQ(regs[0].arg_as<ParamArg>().size, 3);
  EXPECT_EQ(regs[1].arg_as<ParamArg>().size, 3);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].src(1), reads[1].src(1));
  EXPECT_NE(reads[0].src(0).src(0), reads[1].src(0).src(0)); // one reads the values, the other the indices
}

// The first k elements all enter (a loop of k), the other n - k must beat the last slot (a loop of n - k).
TEST(SelectTopk, TwoPhasesSplitTheRowAtK) {
  EXPECT_EQ(phase_extents(selected(4, 11, 3)), (std::vector<int64_t>{3, 8}));
}

// With k == n every element enters: one loop of n and no second phase.
TEST(SelectTopk, ARowOfKElementsIsOnePhase) {
  EXPECT_EQ(phase_extents(selected(4, 3, 3)), (std::vector<int64_t>{3}));
}

// The k smallest of rows of n, lowered with candidate chunks of up to 32 (as every target lowers them).
UOp selected_in_chunks(int64_t rows, int64_t n, int64_t k, std::optional<double> bound = std::nullopt) {
  UOp x = buffer({rows, n});
  TopkArg arg{k, 1, false, false};
  if (bound) {
    arg.bounded = true;
    arg.bound = *bound;
  }
  TopkArg iarg = arg;
  iarg.indices = true;
  UOp values = UOp::make(Op::TOPK, float32, {x}, arg);
  UOp indices = UOp::make(Op::TOPK, int32, {x}, iarg);
  Schedule s = schedule({values, indices}, "CPU");
  EXPECT_EQ(s.kernels.size(), 1u);
  return select_topk(s.kernels.at(0).ast, 4, 32);
}

int count_op(UOp sink, Op op) {
  int n = 0;
  for (UOp u : sink.toposort())
    n += u.op() == op;
  return n;
}

// n = 100, k = 5: the 95 elements after the first k are 2 chunks of 32 with 31 left over, which the first loop takes
// (it admits any element): loops of 36 and of 2 chunks. Inside a chunk, a loop as long as the count of the chunk's
// set bits takes them lowest first.
TEST(SelectTopk, ChunksOfCandidatesAfterTheFirstLoop) {
  const UOp sink = selected_in_chunks(4, 100, 5);
  EXPECT_EQ(phase_extents(sink), (std::vector<int64_t>{36, 2}));
  int popcount_loops = 0;
  for (UOp u : sink.toposort())
    popcount_loops += u.op() == Op::RANGE && u.src(0).op() == Op::CAST && u.src(0).src(0).op() == Op::POPCOUNT;
  EXPECT_EQ(popcount_loops, 1);
  EXPECT_EQ(count_op(sink, Op::CTZ), 1);
}

// A bounded selection has no first loop, so a chunk must divide the row: 112 = 7 x 16. A row of 100 takes chunks
// of none of 32, 16 and 8, and keeps the loop of 4 elements per iteration.
TEST(SelectTopk, BoundedRowsTakeAChunkThatDividesThem) {
  EXPECT_EQ(phase_extents(selected_in_chunks(3, 112, 4, 0.5)), (std::vector<int64_t>{7}));
  const UOp odd = selected_in_chunks(3, 100, 4, 0.5);
  EXPECT_EQ(phase_extents(odd), (std::vector<int64_t>{25}));
  EXPECT_EQ(count_op(odd, Op::POPCOUNT), 0);
}

// A TOPK in its tensor-graph form (no range, no slot) cannot be lowered: the error names the pass.
TEST(SelectTopk, ATopkWithoutItsRangeAndSlotIsRefused) {
  UOp x = buffer({4, 11});
  UOp t = UOp::make(Op::TOPK, float32, {x}, TopkArg{3, 1, false, false});
  const UOp sink = UOp::make(Op::SINK, void_, {t}, std::string("bad"));
  try {
    select_topk(sink);
    FAIL() << "a tensor-graph TOPK was lowered";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("select_topk"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace lmc
