"""Flags of `lmc demo`, `lmc beam`, `lmc fuzz`, `lmc viz`, `lmc monty` and the dispatcher out of range or malformed,
and LMC_* environment values malformed.

Its own file as one area of the sweep. Every trial expects a clear error naming the flag (or variable) and the value;
the few valid-but-odd values (a flag given twice, `--flag=value`) must run and give the checked answer.
"""
import json
import os

from harness import HANDLED, WRONG

AREA_FLAGS = "flags: demo, beam, fuzz, viz, monty"
AREA_ENV = "environment: LMC_*"

INT_BAD = ["", "abc", "-1", "0", "1.5", "1e3", "0x10", " 7", "7 ", "+-3", "99999999999999999999", "4294967298",
           "9223372036854775808", "-9223372036854775809", "１２", "7abc", "--", "NaN"]


def tiny_demo(extra):
    return ["demo", "--device", "CPU", "--objects", "2", "--nodes", "40", "--runs", "1", "--max-steps", "3"] + extra


def flag_trials():
    """(name, argv, names the error must carry)."""
    for flag in ["--runs", "--objects", "--nodes", "--max-steps"]:
        for v in INT_BAD:
            yield f"demo {flag} {v!r}", tiny_demo([flag, v]), [flag]
    for v in ["1000000000", "100001", "9223372036854775807"]:
        yield f"demo --objects {v}", tiny_demo(["--objects", v]), ["--objects"]
    yield "demo objects x nodes", tiny_demo(["--objects", "100000", "--nodes", "1000000"]), ["nodes"]
    yield "demo --seed abc", tiny_demo(["--seed", "abc"]), ["--seed"]
    yield "demo --seed huge", tiny_demo(["--seed", "99999999999999999999"]), ["--seed"]
    yield "demo --device TPU", tiny_demo(["--device", "TPU"]), ["TPU"]
    yield "demo --dtype int8", tiny_demo(["--dtype", "int8"]), ["int8"]
    yield "demo --json ''", tiny_demo(["--json", ""]), ["--json"]
    yield "demo --monty-episode ''", tiny_demo(["--monty-episode", ""]), ["--monty-episode"]
    yield "demo positional", tiny_demo(["extra"]), ["extra"]
    yield "demo flag no value", tiny_demo(["--runs"]), ["--runs"]
    for v in INT_BAD:
        yield f"beam --beam {v!r}", ["beam", "elementwise:64", "--device", "CPU", "--beam", v], ["--beam"]
        if v != "0":  # no round at all is valid: the heuristic alone
            yield f"beam --rounds {v!r}", ["beam", "elementwise:64", "--device", "CPU", "--rounds", v], ["--rounds"]
    for w in ["sum_rows:4611686018427387907,4", "matmul:0,1,1", "matmul:-1,2,2", "matmul:1,2", "matmul:1,2,3,4",
              "matmul:2,2,2:int8", "matmul:2,2,2:", "knn:4,4,5", "knn:4,4,0", "softmax:a,b",
              "elementwise:1,2", "nosuch", "", ":", "elementwise:99999999999999999999",
              "elementwise:4611686018427387904", "sum_cols:3037000500,3037000500", "matmul:4194304,4194304,4194304",
              "fused_sum:,", "knn:1,1,1,1"]:
        yield f"beam workload {w!r}", ["beam", w, "--device", "CPU", "--beam", "1", "--rounds", "1"], [w] if w else []
    yield "beam --device TPU", ["beam", "elementwise:64", "--device", "TPU"], ["TPU"]
    yield "beam --json ''", ["beam", "elementwise:64", "--device", "CPU", "--json", ""], ["--json"]
    yield "beam two workloads", ["beam", "elementwise:64", "sum_rows:4,4", "--device", "CPU"], []
    for flag, lo_hi in [("--count", None), ("--depth", "16"), ("--vars", "8"), ("--timeout-ms", None)]:
        # (a count of 4294967298 is valid: that many expressions take as long as they take, so it is not tried)
        values = [v for v in INT_BAD if not (flag == "--count" and v == "4294967298")]
        for v in values + (["17", "200"] if flag == "--depth" else ["9", "1000"] if flag == "--vars" else []):
            yield f"fuzz {flag} {v!r}", ["fuzz", "--count", "3", flag, v], [flag]
    yield "fuzz --timeout-ms past uint32", ["fuzz", "--count", "1", "--timeout-ms", "4294967296"], ["--timeout-ms"]
    yield "fuzz --seed abc", ["fuzz", "--count", "1", "--seed", "abc"], ["--seed"]
    yield "fuzz positional", ["fuzz", "extra"], ["extra"]
    for v in [v for v in INT_BAD if v != "0"] + ["65536", "4294975296", "-8000"]:  # 0 picks a free port
        yield f"viz --port {v!r}", ["viz", "/nonexistent-trace.json", "--port", v], ["--port"]
    for v in ["", "abc", "-1", "2147483648", "99999999999999999999"]:  # 0 is valid: serve until stopped
        yield f"viz --max-requests {v!r}", ["viz", "/nonexistent-trace.json", "--max-requests", v], ["--max-requests"]
    yield "viz --export ''", ["viz", "/nonexistent-trace.json", "--export", ""], ["--export"]
    yield "viz two traces", ["viz", "a.json", "b.json"], []
    yield "viz missing trace", ["viz", "/nonexistent-trace.json"], ["/nonexistent-trace.json"]
    yield "viz trace /dev/zero", ["viz", "/dev/zero"], ["/dev/zero"]
    yield "viz trace a directory", ["viz", "/tmp"], ["/tmp"]
    yield "viz --host bad", ["viz", "/nonexistent-trace.json", "--host", "999.1.1.1"], []
    yield "monty no --out", ["monty", "replay", "/tmp"], ["--out"]
    yield "monty --dtype int8", ["monty", "replay", "/tmp", "--out", "/tmp/x", "--dtype", "int8"], ["int8"]
    yield "monty --device TPU", ["monty", "replay", "/tmp", "--out", "/tmp/x", "--device", "TPU"], ["TPU"]
    yield "monty unknown verb", ["monty", "learn", "/tmp"], ["replay"]
    yield "monty nothing", ["monty"], ["replay"]
    yield "unknown command", ["frobnicate"], ["frobnicate"]
    yield "help unknown", ["help", "frobnicate"], ["frobnicate"]
    yield "unknown flag everywhere", ["simplify", "--var", "x=0:1", "x", "--verbose"], ["--verbose"]
    yield "flag with =", ["fuzz", "--count=abc"], ["--count"]
    yield "bool flag with value", ["simplify", "x", "--var", "x=0:1", "--no-prove=1"], ["--no-prove"]


