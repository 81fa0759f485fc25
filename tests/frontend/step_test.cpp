// lmc::Step: a step captured from tensors and replayed, its state donated. Checked against float64 host loops that
// iterate the same recurrences; its own file because what it promises is about replays and buffer roles, not any op.
#include "check.hpp"
#include "runtime/buffer.hpp"

namespace lmc {
namespace {

std::vector<double> values(const Tensor& t) {
  return t.cast(float64).to_vector<double>();
}

// x' = 0.5 x + y and a per-row sum of x' as a result, over a non-power-of-two shape, for several replays; y changes
// between replays by a write into its buffer, as an LM's packed inputs do.
TEST(Step, ReplaysARecurrenceAndSeesInputsWrittenBetweenReplays) {
  const ref::Array x0 = ref::Array::random({7, 5}, 1201), y0 = ref::Array::random({7, 5}, 1202);
  const Tensor x = check::tensor_of(x0, float64).clone();
  const Tensor y = check::tensor_of(y0, float64).clone();
  const Tensor next = x * 0.5 + y;
  Step step({{x, next}}, {next.sum(1)});
  EXPECT_EQ(step.num_updates(), 1u);
  EXPECT_EQ(step.num_results(), 1u);
  EXPECT_GE(step.num_kernels(), 1u);
  std::vector<double> want_x = x0.v, want_y = y0.v;
  for (int replay = 0; replay < 5; ++replay) {
    if (replay == 3) {
      for (double& v : want_y)
        v = v * -3.0 + 1.0;
      y.buffer()->copy_in(want_y.data(), want_y.size() * sizeof(double));
    }
    step.replay();
    std::vector<double> want_sum(7, 0.0);
    for (size_t i = 0; i < want_x.size(); ++i) {
      want_x[i] = 0.5 * want_x[i] + want_y[i];
      want_sum[i / 5] += want_x[i];
    }
    check::expect_close(step.state(0), ref::Array{{7, 5}, want_x}, 1e-12);
    check::expect_close(step.result(0), ref::Array{{7}, want_sum}, 1e-12);
  }
}

// An expression over a state, realized and kept alive, is not handed out again once a replay changed the state: the
// state alternates between two buffers, so after two replays the same expression node reads the same buffer.
TEST(Step, ExpressionsOverTheStateAreNotReusedAcrossReplays) {
  const Tensor x = Tensor::from_vector(std::vector<double>{1, 2, 3}, {3}).clone();
  Step step({{x, x + 1.0}}, {});
  const Tensor kept = (step.state(0) * 10.0).realize();
  EXPECT_EQ(kept.to_vector<double>(), (std::vector<double>{10, 20, 30}));
  step.replay();
  step.replay();
  EXPECT_EQ((step.state(0) * 10.0).to_vector<double>(), (std::vector<double>{30, 40, 50}));
  EXPECT_EQ(kept.to_vector<double>(), (std::vector<double>{10, 20, 30}));
}

// Each next value reads the old values of the others (never one already written this step): (a, b, c) ->
// (b, a + b, c) is Fibonacci in a and b with c unchanged, a next value that is its state itself.
TEST(Step, NextValuesReadTheStateBeforeTheStep) {
  const Tensor a = Tensor::from_vector(std::vector<int64_t>{0, 5, -2}, {3}).clone();
  const Tensor b = Tensor::from_vector(std::vector<int64_t>{1, 7, 3}, {3}).clone();
  const Tensor c = Tensor::from_vector(std::vector<int64_t>{9, 8, 7}, {3}).clone();
  Step step({{a, b}, {b, a + b}, {c, c}}, {a});
  std::vector<int64_t> wa{0, 5, -2}, wb{1, 7, 3};
  for (int replay = 0; replay < 7; ++replay) {
    step.replay();
    // The result is the state a as the step read it.
    EXPECT_EQ(step.result(0).to_vector<int64_t>(), wa) << "replay " << replay;
    for (size_t i = 0; i < 3; ++i) {
      const int64_t sum = wa[i] + wb[i];
      wa[i] = wb[i];
      wb[i] = sum;
    }
    EXPECT_EQ(step.state(0).to_vector<int64_t>(), wa) << "replay " << replay;
    EXPECT_EQ(step.state(1).to_vector<int64_t>(), wb) << "replay " << replay;
    EXPECT_EQ(step.state(2).to_vector<int64_t>(), (std::vector<int64_t>{9, 8, 7})) << "replay " << replay;
  }
}

// A state read through a transpose and a flip (strided views of the buffer being replaced), in float32.
TEST(Step, StateReadThroughStridedViews) {
  const ref::Array s0 = ref::Array::random({6, 6}, 1203);
  const Tensor s = check::tensor_of(s0, float32).clone();
  Step step({{s, s.permute({1, 0}).flip(0) * 0.75 + 0.25}}, {});
  std::vector<double> want = values(s);
  for (int replay = 0; replay < 4; ++replay) {
    step.replay();
    std::vector<double> next(36);
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 6; ++j)
        next[static_cast<size_t>(i * 6 + j)] = want[static_cast<size_t>(j * 6 + (5 - i))] * 0.75 + 0.25;
    want = next;
    check::expect_close(step.state(0), ref::Array{{6, 6}, want}, 1e-5);
  }
}

// Next values that are views of other buffers: a state copied from another state, one from a realized input.
TEST(Step, NextValueThatIsAnotherBuffer) {
  const Tensor a = Tensor::from_vector(std::vector<double>{1, 2, 3, 4, 5, 6}, {2, 3}).clone();
  const Tensor b = Tensor::from_vector(std::vector<double>{-1, -2, -3, -4, -5, -6}, {2, 3}).clone();
  const Tensor in = Tensor::from_vector(std::vector<double>{7, 8, 9, 10, 11, 12}, {6}).clone();
  Step step({{a, in.reshape({2, 3})}, {b, a}}, {});
  step.replay();
  EXPECT_EQ(step.state(0).to_vector<double>(), (std::vector<double>{7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(step.state(1).to_vector<double>(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  step.replay();
  EXPECT_EQ(step.state(1).to_vector<double>(), (std::vector<double>{7, 8, 9, 10, 11, 12}));
  // The input is read, never donated.
  EXPECT_EQ(in.to_vector<double>(), (std::vector<double>{7, 8, 9, 10, 11, 12}));
}

TEST(Step, TimingAKernelAtATimeIsAStep) {
  const Tensor x = Tensor::from_vector(std::vector<double>{1, 2, 3}, {3}).clone();
  Step step({{x, x * 2.0}}, {});
  const auto times = step.time_kernels();
  ASSERT_EQ(times.size(), step.num_kernels());
  for (const auto& [name, ms] : times) {
    EXPECT_FALSE(name.empty());
    EXPECT_GE(ms, 0.0);
  }
  EXPECT_EQ(step.state(0).to_vector<double>(), (std::vector<double>{2, 4, 6}));
  step.replay();
  EXPECT_EQ(step.state(0).to_vector<double>(), (std::vector<double>{4, 8, 12}));
}

TEST(Step, GraphsWhereTheDeviceHasThem) {
  const Tensor x = Tensor::from_vector(std::vector<double>{1, -1}, {2}).clone();
  Step step({{x, x + 1.0}}, {});
  const bool graphs = step.use_graphs();
  EXPECT_EQ(graphs, step.uses_graphs());
  for (int i = 0; i < 3; ++i)
    step.replay();
  EXPECT_EQ(step.state(0).to_vector<double>(), (std::vector<double>{4, 2}));
}

// Empty state replays (no kernel writes it); a state too large to allocate fails where it is made, naming the op.
TEST(Step, EmptyStateReplaysAndAHugeOneRaisesWhereItIsMade) {
  const Tensor none = Tensor::empty({0, 3}, float64);
  const Tensor x = Tensor::from_vector(std::vector<double>{1, 2}, {2}).clone();
  Step step({{none, none + 1.0}, {x, x * 3.0}}, {(none + 1.0).sum()});
  step.replay();
  EXPECT_EQ(step.state(0).numel(), 0);
  EXPECT_EQ(step.state(1).to_vector<double>(), (std::vector<double>{3, 6}));
  EXPECT_EQ(step.result(0).to_vector<double>(), (std::vector<double>{0}));
  check::expect_error([] { Tensor::empty({INT64_MAX / 4, 8}, float64); }, {"empty"});
}

TEST(Step, BadUpdatesRaise) {
  const Tensor x = Tensor::from_vector(std::vector<double>{1, 2, 3, 4}, {2, 2}).clone();
  check::expect_error([&] { Step({}, {}); }, {"step", "nothing to compute"});
  check::expect_error([&] { Step({{x * 2.0, x}}, {}); }, {"step", "update 0", "not a realized tensor"});
  check::expect_error(
      [&] {
        Step({{x.shrink({{0, 1}, {0, 2}}), x.shrink({{0, 1}, {0, 2}})}}, {});
      },
      {"update 0", "not a realized tensor"});
  check::expect_error([&] { Step({{x, x.sum(0)}}, {}); }, {"update 0", "(2,)", "(2, 2)"});
  check::expect_error([&] { Step({{x, x.cast(float32)}}, {}); }, {"update 0", "float32", "float64"});
  check::expect_error([&] { Step({{x, x + 1.0}, {x, x * 2.0}}, {}); }, {"update 1", "earlier update"});
  const Tensor y = Tensor::from_vector(std::vector<double>{5, 6, 7, 8}, {2, 2}).clone();
  check::expect_error([&] { Step({{x, x + y}, {y, x + y}}, {}); }, {"updates 0 and 1", "same next value"});
  check::expect_error([&] { Step({{x, x}}, {}).state(1); }, {"step", "state 1 of 1"});
  check::expect_error([&] { Step({{x, x}}, {}).result(0); }, {"step", "result 0 of 0"});
}

} // namespace
} // namespace lmc
