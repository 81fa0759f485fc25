#!/usr/bin/env python3
"""Runs lmc's own simplifier probe (probe_cases.txt: `input | expected [| NAME=LO:HI ...]`, issue #18's families)
through `lmc simplify`, one process per case, as run_tinygrad_cases.py does for tinygrad's cases.

  python3 bench/symbolic/run_probe_cases.py [--lmc build/tools/lmc] [--timeout 5] [--misses] [--no-prove]

"At least as simple": lmc's result has no more nodes than the expected form (parsed by lmc, so both are counted
the same way; a result that only orders operands differently counts the same). "Wrong": the proof refutes lmc's
result. Before running, every expected form is checked against its input on random points in Python (floor `//`
and `%` are Python's), so a mistyped expectation fails loudly instead of skewing the count.
"""
import argparse, json, os, random, re, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--lmc", default=os.path.join(here, "..", "..", "build", "tools", "lmc"))
ap.add_argument("--cases", default=os.path.join(here, "probe_cases.txt"))
ap.add_argument("--timeout", type=float, default=5.0)
ap.add_argument("--misses", action="store_true", help="print every case lmc leaves bigger than expected")
ap.add_argument("--no-prove", action="store_true")
ap.add_argument("--json", action="store_true")
args = ap.parse_args()

KEYWORDS = {"min", "max", "where", "cdiv", "cmod", "and", "or", "not", "true", "false"}
DEFAULT = (-1000, 1000)

def parse_cases(path):
  out = []
  for n, line in enumerate(open(path), 1):
    line = line.strip()
    if not line or line.startswith("#"): continue
    parts = [p.strip() for p in line.split("|")]
    if len(parts) not in (2, 3): sys.exit(f"{path}:{n}: expected `input | expected [| vars]`")
    ranges = {}
    for spec in (parts[2].split() if len(parts) == 3 else []):
      name, lohi = spec.split("=")
      lo, hi = lohi.split(":")
      ranges[name] = (int(lo), int(hi))
    for name in re.findall(r"[A-Za-z_]\w*", parts[0] + " " + parts[1]):
      if name not in KEYWORDS: ranges.setdefault(name, DEFAULT)
    out.append(dict(line=n, input=parts[0], expected=parts[1], vars=ranges))
  return out

def py_value(text, env):
  e = text.replace("true", "True").replace("false", "False")
  return eval(e, {"where": lambda c, a, b: a if c else b, "min": min, "max": max}, env)

def check_expected(c):
  rng = random.Random(c["line"])
  for _ in range(2000):
    env = {k: rng.randint(lo, hi) for k, (lo, hi) in c["vars"].items()}
    try:
      a, b = py_value(c["input"], env), py_value(c["expected"], env)
    except ZeroDivisionError:
      continue
    if int(a) != int(b): return f"differ at {env}: {a} vs {b}"
  return None

def lmc(expr, c, prove):
  cmd = [args.lmc, "simplify", expr, "--json"]
  for name, (lo, hi) in c["vars"].items(): cmd += ["--var", f"{name}={lo}:{hi}"]
  if not prove: cmd.append("--no-prove")
  return subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)

cases = parse_cases(args.cases)
bad = [(c, why) for c in cases if (why := check_expected(c))]
for c, why in bad: print(f"probe_cases.txt:{c['line']}: expected form is not the input: {why}")
if bad: sys.exit(1)

counts = dict(total=len(cases), as_simple=0, bigger=0, wrong=0, error=0, slow=0, timeout=0)
misses, times = [], []
for c in cases:
  try:
    e = lmc(c["expected"], c, False)
    t0 = time.monotonic()
    p = lmc(c["input"], c, not args.no_prove)
    dt = time.monotonic() - t0
  except subprocess.TimeoutExpired:
    counts["timeout"] += 1
    misses.append((c, "timeout"))
    continue
  times.append(dt)
  if dt > 1.0: counts["slow"] += 1
  if p.returncode == 1 and p.stdout.strip():
    counts["wrong"] += 1
    misses.append((c, "WRONG " + p.stdout.strip()))
    continue
  if p.returncode != 0 or e.returncode != 0:
    counts["error"] += 1
    misses.append((c, "error: " + (p.stderr or e.stderr).strip().splitlines()[-1][-200:]))
    continue
  r, x = json.loads(p.stdout), json.loads(e.stdout)
  if r["proved"] is False:
    counts["wrong"] += 1
    misses.append((c, "WRONG " + r["simplified"]))
  elif r["nodes_after"] <= x["nodes_before"]:
    counts["as_simple"] += 1
  else:
    counts["bigger"] += 1
    misses.append((c, f"{r['simplified']}  ({r['nodes_after']} nodes, expected {x['nodes_before']})"))

times.sort()
print(f"lmc simplifier probe ({os.path.relpath(args.cases)}) through `lmc simplify`")
print(f"{'cases':<28}{counts['total']}")
print(f"{'at least as simple':<28}{counts['as_simple']}  ({100.0 * counts['as_simple'] / max(counts['total'], 1):.1f}%)")
for k in ("bigger", "wrong", "error"): print(f"{k:<28}{counts[k]}")
print(f"{'over 1 s':<28}{counts['slow']}")
print(f"{'time-outs':<28}{counts['timeout']}  (> {args.timeout:g} s)")
if times: print(f"{'median / max time':<28}{times[len(times) // 2]:.3f} s / {times[-1]:.3f} s")
if args.misses:
  for c, why in misses: print(f"  {c['line']:>4}: {c['input']}  ->  {why}   [expected {c['expected']}]")
if args.json: print(json.dumps(counts))
