// BEAM on tiny CPU kernels (width 2, 2 rounds): the chosen list applies and computes what a float64 reference
// computes; illegal moves and compile errors are counted, not thrown; the search is recorded in the trace.
#include "codegen/opt/opt.hpp"
#include "rewrite/trace.hpp"
#include "runtime/beam/search.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <random>

namespace lmc {
namespace {

constexpr int64_t M = 12, K = 18, N = 10; // small, not powers of two, with divisors for UPCAST/UNROLL

std::vector<float> random_floats(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v)
    x = d(rng);
  return v;
}

struct Matmul {
  std::vector<float> a = random_floats(M * K, 1), b = random_floats(K * N, 2);
  Tensor ta = Tensor::from_vector(a, {M, K}, "CPU").realize();
  Tensor tb = Tensor::from_vector(b, {K, N}, "CPU").realize();
  Tensor c = ta.matmul(tb);

  std::vector<double> reference() const {
    std::vector<double> out(M * N, 0.0);
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j)
        for (int64_t k = 0; k < K; ++k)
          out[i * N + j] += static_cast<double>(a[i * K + k]) * b[k * N + j];
    return out;
  }
};

// The one kernel a realized-input expression schedules to.
ScheduledKernel only_kernel(const Tensor& t) {
  Schedule s = schedule({t.uop()}, "CPU");
  EXPECT_EQ(s.kernels.size(), 1u);
  return s.kernels.at(0);
}

BeamOptions small_search() {
  BeamOptions o;
  o.width = 2;
  o.max_rounds = 2;
  o.stall_rounds = 2;
  o.warmup = 0;
  o.timing_reps = 2;
  o.compile_threads = 2;
  return o;
}

std::vector<float> run_with_opts(const Tensor& t, const std::vector<Opt>& opts) {
  ScopedOptChooser chooser([&](const ScheduledKernel&, const OptTarget&) { return opts; });
  Schedule s = schedule({t.uop()}, "CPU");
  std::vector<std::shared_ptr<Buffer>> out = run_schedule(s, get_device("CPU"));
  std::vector<float> v(out[0]->size());
  out[0]->copy_out(v.data(), out[0]->bytes());
  return v;
}

std::map<std::string, int> status_counts(const rw::TraceSearch& t) {
  std::map<std::string, int> n;
  for (const rw::TraceCandidate& c : t.candidates)
    ++n[c.status];
  return n;
}

TEST(BeamSearch, ChosenOptsApplyAndMatchTheReference) {
  Matmul m;
  const ScheduledKernel k = only_kernel(m.c);
  Device& cpu = get_device("CPU");
  const BeamResult r = beam_search(cpu, k, small_search());

  EXPECT_NO_THROW(apply_opts(k, r.best_opts, opt_target(cpu)));
  const std::vector<float> got = run_with_opts(m.c, r.best_opts);
  const std::vector<double> want = m.reference();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-4 * (1.0 + std::abs(want[i]))) << i << " with " << opts_str(r.best_opts);

  // The unoptimized kernel stays in the beam until something beats it, so the best is never slower.
  EXPECT_GT(r.unoptimized_ms, 0);
  EXPECT_GT(r.best_ms, 0);
  EXPECT_LE(r.best_ms, r.unoptimized_ms);
  EXPECT_FALSE(r.from_cache);
  EXPECT_GT(r.search_seconds, 0);
  EXPECT_GT(r.timed, 2); // the baselines and at least one extension
  EXPECT_EQ(r.tried, static_cast<int>(r.trace.candidates.size()));
  const auto n = status_counts(r.trace);
  EXPECT_EQ(r.illegal, n.contains("illegal") ? n.at("illegal") : 0);
  EXPECT_EQ(r.compile_errors, n.contains("compile_error") ? n.at("compile_error") : 0);
  EXPECT_EQ(r.duplicates, n.contains("duplicate") ? n.at("duplicate") : 0);
  EXPECT_EQ(r.mismatches, 0) << "an opt changed the result";
  EXPECT_EQ(r.compile_errors, 0);
  int max_round = 0;
  for (const rw::TraceCandidate& c : r.trace.candidates) {
    max_round = std::max(max_round, c.round);
    if (c.status == "ok") {
      EXPECT_GT(c.time_ms, 0) << c.opts;
    } else {
      EXPECT_FALSE(c.error.empty()) << c.opts << " " << c.status;
    }
  }
  EXPECT_LE(max_round, 2);
  EXPECT_EQ(r.trace.candidates.at(0).opts, "[]");
  EXPECT_EQ(r.trace.candidates.at(0).round, 0);
}

