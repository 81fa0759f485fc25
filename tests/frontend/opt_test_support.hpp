// Helpers shared by the tests of whole-kernel opts (opt_test.cpp, gemm_test.cpp): the one kernel a tensor program
// schedules to, its reduce axis, and the check that an opt list is refused for a stated reason.
#pragma once
#include "codegen/opt/opt.hpp"
#include "codegen/schedule.hpp"
#include "runtime/device.hpp"

#include <lmc/lmc.hpp>

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace lmc {

// The one kernel of `t` (after its inputs are realized) on the device under test.
inline ScheduledKernel only_kernel(const Tensor& t) {
  Schedule s = schedule({t.uop()}, default_device());
  EXPECT_EQ(s.kernels.size(), 1u);
  return s.kernels.at(0);
}

// Reduce axis index of a matmul kernel (output axes come first); -1 when it has none.
inline int reduce_axis(const ScheduledKernel& k) {
  const std::vector<KernelAxis> axes = kernel_axes(k);
  for (size_t i = 0; i < axes.size(); ++i)
    if (axes[i].reduce) return static_cast<int>(i);
  return -1;
}

// `opts` must raise IllegalOpt on `target` with `why` in its message.
inline void expect_illegal(const ScheduledKernel& k, const std::vector<Opt>& opts, const OptTarget& target,
                           const std::string& why) {
  try {
    apply_opts(k, opts, target);
    ADD_FAILURE() << opts_str(opts) << " was accepted";
  } catch (const IllegalOpt& e) {
    EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
  }
}

} // namespace lmc
