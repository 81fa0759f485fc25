// Top-k in a register tile (UPCAST of an output axis: U selections share one selection loop) against a float64
// stable-sort reference: ties, NaN, bounded and row-gated selections, rows read per output and shared by outputs.
#include "check.hpp"
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "codegen/schedule.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/realize.hpp"
#include "topk_reference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace lmc {
namespace {

using check::expect_close;
using check::expect_exact;
using check::tensor_of;

bool has_topk(const ScheduledKernel& k) {
  return std::ranges::any_of(k.ast.toposort(), [](UOp u) { return u.op() == Op::TOPK; });
}

// The stable-sort reference, positions in the second result.
std::pair<ref::Array, ref::Array> topk_ref(const ref::Array& a, int64_t k, bool largest, std::optional<double> bound) {
  return ref::topk_reference(a, k, largest, bound);
}

// Runs the top-k kernel of (v, i) with `opts` (the other kernels with none), checking the opts were used.
void realize_with(Tensor& v, Tensor& i, const std::vector<Opt>& opts) {
  bool used = false;
  ScopedOptChooser pin([&](const ScheduledKernel& k, const OptTarget&) {
    if (!has_topk(k)) return std::vector<Opt>{};
    used = true;
    return opts;
  });
  Tensor::realize_all({&v, &i});
  EXPECT_TRUE(used);
}

using ref::tied_values;

TEST(Topk, UpcastRowsMatchTheStableSortReference) {
  for (const auto& [rows, n, upcast] : {std::tuple{12, 37, 4}, std::tuple{16, 9, 8}, std::tuple{8, 70, 2}}) {
    const ref::Array a = tied_values(rows, n, 900 + static_cast<uint64_t>(n));
    const Tensor t = tensor_of(a, float64);
    for (bool largest : {false, true})
      for (int64_t k : {int64_t{1}, int64_t{5}, int64_t{n}})
        for (std::optional<double> bound : {std::optional<double>{}, std::optional<double>{largest ? -0.5 : 0.5}}) {
          SCOPED_TRACE(testing::Message() << rows << " x " << n << " UPCAST " << upcast << " k=" << k
                                          << " largest=" << largest << " bounded=" << bound.has_value());
          auto [v, i] = bound ? t.topk(k, -1, largest, *bound) : t.topk(k, -1, largest);
          realize_with(v, i, {{OptOp::UPCAST, 0, upcast}});
          auto [rv, ri] = topk_ref(a, k, largest, bound);
          expect_close(v, rv, 0);
          expect_exact(i, ri);
        }
  }
}

// The K-NN the heuristics tile on the CPU: every query of a batch scans the same points. Integer coordinates make
// equal distances (ties) common; masked queries (a row-invariant where(live, d, +inf)) skip the loop only when all
// of a tile's rows are masked.
TEST(Topk, UpcastNearestNeighboursWithRowGate) {
  const int64_t rows = 24, n = 90;
  const ref::Array q = ref::Array::random_ints({rows, 1, 3}, 931, -3, 3),
                   p = ref::Array::random_ints({1, n, 3}, 932, -3, 3);
  ref::Array live = ref::Array::random_ints({rows, 1}, 933, 0, 1);
  for (int64_t r = 8; r < 16; ++r)
    live.v[r] = 0; // a whole tile of 8 gated off
  ref::Array d{{rows, n}, {}};
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t e = 0; e < n; ++e) {
      double s = 0;
      for (int64_t c = 0; c < 3; ++c)
        s += (q.v[r * 3 + c] - p.v[e * 3 + c]) * (q.v[r * 3 + c] - p.v[e * 3 + c]);
      d.v.push_back(live.v[r] != 0 ? s : std::numeric_limits<double>::infinity());
    }
  const Tensor dist = (tensor_of(q) - tensor_of(p)).pow(2.0).sum(-1);
  const Tensor masked = where(tensor_of(live, int32) != 0.0, dist, std::numeric_limits<double>::infinity());
  for (const auto& opts : {std::vector<Opt>{{OptOp::UPCAST, 0, 8}}, std::vector<Opt>{{OptOp::UPCAST, 0, 4}}})
    for (std::optional<double> bound : {std::optional<double>{}, std::optional<double>{6.5}}) {
      SCOPED_TRACE(testing::Message() << opts_str(opts) << " bounded=" << bound.has_value());
      auto [v, i] = bound ? masked.topk(7, -1, false, *bound) : masked.topk(7, -1, false);
      realize_with(v, i, opts);
      auto [rv, ri] = topk_ref(d, 7, false, bound);
      expect_close(v, rv, 0);
      expect_exact(i, ri);
    }
  // Scheduled on the tensors' own device (CUDA under LMC_DEVICE=CUDA); the opts below name their target. The CPU
  // heuristics tile this kernel (the points are shared by the queries); the GPU's keep one query a thread.
  auto [v, i] = masked.topk(7, -1, false, 6.5);
  for (const ScheduledKernel& k : schedule({i.uop()}, i.device()).kernels) {
    if (!has_topk(k)) continue;
    EXPECT_EQ(opts_str(heuristic_opts(k, OptTarget::cpu(2))), "[UPCAST(0,8)]");
    EXPECT_EQ(opts_str(heuristic_opts(k, OptTarget::cuda(90))), "[]");
    // Pinned on the GPU the tile still renders and compiles for sm_90.
    const CudaKernelSource src =
        render_cuda(lower(apply_opts(k, std::vector<Opt>{{OptOp::UPCAST, 0, 4}}, OptTarget::cuda(90))));
    EXPECT_NO_THROW(nvrtc_compile_cached(src.source, "sm_90")) << src.source;
  }
}

