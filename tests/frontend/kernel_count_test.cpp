// Kernel counts are part of the contract: fusion must not regress silently.
#include "ir/shape.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <gtest/gtest.h>

namespace lmc {
namespace {

uint64_t kernels_for(Tensor t) {
  const uint64_t before = kernels_launched();
  t.realize();
  return kernels_launched() - before;
}

Tensor random_tensor(Shape shape, uint64_t seed) {
  std::vector<float> v(shape_numel(shape));
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<float>((i * 7919 + seed * 104729) % 1000) / 500.0f - 1.0f;
  return Tensor::from_vector(v, shape);
}

TEST(KernelCount, ElementwiseChainIntoReduceIsOneKernel) {
  Tensor a = random_tensor({33, 17}, 1), b = random_tensor({33, 17}, 2);
  EXPECT_EQ(kernels_for(((a * b + 1.0).exp() - a).sum(1)), 1u);
}

TEST(KernelCount, SumOfSumIsOneKernel) {
  Tensor a = random_tensor({100}, 3), b = random_tensor({100}, 4);
  EXPECT_EQ(kernels_for((a + b).sum()), 1u);
}

TEST(KernelCount, SoftmaxIsAtMostTwoKernels) {
  Tensor x = random_tensor({8, 29}, 5);
  Tensor e = x.exp();
  EXPECT_LE(kernels_for(e / e.sum(-1, true)), 2u);
}

TEST(KernelCount, RealizedTensorIsNotRecomputed) {
  Tensor a = random_tensor({64}, 6);
  Tensor b = (a * 2.0).exp();
  Tensor c = b + 1.0; // built before b is realized
  EXPECT_EQ(kernels_for(b), 1u);
  const uint64_t before = kernels_launched();
  c.realize();
  EXPECT_EQ(kernels_launched() - before, 1u);
  std::vector<float> bv = b.to_vector<float>(), cv = c.to_vector<float>();
  for (size_t i = 0; i < bv.size(); ++i)
    EXPECT_FLOAT_EQ(cv[i], bv[i] + 1.0f);
}

TEST(KernelCount, ConstantsAndViewsOfBuffersNeedNoKernelToRead) {
  Tensor a = random_tensor({10, 3}, 7);
  EXPECT_EQ(kernels_for(a.reshape({30})), 0u);
}

} // namespace
} // namespace lmc
