# lmc.monty.LmcBurstSamplingHypothesesUpdater: a drop-in for Monty's BurstSamplingHypothesesUpdater
# (evidence_matching/burst_sampling.py): hypotheses deleted when their evidence slope falls, sampled in bursts when no
# hypothesis of the LM gains evidence fast enough. Its own file: the second updater policy.
import math
from dataclasses import asdict

import numpy as np

from . import _monty_programs
from ._monty_arrays import LMC_LOCK, pad_rows, padded_rows
from ._monty_features import LmcFeatureEvidenceCalculator
from ._monty_hypotheses import PASSED_ON, LmcUpdaterBase, hypotheses_of, integer, number
from ._monty_slope_tracker import LmcSlopeTracker


def _monty_burst():
    from tbp.monty.frameworks.models.evidence_matching import burst_sampling, hypotheses_displacer, learning_module

    return burst_sampling, hypotheses_displacer, learning_module


class LmcBurstSamplingHypothesesUpdater(LmcUpdaterBase):
    """Monty's BurstSamplingHypothesesUpdater on lmc: the same keyword arguments, plus `device` and `dtype`. Slopes,
    deletions, the burst trigger, the choice of nodes to sample and the evidence all come from lmc programs; the
    per-graph slope windows are host arrays that are only shifted and appended to."""

    def __init__(self, feature_weights, graph_memory, max_match_distance, tolerances, evidence_threshold_config,
                 feature_evidence_calculator=LmcFeatureEvidenceCalculator, feature_evidence_increment=1,
                 features_for_matching_selector=None, sampling_multiplier=0.4, deletion_trigger_slope=0.5,
                 sampling_burst_duration=5, burst_trigger_slope=1.0, include_telemetry=False,
                 initial_possible_poses="informed", max_nneighbors=3, past_weight=1, present_weight=1,
                 umbilical_num_poses=8, device=None, dtype="float64"):
        if evidence_threshold_config != "all":
            raise _monty_burst()[2].InvalidEvidenceThresholdConfig(
                "evidence_threshold_config must be 'all' for `LmcBurstSamplingHypothesesUpdater` (burst sampling "
                "scores every hypothesis and deletes the ones losing evidence instead)")
        super().__init__(feature_weights, graph_memory, max_match_distance, tolerances, feature_evidence_calculator,
                         feature_evidence_increment, features_for_matching_selector, initial_possible_poses,
                         max_nneighbors, past_weight, present_weight, umbilical_num_poses, device, dtype)
        self.sampling_multiplier = number("sampling_multiplier", sampling_multiplier, 0)
        self.deletion_trigger_slope = number("deletion_trigger_slope", deletion_trigger_slope)
        self.sampling_burst_duration = integer("sampling_burst_duration", sampling_burst_duration, 0)
        self.burst_trigger_slope = number("burst_trigger_slope", burst_trigger_slope)
        self.include_telemetry = bool(include_telemetry)
        self.max_slope = -math.inf
        self.reset()

    def reset(self):
        super().reset()
        self.sampling_burst_steps = 0
        self.evidence_slope_trackers = {}

    # ------------------------------------------------------------------------------- one LM step as a context
    def __enter__(self):
        """Before the LM's objects are updated: a burst starts when no hypothesis of any object gains evidence
        faster than burst_trigger_slope and none is running."""
        self.begin_step()
        with LMC_LOCK:
            self.max_slope = max([t.max_finite_slope() for t in self.evidence_slope_trackers.values()],
                                 default=-math.inf)
        if self.max_slope <= self.burst_trigger_slope and self.sampling_burst_steps == 0:
            self.sampling_burst_steps = self.sampling_burst_duration
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.end_step()
        if not exc_type and self.sampling_burst_steps > 0:
            self.sampling_burst_steps -= 1

    # ------------------------------------------------------------------------------------------- one object
    def step_evidence(self, hypotheses, features, graph_id, evidence_update_threshold):
        """(Hypotheses or None when no usable channel, telemetry): hypotheses whose slope fell below
        deletion_trigger_slope are deleted, the rest scored; during a burst, new ones are sampled at the nodes whose
        features match best and appended (not scored on the step they are made)."""
        tracker = self.evidence_slope_trackers.get(graph_id)
        if tracker is None:
            tracker = self.evidence_slope_trackers[graph_id] = LmcSlopeTracker(self.device, self.dtype)
        channels = self.usable_channels(features, graph_id)
        if not channels:
            return None, {}
        counts = self._sample_counts(features, graph_id, channels)
        with LMC_LOCK:
            keep = tracker.retained(self.deletion_trigger_slope) if tracker.size() else np.zeros(0, dtype=np.bool_)
        retained_ids, removed_ids = np.flatnonzero(keep), np.flatnonzero(~keep)
        if len(retained_ids) == 0:
            tracker.clear()
            existing = hypotheses_of(np.zeros(0), np.zeros((0, 3)), np.zeros((0, 3, 3)))
        else:
            tracker.keep(retained_ids)
            existing = self._retained(hypotheses, retained_ids)
        new = self._sampled(features, graph_id, counts)
        if new[0].size:
            tracker.add(new[0].size)
        displacer = _monty_burst()[1]
        prediction_error = None
        if len(retained_ids):
            evidence, prediction_error = self.compute_evidence(existing, features, evidence_update_threshold,
                                                               graph_id, channels)
            existing.evidence = evidence
        update = hypotheses_of(np.concatenate([existing.evidence, new[0]]),
                               np.concatenate([existing.locations, new[1]]),
                               np.concatenate([existing.poses, new[2]]),
                               np.concatenate([existing.possible, np.zeros(new[0].size, dtype=np.bool_)]),
                               keep=PASSED_ON)  # fresh concatenations
        tracker.update(update.evidence, num_channels=len(channels))
        if not self.include_telemetry:
            return update, {"mlh_prediction_error": prediction_error}
        added = np.arange(update.count)[-new[0].size:] if new[0].size else np.array([], dtype=np.int_)
        telemetry = _monty_burst()[0].BurstSamplingTelemetry(
            displacer_telemetry=displacer.HypothesisDisplacerTelemetry(mlh_prediction_error=prediction_error),
            added_ids=added, ages=tracker.ages.copy(), evidence_slopes=tracker.slopes(), removed_ids=removed_ids,
            max_slope=self.max_slope)
        return update, asdict(telemetry)

    def _sample_counts(self, features, graph_id, channels):
        """New hypotheses per channel during a burst (Monty's rule): round(N * min(multiplier, rotations per node))
        less its remainder, so every chosen node gets all its rotations; none outside a burst."""
        if self.sampling_burst_steps <= 0:
            return {}
        counts = {}
        for channel in channels:
            nodes = self.models.get(graph_id, channel).num_nodes
            per_node = self.rotations_per_node(features[channel])
            count = round(nodes * min(self.sampling_multiplier, per_node))
            counts[channel] = count - count % per_node
        return counts

    def _retained(self, hypotheses, ids):
        """The retained rows of every array, gathered by lmc."""
        h, kept = hypotheses.count, len(ids)
        rows = padded_rows(h)  # sizes padded to buckets, so the gather's program is reused as the counts change
        arrays = [pad_rows(np.asarray(a, dtype=np.float64).reshape(h, -1), rows)
                  for a in (hypotheses.evidence, hypotheses.locations, hypotheses.poses, hypotheses.possible)]
        with LMC_LOCK:
            rows = _monty_programs.run("retained_rows", _gather_rows,
                                       arrays + [pad_rows(np.asarray(ids, dtype=np.int64), padded_rows(kept))],
                                       self.device, self.dtype)
        rows = [r[:kept] for r in rows]
        return hypotheses_of(rows[0].reshape(-1), rows[1], rows[2], rows[3].reshape(-1) != 0,
                             keep=PASSED_ON)  # views of the program's fresh outputs

    def _sampled(self, features, graph_id, counts):
        """(evidence, locations, rotations) of the new hypotheses of every channel with a count, channel after
        channel: the count / rotations-per-node nodes with the highest feature evidence (numpy's argsort(phi)[-k:]
        with a stable sort, so ties rank by node id), each with all its rotations."""
        parts = []
        for channel, count in counts.items():
            if count == 0:
                continue
            f = features[channel]
            per_node = self.rotations_per_node(f)
            phi = self.node_evidence(graph_id, channel, f)
            with LMC_LOCK:  # padded with -inf, which sorts first: the top of the order is the real nodes'
                order = _monty_programs.run("argsort", lambda t: [t.argsort()],
                                            [pad_rows(phi, padded_rows(len(phi)), -np.inf)], self.device,
                                            self.dtype)[0]
            top = np.asarray(order[-int(count // per_node):], dtype=np.int64)
            parts.append(self.new_hypotheses(graph_id, channel, f, top, per_node, phi))
        if not parts:
            return np.zeros(0), np.zeros((0, 3)), np.zeros((0, 3, 3))
        return tuple(np.concatenate(p) for p in zip(*parts))


def _gather_rows(evidence, locations, poses, possible, index):
    """The rows at `index` of every hypothesis array."""
    return [a.index_select(0, index) for a in (evidence, locations, poses, possible)]
