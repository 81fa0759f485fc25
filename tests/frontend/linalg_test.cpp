// Linear algebra against naive float64 loops: matmul (odd sizes, batched, broadcast batch dims, 1-D operands,
// transposed views), dot, cross, norm; an inner-dimension mismatch names both shapes.
#include "check.hpp"

namespace lmc {
namespace {

using check::expect_close;
using check::tensor_of;

// Batched reference: a (B, n, k) @ b (B, k, m) given as flat batches.
ref::Array batched(const std::vector<ref::Array>& as, const std::vector<ref::Array>& bs, Shape batch_shape) {
  ref::Array out{batch_shape, {}};
  for (size_t i = 0; i < as.size(); ++i) {
    const ref::Array m = ref::matmul(as[i], bs[i]);
    out.v.insert(out.v.end(), m.v.begin(), m.v.end());
  }
  out.shape.insert(out.shape.end(), {as[0].shape[0], bs[0].shape[1]});
  return out;
}

ref::Array slice_batch(const ref::Array& a, int64_t i) {
  const int64_t n = a.shape[a.shape.size() - 2], k = a.shape.back();
  return ref::Array{{n, k}, std::vector<double>(a.v.begin() + i * n * k, a.v.begin() + (i + 1) * n * k)};
}

TEST(Matmul, OddSizesInFloat32AndFloat64) {
  const ref::Array a = ref::Array::random({17, 29}, 600), b = ref::Array::random({29, 13}, 601);
  expect_close(tensor_of(a, float64).matmul(tensor_of(b, float64)), ref::matmul(a, b), 1e-13);
  expect_close(tensor_of(a).matmul(tensor_of(b)), ref::matmul(a, b), 1e-5);
}

TEST(Matmul, BatchedAndBroadcastBatchDims) {
  const ref::Array a = ref::Array::random({3, 5, 7}, 602), b = ref::Array::random({3, 7, 4}, 603);
  std::vector<ref::Array> as, bs;
  for (int i = 0; i < 3; ++i) {
    as.push_back(slice_batch(a, i));
    bs.push_back(slice_batch(b, i));
  }
  expect_close(tensor_of(a, float64).matmul(tensor_of(b, float64)), batched(as, bs, {3}), 1e-13);
  // (2, 1, 5, 6) @ (3, 6, 4) -> (2, 3, 5, 4).
  const ref::Array c = ref::Array::random({2, 1, 5, 6}, 604), d = ref::Array::random({3, 6, 4}, 605);
  as.clear();
  bs.clear();
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      as.push_back(slice_batch(c, i));
      bs.push_back(slice_batch(d, j));
    }
  expect_close(tensor_of(c, float64).matmul(tensor_of(d, float64)), batched(as, bs, {2, 3}), 1e-13);
}

TEST(Matmul, OneDimensionalOperands) {
  const ref::Array m = ref::Array::random({6, 9}, 606), v = ref::Array::random({9}, 607),
                   w = ref::Array::random({6}, 608);
  const Tensor tm = tensor_of(m, float64);
  ref::Array mv = ref::matmul(m, ref::Array{{9, 1}, v.v});
  expect_close(tm.matmul(tensor_of(v, float64)), ref::Array{{6}, mv.v}, 1e-13);
  ref::Array wm = ref::matmul(ref::Array{{1, 6}, w.v}, m);
  expect_close(tensor_of(w, float64).matmul(tm), ref::Array{{9}, wm.v}, 1e-13);
  const Tensor vv = tensor_of(v, float64).matmul(tensor_of(v, float64));
  EXPECT_EQ(vv.ndim(), 0);
  double s = 0;
  for (double x : v.v)
    s += x * x;
  expect_close(vv, ref::Array{{}, {s}}, 1e-13);
}

TEST(Matmul, TransposedAndSlicedOperandViews) {
  const ref::Array a = ref::Array::random({11, 8}, 609), b = ref::Array::random({5, 11}, 610);
  // a^T (8x11) @ b^T (11x5)
  expect_close(tensor_of(a, float64).transpose().matmul(tensor_of(b, float64).transpose()),
               ref::matmul(ref::permute(a, {1, 0}), ref::permute(b, {1, 0})), 1e-13);
  // A flipped, sliced left operand.
  const ref::Array af = ref::shrink(ref::flip(a, 0), {{2, 9}, {0, 8}});
  const ref::Array c = ref::Array::random({8, 3}, 611);
  expect_close(tensor_of(a, float64).flip(0).slice({{2, 9}}).matmul(tensor_of(c, float64)), ref::matmul(af, c), 1e-13);
}

TEST(Matmul, InnerDimensionMismatchNamesBothShapes) {
  const Tensor a = Tensor::ones({4, 5}, float32), b = Tensor::ones({6, 3}, float32);
  check::expect_error([&] { (void)a.matmul(b); }, {"matmul", "(4, 5)", "(6, 3)"});
  check::expect_error([&] { (void)a.matmul(Tensor::full({}, 1.0, float32)); }, {"matmul"});
  check::expect_error([&] { (void)Tensor::ones({3}, float32).dot(Tensor::ones({4}, float32)); },
                      {"dot", "(3,)", "(4,)"});
}

TEST(Linalg, DotCrossNorm) {
  const ref::Array a = ref::Array::random({23}, 612), b = ref::Array::random({23}, 613);
  double s = 0;
  for (int i = 0; i < 23; ++i)
    s += a.v[i] * b.v[i];
  expect_close(tensor_of(a, float64).dot(tensor_of(b, float64)), ref::Array{{}, {s}}, 1e-14);

  const ref::Array u = ref::Array::random({5, 3}, 614), w = ref::Array::random({5, 3}, 615);
  ref::Array want{{5, 3}, {}};
  for (int r = 0; r < 5; ++r) {
    const double* x = &u.v[r * 3];
    const double* y = &w.v[r * 3];
    want.v.insert(want.v.end(), {x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]});
  }
  expect_close(tensor_of(u, float64).cross(tensor_of(w, float64)), want, 1e-15);
  // Along dim 0 of the transposed operands.
  expect_close(tensor_of(u, float64).transpose().cross(tensor_of(w, float64).transpose(), 0),
               ref::permute(want, {1, 0}), 1e-15);
  check::expect_error([&] { (void)tensor_of(a).cross(tensor_of(b)); }, {"cross", "(23,)"});

  const ref::Array m = ref::Array::random({4, 7, 3}, 616);
  const ref::Array sq = ref::map(m, [](double x) { return x * x; });
  auto root = [](double x) { return std::sqrt(x); };
  expect_close(tensor_of(m, float64).norm(), ref::map(ref::reduce(sq, {}, false, 0.0, std::plus<>()), root), 1e-14);
  expect_close(tensor_of(m, float64).norm({-1}), ref::map(ref::reduce(sq, {2}, false, 0.0, std::plus<>()), root),
               1e-14);
  expect_close(tensor_of(m, float64).norm({0, 2}, true),
               ref::map(ref::reduce(sq, {0, 2}, true, 0.0, std::plus<>()), root), 1e-14);
}

} // namespace
} // namespace lmc
