// Kernel opts: every opt's legal uses give the unoptimized kernel's results (on the device under test: CPU in CI,
// CUDA with LMC_DEVICE=CUDA on a GPU machine), its illegal uses raise IllegalOpt naming why, and random legal
// sequences of depth >= 6 over a corpus of kernels change nothing but speed. GPU-only opts (LOCAL, GROUP, ...) are
// compiled by NVRTC here even without a GPU, and run where there is one.
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/opt/tc.hpp"
#include "codegen/render/cuda.hpp"
#include "frontend/scan.hpp"
#include "ir/config.hpp"
#include "opt_test_support.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/device.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
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
  illegal({{OptOp::TC, 2, 0}}, gpu, "float16 or bfloat16 inputs");
  illegal({{OptOp::TC, 2, 0}}, cpu, "this target is a CPU");
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

// Rows shared by every output (a rank count: entry n against every entry m of its row; a radius-limited K-NN of many
// queries against one point set) get no thread block per output on the GPU, even where the shape tracker's address
// `(n * N + m) // N` mentions both ranges, and 4 outputs per thread once they fill the GPU (8 per iteration on the
// CPU). A row sum, where each output reads its own row, keeps its GROUP.
TEST(Opt, SharedRowsGetUpcastOutputsNotAGroup) {
  const OptTarget gpu = OptTarget::cuda(90);
  auto only_opts = [&](const Tensor& t) {
    Schedule s = schedule({t.uop()}, test_device());
    std::vector<Opt> out;
    for (const ScheduledKernel& k : s.kernels)
      for (const Opt& o : heuristic_opts(k, gpu))
        out.push_back(o);
    return out;
  };
  auto has = [](const std::vector<Opt>& opts, OptOp op) {
    return std::ranges::any_of(opts, [&](const Opt& o) { return o.op == op; });
  };
  for (const auto& [rows, n] : std::vector<std::pair<int64_t, int64_t>>{{77, 2000}, {40, 1000}}) {
    SCOPED_TRACE(testing::Message() << rows << " x " << n);
    const Tensor x = Tensor::rand({rows, n}, 1, float32, test_device()).contiguous();
    const std::vector<Opt> rank = only_opts(descending_rank(x));
    EXPECT_FALSE(has(rank, OptOp::GROUP));
    if (rows * n >= (1 << 17)) {
      EXPECT_TRUE(has(rank, OptOp::UPCAST));
    }
    const Tensor q = Tensor::rand({rows, n, 1, 3}, 2, float32, test_device()).contiguous();
    const Tensor p = Tensor::rand({rows, 1, 500, 3}, 3, float32, test_device()).contiguous();
    const Tensor d = (q - p).pow(2.0).sum(-1);
    // The top-k kernel's own opts (the schedule's elementwise kernels take row upcasts of their own).
    std::vector<Opt> knn;
    for (const ScheduledKernel& k : schedule({d.topk(10, -1, false, 0.01).first.uop()}, test_device()).kernels)
      if (std::ranges::any_of(k.ast.toposort(), [](UOp u) { return u.op() == Op::TOPK; }))
        for (const Opt& o : heuristic_opts(k, gpu))
          knn.push_back(o);
    EXPECT_FALSE(has(knn, OptOp::GROUP));
    EXPECT_FALSE(has(knn, OptOp::UPCAST)) << "on the GPU a top-k keeps one output per thread";
  }
  const std::vector<Opt> row_sum =
      only_opts(Tensor::rand({1024, 4096}, 4, float32, test_device()).contiguous().sum(-1));
  EXPECT_TRUE(has(row_sum, OptOp::GROUP));
  // On the CPU the rank count takes 8 outputs per iteration (a vector compare against one row element).
  Schedule s = schedule({descending_rank(Tensor::rand({10, 2000}, 5, float32, test_device()).contiguous()).uop()},
                        test_device());
  bool cpu_upcast = false;
  for (const ScheduledKernel& k : s.kernels)
    for (const Opt& o : heuristic_opts(k, OptTarget::cpu(2)))
      cpu_upcast = cpu_upcast || (o.op == OptOp::UPCAST && o.amount == 8);
  EXPECT_TRUE(cpu_upcast);
}

