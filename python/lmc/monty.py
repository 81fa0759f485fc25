# lmc.monty: the multi-LM backend (lmc::lm::Backend) for Monty users, with keyword arguments checked here and arrays
# converted to float64/bool with NumPy before the compiled core (_lmc.monty, python/src/monty_*.cpp) copies them in.
"""lmc.monty: Monty's hypothesis updates for many learning modules at once, on the CPU or a GPU.

    import numpy as np, lmc.monty
    backend = lmc.monty.Backend(device="CPU", updater="burst", max_neighbors=10, max_match_distance=0.01,
                                feature_tolerances=[0.1, 0.2, 0.2, 1, 1], feature_weights=[2, .5, .5, 1, 1],
                                feature_circular=[True, False, False, False, False])
    lm = backend.register_lm([{"locations": P, "pose_vectors": M, "pose_fully_defined": pfd, "features": X}])
    backend.dispatch([[lm]], [{"pose_vectors": S, "features": q, "curvature": 1.9, "displacement": None}])
    r = backend.wait()[lm]          # the GIL is released while lmc works
    r.max_evidence, r.most_likely.object, r.possible_matches, r.burst.counts

Result arrays are read-only NumPy views of one host copy of the step's results. Malformed arrays and bad keywords
raise ValueError (naming the array and its shape, or the keyword and its value); errors from lmc raise lmc.Error.

Drop-in classes for Monty's own EvidenceGraphLM (Monty's keyword arguments, plus device and dtype; they import Monty
at run time and return its own Hypotheses):

    EvidenceGraphLM(..., hypotheses_updater_class=lmc.monty.LmcHypothesesUpdater)            # DefaultHypothesesUpdater
    EvidenceGraphLM(..., hypotheses_updater_class=lmc.monty.LmcBurstSamplingHypothesesUpdater,
                    hypotheses_updater_args=dict(device="CUDA"))          # BurstSamplingHypothesesUpdater, on a GPU
    ...feature_evidence_calculator=lmc.monty.LmcFeatureEvidenceCalculator   # the updaters' default already
"""
import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from . import _lmc
from ._monty_burst_updater import LmcBurstSamplingHypothesesUpdater
from ._monty_default_updater import LmcHypothesesUpdater
from ._monty_features import LmcFeatureEvidenceCalculator

_core = _lmc.monty
BackendConfig = _core.BackendConfig
LmResult = _core.LmResult
MostLikely = _core.MostLikely
BurstLmResult = _core.BurstLmResult
BurstObjectResult = _core.BurstObjectResult
Hypotheses = _core.Hypotheses
for _cls in (BackendConfig, LmResult, MostLikely, BurstLmResult, BurstObjectResult, Hypotheses):
    _cls.__module__ = "lmc.monty"
del _cls

_DEFAULT = BackendConfig()  # the C++ defaults, shown in Backend's signature
_MODES = {"flatten": _core.DispatchMode.Flatten, "streams": _core.DispatchMode.Streams,
          "stacked": _core.DispatchMode.Stacked}
_UPDATERS = {"default": _core.Updater.Default, "burst": _core.Updater.BurstSampling}
_MODE_NAMES = {v: k for k, v in _MODES.items()}
_OBSERVATION_KEYS = ("pose_vectors", "pose_fully_defined", "features", "curvature", "displacement")


def _bad(name, value, want):
    raise ValueError(f"lmc.monty.Backend: {name} = {value!r} (expected {want})")


def _number(name, value, lo=-math.inf, lo_open=False, finite=True):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        _bad(name, value, "a number")
    value = float(value)
    if math.isnan(value) or (finite and math.isinf(value)) or value < lo or (lo_open and value == lo):
        _bad(name, value, f"a number {'>' if lo_open else '>='} {lo}" if lo > -math.inf else "a finite number")
    return value


def _integer(name, value, lo):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < lo:
        _bad(name, value, f"an integer >= {lo}")
    return int(value)


def _choice(name, value, table):
    if not isinstance(value, str) or value.lower() not in table:
        _bad(name, value, " | ".join(repr(k) for k in table))
    return table[value.lower()]


def _columns(name, values, columns, convert):
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        _bad(name, values, "a sequence with one value per feature column")
    values = list(values)
    if columns is not None and len(values) != columns:
        _bad(name, values, f"{columns} values, one per feature column (as feature_tolerances)")
    return [convert(f"{name}[{i}]", v) for i, v in enumerate(values)]


def _flag(name, value):
    if not isinstance(value, (bool, np.bool_)):
        _bad(name, value, "True or False")
    return bool(value)


def _field(source, key, where, default=KeyError):
    """source[key] for a mapping, else getattr(source, key); `default` when absent (KeyError: required)."""
    if isinstance(source, Mapping):
        if key in source:
            return source[key]
    elif hasattr(source, key):
        return getattr(source, key)
    if default is KeyError:
        raise ValueError(f"{where} has no '{key}'")
    return default


