// Runs a schedule on a device: allocates the buffers it creates, lowers and compiles each kernel (once per
// structure: compiled kernels are cached by the linear program's hash), launches in order, and frees
// temporaries after their last reader.
#pragma once
#include "codegen/opt/opt.hpp"
#include "codegen/schedule.hpp"
#include "runtime/buffer.hpp"
#include "runtime/compile_kernel.hpp"
#include "runtime/opt_target.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace lmc {

// compile_kernel(device, kernel, default_opts(...)), or its cached result (keyed by the device name and the kernel
// AST's structural hash; every schedule with the same kernel structure on that device shares it). Thread-safe.
const PreparedKernel& prepare_kernel(Device& device, const ScheduledKernel& kernel);
// Whether prepare_kernel(device, kernel) would return a kernel already built (never true under an OptChooser).
bool is_prepared(Device& device, const ScheduledKernel& kernel);

// The opts a kernel gets by default: none with LMC_NOOPT=1, the BEAM result with LMC_BEAM=N (searched once and
// kept in the opt cache), else the heuristics.
std::vector<Opt> default_opts(Device& device, const ScheduledKernel& kernel);

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
// Whether a ScopedOptChooser is alive on this thread (its choices do not reach other threads).
bool opt_chooser_active();

// Returns the buffers holding each output (in schedule.outputs order). The kernels are compiled first, in parallel
// (precompile_schedule), then launched in order; launches are queued, and the caller synchronizes (reading a buffer
// does).
std::vector<std::shared_ptr<Buffer>> run_schedule(const Schedule& schedule, Device& device);

// Number of kernels launched by this process so far (for tests that pin kernel counts).
uint64_t kernels_launched();

} // namespace lmc
