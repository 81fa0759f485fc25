// Indexing and selection: gather (dims 0 and 1, views), index_select, topk (largest and smallest, k = 1 and n,
// ties keep the lower index), sort/argsort, their errors, and the one-kernel contract of distance + topk.
#include "check.hpp"
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
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

ref::Array gather_ref(const ref::Array& src, int dim, const ref::Array& index) {
  ref::Array out{index.shape, {}};
  for (int64_t flat = 0; flat < index.numel(); ++flat) {
    std::vector<int64_t> idx = index.unravel(flat);
    idx[dim] = static_cast<int64_t>(index.v[flat]);
    out.v.push_back(src.at(idx));
  }
  return out;
}

TEST(Gather, AlongDimZeroAndOne) {
  const ref::Array src = ref::Array::random({5, 7}, 700);
  const ref::Array i0 = ref::Array::random_ints({3, 7}, 701, 0, 4), i1 = ref::Array::random_ints({5, 9}, 702, 0, 6);
  expect_close(tensor_of(src, float64).gather(0, tensor_of(i0, int32)), gather_ref(src, 0, i0), 0);
  expect_close(tensor_of(src, float64).gather(1, tensor_of(i1, int64)), gather_ref(src, 1, i1), 0);
  expect_close(tensor_of(src, float64).gather(-1, tensor_of(i1, int32)), gather_ref(src, 1, i1), 0);
}

TEST(Gather, FromPermutedSourceWithFlippedIndex) {
  const ref::Array src = ref::Array::random({6, 4}, 703);
  const ref::Array idx = ref::Array::random_ints({4, 6}, 704, 0, 5);
  const Tensor s = tensor_of(src, float64).permute({1, 0}); // (4, 6)
  expect_close(s.gather(1, tensor_of(idx, int32).flip(0)), gather_ref(ref::permute(src, {1, 0}), 1, ref::flip(idx, 0)),
               0);
  // A source computed on the fly (fused into the gather's kernel).
  expect_close((tensor_of(src, float64) * 2.0 + 1.0).gather(0, tensor_of(ref::Array{{1, 4}, {5, 0, 3, 3}}, int32)),
               ref::map(gather_ref(src, 0, ref::Array{{1, 4}, {5, 0, 3, 3}}), [](double x) { return x * 2 + 1; }), 0);
}

TEST(Gather, IndexSelectOnBothDims) {
  const ref::Array src = ref::Array::random({5, 6}, 705);
  const std::vector<int32_t> rows{4, 0, 0, 2}, cols{5, 1, 3};
  const Tensor t = tensor_of(src, float64);
  ref::Array want_rows{{4, 6}, {}}, want_cols{{5, 3}, {}};
  for (int32_t r : rows)
    for (int c = 0; c < 6; ++c)
      want_rows.v.push_back(src.v[r * 6 + c]);
  for (int r = 0; r < 5; ++r)
    for (int32_t c : cols)
      want_cols.v.push_back(src.v[r * 6 + c]);
  expect_close(t.index_select(0, Tensor::from_vector(rows, {4})), want_rows, 0);
  expect_close(t.index_select(1, Tensor::from_vector(cols, {3})), want_cols, 0);
}

TEST(Gather, BadInputNamesOpAndShapes) {
  const Tensor src = Tensor::ones({3, 4}, float32);
  check::expect_error([&] { (void)src.gather(0, Tensor::zeros({3}, int32)); }, {"gather", "(3,)", "(3, 4)"});
  check::expect_error([&] { (void)src.gather(0, Tensor::zeros({3, 4}, float32)); }, {"gather", "float32"});
  check::expect_error([&] { (void)src.gather(2, Tensor::zeros({3, 4}, int32)); }, {"gather", "(3, 4)"});
  check::expect_error([&] { (void)src.index_select(0, Tensor::zeros({2, 2}, int32)); }, {"index_select"});
}

// x < y with NaN ordered as the largest value (PyTorch's rule, lmc's in every comparison op).
bool nan_largest_less(double x, double y) {
  return x < y || (std::isnan(y) && !std::isnan(x));
}

// Reference top-k along the last axis of a 2-D array: stable, so ties keep the lower index first.
std::pair<ref::Array, ref::Array> topk_ref(const ref::Array& a, int64_t k, bool largest) {
  const int64_t rows = a.shape[0], n = a.shape[1];
  ref::Array vals{{rows, k}, {}}, idxs{{rows, k}, {}};
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<int64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
      return largest ? nan_largest_less(a.v[r * n + y], a.v[r * n + x])
                     : nan_largest_less(a.v[r * n + x], a.v[r * n + y]);
    });
    for (int64_t i = 0; i < k; ++i) {
      vals.v.push_back(a.v[r * n + order[i]]);
      idxs.v.push_back(static_cast<double>(order[i]));
    }
  }
  return {vals, idxs};
}

