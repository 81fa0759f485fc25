// built_sum_bounds (the div/mod folds' prediction of a sum's bounds without building it) against bounds() of the
// node build_sum makes: random sums in int8, int32 and int64 with variables at the dtypes' edges, coefficients of
// both signs and constants, so partial sums wrap in some and not in others; equal in every case.
#include "rewrite/bounds.hpp"
#include "rewrite/rules/rules_internal.hpp"

#include <gtest/gtest.h>

#include <random>

namespace lmc {
namespace {

int64_t random_value(std::mt19937_64& rng, DType d) {
  switch (rng() % 4) {
  case 0:
    return d.min_int() + static_cast<int64_t>(rng() % 4);
  case 1:
    return d.max_int() - static_cast<int64_t>(rng() % 4);
  default:
    return static_cast<int64_t>(rng() % 41) - 20;
  }
}

rules::Sum random_sum(std::mt19937_64& rng, DType d, const std::vector<UOp>& vars) {
  rules::Sum s{d, {}, rng() % 2 ? random_value(rng, d) : 0};
  const size_t n = rng() % 5;
  for (size_t i = 0; i < n; ++i) {
    int64_t coef = rng() % 3 == 0 ? random_value(rng, d) : static_cast<int64_t>(rng() % 9) - 4;
    if (coef == 0) coef = 1;
    s.terms.push_back({vars[(i * 7 + rng()) % vars.size()], coef});
  }
  std::sort(s.terms.begin(), s.terms.end(),
            [](const rules::Term& a, const rules::Term& b) { return rules::term_before(a.base, b.base); });
  s.terms.erase(std::unique(s.terms.begin(), s.terms.end(),
                            [](const rules::Term& a, const rules::Term& b) { return a.base == b.base; }),
                s.terms.end());
  return s;
}

TEST(BuiltSumBounds, EqualsBoundsOfTheBuiltSum) {
  std::mt19937_64 rng(7);
  for (DType d : {int8, int32, int64}) {
    std::vector<UOp> vars;
    for (int i = 0; i < 6; ++i) {
      int64_t lo = random_value(rng, d), hi = random_value(rng, d);
      if (lo > hi) std::swap(lo, hi);
      vars.push_back(UOp::var("bsb" + std::to_string(i) + d.name(), lo, hi, d));
    }
    size_t wrapped = 0;
    for (int k = 0; k < 4000; ++k) {
      const rules::Sum s = random_sum(rng, d, vars);
      const UOp built = rules::build_sum(s);
      const auto predicted = rules::built_sum_bounds(s);
      ASSERT_TRUE(predicted) << built.expr();
      EXPECT_EQ(*predicted, bounds(built)) << built.expr();
      wrapped += bounds(built) == Bounds{d.min_int(), d.max_int()};
    }
    EXPECT_GT(wrapped, 100u) << "the cases must include sums that may wrap";
  }
}

TEST(BuiltSumBounds, DeclinesWhatItCannotMirror) {
  const UOp x = UOp::var("bsb_u", 0, 9, uint32);
  EXPECT_FALSE(rules::built_sum_bounds(rules::Sum{uint32, {{x, 2}}, 1}));
  const UOp y = UOp::var("bsb_i8", 0, 9, int8);
  EXPECT_FALSE(rules::built_sum_bounds(rules::Sum{int32, {{y, 2}}, 1})); // a term of another dtype
}

} // namespace
} // namespace lmc
