// The symbolic simplifier assembled: each family's table built once, their composition, and simplify().
// Its own file so the order families are tried in is written down in one place.
#include "rewrite/symbolic.hpp"

#include "rewrite/graph_rewrite.hpp"
#include "rewrite/rules/rules_internal.hpp"

namespace lmc {

const std::vector<const rw::RuleTable*>& symbolic_families() {
  // Order: constants first (cheapest, most decisive), then the algebra that shrinks, then the normal forms.
  static const std::vector<const rw::RuleTable*> families = [] {
    return std::vector<const rw::RuleTable*>{
        new rw::RuleTable(rules::fold_rules()),    new rw::RuleTable(rules::identity_rules()),
        new rw::RuleTable(rules::cast_rules()),    new rw::RuleTable(rules::logic_rules()),
        new rw::RuleTable(rules::compare_rules()), new rw::RuleTable(rules::where_rules()),
        new rw::RuleTable(rules::minmax_rules()),  new rw::RuleTable(rules::divmod_rules()),
        new rw::RuleTable(rules::combine_rules()),
    };
  }();
  return families;
}

const rw::RuleTable& symbolic_rules() {
  static const rw::RuleTable* all = [] {
    rw::RuleTable sum;
    for (const rw::RuleTable* t : symbolic_families())
      sum = sum + *t;
    return new rw::RuleTable("symbolic", sum.rules());
  }();
  return *all;
}

UOp simplify(UOp root) {
  return rw::graph_rewrite("simplify", root, symbolic_rules());
}

} // namespace lmc
