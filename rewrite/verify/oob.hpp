// Out-of-bounds proofs for LMC_CHECK_OOB: a LOAD/STORE index lies in [0, size) wherever its gate is true.
// Its own file because it asks a different question than equivalence: an interval check first, Z3 only after.
#pragma once
#include "rewrite/verify/prove.hpp"

#include <cstdint>

namespace lmc::verify {

// Proves 0 <= index < size for every assignment of the index's variables and ranges where `gate` (a bool node;
// null means always) is true. Interval bounds (lmc::bounds) decide first; Z3 runs, with `timeout_ms`, only when
// they cannot. Nodes Z3 cannot express (a loaded index) are taken as any value within their interval bounds.
// Refuted: an assignment with the index outside the buffer (replayed with lmc::evaluate where it can be).
ProofResult prove_index_in_bounds(UOp index, int64_t size, UOp gate = UOp(), unsigned timeout_ms = 2000);

} // namespace lmc::verify
