// Replays one case of Monty's golden data (shared/golden/monty/, its README): reads case.json and the input .npy
// arrays, runs the LM library and returns the outputs and intermediates under the case's array names. Its own file
// so the `lmc monty replay` tool and the tests run exactly the same code.
#pragma once
#include "lm/backend.hpp"
#include "lm/npy.hpp"

#include <map>
#include <string>
#include <vector>

namespace lmc::lm {

// A case that is not what it claims or asks for something impossible: a case.json field out of range, an array
// whose file, dtype or shape breaks the case. The user's mistake (the CLI's exit 2), unlike an lmc::Error from the
// library underneath.
class CaseError : public Error {
public:
  using Error::Error;
};

struct ReplayResult {
  std::string kind;                       // evidence_step | initial_space | burst_episode
  std::map<std::string, NpyArray> arrays; // name -> array, names as in the case's "arrays" list
  std::map<std::string, double> scalars;  // the case's "results" we also compute (threshold, num_tested, ...)
};

// How a burst_episode is replayed: through the LM backend (the default; its dispatch mode, and whether two more LMs
// share the episode's group: a twin with the same inputs, whose results must equal the episode's, and one without
// input on odd steps), or through the host-loop BurstUpdater, the readable reference.
struct ReplayOptions {
  bool reference_updater = false;
  DispatchMode mode = DispatchMode::Stacked;
  bool stacked_neighbours = true;
};

// Throws CaseError for a missing or malformed case (naming the field or array, its value and what was expected) and
// for an unknown kind; array files must lie inside case_dir and match case.json's dtype and shape. A
// burst_episode also returns the LM's per-step results, which Monty's golden data does not hold: step_max_evidence
// (T, objects; -inf for an object without hypotheses), step_possible_matches, and the most likely hypothesis
// step_mlh_object, step_mlh_index, step_mlh_evidence, step_mlh_location (T, 3), step_mlh_rotation (T, 3, 3).
// Through the backend, scalars["twin_mismatches"] counts the steps where the twin's results differ from the episode's.
ReplayResult replay_case(const std::string& case_dir, DType dtype = float64, const std::string& device = "",
                         const ReplayOptions& options = {});

// The case's kind as written in case.json (to report unsupported kinds before any work).
std::string case_kind(const std::string& case_dir);

} // namespace lmc::lm
