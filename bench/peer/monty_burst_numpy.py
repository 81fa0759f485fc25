# Monty's own BurstSamplingHypothesesUpdater (imported at run time from the source snapshot, not copied) driven the
# way EvidenceGraphLM drives it, on the synthetic episodes of monty_burst_common: the CPU reference the GPU burst
# updaters are compared with. One core, float64, scipy KDTree K-NN as in Monty; the graph memory is a small object
# with exactly the seven methods the updater calls. --verify first replays the golden burst episode through the same
# code and refuses to time unless counts, evidence and the rest match.
#
# usage: python3 bench/peer/monty_burst_numpy.py [--json FILE] [--scenarios S1,S2,S3] [--series] [--tiny] [--verify]
#            [--steps 40] [--warmup 3] [--budget SECONDS] [--max-lms 5] [--monty-src DIR] [--golden DIR]
# Monty steps its LMs one after another and, without voting, they do not interact: a scenario with more than
# --max-lms LMs runs that many and scales their time to all (the JSON row says so in "lms_run" and its note).
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core, as Monty's benchmark runs
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import monty_burst_common as common  # noqa: E402

STANDINS = os.path.join(HERE, "..", "..", "tests", "python", "monty_support", "standins")  # shared with lmc's tests
MONTY_SRC_DEFAULT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "monty_src", "67b6a35a9", "src"))
EVIDENCE = "tbp.monty.frameworks.models.evidence_matching"


# ---- Monty, imported from the snapshot ------------------------------------------------------------------------------

def import_monty(src):
    """Imports the updater and the Hypotheses class from Monty's source. Third-party modules Monty imports but this
    path never uses come from tests/python/monty_support/standins where missing (appended to sys.path, so real ones
    win). If the LM-level modules graph_memory and learning_module still cannot be imported (their chain reaches most
    of Monty's framework), placeholders stand in for them. Returns (BurstSamplingHypothesesUpdater, Hypotheses, how)."""
    if not os.path.isdir(os.path.join(src, "tbp", "monty")):
        sys.exit(f"no Monty source at {src}: set LMC_MONTY_SRC or --monty-src")
    sys.path.insert(0, src)
    sys.path.append(STANDINS)
    before = set(sys.modules)
    how = "Monty's own modules throughout"
    try:
        from tbp.monty.frameworks.models.evidence_matching import burst_sampling
    except Exception as err:  # noqa: BLE001 - any failure of that chain (ImportError, a stand-in raising) is handled
        for name in set(sys.modules) - before:
            if name.startswith("tbp"):
                del sys.modules[name]  # drop what the failed attempt left half-imported
        import evidence_lm_placeholders as placeholders

        for module in ("graph_memory", "learning_module"):
            sys.modules[f"{EVIDENCE}.{module}"] = placeholders
        how = (f"placeholders for {EVIDENCE}.graph_memory and .learning_module (real import failed: "
               f"{type(err).__name__}: {err}); everything the updater runs is Monty's")
        from tbp.monty.frameworks.models.evidence_matching import burst_sampling
    from tbp.monty.frameworks.models.evidence_matching.hypotheses import Hypotheses

    return burst_sampling.BurstSamplingHypothesesUpdater, Hypotheses, how


# ---- the graph memory the updater reads -----------------------------------------------------------------------------

class ObjectGraph:
    """The one method the displacer calls on a graph: Monty's K-NN query, scipy KDTree(leafsize=40) with p=2 and
    workers=1, the call GridObjectModel.find_nearest_neighbors makes."""

    def __init__(self, locations):
        from scipy.spatial import KDTree

        self.tree = KDTree(locations, leafsize=40)

    def find_nearest_neighbors(self, search_locations, num_neighbors):
        return self.tree.query(search_locations, k=num_neighbors, p=2, workers=1)[1]


class SyntheticGraphMemory:
    """Exactly the seven graph-memory methods BurstSamplingHypothesesUpdater and its displacer and scorer call, over
    fixed per-object arrays (one input channel). Node data come back in the layout a pretrained graph stores them:
    pose vectors (.., 9), pose_fully_defined as a float column (.., 1)."""

    def __init__(self, models):
        self.ids = [f"object_{o}" for o in range(len(models))]
        self.models = dict(zip(self.ids, models))
        self.graphs = {g: ObjectGraph(m["P"]) for g, m in self.models.items()}
        self.pfd_column = {g: m["U"].astype(np.float64)[:, None] for g, m in self.models.items()}

    def get_input_channels_in_graph(self, graph_id):
        return [common.CHANNEL]

    def get_locations_in_graph(self, graph_id, input_channel):
        return self.models[graph_id]["P"]

    def get_rotation_features_at_all_nodes(self, graph_id, input_channel):
        return self.models[graph_id]["V"].reshape(-1, 3, 3)

    def get_graph(self, graph_id, input_channel=None):
        return self.graphs[graph_id]

    def get_features_at_node(self, graph_id, input_channel, node_id, feature_keys=None):
        columns = {"pose_vectors": self.models[graph_id]["V"], "pose_fully_defined": self.pfd_column[graph_id]}
        return {key: columns[key][node_id] for key in feature_keys}

    def get_feature_array(self, graph_id):
        return {common.CHANNEL: self.models[graph_id]["X"]}

    def get_feature_order(self, graph_id):
        return {common.CHANNEL: list(common.FEATURE_ORDER)}


