# What lmc.monty's two drop-in updaters share: Monty's constructor arguments checked, the object models read through
# the graph memory, the initial hypothesis space and the evidence update over every channel, each computed by lmc.
# Its own file: DefaultHypothesesUpdater and BurstSamplingHypothesesUpdater are two policies over these steps.
import functools
import math
import numbers

import numpy as np

from . import _lmc, _monty_programs
from ._monty_arrays import LMC_LOCK, checked_array, pad_rows, padded_rows, resolve_dtype
from ._monty_programs import fill_rows
from ._monty_evidence import displaced_locations, evidence_step
from ._monty_features import LmcFeatureEvidenceCalculator
from ._monty_gather import StepGather
from ._monty_models import ModelCache

MAX_EVIDENCE, EVIDENCE_RANGE = 2.0, 3.0  # each channel's evidence lies in [-1, 2]: Monty's prediction error scale


@functools.cache
def monty():
    """Monty's modules the drop-ins return or call, imported at run time (never copied into lmc); once, since every
    object of every step asks."""
    from tbp.monty.frameworks.models.evidence_matching import channels, hypotheses
    from tbp.monty.frameworks.models.evidence_matching.feature_evidence import scorer
    from tbp.monty.frameworks.models.evidence_matching.features_for_matching import selector
    from tbp.monty.frameworks.utils import graph_matching_utils

    return channels, hypotheses, scorer, selector, graph_matching_utils


def hypotheses_of(evidence, locations, rotations, possible=None, keep=()):
    """Monty's own Hypotheses from arrays: writable, float64 (possible all False unless given). Arrays are copied
    except those named in `keep` ("evidence", "locations", "poses", "possible"), taken as they are when they already
    have the dtype and are writable: a program's fresh output (or a slice of one that nothing else holds), or one of
    Monty's arrays passed on as Monty's own displacer passes it (evidence, poses and possible through
    displace_hypotheses; locations, poses and possible through compute_evidence). A copy of those would only cost
    time: poses are 72 bytes per hypothesis, copied twice per object per step."""
    Hypotheses = monty()[1].Hypotheses

    def own(name, array, dtype, shape):
        if name in keep and type(array) is np.ndarray and array.dtype == dtype and array.flags.writeable:
            # The very array object when its shape is right: the next step's drop-in knows its poses by identity.
            return array if array.shape[1:] == shape else array.reshape((-1,) + shape)
        return np.array(array, dtype=dtype).reshape((-1,) + shape)

    evidence = own("evidence", evidence, np.float64, ())
    return Hypotheses(evidence=evidence, locations=own("locations", locations, np.float64, (3,)),
                      poses=own("poses", rotations, np.float64, (3, 3)),
                      possible=np.zeros(evidence.shape, dtype=np.bool_) if possible is None else
                      own("possible", possible, np.bool_, ()))


