// An independent float64 reference for frontend tests: a dense row-major array with naive-loop versions of the
// ops under test. Deliberately simple (no views, no fusion) so that it cannot share lmc's bugs.
#pragma once
#include "ir/uop.hpp"

#include <cmath>
#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

namespace lmc::ref {

struct Array {
  Shape shape;
  std::vector<double> v;

  static Array random(Shape shape, uint64_t seed, double lo = -2.0, double hi = 2.0) {
    Array a{shape, {}};
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> d(lo, hi);
    int64_t n = 1;
    for (int64_t s : shape)
      n *= s;
    for (int64_t i = 0; i < n; ++i)
      a.v.push_back(d(rng));
    return a;
  }
  static Array random_ints(Shape shape, uint64_t seed, int64_t lo, int64_t hi) {
    Array a{shape, {}};
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> d(lo, hi);
    int64_t n = 1;
    for (int64_t s : shape)
      n *= s;
    for (int64_t i = 0; i < n; ++i)
      a.v.push_back(static_cast<double>(d(rng)));
    return a;
  }
  int64_t numel() const { return static_cast<int64_t>(v.size()); }
  std::vector<int64_t> unravel(int64_t flat) const {
    std::vector<int64_t> idx(shape.size());
    for (int i = static_cast<int>(shape.size()) - 1; i >= 0; --i) {
      idx[i] = flat % shape[i];
      flat /= shape[i];
    }
    return idx;
  }
  int64_t ravel(const std::vector<int64_t>& idx) const {
    int64_t flat = 0;
    for (size_t i = 0; i < shape.size(); ++i)
      flat = flat * shape[i] + idx[i];
    return flat;
  }
  double at(const std::vector<int64_t>& idx) const { return v[ravel(idx)]; }
  template <class T>
  std::vector<T> as() const {
    return std::vector<T>(v.begin(), v.end());
  }
};

inline Array map(const Array& a, const std::function<double(double)>& f) {
  Array out = a;
  for (double& x : out.v)
    x = f(x);
  return out;
}

// NumPy broadcasting, by index arithmetic on each output element.
inline Array zip(const Array& a, const Array& b, const std::function<double(double, double)>& f) {
  const size_t n = std::max(a.shape.size(), b.shape.size());
  Shape out_shape(n);
  auto dim = [&](const Array& x, size_t i) { return i < n - x.shape.size() ? 1 : x.shape[i - (n - x.shape.size())]; };
  for (size_t i = 0; i < n; ++i)
    out_shape[i] = std::max(dim(a, i), dim(b, i));
  Array out{out_shape, {}};
  int64_t total = 1;
  for (int64_t s : out_shape)
    total *= s;
  for (int64_t flat = 0; flat < total; ++flat) {
    std::vector<int64_t> idx = out.unravel(flat);
    auto pick = [&](const Array& x) {
      std::vector<int64_t> xi;
      for (size_t i = n - x.shape.size(); i < n; ++i)
        xi.push_back(x.shape[i - (n - x.shape.size())] == 1 ? 0 : idx[i]);
      return x.shape.empty() ? x.v[0] : x.at(xi);
    };
    out.v.push_back(f(pick(a), pick(b)));
  }
  return out;
}

inline Array reduce(const Array& a, std::vector<int> axes, bool keepdim, double init,
                    const std::function<double(double, double)>& f) {
  if (axes.empty())
    for (size_t i = 0; i < a.shape.size(); ++i)
      axes.push_back(static_cast<int>(i));
  for (int& ax : axes)
    if (ax < 0) ax += static_cast<int>(a.shape.size());
  Shape kept = a.shape;
  for (int ax : axes)
    kept[ax] = 1;
  Array out{kept, std::vector<double>(1, init)};
  int64_t n = 1;
  for (int64_t s : kept)
    n *= s;
  out.v.assign(n, init);
  for (int64_t flat = 0; flat < a.numel(); ++flat) {
    std::vector<int64_t> idx = a.unravel(flat);
    for (int ax : axes)
      idx[ax] = 0;
    double& slot = out.v[out.ravel(idx)];
    slot = f(slot, a.v[flat]);
  }
  if (!keepdim) {
    Shape s;
    for (size_t i = 0; i < a.shape.size(); ++i)
      if (std::find(axes.begin(), axes.end(), static_cast<int>(i)) == axes.end()) s.push_back(a.shape[i]);
    out.shape = s;
  }
  return out;
}

inline Array permute(const Array& a, const std::vector<int>& order) {
  Shape s;
  for (int o : order)
    s.push_back(a.shape[o]);
  Array out{s, std::vector<double>(a.v.size())};
  for (int64_t flat = 0; flat < out.numel(); ++flat) {
    std::vector<int64_t> idx = out.unravel(flat), src(a.shape.size());
    for (size_t i = 0; i < order.size(); ++i)
      src[order[i]] = idx[i];
    out.v[flat] = a.at(src);
  }
  return out;
}

inline Array pad(const Array& a, const std::vector<std::pair<int64_t, int64_t>>& p, double value = 0.0) {
  Shape s = a.shape;
  for (size_t i = 0; i < s.size(); ++i)
    s[i] += p[i].first + p[i].second;
  Array out{s, {}};
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  for (int64_t flat = 0; flat < n; ++flat) {
    std::vector<int64_t> idx = out.unravel(flat);
    bool inside = true;
    for (size_t i = 0; i < s.size(); ++i) {
      idx[i] -= p[i].first;
      inside = inside && idx[i] >= 0 && idx[i] < a.shape[i];
    }
    out.v.push_back(inside ? a.at(idx) : value);
  }
  return out;
}

inline Array shrink(const Array& a, const std::vector<std::pair<int64_t, int64_t>>& b) {
  Shape s;
  for (auto [lo, hi] : b)
    s.push_back(hi - lo);
  Array out{s, {}};
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  for (int64_t flat = 0; flat < n; ++flat) {
    std::vector<int64_t> idx = out.unravel(flat);
    for (size_t i = 0; i < s.size(); ++i)
      idx[i] += b[i].first;
    out.v.push_back(a.at(idx));
  }
  return out;
}

inline Array flip(const Array& a, int axis) {
  Array out = a;
  for (int64_t flat = 0; flat < a.numel(); ++flat) {
    std::vector<int64_t> idx = a.unravel(flat);
    idx[axis] = a.shape[axis] - 1 - idx[axis];
    out.v[flat] = a.at(idx);
  }
  return out;
}

inline Array matmul(const Array& a, const Array& b) { // 2-D only
  const int64_t n = a.shape[0], k = a.shape[1], m = b.shape[1];
  Array out{{n, m}, std::vector<double>(n * m, 0.0)};
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j) {
      double acc = 0;
      for (int64_t q = 0; q < k; ++q)
        acc += a.v[i * k + q] * b.v[q * m + j];
      out.v[i * m + j] = acc;
    }
  return out;
}

} // namespace lmc::ref
