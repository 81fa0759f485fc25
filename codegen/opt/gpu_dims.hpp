// The GPU-dims pass: a kernel with thread-block axes (LOCAL/GROUP opts) gets explicit launch dimensions. Global
// ranges fold into one block index (gidx0), Local and Group ranges into one thread index (lidx0); a REDUCE over
// Group ranges becomes a per-thread partial, a shared-memory exchange and a second reduce over the group. Kernels
// without such axes are left alone: the renderer flattens their Global ranges itself.
#pragma once
#include "ir/uop.hpp"

namespace lmc {

UOp gpu_dims(UOp sink);

} // namespace lmc
