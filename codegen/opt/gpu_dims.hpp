// The GPU-dims pass: a kernel with thread-block axes (LOCAL/GROUP opts) gets explicit launch dimensions. Global
// ranges fold into one block index (gidx0), Local and Group ranges into one thread index (lidx0); a REDUCE over
// Group ranges becomes a per-thread partial, a shared-memory exchange and a second reduce over the group. Kernels
// without such axes are left alone: the renderer flattens their Global ranges itself.
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

// Two named passes, both single walks over a context gpu_dims builds from the kernel's ranges:
//   group_reduces: a REDUCE over Group ranges becomes partial -> shared memory -> barrier -> reduce over the group,
//                  and every global STORE is gated to the group's writer thread and ordered after the exchanges.
//   gpu_dims:      each Global, Local and Group RANGE becomes its slice of gidx0 or lidx0.
const rw::RuleTable& group_reduce_rules();
const rw::RuleTable& gpu_dims_rules();

// Both passes in order; the sink itself when the kernel has no Local or Group range.
UOp gpu_dims(UOp sink);

} // namespace lmc
