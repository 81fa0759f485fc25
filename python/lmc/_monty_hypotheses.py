# What lmc.monty's two drop-in updaters share: Monty's constructor arguments checked, the object models read through
# the graph memory, the initial hypothesis space and the evidence update over every channel, each computed by lmc.
# Its own file: DefaultHypothesesUpdater and BurstSamplingHypothesesUpdater are two policies over these steps.
import math
import numbers

import numpy as np

from . import _lmc
from ._monty_arrays import LMC_LOCK, checked_array, host_tensor, pad_rows, padded_rows, resolve_dtype
from ._monty_evidence import channel_evidence, displaced_locations, scalar, tested_update
from ._monty_features import LmcFeatureEvidenceCalculator
from ._monty_models import ModelCache

MAX_EVIDENCE, EVIDENCE_RANGE = 2.0, 3.0  # each channel's evidence lies in [-1, 2]: Monty's prediction error scale


def monty():
    """Monty's modules the drop-ins return or call, imported at run time (never copied into lmc)."""
    from tbp.monty.frameworks.models.evidence_matching import channels, hypotheses
    from tbp.monty.frameworks.models.evidence_matching.feature_evidence import scorer
    from tbp.monty.frameworks.models.evidence_matching.features_for_matching import selector
    from tbp.monty.frameworks.utils import graph_matching_utils

    return channels, hypotheses, scorer, selector, graph_matching_utils


def hypotheses_of(evidence, locations, rotations, possible=None):
    """Monty's own Hypotheses from arrays (copied: fresh, writable, float64; possible all False unless given)."""
    Hypotheses = monty()[1].Hypotheses
    evidence = np.array(evidence, dtype=np.float64)
    return Hypotheses(evidence=evidence, locations=np.array(locations, dtype=np.float64).reshape(-1, 3),
                      poses=np.array(rotations, dtype=np.float64).reshape(-1, 3, 3),
                      possible=np.zeros(evidence.shape, dtype=np.bool_) if possible is None else
                      np.array(possible, dtype=np.bool_))


def number(name, value, low=-math.inf, low_open=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value) or value < low or (
            low_open and value == low):
        bound = f" {'>' if low_open else '>='} {low}" if low > -math.inf else ""
        raise ValueError(f"{name} = {value!r} (expected a number{bound})")
    return float(value)


def integer(name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name} = {value!r} (expected an integer >= {low})")
    return int(value)


