# Shared by the Monty evidence-step baselines (monty_step_numpy.py, monty_step_torch.py): the golden cases they must
# reproduce before timing, the synthetic scenarios bench/monty_step times, the timing statistics and the JSON they
# write. Its own file so both baselines read the same cases and time the same sizes as the C++ bench.
import json
import os
import platform
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DEFAULT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "golden", "monty"))
GOLDEN_CASES = ("evidence_step_pfd", "evidence_step_nopfd")

# Benchmark configuration of Monty's evidence LM (monty_hypothesis_ops.md §5.6, §9): hsv + log curvatures.
TOLERANCES = np.array([0.1, 0.2, 0.2, 1.0, 1.0])
FEATURE_WEIGHTS = np.array([2.0, 0.5, 0.5, 1.0, 1.0])
CIRCULAR = np.array([True, False, False, False, False])


class Params:
    """Scalars of one step; shared by every (LM, object) in a batch."""

    def __init__(self, k, mmd=0.01, w_normal=1.0, w_curv=1.0, tolerances=TOLERANCES, weights=FEATURE_WEIGHTS,
                 circular=CIRCULAR, increment=1.0, past=1.0, present=1.0):
        self.k, self.mmd, self.w_normal, self.w_curv = k, mmd, w_normal, w_curv
        self.tolerances, self.weights, self.circular = np.asarray(tolerances), np.asarray(weights), np.asarray(circular)
        self.increment, self.past, self.present = increment, past, present


# ---- golden cases ---------------------------------------------------------------------------------------------------

def golden_dir(argv_value=None):
    return argv_value or os.environ.get("LMC_GOLDEN_DIR") or GOLDEN_DEFAULT


def load_case(case_dir):
    with open(os.path.join(case_dir, "case.json")) as f:
        meta = json.load(f)
    arrays = {a["name"]: np.load(os.path.join(case_dir, a["file"]), allow_pickle=False) for a in meta["arrays"]}
    return meta, arrays


def case_inputs(meta, arrays):
    """A golden case as a batch of one: (model, hypotheses, percept, threshold, params), all float64."""
    p = meta["params"]
    order = p["feature_order"]
    tol = np.concatenate([p["tolerances"][f] for f in order])
    w = np.concatenate([p["feature_weights"][f] for f in order])
    circ = np.zeros(len(tol), bool)
    circ[p["circular_columns"]] = True
    pw = p["feature_weights"]["pose_vectors"]
    params = Params(p["K"], p["max_match_distance"], pw[0], pw[1], tol, w, circ, p["feature_evidence_increment"],
                    p["past_weight"], p["present_weight"])
    e = arrays["hyp_evidence_in"]
    if p["evidence_threshold_config"] == "all":
        threshold = e.min()
    elif p["evidence_threshold_config"] == "x_percent_threshold":
        mlh = p["max_global_evidence"]
        threshold = mlh - mlh / 100 * p["x_percent_threshold"]
    else:
        threshold = float(p["evidence_threshold_config"])
    sf = arrays["sensed_features"]
    batch = dict(
        P=arrays["model_locations"][None], V=arrays["model_pose_vectors"][None],
        U=arrays["model_pose_fully_defined"][None].astype(bool), X=arrays["model_features"][None],
        l=arrays["hyp_locations_in"][None], R=arrays["hyp_rotations"][None], e=e[None],
        S=arrays["sensed_pose_vectors"][None], pfd=np.array([p["pose_fully_defined"]]), q=sf[None],
        kappa=np.array([max(abs(sf[3]), abs(sf[4]))]), d=arrays["displacement"][None],
        threshold=np.array([threshold]))
    return batch, params


def check_case(name, meta, arrays, out):
    """Compares one step's outputs (batch of one, all rows) with the golden arrays; returns a list of failures."""
    tol = meta["tolerances"]["float64"]
    tested_ids = arrays["tested_ids"]
    fails = []

    def close(what, got, want, limit):
        err = float(np.max(np.abs(got - want))) if want.size else 0.0
        if not err <= limit:
            fails.append(f"{name}: {what} differs by {err:.3g} (limit {limit:g})")

    def exact(what, got, want):
        if got.shape != want.shape or not np.array_equal(got, want):
            fails.append(f"{name}: {what} differs ({int(np.sum(got != want)) if got.shape == want.shape else 'shape'})")

    exact("tested", out["tested"][0], arrays["tested"])
    close("locations", out["locations"][0], arrays["hyp_locations_displaced"], tol["locations_abs_m"])
    close("phi", out["phi"][0], arrays["node_feature_evidence"], tol["node_feature_evidence_abs"])
    exact("nn_ids", out["nn_ids"][0][tested_ids].astype(np.int64), arrays["nn_ids"])
    close("custom_distances", out["custom_distances"][0][tested_ids], arrays["custom_distances"],
          tol["custom_distances_abs_m"])
    exact("mask", out["mask"][0][tested_ids], arrays["mask"])
    close("pose_evidence", out["pose_evidence"][0][tested_ids], arrays["pose_evidence"], tol["pose_evidence_abs"])
    close("nu", out["nu"][0][tested_ids], arrays["nu"], tol["nu_abs"])
    close("evidence_add", out["evidence_add"][0], arrays["evidence_add"], tol["nu_abs"])
    close("hyp_evidence_out", out["evidence"][0], arrays["hyp_evidence_out"], tol["evidence_abs"])
    return fails