// Elementwise kernels with short innermost axes (3 x 3 rotations, rows of 3) take a whole row per thread, on the GPU
// only while the rows alone fill it; the values stay those of a float64 loop (a transposed, offset view of each
// row, so the row's own index work is shared by its elements).
TEST(Opt, ElementwiseKernelsTakeShortRowsPerThread) {
  auto upcasts = [](const Tensor& t, const OptTarget& target) {
    std::vector<int> amounts;
    for (const ScheduledKernel& k : schedule({t.uop()}, test_device()).kernels)
      for (const Opt& o : heuristic_opts(k, target))
        if (o.op == OptOp::UPCAST) amounts.push_back(o.amount);
    return amounts;
  };
  Tensor many = Tensor::rand({20011, 3, 3}, 8, float32, test_device()).contiguous();
  Tensor few = Tensor::rand({101, 3, 3}, 9, float32, test_device()).contiguous();
  Tensor::realize_all({&many, &few}); // so each schedule below is the program's one kernel
  auto program = [](const Tensor& x) { return x.permute({0, 2, 1}) * 2.0 + x.slice({{}, {0, 1}, {}}); };
  EXPECT_EQ(upcasts(program(many), OptTarget::cuda(90)), (std::vector<int>{3, 3}));
  EXPECT_TRUE(upcasts(program(few), OptTarget::cuda(90)).empty()) << "101 rows do not fill a GPU";
  EXPECT_EQ(upcasts(program(few), OptTarget::cpu(2)), (std::vector<int>{3, 3}));
  EXPECT_TRUE(
      upcasts(Tensor::rand({64, 4096}, 10, float32, test_device()).contiguous() * 2.0, OptTarget::cuda(90)).empty())
      << "a long innermost axis stays one element per thread";
  for (const Tensor& x : {many, few}) {
    const std::vector<float> in = x.to_vector<float>(), got = program(x).to_vector<float>();
    ASSERT_EQ(got.size(), in.size());
    for (size_t r = 0; r < in.size() / 9; ++r)
      for (size_t i = 0; i < 3; ++i)
        for (size_t j = 0; j < 3; ++j) {
          const double want = 2.0 * in[r * 9 + j * 3 + i] + in[r * 9 + j];
          ASSERT_NEAR(got[r * 9 + i * 3 + j], want, 1e-5) << "row " << r;
        }
  }
}

// A register tile is for matmul-like kernels, where a tile reuses a row of one input across its columns and a column
// of the other across its rows. A batched per-row reduce with two output axes that both divide by 4 (1540 (LM,
// object) pairs x 5120 hypotheses, each summing its own 64 values) reuses nothing: it keeps its plain launch, where a
// 4 x 4 tile had run it on a handful of blocks. A matmul of the same output shape still gets its tile.
TEST(Opt, RegisterTileOnlyWhereLoadsAreReused) {
  auto tile_opts = [](const Tensor& t, const OptTarget& target) {
    Schedule s = schedule({t.uop()}, test_device());
    int upcasts = 0;
    for (const ScheduledKernel& k : s.kernels)
      for (const Opt& o : heuristic_opts(k, target))
        upcasts += o.op == OptOp::UPCAST || o.op == OptOp::UNROLL;
    return upcasts;
  };
  const Tensor rows = Tensor::rand({48, 400, 64}, 5, float32, test_device()).contiguous();
  const Tensor per_row = (rows * rows).sum(-1);
  EXPECT_EQ(tile_opts(per_row, OptTarget::cuda(90)), 0);
  EXPECT_EQ(tile_opts(per_row, OptTarget::cpu(2)), 0);
  const Tensor a = Tensor::rand({48, 64}, 6, float32, test_device()).contiguous();
  const Tensor b = Tensor::rand({64, 400}, 7, float32, test_device()).contiguous();
  const Tensor mm = (a.unsqueeze(2) * b.unsqueeze(0)).sum(1);
  EXPECT_GE(tile_opts(mm, OptTarget::cuda(90)), 2);
  EXPECT_GE(tile_opts(mm, OptTarget::cpu(2)), 2);
  // Both still give the reference values with the heuristics' opts (the realize path applies them).
  const std::vector<float> got = per_row.to_vector<float>(), x = rows.to_vector<float>();
  for (size_t r = 0; r < got.size(); r += 97) {
    double want = 0;
    for (int i = 0; i < 64; ++i)
      want += double(x[r * 64 + i]) * x[r * 64 + i];
    EXPECT_NEAR(got[r], want, 1e-4 * (1 + want));
  }
}

} // namespace
} // namespace lmc

