// The symbolic simplifier assembled: each family's table built once, their composition, and simplify().
// Its own file so the order families are tried in is written down in one place.
#include "rewrite/symbolic.hpp"

#include "rewrite/bounds.hpp"
#include "rewrite/graph_rewrite.hpp"
#include "rewrite/rules/rules_internal.hpp"

namespace lmc {

const std::vector<const rw::RuleTable*>& symbolic_families() {
  // Order: constants first (cheapest, most decisive), then the algebra that shrinks, then the normal forms.
  // Held by value (not leaked with new) so leak checkers see them freed at exit.
  static const std::vector<rw::RuleTable> tables{
      rules::fold_rules(),   rules::identity_rules(), rules::cast_rules(),
      rules::logic_rules(),  rules::compare_rules(),  rules::where_rules(),
      rules::minmax_rules(), rules::divmod_rules(),   rules::combine_rules(),
  };
  static const std::vector<const rw::RuleTable*> families = [] {
    std::vector<const rw::RuleTable*> out;
    for (const rw::RuleTable& t : tables)
      out.push_back(&t);
    return out;
  }();
  return families;
}

const rw::RuleTable& symbolic_rules() {
  static const rw::RuleTable all = [] {
    rw::RuleTable sum;
    for (const rw::RuleTable* t : symbolic_families())
      sum = sum + *t;
    // No rewrite hides an undefined value: a node that may divide by zero stays one that may (x % 0 is not 0,
    // x // y * 0 is not 0 while y may be 0).
    auto keeps_undefined = [](UOp before, UOp after) { return !may_be_undefined(before) || may_be_undefined(after); };
    return rw::RuleTable("symbolic", sum.rules()).with_accept(keeps_undefined);
  }();
  return all;
}

UOp simplify(UOp root) {
  return rw::graph_rewrite("simplify", root, symbolic_rules());
}

} // namespace lmc
