# A small synthetic world for driving Monty's real EvidenceGraphLM in lmc's tests: three objects learned through
# Monty's own training path, then held as pretrained float32 graphs, and a noisy sensor walk over them. Its own file:
# the differential test and the drop-ins' unit tests share it. Call monty_env.install() before importing it.
import types

import numpy as np
import torch
from scipy.spatial.transform import Rotation
from tbp.monty.cmp import Message
from tbp.monty.context import RuntimeContext
from tbp.monty.frameworks.experiments.mode import ExperimentMode
from tbp.monty.frameworks.models.evidence_matching.learning_module import EvidenceGraphLM

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


def trained_lm(updater_class, num_channels=1, threshold="all", threads=True, updater_args=(), object_ids=False,
               max_match_distance=0.01):
    """An EvidenceGraphLM that learned the three objects with every channel, then holds them as pretrained graphs."""
    channels = channels_of(num_channels)
    tolerances = {c: {"hsv": [0.1, 1, 1], "principal_curvatures_log": [5, 5]} for c in channels}
    weights = {c: {"hsv": np.array([1, 0.5, 0.5])} for c in channels}
    if object_ids:
        for c in channels:
            tolerances[c]["object_id"], weights[c]["object_id"] = 1, 2
    ctx = RuntimeContext(rng=np.random.RandomState(0))
    lm = EvidenceGraphLM(max_match_distance=max_match_distance, tolerances=tolerances, feature_weights=weights,
                         max_graph_size=0.3, max_nodes_per_graph=200, num_model_voxels_per_dim=100,
                         evidence_threshold_config=threshold,
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
