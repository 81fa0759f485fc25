// Plan capture (bind buffers, prepare kernels), replay (launch in order or as a graph) and rebinding.
#include "runtime/plan.hpp"

#include "ir/error.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/precompile.hpp"

#include <algorithm>

#include <chrono>
#include <fmt/format.h>

namespace lmc {
namespace {

int32_t bound_value(UOp var) {
  const auto& v = var.arg_as<VarArg>();
  if (v.min != v.max)
    throw Error(fmt::format("plan: variable {} has no value bound (bounds {}..{})", v.name, v.min, v.max));
  return static_cast<int32_t>(v.min);
}

} // namespace

Plan::Plan(Device& device, const Schedule& schedule) : device_(&device) {
  // `writer`: the kernel a buffer first bound for holds the output of (the trace's memory events name it).
  auto bind = [&](int64_t id, std::string_view writer = {}) -> std::shared_ptr<Buffer> {
    if (auto it = bound_.find(id); it != bound_.end()) return it->second;
    std::shared_ptr<Buffer> b = find_buffer(id);
    if (!b) {
      const BufferDecl& d = schedule.buffers.at(id);
      if (d.first_use < 0 && !d.temporary)
        throw Error(fmt::format("plan: the schedule reads buffer {} which no longer exists", id));
      b = make_buffer(device, d.dtype, d.size, id, writer);
    }
    bound_.emplace(id, b);
    return b;
  };
  precompile_schedule(device, schedule); // the loop below then finds every kernel built
  for (const ScheduledKernel& k : schedule.kernels) {
    if (writes_nothing(schedule, k)) {
      for (int64_t id : k.buffers)
        bind(id, k.name); // still held: the plan's outputs may be these empty buffers
      continue;
    }
    Launch launch;
    launch.kernel = &prepare_kernel(device, k);
    for (int64_t id : k.buffers) {
      launch.buffers.push_back(bind(id, k.name));
      launch.pointers.push_back(launch.buffers.back()->ptr());
    }
    for (UOp v : k.vars)
      launch.vars.push_back(bound_value(v));
    launches_.push_back(std::move(launch));
  }
  for (int64_t id : schedule.outputs)
    outputs_.push_back(bind(id));
}

Plan::~Plan() {
  if (graph_ >= 0 && device_) device_->destroy_graph(graph_);
}

Plan::Plan(Plan&& other) noexcept
    : device_(other.device_), launches_(std::move(other.launches_)), bound_(std::move(other.bound_)),
      outputs_(std::move(other.outputs_)), graph_(other.graph_) {
  other.graph_ = -1;
}

Plan& Plan::operator=(Plan&& other) noexcept {
  if (this != &other) {
    if (graph_ >= 0 && device_) device_->destroy_graph(graph_);
    device_ = other.device_;
    launches_ = std::move(other.launches_);
    bound_ = std::move(other.bound_);
    outputs_ = std::move(other.outputs_);
    graph_ = other.graph_;
    other.graph_ = -1;
  }
  return *this;
}

void Plan::replay(StreamId stream) {
  if (graph_ >= 0) {
    device_->launch_graph(graph_, stream);
    return;
  }
  for (const Launch& l : launches_)
    device_->launch_on(stream, *l.kernel->compiled, l.kernel->program, l.pointers, l.vars);
}

std::vector<std::pair<std::string, double>> Plan::time_kernels(StreamId stream) {
  std::vector<std::pair<std::string, double>> out;
  device_->synchronize_stream(stream);
  // On CUDA, device events around each launch on the default stream give the kernel's own time; the median of a few
  // repeats hides clock noise. Repeating a kernel before the next one runs is the same work: a plan's kernels write
  // buffers that only later kernels read.
  auto* cuda = dynamic_cast<CudaDevice*>(device_);
  const bool was_timing = cuda && cuda->timing();
  if (cuda) cuda->set_timing(true);
  for (const Launch& l : launches_) {
    if (cuda) {
      std::vector<double> times;
      for (int repeat = 0; repeat < 9; ++repeat) {
        device_->launch_on(0, *l.kernel->compiled, l.kernel->program, l.pointers, l.vars);
        times.push_back(cuda->time_last_launch_ms());
      }
      std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
      out.emplace_back(l.kernel->program.name, times[times.size() / 2]);
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    device_->launch_on(stream, *l.kernel->compiled, l.kernel->program, l.pointers, l.vars);
    device_->synchronize_stream(stream);
    out.emplace_back(l.kernel->program.name,
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  if (cuda) {
    cuda->synchronize();
    cuda->set_timing(was_timing);
  }
  return out;
}

bool Plan::use_graph(StreamId capture_stream) {
  if (graph_ >= 0) return true;
  if (!device_->supports_graphs()) return false;
  device_->begin_capture(capture_stream);
  try {
    for (const Launch& l : launches_)
      device_->launch_on(capture_stream, *l.kernel->compiled, l.kernel->program, l.pointers, l.vars);
  } catch (...) {
    try {
      device_->destroy_graph(device_->end_capture(capture_stream));
    } catch (...) {
    }
    throw;
  }
  graph_ = device_->end_capture(capture_stream);
  return true;
}

std::shared_ptr<Buffer> Plan::buffer(int64_t id) const {
  auto it = bound_.find(id);
  if (it == bound_.end()) throw Error(fmt::format("plan: buffer {} is not bound by this plan", id));
  return it->second;
}

std::shared_ptr<Buffer> Plan::output(size_t i) const {
  if (i >= outputs_.size()) throw Error(fmt::format("plan: output {} of {}", i, outputs_.size()));
  return outputs_[i];
}

Plan Plan::rebound(const std::vector<std::pair<std::shared_ptr<Buffer>, std::shared_ptr<Buffer>>>& swaps) const {
  auto replace = [&](const std::shared_ptr<Buffer>& b) {
    for (const auto& [from, to] : swaps)
      if (from == b) return to;
    return b;
  };
  for (const auto& [from, to] : swaps)
    if (from->dtype() != to->dtype() || from->size() != to->size())
      throw Error(fmt::format("plan: rebinding buffer {} ({}[{}]) to {} ({}[{}])", from->id(), from->dtype().name(),
                              from->size(), to->id(), to->dtype().name(), to->size()));
  Plan p;
  p.device_ = device_;
  for (const Launch& l : launches_) {
    Launch copy;
    copy.kernel = l.kernel;
    copy.vars = l.vars;
    for (const auto& b : l.buffers) {
      copy.buffers.push_back(replace(b));
      copy.pointers.push_back(copy.buffers.back()->ptr());
    }
    p.launches_.push_back(std::move(copy));
  }
  for (const auto& [id, b] : bound_)
    p.bound_.emplace(id, replace(b));
  for (const auto& b : outputs_)
    p.outputs_.push_back(replace(b));
  return p;
}

} // namespace lmc
