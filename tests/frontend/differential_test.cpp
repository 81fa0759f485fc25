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

// Gathered rows, as the LM kernels read them: a node's 12 values and a point's x, y, z from 4-wide rows. On CUDA these
// loads are 16-byte vector loads (codegen/vector_loads.hpp), on the CPU scalar ones; both must match a float64 loop.
struct GatheredRows {
  std::vector<float> table, weights, points, queries;
  std::vector<int32_t> rows, neighbours;
  static constexpr int64_t kNodes = 53, kWidth = 12, kReads = 37, kPoints = 41, kQueries = 29, kK = 5;
  GatheredRows() {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> d(-2.f, 2.f);
    auto fill = [&](std::vector<float>& v, int64_t n) {
      for (int64_t i = 0; i < n; ++i)
        v.push_back(d(rng));
    };
    fill(table, kNodes * kWidth);
    fill(weights, kWidth);
    fill(points, kPoints * 4);
    fill(queries, kQueries * 3);
    for (int64_t i = 0; i < kReads; ++i)
      rows.push_back(static_cast<int32_t>(rng() % kNodes));
    for (int64_t i = 0; i < kQueries * kK; ++i)
      neighbours.push_back(static_cast<int32_t>(rng() % kPoints));
  }
  // (weighted row sums (37,), squared distances (29, 5)) on `device`.
  std::pair<std::vector<float>, std::vector<float>> run(const std::string& device) const {
    const Tensor t = Tensor::from_vector(table, {kNodes, kWidth}, device);
    const Tensor w = Tensor::from_vector(weights, {1, kWidth}, device);
    const Tensor picked = t.index_select(0, Tensor::from_vector(rows, {kReads}, device));
    const Tensor sums = (picked * w).sum(-1);
    const Tensor xyz = Tensor::from_vector(points, {1, kPoints, 4}, device).slice({{}, {}, {0, 3}});
    const Tensor at = Tensor::from_vector(neighbours, {1, kQueries * kK, 1}, device).expand({1, kQueries * kK, 3});
    const Tensor diff =
        xyz.gather(1, at).reshape({kQueries, kK, 3}) - Tensor::from_vector(queries, {kQueries, 1, 3}, device);
    return {sums.to_vector<float>(), (diff * diff).sum(-1).to_vector<float>()};
  }
};

TEST(Differential, GatheredRowsAgreeOnCpuAndCuda) {
  const GatheredRows g;
  std::vector<double> sums, dists;
  for (int64_t i = 0; i < g.kReads; ++i) {
    double s = 0;
    for (int64_t j = 0; j < g.kWidth; ++j)
      s += static_cast<double>(g.table[static_cast<size_t>(g.rows[static_cast<size_t>(i)] * g.kWidth + j)]) *
           g.weights[static_cast<size_t>(j)];
    sums.push_back(s);
  }
  for (int64_t q = 0; q < g.kQueries; ++q)
    for (int64_t k = 0; k < g.kK; ++k) {
      double s = 0;
      for (int64_t c = 0; c < 3; ++c) {
        const double d = static_cast<double>(
                             g.points[static_cast<size_t>(g.neighbours[static_cast<size_t>(q * g.kK + k)] * 4 + c)]) -
                         g.queries[static_cast<size_t>(q * 3 + c)];
        s += d * d;
      }
      dists.push_back(s);
    }
  auto check = [&](const std::string& device) {
    const auto [s, d] = g.run(device);
    ASSERT_EQ(s.size(), sums.size());
    ASSERT_EQ(d.size(), dists.size());
    for (size_t i = 0; i < s.size(); ++i)
      EXPECT_NEAR(s[i], sums[i], 1e-5 * std::max(1.0, std::abs(sums[i]))) << device << " row sum " << i;
    for (size_t i = 0; i < d.size(); ++i)
      EXPECT_NEAR(d[i], dists[i], 1e-5 * std::max(1.0, dists[i])) << device << " distance " << i;
  };
  check("CPU");
  std::string why;
  if (!cuda_present(&why)) GTEST_SKIP() << "no CUDA device: " << why;
  check("CUDA");
}

} // namespace
} // namespace lmc
