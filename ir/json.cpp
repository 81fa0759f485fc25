// JSON export of a UOp graph.
#include "ir/json.hpp"

namespace lmc {

nlohmann::json to_json(UOp root) {
  nlohmann::json nodes = nlohmann::json::array();
  for (UOp u : root.toposort()) {
    nlohmann::json n{{"id", u.id()}, {"op", op_name(u.op())}, {"dtype", u.dtype().name()}};
    nlohmann::json src = nlohmann::json::array();
    for (UOp s : u.src())
      src.push_back(s.id());
    n["src"] = std::move(src);
    n["arg"] = uop_arg_string(u.arg());
    if (const Shape* s = u.shape()) n["shape"] = *s;
    nodes.push_back(std::move(n));
  }
  return {{"root", root.id()}, {"nodes", std::move(nodes)}};
}

} // namespace lmc
