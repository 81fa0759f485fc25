// Tensor::empty and Tensor::clone: tensors over a buffer of their own. Their own file because what they promise is
// about buffer identity and the realized-expression cache (state a plan writes in place), not about any op's math.
#include "check.hpp"
#include "runtime/buffer.hpp"
#include "runtime/realize.hpp"

#include <cstring>

namespace lmc {
namespace {

// Overwrites every element of a realized float64 tensor's buffer from the host, as a plan writing in place would.
void overwrite(const Tensor& t, const std::vector<double>& values) {
  ASSERT_EQ(static_cast<int64_t>(values.size()), t.numel());
  t.buffer()->copy_in(values.data(), values.size() * sizeof(double));
}

TEST(Empty, IsRealizedOverAFreshWritableBufferOfTheShape) {
  Tensor a = Tensor::empty({3, 5, 7}, float64);
  Tensor b = Tensor::empty({3, 5, 7}, float64);
  EXPECT_EQ(shape_str(a.shape()), "(3, 5, 7)");
  EXPECT_EQ(a.dtype(), float64);
  ASSERT_NE(a.buffer(), nullptr);
  EXPECT_EQ(a.buffer()->size(), 105);
  EXPECT_NE(a.buffer()->id(), b.buffer()->id());
  EXPECT_NE(a.buffer()->ptr(), b.buffer()->ptr());
  // Writes land where reads look, and only there.
  const ref::Array want = ref::Array::random({3, 5, 7}, 910);
  overwrite(a, want.v);
  check::expect_close(a.reshape({3, 5, 7}), want, 0);
  overwrite(b, ref::map(want, [](double x) { return -x; }).v);
  check::expect_close(a, want, 0);
  check::expect_close(b, ref::map(want, [](double x) { return -x; }), 0);
}

TEST(Empty, OfEachScalarDtypeAndOfZeroElements) {
  for (DType dt : {bool_, int8, uint16, int32, int64, float32, float64}) {
    Tensor t = Tensor::empty({2, 3}, dt);
    EXPECT_EQ(t.dtype(), dt);
    EXPECT_EQ(t.buffer()->bytes(), static_cast<size_t>(6 * dt.itemsize())) << dt.name();
  }
  Tensor none = Tensor::empty({4, 0, 3}, float32);
  EXPECT_EQ(none.numel(), 0);
  EXPECT_TRUE(none.to_vector<float>().empty());
}

TEST(Empty, BadShapeDtypeOrDeviceRaises) {
  check::expect_error([] { Tensor::empty({3, -2}, float32); }, {"empty", "-2"});
  check::expect_error([] { Tensor::empty({INT64_MAX / 2, 4}, float64); }, {"empty"});
  check::expect_error([] { Tensor::empty({3}, void_); }, {"empty", "void", "not an element type"});
  check::expect_error([] { Tensor::empty({3}, float32.vec(4)); }, {"empty", "not an element type"});
  check::expect_error([] { Tensor::empty({3}, float32.ptr()); }, {"empty", "not an element type"});
  check::expect_error([] { Tensor::empty({3}, float32, "TPU"); }, {"TPU"});
}

// Non-power-of-two sizes through a permuted, flipped, shrunk view: the clone holds the view's values in order.
TEST(Clone, CopiesAStridedViewExactlyWithOneKernel) {
  const ref::Array a = ref::Array::random({5, 7, 3}, 911);
  const Tensor x = check::tensor_of(a, float64);
  const Tensor view = x.permute({2, 0, 1}).flip(1).shrink({{0, 3}, {1, 5}, {2, 7}});
  const ref::Array want = ref::shrink(ref::flip(ref::permute(a, {2, 0, 1}), 1), {{0, 3}, {1, 5}, {2, 7}});
  const uint64_t before = kernels_launched();
  Tensor c = view.clone();
  EXPECT_EQ(kernels_launched() - before, 1u);
  EXPECT_EQ(shape_str(c.shape()), "(3, 4, 5)");
  const uint64_t read = kernels_launched();
  check::expect_close(c.reshape({3, 4, 5}), want, 0); // a view of c: no kernel
  std::vector<double> got = c.to_vector<double>();
  EXPECT_EQ(kernels_launched() - read, 0u); // reads of the clone's buffer and a reshape of it compute nothing
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_EQ(got[i], want.v[i]) << "at flat index " << i;
}

TEST(Clone, KeepsTheDtypeAndValuesOfIntegersBoolsAndFloat32) {
  const ref::Array ints = ref::Array::random_ints({13, 3}, 912, -1000, 1000);
  for (DType dt : {int32, int64, float32, bool_, uint8}) {
    const ref::Array src = dt == uint8 ? ref::map(ints, [](double v) { return std::floor(std::abs(v) / 8); }) : ints;
    const Tensor x = check::tensor_of(src, dt);
    Tensor c = x.transpose(0, 1).clone();
    EXPECT_EQ(c.dtype(), dt) << dt.name();
    const ref::Array want =
        dt == bool_
            ? ref::map(ref::permute(src, {1, 0}), [](double v) { return v != 0.0 ? 1.0 : 0.0; })
            : ref::permute(dt == float32 ? ref::map(src, [](double v) { return double(float(v)); }) : src, {1, 0});
    check::expect_exact(c, want);
  }
}

// The point of a clone: a later write to either buffer is never seen by the other.
TEST(Clone, OfARealizedTensorIsADistinctBufferWritesStayApart) {
  const ref::Array a = ref::Array::random({4, 9}, 913);
  Tensor x = check::tensor_of(a, float64);
  x.realize();
  Tensor c = x.clone();
  ASSERT_NE(c.buffer()->id(), x.buffer()->id());
  ASSERT_NE(c.buffer()->ptr(), x.buffer()->ptr());
  check::expect_close(c, a, 0);
  overwrite(c, std::vector<double>(36, 7.0));
  check::expect_close(x, a, 0);
  overwrite(x, std::vector<double>(36, -3.0));
  check::expect_close(c, ref::map(a, [](double) { return 7.0; }), 0);
}

// Realized expressions are remembered by graph, so `zeros(shape).contiguous()` twice is one buffer; clones of the
// same expression are not, and a clone is never what a later contiguous() of that expression finds.
TEST(Clone, TheRealizedCacheNeverAliasesAClone) {
  const Shape shape{3, 11};
  Tensor first = Tensor::zeros(shape, float64).contiguous();
  first.realize();
  Tensor second = Tensor::zeros(shape, float64).contiguous();
  second.realize();
  EXPECT_EQ(first.buffer()->id(), second.buffer()->id()); // the cache at work, which is why clone exists

  Tensor c1 = Tensor::zeros(shape, float64).clone();
  Tensor c2 = Tensor::zeros(shape, float64).clone();
  Tensor c3 = Tensor::zeros(shape, float64).contiguous().clone(); // a CONTIGUOUS root, realized before
  const std::vector<int64_t> ids{first.buffer()->id(), c1.buffer()->id(), c2.buffer()->id(), c3.buffer()->id()};
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t j = i + 1; j < ids.size(); ++j)
      EXPECT_NE(ids[i], ids[j]) << i << " and " << j;

