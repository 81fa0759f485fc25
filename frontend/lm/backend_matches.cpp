// The placeholder possible-match rule (see backend_matches.hpp).
#include "frontend/lm/backend_matches.hpp"

#include <algorithm>
#include <cmath>

namespace lmc::lm {

std::vector<int64_t> placeholder_possible_matches(const std::vector<double>& max_evidence, double x_percent,
                                                  double object_evidence_threshold) {
  std::vector<int64_t> out;
  double best = -INFINITY;
  for (double e : max_evidence)
    if (!std::isnan(e)) best = std::max(best, e);
  const bool decided = best > object_evidence_threshold;
  const double threshold = best - best / 100 * x_percent;
  for (size_t i = 0; i < max_evidence.size(); ++i) {
    const double e = max_evidence[i];
    if (std::isnan(e) || std::isinf(e)) continue;
    if (!decided || e > threshold) out.push_back(static_cast<int64_t>(i));
  }
  return out;
}

} // namespace lmc::lm
