# Monty's real EvidenceGraphLM run twice on the same pretrained-style graphs and the same noisy sensor walk: once with
# Monty's own NumPy updater, once with lmc's drop-in; every step must agree (DESIGN.md §8: Monty is the judge).
"""Each step: the same possible matches, the same most likely hypothesis (object and index), the same hypothesis
counts and possible flags; evidence within 1e-9, locations and poses within 1e-12; the prediction error telemetry
within 1e-9. The walk jumps to another object mid-episode. Variants: the default updater with thresholds "all" and
"x_percent_threshold", with Monty's object threads on and off; burst sampling; two input channels, one starting late.
Skipped when the Monty snapshot is absent (monty_support/monty_env.py)."""
import copy
import sys
import types
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "monty_support"))
import monty_env  # noqa: E402

if monty_env.snapshot_root() is None:
    pytest.skip(f"no Monty snapshot at {monty_env.DEFAULT_SNAPSHOT} (set LMC_MONTY_SRC)", allow_module_level=True)
monty_env.install()

import lmc.monty  # noqa: E402
import torch  # noqa: E402
from scipy.spatial.transform import Rotation  # noqa: E402
from tbp.monty.cmp import Message  # noqa: E402
from tbp.monty.context import RuntimeContext  # noqa: E402
from tbp.monty.frameworks.experiments.mode import ExperimentMode  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.burst_sampling import BurstSamplingHypothesesUpdater  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.hypotheses_updater import DefaultHypothesesUpdater  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.learning_module import EvidenceGraphLM  # noqa: E402

OBJECTS = (("ball", "sphere", 0.1), ("brick", "box", 0.6), ("ball2", "sphere", 0.3))
STEPS, JUMP = 24, 12  # the walk moves from the ball to the brick at step JUMP


# ------------------------------------------------------------------------------------- a small synthetic world

def surface(kind, n, rng):
    """n points on a sphere (radius 4 cm) or a box (6 x 4 x 2 cm): locations, normals, a curvature direction."""
    if kind == "sphere":
        normals = rng.normal(size=(n, 3))
        normals /= np.linalg.norm(normals, axis=1, keepdims=True)
        points = 0.04 * normals
    else:
        half = np.array([0.03, 0.02, 0.01])
        points, normals = rng.uniform(-half, half, size=(n, 3)), np.zeros((n, 3))
        axis, sign = rng.integers(3, size=n), rng.choice([-1.0, 1.0], size=n)
        points[np.arange(n), axis] = sign * half[axis]
        normals[np.arange(n), axis] = sign
    direction = np.cross(normals, [0.3, 0.5, 0.81])
    return points, normals, direction / np.linalg.norm(direction, axis=1, keepdims=True)


