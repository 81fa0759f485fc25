// The float64 reference the top-k tests compare against: a stable sort per row (ties keep the lower index first, NaN
// ordered as the largest value), with an optional bound and an optional payload carried in place of the positions.
#pragma once
#include "reference.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace lmc::ref {

// x < y with NaN ordered as the largest value (lmc's rule in every comparison).
inline bool nan_largest_less(double x, double y) {
  return x < y || (std::isnan(y) && !std::isnan(x));
}

// The top-k along the last axis of a 2-D array: (values, positions), or the payload's entries at those positions when
// one is given. With a bound only elements strictly beyond it, leftover slots holding (bound, -1).
inline std::pair<Array, Array> topk_reference(const Array& a, int64_t k, bool largest, std::optional<double> bound,
                                              const Array* payload = nullptr) {
  const int64_t rows = a.shape[0], n = a.shape[1];
  Array vals{{rows, k}, {}}, second{{rows, k}, {}};
  auto before = [&](double x, double y) { return largest ? nan_largest_less(y, x) : nan_largest_less(x, y); };
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<int64_t> order;
    for (int64_t i = 0; i < n; ++i)
      if (!bound || before(a.v[r * n + i], *bound)) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t x, int64_t y) { return before(a.v[r * n + x], a.v[r * n + y]); });
    for (int64_t i = 0; i < k; ++i) {
      const bool have = i < static_cast<int64_t>(order.size());
      vals.v.push_back(have ? a.v[r * n + order[i]] : *bound);
      second.v.push_back(!have ? -1.0 : payload ? payload->v[r * n + order[i]] : static_cast<double>(order[i]));
    }
  }
  return {vals, second};
}

// Values with many exact ties (multiples of 1/4) and a NaN in every third row.
inline Array tied_values(int64_t rows, int64_t n, uint64_t seed) {
  Array a = Array::random_ints({rows, n}, seed, -12, 12);
  for (double& x : a.v)
    x *= 0.25;
  for (int64_t r = 0; r < rows; r += 3)
    a.v[r * n + (r * 7) % n] = std::nan("");
  return a;
}

} // namespace lmc::ref
