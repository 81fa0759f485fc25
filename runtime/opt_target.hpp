// What a device lets the opts use: its own file beside the device, so that the schedule runner and BEAM both ask the
// device (and neither depends on the other for it).
#pragma once
#include "codegen/opt/opt.hpp"
#include "runtime/device.hpp"

namespace lmc {

// GPU block limits and shared memory for a CUDA device; the thread count (LMC_THREADS, else the cores) on the CPU.
OptTarget opt_target(Device& device);

} // namespace lmc
