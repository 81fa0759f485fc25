# One matching step of Monty's real EvidenceGraphLM with Monty's NumPy DefaultHypothesesUpdater and with lmc's
# drop-in (lmc.monty.LmcHypothesesUpdater) on the same pretrained-style graphs: the whole LM step, Python included.
# Its own file: the issue's "speed inside Monty" measurement (Monty imported from the snapshot, not copied).
#
# usage: PYTHONPATH=build/python /usr/bin/python3 bench/peer/monty_dropin_step.py [--objects 77] [--nodes 2000]
#            [--steps 5] [--devices CPU,CUDA] [--dtype float64] [--threads] [--no-gather] [--repeat 3]
import argparse
import copy
import os
import sys
import time
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "python", "monty_support"))
import monty_env  # noqa: E402

monty_env.install()

import lmc  # noqa: E402
import lmc.monty  # noqa: E402
import torch  # noqa: E402
from evidence_lm_world import PretrainedGraph, message  # noqa: E402
from scipy.spatial.transform import Rotation  # noqa: E402
from tbp.monty.context import RuntimeContext  # noqa: E402
from tbp.monty.frameworks.experiments.mode import ExperimentMode  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.hypotheses_updater import DefaultHypothesesUpdater  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.learning_module import EvidenceGraphLM  # noqa: E402

CHANNEL = "patch"
LAYOUT = {"node_ids": [0, 1], "pose_vectors": [1, 10], "pose_fully_defined": [10, 11], "hsv": [11, 14],
          "principal_curvatures_log": [14, 16]}


def object_graph(rng, nodes):
    """A pretrained graph of `nodes` points on a random ellipsoid (about 10 cm), float32 as Monty stores models."""
    normals = rng.normal(size=(nodes, 3))
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    points = normals * rng.uniform(0.03, 0.06, size=3)
    direction = np.cross(normals, [0.3, 0.5, 0.81])
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    frames = np.concatenate([normals, direction, np.cross(normals, direction)], axis=1)
    x = np.column_stack([np.arange(nodes), frames, np.ones(nodes), rng.uniform(0, 1, (nodes, 3)),
                         rng.uniform(-2, 2, (nodes, 2))])
    return PretrainedGraph(x=torch.tensor(x, dtype=torch.float32), pos=torch.tensor(points, dtype=torch.float32),
                           feature_mapping=dict(LAYOUT)), points, normals, direction, x[:, 11:16]


def lm_with(updater_class, graphs, threads, updater_args):
    lm = EvidenceGraphLM(max_match_distance=0.01,
                         tolerances={CHANNEL: {"hsv": [0.1, 1, 1], "principal_curvatures_log": [5, 5]}},
                         feature_weights={CHANNEL: {"hsv": np.array([1, 0.5, 0.5])}}, max_nodes_per_graph=10 ** 6,
                         use_multithreading=threads, hypotheses_updater_class=updater_class,
                         hypotheses_updater_args=updater_args)
    for graph_id, (data, *_rest) in graphs.items():
        lm.graph_memory._add_graph_to_memory({CHANNEL: types.SimpleNamespace(_graph=data)}, graph_id)
    lm.graph_memory.initialize_feature_arrays()
    lm.mode = ExperimentMode.EVAL
    lm.reset_stm()
    lm.fixme_reset_ground_truth(primary_target={"object": "object0", "quat_rotation": [1, 0, 0, 0]})
    return lm


def walk(graphs, steps, rng):
    _, points, normals, directions, features = graphs["object0"]
    rotation = Rotation.from_euler("xyz", [20, 40, 70], degrees=True).as_matrix()
    out = []
    for _ in range(steps):
        i = rng.integers(len(points))
        out.append([message(rotation @ points[i] + rng.normal(scale=0.001, size=3), rotation @ normals[i],
                            rotation @ directions[i], features[i] + rng.normal(scale=0.01, size=5), CHANNEL)])
    return out


class FloorUpdater:
    """The floor: Monty's step with an updater whose work costs nothing. Monty's own updater builds each graph's
    hypothesis space on its first observation; after that displace_hypotheses and update_evidence hand back the
    hypotheses they were given (correct shapes, no arithmetic), so what is left is Monty's own code around the
    updater (threads, evidence bookkeeping, thresholds, possible matches, the most likely hypothesis). No updater can
    make the step faster than this."""

    def __init__(self, **monty_args):
        self._monty = DefaultHypothesesUpdater(**monty_args)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def reset(self):
        self._monty.reset()

    def displace_hypotheses(self, hypotheses, displacement, graph_id):
        return hypotheses

    def update_evidence(self, hypotheses, features, graph_id, evidence_update_threshold):
        if hypotheses.count == 0:
            return self._monty.update_evidence(hypotheses, features, graph_id, evidence_update_threshold)
        return hypotheses, {"mlh_prediction_error": 0.0}


