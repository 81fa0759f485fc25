// Replays one case of Monty's golden data (shared/golden/monty/, its README): reads case.json and the input .npy
// arrays, runs the LM library and returns the outputs and intermediates under the case's array names. Its own file
// so the `lmc monty replay` tool and the tests run exactly the same code.
#pragma once
#include "frontend/lm/npy.hpp"

#include <map>
#include <string>
#include <vector>

namespace lmc::lm {

struct ReplayResult {
  std::string kind;                       // evidence_step | initial_space
  std::map<std::string, NpyArray> arrays; // name -> array, names as in the case's "arrays" list
  std::map<std::string, double> scalars;  // the case's "results" we also compute (threshold, num_tested, ...)
};

// Throws lmc::Error for a missing or malformed case, and for kinds not supported yet (burst_episode), with a
// message that says so.
ReplayResult replay_case(const std::string& case_dir, DType dtype = float64, const std::string& device = "");

// The case's kind as written in case.json (to report unsupported kinds before any work).
std::string case_kind(const std::string& case_dir);

} // namespace lmc::lm
