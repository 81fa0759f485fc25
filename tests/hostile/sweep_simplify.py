"""`lmc simplify` under hostile expressions, every dtype, checked against the independent evaluator (expr_oracle).

Its own file as one area of the sweep. Each expression runs with --json; exit 0 is 'handled' only when, at every
point of the variables' (small) ranges where the input is defined, the simplified form has the input's value and
the value lies within the reported bounds, and the reference reader accepts the input; otherwise it is silently
wrong. A non-zero exit must be a clear error.
"""
import itertools
import json
import random

from expr_oracle import DTYPES, Parser, SyntaxErr, Undefined, dtype_range, evaluate, render
from harness import HANDLED, WRONG

AREA = "simplify: expressions"
AREA_BOMB = "simplify: nesting, size, syntax"
MAX_POINTS = 600


def var_ranges(dtype, rng):
    lo, hi = dtype_range(dtype)
    hi_flag = min(hi, (1 << 63) - 1)  # --var bounds are int64 (a uint64 var above INT64_MAX is refused: see below)
    choices = [(0, 6), (hi_flag - 5, hi_flag), (max(lo, -4), 4)]
    if lo < 0:
        choices.append((lo, lo + 5))
    out = {}
    for name in ("x", "y", "z")[: rng.randint(1, 3)]:
        a, b = rng.choice(choices)
        out[name] = (a, b)
    return out


def literal(dtype, rng):
    lo, hi = dtype_range(dtype)
    v = rng.choice([0, 1, 2, 3, 7, hi, hi - 1, lo, lo + 1, -1, 1 << (DTYPES[dtype][0] - 1), rng.randint(lo, hi)])
    if v < lo or v > hi:
        v = 1
    if v < 0:  # a negative literal is written as the negation of a positive one (MIN as -MAX - 1)
        return ("neg", ("lit", -v)) if -v <= hi else ("-", ("neg", ("lit", hi)), ("lit", 1))
    return ("lit", v)


def gen_int(depth, names, dtype, rng):
    if depth <= 0 or rng.random() < 0.25:
        return ("var", rng.choice(names)) if rng.random() < 0.6 else literal(dtype, rng)
    op = rng.choice(["+", "-", "*", "//", "%", "cdiv", "cmod", "max", "min", "where", "neg", "+", "*", "//"])
    if op == "neg":
        return ("neg", gen_int(depth - 1, names, dtype, rng))
    if op == "where":
        return ("where", gen_bool(depth - 1, names, dtype, rng), gen_int(depth - 1, names, dtype, rng),
                gen_int(depth - 1, names, dtype, rng))
    return (op, gen_int(depth - 1, names, dtype, rng), gen_int(depth - 1, names, dtype, rng))


def gen_bool(depth, names, dtype, rng):
    r = rng.random()
    if depth > 1 and r < 0.2:
        return (rng.choice(["and", "or"]), gen_bool(depth - 1, names, dtype, rng), gen_bool(depth - 1, names, dtype, rng))
    if depth > 1 and r < 0.3:
        return ("not", gen_bool(depth - 1, names, dtype, rng))
    op = rng.choice(["<", "<=", ">", ">=", "==", "!="])
    return (op, gen_int(depth - 1, names, dtype, rng), gen_int(depth - 1, names, dtype, rng))


