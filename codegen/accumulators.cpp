// The accumulator's slot numbers start after the registers select_topk made; the linearizer numbers the registers it
// still makes after the largest.
#include "codegen/accumulators.hpp"

#include "codegen/opt/substitute.hpp"
#include "codegen/range_deps.hpp"
#include "ir/error.hpp"
#include "ir/reduce_identity.hpp"
#include "rewrite/graph_rewrite.hpp"

#include <algorithm>

namespace lmc {
namespace {

struct Accumulators {
  RangeDeps deps;
  std::unordered_set<uint32_t> left_to_linearizer; // reduces inside a tiled reduce's value
  AccumulatorCounters counters;
};

std::vector<UOp> sorted_by_id(const std::unordered_set<uint32_t>& ids) {
  std::vector<UOp> out;
  for (uint32_t id : ids)
    out.push_back(UOp::from_id(id));
  std::ranges::sort(out, [](UOp x, UOp y) { return x.arg_as<RangeArg>().id < y.arg_as<RangeArg>().id; });
  return out;
}

bool in_register_tile(RangeDeps& deps, UOp r) {
  return std::ranges::any_of(deps.of(r), [](uint32_t id) {
    const UOp u = UOp::from_id(id);
    return u.op() == Op::RANGE && u.arg_as<RangeArg>().kind == AxisKind::Upcast;
  });
}

// A reduce inside a register tile (Upcast ranges it does not reduce over): one accumulator per tile element, and the
// reduce loop runs outside the tile, so each value loaded in the reduce loop that does not depend on the tile is
// loaded once and used by every element (the point of the tile). The tile loops are opened again, as fresh ranges,
// around the initialization and inside the reduce loop:
//   END(STORE(acc[t'], identity, outside...), t'...)                         t': a copy of the tile, run per output
//   END(STORE(acc[t''], LOAD(acc[t''], init, value[t''], ...) op value[t''], value[t'']), [IF(gate),] R..., t''...)
//   LOAD(acc[t], init, END)                                                   read in the tile itself
// (the update's third source makes the linearizer emit the value before the slot's index math, as it always has).
UOp tiled_accumulator(UOp r, RangeDeps& deps, AccumulatorCounters& c) {
  const Op op = r.arg_as<ReduceArg>().op;
  const DType d = r.dtype();
  std::unordered_set<uint32_t> tile_ids, outside_ids;
  for (uint32_t id : deps.of(r))
    (UOp::from_id(id).arg_as<RangeArg>().kind == AxisKind::Upcast ? tile_ids : outside_ids).insert(id);
  const std::vector<UOp> tile = sorted_by_id(tile_ids), outside = sorted_by_id(outside_ids);
  int64_t size = 1;
  for (UOp t : tile) {
    auto e = t.src(0).const_int();
    if (!e) throw Error("reduce_to_accumulators: a register tile needs constant extents");
    size *= *e;
  }
  const UOp acc = UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{c.next_reg++, size});
  auto copies = [&](std::unordered_map<uint32_t, UOp>* map) {
    std::vector<UOp> fresh;
    for (UOp t : tile) {
      fresh.push_back(UOp::range(t.src(0), c.next_range_id++, AxisKind::Upcast));
      if (map) map->emplace(t.id(), fresh.back());
    }
    return fresh;
  };
  auto slot_of = [&](const std::vector<UOp>& ranges) {
    UOp flat = UOp::constant(index_dtype, int64_t{0});
    int64_t stride = 1;
    for (size_t k = ranges.size(); k-- > 0;) {
      flat = k + 1 == ranges.size() ? ranges[k] : flat + ranges[k] * stride;
      stride *= *ranges[k].src(0).const_int();
    }
    return UOp::make(Op::INDEX, acc.dtype(), {acc, flat});
  };
  const std::vector<UOp> init_ranges = copies(nullptr);
  const UOp init_store = UOp::make(Op::STORE, void_, concat({slot_of(init_ranges), reduce_identity(op, d)}, outside));
  const UOp init = UOp::make(Op::END, void_, concat({init_store}, init_ranges));
  std::vector<UOp> openers;
  UOp tile_value = r.src(0);
  if (auto gate = deps.identity_gate(r, tile)) {
    openers.push_back(UOp::make(Op::IF, void_, {gate->cond}));
    tile_value = gate->value;
  }
  const std::vector<UOp> loops(r.src().begin() + 1, r.src().end());
  std::unordered_map<uint32_t, UOp> body_map;
  const std::vector<UOp> body_ranges = copies(&body_map);
  openers = concat(concat(openers, loops), body_ranges);
  const UOp value = substitute(tile_value, body_map);
  const UOp body_slot = slot_of(body_ranges);
  const UOp old = UOp::make(Op::LOAD, d, concat(concat({body_slot, init, value}, loops), body_ranges));
  const UOp update = UOp::make(Op::STORE, void_, {body_slot, UOp::alu(op, {old, value}), value});
  const UOp closed = UOp::make(Op::END, void_, concat({update}, openers));
  return UOp::make(Op::LOAD, d, {slot_of(tile), init, closed});
}

} // namespace

