# The object models lmc.monty's updaters score against, read once per (graph id, input channel) through Monty's
# graph-memory API and kept on the device until the updater's reset(). Its own file: the only code that talks to
# Monty's graph memory.
import hashlib
import threading

import numpy as np

from . import _lmc
from ._monty_arrays import checked_array, host_tensor, pad_rows, padded_rows

# Where padding nodes sit: so far that no hypothesis ever has one among its nearest nodes (squared distances stay
# finite in float32 too).
FAR_AWAY = 1e15


class ChannelModel:
    """One graph's nodes for one input channel: host arrays (float64) and, made once, their device tensors.

    locations (N, 3); node_frames (N, 3, 3), rows surface normal, curvature direction 1, direction 2 (Monty's
    pose_vectors); node_pose_defined (N,) 0/1 (Monty's pose_fully_defined)."""

    def __init__(self, graph_id, channel, locations, node_frames, node_pose_defined, device, dtype):
        where = f"graph '{graph_id}', channel '{channel}'"
        self.graph_id, self.channel = graph_id, channel
        self.locations = checked_array(locations, f"{where}: locations", shape=(None, 3))
        n = self.locations.shape[0]
        frames = checked_array(node_frames, f"{where}: pose_vectors")
        if frames.shape not in ((n, 9), (n, 3, 3)):
            raise ValueError(f"{where}: pose_vectors has shape {frames.shape}, expected ({n}, 9) or ({n}, 3, 3)")
        self.node_frames = frames.reshape(n, 3, 3)
        defined = checked_array(node_pose_defined, f"{where}: pose_fully_defined")
        if defined.size != n:
            raise ValueError(f"{where}: pose_fully_defined has shape {defined.shape}, expected ({n},) or ({n}, 1)")
        self.node_pose_defined = (defined.reshape(n) != 0).astype(np.float64)
        self.num_nodes = n
        self.device, self.dtype = device, dtype
        # The content names the model in the keys of captured programs (_monty_programs.py) and device tensors: a
        # graph read again after reset() finds the programs and tensors made for it before.
        digest = hashlib.sha1(self.locations.tobytes())
        digest.update(self.node_frames.tobytes())
        digest.update(self.node_pose_defined.tobytes())
        self.key = (digest.hexdigest(), n)
        self._tensors = None
        self.device_tensors = {}  # replaced by the ModelCache's, which outlives reset

    def tensors(self):
        """(locations (Np, 3), node_frames (Np, 9), node_pose_defined (Np,)) on the device, made on first use, with
        Np = padded_rows(N) (so graphs of similar size share kernels): padding nodes lie FAR_AWAY."""
        if self._tensors is None:
            key = (self.key, self.dtype.name, self.device)
            if key not in self.device_tensors:
                rows = self.padded_nodes
                self.device_tensors[key] = (
                    host_tensor(pad_rows(self.locations, rows, FAR_AWAY), self.device, self.dtype),
                    host_tensor(pad_rows(self.node_frames.reshape(-1, 9), rows), self.device, self.dtype),
                    host_tensor(pad_rows(self.node_pose_defined, rows), self.device, self.dtype))
            self._tensors = self.device_tensors[key]
        return self._tensors

    @property
    def padded_nodes(self):
        return padded_rows(self.num_nodes)


class ModelCache:
    """ChannelModels per (graph id, input channel), read through the graph memory on first use and dropped by
    clear() (the updater's reset: graphs may have been learned or extended between episodes). Monty's object
    threads share one cache, hence the lock."""

    def __init__(self, graph_memory, device, dtype):
        self.graph_memory = graph_memory
        self.device, self.dtype = device, dtype
        self._models = {}
        # Kept across clear(), since equal nodes give equal ones: device tensors by model content, and the node
        # tables and neighbour grids of batches of models (_monty_evidence.BatchModels) by their models' keys.
        self._tensors = {}
        self.batches = {}
        self._lock = threading.Lock()

    def clear(self):
        with self._lock:
            self._models = {}

    def get(self, graph_id, channel):
        key = (graph_id, channel)
        with self._lock:
            model = self._models.get(key)
            if model is None:
                model = self._read(graph_id, channel)
                model.device_tensors = self._tensors
                self._models[key] = model
            return model

    def batch(self, models, radius, k):
        """The BatchModels of these models (in order) for queries within `radius` returning `k` nodes."""
        from ._monty_evidence import BatchModels

        key = (tuple(m.key for m in models), radius, k)
        with self._lock:
            batch = self.batches.get(key)
        if batch is None:  # built outside the lock: building a grid takes a while, and doing it twice is harmless
            batch = BatchModels(models, radius, k, self.device, self.dtype)
            with self._lock:
                batch = self.batches.setdefault(key, batch)
        return batch

    def _read(self, graph_id, channel):
        memory = self.graph_memory
        locations = np.asarray(memory.get_locations_in_graph(graph_id, channel))
        node_ids = np.arange(locations.shape[0] if locations.ndim else 0)
        node = memory.get_features_at_node(graph_id, channel, node_ids,
                                           feature_keys=["pose_vectors", "pose_fully_defined"])
        return ChannelModel(graph_id, channel, locations, np.asarray(node["pose_vectors"]),
                            np.asarray(node["pose_fully_defined"]), self.device, self.dtype)
