// Per-object max and argmax as device reductions (argmax is a top-1 whose ties keep the lower index, like
// numpy.argmax), then the host-side rules over a handful of numbers: the most likely hypothesis and possible matches.
#include "lm/matches.hpp"

#include <cmath>
#include <fmt/format.h>

namespace lmc::lm {

std::vector<bool> possible_matches(const std::vector<double>& max_evidence, double x_percent_threshold) {
  std::vector<double> g;
  for (double v : max_evidence)
    if (v != -std::numeric_limits<double>::infinity()) g.push_back(v);
  std::vector<bool> possible(max_evidence.size(), false);
  if (g.empty()) return possible;
  double max_g = g[0], mean = 0;
  for (double v : g) {
    max_g = std::max(max_g, v);
    mean += v;
  }
  mean /= static_cast<double>(g.size());
  double var = 0;
  for (double v : g)
    var += (v - mean) * (v - mean);
  const double std_g = std::sqrt(var / static_cast<double>(g.size()));
  for (size_t o = 0; o < max_evidence.size(); ++o) {
    const double v = max_evidence[o];
    if (v == -std::numeric_limits<double>::infinity()) continue;
    if (std_g > 0.1 || max_g < 0) {
      // Monty's order of operations: max - max / 100 * x.
      const double th = max_g > 0 ? max_g - max_g / 100 * x_percent_threshold : 0.0;
      possible[o] = v > th;
    } else if (max_evidence.size() == 1) {
      possible[o] = v >= 0;
    } else {
      possible[o] = true;
    }
  }
  return possible;
}

MatchResults match_results(const std::vector<std::optional<Hypotheses>>& objects, double x_percent_threshold) {
  const size_t n = objects.size();
  std::vector<Tensor> maxima, argmaxes;
  std::vector<Tensor*> pending;
  maxima.reserve(n);
  argmaxes.reserve(n);
  for (const std::optional<Hypotheses>& h : objects) {
    if (!h) continue;
    maxima.push_back(h->evidence.max());
    argmaxes.push_back(h->evidence.argmax(0));
  }
  for (size_t i = 0; i < maxima.size(); ++i) {
    pending.push_back(&maxima[i]);
    pending.push_back(&argmaxes[i]);
  }
  if (!pending.empty()) Tensor::realize_all(pending);

  MatchResults r;
  size_t next = 0;
  for (size_t o = 0; o < n; ++o) {
    if (!objects[o]) {
      r.max_evidence.push_back(-std::numeric_limits<double>::infinity());
      r.best_index.push_back(-1);
      continue;
    }
    r.max_evidence.push_back(maxima[next].cast(float64).to_vector<double>().at(0));
    r.best_index.push_back(argmaxes[next].cast(int64).to_vector<int64_t>().at(0));
    ++next;
    // A strict comparison keeps the earliest object on a tie, as Monty's loop does.
    if (r.max_evidence.back() > r.mlh.evidence) {
      r.mlh.object = static_cast<int64_t>(o);
      r.mlh.index = r.best_index.back();
      r.mlh.evidence = r.max_evidence.back();
    }
  }
  if (r.mlh.object >= 0) {
    const Hypotheses& h = *objects[static_cast<size_t>(r.mlh.object)];
    const Tensor row =
        Tensor::from_vector(std::vector<int32_t>{static_cast<int32_t>(r.mlh.index)}, {1}, h.locations.device());
    r.mlh.location = h.locations.index_select(0, row).cast(float64).to_vector<double>();
    r.mlh.rotation = h.rotations.index_select(0, row).cast(float64).to_vector<double>();
  }
  r.possible = possible_matches(r.max_evidence, x_percent_threshold);
  return r;
}

} // namespace lmc::lm
