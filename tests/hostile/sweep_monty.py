"""`lmc monty replay` on damaged copies of Monty's golden cases: every case.json field corrupted (missing, wrong type,
negative, zero, huge, NaN) and every input .npy damaged (wrong dtype, shape, truncated, header lies, path outside the
case, a link to /dev/zero, a directory).

Its own file as one area of the sweep. The originals are never written: each trial copies a case into the scratch
folder. Exit 0 is 'handled' when the outputs equal those of the undamaged case (the damage did not matter, or was
read correctly, e.g. a big-endian array) or when the changed value is a valid one (LEGIT below); any other exit 0
is silently wrong. Every trial also checks that the case's own files were not changed.
"""
import ast
import hashlib
import json
import math
import os
import shutil
import struct
import threading

from harness import HANDLED, WRONG

AREA_JSON = "monty replay: case.json fields"
AREA_NPY = "monty replay: .npy arrays"
AREA_CASE = "monty replay: case folder"

_counter = iter(range(10**9))
_counter_lock = threading.Lock()

# (field, value) changes that are valid inputs with another answer (Monty accepts them too): exit 0 is right.
# A missing field with a default in Monty's config (past/present weight 1.0, x_percent 10, increment 1, no circular
# columns, no pose weights) is read as that default.
DEFAULTED = {"past_weight", "present_weight", "x_percent_threshold", "feature_evidence_increment", "circular_columns",
             "max_global_evidence", "pose_vectors", "hsv", "principal_curvatures_log"}
LEGIT_VALUES = {"past_weight": {0, 2.5}, "present_weight": {0, 2.5}, "x_percent_threshold": {0, 2.5},
                "feature_evidence_increment": {0, 2.5}, "max_global_evidence": {0, 2.5, -1},
                "max_match_distance": {2.5}, "hsv": {0, 2.5}, "principal_curvatures_log": {0, 2.5},
                "pose_vectors": {0, 2.5}, "K": {2}, "sampling_multiplier": {0, 2.5},
                "deletion_trigger_slope": {-1, 0, 2.5}, "burst_trigger_slope": {-1, 0, 2.5},
                "sampling_burst_duration": {0}, "tracker_min_age": {0}}


def scratch(h, name):
    with _counter_lock:
        n = next(_counter)
    d = os.path.join(h.work, "cases", f"{n}-{name}")
    os.makedirs(os.path.dirname(d), exist_ok=True)
    return d


def copy_case(src, dst):
    shutil.copytree(src, dst, symlinks=True)


