// The LM's per-step results over all objects (monty_hypothesis_ops.md §8.1): each object's max evidence and its
// argmax, the most likely hypothesis (object, index, location, rotation) and Monty's possible-match thresholding.
// Its own file: these are the small outputs a backend sends back every step; the hypothesis arrays stay on the device.
#pragma once
#include "lm/hypotheses.hpp"

#include <limits>
#include <optional>
#include <vector>

namespace lmc::lm {

struct MostLikelyHypothesis {
  int64_t object = -1; // -1 when no object has hypotheses
  int64_t index = -1;  // row within that object's hypotheses
  double evidence = -std::numeric_limits<double>::infinity();
  std::vector<double> location; // (3,)
  std::vector<double> rotation; // (3, 3) row-major
};

struct MatchResults {
  std::vector<double> max_evidence; // per object: max_h e_h, -inf for an object without hypotheses
  std::vector<int64_t> best_index;  // per object: the first h reaching it, -1 without hypotheses
  MostLikelyHypothesis mlh;
  std::vector<bool> possible; // per object: Monty's possible matches
};

// Monty's _threshold_possible_matches on the per-object maxima g, with x = x_percent_threshold: if std(g) > 0.1 or
// max(g) < 0, the objects with g > max(g) - max(g) / 100 * x when max(g) > 0, else g > 0; otherwise with one object
// in memory {g >= 0}; otherwise every object. std is numpy's (population). An object without hypotheses is never
// possible and is left out of std and max; Monty itself has no rule for it (np.max of an empty array raises).
std::vector<bool> possible_matches(const std::vector<double>& max_evidence, double x_percent_threshold);

// All results for one LM. `objects[o]` is absent for an object without hypotheses. The per-object maxima and argmaxes
// are one reduction each on the device; only they and the winner's location and rotation come back. The most likely
// hypothesis is the first object (in order) whose maximum is strictly larger than every earlier one's, as Monty's
// _calculate_most_likely_hypothesis iterates.
MatchResults match_results(const std::vector<std::optional<Hypotheses>>& objects, double x_percent_threshold);

} // namespace lmc::lm
