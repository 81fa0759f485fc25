// Bounds (rewrite/bounds) against brute force: for every integer op, random small variable ranges (int8 with
// wrap-around at its edges, int32, uint8), every value the node takes lies inside its computed bounds; and
// random nested expressions sampled the same way (STYLE.md 5: facts travel with nodes, and are checked).
#include "rewrite/bounds.hpp"
#include "rewrite/evaluate.hpp"

#include <gtest/gtest.h>

#include <random>

namespace lmc {
namespace {

const Op kOps[] = {Op::ADD, Op::SUB, Op::MUL, Op::FLOORDIV, Op::FLOORMOD, Op::CDIV,  Op::CMOD,  Op::MAX, Op::MIN,
                   Op::AND, Op::OR,  Op::XOR, Op::CMPLT,    Op::CMPLE,    Op::CMPEQ, Op::CMPNE, Op::SHL, Op::SHR};

struct Ranged {
  UOp var;
  int64_t lo, hi;
};

Ranged random_var(std::mt19937_64& rng, DType d, const std::string& name) {
  const int64_t width = static_cast<int64_t>(rng() % 12);
  int64_t lo;
  switch (rng() % 4) {
  case 0:
    lo = d.min_int(); // at the bottom edge: wrap-around below
    break;
  case 1:
    lo = d.max_int() - width; // at the top edge
    break;
  default:
    lo = std::max<int64_t>(d.min_int(), static_cast<int64_t>(rng() % 40) - 20);
  }
  const int64_t hi = std::min(d.max_int(), lo + width);
  return {UOp::var(name, lo, hi, d), lo, hi};
}

void check_all_values(UOp node, const std::vector<Ranged>& vars) {
  const Bounds b = bounds(node);
  std::unordered_map<std::string, int64_t> env;
  std::function<void(size_t)> go = [&](size_t i) {
    if (i == vars.size()) {
      auto v = evaluate(node, env);
      if (!v) return; // undefined there: nothing to bound
      ASSERT_TRUE(*v >= b.lo && *v <= b.hi) << node.expr() << " = " << *v << " outside [" << b.lo << ", " << b.hi
                                            << "] at " << vars[0].var.expr() << "=" << env[vars[0].var.expr()];
      return;
    }
    for (int64_t v = vars[i].lo; v <= vars[i].hi; ++v) {
      env[vars[i].var.expr()] = v;
      go(i + 1);
    }
  };
  go(0);
}

TEST(Bounds, EveryOpContainsEveryValueItTakes) {
  std::mt19937_64 rng(11);
  for (DType d : {int8, int32, uint8, int16}) {
    for (Op op : kOps) {
      for (int trial = 0; trial < 60; ++trial) {
        Ranged a = random_var(rng, d, "a"), c = random_var(rng, d, "b");
        if (op == Op::SHL || op == Op::SHR) {
          const int64_t s = static_cast<int64_t>(rng() % d.bits());
          c = {UOp::var("b", 0, s, d), 0, s};
        }
        const UOp node = UOp::alu(op, {a.var, c.var});
        check_all_values(node, {a, c});
      }
    }
  }
}

TEST(Bounds, Int8WrapAroundGivesTheFullRange) {
  const UOp x = UOp::var("x", 100, 120, int8);
  EXPECT_EQ(bounds(x + UOp::constant(int8, 10)), (Bounds{-128, 127}));
  EXPECT_EQ(bounds(x + UOp::constant(int8, 7)), (Bounds{107, 127}));
  EXPECT_EQ(bounds(UOp::alu(Op::NEG, {UOp::var("m", -128, -120, int8)})), (Bounds{-128, 127}));
}

TEST(Bounds, UnaryCastsAndWhere) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    Ranged a = random_var(rng, int32, "a");
    const UOp p = UOp::var("p", 0, 1, bool_);
    check_all_values(a.var.cast(int8), {a});
    check_all_values(a.var.cast(uint8), {a});
    check_all_values(a.var.cast(bool_), {a});
    check_all_values(UOp::alu(Op::NEG, {a.var}), {a});
    check_all_values(UOp::alu(Op::WHERE, {p, a.var, UOp::constant(int32, 3)}), {a, {p, 0, 1}});
  }
}

TEST(Bounds, NestedExpressionsSampled) {
  std::mt19937_64 rng(3);
  for (DType d : {int8, int32}) {
    for (int trial = 0; trial < 300; ++trial) {
      Ranged a = random_var(rng, d, "a"), c = random_var(rng, d, "b");
      auto leaf = [&]() {
        switch (rng() % 3) {
        case 0:
          return a.var;
        case 1:
          return c.var;
        default:
          return UOp::constant(d, static_cast<int64_t>(rng() % 17) - 8);
        }
      };
      const Op arith[] = {Op::ADD, Op::SUB, Op::MUL, Op::FLOORDIV, Op::FLOORMOD, Op::MAX, Op::MIN, Op::CDIV, Op::CMOD};
      UOp e = UOp::alu(arith[rng() % std::size(arith)], {leaf(), leaf()});
      e = UOp::alu(arith[rng() % std::size(arith)], {e, leaf()});
      e = UOp::alu(arith[rng() % std::size(arith)], {leaf(), e});
      check_all_values(e, {a, c});
    }
  }
}

TEST(Bounds, ConstFactorDividesEveryValue) {
  const UOp x = UOp::var("x", 0, 15), y = UOp::var("y", -3, 3);
  EXPECT_EQ(const_factor(x * 4 + y * 6 + UOp::constant(int32, 8)), 2);
  EXPECT_EQ(const_factor(x * 4), 4);
  EXPECT_EQ(const_factor(x), 1);
}

} // namespace
} // namespace lmc
