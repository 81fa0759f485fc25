// A gated load yields 0 where its gate is false (codegen/linear.hpp). Each added gate is the condition under which
// the select picks the arm holding the load, and the load reaches the output only through that arm, so wherever the
// gate is false its value is discarded: the kernel computes the same values.
#include "codegen/gate_loads.hpp"

#include "rewrite/graph_rewrite.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace lmc {
namespace {

// Original LOAD id -> the conditions it is gated by.
using LoadGates = std::unordered_map<uint32_t, std::vector<UOp>>;
using Users = std::unordered_map<uint32_t, std::vector<uint32_t>>;

// An arm whose subgraph is larger is not analysed: the analysis is quadratic in the worst case, and such kernels gain
// little from it.
constexpr size_t kMaxArmNodes = 4096;

// The nodes under `arm` (itself included) that reach the outputs only through `select`'s use of `arm`.
std::vector<UOp> exclusive_to_arm(UOp select, UOp arm, const Users& users) {
  const std::vector<UOp> below = arm.toposort(); // sources before users
  if (below.size() > kMaxArmNodes) return {};
  std::unordered_set<uint32_t> exclusive;
  // The arm itself: its only user must be the select, using it in this one place.
  const auto& arm_users = users.at(arm.id());
  const int uses_in_select = static_cast<int>(std::count(select.src().begin(), select.src().end(), arm));
  if (arm_users.size() != 1 || uses_in_select != 1) return {};
  exclusive.insert(arm.id());
  std::vector<UOp> out{arm};
  for (size_t i = below.size(); i-- > 0;) { // users before sources
    const UOp n = below[i];
    if (n == arm) continue;
    const auto& us = users.at(n.id());
    const bool all_inside = std::all_of(us.begin(), us.end(), [&](uint32_t u) { return exclusive.contains(u); });
    if (all_inside) {
      exclusive.insert(n.id());
      out.push_back(n);
    }
  }
  return out;
}

std::optional<UOp> gate_exclusive_load(const rw::Match& m) {
  const UOp load = m.root;
  const LoadGates& gates = m.context<const LoadGates>();
  const auto it = gates.find(load.id());
  if (it == gates.end()) return std::nullopt;
  const UOp index = load.src(0);
  std::vector<UOp> index_src(index.src().begin(), index.src().end());
  UOp gate = index_src.size() > 2 && !index_src[2].is_const_int(1) ? index_src[2] : UOp(); // a true gate adds nothing
  // The gate's conjuncts, so a condition it already requires is not and-ed in again.
  std::unordered_set<uint32_t> required;
  for (std::vector<UOp> todo{gate}; !todo.empty();) {
    const UOp g = todo.back();
    todo.pop_back();
    if (g.is_null()) continue;
    required.insert(g.id());
    if (g.op() == Op::AND && g.dtype() == bool_) todo.insert(todo.end(), g.src().begin(), g.src().end());
  }
  for (UOp c : it->second)
    if (required.insert(c.id()).second) gate = gate.is_null() ? c : UOp::alu(Op::AND, {gate, c});
  if (index_src.size() > 2)
    index_src[2] = gate;
  else
    index_src.push_back(gate);
  std::vector<UOp> load_src(load.src().begin(), load.src().end());
  load_src[0] = index.with_src(index_src);
  return load.with_src(load_src);
}

} // namespace

const rw::RuleTable& gate_load_rules() {
  static const rw::RuleTable table(
      "gate_loads", {rw::rule_fn("gate_exclusive_load", rw::Pat::any_of({Op::LOAD}), LMC_FOLD(gate_exclusive_load))});
  return table;
}

UOp gate_loads(UOp sink) {
  const std::vector<UOp> nodes = sink.toposort();
  Users users;
  for (UOp n : nodes) {
    users.try_emplace(n.id());
    for (UOp s : n.src())
      users[s.id()].push_back(n.id());
  }
  LoadGates gates;
  for (UOp w : nodes) {
    if (w.op() != Op::WHERE) continue;
    const UOp cond = w.src(0);
    if (cond.is_const() || cond.dtype().count != 1) continue;
    for (int arm = 1; arm <= 2; ++arm) {
      std::vector<UOp> exclusive = exclusive_to_arm(w, w.src(arm), users);
      for (UOp n : exclusive) {
        if (n.op() != Op::LOAD || n.src(0).op() != Op::INDEX) continue;
        gates[n.id()].push_back(arm == 1 ? cond : UOp::alu(Op::CMPNE, {cond, UOp::constant(cond.dtype(), true)}));
      }
    }
  }
  if (gates.empty()) return sink;
  rw::RewriteOptions options;
  options.walk = rw::Walk::TopDown;
  options.ctx = &gates;
  return rw::graph_rewrite("gate_loads", sink, gate_load_rules(), options);
}

} // namespace lmc
