// Family "minmax": max/min decided by bounds, max(x, x + c) by the sign of c, constants of nested max/min merged.
// Its own file: the rules of the two lattice ops mirror each other and read best side by side.
#include "rewrite/rules/rules_internal.hpp"

namespace lmc::rules {
namespace {

const Pat x = ivar("x"), y = ivar("y"), c1 = cvar("c1"), c2 = cvar("c2");
const Pat s = (x + c1).named("s"), s_out = Pat::var("s");

} // namespace

RuleTable minmax_rules() {
  // clang-format off
  return RuleTable("minmax", {
    rule("max_left",       max(x, y),             x,          lo(x) >= hi(y)),
    rule("max_right",      max(x, y),             y,          lo(y) >= hi(x)),
    rule("min_left",       min(x, y),             x,          hi(x) <= lo(y)),
    rule("min_right",      min(x, y),             y,          hi(y) <= lo(x)),
    rule("max_add_pos",    max(x, s),             s_out,      val(c1) >= 0 && fits(s)),
    rule("max_add_neg",    max(x, s),             x,          val(c1) <= 0 && fits(s)),
    rule("min_add_pos",    min(x, s),             x,          val(c1) >= 0 && fits(s)),
    rule("min_add_neg",    min(x, s),             s_out,      val(c1) <= 0 && fits(s)),
    rule("max_max_const",  max(max(x, c1), c2),   max(x, max(c1, c2))),
    rule("min_min_const",  min(min(x, c1), c2),   min(x, min(c1, c2))),
  });
  // clang-format on
}

} // namespace lmc::rules
