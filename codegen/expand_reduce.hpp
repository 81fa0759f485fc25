// Small reduces become straight-line code: a REDUCE whose ranges all have small constant extents (the x, y, z of a
// distance, a 2x2 window) is replaced by its terms combined in loop order. Then what its terms load no longer sits
// in a loop of its own, so the linearizer hoists loads that do not depend on an enclosing loop (a query point's
// coordinates out of a scan over model points) and no accumulator or loop is left for three adds.
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

// The rule table of the pass: one rule, expand_small_reduce, reading the term limit from its context (an int64_t).
const rw::RuleTable& expand_small_reduce_rules();

// The named pass "expand_small_reduces" (a single walk: a replacement is not revisited). Terms at most `max_terms`
// (product of the extents) are expanded.
UOp expand_small_reduces(UOp sink, int64_t max_terms = 8);

} // namespace lmc
