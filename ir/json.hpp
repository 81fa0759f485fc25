// JSON export of a UOp graph (node table, sources by index), for viz and tools.
#pragma once
#include "ir/uop.hpp"

#include <nlohmann/json.hpp>

namespace lmc {

// The printed form of an argument ("r3 reduce", "(2, 3)"), as the listing shows it.
std::string uop_arg_string(const Arg& arg);

// {"root": i, "nodes": [{"id": i, "op": "ADD", "dtype": "int32", "src": [..], "arg": "..", "shape": [..]}]}
// Node ids in the output are the arena ids, so several exports of graphs that share nodes agree.
nlohmann::json to_json(UOp root);

} // namespace lmc
