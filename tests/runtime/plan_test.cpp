// Replayable plans on the CPU: a captured schedule replays with new input values written in place, gives the values
// of a naive loop, launches no scheduling work, and its rebound twin runs on exchanged buffers.
#include "codegen/schedule.hpp"
#include "frontend/tensor.hpp"
#include "lm/lm.hpp"
#include "runtime/plan.hpp"

#include <chrono>
#include <cstdio>

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

namespace lmc {
namespace {

// The evidence step captured as a plan replays to exactly what realizing it gives, with new hypothesis values
// written into the same input buffers; the test prints both per-step times (what the plan saves on the host).
TEST(Plan, EvidenceStepReplayMatchesRealize) {
  const std::string dev = "CPU";
  const int64_t n = 97, h = 131;
  auto rand = [&](Shape s, uint64_t seed, double lo, double hi) {
    return (Tensor::rand(std::move(s), seed, float64, dev) * (hi - lo) + lo).contiguous().realize();
  };
  // Unit frames from normalized random vectors are enough here: the plan must reproduce whatever realize computes.
  Tensor frames = rand({n, 9}, 2, -1, 1);
  lm::ObjectModel model =
      lm::ObjectModel::make(rand({n, 3}, 1, -0.02, 0.02), frames, (rand({n}, 3, 0, 1) > 0.3).contiguous().realize(),
                            rand({n, 3}, 4, 0, 1), float64);
  Tensor::realize_all({&model.locations, &model.pose_vectors, &model.pose_fully_defined, &model.features});
  lm::Hypotheses hyps{rand({h, 3}, 5, -0.02, 0.02), rand({h, 3, 3}, 6, -1, 1), rand({h}, 7, -1, 2)};
  const lm::Percept percept{rand({3, 3}, 8, -1, 1), true, rand({3}, 9, 0, 1), 0.8};
  const Tensor d = rand({3}, 10, -0.002, 0.002);
  lm::EvidenceParams params;
  params.max_neighbors = 7;
  params.features = lm::FeatureSpec{{0.1, 0.2, 0.2}, {2, 0.5, 0.5}, {true, false, false}, 1.0};

  lm::EvidenceStep lazy = lm::evidence_step(model, hyps, percept, d, params);
  Plan plan(get_device(dev), schedule({lazy.locations.uop(), lazy.evidence.uop()}, dev));
  double realize_us = 0, replay_us = 0;
  for (int step = 0; step < 3; ++step) {
    // New evidence values in the plan's input buffer, and the same values as a fresh tensor for the reference.
    const Tensor e = rand({h}, 20 + step, -1, 2);
    std::vector<double> ev = e.to_vector<double>();
    hyps.evidence.buffer()->copy_in(ev.data(), ev.size() * 8);
    auto t0 = std::chrono::steady_clock::now();
    lm::EvidenceStep ref =
        lm::evidence_step(model, lm::Hypotheses{hyps.locations, hyps.rotations, e}, percept, d, params);
    Tensor::realize_all({&ref.locations, &ref.evidence});
    auto t1 = std::chrono::steady_clock::now();
    plan.replay();
    get_device(dev).synchronize();
    auto t2 = std::chrono::steady_clock::now();
    realize_us += std::chrono::duration<double, std::micro>(t1 - t0).count();
    replay_us += std::chrono::duration<double, std::micro>(t2 - t1).count();
    const std::vector<double> want = ref.evidence.to_vector<double>(), got = read(*plan.output(1));
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_NEAR(got[i], want[i], 1e-12) << "step " << step << " hypothesis " << i;
    const std::vector<double> lw = ref.locations.to_vector<double>(), lg = read(*plan.output(0));
    for (size_t i = 0; i < lg.size(); ++i)
      EXPECT_NEAR(lg[i], lw[i], 1e-15);
  }
  std::printf(
      "evidence step (N=%lld, H=%lld, K=7) on %s: realize %.1f us, plan replay %.1f us per step (%zu kernels)\n",
      static_cast<long long>(n), static_cast<long long>(h), dev.c_str(), realize_us / 3, replay_us / 3,
      plan.num_kernels());
}

} // namespace
} // namespace lmc
