// The memo is keyed by node id; sources are looked up there, never recursed into, so deep graphs cost no stack.
#include "ir/rebuild.hpp"

#include <unordered_map>
#include <vector>

namespace lmc {

UOp rebuild(UOp root, const std::function<UOp(UOp original, UOp rebuilt)>& replace) {
  std::unordered_map<uint32_t, UOp> done;
  std::vector<UOp> src;
  for (UOp u : root.toposort()) {
    src.clear();
    bool changed = false;
    for (UOp s : u.src()) {
      src.push_back(done.at(s.id()));
      changed = changed || src.back() != s;
    }
    done.emplace(u.id(), replace(u, changed ? u.with_src(src) : u));
  }
  return done.at(root.id());
}

} // namespace lmc
