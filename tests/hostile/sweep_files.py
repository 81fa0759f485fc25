"""Cache files (the CPU object cache under $LMC_CACHE_DIR/cpu and the BEAM opt cache opts.sqlite) corrupted,
truncated, replaced by links or directories; and output paths unwritable, on /dev/full, or equal to an input.

Its own file as one area of the sweep. A damaged cache must be recovered from (exit 0, and the demo's recognition
result equal to the one with a clean cache: a corrupt object file that was loaded would change it or crash) or
refused clearly. An output that cannot be written must fail clearly, never exit 0, and never change an input.
"""
import json
import os
import resource
import shutil
import signal
import stat
import sys

from harness import HANDLED, WRONG

AREA_CACHE = "caches: kernel objects, opt cache"
AREA_OUT = "output paths"

DEMO = ["demo", "--device", "CPU", "--objects", "2", "--nodes", "40", "--runs", "1", "--max-steps", "4", "--seed", "3"]
BEAM = ["beam", "elementwise:256", "--device", "CPU", "--beam", "1", "--rounds", "1"]


def demo_result(path):
    """The demo's JSON without its timings: what the run recognized must not depend on the cache."""
    try:
        doc = json.load(open(path))
    except (OSError, ValueError):
        return None

    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if "ms" not in k and "time" not in k and "second" not in k}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o
    return strip(doc)


def damages(path):
    """(label, function damaging the file at `path`)."""
    def truncate(n):
        return lambda: open(path, "r+b").truncate(n if n >= 0 else max(os.path.getsize(path) + n, 0))

    def flip(offset_fraction):
        def f():
            data = bytearray(open(path, "rb").read())
            if data:
                i = int(len(data) * offset_fraction) % len(data)
                for j in range(i, min(i + 64, len(data))):
                    data[j] ^= 0x5A
            open(path, "wb").write(bytes(data))
        return f

    def replace(kind):
        def f():
            os.remove(path)
            if kind == "dir":
                os.mkdir(path)
            elif kind == "zero":
                os.symlink("/dev/zero", path)
            elif kind == "loop":
                os.symlink(path, path)
            elif kind == "dangling":
                os.symlink(path + ".nowhere", path)
            elif kind == "fifo":
                os.mkfifo(path)
            elif kind == "random":
                open(path, "wb").write(os.urandom(4096))
        return f

    yield "truncated to 0", truncate(0)
    yield "truncated to half", truncate(-1)  # replaced below by half
    yield "last 100 bytes cut", truncate(-100)
    yield "bytes flipped at start", flip(0.0)
    yield "bytes flipped in the middle", flip(0.5)
    yield "bytes flipped at the end", flip(0.97)
    yield "random bytes", replace("random")
    yield "a directory", replace("dir")
    yield "link to /dev/zero", replace("zero")
    yield "link loop", replace("loop")
    yield "dangling link", replace("dangling")
    yield "fifo", replace("fifo")
    yield "mode 000", lambda: os.chmod(path, 0)


