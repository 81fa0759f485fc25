# PyTorch baselines of one Monty evidence step over a batch of (LM, object) pairs (monty_hypothesis_ops.md §4-5.8),
# the same math as monty_step_numpy.py: eager with torch.cdist, eager with a squared-difference distance, and
# torch.compile of the whole step with the fused squared-difference distance followed by topk. Each variant first
# reproduces the golden cases in float64 on the device and refuses to time otherwise; then it times the scenarios of
# bench/monty_step on CUDA when available (else CPU) and writes JSON for `monty_step --peer`.
#
# usage: python3 bench/peer/monty_step_torch.py OUT.json [--series] [--quick] [--dtype float32|float64]
#            [--golden DIR] [--variants eager_cdist,eager_sqdiff,compile] [--device cuda|cpu]
# Every variant splits the batch into equal chunks of objects so the (chunk, H, N) distance block stays under
# --dist-gb gigabytes (16 by default); a chunk count of 1 is the usual case for S1-S3 on an 80 GB GPU.
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monty_step_common as common  # noqa: E402

try:
    import torch
except ImportError:  # the script still parses and --help works where torch is missing
    torch = None


# ---- K-NN: (B, H, 3) locations against (B, N, 3) nodes -> (B, H, K) ids, ascending distance ------------------------

def knn_cdist(P, l, k):
    return torch.cdist(l, P).topk(k, dim=-1, largest=False, sorted=True).indices


def knn_sqdiff(P, l, k):
    d2 = ((l[:, :, None, :] - P[:, None, :, :]) ** 2).sum(-1)
    return d2.topk(k, dim=-1, largest=False, sorted=True).indices


# ---- the step -------------------------------------------------------------------------------------------------------

def make_step(params, knn, dev, dtype, full):
    """A function of the batch tensors computing the step; params are baked in as constants. With `full` it returns
    every intermediate the golden cases check, else only what a step produces (new locations and evidence), so the
    compiled variant need not write the intermediates."""
    tau = torch.tensor(params.tolerances, dtype=dtype, device=dev)
    w = torch.tensor(params.weights, dtype=dtype, device=dev)
    circ = torch.tensor(params.circular, dtype=torch.bool, device=dev)
    w_sum = float(params.weights.sum())
    half_pi = float(np.pi / 2)

    def step(P, V, U, X, l, R, e, S, pfd, q, kappa, d, threshold):
        k = min(params.k, P.shape[1])
        loc = l + torch.einsum("bhij,bj->bhi", R, d)
        tested = e >= threshold[:, None]
        normal = torch.einsum("bhij,bj->bhi", R, S[:, 0])
        curv = torch.einsum("bhij,bj->bhi", R, S[:, 1])

        nn = knn(P, loc, k)
        bidx = torch.arange(P.shape[0], device=P.device)[:, None, None]
        delta = P[bidx, nn] - loc[:, :, None, :]
        off_plane = torch.einsum("bhki,bhi->bhk", delta, normal).abs()
        flat = (1.0 / (kappa.abs() + 0.5))[:, None, None]
        custom = torch.einsum("bhki,bhki->bhk", delta, delta).sqrt() + off_plane * flat
        mask = custom >= params.mmd

        Vn = V[bidx, nn]
        alpha = torch.arccos(torch.einsum("bhki,bhi->bhk", Vn[..., 0:3], normal).clamp(-1.0, 1.0))
        pose = (0.5 - torch.sin(alpha / 2)) * params.w_normal
        beta = torch.arccos(torch.einsum("bhki,bhi->bhk", Vn[..., 3:6], curv).clamp(-1.0, 1.0))
        eps = half_pi - (beta - half_pi).abs()
        gate = U[bidx, nn] & pfd[:, None, None]
        pose = pose + ((0.5 - torch.sin(eps)) * params.w_curv) * gate.to(pose.dtype)

        raw = X - q[:, None, :]
        diff = torch.where(circ, torch.minimum(torch.minimum((1 + raw).abs(), raw.abs()), (raw - 1).abs()), raw.abs())
        psi = (tau - diff).clamp_min(0.0) / tau
        phi = (psi * w).sum(-1) / w_sum * params.increment

        neighbour = pose.masked_fill(mask, -1.0) + phi[bidx, nn].masked_fill(mask, 0.0)
        nu = neighbour.max(-1).values

        inf = torch.full_like(nu, float("inf"))
        mu = torch.where(tested, nu, inf).min(-1).values.clamp_min(0.0)
        add = torch.where(tested, nu, mu[:, None])
        any_tested = tested.any(-1)[:, None]
        evidence = torch.where(any_tested, e * params.past + add * params.present, e)
        if not full:
            return dict(locations=loc, evidence=evidence)
        return dict(locations=loc, tested=tested, nn_ids=nn, custom_distances=custom, mask=mask, pose_evidence=pose,
                    phi=phi, nu=nu, evidence_add=add, evidence=evidence)

    return step


ORDER = ("P", "V", "U", "X", "l", "R", "e", "S", "pfd", "q", "kappa", "d", "threshold")


