// Groups are found in one walk over the kernel's loads, keyed by (buffer, base, gate, group of 4); the rewrite then
// replaces each grouped load by its lane of the group's vector load.
#include "codegen/vector_loads.hpp"

#include "rewrite/bounds.hpp"
#include "rewrite/graph_rewrite.hpp"

#include <map>
#include <tuple>
#include <unordered_map>

namespace lmc {
namespace {

constexpr int64_t kLanes = 4;

struct VectorLoadContext {
  std::unordered_map<uint32_t, UOp> lane_of_load; // original LOAD id -> GEP of its group's vector load
};

// (base, c) with index = base + c: c sums the constant terms of the index's sum (its tree of ADDs, through products
// with a constant: (r * 32 + u + 16) * 3 holds 3u + 48), the base adds the other terms up again left to right.
// Neighbouring lanes differ only in a constant that can sit anywhere in the sum ((4r + 1) + row in a loop over groups
// of 4, or a selection chunk's element u of 3-float points), and their bases come out as one node.
std::pair<UOp, int64_t> split_offset(UOp index) {
  if (index.op() != Op::ADD && index.op() != Op::MUL) return {index, 0};
  std::vector<UOp> terms;
  std::vector<std::pair<UOp, int64_t>> pending{{index, 1}}; // (node, its factor in the sum)
  int64_t c = 0;
  while (!pending.empty()) { // depth first, left operand first (an explicit stack: sums can be long chains)
    const auto [u, f] = pending.back();
    pending.pop_back();
    const std::optional<int64_t> k1 = u.op() == Op::MUL ? u.src(1).const_int() : std::nullopt;
    if (u.op() == Op::ADD) {
      pending.push_back({u.src(1), f});
      pending.push_back({u.src(0), f});
    } else if (k1 && (u.src(0).op() == Op::ADD || u.src(0).op() == Op::MUL)) {
      pending.push_back({u.src(0), f * *k1});
    } else if (auto k = u.const_int()) {
      c += *k * f;
    } else {
      terms.push_back(f == 1 ? u : UOp::alu(Op::MUL, {u, UOp::constant(u.dtype(), f)}));
    }
  }
  if (terms.empty()) return {UOp::constant(index.dtype(), int64_t{0}), c};
  UOp base = terms[0];
  for (size_t i = 1; i < terms.size(); ++i)
    base = UOp::alu(Op::ADD, {base, terms[i]});
  return {base, c};
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

std::unordered_map<uint32_t, UOp> find_groups(UOp sink) {
  struct Member {
    UOp load;
    int64_t lane;
  };
  // (buffer, base, gate, group) -> members, in an order independent of node ids' hashing.
  using Key = std::tuple<uint32_t, uint32_t, uint32_t, int64_t>;
  std::map<Key, std::vector<Member>> groups;
  std::map<Key, std::pair<UOp, UOp>> base_and_gate;
  for (UOp u : sink.toposort()) {
    // 4-byte elements (a 16-byte load) and 2-byte ones (8 bytes: a neighbour list's int16 ids).
    if (u.op() != Op::LOAD || u.num_src() != 1 || u.dtype().is_vector() ||
        (u.dtype().itemsize() != 4 && u.dtype().itemsize() != 2))
      continue;
    const UOp addr = u.src(0);
    if (addr.op() != Op::INDEX || addr.src(0).op() != Op::PARAM || addr.dtype().is_vector()) continue;
    if (addr.src(0).arg_as<ParamArg>().size % kLanes != 0) continue;
    const auto [base, c] = split_offset(addr.src(1));
    if (const_factor(base) % kLanes != 0) continue;
    const UOp gate = addr.num_src() > 2 ? addr.src(2) : UOp();
    const Key key{addr.src(0).id(), base.id(), gate.is_null() ? UINT32_MAX : gate.id(), floor_div(c, kLanes)};
    groups[key].push_back({u, c - floor_div(c, kLanes) * kLanes});
    base_and_gate.emplace(key, std::pair{base, gate});
  }
  std::unordered_map<uint32_t, UOp> lanes;
  for (const auto& [key, members] : groups) {
    uint32_t seen = 0;
    for (const Member& m : members)
      seen |= 1u << m.lane;
    if (std::popcount(seen) < 2) continue; // one element: a scalar load reads no less
    const auto& [base, gate] = base_and_gate.at(key);
    const UOp buffer = members.front().load.src(0).src(0);
    const int64_t start = std::get<3>(key) * kLanes;
    const UOp at = start == 0 ? base : UOp::alu(Op::ADD, {base, UOp::constant(base.dtype(), start)});
    const DType elem = members.front().load.dtype();
    std::vector<UOp> index_src{buffer, at};
    if (!gate.is_null()) index_src.push_back(gate);
    const UOp index = UOp::make(Op::INDEX, members.front().load.src(0).dtype().vec(kLanes), index_src);
    const UOp vector = UOp::make(Op::LOAD, elem.vec(kLanes), {index});
    for (const Member& m : members)
      lanes.emplace(m.load.id(), UOp::make(Op::GEP, elem, {vector}, m.lane));
  }
  return lanes;
}

std::optional<UOp> lane_of(const rw::Match& m) {
  const auto& lanes = m.context<const VectorLoadContext>().lane_of_load;
  auto it = lanes.find(m.root.id());
  if (it == lanes.end()) return std::nullopt;
  return it->second;
}

} // namespace

const rw::RuleTable& vector_load_rules() {
  static const rw::RuleTable table("vector_loads",
                                   {rw::rule_fn("load_lane", rw::Pat::any_of({Op::LOAD}), LMC_FOLD(lane_of))});
  return table;
}

UOp group_vector_loads(UOp sink) {
  VectorLoadContext ctx{find_groups(sink)};
  if (ctx.lane_of_load.empty()) return sink; // no pass to show
  // Top-down: each rule sees the original load its lane was found for (a vector load whose address reads a grouped
  // load is rebuilt after it, as every reader of that load is).
  return rw::graph_rewrite("vector_loads", sink, vector_load_rules(), {.walk = rw::Walk::TopDown, .ctx = &ctx});
}

} // namespace lmc
