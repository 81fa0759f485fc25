// The check LMC_CHECK_OOB=1 runs on every lowered program before it is compiled: proving each load and store inside
// its buffer needs Z3, which the runtime library never links, so a program that links lmc_verify (the tests, the
// tools) installs the prover here. Its own file: the one seam between the runtime and the proofs.
#pragma once
#include "codegen/linear.hpp"

#include <functional>

namespace lmc {

// Throws lmc::Error naming the kernel, the buffer and the index that may fall outside it.
using ProgramCheck = std::function<void(const LinearProgram&)>;

// Installs the check (replacing any earlier one); an empty function removes it.
void set_oob_check(ProgramCheck check);

// With LMC_CHECK_OOB=1: runs the installed check on `program`, or throws lmc::Error saying that this process has
// no prover linked (an OOB run that proves nothing must not pass silently). Without the flag: nothing.
void run_oob_check(const LinearProgram& program);

} // namespace lmc
