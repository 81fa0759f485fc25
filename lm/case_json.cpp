// Reading case.json as hostile input: the file itself (a regular file of bounded size and nesting) and its fields
// (integers, real numbers and per-column lists, each checked against a stated range). Its own file because every
// replay kind reads its params through these, and a field used unchecked was how a case crashed or misled lmc.
#include "lm/case_json.hpp"

#include "ir/file_io.hpp"

#include <cmath>
#include <fmt/format.h>

namespace lmc::lm {

using nlohmann::json;

json read_case_json(const std::string& dir) {
  const std::string path = dir + "/case.json";
  // A regular file of bounded size (a directory or a link to /dev/zero named case.json is said so, not read).
  constexpr uint64_t kMaxCaseJsonBytes = uint64_t{64} << 20;
  std::string text;
  try {
    text = read_regular_file(path, kMaxCaseJsonBytes, "monty replay: case.json");
  } catch (const Error& e) {
    throw CaseError(e.what());
  }
  // Nesting beyond any case's (a few levels) is refused before parsing: a value nested 100,000 deep parsed, but its
  // dump() in an error message recursed once per level and overflowed the stack (SIGSEGV).
  constexpr int kMaxNesting = 64;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > kMaxNesting)
        throw CaseError(fmt::format("monty replay: {} nests deeper than {} levels (at byte {})", path, kMaxNesting, i));
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw CaseError(fmt::format("monty replay: {} is not valid JSON: {}", path, e.what()));
  }
}

// An integer field of params in [lo, hi]; a fraction (K = 2.5), a string or a value out of range is a CaseError,
// never truncated or clamped.
int64_t int_param(const json& p, const std::string& key, int64_t lo, int64_t hi, const std::string& why) {
  if (!p.contains(key)) throw CaseError(fmt::format("monty replay: params.{} is missing", key));
  const json& v = p.at(key);
  // nlohmann keeps a non-negative JSON integer as unsigned and a negative one as signed: compare each as it is.
  bool in_range = false;
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    in_range = u <= static_cast<uint64_t>(hi) && (lo <= 0 || u >= static_cast<uint64_t>(lo));
  } else if (v.is_number_integer()) {
    const auto x = v.get<int64_t>();
    in_range = x >= lo && x <= hi;
  }
  if (!in_range)
    throw CaseError(
        fmt::format("monty replay: params.{} = {}: expected an integer in [{}, {}]{}", key, v.dump(), lo, hi, why));
  return v.get<int64_t>();
}

// A real number of case.json at `field` within [lo, hi] (lo excluded when `above_lo`): NaN, an infinity, a string or
// a value outside the range is a CaseError naming the field, never a weight or tolerance used as it is (a negative
// tolerance aborted the step inside the LM as an "internal error"; a negative distance or weight gave other
// evidence without a word).
double real_value(const json& v, const std::string& field, double lo, double hi, bool above_lo) {
  const bool ok = v.is_number() && std::isfinite(v.get<double>()) &&
                  (above_lo ? v.get<double>() > lo : v.get<double>() >= lo) && v.get<double>() <= hi;
  if (!ok)
    throw CaseError(fmt::format("monty replay: {} = {}: expected a number in {}{}, {}]", field, v.dump(),
                                above_lo ? "(" : "[", lo, hi));
  return v.get<double>();
}

double real_param(const json& p, const std::string& key, double fallback, double lo, double hi, bool above_lo) {
  return p.contains(key) ? real_value(p.at(key), "params." + key, lo, hi, above_lo) : fallback;
}

// One number for every column, or a list of exactly `count` numbers, each checked as real_value checks it.
std::vector<double> numbers(const json& j, const std::string& field, size_t count, double lo, double hi,
                            bool above_lo) {
  if (!j.is_array()) return std::vector<double>(count, real_value(j, field, lo, hi, above_lo));
  if (j.size() != count)
    throw CaseError(
        fmt::format("monty replay: {} = {}: expected {} numbers (one per column) or one", field, j.dump(), count));
  std::vector<double> out;
  for (size_t i = 0; i < j.size(); ++i)
    out.push_back(real_value(j[i], fmt::format("{}[{}]", field, i), lo, hi, above_lo));
  return out;
}

} // namespace lmc::lm