def handled_trials():
    """(name, argv, check(run) -> True or what is wrong)."""
    def fuzz_ok(n):
        return lambda r: True if f"expressions      {n}\n" in r.out and "counterexamples  0\n" in r.out else r.out[-200:]
    yield "fuzz --count=2 form", ["fuzz", "--count=2", "--depth", "2"], fuzz_ok(2)
    yield "fuzz flag twice (last wins)", ["fuzz", "--count", "5", "--count", "2", "--depth", "2"], fuzz_ok(2)
    yield "fuzz depth 16 one expression", ["fuzz", "--count", "1", "--depth", "16", "--timeout-ms", "2000"], fuzz_ok(1)
    yield "help lists commands", ["help"], lambda r: True if "simplify" in r.out and "monty" in r.out else r.out
    yield "no arguments", [], None


def env_trials():
    ints = ["LMC_DEBUG", "LMC_BEAM", "LMC_NOOPT", "LMC_VIZ", "LMC_CHECK_OOB", "LMC_THREADS", "LMC_GRID_SUBDIVISIONS",
            "LMC_CUDA_COMPILE_CHECK"]
    for var in ints:
        for v in ["abc", "-1", "1.5", "99999999999999999999", "4294967298", "0x10", " 1", "1 ", "\u00e9", "1e3"]:
            yield f"{var}={v!r}", {var: v}, [var]
    yield "LMC_THREADS huge", {"LMC_THREADS": "1000000"}, ["LMC_THREADS"]
    for v in ["TPU", "cpu0", "CUDA:1", " CPU", "\u00e9"]:
        yield f"LMC_DEVICE={v!r}", {"LMC_DEVICE": v}, ["LMC_DEVICE"]
    for v in ["2", "-1", "on", "AUTO", "99999999999999999999", " 1", "\u00e9"]:
        yield f"LMC_CUDA_FMA={v!r}", {"LMC_CUDA_FMA": v}, ["LMC_CUDA_FMA"]


