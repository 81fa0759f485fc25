// Reading case.json as hostile input: the file (regular, bounded, nested at most 64 levels) and its fields, each a
// CaseError naming the field, its value and what was expected when it is missing, of the wrong type or out of range.
#pragma once
#include "lm/replay.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lmc::lm {

// CASE_DIR/case.json parsed.
nlohmann::json read_case_json(const std::string& dir);

// An integer field of params in [lo, hi]; a fraction (K = 2.5), a string or a value out of range is a CaseError,
// never truncated or clamped. `why` is appended to the message.
int64_t int_param(const nlohmann::json& p, const std::string& key, int64_t lo, int64_t hi, const std::string& why = "");

// A finite real number at `field` within [lo, hi] (lo excluded when `above_lo`).
double real_value(const nlohmann::json& v, const std::string& field, double lo, double hi, bool above_lo = false);

// params[key] checked as real_value checks it, or `fallback` when the case does not give it.
double real_param(const nlohmann::json& p, const std::string& key, double fallback, double lo, double hi,
                  bool above_lo = false);

// One number for every column, or a list of exactly `count` numbers, each checked as real_value checks it.
std::vector<double> numbers(const nlohmann::json& j, const std::string& field, size_t count, double lo, double hi,
                            bool above_lo);

// The plausible ranges of Monty's parameters (far beyond any real configuration): tolerances and distances are
// positive, weights are not negative, a percentage is one.
// A sampling multiplier above 100 would sample more hypotheses per step than memory holds.
constexpr double kMaxWeight = 1e6, kMaxTolerance = 1e6, kMaxDistance = 1e3, kMaxSamplingMultiplier = 100,
                 kMaxEvidence = 1e12;

} // namespace lmc::lm
