// Scratch buffers shaped like one kernel's parameters, filled with random data, on which BEAM times and checks its
// candidates. Its own file because timing (device events or the host clock, warm-up, median, early stop, watchdog)
// and output comparison are the parts of the search that touch the device.
#pragma once
#include "codegen/linear.hpp"
#include "runtime/device.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lmc {

// The early stop: with a best time so far, a candidate is dropped ("slow") at the first launch that shows it is far
// slower, so a kernel 100 times slower than the best costs one launch, not warm-up + reps.
struct TimingOptions {
  int warmup = 1;              // launches before the first timed one (host clock; the first one also loads the module)
  int reps = 5;                // timed launches; the median is reported
  double long_kernel_ms = 1.0; // kernels whose first run takes longer vary little: at most 3 timed launches
  double early_stop_factor = 3.0; // any timed launch slower than this times the best so far stops the candidate
  // The first warm-up launch stops the candidate when slower than early_stop_factor x best + this: it may include
  // loading the module (CUDA's lazy loading) and the host's launch and wait, which the timed launches do not.
  double first_launch_margin_ms = 20.0;
  double watchdog_seconds = 10.0; // a candidate whose launches take longer (wall clock) is abandoned
};

// What one launch of `program` took in ms, in place of running it: tests drive the early stop with made-up times.
using LaunchTimer = std::function<double(const LinearProgram& program)>;

struct Timing {
  std::string status = "ok"; // "ok", "slow" (stopped early), "timeout", "launch_error"
  double ms = -1;            // median of the timed launches; for "slow" the launch that stopped it, "timeout" the first
  std::string error;
  int launches = 0; // launches made for timing (warm-up included)
};

// The written buffers' contents after one launch, by slot (unwritten slots are empty).
using KernelOutputs = std::vector<std::vector<char>>;

class KernelBench {
public:
  // Allocates one buffer per parameter of `program` (the unoptimized kernel: every candidate has the same
  // parameters) and fills it with values from `seed`: floats in [-1, 1], integers in [1, 8], bools 0/1.
  KernelBench(Device& device, const LinearProgram& program, std::vector<int32_t> vars, uint64_t seed);
  ~KernelBench();
  KernelBench(const KernelBench&) = delete;
  KernelBench& operator=(const KernelBench&) = delete;

  // Times `kernel` (compiled from `program`): device events on CUDA, the host clock around launch + synchronize
  // elsewhere (and for warm-up launches everywhere). `best_ms` (< 0: none yet) drives the early stop.
  Timing time(const CompiledKernel& kernel, const LinearProgram& program, const TimingOptions& options, double best_ms);

  // From now on time() takes each launch's time from `timer` and launches nothing (run_once still launches).
  void set_timer(LaunchTimer timer) { timer_ = std::move(timer); }

  // Restores every written buffer to its initial contents, launches once and reads the written buffers back, so
  // kernels that read what they write give the same result every time.
  KernelOutputs run_once(const CompiledKernel& kernel, const LinearProgram& program);

  // nullopt when `got` matches `want`: integers and bools exactly, floats within a relative tolerance (1e-3 for
  // float32, 1e-2 for 16-bit floats, 1e-9 for float64) scaled by the larger of the value and the output's mean
  // magnitude, NaN only where the reference has NaN. Otherwise the first difference, described.
  std::optional<std::string> compare(const KernelOutputs& got, const KernelOutputs& want) const;

  const std::vector<int32_t>& vars() const { return vars_; }

private:
  double launch_timed_ms(const CompiledKernel& kernel, const LinearProgram& program);
  double launch_waited_ms(const CompiledKernel& kernel, const LinearProgram& program);

  Device& device_;
  std::vector<KernelParam> params_;
  std::vector<int32_t> vars_;
  std::vector<void*> buffers_;
  std::vector<std::vector<char>> initial_; // host copies of the written buffers' first contents
  LaunchTimer timer_;
};

} // namespace lmc