def world(seed=0):
    """Per object: points, normals, curvature directions and per-point features (hue, saturation, value and two
    curvatures), all continuous so that no two nodes' feature evidence ties (burst sampling ranks nodes by it)."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, kind, hue in OBJECTS:
        points, normals, directions = surface(kind, 60, rng)
        features = np.column_stack([(hue + 2 * points[:, 0]) % 1.0, rng.uniform(0.3, 1, 60), rng.uniform(0.3, 1, 60),
                                    rng.uniform(-2, 2, 60), rng.uniform(-2, 2, 60)])
        out[name] = points, normals, directions, features
    return out


OBJECT_IDS = {"ball": 1.0, "brick": 2.0, "ball2": 1.0}  # a categorical feature: the two balls share theirs


def message(location, normal, direction, features, sender, defined=True, object_id=None):
    frame = np.stack([normal, direction, np.cross(normal, direction)])
    non_morphological = {"hsv": list(features[:3]), "principal_curvatures_log": list(features[3:])}
    if object_id is not None:
        non_morphological["object_id"] = object_id
    return Message(location=np.asarray(location, dtype=float),
                   morphological_features={"pose_vectors": frame, "pose_fully_defined": defined, "on_object": 1},
                   non_morphological_features=non_morphological, confidence=1.0, pass_message=True,
                   process_features_in_lm=True, sender_id=sender, sender_type="SM")


def channels_of(count):
    return [f"patch_{c}" for c in range(count)]


class PretrainedGraph:
    """A graph as a pretrained model file holds it (a torch_geometric Data): float32 torch tensors by key."""

    def __init__(self, **values):
        self._values = values

    def keys(self):
        return list(self._values)

    def __getitem__(self, key):
        return self._values[key]


def as_pretrained(lm):
    """Replaces every learned graph by itself loaded as a pretrained model (float32, as Monty stores models)."""
    memory = lm.graph_memory
    for graph_id in memory.get_memory_ids():
        loaded = {}
        for channel in memory.get_input_channels_in_graph(graph_id):
            g = memory.get_graph(graph_id, channel)._graph
            data = PretrainedGraph(x=torch.tensor(g.x, dtype=torch.float32),
                                   pos=torch.tensor(g.pos, dtype=torch.float32), feature_mapping=g.feature_mapping)
            loaded[channel] = types.SimpleNamespace(_graph=data)
        memory._add_graph_to_memory(loaded, graph_id)
    memory.feature_array, memory.feature_order = {}, {}
    memory.initialize_feature_arrays()


def trained_lm(updater_class, num_channels=1, threshold="all", threads=True, updater_args=(), object_ids=False):
    """An EvidenceGraphLM that learned the three objects with every channel, then holds them as pretrained graphs."""
    channels = channels_of(num_channels)
    tolerances = {c: {"hsv": [0.1, 1, 1], "principal_curvatures_log": [5, 5]} for c in channels}
    weights = {c: {"hsv": np.array([1, 0.5, 0.5])} for c in channels}
    if object_ids:
        for c in channels:
            tolerances[c]["object_id"], weights[c]["object_id"] = 1, 2
    ctx = RuntimeContext(rng=np.random.RandomState(0))
    lm = EvidenceGraphLM(max_match_distance=0.01, tolerances=tolerances, feature_weights=weights, max_graph_size=0.3,
                         max_nodes_per_graph=200, num_model_voxels_per_dim=100, evidence_threshold_config=threshold,
                         use_multithreading=threads, hypotheses_updater_class=updater_class,
                         hypotheses_updater_args=dict(updater_args))
    for name, (points, normals, directions, features) in world().items():
        lm.mode = ExperimentMode.TRAIN
        lm.reset_stm()
        lm.fixme_reset_ground_truth(primary_target={"object": name, "quat_rotation": [1, 0, 0, 0]})
        for i in range(len(points)):
            lm.exploratory_step(ctx, [message(points[i], normals[i], directions[i], features[i], c,
                                              object_id=OBJECT_IDS[name] if object_ids else None) for c in channels])
        lm.detected_object, lm.detected_rotation_r = name, None
        lm.buffer.stats["detected_location_rel_body"] = lm.buffer.current_location()
        lm.update_ltm_from_stm()
        lm.fixme_update_ground_truth()
    as_pretrained(lm)
    lm.mode = ExperimentMode.EVAL
    lm.reset_stm()
    lm.fixme_reset_ground_truth(primary_target={"object": "ball", "quat_rotation": [1, 0, 0, 0]})
    return lm, ctx


def walk(num_channels=1, late_start=4, object_ids=False, seed=1):
    """Per step, the percepts of every channel with input: the object rotated and moved, noisy locations, frames and
    features; channel c > 0 starts at step late_start and senses the next point; every fifth step senses an
    undefined pose (pose_fully_defined False)."""
    rng = np.random.default_rng(seed)
    objects = world()
    rotation = Rotation.from_euler("xyz", [20, 40, 70], degrees=True).as_matrix()
    offset = np.array([0.2, -0.1, 0.5])
    steps = []
    for step in range(STEPS):
        name = "ball" if step < JUMP else "brick"
        points, normals, directions, features = objects[name]
        i = rng.integers(len(points))
        percepts = []
        for c, channel in enumerate(channels_of(num_channels)):
            if c > 0 and step < late_start:
                continue
            j = (i + c) % len(points)
            noise = Rotation.from_rotvec(rng.normal(scale=0.02, size=3)).as_matrix() @ rotation
            sensed = features[j] + rng.normal(scale=0.01, size=5)
            percepts.append(message(rotation @ points[j] + offset + rng.normal(scale=0.001, size=3),
                                    noise @ normals[j], noise @ directions[j], sensed, channel,
                                    defined=step % 5 != 4, object_id=OBJECT_IDS[name] if object_ids else None))
        steps.append(percepts)
    return steps


# ----------------------------------------------------------------------------------------------- the comparison

def assert_same_step(monty, ours, step):
    where = f"step {step}"
    assert ours.get_possible_matches() == monty.get_possible_matches(), where
    a, b = monty._get_current_mlh(), ours._get_current_mlh()
    assert (b["graph_id"], b["mlh_id"]) == (a["graph_id"], a["mlh_id"]), where
    assert abs(b["evidence"] - a["evidence"]) <= 1e-9, where
    assert sorted(ours._hypotheses) == sorted(monty._hypotheses), where
    for graph_id, expected in monty._hypotheses.items():
        got = ours._hypotheses[graph_id]
        assert type(got) is type(expected), where
        assert got.count == expected.count, f"{where}, {graph_id}: {got.count} hypotheses, Monty {expected.count}"
        np.testing.assert_allclose(got.evidence, expected.evidence, rtol=0, atol=1e-9, err_msg=f"{where} {graph_id}")
        np.testing.assert_allclose(got.locations, expected.locations, rtol=0, atol=1e-12, err_msg=where)
        np.testing.assert_allclose(got.poses, expected.poses, rtol=0, atol=1e-12, err_msg=where)
        np.testing.assert_array_equal(got.possible, expected.possible, err_msg=where)
        error_a = monty.hypotheses_updater_telemetry.get(graph_id, {}).get("mlh_prediction_error")
        error_b = ours.hypotheses_updater_telemetry.get(graph_id, {}).get("mlh_prediction_error")
        assert (error_a is None) == (error_b is None), where
        if error_a is not None:
            assert abs(error_b - error_a) <= 1e-9, where
        assert got.evidence.flags.writeable and got.locations.flags.writeable and got.possible.flags.writeable
        assert_same_burst_telemetry(monty.hypotheses_updater_telemetry.get(graph_id, {}),
                                    ours.hypotheses_updater_telemetry.get(graph_id, {}), f"{where} {graph_id}")


def assert_same_burst_telemetry(expected, got, where):
    """Burst sampling's telemetry (include_telemetry=True): the same ids and ages, slopes and max slope."""
    assert sorted(got) == sorted(expected), where
    if "added_ids" not in expected:
        return
    for key in ("added_ids", "ages", "removed_ids"):
        np.testing.assert_array_equal(got[key], expected[key], err_msg=f"{where}: {key}")
    np.testing.assert_allclose(got["evidence_slopes"], expected["evidence_slopes"], rtol=0, atol=1e-9, err_msg=where)
    assert got["max_slope"] == expected["max_slope"] or abs(got["max_slope"] - expected["max_slope"]) <= 1e-9, where
    a = expected["displacer_telemetry"]["mlh_prediction_error"]
    b = got["displacer_telemetry"]["mlh_prediction_error"]
    assert (a is None) == (b is None) and (a is None or abs(a - b) <= 1e-9), where


