# Shared by the burst-sampling baselines (monty_burst_torch.py, monty_burst_numpy.py): the golden burst episode and its
# checker, the synthetic episodes they time (monty_step_common's sphere objects plus a sensor walk over object 0), the
# burst parameters and the JSON rows. Its own file so both baselines replay the same episodes and check the same data.
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monty_step_common as step_common  # noqa: E402

GOLDEN_CASE = "burst_episode"
CHANNEL = "patch"  # the one input channel of every benchmark config (monty_hypothesis_ops.md §9)
FEATURE_ORDER = ("hsv", "principal_curvatures_log")  # columns 0-2 and 3-4 of the feature arrays


class BurstParams(step_common.Params):
    """Every scalar of a burst-sampling step (monty_hypothesis_ops.md §5, §6), Monty's defaults except K."""

    def __init__(self, k, multiplier=0.4, deletion_slope=0.5, burst_duration=5, burst_trigger=1.0, umbilical_poses=8,
                 window=10, min_age=5, **step_params):
        super().__init__(k, **step_params)
        self.multiplier, self.deletion_slope = multiplier, deletion_slope
        self.burst_duration, self.burst_trigger = burst_duration, burst_trigger
        self.umbilical_poses, self.window, self.min_age = umbilical_poses, window, min_age

    def monty_dicts(self):
        """The per-channel tolerances and feature weights in the nested-dict form Monty's updater takes."""
        tol = {"hsv": list(self.tolerances[0:3]), "principal_curvatures_log": list(self.tolerances[3:5]),
               "pose_vectors": [np.deg2rad(20.0)] * 3}  # pose tolerances are not used by the evidence LM (§5.5)
        w = {"hsv": list(self.weights[0:3]), "principal_curvatures_log": list(self.weights[3:5]),
             "pose_vectors": [self.w_normal, self.w_curv, 1.0]}
        return {CHANNEL: tol}, {CHANNEL: w}


def sample_count(n_nodes, variants, multiplier):
    """New hypotheses per object on a burst step: round(N*min(m, n_r)) with Python's half-even round, then made a
    multiple of n_r (§6.2)."""
    c = round(n_nodes * min(multiplier, variants))
    return c - c % variants


# ---- episodes -------------------------------------------------------------------------------------------------------
# An episode is `models`, a list with one dict per object (P (N,3), V (N,9), U (N,) bool, X (N,F)), and `walk`, the
# per-step, per-LM percepts: S (T,L,3,3) rows [n; c1; c2], pfd (T,L) bool, q (T,L,F), kappa (T,L), d (T,L,3) and
# moved (T,) bool (False on step 0, where Monty passes no displacement; d is zero there).

def golden_episode(golden):
    """The golden burst episode (1 LM, 3 objects, 24 steps) as (models, walk, params, meta, arrays)."""
    meta, arrays = step_common.load_case(os.path.join(golden, GOLDEN_CASE))
    p = meta["params"]
    tol = np.concatenate([p["tolerances"][f] for f in p["feature_order"]])
    w = np.concatenate([p["feature_weights"][f] for f in p["feature_order"]])
    circ = np.zeros(len(tol), bool)
    circ[p["circular_columns"]] = True
    pw = p["feature_weights"]["pose_vectors"]
    assert p["evidence_threshold_config"] == "all" and tuple(p["feature_order"]) == FEATURE_ORDER
    params = BurstParams(p["K"], p["sampling_multiplier"], p["deletion_trigger_slope"], p["sampling_burst_duration"],
                         p["burst_trigger_slope"], p["umbilical_num_poses"], p["tracker_window_size"],
                         p["tracker_min_age"], mmd=p["max_match_distance"], w_normal=pw[0], w_curv=pw[1],
                         tolerances=tol, weights=w, circular=circ, increment=p["feature_evidence_increment"],
                         past=p["past_weight"], present=p["present_weight"])
    models = [dict(P=arrays[f"obj{o}_model_locations"], V=arrays[f"obj{o}_model_pose_vectors"],
                   U=arrays[f"obj{o}_model_pose_fully_defined"].astype(bool), X=arrays[f"obj{o}_model_features"])
              for o in range(p["num_objects"])]
    q = arrays["step_sensed_features"]
    moved = arrays["step_has_displacement"].astype(bool)
    walk = dict(S=arrays["step_sensed_pose_vectors"][:, None], pfd=arrays["step_pose_fully_defined"][:, None],
                q=q[:, None], kappa=np.abs(q[:, 3:5]).max(-1)[:, None],
                d=np.where(moved[:, None], arrays["step_displacement"], 0.0)[:, None], moved=moved)
    return models, walk, params, meta, arrays