class LmcUpdaterBase:
    """Construction and the steps both updaters take. Subclasses define update_evidence and the context manager."""

    calls = 0  # lmc steps run by any drop-in updater (the Monty test harness checks lmc was really used)

    @classmethod
    def configured(cls, device=None, dtype="float64"):
        """A subclass whose `device` and `dtype` default to these: a class to hand to Monty's configuration
        (hypotheses_updater_class), which constructs it with Monty's keyword arguments only."""
        resolve_dtype(dtype)
        init = cls.__init__

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("device", device)
            kwargs.setdefault("dtype", dtype)
            init(self, *args, **kwargs)

        return type(cls.__name__, (cls,), {"__init__": __init__, "__doc__": cls.__doc__})

    def __init__(self, feature_weights, graph_memory, max_match_distance, tolerances, feature_evidence_calculator,
                 feature_evidence_increment, features_for_matching_selector, initial_possible_poses, max_nneighbors,
                 past_weight, present_weight, umbilical_num_poses, device, dtype):
        _, _, scorer, selector, matching = monty()
        if device is not None and (not isinstance(device, str) or device.upper() not in _lmc.devices()):
            raise ValueError(f"device = {device!r} (expected one of {_lmc.devices()} or None for the default device)")
        self.device, self.dtype = device, resolve_dtype(dtype)
        self.feature_weights = feature_weights
        self.graph_memory = graph_memory
        self.max_match_distance = number("max_match_distance", max_match_distance, 0, low_open=True)
        self.max_nneighbors = integer("max_nneighbors", max_nneighbors, 1)
        self.past_weight = number("past_weight", past_weight)
        self.present_weight = number("present_weight", present_weight)
        self.umbilical_num_poses = integer("umbilical_num_poses", umbilical_num_poses, 1)
        self.initial_possible_poses = matching.get_initial_possible_poses(initial_possible_poses)
        if feature_evidence_calculator is LmcFeatureEvidenceCalculator:  # the default: on this updater's device
            feature_evidence_calculator = LmcFeatureEvidenceCalculator.configured(device, self.dtype.name)
        self._feature_evidence_scorer = scorer.DefaultFeatureEvidenceScorer(
            graph_memory=graph_memory, feature_weights=feature_weights, tolerances=tolerances,
            feature_evidence_calculator=feature_evidence_calculator,
            feature_evidence_increment=feature_evidence_increment,
            features_for_matching_selector=features_for_matching_selector or
            selector.DefaultFeaturesForMatchingSelector)
        self.models = ModelCache(graph_memory, device, self.dtype)

    # --------------------------------------------------------------------------------------------- the protocol
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        return None

    def reset(self):
        """A new episode: graphs may have changed, so the models read from the graph memory are dropped."""
        self.models.clear()

    def displace_hypotheses(self, hypotheses, displacement, graph_id):
        """Every hypothesis moved by its pose-rotated displacement; a no-op without hypotheses or displacement."""
        if hypotheses.count == 0 or displacement is None:
            return hypotheses
        d = checked_array(displacement, "displacement", shape=(3,))
        h = hypotheses.count
        rows = padded_rows(h)
        locations = pad_rows(checked_array(hypotheses.locations, "hypotheses.locations", shape=(h, 3)), rows)
        poses = pad_rows(checked_array(hypotheses.poses, "hypotheses.poses", shape=(h, 3, 3)), rows)
        with LMC_LOCK:
            LmcUpdaterBase.calls += 1
            moved = displaced_locations(host_tensor(locations, self.device, self.dtype),
                                        host_tensor(poses, self.device, self.dtype),
                                        host_tensor(d, self.device, self.dtype)).numpy()[:h]
        return hypotheses_of(hypotheses.evidence, moved, hypotheses.poses, hypotheses.possible)

    # ------------------------------------------------------------------------------------------- shared steps
    def usable_channels(self, features, graph_id):
        channels = monty()[0]
        return channels.all_usable_input_channels(features, self.graph_memory.get_input_channels_in_graph(graph_id))

    def node_evidence(self, graph_id, channel, channel_features):
        """Each node's feature evidence (N,) for this channel's observation (Monty's scorer over the calculator)."""
        return np.asarray(self._feature_evidence_scorer(graph_id=graph_id, input_channel=channel,
                                                        query_features=channel_features), dtype=np.float64)

    def rotations_per_node(self, channel_features):
        """How many rotations each node gets: 2 (a defined pose, both curvature signs), umbilical_num_poses (an
        undefined one), or one per listed initial pose. An observation without pose_fully_defined: KeyError, as
        in Monty's burst sampling (the default updater overrides this)."""
        if self.initial_possible_poses is not None:
            return len(self.initial_possible_poses)
        return 2 if channel_features["pose_fully_defined"] else self.umbilical_num_poses

    def sensed_frames(self, channel_features, count):
        """The `count` sensed frames (3, 3) the informed space aligns every node with (Monty's own helper)."""
        matching = monty()[4]
        frame = checked_array(channel_features["pose_vectors"], "features['pose_vectors']", shape=(3, 3))
        return matching.possible_sensed_directions(frame, count)

    def new_hypotheses(self, graph_id, channel, channel_features, node_ids=None, rotations_per_node=None,
                       node_evidence=None):
        """New hypotheses at `node_ids` (all nodes when None), rotation-major: row j * k + i is node node_ids[i]
        with rotation j (node frame^T @ sensed frame j for the informed space, else the listed pose j). Their
        evidence is the node's feature evidence; none is possible yet. Returns host arrays (e, l, R)."""
        model = self.models.get(graph_id, channel)
        phi = self.node_evidence(graph_id, channel, channel_features) if node_evidence is None else node_evidence
        ids = np.arange(model.num_nodes) if node_ids is None else node_ids
        count = rotations_per_node or self.rotations_per_node(channel_features)
        if self.initial_possible_poses is None:
            frames = self.sensed_frames(channel_features, count)
            k = len(ids)
            rows = padded_rows(k)  # node rows padded to a bucket: kernels shared across graphs and sample counts
            with LMC_LOCK:
                nodes = host_tensor(pad_rows(model.node_frames[ids], rows), self.device, self.dtype)  # rows n, c1, c2
                sensed = host_tensor(np.stack(frames), self.device, self.dtype)  # (count, 3, 3)
                # R[j, i] = M_i^T S_j: maps the sensed frame onto node i's stored frame.
                rotations = (nodes.permute(0, 2, 1).reshape(1, rows, 3, 3, 1) *
                             sensed.reshape(count, 1, 1, 3, 3)).sum(3)
                rotations = rotations.numpy()[:, :k].reshape(count * k, 3, 3)
        else:
            rotations = np.concatenate([np.broadcast_to(r.as_matrix(), (len(ids), 3, 3))
                                        for r in self.initial_possible_poses])
        return np.tile(phi[ids], count), np.tile(model.locations[ids], (count, 1)), rotations

    def compute_evidence(self, hypotheses, features, threshold, graph_id, channels):
        """Monty's displacer.compute_evidence: every channel scores the hypotheses that reached `threshold`, the
        channel evidences are summed, and evidence = past * e + present * sum. Returns (evidence array, prediction
        error or None when nothing was tested)."""
        h = hypotheses.count
        evidence = checked_array(hypotheses.evidence, "hypotheses.evidence", shape=(None,))
        if h == 0:
            return evidence.copy(), None
        dev, dt = self.device, self.dtype
        # Rows padded to a bucket so kernels are reused as H changes; padding rows are never tested nor the best.
        rows = padded_rows(h)
        locations = pad_rows(checked_array(hypotheses.locations, "hypotheses.locations", shape=(h, 3)), rows)
        poses = pad_rows(checked_array(hypotheses.poses, "hypotheses.poses", shape=(h, 3, 3)), rows)
        with LMC_LOCK:
            LmcUpdaterBase.calls += 1
            e = host_tensor(pad_rows(evidence, rows, -np.inf), dev, dt)
            real = host_tensor(np.arange(rows) < h, dev, np.bool_)
            tested = (e >= scalar(threshold, dev, dt, ndim=1)) & real
            locations, rotations = host_tensor(locations, dev, dt), host_tensor(poses, dev, dt)
            total = None
            for channel in channels:
                f = features[channel]
                if "pose_fully_defined" not in f or "pose_vectors" not in f:
                    raise ValueError(f"features['{channel}'] needs 'pose_vectors' and 'pose_fully_defined'")
                weights = self.feature_weights[channel]["pose_vectors"]
                new = channel_evidence(self.models.get(graph_id, channel), locations, rotations,
                                       checked_array(f["pose_vectors"], f"features['{channel}']['pose_vectors']",
                                                     shape=(3, 3)), bool(f["pose_fully_defined"]),
                                       float(monty()[4].get_relevant_curvature(f)),
                                       self.node_evidence(graph_id, channel, f), self.max_nneighbors,
                                       self.max_match_distance, weights[0], weights[1])
                add = tested_update(tested, new)
                total = add if total is None else total + add
            updated = e * scalar(self.past_weight, dev, dt, 1) + total * scalar(self.present_weight, dev, dt, 1)
            num_tested = tested.cast(_lmc.int64).sum()
            best = e.argmax()
            _lmc.Tensor.realize_all([updated, total, num_tested, best])
            if int(num_tested.item()) == 0:
                return evidence.copy(), None
            at_best = float(total.numpy()[int(best.item())])
            updated = np.array(updated.numpy()[:h], dtype=np.float64)
        c = len(channels)
        return updated, np.float64((MAX_EVIDENCE * c - at_best) / (EVIDENCE_RANGE * c))