def to_torch(batch, dtype, dev):
    out = {}
    for name in ORDER:
        v = batch[name]
        t = torch.from_numpy(np.ascontiguousarray(v))
        if v.dtype.kind == "f":
            t = t.to(dtype)
        out[name] = t.to(dev)
    return out


def equal_chunks(b, per_object_bytes, budget_bytes):
    """The largest divisor of b whose distance block fits the budget, so every chunk has the same shape (one
    compiled graph)."""
    limit = common.chunk_size(b, per_object_bytes, budget_bytes)
    return max(c for c in range(1, b + 1) if b % c == 0 and c <= limit)


class Variant:
    def __init__(self, name, knn, compiled):
        self.name, self.knn, self.compiled = name, knn, compiled

    def runner(self, params, dev, dtype, b, h, n, dist_budget, full):
        """A callable taking the tensor dict and returning the outputs of every chunk, concatenated, and the chunk
        size it uses."""
        step = make_step(params, self.knn, dev, dtype, full)
        if self.compiled:
            step = torch.compile(step, dynamic=False)
        chunk = equal_chunks(b, h * n * (3 if self.name == "torch_eager_sqdiff" else 1) * torch.finfo(dtype).bits // 8,
                             dist_budget)

        def run(t):
            outs = []
            for s in range(0, b, chunk):
                outs.append(step(*[t[name][s:s + chunk] for name in ORDER]))
            if len(outs) == 1:
                return outs[0]
            return {k: torch.cat([o[k] for o in outs], 0) for k in outs[0]}

        return run, chunk


def main():
    ap = argparse.ArgumentParser(description="PyTorch baselines of Monty's evidence step")
    ap.add_argument("out")
    ap.add_argument("--series", action="store_true", help="also time the LM and hypothesis scaling series")
    ap.add_argument("--quick", action="store_true", help="few repetitions (smoke run)")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--golden", default=None)
    ap.add_argument("--variants", default="eager_cdist,eager_sqdiff,compile")
    ap.add_argument("--device", default=None, help="cuda or cpu (default: cuda when available)")
    ap.add_argument("--only", default=None, help="comma-separated scenario names to time")
    ap.add_argument("--dist-gb", type=float, default=16.0, help="largest distance block per chunk, GB")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds of timing per scenario at most")
    args = ap.parse_args()
    if torch is None:
        sys.exit("monty_step_torch.py: PyTorch is not installed here")

    dev = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False  # cdist uses a matmul: keep it float32-exact
        device_name = torch.cuda.get_device_name(dev)

        def sync():
            torch.cuda.synchronize(dev)
    else:
        device_name = "CPU"

        def sync():
            pass
    import torch._dynamo as dynamo

    dynamo.config.cache_size_limit = 64
    dist_budget = args.dist_gb * (1 << 30)

    all_variants = {
        "eager_cdist": Variant("torch_eager_cdist", knn_cdist, False),
        "eager_sqdiff": Variant("torch_eager_sqdiff", knn_sqdiff, False),
        "compile": Variant("torch_compile", knn_sqdiff, True),
    }
    variants = [all_variants[v] for v in args.variants.split(",")]

    golden = common.golden_dir(args.golden)
    for v in variants:
        def golden_step(batch, params, v=v):
            t = to_torch(batch, torch.float64, dev)
            run, _ = v.runner(params, dev, torch.float64, batch["P"].shape[0], batch["l"].shape[1],
                              batch["P"].shape[1], dist_budget, full=True)
            return run(t)

        common.verify_golden(golden_step, lambda b, dt: b, lambda x: x.detach().cpu().numpy(), golden, v.name)

    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    np_dtype = np.float32 if args.dtype == "float32" else np.float64
    reps, warmup = (5, 2) if args.quick else (50, 5)
    only = set(args.only.split(",")) if args.only else None
    results = []
    for name, lms, objects, n, h, k in common.scenarios(args.series):
        if only and name not in only:
            continue
        one = to_torch(common.synthetic_batch(objects, n, h, seed=7, dtype=np_dtype), dtype, dev)
        t = {key: (val.repeat((lms,) + (1,) * (val.dim() - 1)) if lms > 1 else val) for key, val in one.items()}
        del one
        params = common.Params(k)
        b = lms * objects
        for v in variants:
            try:
                run, chunk = v.runner(params, dev, dtype, b, h, n, dist_budget, full=False)
                ms, done = common.median_ms(lambda: run(t), sync, reps, warmup, args.budget)
                note = f"{b // chunk} chunks of {chunk} objects" if chunk < b else ""
            except torch.cuda.OutOfMemoryError if dev.type == "cuda" else MemoryError as err:
                ms, done, note = None, 0, f"out of memory: {str(err).splitlines()[0][:80]}"
            row = common.result_row(name, lms, objects, n, h, k, v.name, ms, done, note)
            results.append(row)
            print(common.fmt_row(row), file=sys.stderr, flush=True)
            if dev.type == "cuda":
                torch.cuda.empty_cache()
        del t
    common.write_json(args.out, "torch", device_name, args.dtype, results, {"torch": torch.__version__})


if __name__ == "__main__":
    main()