def timed_steps(lm, percepts):
    """Per matching step: (seconds, seconds inside lmc's program runs, of which in lmc's kernels, the process's CPU
    seconds outside lmc's program runs)."""
    ctx = RuntimeContext(rng=np.random.RandomState(0))
    times = lmc._monty_programs.run_times
    out = []
    for p in percepts:
        p = copy.deepcopy(p)
        times.reset()
        start, cpu = time.perf_counter(), time.process_time()
        lm.add_lm_processing_to_buffer_stats(lm_processed=True)
        lm.matching_step(ctx, p)
        out.append((time.perf_counter() - start, times.run_seconds, times.kernel_seconds,
                    time.process_time() - cpu - times.run_cpu_seconds))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=77)
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--devices", default=",".join(lmc.devices()))
    parser.add_argument("--dtype", default="float64")
    parser.add_argument("--threads", action="store_true", help="Monty's object threads on (default off)")
    parser.add_argument("--no-gather", action="store_true",
                        help="with --threads: each object thread's lmc calls run alone, not gathered into one batch")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds, each timing every updater in turn (the table is their median; on a shared "
                             "machine the rounds say how much the load moved)")
    args = parser.parse_args()
    lmc.monty.LmcHypothesesUpdater.gather_objects = not args.no_gather
    rng = np.random.default_rng(0)
    graphs = {f"object{i}": object_graph(rng, args.nodes) for i in range(args.objects)}
    percepts = walk(graphs, args.steps + 1, rng)
    runs = [("Monty NumPy", DefaultHypothesesUpdater, {}), ("floor (no-cost updater)", FloorUpdater, {})]
    runs += [(f"lmc {d} {args.dtype}", lmc.monty.LmcHypothesesUpdater, dict(device=d, dtype=args.dtype))
             for d in args.devices.split(",")]
    print(f"EvidenceGraphLM step, {args.objects} objects x {args.nodes} nodes (~{2 * args.nodes} hypotheses each), "
          f"threads {'on' if args.threads else 'off'}{', no gather' if args.no_gather else ''}; median of "
          f"{args.steps} steps after the first, {args.repeat} rounds")
    lms = [lm_with(cls, graphs, args.threads, extra) for _, cls, extra in runs]
    for lm in lms:
        timed_steps(lm, percepts[:2])  # warm-up: kernels compiled, caches filled
    # per run, per round: (first step, median step, lmc run, lmc kernels, CPU outside lmc's runs) seconds
    rounds = [[] for _ in runs]
    for _ in range(args.repeat):
        for i, lm in enumerate(lms):
            lm.reset_stm()
            steps = timed_steps(lm, percepts)
            rounds[i].append((steps[0][0],) + tuple(float(np.median(column)) for column in zip(*steps[1:])))
    table = [np.median(np.array(r), axis=0) for r in rounds]
    base, floor = table[0][1], table[1][1]
    for (name, _, _), lm, r, (first, step, *_) in zip(runs, lms, rounds, table):
        each = " ".join(f"{t[1] * 1e3:.0f}" for t in r)
        batches = getattr(getattr(lm.hypotheses_updater, "gather", None), "batches", None)
        batch = f"  {np.median(batches[-args.steps:]):.0f} objects per lmc batch" if batches else ""
        print(f"  {name:24s} {step * 1e3:9.1f} ms/step  (rounds {each}; first step {first * 1e3:6.1f} ms)  "
              f"{base / step:6.2f}x{batch}")
    # Where each step's time goes: Monty's own code is the floor's step; lmc's kernels and the binding (inputs
    # written, outputs copied into NumPy, the GIL) are timed inside the program runs; the drop-in's Python
    # (argument checks, staging, gathering, Hypotheses; with Monty's threads on also the threads' waits at the gather's
    # barrier) is what remains. Each part is a median over steps and rounds, so the parts need not add up exactly on
    # a loaded machine.
    print(f"  breakdown, ms/step:        {'step':>7s} {'Monty own':>9s} {'updater':>8s} {'drop-in Py':>10s} "
          f"{'binding':>8s} {'lmc kern':>8s} {'drop-in CPU':>11s}")
    floor_cpu = table[1][4]
    for (name, _, _), (_, step, run, kernels, cpu) in zip(runs, table):
        if name.startswith("lmc"):
            python = step - floor - run
            # The drop-in's Python again as CPU time (process time outside lmc's runs, less the floor's): other
            # users' load does not inflate it, though it leaves out the threads' waits.
            parts = (f"{python * 1e3:10.1f} {(run - kernels) * 1e3:8.1f} {kernels * 1e3:8.1f} "
                     f"{(cpu - floor_cpu) * 1e3:11.1f}")
        else:
            parts = f"{'':10s} {'':8s} {'':8s} {'':11s}"
        print(f"    {name:24s} {step * 1e3:7.1f} {floor * 1e3:9.1f} {(step - floor) * 1e3:8.1f} {parts}")
    print(f"  the floor bounds every updater: at best {base / floor:.2f}x Monty NumPy's step (the 20x goal needs a "
          f"step of {base / 20 * 1e3:.1f} ms, {'below' if base / 20 < floor else 'above'} the floor's "
          f"{floor * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
