// The tracer: an append-only log of rewrite contexts and steps, safe to feed from several threads.
#include "rewrite/trace.hpp"

#include "rewrite/pattern.hpp"

#include <atomic>

namespace lmc::rw {
namespace {
std::atomic<Tracer*> g_active{nullptr};
}

Tracer* Tracer::active() {
  return g_active.load(std::memory_order_relaxed);
}
void Tracer::set_active(Tracer* tracer) {
  g_active.store(tracer, std::memory_order_relaxed);
}

int Tracer::begin(const std::string& name, UOp input) {
  std::lock_guard lock(mutex_);
  contexts_.push_back(TraceContext{name, input.id(), input.id(), depth_++, {}});
  return static_cast<int>(contexts_.size() - 1);
}

void Tracer::step(int context, UOp before, UOp after, const Rule& rule, uint64_t ns) {
  std::lock_guard lock(mutex_);
  contexts_[context].steps.push_back(TraceStep{before.id(), after.id(), rule.name, rule.where.file_name(),
                                               static_cast<uint32_t>(rule.where.line()), ns});
}

void Tracer::end(int context, UOp output) {
  std::lock_guard lock(mutex_);
  contexts_[context].output = output.id();
  --depth_;
}

std::vector<TraceContext> Tracer::contexts() const {
  std::lock_guard lock(mutex_);
  return contexts_;
}

} // namespace lmc::rw
