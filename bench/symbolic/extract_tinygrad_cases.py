#!/usr/bin/env python3
"""Extracts tinygrad's symbolic test cases (test/null/test_uop_symbolic.py, TestSymbolic.helper_test_variable
calls) into a JSON-lines file (build/tinygrad_cases.jsonl; not kept in the repository), one case a line, in lmc's expression syntax.

Run against a tinygrad checkout (pure Python; a stub stands in for the z3 module, which is not needed here):
  python3 bench/symbolic/extract_tinygrad_cases.py /path/to/tinygrad > build/tinygrad_cases.jsonl

Each line: {"test", "input", "vars": {name: [lo, hi]}, "dtype", "tinygrad": tinygrad's simplified result,
"tinygrad_nodes": its node count (unique nodes, as lmc's graph_size counts), "expected": the test's expected
form} or, when a node has no lmc spelling (floats, a range with a symbolic end, ...), "unsupported": why.
Only the data is kept: this script is not tinygrad's code and the data file holds no tinygrad code or text.
"""
import json, os, sys, types, unittest

root = sys.argv[1] if len(sys.argv) > 1 else "."
sys.path.insert(0, root)
stub = types.ModuleType("z3")
class _Any:
  def __getattr__(self, k): return _Any()
  def __call__(self, *a, **k): return _Any()
stub.__getattr__ = lambda name: _Any()
stub.get_version = lambda: (9, 9, 9, 9)
sys.modules["z3"] = stub
sys.path.insert(0, os.path.join(root, "test", "null"))

from tinygrad.dtype import dtypes  # noqa: E402
from tinygrad.uop.ops import UOp, Ops, graph_rewrite  # noqa: E402
from tinygrad.uop.symbolic import sym  # noqa: E402
from tinygrad.uop.weak import pm_cast_weak  # noqa: E402
import test_uop_symbolic as T  # noqa: E402

class Unsupported(Exception): pass

BIN = {Ops.ADD: "+", Ops.SUB: "-", Ops.MUL: "*", Ops.FLOORDIV: "//", Ops.FLOORMOD: "%", Ops.CMPLT: "<",
       Ops.CMPNE: "!=", Ops.CMPEQ: "==", Ops.XOR: "^", Ops.SHL: "<<", Ops.SHR: ">>"}
FN = {Ops.CDIV: "cdiv", Ops.CMOD: "cmod", Ops.MAX: "max"}

def int_like(dt): return dt in dtypes.ints or dt == dtypes.weakint

