// Every rule of every symbolic family (lmc::symbolic_families()) proved by the per-rule harness. A refuted rule
// prints its counterexample; a rule the harness cannot make fire is a failure, not a skip.
#include "rewrite/symbolic.hpp"
#include "rewrite/verify/rule_harness.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace lmc::verify {
namespace {

// LMC_RULES=name,name proves only those rules (a quick loop while writing them; the full run takes minutes).
std::vector<RuleReport> reports_for(const char* only) {
  if (!only) return prove_symbolic_rules();
  const std::string names = std::string(",") + only + ",";
  std::vector<RuleReport> out;
  for (const rw::RuleTable* table : symbolic_families())
    for (const rw::Rule& r : table->rules())
      if (names.find("," + r.name + ",") != std::string::npos) out.push_back(prove_rule(r, table->name()));
  return out;
}

TEST(RuleProofs, EverySymbolicRuleIsProved) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<RuleReport> reports = reports_for(std::getenv("LMC_RULES"));
  size_t proved = 0, instances = 0;
  for (const RuleReport& r : reports) {
    instances += r.proved;
    if (std::getenv("LMC_VERBOSE")) std::printf("%s\n", r.summary().c_str()); // every rule's counts and time
    if (r.ok())
      ++proved;
    else
      ADD_FAILURE() << r.summary();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu rules proved (of %zu; %zu instances proved; %.1f s)\n", proved, reports.size(), instances, seconds);
  EXPECT_FALSE(reports.empty());
}

} // namespace
} // namespace lmc::verify
