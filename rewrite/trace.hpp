// Rewrite tracing for viz: with a Tracer active, each graph_rewrite call records its name, input and output,
// and every applied rule (node before, node after, rule name and source location, time). Off by default; when
// off a rewrite pays one pointer test per call and per applied rule.
#pragma once
#include "ir/uop.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace lmc::rw {

struct Rule;

struct TraceStep {
  uint32_t before = 0;
  uint32_t after = 0;
  std::string rule;
  std::string file;
  uint32_t line = 0;
  uint64_t ns = 0; // time spent matching and building this replacement
};

struct TraceContext {
  std::string name;
  uint32_t input = 0;
  uint32_t output = 0;
  int depth = 0;  // nesting: a rewrite started inside another
  int group = -1; // the TraceGroup open when it began, or -1
  std::vector<TraceStep> steps;
  uint64_t start_ns = 0;    // on the tracer's clock (now_ns)
  uint64_t duration_ns = 0; // wall time from begin to end, nested rewrites included
};

// A timed phase of a kernel's lowering that is not a graph rewrite (applying opts, linearizing, rendering,
// compiling), so viz can list every pass of a kernel with the time it took.
struct TracePhase {
  std::string name;
  uint64_t start_ns = 0;
  uint64_t duration_ns = 0;
};

// A named group of contexts: the schedule, or one kernel's lowering (with the code it compiled to).
struct TraceGroup {
  std::string name;
  std::string kind; // "schedule" or "kernel"
  std::string device;
  std::string source; // generated code, for kernels
  std::vector<int> contexts;
  std::vector<TracePhase> phases;
};

// One kernel launch, timed on the host (the launch is synchronized while tracing so the time is the kernel's).
struct TraceLaunch {
  std::string kernel;
  int group = -1; // the kernel's TraceGroup, or -1 when it was lowered before tracing began
  std::string device;
  std::string stream;
  uint64_t start_ns = 0; // since the tracer was created
  uint64_t duration_ns = 0;
};

// One candidate BEAM timed (or failed to build) for a kernel.
struct TraceCandidate {
  std::string opts;    // "[UPCAST(0,4), LOCAL(1,16)]"
  std::string status;  // "ok", "compile_error", "illegal", "mismatch", "timeout", "slow" (stopped early), "duplicate"
  double time_ms = -1; // median time; -1 when it was not timed
  std::string error;   // compiler log or reason, when not ok
  int round = 0;       // the beam round it was expanded in (0: the unoptimized and heuristic baselines)
};

// The search for one kernel: every candidate, the chosen opt list and what it cost.
struct TraceSearch {
  std::string kernel;
  int group = -1; // the kernel's TraceGroup, or -1
  std::string device;
  int beam_width = 0;
  double default_ms = -1; // heuristic opts
  double unoptimized_ms = -1;
  double best_ms = -1;
  std::string best_opts;
  double search_seconds = 0;
  bool from_cache = false;
  std::vector<TraceCandidate> candidates;
};

// One device-memory event: a buffer allocated (fresh or from the allocator's cache) or freed. The Memory view
// rebuilds bytes live over time per device, each buffer's lifetime and the allocator's cache from these.
struct TraceMemory {
  std::string kind; // "alloc" or "free"
  std::string device;
  int64_t buffer = 0;        // the id its BUFFER nodes carry
  uint64_t bytes = 0;        // the buffer's size (the allocator may round it up)
  std::string label;         // what it holds: "out of r_64_300 float[300]", or its dtype and size
  bool from_cache = false;   // alloc: the allocator reused a cached block instead of asking the device
  uint64_t cached_bytes = 0; // the device allocator's cache after the event
  uint64_t t_ns = 0;         // on the tracer's clock (now_ns), as launches are
};

class Tracer {
public:
  Tracer();

  // The tracer rewrites report to, or nullptr (tracing off).
  static Tracer* active();
  static void set_active(Tracer* tracer);

  int begin(const std::string& name, UOp input);
  void step(int context, UOp before, UOp after, const Rule& rule, uint64_t ns);
  void end(int context, UOp output);
  // A context with no steps that shows one graph (the schedule's input, a kernel's AST).
  void snapshot(const std::string& name, UOp graph);

  // Groups nest like scopes; contexts begun while a group is open belong to the innermost one.
  int push_group(const std::string& name, const std::string& kind);
  void pop_group();
  // Attaches the generated code to a group (for kernels).
  void set_source(int group, const std::string& device, const std::string& source);
  void launch(TraceLaunch launch);
  void search(TraceSearch search);
  void memory(TraceMemory event);
  // Attaches a timed phase to the innermost open group; dropped when none is open.
  void phase(TracePhase phase);
  // Points the latest search of `kernel` not yet tied to a group at `group`: a kernel's search runs before the
  // lowering of the opts it chose opens the kernel's group.
  void link_search(const std::string& kernel, int group);
  // Nanoseconds since this tracer was created (the launch timeline's clock).
  uint64_t now_ns() const;

  std::vector<TraceContext> contexts() const;
  std::vector<TraceGroup> groups() const;
  std::vector<TraceLaunch> launches() const;
  std::vector<TraceSearch> searches() const;
  std::vector<TraceMemory> memory_events() const;
  bool empty() const;

private:
  mutable std::mutex mutex_;
  std::vector<TraceContext> contexts_;
  std::vector<TraceGroup> groups_;
  std::vector<int> open_groups_;
  std::vector<TraceLaunch> launches_;
  std::vector<TraceSearch> searches_;
  std::vector<TraceMemory> memory_;
  std::chrono::steady_clock::time_point epoch_;
  int depth_ = 0;
};

// Activates a tracer for a scope.
class ScopedTracer {
public:
  explicit ScopedTracer(Tracer& tracer) : previous_(Tracer::active()) { Tracer::set_active(&tracer); }
  ~ScopedTracer() { Tracer::set_active(previous_); }
  ScopedTracer(const ScopedTracer&) = delete;
  ScopedTracer& operator=(const ScopedTracer&) = delete;

private:
  Tracer* previous_;
};

// Opens a named group on the active tracer for a scope (`TraceScope scope("r_4_3", "kernel")`); with tracing
// off it is one pointer test.
class TraceScope {
public:
  TraceScope(const std::string& name, const std::string& kind) : tracer_(Tracer::active()) {
    if (tracer_) group_ = tracer_->push_group(name, kind);
  }
  ~TraceScope() {
    if (tracer_) tracer_->pop_group();
  }
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;
  Tracer* tracer() const { return tracer_; }
  int group() const { return group_; }

private:
  Tracer* tracer_;
  int group_ = -1;
};

// Times a phase of a kernel's lowering for a scope (`TimedPhase phase("render")`) and attaches it to the group open
// on the active tracer; with tracing off it is one pointer test.
class TimedPhase {
public:
  explicit TimedPhase(const char* name) : tracer_(Tracer::active()), name_(name) {
    if (tracer_) start_ns_ = tracer_->now_ns();
  }
  ~TimedPhase() {
    if (tracer_) tracer_->phase({name_, start_ns_, tracer_->now_ns() - start_ns_});
  }
  TimedPhase(const TimedPhase&) = delete;
  TimedPhase& operator=(const TimedPhase&) = delete;

private:
  Tracer* tracer_;
  const char* name_;
  uint64_t start_ns_ = 0;
};

// The process tracer that LMC_VIZ=1 activates before main; it is written to LMC_VIZ_FILE (default
// lmc-trace.json in the working directory) at exit and by flush_trace(). nullptr when LMC_VIZ is off.
Tracer* process_tracer();

} // namespace lmc::rw
