# lmc.monty's drop-in classes on their own: Monty's constructor signatures, the feature evidence calculator against
# Monty's own on random inputs, the graph-memory cache, fresh writable results, bad input refused by name, and the
# Monty test harness failing when lmc is not injected. Skipped when the Monty snapshot is absent.
import copy
import inspect
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SUPPORT = Path(__file__).resolve().parent / "monty_support"
sys.path.insert(0, str(SUPPORT))
import monty_env  # noqa: E402

if monty_env.snapshot_root() is None:
    pytest.skip(f"no Monty snapshot at {monty_env.DEFAULT_SNAPSHOT} (set LMC_MONTY_SRC)", allow_module_level=True)
monty_env.install()

import lmc  # noqa: E402
import lmc.monty  # noqa: E402
from evidence_lm_world import trained_lm, walk  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.burst_sampling import BurstSamplingHypothesesUpdater  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.feature_evidence.calculator import (  # noqa: E402
    DefaultFeatureEvidenceCalculator)
from tbp.monty.frameworks.models.evidence_matching.hypotheses import Hypotheses  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.hypotheses_updater import DefaultHypothesesUpdater  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.learning_module import (  # noqa: E402
    InvalidEvidenceThresholdConfig)

UPDATERS = [(lmc.monty.LmcHypothesesUpdater, DefaultHypothesesUpdater),
            (lmc.monty.LmcBurstSamplingHypothesesUpdater, BurstSamplingHypothesesUpdater)]
# Defaults that name a class differ on purpose: lmc's calculator, and None for Monty's selector.
CLASS_DEFAULTS = {"feature_evidence_calculator", "features_for_matching_selector"}


@pytest.mark.parametrize("ours, theirs", UPDATERS, ids=["default", "burst"])
def test_updaters_take_montys_keywords_plus_device_and_dtype(ours, theirs):
    mine = inspect.signature(ours.__init__).parameters
    monty = inspect.signature(theirs.__init__).parameters
    assert list(mine) == list(monty) + ["device", "dtype"]
    for name, p in monty.items():
        if name not in CLASS_DEFAULTS:
            assert mine[name].default == p.default, name
    assert mine["device"].default is None and mine["dtype"].default == "float64"


def stored_features(rng, n, nan_rows):
    """(n, 6) stored columns: hsv (hue circular), two curvatures, an object id; NaN in some rows and columns."""
    stored = np.column_stack([rng.uniform(0, 1, n), rng.uniform(0, 1, n), rng.uniform(0, 1, n),
                              rng.uniform(-3, 3, n), rng.uniform(-3, 3, n), rng.integers(0, 4, n).astype(float)])
    stored[nan_rows, rng.integers(0, 6, len(nan_rows))] = np.nan
    return stored


