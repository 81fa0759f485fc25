// runtime/beam/: BEAM search for kernel opts. search.hpp searches, bench.hpp holds the scratch data, timing and
// output checks, opt_cache.hpp the persistent cache of chosen lists, progress.hpp the terminal progress bar. This
// header joins them: a kernel's opts from the cache, or from a search that is then stored.
#pragma once
#include "runtime/beam/opt_cache.hpp"
#include "runtime/beam/search.hpp"

namespace lmc {

// The cache key of `kernel` on `device` under `options`: the AST's structural hash, the device and its architecture
// (CUDA: GPU name and sm; CPU: the host CPU LLVM detects), the compiler (NVRTC or LLVM version), kOptCodeVersion,
// and the flags that change the code or the answer (the beam width and what the opts may use on this target).
OptCacheKey opt_cache_key(Device& device, const ScheduledKernel& kernel, const BeamOptions& options);

// The opts BEAM chooses for `kernel`: the cached list when there is one that still applies (from_cache is set and
// nothing is timed), else a search whose result is stored. `force` searches even when cached.
BeamResult tune_kernel(Device& device, const ScheduledKernel& kernel, const BeamOptions& options, OptCache& cache,
                       bool force = false);

// What prepare_kernel uses when LMC_BEAM=N is set: tune_kernel with BeamOptions::from_config() and the process's
// cache (OptCache::global()). Searches run one at a time. A search that fails (the unoptimized kernel does not
// build or run) warns once per kernel and returns the heuristic opts.
std::vector<Opt> beam_opts(Device& device, const ScheduledKernel& kernel);

} // namespace lmc
