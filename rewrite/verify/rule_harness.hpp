// The per-rule proof harness: instantiates a rule's `before` pattern into concrete graphs (bounded variables,
// sampled constants, each op of an op set, several dtypes), applies exactly that rule, proves old == new.
#pragma once
#include "rewrite/matcher.hpp"
#include "rewrite/verify/prove.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lmc::verify {

struct HarnessOptions {
  uint64_t seed = 1;
  size_t max_fired = 40;      // distinct instances proved per rule, at most
  size_t max_tries = 4000;    // instances built per rule, at most
  unsigned timeout_ms = 3000; // per Z3 query
};

struct RuleReport {
  std::string table;
  std::string rule;
  std::string location; // file:line of the rule
  size_t tried = 0;     // instances built
  size_t fired = 0;     // distinct instances where the rule applied
  size_t proved = 0;
  size_t unknown = 0; // Z3 timed out (or an unconfirmed counterexample)
  double seconds = 0;
  std::vector<std::string> failures; // refutations and errors, one readable paragraph each
  std::vector<std::string> notes;    // unknowns

  // A rule passes when it fired, nothing was refuted, and at least one instance was proved.
  bool ok() const { return failures.empty() && fired > 0 && proved > 0; }
  // A one-paragraph account: counts, and every failure.
  std::string summary() const;
};

// Instantiates and proves one rule.
RuleReport prove_rule(const rw::Rule& rule, const std::string& table, const HarnessOptions& options = {});
// Every rule of `table`, in order.
std::vector<RuleReport> prove_table(const rw::RuleTable& table, const HarnessOptions& options = {});
// Every rule of every table in lmc::symbolic_families().
std::vector<RuleReport> prove_symbolic_rules(const HarnessOptions& options = {});

} // namespace lmc::verify