class Converter:
  def __init__(self):
    self.vars = {}
    self.dtype = None

  def var(self, name, lo, hi, dt):
    if name in self.vars and self.vars[name] != [lo, hi]: raise Unsupported(f"variable {name} with two ranges")
    self.vars[name] = [lo, hi]
    d = "int32" if dt == dtypes.int32 else "int64"
    if self.dtype not in (None, d): raise Unsupported("variables of two dtypes")
    self.dtype = d
    return name

  def text(self, u):
    if u.op is Ops.CONST:
      if u.dtype == dtypes.bool: return "true" if u.arg else "false"
      if not isinstance(u.arg, int) or isinstance(u.arg, bool): raise Unsupported(f"constant {u.arg!r}")
      return str(u.arg) if u.arg >= 0 else f"({u.arg})"
    if u.op in (Ops.PARAM, Ops.BUFFER):
      lo, hi = u.arg.vmin_vmax
      if not (isinstance(lo, int) and isinstance(hi, int)): raise Unsupported("non-integer variable")
      return self.var(u.arg.name, lo, hi, u.arg.dtype if hasattr(u.arg, "dtype") else u.dtype)
    if u.op in (Ops.RANGE, Ops.SPECIAL):
      end = u.src[0]
      if end.op is not Ops.CONST: raise Unsupported("range with a symbolic end")
      name = u.render() if u.op is Ops.RANGE else u.arg
      return self.var(str(name), 0, end.arg - 1, u.dtype)
    if not (int_like(u.dtype) or u.dtype == dtypes.bool): raise Unsupported(f"dtype {u.dtype}")
    s = [self.text(x) for x in u.src]
    if u.op is Ops.MUL and u.dtype == dtypes.bool: return f"({s[0]} and {s[1]})"
    if u.op is Ops.ADD and u.dtype == dtypes.bool: return f"({s[0]} or {s[1]})"
    if u.op in BIN: return f"({s[0]} {BIN[u.op]} {s[1]})"
    if u.op in FN: return f"{FN[u.op]}({s[0]}, {s[1]})"
    if u.op is Ops.AND: return f"({s[0]} and {s[1]})" if u.dtype == dtypes.bool else f"({s[0]} & {s[1]})"
    if u.op is Ops.OR: return f"({s[0]} or {s[1]})" if u.dtype == dtypes.bool else f"({s[0]} | {s[1]})"
    if u.op is Ops.NEG: return f"(-{s[0]})"
    if u.op is Ops.WHERE: return f"where({s[0]}, {s[1]}, {s[2]})"
    if u.op is Ops.CAST:
      src = u.src[0]
      if src.dtype == dtypes.bool and int_like(u.dtype): return f"where({s[0]}, 1, 0)"
      if int_like(src.dtype) and int_like(u.dtype): return s[0]
      if src.dtype == dtypes.bool and u.dtype == dtypes.bool: return s[0]
      if int_like(src.dtype) and u.dtype == dtypes.bool: return f"({s[0]} != 0)"
      raise Unsupported(f"cast {src.dtype} -> {u.dtype}")
    raise Unsupported(f"op {u.op}")

def nodes(u):
  """Unique nodes, counted as lmc counts its graph: a cast between integer types is not a node of lmc's form,
  a cast of bool to int is where(c, 1, 0) (two constants and a where)."""
  seen, extra = set(), 0
  stack = [u]
  while stack:
    n = stack.pop()
    if n in seen: continue
    seen.add(n)
    if n.op in (Ops.PARAM, Ops.BUFFER, Ops.RANGE, Ops.SPECIAL): continue  # a leaf in lmc's form
    if n.op is Ops.CAST and int_like(n.dtype) and (int_like(n.src[0].dtype)): extra -= 1
    elif n.op is Ops.CAST and n.src[0].dtype == dtypes.bool: extra += 2
    stack.extend(n.src)
  return len(seen) + extra

cases = []
current = {"test": None}

def record(self, v, n, m, s, test_z3=True):
  case = {"test": current["test"]}
  try:
    conv = Converter()
    case["input"] = conv.text(v)
    out = graph_rewrite(v, sym + pm_cast_weak, name="simplify")
    case["tinygrad"] = conv.text(out)
    case["tinygrad_nodes"] = nodes(out)
    case["tinygrad_bounds"] = [out.vmin, out.vmax]
    try:
      sym_vars = {x.render(): x for x in out.toposort() if x.op in (Ops.RANGE, Ops.SPECIAL, Ops.PARAM)}
      e = eval(s, sym_vars)
      case["expected"] = s if not isinstance(e, UOp) else conv.text(e)
    except Exception:
      case["expected"] = s
    case["vars"] = conv.vars
    case["dtype"] = conv.dtype or "int64"
  except Unsupported as e:
    case = {"test": current["test"], "unsupported": str(e)}
  except Exception as e:  # a case tinygrad itself rejects
    case = {"test": current["test"], "unsupported": f"{type(e).__name__}: {e}"}
  cases.append(case)

T.TestSymbolic.helper_test_variable = record
suite = unittest.TestLoader().loadTestsFromTestCase(T.TestSymbolic)
for test in suite:
  current["test"] = test.id().split(".")[-1]
  try:
    getattr(test, test._testMethodName)()
  except Exception:
    pass
for c in cases: print(json.dumps(c))
print(f"{len(cases)} cases, {sum('unsupported' in c for c in cases)} unsupported", file=sys.stderr)
