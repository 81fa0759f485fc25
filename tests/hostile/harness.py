"""Runs `lmc` as a careless or hostile user would and sorts each outcome into issue #15's columns.

Its own file: every area of the sweep (sweep_*.py) runs lmc through `Harness.run` and records what happened with
`Harness.record`, so the outcome rules (what counts as a clear error, a crash, a hang) live in one place.
"""
import os
import resource
import shlex
import subprocess
import threading
import time
from dataclasses import dataclass, field

CLEAR, HANDLED, UNCLEAR, CRASH, HANG, WRONG = "clear error", "handled", "unclear error", "crash", "hang", "silently wrong"
COLUMNS = [CLEAR, HANDLED, UNCLEAR, CRASH, HANG, WRONG]
BAD = {UNCLEAR, CRASH, HANG, WRONG}

# Signs of a bug inside lmc rather than a user mistake, whatever the exit code.
CRASH_MARKS = ("internal error", "AddressSanitizer", "runtime error:", "terminate called", "Segmentation fault",
               "std::bad_alloc", "Assertion", "stack smashing")


@dataclass
class Run:
    code: int  # the exit code, or -signal
    out: str
    err: str
    timed_out: bool
    seconds: float
    argv: list
    env: dict = field(default_factory=dict)

    def repro(self):
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        return (env + " " if env else "") + " ".join(shlex.quote(a) for a in self.argv)


@dataclass
class Case:
    area: str
    name: str
    outcome: str
    detail: str
    repro: str


class Harness:
    def __init__(self, lmc, work, timeout=20.0, mem_mib=8192):
        self.lmc = lmc
        self.work = work
        self.timeout = timeout
        self.mem_bytes = mem_mib << 20
        # A sanitizer build reserves terabytes of shadow address space, which ulimit -v forbids: there the same cap
        # is ASan's own (an allocation past it fails as bad_alloc, as it would under the ulimit).
        with open(lmc, "rb") as f:
            self.sanitized = b"libasan.so" in f.read()
        self.cases = []
        self.lock = threading.Lock()

    def _limits(self):
        # ulimit -v: memory growth past it fails an allocation (bad_alloc, said as an error) instead of taking the
        # machine; no core files.
        if not self.sanitized:
            resource.setrlimit(resource.RLIMIT_AS, (self.mem_bytes, self.mem_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setsid()

    def run(self, args, env=None, cwd=None, timeout=None, stdin_data=None):
        """Runs lmc with `args`; `env` is added to a clean copy of this environment (LMC_* of the caller removed)."""
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("LMC_")}
        full_env.setdefault("LMC_CACHE_DIR", os.path.join(self.work, "default-cache"))
        full_env["LMC_DEVICE"] = "CPU"
        if self.sanitized:
            limit = f"malloc_limit_mb={self.mem_bytes >> 20}:allocator_may_return_null=1"
            full_env["ASAN_OPTIONS"] = ":".join(o for o in (os.environ.get("ASAN_OPTIONS"), limit) if o)
        extra = dict(env or {})
        full_env.update(extra)
        for k in [k for k, v in extra.items() if v is None]:
            del full_env[k]
            del extra[k]
        argv = [self.lmc] + list(args)
        start = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env, cwd=cwd or self.work,
                             preexec_fn=self._limits)
        try:
            out, err = p.communicate(stdin_data, timeout=timeout or self.timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            out, err = p.communicate()
            timed_out = True
        text = lambda b: b.decode("utf-8", "replace")
        return Run(p.returncode, text(out), text(err), timed_out, time.monotonic() - start, argv, extra)

    def judge_failure(self, r, names=()):
        """The column of a run that was meant to fail: a clear error is a non-zero exit (2 for bad input; 1 where
        the system failed, e.g. a full disk) with a message that names every one of `names` and no crash mark."""
        if r.timed_out:
            return HANG, f"no answer in {r.seconds:.0f} s"
        if r.code < 0:
            return CRASH, f"signal {-r.code}: {r.err[-300:]}"
        mark = next((m for m in CRASH_MARKS if m in r.err), None)
        if mark:
            return CRASH, f"exit {r.code}, '{mark}': {r.err[-300:]}"
        if r.code == 0:
            return None, ""
        missing = [n for n in names if n not in r.err]
        if not r.err.strip() or missing:
            return UNCLEAR, f"exit {r.code}, message lacks {missing or 'any text'}: {r.err[-300:]}"
        return CLEAR, r.err.strip().splitlines()[-1][:160]

    def expect_error(self, area, name, r, names=(), ok_if_zero=None):
        """A run that should fail clearly. Exit 0 is 'handled' only where `ok_if_zero(r)` checks the result;
        otherwise it is silently wrong (a bad input accepted without a word)."""
        col, detail = self.judge_failure(r, names)
        if col is None:
            if ok_if_zero is not None:
                verdict = ok_if_zero(r)
                col, detail = (HANDLED, "exit 0, result checked") if verdict is True else (WRONG, f"exit 0: {verdict}")
            else:
                col, detail = WRONG, f"exit 0 on bad input: {r.out[-200:]}"
        self.record(area, name, col, detail, r.repro())
        return col

    def record(self, area, name, outcome, detail, repro):
        with self.lock:
            self.cases.append(Case(area, name, outcome, detail, repro))

    def table(self):
        areas = []
        for c in self.cases:
            if c.area not in areas:
                areas.append(c.area)
        head = "| area | tried | " + " | ".join(COLUMNS) + " |"
        lines = [head, "|" + "---|" * (len(COLUMNS) + 2)]
        totals = {c: 0 for c in COLUMNS}
        for a in areas:
            mine = [c for c in self.cases if c.area == a]
            counts = {col: sum(1 for c in mine if c.outcome == col) for col in COLUMNS}
            for col in COLUMNS:
                totals[col] += counts[col]
            lines.append(f"| {a} | {len(mine)} | " + " | ".join(str(counts[c]) for c in COLUMNS) + " |")
        lines.append(f"| **all** | **{len(self.cases)}** | " + " | ".join(f"**{totals[c]}**" for c in COLUMNS) + " |")
        return "\n".join(lines)

    def bad_cases(self):
        return [c for c in self.cases if c.outcome in BAD]