UOp accumulator_form(UOp r, RangeDeps& deps, AccumulatorCounters& c) {
  if (in_register_tile(deps, r)) return tiled_accumulator(r, deps, c);
  const Op op = r.arg_as<ReduceArg>().op;
  const DType d = r.dtype();
  const std::vector<UOp> outer = sorted_by_id(deps.of(r));
  const std::vector<UOp> loops(r.src().begin() + 1, r.src().end());
  // Under a row-invariant gate the loops open inside IF(gate), and the value is what is left of the where().
  std::vector<UOp> openers;
  UOp value = r.src(0);
  if (auto gate = deps.identity_gate(r, {})) {
    openers.push_back(UOp::make(Op::IF, void_, {gate->cond}));
    value = gate->value;
  }
  openers = concat(openers, loops);

  const UOp acc = UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{c.next_reg++, 1});
  const UOp slot = UOp::make(Op::INDEX, acc.dtype(), {acc, UOp::constant(index_dtype, int64_t{0})});
  const UOp init = UOp::make(Op::STORE, void_, concat({slot, reduce_identity(op, d)}, outer));
  const UOp old = UOp::make(Op::LOAD, d, concat({slot, init, value}, loops));
  const UOp update = UOp::make(Op::STORE, void_, {slot, UOp::alu(op, {old, value})});
  const UOp closed = UOp::make(Op::END, void_, concat({update}, openers));
  return UOp::make(Op::LOAD, d, {slot, init, closed});
}

namespace {

std::optional<UOp> fold_reduce_to_accumulator(const rw::Match& m) {
  Accumulators& a = m.context<Accumulators>();
  const UOp r = m.root;
  if (a.left_to_linearizer.contains(r.id())) return std::nullopt;
  // Output loops always nest outside a register tile; the loop of a reduce this one sits in does not.
  if (in_register_tile(a.deps, r))
    for (uint32_t id : a.deps.of(r)) {
      const AxisKind k = UOp::from_id(id).arg_as<RangeArg>().kind;
      if (k != AxisKind::Upcast && k != AxisKind::Global && k != AxisKind::Thread && k != AxisKind::Loop)
        throw Error("reduce_to_accumulators: a register-tile range encloses a loop the reduce needs");
    }
  return accumulator_form(r, a.deps, a.counters);
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
    if (u.op() == Op::RANGE) a.counters.next_range_id = std::max(a.counters.next_range_id, u.arg_as<RangeArg>().id + 1);
    if (u.op() == Op::DEFINE_REG) a.counters.next_reg = std::max(a.counters.next_reg, u.arg_as<ParamArg>().slot + 1);
    if (u.op() == Op::TOPK) throw Error("reduce_to_accumulators: a TOPK is left (select_topk runs first)");
    if (u.op() != Op::REDUCE || !in_register_tile(a.deps, u)) continue;
    for (UOp inner : u.src(0).toposort())
      if (inner.op() == Op::REDUCE) a.left_to_linearizer.insert(inner.id());
  }
  return rw::graph_rewrite("reduce_to_accumulators", sink, accumulator_rules(),
                           {.walk = rw::Walk::SingleWalk, .ctx = &a});
}

} // namespace lmc
