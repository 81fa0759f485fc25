// rand and randn: the exact bits against a host Philox4x32-10 (itself checked on Random123's known answers), the
// ranges, loose mean/variance statistics, determinism per seed and independence across seeds.
#include "check.hpp"

#include <array>
#include <cmath>

namespace lmc {
namespace {

using Words = std::array<uint32_t, 4>;

Words philox_host(Words ctr, uint32_t k0, uint32_t k1) {
  for (int r = 0; r < 10; ++r) {
    const uint64_t p0 = uint64_t{0xD2511F53u} * ctr[0], p1 = uint64_t{0xCD9E8D57u} * ctr[2];
    ctr = {static_cast<uint32_t>(p1 >> 32) ^ ctr[1] ^ k0, static_cast<uint32_t>(p1),
           static_cast<uint32_t>(p0 >> 32) ^ ctr[3] ^ k1, static_cast<uint32_t>(p0)};
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return ctr;
}

TEST(Random, HostPhiloxMatchesRandom123KnownAnswers) {
  EXPECT_EQ(philox_host({0, 0, 0, 0}, 0, 0), (Words{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox_host({~0u, ~0u, ~0u, ~0u}, ~0u, ~0u), (Words{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox_host({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, 0xa4093822, 0x299f31d0),
            (Words{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(Random, RandBitsAreExactlyPhiloxOfIndexAndSeed) {
  const uint64_t seed = 0x0123456789abcdefull;
  const std::vector<float> f = Tensor::rand({7, 13}, seed, float32).to_vector<float>();
  const std::vector<double> d = Tensor::rand({91}, seed, float64).to_vector<double>();
  for (uint32_t i = 0; i < 91; ++i) {
    const Words w = philox_host({i, 0, 0, 0}, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
    EXPECT_EQ(f[i], std::ldexp(static_cast<float>(w[0] >> 8), -24)) << i;
    EXPECT_EQ(d[i], std::ldexp(static_cast<double>(w[0] >> 5) * 67108864.0 + (w[1] >> 6), -53)) << i;
  }
}

TEST(Random, RandnIsBoxMullerOfThePhiloxUniforms) {
  const uint64_t seed = 77;
  const std::vector<float> f = Tensor::randn({37}, seed, float32).to_vector<float>();
  const std::vector<double> d = Tensor::randn({37}, seed, float64).to_vector<double>();
  for (uint32_t i = 0; i < 37; ++i) {
    const Words w = philox_host({i, 0, 0, 0}, static_cast<uint32_t>(seed), 0);
    const double u1 = std::ldexp((w[0] >> 8) + 1.0, -24), u2 = std::ldexp(static_cast<double>(w[1] >> 8), -24);
    EXPECT_NEAR(f[i], std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2), 2e-5) << i;
    const double v1 = std::ldexp((w[0] >> 5) * 67108864.0 + (w[1] >> 6) + 1.0, -53),
                 v2 = std::ldexp((w[2] >> 5) * 67108864.0 + (w[3] >> 6), -53);
    EXPECT_NEAR(d[i], std::sqrt(-2 * std::log(v1)) * std::cos(2 * M_PI * v2), 1e-12) << i;
  }
}

struct Moments {
  double mean = 0, var = 0, lo = INFINITY, hi = -INFINITY;
};

Moments moments(const std::vector<double>& v) {
  Moments m;
  for (double x : v) {
    m.mean += x;
    m.lo = std::min(m.lo, x);
    m.hi = std::max(m.hi, x);
  }
  m.mean /= static_cast<double>(v.size());
  for (double x : v)
    m.var += (x - m.mean) * (x - m.mean);
  m.var /= static_cast<double>(v.size() - 1);
  return m;
}

TEST(Random, RandIsUniformOnZeroOne) {
  for (DType dt : {float32, float64}) {
    SCOPED_TRACE(dt.name());
    const Tensor t = Tensor::rand({317, 331}, 12345, dt);
    EXPECT_EQ(t.dtype(), dt);
    EXPECT_EQ(t.shape(), (Shape{317, 331}));
    const std::vector<double> v = t.cast(float64).to_vector<double>();
    const Moments m = moments(v);
    const double n = static_cast<double>(v.size());
    EXPECT_GE(m.lo, 0.0);
    EXPECT_LT(m.hi, 1.0);
    EXPECT_NEAR(m.mean, 0.5, 5 * std::sqrt(1.0 / 12 / n));
    EXPECT_NEAR(m.var, 1.0 / 12, 0.002);
    // Ten equal bins each hold a tenth, within 5 sigma.
    std::array<double, 10> bins{};
    for (double x : v)
      bins[static_cast<size_t>(x * 10)] += 1;
    for (double b : bins)
      EXPECT_NEAR(b, n / 10, 5 * std::sqrt(n * 0.09));
  }
}

TEST(Random, RandnHasZeroMeanAndUnitVariance) {
  for (DType dt : {float32, float64}) {
    SCOPED_TRACE(dt.name());
    const std::vector<double> v = Tensor::randn({100003}, 99, dt).cast(float64).to_vector<double>();
    const Moments m = moments(v);
    const double n = static_cast<double>(v.size());
    EXPECT_NEAR(m.mean, 0.0, 5 / std::sqrt(n));
    EXPECT_NEAR(m.var, 1.0, 0.03);
    EXPECT_TRUE(std::isfinite(m.lo) && std::isfinite(m.hi));
    EXPECT_LT(m.lo, -3.0); // 100k normals reach past 3 sigma on both sides
    EXPECT_GT(m.hi, 3.0);
    int within = 0;
    for (double x : v)
      within += std::abs(x) < 1.0;
    EXPECT_NEAR(within / n, 0.6827, 0.01);
  }
}

TEST(Random, SameSeedSameNumbersAndSeedsDiffer) {
  const std::vector<float> a = Tensor::rand({1001}, 5, float32).to_vector<float>();
  const std::vector<float> b = Tensor::rand({1001}, 5, float32).to_vector<float>();
  const std::vector<float> c = Tensor::rand({1001}, 6, float32).to_vector<float>();
  const std::vector<float> hi = Tensor::rand({1001}, 5 + (uint64_t{1} << 32), float32).to_vector<float>();
  EXPECT_EQ(a, b);
  int same_c = 0, same_hi = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    same_c += a[i] == c[i];
    same_hi += a[i] == hi[i];
  }
  EXPECT_LE(same_c, 2);
  EXPECT_LE(same_hi, 2); // the seed's upper 32 bits matter too
  // Element i does not depend on the shape: a longer tensor starts with the same numbers.
  const std::vector<float> longer = Tensor::rand({3, 1001}, 5, float32).to_vector<float>();
  EXPECT_TRUE(std::equal(a.begin(), a.end(), longer.begin()));
  // Neighbouring elements are not correlated (lag-1 correlation near 0).
  const std::vector<double> v = Tensor::rand({20001}, 8, float64).to_vector<double>();
  double s = 0;
  for (size_t i = 1; i < v.size(); ++i)
    s += (v[i] - 0.5) * (v[i - 1] - 0.5);
  EXPECT_NEAR(s / (v.size() - 1) * 12, 0.0, 5 / std::sqrt(20000.0));
}

TEST(Random, BadDtypeAndEmptyShapes) {
  check::expect_error([] { (void)Tensor::rand({3}, 1, int32); }, {"rand", "int32"});
  check::expect_error([] { (void)Tensor::randn({3}, 1, bool_); }, {"randn", "bool"});
  EXPECT_EQ(Tensor::rand({0, 4}, 1, float32).numel(), 0);
  EXPECT_EQ(Tensor::randn({}, 1, float64).to_vector<double>().size(), 1u);
}

} // namespace
} // namespace lmc