  overwrite(c1, std::vector<double>(33, 5.0));
  overwrite(c3, std::vector<double>(33, 6.0));
  Tensor again = Tensor::zeros(shape, float64).contiguous();
  check::expect_close(again, ref::Array{shape, std::vector<double>(33, 0.0)}, 0);
  check::expect_close(c2, ref::Array{shape, std::vector<double>(33, 0.0)}, 0);
  check::expect_close(first, ref::Array{shape, std::vector<double>(33, 0.0)}, 0);
}

// A lazy expression whose inner part was realized earlier: the clone reads that buffer (no recompute) and still
// writes its own.
TEST(Clone, OfALazyExpressionReusesRealizedInputsButNotTheResult) {
  const ref::Array a = ref::Array::random({6, 5}, 914);
  const Tensor x = check::tensor_of(a, float64);
  Tensor sum = x.sum(1);
  sum.realize();
  Tensor plain = (x.sum(1) * 2.0).contiguous();
  plain.realize();
  const uint64_t before = kernels_launched();
  Tensor c = (x.sum(1) * 2.0).clone();
  EXPECT_EQ(kernels_launched() - before, 1u); // the copy; the sum is found realized
  EXPECT_NE(c.buffer()->id(), plain.buffer()->id());
  check::expect_close(c,
                      ref::map(ref::reduce(a, {1}, false, 0.0, [](double s, double v) { return s + v; }),
                               [](double v) { return 2 * v; }),
                      1e-12);
}

TEST(Clone, OfZeroElementsIsAnEmptyTensorOfTheShape) {
  Tensor c = Tensor::zeros({0, 4}, int32).clone();
  EXPECT_EQ(shape_str(c.shape()), "(0, 4)");
  EXPECT_EQ(c.dtype(), int32);
  EXPECT_TRUE(c.to_vector<int32_t>().empty());
}

} // namespace
} // namespace lmc
