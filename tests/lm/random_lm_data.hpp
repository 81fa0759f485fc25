// Random LM data for the backend tests: uniform values, orthonormal right-handed frames (Gram-Schmidt), object
// models, hypotheses and observations. Its own file: the CPU, CUDA and resident-batch backend tests draw the same
// kinds of data.
#pragma once
#include "lm/backend.hpp"

#include <cmath>
#include <random>
#include <vector>

namespace lmc::lm::test_data {

inline std::vector<double> uniform(std::mt19937& rng, size_t n, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (double& x : v)
    x = u(rng);
  return v;
}

// n random frames, row-major rows [a; b; a x b].
inline std::vector<double> frames(std::mt19937& rng, size_t n) {
  std::vector<double> out;
  for (size_t i = 0; i < n; ++i) {
    auto a = uniform(rng, 3, -1, 1), b = uniform(rng, 3, -1, 1);
    auto norm = [](std::vector<double>& v) {
      const double l = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      for (double& x : v)
        x /= l;
    };
    norm(a);
    const double d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    for (int k = 0; k < 3; ++k)
      b[k] -= d * a[k];
    norm(b);
    const std::vector<double> c{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    out.insert(out.end(), a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

// n nodes in a cube of half-width `extent` with three features; every `undefined_every`-th node has no defined pose.
inline ObjectModelData random_model(std::mt19937& rng, int64_t n, double extent, int64_t undefined_every) {
  ObjectModelData m;
  m.locations = uniform(rng, static_cast<size_t>(n) * 3, -extent, extent);
  m.pose_vectors = frames(rng, static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    m.pose_fully_defined.push_back(i % undefined_every != 0);
  m.features = uniform(rng, static_cast<size_t>(n) * 3, 0, 1);
  return m;
}

inline HypothesesData random_hypotheses(std::mt19937& rng, int64_t h, double extent) {
  return {uniform(rng, static_cast<size_t>(h) * 3, -extent, extent), frames(rng, static_cast<size_t>(h)),
          uniform(rng, static_cast<size_t>(h), -1, 2)};
}

} // namespace lmc::lm::test_data
