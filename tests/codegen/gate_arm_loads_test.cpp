// The pass gate_arm_loads on scheduled kernels: a global load read only under a where's arm gains that arm's condition
// as its INDEX gate (negated for the else-arm, conjoined when arms nest), and nothing else is gated: a load some reader
// needs whatever the condition, a load both arms read, a condition that varies with a loop the load does not, and a
// kernel compiled for the CPU.
#include "codegen/gate_arm_loads.hpp"
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "codegen/schedule.hpp"
#include "ir/ir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>

namespace lmc {
namespace {

struct Buf {
  UOp node;
  int64_t id;
};
Buf buffer(Shape shape) {
  const int64_t id = next_buffer_id();
  UOp b = UOp::make(Op::BUFFER, float32, {}, BufferArg{id, shape_numel(shape), "CPU"});
  return {UOp::make(Op::RESHAPE, float32, {b}, IntList(shape.begin(), shape.end())), id};
}
UOp where(UOp c, UOp x, UOp y) {
  return UOp::alu(Op::WHERE, {c, x, y});
}
UOp zeros_like(const Shape& s) {
  UOp c = UOp::make(Op::RESHAPE, float32, {UOp::constant(float32, 0.0)}, IntList(s.size(), 1));
  return UOp::make(Op::EXPAND, float32, {c}, IntList(s.begin(), s.end()));
}
UOp positive(UOp x, const Shape& s) {
  return UOp::alu(Op::CMPLT, {zeros_like(s), x});
}

// The single kernel of `root`, with gate_arm_loads applied, as (param slot -> the gate of its load, or null).
std::map<int, UOp> gates_by_param(UOp root) {
  Schedule s = schedule({root}, "CPU");
  EXPECT_EQ(s.kernels.size(), 1u);
  std::map<int, UOp> out;
  for (UOp u : gate_arm_loads(s.kernels.at(0).ast).toposort()) {
    if (u.op() != Op::LOAD || u.src(0).op() != Op::INDEX || u.src(0).src(0).op() != Op::PARAM) continue;
    const UOp index = u.src(0);
    out[index.src(0).arg_as<ParamArg>().slot] = index.num_src() > 2 ? index.src(2) : UOp{};
  }
  return out;
}

// The param slot a kernel's load of `b` uses: slots follow the order the kernel lists its buffers.
int slot_of(UOp root, const Buf& b) {
  Schedule s = schedule({root}, "CPU");
  const auto& bufs = s.kernels.at(0).buffers;
  for (size_t i = 0; i < bufs.size(); ++i)
    if (bufs[i] == b.id) return static_cast<int>(i);
  ADD_FAILURE() << "buffer " << b.id << " is not in the kernel";
  return -1;
}

bool is_negation_of(UOp gate, UOp cond) {
  return gate.op() == Op::XOR && gate.src(0) == cond && gate.src(1).const_int() == 1;
}

TEST(GateArmLoads, EachArmsLoadIsGatedByItsSideOfTheCondition) {
  const Buf c = buffer({5, 7}), a = buffer({5, 7}), b = buffer({5, 7});
  const UOp root = where(positive(c.node, {5, 7}), a.node, b.node);
  auto gates = gates_by_param(root);
  const UOp ga = gates.at(slot_of(root, a)), gb = gates.at(slot_of(root, b));
  EXPECT_TRUE(gates.at(slot_of(root, c)).is_null()) << "the condition itself is always read";
  ASSERT_FALSE(ga.is_null());
  ASSERT_FALSE(gb.is_null());
  EXPECT_EQ(ga.op(), Op::CMPLT);
  EXPECT_TRUE(is_negation_of(gb, ga)) << "the else-arm's load is gated by the negated condition";
}

TEST(GateArmLoads, NestedArmsConjoinTheirConditions) {
  const Buf c = buffer({6, 5}), d = buffer({6, 5}), a = buffer({6, 5});
  const UOp inner = where(positive(d.node, {6, 5}), a.node, zeros_like({6, 5}));
  const UOp root = where(positive(c.node, {6, 5}), inner, zeros_like({6, 5}));
  auto gates = gates_by_param(root);
  const UOp ga = gates.at(slot_of(root, a));
  ASSERT_FALSE(ga.is_null());
  EXPECT_EQ(ga.op(), Op::AND);
  const UOp gd = gates.at(slot_of(root, d));
  ASSERT_FALSE(gd.is_null()) << "d is read only under c";
  EXPECT_EQ(gd.op(), Op::CMPLT);
  EXPECT_TRUE(gates.at(slot_of(root, c)).is_null());
}

TEST(GateArmLoads, ALoadAnotherReaderNeedsStaysUngated) {
  const Buf a = buffer({9}), b = buffer({9});
  // a is the condition's operand and the then-arm; b is read by both arms.
  const UOp root =
      where(positive(a.node, {9}), UOp::alu(Op::MUL, {a.node, b.node}), UOp::alu(Op::ADD, {b.node, b.node}));
  auto gates = gates_by_param(root);
  EXPECT_TRUE(gates.at(slot_of(root, a)).is_null());
  EXPECT_TRUE(gates.at(slot_of(root, b)).is_null());
}

TEST(GateArmLoads, AConditionThatVariesInALoopTheLoadDoesNotIsNotItsGate) {
  // out[i] = sum_j where(x[i, j] > 0, y[i], 0): gating y[i] by x[i, j] would load it once per j.
  const Buf x = buffer({4, 11}), y = buffer({4, 1});
  const UOp body =
      where(positive(x.node, {4, 11}), UOp::make(Op::EXPAND, float32, {y.node}, IntList{4, 11}), zeros_like({4, 11}));
  const UOp root = UOp::make(Op::REDUCE, float32, {body}, ReduceArg{Op::ADD, {1}});
  auto gates = gates_by_param(root);
  EXPECT_TRUE(gates.at(slot_of(root, y)).is_null());
}

TEST(GateArmLoads, OnlyGpuKernelsAreGatedAndTheCudaSourcePredicatesTheLoad) {
  const Buf c = buffer({37}), a = buffer({37}), b = buffer({37});
  const UOp root = where(positive(c.node, {37}), a.node, b.node);
  Schedule s = schedule({root}, "CPU");
  const ScheduledKernel& k = s.kernels.at(0);
  auto gated_indices = [](const LinearProgram& p) {
    int n = 0;
    for (UOp u : p.ops)
      n += u.op() == Op::INDEX && u.num_src() > 2;
    return n;
  };
  EXPECT_EQ(gated_indices(lower(apply_opts(k, {}, OptTarget::cpu(1)))), 0);
  const LinearProgram gpu = lower(apply_opts(k, {}, OptTarget::cuda(90)));
  EXPECT_EQ(gated_indices(gpu), 2);
  const std::string source = render_cuda(gpu).source;
  for (const Buf* arm : {&a, &b})
    EXPECT_NE(source.find(fmt::format("? p{}[", slot_of(root, *arm))), std::string::npos) << source;
}

} // namespace
} // namespace lmc
