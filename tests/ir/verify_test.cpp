// The per-stage verifier: each rule has a graph that breaks exactly it, and the message names the node.
#include "ir/ir.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Verify, WellFormedTensorGraphPasses) {
  UOp buf = UOp::make(Op::BUFFER, float32, {}, BufferArg{10, 6, "CPU"});
  UOp r = UOp::make(Op::RESHAPE, float32, {buf}, IntList{2, 3});
  UOp sum = UOp::make(Op::REDUCE, float32, {UOp::alu(Op::ADD, {r, r})}, ReduceArg{Op::ADD, {1}});
  EXPECT_NO_THROW(verify(UOp::make(Op::SINK, void_, {sum}, std::string("k")), Stage::Tensor));
}

TEST(Verify, MixedDtypesAreRejectedWithTheNode) {
  UOp x = UOp::var("x", 0, 3);
  UOp bad = UOp::make(Op::ADD, int32, {x, UOp::constant(int64, 1)});
  const std::string msg = error_of([&] { verify(bad, Stage::Tensor); });
  EXPECT_NE(msg.find("ADD"), std::string::npos);
  EXPECT_NE(msg.find("int64"), std::string::npos);
}

TEST(Verify, FloatDivisionOpsNeedMatchingDtypes) {
  UOp f = UOp::constant(float32, 1.0);
  EXPECT_NE(error_of([&] {
              verify(UOp::make(Op::FLOORDIV, float32, {f, f}), Stage::Tensor);
            }).find("integer division"),
            std::string::npos);
  UOp i = UOp::constant(int32, 1);
  EXPECT_NE(error_of([&] { verify(UOp::make(Op::SQRT, int32, {i}), Stage::Tensor); }).find("floating"),
            std::string::npos);
}

TEST(Verify, ComparisonIsBool) {
  UOp x = UOp::var("x", 0, 3);
  EXPECT_NE(error_of([&] {
              verify(UOp::make(Op::CMPLT, int32, {x, x}), Stage::Tensor);
            }).find("bool"),
            std::string::npos);
}

TEST(Verify, WhereNeedsBoolCondition) {
  UOp x = UOp::var("x", 0, 3);
  EXPECT_NE(error_of([&] {
              verify(UOp::make(Op::WHERE, int32, {x, x, x}), Stage::Tensor);
            }).find("condition"),
            std::string::npos);
}

TEST(Verify, RangesAreNotTensorOps) {
  UOp r = UOp::range(UOp::constant(int32, 4), 0);
  EXPECT_NE(error_of([&] { verify(r, Stage::Tensor); }).find("not allowed"), std::string::npos);
}

TEST(Verify, MovementOpsAreNotKernelOps) {
  UOp buf = UOp::make(Op::BUFFER, float32, {}, BufferArg{11, 6, "CPU"});
  UOp r = UOp::make(Op::RESHAPE, float32, {buf}, IntList{2, 3});
  EXPECT_NE(error_of([&] {
              verify(UOp::make(Op::SINK, void_, {r}, std::string("k")), Stage::Kernel);
            }).find("not allowed in a kernel"),
            std::string::npos);
}

TEST(Verify, KernelRootIsSink) {
  EXPECT_NE(error_of([&] { verify(UOp::var("x", 0, 1), Stage::Kernel); }).find("SINK"), std::string::npos);
}

TEST(Verify, KernelReduceSourcesAreRanges) {
  UOp x = UOp::var("x", 0, 3);
  UOp red = UOp::make(Op::REDUCE, int32, {x, x}, ReduceArg{Op::ADD, {}});
  EXPECT_NE(error_of([&] { verify(UOp::make(Op::SINK, void_, {red}, std::string("k")), Stage::Kernel); }).find("RANGE"),
            std::string::npos);
}

TEST(Verify, LinearProgramDefinesBeforeUse) {
  UOp x = UOp::var("x", 0, 3);
  UOp one = UOp::constant(int32, 1);
  UOp sum = x + one;
  std::vector<UOp> good{x, one, sum};
  EXPECT_NO_THROW(verify_linear(good));
  std::vector<UOp> bad{x, sum, one};
  EXPECT_NE(error_of([&] { verify_linear(bad); }).find("before it is defined"), std::string::npos);
}

TEST(Verify, LinearProgramClosesRanges) {
  UOp end = UOp::constant(int32, 4);
  UOp r = UOp::range(end, 0);
  std::vector<UOp> open{end, r};
  EXPECT_NE(error_of([&] { verify_linear(open); }).find("never closed"), std::string::npos);
  UOp close = UOp::make(Op::END, void_, {r});
  std::vector<UOp> closed{end, r, close};
  EXPECT_NO_THROW(verify_linear(closed));
}

} // namespace
} // namespace lmc
