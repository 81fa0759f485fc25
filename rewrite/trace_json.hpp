// The trace file that `lmc viz` reads: one JSON document with a node table (every node any traced graph
// touches, once) and the groups, contexts, steps and launches that refer to it by id. Apart from trace.hpp so
// the recorder stays free of the file format.
#pragma once
#include "rewrite/trace.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace lmc::rw {

// {"format": "lmc-trace", "version": 1,
//  "nodes": [{"id", "op", "dtype", "src": [ids], "arg", "shape"?}, ...]   (sources before users)
//  "groups": [{"name", "kind", "device", "source", "contexts": [indices],
//              "phases": [{"name", "start_ns", "duration_ns"}]}],               (opts, linearize, render, compile)
//  "contexts": [{"name", "group", "depth", "input", "output", "start_ns", "duration_ns",
//                "steps": [{"before", "after", "rule", "file", "line", "ns"}]}],
//  "launches": [{"kernel", "group", "device", "stream", "start_ns", "duration_ns"}],
//  "beam": [{"kernel", "group", "device", ..., "candidates": [...]}],
//  "memory": [{"kind": "alloc"|"free", "device", "buffer", "bytes", "label", "from_cache", "cached_bytes",
//              "t_ns"}]}
// Times (start_ns, t_ns) share one clock: nanoseconds since the tracer was created.
// Node fields follow ir/json.hpp's to_json. A step's graph is the input with every earlier (before -> after)
// substituted, rebuilding users whose sources changed; replaying all steps gives "output".
nlohmann::json trace_to_json(const Tracer& tracer);

// Writes the trace atomically (a temporary file renamed over `path`). Throws lmc::Error when it cannot.
void write_trace(const Tracer& tracer, const std::string& path);

// Writes the process tracer (LMC_VIZ=1) to LMC_VIZ_FILE now; does nothing when tracing is off or nothing was
// recorded. Also runs at exit.
void flush_trace();

} // namespace lmc::rw
