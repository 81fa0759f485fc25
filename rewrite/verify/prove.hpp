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
  bool proved() const { return status == Status::Proved; }
};

// Proves `a == b` for every assignment of the DEFINE_VARs (within their declared bounds) and of every RANGE and
// SPECIAL (within [0, size)). A refutation is replayed concretely with lmc::evaluate before it is reported.
ProofResult prove_equal(UOp a, UOp b, unsigned timeout_ms = 10000);

} // namespace lmc::verify