BURST = dict(sampling_multiplier=0.4, deletion_trigger_slope=0.5, sampling_burst_duration=5, burst_trigger_slope=1.0)
DEFAULT = (DefaultHypothesesUpdater, lmc.monty.LmcHypothesesUpdater)
BURSTING = (BurstSamplingHypothesesUpdater, lmc.monty.LmcBurstSamplingHypothesesUpdater)
VARIANTS = {  # name: (Monty's class and lmc's, trained_lm's keywords)
    "default_all_threads": (DEFAULT, {}),
    "default_all_no_threads": (DEFAULT, dict(threads=False)),
    "default_x_percent": (DEFAULT, dict(threshold="x_percent_threshold")),
    "default_two_channels_late": (DEFAULT, dict(num_channels=2)),
    "default_listed_poses": (DEFAULT, dict(updater_args=dict(initial_possible_poses=[[0, 0, 0], [20, 40, 70],
                                                                                   [90, 0, 45]]))),
    "default_uniform_poses": (DEFAULT, dict(updater_args=dict(initial_possible_poses="uniform"))),
    "default_object_id_feature": (DEFAULT, dict(object_ids=True)),
    "burst": (BURSTING, dict(updater_args=BURST)),
    "burst_telemetry_no_threads": (BURSTING, dict(threads=False, updater_args=dict(BURST, include_telemetry=True))),
    "burst_two_channels_late": (BURSTING, dict(num_channels=2, updater_args=BURST)),
    "burst_listed_poses": (BURSTING, dict(updater_args=dict(BURST, initial_possible_poses=[[0, 0, 0], [20, 40, 70]]))),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_evidence_lm_steps_match_monty(variant):
    (monty_class, lmc_class), options = VARIANTS[variant]
    monty, ctx = trained_lm(monty_class, **options)
    ours, _ = trained_lm(lmc_class.configured(device="CPU", dtype="float64"), **options)
    assert isinstance(ours.hypotheses_updater, lmc_class)
    steps_before = lmc.monty.LmcHypothesesUpdater.calls
    for step, percepts in enumerate(walk(options.get("num_channels", 1), object_ids=options.get("object_ids", False))):
        for lm in (monty, ours):
            lm.add_lm_processing_to_buffer_stats(lm_processed=True)
            lm.matching_step(ctx, copy.deepcopy(percepts))
        assert_same_step(monty, ours, step)
    assert lmc.monty.LmcHypothesesUpdater.calls > steps_before  # lmc really stepped
