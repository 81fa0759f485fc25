# lmc.monty.LmcFeatureEvidenceCalculator: Monty's FeatureEvidenceCalculator protocol (feature_evidence/calculator.py)
# with the per-node score computed by an lmc program. Its own file: the one place a node's non-pose features are scored.
"""How well each stored node's features match the observed ones, in [0, 1] (NaN where a node lacks a value).

Columns are laid out from `channel_feature_order` exactly as Monty lays them out: pose features are skipped, every
other feature takes as many columns as its query value has entries. A column is compared as

* numeric: |stored - query|,
* circular (the hue of "hsv", period 1): the shortest way round the circle,
* categorical ("object_id"): 0 when equal, 1 otherwise,

then scored max(tolerance - difference, 0) / tolerance and averaged over columns with the feature weights.
"""
import numpy as np

from . import _lmc, _monty_programs
from ._monty_arrays import LMC_LOCK, checked_array, padded_rows, resolve_dtype


class LmcFeatureEvidenceCalculator:
    """Monty's FeatureEvidenceCalculator protocol (a class whose `calculate` Monty calls on the class itself).

    `device` and `dtype` are class attributes, since Monty passes the class, not an instance; `configured(device=...,
    dtype=...)` returns a subclass with others. float64 (the default) reproduces Monty's values."""

    SKIP_FEATURES = frozenset({"pose_vectors", "pose_fully_defined"})
    CIRCULAR_FEATURES = frozenset({"hsv"})  # only the first column (hue) is circular; the rest numeric
    CATEGORICAL_FEATURES = frozenset({"object_id"})
    CIRCULAR_RANGE = 1.0
    device = None
    dtype = "float64"
    calls = 0  # how many times calculate ran (the Monty test harness checks lmc was really used)

    @classmethod
    def configured(cls, device=None, dtype="float64"):
        """A subclass computing on `device` ('CPU', 'CUDA' or None: the default device) in `dtype`."""
        resolve_dtype(dtype)
        return type(cls.__name__, (cls,), {"device": device, "dtype": dtype})

    @classmethod
    def calculate(cls, channel_feature_array, channel_feature_order, channel_feature_weights, channel_query_features,
                  channel_tolerances):
        """The feature evidence of every node, shape (n_nodes,), float64 (a fresh writable array)."""
        return cls.calculate_many([dict(channel_feature_array=channel_feature_array,
                                        channel_feature_order=channel_feature_order,
                                        channel_feature_weights=channel_feature_weights,
                                        channel_query_features=channel_query_features,
                                        channel_tolerances=channel_tolerances)])[0]

    @classmethod
    def calculate_many(cls, calls, slots=None):
        """calculate(**call) for every call, in one lmc program per stored dtype and column count (the objects of
        one LM step, scored at once when Monty's threads are on). slots: a name per call for its stored array (the
        updaters give (graph id, channel)): calls named alike run in a program of their own, where the stored
        array, the same every step, stays resident; None: programs are shared by size."""
        prepared = [cls._prepare(**call) for call in calls]
        results = [np.zeros(0) if p is None else None for p in prepared]
        groups = {}
        for i, p in enumerate(prepared):
            if p is not None:
                groups.setdefault((p[0].shape[1], p[-1]), []).append(i)
        for (_, rounding), members in groups.items():
            with LMC_LOCK:  # Monty's object threads call this too
                LmcFeatureEvidenceCalculator.calls += len(members)
                scores = node_feature_evidence([prepared[i][:5] for i in members], cls.device,
                                               resolve_dtype(cls.dtype), rounding,
                                               None if slots is None else tuple(slots[i] for i in members))
            for i, score in zip(members, scores):
                results[i] = score
        return results

    @classmethod
    def _prepare(cls, channel_feature_array, channel_feature_order, channel_feature_weights, channel_query_features,
                 channel_tolerances):
        """(stored, query, tolerance, weight, kind, rounding) of one call, or None when there are no nodes."""
        stored_dtype = np.asarray(channel_feature_array).dtype
        stored = checked_array(channel_feature_array, "channel_feature_array", ndim=2)
        query, tolerance, weight, kind = cls._columns(stored.shape[1], channel_feature_order, channel_feature_weights,
                                                      channel_query_features, channel_tolerances)
        if np.sum(weight) == 0:
            raise ZeroDivisionError("channel_feature_weights sum to zero over the feature columns")  # as np.average
        if stored.shape[0] == 0:
            return None
        # Monty holds the per-column differences in an array of the stored features' dtype: float32 models round
        # them to float32 before scoring, and so does lmc.
        rounding = stored_dtype.name if stored_dtype in (np.float32, np.float16) else None
        return stored, query, tolerance, weight, kind, rounding

    # Column kinds, as the lmc program reads them.
    NUMERIC, CIRCULAR, CATEGORICAL = 0.0, 1.0, 2.0

    @classmethod
    def _columns(cls, n_cols, order, weights, query, tolerances):
        """Per column: query value, tolerance, weight and kind, in the order the stored array's columns follow.
        Columns no feature fills stay NaN (as Monty leaves them), which makes every node's evidence NaN."""
        q, tol, w = (np.full(n_cols, np.nan) for _ in range(3))
        kind = np.full(n_cols, cls.NUMERIC)
        start = 0
        for feature in order:
            if feature in cls.SKIP_FEATURES:
                continue
            if feature not in query:
                raise ValueError(f"channel_query_features has no '{feature}' (channel_feature_order names it)")
            value = query[feature]
            width = len(value) if hasattr(value, "__len__") else 1
            end = start + width
            if end > n_cols:
                raise ValueError(f"channel_feature_array has {n_cols} columns, but the features of "
                                 f"channel_feature_order need at least {end}")
            q[start:end] = value
            tol[start:end] = tolerances[feature]
            w[start:end] = weights[feature]
            if feature in cls.CIRCULAR_FEATURES:
                kind[start] = cls.CIRCULAR
            elif feature in cls.CATEGORICAL_FEATURES:
                kind[start:end] = cls.CATEGORICAL
            start = end
        return q, tol, w, kind


