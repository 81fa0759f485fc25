// Reductions beyond sum/max/min (covered in tensor_test): prod, any, all, argmax, argmin, integer reductions, over
// several axes with keepdim, on permuted/flipped/expanded/sliced views; bad axes name the op and the shape.
#include "check.hpp"

namespace lmc {
namespace {

using check::expect_close;
using check::expect_exact;
using check::tensor_of;

TEST(Reduce, ProdOverSeveralAxesWithKeepdim) {
  const ref::Array a = ref::Array::random({3, 5, 4}, 400, 0.5, 1.5);
  const Tensor t = tensor_of(a, float64);
  for (std::vector<int> axes : std::vector<std::vector<int>>{{0}, {1}, {-1}, {0, 2}, {}})
    for (bool keep : {false, true}) {
      SCOPED_TRACE(testing::Message() << axes.size() << " axes, keepdim " << keep);
      expect_close(t.prod(axes, keep), ref::reduce(a, axes, keep, 1.0, std::multiplies<>()), 1e-14);
    }
  const ref::Array ints = ref::Array::random_ints({4, 3}, 401, -3, 3);
  expect_exact(tensor_of(ints, int32).prod(1), ref::reduce(ints, {1}, false, 1.0, std::multiplies<>()));
}

TEST(Reduce, AnyAllOverSeveralAxes) {
  const ref::Array a = ref::Array::random_ints({4, 6, 3}, 402, 0, 3); // zeros in some places
  const Tensor t = tensor_of(a, int32);
  auto any = [](double acc, double x) { return (acc != 0 || x != 0) ? 1.0 : 0.0; };
  auto all = [](double acc, double x) { return (acc != 0 && x != 0) ? 1.0 : 0.0; };
  for (std::vector<int> axes : std::vector<std::vector<int>>{{0}, {2}, {0, 1}, {1, 2}, {}})
    for (bool keep : {false, true}) {
      SCOPED_TRACE(testing::Message() << axes.size() << " axes, keepdim " << keep);
      EXPECT_EQ(t.any(axes, keep).dtype(), bool_);
      expect_exact(t.any(axes, keep).cast(int32), ref::reduce(a, axes, keep, 0.0, any));
      expect_exact((t > 0.0).all(axes, keep).cast(int32), ref::reduce(a, axes, keep, 1.0, all));
    }
}

// Reference argmax/argmin along one axis: the first index of the extreme value.
ref::Array arg_extreme(const ref::Array& a, int axis, bool largest, bool keepdim) {
  ref::Array best = ref::reduce(a, {axis}, true, largest ? -INFINITY : INFINITY,
                                [&](double x, double y) { return largest ? std::max(x, y) : std::min(x, y); });
  ref::Array out{best.shape, std::vector<double>(best.v.size(), -1.0)};
  for (int64_t flat = 0; flat < a.numel(); ++flat) {
    std::vector<int64_t> idx = a.unravel(flat);
    const int64_t pos = idx[axis];
    idx[axis] = 0;
    double& slot = out.v[out.ravel(idx)];
    if (slot < 0 && a.v[flat] == best.v[out.ravel(idx)]) slot = static_cast<double>(pos);
  }
  if (!keepdim) out.shape.erase(out.shape.begin() + axis);
  return out;
}

TEST(Reduce, ArgmaxArgminOnEveryAxisWithTiesKeepingTheFirst) {
  const ref::Array a = ref::Array::random_ints({5, 7, 3}, 403, -2, 2); // many ties
  const Tensor t = tensor_of(a);
  for (int axis : {0, 1, 2, -1})
    for (bool keep : {false, true}) {
      SCOPED_TRACE(testing::Message() << "axis " << axis << " keepdim " << keep);
      const int ax = axis < 0 ? axis + 3 : axis;
      EXPECT_EQ(t.argmax(axis, keep).dtype(), int32);
      expect_exact(t.argmax(axis, keep), arg_extreme(a, ax, true, keep));
      expect_exact(t.argmin(axis, keep), arg_extreme(a, ax, false, keep));
    }
}

TEST(Reduce, ReductionsOfFlippedExpandedAndSlicedViews) {
  const ref::Array a = ref::Array::random({6, 5}, 404);
  const Tensor t = tensor_of(a, float64);
  auto mx = [](double x, double y) { return std::max(x, y); };
  expect_close(t.flip(0).max(1), ref::reduce(ref::flip(a, 0), {1}, false, -INFINITY, mx), 0);
  expect_exact(t.flip(1).argmax(1), arg_extreme(ref::flip(a, 1), 1, true, false));
  const ref::Array col = ref::Array::random({6, 1}, 405);
  const ref::Array wide = ref::zip(col, ref::Array{{1, 9}, std::vector<double>(9, 0.0)}, std::plus<>());
  expect_close(tensor_of(col, float64).expand({6, 9}).sum({0, 1}), ref::reduce(wide, {0, 1}, false, 0.0, std::plus<>()),
               1e-14);
  const ref::Array sliced = ref::shrink(a, {{1, 5}, {1, 4}});
  expect_close(t.slice({{1, 5}, {1, 4}}).prod({0, 1}, true),
               ref::reduce(sliced, {0, 1}, true, 1.0, std::multiplies<>()), 1e-14);
  expect_close(t.permute({1, 0}).mean(0),
               ref::map(ref::reduce(a, {1}, false, 0.0, std::plus<>()), [](double s) { return s / 5; }), 1e-14);
}

TEST(Reduce, IntegerReductionsAreExact) {
  const ref::Array a = ref::Array::random_ints({9, 11}, 406, -1000, 1000);
  const Tensor t = tensor_of(a, int64);
  expect_exact(t.sum(0), ref::reduce(a, {0}, false, 0.0, std::plus<>()));
  expect_exact(t.max({0, 1}), ref::reduce(a, {}, false, -INFINITY, [](double x, double y) { return std::max(x, y); }));
  expect_exact(t.min(1, true), ref::reduce(a, {1}, true, INFINITY, [](double x, double y) { return std::min(x, y); }));
  EXPECT_EQ(t.sum(0).dtype(), int64);
  EXPECT_EQ(tensor_of(a, int32).mean().dtype(), float32);
}

TEST(Reduce, BadAxesNameTheOpAndShape) {
  const Tensor t = Tensor::ones({3, 4}, float32);
  check::expect_error([&] { (void)t.sum(2); }, {"sum", "axis 2", "(3, 4)"});
  check::expect_error([&] { (void)t.prod(-3); }, {"prod", "(3, 4)"});
  check::expect_error([&] { (void)t.any({0, 0}); }, {"any", "twice"});
  check::expect_error([&] { (void)t.argmax(5); }, {"(3, 4)"});
  check::expect_error([&] { (void)Tensor::ones({0, 2}, float32).max(0); }, {"max", "empty"});
}

} // namespace
} // namespace lmc
