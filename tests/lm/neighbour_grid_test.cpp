// The grid K-NN against a float64 brute-force loop: random sets of odd sizes (one with exact duplicate points, so
// ties must go to the lower id), queries on, near and far outside the sets, float64 and float32; and the refusals
// (a grid that would not pay off, a bound beyond the radius, malformed input).
#include "lm/neighbour_grid.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <numeric>
#include <random>

namespace lmc::lm {
namespace {

struct Brute {
  std::vector<double> dist;
  std::vector<int32_t> ids;
};

// The k nearest with squared distance < bound, ascending, ties to the lower id (a stable sort by distance).
Brute brute_knn(const std::vector<double>& pts, const double* q, int64_t k, double bound) {
  const int64_t n = static_cast<int64_t>(pts.size() / 3);
  std::vector<std::pair<double, int32_t>> all;
  for (int64_t i = 0; i < n; ++i) {
    double d = 0;
    for (int a = 0; a < 3; ++a)
      d += (pts[i * 3 + a] - q[a]) * (pts[i * 3 + a] - q[a]);
    if (d < bound) all.push_back({d, static_cast<int32_t>(i)});
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  Brute r;
  for (int64_t j = 0; j < k; ++j) {
    r.dist.push_back(j < static_cast<int64_t>(all.size()) ? all[j].first : bound);
    r.ids.push_back(j < static_cast<int64_t>(all.size()) ? all[j].second : -1);
  }
  return r;
}

class GridKnn : public ::testing::TestWithParam<DType> {};

TEST_P(GridKnn, MatchesBruteForceWithinTheRadius) {
  const DType dt = GetParam();
  std::mt19937 rng(5);
  std::normal_distribution<double> g(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  const std::vector<int64_t> sizes{601, 197, 950};
  const int64_t h = 173, k = 7;
  const double radius = 0.006;
  std::vector<std::vector<double>> sets;
  for (size_t b = 0; b < sizes.size(); ++b) {
    std::vector<double> p;
    for (int64_t i = 0; i < sizes[b]; ++i) {
      // Points on spheres of different radii and centres (surfaces, like object models).
      double x = g(rng), y = g(rng), z = g(rng);
      const double l = std::sqrt(x * x + y * y + z * z), r = 0.03 + 0.01 * static_cast<double>(b);
      p.insert(p.end(), {r * x / l + 0.1 * static_cast<double>(b), r * y / l, r * z / l - 0.05});
    }
    if (b == 1) // exact duplicates: equal distances, the lower id first
      for (int64_t i = 0; i < 10; ++i)
        std::copy(p.begin() + i * 3, p.begin() + i * 3 + 3, p.begin() + (50 + i) * 3);
    sets.push_back(p);
  }
  std::vector<double> queries;
  for (size_t b = 0; b < sizes.size(); ++b) {
    for (int64_t i = 0; i < h; ++i) {
      const int64_t at = static_cast<int64_t>(u(rng) * static_cast<double>(sizes[b]));
      const double spread = i % 5 == 0 ? 0.2 : 0.004; // every fifth query far off, often outside the grid
      for (int a = 0; a < 3; ++a)
        queries.push_back(sets[b][at * 3 + a] + spread * g(rng));
    }
  }
  // One cell per radius (3x3x3 blocks) and two (5x5x5 blocks of half-radius cells, shorter lists).
  int64_t previous_capacity = 0;
  for (int64_t subdivisions : {1, 2, 3}) {
    SCOPED_TRACE("subdivisions " + std::to_string(subdivisions));
    NeighbourGridLimits limits;
    limits.subdivisions = subdivisions;
    const auto grid = build_neighbour_grid(sets, radius, k, dt, "CPU", limits);
    ASSERT_TRUE(grid.has_value());
    EXPECT_GE(grid->capacity, k);
    EXPECT_LT(grid->capacity, 197 / 2);
    if (previous_capacity) {
      EXPECT_LT(grid->capacity, previous_capacity); // finer cells: shorter lists on surfaces
    }
    previous_capacity = grid->capacity;
    const int64_t b = static_cast<int64_t>(sizes.size());
    const Tensor q = Tensor::from_vector(queries, {b, h, 3}, "CPU").cast(dt);
    const double bound = radius * radius;
    auto [dist, ids] = grid_knn(*grid, q, k, bound);
    const std::vector<double> got_d = dist.cast(float64).to_vector<double>();
    const std::vector<int32_t> got_i = ids.to_vector<int32_t>();
    // The queries as the device sees them (float32 rounds them), so the reference ranks the same numbers.
    const std::vector<double> qd = q.cast(float64).to_vector<double>();
    const double tol = dt == float64 ? 1e-15 : 1e-9;
    int64_t found = 0, near_ties = 0;
    for (int64_t s = 0; s < b; ++s) {
      std::vector<double> pd(sets[s]);
      if (dt == float32)
        for (double& v : pd)
          v = static_cast<float>(v);
      for (int64_t i = 0; i < h; ++i) {
        const Brute want = brute_knn(pd, &qd[(s * h + i) * 3], k, bound);
        for (int64_t j = 0; j < k; ++j) {
          const size_t at = static_cast<size_t>((s * h + i) * k + j);
          EXPECT_NEAR(got_d[at], want.dist[j], tol) << "set " << s << " query " << i << " slot " << j;
          if (got_i[at] != want.ids[j]) {
            // float32 distances can order two nearly equidistant points differently from float64.
            ++near_ties;
            EXPECT_TRUE(dt == float32 && j + 1 < k && std::abs(want.dist[j] - want.dist[j + 1]) < 1e-9)
                << "set " << s << " query " << i << " slot " << j << ": " << got_i[at] << " vs " << want.ids[j];
          }
          found += want.ids[j] >= 0;
        }
      }
    }
    EXPECT_GT(found, b * h); // most queries near a set have neighbours: the test compares real selections
    EXPECT_LE(near_ties, 4);
  }
}

INSTANTIATE_TEST_SUITE_P(Dtypes, GridKnn, ::testing::Values(float64, float32),
                         [](const auto& info) { return info.param == float64 ? "float64" : "float32"; });

// Ids are int16 while every set fits; a set of more points than int16 holds keeps int32 lists, and its ids past
// 32767 come back whole.
TEST(GridKnn, ListsKeepIdsBeyondInt16) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> small, large;
  for (int i = 0; i < 500; ++i)
    small.insert(small.end(), {u(rng), u(rng), 0.0});
  for (int i = 0; i < 40000; ++i) // a plane of points 0.5 % apart on average
    large.insert(large.end(), {u(rng), u(rng), 0.0});
  const double radius = 0.012;
  const auto narrow = build_neighbour_grid({small}, 0.05, 4, float64, "CPU");
  ASSERT_TRUE(narrow.has_value());
  EXPECT_EQ(narrow->ids.dtype(), int16);
  const auto wide = build_neighbour_grid({large}, radius, 4, float64, "CPU");
  ASSERT_TRUE(wide.has_value());
  EXPECT_EQ(wide->ids.dtype(), int32);
  const int64_t h = 61, k = 4;
  std::vector<double> queries;
  for (int64_t i = 0; i < h; ++i)
    queries.insert(queries.end(), {u(rng), u(rng), 0.002 * u(rng)});
  auto [dist, ids] = grid_knn(*wide, Tensor::from_vector(queries, {1, h, 3}, "CPU"), k, radius * radius);
  const std::vector<double> got_d = dist.to_vector<double>();
  const std::vector<int32_t> got_i = ids.to_vector<int32_t>();
  int64_t beyond_int16 = 0;
  for (int64_t i = 0; i < h; ++i) {
    const Brute want = brute_knn(large, &queries[static_cast<size_t>(i * 3)], k, radius * radius);
    for (int64_t j = 0; j < k; ++j) {
      EXPECT_EQ(got_i[static_cast<size_t>(i * k + j)], want.ids[j]) << "query " << i << " slot " << j;
      EXPECT_NEAR(got_d[static_cast<size_t>(i * k + j)], want.dist[j], 1e-15);
      beyond_int16 += want.ids[j] > 32767;
    }
  }
  EXPECT_GT(beyond_int16, h / 4); // ids past 32767 (a sixth of the set) are among the neighbours found
}

// The table itself against its definition: the list of a block centred on cell c holds, in ascending id order, every
// point of the set whose cell is within `reach` cells of c on each axis, then -1; empty blocks share list 0; a set
// equal to an earlier one shares its lists.
TEST(GridKnn, ListsHoldTheirBlocksPointsInAscendingOrder) {
  std::mt19937 rng(17);
  std::normal_distribution<double> g(0, 1);
  std::vector<std::vector<double>> sets(3);
  for (size_t b = 0; b < 2; ++b)
    for (int i = 0; i < 700 + 131 * static_cast<int>(b); ++i) {
      const double x = g(rng), y = g(rng), z = g(rng), l = std::sqrt(x * x + y * y + z * z);
      sets[b].insert(sets[b].end(), {0.04 * x / l, 0.03 * y / l + 0.01 * static_cast<double>(b), 0.05 * z / l});
    }
  sets[2] = sets[0];
  const auto grid = build_neighbour_grid(sets, 0.008, 5, float64, "CPU");
  ASSERT_TRUE(grid.has_value());
  const std::vector<int32_t> lists = grid->cell_lists.to_vector<int32_t>();
  const std::vector<int32_t> ids = grid->ids.cast(int32).to_vector<int32_t>();
  const std::vector<double> origin = grid->origin.to_vector<double>();
  const int64_t cells = grid->cells(), cap = grid->capacity;
  for (size_t b = 0; b < sets.size(); ++b) {
    std::vector<std::array<int64_t, 3>> cell_of;
    for (size_t i = 0; i < sets[b].size() / 3; ++i) {
      std::array<int64_t, 3> c{};
      for (size_t a = 0; a < 3; ++a)
        c[a] =
            std::clamp<int64_t>(static_cast<int64_t>(std::floor((sets[b][i * 3 + a] - origin[b * 3 + a]) / grid->cell)),
                                0, grid->dims[a] - 1);
      cell_of.push_back(c);
    }
    int64_t non_empty = 0;
    for (int64_t c = 0; c < cells; ++c) {
      const std::array<int64_t, 3> centre{c / (grid->dims[1] * grid->dims[2]), c / grid->dims[2] % grid->dims[1],
                                          c % grid->dims[2]};
      std::vector<int32_t> want;
      for (size_t i = 0; i < cell_of.size(); ++i) {
        bool inside = true;
        for (size_t a = 0; a < 3; ++a)
          inside = inside && std::abs(cell_of[i][a] - centre[a]) <= grid->reach;
        if (inside) want.push_back(static_cast<int32_t>(i));
      }
      const int32_t list = lists[static_cast<size_t>(b * cells + c)];
      if (want.empty()) {
        EXPECT_EQ(list, 0) << "set " << b << " cell " << c;
        continue;
      }
      ++non_empty;
      ASSERT_GT(list, 0) << "set " << b << " cell " << c;
      ASSERT_LE(static_cast<int64_t>(want.size()), cap);
      std::vector<int32_t> got(ids.begin() + list * cap, ids.begin() + list * cap + cap);
      want.resize(static_cast<size_t>(cap), -1);
      ASSERT_EQ(got, want) << "set " << b << " cell " << c;
    }
    EXPECT_GT(non_empty, 10);
  }
  // The third set is the first: the same lists.
  EXPECT_TRUE(std::equal(lists.begin(), lists.begin() + cells, lists.begin() + 2 * cells));
}

TEST(GridKnn, RefusesWhatItCannotDoWell) {
  // One tight cluster: every block holds the whole set, a grid would scan everything anyway.
  std::vector<double> cluster;
  for (int i = 0; i < 40; ++i)
    cluster.insert(cluster.end(), {0.001 * (i % 3), 0.001 * (i % 5), 0.001 * (i % 7)});
  EXPECT_FALSE(build_neighbour_grid({cluster}, 0.01, 3, float64, "CPU").has_value());
  EXPECT_THROW(build_neighbour_grid({cluster}, 0.0, 3, float64, "CPU"), Error);
  EXPECT_THROW(build_neighbour_grid({{0.0, 1.0}}, 0.01, 3, float64, "CPU"), Error);
  EXPECT_THROW(build_neighbour_grid({{0.0, 1.0, NAN}}, 0.01, 3, float64, "CPU"), Error);
  std::vector<double> spread;
  for (int i = 0; i < 200; ++i)
    spread.insert(spread.end(), {0.003 * i, 0.0, 0.0});
  const auto grid = build_neighbour_grid({spread}, 0.01, 3, float64, "CPU");
  ASSERT_TRUE(grid.has_value());
  const Tensor q = Tensor::zeros({1, 4, 3}, float64, "CPU");
  EXPECT_THROW(grid_knn(*grid, q, 3, 1.0), Error);                                         // bound beyond radius
  EXPECT_THROW(grid_knn(*grid, q, grid->capacity + 1, 1e-4), Error);                       // k beyond the lists
  EXPECT_THROW(grid_knn(*grid, q.reshape({4, 3}), 3, 1e-4), Error);                        // not (B, H, 3)
  EXPECT_THROW(grid_knn(*grid, Tensor::zeros({2, 4, 3}, float64, "CPU"), 3, 1e-4), Error); // two sets, one grid
}

TEST(GridKnn, CacheSharesGridsOfEqualSetsOnly) {
  std::vector<double> spread, other;
  for (int i = 0; i < 200; ++i) {
    spread.insert(spread.end(), {0.003 * i, 0.001 * (i % 7), 0.0});
    other.insert(other.end(), {0.003 * i, 0.0, 0.002 * (i % 5)});
  }
  NeighbourGridCache cache;
  const auto a = cache.get({spread, other}, 0.01, 3, float32, "CPU");
  const auto b = cache.get({spread, other}, 0.01, 3, float32, "CPU");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(a->ids.buffer(), b->ids.buffer()); // one table on the device
  // Anything that changes the grid is a different entry: the sets, the radius, k, the dtype, any limit.
  const auto c = cache.get({other, spread}, 0.01, 3, float32, "CPU");
  ASSERT_TRUE(c);
  EXPECT_NE(a->ids.buffer(), c->ids.buffer());
  cache.get({spread, other}, 0.02, 3, float32, "CPU");
  cache.get({spread, other}, 0.01, 4, float32, "CPU");
  cache.get({spread, other}, 0.01, 3, float64, "CPU");
  NeighbourGridLimits coarse;
  coarse.subdivisions = 1;
  cache.get({spread, other}, 0.01, 3, float32, "CPU", coarse);
  NeighbourGridLimits strict;
  strict.max_capacity_fraction = 0.01; // refuses this grid: the entry remembers that too
  EXPECT_FALSE(cache.get({spread, other}, 0.01, 3, float32, "CPU", strict).has_value());
  EXPECT_EQ(cache.size(), 7u);
  // The shared grid answers like a fresh one.
  const Tensor q =
      Tensor::from_vector(std::vector<double>{0.1, 0.0, 0.0, 0.3, 0.003, 0.0}, {2, 1, 3}, "CPU").cast(float32);
  const auto fresh = build_neighbour_grid({spread, other}, 0.01, 3, float32, "CPU");
  EXPECT_EQ(grid_knn(*b, q, 3, 1e-4).second.to_vector<int32_t>(),
            grid_knn(*fresh, q, 3, 1e-4).second.to_vector<int32_t>());
}

} // namespace
} // namespace lmc::lm
