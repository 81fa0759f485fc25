// BEAM's early stop, driven by a fake timer (made-up launch times, never the clock): a candidate far slower than the
// best costs one launch (its first, with an allowance for module loading), a later clearly slower run stops the
// timing there, a list far slower than the best is not extended, and whole-kernel tiles are the unoptimized kernel's
// only first moves. Assertions are on statuses and launch counts, never on measured times.
#include "codegen/opt/opt.hpp"
#include "runtime/beam/bench.hpp"
#include "runtime/beam/search.hpp"
#include "runtime/compile_kernel.hpp"
#include "runtime/opt_target.hpp"

#include <lmc/lmc.hpp>

#include <deque>
#include <gtest/gtest.h>
#include <map>

namespace lmc {
namespace {

// A 128 x 32 x 128 float32 matmul on the CPU (large enough for heuristic opts): its one kernel has output axes 0, 1
// and reduce axis 2.
ScheduledKernel matmul_kernel() {
  std::vector<float> a(128 * 32), b(32 * 128);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = static_cast<float>(i % 7) - 3.0f;
  for (size_t i = 0; i < b.size(); ++i)
    b[i] = static_cast<float>(i % 5) - 2.0f;
  const Tensor ta = Tensor::from_vector(a, {128, 32}, "CPU").realize();
  const Tensor tb = Tensor::from_vector(b, {32, 128}, "CPU").realize();
  Schedule s = schedule({ta.matmul(tb).uop()}, "CPU");
  EXPECT_EQ(s.kernels.size(), 1u);
  return s.kernels.at(0);
}

// Times each launch from a queue of made-up times and counts the launches.
struct FakeClock {
  std::deque<double> times;
  int launches = 0;
  LaunchTimer timer() {
    return [this](const LinearProgram&) {
      ++launches;
      EXPECT_FALSE(times.empty()) << "more launches than the test planned";
      if (times.empty()) return 1.0;
      const double t = times.front();
      times.pop_front();
      return t;
    };
  }
};

class BenchEarlyStop : public ::testing::Test {
protected:
  Device& cpu = get_device("CPU");
  ScheduledKernel kernel = matmul_kernel();
  LinearProgram program = lower_with_opts(kernel, {}, opt_target(cpu));
  std::shared_ptr<CompiledKernel> compiled = cpu.compile(program);
  KernelBench bench{cpu, program, {}, 7};
  FakeClock clock;
  TimingOptions options; // warm-up 1, 5 reps, factor 3, first-launch margin 20 ms

