// The schedule runner and its kernel cache; LMC_DEBUG prints what runs.
#include "runtime/realize.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "rewrite/trace.hpp"
#include "runtime/beam/beam.hpp"
#include "runtime/opt_target.hpp"
#include "runtime/precompile.hpp"

#include <atomic>
#include <chrono>
#include <fmt/format.h>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace lmc {
namespace {

std::atomic<uint64_t> g_launched{0};

int32_t var_value(UOp var) {
  // Bound variables carry their value in the BUFFER-free form DEFINE_VAR[min:max] with min == max once bound.
  const auto& v = var.arg_as<VarArg>();
  if (v.min != v.max) throw Error(fmt::format("variable {} has no value bound (bounds {}..{})", v.name, v.min, v.max));
  return static_cast<int32_t>(v.min);
}

thread_local OptChooser t_chooser;

} // namespace

std::vector<Opt> default_opts(Device& device, const ScheduledKernel& kernel) {
  if (config().noopt) return {};
  if (config().beam > 0) return beam_opts(device, kernel);
  return heuristic_opts(kernel, opt_target(device));
}

ScopedOptChooser::ScopedOptChooser(OptChooser choose) : previous_(std::move(t_chooser)) {
  t_chooser = std::move(choose);
}
ScopedOptChooser::~ScopedOptChooser() {
  t_chooser = std::move(previous_);
}
bool opt_chooser_active() {
  return static_cast<bool>(t_chooser);
}

namespace {
std::mutex g_prepared_mutex;
std::unordered_map<std::string, std::unordered_map<uint64_t, PreparedKernel>> g_prepared;
} // namespace

bool is_prepared(Device& device, const ScheduledKernel& k) {
  if (t_chooser) return false;
  std::lock_guard lock(g_prepared_mutex);
  auto it = g_prepared.find(device.name());
  return it != g_prepared.end() && it->second.contains(k.ast.structural_hash());
}

// Keyed by device name and the kernel AST's structural hash: the same computation on other buffers reuses it.
const PreparedKernel& prepare_kernel(Device& device, const ScheduledKernel& k) {
  if (t_chooser) {
    // Chosen opts are not cached: keep each prepared kernel alive for the process (tests make few).
    static std::mutex chosen_mutex;
    static std::vector<std::unique_ptr<PreparedKernel>> chosen;
    auto entry = std::make_unique<PreparedKernel>(compile_kernel(device, k, t_chooser(k, opt_target(device))));
    std::lock_guard lock(chosen_mutex);
    chosen.push_back(std::move(entry));
    return *chosen.back();
  }
  const uint64_t key = k.ast.structural_hash();
  {
    std::lock_guard lock(g_prepared_mutex);
    auto& per_device = g_prepared[device.name()];
    if (auto it = per_device.find(key); it != per_device.end()) return it->second;
  }
  PreparedKernel entry = compile_kernel(device, k, default_opts(device, k));
  std::lock_guard lock(g_prepared_mutex);
  return g_prepared[device.name()].emplace(key, std::move(entry)).first->second;
}

uint64_t kernels_launched() {
  return g_launched.load();
}

std::vector<std::shared_ptr<Buffer>> run_schedule(const Schedule& schedule, Device& device) {
  std::unordered_map<int64_t, std::shared_ptr<Buffer>> live;
  std::string_view writer; // the kernel being launched: a buffer first made for it holds its output
  auto buffer = [&](int64_t id) -> std::shared_ptr<Buffer> {
    if (auto it = live.find(id); it != live.end()) return it->second;
    std::shared_ptr<Buffer> b = find_buffer(id);
    if (!b) {
      const BufferDecl& d = schedule.buffers.at(id);
      if (d.first_use < 0 && !d.temporary)
        throw Error(fmt::format("schedule reads buffer {} which no longer exists", id));
      b = make_buffer(device, d.dtype, d.size, id, writer);
    }
    live.emplace(id, b);
    return b;
  };
  if (config().debug >= 2) {
    fmt::print(stderr, "lmc: schedule of {} kernels on {}\n", schedule.kernels.size(), device.name());
    for (size_t k = 0; k < schedule.kernels.size(); ++k) {
      const ScheduledKernel& kernel = schedule.kernels[k];
      std::string buffers;
      for (size_t slot = 0; slot < kernel.buffers.size(); ++slot) {
        const BufferDecl& d = schedule.buffers.at(kernel.buffers[slot]);
        buffers += fmt::format("{}{}buf{}:{}[{}]{}", slot ? " " : "", kernel.written[slot] ? "out " : "", d.id,
                               d.dtype.name(), d.size, d.temporary ? "(tmp)" : "");
      }
      fmt::print(stderr, "lmc:   {:>3} {:<28} {}\n", k, kernel.name, buffers);
    }
  }
  precompile_schedule(device, schedule); // every kernel built before the first launch, on several threads
  for (size_t k = 0; k < schedule.kernels.size(); ++k) {
    const ScheduledKernel& kernel = schedule.kernels[k];
    if (writes_nothing(schedule, kernel)) continue;
    const PreparedKernel& c = prepare_kernel(device, kernel);
    std::vector<void*> ptrs;
    writer = kernel.name;
    for (int64_t id : kernel.buffers)
      ptrs.push_back(buffer(id)->ptr());
    writer = {};
    std::vector<int32_t> vars;
    for (UOp v : kernel.vars)
      vars.push_back(var_value(v));
    const auto start = std::chrono::steady_clock::now();
    rw::Tracer* tracer = rw::Tracer::active();
    const uint64_t trace_start = tracer ? tracer->now_ns() : 0;
    device.launch(*c.compiled, c.program, ptrs, vars);
    ++g_launched;
    if (tracer) {
      // Traced launches are synchronized so each one's time is its own (the device exposes no per-launch events).
      device.synchronize();
      tracer->launch(
          {kernel.name, c.trace_group, device.name(), "default", trace_start, tracer->now_ns() - trace_start});
    }
    if (config().debug >= 1) {
      device.synchronize();
      const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
      fmt::print(stderr, "lmc: {:>4} {:<32} {:>10.1f} us\n", k, kernel.name, us);
    }
    // Temporaries die after their last reader.
    for (int64_t id : kernel.buffers) {
      const BufferDecl& d = schedule.buffers.at(id);
      if (d.temporary && d.last_use == static_cast<int>(k)) live.erase(id);
    }
  }
  std::vector<std::shared_ptr<Buffer>> outputs;
  for (int64_t id : schedule.outputs)
    outputs.push_back(buffer(id));
  return outputs;
}

} // namespace lmc
