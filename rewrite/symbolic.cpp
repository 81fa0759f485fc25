// The symbolic simplifier assembled: each family's table built once, their composition, and simplify().
// Its own file so the order families are tried in is written down in one place.
#include "rewrite/symbolic.hpp"

#include "rewrite/bounds.hpp"
#include "rewrite/graph_rewrite.hpp"
#include "rewrite/rules/rules_internal.hpp"

#include <unordered_set>

namespace lmc {
namespace {

// The divisions and shifts of u's graph that may be undefined (by their own operands' ranges or their sources'),
// found by walking only the part of the graph that may be undefined. Undefined propagates through every op (a select
// evaluates both branches), so a graph is undefined exactly where one of these is.
std::unordered_set<uint32_t> undefined_sites(UOp u) {
  std::unordered_set<uint32_t> seen, sites;
  std::vector<UOp> stack{u};
  while (!stack.empty()) {
    const UOp n = stack.back();
    stack.pop_back();
    if (!seen.insert(n.id()).second || !may_be_undefined(n)) continue;
    for (UOp s : n.src())
      stack.push_back(s);
    // every division or shift on the way counts (its own divisor may be the one that is 0)
    const Op op = n.op();
    if (op == Op::FLOORDIV || op == Op::FLOORMOD || op == Op::CDIV || op == Op::CMOD || op == Op::SHL || op == Op::SHR)
      sites.insert(n.id());
  }
  return sites;
}

// A rewrite keeps every way its input may be undefined: the output may be undefined too, and each possibly-undefined
// division or shift strictly inside the input is still in the output. "The output may be undefined too" alone was
// not enough: where(x > 7, y // y, cdiv(y, -x)) with x near INT32_MIN became cdiv(y, -x), undefined only by its
// imprecise bounds, and defined where y // y was not (#15's sweep). The rewritten node itself may be replaced by an
// equivalent division (x * d // (z * d) -> x // z with d != 0): its rule answers for that (prove_equal checks
// definedness both ways, and test_verify proves the case table with it).
bool keeps_undefined(UOp before, UOp after) {
  if (!may_be_undefined(before)) return true;
  if (!may_be_undefined(after)) return false;
  const std::unordered_set<uint32_t> kept = undefined_sites(after);
  for (uint32_t id : undefined_sites(before))
    if (id != before.id() && !kept.contains(id)) return false;
  return true;
}

// Facts the accept check reads of every rewritten node, computed at each node as the driver reaches it (see
// RuleTable::with_prepare): at the top of a long sum, keeps_undefined asked may_be_undefined of a sum whose inner
// adds no rule had asked, and walked all of them cold.
void prepare_facts(UOp u) {
  (void)may_be_undefined(u);
}

} // namespace

const std::vector<const rw::RuleTable*>& symbolic_families() {
  // Order: constants first (cheapest, most decisive), then the algebra that shrinks, then the normal forms.
  // Held by value (not leaked with new) so leak checkers see them freed at exit.
  static const std::vector<rw::RuleTable> tables{
      rules::fold_rules(),    rules::identity_rules(), rules::cast_rules(),   rules::logic_rules(),
      rules::compare_rules(), rules::where_rules(),    rules::minmax_rules(), rules::divmod_rules(),
      rules::product_rules(), rules::combine_rules(),
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
    return rw::RuleTable("symbolic", sum.rules()).with_accept(keeps_undefined).with_prepare(prepare_facts);
  }();
  return all;
}

UOp simplify(UOp root) {
  return rw::graph_rewrite("simplify", root, symbolic_rules());
}

} // namespace lmc
