// The LMC_CHECK_OOB prover over whole programs (tests/oob): a load past its buffer is refused naming the kernel,
// the buffer and the index, and the access's own gate and an enclosing IF each make it provable. Then a suite run
// under the flag (the ctest entry frontend_kernels_proved_in_bounds) checks every kernel it compiles.
#include "check.hpp"
#include "tests/oob/program_oob.hpp"

namespace lmc {
namespace {

// for r in [0, 21): load buf0[r], a buffer of `size` elements; `gate` goes on the index, `guard` becomes an IF.
LinearProgram one_load(int64_t size, bool gate, bool guard) {
  const UOp p = UOp::make(Op::PARAM, float32.ptr(), {}, ParamArg{0, size});
  const UOp r = UOp::range(UOp::constant(int32, 21), 0);
  const UOp inside = r.lt(20);
  const UOp idx = gate ? UOp::make(Op::INDEX, p.dtype(), {p, r, inside}) : UOp::make(Op::INDEX, p.dtype(), {p, r});
  const UOp load = UOp::make(Op::LOAD, float32, {idx});
  LinearProgram prog;
  prog.name = "one_load";
  prog.ops = {p, r};
  if (guard) prog.ops.push_back(UOp::make(Op::IF, void_, {inside}));
  prog.ops.insert(prog.ops.end(), {idx, load});
  if (guard) prog.ops.push_back(UOp::make(Op::ENDIF, void_, {prog.ops[2]}));
  return prog;
}

TEST(OobCheck, LoadPastTheBufferIsRefused) {
  EXPECT_NO_THROW(oob::prove_program_in_bounds(one_load(21, false, false)));
  check::expect_error([] { oob::prove_program_in_bounds(one_load(20, false, false)); },
                      {"LMC_CHECK_OOB", "kernel one_load", "LOAD of buffer 0 (20 elements)", "not proved in bounds"});
}

TEST(OobCheck, TheIndexGateAndAnEnclosingIfMakeItSafe) {
  EXPECT_NO_THROW(oob::prove_program_in_bounds(one_load(20, true, false)));
  EXPECT_NO_THROW(oob::prove_program_in_bounds(one_load(20, false, true)));
}

} // namespace
} // namespace lmc