def scenarios(series, tiny=False):
    """(name, LMs, objects, N, K). S1-S3 always; `series` adds the LM series; `tiny` is the smoke-run size only."""
    if tiny:
        return [("tiny", 2, 4, 300, 10)]
    out = [("S1", 1, 77, 2000, 10), ("S2", 5, 77, 2000, 10), ("S3", 1, 10, 2000, 10)]
    if series:
        out += [(f"lms{n}", n, 77, 2000, 10) for n in (1, 5, 20, 80)]
    return out


def chosen_scenarios(names, series, tiny):
    """Every scenario of scenarios(series, tiny) when `names` (a comma-separated list) is empty, else the named ones,
    looked up among all of them, the series and the tiny one included; an unknown name is an error."""
    if not names:
        return scenarios(series, tiny)
    every = scenarios(True) + scenarios(False, tiny=True)
    wanted = names.split(",")
    unknown = [w for w in wanted if w not in {s[0] for s in every}]
    if unknown:
        sys.exit(f"unknown scenario {', '.join(unknown)}; known: {', '.join(s[0] for s in every)}")
    return [s for s in every if s[0] in wanted]


def synthetic_models(objects, n, seed):
    """monty_step_common's objects (n nodes on a 5 cm sphere, right-handed frames, random features), float64."""
    b = step_common.synthetic_batch(objects, n, 1, seed, np.float64)
    return [dict(P=b["P"][o], V=b["V"][o], U=b["U"][o], X=b["X"][o]) for o in range(objects)]


def small_rotation(rng, max_deg):
    """A rotation by a uniform angle up to max_deg about a random axis (Rodrigues), the sensed-pose noise."""
    axis = rng.standard_normal(3)
    axis /= np.linalg.norm(axis)
    a = np.deg2rad(rng.uniform(0, max_deg))
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * (k @ k)