def digest(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        p = os.path.join(folder, name)
        if os.path.isfile(p) and not os.path.islink(p):
            with open(p, "rb") as f:
                out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def outputs(folder):
    if not os.path.isdir(folder):
        return None
    return {n: open(os.path.join(folder, n), "rb").read() for n in sorted(os.listdir(folder))}


def replay(h, case, out, extra=()):
    return h.run(["monty", "replay", case, "--out", out, "--device", "CPU", *extra])


def judge(h, area, name, case_dir, baseline, legit=False, names=(), before=None):
    out = case_dir + "-out"
    before = before if before is not None else digest(case_dir) if os.path.isdir(case_dir) else None
    r = replay(h, case_dir, out)

    def ok(run):
        got = outputs(out)
        if got == baseline:
            return True
        if legit:
            return True if got else "no outputs written"
        diff = [k for k in (baseline or {}) if (got or {}).get(k) != baseline[k]]
        return f"accepted; {len(diff)} outputs differ from the undamaged case ({', '.join(diff[:4])})"

    col = h.expect_error(area, name, r, names, ok_if_zero=ok)
    if before is not None and os.path.isdir(case_dir) and digest(case_dir) != before and col != WRONG:
        h.record(area, name + " (case files)", WRONG, "the case's own files changed", r.repro())
    shutil.rmtree(case_dir, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def leaves(obj, path=()):
    """Every field path of case.json the replay might read: the kind, params (containers included) and each array
    entry's name, file, shape (and its dimensions) and dtype."""
    if path:
        yield path
    if path == ():
        for k in ("kind", "params", "arrays"):
            yield from leaves(obj[k], (k,))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if path[0] == "arrays" and k in ("meaning", "role"):
                continue
            yield from leaves(v, path + (k,))
    elif isinstance(obj, list) and (path[0] == "arrays" or len(obj) <= 6):
        for i, v in enumerate(obj):
            yield from leaves(v, path + (i,))


BAD_VALUES = [("missing", None), ("string", "abc"), ("negative", -1), ("zero", 0), ("huge", 10**30),
              ("int64 max+1", 2**63), ("NaN", float("nan")), ("inf", float("inf")), ("fraction", 2.5),
              ("empty list", []), ("object", {}), ("null", "__null__"), ("bool", True), ("nested bomb", "__bomb__")]


def set_path(doc, path, value):
    target = doc
    for k in path[:-1]:
        target = target[k]
    if value is None:
        if isinstance(target, list):
            del target[path[-1]]
        else:
            del target[path[-1]]
    else:
        target[path[-1]] = None if value == "__null__" else value


def dump(doc):
    text = json.dumps(doc, allow_nan=True)  # NaN and Infinity as Python writes them (not JSON: lmc must say so)
    return text.replace('"__bomb__"', "[" * 100000 + "]" * 100000)


def json_trials(case_dir, quick, params_only=False):
    doc = json.load(open(os.path.join(case_dir, "case.json")))
    inputs = {i for i, a in enumerate(doc["arrays"]) if a.get("role") == "input"}
    # the output entries only name what is written; of the inputs, the first four and every tenth are damaged
    chosen = {i for i in sorted(inputs)[:4]} | {i for i in inputs if i % 10 == 0}
    paths = [p for p in leaves(doc) if p[0] != "arrays" or len(p) == 1 or p[1] in chosen]
    if params_only:  # the episode replays for seconds: its params (and kind) only; its arrays are damaged as .npy
        paths = [p for p in paths if p[0] != "arrays" and len(p) <= 2]  # nested ones: as in evidence_step
    if quick:
        paths = paths[2:60:6]
    for path in paths:
        for label, value in BAD_VALUES if not quick else BAD_VALUES[:7]:
            leaf = path[-1] if isinstance(path[-1], str) else path[-2] if len(path) > 1 else ""
            # no circular column at all, no feature weight given (each defaults to 1, as in Monty), and the other
            # pose_fully_defined, are valid cases too
            legit = (leaf == "circular_columns" and value == []) or (leaf == "pose_fully_defined" and value is True)
            legit = legit or (leaf == "feature_weights" and value == {})
            legit = legit or (value is None and leaf in DEFAULTED) or (not isinstance(value, bool) and isinstance(
                value, (int, float)) and not math.isnan(value) and value in LEGIT_VALUES.get(str(leaf), ()))
            # a field the replay never reads (description, kdtree text, stats) may take any value
            yield ".".join(map(str, path)) + f" {label}", path, value, legit


def npy_bytes(descr, shape, payload, fortran=False, version=1, header_extra=""):
    head = "{'descr': %r, 'fortran_order': %s, 'shape': %s, %s}" % (descr, fortran, tuple(shape), header_extra)
    pad = 64 - (10 + len(head) + 1) % 64
    head = head + " " * pad + "\n"
    lenfmt = "<H" if version == 1 else "<I"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack(lenfmt, len(head)) + head.encode("latin1") + payload


def read_npy(path):
    raw = open(path, "rb").read()
    hl = struct.unpack("<H", raw[8:10])[0]
    header = ast.literal_eval(raw[10:10 + hl].decode("latin1"))
    return header, raw[10 + hl:]


def npy_damages(descr, shape, payload):
    n = shape[0] if shape else 1
    yield "truncated 8 bytes", npy_bytes(descr, shape, payload[:-8]) if payload else b"\x93NUMPY"
    yield "empty file", b""
    yield "cut in header", npy_bytes(descr, shape, payload)[:20]
    yield "bad magic", b"\x93NUMPX" + npy_bytes(descr, shape, payload)[6:]
    yield "header lies: more rows", npy_bytes(descr, [n + 1] + list(shape[1:]), payload)
    yield "header lies: fewer rows", npy_bytes(descr, [max(n - 1, 0)] + list(shape[1:]),
                                               payload[: len(payload) * max(n - 1, 0) // max(n, 1)])
    yield "shape negative", npy_bytes(descr, [-3] + list(shape[1:]), payload)
    yield "shape huge", npy_bytes(descr, [2**62] + list(shape[1:]), payload)
    yield "shape 2^64", npy_bytes(descr, [2**64 + 1] + list(shape[1:]), payload)
    yield "wrong rank", npy_bytes(descr, list(shape) + [1, 1], payload)
    yield "fortran order", npy_bytes(descr, shape, payload, fortran=True) if len(shape) > 1 else None
    yield "header not a dict", b"\x93NUMPY\x01\x00" + struct.pack("<H", 16) + b"[1, 2, 3]      \n" + payload
    yield "header code", npy_bytes(descr, shape, payload, header_extra="'x': __import__('os')")
    yield "header_len past end", b"\x93NUMPY\x01\x00\xff\xff{'descr'"
    yield "version 9", npy_bytes(descr, shape, payload, version=9)
    yield "trailing bytes", npy_bytes(descr, shape, payload + b"\0" * 64)
    if descr == "<f8":
        yield "stored int64", npy_bytes("<i8", shape, payload)
        yield "stored float32", npy_bytes("<f4", shape, payload[: len(payload) // 2])
        yield "stored object", npy_bytes("|O", shape, payload)
        yield "stored complex", npy_bytes("<c16", [n // 2 or 1] + list(shape[1:]), payload)
        yield "unknown descr", npy_bytes("<q9", shape, payload)
        swapped = b"".join(payload[i:i + 8][::-1] for i in range(0, len(payload), 8))
        yield "big-endian (same values)", npy_bytes(">f8", shape, swapped)
    if descr == "|b1":
        yield "bool byte 2", npy_bytes(descr, shape, b"\x02" * len(payload))
        yield "stored float64", npy_bytes("<f8", shape, b"\0" * 8 * len(payload))


def run(h, pool, quick, golden):
    golden = os.path.abspath(golden)
    case_names = ["evidence_step_nopfd"] if quick else ["evidence_step_nopfd", "initial_space", "burst_episode"]
    if not os.path.isdir(golden):
        print(f"sweep: monty skipped, no golden cases at {golden}")
        return
    jobs = []
    for case in case_names:
        src = os.path.join(golden, case)
        base = scratch(h, case + "-base")
        copy_case(src, base)
        r = replay(h, base, base + "-out")
        if r.code != 0:
            h.record(AREA_CASE, f"{case} undamaged", WRONG, r.err[-300:], r.repro())
            continue
        baseline = outputs(base + "-out")
        h.record(AREA_CASE, f"{case} undamaged", HANDLED, "", r.repro())
        for name, path, value, legit in json_trials(base, quick, params_only=case == "burst_episode"):
            jobs.append(("json", case, base, baseline, name, path, value, legit))
        doc = json.load(open(os.path.join(base, "case.json")))
        inputs = [a for a in doc["arrays"] if a.get("role") == "input"]
        if quick or case == "burst_episode":
            inputs = inputs[:3] if quick else inputs[::8]
        for a in inputs:
            header, payload = read_npy(os.path.join(base, a["file"]))
            for label, data in npy_damages(header["descr"], list(header["shape"]), payload):
                if data is not None:
                    jobs.append(("npy", case, base, baseline, f"{a['name']} {label}", a["file"], data, label.startswith("big")))
            for label in ["link to /dev/zero", "directory", "missing", "link outside the case", "path ../outside",
                          "absolute path /etc/passwd", "path ../../../../dev/zero", "fifo"]:
                jobs.append(("place", case, base, baseline, f"{a['name']} {label}", a, label, False))
        if quick:  # every json trial of the subset, every second array trial
            jobs = [j for i, j in enumerate(jobs) if j[0] == "json" or i % 2 == 0]

    def do(job):
        kind, case, base, baseline, name, what, value, legit = job
        d = scratch(h, case)
        copy_case(base, d)
        if kind == "json":
            doc = json.load(open(os.path.join(d, "case.json")))
            set_path(doc, what, value)
            open(os.path.join(d, "case.json"), "w").write(dump(doc))
            judge(h, AREA_JSON, f"{case} {name}", d, baseline, legit)
        elif kind == "npy":
            open(os.path.join(d, what), "wb").write(value)
            judge(h, AREA_NPY, f"{case} {name}", d, baseline, legit, names=(what.removesuffix(".npy"),))
        else:
            place(h, d, what, value)
            judge(h, AREA_NPY, f"{case} {name}", d, baseline, legit=value == "link outside the case")

    list(pool.map(do, jobs))
    case_folder_trials(h, os.path.join(golden, case_names[0]), baseline_of=None)


def place(h, d, array, label):
    path = os.path.join(d, array["file"])
    outside = os.path.join(h.work, "outside-" + os.path.basename(d) + ".npy")
    if label in ("link outside the case", "path ../outside"):
        shutil.copy(path, outside)
    os.remove(path)
    if label == "link to /dev/zero":
        os.symlink("/dev/zero", path)
    elif label == "directory":
        os.mkdir(path)
    elif label == "fifo":
        os.mkfifo(path)
    elif label == "link outside the case":
        os.symlink(outside, path)
    elif label != "missing":
        target = {"path ../outside": os.path.relpath(outside, d), "absolute path /etc/passwd": "/etc/passwd",
                  "path ../../../../dev/zero": "../../../../dev/zero"}[label]
        doc = json.load(open(os.path.join(d, "case.json")))
        for a in doc["arrays"]:
            if a["name"] == array["name"]:
                a["file"] = target
        json.dump(doc, open(os.path.join(d, "case.json"), "w"))


def case_folder_trials(h, src, baseline_of):
    """The case folder itself, and case.json as a whole, damaged."""
    def trial(name, setup, names=()):
        d = scratch(h, "folder")
        copy_case(src, d)
        setup(d)
        r = replay(h, d, d + "-out")
        h.expect_error(AREA_CASE, name, r, names)
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(d + "-out", ignore_errors=True)

    cj = lambda d: os.path.join(d, "case.json")
    write = lambda text: lambda d: open(cj(d), "w").write(text)
    trial("case.json missing", lambda d: os.remove(cj(d)), ["case.json"])
    trial("case.json empty", write(""), ["case.json"])
    trial("case.json not JSON", write("{'kind': evidence_step"), ["case.json"])
    trial("case.json a list", write("[1, 2, 3]"), ["case.json"])
    trial("case.json deep nesting", write("[" * 1000000 + "]" * 1000000), ["case.json"])
    trial("case.json deep objects", write('{"a":' * 200000 + "1" + "}" * 200000), ["case.json"])
    trial("case.json binary", lambda d: open(cj(d), "wb").write(bytes(range(256)) * 100), ["case.json"])
    trial("case.json link to /dev/zero", lambda d: (os.remove(cj(d)), os.symlink("/dev/zero", cj(d))), ["case.json"])
    trial("case.json a directory", lambda d: (os.remove(cj(d)), os.mkdir(cj(d))), ["case.json"])
    trial("case.json kind unknown", write('{"kind": "evil", "params": {}, "arrays": []}'), ["evil"])
    trial("case.json no arrays", write('{"kind": "evidence_step", "params": {}}'), [])
    for name, args, names in [("case folder missing", ["/nonexistent/case"], ["/nonexistent/case"]),
                              ("case folder a file", ["/etc/hostname"], ["/etc/hostname"]),
                              ("case folder /dev/null", ["/dev/null"], ["/dev/null"]),
                              ("case folder empty string", [""], [])]:
        r = h.run(["monty", "replay", *args, "--out", os.path.join(h.work, "never")])
        h.expect_error(AREA_CASE, name, r, names)
