// The schedule runner and its kernel cache; LMC_DEBUG prints what runs.
#include "runtime/realize.hpp"

#include "codegen/lower.hpp"
#include "codegen/render/cuda.hpp"
#include "ir/config.hpp"
#include "ir/error.hpp"
#include "rewrite/trace.hpp"
#include "runtime/beam/beam.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/program_check.hpp"

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

PreparedKernel build_prepared(Device& device, const ScheduledKernel& k, std::span<const Opt> opts) {
  PreparedKernel entry;
  // With tracing on, the lowering's rewrites and the generated code are grouped under the kernel's name.
  rw::TraceScope trace(k.name, "kernel");
  const OptimizedKernel optimized = apply_opts(k, opts, opt_target(device));
  entry.program = lower(optimized);
  run_oob_check(entry.program); // LMC_CHECK_OOB=1: every load and store proved inside its buffer, or an error
  if (config().cuda_compile_check && device.name() != "CUDA") {
    // Compile-only: the same program must also be valid CUDA (throws with NVRTC's log and the source if not).
    const CudaKernelSource cuda = render_cuda(entry.program, CudaTarget{});
    nvrtc_compile_cached(cuda.source, "sm_90");
  }
  if (config().debug >= 3) fmt::print(stderr, "lmc: kernel {} {}\n", entry.program.name, entry.program.opts);
  entry.compiled = device.compile(entry.program);
  if (config().debug >= 3) fmt::print(stderr, "{}\n", entry.compiled->source());
  if (trace.tracer()) {
    trace.tracer()->set_source(trace.group(), device.name(), entry.compiled->source());
    trace.tracer()->link_search(k.name, trace.group());
    entry.trace_group = trace.group();
  }
  return entry;
}

} // namespace

OptTarget opt_target(Device& device) {
  if (auto* cuda = dynamic_cast<CudaDevice*>(&device)) {
    OptTarget t = OptTarget::cuda(cuda->target().sm);
    t.max_local_threads = cuda->target().max_block_threads;
    t.dynamic_shared_bytes = cuda->target().max_shared_optin;
    return t;
  }
  const int threads = config().threads > 0 ? config().threads : static_cast<int>(std::thread::hardware_concurrency());
  return OptTarget::cpu(threads);
}

std::vector<Opt> default_opts(Device& device, const ScheduledKernel& kernel) {
  if (config().noopt) return {};
  if (config().beam > 0) return beam_opts(device, kernel);
  return heuristic_opts(kernel, opt_target(device));
}

PreparedKernel prepare_kernel_with(Device& device, const ScheduledKernel& kernel, std::span<const Opt> opts) {
  return build_prepared(device, kernel, opts);
}

ScopedOptChooser::ScopedOptChooser(OptChooser choose) : previous_(std::move(t_chooser)) {
  t_chooser = std::move(choose);
}
ScopedOptChooser::~ScopedOptChooser() {
  t_chooser = std::move(previous_);
}

// Keyed by device name and the kernel AST's structural hash: the same computation on other buffers reuses it.
const PreparedKernel& prepare_kernel(Device& device, const ScheduledKernel& k) {
  if (t_chooser) {
    // Chosen opts are not cached: keep each prepared kernel alive for the process (tests make few).
    static std::mutex chosen_mutex;
    static std::vector<std::unique_ptr<PreparedKernel>> chosen;
    auto entry = std::make_unique<PreparedKernel>(build_prepared(device, k, t_chooser(k, opt_target(device))));
    std::lock_guard lock(chosen_mutex);
    chosen.push_back(std::move(entry));
    return *chosen.back();
  }
  static std::mutex mutex;
  static std::unordered_map<std::string, std::unordered_map<uint64_t, PreparedKernel>> cache;
  const uint64_t key = k.ast.structural_hash();
  {
    std::lock_guard lock(mutex);
    auto& per_device = cache[device.name()];
    if (auto it = per_device.find(key); it != per_device.end()) return it->second;
  }
  PreparedKernel entry = build_prepared(device, k, default_opts(device, k));
  std::lock_guard lock(mutex);
  return cache[device.name()].emplace(key, std::move(entry)).first->second;
}

uint64_t kernels_launched() {
  return g_launched.load();
}

std::vector<std::shared_ptr<Buffer>> run_schedule(const Schedule& schedule, Device& device) {
  std::unordered_map<int64_t, std::shared_ptr<Buffer>> live;
  auto buffer = [&](int64_t id) -> std::shared_ptr<Buffer> {
    if (auto it = live.find(id); it != live.end()) return it->second;
    std::shared_ptr<Buffer> b = find_buffer(id);
    if (!b) {
      const BufferDecl& d = schedule.buffers.at(id);
      if (d.first_use < 0 && !d.temporary)
        throw Error(fmt::format("schedule reads buffer {} which no longer exists", id));
      b = make_buffer(device, d.dtype, d.size, id);
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
  for (size_t k = 0; k < schedule.kernels.size(); ++k) {
    const ScheduledKernel& kernel = schedule.kernels[k];
    if (writes_nothing(schedule, kernel)) continue;
    const PreparedKernel& c = prepare_kernel(device, kernel);
    std::vector<void*> ptrs;
    for (int64_t id : kernel.buffers)
      ptrs.push_back(buffer(id)->ptr());
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