// ---- TC (tensor cores) ----
namespace lmc {
namespace {

// Host values rounded to bfloat16 (round to nearest even), so the float64 reference sees exactly the GPU's inputs.
std::vector<float> bf16_values(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  std::vector<float> v(n);
  for (float& x : v) {
    uint32_t bits = std::bit_cast<uint32_t>(d(rng));
    bits = (bits + 0x7fff + ((bits >> 16) & 1)) & 0xffff0000u;
    x = std::bit_cast<float>(bits);
  }
  return v;
}

struct TcCase {
  std::vector<float> a, b; // host copies (exact bf16 values)
  Tensor x, y;             // realized 16-bit tensors
};

TcCase tc_inputs(Shape sa, Shape sb, uint64_t seed, DType dtype = bfloat16) {
  int64_t na = 1, nb = 1;
  for (int64_t d : sa)
    na *= d;
  for (int64_t d : sb)
    nb *= d;
  std::vector<float> a = bf16_values(na, seed), b = bf16_values(nb, seed + 1);
  Tensor x = Tensor::from_vector(a, sa, test_device()).cast(dtype).realize();
  Tensor y = Tensor::from_vector(b, sb, test_device()).cast(dtype).realize();
  return TcCase{std::move(a), std::move(b), x, y};
}

// Every condition TC needs, each broken once.
TEST(TC, IllegalUsesNameTheReason) {
  const TcCase c = tc_inputs({48, 112}, {112, 80}, 1);
  const ScheduledKernel k = only_kernel(c.x.cast(float32).matmul(c.y.cast(float32)));
  const int ax = reduce_axis(k);
  ASSERT_EQ(ax, 2);
  const OptTarget gpu = OptTarget::cuda(90);
  EXPECT_NO_THROW(apply_opts(k, std::vector<Opt>{{OptOp::TC, ax, 0}}, gpu));
  expect_illegal(k, {{OptOp::TC, ax, 0}}, OptTarget::cpu(4), "this target is a CPU");
  expect_illegal(k, {{OptOp::TC, ax, 0}}, OptTarget::cuda(75), "sm_80 or newer");
  ASSERT_TRUE(kTcConfigs[0].wgmma && !kTcConfigs[3].wgmma);
  expect_illegal(k, {{OptOp::TC, ax, 0}}, OptTarget::cuda(80), "only sm_90 has");
  expect_illegal(k, {{OptOp::TC, ax, 0}}, OptTarget::cuda(100), "only sm_90 has");
  EXPECT_NO_THROW(apply_opts(k, std::vector<Opt>{{OptOp::TC, ax, 3}}, OptTarget::cuda(80)));
  expect_illegal(k, {{OptOp::TC, 0, 0}}, gpu, "names the reduce axis");
  expect_illegal(k, {{OptOp::TC, ax, static_cast<int>(kTcConfigs.size())}}, gpu, "tile config");
  expect_illegal(k, {{OptOp::UPCAST, 0, 4}, {OptOp::TC, ax, 0}}, gpu, "first opt");
  expect_illegal(k, {{OptOp::TC, ax, 0}, {OptOp::UPCAST, 0, 4}}, gpu, "no opt may follow");
  expect_illegal(k, {{OptOp::TC, ax, 0}, {OptOp::TC, ax, 0}}, gpu, "already applied");
  expect_illegal(k, {{OptOp::NOLOCALS, 0, 0}, {OptOp::TC, ax, 0}}, gpu, "NOLOCALS");
  OptTarget small = gpu;
  small.dynamic_shared_bytes = 16 * 1024;
  expect_illegal(k, {{OptOp::TC, ax, 0}}, small, "shared memory");

  // Sizes need not be multiples of the fragment: overhanging tiles read zeros.
  const TcCase odd = tc_inputs({37, 41}, {41, 53}, 2);
  EXPECT_NO_THROW(apply_opts(only_kernel(odd.x.cast(float32).matmul(odd.y.cast(float32))),
                             std::vector<Opt>{{OptOp::TC, 2, 0}}, gpu));
  const Tensor f32 = input({32, 32}, 3);
  expect_illegal(only_kernel(f32.matmul(f32)), {{OptOp::TC, 2, 0}}, gpu, "float16 or bfloat16 inputs");
  const TcCase h = tc_inputs({32, 32}, {32, 32}, 4, float16);
  expect_illegal(only_kernel(c.x.shrink({{0, 32}, {0, 32}}).cast(float32).matmul(h.y.cast(float32))),
                 {{OptOp::TC, 2, 0}}, gpu, "both inputs of one dtype");
  expect_illegal(only_kernel(h.x.matmul(h.y)), {{OptOp::TC, 2, 0}}, gpu, "accumulates in float32");
  expect_illegal(only_kernel(c.x.cast(float32).matmul(c.y.cast(float32)).relu()), {{OptOp::TC, 2, 0}}, gpu,
                 "no epilogue");
  expect_illegal(only_kernel(c.x.cast(float32).sum(1)), {{OptOp::TC, 1, 0}}, gpu, "product of two loads");
  // A padded input masks its loads.
  expect_illegal(only_kernel(c.x.pad({{0, 0}, {0, 16}})
                                 .cast(float32)
                                 .matmul(tc_inputs({128, 80}, {1}, 5).x.reshape({128, 80}).cast(float32))),
                 {{OptOp::TC, 2, 0}}, gpu, "unmasked");
  // An elementwise product with no reduce axis walked by both inputs.
  expect_illegal(only_kernel((c.x.shrink({{0, 48}, {0, 80}}).cast(float32) *
                              c.y.shrink({{0, 48}, {0, 80}}).cast(float32).reshape({48, 80}))
                                 .sum(0)),
                 {{OptOp::TC, 1, 0}}, gpu, "matmul");
}

// How a test shapes its matmul: operand layouts and batches.
struct TcShape {
  std::string name;
  int64_t batch, m, n, k;
  bool a_t = false, b_t = false; // A stored as K x M, B as N x K (transposed views)
  bool offset = false;           // A read through a view at an odd offset (no 16-byte copies)
  DType in = bfloat16;
  DType out = float32;
};

struct TcRun {
  Tensor result;
  std::function<double(int64_t, int64_t, int64_t, int64_t)> a, b; // (batch, i, k) / (batch, k, j) host values
};

TcRun tc_program(const TcShape& s, uint64_t seed) {
  const int64_t ka = s.offset ? s.k + 8 : s.k;
  Shape sa = s.a_t ? Shape{s.batch, ka, s.m} : Shape{s.batch, s.m, ka};
  Shape sb = s.b_t ? Shape{s.batch, s.n, s.k} : Shape{s.batch, s.k, s.n};
  TcCase c = tc_inputs(sa, sb, seed, s.in);
  Tensor x = c.x, y = c.y;
  if (s.offset)
    x = s.a_t ? x.shrink({{0, s.batch}, {1, s.k + 1}, {0, s.m}}) : x.shrink({{0, s.batch}, {0, s.m}, {1, s.k + 1}});
  if (s.a_t) x = x.transpose();
  if (s.b_t) y = y.transpose();
  Tensor r = x.cast(float32).matmul(y.cast(float32));
  if (s.out != float32) r = r.cast(s.out);
  const int64_t m = s.m, n = s.n, k = s.k, off = s.offset ? 1 : 0;
  auto av = std::make_shared<std::vector<float>>(std::move(c.a));
  auto bv = std::make_shared<std::vector<float>>(std::move(c.b));
  TcRun run{r, {}, {}};
  run.a = [=, a_t = s.a_t](int64_t b, int64_t i, int64_t kk, int64_t) {
    return a_t ? (*av)[(b * ka + kk + off) * m + i] : (*av)[(b * m + i) * ka + kk + off];
  };
  run.b = [=, b_t = s.b_t](int64_t b, int64_t kk, int64_t j, int64_t) {
    return b_t ? (*bv)[(b * n + j) * k + kk] : (*bv)[(b * k + kk) * n + j];
  };
  return run;
}

const std::vector<TcShape>& tc_shapes() {
  static const std::vector<TcShape> all = {
      {"48x80x112", 1, 48, 80, 112},
      {"A transposed", 1, 48, 80, 112, true},
      {"B transposed", 1, 64, 48, 80, false, true},
      {"both transposed", 1, 80, 48, 64, true, true},
      {"batched 3", 3, 32, 48, 64},
      {"offset view (plain loads)", 1, 48, 80, 112, false, false, true},
      {"float16", 1, 48, 80, 112, false, false, false, float16},
      {"bfloat16 output", 1, 48, 80, 112, false, false, false, bfloat16, bfloat16},
      {"odd 37x53x41 (plain loads)", 1, 37, 53, 41},
      {"odd 50x30x70 A transposed", 1, 50, 30, 70, true},
      {"K=40 (16-byte copies, half a fragment of K)", 1, 48, 80, 40},
  };
  return all;
}

// The TC kernel of `s` with tile config `config`, lowered and rendered for sm_90.
CudaKernelSource tc_source(const TcShape& s, int config) {
  const ScheduledKernel k = only_kernel(tc_program(s, 7).result);
  const LinearProgram prog =
      lower(apply_opts(k, std::vector<Opt>{{OptOp::TC, reduce_axis(k), config}}, OptTarget::cuda(90)));
  return render_cuda(prog);
}

// Without a GPU the TC kernels are still rendered and compiled to sm_90 CUBIN by NVRTC: every tile config and layout.
TEST(TC, RenderedKernelsCompileForSm90) {
  for (const TcShape& s : tc_shapes())
    for (int config = 0; config < static_cast<int>(kTcConfigs.size()); ++config) {
      if (s.in != bfloat16 && config != 0) continue;
      const CudaKernelSource src = tc_source(s, config);
      EXPECT_NE(src.source.find(kTcConfigs[config].wgmma ? "wgmma.mma_async" : "lmc_mma_"), std::string::npos)
          << s.name;
      EXPECT_TRUE(src.launch.explicit_dims);
      EXPECT_EQ(src.launch.local[0].value, kTcConfigs[config].threads());
      EXPECT_EQ(src.launch.dynamic_smem_bytes, kTcConfigs[config].smem_bytes(2));
      EXPECT_EQ(src.arch_specific, kTcConfigs[config].wgmma);
      EXPECT_NO_THROW(nvrtc_compile_cached(src.source, src.arch_specific ? "sm_90a" : "sm_90"))
          << s.name << " config " << config << "\n"
          << src.source;
      if (std::getenv("LMC_VERBOSE")) std::printf("%s config %d\n%s\n", s.name.c_str(), config, src.source.c_str());
    }
  // Plain loads where the view's offset breaks 16-byte alignment; cp.async otherwise.
  EXPECT_EQ(tc_source(tc_shapes()[5], 0).source.find("lmc_load_tile<BM, BK, THREADS, true,"), std::string::npos);
  EXPECT_NE(tc_source(tc_shapes()[0], 0).source.find("lmc_load_tile<BM, BK, THREADS, true,"), std::string::npos);
}

// A tile needing more shared memory than the GPU lets a block opt in to is refused when rendering, by its size.
TEST(TC, TileOverSharedMemoryLimitIsRefused) {
  const ScheduledKernel k = only_kernel(tc_program(tc_shapes()[0], 7).result);
  const LinearProgram prog =
      lower(apply_opts(k, std::vector<Opt>{{OptOp::TC, reduce_axis(k), 0}}, OptTarget::cuda(90)));
  CudaTarget small;
  small.max_shared_optin = kTcConfigs[0].smem_bytes(2) - 1;
  try {
    render_cuda(prog, small);
    ADD_FAILURE() << "a tile over the shared-memory limit rendered";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fmt::format("needs {} bytes of shared memory", kTcConfigs[0].smem_bytes(2))),
              std::string::npos)
        << e.what();
  }
}

