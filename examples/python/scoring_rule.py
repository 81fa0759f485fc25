# A new scoring rule for a learning module, written from Python as lmc tensor expressions and checked against a
# plain NumPy loop: what a Monty researcher writes to try an idea. Usage: scoring_rule.py [H] [N] [K] [CPU|CUDA]
"""Normal-agreement evidence for pose hypotheses.

Each of H hypotheses is a rotation R_h and a location l_h of the sensed object. The sensor moved by `d` and now sees
a surface normal `n` (both in the sensor's frame). Under hypothesis h the sensor should be at p_h = l_h + R_h d and
see the normal R_h n. The rule: among the K model nodes nearest p_h, take the best

    score = exp(-|p_h - x_j|^2 / (2 sigma^2)) * (1 + (R_h n) . normal_j) / 2

(close to a node whose surface faces the same way). topk keeps only the K nearest distances per hypothesis, so the
H x N distance matrix feeds the selection directly and is never written to memory.
"""
import sys
import time

import numpy as np

import lmc


def random_rotations(rng, h):
    q = rng.normal(size=(h, 4))
    w, x, y, z = (q / np.linalg.norm(q, axis=1, keepdims=True)).T
    return np.stack([
        np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)], -1),
        np.stack([2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)], -1),
        np.stack([2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)], -1),
    ], 1)


def score_lmc(rot, loc, nodes, normals, d, n, k, sigma):
    """The rule as tensor expressions: nothing runs until the result is read."""
    h, m = rot.shape[0], nodes.shape[0]
    predicted = loc + (rot @ d.reshape(3, 1)).reshape(h, 3)  # (H, 3): where the sensor should be
    seen = (rot @ n.reshape(3, 1)).reshape(h, 3)  # (H, 3): the normal it should see
    dist2 = ((predicted.reshape(h, 1, 3) - nodes.reshape(1, m, 3)) ** 2).sum(-1)  # (H, N), never materialized
    near2, index = dist2.topk(k, largest=False)  # (H, K) each: one kernel with the distances
    node_normals = normals.index_select(0, index.flatten()).reshape(h, k, 3)
    agreement = (1.0 + (node_normals * seen.reshape(h, 1, 3)).sum(-1)) * 0.5
    return ((near2 * (-0.5 / sigma**2)).exp() * agreement).max(-1)


def score_numpy_loop(rot, loc, nodes, normals, d, n, k, sigma):
    """The same rule, one hypothesis at a time, in float64."""
    out = np.empty(len(rot))
    for h in range(len(rot)):
        p = loc[h] + rot[h] @ d
        seen = rot[h] @ n
        dist2 = ((nodes - p) ** 2).sum(-1)
        nearest = np.argsort(dist2, kind="stable")[:k]
        out[h] = max(np.exp(-dist2[j] / (2 * sigma**2)) * (1 + seen @ normals[j]) / 2 for j in nearest)
    return out


def main():
    H = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    K = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    device = sys.argv[4] if len(sys.argv) > 4 else None
    rng = np.random.default_rng(7)
    rot = random_rotations(rng, H)
    loc = rng.uniform(-0.05, 0.05, size=(H, 3))
    nodes = rng.uniform(-0.05, 0.05, size=(N, 3))
    normals = rng.normal(size=(N, 3))
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    d = np.array([0.004, -0.002, 0.003])
    n = np.array([0.0, 0.6, 0.8])
    sigma = 0.01

    start = time.perf_counter()
    args = [lmc.from_numpy(a, device=device) for a in (rot, loc, nodes, normals, d, n)]
    got = score_lmc(*args, K, sigma).numpy()  # float64 in, float64 out: runs here
    ms = (time.perf_counter() - start) * 1e3
    want = score_numpy_loop(rot, loc, nodes, normals, d, n, K, sigma)
    err = np.abs(got - want).max()
    print(f"scoring_rule: H={H} N={N} K={K} on {args[0].device}: {ms:.1f} ms (first run, includes compiling)")
    print(f"  score[0..3] = {np.array2string(got[:4], precision=5)}")
    print(f"  max |lmc - NumPy loop| = {err:.2e}")
    ok = got.shape == want.shape and err < 1e-9
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
