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
// Reduces inside a top-k's value or a tiled reduce's value (which the linearizer copies once per selection phase or
// tile element, each copy with its own register) are left to the linearizer for now.
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

const rw::RuleTable& accumulator_rules();

// The named pass "reduce_to_accumulators" (a single walk over a context holding the range analysis).
UOp reduce_to_accumulators(UOp sink);

} // namespace lmc
