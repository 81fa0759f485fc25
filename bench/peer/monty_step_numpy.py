# NumPy baseline of one Monty evidence step over a batch of (LM, object) pairs (monty_hypothesis_ops.md §4-5.8):
# displacement, rotated sensed frame, exact Euclidean K-NN, custom distance and radius mask, pose evidence (normal and
# pfd-gated curvature terms), gathered phi, masked max over K, threshold selection and the past/present update.
# Verifies itself on the golden cases in float64, then times the scenarios of bench/monty_step and writes JSON.
#
# usage: python3 bench/peer/monty_step_numpy.py OUT.json [--series] [--quick] [--dtype float32|float64]
#            [--golden DIR] [--knn brute|kdtree|both]
# K-NN "brute": squared distances to all nodes from one matmul (|l|^2 - 2 l.P + |P|^2), argpartition, then a sort
# of the K survivors; objects are processed in chunks that keep the distance block under ~256 MB.
# K-NN "kdtree": scipy.spatial.cKDTree per object, as Monty itself does (only when scipy is importable).
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monty_step_common as common  # noqa: E402


def knn_brute(P, l, k):
    """Exact K nearest of every l among P, ascending distance, ties to the lower node index. (B,H,K) int64."""
    b, h, _ = l.shape
    n = P.shape[1]
    ids = np.empty((b, h, k), np.int64)
    per_object = h * n * l.dtype.itemsize * 3
    step = common.chunk_size(b, per_object, 256 << 20)
    for s in range(0, b, step):
        Pc, lc = P[s:s + step], l[s:s + step]
        d2 = np.matmul(lc, Pc.transpose(0, 2, 1))
        d2 *= -2
        d2 += np.einsum("bhi,bhi->bh", lc, lc)[..., None]
        d2 += np.einsum("bni,bni->bn", Pc, Pc)[:, None, :]
        if k < n:
            cand = np.argpartition(d2, k - 1, axis=-1)[..., :k]
        else:
            cand = np.broadcast_to(np.arange(n), d2.shape).copy()
        cand.sort(axis=-1)  # index order first, so the stable sort below breaks ties to the lower index
        vals = np.take_along_axis(d2, cand, -1)
        order = np.argsort(vals, axis=-1, kind="stable")
        ids[s:s + step] = np.take_along_axis(cand, order, -1)
    return ids


def knn_kdtree(P, l, k):
    from scipy.spatial import cKDTree

    b, h, _ = l.shape
    ids = np.empty((b, h, k), np.int64)
    for i in range(b):
        _, idx = cKDTree(P[i], leafsize=40).query(l[i], k=k, p=2, workers=1)
        ids[i] = idx.reshape(h, k)
    return ids


def node_feature_evidence(X, q, params):
    """phi (B, N): weighted mean over columns of max(tau - diff, 0) / tau; the hue column is circular."""
    diff = np.abs(X - q[:, None, :])
    circ = params.circular
    if circ.any():
        dc = diff[..., circ]
        diff[..., circ] = np.minimum(np.minimum(np.abs(1 + X[..., circ] - q[:, None, circ]), dc),
                                     np.abs(X[..., circ] - q[:, None, circ] - 1))
    tau = params.tolerances.astype(X.dtype)
    psi = np.maximum(tau - diff, 0) / tau
    w = params.weights.astype(X.dtype)
    return (psi @ w) / w.sum() * params.increment


