// An LM episode written for another implementation to replay: the objects one LM learned and the observations it got,
// step by step, with the step's parameters. Its own file because it is the interchange with Monty's own code (the
// bench's NumPy baseline replays it through Monty's BurstSamplingHypothesesUpdater), not part of running an LM.
#pragma once
#include "lm/backend.hpp"
#include "lm/burst_updater.hpp"

#include <string>
#include <vector>

namespace lmc::lm {

// Writes `dir` (created if missing): model_P (B, N, 3), model_V (B, N, 9), model_U (B, N) bool, model_X (B, N, F);
// walk_S (T, 1, 3, 3), walk_pfd (T, 1) bool, walk_q (T, 1, F), walk_kappa (T, 1), walk_d (T, 1, 3), walk_moved (T,)
// bool, as .npy in float64; and episode.json with the burst and evidence parameters. Every object must have the same
// node count and feature columns (Monty's stacked layout); throws lmc::Error naming what differs, or an unwritable
// path.
void write_monty_episode(const std::string& dir, const std::vector<ObjectModelData>& objects,
                         const std::vector<Observation>& steps, const BurstParams& params);

} // namespace lmc::lm