def check_result(text, ranges, dtype, out_json):
    """True when lmc's simplified form and bounds agree with the reference; else what is wrong."""
    try:
        got = json.loads(out_json.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return f"output is not JSON: {out_json[-200:]}"
    names = set(ranges)
    try:
        before = Parser(text, names).parse()
    except SyntaxErr as e:
        return f"accepted an input the reference reader rejects ({e})"
    try:
        after = Parser(got["simplified"], names).parse()
    except SyntaxErr as e:
        return f"simplified form '{got['simplified'][:200]}' does not parse back ({e})"
    vmin, vmax = got["vmin"], got["vmax"]
    axes = [range(lo, hi + 1) for lo, hi in ranges.values()]
    points = list(itertools.product(*axes)) if axes else [()]
    if len(points) > MAX_POINTS:
        points = random.Random(len(points)).sample(points, MAX_POINTS)
    for p in points:
        env = dict(zip(ranges, p))
        try:
            want = evaluate(before, env, dtype)
        except Undefined:
            continue
        except SyntaxErr as e:
            return f"accepted an input the reference rejects ({e})"
        try:
            have = evaluate(after, env, dtype)
        except Undefined:
            return f"simplified form divides by zero at {env} where the input does not"
        except SyntaxErr as e:
            return f"simplified form ill-typed ({e})"
        if int(have) != int(want) or isinstance(have, bool) != isinstance(want, bool):
            return f"at {env}: input {want}, simplified {have} ({got['simplified'][:200]}), proved={got['proved']}"
        if not vmin <= int(want) <= vmax:
            return f"at {env}: value {int(want)} outside the bounds [{vmin}, {vmax}]"
    return True


def simplify_args(text, ranges, dtype, prove=True):
    args = ["simplify", "--json", "--dtype", dtype]
    for n, (lo, hi) in ranges.items():
        args += ["--var", f"{n}={lo}:{hi}"]
    if not prove:
        args.append("--no-prove")
    return args + ["--", text]


def try_expr(h, area, name, text, ranges, dtype, prove=True, names=()):
    r = h.run(simplify_args(text, ranges, dtype, prove))
    if r.code == 1 and "differs from the input" in r.err:  # Z3 refuted lmc's own rewrite: a wrong rule
        h.record(area, name, WRONG, "refuted by Z3: " + r.err[-200:], r.repro())
        return
    h.expect_error(area, name, r, names, ok_if_zero=lambda run: check_result(text, ranges, dtype, run.out))


def random_cases(count, seed):
    rng = random.Random(seed)
    for i in range(count):
        dtype = list(DTYPES)[i % len(DTYPES)]
        ranges = var_ranges(dtype, rng)
        text = render(gen_int(rng.randint(1, 4), list(ranges), dtype, rng))
        yield f"random {dtype} #{i}", text, ranges, dtype


def directed_cases():
    u64max = (1 << 64) - 1
    yield "issue uint64 where", "where(x < 18446744073709551615, 1, 2)", {"x": (0, 10)}, "uint64"
    yield "x % 0", "x % 0", {"x": (0, 10)}, "int32"
    yield "x // 0", "x // 0", {"x": (-3, 10)}, "int32"
    yield "cdiv by range with 0", "cdiv(x, y)", {"x": (-5, 5), "y": (-2, 2)}, "int32"
    yield "floor mod by range with 0", "x % (y - 2)", {"x": (0, 9), "y": (0, 4)}, "int16"
    yield "where guarding 0", "where(y == 0, 0, x // y)", {"x": (0, 9), "y": (0, 3)}, "int32"
    yield "int8 MIN // -1", "x // (0 - 1)", {"x": (-128, -126)}, "int8"
    yield "int64 MIN % -1", "x % (0 - 1)", {"x": (-(1 << 63), -(1 << 63) + 2)}, "int64"
    yield "uint64 max + 1", f"x + {u64max}", {"x": (0, 5)}, "uint64"
    yield "uint64 0 - 1", "x - 1", {"x": (0, 5)}, "uint64"
    yield "uint64 mul wrap", "x * 9223372036854775808", {"x": (0, 5)}, "uint64"
    yield "uint64 compare top", f"where(x <= {u64max}, 1, 2)", {"x": (0, 5)}, "uint64"
    yield "uint64 floor div big", f"x // {u64max}", {"x": (0, 5)}, "uint64"
    yield "uint64 mod big", f"{u64max} % (x + 1)", {"x": (0, 5)}, "uint64"
    yield "uint32 max compare", "where(x < 4294967295, x, 0)", {"x": (4294967290, 4294967295)}, "uint32"
    yield "int32 overflow add", "x + 2147483647", {"x": (0, 3)}, "int32"
    yield "int64 max * 2", "x * 2", {"x": ((1 << 63) - 4, (1 << 63) - 1)}, "int64"
    yield "int8 neg min", "-x", {"x": (-128, -125)}, "int8"
    yield "max of extremes", "max(x, 9223372036854775807) - min(x, 0 - 9223372036854775807 - 1)", {"x": (-2, 2)}, "int64"
    yield "bool where", "where(not (x < 3) and x != 5, x, 0 - x)", {"x": (0, 7)}, "int32"
    yield "undefined branch dropped", "where(x > 7, y // y, cdiv(y, -x))", {"x": (-2**31, -2**31 + 5), "y": (0, 6)}, "int32"
    yield "INT_MIN literal", "x + -2147483648", {"x": (0, 5)}, "int32"
    for dt in ("int8", "int32", "int64", "uint8", "uint64"):
        lo, hi = dtype_range(dt)
        for e in ["x << y", "x >> y", "(x & y) | (x ^ 3)", "(x << 1) >> 1", "where((x & 1) == 0, x >> 1, x)"]:
            yield f"{dt} bits {e}", e, {"x": (max(lo, -5), 6), "y": (0, 9)}, dt
    for dt in DTYPES:
        lo, hi = dtype_range(dt)
        yield f"{dt} at the top", f"where(x < {hi}, 1, 2)", {"x": (0, 10)}, dt
        yield f"{dt} hi // x", f"{hi} // (x + 1)", {"x": (0, 4)}, dt
        yield f"{dt} hi - x", f"{hi} - x", {"x": (0, 4)}, dt


def rep(s, n):
    return s * n


def malformed_cases():
    """(name, text, ranges, dtype, names the error should carry)."""
    x = {"x": (0, 10)}
    yield "3000 parens", rep("(", 3000) + "x" + rep(")", 3000), x, "int32", ["nesting"]
    yield "30000 unary minus", rep("-", 30000) + "x", x, "int32", ["nesting"]
    yield "20000 not", rep("not ", 20000) + "x < 1", x, "int32", ["nesting"]
    yield "4000 nested max", rep("max(", 4000) + "x" + rep(", 1)", 4000), x, "int32", ["nesting"]
    yield "100000 nested where", rep("where(x < 1, ", 3000) + "x" + rep(", 0)", 3000), x, "int32", ["nesting"]
    yield "999 parens (allowed)", rep("(", 900) + "x" + rep(")", 900), x, "int32", []
    yield "literal past uint64", "x + 99999999999999999999", x, "uint64", ["99999999999999999999"]
    yield "literal past int32", "x + 2147483648", x, "int32", ["2147483648"]
    yield "literal past int8", "x + 300", x, "int8", ["300"]
    yield "literal 400 digits", "x + " + "9" * 400, x, "int64", []
    for bad in ["", " ", "x +", "+", "(x", "x)", "()", "where(x)", "max(x,)", "max(,x)", "cdiv(x)", "x ** 2",
                "x / 2", "x << 1", "x & 1", "x | 1", "x ^ 1", "1e5 + x", "0x10 + x", "1_000 + x", "x ++ 1",
                "x < < 1", "x $ 1", "x＋1", "x\t+\n1", "x;1", "x,1", "-true", "where(x, 1, 2)", "not x",
                "x and 1", "where(x < 1, true, 2)", "max(x < 1, 2)", "x.y", "x[0]", "undeclared + 1", "where",
                "max", "not", "and", "x ==", "- - - -", "((((", "))))", "x" * 5000, "x " * 50, "1 2", "x y"]:
        yield f"malformed {bad[:20]!r}", bad, x, "int32", []


def flag_cases():
    """Malformed --var/--dtype flags: (name, args, names the error must carry)."""
    yield "var reversed", ["--var", "x=5:1"], ["x=5:1"]
    yield "var letters", ["--var", "x=a:b"], ["x=a:b"]
    yield "var no name", ["--var", "=0:1"], ["=0:1"]
    yield "var no colon", ["--var", "x=5"], ["x=5"]
    yield "var keyword", ["--var", "where=0:1"], ["where"]
    yield "var twice", ["--var", "x=0:1", "--var", "x=0:2"], ["x"]
    yield "var past int64", ["--var", "x=0:99999999999999999999"], ["99999999999999999999"]
    yield "var uint64 top", ["--var", "x=0:18446744073709551615", "--dtype", "uint64"], ["18446744073709551615"]
    yield "var negative uint8", ["--var", "x=-1:3", "--dtype", "uint8"], ["uint8"]
    yield "var above int8", ["--var", "x=0:200", "--dtype", "int8"], ["int8"]
    yield "dtype float32", ["--var", "x=0:1", "--dtype", "float32"], ["float32"]
    yield "dtype int128", ["--var", "x=0:1", "--dtype", "int128"], ["int128"]
    yield "dtype empty", ["--var", "x=0:1", "--dtype", ""], ["--dtype"]
    yield "dtype missing value", ["--var", "x=0:1", "--dtype"], ["--dtype"]
    yield "unknown flag", ["--var", "x=0:1", "--frobnicate"], ["--frobnicate"]
    yield "json with value", ["--var", "x=0:1", "--json=1"], ["--json"]
    yield "two expressions", ["--var", "x=0:1", "x", "x"], ["2"]
    yield "no expression", ["--var", "x=0:1"], ["expression"]


def run(h, pool, quick):
    count = 80 if quick else 1600
    jobs = [(AREA, n, t, r, d, True, ()) for n, t, r, d in random_cases(count, 15)]
    jobs += [(AREA, n, t, r, d, True, ()) for n, t, r, d in directed_cases()]
    jobs += [(AREA_BOMB, n, t, r, d, False, tuple(names)) for n, t, r, d, names in malformed_cases()]
    list(pool.map(lambda j: try_expr(h, *j[:5], prove=j[5], names=j[6]), jobs))
    for name, args, names in flag_cases():
        bare = "no expression" in name or "two" in name or "missing value" in name
        r = h.run(["simplify"] + (["x"] if not bare else []) + args)
        h.expect_error(AREA_BOMB, name, r, names)
    # 30,000 terms: the printer must not overflow the stack; the sum is checked by its closed form.
    r = h.run(["simplify", "--json", "--no-prove", "--var", "x=0:10", "--var", "y=0:3", "x" + " + y" * 30000])
    ok = r.code == 0 and json.loads(r.out)["simplified"] in ("x + y * 30000", "y * 30000 + x")
    h.record(AREA_BOMB, "30000-term sum", HANDLED if ok else WRONG, r.out[-200:] + r.err[-200:], r.repro())
