// tune_kernel and beam_opts: the cache lookup in front of the search, and the key that lookup uses.
#include "runtime/beam/beam.hpp"

#include "ir/config.hpp"
#include "rewrite/trace.hpp"
#include "runtime/beam/progress.hpp"
#include "runtime/cpu/llvm_jit.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/opt_target.hpp"

#include <fmt/format.h>
#include <mutex>

namespace lmc {

OptCacheKey opt_cache_key(Device& device, const ScheduledKernel& kernel, const BeamOptions& options) {
  OptCacheKey key;
  key.kernel_hash = kernel.ast.structural_hash();
  const OptTarget t = opt_target(device);
  std::string target_flags;
  if (auto* cuda = dynamic_cast<CudaDevice*>(&device)) {
    static const std::string gpu_name = cuda_info(0).name;
    key.device = fmt::format("CUDA {} {}", gpu_name, cuda->arch());
    key.compiler = "NVRTC " + nvrtc_version();
    target_flags = fmt::format(" block_size={}", cuda->target().block_size);
  } else {
    key.device = fmt::format("{} {}", device.name(), host_cpu());
    key.compiler = "LLVM " + llvm_version();
  }
  key.flags = fmt::format(
      "beam={} gpu={} local_threads={} shared={} dynamic_shared={} max_upcast={} threads={} sm={}{}", options.width,
      t.gpu, t.max_local_threads, t.shared_bytes, t.dynamic_shared_bytes, t.max_upcast, t.threads, t.sm, target_flags);
  return key;
}

BeamResult tune_kernel(Device& device, const ScheduledKernel& kernel, const BeamOptions& options, OptCache& cache,
                       bool force) {
  const OptCacheKey key = opt_cache_key(device, kernel, options);
  if (!force) {
    if (std::optional<OptCacheEntry> hit = cache.get(key)) {
      bool applies = true;
      try {
        apply_opts(kernel, hit->opts, opt_target(device));
      } catch (const Error&) {
        applies = false; // the opt vocabulary changed without a code-version bump: search again
      }
      if (applies) {
        BeamResult r;
        r.from_cache = true;
        r.best_opts = hit->opts;
        r.best_ms = hit->best_ms;
        r.default_ms = hit->default_ms;
        r.unoptimized_ms = hit->unoptimized_ms;
        r.tried = hit->candidates;
        r.search_seconds = hit->search_seconds;
        r.trace = {kernel.name,
                   -1,
                   device.name(),
                   options.width,
                   r.default_ms,
                   r.unoptimized_ms,
                   r.best_ms,
                   opts_str(r.best_opts),
                   r.search_seconds,
                   true,
                   {}};
        if (rw::Tracer* tracer = rw::Tracer::active()) tracer->search(r.trace);
        return r;
      }
    }
  }
  BeamResult r = beam_search(device, kernel, options);
  cache.put(key, {r.best_opts, kernel.name, r.best_ms, r.default_ms, r.unoptimized_ms, r.tried, r.search_seconds});
  return r;
}

std::vector<Opt> beam_opts(Device& device, const ScheduledKernel& kernel) {
  static std::mutex one_search_at_a_time;
  std::lock_guard lock(one_search_at_a_time);
  try {
    BeamProgressBar bar(stderr_is_terminal());
    bar.set_label(fmt::format("BEAM {}", kernel.name));
    BeamOptions options = BeamOptions::from_config();
    options.progress = [&](const BeamProgress& p) { bar.update(p); };
    const BeamResult r = tune_kernel(device, kernel, options, OptCache::global());
    bar.clear();
    if (config().debug >= 1)
      fmt::print(stderr, "lmc: BEAM {} {} {:.3f} ms (heuristic {:.3f} ms){}\n", kernel.name, opts_str(r.best_opts),
                 r.best_ms, r.default_ms,
                 r.from_cache ? " from cache" : fmt::format(", {} candidates in {:.1f} s", r.tried, r.search_seconds));
    return r.best_opts;
  } catch (const Error& e) {
    fmt::print(stderr, "lmc: BEAM could not search kernel '{}', using the heuristic opts: {}\n", kernel.name, e.what());
    return heuristic_opts(kernel, opt_target(device));
  }
}

} // namespace lmc
