#!/usr/bin/env python3
"""Runs tinygrad's symbolic cases (made by extract_tinygrad_cases.py from a tinygrad checkout into build/, never kept in
the repository: tinygrad's tests are its text, and nobody should tune lmc to a file of them) through `lmc simplify`, as
a user would: one process per case, its expression and variable ranges on the command line.

  python3 bench/symbolic/run_tinygrad_cases.py [--lmc build/tools/lmc] [--timeout 5] [--misses FILE] [--no-prove]

A case is "at least as simple" when lmc's result has no more nodes than tinygrad's; "wrong" when the proof refutes
lmc's result (every assignment evaluated where the ranges are small, else Z3; lmc replays every counterexample
before it reports one); "slow" above 1 s; "timeout" past --timeout. Prints one summary table.
"""
import argparse, json, os, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--lmc", default=os.path.join(here, "..", "..", "build", "tools", "lmc"))
ap.add_argument("--cases", default=os.path.join(here, "..", "..", "build", "tinygrad_cases.jsonl"))
ap.add_argument("--timeout", type=float, default=5.0)
ap.add_argument("--misses", help="write the cases lmc leaves bigger than tinygrad to this file")
ap.add_argument("--no-prove", action="store_true", help="skip lmc's Z3 proof of each result")
ap.add_argument("--json", action="store_true", help="print the summary as one JSON object too")
args = ap.parse_args()

cases = [json.loads(l) for l in open(args.cases) if l.strip()]
counts = dict(total=len(cases), unsupported=0, as_simple=0, bigger=0, wrong=0, timeout=0, slow=0, error=0)
misses, times = [], []
for c in cases:
  if "unsupported" in c:
    counts["unsupported"] += 1
    continue
  cmd = [args.lmc, "simplify", c["input"], "--dtype", c["dtype"], "--json"]
  for name, (lo, hi) in c["vars"].items(): cmd += ["--var", f"{name}={lo}:{hi}"]
  if args.no_prove: cmd.append("--no-prove")
  t0 = time.monotonic()
  try:
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
  except subprocess.TimeoutExpired:
    counts["timeout"] += 1
    misses.append(dict(c, why="timeout"))
    continue
  dt = time.monotonic() - t0
  times.append(dt)
  if dt > 1.0: counts["slow"] += 1
  if p.returncode == 1 and p.stdout.strip():
    counts["wrong"] += 1
    misses.append(dict(c, why="refuted", lmc=p.stdout.strip()))
    continue
  if p.returncode != 0:
    counts["error"] += 1
    misses.append(dict(c, why="error", stderr=p.stderr.strip()[-300:]))
    continue
  r = json.loads(p.stdout)
  if r["proved"] is False:
    counts["wrong"] += 1
    misses.append(dict(c, why="wrong", lmc=r))
    continue
  if r["nodes_after"] <= c["tinygrad_nodes"]:
    counts["as_simple"] += 1
  else:
    counts["bigger"] += 1
    misses.append(dict(c, why="bigger", lmc=r["simplified"], lmc_nodes=r["nodes_after"]))

run = counts["total"] - counts["unsupported"]
times.sort()
print(f"tinygrad symbolic cases through `lmc simplify` ({args.cases})")
print(f"{'cases':<28}{counts['total']}")
print(f"{'not expressible in lmc':<28}{counts['unsupported']}")
print(f"{'run':<28}{run}")
print(f"{'at least as simple':<28}{counts['as_simple']}  ({100.0 * counts['as_simple'] / max(run, 1):.1f}%)")
print(f"{'bigger than tinygrad':<28}{counts['bigger']}")
print(f"{'wrong':<28}{counts['wrong']}")
print(f"{'errors':<28}{counts['error']}")
print(f"{'over 1 s':<28}{counts['slow']}")
print(f"{'time-outs':<28}{counts['timeout']}  (> {args.timeout:g} s)")
if times: print(f"{'median / max time':<28}{times[len(times) // 2]:.3f} s / {times[-1]:.3f} s")
if args.json: print(json.dumps(dict(counts, run=run)))
if args.misses:
  with open(args.misses, "w") as f:
    for m in misses: f.write(json.dumps(m) + "\n")