# ---- one LM ---------------------------------------------------------------------------------------------------------

class MontyLM:
    """One LM's hypotheses per object and its burst updater, stepped as EvidenceGraphLM._update_possible_matches does:
    inside one `with updater:` block, for every graph id in order: threshold ("all": the minimum evidence, 0 when
    empty), displace, update_evidence. Objects run one after another (Monty's threads share one core here)."""

    def __init__(self, updater_cls, hypotheses_cls, memory, params):
        tolerances, weights = params.monty_dicts()
        self.memory = memory
        self.updater = updater_cls(
            feature_weights=weights, graph_memory=memory, max_match_distance=params.mmd, tolerances=tolerances,
            evidence_threshold_config="all", feature_evidence_increment=params.increment,
            sampling_multiplier=params.multiplier, deletion_trigger_slope=params.deletion_slope,
            sampling_burst_duration=params.burst_duration, burst_trigger_slope=params.burst_trigger,
            max_nneighbors=params.k, past_weight=params.past, present_weight=params.present,
            umbilical_num_poses=params.umbilical_poses)
        self.hyps = {g: hypotheses_cls.empty() for g in memory.ids}
        self.burst_steps_at_enter, self.max_slope = 0, -np.inf

    def step(self, features, displacement):
        with self.updater:
            self.burst_steps_at_enter, self.max_slope = self.updater.sampling_burst_steps, self.updater.max_slope
            for g in self.memory.ids:
                hyps = self.hyps[g]
                threshold = float(np.min(hyps.evidence)) if hyps.count else 0.0
                hyps = self.updater.displace_hypotheses(hyps, displacement, g)
                out, _ = self.updater.update_evidence(hyps, features, g, threshold)
                self.hyps[g] = out

    def counts(self):
        return [self.hyps[g].count for g in self.memory.ids]


def percept(walk, t, lm):
    """Step t's features for one LM in the dict form Monty's LM passes to the updater, and its displacement."""
    q = walk["q"][t, lm]
    features = {common.CHANNEL: {"pose_vectors": walk["S"][t, lm], "pose_fully_defined": bool(walk["pfd"][t, lm]),
                                 "hsv": q[0:3], "principal_curvatures_log": q[3:5]}}
    return features, (walk["d"][t, lm] if walk["moved"][t] else None)


# ---- golden verification --------------------------------------------------------------------------------------------

def verify_golden(golden, monty):
    models, walk, params, meta, arrays = common.golden_episode(golden)
    lm = MontyLM(*monty[:2], SyntheticGraphMemory(models), params)
    check = common.EpisodeChecker(meta, arrays, "monty-numpy")
    for t in range(walk["S"].shape[0]):
        lm.step(*percept(walk, t, 0))
        check.check_flags(t, lm.burst_steps_at_enter, lm.max_slope)
        for o, g in enumerate(lm.memory.ids):
            hyps = lm.hyps[g]
            tracker = lm.updater.evidence_slope_trackers[g]
            ages = tracker.hyp_ages().astype(np.int64)
            new = int(np.sum(ages == 1))  # new rows have been aged once by this step's tracker update
            check.check_object(t, o, dict(count=hyps.count, num_new=new, num_retained=hyps.count - new,
                                          locations=hyps.locations, rotations=hyps.poses, evidence=hyps.evidence,
                                          ages=ages, slopes=tracker.calculate_slopes()))
    return check.finish()


# ---- timing ---------------------------------------------------------------------------------------------------------

