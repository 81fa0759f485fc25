// A small deterministic mutation fuzzer for the parsers that read hostile input (issue #15): inputs are seeds changed
// by byte flips, deletions, duplications, splices and inserted tokens (repeated at times, to build nesting bombs),
// and each goes through a target that must accept it with its property holding or reject it with lmc::Error.
// Its own header because every fuzz target shares the driver; no libFuzzer is needed, so it runs in every build.
#pragma once
#include "ir/error.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace lmc::fuzz {

// What a target says of one input: empty when it was accepted with its property holding or refused with lmc::Error
// (the target catches that itself); otherwise what went wrong.
using Target = std::function<std::string(const std::string& input)>;

struct Corpus {
  std::vector<std::string> seeds;  // valid inputs to start from
  std::vector<std::string> tokens; // pieces of the format worth inserting (keywords, delimiters, huge numbers)
  size_t max_size = 4096;          // inputs are cut to this many bytes
};

struct FuzzRun {
  size_t inputs = 0, failures = 0;
  double slowest_s = 0;
  std::vector<std::string> reports; // the first few failures, each with its input escaped
};

// The input as a C string literal body, cut after `limit` bytes, so a report shows exactly what was fed.
inline std::string escaped(const std::string& s, size_t limit = 300) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 32 && c < 127) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (s.size() > limit) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

inline std::string mutate(const Corpus& c, std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::string s = c.seeds[pick(c.seeds.size())];
  const size_t steps = 1 + pick(6);
  for (size_t k = 0; k < steps; ++k) {
    const size_t at = s.empty() ? 0 : pick(s.size() + 1);
    switch (pick(8)) {
    case 0: // flip bits of one byte
      if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << pick(8));
      break;
    case 1: { // an interesting byte
      static const char bytes[] = {'\0', '\xff', '\n', '\r', ' ', '(', ')', '9', '-', ',', '\'', ':'};
      if (!s.empty()) s[pick(s.size())] = bytes[pick(sizeof bytes)];
      break;
    }
    case 2: // delete a range
      if (!s.empty()) s.erase(std::min(at, s.size() - 1), 1 + pick(16));
      break;
    case 3: { // duplicate a range
      if (s.empty()) break;
      const size_t from = pick(s.size());
      s.insert(at, s.substr(from, 1 + pick(32)));
      break;
    }
    case 4: { // splice: the head of this input, the tail of another seed
      const std::string& other = c.seeds[pick(c.seeds.size())];
      s = s.substr(0, at) + other.substr(std::min(other.size(), pick(other.size() + 1)));
      break;
    }
    case 5: // truncate
      s.resize(std::min(s.size(), at));
      break;
    case 6: { // a token repeated many times (deep nesting, long runs)
      const std::string& t = c.tokens[pick(c.tokens.size())];
      std::string run;
      for (size_t i = 0, n = 1 + pick(1500); i < n && run.size() < c.max_size; ++i)
        run += t;
      s.insert(at, run);
      break;
    }
    default: // one token
      s.insert(at, c.tokens[pick(c.tokens.size())]);
      break;
    }
  }
  if (s.size() > c.max_size) s.resize(c.max_size);
  return s;
}

// Feeds the seeds themselves, then `count` mutants, through `target`. An exception other than lmc::Error escaping the
// target, a broken property, or an input that takes more than `max_s` seconds is a failure.
inline FuzzRun run(const Corpus& c, const Target& target, size_t count, uint64_t seed, double max_s = 2.0) {
  FuzzRun r;
  std::mt19937_64 rng(seed);
  auto one = [&](const std::string& input) {
    ++r.inputs;
    const auto start = std::chrono::steady_clock::now();
    std::string why;
    try {
      why = target(input);
    } catch (const std::exception& e) {
      why = std::string("exception other than lmc::Error: ") + e.what();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.slowest_s = std::max(r.slowest_s, s);
    if (why.empty() && s > max_s) why = "took " + std::to_string(s) + " s";
    if (why.empty()) return;
    ++r.failures;
    if (r.reports.size() < 5) r.reports.push_back(why + "\n  input: \"" + escaped(input) + "\"");
  };
  for (const std::string& s : c.seeds)
    one(s);
  for (size_t i = 0; i < count; ++i)
    one(mutate(c, rng));
  return r;
}

} // namespace lmc::fuzz
