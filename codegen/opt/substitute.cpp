// Each surgery is one bottom-up rebuild (ir/rebuild.hpp) with a callback that says what changes at a node.
#include "codegen/opt/substitute.hpp"

#include "ir/rebuild.hpp"
#include "ir/reduce_identity.hpp"

#include <algorithm>

namespace lmc {

UOp substitute(UOp root, const std::unordered_map<uint32_t, UOp>& map) {
  return rebuild(root, [&](UOp original, UOp rebuilt) {
    auto it = map.find(original.id());
    return it == map.end() ? rebuilt : it->second;
  });
}

UOp substitute_range(UOp root, UOp range, UOp value, const std::vector<UOp>& replacement) {
  return rebuild(root, [&](UOp original, UOp rebuilt) {
    if (original == range) return value;
    // A REDUCE's range list (sources 1..) and a TOPK's selection range (source 1) name the range itself: there the
    // replacement ranges take its place.
    std::vector<UOp> src;
    bool listed = false;
    for (size_t i = 0; i < original.num_src(); ++i) {
      const bool range_slot = (original.op() == Op::REDUCE && i >= 1) || (original.op() == Op::TOPK && i == 1);
      if (range_slot && original.src(i) == range) {
        src.insert(src.end(), replacement.begin(), replacement.end());
        listed = true;
        continue;
      }
      src.push_back(rebuilt.src(i));
    }
    return listed ? original.with_src(src) : rebuilt;
  });
}

UOp pad_range(UOp root, UOp range, UOp padded, int64_t n) {
  const UOp valid = padded.lt(UOp::constant(padded.dtype(), n));
  return rebuild(root, [&](UOp original, UOp rebuilt) {
    if (original == range) return padded;
    // A node depends on the range exactly when the rebuild changed it (the range itself became `padded`).
    if (rebuilt == original) return rebuilt;
    if (original.op() == Op::INDEX) {
      // The padding never touches memory: loads there read 0, stores there are skipped.
      std::vector<UOp> s{rebuilt.src(0), rebuilt.src(1)};
      s.push_back(rebuilt.num_src() > 2 ? UOp::alu(Op::AND, {rebuilt.src(2), valid}) : valid);
      return UOp::make(Op::INDEX, original.dtype(), s, original.arg());
    }
    if (original.op() == Op::REDUCE &&
        std::find(original.src().begin() + 1, original.src().end(), range) != original.src().end()) {
      // The padding contributes the identity to a reduce over the padded range.
      std::vector<UOp> s(rebuilt.src().begin(), rebuilt.src().end());
      s[0] = UOp::alu(Op::WHERE, {valid, s[0], reduce_identity(original.arg_as<ReduceArg>().op, original.dtype())});
      return original.with_src(s);
    }
    return rebuilt;
  });
}

} // namespace lmc