def sensor_walk(models, segments, lms, seed, location_sigma=0.001, pose_deg=2.0,
                feature_sigma=(0.02, 0.02, 0.02, 0.05, 0.05)):
    """Each LM's sensor walks over the objects of `segments`, a list of (object index, steps), as the golden episode
    does: every object is placed in the world by a random rotation Q and an offset; within a segment the sensor moves
    each step to one of the 3rd-12th nearest nodes of its current node (the first node is random) and senses it with
    noise. The percept of node m is S = M_m Q^T E^T (E a small random rotation), the node's pfd flag and features plus
    noise (hue wraps), at the world location Q P[m] + offset plus noise; the displacement is the difference of
    consecutive sensed locations (none on step 0), across a change of object too. So on the sensed object a
    hypothesis R = M_m^T S ~ Q^T moved by R d stays on the true path and gains evidence, and a change of object makes
    the slopes fall, hypotheses be deleted and a new burst start, as in Monty."""
    rng = np.random.default_rng(seed)
    placement = {o: (step_common.random_rotations(rng, 1)[0], rng.normal(0, 0.1, 3)) for o, _ in segments}
    near = {}
    for o, _ in segments:
        P = models[o]["P"]
        d2 = ((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)
        near[o] = np.argsort(d2, axis=1, kind="stable")[:, 3:13]  # 3rd-12th nearest; index 0 is the node itself
    steps = sum(length for _, length in segments)
    features = models[segments[0][0]]["X"].shape[1]
    S = np.empty((steps, lms, 3, 3))
    pfd = np.empty((steps, lms), bool)
    q = np.empty((steps, lms, features))
    x = np.empty((steps, lms, 3))
    for lm in range(lms):
        t = 0
        for o, length in segments:
            P, V, U, X = (models[o][k] for k in "PVUX")
            Q, offset = placement[o]
            node = rng.integers(P.shape[0])
            for i in range(length):
                if i:
                    node = near[o][node, rng.integers(near[o].shape[1])]
                S[t, lm] = V[node].reshape(3, 3) @ Q.T @ small_rotation(rng, pose_deg).T
                pfd[t, lm] = U[node]
                q[t, lm] = X[node] + rng.normal(0, feature_sigma)
                q[t, lm, 0] %= 1.0
                x[t, lm] = Q @ P[node] + offset + rng.normal(0, location_sigma, 3)
                t += 1
    d = np.zeros_like(x)
    d[1:] = x[1:] - x[:-1]
    moved = np.arange(steps) > 0
    return dict(S=S, pfd=pfd, q=q, kappa=np.abs(q[..., 3:5]).max(-1), d=d, moved=moved)


def synthetic_episode(lms, objects, n, steps, seed=7):
    """monty_step_common's objects; the sensor is on object 0 for the first half of the episode, then on object 1."""
    models = synthetic_models(objects, n, seed)
    first = steps // 2
    segments = [(0, first), (1 if objects > 1 else 0, steps - first)]
    return models, sensor_walk(models, segments, lms, seed + 1)


def save_episode(path, models, walk):
    """Writes an episode as one .npz (models stacked, they share N) so another tool can replay it exactly."""
    arrays = {f"model_{k}": np.stack([m[k] for m in models]) for k in ("P", "V", "U", "X")}
    arrays.update({f"walk_{k}": v for k, v in walk.items()})
    np.savez(path, **arrays)
    print(f"wrote {path}", file=sys.stderr)


def load_episode(path):
    """An episode written by `lmc demo --monty-episode DIR` (lm/episode_export.hpp): (models, walk, params,
    meta), the models and walk in the layout synthetic_episode returns, the parameters those the demo's LM ran with."""
    with open(os.path.join(path, "episode.json")) as f:
        meta = json.load(f)
    arrays = {name: np.load(os.path.join(path, name + ".npy"), allow_pickle=False)
              for name in ("model_P", "model_V", "model_U", "model_X", "walk_S", "walk_pfd", "walk_q", "walk_kappa",
                           "walk_d", "walk_moved")}
    models = [dict(P=arrays["model_P"][o], V=arrays["model_V"][o], U=arrays["model_U"][o], X=arrays["model_X"][o])
              for o in range(arrays["model_P"].shape[0])]
    walk = {k[len("walk_"):]: v for k, v in arrays.items() if k.startswith("walk_")}
    params = BurstParams(meta["k"], multiplier=meta["multiplier"], deletion_slope=meta["deletion_slope"],
                         burst_duration=meta["burst_duration"], burst_trigger=meta["burst_trigger"],
                         umbilical_poses=meta["umbilical_poses"], window=meta["window"], min_age=meta["min_age"],
                         mmd=meta["mmd"], w_normal=meta["w_normal"], w_curv=meta["w_curv"],
                         tolerances=meta["tolerances"], weights=meta["weights"],
                         circular=[bool(c) for c in meta["circular"]], increment=meta["increment"],
                         past=meta["past"], present=meta["present"])
    return models, walk, params, meta


# ---- golden check ---------------------------------------------------------------------------------------------------

class EpisodeChecker:
    """Compares a run of the golden episode, step by step and object by object, with the stored outputs. Every
    quantity keeps its largest error; discrete outputs (counts, retain masks, new node ids, ages, burst flags, NaN
    positions) must be equal, values within the case's float64 tolerances."""

    def __init__(self, meta, arrays, label):
        self.a, self.label = arrays, label
        tol = meta["tolerances"]["float64"]
        self.limits = {"locations": tol["locations_abs_m"], "rotations": tol["rotations_abs"],
                       "evidence": tol["evidence_abs"], "slopes": tol["slopes_abs"],
                       "tracker_buffer": tol["evidence_abs"], "max_global_slope": tol["slopes_abs"]}
        self.max_err = {k: 0.0 for k in self.limits}
        self.fails = []
        self.checked = set()

    def _seg(self, o, name, t, offsets="offsets"):
        off = self.a[f"obj{o}_{offsets}"]
        return self.a[f"obj{o}_{name}"][off[t]:off[t + 1]]

    def _exact(self, what, got, want):
        self.checked.add(what)
        got, want = np.asarray(got), np.asarray(want)
        if got.shape != want.shape or not np.array_equal(got, want):
            self.fails.append(f"{what}: got {got.ravel()[:8]}{'...' if got.size > 8 else ''} (shape {got.shape}), "
                              f"want {want.ravel()[:8]}{'...' if want.size > 8 else ''} (shape {want.shape})")

    def _close(self, what, key, got, want):
        """Within the limit of `key`; NaN and infinite entries must sit at the same places with the same values."""
        self.checked.add(key)
        got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
        if got.shape != want.shape:
            self.fails.append(f"{what}: shape {got.shape}, want {want.shape}")
            return
        finite = np.isfinite(want)
        if not np.array_equal(finite, np.isfinite(got)) or not np.array_equal(got[~finite], want[~finite],
                                                                               equal_nan=True):
            self.fails.append(f"{what}: NaN/inf positions differ")
            return
        err = float(np.max(np.abs(got[finite] - want[finite]))) if finite.any() else 0.0
        self.max_err[key] = max(self.max_err[key], err)
        if not err <= self.limits[key]:
            self.fails.append(f"{what}: differs by {err:.3g} (limit {self.limits[key]:g})")

    def check_flags(self, t, burst_steps_at_enter, max_global_slope):
        self._exact(f"step {t} burst_steps_at_enter", burst_steps_at_enter, self.a["step_burst_steps_at_enter"][t])
        self._close(f"step {t} max_global_slope", "max_global_slope", max_global_slope,
                    self.a["step_max_global_slope"][t])

    def check_object(self, t, o, got):
        """`got` holds the object's state after step t: count, locations, evidence, and any of rotations, ages, slopes,
        tracker_buffer, retained (mask over the previous hypotheses), num_retained, num_new, new_node_ids."""
        where = f"step {t} object {o}"
        self._exact(f"{where} count", got["count"], self.a[f"obj{o}_count"][t])
        if got["count"] != self.a[f"obj{o}_count"][t]:
            return  # the rows cannot be compared
        for name in ("num_retained", "num_new"):
            if name in got:
                self._exact(f"{where} {name}", got[name], self.a[f"obj{o}_{name}"][t])
        if "retained" in got:
            self._exact(f"{where} retained", got["retained"], self._seg(o, "retained", t, "retained_offsets"))
        if "new_node_ids" in got:
            self._exact(f"{where} new_node_ids", got["new_node_ids"], self._seg(o, "new_node_ids", t,
                                                                                "new_node_offsets"))
        if "ages" in got:
            self._exact(f"{where} ages", got["ages"], self._seg(o, "ages", t))
        for name in ("locations", "rotations", "evidence", "slopes", "tracker_buffer"):
            if name in got:
                self._close(f"{where} {name}", name, got[name], self._seg(o, name, t))

    def finish(self):
        """Prints the largest errors; exits (refusing to time) on any failure."""
        errs = ", ".join(f"{k} {v:.2g}" for k, v in self.max_err.items() if k in self.checked)
        exact = sorted({k.split()[-1] for k in self.checked if k not in self.max_err})
        print(f"[{self.label}] golden {GOLDEN_CASE}: {'ok' if not self.fails else 'FAILED'}; max abs errors: {errs}; "
              f"equal: {', '.join(exact)}", file=sys.stderr)
        if self.fails:
            print("\n".join(self.fails[:40]) + (f"\n... {len(self.fails) - 40} more" if len(self.fails) > 40 else ""),
                  file=sys.stderr)
            sys.exit(f"[{self.label}] does not reproduce {GOLDEN_CASE}; refusing to time")
        return {k: v for k, v in self.max_err.items() if k in self.checked}


# ---- results --------------------------------------------------------------------------------------------------------

def result_row(name, lms, objects, n, k, variant, ms, steps_timed, warmup, hyps_mean, hyps_max, note="", **extra):
    """monty_step_common's row (H = mean hypotheses per object, rounded: the burst updater's H varies per step) with
    the burst statistics added."""
    row = step_common.result_row(name, lms, objects, n, int(round(hyps_mean)), k, variant, ms, steps_timed, note)
    row.update({"steps_timed": steps_timed, "warmup_steps": warmup, "hyps_per_object_mean": hyps_mean,
                "hyps_per_object_max": int(hyps_max)})
    row.update(extra)
    return row


def fmt_row(r):
    return step_common.fmt_row(r) + f"  H mean {r['hyps_per_object_mean']:.0f} max {r['hyps_per_object_max']}"


def write_json(path, tool, device, dtype, results, extra=None):
    doc = {"updater": "burst"}
    doc.update(extra or {})
    step_common.write_json(path, tool, device, dtype, results, doc)


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if v else None


golden_dir = step_common.golden_dir
