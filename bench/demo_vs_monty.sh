#!/usr/bin/env bash
# lmc demo beside Monty's own burst-sampling updater, on the same objects and observations, in one run: the demo
# runs (and writes its last run's objects, observations and parameters), then Monty's NumPy
# BurstSamplingHypothesesUpdater, imported from the source snapshot, replays that run, and the per-step medians of the
# same steps are compared. Give --runs 2 or more: the first run compiles (or loads) the kernels.
# usage: bash bench/demo_vs_monty.sh [BUILD_DIR] [lmc demo flags, e.g. --device CPU --runs 3]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build}"
shift || true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The two sides run one after the other: on a shared machine the load each saw (1-minute load average at its start
# and end) says whether their ratio can be trusted.
load() { cut -d' ' -f1 /proc/loadavg; }
lmc_load="$(load)"
"$build/tools/lmc" demo "$@" --json "$work/demo.json" --monty-episode "$work/episode"
lmc_load="$lmc_load-$(load)" monty_load="$(load)"
/usr/bin/python3 "$here/peer/monty_burst_numpy.py" --episode "$work/episode" --json "$work/monty.json"
monty_load="$monty_load-$(load)"
/usr/bin/python3 - "$work/demo.json" "$work/monty.json" "$lmc_load" "$monty_load" <<'PY'
import json, statistics, sys
demo, monty = (json.load(open(p)) for p in sys.argv[1:3])
run0 = demo["runs"][-1]["step_ms"]  # the run the episode holds
warm = monty["results"][0]["warmup_steps"]  # the same steps on both sides (step 0 compiles lmc's kernels)
lmc_ms = statistics.median(run0[warm:] if len(run0) > warm else run0)
monty_ms = monty["results"][0]["median_ms"]
print(f"demo run {len(demo['runs']) - 1} on {demo['device']} ({demo['dtype']}), {demo['objects']} objects x {demo['nodes']} nodes, "
      f"{len(run0)} steps: lmc {lmc_ms:.2f} ms per step (median from step {warm}), Monty's NumPy updater "
      f"{monty_ms:.2f} ms per step (1 core, float64): lmc is {monty_ms / lmc_ms:.1f}x faster")
steps = monty["results"][0].get("step_ms", [])
print(f"per step from step {warm}, lmc / Monty ms: " +
      " ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(run0[warm:], steps)))
print(f"load average (1 min) while lmc ran: {sys.argv[3]}, while Monty ran: {sys.argv[4]} (2 cores)")
PY
