// Runs a schedule on a device: allocates the buffers it creates, lowers and compiles each kernel (once per
// structure: compiled kernels are cached by the linear program's hash), launches in order, and frees
// temporaries after their last reader.
#pragma once
#include "codegen/opt/opt.hpp"
#include "codegen/schedule.hpp"
#include "runtime/buffer.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace lmc {

// A scheduled kernel lowered (with its opts) and compiled for one device. Shared: every schedule with the same
// kernel structure on that device gets the same object.
struct PreparedKernel {
  LinearProgram program;
  std::shared_ptr<CompiledKernel> compiled;
  int trace_group = -1; // its group in the active trace (LMC_VIZ), so launches point at their lowering
};

// Lowers, optimizes and compiles `kernel` for `device`, or returns the cached result (keyed by the device name and
// the kernel AST's structural hash). Thread-safe.
const PreparedKernel& prepare_kernel(Device& device, const ScheduledKernel& kernel);

// What the opts may use on this device (GPU block limits and shared memory, or CPU threads).
OptTarget opt_target(Device& device);

// The opts a kernel gets by default: none with LMC_NOOPT=1, the BEAM result with LMC_BEAM=N (searched once and
// kept in the opt cache), else the heuristics.
std::vector<Opt> default_opts(Device& device, const ScheduledKernel& kernel);

// Lowers `kernel` with exactly `opts` and compiles it (not cached): for search, tests and tools.
PreparedKernel prepare_kernel_with(Device& device, const ScheduledKernel& kernel, std::span<const Opt> opts);

// While one is alive, kernels prepared on this thread take their opts from `choose` instead of default_opts (and
// bypass the kernel cache): tests use it to run the same program under many opt lists.
using OptChooser = std::function<std::vector<Opt>(const ScheduledKernel&, const OptTarget&)>;
class ScopedOptChooser {
public:
  explicit ScopedOptChooser(OptChooser choose);
  ~ScopedOptChooser();
  ScopedOptChooser(const ScopedOptChooser&) = delete;
  ScopedOptChooser& operator=(const ScopedOptChooser&) = delete;

private:
  OptChooser previous_;
};

// Returns the buffers holding each output (in schedule.outputs order). Launches are queued; the caller
// synchronizes (reading a buffer does).
std::vector<std::shared_ptr<Buffer>> run_schedule(const Schedule& schedule, Device& device);

// Number of kernels launched by this process so far (for tests that pin kernel counts).
uint64_t kernels_launched();

} // namespace lmc
