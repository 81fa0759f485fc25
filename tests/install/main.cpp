// Checks an installed lmc: includes the public header, computes a fused expression, compares with a loop.
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
  std::printf("install_check: OK\n");
  return 0;
}
