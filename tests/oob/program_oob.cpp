// prove_program_in_bounds over a linear program, and its installation as the runtime's LMC_CHECK_OOB check.
#include "program_oob.hpp"

#include "ir/error.hpp"
#include "rewrite/verify/oob.hpp"
#include "runtime/program_check.hpp"

#include <fmt/format.h>
#include <vector>

namespace lmc::oob {
namespace {

UOp and_of(UOp a, UOp b) {
  return a.is_null() ? b : UOp::alu(Op::AND, {a, b});
}

void prove_access(const LinearProgram& p, UOp access, UOp index, int64_t size, UOp gate, int slot) {
  const verify::ProofResult r = verify::prove_index_in_bounds(index, size, gate);
  if (r.proved()) return;
  throw Error(fmt::format("LMC_CHECK_OOB: kernel {} {}: {} of buffer {} ({} elements) at index {} is not proved in "
                          "bounds{}: {}",
                          p.name, p.opts, op_name(access.op()), slot, size, index.expr(),
                          gate.is_null() ? "" : fmt::format(" where {}", gate.expr()), r.message));
}

// Installed once per executable that links this file.
const bool g_installed = [] {
  set_oob_check(prove_program_in_bounds);
  return true;
}();

} // namespace

void prove_program_in_bounds(const LinearProgram& p) {
  std::vector<UOp> ifs; // conditions of the IFs open at this point of the program
  for (UOp u : p.ops) {
    if (u.op() == Op::IF) ifs.push_back(u.src(0));
    if (u.op() == Op::ENDIF && !ifs.empty()) ifs.pop_back();
    if (u.op() != Op::LOAD && u.op() != Op::STORE) continue;
    const UOp addr = u.src(0);
    if (addr.op() != Op::INDEX || addr.src(0).op() != Op::PARAM) continue; // registers and shared memory: not here
    const ParamArg param = addr.src(0).arg_as<ParamArg>();
    UOp gate = addr.num_src() > 2 ? addr.src(2) : UOp();
    for (UOp c : ifs)
      gate = and_of(gate, c);
    const UOp index = addr.src(1);
    prove_access(p, u, index, param.size, gate, param.slot);
    // A vector access touches `count` consecutive elements: its last one must be inside too.
    const int count = (u.op() == Op::LOAD ? u.dtype() : u.src(1).dtype()).count;
    if (count > 1) prove_access(p, u, index + (count - 1), param.size, gate, param.slot);
  }
}

} // namespace lmc::oob