// TC results against float64 loops over the same bf16 values. Tolerance: products of bf16 values are exact in float32,
// so the only error is float32 accumulation (the tensor cores' order and rounding), bounded by about K * 2^-24 *
// sum_k |a_k b_k|; with random signs it is near sqrt(K) * 2^-24 of that sum, so 2^-13 (1.2e-4) of it is far above the
// expected error and far below a wrong element (a missing or doubled product moves the sum by ~|a_k b_k|, and a wrong
// row or column by the whole sum). A bfloat16 output adds one rounding: 2^-8 of |ref|.
void expect_tc_close(const TcShape& s, const TcRun& run, const std::vector<double>& got, int64_t samples) {
  const int64_t total = s.batch * s.m * s.n;
  ASSERT_EQ(static_cast<int64_t>(got.size()), total) << s.name;
  std::mt19937_64 rng(99);
  int bad = 0;
  for (int64_t t = 0; t < std::min(samples, total); ++t) {
    const int64_t idx = samples >= total ? t : static_cast<int64_t>(rng() % total);
    const int64_t b = idx / (s.m * s.n), i = idx / s.n % s.m, j = idx % s.n;
    double ref = 0, mag = 0;
    for (int64_t kk = 0; kk < s.k; ++kk) {
      const double p = run.a(b, i, kk, 0) * run.b(b, kk, j, 0);
      ref += p;
      mag += std::abs(p);
    }
    const double tol = 0x1p-13 * mag + (s.out == bfloat16 ? 0x1p-8 * std::abs(ref) : 0.0) + 1e-30;
    if (!(std::abs(got[idx] - ref) <= tol) && bad++ < 5)
      ADD_FAILURE() << s.name << " [" << b << "," << i << "," << j << "]: " << got[idx] << " vs " << ref << " (tol "
                    << tol << ")";
  }
}

