// The tracer: an append-only log of rewrite contexts and steps, safe to feed from several threads.
// Also installs the process tracer when LMC_VIZ=1, so every program is traceable without code changes.
#include "rewrite/trace.hpp"

#include "ir/config.hpp"
#include "rewrite/pattern.hpp"
#include "rewrite/trace_json.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

namespace lmc::rw {
namespace {
std::atomic<Tracer*> g_active{nullptr};
Tracer* g_process = nullptr;

// A trace that could not be written is lost output: the process must not exit 0 (the hostile sweep's
// LMC_VIZ_FILE=/dev/full printed a warning and exited 0). Exit handlers cannot return a status, so after the message
// and a flush of every stream the process ends with 1 at once.
void write_at_exit() {
  try {
    flush_trace();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lmc: LMC_VIZ: could not write the trace: %s\n", e.what());
    std::fflush(nullptr);
    std::_Exit(1);
  }
}

// Runs before main in every program that links graph_rewrite. The tracer is leaked on purpose: it must
// outlive every static whose destructor might still rewrite, and the exit handler reads it.
const bool g_installed = [] {
  try {
    if (!config().viz) return false;
  } catch (const std::exception&) {
    return false; // a bad flag: the first real use of config() reports it
  }
  g_process = new Tracer();
  Tracer::set_active(g_process);
  std::atexit(write_at_exit);
  return true;
}();
} // namespace

Tracer::Tracer() : epoch_(std::chrono::steady_clock::now()) {}

Tracer* Tracer::active() {
  return g_active.load(std::memory_order_relaxed);
}
void Tracer::set_active(Tracer* tracer) {
  g_active.store(tracer, std::memory_order_relaxed);
}

Tracer* process_tracer() {
  (void)g_installed;
  return g_process;
}

int Tracer::begin(const std::string& name, UOp input) {
  std::lock_guard lock(mutex_);
  const int group = open_groups_.empty() ? -1 : open_groups_.back();
  contexts_.push_back(TraceContext{name, input.id(), input.id(), depth_++, group, {}, now_ns(), 0});
  const int id = static_cast<int>(contexts_.size() - 1);
  if (group >= 0) groups_[group].contexts.push_back(id);
  return id;
}

void Tracer::step(int context, UOp before, UOp after, const Rule& rule, uint64_t ns) {
  std::lock_guard lock(mutex_);
  contexts_[context].steps.push_back(TraceStep{before.id(), after.id(), rule.name, rule.where.file_name(),
                                               static_cast<uint32_t>(rule.where.line()), ns});
}

void Tracer::end(int context, UOp output) {
  std::lock_guard lock(mutex_);
  contexts_[context].output = output.id();
  contexts_[context].duration_ns = now_ns() - contexts_[context].start_ns;
  --depth_;
}

void Tracer::snapshot(const std::string& name, UOp graph) {
  end(begin(name, graph), graph);
}

int Tracer::push_group(const std::string& name, const std::string& kind) {
  std::lock_guard lock(mutex_);
  groups_.push_back(TraceGroup{name, kind, "", "", {}, {}});
  open_groups_.push_back(static_cast<int>(groups_.size() - 1));
  return open_groups_.back();
}

void Tracer::pop_group() {
  std::lock_guard lock(mutex_);
  if (!open_groups_.empty()) open_groups_.pop_back();
}

void Tracer::set_source(int group, const std::string& device, const std::string& source) {
  std::lock_guard lock(mutex_);
  if (group < 0 || group >= static_cast<int>(groups_.size())) return;
  groups_[group].device = device;
  groups_[group].source = source;
}

void Tracer::launch(TraceLaunch launch) {
  std::lock_guard lock(mutex_);
  launches_.push_back(std::move(launch));
}

void Tracer::search(TraceSearch search) {
  std::lock_guard lock(mutex_);
  searches_.push_back(std::move(search));
}

void Tracer::memory(TraceMemory event) {
  std::lock_guard lock(mutex_);
  memory_.push_back(std::move(event));
}

void Tracer::phase(TracePhase phase) {
  std::lock_guard lock(mutex_);
  if (!open_groups_.empty()) groups_[open_groups_.back()].phases.push_back(std::move(phase));
}

void Tracer::link_search(const std::string& kernel, int group) {
  std::lock_guard lock(mutex_);
  for (auto it = searches_.rbegin(); it != searches_.rend(); ++it)
    if (it->kernel == kernel && it->group < 0) {
      it->group = group;
      return;
    }
}

uint64_t Tracer::now_ns() const {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - epoch_).count());
}

std::vector<TraceContext> Tracer::contexts() const {
  std::lock_guard lock(mutex_);
  return contexts_;
}
std::vector<TraceGroup> Tracer::groups() const {
  std::lock_guard lock(mutex_);
  return groups_;
}
std::vector<TraceLaunch> Tracer::launches() const {
  std::lock_guard lock(mutex_);
  return launches_;
}
std::vector<TraceSearch> Tracer::searches() const {
  std::lock_guard lock(mutex_);
  return searches_;
}
std::vector<TraceMemory> Tracer::memory_events() const {
  std::lock_guard lock(mutex_);
  return memory_;
}
bool Tracer::empty() const {
  std::lock_guard lock(mutex_);
  return contexts_.empty() && groups_.empty() && launches_.empty() && searches_.empty() && memory_.empty();
}

} // namespace lmc::rw
