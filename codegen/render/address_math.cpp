// An explicit stack: offsets can be long sums, and a walk over them must not recurse.
#include "codegen/render/address_math.hpp"

#include <vector>

namespace lmc {

std::unordered_set<uint32_t> address_math(std::span<const UOp> ops) {
  std::unordered_set<uint32_t> out;
  std::vector<UOp> stack;
  for (UOp u : ops)
    if (u.op() == Op::INDEX) stack.push_back(u.src(1));
  while (!stack.empty()) {
    const UOp u = stack.back();
    stack.pop_back();
    if (!out.insert(u.id()).second) continue;
    if (u.op() == Op::ADD || u.op() == Op::SUB || u.op() == Op::MUL)
      for (UOp s : u.src())
        stack.push_back(s);
  }
  return out;
}

} // namespace lmc