// The GPU path (compiles overlapping the timing) run on the CPU: the same answers, every candidate accounted for.
TEST(BeamSearch, OverlappedCompilesGiveAWorkingList) {
  Matmul m;
  const ScheduledKernel k = only_kernel(m.c);
  BeamOptions o = small_search();
  o.overlap_compile = 1;
  const BeamResult r = beam_search(get_device("CPU"), k, o);
  EXPECT_EQ(r.mismatches, 0);
  EXPECT_EQ(r.compile_errors, 0);
  EXPECT_LE(r.best_ms, r.unoptimized_ms);
  EXPECT_GT(r.timed, 2);
  const std::vector<float> got = run_with_opts(m.c, r.best_opts);
  const std::vector<double> want = m.reference();
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-4 * (1.0 + std::abs(want[i]))) << i << " with " << opts_str(r.best_opts);
  for (const rw::TraceCandidate& c : r.trace.candidates)
    EXPECT_NE(c.status, "") << c.opts;
}

TEST(BeamSearch, IntegerKernelIsCheckedExactly) {
  std::vector<int32_t> v(21 * 15);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<int32_t>((i * 7919) % 23) - 11;
  const Tensor x = Tensor::from_vector(v, {21, 15}, "CPU").realize();
  const Tensor s = x.sum(0);
  const ScheduledKernel k = only_kernel(s);
  const BeamResult r = beam_search(get_device("CPU"), k, small_search());
  EXPECT_EQ(r.mismatches, 0);
  ScopedOptChooser chooser([&](const ScheduledKernel&, const OptTarget&) { return r.best_opts; });
  const std::vector<int32_t> got = s.to_vector<int32_t>();
  for (int64_t j = 0; j < 15; ++j) {
    int64_t want = 0;
    for (int64_t i = 0; i < 21; ++i)
      want += v[i * 15 + j];
    EXPECT_EQ(got[j], want) << j;
  }
}

// Wraps the CPU device and fails to compile every program that unrolls, as a compiler would reject a candidate.
class UnrollRejectingDevice final : public Device {
public:
  const std::string& name() const override { return name_; }
  void* allocate(size_t bytes) override { return cpu_.allocate(bytes); }
  void deallocate(void* ptr, size_t bytes) override { cpu_.deallocate(ptr, bytes); }
  void copy_in(void* dst, const void* src, size_t bytes) override { cpu_.copy_in(dst, src, bytes); }
  void copy_out(void* dst, const void* src, size_t bytes) override { cpu_.copy_out(dst, src, bytes); }
  std::shared_ptr<CompiledKernel> compile(const LinearProgram& program) override {
    if (program.opts.find("UNROLL") != std::string::npos) throw Error("injected compile error for " + program.opts);
    return cpu_.compile(program);
  }
  void launch(const CompiledKernel& kernel, const LinearProgram& program, std::span<void* const> buffers,
              std::span<const int32_t> vars) override {
    cpu_.launch(kernel, program, buffers, vars);
  }
  void synchronize() override { cpu_.synchronize(); }

private:
  Device& cpu_ = get_device("CPU");
  std::string name_ = "CPU";
};

TEST(BeamSearch, IllegalMovesAndCompileErrorsAreCountedNotThrown) {
  Matmul m;
  const ScheduledKernel k = only_kernel(m.c);
  UnrollRejectingDevice device;
  BeamOptions o = small_search();
  o.max_rounds = 1;
  // Axis 0 is M (12), axis 1 is N (10), axis 2 the reduce K (18). LOCAL is GPU-only and 7 divides nothing here.
  o.candidates = [](const ScheduledKernel&, std::span<const Opt>, const OptTarget&) {
    return std::vector<Opt>{{OptOp::LOCAL, 0, 2}, {OptOp::UPCAST, 0, 7}, {OptOp::UNROLL, 2, 3}, {OptOp::UPCAST, 1, 2}};
  };
  BeamResult r;
  ASSERT_NO_THROW(r = beam_search(device, k, o));
  const auto n = status_counts(r.trace);
  EXPECT_GE(r.illegal, 2);
  EXPECT_EQ(r.illegal, n.at("illegal"));
  EXPECT_GE(r.compile_errors, 1);
  EXPECT_EQ(r.compile_errors, n.at("compile_error"));
  for (const rw::TraceCandidate& c : r.trace.candidates) {
    if (c.status == "compile_error") {
      EXPECT_NE(c.error.find("injected compile error"), std::string::npos);
    }
    if (c.status == "illegal") {
      EXPECT_NE(c.error.find("does not apply"), std::string::npos) << c.error;
    }
    if (c.opts.find("LOCAL") != std::string::npos || c.opts.find("UPCAST(0,7)") != std::string::npos) {
      EXPECT_EQ(c.status, "illegal") << c.opts;
    }
  }
  EXPECT_EQ(std::count_if(r.best_opts.begin(), r.best_opts.end(), [](const Opt& o) { return o.op == OptOp::UNROLL; }),
            0);
}

