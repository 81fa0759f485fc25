// Dependencies are unions over sources, minus what a node closes; the memo makes each node cost one visit.
#include "codegen/range_deps.hpp"

#include "ir/reduce_identity.hpp"

#include <algorithm>
#include <variant>

namespace lmc {

const std::unordered_set<uint32_t>& RangeDeps::of(UOp u) {
  if (auto it = memo_.find(u.id()); it != memo_.end()) return it->second;
  std::unordered_set<uint32_t> out;
  // An IF opened by a loop nest is a scope like a loop: what reads it as a source sits inside it.
  if (u.op() == Op::RANGE || u.op() == Op::IF) out.insert(u.id());
  for (UOp s : u.src())
    for (uint32_t r : of(s))
      out.insert(r);
  // What a node closes is left out, but what opening it needs is not (a later opener's condition may read an earlier
  // opener: an IF inside a loop it closes too).
  std::vector<uint32_t> closed;
  for (size_t i = 1; i < u.num_src(); ++i) {
    const UOp c = u.src(i);
    if (u.op() != Op::REDUCE && !(u.op() == Op::END && (c.op() == Op::RANGE || c.op() == Op::IF))) continue;
    closed.push_back(c.id());
    for (uint32_t r : of(c.src(0)))
      out.insert(r);
  }
  for (uint32_t id : closed)
    out.erase(id);
  if (u.op() == Op::TOPK) {
    // The selection closes its range; the result still depends on the output slot.
    out = topk_loop(u);
    for (uint32_t r : of(u.src(2)))
      out.insert(r);
  }
  return memo_.emplace(u.id(), std::move(out)).first->second;
}

std::unordered_set<uint32_t> RangeDeps::topk_loop(UOp t) {
  std::unordered_set<uint32_t> out = of(t.src(0));
  if (t.num_src() > 3) // the payload, read in the same selection loop
    for (uint32_t r : of(t.src(3)))
      out.insert(r);
  out.erase(t.src(1).id());
  for (uint32_t r : of(t.src(1).src(0)))
    out.insert(r);
  return out;
}

std::optional<double> const_arm(UOp where) {
  if (where.op() != Op::WHERE || where.src(2).op() != Op::CONST) return std::nullopt;
  const ConstValue& c = where.src(2).arg_as<ConstValue>();
  return std::holds_alternative<double>(c)    ? std::get<double>(c)
         : std::holds_alternative<int64_t>(c) ? static_cast<double>(std::get<int64_t>(c))
                                              : static_cast<double>(std::get<bool>(c));
}

std::optional<RangeDeps::Gate> RangeDeps::split_gate(UOp where, const std::vector<UOp>& varying) {
  std::vector<UOp> conjuncts{where.src(0)}, invariant, per_element;
  while (!conjuncts.empty()) {
    const UOp t = conjuncts.back();
    conjuncts.pop_back();
    if (t.op() == Op::AND && t.dtype() == bool_) {
      conjuncts.push_back(t.src(0));
      conjuncts.push_back(t.src(1));
      continue;
    }
    const auto& used = of(t);
    const bool varies = std::ranges::any_of(varying, [&](UOp v) { return used.contains(v.id()); });
    (varies ? per_element : invariant).push_back(t);
  }
  if (invariant.empty()) return std::nullopt;
  auto all_of = [](const std::vector<UOp>& terms) {
    UOp out = terms.front();
    for (size_t i = 1; i < terms.size(); ++i)
      out = UOp::alu(Op::AND, {out, terms[i]});
    return out;
  };
  const UOp rest =
      per_element.empty() ? where.src(1) : UOp::alu(Op::WHERE, {all_of(per_element), where.src(1), where.src(2)});
  return Gate{all_of(invariant), rest};
}

std::optional<RangeDeps::Gate> RangeDeps::identity_gate(UOp r, const std::vector<UOp>& tile) {
  const auto y = const_arm(r.src(0));
  const UOp identity = reduce_identity(r.arg_as<ReduceArg>().op, r.dtype());
  if (!y || r.src(0).src(2) != identity) return std::nullopt;
  std::vector<UOp> varying(tile);
  for (size_t i = 1; i < r.num_src(); ++i)
    varying.push_back(r.src(i));
  return split_gate(r.src(0), varying);
}

} // namespace lmc
