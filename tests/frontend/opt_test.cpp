// Kernel opts: every opt's legal uses give the unoptimized kernel's results (on the device under test: CPU in CI,
// CUDA with LMC_DEVICE=CUDA on a GPU machine), its illegal uses raise IllegalOpt naming why, and random legal
// sequences of depth >= 6 over a corpus of kernels change nothing but speed. GPU-only opts (LOCAL, GROUP, ...) are
// compiled by NVRTC here even without a GPU, and run where there is one.
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "ir/config.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/device.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <gtest/gtest.h>
#include <random>

namespace lmc {
namespace {

Tensor input(Shape shape, uint64_t seed) {
  return Tensor::randn(shape, seed).realize();
}

struct Program {
  std::string name;
  std::function<Tensor()> build;
};

// Shapes are odd on purpose; views (permuted, flipped, padded, expanded) feed the reduces.
std::vector<Program> corpus() {
  static Tensor a = input({37, 300}, 1), b = input({300, 37}, 2), m1 = input({45, 72}, 3), m2 = input({72, 52}, 4),
                c = input({12, 18, 20}, 5), bm1 = input({3, 20, 24}, 6), bm2 = input({3, 24, 16}, 7),
                e1 = input({123, 77}, 8), e2 = input({123, 77}, 9);
  return {
      {"row_sum", [] { return a.sum(1); }},
      {"col_sum", [] { return b.sum(0); }},
      {"matmul", [] { return m1.matmul(m2); }},
      {"softmax_rows", [] { return (a - a.max(1, true)).exp().sum(1); }},
      {"elementwise", [] { return e1 * e2 + e1.exp(); }},
      {"sum_permuted_two_axes",
       [] {
         return c.permute({1, 0, 2}).sum({0, 2});
       }},
      {"max_of_padded",
       [] {
         return a.pad({{0, 0}, {3, 5}}, -1.0).max(1);
       }},
      {"batched_matmul", [] { return bm1.matmul(bm2); }},
      {"mean_of_flipped", [] { return b.flip(0).mean(0); }},
      {"int_sum", [] { return (e1 * 100.0).cast(int32).sum(0); }},
      {"square_norm_broadcast",
       [] {
         return ((e1.reshape({123, 1, 77}) - e2.shrink({{0, 5}, {0, 77}})) * 2.0).sum(2);
       }},
  };
}

std::vector<double> values(const Tensor& t, const std::string& device) {
  Schedule s = schedule({t.uop()}, device);
  std::vector<std::shared_ptr<Buffer>> out = run_schedule(s, get_device(device));
  const auto& buf = *out[0];
  std::vector<double> v(buf.size());
  if (buf.dtype() == float32) {
    std::vector<float> f(buf.size());
    buf.copy_out(f.data(), buf.bytes());
    std::copy(f.begin(), f.end(), v.begin());
  } else if (buf.dtype() == int32) {
    std::vector<int32_t> f(buf.size());
    buf.copy_out(f.data(), buf.bytes());
    std::copy(f.begin(), f.end(), v.begin());
  } else {
    ADD_FAILURE() << "dtype " << buf.dtype().name();
  }
  return v;
}

std::string test_device() {
  return default_device();
}

// Runs `t` with every kernel given the opts `choose` picks (none: the unoptimized reference).
std::vector<double> run_with(const Tensor& t, OptChooser choose) {
  ScopedOptChooser scoped(std::move(choose));
  return values(t, test_device());
}

void expect_close(const std::vector<double>& got, const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  size_t bad = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double tol = 1e-4 * std::max(1.0, std::abs(want[i]));
    if (!(std::abs(got[i] - want[i]) <= tol) && bad++ < 5)
      ADD_FAILURE() << what << " [" << i << "]: " << got[i] << " vs " << want[i];
  }
}

bool target_is_gpu() {
  return opt_target(get_device(test_device())).gpu;
}

// The opts run on the device under test when it can; GPU-only opts are at least compiled for sm_90 here.
void check_opts(const Program& p, const std::vector<Opt>& opts) {
  const Tensor t = p.build();
  const std::vector<double> want =
      run_with(t, [](const ScheduledKernel&, const OptTarget&) { return std::vector<Opt>{}; });
  const bool gpu_only = std::ranges::any_of(opts, [](const Opt& o) {
    return o.op == OptOp::LOCAL || o.op == OptOp::GROUP || o.op == OptOp::GROUPTOP || o.op == OptOp::NOLOCALS;
  });
  if (!gpu_only || target_is_gpu()) {
    const std::vector<double> got = run_with(t, [&](const ScheduledKernel&, const OptTarget&) { return opts; });
    expect_close(got, want, p.name + " " + opts_str(opts));
  }
  if (gpu_only && !target_is_gpu()) {
    Schedule s = schedule({t.uop()}, test_device());
    for (const ScheduledKernel& k : s.kernels) {
      const LinearProgram prog = lower(apply_opts(k, opts, OptTarget::cuda(90)));
      const CudaKernelSource src = render_cuda(prog);
      EXPECT_NO_THROW(nvrtc_compile_cached(src.source, "sm_90")) << src.source;
      if (std::getenv("LMC_VERBOSE"))
        std::printf("%s %s\n%s\n", p.name.c_str(), opts_str(opts).c_str(), src.source.c_str());
      EXPECT_TRUE(src.launch.explicit_dims) << src.source;
    }
  }
}

const Program& program(const std::string& name) {
  static const std::vector<Program> all = corpus();
  for (const Program& p : all)
    if (p.name == name) return p;
  throw Error("no program " + name);
}

TEST(Opt, PrintAndParseRoundTrip) {
  const std::vector<Opt> opts = {{OptOp::UPCAST, 0, 4}, {OptOp::GROUPTOP, 2, 16}, {OptOp::NOLOCALS, 0, 0}};
  EXPECT_EQ(opts_str(opts), "[UPCAST(0,4), GROUPTOP(2,16), NOLOCALS(0,0)]");
  EXPECT_EQ(parse_opts(opts_str(opts)), opts);
  EXPECT_EQ(parse_opts("[]").size(), 0u);
  EXPECT_THROW(parse_opt("UPCAST(0,"), Error);
  EXPECT_THROW(parse_opt("FOO(0,4)"), Error);
  EXPECT_THROW(parse_opts("UPCAST(0,4)"), Error);
}

TEST(Opt, UpcastOutputAxis) {
  check_opts(program("elementwise"), {{OptOp::UPCAST, 1, 7}});
  check_opts(program("col_sum"), {{OptOp::UPCAST, 0, 37}});
  check_opts(program("matmul"), {{OptOp::UPCAST, 0, 5}, {OptOp::UPCAST, 1, 4}});
}

TEST(Opt, UnrollReduceAxis) {
  check_opts(program("row_sum"), {{OptOp::UNROLL, 1, 4}});
  check_opts(program("matmul"), {{OptOp::UNROLL, 2, 8}, {OptOp::UPCAST, 1, 2}});
}

TEST(Opt, PadtoMasksThePadding) {
  check_opts(program("row_sum"), {{OptOp::PADTO, 0, 16}});                              // output axis 37 -> 48
  check_opts(program("col_sum"), {{OptOp::PADTO, 1, 32}, {OptOp::UPCAST, 0, 37}});      // reduce axis 300 -> 320
  check_opts(program("max_of_padded"), {{OptOp::PADTO, 1, 32}, {OptOp::UNROLL, 1, 4}}); // 308 -> 320, a max
  check_opts(program("matmul"), {{OptOp::PADTO, 1, 16}, {OptOp::UPCAST, 1, 4}});        // 52 -> 64
}

TEST(Opt, SwapReordersOutputAxes) {
  check_opts(program("matmul"), {{OptOp::SWAP, 0, 1}});
  check_opts(program("batched_matmul"), {{OptOp::SWAP, 0, 2}, {OptOp::UPCAST, 1, 4}});
}

TEST(Opt, ThreadSplitsAnOutputAxisOnCpu) {
  if (target_is_gpu()) GTEST_SKIP() << "THREAD is a CPU opt";
  check_opts(program("elementwise"), {{OptOp::THREAD, 0, 3}});
}

TEST(Opt, LocalAndGroupOnGpu) {
  check_opts(program("row_sum"), {{OptOp::GROUP, 1, 100}});
  check_opts(program("row_sum"), {{OptOp::GROUPTOP, 1, 20}, {OptOp::UNROLL, 1, 5}});
  check_opts(program("col_sum"), {{OptOp::GROUPTOP, 1, 12}, {OptOp::LOCAL, 0, 37}});
  check_opts(program("matmul"), {{OptOp::LOCAL, 1, 13}, {OptOp::LOCAL, 0, 9}, {OptOp::UPCAST, 1, 4}});
  check_opts(program("softmax_rows"), {{OptOp::GROUP, 1, 60}});
  check_opts(program("sum_permuted_two_axes"), {{OptOp::GROUP, 1, 6}, {OptOp::GROUPTOP, 2, 5}});
  check_opts(program("int_sum"), {{OptOp::GROUP, 1, 41}, {OptOp::LOCAL, 0, 7}});
}

// Illegal uses name the opt and the reason.
TEST(Opt, IllegalUsesRaiseTypedErrors) {
  const Tensor t = program("matmul").build();
  Schedule s = schedule({t.uop()}, test_device());
  ASSERT_EQ(s.kernels.size(), 1u);
  const ScheduledKernel& k = s.kernels[0];
  const OptTarget cpu = OptTarget::cpu(2), gpu = OptTarget::cuda(90);
  auto illegal = [&](std::vector<Opt> opts, const OptTarget& target, const std::string& why) {
    try {
      apply_opts(k, opts, target);
      ADD_FAILURE() << opts_str(opts) << " was accepted";
    } catch (const IllegalOpt& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  illegal({{OptOp::UPCAST, 0, 7}}, cpu, "does not divide");
  illegal({{OptOp::UPCAST, 9, 2}}, cpu, "out of range");
  illegal({{OptOp::UPCAST, 2, 2}}, cpu, "use UNROLL");
  illegal({{OptOp::UNROLL, 0, 3}}, cpu, "use UPCAST");
  illegal({{OptOp::LOCAL, 0, 3}}, cpu, "needs a GPU");
  illegal({{OptOp::GROUP, 2, 8}}, cpu, "needs a GPU");
  illegal({{OptOp::GROUP, 0, 3}}, gpu, "reduce axes");
  illegal({{OptOp::THREAD, 0, 3}}, gpu, "CPU targets");
  illegal({{OptOp::NOLOCALS, 0, 0}, {OptOp::LOCAL, 0, 3}}, gpu, "NOLOCALS");
  illegal({{OptOp::LOCAL, 0, 45}, {OptOp::LOCAL, 1, 26}}, gpu, "threads (limit");
  illegal({{OptOp::UPCAST, 0, 5}, {OptOp::UPCAST, 1, 13}}, cpu, "register tile");
  illegal({{OptOp::PADTO, 0, 9}}, cpu, "already a multiple");
  illegal({{OptOp::SWAP, 0, 2}}, cpu, "reduce axis");
  illegal({{OptOp::TC, 0, 0}}, gpu, "not implemented");
  illegal({{OptOp::UPCAST, 0, 5}, {OptOp::GROUP, 2, 8}}, gpu, "not tiled");
  illegal({{OptOp::GROUP, 2, 8}, {OptOp::UPCAST, 0, 5}}, gpu, "not tiled");
}

// Random legal sequences: at least six opts deep when the kernel allows, results unchanged.
TEST(Opt, FuzzRandomLegalSequences) {
  std::mt19937_64 rng(20261122);
  const std::string device = test_device();
  const OptTarget target = opt_target(get_device(device));
  int runs = 0, deep = 0;
  for (const Program& p : corpus()) {
    const Tensor t = p.build();
    const std::vector<double> want =
        run_with(t, [](const ScheduledKernel&, const OptTarget&) { return std::vector<Opt>{}; });
    // More trials where the GPU-only opts actually run.
    const int trials = target.gpu ? 12 : 3;
    for (int trial = 0; trial < trials; ++trial) {
      std::string applied;
      int depth_reached = 100;
      const auto got = run_with(t, [&](const ScheduledKernel& k, const OptTarget& tg) {
        std::vector<Opt> opts;
        for (int attempt = 0; attempt < 40 && opts.size() < 8; ++attempt) {
          const std::vector<Opt> cands = candidate_opts(k, opts, tg);
          if (cands.empty()) break;
          std::vector<Opt> next = opts;
          next.push_back(cands[rng() % cands.size()]);
          try {
            apply_opts(k, next, tg);
            opts = std::move(next);
          } catch (const IllegalOpt&) {
          }
        }
        applied += opts_str(opts);
        depth_reached = std::min<int>(depth_reached, static_cast<int>(opts.size()));
        return opts;
      });
      expect_close(got, want, p.name + " " + applied);
      ++runs;
      if (depth_reached >= 6) ++deep;
    }
  }
  EXPECT_GE(deep, runs / 2) << "most sequences should reach depth 6";
}

// The heuristics' default opts keep results and give reductions a thread block on the GPU.
TEST(Opt, HeuristicsKeepResults) {
  for (const Program& p : corpus()) {
    const Tensor t = p.build();
    const auto want = run_with(t, [](const ScheduledKernel&, const OptTarget&) { return std::vector<Opt>{}; });
    const auto got = run_with(t, [](const ScheduledKernel& k, const OptTarget& tg) { return heuristic_opts(k, tg); });
    expect_close(got, want, p.name + " heuristics");
  }
  Schedule s = schedule({program("row_sum").build().uop()}, test_device());
  const std::vector<Opt> gpu = heuristic_opts(s.kernels[0], OptTarget::cuda(90));
  ASSERT_FALSE(gpu.empty());
  EXPECT_EQ(gpu[0].op, OptOp::GROUP);
}

} // namespace
} // namespace lmc
