// The GEMM opt (a float32 matmul as one block-tiled CUDA-core kernel): its illegal uses name the reason, every tile
// config and operand layout renders and compiles to sm_90 with NVRTC (here, without a GPU), and on a GPU the results
// match float64 loops over the same float32 values, for odd sizes, transposed and offset views, strided columns and
// batches, including 4096^3.
#include "codegen/lower.hpp"
#include "codegen/opt/gemm.hpp"
#include "codegen/render/cuda.hpp"
#include "opt_test_support.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/device.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <random>

namespace lmc {
namespace {

// How a test shapes its matmul: operand layouts and batches.
struct GemmShape {
  std::string name;
  int64_t batch, m, n, k;
  bool a_t = false, b_t = false; // A stored as K x M, B as N x K (transposed views)
  int a_offset = 0;              // A read through a view starting this many elements into each row
  bool b_strided = false;        // B's columns are every other column of a wider matrix (no float4 loads)
};

struct GemmRun {
  std::shared_ptr<std::vector<float>> a, b; // host values as stored
  int64_t ka = 0, nb = 0;                   // stored row lengths
  std::optional<Tensor> result;
};

std::vector<float> uniform(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v)
    x = d(rng);
  return v;
}

GemmRun gemm_program(const GemmShape& s, uint64_t seed) {
  const std::string dev = default_device();
  GemmRun run;
  run.ka = s.k + s.a_offset;
  run.nb = s.b_strided ? 2 * s.n : s.n;
  const Shape sa = s.a_t ? Shape{s.batch, run.ka, s.m} : Shape{s.batch, s.m, run.ka};
  const Shape sb = s.b_t ? Shape{s.batch, run.nb, s.k} : Shape{s.batch, s.k, run.nb};
  run.a = std::make_shared<std::vector<float>>(uniform(sa[0] * sa[1] * sa[2], seed));
  run.b = std::make_shared<std::vector<float>>(uniform(sb[0] * sb[1] * sb[2], seed + 1));
  Tensor x = Tensor::from_vector(*run.a, sa, dev).realize(), y = Tensor::from_vector(*run.b, sb, dev).realize();
  if (s.a_offset)
    x = s.a_t ? x.shrink({{0, s.batch}, {s.a_offset, run.ka}, {0, s.m}})
              : x.shrink({{0, s.batch}, {0, s.m}, {s.a_offset, run.ka}});
  if (s.b_strided)
    y = s.b_t ? y.reshape({s.batch, s.n, 2, s.k})
                    .shrink({{0, s.batch}, {0, s.n}, {0, 1}, {0, s.k}})
                    .reshape({s.batch, s.n, s.k})
              : y.reshape({s.batch, s.k, s.n, 2})
                    .shrink({{0, s.batch}, {0, s.k}, {0, s.n}, {0, 1}})
                    .reshape({s.batch, s.k, s.n});
  if (s.a_t) x = x.transpose();
  if (s.b_t) y = y.transpose();
  run.result = x.matmul(y);
  return run;
}

double a_at(const GemmShape& s, const GemmRun& r, int64_t b, int64_t i, int64_t k) {
  return s.a_t ? (*r.a)[(b * r.ka + k + s.a_offset) * s.m + i] : (*r.a)[(b * s.m + i) * r.ka + k + s.a_offset];
}

double b_at(const GemmShape& s, const GemmRun& r, int64_t b, int64_t k, int64_t j) {
  const int64_t col = s.b_strided ? 2 * j : j;
  return s.b_t ? (*r.b)[(b * r.nb + col) * s.k + k] : (*r.b)[(b * s.k + k) * r.nb + col];
}

const std::vector<GemmShape>& gemm_shapes() {
  static const std::vector<GemmShape> all = {
      {"48x80x112", 1, 48, 80, 112},
      {"A transposed", 1, 48, 80, 112, true},
      {"B transposed", 1, 64, 48, 80, false, true},
      {"both transposed", 1, 80, 48, 64, true, true},
      {"batched 3", 3, 32, 48, 64},
      {"A offset by 1 (scalar A loads)", 1, 48, 80, 112, false, false, 1},
      {"A offset by 4 (aligned float4s)", 1, 48, 80, 112, false, false, 4},
      {"B strided columns", 1, 48, 80, 112, false, false, 0, true},
      {"odd 37x53x41", 1, 37, 53, 41},
      {"odd 50x30x70 A transposed", 1, 50, 30, 70, true},
      {"odd 131x67x9 B transposed", 1, 131, 67, 9, false, true},
      {"batched 2 odd 33x129x21, both transposed", 2, 33, 129, 21, true, true},
  };
  return all;
}

TEST(GEMM, IllegalUsesNameTheReason) {
  const GemmRun r = gemm_program(gemm_shapes()[0], 1);
  const ScheduledKernel k = only_kernel(*r.result);
  const int ax = reduce_axis(k);
  ASSERT_GE(ax, 0);
  const OptTarget gpu = OptTarget::cuda(90);
  EXPECT_NO_THROW(apply_opts(k, std::vector<Opt>{{OptOp::GEMM, ax, 0}}, gpu));
  expect_illegal(k, {{OptOp::GEMM, ax, 0}}, OptTarget::cpu(4), "this target is a CPU");
  expect_illegal(k, {{OptOp::GEMM, 0, 0}}, gpu, "names the reduce axis");
  expect_illegal(k, {{OptOp::GEMM, ax, 8}}, gpu, "tile config");
  expect_illegal(k, {{OptOp::GEMM, ax, -1}}, gpu, "tile config");
  expect_illegal(k, {{OptOp::UPCAST, 1, 4}, {OptOp::GEMM, ax, 0}}, gpu, "first opt");
  expect_illegal(k, {{OptOp::GEMM, ax, 0}, {OptOp::UPCAST, 1, 4}}, gpu, "no opt may follow");
  expect_illegal(k, {{OptOp::GEMM, ax, 0}, {OptOp::GEMM, ax, 0}}, gpu, "already applied");
  expect_illegal(k, {{OptOp::GEMM, ax, 0}, {OptOp::TC, ax, 0}}, gpu, "no opt may follow");
  expect_illegal(k, {{OptOp::NOLOCALS, 0, 0}, {OptOp::GEMM, ax, 0}}, gpu, "NOLOCALS");
  OptTarget small = gpu;
  small.shared_bytes = 8 * 1024;
  expect_illegal(k, {{OptOp::GEMM, ax, 0}}, small, "shared memory");
  OptTarget few = gpu;
  few.max_local_threads = 128;
  expect_illegal(k, {{OptOp::GEMM, ax, 0}}, few, "threads per block");
  // Not a float32 matmul.
  const Tensor h = Tensor::randn({32, 32}, 3).cast(float16).realize();
  expect_illegal(only_kernel(h.cast(float32).matmul(h.cast(float32))), {{OptOp::GEMM, 2, 0}}, gpu, "float32 inputs");
  const Tensor f = Tensor::randn({32, 40}, 4).realize();
  expect_illegal(only_kernel(f.matmul(f.transpose()).relu()), {{OptOp::GEMM, 2, 0}}, gpu, "no epilogue");
  expect_illegal(only_kernel(f.sum(1)), {{OptOp::GEMM, 1, 0}}, gpu, "product of two loads");
  expect_illegal(only_kernel(f.pad({{0, 0}, {0, 8}}).matmul(Tensor::randn({48, 16}, 5).realize())),
                 {{OptOp::GEMM, 2, 0}}, gpu, "unmasked");
  expect_illegal(only_kernel((f * f).sum(0)), {{OptOp::GEMM, 1, 0}}, gpu, "matmul");
}

// The GEMM kernel of `s` with tile config `config`, lowered and rendered for sm_90.
CudaKernelSource gemm_source(const GemmShape& s, int config) {
  const ScheduledKernel k = only_kernel(*gemm_program(s, 7).result);
  return render_cuda(
      lower(apply_opts(k, std::vector<Opt>{{OptOp::GEMM, reduce_axis(k), config}}, OptTarget::cuda(90))));
}

// Without a GPU the GEMM kernels are still rendered and compiled to sm_90 CUBIN: every tile config and layout.
TEST(GEMM, RenderedKernelsCompileForSm90) {
  // Every config on two shapes (aligned and odd-batched); the layouts on two configs (the loaders do not depend on
  // the tile beyond its template arguments, and each NVRTC compile takes a third of a second here).
  for (size_t shape = 0; shape < gemm_shapes().size(); ++shape)
    for (int config = 0; config < static_cast<int>(kGemmConfigs.size()); ++config) {
      if (shape != 0 && shape + 1 != gemm_shapes().size() && config != 1 && config != 7) continue;
      const GemmShape& s = gemm_shapes()[shape];
      const CudaKernelSource src = gemm_source(s, config);
      EXPECT_TRUE(src.launch.explicit_dims);
      EXPECT_EQ(src.launch.local[0].value, kGemmConfigs[config].threads());
      EXPECT_EQ(src.launch.grid[1].value, s.batch);
      EXPECT_NO_THROW(nvrtc_compile_cached(src.source, "sm_90")) << s.name << " config " << config << "\n"
                                                                 << src.source;
    }
  // float4 loads along whichever axis is contiguous; scalars for a misaligned offset or strided columns.
  auto loaders = [](int shape) {
    const std::string src = gemm_source(gemm_shapes()[shape], 1).source;
    const size_t a = src.find("THREADS, ", src.find("lmc_gemm_tile<BK, BM,")),
                 b = src.find("THREADS, ", src.find("lmc_gemm_tile<BK, BN,"));
    return std::string{src[a + 9], src[b + 9]};
  };
  EXPECT_EQ(loaders(0), "10"); // A along k, B along n
  EXPECT_EQ(loaders(1), "00"); // A transposed: along m
  EXPECT_EQ(loaders(2), "11"); // B transposed: along k
  EXPECT_EQ(loaders(5), "20"); // A one element into its rows
  EXPECT_EQ(loaders(6), "10"); // four elements in: still float4s
  EXPECT_EQ(loaders(7), "12"); // every other column of B
}

// Results against float64 loops over the same float32 values. Tolerance: each product rounds once (2^-24 relative)
// and float32 accumulation adds about sqrt(K) * 2^-24 of sum_k |a_k b_k| with random signs (K * 2^-24 at worst, 2^-12
// at K = 4096), so 2^-12 of that sum bounds it; a missing, doubled or misplaced product moves the sum by ~|a_k b_k|,
// about 1/K of it, which is far above the bound for the K tested here except the largest, where a wrong row or
// column still moves it by the whole sum.
void expect_gemm_close(const GemmShape& s, const GemmRun& r, const std::vector<float>& got, int64_t samples) {
  const int64_t total = s.batch * s.m * s.n;
  ASSERT_EQ(static_cast<int64_t>(got.size()), total) << s.name;
  std::mt19937_64 rng(99);
  int bad = 0;
  for (int64_t t = 0; t < std::min(samples, total); ++t) {
    const int64_t idx = samples >= total ? t : static_cast<int64_t>(rng() % total);
    const int64_t b = idx / (s.m * s.n), i = idx / s.n % s.m, j = idx % s.n;
    double ref = 0, mag = 0;
    for (int64_t kk = 0; kk < s.k; ++kk) {
      const double p = a_at(s, r, b, i, kk) * b_at(s, r, b, kk, j);
      ref += p;
      mag += std::abs(p);
    }
    const double tol = 0x1p-12 * mag + 1e-30;
    if (!(std::abs(got[idx] - ref) <= tol) && bad++ < 5)
      ADD_FAILURE() << s.name << " [" << b << "," << i << "," << j << "]: " << got[idx] << " vs " << ref << " (tol "
                    << tol << ")";
  }
}

// Runs the matmul with GEMM tile `config` (or the heuristic choice for config -1); counts the kernels that took GEMM.
std::vector<float> run_gemm(const GemmRun& r, int config, int* gemm_kernels) {
  ScopedOptChooser scoped([&](const ScheduledKernel& k, const OptTarget& tg) {
    std::vector<Opt> opts;
    if (config < 0) {
      opts = heuristic_opts(k, tg);
    } else {
      for (const Opt& o : gemm_candidates(k, {}, tg))
        if (o.amount == config) opts = {o};
    }
    if (!opts.empty() && opts[0].op == OptOp::GEMM) ++*gemm_kernels;
    return opts;
  });
  return Tensor(*r.result).realize().to_vector<float>();
}

bool on_gpu() {
  return opt_target(get_device(default_device())).gpu;
}

TEST(GEMM, MatchesFloat64ReferenceOnGpu) {
  if (!on_gpu()) GTEST_SKIP() << "GEMM runs on CUDA GPUs; RenderedKernelsCompileForSm90 compiles it here";
  for (const GemmShape& s : gemm_shapes())
    for (int config = 0; config < static_cast<int>(kGemmConfigs.size()); ++config) {
      const GemmRun r = gemm_program(s, 11 + config);
      int used = 0;
      const std::vector<float> got = run_gemm(r, config, &used);
      EXPECT_EQ(used, 1) << s.name;
      expect_gemm_close(s, r, got, 1 << 30);
    }
  // Large (sampled elements), with the heuristic's tile and two others.
  const std::vector<std::pair<GemmShape, int64_t>> big = {
      {{"1040x1008x1024", 1, 1040, 1008, 1024}, 20000},
      {{"4096^3", 1, 4096, 4096, 4096}, 3000},
      {{"4096^3 B transposed", 1, 4096, 4096, 4096, false, true}, 3000},
      {{"2x2064x1000x1040 A transposed", 2, 2064, 1000, 1040, true}, 4000},
  };
  for (const auto& [s, samples] : big)
    for (int config : {-1, 0, 4}) {
      const GemmRun r = gemm_program(s, 21 + config);
      int used = 0;
      const std::vector<float> got = run_gemm(r, config, &used);
      EXPECT_EQ(used, 1) << s.name;
      expect_gemm_close(s, r, got, samples);
    }
}

// BEAM sees one GEMM move per tile config on a GPU float32 matmul, none on a CPU or after another opt; the heuristics
// pick GEMM for large matmuls and leave small or skinny ones to the register-tile rules.
TEST(GEMM, CandidatesAndHeuristicChoice) {
  const GemmRun r = gemm_program({"1024x1024x512", 1, 1024, 1024, 512}, 1);
  const ScheduledKernel k = only_kernel(*r.result);
  const OptTarget gpu = OptTarget::cuda(90);
  const int ax = reduce_axis(k);
  const std::vector<Opt> cands = candidate_opts(k, {}, gpu);
  EXPECT_EQ(std::ranges::count_if(cands, [](const Opt& o) { return o.op == OptOp::GEMM; }),
            static_cast<long>(kGemmConfigs.size()));
  EXPECT_TRUE(
      std::ranges::none_of(candidate_opts(k, {}, OptTarget::cpu(4)), [](const Opt& o) { return o.op == OptOp::GEMM; }));
  EXPECT_TRUE(candidate_opts(k, std::vector<Opt>{{OptOp::GEMM, ax, 0}}, gpu).empty());
  const std::vector<Opt> h = heuristic_opts(k, gpu);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].op, OptOp::GEMM);
  EXPECT_FALSE(gemm_heuristic_opts(k, OptTarget::cpu(4)).has_value());
  // A matrix-vector product, a 3x3 rotation batch and a matmul too small to fill the GPU stay with the generic rules.
  const Tensor small = Tensor::randn({64, 48}, 6).realize();
  EXPECT_FALSE(gemm_heuristic_opts(only_kernel(small.matmul(small.transpose())), gpu).has_value());
  const Tensor mv = Tensor::randn({512, 300}, 2).realize(), v = Tensor::randn({300, 1}, 3).realize();
  EXPECT_FALSE(gemm_heuristic_opts(only_kernel(mv.matmul(v)), gpu).has_value());
  const Tensor rot = Tensor::randn({4000, 3, 3}, 4).realize(), d = Tensor::randn({4000, 3, 1}, 5).realize();
  EXPECT_FALSE(gemm_heuristic_opts(only_kernel(rot.matmul(d)), gpu).has_value());
}

} // namespace
} // namespace lmc
