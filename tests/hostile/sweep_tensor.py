"""The Tensor API where no `lmc` subcommand reaches: sizes that wrap, negative dimensions, huge fills, NaN ordering and
dtype mixes, through the Python module (build/python, when built with -DLMC_BUILD_PYTHON=ON) and the existing C++
drivers of issue #15 (HostileSizes, WideIndex in test_frontend; HostileCase in test_lm), each test one trial.

Its own file as one area of the sweep. A piece that is not built is skipped with a line saying so (never a failure).
"""
import os
import subprocess
import sys

from harness import CRASH, HANDLED, HANG, WRONG

AREA_PY = "Tensor API: Python module"
AREA_DRIVERS = "Tensor API: C++ drivers"

# (name, code run after `import lmc, math`, expected: "error" (a Python exception naming a word), or a value the
# code must print)
PY_TRIALS = [
    ("full 2^62", "lmc.full((2**62,), 7.0).numpy()", ("error", "")),
    ("full wraps", "lmc.full((2**62 + 3, 4), 1.0).numpy()", ("error", "")),
    ("expand negative", "lmc.tensor([1.0, 2.0, 3.0]).expand(3, -5).numpy()", ("error", "")),
    ("arange overflow", "lmc.arange(0, 2**63 - 1, 1).numpy()", ("error", "")),
    ("arange step 0", "lmc.arange(0, 5, 0).numpy()", ("error", "")),
    ("zeros negative", "lmc.zeros((-1, 3)).numpy()", ("error", "")),
    ("argmax with NaN", "print(lmc.tensor([1.0, float('nan'), 3.0]).argmax().item())", ("print", "1")),
    ("max with NaN", "print(lmc.tensor([1.0, float('nan'), 3.0]).max().item())", ("print", "nan")),
    ("arange int", "print(lmc.arange(2, 11, 3).numpy().tolist())", ("print", "[2, 5, 8]")),
]


def python_area(h, build_dir):
    pkg = os.path.join(build_dir, "python")
    built = [f for d in (pkg, os.path.join(pkg, "lmc")) if os.path.isdir(d) for f in os.listdir(d)
             if f.startswith("_lmc") and f.endswith(".so")]
    if not built:
        print(f"sweep: Tensor API (Python) skipped: no module under {pkg} (configure with -DLMC_BUILD_PYTHON=ON)",
              file=sys.stderr)
        return
    for name, code, (kind, want) in PY_TRIALS:
        prog = f"import lmc, math\n{code}\n"
        env = dict(os.environ, PYTHONPATH=pkg, LMC_DEVICE="CPU")
        try:
            p = subprocess.run(["/usr/bin/python3", "-c", prog], capture_output=True, text=True, env=env, timeout=60,
                               preexec_fn=h._limits)
        except subprocess.TimeoutExpired:
            h.record(AREA_PY, name, HANG, "no answer in 60 s", prog)
            continue
        if p.returncode < 0:
            h.record(AREA_PY, name, CRASH, f"signal {-p.returncode}", prog)
        elif kind == "error":
            # an error of the API's own (ValueError, lmc.Error), not a slip of this script (AttributeError, NameError)
            slip = any(w in p.stderr for w in ("AttributeError", "NameError", "SyntaxError", "ImportError"))
            clear = p.returncode != 0 and "Error" in p.stderr and "internal error" not in p.stderr and not slip
            h.record(AREA_PY, name, "clear error" if clear else WRONG, (p.stdout + p.stderr)[-200:], prog)
        else:
            ok = p.returncode == 0 and p.stdout.strip() == want
            h.record(AREA_PY, name, HANDLED if ok else WRONG, (p.stdout + p.stderr)[-200:], prog)


def driver_area(h, build_dir, quick):
    drivers = [("tests/test_frontend", "HostileSizes.*:WideIndex.*"), ("tests/test_lm", "HostileCase.*")]
    for rel, pattern in drivers:
        exe = os.path.join(build_dir, rel)
        if not os.access(exe, os.X_OK):
            print(f"sweep: {rel} ({pattern}) skipped: not built", file=sys.stderr)
            continue
        listing = subprocess.run([exe, f"--gtest_filter={pattern}", "--gtest_list_tests"], capture_output=True,
                                 text=True, timeout=60).stdout
        tests, suite = [], ""
        for line in listing.splitlines():
            if not line.startswith(" "):
                suite = line.strip()
            elif line.strip():
                tests.append(suite + line.strip().split()[0])
        if quick:
            tests = tests[::3]
        for t in tests:
            try:
                p = subprocess.run([exe, f"--gtest_filter={t}"], capture_output=True, text=True, timeout=300,
                                   env=dict(os.environ, LMC_DEVICE="CPU"))
            except subprocess.TimeoutExpired:
                h.record(AREA_DRIVERS, t, HANG, "no answer in 300 s", f"{exe} --gtest_filter={t}")
                continue
            col = HANDLED if p.returncode == 0 else CRASH if p.returncode < 0 else WRONG
            h.record(AREA_DRIVERS, t, col, p.stdout[-300:] if col != HANDLED else "", f"{exe} --gtest_filter={t}")


def run(h, pool, quick):
    build_dir = os.path.dirname(os.path.dirname(h.lmc))  # <build>/tools/lmc
    python_area(h, build_dir)
    driver_area(h, build_dir, quick)
