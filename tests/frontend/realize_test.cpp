// Reading values out: contiguous(), to_vector's dtype check, operator<< formatting. Their own file because they
// are about realization and output, not about any op's math.
#include "check.hpp"
#include "runtime/device.hpp"
#include "runtime/realize.hpp"

#include <algorithm>
#include <sstream>

namespace lmc {
namespace {

TEST(Realize, ContiguousKeepsValuesAndMaterializesOnce) {
  const ref::Array a = ref::Array::random({5, 7}, 800);
  const Tensor view = check::tensor_of(a, float64).permute({1, 0}).flip(0);
  Tensor c = view.contiguous();
  const uint64_t before = kernels_launched();
  c.realize();
  EXPECT_EQ(kernels_launched() - before, 1u);
  check::expect_close(c, ref::flip(ref::permute(a, {1, 0}), 0), 0);
  // Reading c again, or using it, does not recompute it.
  const uint64_t again = kernels_launched();
  (void)c.to_vector<double>();
  EXPECT_EQ(kernels_launched() - again, 0u);
  check::expect_close(c * 2.0, ref::map(ref::flip(ref::permute(a, {1, 0}), 0), [](double x) { return 2 * x; }), 0);
}

// A reshape of a top-k not yet realized is the top-k's buffer seen with another shape: one kernel, no copy, the
// values and indices of a stable sort.
TEST(Realize, ReshapeOfAnUnrealizedResultIsAViewOfIt) {
  const ref::Array a = ref::Array::random({1, 37, 11}, 801);
  const Tensor x = check::tensor_of(a, float64);
  auto [values, indices] = x.topk(3, -1, /*largest=*/false);
  Tensor flat_indices = indices.reshape({37, 3}), flat_values = values.reshape({111});
  const uint64_t before = kernels_launched();
  Tensor::realize_all({&flat_indices, &flat_values});
  EXPECT_EQ(kernels_launched() - before, 1u);
  const std::vector<int32_t> got_i = flat_indices.to_vector<int32_t>();
  const std::vector<double> got_v = flat_values.to_vector<double>();
  for (int64_t r = 0; r < 37; ++r) {
    std::vector<std::pair<double, int32_t>> row;
    for (int32_t j = 0; j < 11; ++j)
      row.push_back({a.v[static_cast<size_t>(r * 11 + j)], j});
    std::stable_sort(row.begin(), row.end(), [](const auto& p, const auto& q) { return p.first < q.first; });
    for (int64_t j = 0; j < 3; ++j) {
      EXPECT_EQ(got_i[static_cast<size_t>(r * 3 + j)], row[static_cast<size_t>(j)].second) << "row " << r;
      EXPECT_EQ(got_v[static_cast<size_t>(r * 3 + j)], row[static_cast<size_t>(j)].first) << "row " << r;
    }
  }
}

TEST(Realize, ToVectorOfTheWrongTypeNamesBothDtypes) {
  const Tensor f = Tensor::ones({3}, float32);
  check::expect_error([&] { (void)f.to_vector<double>(); }, {"to_vector", "float32", "float64"});
  check::expect_error([&] { (void)f.to_vector<int32_t>(); }, {"float32", "int32"});
  check::expect_error([&] { (void)Tensor::arange(3).to_vector<int64_t>(); }, {"int32", "int64"});
  check::expect_error([&] { (void)Tensor::ones({2}, bool_).to_vector<float>(); }, {"bool"});
  EXPECT_EQ(Tensor::ones({2}, bool_).to_vector<uint8_t>(), (std::vector<uint8_t>{1, 1}));
}

TEST(Realize, StreamOutputShowsValuesShapeDtypeAndDevice) {
  std::ostringstream small;
  small << Tensor::arange(6).reshape({2, 3});
  EXPECT_EQ(small.str(),
            "tensor([[0, 1, 2],\n        [3, 4, 5]], shape=(2, 3), dtype=int32, device=" + default_device() + ")");
  std::ostringstream vec;
  vec << Tensor::from_vector(std::vector<double>{0.5, -1.25, 3}, {3});
  EXPECT_EQ(vec.str(), "tensor([0.5, -1.25, 3], shape=(3,), dtype=float64, device=" + default_device() + ")");
  std::ostringstream longer;
  longer << Tensor::arange(20);
  EXPECT_EQ(longer.str(),
            "tensor([0, 1, 2, ..., 17, 18, 19], shape=(20,), dtype=int32, device=" + default_device() + ")");
  std::ostringstream scalar;
  scalar << Tensor::full({}, 2.5, float32);
  EXPECT_EQ(scalar.str(), "tensor(2.5, shape=(), dtype=float32, device=" + default_device() + ")");
}

} // namespace
} // namespace lmc

namespace lmc {
namespace {

// Empty tensors (a zero-length axis) realize without launching a kernel: lowered, the empty output axis was dropped
// and the kernel stored 64 floats into a 0-element buffer (heap corruption, seen as crashes at exit). Reductions over
// an empty axis still produce their identity.
TEST(Realize, EmptyTensorsWriteNothingAndEmptyReductionsGiveTheIdentity) {
  Tensor empty = Tensor::zeros({0, 64}, float32);
  empty.realize();
  EXPECT_TRUE(empty.to_vector<float>().empty());
  Tensor plus = (Tensor::ones({0, 7}, float32) + 1.0);
  EXPECT_TRUE(plus.to_vector<float>().empty());
  const std::vector<float> columns = Tensor::zeros({0, 5}, float32).sum(0).to_vector<float>();
  EXPECT_EQ(columns, std::vector<float>(5, 0.0f));
  const std::vector<float> rows = Tensor::ones({3, 0}, float32).sum(1).to_vector<float>();
  EXPECT_EQ(rows, std::vector<float>(3, 0.0f));
  // Every identity, over an empty buffer made with empty (whose contents no kernel may read), and over all axes.
  const Tensor none = Tensor::empty({2, 0, 3}, int32);
  EXPECT_EQ(none.prod({1}).to_vector<int32_t>(), std::vector<int32_t>(6, 1));
  EXPECT_EQ(none.sum().to_vector<int32_t>(), std::vector<int32_t>{0});
  EXPECT_EQ(none.any({1}).cast(int32).to_vector<int32_t>(), std::vector<int32_t>(6, 0));
  EXPECT_EQ(none.all({0, 1}, true).cast(int32).to_vector<int32_t>(), std::vector<int32_t>(3, 1));
  EXPECT_EQ(none.all({0, 1}, true).shape(), (Shape{1, 1, 3}));
  EXPECT_EQ(none.sum({0}).shape(), (Shape{0, 3}));
}

} // namespace
} // namespace lmc
