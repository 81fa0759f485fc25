// Differential testing: random tensor programs run on the CPU and on CUDA must agree. Each program is a seeded
// recipe of elementwise ops, movement ops, reductions, top-k and matmul over random odd-sized inputs. Needs a GPU
// (label gpu); without CUDA the tests are skipped with the reason.
#include "ir/shape.hpp"
#include "runtime/device.hpp"

#include <lmc/lmc.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace lmc {
namespace {

struct Program {
  uint64_t seed;
  // Builds the program's output from inputs placed on `device`; the same seed builds the same program.
  Tensor build(const std::string& device) const {
    std::mt19937_64 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % n); };
    auto dim = [&] { return static_cast<int64_t>(1 + rng() % 9); };
    const Shape shape = {dim(), dim(), dim()};
    std::vector<Tensor> pool;
    for (int i = 0; i < 3; ++i) {
      std::vector<float> data(shape_numel(shape));
      std::mt19937 drng(static_cast<unsigned>(seed * 7 + i));
      std::uniform_real_distribution<float> d(-2.f, 2.f);
      for (float& v : data)
        v = d(drng);
      pool.push_back(Tensor::from_vector(data, shape, device));
    }
    const int steps = 3 + pick(6);
    for (int s = 0; s < steps; ++s) {
      Tensor a = pool[pick(static_cast<int>(pool.size()))];
      Tensor b = pool[pick(static_cast<int>(pool.size()))];
      const bool same = a.shape() == b.shape();
      switch (pick(12)) {
      case 0:
        pool.push_back(same ? a + b : a + 1.5);
        break;
      case 1:
        pool.push_back(same ? a * b - a : a * a);
        break;
      case 2:
        pool.push_back(same ? where(a < b, a, b * 0.5) : a.relu());
        break;
      case 3:
        pool.push_back(a.clip(-3.0, 3.0).exp());
        break;
      case 4:
        pool.push_back(a.abs().sqrt() + a.sin());
        break;
      case 5:
        pool.push_back(a.ndim() >= 2 ? a.transpose(0, a.ndim() - 1) : -a);
        break;
      case 6: {
        std::vector<std::pair<int64_t, int64_t>> p(a.ndim(), {0, 0});
        p[pick(a.ndim())] = {pick(3), pick(3)};
        pool.push_back(a.pad(p));
        break;
      }
      case 7:
        pool.push_back(a.flip(pick(a.ndim())));
        break;
      case 8:
        pool.push_back(a.ndim() > 1 ? a.sum(pick(a.ndim()), pick(2) == 0) : a.sum({}, true));
        break;
      case 9:
        pool.push_back(a.ndim() > 1 ? a.max(pick(a.ndim()), true) : a.max({}, true));
        break;
      case 10: {
        const int axis = a.ndim() - 1;
        const int64_t k = 1 + static_cast<int64_t>(rng() % a.shape()[axis]);
        pool.push_back(a.topk(k, axis, pick(2) == 0).first);
        break;
      }
      case 11:
        if (a.ndim() == 3 && b.ndim() == 3 && a.shape()[2] == b.shape()[1] && a.shape()[0] == b.shape()[0])
          pool.push_back(a.matmul(b));
        else
          pool.push_back(a.reshape({-1}).sum({}, true));
        break;
      }
    }
    return pool.back();
  }
};

bool cuda_present(std::string* why) {
  try {
    get_device("CUDA");
    return true;
  } catch (const Error& e) {
    *why = e.what();
    return false;
  }
}

TEST(Differential, TwoHundredRandomProgramsAgreeOnCpuAndCuda) {
  std::string why;
  if (!cuda_present(&why)) GTEST_SKIP() << "no CUDA device: " << why;
  int compared = 0;
  for (uint64_t seed = 1; seed <= 220; ++seed) {
    Program p{seed};
    std::vector<float> cpu = p.build("CPU").to_vector<float>();
    std::vector<float> gpu = p.build("CUDA").to_vector<float>();
    ASSERT_EQ(cpu.size(), gpu.size()) << "program " << seed;
    for (size_t i = 0; i < cpu.size(); ++i) {
      if (std::isnan(cpu[i])) {
        EXPECT_TRUE(std::isnan(gpu[i])) << "program " << seed << " at " << i;
        continue;
      }
      ASSERT_NEAR(cpu[i], gpu[i], 1e-4 * std::max(1.0f, std::abs(cpu[i]))) << "program " << seed << " at " << i;
    }
    ++compared;
  }
  EXPECT_GE(compared, 200);
}

TEST(Differential, ProgramsAreDeterministicOnTheCpu) {
  // The recipe itself must be reproducible, or the comparison above proves nothing.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Program p{seed};
    EXPECT_EQ(p.build("CPU").to_vector<float>(), p.build("CPU").to_vector<float>()) << "program " << seed;
  }
}

} // namespace
} // namespace lmc
