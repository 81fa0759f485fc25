// Serializes a Tracer into the trace file format (trace_json.hpp): the node table is built once over every
// graph the trace refers to, so a step costs two ids in the file, not a copy of the graph.
#include "rewrite/trace_json.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "ir/file_io.hpp"
#include "ir/json.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <unordered_set>

namespace lmc::rw {
namespace {

// Appends every node reachable from `root` not yet in `seen`, sources before users (iterative: graphs are deep).
void add_nodes(UOp root, std::unordered_set<uint32_t>& seen, nlohmann::json& nodes) {
  if (seen.contains(root.id())) return;
  std::vector<std::pair<UOp, size_t>> stack{{root, 0}};
  seen.insert(root.id());
  while (!stack.empty()) {
    auto& [u, next] = stack.back();
    if (next < u.src().size()) {
      UOp s = u.src()[next++];
      if (seen.insert(s.id()).second) stack.emplace_back(s, 0);
      continue;
    }
    nlohmann::json n{{"id", u.id()}, {"op", op_name(u.op())}, {"dtype", u.dtype().name()}};
    nlohmann::json src = nlohmann::json::array();
    for (UOp s : u.src())
      src.push_back(s.id());
    n["src"] = std::move(src);
    n["arg"] = uop_arg_string(u.arg());
    if (const Shape* sh = u.shape()) n["shape"] = *sh;
    nodes.push_back(std::move(n));
    stack.pop_back();
  }
}

} // namespace

nlohmann::json trace_to_json(const Tracer& tracer) {
  const std::vector<TraceContext> contexts = tracer.contexts();
  nlohmann::json nodes = nlohmann::json::array();
  std::unordered_set<uint32_t> seen;
  nlohmann::json cs = nlohmann::json::array();
  for (const TraceContext& c : contexts) {
    add_nodes(UOp::from_id(c.input), seen, nodes);
    nlohmann::json steps = nlohmann::json::array();
    for (const TraceStep& s : c.steps) {
      add_nodes(UOp::from_id(s.before), seen, nodes);
      add_nodes(UOp::from_id(s.after), seen, nodes);
      steps.push_back({{"before", s.before},
                       {"after", s.after},
                       {"rule", s.rule},
                       {"file", s.file},
                       {"line", s.line},
                       {"ns", s.ns}});
    }
    add_nodes(UOp::from_id(c.output), seen, nodes);
    cs.push_back({{"name", c.name},
                  {"group", c.group},
                  {"depth", c.depth},
                  {"input", c.input},
                  {"output", c.output},
                  {"start_ns", c.start_ns},
                  {"duration_ns", c.duration_ns},
                  {"steps", std::move(steps)}});
  }
  nlohmann::json gs = nlohmann::json::array();
  for (const TraceGroup& g : tracer.groups()) {
    nlohmann::json phases = nlohmann::json::array();
    for (const TracePhase& p : g.phases)
      phases.push_back({{"name", p.name}, {"start_ns", p.start_ns}, {"duration_ns", p.duration_ns}});
    gs.push_back({{"name", g.name},
                  {"kind", g.kind},
                  {"device", g.device},
                  {"source", g.source},
                  {"contexts", g.contexts},
                  {"phases", std::move(phases)}});
  }
  nlohmann::json ms = nlohmann::json::array();
  for (const TraceMemory& m : tracer.memory_events())
    ms.push_back({{"kind", m.kind},
                  {"device", m.device},
                  {"buffer", m.buffer},
                  {"bytes", m.bytes},
                  {"label", m.label},
                  {"from_cache", m.from_cache},
                  {"cached_bytes", m.cached_bytes},
                  {"t_ns", m.t_ns}});
  nlohmann::json ls = nlohmann::json::array();
  for (const TraceLaunch& l : tracer.launches())
    ls.push_back({{"kernel", l.kernel},
                  {"group", l.group},
                  {"device", l.device},
                  {"stream", l.stream},
                  {"start_ns", l.start_ns},
                  {"duration_ns", l.duration_ns}});
  nlohmann::json ss = nlohmann::json::array();
  for (const TraceSearch& s : tracer.searches()) {
    nlohmann::json cands = nlohmann::json::array();
    for (const TraceCandidate& c : s.candidates)
      cands.push_back(
          {{"opts", c.opts}, {"status", c.status}, {"time_ms", c.time_ms}, {"error", c.error}, {"round", c.round}});
    ss.push_back({{"kernel", s.kernel},
                  {"group", s.group},
                  {"device", s.device},
                  {"beam_width", s.beam_width},
                  {"default_ms", s.default_ms},
                  {"unoptimized_ms", s.unoptimized_ms},
                  {"best_ms", s.best_ms},
                  {"best_opts", s.best_opts},
                  {"search_seconds", s.search_seconds},
                  {"from_cache", s.from_cache},
                  {"candidates", std::move(cands)}});
  }
  return {{"format", "lmc-trace"},     {"version", 1},
          {"nodes", std::move(nodes)}, {"groups", std::move(gs)},
          {"contexts", std::move(cs)}, {"launches", std::move(ls)},
          {"beam", std::move(ss)},     {"memory", std::move(ms)}};
}

void write_trace(const Tracer& tracer, const std::string& path) {
  // Invalid UTF-8 in a name or source is replaced rather than failing the whole trace. Written whole or not at all
  // (a temporary, fsync'ed, checked at close, renamed), so `lmc viz` never reads half a trace.
  write_file_atomic(path, trace_to_json(tracer).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "LMC_VIZ trace (LMC_VIZ_FILE)");
}

void flush_trace() {
  Tracer* t = process_tracer();
  if (!t || t->empty()) return;
  write_trace(*t, config().viz_file);
}

} // namespace lmc::rw
