# Monty's own unit tests (evidence_matching/ and mixins/, run from the snapshot) with lmc's drop-in classes injected
# as Monty's defaults, on the CPU in float64; fails unless lmc's classes really ran. Its own file: ctest's entry point
# for that check (tests/CMakeLists.txt, python.monty_unit_tests).
"""usage: PYTHONPATH=<build>/python python3 tests/python/monty_support/run_monty_tests.py [--without-lmc]
          [--expect-passed N] [--device CPU|CUDA] [pytest arguments ...]

Exit status: pytest's, or 1 when lmc's classes were not called where they must be (a run with --without-lmc, which
leaves Monty's classes in place, therefore fails: that is the check that the check works), or 77 (ctest's skip)
when the Monty snapshot is absent.
"""
import argparse
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import monty_env  # noqa: E402

SUITES = ("tests/unit/frameworks/models/evidence_matching", "tests/unit/frameworks/models/mixins")
# Test files that drive lmc's classes once injected; every one of them must have called lmc in at least one test.
# The other files test Monty's internals (its displacer, slope tracker, burst updater, scorer with mocks).
USING_LMC = {"evidence_lm_test.py": "LmcHypothesesUpdater", "calculator_test.py": "LmcFeatureEvidenceCalculator"}


def lmc_calls():
    """(updater steps, feature evidence calculations) lmc has run so far in this process."""
    import lmc.monty
    from lmc._monty_hypotheses import LmcUpdaterBase

    return LmcUpdaterBase.calls, lmc.monty.LmcFeatureEvidenceCalculator.calls


class LmcAccounting:
    """A pytest plugin: counts lmc's calls per test, prints where lmc ran, and fails the session when a file of
    USING_LMC never called lmc or nothing passed."""

    def __init__(self, injected, expect_passed):
        self.injected, self.expect_passed = injected, expect_passed
        self.calls_by_file = {}
        self.passed = self.failed = 0

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        before = lmc_calls()
        yield
        after = lmc_calls()
        name = Path(str(item.fspath)).name
        totals = self.calls_by_file.setdefault(name, [0, 0])
        totals[0] += after[0] - before[0]
        totals[1] += after[1] - before[1]

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.passed:
            self.passed += 1
        elif report.failed:
            self.failed += 1

    def pytest_terminal_summary(self, terminalreporter):
        write = terminalreporter.write_line
        write("lmc classes injected as Monty's defaults:" if self.injected else "lmc classes NOT injected")
        for line in self.injected:
            write(f"  {line}")
        for name, (steps, features) in sorted(self.calls_by_file.items()):
            write(f"  {name}: {steps} lmc updater steps, {features} lmc feature evidence calculations")
        for problem in self.problems():
            write(f"FAILED: {problem}", red=True)

    def problems(self):
        out = []
        for name, cls in USING_LMC.items():
            if name in self.calls_by_file and sum(self.calls_by_file[name]) == 0:
                out.append(f"{name} passed without calling lmc ({cls} was not used)")
        if sum(sum(v) for v in self.calls_by_file.values()) == 0:
            out.append("no test called lmc's classes")
        if self.expect_passed is not None and self.passed != self.expect_passed:
            out.append(f"{self.passed} tests passed, expected {self.expect_passed}")
        return out

    def pytest_sessionfinish(self, session, exitstatus):
        if exitstatus == 0 and self.problems():
            session.exitstatus = 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--without-lmc", action="store_true", help="leave Monty's classes in place (must fail)")
    parser.add_argument("--expect-passed", type=int, help="fail unless exactly this many tests pass")
    parser.add_argument("--device", default="CPU", help="where lmc's classes compute (default CPU; CUDA on a GPU)")
    args, pytest_args = parser.parse_known_args(argv)
    root = monty_env.snapshot_root()
    if root is None:
        print(f"SKIP: no Monty snapshot at {monty_env.DEFAULT_SNAPSHOT} (set LMC_MONTY_SRC)")
        return 77
    monty_env.install(root)
    from hypothesis import settings
    from monty_injection import inject

    # Monty's property tests run under this profile: no example database (a .hypothesis folder wherever this runs)
    # and no per-example deadline (lmc compiles a kernel the first time it meets a shape, which can take longer
    # than hypothesis' default 200 ms on a loaded machine; the test's values are unchanged).
    settings.register_profile("lmc_monty", database=None, deadline=None)
    settings.load_profile("lmc_monty")

    injected = [] if args.without_lmc else inject(device=args.device, dtype="float64")
    accounting = LmcAccounting(injected, args.expect_passed)
    paths = [a for a in pytest_args if not a.startswith("-")] or [str(root / s) for s in SUITES]
    options = [a for a in pytest_args if a.startswith("-")]
    # Our own (empty) configuration, so the snapshot's pyproject options (xdist, doctests) do not apply.
    config = ["-c", str(HERE / "pytest.ini"), "--rootdir", str(root), "-p", "no:cacheprovider"]
    return pytest.main(config + options + paths, plugins=[accounting])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
