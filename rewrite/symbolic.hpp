// The symbolic simplifier's public face: the rule families (one file each under rewrite/rules/), their
// composition, and simplify(). Every rule here is proved by the Z3 harness in rewrite/verify/.
#pragma once
#include "rewrite/matcher.hpp"

#include <vector>

namespace lmc {

// Each family is its own table (fold, identity, combine, divmod, compare, where, minmax, cast, logic, product).
const std::vector<const rw::RuleTable*>& symbolic_families();
// All families composed in the order simplify() uses them.
const rw::RuleTable& symbolic_rules();
// graph_rewrite("simplify", root, symbolic_rules()).
UOp simplify(UOp root);

} // namespace lmc