TEST(Topk, LargestAndSmallestForKOneAndKN) {
  const ref::Array a = ref::Array::random({6, 13}, 706);
  const Tensor t = tensor_of(a, float64);
  for (int64_t k : {1, 4, 13})
    for (bool largest : {true, false}) {
      SCOPED_TRACE(testing::Message() << "k=" << k << " largest=" << largest);
      auto [v, i] = t.topk(k, -1, largest);
      auto [rv, ri] = topk_ref(a, k, largest);
      EXPECT_EQ(i.dtype(), int32);
      expect_close(v, rv, 0);
      expect_exact(i, ri);
    }
}

// Reference bounded top-k: only elements strictly beyond the bound, stable; leftover slots hold (bound, -1).
std::pair<ref::Array, ref::Array> bounded_topk_ref(const ref::Array& a, int64_t k, bool largest, double bound) {
  const int64_t rows = a.shape[0], n = a.shape[1];
  ref::Array vals{{rows, k}, {}}, idxs{{rows, k}, {}};
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<int64_t> order;
    for (int64_t i = 0; i < n; ++i) {
      const double x = a.v[r * n + i];
      if (largest ? nan_largest_less(bound, x) : nan_largest_less(x, bound)) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
      return largest ? nan_largest_less(a.v[r * n + y], a.v[r * n + x])
                     : nan_largest_less(a.v[r * n + x], a.v[r * n + y]);
    });
    for (int64_t i = 0; i < k; ++i) {
      const bool have = i < static_cast<int64_t>(order.size());
      vals.v.push_back(have ? a.v[r * n + order[i]] : bound);
      idxs.v.push_back(have ? static_cast<double>(order[i]) : -1.0);
    }
  }
  return {vals, idxs};
}

TEST(Topk, BoundedSelectsOnlyBeyondTheBound) {
  // Rows with more, fewer and no elements beyond the bound; ties, a NaN and an element equal to the bound.
  ref::Array a = ref::Array::random({7, 23}, 711);
  a.v[3] = a.v[5] = -0.25; // a tie inside the bound
  a.v[30] = std::nan("");
  a.v[31] = 0.1; // equal to the bound: not selected
  for (int64_t i = 0; i < 23; ++i)
    a.v[6 * 23 + i] = 0.5 + 0.01 * static_cast<double>(i); // last row: nothing below 0.1
  const Tensor t = tensor_of(a, float64);
  for (bool largest : {false, true})
    for (int64_t k : {1, 4, 9}) {
      SCOPED_TRACE(testing::Message() << "k=" << k << " largest=" << largest);
      const double bound = largest ? 0.6 : 0.1;
      auto [v, i] = t.topk(k, -1, largest, bound);
      auto [rv, ri] = bounded_topk_ref(a, k, largest, bound);
      expect_close(v, rv, 0);
      expect_exact(i, ri);
    }
  // A radius-limited nearest-neighbour query over an expression.
  const ref::Array q = ref::Array::random({31, 1, 3}, 712), p = ref::Array::random({1, 40, 3}, 713);
  const Tensor d = (tensor_of(q, float64) - tensor_of(p, float64)).pow(2.0).sum(-1);
  auto [dv, di] = d.topk(6, -1, false, 0.5);
  Tensor::realize_all({&dv, &di});
  const ref::Array dref = ref::reduce(ref::zip(q, p, [](double x, double y) { return (x - y) * (x - y); }), {2}, false,
                                      0.0, [](double x, double y) { return x + y; });
  auto [rv, ri] = bounded_topk_ref(dref, 6, false, 0.5);
  expect_exact(di, ri);
  expect_close(dv, rv, 1e-6);
  check::expect_error([&] { (void)tensor_of(a, int32).topk(2, -1, true, 1.0); }, {"topk", "bound", "int32"});
}

