// Top-k carrying a payload (Tensor::topk_carrying) against a float64 stable-sort reference: the values as topk's, and
// in place of each selected position the payload's entry there (-1 where a bound left the slot empty). Payloads are
// negative and positive (an empty slot is never told by its index), int16 and int32, broadcast views and expressions;
// selections run plain, bounded, row-gated and in register tiles.
#include "check.hpp"
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

// The stable-sort reference with the payload's entries in place of the positions.
std::pair<ref::Array, ref::Array> carried_ref(const ref::Array& a, const ref::Array& payload, int64_t k, bool largest,
                                              std::optional<double> bound) {
  return ref::topk_reference(a, k, largest, bound, &payload);
}

using ref::tied_values;

TEST(TopkCarrying, CarriesThePayloadAtTheSelectedPositions) {
  for (const auto& [rows, n] : {std::pair{12, 37}, std::pair{5, 70}, std::pair{9, 3}}) {
    const ref::Array a = tied_values(rows, n, 1200 + static_cast<uint64_t>(n));
    const ref::Array payload = ref::Array::random_ints({rows, n}, 1300 + static_cast<uint64_t>(n), -60, 60);
    const Tensor t = tensor_of(a, float64);
    for (DType pdt : {int32, int16}) {
      const Tensor p = tensor_of(payload, pdt);
      for (bool largest : {false, true})
        for (int64_t k : {int64_t{1}, int64_t{std::min(5, n)}, int64_t{n}})
          for (std::optional<double> bound : {std::optional<double>{}, std::optional<double>{largest ? -0.5 : 0.5}}) {
            SCOPED_TRACE(testing::Message() << rows << " x " << n << " " << pdt.name() << " k=" << k
                                            << " largest=" << largest << " bounded=" << bound.has_value());
            auto [v, c] = t.topk_carrying(p, k, -1, largest, bound);
            EXPECT_EQ(c.dtype(), int32);
            auto [rv, rc] = carried_ref(a, payload, k, largest, bound);
            expect_close(v, rv, 0);
            expect_exact(c, rc);
          }
    }
  }
}

// The payload as a broadcast view and as an expression of the row and column (fused into the selection's loop), the
// selection along the first axis of a transposed (strided) view.
TEST(TopkCarrying, PayloadsFromViewsAndExpressions) {
  const int64_t rows = 10, n = 23;
  const ref::Array a = tied_values(rows, n, 1400);
  const ref::Array column = ref::Array::random_ints({1, n}, 1401, -9, 9);
  ref::Array broadcast{{rows, n}, {}}, expression{{rows, n}, {}};
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t i = 0; i < n; ++i) {
      broadcast.v.push_back(column.v[i]);
      expression.v.push_back(static_cast<double>(r * 100 - i * 3));
    }
  const Tensor t = tensor_of(a, float64);
  const Tensor viewed = tensor_of(column, int32).expand({rows, n});
  const Tensor computed = Tensor::arange(rows, int32, t.device()).reshape({rows, 1}) * 100 -
                          Tensor::arange(n, int32, t.device()).reshape({1, n}) * 3;
  for (const auto& [p, ref_payload] : {std::pair{viewed, broadcast}, std::pair{computed, expression}}) {
    auto [v, c] = t.topk_carrying(p, 4, -1, false, 1.0);
    auto [rv, rc] = carried_ref(a, ref_payload, 4, false, 1.0);
    expect_close(v, rv, 0);
    expect_exact(c, rc);
  }
  // Along axis 0 of the transpose: the same selections as along axis 1 of the original, read with a stride.
  auto [v, c] = t.transpose(0, 1).topk_carrying(computed.transpose(0, 1), 3, 0, true);
  auto [rv, rc] = carried_ref(a, expression, 3, true, std::nullopt);
  expect_close(v.transpose(0, 1), rv, 0);
  expect_exact(c.transpose(0, 1), rc);
}

// A nearest-neighbour selection over masked rows (the row-invariant where(live, d, +inf) skips the loop), pinned to
// register tiles of 4 and 8 rows on the CPU: each tile element carries its own row's payload.
TEST(TopkCarrying, TiledAndRowGatedSelections) {
  const int64_t rows = 24, n = 41;
  const ref::Array q = ref::Array::random_ints({rows, 1, 3}, 1500, -3, 3),
                   pts = ref::Array::random_ints({1, n, 3}, 1501, -3, 3);
  const ref::Array payload = ref::Array::random_ints({rows, n}, 1502, -1000, 1000);
  ref::Array live = ref::Array::random_ints({rows, 1}, 1503, 0, 1);
  for (int64_t r = 8; r < 16; ++r)
    live.v[r] = 0;
  ref::Array d{{rows, n}, {}};
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t e = 0; e < n; ++e) {
      double s = 0;
      for (int64_t c = 0; c < 3; ++c)
        s += (q.v[r * 3 + c] - pts.v[e * 3 + c]) * (q.v[r * 3 + c] - pts.v[e * 3 + c]);
      d.v.push_back(live.v[r] != 0 ? s : std::numeric_limits<double>::infinity());
    }
  const Tensor dist = (tensor_of(q) - tensor_of(pts)).pow(2.0).sum(-1);
  const Tensor masked = where(tensor_of(live, int32) != 0.0, dist, std::numeric_limits<double>::infinity());
  const Tensor p = tensor_of(payload, int32);
  for (const std::vector<Opt>& opts :
       {std::vector<Opt>{}, std::vector<Opt>{{OptOp::UPCAST, 0, 8}}, std::vector<Opt>{{OptOp::UPCAST, 0, 4}}})
    for (std::optional<double> bound : {std::optional<double>{}, std::optional<double>{6.5}}) {
      SCOPED_TRACE(testing::Message() << opts_str(opts) << " bounded=" << bound.has_value());
      auto [v, c] = masked.topk_carrying(p, 7, -1, false, bound);
      bool used = opts.empty();
      ScopedOptChooser pin([&](const ScheduledKernel& k, const OptTarget& target) {
        const bool selects = std::ranges::any_of(k.ast.toposort(), [](UOp u) { return u.op() == Op::TOPK; });
        if (!selects || opts.empty()) return heuristic_opts(k, target);
        used = true;
        return opts;
      });
      Tensor::realize_all({&v, &c});
      EXPECT_TRUE(used);
      auto [rv, rc] = carried_ref(d, payload, 7, false, bound);
      expect_close(v, rv, 0);
      expect_exact(c, rc);
    }
}

TEST(TopkCarrying, BadPayloadsAreRefusedByName) {
  const Tensor t = tensor_of(tied_values(4, 6, 1600), float32);
  auto refused = [&](const Tensor& p, const std::string& what) {
    try {
      (void)t.topk_carrying(p, 2);
      ADD_FAILURE() << "accepted a payload that " << what;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  refused(tensor_of(ref::Array::random_ints({4, 5}, 1601, 0, 9), int32), "shape");
  refused(tensor_of(ref::Array::random_ints({4, 6}, 1602, 0, 9), int64), "int32 holds exactly");
  refused(tensor_of(ref::Array::random({4, 6}, 1603), float32), "int32 holds exactly");
  EXPECT_THROW((void)t.topk_carrying(tensor_of(ref::Array::random_ints({4, 6}, 1604, 0, 9), int32), 7), Error);
}

} // namespace
} // namespace lmc