def _array(value, name, dtype=np.float64):
    """value as a C-contiguous array of dtype (a copy only when it is not one already)."""
    try:
        if dtype is bool:
            a = np.asarray(value)
            if a.dtype != np.bool_:
                if not (np.issubdtype(a.dtype, np.number)):
                    raise TypeError(f"dtype {a.dtype}")
                a = a != 0
            return np.ascontiguousarray(a)
        a = np.asarray(value)
        if not (np.issubdtype(a.dtype, np.number) or a.dtype == np.bool_) or np.iscomplexobj(a):
            raise TypeError(f"dtype {a.dtype}")
        return np.ascontiguousarray(a, dtype=dtype)
    except (TypeError, ValueError) as e:
        shape = getattr(value, "shape", None)
        raise ValueError(f"{name}{' of shape ' + str(tuple(shape)) if shape is not None else ''} is not a real "
                         f"numeric array ({e})") from None


class Backend:
    """One LM backend shared by all learning modules (DESIGN.md §8): object models and hypotheses stay on `device`;
    dispatch() starts a step for groups of LMs and returns at once; wait() blocks (without the GIL) for its results.

    Keywords map onto lmc::lm::BackendConfig (lm/backend.hpp); the defaults are C++'s. Feature columns are
    given per column: feature_tolerances (> 0), feature_weights (default 1 each) and feature_circular (default
    False each, True for a hue-like column with period 1). threshold is "all", "x_percent_threshold" (with
    x_percent_threshold) or a number; updater="burst" needs "all"."""

    def __init__(self, device=None, float32=_DEFAULT.float32, mode=_MODE_NAMES[_DEFAULT.mode], updater="default", *,
                 max_neighbors=_DEFAULT.params.max_neighbors,
                 max_match_distance=_DEFAULT.params.max_match_distance,
                 feature_tolerances=(), feature_weights=None, feature_circular=None,
                 feature_evidence_increment=_DEFAULT.params.features.increment,
                 normal_weight=_DEFAULT.params.normal_weight, curvature_weight=_DEFAULT.params.curvature_weight,
                 past_weight=_DEFAULT.params.past_weight, present_weight=_DEFAULT.params.present_weight,
                 threshold="all", x_percent_threshold=_DEFAULT.params.threshold.x_percent,
                 umbilical_num_poses=_DEFAULT.umbilical_num_poses,
                 sampling_multiplier=_DEFAULT.burst.sampling_multiplier,
                 deletion_trigger_slope=_DEFAULT.burst.deletion_trigger_slope,
                 sampling_burst_duration=_DEFAULT.burst.sampling_burst_duration,
                 burst_trigger_slope=_DEFAULT.burst.burst_trigger_slope,
                 tracker_window=_DEFAULT.burst.tracker_window, tracker_min_age=_DEFAULT.burst.tracker_min_age,
                 max_channels=_DEFAULT.max_channels, max_nodes=_DEFAULT.max_nodes,
                 max_hypotheses=_DEFAULT.max_hypotheses,
                 possible_match_x_percent=_DEFAULT.possible_match_x_percent,
                 object_evidence_threshold=_DEFAULT.object_evidence_threshold, cuda_graphs=_DEFAULT.cuda_graphs):
        c = BackendConfig()
        if device is not None and not isinstance(device, str):
            _bad("device", device, "'CPU', 'CUDA' or None (LMC_DEVICE, else the best present device)")
        c.device = device or ""
        c.float32 = _flag("float32", float32)
        c.mode = _choice("mode", mode, _MODES)
        c.updater = _choice("updater", updater, _UPDATERS)
        c.cuda_graphs = _flag("cuda_graphs", cuda_graphs)
        p = c.params
        p.max_neighbors = _integer("max_neighbors", max_neighbors, 1)
        p.max_match_distance = _number("max_match_distance", max_match_distance, 0, lo_open=True)
        p.normal_weight = _number("normal_weight", normal_weight)
        p.curvature_weight = _number("curvature_weight", curvature_weight)
        p.past_weight = _number("past_weight", past_weight)
        p.present_weight = _number("present_weight", present_weight)
        f = p.features
        f.tolerances = _columns("feature_tolerances", feature_tolerances, None,
                                lambda n, v: _number(n, v, 0, lo_open=True))
        columns = len(f.tolerances)
        f.weights = _columns("feature_weights", feature_weights, columns, _number) or [1.0] * columns
        if columns and sum(f.weights) == 0:
            _bad("feature_weights", feature_weights, "weights that do not sum to 0")
        f.circular = _columns("feature_circular", feature_circular, columns, _flag) or [False] * columns
        f.increment = _number("feature_evidence_increment", feature_evidence_increment)
        p.threshold = self._threshold(threshold, x_percent_threshold)
        c.umbilical_num_poses = _integer("umbilical_num_poses", umbilical_num_poses, 1)
        b = c.burst
        b.sampling_multiplier = _number("sampling_multiplier", sampling_multiplier, 0)
        b.deletion_trigger_slope = _number("deletion_trigger_slope", deletion_trigger_slope, finite=False)
        b.sampling_burst_duration = _integer("sampling_burst_duration", sampling_burst_duration, 0)
        b.burst_trigger_slope = _number("burst_trigger_slope", burst_trigger_slope, finite=False)
        b.tracker_window = _integer("tracker_window", tracker_window, 2)
        b.tracker_min_age = _integer("tracker_min_age", tracker_min_age, 0)
        c.max_channels = _integer("max_channels", max_channels, 1)
        c.max_nodes = _integer("max_nodes", max_nodes, 0)
        c.max_hypotheses = _integer("max_hypotheses", max_hypotheses, 0)
        c.possible_match_x_percent = _number("possible_match_x_percent", possible_match_x_percent, 0)
        c.object_evidence_threshold = _number("object_evidence_threshold", object_evidence_threshold)
        if c.updater == _core.Updater.BurstSampling and p.threshold.kind != _core.Threshold.Kind.All:
            _bad("threshold", threshold, "'all' with updater='burst' (burst sampling scores every hypothesis)")
        if c.max_channels > 1 and c.updater != _core.Updater.BurstSampling:
            _bad("max_channels", max_channels, "1 unless updater='burst' (only burst sampling has channels)")
        self._columns = columns
        self._impl = _core.Backend(c)

    @staticmethod
    def _threshold(threshold, x_percent):
        t = _core.Threshold()
        t.x_percent = _number("x_percent_threshold", x_percent, 0)
        if isinstance(threshold, str) and threshold == "all":
            t.kind = _core.Threshold.Kind.All
        elif isinstance(threshold, str) and threshold in ("x_percent_threshold", "x_percent"):
            t.kind = _core.Threshold.Kind.XPercent
        elif isinstance(threshold, numbers.Real) and not isinstance(threshold, bool):
            t.kind = _core.Threshold.Kind.Value
            t.value = _number("threshold", threshold, finite=False)
        else:
            _bad("threshold", threshold, "'all', 'x_percent_threshold' or a number")
        return t

    # ------------------------------------------------------------------------------------------------- properties
    @property
    def device(self):
        """The device the backend runs on ('CPU' or 'CUDA')."""
        return self._impl.device

    @property
    def num_lms(self):
        return self._impl.num_lms

    @property
    def config(self):
        """A copy of the lmc::lm::BackendConfig the backend was made with."""
        return self._impl.config

    # ---------------------------------------------------------------------------------------------------- models
    def register_lm(self, objects, hypotheses=None):
        """Puts one LM's object models on the device and returns its id (0, 1, ...). Each object is a dict (or an
        object with these attributes) of arrays: locations (N, 3), pose_vectors (N, 9) or (N, 3, 3) (rows normal,
        curvature dir 1, dir 2), pose_fully_defined (N,) and features (N, F), F <= the configured columns (missing
        columns count as NaN; may be absent with no feature columns). Without hypotheses the LM gets Monty's
        informed space on its first observation; otherwise one entry per object (see set_hypotheses)."""
        if isinstance(objects, Mapping) or not isinstance(objects, Sequence):
            raise ValueError("register_lm: objects must be a list with one object model per object")
        models = [self._model(o, f"register_lm: objects[{i}]") for i, o in enumerate(objects)]
        hyps = [] if hypotheses is None else self._hypotheses(hypotheses, "register_lm", len(models))
        return self._impl.register_lm(models, hyps)

    def set_hypotheses(self, lm, hypotheses):
        """Replaces LM `lm`'s hypotheses, one entry per object: a dict (or object) with locations (H, 3), rotations
        (H, 3, 3) or (H, 9) (sensor frame -> model frame) and evidence (H,)."""
        self._impl.set_hypotheses(_integer("lm", lm, 0), self._hypotheses(hypotheses, "set_hypotheses", None))

    def hypotheses(self, lm, object=None):
        """LM `lm`'s current hypotheses (waits for a step in flight): a list of Hypotheses per object, or one."""
        lm = _integer("lm", lm, 0)
        if object is None:
            return self._impl.hypotheses(lm)
        return self._impl.hypotheses(lm, _integer("object", object, 0))[0]

    def _model(self, o, where):
        locations = _array(_field(o, "locations", where), f"{where}.locations")
        n = locations.shape[0] if locations.ndim else 0
        features = _field(o, "features", where, None)
        if features is None:
            if self._columns:
                raise ValueError(f"{where} has no 'features' (the configuration has {self._columns} columns)")
            features = np.zeros((n, 0))
        return {"locations": locations,
                "pose_vectors": _array(_field(o, "pose_vectors", where), f"{where}.pose_vectors"),
                "pose_fully_defined": _array(_field(o, "pose_fully_defined", where), f"{where}.pose_fully_defined",
                                             bool),
                "features": _array(features, f"{where}.features")}

    @staticmethod
    def _hypotheses(hypotheses, op, count):
        if isinstance(hypotheses, Mapping) or not isinstance(hypotheses, Sequence):
            raise ValueError(f"{op}: hypotheses must be a list with one entry per object")
        if count is not None and len(hypotheses) != count:
            raise ValueError(f"{op}: {len(hypotheses)} hypothesis sets for {count} objects")
        out = []
        for i, h in enumerate(hypotheses):
            where = f"{op}: hypotheses[{i}]"
            out.append({k: _array(_field(h, k, where), f"{where}.{k}") for k in ("locations", "rotations", "evidence")})
        return out

    # ------------------------------------------------------------------------------------------------------ steps
    def dispatch(self, groups, inputs, full_arrays=False, mode=None):
        """Starts one step and returns at once. groups: a list of lists of LM ids. inputs: one entry per LM id: None
        (no input: the LM is unchanged), an observation, or a list of observations (one per input channel, None for
        a channel without input; burst sampling only). An observation is a dict (or object) with pose_vectors
        (3, 3) or (9,) (rows normal, curvature dir 1, dir 2), pose_fully_defined (default True), features (F,)
        (default none), curvature (default 10, Monty's fallback: max |principal_curvatures_log|) and displacement
        (3,) or None (no move since reset). full_arrays: also read every hypothesis array back. mode overrides
        the configured dispatch mode for this step."""
        if isinstance(groups, Mapping) or not isinstance(groups, Sequence) or not all(
                isinstance(g, Sequence) and not isinstance(g, str) for g in groups):
            raise ValueError(f"dispatch: groups must be a list of lists of LM ids, not {groups!r}")
        groups = [[_integer(f"groups[{i}][{j}]", lm, 0) for j, lm in enumerate(g)] for i, g in enumerate(groups)]
        if isinstance(inputs, Mapping) or not isinstance(inputs, Sequence):
            raise ValueError("dispatch: inputs must be a list with one entry per LM id (None for no input)")
        converted = []
        for i, x in enumerate(inputs):
            where = f"dispatch: inputs[{i}]"
            if x is None:
                converted.append(None)
            elif isinstance(x, (list, tuple)):
                converted.append([None if c is None else self._observation(c, f"{where}[{j}]")
                                  for j, c in enumerate(x)])
            else:
                converted.append(self._observation(x, where))
        mode = None if mode is None else _choice("mode", mode, _MODES)
        self._impl.dispatch(groups, converted, _flag("full_arrays", full_arrays), mode)

    def wait(self):
        """Blocks (with the GIL released) until the last dispatched step is done; returns one LmResult per LM id."""
        return self._impl.wait()

    results = wait

    def _observation(self, obs, where):
        if isinstance(obs, Mapping):
            unknown = sorted(set(map(str, obs)) - set(_OBSERVATION_KEYS))
            if unknown:
                raise ValueError(f"{where} has unknown keys {unknown} (known: {', '.join(_OBSERVATION_KEYS)})")
        features = _field(obs, "features", where, None)
        displacement = _field(obs, "displacement", where, None)
        curvature = _field(obs, "curvature", where, 10.0)
        pfd = _field(obs, "pose_fully_defined", where, True)
        if isinstance(curvature, bool) or not isinstance(curvature, numbers.Real):
            raise ValueError(f"{where}.curvature = {curvature!r} (expected a number)")
        if not isinstance(pfd, (bool, np.bool_)):
            raise ValueError(f"{where}.pose_fully_defined = {pfd!r} (expected True or False)")
        features = _array(np.zeros(0) if features is None else features, f"{where}.features")
        if features.ndim != 1 or len(features) > self._columns:
            raise ValueError(f"{where}.features has shape {features.shape}, expected (F,) with F <= {self._columns} "
                             "(the configured feature columns)")
        return {"pose_vectors": _array(_field(obs, "pose_vectors", where), f"{where}.pose_vectors"),
                "pose_fully_defined": bool(pfd),
                "features": features,
                "curvature": float(curvature),
                "displacement": None if displacement is None else _array(displacement, f"{where}.displacement")}


__all__ = ["LmcHypothesesUpdater", "LmcBurstSamplingHypothesesUpdater", "LmcFeatureEvidenceCalculator", "Backend",
           "BackendConfig", "LmResult", "MostLikely", "BurstLmResult", "BurstObjectResult", "Hypotheses"]