// Runs `s` with TC (tile `config`) on the matmul kernel; counts the kernels that took it.
std::vector<double> run_tc(const TcShape& s, const TcRun& run, int config, int* tc_kernels) {
  ScopedOptChooser scoped([&](const ScheduledKernel& k, const OptTarget& tg) {
    for (const Opt& o : tc_candidates(k, {}, tg))
      if (o.amount == config) {
        ++*tc_kernels;
        return std::vector<Opt>{o};
      }
    return std::vector<Opt>{};
  });
  // A 16-bit result is realized by the TC kernel itself, then widened by a second kernel for reading.
  Tensor r = run.result;
  if (s.out != float32) r = r.realize().cast(float32);
  return values(r, test_device());
}

TEST(TC, MatchesFloat64ReferenceOnGpu) {
  if (!target_is_gpu()) GTEST_SKIP() << "TC runs on CUDA GPUs (sm_80+); RenderedKernelsCompileForSm90 compiles it here";
  for (const TcShape& s : tc_shapes())
    for (int config = 0; config < static_cast<int>(kTcConfigs.size()); ++config) {
      SCOPED_TRACE(fmt::format("tile config {}", config));
      const TcRun run = tc_program(s, 11 + config);
      int used = 0;
      const std::vector<double> got = run_tc(s, run, config, &used);
      EXPECT_EQ(used, 1) << s.name;
      expect_tc_close(s, run, got, 1 << 30);
    }
  // Large (sampled elements): 1040x1008x1024, 4096^3 with either layout of B, and a batched 4096-ish one; the tiles
  // past 48 KiB of shared memory (dynamic), the default one for large matrices among them.
  const std::vector<std::pair<TcShape, int64_t>> big = {
      {{"1040x1008x1024", 1, 1040, 1008, 1024}, 20000},
      {{"4096^3", 1, 4096, 4096, 4096}, 4000},
      {{"4096^3 B transposed", 1, 4096, 4096, 4096, false, true}, 4000},
      {{"2x2064x4096x1040 A transposed", 2, 2064, 4096, 1040, true}, 4000},
  };
  for (const auto& [s, samples] : big)
    for (int config : {0, 1, 2, 3}) {
      SCOPED_TRACE(fmt::format("tile config {}", config));
      const TcRun run = tc_program(s, 21 + config);
      int used = 0;
      const std::vector<double> got = run_tc(s, run, config, &used);
      EXPECT_EQ(used, 1) << s.name;
      expect_tc_close(s, run, got, samples);
    }
}

