// Reduces become register accumulators, as graph nodes the linearizer only has to order:
//   acc  = DEFINE_REG                      one slot per reduce
//   init = STORE(acc[0], identity, R...)   R: the ranges the reduce's result depends on (so it runs once per output)
//   old  = LOAD(acc[0], init, value, L...) L: the reduced ranges (so the read sits in the innermost loop, after the
//                                           value it is combined with)
//   END(STORE(acc[0], old op value), [IF(gate),] L...)
//                                          the loop nest, closed after the update; a reduce of where(c, x, identity)
//                                          opens its loops under IF(the part of c the same for the whole row), and
//                                          sums only what is left of the where()
//   LOAD(acc[0], init, END)                the result, read after the loops
// A reduce inside a register tile gets one accumulator per tile element, with the tile's loops opened again around
// the initialization and inside the reduce loop (accumulators.cpp, fold_tiled_reduce).
// The extra sources of these register accesses only place them (the linearizer keeps, of a LOAD's, the last STORE).
// Reduces inside a tiled reduce's value are left by the pass: the linearizer copies that value once per tile element
// and gives each copy's reduce the same form, with a register of its own. (A top-k's value was copied per selection
// phase by select_topk, which runs first, so the reduces in it are plain ones here.)
#pragma once
#include "codegen/range_deps.hpp"
#include "rewrite/matcher.hpp"

namespace lmc {

// The registers and ranges accumulators take are numbered by these (the pass and the linearizer each keep theirs).
struct AccumulatorCounters {
  int32_t next_reg = 0;
  int32_t next_range_id = 0;
};

// `reduce` in accumulator form (above): the result LOAD. The caller has checked that no register-tile range encloses
// a loop the reduce needs.
UOp accumulator_form(UOp reduce, RangeDeps& deps, AccumulatorCounters& counters);

const rw::RuleTable& accumulator_rules();

// The named pass "reduce_to_accumulators" (a single walk over a context holding the range analysis).
UOp reduce_to_accumulators(UOp sink);

} // namespace lmc
