# PyTorch baseline of Monty's burst-sampling updater step (BurstSamplingHypothesesUpdater, monty_hypothesis_ops.md
# §3.4, §4-§6) for L LMs x O objects at once, the GPU peer of lmc's burst updater: slope tracker, per-LM burst
# trigger, retain mask and stable compaction, top-k sampling of new hypotheses and the evidence step of the retained
# ones, all batched over every (LM, object) slot with no Python loop over hypotheses, LMs or objects. Two variants,
# eager and torch.compile. Each first replays the golden burst episode in float64 on the device and refuses to time
# unless it matches; then it times synthetic episodes (monty_burst_common) and writes JSON.
#
# usage: python3 bench/peer/monty_burst_torch.py [--json FILE] [--device cuda|cpu] [--dtype float32|float64]
#            [--scenarios S1,S2,S3] [--series] [--tiny] [--variants eager,compile] [--steps 40] [--warmup 3]
#            [--budget SECONDS] [--capacity ROWS] [--dist-gb 16] [--golden DIR] [--save-episode PREFIX]
#
# Episodes (monty_burst_common.synthetic_episode): monty_step_common's sphere objects; each LM's sensor walks over
# object 0 for the first half of --steps, then over object 1, so the episode has the initial 5-step burst (growth to
# 2N per object), mass deletion after the change of object and a second burst. Per scenario and variant: --warmup
# untimed steps, then every step's wall time (CUDA-synchronised, the whole step) until --steps or --budget seconds.
# JSON: monty_step_torch.py's shape plus "updater": "burst"; the top-level "tool" is torch-eager or torch-compile
# when one variant ran, else torch; each row names its variant and tool and adds steps_timed, warmup_steps,
# hyps_per_object_mean/max (over the timed steps; "H" is the rounded mean), capacity and step_ms (every step).
#
# Layout: slot b = lm * O + o holds that (LM, object)'s hypotheses in rows [0, count_b) of fixed-capacity arrays
# (C rows plus one scratch row that masked-out scatters write to), with its tracker window (W = 10, oldest first) and
# ages beside them. A step is three device functions: `begin_step` (slopes, burst trigger, retain, compaction,
# displacement, sampling of new rows; fixed shapes), `score_retained` (K-NN and evidence of the retained rows; run on
# the first `hw` rows only, hw = the largest retained count rounded up to 256, the one host sync of a step) and
# `end_step` (tracker window and ages, burst countdown). The K-NN is brute force over the object's N nodes in chunks
# of slots that keep the (slots, hw, N) distance block under --dist-gb.
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monty_burst_common as common  # noqa: E402

try:
    import torch
except ImportError:  # the script still parses and --help works where torch is missing
    torch = None

WORK_ROWS_STEP = 256  # the evidence step's row count is rounded up to this, so compiled shapes repeat
FAR = 1e6  # padding nodes (objects with fewer nodes than the largest) sit this far away: never a neighbour


# ---- resident data --------------------------------------------------------------------------------------------------

