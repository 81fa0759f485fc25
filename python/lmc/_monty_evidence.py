# The numeric steps of Monty's hypotheses displacer (evidence_matching/hypotheses_displacer.py) as lmc programs:
# moving hypotheses by a displacement, and one channel's evidence for every hypothesis (K nearest nodes, custom
# distance, pose and feature evidence, max over K). Its own file: the math the drop-in updaters share.
"""Each function takes host arrays or lmc tensors and returns lazy lmc tensors (or host arrays where it says so).

Every value that changes from call to call (curvature, thresholds, weights) enters as a one-element device tensor,
never as a literal, so the compiled kernels depend only on the shapes and are reused from step to step.
"""
import math

import numpy as np

from . import _lmc
from ._monty_arrays import host_tensor, pad_rows


def scalar(value, device, dtype, ndim=2):
    """A tensor of `ndim` axes of size 1 holding `value`: it broadcasts against (H, K) (ndim 2) or (H,) (ndim 1)
    without baking the value into a kernel."""
    return host_tensor(np.full((1,) * ndim, value), device, dtype)


def rotate(rotations, vector):
    """(H, 3) R_h @ v for (H, 3, 3) rotations and a (3,) vector tensor."""
    return (rotations * vector.reshape(1, 1, 3)).sum(2)


def displaced_locations(locations, rotations, displacement):
    """Monty's displace_hypotheses: l_h + R_h @ d, (H, 3), for tensors (H, 3), (H, 3, 3) and (3,)."""
    return locations + rotate(rotations, displacement)


def channel_evidence(model, locations, rotations, sensed_frame, sensed_pose_defined, curvature, node_evidence,
                     max_neighbors, max_match_distance, normal_weight, curvature_weight):
    """One input channel's evidence for every hypothesis, (H,): Monty's _calculate_evidence_for_new_locations.

    model: a ChannelModel; locations (H, 3) and rotations (H, 3, 3): tensors; sensed_frame (3, 3) host rows [normal;
    curvature direction 1; direction 2]; sensed_pose_defined: whether the sensed curvature directions mean anything;
    curvature: the magnitude scaling the search sphere; node_evidence (N,) host array: each node's feature evidence."""
    device, dtype = model.device, model.dtype
    node_locations, node_frames, node_pose_defined = model.tensors()
    h, n = locations.shape[0], model.padded_nodes
    k = min(int(max_neighbors), model.num_nodes)  # padding nodes are too far away to be among the k nearest
    frame = host_tensor(sensed_frame, device, dtype)
    normal = rotate(rotations, frame[0])  # (H, 3) the sensed surface normal in each hypothesis' model frame
    # The K nearest nodes by Euclidean distance (squared: the same order), ties to the lower node id, among those
    # within the match radius: a node farther away has a custom distance >= its Euclidean one >= the radius, so Monty
    # masks it to -1, which is also what an empty slot (id -1) gets. A neighbour grid looks only at nearby nodes; the
    # radius is widened by 1e-6 so rounding never drops a node Monty would score (the custom distance masks it).
    radius_sq = (max_match_distance * (1 + 1e-6)) ** 2
    grid = model.neighbour_grid(math.sqrt(radius_sq), k)
    if grid is not None:
        _, nearest = _lmc.monty.grid_knn(grid, locations.reshape(1, h, 3), k, radius_sq)
        nearest = nearest.reshape(h, k)
    else:
        offsets = locations.reshape(h, 1, 3) - node_locations.reshape(1, n, 3)
        _, nearest = (offsets * offsets).sum(2).topk(k, 1, largest=False, bound=radius_sq)
    empty = nearest < 0
    flat = _lmc.where(empty, 0, nearest).reshape(h * k)
    differences = node_locations.index_select(0, flat).reshape(h, k, 3) - locations.reshape(h, 1, 3)
    along_normal = (differences * normal.reshape(h, 1, 3)).sum(2)
    euclidean = (differences * differences).sum(2).sqrt()
    custom = euclidean + along_normal.abs() * scalar(1.0 / (abs(curvature) + 0.5), device, dtype)
    radius = scalar(max_match_distance, device, dtype)
    outside = (((radius - custom) / radius) <= 0.0) | empty  # Monty's node distance weight <= 0, or no node
    frames = node_frames.index_select(0, flat).reshape(h, k, 9)
    normal_angle = (frames[:, :, 0:3] * normal.reshape(h, 1, 3)).sum(2).clip(-1.0, 1.0).acos()
    pose = -((normal_angle / 2.0).sin() - 0.5) * scalar(normal_weight, device, dtype)
    if sensed_pose_defined:
        direction = rotate(rotations, frame[1])
        angle = (frames[:, :, 3:6] * direction.reshape(h, 1, 3)).sum(2).clip(-1.0, 1.0).acos()
        error = math.pi / 2 - (angle - math.pi / 2).abs()  # directions are sign-free: largest error at 90 degrees
        use_direction = node_pose_defined.index_select(0, flat).reshape(h, k)
        pose = pose + (-(error.sin() - 0.5) * use_direction) * scalar(curvature_weight, device, dtype)
    features = host_tensor(pad_rows(node_evidence, n), device, dtype).index_select(0, flat).reshape(h, k)
    neighbour = _lmc.where(outside, -1.0, pose) + _lmc.where(outside, 0.0, features)
    return neighbour.max(1)


def tested_update(tested, new_evidence):
    """Monty's per-channel update over all H hypotheses: new_evidence where the hypothesis is tested (its evidence
    reached the update threshold), elsewhere max(0, the smallest new evidence of a tested one). Both (H,)."""
    smallest = _lmc.where(tested, new_evidence, math.inf).min().maximum(0.0)
    return _lmc.where(tested, new_evidence, smallest)
