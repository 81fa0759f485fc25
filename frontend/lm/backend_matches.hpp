// Which objects are still possible matches for an LM, from each object's max evidence. A placeholder for Monty's
// exact rule (frontend/lm/matches.hpp, written separately); its own file so the backend swaps it in one place.
#pragma once
#include <cstdint>
#include <vector>

namespace lmc::lm {

// Objects whose max evidence is above best - best * x_percent / 100, once best exceeds `object_evidence_threshold`;
// before that every object with evidence is possible. Ascending object indices.
std::vector<int64_t> placeholder_possible_matches(const std::vector<double>& max_evidence, double x_percent,
                                                  double object_evidence_threshold);

} // namespace lmc::lm
