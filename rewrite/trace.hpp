// Rewrite tracing for viz: with a Tracer active, each graph_rewrite call records its name, input and output,
// and every applied rule (node before, node after, rule name and source location, time). Off by default; when
// off a rewrite pays one pointer test per call and per applied rule.
#pragma once
#include "ir/uop.hpp"

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
  int depth = 0; // nesting: a rewrite started inside another
  std::vector<TraceStep> steps;
};

class Tracer {
public:
  // The tracer rewrites report to, or nullptr (tracing off).
  static Tracer* active();
  static void set_active(Tracer* tracer);

  int begin(const std::string& name, UOp input);
  void step(int context, UOp before, UOp after, const Rule& rule, uint64_t ns);
  void end(int context, UOp output);

  std::vector<TraceContext> contexts() const;

private:
  mutable std::mutex mutex_;
  std::vector<TraceContext> contexts_;
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

} // namespace lmc::rw
