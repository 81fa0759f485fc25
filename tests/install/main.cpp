// Checks an installed lmc: includes the public header, computes a fused expression, compares with a loop; and the
// learning-module library (lmc::lm) links and answers a question Monty's burst sampler asks.
#include <lm/burst_sampling.hpp>
#include <lmc/lmc.hpp>

#include <cmath>
#include <cstdio>

int main() {
  std::vector<float> a = {1, 2, 3, 4, 5, 6};
  lmc::Tensor t = lmc::Tensor::from_vector(a, {2, 3}, "CPU");
  std::vector<float> got = (t * 2.0 + 1.0).sum(1).to_vector<float>();
  const float want[2] = {2 * 6 + 3, 2 * 15 + 3};
  for (int i = 0; i < 2; ++i)
    if (std::abs(got[i] - want[i]) > 1e-5f) {
      std::printf("install_check: got %f, want %f\n", got[i], want[i]);
      return 1;
    }
  // Monty's _sample_count: round(2000 * min(0.4, 2)) = 800, a multiple of the 2 rotations per node.
  if (lmc::lm::burst_sample_count(2000, 2, 0.4) != 800) {
    std::printf("install_check: lmc::lm burst_sample_count(2000, 2, 0.4) = %lld, want 800\n",
                static_cast<long long>(lmc::lm::burst_sample_count(2000, 2, 0.4)));
    return 1;
  }
  std::printf("install_check: OK\n");
  return 0;
}