def cache_trials(h, pool, quick):
    base = os.path.join(h.work, "cache-base")
    ref = os.path.join(h.work, "demo-ref.json")
    r = h.run(DEMO + ["--json", ref], env={"LMC_CACHE_DIR": base}, timeout=300)
    want = demo_result(ref)
    if r.code != 0 or want is None:
        h.record(AREA_CACHE, "clean demo", WRONG, r.err[-300:], r.repro())
        return
    h.record(AREA_CACHE, "clean demo", HANDLED, "", r.repro())
    rb = h.run(BEAM, env={"LMC_CACHE_DIR": base}, timeout=300)
    h.record(AREA_CACHE, "clean beam", HANDLED if rb.code == 0 else WRONG, rb.err[-300:], rb.repro())
    objects = sorted(os.path.join("cpu", f) for f in os.listdir(os.path.join(base, "cpu")))
    targets = objects[:3] if quick else objects[:12]
    targets += [f for f in os.listdir(base) if f.startswith("opts.sqlite")]
    jobs = []
    for rel in targets:
        for label, _ in damages("x"):
            jobs.append((rel, label))
    for label in ["cache dir is a file", "cache dir is /dev/null", "cache dir is /dev/full/x", "cpu/ is a file",
                  "cpu/ is a link to /dev/zero", "cache dir 4000 chars", "cache dir unwritable (mode 555)"]:
        jobs.append((None, label))
    if quick:
        jobs = jobs[::6]

    def do(job):
        rel, label = job
        d = os.path.join(h.work, f"cache-{abs(hash(job))}")
        shutil.copytree(base, d, symlinks=True)
        env = {"LMC_CACHE_DIR": d}
        if rel is not None:
            path = os.path.join(d, rel)
            for lab, f in damages(path):
                if lab == label:
                    if lab == "truncated to half":
                        open(path, "r+b").truncate(os.path.getsize(path) // 2)
                    else:
                        f()
        elif label == "cache dir is a file":
            shutil.rmtree(d)
            open(d, "w").write("not a folder")
        elif label == "cache dir is /dev/null":
            env["LMC_CACHE_DIR"] = "/dev/null"
        elif label == "cache dir is /dev/full/x":
            env["LMC_CACHE_DIR"] = "/dev/full/x"
        elif label == "cpu/ is a file":
            shutil.rmtree(os.path.join(d, "cpu"))
            open(os.path.join(d, "cpu"), "w").write("x")
        elif label == "cpu/ is a link to /dev/zero":
            shutil.rmtree(os.path.join(d, "cpu"))
            os.symlink("/dev/zero", os.path.join(d, "cpu"))
        elif label == "cache dir 4000 chars":
            env["LMC_CACHE_DIR"] = os.path.join(d, *(["a" * 200] * 20))
        elif label == "cache dir unwritable (mode 555)":
            os.chmod(d, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
        out = d + "-demo.json"
        cmd = BEAM if rel and rel.startswith("opts") else DEMO + ["--json", out]
        r = h.run(cmd, env=env, timeout=120)

        def ok(run):
            if cmd is BEAM:
                return True if "elementwise" in run.out or "kernel" in run.out else f"no table: {run.out[-200:]}"
            got = demo_result(out)
            return True if got == want else f"result differs from the clean cache's: {str(got)[:200]}"

        name = f"{rel or 'cache dir'}: {label}"
        h.expect_error(AREA_CACHE, name, r, ["LMC_CACHE_DIR"] if rel is None else [], ok_if_zero=ok)
        for p in (d, out):
            if os.path.isdir(p):
                os.chmod(p, 0o755)
                shutil.rmtree(p, ignore_errors=True)
            elif os.path.lexists(p):
                os.remove(p)

    list(pool.map(do, jobs))


def device_intact(path, kind):
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) if kind == "chr" else stat.S_ISFIFO(mode)


def output_trials(h, quick, golden):
    trace = os.path.join(h.work, "trace.json")
    open(trace, "w").write('{"format": "lmc-trace", "events": []}')
    afile = os.path.join(h.work, "a-file")
    open(afile, "w").write("keep me")
    fifo = os.path.join(h.work, "a-fifo")
    os.mkfifo(fifo)
    fresh = lambda: os.path.join(h.work, f"new-{len(h.cases)}")
    # (label, path, what --json gives, what --export/--monty-episode give): "error", or "ok" (the output is checked)
    places = [("/dev/full", "/dev/full", "error", "error"), ("a FIFO nobody reads", fifo, "error", "error"),
              ("an existing folder", h.work, "error", "ok"), ("under a file", afile + "/x.json", "error", "error"),
              ("/proc/version", "/proc/version", "error", "error"),
              ("a folder that does not exist", None, "error", "ok"),
              ("name 5000 chars", os.path.join(h.work, "n" * 5000), "error", "error"),
              ("/dev/null", "/dev/null", "ok", "error")]
    trials = []
    for label, path, json_expect, dir_expect in places:
        trials.append((f"demo --json {label}", DEMO + ["--json"], path, json_expect, "json"))
        trials.append((f"beam --json {label}", BEAM + ["--json"], path, json_expect, "json"))
        trials.append((f"viz --export {label}", ["viz", trace, "--export"], path, dir_expect, "export"))
        trials.append((f"demo --monty-episode {label}", DEMO + ["--monty-episode"], path, dir_expect, "episode"))
    trials.append(("viz --export over the trace", ["viz", trace, "--export"], trace, "error", "export"))
    if quick:
        trials = trials[::3]
    # The FIFO first: an lmc that replaces it by renaming a file over it would do the same to /dev/full (as root).
    trials.sort(key=lambda t: t[2] == "/dev/full")
    for name, argv, path, expect, kind in trials:
        if path == "/dev/full" and not device_intact(fifo, "fifo"):
            h.record(AREA_OUT, name, WRONG, "skipped: lmc replaced a FIFO by a file, it would replace /dev/full", "")
            continue
        path = path or os.path.join(fresh(), "x", "y")
        before = open(afile).read(), open(trace).read()
        r = h.run(argv + [path], timeout=120)

        def ok(run, path=path, kind=kind):
            if path in ("/dev/null",):
                return True
            if kind == "json":
                return True if json.load(open(path)) else "empty JSON"
            if kind == "export":
                return True if os.path.isfile(os.path.join(path, "index.html")) else "no index.html"
            return True if os.path.isdir(path) and os.listdir(path) else "no episode files"
        if expect == "ok":
            col, detail = h.judge_failure(r)
            if col is None:
                verdict = ok(r)
                col, detail = (HANDLED, "") if verdict is True else (WRONG, str(verdict))
            h.record(AREA_OUT, name, col, detail, r.repro())
        else:
            h.expect_error(AREA_OUT, name, r, [])
        if (open(afile).read(), open(trace).read()) != before:
            h.record(AREA_OUT, name + " (input kept)", WRONG, "an input file changed", r.repro())
        for dev, kind_ in (("/dev/full", "chr"), ("/dev/null", "chr"), (fifo, "fifo")):
            if not device_intact(dev, kind_):
                h.record(AREA_OUT, name + f" ({dev} kept)", WRONG, f"{dev} was replaced by a file", r.repro())
                restore(dev, fifo)
    case = os.path.join(golden, "evidence_step_nopfd")
    if os.path.isdir(case):
        copy = os.path.join(h.work, "out-case")
        shutil.copytree(case, copy)
        link = os.path.join(h.work, "out-case-link")
        os.symlink(copy, link)
        for label, out in [("--out the case", copy), ("--out a link to the case", link), ("--out /dev/full", "/dev/full"),
                           ("--out a file", afile), ("--out under /proc", "/proc/lmc-out")]:
            before = {n: open(os.path.join(copy, n), "rb").read() for n in os.listdir(copy)}
            r = h.run(["monty", "replay", copy, "--out", out, "--device", "CPU"], timeout=120)
            h.expect_error(AREA_OUT, f"monty replay {label}", r, [])
            after = {n: open(os.path.join(copy, n), "rb").read() for n in os.listdir(copy)}
            if after != before:
                h.record(AREA_OUT, f"monty replay {label} (case kept)", WRONG, "the case's files changed", r.repro())
        # a full disk in the middle of the outputs: the folder is left as it was, exit non-zero
        out = os.path.join(h.work, "out-fsize")
        argv = ["monty", "replay", copy, "--out", out, "--device", "CPU"]
        h.expect_error(AREA_OUT, "monty replay full disk (ulimit -f 20 KiB)", _with_fsize(h, argv), [])
        if os.path.exists(out) and os.listdir(out):
            h.record(AREA_OUT, "monty replay full disk (no partial output)", WRONG, str(os.listdir(out)[:5]),
                     " ".join(argv))


def restore(dev, fifo):
    """Puts back a device node or FIFO that a faulty lmc replaced (as root), so the sweep leaves the machine as it was."""
    try:
        os.remove(dev)
        if dev == fifo:
            os.mkfifo(dev)
        else:
            os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 7 if dev == "/dev/full" else 3))
            os.chmod(dev, 0o666)
    except OSError as e:
        print(f"sweep: could not restore {dev}: {e}", file=sys.stderr)


def _with_fsize(h, argv):
    """Runs lmc with writes past 20 KiB failing (SIGXFSZ ignored, so write returns EFBIG as on a full disk)."""
    orig = h._limits
    try:

        def limits():  # in the child: subprocess restores SIGXFSZ to its default before this runs
            orig()
            resource.setrlimit(resource.RLIMIT_FSIZE, (20 << 10, 20 << 10))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        h._limits = limits
        return h.run(argv, timeout=120)
    finally:
        h._limits = orig


def run(h, pool, quick, golden=None):
    cache_trials(h, pool, quick)
    golden = golden or os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/golden/monty")
    output_trials(h, quick, golden)
