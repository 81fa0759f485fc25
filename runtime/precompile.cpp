// precompile_schedule: the distinct unprepared kernels of a schedule, built by a few short-lived threads that take
// them in order from a shared counter. Threads are started per call rather than kept in a pool: a step compiles
// once, and a thread costs microseconds against a compile's tens of milliseconds.
#include "runtime/precompile.hpp"

#include "ir/config.hpp"
#include "rewrite/trace.hpp"
#include "runtime/realize.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fmt/format.h>
#include <thread>
#include <unordered_set>
#include <vector>

namespace lmc {

unsigned precompile_threads() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
}

size_t precompile_schedule(Device& device, const Schedule& schedule) {
  if (opt_chooser_active() || config().beam > 0 || rw::Tracer::active() || config().debug >= 3 || config().check_oob)
    return 0;
  std::vector<const ScheduledKernel*> pending;
  std::unordered_set<uint64_t> seen;
  for (const ScheduledKernel& k : schedule.kernels) {
    if (writes_nothing(schedule, k) || is_prepared(device, k)) continue;
    if (seen.insert(k.ast.structural_hash()).second) pending.push_back(&k);
  }
  // One kernel gains nothing from a thread; the caller builds it in order as before.
  if (pending.size() < 2) return 0;
  const auto start = std::chrono::steady_clock::now();
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < pending.size(); i = next.fetch_add(1)) {
      try {
        const auto kernel_start = std::chrono::steady_clock::now();
        prepare_kernel(device, *pending[i]);
        if (config().debug >= 2)
          fmt::print(
              stderr, "lmc:   built {} in {:.1f} ms\n", pending[i]->name,
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - kernel_start).count());
      } catch (...) {
        // Left for the caller: its prepare_kernel rebuilds this kernel and throws from where a serial run would.
      }
    }
  };
  const size_t threads = std::min<size_t>(precompile_threads(), pending.size());
  std::vector<std::jthread> helpers;
  for (size_t t = 1; t < threads; ++t)
    helpers.emplace_back(work);
  work(); // the calling thread builds too
  helpers.clear();
  if (config().debug >= 1)
    fmt::print(stderr, "lmc: built {} kernels on {} threads in {:.1f} ms\n", pending.size(), threads,
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  return pending.size();
}

} // namespace lmc
