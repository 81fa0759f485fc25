// Equivalence by exhaustive evaluation: where every variable's range is small, evaluating both graphs at every
// assignment with lmc's reference semantics is an exact proof, and far faster than Z3 on nonlinear arithmetic.
#pragma once
#include "ir/uop.hpp"
#include "rewrite/verify/prove.hpp"

#include <cstdint>
#include <optional>

namespace lmc::verify {

// Node evaluations (assignments x nodes of both graphs) one enumeration may spend: about 0.05 s (0.3 s at 2^23 on
// a loaded 2-core host, slower than Z3 on linear cases of that size).
inline constexpr uint64_t kMaxEnumeratedNodeEvaluations = uint64_t{1} << 21;

// Proves or refutes `a == b` (equal definedness, equal values where defined) by evaluating both at every assignment
// of their DEFINE_VARs (within their bounds) and RANGEs and SPECIALs (within [0, size)). Nullopt when that is more
// than `max_node_evaluations`, or a node is not an integer/bool scalar ALU op: the caller asks Z3 then.
// A proof reports the assignments evaluated in ProofResult::assignments_evaluated.
std::optional<ProofResult> prove_by_enumeration(UOp a, UOp b,
                                                uint64_t max_node_evaluations = kMaxEnumeratedNodeEvaluations);

} // namespace lmc::verify