def node_feature_evidence(objects, device, dtype, rounding=None, slots=None):
    """The lmc program for B objects: per object (stored (N, C), query, tolerance, weight, kind (C,)) -> a list of
    (N,) float64 arrays. rounding: a narrower float dtype name the differences are rounded to (as Monty stores
    them), or None. Rows are padded to a bucket, so graphs of similar size share one captured program, unless
    `slots` names the objects (calculate_many)."""
    rows = max(padded_rows(o[0].shape[0]) for o in objects)
    b, columns = len(objects), objects[0][0].shape[1]
    key = ("node_feature_evidence", rounding, slots)
    program = _monty_programs.captured(key, lambda *t: [_score(*t, dtype, rounding)],
                                       [((b, rows, columns), None)] + [((b, 1, columns), None)] * 4, device, dtype)
    # The graph memory's feature arrays, the same objects every step: copied in only when they change.
    program.fill_rows(0, [o[0] for o in objects], resident=True)
    for i in range(1, 5):
        program.staging[i][:, 0] = [o[i] for o in objects]
    evidence = program.run()[0]
    # Rows of the fresh output (writable views nothing else writes); float32 programs' rows are converted.
    return [np.asarray(evidence[i, :o[0].shape[0]], dtype=np.float64) for i, o in enumerate(objects)]


def _score(x, q, tol, w, k, dtype, rounding):
    plain = (x - q).abs()
    period = LmcFeatureEvidenceCalculator.CIRCULAR_RANGE
    # The three ways round, each rounded as Monty rounds it: |(period + x) - q|, |x - q|, |x - (q + period)|.
    circular = ((x + period) - q).abs().minimum(plain).minimum((x - (q + period)).abs())
    categorical = (x != q).cast(dtype)  # NaN != anything: a node without the value differs (as in Monty)
    difference = _lmc.where(k == LmcFeatureEvidenceCalculator.CIRCULAR, circular,
                            _lmc.where(k == LmcFeatureEvidenceCalculator.CATEGORICAL, categorical, plain))
    if rounding is not None:
        difference = difference.cast(rounding).cast(dtype)
    score = (tol - difference).maximum(0.0) / tol  # NaN stays NaN: a node lacking a value has no evidence
    return (score * w).sum(-1) / w.sum(-1)
