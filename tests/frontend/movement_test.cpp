// Movement ops beyond tensor_test: squeeze/unsqueeze/flatten/transpose/reshape, strided slices over several axes,
// cat of three tensors and stack on every dim, chains of views; mismatched shapes raise lmc::Error.
#include "check.hpp"

namespace lmc {
namespace {

using check::expect_close;
using check::tensor_of;

TEST(Movement, SqueezeUnsqueezeFlattenReshape) {
  const ref::Array a = ref::Array::random({3, 1, 5, 1}, 500);
  const Tensor t = tensor_of(a, float64);
  EXPECT_EQ(t.squeeze().shape(), (Shape{3, 5}));
  EXPECT_EQ(t.squeeze(1).shape(), (Shape{3, 5, 1}));
  EXPECT_EQ(t.squeeze(0).shape(), (Shape{3, 1, 5, 1})); // not of size 1: unchanged
  EXPECT_EQ(t.squeeze(-1).unsqueeze(0).shape(), (Shape{1, 3, 1, 5}));
  EXPECT_EQ(t.unsqueeze(-1).shape(), (Shape{3, 1, 5, 1, 1}));
  EXPECT_EQ(t.flatten().shape(), (Shape{15}));
  EXPECT_EQ(t.flatten(1, 2).shape(), (Shape{3, 5, 1}));
  EXPECT_EQ(t.reshape({-1, 3}).shape(), (Shape{5, 3}));
  expect_close(t.flatten(), ref::Array{{15}, a.v}, 0);
  expect_close(t.squeeze().unsqueeze(1).reshape({5, 3}), ref::Array{{5, 3}, a.v}, 0);
  check::expect_error([&] { (void)t.unsqueeze(6); }, {"unsqueeze", "(3, 1, 5, 1)"});
  check::expect_error([&] { (void)t.reshape({-1, -1}); }, {"reshape"});
  check::expect_error([&] { (void)t.reshape({4, -1}); }, {"reshape", "(3, 1, 5, 1)"});
}

TEST(Movement, TransposeOfThreeDimensions) {
  const ref::Array a = ref::Array::random({3, 4, 5}, 501);
  const Tensor t = tensor_of(a, float64);
  expect_close(t.transpose(), ref::permute(a, {0, 2, 1}), 0);
  expect_close(t.transpose(0, 2), ref::permute(a, {2, 1, 0}), 0);
  expect_close(t.transpose(-3, 1), ref::permute(a, {1, 0, 2}), 0);
  expect_close(t.transpose(0, 2).transpose(0, 2), a, 0);
  check::expect_error([&] { (void)t.transpose(0, 3); }, {"transpose", "(3, 4, 5)"});
  check::expect_error([&] { (void)t.permute({0, 1}); }, {"permute"});
}

// Python slice semantics on one axis: the positions it keeps.
std::vector<int64_t> py_slice(int64_t n, int64_t start, int64_t stop, int64_t step) {
  std::vector<int64_t> out;
  auto norm = [&](int64_t v, bool is_stop) {
    if (v == INT64_MAX) return step > 0 ? n : int64_t{-1};
    if (v < 0) v += n;
    if (step > 0) return std::clamp<int64_t>(v, 0, n);
    return std::clamp<int64_t>(v, -1, is_stop ? n - 1 : n - 1);
  };
  const int64_t s = start == INT64_MAX ? (step > 0 ? 0 : n - 1) : norm(start, false), e = norm(stop, true);
  for (int64_t i = s; step > 0 ? i < e : i > e; i += step)
    out.push_back(i);
  return out;
}

TEST(Movement, SlicesWithStepsOnSeveralAxes) {
  const ref::Array a = ref::Array::random({11, 9}, 502);
  const Tensor t = tensor_of(a, float64);
  const std::vector<std::array<int64_t, 3>> cases{{0, INT64_MAX, 2}, {1, 10, 3},  {-1, INT64_MAX, -2}, {8, 1, -3},
                                                  {-4, -1, 1},       {20, 30, 1}, {2, 100, 4},         {5, 5, 1}};
  for (auto r : cases)
    for (auto c : cases) {
      SCOPED_TRACE(testing::Message() << r[0] << ":" << r[1] << ":" << r[2] << ", " << c[0] << ":" << c[1] << ":"
                                      << c[2]);
      const std::vector<int64_t> rows = py_slice(11, r[0], r[1], r[2]), cols = py_slice(9, c[0], c[1], c[2]);
      ref::Array want{{static_cast<int64_t>(rows.size()), static_cast<int64_t>(cols.size())}, {}};
      for (int64_t i : rows)
        for (int64_t j : cols)
          want.v.push_back(a.v[i * 9 + j]);
      expect_close(t.slice({{r[0], r[1], r[2]}, {c[0], c[1], c[2]}}), want, 0);
    }
}

TEST(Movement, CatOfThreeTensorsOnEveryDim) {
  const ref::Array a = ref::Array::random({2, 3, 4}, 503), b = ref::Array::random({2, 3, 4}, 504),
                   c = ref::Array::random({2, 3, 4}, 505);
  for (int dim : {0, 1, 2, -1}) {
    SCOPED_TRACE(dim);
    const int d = dim < 0 ? dim + 3 : dim;
    // Vary the length of the middle piece along the cat dim.
    std::vector<std::pair<int64_t, int64_t>> cut{{0, 2}, {0, 3}, {0, 4}};
    cut[d] = {0, 1};
    const ref::Array bs = ref::shrink(b, cut);
    const Tensor got = Tensor::cat({tensor_of(a, float64), tensor_of(bs, float64), tensor_of(c, float64)}, dim);
    Shape shape = a.shape;
    shape[d] = a.shape[d] * 2 + 1;
    ref::Array want{shape, {}};
    for (int64_t flat = 0; flat < shape[0] * shape[1] * shape[2]; ++flat) {
      std::vector<int64_t> idx = want.unravel(flat);
      const int64_t n = a.shape[d];
      if (idx[d] < n) {
        want.v.push_back(a.at(idx));
      } else if (idx[d] == n) {
        idx[d] = 0;
        want.v.push_back(bs.at(idx));
      } else {
        idx[d] -= n + 1;
        want.v.push_back(c.at(idx));
      }
    }
    expect_close(got, want, 0);
  }
  // Mixed dtypes promote; bool pieces stay bool.
  EXPECT_EQ(Tensor::cat({Tensor::arange(3), tensor_of(a).flatten()}).dtype(), float32);
  const Tensor bools = Tensor::cat({Tensor::ones({2}, bool_), Tensor::zeros({1}, bool_), Tensor::ones({1}, bool_)});
  EXPECT_EQ(bools.to_vector<bool>(), (std::vector<bool>{true, true, false, true}));
}

TEST(Movement, CatOfMismatchedShapesNamesBoth) {
  const Tensor a = Tensor::ones({2, 3}, float32), b = Tensor::ones({2, 4}, float32);
  check::expect_error([&] { (void)Tensor::cat({a, b}, 0); }, {"cat", "(2, 3)", "(2, 4)"});
  check::expect_error([&] { (void)Tensor::cat({a, Tensor::ones({6}, float32)}, 0); }, {"cat", "rank"});
  check::expect_error([&] { (void)Tensor::cat({a, a}, 2); }, {"cat", "axis 2"});
  check::expect_error([&] { (void)Tensor::stack({a, b}); }, {"stack", "(2, 3)", "(2, 4)"});
}

TEST(Movement, StackOnEveryDim) {
  const ref::Array a = ref::Array::random({3, 4}, 506), b = ref::Array::random({3, 4}, 507),
                   c = ref::Array::random({3, 4}, 508);
  const std::vector<const ref::Array*> parts{&a, &b, &c};
  for (int dim : {0, 1, 2, -1}) {
    SCOPED_TRACE(dim);
    const int d = dim < 0 ? dim + 3 : dim;
    const Tensor got = Tensor::stack({tensor_of(a, float64), tensor_of(b, float64), tensor_of(c, float64)}, dim);
    Shape shape{3, 4};
    shape.insert(shape.begin() + d, 3);
    ref::Array want{shape, {}};
    for (int64_t flat = 0; flat < 36; ++flat) {
      std::vector<int64_t> idx = want.unravel(flat);
      const int64_t which = idx[d];
      idx.erase(idx.begin() + d);
      want.v.push_back(parts[which]->at(idx));
    }
    expect_close(got, want, 0);
  }
}

TEST(Movement, ChainsOfViewsCompose) {
  const ref::Array a = ref::Array::random({4, 6, 5}, 509);
  const Tensor t = tensor_of(a, float64);
  // permute -> flip -> pad -> shrink -> expand, against the same chain on the reference.
  ref::Array r = ref::permute(a, {2, 0, 1});
  r = ref::flip(r, 2);
  r = ref::pad(r, {{1, 0}, {0, 2}, {1, 1}}, 0.0);
  r = ref::shrink(r, {{0, 5}, {1, 6}, {2, 7}});
  const Tensor got = t.permute({2, 0, 1}).flip(2).pad({{1, 0}, {0, 2}, {1, 1}}).shrink({{0, 5}, {1, 6}, {2, 7}});
  expect_close(got, r, 0);
  const ref::Array row = ref::shrink(r, {{2, 3}, {0, 5}, {0, 5}});
  expect_close(got.shrink({{2, 3}, {0, 5}, {0, 5}}).expand({3, 5, 5}) * 2.0,
               ref::zip(row, ref::Array{{3, 1, 1}, {2, 2, 2}}, std::multiplies<>()), 0);
}

} // namespace
} // namespace lmc
