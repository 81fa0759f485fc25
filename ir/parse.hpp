// The parser of the integer-expression syntax that UOp::expr() prints: text -> hash-consed UOps.
// Its own file because only tools and tests read text; every compiler stage builds graphs in code.
#pragma once
#include "ir/uop.hpp"

#include <string>
#include <string_view>
#include <unordered_map>

namespace lmc {

// The names an expression may use, each bound to its node (usually UOp::var(name, lo, hi, dtype)).
using VarTable = std::unordered_map<std::string, UOp>;

// Parses `text` into UOps. Syntax (and the meaning of each form):
//   integer literals (dtype `int_dtype`; `-3` is the constant -3), `true`/`false` (bool), names from `vars`,
//   `+ - *`, `//` `%` (FLOORDIV/FLOORMOD: floor), `cdiv(a,b)` `cmod(a,b)` (CDIV/CMOD: truncating), `max(a,b)`
//   `min(a,b)`,
//   `< <= > >= == !=` (`a > b` is CMPLT(b, a), `a >= b` is CMPLE(b, a)), `and or not` (bool; `not x` is
//   CMPNE(x, true)), `& | ^ << >>` (bitwise, as the printer writes integer AND/OR/XOR and shifts), unary `-`
//   (NEG), `where(c,a,b)`, parentheses. A bool beside an integer in a comparison or in `+ - * // %` is that
//   integer type's 0 or 1 (a cast), as in Python: `(x < y) == 1`, `(x < y) + (y <= x)`.
// Precedence is the printer's, Python's order: or | < ^ < and & < not < comparisons (never chained) < << >>
//   < + - < * // % < unary -. For every graph of these ops, parse_expr(u.expr(), vars) == u, except NEG of a
//   non-negative constant, which prints like the negative constant.
// Throws lmc::Error naming the 1-based column and what was expected, with the text and a caret under it; also for
// nesting deeper than 1000 levels (parentheses, calls, unary '-' and 'not' each count one; chains of binary
// operators such as a 30,000-term sum do not nest and have no limit).
UOp parse_expr(std::string_view text, const VarTable& vars, DType int_dtype = index_dtype);

// Whether `name` can be a variable: an identifier ([A-Za-z_][A-Za-z0-9_]*) that is not a keyword or function name.
bool is_var_name(std::string_view name);

} // namespace lmc
