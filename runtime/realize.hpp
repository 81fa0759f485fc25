// Runs a schedule on a device: allocates the buffers it creates, lowers and compiles each kernel (once per
// structure: compiled kernels are cached by the linear program's hash), launches in order, and frees
// temporaries after their last reader.
#pragma once
#include "codegen/schedule.hpp"
#include "runtime/buffer.hpp"

#include <memory>
#include <vector>

namespace lmc {

// Returns the buffers holding each output (in schedule.outputs order). Launches are queued; the caller
// synchronizes (reading a buffer does).
std::vector<std::shared_ptr<Buffer>> run_schedule(const Schedule& schedule, Device& device);

// Number of kernels launched by this process so far (for tests that pin kernel counts).
uint64_t kernels_launched();

} // namespace lmc