def verify_golden(step, to_backend, from_backend, golden, label):
    """Runs `step` in float64 on every golden case; exits (refusing to time) when any output differs."""
    all_fails = []
    for case in GOLDEN_CASES:
        meta, arrays = load_case(os.path.join(golden, case))
        batch, params = case_inputs(meta, arrays)
        out = step(to_backend(batch, np.float64), params)
        out = {k: from_backend(v) for k, v in out.items()}
        fails = check_case(case, meta, arrays, out)
        print(f"[{label}] golden {case}: {'ok' if not fails else 'FAILED'}", file=sys.stderr)
        all_fails += fails
    if all_fails:
        print("\n".join(all_fails), file=sys.stderr)
        sys.exit(f"[{label}] does not reproduce the golden cases; refusing to time")


# ---- synthetic scenarios --------------------------------------------------------------------------------------------

def scenarios(series):
    """(name, LMs, objects, N, H per object, K). S1-S3 always; `series` adds the LM and hypothesis scaling series."""
    out = [("S1", 1, 77, 2000, 4000, 10), ("S2", 5, 77, 2000, 4000, 10), ("S3", 1, 10, 2000, 16000, 5)]
    if series:
        out += [(f"lms{n}", n, 77, 2000, 4000, 10) for n in (1, 5, 20, 80)]
        out += [(f"hyps{h // 1000}k", 1, 77, 2000, h, 10) for h in (1000, 4000, 16000, 64000)]
    return out


def random_rotations(rng, n):
    """Uniform random rotations from normalised quaternions, (n, 3, 3)."""
    q = rng.standard_normal((n, 4))
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    w, x, y, z = q.T
    return np.stack([
        np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)], -1),
        np.stack([2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)], -1),
        np.stack([2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)], -1)], -2)


def synthetic_batch(objects, n, h, seed, dtype):
    """One LM's worth of random data: `objects` objects of n nodes on a 5 cm sphere (unit normals, right-handed
    frames, random features) and h hypotheses each near the surface. Batch axis = object."""
    rng = np.random.default_rng(seed)
    b = objects
    normal = rng.standard_normal((b, n, 3))
    normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
    P = 0.05 * normal
    t = np.cross(normal, rng.standard_normal((b, n, 3)))
    t /= np.linalg.norm(t, axis=-1, keepdims=True)
    V = np.concatenate([normal, t, np.cross(normal, t)], -1)
    U = rng.random((b, n)) < 0.75
    X = np.concatenate([rng.random((b, n, 3)), rng.normal(0, 1.5, (b, n, 2))], -1)
    node = rng.integers(0, n, (b, h))
    l = np.take_along_axis(P, node[..., None], 1) + rng.normal(0, 0.003, (b, h, 3))
    R = random_rotations(rng, b * h).reshape(b, h, 3, 3)
    e = rng.normal(0, 1, (b, h))
    S = random_rotations(rng, b)
    q = np.concatenate([rng.random((b, 3)), rng.normal(0, 1.5, (b, 2))], -1)
    batch = dict(P=P, V=V, U=U, X=X, l=l, R=R, e=e, S=S, pfd=np.ones(b, bool), q=q,
                 kappa=np.abs(q[:, 3:5]).max(1), d=rng.normal(0, 0.004, (b, 3)), threshold=e.min(1))
    return {k: (v.astype(dtype) if v.dtype.kind == "f" else v) for k, v in batch.items()}


def stacked_batch(lms, objects, n, h, seed, dtype):
    """`lms` LMs × `objects` objects flattened on the batch axis. The LMs share their object models (as Monty's LMs
    share a pretrained graph set) but each has its own hypotheses; the arrays are simply repeated."""
    one = synthetic_batch(objects, n, h, seed, dtype)
    if lms == 1:
        return one
    return {k: np.concatenate([v] * lms, 0) for k, v in one.items()}


# ---- timing and output ----------------------------------------------------------------------------------------------

def median_ms(fn, sync, reps, warmup, budget_s):
    """Median wall time of fn() in ms after warm-up; fewer repetitions when one step is slow (budget_s in total)."""
    for _ in range(warmup):
        fn()
    sync()
    times = []
    start_all = time.perf_counter()
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append((time.perf_counter() - t0) * 1e3)
        if time.perf_counter() - start_all > budget_s and len(times) >= 1:
            break
    times.sort()
    return times[len(times) // 2], len(times)


def write_json(path, tool, device, dtype, results, extra=None):
    doc = {"tool": tool, "device": device, "dtype": dtype, "host": platform.node(), "python": sys.version.split()[0],
           "numpy": np.__version__, "results": results}
    doc.update(extra or {})
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"wrote {path}", file=sys.stderr)


def result_row(name, lms, objects, n, h, k, variant, ms, reps, note=""):
    return {"scenario": name, "lms": lms, "objects": objects, "N": n, "H": h, "K": k, "variant": variant,
            "median_ms": ms, "reps": reps, "note": note}


def hypotheses_total(lms, objects, h):
    return lms * objects * h


def fmt_row(r):
    return (f"{r['scenario']:>8} {r['variant']:>22} LMs={r['lms']:<3} obj={r['objects']:<3} N={r['N']} H={r['H']:<6} "
            f"K={r['K']:<3} {r['median_ms'] if r['median_ms'] is not None else float('nan'):10.3f} ms  ({r['reps']} reps){'  ' + r['note'] if r['note'] else ''}")


def chunk_size(total, per_item_bytes, budget_bytes):
    return max(1, min(total, int(budget_bytes // max(1, per_item_bytes))))


def ceil_div(a, b):
    return -(-a // b)

