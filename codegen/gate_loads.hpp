// Loads that only one arm of a select needs are gated by that arm's condition. A select evaluates both arms, so
// `where(c, a, f(load(buf[i])))` reads buf[i] in every thread even where c is true and the value is thrown away;
// with the load gated by `not c` a thread touches that memory only where the value is used. In a burst step's state
// update (keep the old row where the LM had no input, else the compacted row or a newly sampled one built from model
// frames) this removes most of the memory traffic of rows that take the other arm.
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

// The rule table of the pass: gate_exclusive_load, reading the gates the analysis found from its context.
const rw::RuleTable& gate_load_rules();

// The named pass "gate_loads" over a kernel AST (LOAD of INDEX). A load is gated by an arm's condition when every
// path from the load to the kernel's outputs passes through that arm of that select (the load is exclusive to the
// arm); a load under several such arms gets the conjunction, and-ed with a gate its index already has. A load
// shared with anything outside the arm stays as it is.
UOp gate_loads(UOp sink);

} // namespace lmc
