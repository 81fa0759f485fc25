// The terms are combined in the loop's order (first range outermost), starting from the first term rather than the
// identity (as NumPy does): the same value except that a sum of only -0.0 terms stays -0.0.
#include "codegen/expand_reduce.hpp"

#include "codegen/opt/substitute.hpp"
#include "rewrite/graph_rewrite.hpp"

#include <unordered_map>

namespace lmc {
namespace {

// A reduce nested in the value would be copied once per term with the same ranges (a loop opened twice): such
// reduces stay loops.
bool nests_a_reduce(UOp r) {
  for (UOp n : r.src(0).toposort())
    if (n.op() == Op::REDUCE || n.op() == Op::TOPK) return true;
  return false;
}

std::optional<UOp> fold_small_reduce(const rw::Match& m) {
  const UOp r = m.root;
  const int64_t max_terms = m.context<const int64_t>();
  if (nests_a_reduce(r)) return std::nullopt;
  int64_t terms = 1;
  std::vector<int64_t> extents;
  for (size_t i = 1; i < r.num_src() && terms <= max_terms; ++i) {
    const auto e = r.src(i).src(0).const_int();
    terms = e ? terms * *e : max_terms + 1;
    extents.push_back(e ? *e : 0);
  }
  if (terms > max_terms || terms <= 0) return std::nullopt;
  const Op op = r.arg_as<ReduceArg>().op;
  UOp acc;
  for (int64_t t = 0; t < terms; ++t) {
    // Position t in row-major order over the ranges (the last range fastest, as the loops nest).
    std::unordered_map<uint32_t, UOp> at;
    int64_t rest = t;
    for (size_t i = extents.size(); i-- > 0;) {
      at.emplace(r.src(i + 1).id(), UOp::constant(r.src(i + 1).dtype(), rest % extents[i]));
      rest /= extents[i];
    }
    const UOp term = substitute(r.src(0), at);
    acc = acc.is_null() ? term : UOp::alu(op, {acc, term});
  }
  return acc;
}

} // namespace

const rw::RuleTable& expand_small_reduce_rules() {
  static const rw::RuleTable table(
      "expand_small_reduces",
      {rw::rule_fn("expand_small_reduce", rw::Pat::any_of({Op::REDUCE}), LMC_FOLD(fold_small_reduce))});
  return table;
}

UOp expand_small_reduces(UOp sink, int64_t max_terms) {
  return rw::graph_rewrite("expand_small_reduces", sink, expand_small_reduce_rules(),
                           {.walk = rw::Walk::SingleWalk, .ctx = &max_terms});
}

} // namespace lmc
