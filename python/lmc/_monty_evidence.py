# The numeric steps of Monty's hypotheses displacer (evidence_matching/hypotheses_displacer.py) as lmc programs:
# moving hypotheses by a displacement, and the evidence update of a batch of objects (K nearest nodes, custom
# distance, pose and feature evidence, max over K, channels summed). Its own file: the math the drop-in updaters share.
"""Each builder takes lmc tensors (the inputs of a captured program, _monty_programs.py) and returns lazy tensors.

The evidence step works on a batch of B objects at once, each padded to the same number of hypothesis rows Hp and
node rows Np: one object when Monty's threads are off, every object of an LM step when they are on (_monty_gather.py).
Values that change from call to call (curvature, thresholds, weights) are program inputs, never literals.
"""
import math

import numpy as np

from . import _lmc


def rotate(rotations, vector):
    """(..., 3) R @ v for rotations (..., 3, 3) and vectors broadcasting against (..., 1, 3)."""
    return (rotations * vector).sum(-1)


def displaced_locations(locations, rotations, displacement):
    """Monty's displace_hypotheses: l_h + R_h @ d, (B, Hp, 3), for tensors (B, Hp, 3), (B, Hp, 3, 3) and
    (B, 1, 1, 3)."""
    return locations + rotate(rotations, displacement)


class BatchModels:
    """The node tables of B objects' models for one channel, each padded to Np rows and stacked (B * Np rows), as
    realized device tensors, and their neighbour grid (None: every node is scanned)."""

    def __init__(self, models, radius, k, device, dtype):
        from ._monty_models import FAR_AWAY  # noqa: the models module imports this one's users
        self.count = len(models)
        self.rows = max(m.padded_nodes for m in models)
        if len(models) == 1:
            self.locations, self.frames, self.pose_defined = models[0].tensors()
        else:
            stack = [np.concatenate([_pad(getattr(m, name).reshape(m.num_nodes, -1), self.rows, fill)
                                     for m in models]) for name, fill in
                     (("locations", FAR_AWAY), ("node_frames", 0.0), ("node_pose_defined", 0.0))]
            self.locations, self.frames, self.pose_defined = (
                _lmc.Tensor.from_numpy(np.ascontiguousarray(a, dtype=dtype), device=device) for a in stack)
            self.pose_defined = self.pose_defined.reshape(-1)
        self.grid = _lmc.monty.build_neighbour_grid([m.locations for m in models], radius, k, np.dtype(dtype).name,
                                                    device, max(1 << 20, 512 * sum(m.num_nodes for m in models)))


def _pad(array, rows, fill):
    if array.shape[0] == rows:
        return array
    return np.concatenate([array, np.full((rows - array.shape[0],) + array.shape[1:], fill)])


