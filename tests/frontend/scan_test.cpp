// Scans and the selections built on them (frontend/scan.hpp): cumsum along every axis of strided and broadcast inputs,
// stable compaction (index_of_true) with batches, empty and full rows and ranks past the count, descending_rank with
// ties and NaN against a stable sort, and entry_of_rank as its inverse; each against naive loops on odd sizes.
#include "check.hpp"
#include "codegen/opt/opt.hpp"
#include "frontend/scan.hpp"
#include "runtime/compile_kernel.hpp"
#include "runtime/realize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lmc {
namespace {

using check::expect_close;
using check::expect_exact;
using check::tensor_of;

// Inclusive prefix sums along the last axis of a row-major (rows, len) array.
ref::Array cumsum_rows(const ref::Array& a) {
  ref::Array out = a;
  const int64_t len = a.shape.back(), rows = a.numel() / len;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t i = 1; i < len; ++i)
      out.v[r * len + i] += out.v[r * len + i - 1];
  return out;
}

TEST(Cumsum, IntegersAlongLastAxisOfOddRows) {
  for (int64_t len : {1, 2, 5, 63, 64, 65, 1000}) {
    const ref::Array a = ref::Array::random_ints({3, len}, 900 + len, -7, 9);
    expect_exact(cumsum(tensor_of(a, int32)), cumsum_rows(a));
  }
}

TEST(Cumsum, FloatsAlongAMiddleAxisOfAPermutedView) {
  const ref::Array a = ref::Array::random({6, 37, 5}, 910);
  // cumsum along axis 1 of the (6, 37, 5) array equals cumsum along the last axis of its (6, 5, 37) permutation.
  const ref::Array moved = ref::permute(a, {0, 2, 1});
  expect_close(cumsum(tensor_of(a, float64), 1).permute({0, 2, 1}), cumsum_rows(moved), 1e-12);
  // The input itself a transposed (strided) view.
  const Tensor t = tensor_of(moved, float64).permute({0, 2, 1}); // (6, 37, 5), not contiguous
  expect_close(cumsum(t, -2).permute({0, 2, 1}), cumsum_rows(moved), 1e-12);
}

TEST(Cumsum, BoolsCountAndBroadcastInputsWork) {
  const ref::Array bits = ref::Array::random_ints({4, 77}, 920, 0, 1);
  expect_exact(cumsum(tensor_of(bits, bool_)), cumsum_rows(bits));
  // A broadcast row: every row of the result is the same prefix sum.
  const ref::Array row = ref::Array::random_ints({1, 29}, 921, 0, 5);
  ref::Array rows{{3, 29}, {}};
  for (int r = 0; r < 3; ++r)
    rows.v.insert(rows.v.end(), row.v.begin(), row.v.end());
  expect_exact(cumsum(tensor_of(row, int32).expand({3, 29})), cumsum_rows(rows));
}

TEST(Cumsum, RejectsScalarsAndBadAxes) {
  check::expect_error([] { cumsum(Tensor::full({}, 1.0)); }, {"cumsum", "scalar"});
  check::expect_error([] { cumsum(Tensor::zeros({3, 4}), 2); }, {"cumsum", "axis 2"});
}

// The naive stable compaction: for each rank, the index of the (rank + 1)-th true entry, or H when there is none.
ref::Array index_of_true_ref(const ref::Array& keep, const ref::Array& ranks) {
  const int64_t h = keep.shape.back(), r = ranks.shape.back(), rows = keep.numel() / h;
  ref::Array out{ranks.shape, {}};
  for (int64_t row = 0; row < rows; ++row) {
    std::vector<int64_t> kept;
    for (int64_t i = 0; i < h; ++i)
      if (keep.v[row * h + i] != 0) kept.push_back(i);
    for (int64_t j = 0; j < r; ++j) {
      const auto want = static_cast<size_t>(ranks.v[row * r + j]);
      out.v.push_back(want < kept.size() ? static_cast<double>(kept[want]) : static_cast<double>(h));
    }
  }
  return out;
}

