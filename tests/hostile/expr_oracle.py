"""An independent reader and evaluator of `lmc simplify`'s expression syntax, in Python integers.

Its own file: the sweep checks lmc's simplified form and bounds against it, so it must share no code with lmc.
Syntax (lmc help simplify): integer literals, true/false, variables, + - *, // and % (floor), cdiv/cmod
(truncating), max, min, where(c,a,b), < <= > >= == !=, and/or/not, parentheses; Python precedence. Every
arithmetic result wraps to the dtype (Z3 proves bit-precise for it). A point where any division has a zero divisor
(or overflows: MIN // -1) is undefined, and the comparison skips it.
"""
import re

DTYPES = {"int8": (8, True), "int16": (16, True), "int32": (32, True), "int64": (64, True), "uint8": (8, False),
          "uint16": (16, False), "uint32": (32, False), "uint64": (64, False)}


class SyntaxErr(Exception):
    pass


class Undefined(Exception):
    pass


def dtype_range(dtype):
    bits, signed = DTYPES[dtype]
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)


def wrap(v, dtype):
    bits, signed = DTYPES[dtype]
    v &= (1 << bits) - 1
    return v - (1 << bits) if signed and v >> (bits - 1) else v


TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(//|<<|>>|<=|>=|==|!=|[-+*%<>(),&|^]))")
KEYWORDS = {"and", "or", "not", "true", "false", "where", "max", "min", "cdiv", "cmod"}


def tokenize(text):
    pos, out = 0, []
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SyntaxErr(f"bad character at {pos}")
        num, name, op = m.groups()
        out.append(("num", int(num)) if num else ("name", name) if name else ("op", op))
        pos = m.end()
    out.append(("end", None))
    return out


class Parser:
    """Precedence climbing, loops for left-associative chains (so a 30,000-term sum does not recurse deeply)."""

    def __init__(self, text, variables):
        self.toks, self.i, self.vars = tokenize(text), 0, variables

    def peek(self):
        return self.toks[self.i]

    def take(self, kind=None, value=None):
        t = self.toks[self.i]
        if (kind and t[0] != kind) or (value is not None and t[1] != value):
            raise SyntaxErr(f"expected {value or kind}, got {t}")
        self.i += 1
        return t

    def parse(self):
        e = self.expr_or()
        self.take("end")
        return e

    def binary_chain(self, ops, sub, kind):
        left = sub()
        while self.peek()[1] in ops and self.peek()[0] in kind:
            op = self.take()[1]
            left = (op, left, sub())
        return left

    # lmc's levels (ir/parse.cpp), not Python's for the bit operators: `|` binds as `or`, `^` between, `&` as `and`
    def expr_or(self):
        return self.binary_chain({"or", "|"}, self.expr_xor, {"name", "op"})

    def expr_xor(self):
        return self.binary_chain({"^"}, self.expr_and, {"op"})

    def expr_and(self):
        return self.binary_chain({"and", "&"}, self.expr_not, {"name", "op"})

    def expr_not(self):
        if self.peek() == ("name", "not"):
            self.take()
            return ("not", self.expr_not())
        return self.expr_cmp()

    def expr_cmp(self):
        left = self.expr_shift()
        if self.peek()[0] == "op" and self.peek()[1] in {"<", "<=", ">", ">=", "==", "!="}:
            op = self.take()[1]
            left = (op, left, self.expr_shift())
            if self.peek()[0] == "op" and self.peek()[1] in {"<", "<=", ">", ">=", "==", "!="}:
                raise SyntaxErr("chained comparison")  # Python would chain; lmc's printer must not emit it
        return left

    def expr_shift(self):
        return self.binary_chain({"<<", ">>"}, self.expr_add, {"op"})

    def expr_add(self):
        return self.binary_chain({"+", "-"}, self.expr_mul, {"op"})

    def expr_mul(self):
        return self.binary_chain({"*", "//", "%"}, self.expr_unary, {"op"})

    def expr_unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.expr_unary())
        return self.atom()

    def atom(self):
        kind, v = self.take()
        if kind == "num":
            return ("lit", v)
        if kind == "op" and v == "(":
            e = self.expr_or()
            self.take("op", ")")
            return e
        if kind == "name":
            if v in ("true", "false"):
                return ("bool", v == "true")
            if v in ("where", "max", "min", "cdiv", "cmod"):
                self.take("op", "(")
                args = [self.expr_or()]
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expr_or())
                self.take("op", ")")
                if len(args) != (3 if v == "where" else 2):
                    raise SyntaxErr(f"{v} takes {3 if v == 'where' else 2} arguments")
                return (v, *args)
            if v in KEYWORDS or v not in self.vars:
                raise SyntaxErr(f"unknown name {v}")
            return ("var", v)
        raise SyntaxErr(f"unexpected {v}")


