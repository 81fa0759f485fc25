// Replayable plans on the CPU: a captured schedule replays with new input values written in place, gives the values
// of a naive loop, launches no scheduling work, and its rebound twin runs on exchanged buffers.
#include "codegen/schedule.hpp"
#include "frontend/tensor.hpp"
#include "runtime/plan.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace lmc {
namespace {

std::vector<double> read(const Buffer& b) {
  std::vector<double> v(static_cast<size_t>(b.size()));
  b.copy_out(v.data(), b.bytes());
  return v;
}

TEST(Plan, ReplaysWithInputsOverwrittenInPlace) {
  const int64_t rows = 7, cols = 13;
  Tensor x = Tensor::zeros({rows, cols}, float64, "CPU").contiguous().realize();
  Tensor w = Tensor::zeros({cols}, float64, "CPU").contiguous().realize();
  const Tensor y = ((x * w).sum(-1) + 1.0).sqrt();
  Plan plan(get_device("CPU"), schedule({y.uop()}, "CPU"));
  ASSERT_GE(plan.num_kernels(), 1u);
  for (int step = 0; step < 3; ++step) {
    std::vector<double> xs(rows * cols), ws(cols);
    for (size_t i = 0; i < xs.size(); ++i)
      xs[i] = std::sin(0.37 * static_cast<double>(i) + step) + 1;
    for (size_t j = 0; j < ws.size(); ++j)
      ws[j] = 0.5 + 0.1 * static_cast<double>(j) * (step + 1);
    x.buffer()->copy_in(xs.data(), xs.size() * 8);
    w.buffer()->copy_in(ws.data(), ws.size() * 8);
    const uint64_t before = kernels_launched();
    plan.replay();
    EXPECT_EQ(kernels_launched(), before); // replays bypass run_schedule
    const std::vector<double> got = read(*plan.output(0));
    for (int64_t r = 0; r < rows; ++r) {
      double s = 0;
      for (int64_t c = 0; c < cols; ++c)
        s += xs[r * cols + c] * ws[c];
      EXPECT_NEAR(got[r], std::sqrt(s + 1), 1e-12) << "step " << step << " row " << r;
    }
  }
}

TEST(Plan, ReboundTwinReadsTheExchangedBuffer) {
  const int64_t n = 11;
  Tensor state = Tensor::full({n}, 1.5, float64, "CPU").contiguous().realize();
  const Tensor next = state * 2.0 + 1.0;
  Plan a(get_device("CPU"), schedule({next.uop()}, "CPU"));
  const std::shared_ptr<Buffer> s0 = state.buffer(), s1 = a.output(0);
  Plan b = a.rebound({{s0, s1}, {s1, s0}});
  double want = 1.5;
  for (int step = 0; step < 4; ++step) {
    (step % 2 == 0 ? a : b).replay();
    want = want * 2 + 1;
    const std::vector<double> got = read(step % 2 == 0 ? *s1 : *s0);
    for (double v : got)
      EXPECT_EQ(v, want) << "step " << step;
  }
  Tensor other = Tensor::zeros({n + 1}, float64, "CPU").contiguous().realize();
  EXPECT_THROW(a.rebound({{s0, other.buffer()}}), Error); // sizes differ
  EXPECT_FALSE(a.use_graph(1));                           // the CPU has no graphs; replays keep launching kernels
  EXPECT_THROW(a.output(5), Error);
}

} // namespace
} // namespace lmc