TEST(IndexOfTrue, CompactsEveryRowOfABatchInOrder) {
  for (int64_t h : {1, 7, 64, 100, 1021, 5120}) {
    ref::Array keep = ref::Array::random_ints({5, h}, 930 + h, 0, 1);
    std::fill(keep.v.begin(), keep.v.begin() + h, 0.0);         // row 0 keeps nothing
    std::fill(keep.v.begin() + h, keep.v.begin() + 2 * h, 1.0); // row 1 keeps everything
    ref::Array ranks{{5, h}, {}};
    for (int64_t row = 0; row < 5; ++row)
      for (int64_t i = 0; i < h; ++i)
        ranks.v.push_back(static_cast<double>(i));
    const Tensor got = index_of_true(tensor_of(keep, bool_), tensor_of(ranks, int32));
    const ref::Array want = index_of_true_ref(keep, ranks);
    // Past the count the result only has to be >= H: clamp both to H before comparing.
    ref::Array clamped{want.shape, {}};
    for (double v : got.cast(float64).to_vector<double>())
      clamped.v.push_back(std::min(v, static_cast<double>(h)));
    for (size_t i = 0; i < want.v.size(); ++i)
      ASSERT_EQ(clamped.v[i], want.v[i]) << "h " << h << " at " << i;
  }
}

TEST(IndexOfTrue, RandomRanksAndRejectsMismatchedShapes) {
  const ref::Array keep = ref::Array::random_ints({3, 2, 300}, 940, 0, 1);
  const ref::Array ranks = ref::Array::random_ints({3, 2, 17}, 941, 0, 160);
  const Tensor got = index_of_true(tensor_of(keep, bool_), tensor_of(ranks, int32));
  const std::vector<double> g = got.cast(float64).to_vector<double>();
  const ref::Array want = index_of_true_ref(keep, ranks);
  ASSERT_EQ(shape_str(got.shape()), "(3, 2, 17)");
  for (size_t i = 0; i < g.size(); ++i)
    ASSERT_EQ(std::min(g[i], 300.0), want.v[i]) << "at " << i;
  check::expect_error(
      [] {
        index_of_true(Tensor::zeros({3, 4}, int32), Tensor::zeros({3, 2}, int32));
      },
      {"index_of_true", "bool"});
  check::expect_error(
      [] {
        index_of_true(Tensor::zeros({3, 4}, bool_), Tensor::zeros({2, 2}, int32));
      },
      {"index_of_true", "(3, 4)"});
}

// Ranks from a stable descending order: NaN first, ties with the larger index first.
ref::Array descending_rank_ref(const ref::Array& x) {
  const int64_t n = x.shape.back(), rows = x.numel() / n;
  ref::Array out{x.shape, std::vector<double>(x.v.size())};
  for (int64_t row = 0; row < rows; ++row) {
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    auto key = [&](int64_t i) { return x.v[row * n + i]; };
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      const double ka = key(a), kb = key(b);
      if (std::isnan(ka) != std::isnan(kb)) return std::isnan(ka);
      if (!std::isnan(ka) && ka != kb) return ka > kb;
      return a > b;
    });
    for (int64_t r = 0; r < n; ++r)
      out.v[row * n + order[r]] = static_cast<double>(r);
  }
  return out;
}

TEST(DescendingRank, TiesAndNaNFollowNumpysStableSortReadFromTheEnd) {
  ref::Array x = ref::Array::random_ints({4, 203}, 950, 0, 20); // many ties
  x.v[3] = NAN;
  x.v[250] = NAN;
  x.v[251] = NAN;
  const Tensor ranks = descending_rank(tensor_of(x, float64));
  expect_exact(ranks, descending_rank_ref(x));
  // The inverse: the entry at each rank, and -1 for ranks that do not exist.
  ref::Array wanted = ref::Array::random_ints({4, 9}, 951, 0, 202);
  wanted.v[0] = -1;
  wanted.v[1] = 203;
  const Tensor entries = entry_of_rank(ranks, tensor_of(wanted, int32));
  const std::vector<double> e = entries.cast(float64).to_vector<double>();
  const ref::Array r = descending_rank_ref(x);
  for (int64_t row = 0; row < 4; ++row)
    for (int64_t j = 0; j < 9; ++j) {
      const double w = wanted.v[row * 9 + j];
      double want = -1;
      for (int64_t n = 0; n < 203; ++n)
        if (r.v[row * 203 + n] == w) want = static_cast<double>(n);
      ASSERT_EQ(e[row * 9 + j], want) << "row " << row << " wanted rank " << w;
    }
}