@pytest.mark.parametrize("stored_dtype", [np.float64, np.float32])
def test_feature_evidence_matches_montys_calculator(stored_dtype):
    rng = np.random.default_rng(7)
    for n in (1, 5, 63, 200):
        stored = stored_features(rng, n, rng.choice(n, size=n // 10, replace=False)).astype(stored_dtype)
        order = ["pose_vectors", "hsv", "principal_curvatures_log", "pose_fully_defined", "object_id"]
        query = {"hsv": [rng.uniform(), 0.5, 0.5], "principal_curvatures_log": [0.5, -1.0], "object_id": 2.0,
                 "pose_vectors": np.eye(3), "pose_fully_defined": True}
        tolerances = {"hsv": [0.2, 0.3, 0.3], "principal_curvatures_log": [1.5, 1.5], "object_id": 1}
        weights = {"hsv": [1, 0.5, 0.5], "principal_curvatures_log": [1, 1], "object_id": 3}
        args = dict(channel_feature_array=stored, channel_feature_order=order, channel_feature_weights=weights,
                    channel_query_features=query, channel_tolerances=tolerances)
        expected = DefaultFeatureEvidenceCalculator.calculate(**copy.deepcopy(args))
        got = lmc.monty.LmcFeatureEvidenceCalculator.calculate(**args)
        assert got.dtype == np.float64 and got.flags.writeable and got.shape == (n,)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
        assert np.isnan(got).any() or n < 10  # rows lacking a value have no evidence, as in Monty


def test_feature_evidence_refuses_malformed_input_by_name():
    calc = lmc.monty.LmcFeatureEvidenceCalculator
    good = dict(channel_feature_order=["x"], channel_feature_weights={"x": 1}, channel_query_features={"x": 1.0},
                channel_tolerances={"x": 1.0})
    with pytest.raises(ValueError, match=r"channel_feature_array has shape \(3,\), expected 2 dimensions"):
        calc.calculate(channel_feature_array=np.zeros(3), **good)
    with pytest.raises(ValueError, match="channel_feature_array of shape .* is not a real numeric array"):
        calc.calculate(channel_feature_array=np.array([["a"]]), **good)
    with pytest.raises(ValueError, match="channel_query_features has no 'x'"):
        calc.calculate(channel_feature_array=np.zeros((3, 1)), **dict(good, channel_query_features={}))
    with pytest.raises(ValueError, match="channel_feature_array has 1 columns, but .* need at least 2"):
        calc.calculate(channel_feature_array=np.zeros((3, 1)), **dict(good, channel_query_features={"x": [1, 2]}))
    with pytest.raises(ValueError, match="dtype = 'int8'"):
        calc.configured(dtype="int8")


class CountingMemory:
    """Monty's graph memory with a count of the node reads lmc's updaters make through it."""

    def __init__(self, memory):
        self._memory = memory
        self.location_reads = 0

    def get_locations_in_graph(self, graph_id, channel):
        self.location_reads += 1
        return self._memory.get_locations_in_graph(graph_id, channel)

    def __getattr__(self, name):
        return getattr(self._memory, name)


@pytest.fixture(scope="module")
def learned():
    """An LM that learned the synthetic objects (the graphs lmc's updaters read) and three steps of a walk."""
    lm, _ = trained_lm(DefaultHypothesesUpdater)
    return lm, walk()[:3]


def updater_for(lm, cls=lmc.monty.LmcHypothesesUpdater, **overrides):
    """(an updater over the LM's graphs as Monty's LM would make it, with `overrides`, and its counting memory)."""
    memory = CountingMemory(lm.graph_memory)
    args = dict(feature_weights=lm.feature_weights, graph_memory=memory, max_match_distance=lm.max_match_distance,
                tolerances=lm.tolerances)
    args.update(overrides)
    return cls(**args), memory


def channel_features(percept):
    return {percept.sender_id: {**percept.morphological_features, **percept.non_morphological_features}}


def test_models_are_read_once_per_graph_and_channel_and_dropped_on_reset(learned):
    lm, steps = learned
    updater, memory = updater_for(lm)
    features = channel_features(steps[0][0])
    hyps = {}
    with updater:
        for g in lm.get_all_known_object_ids():
            hyps[g], telemetry = updater.update_evidence(Hypotheses.empty(), features, g, 0.0)
            assert telemetry == {}
    reads = memory.location_reads
    assert reads == len(hyps)  # one read per graph (one channel)
    with updater:
        for g in hyps:
            moved = updater.displace_hypotheses(hyps[g], np.array([0.001, 0.0, -0.002]), g)
            updater.update_evidence(moved, channel_features(steps[1][0]), g, float(np.min(moved.evidence)))
    assert memory.location_reads == reads  # cached
    updater.reset()
    with updater:
        updater.update_evidence(Hypotheses.empty(), features, "ball", 0.0)
    assert memory.location_reads == reads + 1  # read again after reset


def test_results_are_montys_hypotheses_sharing_what_montys_share(learned):
    lm, steps = learned
    updater, _ = updater_for(lm)
    features = channel_features(steps[0][0])
    with updater:
        first, _ = updater.update_evidence(Hypotheses.empty(), features, "ball", 0.0)
    assert type(first) is Hypotheses and first.count > 0
    moved = updater.displace_hypotheses(first, np.array([0.001, 0.002, 0.0]), "ball")
    assert type(moved) is Hypotheses
    # Monty's own updater passes evidence, poses and possible on and makes new locations: the drop-in does the same
    # (a copy of the poses would only cost time), and every array stays writable.
    monty_moved = DefaultHypothesesUpdater(feature_weights=lm.feature_weights, graph_memory=lm.graph_memory,
                                           max_match_distance=lm.max_match_distance, tolerances=lm.tolerances
                                           ).displace_hypotheses(first, np.array([0.001, 0.002, 0.0]), "ball")
    for name in ("evidence", "locations", "poses", "possible"):
        a, b = getattr(first, name), getattr(moved, name)
        assert b.flags.writeable, name
        assert np.shares_memory(a, b) == np.shares_memory(a, getattr(monty_moved, name)), name
    assert not np.shares_memory(first.locations, moved.locations) and moved.poses is first.poses
    np.testing.assert_allclose(moved.locations, first.locations + first.poses @ np.array([0.001, 0.002, 0.0]),
                               rtol=0, atol=1e-15)
    assert updater.displace_hypotheses(first, None, "ball") is first  # no displacement: a no-op, as Monty's
    empty = Hypotheses.empty()
    assert updater.displace_hypotheses(empty, np.ones(3), "ball") is empty
    with updater:
        assert updater.update_evidence(first, {"elsewhere": {}}, "ball", 0.0) == (None, {})  # no usable channel


def test_updaters_refuse_bad_arguments_by_name(learned):
    lm, steps = learned
    for overrides, message in [(dict(max_match_distance=0), "max_match_distance = 0"),
                               (dict(max_nneighbors=0), "max_nneighbors = 0"),
                               (dict(umbilical_num_poses=1.5), "umbilical_num_poses = 1.5"),
                               (dict(past_weight="1"), "past_weight = '1'"),
                               (dict(dtype="int8"), "dtype = 'int8'"),
                               (dict(device=3), "device = 3"),
                               (dict(device="TPU"), "device = 'TPU'")]:
        with pytest.raises(ValueError, match=message):
            updater_for(lm, **overrides)
    with pytest.raises(InvalidEvidenceThresholdConfig):
        updater_for(lm, lmc.monty.LmcBurstSamplingHypothesesUpdater, evidence_threshold_config="x_percent_threshold")
    with pytest.raises(ValueError, match="sampling_multiplier = -1"):
        updater_for(lm, lmc.monty.LmcBurstSamplingHypothesesUpdater, evidence_threshold_config="all",
                    sampling_multiplier=-1)
    updater, _ = updater_for(lm)
    with updater:
        hyps, _ = updater.update_evidence(Hypotheses.empty(), channel_features(steps[0][0]), "ball", 0.0)
    with pytest.raises(ValueError, match=r"displacement has shape \(2,\), expected \(3,\)"):
        updater.displace_hypotheses(hyps, np.zeros(2), "ball")
    broken = Hypotheses(evidence=hyps.evidence, locations=hyps.locations[:-1], poses=hyps.poses,
                        possible=hyps.possible)
    with pytest.raises(ValueError, match=r"hypotheses.locations has shape"):
        updater.displace_hypotheses(broken, np.zeros(3), "ball")


def test_float32_stays_close_to_montys_float64(learned):
    lm, steps = learned
    ours, _ = updater_for(lm, dtype="float32")
    theirs = DefaultHypothesesUpdater(feature_weights=lm.feature_weights, graph_memory=lm.graph_memory,
                                      max_match_distance=lm.max_match_distance, tolerances=lm.tolerances)
    a = theirs.update_evidence(Hypotheses.empty(), channel_features(steps[0][0]), "ball", 0.0)[0]
    b = ours.update_evidence(Hypotheses.empty(), channel_features(steps[0][0]), "ball", 0.0)[0]
    d = np.array([0.002, -0.001, 0.001])
    a = theirs.update_evidence(theirs.displace_hypotheses(a, d, "ball"), channel_features(steps[1][0]), "ball",
                               float(np.min(a.evidence)))[0]
    b = ours.update_evidence(ours.displace_hypotheses(b, d, "ball"), channel_features(steps[1][0]), "ball",
                             float(np.min(b.evidence)))[0]
    np.testing.assert_allclose(b.evidence, a.evidence, rtol=0, atol=1e-4)
    np.testing.assert_allclose(b.locations, a.locations, rtol=0, atol=1e-6)


def run_harness(*args):
    return subprocess.run([sys.executable, str(SUPPORT / "run_monty_tests.py"), "-q", *args], capture_output=True,
                          text=True, timeout=300)


def test_monty_harness_fails_when_lmc_is_not_injected():
    calculator_tests = str(monty_env.snapshot_root() / "tests/unit/frameworks/models/evidence_matching/"
                                                       "feature_evidence/calculator_test.py")
    with_lmc = run_harness(calculator_tests, "--expect-passed", "5")
    assert with_lmc.returncode == 0, with_lmc.stdout[-3000:]
    assert "calculator_test.py: 0 lmc updater steps" in with_lmc.stdout
    without = run_harness(calculator_tests, "--without-lmc")
    assert without.returncode == 1, without.stdout[-3000:]
    assert "5 passed" in without.stdout  # Monty's own classes pass, but that is not what the harness checks
    assert "calculator_test.py passed without calling lmc" in without.stdout


@pytest.mark.parametrize("pose_defined", [True, False, None], ids=["defined", "undefined", "unsaid"])
def test_initial_space_matches_montys(learned, pose_defined):
    """The informed space (2 rotations per node, umbilical_num_poses for an undefined pose, 2 when the observation
    does not say) equals Monty's, row for row."""
    lm, steps = learned
    features = channel_features(steps[0][0])
    for f in features.values():
        f.pop("pose_fully_defined")
        if pose_defined is not None:
            f["pose_fully_defined"] = pose_defined
    ours, _ = updater_for(lm)
    theirs = DefaultHypothesesUpdater(feature_weights=lm.feature_weights, graph_memory=lm.graph_memory,
                                      max_match_distance=lm.max_match_distance, tolerances=lm.tolerances)
    for graph_id in lm.get_all_known_object_ids():
        a = theirs.update_evidence(Hypotheses.empty(), copy.deepcopy(features), graph_id, 0.0)[0]
        b = ours.update_evidence(Hypotheses.empty(), copy.deepcopy(features), graph_id, 0.0)[0]
        nodes = lm.graph_memory.get_locations_in_graph(graph_id, "patch_0").shape[0]
        assert b.count == a.count == nodes * (8 if pose_defined is False else 2)
        np.testing.assert_allclose(b.evidence, a.evidence, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(b.locations, a.locations)
        np.testing.assert_allclose(b.poses, a.poses, rtol=0, atol=1e-15)
        assert not b.possible.any()


def test_neighbour_grid_finds_montys_neighbours_and_refuses_malformed_sets():
    """The grid binding the drop-ins use: its bounded K nearest equal a brute-force search; bad sets are named."""
    rng = np.random.default_rng(3)
    points = rng.uniform(0, 0.1, size=(500, 3))
    queries = rng.uniform(0, 0.1, size=(300, 3))
    grid = lmc._lmc.monty.build_neighbour_grid([points], 0.01, 3, "float64", "CPU")
    assert grid is not None
    _, ids = lmc._lmc.monty.grid_knn(grid, lmc.Tensor.from_numpy(queries.reshape(1, 300, 3), device="CPU"), 3, 0.01 ** 2)
    d2 = ((queries[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    expected = np.argsort(d2, axis=1, kind="stable")[:, :3]
    expected = np.where(np.take_along_axis(d2, expected, 1) < 0.01 ** 2, expected, -1)
    np.testing.assert_array_equal(ids.numpy().reshape(300, 3), expected)
    with pytest.raises(ValueError, match=r"point_sets\[1\] must be a float64 array of shape \(n, 3\)"):
        lmc._lmc.monty.build_neighbour_grid([points, points[:, :2].copy()], 0.01, 3)
    with pytest.raises(ValueError, match="max_table_entries = 0"):
        lmc._lmc.monty.build_neighbour_grid([points], 0.01, 3, max_table_entries=0)
    assert lmc._lmc.monty.build_neighbour_grid([points], 0.01, 3, max_table_entries=10) is None  # too big: scan