// Issue #15: topk(2) of [1, nan, 3, 2] gave [1, nan], sort put NaN at both ends and argmax ignored the NaN that
// max returns. One rule now, PyTorch's: NaN is the largest value (first NaN first among equals).
TEST(Topk, NanIsTheLargestValue) {
  const double nan = std::nan("");
  for (DType d : {float32, float64}) {
    SCOPED_TRACE(d.name());
    const Tensor t = Tensor::from_vector(std::vector<double>{1, nan, 3, 2}, {4}).cast(d);
    auto [v, i] = t.topk(2);
    const std::vector<double> top = v.cast(float64).to_vector<double>();
    EXPECT_TRUE(std::isnan(top[0]));
    EXPECT_EQ(top[1], 3);
    EXPECT_EQ(i.to_vector<int32_t>(), (std::vector<int32_t>{1, 2}));
    EXPECT_EQ(t.topk(2, -1, false).second.to_vector<int32_t>(), (std::vector<int32_t>{0, 3}));

    auto [sv, si] = t.sort(-1, false);
    EXPECT_EQ(si.to_vector<int32_t>(), (std::vector<int32_t>{0, 3, 2, 1})) << "ascending: NaN last";
    EXPECT_TRUE(std::isnan(sv.cast(float64).to_vector<double>()[3]));
    EXPECT_EQ(t.sort(-1, true).second.to_vector<int32_t>(), (std::vector<int32_t>{1, 2, 3, 0})) << "descending: first";

    const Tensor two_nans = Tensor::from_vector(std::vector<double>{1, nan, 3, nan}, {4}).cast(d);
    EXPECT_EQ(two_nans.argmax(0).to_vector<int32_t>(), (std::vector<int32_t>{1})) << "the first NaN, as max's NaN";
    EXPECT_TRUE(std::isnan(two_nans.max().cast(float64).to_vector<double>()[0]));
    // min propagates NaN, so argmin names the first NaN too (PyTorch's argmin): the value at argmin is min.
    EXPECT_TRUE(std::isnan(two_nans.min().cast(float64).to_vector<double>()[0]));
    EXPECT_EQ(two_nans.argmin(0).to_vector<int32_t>(), (std::vector<int32_t>{1}));
    const Tensor rows = Tensor::from_vector(std::vector<double>{4, nan, 3, nan, 2, 5, 0, 7, 9}, {3, 3}).cast(d);
    EXPECT_EQ(rows.argmin(1).to_vector<int32_t>(), (std::vector<int32_t>{1, 0, 0}));
    EXPECT_EQ(rows.argmin(0).to_vector<int32_t>(), (std::vector<int32_t>{1, 0, 0}));
    EXPECT_EQ(rows.argmin(1, true).shape(), (Shape{3, 1}));
    // Longer than k, so the second selection loop (the last-slot test) sees the NaN too.
    const Tensor late = Tensor::from_vector(std::vector<double>{5, 4, 3, 2, 1, nan, 0}, {7}).cast(d);
    EXPECT_EQ(late.topk(2).second.to_vector<int32_t>(), (std::vector<int32_t>{5, 0}));
    EXPECT_EQ(late.topk(2, -1, false).second.to_vector<int32_t>(), (std::vector<int32_t>{6, 4}));
  }
}

TEST(Topk, TiesKeepTheLowerIndexFirst) {
  const ref::Array a = ref::Array::random_ints({9, 11}, 707, 0, 3);
  const Tensor t = tensor_of(a, int32);
  for (bool largest : {true, false}) {
    auto [v, i] = t.topk(5, 1, largest);
    auto [rv, ri] = topk_ref(a, 5, largest);
    expect_exact(v, rv);
    expect_exact(i, ri);
  }
}

TEST(Topk, AlongDimZeroOfAView) {
  const ref::Array a = ref::Array::random({8, 5}, 708);
  // topk over dim 0 of a equals topk over dim 1 of a^T, transposed back.
  auto [v, i] = tensor_of(a, float64).topk(3, 0, true);
  auto [rv, ri] = topk_ref(ref::permute(a, {1, 0}), 3, true);
  expect_close(v, ref::permute(rv, {1, 0}), 0);
  expect_exact(i, ref::permute(ri, {1, 0}));
  // And of a flipped, padded view.
  const ref::Array view = ref::pad(ref::flip(a, 1), {{0, 0}, {1, 2}}, 0.0);
  auto [pv, pi] = tensor_of(a, float64).flip(1).pad({{0, 0}, {1, 2}}).topk(2, 1, false);
  auto [rpv, rpi] = topk_ref(view, 2, false);
  expect_close(pv, rpv, 0);
  expect_exact(pi, rpi);
}

TEST(Topk, SortAndArgsortInBothDirections) {
  const ref::Array a = ref::Array::random_ints({4, 10}, 709, -5, 5);
  const Tensor t = tensor_of(a, float64);
  for (bool descending : {false, true}) {
    auto [v, i] = t.sort(-1, descending);
    auto [rv, ri] = topk_ref(a, 10, descending);
    expect_close(v, rv, 0);
    expect_exact(i, ri);
    expect_exact(t.argsort(1, descending), ri);
  }
}

TEST(Topk, KOutOfRangeAndBadDimNameTheShape) {
  const Tensor t = Tensor::ones({3, 4}, float32);
  check::expect_error([&] { (void)t.topk(5); }, {"topk", "k=5", "(3, 4)"});
  check::expect_error([&] { (void)t.topk(0); }, {"topk", "k=0"});
  check::expect_error([&] { (void)t.topk(1, 2); }, {"topk", "(3, 4)"});
  check::expect_error([&] { (void)t.sort(-3); }, {"sort", "(3, 4)"});
}