def run(h, pool, quick):
    trials = list(flag_trials())
    if quick:
        trials = trials[::6]

    def do(t):
        name, argv, names = t
        h.expect_error(AREA_FLAGS, name, h.run(argv, timeout=60), names)

    list(pool.map(do, trials))
    for name, argv, check in handled_trials():
        r = h.run(argv, timeout=60)
        if check is None:  # no arguments: the overview on stderr, a usage exit
            h.expect_error(AREA_FLAGS, name, r, ["usage"])
            continue
        col, detail = h.judge_failure(r)
        if col is None:
            verdict = check(r)
            col, detail = (HANDLED, "") if verdict is True else (WRONG, str(verdict))
        h.record(AREA_FLAGS, name, col, detail, r.repro())
    envs = list(env_trials())
    if quick:
        envs = envs[::5]
    # A command that reads the configuration: a tiny beam on the CPU (LMC_BEAM is its default width).
    argv = ["beam", "elementwise:64", "--device", "CPU", "--rounds", "1"]

    def do_env(t):
        name, env, names = t
        h.expect_error(AREA_ENV, name, h.run(argv, env=env, timeout=60), names)

    list(pool.map(do_env, envs))
    # LMC_VIZ_FILE where a trace cannot go: a clear error, or the trace written whole (never /dev/full replaced).
    viz_argv = ["beam", "elementwise:64", "--device", "CPU", "--rounds", "1", "--beam", "1"]
    for label, path in [("/dev/full", "/dev/full"), ("a folder", h.work), ("a missing folder", "/nonexistent-lmc/t.json"),
                        ("empty", ""), ("5000 chars", "t" * 5000)]:
        r = h.run(viz_argv, env={"LMC_VIZ": "1", "LMC_VIZ_FILE": path}, timeout=60)

        def trace_ok(run, path=path):
            where = os.path.join(h.work, path or "lmc-trace.json")
            if not os.path.isfile(where):  # never read a device (/dev/full reads zeros forever)
                return f"exit 0 but {where} is no file holding the trace"
            try:
                return True if json.load(open(where)).get("format") == "lmc-trace" else "not a trace"
            except (OSError, ValueError) as e:
                return f"exit 0 but no trace at {where}: {e}" if run.out else "no answer"
        h.expect_error(AREA_ENV, f"LMC_VIZ_FILE {label}", r, ["LMC_VIZ_FILE"] if path else [], ok_if_zero=trace_ok)
    # Unknown LMC_* names are warned about, not fatal: the run must still give the right answer.
    r = h.run(["simplify", "--json", "--no-prove", "--var", "x=0:3", "x + 0"], env={"LMC_FROBNICATE": "1"})
    ok = r.code == 0 and '"simplified":"x"' in r.out and "LMC_FROBNICATE" in r.err
    h.record(AREA_ENV, "unknown LMC_FROBNICATE", HANDLED if ok else WRONG, r.out + r.err[-200:], r.repro())
