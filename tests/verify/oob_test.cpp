// prove_index_in_bounds: intervals decide the easy cases, Z3 the ones intervals cannot, gates restrict accesses,
// and an out-of-bounds index comes back refuted with the assignment that reaches outside.
#include "rewrite/verify/oob.hpp"

#include <gtest/gtest.h>

namespace lmc::verify {
namespace {

const UOp r0 = UOp::range(UOp::constant(int32, 16), 0);
const UOp r1 = UOp::range(UOp::constant(int32, 4), 1);

TEST(OobProof, IntervalsProveARowMajorIndex) {
  ProofResult p = prove_index_in_bounds(r0 * 4 + r1, 64);
  EXPECT_TRUE(p.proved()) << p.message;
  EXPECT_NE(p.message.find("interval"), std::string::npos) << p.message;
}

TEST(OobProof, OneTooSmallBufferIsRefuted) {
  ProofResult p = prove_index_in_bounds(r0 * 4 + r1, 63);
  ASSERT_EQ(p.status, ProofResult::Status::Refuted) << p.message;
  EXPECT_EQ(p.counterexample.at("r0"), 15);
  EXPECT_EQ(p.counterexample.at("r1"), 3);
}

TEST(OobProof, Z3ProvesWhatIntervalsCannot) {
  // (r0*4 + r1) - r0*4 is r1, but intervals see [-60, 63].
  ProofResult p = prove_index_in_bounds((r0 * 4 + r1) - r0 * 4, 4);
  EXPECT_TRUE(p.proved()) << p.message;
  EXPECT_NE(p.message.find("Z3"), std::string::npos) << p.message;
}

TEST(OobProof, TheGateGuardsAPaddedRead) {
  // A padded read: index r0 - 2 into a 12-element buffer, valid only where 2 <= r0 < 14.
  UOp idx = r0 - 2;
  UOp gate = UOp::alu(Op::AND, {UOp::constant(int32, 1).lt(r0), r0.lt(14)});
  EXPECT_TRUE(prove_index_in_bounds(idx, 12, gate).proved());
  ProofResult ungated = prove_index_in_bounds(idx, 12);
  ASSERT_EQ(ungated.status, ProofResult::Status::Refuted);
  EXPECT_TRUE(ungated.counterexample.at("r0") < 2 || ungated.counterexample.at("r0") >= 14);
  UOp loose = UOp::alu(Op::AND, {UOp::constant(int32, 1).lt(r0), r0.lt(15)});
  EXPECT_EQ(prove_index_in_bounds(idx, 12, loose).status, ProofResult::Status::Refuted);
}

TEST(OobProof, AGateThatIsNeverTrueProvesAnything) {
  EXPECT_TRUE(prove_index_in_bounds(r0 + 100, 4, r0.lt(0)).proved());
}

TEST(OobProof, FloorModKeepsASignedIndexInside) {
  UOp s = UOp::var("s", -1000, 1000);
  EXPECT_TRUE(prove_index_in_bounds(s.floormod(7), 7).proved());
  EXPECT_EQ(prove_index_in_bounds(UOp::alu(Op::CMOD, {s, s.same_type_const(7)}), 7).status,
            ProofResult::Status::Refuted);
}

} // namespace
} // namespace lmc::verify
