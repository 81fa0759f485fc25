// Top-k whose second loop takes candidate chunks (select_topk's candidate phase: a bit per element of a chunk that
// beats the last slot, then the chain for the set bits only) against the float64 stable-sort reference. Rows are long
// enough for chunks of 32, 16 and 8; they hold ties, NaNs, infinities, rows where every element of a chunk is a
// candidate (descending) and rows where none is (ascending); selections are smallest and largest, k from 1 to past a
// chunk, plain, bounded and carrying a payload, in float32 and float64. Each case checks that the chunks were used.
#include "check.hpp"
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/schedule.hpp"
#include "runtime/realize.hpp"
#include "topk_reference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace lmc {
namespace {

using check::expect_close;
using check::expect_exact;
using check::tensor_of;

// Realizes (v, second) and returns how many of the top-k kernels lowered their selection in candidate chunks.
int realize_counting_chunks(Tensor& v, Tensor& second) {
  int chunked = 0;
  ScopedOptChooser watch([&](const ScheduledKernel& k, const OptTarget& target) {
    const bool topk = std::ranges::any_of(k.ast.toposort(), [](UOp u) { return u.op() == Op::TOPK; });
    if (topk) {
      const LinearProgram p = lower(apply_opts(k, {}, target));
      chunked += std::ranges::any_of(p.ops, [](UOp u) { return u.op() == Op::POPCOUNT; });
    }
    return std::vector<Opt>{};
  });
  Tensor::realize_all({&v, &second});
  return chunked;
}

// Tied values and NaNs (ref::tied_values), and rows that stress the chunks: descending (every element beats the last
// slot, so every bit of a chunk is set for a smallest-k), ascending (none after the first k), several NaNs and
// infinities, and a row that is constant (all ties: the lowest indices must win).
ref::Array hard_rows(int64_t rows, int64_t n, uint64_t seed) {
  ref::Array a = ref::tied_values(rows, n, seed);
  auto row = [&](int64_t r) { return a.v.begin() + r * n; };
  if (rows > 1)
    for (int64_t i = 0; i < n; ++i)
      row(1)[i] = static_cast<double>(n - i) * 0.5;
  if (rows > 2)
    for (int64_t i = 0; i < n; ++i)
      row(2)[i] = static_cast<double>(i) * 0.5;
  if (rows > 4)
    for (int64_t i = 0; i < n; i += 5)
      row(4)[i] = i % 2 ? std::numeric_limits<double>::infinity() : std::nan("");
  if (rows > 5) {
    row(5)[n / 2] = -std::numeric_limits<double>::infinity();
    row(5)[n - 1] = std::numeric_limits<double>::infinity();
  }
  if (rows > 6) std::fill(row(6), row(6) + n, 1.25);
  return a;
}

TEST(TopkChunks, PlainSelectionsMatchTheStableSortReference) {
  // 203: chunks of 32 after the first k (with the rest in the first loop); 50: chunks of 16; 30: of 8.
  for (const auto& [rows, n] : {std::pair{8, 203}, std::pair{7, 50}, std::pair{7, 30}})
    for (DType dt : {float64, float32}) {
      const ref::Array a = hard_rows(rows, n, 2100 + static_cast<uint64_t>(n));
      const Tensor t = tensor_of(a, dt);
      for (bool largest : {false, true})
        for (int64_t k : {int64_t{1}, int64_t{5}, int64_t{std::min<int64_t>(11, n / 3)}}) {
          SCOPED_TRACE(testing::Message()
                       << rows << " x " << n << " " << dt.name() << " k=" << k << " largest=" << largest);
          auto [v, i] = t.topk(k, -1, largest);
          EXPECT_EQ(realize_counting_chunks(v, i), 1);
          auto [rv, ri] = ref::topk_reference(a, k, largest, std::nullopt);
          expect_close(v, rv, 0);
          expect_exact(i, ri);
        }
    }
}

// A bounded selection has no first loop: its chunks divide the row (96 = 3 x 32, 112 = 7 x 16, 40 = 5 x 8).
TEST(TopkChunks, BoundedSelectionsMatchTheStableSortReference) {
  for (const auto& [rows, n] : {std::pair{8, 96}, std::pair{7, 112}, std::pair{7, 40}})
    for (bool largest : {false, true}) {
      const ref::Array a = hard_rows(rows, n, 2200 + static_cast<uint64_t>(n));
      const Tensor t = tensor_of(a, float64);
      for (int64_t k : {int64_t{1}, int64_t{10}, int64_t{33}}) {
        const double bound = largest ? 1.0 : 0.75;
        SCOPED_TRACE(testing::Message() << rows << " x " << n << " k=" << k << " largest=" << largest);
        auto [v, i] = t.topk(k, -1, largest, bound);
        EXPECT_EQ(realize_counting_chunks(v, i), 1);
        auto [rv, ri] = ref::topk_reference(a, k, largest, bound);
        expect_close(v, rv, 0);
        expect_exact(i, ri);
      }
    }
}

// The payload is computed again with the value for each candidate: negative and positive int16 entries, carried.
TEST(TopkChunks, CarriedPayloadsMatchTheReference) {
  const int64_t rows = 7, n = 150;
  const ref::Array a = hard_rows(rows, n, 2300);
  const ref::Array payload = ref::Array::random_ints({rows, n}, 2301, -300, 300);
  const Tensor t = tensor_of(a, float32), p = tensor_of(payload, int16);
  for (bool largest : {false, true})
    for (std::optional<double> bound : {std::optional<double>{}, std::optional<double>{largest ? 2.0 : 0.5}}) {
      SCOPED_TRACE(testing::Message() << "largest=" << largest << " bounded=" << bound.has_value());
      auto [v, c] = t.topk_carrying(p, 9, -1, largest, bound);
      // 150 is no multiple of 8: the bounded selection keeps the loop of 4 elements per iteration.
      EXPECT_EQ(realize_counting_chunks(v, c), bound ? 0 : 1);
      auto [rv, rc] = ref::topk_reference(a, 9, largest, bound, &payload);
      expect_close(v, rv, 0);
      expect_exact(c, rc);
    }
}

// The K-NN the LM library runs: squared distances of queries to points as the value (an expression of two gathered
// rows, computed twice per candidate), with a broadcast over batches and a row count that is no power of two.
TEST(TopkChunks, NearestNeighboursOfAnExpressionMatchTheReference) {
  const ref::Array q = ref::Array::random({3, 41, 1, 3}, 2400), pts = ref::Array::random({3, 1, 131, 3}, 2401);
  const Tensor d = (tensor_of(q, float32) - tensor_of(pts, float32)).pow(2.0).sum(-1);
  auto [v, i] = d.topk(10, -1, false);
  EXPECT_EQ(realize_counting_chunks(v, i), 1);
  // The reference from float32 distances computed as the kernel does: ((dx^2 + dy^2) + dz^2).
  ref::Array dist{{3 * 41, 131}, {}};
  for (int64_t b = 0; b < 3; ++b)
    for (int64_t h = 0; h < 41; ++h)
      for (int64_t j = 0; j < 131; ++j) {
        float s = 0;
        for (int64_t c = 0; c < 3; ++c) {
          const float diff =
              static_cast<float>(q.v[(b * 41 + h) * 3 + c]) - static_cast<float>(pts.v[(b * 131 + j) * 3 + c]);
          s += diff * diff;
        }
        dist.v.push_back(s);
      }
  auto [rv, ri] = ref::topk_reference(dist, 10, false, std::nullopt);
  expect_exact(i.reshape({3 * 41, 10}), ri);
  expect_close(v.reshape({3 * 41, 10}), rv, 1e-6);
}

} // namespace
} // namespace lmc