// A bounded top-k over where(row mask, x, y), y a constant that cannot enter, runs its selection loop only under
// IF(row mask) (a K-NN of deleted hypotheses costs nothing). The result must equal the unmasked reference with masked
// rows all empty; a mask that also varies along the row keeps its per-element part; a constant that can enter gets
// no gate.
TEST(Topk, RowInvariantMaskSkipsTheRowAndMatchesTheReference) {
  const int64_t rows = 13, n = 29;
  const ref::Array a = ref::Array::random({rows, n}, 741);
  const ref::Array row_bits = ref::Array::random_ints({rows, 1}, 742, 0, 1);
  const ref::Array elem_bits = ref::Array::random_ints({rows, n}, 743, 0, 1);
  const double inf = std::numeric_limits<double>::infinity();
  const Tensor t = tensor_of(a, float64), row_mask = tensor_of(row_bits, int32) != 0.0,
               elem_mask = tensor_of(elem_bits, int32) != 0.0;
  struct Case {
    const char* name;
    bool largest, per_element;
    double bound, masked_value;
    bool gated;
  };
  for (const Case& c : {Case{"smallest, +inf", false, false, 0.1, inf, true},
                        Case{"smallest, row and element mask", false, true, 0.1, inf, true},
                        Case{"smallest, a constant above the bound", false, false, 0.1, 0.3, true},
                        Case{"largest, -inf", true, false, 0.6, -inf, true},
                        Case{"smallest, a constant that enters", false, false, 0.1, -5.0, false},
                        Case{"largest, NaN (enters a largest-k)", true, false, 0.6, std::nan(""), false}}) {
    SCOPED_TRACE(c.name);
    bool saw_gate = false, saw_topk = false;
    ScopedOptChooser inspect([&](const ScheduledKernel& k, const OptTarget& target) {
      const std::vector<Opt> opts = heuristic_opts(k, target);
      const LinearProgram program = lower(apply_opts(k, opts, target));
      for (size_t i = 0; i < program.ops.size(); ++i) {
        if (program.ops[i].op() != Op::DEFINE_REG) continue;
        saw_topk = true;
        // An IF that opens before the selection loop, not the insertion chain's IF inside it.
        for (size_t j = i; j < program.ops.size(); ++j) {
          if (program.ops[j].op() == Op::RANGE && program.ops[j].arg_as<RangeArg>().kind == AxisKind::Reduce) break;
          saw_gate = saw_gate || program.ops[j].op() == Op::IF;
        }
        break;
      }
      return opts;
    });
    const Tensor keep = c.per_element ? row_mask.logical_and(elem_mask) : row_mask;
    auto [v, i] = where(keep, t, c.masked_value).topk(5, -1, c.largest, c.bound);
    Tensor::realize_all({&v, &i});
    ref::Array masked = a;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t e = 0; e < n; ++e)
        if (row_bits.v[r] == 0 || (c.per_element && elem_bits.v[r * n + e] == 0)) masked.v[r * n + e] = c.masked_value;
    auto [rv, ri] = bounded_topk_ref(masked, 5, c.largest, c.bound);
    expect_close(v, rv, 0);
    expect_exact(i, ri);
    EXPECT_TRUE(saw_topk);
    EXPECT_EQ(saw_gate, c.gated);
  }
}

TEST(Topk, DistanceThenTopkIsOneKernel) {
  const ref::Array q = ref::Array::random({37, 3}, 710), p = ref::Array::random({101, 3}, 711);
  const Tensor tq = tensor_of(q), tp = tensor_of(p);
  const Tensor diff = tq.unsqueeze(1) - tp.unsqueeze(0); // (37, 101, 3)
  const Tensor dist = (diff * diff).sum(-1);
  auto [v, i] = dist.topk(5, -1, false);
  const uint64_t before = kernels_launched();
  Tensor::realize_all({&v, &i});
  EXPECT_EQ(kernels_launched() - before, 1u);
  ref::Array d{{37, 101}, {}};
  for (int a = 0; a < 37; ++a)
    for (int b = 0; b < 101; ++b) {
      double s = 0;
      for (int c = 0; c < 3; ++c)
        s += (q.v[a * 3 + c] - p.v[b * 3 + c]) * (q.v[a * 3 + c] - p.v[b * 3 + c]);
      d.v.push_back(s);
    }
  auto [rv, ri] = topk_ref(d, 5, false);
  expect_close(v, rv, 1e-5);
  expect_exact(i, ri);
}

} // namespace
} // namespace lmc
