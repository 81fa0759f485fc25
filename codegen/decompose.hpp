// Late decompositions: rewrites that grow the graph to fit what targets execute. Floor division and modulo
// become C's truncating forms (directly where the dividend is known non-negative and the divisor positive).
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

const rw::RuleTable& decompose_divmod_rules();

} // namespace lmc
