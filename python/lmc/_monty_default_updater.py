# lmc.monty.LmcHypothesesUpdater: a drop-in for Monty's DefaultHypothesesUpdater (evidence_matching/
# hypotheses_updater.py): a fixed hypothesis space made on the first observation of each channel, then scored every
# step, all numeric work in lmc. Its own file: one of the two updater policies.
import numpy as np

from . import _lmc, _monty_programs
from ._monty_arrays import LMC_LOCK, pad_rows, padded_rows
from ._monty_features import LmcFeatureEvidenceCalculator
from ._monty_hypotheses import PASSED_ON, LmcUpdaterBase, hypotheses_of


class LmcHypothesesUpdater(LmcUpdaterBase):
    """Monty's DefaultHypothesesUpdater on lmc: the same keyword arguments, plus `device` ('CPU', 'CUDA' or None for
    the default device) and `dtype` ('float64', Monty's values; or 'float32'). Switch a Monty LM to it with
    hypotheses_updater_class=lmc.monty.LmcHypothesesUpdater."""

    def __init__(self, feature_weights, graph_memory, max_match_distance, tolerances, evidence_threshold_config="all",
                 feature_evidence_calculator=LmcFeatureEvidenceCalculator, feature_evidence_increment=1,
                 features_for_matching_selector=None, initial_possible_poses="informed", max_nneighbors=3,
                 past_weight=1, present_weight=1, umbilical_num_poses=8, device=None, dtype="float64"):
        # evidence_threshold_config is accepted and ignored, as Monty's DefaultHypothesesUpdater does: the LM turns
        # it into the threshold each update_evidence call receives.
        super().__init__(feature_weights, graph_memory, max_match_distance, tolerances, feature_evidence_calculator,
                         feature_evidence_increment, features_for_matching_selector, initial_possible_poses,
                         max_nneighbors, past_weight, present_weight, umbilical_num_poses, device, dtype)
        self._initialized_channels = {}

    def reset(self):
        super().reset()
        self._initialized_channels = {}

    def rotations_per_node(self, channel_features):
        """As the base class, but an observation that does not say whether its pose is defined counts as defined
        (Monty's DefaultHypothesesUpdater samples extra poses only when pose_fully_defined is present and False)."""
        if self.initial_possible_poses is None and "pose_fully_defined" not in channel_features:
            return 2
        return super().rotations_per_node(channel_features)

    def step_evidence(self, hypotheses, features, graph_id, evidence_update_threshold):
        """(updated Hypotheses or None when no usable channel, telemetry): the initial space on the first
        observation, else every hypothesis scored, plus an initial space for each channel seen for the first time
        (starting at the current mean evidence)."""
        channels = self.usable_channels(features, graph_id)
        initialized = self._initialized_channels.setdefault(graph_id, set())
        if not channels:
            return None, {}
        if hypotheses.count == 0:
            parts = [self.new_hypotheses(graph_id, c, features[c]) for c in channels]
            initialized.update(channels)
            return hypotheses_of(*(np.concatenate(p) for p in zip(*parts)), keep=PASSED_ON), {}
        evidence, prediction_error = self.compute_evidence(hypotheses, features, evidence_update_threshold, graph_id,
                                                           channels)
        e, l, r = [evidence], [hypotheses.locations], [hypotheses.poses]
        possible = [hypotheses.possible]
        new_channels = [c for c in channels if c not in initialized]
        if new_channels:
            with LMC_LOCK:  # the newcomers start at the mean evidence, to have a chance against the others
                rows = padded_rows(len(evidence))
                mean = float(_monty_programs.run("mean", _mean, [pad_rows(evidence, rows),
                                                                 np.arange(rows) < len(evidence),
                                                                 np.full(1, float(len(evidence)))],
                                                 self.device, self.dtype)[0][0])
            for c in new_channels:
                new_e, new_l, new_r = self.new_hypotheses(graph_id, c, features[c])
                e.append(new_e + mean), l.append(new_l), r.append(new_r)
                possible.append(np.zeros(len(new_e), dtype=np.bool_))
                initialized.add(c)
        if len(e) == 1:  # no new channel: compute_evidence's fresh evidence; the rest passed on as Monty's displacer
            updated = hypotheses_of(evidence, hypotheses.locations, hypotheses.poses, hypotheses.possible,
                                    keep=PASSED_ON)
        else:  # concatenated: fresh arrays
            updated = hypotheses_of(np.concatenate(e), np.concatenate(l), np.concatenate(r), np.concatenate(possible),
                                    keep=PASSED_ON)
        return updated, {"mlh_prediction_error": prediction_error}


def _mean(values, real, count):
    """The mean of the real rows of `values` (count of them), (1,)."""
    return [_lmc.where(real, values, 0.0).sum().reshape(1) / count]
