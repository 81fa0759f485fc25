// Z3 equivalence proofs of integer/bool UOp graphs, bit-precise for their dtypes (wrap-around, floor and
// truncating division). Division by zero is undefined: a proof shows that the rewritten graph is defined exactly
// where the original is, and equal to it there (a rewrite neither hides nor adds an undefined value).
#pragma once
#include "ir/uop.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace lmc::verify {

struct ProofResult {
  enum class Status { Proved, Refuted, Unknown };
  Status status = Status::Unknown;
  std::map<std::string, int64_t> counterexample; // variable name -> value, when refuted
  std::string message;                           // a readable account (counterexample values, Z3's reason)
  uint64_t assignments_evaluated = 0;            // a proof by exhaustive evaluation: how many (0: proved by Z3)
  bool proved() const { return status == Status::Proved; }
};

// Proves `a == b` for every assignment of the DEFINE_VARs (within their declared bounds) and of every RANGE and
// SPECIAL (within [0, size)). A refutation is replayed concretely with lmc::evaluate before it is reported.
// Where the variables' box is small (prove_by_enumeration's budget), both graphs are evaluated at every point of it
// instead: exact, and fast where Z3 is slow (division by a product of variables). Else Z3 within `timeout_ms`; a
// proof that does not finish there is Unknown, never Proved. `z3_only` skips the enumeration: the rule harness proves
// every rule with Z3, so the rules' proofs do not depend on lmc's own evaluator.
ProofResult prove_equal(UOp a, UOp b, unsigned timeout_ms = 10000, bool z3_only = false);

} // namespace lmc::verify