  Timing time(std::deque<double> times, double best_ms) {
    clock.times = std::move(times);
    clock.launches = 0;
    bench.set_timer(clock.timer());
    return bench.time(*compiled, program, options, best_ms);
  }
};

TEST_F(BenchEarlyStop, AFarSlowerCandidateCostsOneLaunch) {
  const Timing t = time({500}, 1.0); // 500 > 3 x 1 + 20
  EXPECT_EQ(t.status, "slow");
  EXPECT_EQ(t.launches, 1);
  EXPECT_EQ(clock.launches, 1);
  EXPECT_DOUBLE_EQ(t.ms, 500);
  EXPECT_NE(t.error.find("first launch"), std::string::npos) << t.error;
}

TEST_F(BenchEarlyStop, TheFirstLaunchMayLoadTheModule) {
  // 21 ms is within 3 x 0.5 + 20 (lazy loading), and every timed run is within 3 x best: all five are timed.
  const Timing t = time({21, 0.55, 0.6, 0.5, 0.45, 0.65}, 0.5);
  EXPECT_EQ(t.status, "ok") << t.error;
  EXPECT_EQ(t.launches, 6);
  EXPECT_DOUBLE_EQ(t.ms, 0.55); // the median of the timed runs; the warm-up is not among them
}

TEST_F(BenchEarlyStop, TimingStopsAtTheFirstClearlySlowerRun) {
  const Timing t = time({2, 1.0, 5.0, 1.0, 1.0, 1.0}, 1.0);
  EXPECT_EQ(t.status, "slow");
  EXPECT_EQ(t.launches, 3); // warm-up, a fine run, then the slow one; the rest never run
  EXPECT_DOUBLE_EQ(t.ms, 5.0);
  EXPECT_EQ(clock.times.size(), 3u);
}

TEST_F(BenchEarlyStop, WithoutABestEverythingIsTimedAndLongKernelsTakeThreeRuns) {
  const Timing t = time({500, 400, 300, 200}, -1);
  EXPECT_EQ(t.status, "ok") << t.error;
  EXPECT_EQ(t.launches, 4); // runs over long_kernel_ms take at most 3 timed launches
  EXPECT_DOUBLE_EQ(t.ms, 300);
}

TEST_F(BenchEarlyStop, TheWatchdogCountsTheFakeTime) {
  options.watchdog_seconds = 1;
  const Timing t = time({600, 600}, -1);
  EXPECT_EQ(t.status, "timeout");
  EXPECT_EQ(t.launches, 2);
}

// The search with times by opt list: the unoptimized kernel 1000 ms, anything that unrolls 500 ms, everything else
// 10 ms (shorter per opt, so later rounds gain). Moves come from a fixed menu that also offers a GEMM tile (illegal
// on the CPU: recorded, never built).
TEST(BeamEarlyStop, NaiveKernelsAreTimedOnceAndNotExtended) {
  Device& cpu = get_device("CPU");
  const ScheduledKernel k = matmul_kernel();
  std::map<std::string, int> launches;
  BeamOptions o;
  o.width = 2;
  o.max_rounds = 2;
  o.compile_threads = 2;
  o.verify = true;
  o.launch_timer = [&](const LinearProgram& p) {
    ++launches[p.opts];
    if (p.opts == "[]") return 1000.0;
    if (p.opts.find("UNROLL") != std::string::npos) return 500.0;
    return 10.0 - 0.5 * static_cast<double>(std::count(p.opts.begin(), p.opts.end(), '('));
  };
  const Opt gemm{OptOp::GEMM, 2, 0};
  o.candidates = [&](const ScheduledKernel&, std::span<const Opt> applied, const OptTarget&) {
    std::vector<Opt> menu{{OptOp::UPCAST, 0, 2}, {OptOp::UPCAST, 1, 2}, {OptOp::UNROLL, 2, 2}};
    if (applied.empty()) menu.push_back(gemm);
    return menu;
  };
  const std::vector<Opt> heuristic = heuristic_opts(k, opt_target(cpu));
  ASSERT_FALSE(heuristic.empty()) << "the test needs heuristic opts to compare the unoptimized kernel with";
  const BeamResult r = beam_search(cpu, k, o);

  // Round 0: the heuristic list is timed first, so the unoptimized kernel stops at its first launch.
  EXPECT_EQ(launches["[]"], 1);
  EXPECT_DOUBLE_EQ(r.unoptimized_ms, 1000);
  for (const rw::TraceCandidate& c : r.trace.candidates) {
    if (c.round == 0) continue;
    // The unoptimized kernel offered a tile, so the tile was its only first move; being 100 x slower than the
    // heuristic list, it was extended by nothing else.
    if (c.opts.rfind("[" + gemm.str(), 0) == 0) {
      EXPECT_EQ(c.opts, "[" + gemm.str() + "]");
      EXPECT_EQ(c.status, "illegal") << c.error;
      continue;
    }
    EXPECT_EQ(c.opts.rfind(opts_str(heuristic).substr(0, opts_str(heuristic).size() - 1), 0), 0u)
        << c.opts << " does not extend the heuristic list " << opts_str(heuristic);
    // An unrolling candidate is far slower: one launch, recorded "slow" with that launch's time.
    if (c.opts.find("UNROLL") != std::string::npos && c.status != "illegal" && c.status != "duplicate") {
      EXPECT_EQ(c.status, "slow") << c.opts;
      EXPECT_DOUBLE_EQ(c.time_ms, 500);
      EXPECT_EQ(launches[c.opts], 1) << c.opts;
    }
  }
  EXPECT_GT(r.slow, 0);
  EXPECT_GT(r.best_opts.size(), heuristic.size()) << "a 10 - 0.5 x opts list is better with more opts";
  EXPECT_LT(r.best_ms, 10.0);
}

} // namespace
} // namespace lmc
