// gate_loads: a load that reaches the output only through one arm of a select is gated by that arm's condition
// (and-ed with a gate it has); a load the other arm or the condition also uses stays as it is. The values are
// checked end to end by the frontend's differential tests; here the structure.
#include "codegen/gate_loads.hpp"
#include "ir/ir.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

UOp param(int slot, DType elem, int64_t size) {
  return UOp::make(Op::PARAM, elem.ptr(), {}, ParamArg{slot, size});
}

UOp load(UOp buffer, UOp index, UOp gate = {}) {
  const UOp addr = gate.is_null() ? UOp::make(Op::INDEX, buffer.dtype(), {buffer, index})
                                  : UOp::make(Op::INDEX, buffer.dtype(), {buffer, index, gate});
  return UOp::make(Op::LOAD, buffer.dtype().pointee(), {addr});
}

UOp store(UOp buffer, UOp index, UOp value) {
  return UOp::make(Op::SINK, void_, {UOp::make(Op::STORE, void_, {UOp::make(Op::INDEX, buffer.dtype(), {buffer, index}),
                                                                   value})},
                   std::string("k"));
}

// The gate of the (one) load from `buffer`, or null when it has none; fails when there is not exactly one.
UOp gate_of_load_from(UOp root, UOp buffer) {
  UOp found;
  int loads = 0;
  for (UOp u : root.toposort())
    if (u.op() == Op::LOAD && u.src(0).src(0) == buffer) {
      ++loads;
      found = u.src(0).num_src() > 2 ? u.src(0).src(2) : UOp();
    }
  EXPECT_EQ(loads, 1);
  return found;
}

UOp logical_not(UOp c) {
  return UOp::alu(Op::CMPNE, {c, UOp::constant(bool_, true)});
}

struct Kernel {
  UOp out = param(0, float32, 100), a = param(1, float32, 100), b = param(2, float64, 100), c = param(3, int32, 100);
  UOp i = UOp::range(UOp::constant(index_dtype, 100), 0, AxisKind::Global);
  UOp cond = load(c, i).lt(UOp::constant(int32, 7));
};

TEST(GateLoads, EachArmsLoadIsGatedByItsArmsCondition) {
  Kernel k;
  // where(c[i] < 7, a[i] * 2, float(b[i])): a cast of a load counts as the load.
  const UOp then_arm = load(k.a, k.i) * UOp::constant(float32, 2.0);
  const UOp sink = store(k.out, k.i, UOp::alu(Op::WHERE, {k.cond, then_arm, load(k.b, k.i).cast(float32)}));
  const UOp out = gate_loads(sink);
  EXPECT_EQ(gate_of_load_from(out, k.a), k.cond);
  EXPECT_EQ(gate_of_load_from(out, k.b), logical_not(k.cond));
  EXPECT_TRUE(gate_of_load_from(out, k.c).is_null()); // the condition's own load always runs
}

TEST(GateLoads, ALoadUsedOutsideTheArmStaysUngated) {
  Kernel k;
  // a[i] is in the then arm and also added after the select: it is needed wherever the kernel runs.
  const UOp a = load(k.a, k.i);
  const UOp select = UOp::alu(Op::WHERE, {k.cond, a * UOp::constant(float32, 2.0), UOp::constant(float32, 0.0)});
  const UOp sink = store(k.out, k.i, select + a);
  EXPECT_EQ(gate_loads(sink), sink);
}

TEST(GateLoads, NestedArmsGiveTheConjunctionAndAnExistingGateIsKept) {
  Kernel k;
  const UOp inner_cond = k.i.lt(UOp::constant(index_dtype, 50));
  const UOp padded = load(k.a, k.i, inner_cond); // already gated by its padding
  const UOp inner = UOp::alu(Op::WHERE, {inner_cond, padded, UOp::constant(float32, 0.0)});
  const UOp sink = store(k.out, k.i, UOp::alu(Op::WHERE, {k.cond, inner, UOp::constant(float32, 1.0)}));
  const UOp gate = gate_of_load_from(gate_loads(sink), k.a);
  ASSERT_FALSE(gate.is_null());
  // inner_cond is already the gate, so only the outer condition is added: inner_cond && cond.
  EXPECT_EQ(gate, UOp::alu(Op::AND, {inner_cond, k.cond}));
}

TEST(GateLoads, ALoadInBothArmsStaysUngated) {
  Kernel k;
  const UOp a = load(k.a, k.i);
  const UOp select = UOp::alu(Op::WHERE, {k.cond, a * UOp::constant(float32, 2.0), a + UOp::constant(float32, 1.0)});
  const UOp sink = store(k.out, k.i, select);
  EXPECT_TRUE(gate_of_load_from(gate_loads(sink), k.a).is_null());
}

} // namespace
} // namespace lmc