def channel_evidence(models, k, radius_sq, locations, rotations, frame, pose_defined, scale, node_evidence, radius,
                     normal_weight, curvature_weight):
    """One input channel's evidence for every hypothesis of B objects, (B, Hp): Monty's
    _calculate_evidence_for_new_locations.

    models: BatchModels; locations (B, Hp, 3), rotations (B, Hp, 3, 3); frame (B, 3, 3) the sensed rows [normal;
    curvature direction 1; direction 2]; pose_defined: whether the sensed curvature directions mean anything (one
    value for the batch); scale (B, 1, 1) 1 / (|curvature| + 0.5); node_evidence (B, Np) each node's feature evidence;
    radius, normal_weight, curvature_weight (1, 1, 1)."""
    b, h = locations.shape[0], locations.shape[1]
    n = models.rows
    normal = rotate(rotations, frame[:, 0].reshape(b, 1, 1, 3))  # (B, Hp, 3) the sensed normal in the model frame
    # The K nearest nodes by Euclidean distance (squared: the same order), ties to the lower node id, among those
    # within the match radius: a node farther away has a custom distance >= its Euclidean one >= the radius, so Monty
    # masks it to -1, which is also what an empty slot (id -1) gets. A neighbour grid looks only at nearby nodes.
    if models.grid is not None:
        _, nearest = _lmc.monty.grid_knn(models.grid, locations, k, radius_sq)
    else:
        offsets = locations.reshape(b, h, 1, 3) - models.locations.reshape(b, 1, n, 3)
        _, nearest = (offsets * offsets).sum(3).topk(k, 2, largest=False, bound=radius_sq)
    empty = nearest < 0
    first_row = (_lmc.Tensor.arange(b, dtype=nearest.dtype, device=locations.device) * n).reshape(b, 1, 1)
    flat = (_lmc.where(empty, 0, nearest) + first_row).reshape(b * h * k)
    differences = models.locations.index_select(0, flat).reshape(b, h, k, 3) - locations.reshape(b, h, 1, 3)
    along_normal = (differences * normal.reshape(b, h, 1, 3)).sum(3)
    euclidean = (differences * differences).sum(3).sqrt()
    custom = euclidean + along_normal.abs() * scale
    outside = (((radius - custom) / radius) <= 0.0) | empty  # Monty's node distance weight <= 0, or no node
    frames = models.frames.index_select(0, flat).reshape(b, h, k, 9)
    normal_angle = (frames[:, :, :, 0:3] * normal.reshape(b, h, 1, 3)).sum(3).clip(-1.0, 1.0).acos()
    pose = -((normal_angle / 2.0).sin() - 0.5) * normal_weight
    if pose_defined:
        direction = rotate(rotations, frame[:, 1].reshape(b, 1, 1, 3))
        angle = (frames[:, :, :, 3:6] * direction.reshape(b, h, 1, 3)).sum(3).clip(-1.0, 1.0).acos()
        error = math.pi / 2 - (angle - math.pi / 2).abs()  # directions are sign-free: largest error at 90 degrees
        use_direction = models.pose_defined.index_select(0, flat).reshape(b, h, k)
        pose = pose + (-(error.sin() - 0.5) * use_direction) * curvature_weight
    features = node_evidence.reshape(b * n).index_select(0, flat).reshape(b, h, k)
    neighbour = _lmc.where(outside, -1.0, pose) + _lmc.where(outside, 0.0, features)
    return neighbour.max(2)


def tested_update(tested, new_evidence):
    """Monty's per-channel update over all hypotheses of each object (rows of (B, Hp)): new_evidence where the
    hypothesis is tested (its evidence reached the update threshold), elsewhere max(0, the object's smallest new
    evidence of a tested one)."""
    smallest = _lmc.where(tested, new_evidence, math.inf).min(1, keepdim=True).maximum(0.0)
    return _lmc.where(tested, new_evidence, smallest)


def evidence_step(channels, radius_sq, evidence, real, threshold, locations, rotations, weights, *per_channel):
    """The evidence update of B objects: (updated evidence (B, Hp), the summed channel evidence at each object's most
    likely hypothesis (B, 1), how many hypotheses each object tested (B,)).

    channels: per channel (BatchModels, pose defined, neighbours K); evidence (B, Hp) (padding rows -inf), real
    (B, Hp) bool, threshold (B, 1); weights (3, 1, 1, 1): radius, past weight, present weight; per_channel: per
    channel its frame (B, 3, 3), scale (B, 1, 1), node evidence (B, Np) and pose weights (2, 1, 1, 1)."""
    b = evidence.shape[0]
    tested = (evidence >= threshold) & real
    total = None
    for c, (models, pose_defined, k) in enumerate(channels):
        frame, scale, node_evidence, pose_weights = per_channel[4 * c:4 * c + 4]
        new = channel_evidence(models, k, radius_sq, locations, rotations, frame, pose_defined, scale, node_evidence,
                               weights[0], pose_weights[0], pose_weights[1])
        add = tested_update(tested, new)
        total = add if total is None else total + add
    past, present = weights[1].reshape(1, 1), weights[2].reshape(1, 1)
    updated = evidence * past + total * present
    at_best = total.gather(1, evidence.argmax(1).reshape(b, 1))
    return updated, at_best, tested.cast(_lmc.int64).sum(1)
