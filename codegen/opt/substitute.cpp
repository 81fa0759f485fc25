// Memoized rebuilds over a toposort: every node is visited once, sources before users, so a rebuild costs one
// pass over the graph however many users a replaced node has.
#include "codegen/opt/substitute.hpp"

#include "codegen/linearize.hpp"

#include <algorithm>
#include <unordered_set>

namespace lmc {

UOp substitute(UOp root, const std::unordered_map<uint32_t, UOp>& map) {
  std::unordered_map<uint32_t, UOp> done;
  for (UOp u : root.toposort()) {
    if (auto it = map.find(u.id()); it != map.end()) {
      done.emplace(u.id(), it->second);
      continue;
    }
    std::vector<UOp> src;
    bool changed = false;
    for (UOp s : u.src()) {
      src.push_back(done.at(s.id()));
      changed = changed || src.back() != s;
    }
    done.emplace(u.id(), changed ? u.with_src(src) : u);
  }
  return done.at(root.id());
}

UOp substitute_range(UOp root, UOp range, UOp value, const std::vector<UOp>& replacement) {
  std::unordered_map<uint32_t, UOp> done;
  for (UOp u : root.toposort()) {
    if (u == range) {
      done.emplace(u.id(), value);
      continue;
    }
    std::vector<UOp> src;
    bool changed = false;
    for (size_t i = 0; i < u.num_src(); ++i) {
      const UOp s = u.src(i);
      const bool range_slot = (u.op() == Op::REDUCE && i >= 1) || (u.op() == Op::TOPK && i == 1);
      if (range_slot && s == range) {
        src.insert(src.end(), replacement.begin(), replacement.end());
        changed = true;
        continue;
      }
      src.push_back(done.at(s.id()));
      changed = changed || src.back() != s;
    }
    done.emplace(u.id(), changed ? u.with_src(src) : u);
  }
  return done.at(root.id());
}

UOp pad_range(UOp root, UOp range, UOp padded, int64_t n) {
  const UOp valid = padded.lt(UOp::constant(padded.dtype(), n));
  std::unordered_map<uint32_t, UOp> done;
  std::unordered_set<uint32_t> depends; // original nodes whose value depends on `range`
  for (UOp u : root.toposort()) {
    if (u == range) {
      done.emplace(u.id(), padded);
      depends.insert(u.id());
      continue;
    }
    std::vector<UOp> src;
    bool dep = false;
    for (size_t i = 0; i < u.num_src(); ++i) {
      src.push_back(done.at(u.src(i).id()));
      dep = dep || depends.contains(u.src(i).id());
    }
    if (dep) depends.insert(u.id());
    UOp out = dep ? u.with_src(src) : u;
    if (u.op() == Op::INDEX && dep) {
      // The padding never touches memory: loads there read 0, stores there are skipped.
      std::vector<UOp> s(src.begin(), src.begin() + 2);
      s.push_back(src.size() > 2 ? UOp::alu(Op::AND, {src[2], valid}) : valid);
      out = UOp::make(Op::INDEX, u.dtype(), s, u.arg());
    }
    if (u.op() == Op::REDUCE && std::find(u.src().begin() + 1, u.src().end(), range) != u.src().end()) {
      // The padding contributes the identity to a reduce over the padded range.
      const UOp identity = reduce_identity(u.arg_as<ReduceArg>().op, u.dtype());
      src[0] = UOp::alu(Op::WHERE, {valid, src[0], identity});
      out = u.with_src(src);
    }
    done.emplace(u.id(), out);
  }
  return done.at(root.id());
}

} // namespace lmc