class Models:
    """Per-object node data on the device, padded to the largest N, and the slot -> (LM, object) maps."""

    def __init__(self, models, lms, params, dev, dtype):
        o_count = len(models)
        sizes = [m["P"].shape[0] for m in models]
        n = max(sizes)
        assert min(sizes) >= params.k, "every object needs at least K nodes"
        P = np.full((o_count, n, 3), FAR)
        V = np.zeros((o_count, n, 9))
        U = np.zeros((o_count, n), bool)
        X = np.zeros((o_count, n, models[0]["X"].shape[1]))
        real = np.zeros((o_count, n), bool)
        for o, m in enumerate(models):
            s = sizes[o]
            P[o, :s], V[o, :s], U[o, :s], X[o, :s], real[o, :s] = m["P"], m["V"], m["U"], m["X"], True
        f = lambda a: torch.from_numpy(a).to(dev, dtype)  # noqa: E731
        self.lms, self.objects, self.n, self.slots = lms, o_count, n, lms * o_count
        slot = torch.arange(self.slots, device=dev)
        self.obj_of_slot, self.lm_of_slot = slot % o_count, slot // o_count
        self.P_flat, self.V_flat = f(P).reshape(-1, 3), f(V).reshape(-1, 9)
        self.U_flat = torch.from_numpy(U).to(dev).reshape(-1)
        self.X, self.real = f(X), torch.from_numpy(real).to(dev)
        # The K-NN's matmul wants each slot's nodes as one (N, 3) block: made once per episode.
        self.P_slot = f(P)[self.obj_of_slot]
        self.P2_slot = (self.P_slot * self.P_slot).sum(-1)
        # New hypotheses per object on a burst step, for a fully defined sensed pose (2 per node) and for an
        # umbilical one (umbilical_poses per node); known on the host, so the sampled block has a fixed width.
        umb = params.umbilical_poses
        c2 = [common.sample_count(s, 2, params.multiplier) for s in sizes]
        cu = [common.sample_count(s, umb, params.multiplier) for s in sizes]
        self.count_pfd = torch.tensor(c2, device=dev)[self.obj_of_slot]
        self.count_umb = torch.tensor(cu, device=dev)[self.obj_of_slot]
        self.max_new = max(c2 + cu)
        self.max_nodes = max([c // 2 for c in c2] + [c // umb for c in cu])
        # In-plane angles of the umbilical frames, from numpy as Monty forms them (linspace over a full turn).
        angles = np.linspace(0, 2 * np.pi, umb + 1)[:-1]
        self.cos, self.sin = f(np.cos(angles)), f(np.sin(angles))
        self.tau = f(params.tolerances)
        self.w = f(params.weights)
        self.circular = torch.from_numpy(params.circular).to(dev)


# ---- pieces of the step ---------------------------------------------------------------------------------------------

def tracker_slopes(window):
    """Mean of the finite differences along each row's evidence window (oldest first); NaN with none. The channel
    count per step is 1 in every benchmark, so the per-channel normalisation of §6.3 divides by 1 and is left out."""
    diffs = window[..., 1:] - window[..., :-1]
    valid = ~torch.isnan(diffs)
    return torch.where(valid, diffs, torch.zeros_like(diffs)).sum(-1) / valid.sum(-1)


def node_feature_evidence(m, q, params):
    """phi (B, N) for every slot: weighted mean of max(tau - diff, 0) / tau over the feature columns, hue circular
    (§5.6); -inf on padding nodes so they are never sampled."""
    raw = m.X[None] - q[:, None, None, :]  # (L, O, N, F)
    circ = torch.minimum(torch.minimum((1 + raw).abs(), raw.abs()), (raw - 1).abs())
    diff = torch.where(m.circular, circ, raw.abs())
    psi = (m.tau - diff).clamp_min(0) / m.tau
    phi = (psi * m.w).sum(-1) / m.w.sum() * params.increment
    phi = torch.where(m.real[None], phi, torch.full_like(phi, -float("inf")))
    return phi.reshape(m.slots, m.n)


def sensed_frames(m, S, pfd):
    """The sensed frames new hypotheses are built from (§3.1), (L, umbilical_poses, 3, 3): a fully defined pose gives
    S and S with c1, c2 negated (slots 2.. unused); an umbilical one gives frames [n; v_j; n x v_j] with v_j turned
    in the tangent plane."""
    n, c1, c2 = S[:, 0], S[:, 1], S[:, 2]
    v = m.cos[None, :, None] * c1[:, None] + m.sin[None, :, None] * c2[:, None]  # (L, 8, 3)
    umbilical = torch.stack([n[:, None].expand_as(v), v, torch.cross(n[:, None].expand_as(v), v, dim=-1)], -2)
    flip = torch.ones(3, 1, dtype=S.dtype, device=S.device)
    flip[1:] = -1
    pair = torch.stack([S, S * flip], 1)  # (L, 2, 3, 3)
    pair = torch.cat([pair, pair[:, :1].expand(-1, umbilical.shape[1] - 2, -1, -1)], 1)
    return torch.where(pfd[:, None, None, None], pair, umbilical)


def make_begin_step(m, params, capacity):
    """Steps 6.1-6.2.4 for every slot at once: burst trigger per LM, retain mask, stable compaction of the retained
    rows (displaced by R d on the way), and the new rows appended after them."""
    C, L, O = capacity, m.lms, m.objects
    rows = torch.arange(C + 1, device=m.P_flat.device)
    new_rows = torch.arange(m.max_new, device=rows.device)
    node_rank = torch.arange(m.max_nodes, device=rows.device)

    def begin_step(loc, rot, ev, window, age, count, burst, S, pfd, q, d):
        live = rows < count[:, None]
        slope = tracker_slopes(window)

        # Burst trigger: the largest finite slope over the LM's objects, -inf when there is none.
        finite = live & torch.isfinite(slope)
        best = torch.where(finite, slope, torch.full_like(slope, -float("inf"))).amax(1).view(L, O).amax(1)
        start = (best <= params.burst_trigger) & (burst == 0)  # no burst running and no object rising fast
        burst = torch.where(start, torch.full_like(burst, params.burst_duration), burst)
        sampling = (burst > 0)[m.lm_of_slot]

        # Retain (NaN slopes compare False) and compact stably: the j-th retained row goes to row j.
        retain = live & ((slope >= params.deletion_slope) | (age < params.min_age))
        num_retained = retain.sum(1)
        dest = torch.where(retain, retain.cumsum(1) - 1, torch.full_like(rows, C)[None])
        src = torch.zeros_like(dest).scatter_(1, dest, rows.expand_as(dest))
        loc = loc.gather(1, src[..., None].expand(-1, -1, 3))
        rot = rot.gather(1, src[..., None, None].expand(-1, -1, 3, 3))
        ev, age = ev.gather(1, src), age.gather(1, src)
        window = window.gather(1, src[..., None].expand_as(window))
        loc = loc + torch.einsum("bhij,bj->bhi", rot, d[m.lm_of_slot])  # path integration; d is 0 on step 0

        # New rows: the k top-phi nodes (stable ascending order, ties to the higher node index, NaN highest), each
        # with every sensed frame, variant-major, after the retained rows.
        phi = node_feature_evidence(m, q, params)
        pfd_slot = pfd[m.lm_of_slot]
        variants = torch.where(pfd_slot, 2, params.umbilical_poses)
        new_count = torch.where(pfd_slot, m.count_pfd, m.count_umb) * sampling
        k = (new_count // variants).clamp_min(1)
        order = torch.sort(phi, dim=1, stable=True).indices
        top = order.gather(1, ((m.n - k)[:, None] + node_rank).clamp_max(m.n - 1))
        node = top.gather(1, new_rows % k[:, None])
        frame = (new_rows // k[:, None]).clamp_max(params.umbilical_poses - 1)
        frames = sensed_frames(m, S, pfd)[m.lm_of_slot[:, None], frame]  # (B, max_new, 3, 3)
        flat = m.obj_of_slot[:, None] * m.n + node
        new_rot = m.V_flat[flat].view(m.slots, m.max_new, 3, 3).transpose(-1, -2) @ frames  # M^T S_j
        at = num_retained[:, None] + new_rows
        wanted = new_rows < new_count[:, None]
        overflow = (wanted & (at >= C)).any()
        at = torch.where(wanted & (at < C), at, torch.full_like(at, C))
        # In place: these arrays are the fresh results of the compaction's gathers.
        loc.scatter_(1, at[..., None].expand(-1, -1, 3), m.P_flat[flat])
        rot.scatter_(1, at[..., None, None].expand(-1, -1, 3, 3), new_rot)
        ev.scatter_(1, at, phi.gather(1, node))
        window.scatter_(1, at[..., None].expand(-1, -1, window.shape[-1]),
                        torch.full((m.slots, m.max_new, window.shape[-1]), float("nan"), dtype=window.dtype,
                                   device=window.device))
        age.scatter_(1, at, torch.zeros_like(at, dtype=age.dtype))
        count = torch.clamp_max(num_retained + new_count, C)
        diag = dict(retain=retain, num_retained=num_retained, num_new=new_count, top=top, k=k, burst=burst, best=best,
                    overflow=overflow)
        return loc, rot, ev, window, age, count, burst, phi, diag

    return begin_step


def make_score_retained(m, params):
    """The evidence step (§5) for rows [0, hw) of a chunk of slots; rows at or past the slot's retained count (new
    rows, empty rows) keep their evidence."""
    half_pi = float(np.pi / 2)

    def score_retained(P_slot, P2_slot, obj, loc, rot, ev, num_retained, phi, S, pfd, kappa):
        hw = loc.shape[1]
        normal = torch.einsum("bhij,bj->bhi", rot, S[:, 0])  # R n_s
        curv = torch.einsum("bhij,bj->bhi", rot, S[:, 1])  # R c1_s
        # Exact Euclidean K-NN by brute force: |P|^2 - 2 l.P from one batched matmul ranks a row's nodes as the squared
        # distance does (|l|^2 is the same for the whole row, so it is left out); the K survivors need no order since
        # the evidence is a max over them.
        d2 = torch.baddbmm(P2_slot[:, None, :], loc, P_slot.transpose(1, 2), alpha=-2)
        nn = d2.topk(params.k, dim=-1, largest=False, sorted=False).indices
        flat = obj[:, None, None] * m.n + nn
        delta = m.P_flat[flat] - loc[:, :, None, :]
        off_plane = torch.einsum("bhki,bhi->bhk", delta, normal).abs()
        custom = delta.norm(dim=-1) + off_plane * (1.0 / (kappa.abs() + 0.5))[:, None, None]
        mask = custom >= params.mmd

        Vn = m.V_flat[flat]
        alpha = torch.arccos(torch.einsum("bhki,bhi->bhk", Vn[..., 0:3], normal).clamp(-1.0, 1.0))
        pose = (0.5 - torch.sin(alpha / 2)) * params.w_normal
        beta = torch.arccos(torch.einsum("bhki,bhi->bhk", Vn[..., 3:6], curv).clamp(-1.0, 1.0))
        eps = half_pi - (beta - half_pi).abs()
        gate = m.U_flat[flat] & pfd[:, None, None]  # curvature term only where sensed and stored pose are defined
        pose = pose + torch.where(gate, (0.5 - torch.sin(eps)) * params.w_curv, torch.zeros_like(eps))

        neighbour = pose.masked_fill(mask, -1.0) + phi.gather(1, nn.view(nn.shape[0], -1)).view_as(nn).masked_fill(
            mask, 0.0)
        nu = neighbour.amax(-1)
        scored = torch.arange(hw, device=loc.device)[None] < num_retained[:, None]
        return torch.where(scored, ev * params.past + nu * params.present, ev)

    return score_retained


def end_step(ev, window, age, burst):
    """Tracker update (§6.2.7): shift each row's window left, write its evidence last, age every row; then the burst
    countdown of the LM's context exit."""
    window = torch.cat([window[..., 1:], ev[..., None]], -1)
    return window, age + 1, burst - (burst > 0).to(burst.dtype)


# ---- the engine -----------------------------------------------------------------------------------------------------

class BurstEngine:
    """One episode's state on the device and the step that advances it."""

    def __init__(self, models, walk, params, dev, dtype, capacity, compiled, dist_budget):
        self.params, self.dev, self.dtype, self.capacity = params, dev, dtype, capacity
        self.m = Models(models, walk["S"].shape[1], params, dev, dtype)
        f = lambda a: torch.from_numpy(np.ascontiguousarray(a)).to(dev, dtype)  # noqa: E731
        self.walk = dict(S=f(walk["S"]), pfd=torch.from_numpy(walk["pfd"]).to(dev), q=f(walk["q"]),
                         kappa=f(walk["kappa"]), d=f(walk["d"]))
        self.begin = make_begin_step(self.m, params, capacity)
        self.score = make_score_retained(self.m, params)
        self.end = end_step
        if compiled:
            self.begin = torch.compile(self.begin, dynamic=False)
            self.score = torch.compile(self.score, dynamic=True)  # hw changes from step to step
            self.end = torch.compile(self.end, dynamic=False)
        self.dist_budget = dist_budget
        self.reset()

    def reset(self):
        B, C, W, dt, dev = self.m.slots, self.capacity, self.params.window, self.dtype, self.dev
        self.loc = torch.zeros(B, C + 1, 3, dtype=dt, device=dev)
        self.rot = torch.zeros(B, C + 1, 3, 3, dtype=dt, device=dev)
        self.ev = torch.zeros(B, C + 1, dtype=dt, device=dev)
        self.window = torch.full((B, C + 1, W), float("nan"), dtype=dt, device=dev)
        self.age = torch.zeros(B, C + 1, dtype=torch.int32, device=dev)
        self.count = torch.zeros(B, dtype=torch.int64, device=dev)
        self.burst = torch.zeros(self.m.lms, dtype=torch.int64, device=dev)
        self.reset_stats()

    def reset_stats(self):
        self.hyp_sum = torch.zeros((), dtype=torch.float64, device=self.dev)
        self.hyp_max = torch.zeros((), dtype=torch.int64, device=self.dev)
        self.overflow = torch.zeros((), dtype=torch.bool, device=self.dev)
        self.burst_steps = torch.zeros((), dtype=torch.int64, device=self.dev)
        self.stat_steps = 0

    def chunk_slots(self, hw):
        """Largest divisor of the slot count whose (slots, hw, N) distance block fits the budget: equal chunks."""
        b = self.m.slots
        per_slot = hw * self.m.n * torch.finfo(self.dtype).bits // 8
        limit = max(1, int(self.dist_budget // max(1, per_slot)))
        return max(c for c in range(1, b + 1) if b % c == 0 and c <= limit)

    def step(self, t):
        w, m = self.walk, self.m
        S, pfd, q, kappa, d = w["S"][t], w["pfd"][t], w["q"][t], w["kappa"][t], w["d"][t]
        (self.loc, self.rot, ev, window, age, self.count, burst, phi, diag) = self.begin(
            self.loc, self.rot, self.ev, self.window, self.age, self.count, self.burst, S, pfd, q, d)
        # The one host sync: how many rows hold retained hypotheses in the fullest slot.
        hw = int(diag["num_retained"].max())
        if hw:
            hw = min(self.capacity, -(-hw // WORK_ROWS_STEP) * WORK_ROWS_STEP)
            chunk = self.chunk_slots(hw)
            S_slot, pfd_slot, kappa_slot = S[m.lm_of_slot], pfd[m.lm_of_slot], kappa[m.lm_of_slot]
            parts = []
            for s in range(0, m.slots, chunk):
                c = slice(s, s + chunk)
                parts.append(self.score(m.P_slot[c], m.P2_slot[c], m.obj_of_slot[c], self.loc[c, :hw],
                                        self.rot[c, :hw], ev[c, :hw], diag["num_retained"][c], phi[c], S_slot[c],
                                        pfd_slot[c], kappa_slot[c]))
            ev = torch.cat([torch.cat(parts, 0) if len(parts) > 1 else parts[0], ev[:, hw:]], 1)
        self.ev = ev
        self.window, self.age, self.burst = self.end(ev, window, age, burst)
        self.hyp_sum += self.count.sum()
        self.hyp_max = torch.maximum(self.hyp_max, self.count.max())
        self.overflow |= diag["overflow"]
        self.burst_steps += (diag["burst"] > 0).any()
        self.stat_steps += 1
        return diag

    def stats(self):
        if bool(self.overflow):
            sys.exit(f"a slot needed more than --capacity {self.capacity} rows; rerun with a larger --capacity")
        mean = float(self.hyp_sum) / max(1, self.stat_steps * self.m.slots)
        return mean, int(self.hyp_max), int(self.burst_steps)


# ---- golden verification --------------------------------------------------------------------------------------------

def verify_golden(golden, dev, compiled, label, dist_budget):
    """Replays the golden burst episode in float64 (free running, 24 steps) and compares every step and object; exits
    when anything differs."""
    models, walk, params, meta, arrays = common.golden_episode(golden)
    capacity = max(int(arrays[f"obj{o}_count"].max()) for o in range(len(models))) + 256
    eng = BurstEngine(models, walk, params, dev, torch.float64, capacity, compiled, dist_budget)
    check = common.EpisodeChecker(meta, arrays, label)
    prev_count = np.zeros(len(models), np.int64)
    for t in range(walk["S"].shape[0]):
        diag = eng.step(t)
        check.check_flags(t, int(diag["burst"][0]), float(diag["best"][0]))
        window = eng.window.cpu().numpy()
        slopes = tracker_slopes(eng.window).cpu().numpy()
        for o in range(len(models)):
            n = int(eng.count[o])
            k, new = int(diag["k"][o]), int(diag["num_new"][o])
            check.check_object(t, o, dict(
                count=n, num_retained=int(diag["num_retained"][o]), num_new=new,
                retained=diag["retain"][o, :prev_count[o]].cpu().numpy(),
                new_node_ids=diag["top"][o, :k].cpu().numpy() if new else np.zeros(0, np.int64),
                locations=eng.loc[o, :n].cpu().numpy(), rotations=eng.rot[o, :n].cpu().numpy(),
                evidence=eng.ev[o, :n].cpu().numpy(), ages=eng.age[o, :n].cpu().numpy().astype(np.int64),
                slopes=slopes[o, :n], tracker_buffer=window[o, :n]))
            prev_count[o] = n
    return check.finish()


# ---- timing ---------------------------------------------------------------------------------------------------------

def time_episode(eng, steps, warmup, sync, budget_s):
    """Runs `warmup` untimed steps, then times each later step (CUDA-synchronised wall time of the whole step) until
    `steps` or the budget; returns the per-step times in ms."""
    for t in range(warmup):
        eng.step(t)
    sync()
    eng.reset_stats()
    times, start = [], time.perf_counter()
    for t in range(warmup, steps):
        t0 = time.perf_counter()
        eng.step(t)
        sync()
        times.append((time.perf_counter() - t0) * 1e3)
        if time.perf_counter() - start > budget_s:
            break
    return times


def main():
    ap = argparse.ArgumentParser(description="PyTorch baseline of Monty's burst-sampling updater step")
    ap.add_argument("--json", default=None, help="write the results here")
    ap.add_argument("--device", default=None, help="cuda or cpu (default: cuda when available)")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"], help="timing dtype (the golden "
                    "check always runs in float64)")
    ap.add_argument("--scenarios", default=None, help="comma-separated scenario names (default: all)")
    ap.add_argument("--series", action="store_true", help="also time the LM series 1, 5, 20, 80 LMs x 77 objects")
    ap.add_argument("--tiny", action="store_true", help="smoke run: one tiny scenario, few steps")
    ap.add_argument("--variants", default="eager,compile")
    ap.add_argument("--steps", type=int, default=40, help="episode length (warm-up included)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps at the start of each episode")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds of timed steps per scenario and variant")
    ap.add_argument("--capacity", type=int, default=None, help="rows per (LM, object) slot (default: two full "
                    "bursts, 2 * burst_duration * new rows per burst step)")
    ap.add_argument("--dist-gb", type=float, default=16.0, help="largest K-NN distance block per chunk, GB")
    ap.add_argument("--golden", default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--save-episode", default=None, help="also write each timed episode to FILE.<scenario>.npz")
    args = ap.parse_args()
    if torch is None:
        sys.exit("monty_burst_torch.py: PyTorch is not installed here")
    if args.tiny:
        args.steps, args.warmup = min(args.steps, 12), min(args.warmup, 2)

    dev = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False  # the K-NN matmul must stay float32-exact
        device_name = torch.cuda.get_device_name(dev)

        def sync():
            torch.cuda.synchronize(dev)
    else:
        device_name = "CPU"

        def sync():
            pass

    variants = []
    for v in args.variants.split(","):
        if v == "compile" and not hasattr(torch, "compile"):
            print(f"torch {torch.__version__} has no torch.compile: skipping the compile variant", file=sys.stderr)
            continue
        if v not in ("eager", "compile"):
            sys.exit(f"unknown variant {v}")
        variants.append(v)
    if "compile" in variants:
        import torch._dynamo as dynamo

        dynamo.config.cache_size_limit = 64
    dist_budget = args.dist_gb * (1 << 30)

    golden = common.golden_dir(args.golden)
    verified = {}
    for v in variants:
        verified[v] = verify_golden(golden, dev, v == "compile", f"torch_{v}", dist_budget)

    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    chosen = common.chosen_scenarios(args.scenarios, args.series, args.tiny)
    results = []
    for name, lms, objects, n, k in chosen:
        models, walk = common.synthetic_episode(lms, objects, n, args.steps, args.seed)
        if args.save_episode:
            common.save_episode(f"{args.save_episode}.{name}.npz", models, walk)
        params = common.BurstParams(k)
        max_new = max(common.sample_count(n, v, params.multiplier) for v in (2, params.umbilical_poses))
        capacity = args.capacity or 2 * params.burst_duration * max_new
        for v in variants:
            eng = None
            try:
                eng = BurstEngine(models, walk, params, dev, dtype, capacity, v == "compile", dist_budget)
                times = time_episode(eng, args.steps, args.warmup, sync, args.budget)
                hyp_mean, hyp_max, bursts = eng.stats()
                ms, note = common.median(times), f"burst on {bursts} of {len(times)} timed steps; capacity {capacity}"
            except torch.cuda.OutOfMemoryError if dev.type == "cuda" else MemoryError as err:
                times, ms, hyp_mean, hyp_max = [], None, 0.0, 0
                note = f"out of memory: {str(err).splitlines()[0][:80]}"
            row = common.result_row(name, lms, objects, n, k, f"torch_{v}", ms, len(times), args.warmup, hyp_mean,
                                    hyp_max, note, tool=f"torch-{v}", capacity=capacity,
                                    step_ms=[round(x, 4) for x in times])
            results.append(row)
            print(common.fmt_row(row), file=sys.stderr, flush=True)
            del eng
            if dev.type == "cuda":
                torch.cuda.empty_cache()
    if args.json:
        tool = f"torch-{variants[0]}" if len(variants) == 1 else "torch"
        common.write_json(args.json, tool, device_name, args.dtype, results,
                          {"torch": torch.__version__, "golden_max_errors": verified,
                           "variants": [f"torch_{v}" for v in variants]})


if __name__ == "__main__":
    main()
