// The condition under which each node's value is read, from the outputs down: the common conditions of all its
// readers (an intersection of conjunctions over-approximates their disjunction, so a gate never hides a value some
// reader needs). Then one top-down rewrite gates each load whose condition is not empty.
#include "codegen/gate_arm_loads.hpp"

#include "codegen/range_deps.hpp"
#include "rewrite/graph_rewrite.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace lmc {
namespace {

// One conjunct: a where's condition, or its negation for the else-arm.
struct Atom {
  UOp cond;
  bool negated = false;
  bool operator==(const Atom& o) const { return cond.id() == o.cond.id() && negated == o.negated; }
  bool operator<(const Atom& o) const {
    return cond.id() != o.cond.id() ? cond.id() < o.cond.id() : negated < o.negated;
  }
};
using Conjunction = std::vector<Atom>; // sorted; empty: read unconditionally

struct GateContext {
  std::unordered_map<uint32_t, UOp> gate_of_load; // original LOAD id -> the gate its INDEX gains
};

bool loads_global_memory(UOp load) {
  const UOp index = load.src(0);
  return index.op() == Op::INDEX && index.src(0).op() == Op::PARAM;
}

// The readers whose own condition carries over to a source: plain values. Everything else (a reduce or top-k loop, a
// store, a loop nest, control flow) reads its sources whatever the condition it sits under.
bool passes_condition(Op op) {
  return op == Op::LOAD || op == Op::INDEX || op_group(op) == OpGroup::Elementwise;
}

// A Global range of a GPU kernel is a slice of the thread index (flatten_threads), not a loop: a load gated by a
// condition on it moves into no loop, since every thread computes its own copy of the load either way. (A per-object
// value gated by its row's condition: the burst step's compaction reads a new pose's sources only for new rows.)
bool is_thread_index(UOp u) {
  return u.op() == Op::RANGE && u.arg_as<RangeArg>().kind == AxisKind::Global;
}

void conjuncts(UOp cond, std::vector<UOp>& out) {
  if (cond.op() == Op::AND && cond.dtype().is_bool()) {
    conjuncts(cond.src(0), out);
    conjuncts(cond.src(1), out);
  } else {
    out.push_back(cond);
  }
}

Conjunction with(Conjunction c, Atom a) {
  auto at = std::lower_bound(c.begin(), c.end(), a);
  if (at == c.end() || !(*at == a)) c.insert(at, a);
  return c;
}

std::unordered_map<uint32_t, UOp> find_gates(UOp sink) {
  const std::vector<UOp> order = sink.toposort(); // sources before readers
  std::unordered_map<uint32_t, std::optional<Conjunction>> read_under;
  auto reach = [&](UOp s, const Conjunction& c) {
    auto [it, fresh] = read_under.try_emplace(s.id(), c);
    if (fresh) return;
    Conjunction common;
    std::set_intersection(it->second->begin(), it->second->end(), c.begin(), c.end(), std::back_inserter(common));
    it->second = std::move(common);
  };
  read_under.emplace(sink.id(), Conjunction{});
  RangeDeps ranges;
  std::unordered_map<uint32_t, UOp> gates;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const UOp u = *it;
    const Conjunction c = read_under.contains(u.id()) ? *read_under.at(u.id()) : Conjunction{};
    if (u.op() == Op::WHERE) {
      reach(u.src(0), c);
      // The then-arm's condition as its conjuncts: readers that share only some of them still share those.
      Conjunction then_arm = c;
      std::vector<UOp> parts;
      conjuncts(u.src(0), parts);
      for (UOp part : parts)
        then_arm = with(std::move(then_arm), Atom{part, false});
      reach(u.src(1), then_arm);
      reach(u.src(2), with(c, Atom{u.src(0), true}));
      continue;
    }
    const bool carries = passes_condition(u.op());
    for (size_t i = 0; i < u.num_src(); ++i)
      // A load's extra sources only order it; an index's buffer is read by whatever indexes it.
      reach(u.src(i),
            carries && !(u.op() == Op::LOAD && i > 0) && !(u.op() == Op::INDEX && i == 0) ? c : Conjunction{});
    if (u.op() != Op::LOAD || c.empty() || !loads_global_memory(u)) continue;
    const auto& load_ranges = ranges.of(u);
    // Conditions the index is already gated by add nothing (a padded view's load sits under where(valid, load, 0)).
    std::vector<UOp> has;
    if (u.src(0).num_src() > 2) conjuncts(u.src(0).src(2), has);
    UOp gate;
    for (const Atom& a : c) {
      if (!a.cond.dtype().is_bool() || a.cond.dtype().count != 1) continue;
      if (!a.negated && std::find(has.begin(), has.end(), a.cond) != has.end()) continue;
      const auto& need = ranges.of(a.cond);
      if (!std::all_of(need.begin(), need.end(),
                       [&](uint32_t r) { return load_ranges.contains(r) || is_thread_index(UOp::from_id(r)); }))
        continue;
      const UOp term = a.negated ? UOp::alu(Op::XOR, {a.cond, UOp::constant(a.cond.dtype(), true)}) : a.cond;
      gate = gate.is_null() ? term : UOp::alu(Op::AND, {gate, term});
    }
    if (!gate.is_null()) gates.emplace(u.id(), gate);
  }
  return gates;
}

std::optional<UOp> gate_load(const rw::Match& m) {
  const auto& gates = m.context<const GateContext>().gate_of_load;
  auto g = gates.find(m.root.id());
  if (g == gates.end()) return std::nullopt;
  const UOp index = m.root.src(0);
  const UOp gate = index.num_src() > 2 ? UOp::alu(Op::AND, {index.src(2), g->second}) : g->second;
  std::vector<UOp> src(m.root.src().begin(), m.root.src().end());
  src[0] = index.with_src(std::vector<UOp>{index.src(0), index.src(1), gate});
  return m.root.with_src(src);
}

} // namespace

const rw::RuleTable& gate_arm_load_rules() {
  static const rw::RuleTable table("gate_arm_loads",
                                   {rw::rule_fn("gate_arm_load", rw::Pat::any_of({Op::LOAD}), LMC_FOLD(gate_load))});
  return table;
}

UOp gate_arm_loads(UOp sink) {
  GateContext ctx{find_gates(sink)};
  if (ctx.gate_of_load.empty()) return sink; // no pass to show
  // Top-down: each rule sees the original load its gate was found for (a load whose address reads a gated load is
  // rebuilt after it).
  return rw::graph_rewrite("gate_arm_loads", sink, gate_arm_load_rules(), {.walk = rw::Walk::TopDown, .ctx = &ctx});
}

} // namespace lmc