def time_scenario(monty, models, walk, params, lms_run, steps, warmup, budget_s):
    """Steps `lms_run` LMs (one after another, as Monty does) through the episode; returns per-step wall times in ms
    of all of them together (warm-up steps excluded) and the hypotheses per object after every timed step."""
    memory = SyntheticGraphMemory(models)
    lms = [MontyLM(*monty[:2], memory, params) for _ in range(lms_run)]
    times, counts, start = [], [], None
    for t in range(steps):
        t0 = time.perf_counter()
        for i, lm in enumerate(lms):
            lm.step(*percept(walk, t, i))
        if t < warmup:
            continue
        times.append((time.perf_counter() - t0) * 1e3)
        counts += [c for lm in lms for c in lm.counts()]
        start = start or t0
        if time.perf_counter() - start > budget_s:
            break
    return times, counts


def main():
    ap = argparse.ArgumentParser(description="Monty's own burst-sampling updater on the burst baselines' episodes")
    ap.add_argument("--json", default=None, help="write the results here")
    ap.add_argument("--scenarios", default=None, help="comma-separated scenario names (default: all)")
    ap.add_argument("--series", action="store_true", help="also time the LM series 1, 5, 20, 80 LMs x 77 objects")
    ap.add_argument("--tiny", action="store_true", help="smoke run: one tiny scenario, few steps")
    ap.add_argument("--verify", action="store_true", help="replay the golden burst episode first; stop if it differs")
    ap.add_argument("--steps", type=int, default=40, help="episode length (warm-up included)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps at the start of each episode")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds of timed steps per scenario")
    ap.add_argument("--max-lms", type=int, default=5, help="LMs run at most; more are scaled from these")
    ap.add_argument("--monty-src", default=os.environ.get("LMC_MONTY_SRC", MONTY_SRC_DEFAULT))
    ap.add_argument("--golden", default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--episode", default=None,
                    help="time Monty on an episode `lmc demo --monty-episode DIR` wrote instead of the scenarios")
    args = ap.parse_args()
    if args.tiny:
        args.steps, args.warmup = min(args.steps, 12), min(args.warmup, 2)
    try:
        import scipy
    except ImportError:
        sys.exit("monty_burst_numpy.py: Monty needs scipy (KDTree, Rotation), which is not installed here")

    monty = import_monty(os.path.abspath(args.monty_src))
    print(f"[monty-numpy] imported {monty[0].__module__} from {args.monty_src}: {monty[2]}", file=sys.stderr)
    verified = verify_golden(common.golden_dir(args.golden), monty) if args.verify else None

    results = []
    if args.episode:
        # The demo's own objects and observations, every step timed but the warm-up (a demo run is short).
        models, walk, params, meta = common.load_episode(args.episode)
        steps = walk["S"].shape[0]
        warmup = min(args.warmup, max(steps - 1, 0))
        times, counts = time_scenario(monty, models, walk, params, 1, steps, warmup, args.budget)
        row = common.result_row(
            "demo", 1, meta["objects"], meta["nodes"], meta["k"], "monty_numpy_kdtree", common.median(times),
            len(times), warmup, float(np.mean(counts)) if counts else 0.0, max(counts, default=0),
            "Monty's updater on lmc demo's run 0, 1 core, objects one after another", tool="monty-numpy",
            step_ms=[round(x, 3) for x in times])
        results.append(row)
        print(common.fmt_row(row), file=sys.stderr, flush=True)
    for name, lms, objects, n, k in ([] if args.episode else
                                     common.chosen_scenarios(args.scenarios, args.series, args.tiny)):
        models, walk = common.synthetic_episode(lms, objects, n, args.steps, args.seed)
        params = common.BurstParams(k)
        lms_run = min(lms, args.max_lms)
        times, counts = time_scenario(monty, models, walk, params, lms_run, args.steps, args.warmup, args.budget)
        scale = lms / lms_run
        step_ms = [x * scale for x in times]
        ms = common.median(step_ms)
        note = "Monty's updater, 1 core, objects and LMs one after another"
        if scale != 1:
            note += f"; {lms_run} of {lms} LMs run, time scaled by {scale:g}"
        row = common.result_row(
            name, lms, objects, n, k, "monty_numpy_kdtree", ms, len(times), args.warmup,
            float(np.mean(counts)) if counts else 0.0, max(counts, default=0), note, tool="monty-numpy",
            lms_run=lms_run, median_ms_per_lm_step=common.median([x / lms_run for x in times]),
            median_ms_per_object_step=common.median([x / (lms_run * objects) for x in times]),
            step_ms=[round(x, 3) for x in step_ms])
        results.append(row)
        print(common.fmt_row(row), file=sys.stderr, flush=True)
    if args.json:
        common.write_json(args.json, "monty-numpy", "CPU (1 core)", "float64", results,
                          {"scipy": scipy.__version__, "monty_src": os.path.abspath(args.monty_src),
                           "monty_import": monty[2], "golden_max_errors": verified})


if __name__ == "__main__":
    main()