TEST(BeamSearch, CandidatesFarSlowerThanTheBestStopEarly) {
  Matmul m;
  const ScheduledKernel k = only_kernel(m.c);
  BeamOptions o = small_search();
  o.max_rounds = 1;
  o.early_stop_factor = 1e-6; // every extension's first run is "far slower" than the baselines
  const BeamResult r = beam_search(get_device("CPU"), k, o);
  EXPECT_GT(r.slow, 0);
  for (const rw::TraceCandidate& c : r.trace.candidates) {
    if (c.round == 0) continue;
    EXPECT_TRUE(c.status == "slow" || c.status == "illegal" || c.status == "duplicate") << c.opts << " " << c.status;
    if (c.status == "slow") {
      EXPECT_GT(c.time_ms, 0) << "the first run's time is kept";
    }
  }
  EXPECT_EQ(r.trace.best_opts, opts_str(r.best_opts));
}

TEST(BeamSearch, WatchdogStopsAndAnUntimeableBaselineIsAnError) {
  Matmul m;
  const ScheduledKernel k = only_kernel(m.c);
  BeamOptions o = small_search();
  o.watchdog_seconds = 0; // every launch is over the limit, the unoptimized kernel's too
  try {
    beam_search(get_device("CPU"), k, o);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("timeout"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(k.name), std::string::npos) << e.what();
  }
}

TEST(BeamSearch, ReportsProgressPerCandidate) {
  Matmul m;
  const ScheduledKernel k = only_kernel(m.c);
  BeamOptions o = small_search();
  std::vector<BeamProgress> seen;
  o.progress = [&](const BeamProgress& p) { seen.push_back(p); };
  const BeamResult r = beam_search(get_device("CPU"), k, o);
  ASSERT_FALSE(seen.empty());
  int finished = 0;
  for (const BeamProgress& p : seen) {
    EXPECT_LE(p.done, p.total);
    EXPECT_LE(p.round, o.max_rounds);
    EXPECT_EQ(p.max_rounds, o.max_rounds);
    if (p.done == p.total && p.total > 0) ++finished;
  }
  EXPECT_GE(finished, 2) << "round 0 and at least one more round end with done == total";
  EXPECT_GT(seen.back().best_ms, 0);
  EXPECT_GE(seen.back().best_ms, r.best_ms);
}

TEST(BeamSearch, RecordsItselfInTheActiveTraceAndNothingElse) {
  Matmul m;
  const ScheduledKernel k = only_kernel(m.c);
  rw::Tracer tracer;
  BeamResult r;
  {
    rw::ScopedTracer scoped(tracer);
    r = beam_search(get_device("CPU"), k, small_search());
    EXPECT_EQ(rw::Tracer::active(), &tracer) << "the tracer must be active again after the search";
  }
  const std::vector<rw::TraceSearch> searches = tracer.searches();
  ASSERT_EQ(searches.size(), 1u);
  const rw::TraceSearch& t = searches[0];
  EXPECT_EQ(t.kernel, k.name);
  EXPECT_EQ(t.device, "CPU");
  EXPECT_EQ(t.beam_width, 2);
  EXPECT_EQ(t.best_opts, opts_str(r.best_opts));
  EXPECT_DOUBLE_EQ(t.best_ms, r.best_ms);
  EXPECT_DOUBLE_EQ(t.unoptimized_ms, r.unoptimized_ms);
  EXPECT_FALSE(t.from_cache);
  EXPECT_EQ(t.candidates.size(), r.trace.candidates.size());
  EXPECT_TRUE(tracer.contexts().empty()) << "candidate lowerings must not flood the trace";
  EXPECT_TRUE(tracer.groups().empty());
}

} // namespace
} // namespace lmc
