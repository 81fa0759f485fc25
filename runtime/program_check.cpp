// The installed LMC_CHECK_OOB check, guarded by a mutex: kernels are prepared on several threads.
#include "runtime/program_check.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"

#include <fmt/format.h>
#include <mutex>

namespace lmc {
namespace {

// Function-local, so a check installed by another file's static initializer is never reset by this file's.
struct Installed {
  std::mutex mutex;
  ProgramCheck check;
};
Installed& installed() {
  static Installed i;
  return i;
}

} // namespace

void set_oob_check(ProgramCheck check) {
  std::lock_guard lock(installed().mutex);
  installed().check = std::move(check);
}

void run_oob_check(const LinearProgram& program) {
  if (!config().check_oob) return;
  ProgramCheck check;
  {
    std::lock_guard lock(installed().mutex);
    check = installed().check;
  }
  if (!check)
    throw Error(fmt::format("LMC_CHECK_OOB=1: kernel {} cannot be proved in bounds: this program links no prover "
                            "(the tests install lmc_verify's; unset LMC_CHECK_OOB to run without the proofs)",
                            program.name));
  check(program);
}

} // namespace lmc
