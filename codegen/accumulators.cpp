// The accumulator's slot numbers start at 0; the linearizer numbers the registers it still makes after the largest.
#include "codegen/accumulators.hpp"

#include "codegen/range_deps.hpp"
#include "ir/reduce_identity.hpp"
#include "rewrite/graph_rewrite.hpp"

#include <algorithm>

namespace lmc {
namespace {

struct Accumulators {
  RangeDeps deps;
  std::unordered_set<uint32_t> left_to_linearizer; // reduces inside a top-k's or a tiled reduce's value
  int32_t next_reg = 0;
};

bool in_register_tile(RangeDeps& deps, UOp r) {
  return std::ranges::any_of(deps.of(r),
                             [](uint32_t id) { return UOp::from_id(id).arg_as<RangeArg>().kind == AxisKind::Upcast; });
}

std::optional<UOp> fold_reduce_to_accumulator(const rw::Match& m) {
  Accumulators& a = m.context<Accumulators>();
  const UOp r = m.root;
  if (a.left_to_linearizer.contains(r.id()) || in_register_tile(a.deps, r)) return std::nullopt;
  const Op op = r.arg_as<ReduceArg>().op;
  const DType d = r.dtype();
  std::vector<UOp> outer;
  for (uint32_t id : a.deps.of(r))
    outer.push_back(UOp::from_id(id));
  std::ranges::sort(outer, [](UOp x, UOp y) { return x.arg_as<RangeArg>().id < y.arg_as<RangeArg>().id; });
  const std::vector<UOp> loops(r.src().begin() + 1, r.src().end());
  // Under a row-invariant gate the loops open inside IF(gate), and the value is what is left of the where().
  std::vector<UOp> openers;
  UOp value = r.src(0);
  if (auto gate = a.deps.identity_gate(r, {})) {
    openers.push_back(UOp::make(Op::IF, void_, {gate->cond}));
    value = gate->value;
  }
  openers.insert(openers.end(), loops.begin(), loops.end());

  const UOp acc = UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{a.next_reg++, 1});
  const UOp slot = UOp::make(Op::INDEX, acc.dtype(), {acc, UOp::constant(index_dtype, int64_t{0})});
  std::vector<UOp> init_src{slot, reduce_identity(op, d)};
  init_src.insert(init_src.end(), outer.begin(), outer.end());
  const UOp init = UOp::make(Op::STORE, void_, init_src);
  std::vector<UOp> old_src{slot, init, value};
  old_src.insert(old_src.end(), loops.begin(), loops.end());
  const UOp old = UOp::make(Op::LOAD, d, old_src);
  const UOp update = UOp::make(Op::STORE, void_, {slot, UOp::alu(op, {old, value})});
  std::vector<UOp> end_src{update};
  end_src.insert(end_src.end(), openers.begin(), openers.end());
  const UOp closed = UOp::make(Op::END, void_, end_src);
  return UOp::make(Op::LOAD, d, {slot, init, closed});
}

} // namespace

const rw::RuleTable& accumulator_rules() {
  static const rw::RuleTable table(
      "reduce_to_accumulators",
      {rw::rule_fn("reduce_to_accumulator", rw::Pat::any_of({Op::REDUCE}), LMC_FOLD(fold_reduce_to_accumulator))});
  return table;
}

UOp reduce_to_accumulators(UOp sink) {
  Accumulators a;
  for (UOp u : sink.toposort()) {
    const bool selects = u.op() == Op::TOPK;
    const bool tiled = u.op() == Op::REDUCE && in_register_tile(a.deps, u);
    if (!selects && !tiled) continue;
    for (UOp inner : u.src(0).toposort())
      if (inner.op() == Op::REDUCE) a.left_to_linearizer.insert(inner.id());
  }
  rw::RewriteOptions options;
  options.walk = rw::Walk::SingleWalk;
  options.ctx = &a;
  return rw::graph_rewrite("reduce_to_accumulators", sink, accumulator_rules(), options);
}

} // namespace lmc