def evaluate(node, env, dtype):
    """The value of `node` (an int of the dtype, or a bool); raises Undefined at a zero divisor."""
    tag = node[0]
    if tag == "neg" and node[1][0] == "lit" and node[1][1] == -dtype_range(dtype)[0]:
        return dtype_range(dtype)[0]  # -2147483648 is the int32 minimum, as lmc reads and prints it
    if tag == "lit":
        lo, hi = dtype_range(dtype)
        if node[1] > hi:  # a literal the dtype cannot hold has no meaning
            raise SyntaxErr(f"literal {node[1]} outside {dtype}")
        return node[1]
    if tag == "bool":
        return node[1]
    if tag == "var":
        return env[node[1]]
    if tag == "not":
        v = evaluate(node[1], env, dtype)
        if not isinstance(v, bool):
            raise SyntaxErr("not of an integer")
        return not v
    args = [evaluate(a, env, dtype) for a in node[1:]]
    if tag in ("and", "or") or tag in ("&", "|", "^") and all(isinstance(a, bool) for a in args):
        if not all(isinstance(a, bool) for a in args):
            raise SyntaxErr(f"{tag} of integers")
        if tag == "^":
            return args[0] != args[1]
        return (args[0] and args[1]) if tag in ("and", "&") else (args[0] or args[1])
    if tag == "where":
        c, a, b = args
        if not isinstance(c, bool) or isinstance(a, bool) != isinstance(b, bool):
            raise SyntaxErr("where types")
        return a if c else b
    if any(isinstance(a, bool) for a in args):
        # lmc reads a bool beside an integer as its 0 or 1, as Python does, in comparisons and in + - * // %; two
        # bools compare as bools (false < true) and add as integers. Elsewhere (unary minus, shifts, bitwise ops with
        # an integer, max/min/cdiv/cmod) a bool is a type error.
        compare = tag in ("<", "<=", ">", ">=", "==", "!=")
        if compare and all(isinstance(a, bool) for a in args):
            a, b = args
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[tag]
        if not (compare or tag in ("+", "-", "*", "//", "%")):
            raise SyntaxErr(f"{tag} of a bool")
        args = [int(a) for a in args]
    if tag == "neg":
        return wrap(-args[0], dtype)
    if tag in ("&", "|", "^"):
        a, b = args
        return wrap({"&": a & b, "|": a | b, "^": a ^ b}[tag], dtype)
    if tag in ("<<", ">>"):
        a, b = args
        if b < 0 or b >= DTYPES[dtype][0]:
            raise Undefined()
        return wrap(a << b, dtype) if tag == "<<" else a >> b
    a, b = args
    if tag in ("<", "<=", ">", ">=", "==", "!="):
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[tag]
    if tag == "+":
        return wrap(a + b, dtype)
    if tag == "-":
        return wrap(a - b, dtype)
    if tag == "*":
        return wrap(a * b, dtype)
    if tag == "max":
        return max(a, b)
    if tag == "min":
        return min(a, b)
    if b == 0 or (b == -1 and a == dtype_range(dtype)[0] and DTYPES[dtype][1]):
        raise Undefined()
    if tag == "//":
        return a // b
    if tag == "%":
        return a % b
    q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
    return q if tag == "cdiv" else a - b * q


def render(node):
    """Text of an AST the generator built, fully parenthesized so precedence cannot be misread."""
    tag = node[0]
    if tag == "lit":
        return str(node[1])
    if tag == "bool":
        return "true" if node[1] else "false"
    if tag == "var":
        return node[1]
    if tag == "not":
        return f"(not {render(node[1])})"
    if tag == "neg":
        return f"(-{render(node[1])})"
    if tag in ("where", "max", "min", "cdiv", "cmod"):
        return f"{tag}({', '.join(render(a) for a in node[1:])})"
    return f"({render(node[1])} {tag} {render(node[2])})"
