// LMC_CHECK_OOB's prover for whole programs, for the test executables that run suites under the flag: every load
// and store of a lowered program into a global buffer is proved inside the buffer wherever it runs (its index gate
// and every enclosing IF taken as given), with lmc_verify's interval-then-Z3 proof. Its own file because the
// runtime cannot link Z3 (runtime/program_check.hpp is the seam); linking this file installs it.
#pragma once
#include "codegen/linear.hpp"

namespace lmc::oob {

// Throws lmc::Error naming the kernel, the op, the buffer slot and size, the index and the proof's account
// (a counterexample, or why Z3 could not decide) for the first access not proved in bounds.
void prove_program_in_bounds(const LinearProgram& program);

} // namespace lmc::oob
