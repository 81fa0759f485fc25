// The LM library: Monty's hypothesis-update math (monty_hypothesis_ops.md) as lmc tensor expressions. This header
// is the folder's table of contents; include it to get all of it.
#pragma once

// .npy arrays in and out (Monty's golden data and the replay tool): NpyArray, read_npy, write_npy, to_tensor.
#include "lm/npy.hpp"

// The object model on a device (ObjectModel) and node feature evidence phi (FeatureSpec, node_feature_evidence).
#include "lm/model.hpp"

// Hypothesis state, sensed frames, the informed initial space and displacement l += R d.
#include "lm/hypotheses.hpp"

// One evidence step: threshold selection, K-NN, custom distance and mask, pose and feature evidence, update.
#include "lm/evidence.hpp"

// The slope tracker (ring-buffered evidence window, ages, mean slope, retain rule) and stream compaction.
#include "lm/compaction.hpp"
#include "lm/slope_tracker.hpp"

// Burst sampling: how many new hypotheses, from which nodes (stable top-k by phi), and the updater's step.
#include "lm/burst_sampling.hpp"
#include "lm/burst_updater.hpp"

// Per-step results: per-object max evidence and argmax, the most likely hypothesis, possible matches.
#include "lm/matches.hpp"