// NaN ranks above +inf (top-k's rule), NaNs tie among themselves (the later first), and the values ranked < k are
// exactly the values topk(k) picks, in float32 and float64.
TEST(DescendingRank, NanRanksAboveInfinityAsTopkPicksIt) {
  const double inf = std::numeric_limits<double>::infinity();
  ref::Array x{{2, 7}, {inf, NAN, 1, inf, -inf, NAN, 3, /**/ -inf, 2, NAN, inf, 2, -inf, 0}};
  for (DType d : {float32, float64}) {
    const Tensor t = tensor_of(x, d);
    const Tensor ranks = descending_rank(t);
    expect_exact(ranks, descending_rank_ref(x));
    EXPECT_EQ(ranks.to_vector<int32_t>(), (std::vector<int32_t>{3, 1, 5, 2, 6, 0, 4, /**/ 6, 3, 0, 1, 2, 5, 4}));
    for (int64_t k = 1; k <= 7; ++k) {
      const std::vector<double> picked = t.topk(k).first.cast(float64).to_vector<double>();
      const std::vector<int32_t> entries =
          entry_of_rank(ranks, Tensor::arange(k, int32).reshape({1, k}).expand({2, k})).to_vector<int32_t>();
      for (int64_t row = 0; row < 2; ++row)
        for (int64_t j = 0; j < k; ++j) {
          const double by_rank = x.v[row * 7 + entries[row * k + j]], by_topk = picked[row * k + j];
          EXPECT_TRUE(std::isnan(by_rank) ? std::isnan(by_topk) : by_rank == by_topk)
              << d.name() << " k " << k << " row " << row << " slot " << j << ": rank gives " << by_rank << ", topk "
              << by_topk;
        }
    }
  }
}

} // namespace
} // namespace lmc

namespace lmc {
namespace {

// With `rows`, descending_rank and entry_of_rank count only the selected rows (others read 0 and -1) and the compiled
// count runs under a row test: a reduce of where(row, x, identity) skips its loop where the row is off. The same
// gate on plain sum and max reduces, with a register tile (the CPU's 8 outputs per iteration) and without.
TEST(DescendingRank, RowsSkipTheCountAndMatchTheReference) {
  const ref::Array x = ref::Array::random({6, 45}, 960);
  const ref::Array bits = ref::Array::random_ints({6}, 961, 0, 1);
  const Tensor on = tensor_of(bits, int32) != 0.0;
  int gated = 0;
  ScopedOptChooser inspect([&](const ScheduledKernel& k, const OptTarget& target) {
    const std::vector<Opt> opts = heuristic_opts(k, target);
    const LinearProgram program = lower_with_opts(k, opts, target);
    for (size_t i = 0; i < program.ops.size(); ++i)
      if (program.ops[i].op() == Op::IF)
        for (size_t j = i + 1; j < program.ops.size() && program.ops[j].op() != Op::ENDIF; ++j)
          if (program.ops[j].op() == Op::RANGE && program.ops[j].arg_as<RangeArg>().kind == AxisKind::Reduce) {
            ++gated;
            break;
          }
    return opts;
  });
  const Tensor ranks = descending_rank(tensor_of(x, float64), on);
  ref::Array want = descending_rank_ref(x);
  for (int64_t r = 0; r < 6; ++r)
    if (bits.v[r] == 0) std::fill(want.v.begin() + r * 45, want.v.begin() + (r + 1) * 45, 0.0);
  expect_exact(ranks, want);
  const ref::Array wanted = ref::Array::random_ints({6, 4}, 962, 0, 44);
  const std::vector<double> e = entry_of_rank(ranks, tensor_of(wanted, int32), on).cast(float64).to_vector<double>();
  for (int64_t r = 0; r < 6; ++r)
    for (int64_t j = 0; j < 4; ++j) {
      double expect = -1;
      if (bits.v[r] != 0)
        for (int64_t n = 0; n < 45; ++n)
          if (want.v[r * 45 + n] == wanted.v[r * 4 + j]) expect = static_cast<double>(n);
      ASSERT_EQ(e[r * 4 + j], expect) << "row " << r;
    }
  EXPECT_GE(gated, 2) << "the rank count and the entry search run under a row test";

  const double inf = std::numeric_limits<double>::infinity();
  const Tensor t = tensor_of(x, float64);
  const std::vector<double> sums = where(on.unsqueeze(-1), t, 0.0).sum(-1).to_vector<double>();
  const std::vector<double> maxes = where(on.unsqueeze(-1), t, -inf).max(-1).to_vector<double>();
  for (int64_t r = 0; r < 6; ++r) {
    double s = 0, m = -inf;
    for (int64_t n = 0; n < 45; ++n)
      if (bits.v[r] != 0) {
        s += x.v[r * 45 + n];
        m = std::max(m, x.v[r * 45 + n]);
      }
    EXPECT_NEAR(sums[r], s, 1e-12);
    EXPECT_EQ(maxes[r], m);
  }
  check::expect_error([&] { (void)descending_rank(t, on.cast(int32)); }, {"descending_rank", "rows", "bool"});
  check::expect_error([&] { (void)descending_rank(t, Tensor::ones({5}, bool_)); }, {"descending_rank", "(6,)", "(5,)"});
}

} // namespace
} // namespace lmc
