// The LM backend and replayable plans on CUDA (label gpu): the backend on CUDA matches the CPU backend
// (float64, 1e-9); a plan replayed on its own stream and as a CUDA graph matches a naive loop; events order streams.
#include "codegen/schedule.hpp"
#include "frontend/lm/backend.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/plan.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace lmc::lm {
namespace {

#define REQUIRE_CUDA()                                                                                                 \
  do {                                                                                                                 \
    std::string why;                                                                                                   \
    if (!cuda_available(&why)) GTEST_SKIP() << why;                                                                    \
  } while (0)

TEST(PlanGpu, ReplaysOnAStreamAndAsAGraph) {
  REQUIRE_CUDA();
  Device& dev = get_device("CUDA");
  const int64_t n = 1001;
  Tensor x = Tensor::zeros({n}, float64, "CUDA").contiguous().realize();
  const Tensor y = (x * x + 3.0).sqrt().sum();
  Plan plan(dev, schedule({y.uop()}, "CUDA"));
  const StreamId s = dev.create_stream();
  for (int step = 0; step < 4; ++step) {
    if (step == 2) {
      ASSERT_TRUE(plan.use_graph(s));
    }
    std::vector<double> xs(n);
    double want = 0;
    for (int64_t i = 0; i < n; ++i) {
      xs[i] = std::cos(0.1 * static_cast<double>(i) + step);
      want += std::sqrt(xs[i] * xs[i] + 3);
    }
    dev.copy_in_on(s, x.buffer()->ptr(), xs.data(), n * 8);
    plan.replay(s);
    const EventId done = dev.record_event(s);
    dev.synchronize_event(done);
    EXPECT_TRUE(dev.event_done(done));
    dev.destroy_event(done);
    double got = 0;
    dev.copy_out_on(s, &got, plan.output(0)->ptr(), 8);
    EXPECT_NEAR(got, want, 1e-9 * std::abs(want)) << "step " << step;
  }
  EXPECT_TRUE(plan.uses_graph());
  dev.destroy_stream(s);
}

std::vector<double> uniform(std::mt19937& rng, size_t n, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (double& x : v)
    x = u(rng);
  return v;
}

TEST(BackendGpu, MatchesTheCpuBackend) {
  REQUIRE_CUDA();
  std::mt19937 rng(11);
  auto model = [&](int64_t n) {
    ObjectModelData m;
    m.locations = uniform(rng, n * 3, -0.02, 0.02);
    for (int64_t i = 0; i < n; ++i) {
      const double a = 0.3 * static_cast<double>(i);
      const std::vector<double> f{std::cos(a), std::sin(a), 0, -std::sin(a), std::cos(a), 0, 0, 0, 1};
      m.pose_vectors.insert(m.pose_vectors.end(), f.begin(), f.end());
      m.pose_fully_defined.push_back(i % 2);
    }
    m.features = uniform(rng, n * 3, 0, 1);
    return m;
  };
  const std::vector<ObjectModelData> objects{model(211), model(157), model(97)};
  Observation first;
  first.pose_vectors = {0, 0, 1, 1, 0, 0, 0, 1, 0};
  first.features = {0.4, 0.5, 0.6};
  Observation next = first;
  next.displacement = std::array<double, 3>{0.003, 0.001, -0.002};
  next.curvature = 0.7;
  // Streams and Stacked join this list once the backend implements them.
  for (DispatchMode mode : {DispatchMode::Flatten}) {
    std::vector<StepResults> got;
    for (const char* device : {"CPU", "CUDA"}) {
      BackendConfig c;
      c.device = device;
      c.mode = mode;
      c.params.max_neighbors = 10;
      c.params.features = FeatureSpec{{0.1, 0.2, 0.2}, {2, 0.5, 0.5}, {true, false, false}, 1.0};
      Backend b(c);
      b.register_lm(objects);
      b.register_lm(objects);
      b.dispatch({{0, 1}}, {first, first});
      b.wait();
      for (int step = 0; step < 3; ++step) {
        b.dispatch({{0}, {1}}, {next, step == 1 ? std::nullopt : std::optional<Observation>(next)},
                   DispatchOptions{std::nullopt, true});
        b.wait();
      }
      got.push_back(b.wait());
    }
    for (size_t lm = 0; lm < 2; ++lm)
      for (size_t o = 0; o < objects.size(); ++o) {
        const auto& a = got[0].lms[lm].hypotheses.at(o).evidence;
        const auto& b = got[1].lms[lm].hypotheses.at(o).evidence;
        ASSERT_EQ(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
          ASSERT_NEAR(a[i], b[i], 1e-9) << mode_name(mode) << " LM " << lm << " object " << o << " hyp " << i;
      }
  }
}

} // namespace
} // namespace lmc::lm