PASSED_ON = ("evidence", "locations", "poses", "possible")  # hypotheses_of(keep=...): nothing copied


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
    """Construction and the steps both updaters take. Subclasses define step_evidence (their policy)."""

    calls = 0  # lmc steps run by any drop-in updater (the Monty test harness checks lmc was really used)
    batch_objects = None  # see stack_objects()
    gather_objects = True  # Monty's object threads' calls of one step run as one batch (_monty_gather.py)

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
        chooser = features_for_matching_selector or selector.DefaultFeaturesForMatchingSelector
        self._feature_evidence_scorer = scorer.DefaultFeatureEvidenceScorer(
            graph_memory=graph_memory, feature_weights=feature_weights, tolerances=tolerances,
            feature_evidence_calculator=feature_evidence_calculator,
            feature_evidence_increment=feature_evidence_increment, features_for_matching_selector=chooser)
        # What the scorer reads, for scoring many objects at once (node_evidences) with lmc's calculator.
        self._calculator, self._tolerances = feature_evidence_calculator, tolerances
        self._increment = feature_evidence_increment
        self._uses_features = chooser.select(feature_evidence_increment=feature_evidence_increment,
                                             feature_weights=feature_weights, tolerances=tolerances)
        self.models = ModelCache(graph_memory, device, self.dtype)
        self._evidence_programs = {}  # _evidence_group's programs by (model keys, spec, rows)
        self.gather = StepGather(self._evidence_batch)
        self.displace_gather = StepGather(self._displace_batch)

    # --------------------------------------------------------------------------------------------- the protocol
    def __enter__(self):
        self.begin_step()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.end_step()

    def begin_step(self):
        """An LM step starts: Monty's object threads (if on) will each ask for one graph's update; with
        gather_objects off each call runs alone (bench/peer/monty_dropin_step.py --no-gather measures the gather)."""
        graphs = len(self.graph_memory.get_memory_ids()) if self.gather_objects else 0
        self.gather.begin(graphs)
        self.displace_gather.begin(graphs)

    def end_step(self):
        self.gather.end()
        self.displace_gather.end()

    def reset(self):
        """A new episode: graphs may have changed, so the models read from the graph memory are dropped."""
        self.models.clear()

    def update_evidence(self, hypotheses, features, graph_id, evidence_update_threshold):
        """(updated Hypotheses or None when no channel is usable, telemetry): the updater's policy (step_evidence).
        A call from one of Monty's object threads counts as arrived for the step's batch however it ends."""
        try:
            return self.step_evidence(hypotheses, features, graph_id, evidence_update_threshold)
        finally:
            self.gather.leave()

    def displace_hypotheses(self, hypotheses, displacement, graph_id):
        """Every hypothesis moved by its pose-rotated displacement; a no-op without hypotheses or displacement.
        Called from Monty's object threads, the objects of a step are moved together (self.displace_gather)."""
        if hypotheses.count == 0 or displacement is None:
            self.displace_gather.leave()
            return hypotheses
        h = hypotheses.count
        request = {"locations": checked_array(hypotheses.locations, "hypotheses.locations", shape=(h, 3)),
                   "poses": checked_array(hypotheses.poses, "hypotheses.poses", shape=(h, 3, 3)),
                   "displacement": checked_array(displacement, "displacement", shape=(3,)), "graph_id": graph_id}
        moved = self.displace_gather.submit(request)
        # As Monty's displacer: new locations, the same evidence, poses and possible arrays.
        return hypotheses_of(hypotheses.evidence, moved, hypotheses.poses, hypotheses.possible, keep=PASSED_ON)

    def _displace_batch(self, requests):
        # In graph id order, whatever order Monty's threads came in, and one program per set of graphs: each object's
        # poses then land in the row they were written to last step, and stay there (resident) while unchanged.
        order = sorted(range(len(requests)), key=lambda i: str(requests[i]["graph_id"]))
        ordered = [requests[i] for i in order]
        b, rows = len(requests), max(padded_rows(r["locations"].shape[0]) for r in requests)
        with LMC_LOCK:
            LmcUpdaterBase.calls += 1
            program = _monty_programs.captured(("displace", tuple(str(r["graph_id"]) for r in ordered)),
                                               lambda *t: [displaced_locations(*t)],
                                               [((b, rows, 3), None), ((b, rows, 3, 3), None), ((b, 1, 1, 3), None)],
                                               self.device, self.dtype)
            locations, poses, displacement = program.staging
            fill_rows(locations, [r["locations"] for r in ordered])
            program.fill_rows(1, [r["poses"] for r in ordered], resident=True)  # the same poses every step
            displacement.reshape(b, 3)[:] = [r["displacement"] for r in ordered]
            moved = program.run()[0]
        # Each object's rows of the program's fresh output: writable views that nothing else writes (the next run
        # returns new arrays), contiguous (a prefix of one row of the batch).
        results = [None] * b
        for row, i in enumerate(order):
            results[i] = moved[row, :requests[i]["locations"].shape[0]]
        return results

    # ------------------------------------------------------------------------------------------- shared steps
    def usable_channels(self, features, graph_id):
        channels = monty()[0]
        return channels.all_usable_input_channels(features, self.graph_memory.get_input_channels_in_graph(graph_id))

    def node_evidence(self, graph_id, channel, channel_features):
        """Each node's feature evidence (N,) for this channel's observation (Monty's scorer over the calculator)."""
        return np.asarray(self._feature_evidence_scorer(graph_id=graph_id, input_channel=channel,
                                                        query_features=channel_features), dtype=np.float64)

    def node_evidences(self, calls):
        """node_evidence(graph_id, channel, channel_features) for each call: as Monty's scorer computes it, with lmc's
        calculator scoring every object in one program (another calculator is called once per object)."""
        if not (isinstance(self._calculator, type) and issubclass(self._calculator, LmcFeatureEvidenceCalculator)):
            return [self.node_evidence(*call) for call in calls]
        memory = self.graph_memory
        out, scored, scoring = [None] * len(calls), [], []
        for i, (graph_id, channel, channel_features) in enumerate(calls):
            if not self._uses_features[channel]:
                out[i] = np.zeros(memory.get_feature_array(graph_id)[channel].shape[0], dtype=np.float64)
                continue
            scored.append(i)
            scoring.append(dict(channel_feature_array=memory.get_feature_array(graph_id)[channel],
                                channel_feature_order=memory.get_feature_order(graph_id)[channel],
                                channel_feature_weights=self.feature_weights[channel],
                                channel_query_features=channel_features,
                                channel_tolerances=self._tolerances[channel]))
        slots = [(str(calls[i][0]), calls[i][1]) for i in scored]  # the stored arrays' own program rows
        for i, evidence in zip(scored, self._calculator.calculate_many(scoring, slots) if scoring else []):
            out[i] = np.asarray(evidence * self._increment, dtype=np.float64)
        return out

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
            with LMC_LOCK:  # node frames (rows n, c1, c2) (rows, 3, 3) and the sensed frames (count, 3, 3)
                rotations = _monty_programs.run("informed_rotations", _informed_rotations,
                                                [pad_rows(model.node_frames[ids], rows), np.stack(frames)],
                                                self.device, self.dtype)[0]
            rotations = rotations[:, :k].reshape(count * k, 3, 3)
        else:
            rotations = np.concatenate([np.broadcast_to(r.as_matrix(), (len(ids), 3, 3))
                                        for r in self.initial_possible_poses])
        return np.tile(phi[ids], count), np.tile(model.locations[ids], (count, 1)), rotations

    def compute_evidence(self, hypotheses, features, threshold, graph_id, channels):
        """Monty's displacer.compute_evidence: every channel scores the hypotheses that reached `threshold`, the
        channel evidences are summed, and evidence = past * e + present * sum. Returns (evidence array, prediction
        error or None when nothing was tested). Called from Monty's object threads, the objects of a step are
        computed together (self.gather)."""
        h = hypotheses.count
        evidence = checked_array(hypotheses.evidence, "hypotheses.evidence", shape=(None,))
        if h == 0:
            return evidence.copy(), None
        request = {"locations": checked_array(hypotheses.locations, "hypotheses.locations", shape=(h, 3)),
                   "poses": checked_array(hypotheses.poses, "hypotheses.poses", shape=(h, 3, 3)),
                   "evidence": evidence, "threshold": float(threshold), "channels": [], "graph_id": graph_id}
        for channel in channels:
            f = features[channel]
            if "pose_fully_defined" not in f or "pose_vectors" not in f:
                raise ValueError(f"features['{channel}'] needs 'pose_vectors' and 'pose_fully_defined'")
            weights = self.feature_weights[channel]["pose_vectors"]
            request["channels"].append({
                "model": self.models.get(graph_id, channel), "pose_defined": bool(f["pose_fully_defined"]),
                "frame": checked_array(f["pose_vectors"], f"features['{channel}']['pose_vectors']", shape=(3, 3)),
                "scale": 1.0 / (abs(float(monty()[4].get_relevant_curvature(f))) + 0.5),
                "channel": channel, "features": f,
                "pose_weights": (float(weights[0]), float(weights[1]))})
        updated, at_best, num_tested = self.gather.submit(request)
        if num_tested == 0:
            return evidence.copy(), None
        c = len(channels)
        return updated, np.float64((MAX_EVIDENCE * c - at_best) / (EVIDENCE_RANGE * c))

    def _evidence_batch(self, requests):
        """[(updated evidence (H,), channel evidence at the most likely hypothesis, number tested)] per request:
        requests that agree, channel by channel, on the pose flag and the neighbour count run as one lmc program."""
        # Here, so that with Monty's threads on every object's nodes are scored in one program; in graph id order,
        # so that each object's stored features stay in their row of that program's input (resident).
        ordered = sorted(requests, key=lambda r: str(r["graph_id"]))
        channels = [(r["graph_id"], ch) for r in ordered for ch in r["channels"]]
        for (_, ch), phi in zip(channels, self.node_evidences([(g, ch["channel"], ch["features"])
                                                                for g, ch in channels])):
            ch["node_evidence"] = phi
        results = [None] * len(requests)
        groups = {}
        for i, r in enumerate(requests):
            spec = tuple((c["pose_defined"], min(self.max_nneighbors, c["model"].num_nodes)) for c in r["channels"])
            groups.setdefault(spec, []).append(i)
        for spec, members in groups.items():
            # In graph id order, whatever order the threads came in: the batch's program and grid are then found
            # again on the next step.
            members.sort(key=lambda i: str(requests[i]["graph_id"]))
            parts = [members] if self.stack_objects() else [[i] for i in members]
            for part in parts:
                for i, result in zip(part, self._evidence_group([requests[i] for i in part], spec)):
                    results[i] = result
        return results

    def stack_objects(self):
        """Whether a batch's evidence runs as one program over all its objects (batch_objects; None: on every
        device but the CPU). On the CPU one program per object is faster (2 cores, 77 objects x 2000 nodes: 205 ms
        against 230 ms for the step's evidence): the stacked neighbour grid serves every object with the densest
        object's list length, and launches cost little there. Elsewhere a launch costs more than that."""
        if self.batch_objects is not None:
            return bool(self.batch_objects)
        device = (self.device or _lmc.default_device()).upper()
        return device != "CPU"

    def _evidence_group(self, requests, spec):
        b = len(requests)
        rows = max(padded_rows(r["evidence"].shape[0]) for r in requests)
        for c in range(len(spec) if b > 1 else 0):
            weights = {r["channels"][c]["pose_weights"] for r in requests}
            if len(weights) > 1:
                raise ValueError(f"one LM's objects have different pose_vectors weights for one channel: {weights}")
        models = tuple(tuple(r["channels"][c]["model"].key for r in requests) for c in range(len(spec)))
        # Found again every step by what tells programs apart (the models by content, the spec, the rows): the
        # batches' lookups, the specs and captured()'s normalizing are done once per program, not per object.
        program = self._evidence_programs.get((models, spec, rows))
        if program is None:
            program = self._evidence_programs[(models, spec, rows)] = self._evidence_program(requests, spec, rows,
                                                                                             models)
        with LMC_LOCK:
            LmcUpdaterBase.calls += 1
            staging = program.staging  # filled in place: one copy from Monty's arrays into lmc's inputs
            fill_rows(staging[0], [r["evidence"] for r in requests], -np.inf)
            # Which rows are real hypotheses: one shared True row per count, so it stays resident while the counts do.
            program.fill_rows(1, [_real_rows(len(r["evidence"])) for r in requests], False, resident=True)
            staging[2][:, 0] = [r["threshold"] for r in requests]
            fill_rows(staging[3], [r["locations"] for r in requests])
            program.fill_rows(4, [r["poses"] for r in requests], resident=True)  # the same poses every step
            staging[5].reshape(3)[:] = (self.max_match_distance, self.past_weight, self.present_weight)
            for c in range(len(spec)):
                chans = [r["channels"][c] for r in requests]
                frame, scale, node_evidence, pose_weights = staging[6 + 4 * c:10 + 4 * c]
                frame[:] = [ch["frame"] for ch in chans]
                scale.reshape(b)[:] = [ch["scale"] for ch in chans]
                fill_rows(node_evidence, [ch["node_evidence"] for ch in chans])
                pose_weights.reshape(2)[:] = chans[0]["pose_weights"]
            updated, at_best, num_tested = program.run()
        # Each object's evidence: its rows of the program's fresh output, a writable view nothing else writes.
        return [(np.asarray(updated[i, :r["evidence"].shape[0]], dtype=np.float64), float(at_best[i, 0]),
                 int(num_tested[i])) for i, r in enumerate(requests)]

    def _evidence_program(self, requests, spec, rows, models):
        b = len(requests)
        # The radius is widened by 1e-6 so that rounding never drops a node Monty would score (the custom distance
        # masks the extra ones); padding nodes are too far away to be among the k nearest.
        radius_sq = (self.max_match_distance * (1 + 1e-6)) ** 2
        batches = [self.models.batch([r["channels"][c]["model"] for r in requests], math.sqrt(radius_sq), k)
                   for c, (_, k) in enumerate(spec)]
        specs = [((b, rows), None), ((b, rows), np.bool_), ((b, 1), None), ((b, rows, 3), None),
                 ((b, rows, 3, 3), None), ((3, 1, 1, 1), None)]
        for batch in batches:
            specs += [((b, 3, 3), None), ((b, 1, 1), None), ((b, batch.rows), None), ((2, 1, 1, 1), None)]
        channels = [(batch, flag, k) for batch, (flag, k) in zip(batches, spec)]
        with LMC_LOCK:
            return _monty_programs.captured(("evidence", models, spec, radius_sq),
                                            lambda *inputs: evidence_step(channels, radius_sq, *inputs), specs,
                                            self.device, self.dtype)


@functools.lru_cache(maxsize=1024)  # bounded: burst sampling's counts change from step to step
def _real_rows(count):
    """(count,) True, read-only: the same object for every request of this count."""
    rows = np.ones(count, dtype=np.bool_)
    rows.flags.writeable = False
    return rows


def _informed_rotations(nodes, sensed):
    """(count, rows, 3, 3): R[j, i] = M_i^T S_j, which maps sensed frame j onto node i's stored frame."""
    rows, count = nodes.shape[0], sensed.shape[0]
    return [(nodes.permute(0, 2, 1).reshape(1, rows, 3, 3, 1) * sensed.reshape(count, 1, 1, 3, 3)).sum(3)]
