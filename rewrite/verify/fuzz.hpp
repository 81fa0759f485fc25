// Translation validation by fuzzing: random integer expressions over bounded variables are simplified and
// the result proved equal to the original by Z3.
#pragma once
#include "ir/uop.hpp"

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace lmc::verify {

// A random expression tree of add, sub, mul, floor div/mod, truncating div/mod, max, min, where and
// comparisons over `vars` and small constants, `depth` levels deep. Divisors are nonzero constants.
UOp random_int_expr(std::mt19937_64& rng, std::span<const UOp> vars, int depth);

struct FuzzOptions {
  uint64_t seed = 1;
  size_t count = 2000;
  int max_depth = 4;
  int num_vars = 3;
  unsigned timeout_ms = 10000;
  std::function<void(size_t done, size_t total)> progress; // called now and then, may be empty
};

struct FuzzReport {
  size_t expressions = 0;
  size_t proved = 0;
  size_t unknown = 0;         // Z3 timed out
  size_t counterexamples = 0; // confirmed by concrete replay
  size_t not_idempotent = 0;  // simplify(simplify(e)) != simplify(e)
  size_t nodes_before = 0;
  size_t nodes_after = 0;
  double seconds = 0;
  std::vector<std::string> failures; // one readable line per counterexample or non-idempotent result
};

FuzzReport run_fuzz(const FuzzOptions& options);

} // namespace lmc::verify