// BEAM sees one TC move per tile config on a GPU matmul of 16-bit floats, none on a CPU; the heuristic choice is TC.
TEST(TC, CandidatesAndHeuristicChoice) {
  const TcCase c = tc_inputs({256, 512}, {512, 256}, 1);
  const ScheduledKernel k = only_kernel(c.x.cast(float32).matmul(c.y.cast(float32)));
  const OptTarget gpu = OptTarget::cuda(90);
  const std::vector<Opt> cands = candidate_opts(k, {}, gpu);
  EXPECT_EQ(std::ranges::count_if(cands, [](const Opt& o) { return o.op == OptOp::TC; }),
            static_cast<long>(kTcConfigs.size()));
  EXPECT_TRUE(
      std::ranges::none_of(candidate_opts(k, {}, OptTarget::cpu(4)), [](const Opt& o) { return o.op == OptOp::TC; }));
  EXPECT_TRUE(candidate_opts(k, std::vector<Opt>{{OptOp::TC, 2, 0}}, gpu).empty());
  const auto h = tc_heuristic_opts(k, gpu);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->at(0).op, OptOp::TC);
  EXPECT_FALSE(tc_heuristic_opts(k, OptTarget::cpu(4)).has_value());
  const Tensor f32 = input({64, 64}, 3);
  EXPECT_FALSE(tc_heuristic_opts(only_kernel(f32.matmul(f32)), gpu).has_value());
  // Large matrices take the wgmma 128x256 tile on sm_90 and the mma.sync 128x128 one on other archs.
  const TcCase big = tc_inputs({2048, 1024}, {1024, 2048}, 2);
  const ScheduledKernel bk = only_kernel(big.x.cast(float32).matmul(big.y.cast(float32)));
  EXPECT_EQ(tc_heuristic_opts(bk, gpu)->at(0).amount, 0);
  EXPECT_EQ(tc_heuristic_opts(bk, OptTarget::cuda(80))->at(0).amount, 3);
}

} // namespace
} // namespace lmc
