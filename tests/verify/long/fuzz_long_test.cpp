// The long translation-validation run (label `fuzz`): 10,000 random expressions, seed from LMC_FUZZ_SEED or fixed.
// Its own executable because a ctest label belongs to an executable, and this one is not in the default run.
#include "rewrite/verify/fuzz.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace lmc::verify {
namespace {

TEST(FuzzLong, TenThousandExpressionsHaveNoCounterexample) {
  FuzzOptions options;
  options.seed = std::getenv("LMC_FUZZ_SEED") ? std::strtoull(std::getenv("LMC_FUZZ_SEED"), nullptr, 10) : 1234567;
  options.count = 10000;
  options.max_depth = 5;
  options.progress = [](size_t done, size_t total) {
    if (done % 1000 == 0) std::fprintf(stderr, "fuzz %zu/%zu\n", done, total);
  };
  const FuzzReport r = run_fuzz(options);
  std::printf("fuzz seed %llu: %zu expressions, %zu proved, %zu unknown, %zu counterexamples, %zu not idempotent, "
              "nodes %zu -> %zu, "
              "%.1f s\n",
              static_cast<unsigned long long>(options.seed), r.expressions, r.proved, r.unknown, r.counterexamples,
              r.not_idempotent, r.nodes_before, r.nodes_after, r.seconds);
  EXPECT_EQ(r.counterexamples, 0u);
  EXPECT_EQ(r.not_idempotent, 0u);
  for (const std::string& f : r.failures)
    ADD_FAILURE() << f;
}

} // namespace
} // namespace lmc::verify