// Only a tile size that divides the row count is accepted: the rows past the end are never selected for.
TEST(Topk, UpcastThatDoesNotDivideTheRowsIsRefused) {
  const Tensor t = tensor_of(tied_values(13, 20, 950), float64);
  for (const ScheduledKernel& k : schedule({t.topk(3).second.uop()}, t.device()).kernels) {
    if (!has_topk(k)) continue;
    try {
      apply_opts(k, std::vector<Opt>{{OptOp::UPCAST, 0, 4}}, OptTarget::cpu(2));
      ADD_FAILURE() << "UPCAST(0,4) of 13 rows was accepted";
    } catch (const IllegalOpt& e) {
      EXPECT_NE(std::string(e.what()).find("does not divide the extent 13"), std::string::npos) << e.what();
    }
  }
}

// A value holding a reduce that stays a loop (a 12-d distance: more terms than are written out) would open that loop
// inside the tile's copy in the selection loop: the UPCAST is refused by name, and a 3-d distance is accepted.
TEST(Topk, UpcastOfATopkWhoseValueKeepsAReduceLoopIsRefused) {
  for (const int64_t dims : {int64_t{12}, int64_t{3}}) {
    const Tensor q = tensor_of(ref::Array::random({8, 1, dims}, 960)),
                 p = tensor_of(ref::Array::random({1, 30, dims}, 961));
    const Tensor d = (q - p).pow(2.0).sum(-1);
    int topk_kernels = 0;
    for (const ScheduledKernel& k : schedule({d.topk(3, -1, false).second.uop()}, d.device()).kernels) {
      if (!has_topk(k)) continue;
      ++topk_kernels;
      const std::vector<Opt> upcast{{OptOp::UPCAST, 0, 4}};
      if (dims == 3) {
        EXPECT_NO_THROW(apply_opts(k, upcast, OptTarget::cpu(2)));
        continue;
      }
      try {
        apply_opts(k, upcast, OptTarget::cpu(2));
        ADD_FAILURE() << "UPCAST of a 12-d K-NN was accepted";
      } catch (const IllegalOpt& e) {
        EXPECT_NE(std::string(e.what()).find("holds a reduce loop"), std::string::npos) << e.what();
      }
    }
    EXPECT_EQ(topk_kernels, 1);
  }
}

} // namespace
} // namespace lmc
