#!/usr/bin/python3
"""Issue #15's hostile-input sweep: tries the built `lmc` as a careless or hostile user would and prints, per area,
how many inputs got a clear error, were handled correctly (result checked), crashed, hung or came out silently wrong,
then every case that was not clean with its reproducer.

  /usr/bin/python3 tests/hostile/sweep.py --lmc build/tools/lmc [--quick] [--areas simplify,monty,...]

Exit 0 when the crash, hang, unclear and silently-wrong columns are all 0; 1 otherwise. --quick runs a fixed subset
(under a minute on two cores; the unit label runs it), the full sweep runs under the ctest label hostile.
"""
import argparse
import inspect
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Harness  # noqa: E402

AREAS = ["simplify", "monty", "flags", "files", "viz", "tensor"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lmc", required=True, help="the built lmc binary")
    ap.add_argument("--golden", default=os.path.join(os.path.dirname(__file__), "../../../shared/golden/monty"),
                    help="Monty's golden cases (a case is copied and damaged; the originals are never written)")
    ap.add_argument("--quick", action="store_true", help="the bounded subset run in the unit label")
    ap.add_argument("--areas", default=",".join(AREAS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds before a run counts as a hang")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = ap.parse_args()
    lmc = os.path.abspath(args.lmc)
    if not os.access(lmc, os.X_OK):
        print(f"sweep: {lmc} is not an executable lmc", file=sys.stderr)
        return 2
    # the reference reader recurses once per nesting level (900 parentheses pass lmc's limit of 1000)
    sys.setrecursionlimit(100000)
    threading.stack_size(512 << 20)
    work = tempfile.mkdtemp(prefix="lmc-hostile-")
    h = Harness(lmc, work, timeout=args.timeout)
    start = time.monotonic()
    try:
        with ThreadPoolExecutor(args.jobs) as pool:
            for area in args.areas.split(","):
                t0 = time.monotonic()
                module = __import__(f"sweep_{area}")
                if "golden" in inspect.signature(module.run).parameters:
                    module.run(h, pool, args.quick, golden=os.path.abspath(args.golden))
                else:
                    module.run(h, pool, args.quick)
                print(f"sweep: {area} done in {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"## lmc hostile-input sweep ({'quick' if args.quick else 'full'}, {time.monotonic() - start:.0f} s)\n")
    print(h.table())
    bad = h.bad_cases()
    print(f"\n{len(bad)} cases not clean" + (":" if bad else "."))
    for c in bad:
        print(f"- [{c.outcome}] {c.area} / {c.name}: {c.detail}\n    {c.repro[:600]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