def step(batch, params, knn=knn_brute):
    P, V, U, X = batch["P"], batch["V"], batch["U"], batch["X"]
    l, R, e = batch["l"], batch["R"], batch["e"]
    S, pfd, q, kappa, d = batch["S"], batch["pfd"], batch["q"], batch["kappa"], batch["d"]
    dt = P.dtype
    k = min(params.k, P.shape[1])

    loc = l + np.einsum("bhij,bj->bhi", R, d)
    tested = e >= batch["threshold"][:, None]
    normal = np.einsum("bhij,bj->bhi", R, S[:, 0])
    curv = np.einsum("bhij,bj->bhi", R, S[:, 1])

    nn = knn(P, loc, k)
    bidx = np.arange(P.shape[0])[:, None, None]
    delta = P[bidx, nn] - loc[:, :, None, :]
    off_plane = np.abs(np.einsum("bhki,bhi->bhk", delta, normal))
    flat = (1 / (np.abs(kappa) + 0.5)).astype(dt)[:, None, None]
    custom = np.sqrt(np.einsum("bhki,bhki->bhk", delta, delta)) + off_plane * flat
    mask = custom >= params.mmd

    Vn = V[bidx, nn]  # (B,H,K,9)
    alpha = np.arccos(np.clip(np.einsum("bhki,bhi->bhk", Vn[..., 0:3], normal), -1, 1))
    pose = (0.5 - np.sin(alpha / 2)) * params.w_normal
    beta = np.arccos(np.clip(np.einsum("bhki,bhi->bhk", Vn[..., 3:6], curv), -1, 1))
    eps = np.pi / 2 - np.abs(beta - np.pi / 2)
    gate = U[bidx, nn] & pfd[:, None, None]
    pose = pose + np.where(gate, (0.5 - np.sin(eps)) * params.w_curv, 0)

    phi = node_feature_evidence(X, q, params)
    neighbour = np.where(mask, -1.0, pose) + np.where(mask, 0.0, phi[bidx, nn])
    nu = neighbour.max(-1)

    mu = np.maximum(np.where(tested, nu, np.inf).min(-1), 0)
    add = np.where(tested, nu, mu[:, None])
    any_tested = tested.any(-1)[:, None]
    evidence = np.where(any_tested, e * params.past + add * params.present, e)
    return dict(locations=loc, tested=tested, nn_ids=nn, custom_distances=custom, mask=mask, pose_evidence=pose,
                phi=phi, nu=nu, evidence_add=add, evidence=evidence)


def to_numpy(batch, dtype):
    return {k: (v.astype(dtype) if v.dtype.kind == "f" else v) for k, v in batch.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--series", action="store_true", help="also time the LM and hypothesis scaling series")
    ap.add_argument("--quick", action="store_true", help="few repetitions (smoke run)")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--golden", default=None)
    ap.add_argument("--knn", default="both", choices=["brute", "kdtree", "both"])
    ap.add_argument("--only", default=None, help="comma-separated scenario names to time")
    ap.add_argument("--budget", type=float, default=30.0, help="seconds of timing per scenario at most")
    args = ap.parse_args()

    golden = common.golden_dir(args.golden)
    variants = []
    if args.knn in ("brute", "both"):
        variants.append(("numpy", knn_brute))
    if args.knn in ("kdtree", "both"):
        try:
            import scipy.spatial  # noqa: F401

            variants.append(("numpy_scipy_kdtree", knn_kdtree))
        except ImportError:
            print("scipy not importable: skipping the KD-tree variant", file=sys.stderr)
    for label, knn in variants:
        common.verify_golden(lambda b, p, knn=knn: step(b, p, knn), to_numpy, np.asarray, golden, label)

    dtype = np.float32 if args.dtype == "float32" else np.float64
    reps, warmup = (3, 1) if args.quick else (10, 2)
    only = set(args.only.split(",")) if args.only else None
    results = []
    for name, lms, objects, n, h, k in common.scenarios(args.series):
        if only and name not in only:
            continue
        batch = common.stacked_batch(lms, objects, n, h, seed=7, dtype=dtype)
        params = common.Params(k)
        for label, knn in variants:
            ms, done = common.median_ms(lambda: step(batch, params, knn), lambda: None, reps, warmup, args.budget)
            row = common.result_row(name, lms, objects, n, h, k, label, ms, done, "1 thread of BLAS" if
                                    os.environ.get("OMP_NUM_THREADS") == "1" else "")
            results.append(row)
            print(common.fmt_row(row), file=sys.stderr, flush=True)
    common.write_json(args.out, "numpy", "CPU", args.dtype, results)


if __name__ == "__main__":
    main()
