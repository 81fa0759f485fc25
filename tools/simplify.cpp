// `lmc simplify '<expr>' --var x=0:15 ...`: parse an integer expression, simplify it, report its bounds, node
// counts and whether Z3 proved the result equal. Its own file: one subcommand per file (see command.hpp).
#include "ir/parse.hpp"
#include "rewrite/bounds.hpp"
#include "rewrite/symbolic.hpp"
#include "rewrite/verify/prove.hpp"
#include "tools/command.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lmc::tools {
namespace {

constexpr std::string_view kUsage =
    R"(usage: lmc simplify '<expr>' [--var NAME=LO:HI]... [--dtype DTYPE] [--json] [--no-prove]

Parses an integer expression, simplifies it with lmc's symbolic rules, prints the simplified form, its bounds,
the node counts before and after, and whether the result is proved equal to the input for every value of the
variables within their bounds (bit-precise for the dtype): by evaluating both at every assignment where the
variables' ranges are small (up to about 2 million node evaluations), else with Z3.

  --var NAME=LO:HI   declare a variable with inclusive bounds (repeatable), e.g. --var x=0:15 --var y=-3:3
  --dtype DTYPE      dtype of the variables and literals: int8, int16, int32 (default), int64, uint8 ... uint64
  --json             print one JSON object:
                     {"input", "simplified", "nodes_before", "nodes_after", "vmin", "vmax", "proved"}
                     ("proved" is null with --no-prove)
  --no-prove         skip the proof

Syntax: integer literals, true/false, variables, + - *, // and % (floor, Python), cdiv(a,b) cmod(a,b)
(truncating, C), max(a,b) min(a,b), < <= > >= == !=, and or not, where(c,a,b), parentheses; Python precedence.
The simplified form is printed in the same syntax, so it can be parsed again.

Exit codes: 0 done, 1 the proof found a counterexample or something failed inside lmc, 2 bad input.
)";

struct VarSpec {
  std::string name;
  int64_t lo, hi;
};

VarSpec parse_var(const std::string& spec, DType dtype) {
  const std::string what = fmt::format("lmc simplify: --var {}", spec);
  const auto eq = spec.find('=');
  const auto colon = spec.find(':', eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || colon == std::string::npos)
    throw UsageError(fmt::format("{}: expected NAME=LO:HI, e.g. --var x=0:15", what));
  VarSpec v{spec.substr(0, eq), 0, 0};
  if (!is_var_name(v.name))
    throw UsageError(fmt::format("{}: '{}' is not a variable name (letters, digits, _; not a keyword)", what, v.name));
  v.lo = parse_int(std::string_view(spec).substr(eq + 1, colon - eq - 1), what + ": the lower bound");
  v.hi = parse_int(std::string_view(spec).substr(colon + 1), what + ": the upper bound");
  if (v.lo > v.hi)
    throw UsageError(fmt::format("{}: the lower bound {} is above the upper bound {}", what, v.lo, v.hi));
  if (v.lo < dtype.min_int() || v.hi > dtype.max_int())
    throw UsageError(
        fmt::format("{}: bounds outside {} [{}, {}]", what, dtype.name(), dtype.min_int(), dtype.max_int()));
  return v;
}

DType parse_dtype(const std::string& name) {
  DType d;
  try {
    d = dtype_from_name(name);
  } catch (const Error&) {
    throw UsageError(fmt::format("lmc simplify: --dtype {}: unknown dtype", name));
  }
  if (!d.is_int()) throw UsageError(fmt::format("lmc simplify: --dtype {}: expected an integer dtype", name));
  return d;
}

int run(std::span<const std::string> argv) {
  Args args("simplify", argv, {"--var", "--dtype"}, {"--json", "--no-prove"});
  if (args.has("--help")) {
    fmt::print("{}", kUsage);
    return 0;
  }
  if (args.positional().size() != 1)
    throw UsageError(fmt::format("lmc simplify: expected one expression, got {} (quote it: lmc simplify '(x*4 + y) "
                                 "// 4' --var x=0:15 --var y=0:3)",
                                 args.positional().size()));
  const std::string& text = args.positional()[0];
  const DType dtype = parse_dtype(args.value("--dtype").value_or("int32"));
  VarTable vars;
  for (const std::string& spec : args.values("--var")) {
    VarSpec v = parse_var(spec, dtype);
    if (vars.contains(v.name)) throw UsageError(fmt::format("lmc simplify: variable '{}' declared twice", v.name));
    vars.emplace(v.name, UOp::var(v.name, v.lo, v.hi, dtype));
  }

  UOp input;
  try {
    input = parse_expr(text, vars, dtype);
  } catch (const Error& e) {
    std::string msg = e.what();
    if (msg.starts_with("undeclared variable")) msg += "\n(declare each variable with --var NAME=LO:HI)";
    throw UsageError(fmt::format("lmc simplify: {}", msg));
  }

  const UOp out = simplify(input);
  // The values the dtype reads (a uint64 bound may lie above INT64_MAX); both ends fit int64 or uint64.
  const ValueRange b = value_range(out);
  auto bound_json = [](__int128 v) {
    return v < 0 ? nlohmann::ordered_json(static_cast<int64_t>(v)) : nlohmann::ordered_json(static_cast<uint64_t>(v));
  };
  auto bound_text = [](__int128 v) {
    return v < 0 ? fmt::format("{}", static_cast<int64_t>(v)) : fmt::format("{}", static_cast<uint64_t>(v));
  };
  std::optional<verify::ProofResult> proof;
  if (!args.has("--no-prove")) proof = verify::prove_equal(input, out);
  const bool refuted = proof && proof->status == verify::ProofResult::Status::Refuted;

  if (args.has("--json")) {
    nlohmann::ordered_json j{
        {"input", text},
        {"simplified", out.expr()},
        {"nodes_before", input.graph_size()},
        {"nodes_after", out.graph_size()},
        {"vmin", bound_json(b.lo)},
        {"vmax", bound_json(b.hi)},
        {"proved", proof ? nlohmann::ordered_json(proof->proved()) : nlohmann::ordered_json(nullptr)}};
    fmt::print("{}\n", j.dump());
  } else {
    fmt::print("input       {}\n", input.expr());
    fmt::print("simplified  {}\n", out.expr());
    fmt::print("bounds      [{}, {}]\n", bound_text(b.lo), bound_text(b.hi));
    fmt::print("nodes       {} -> {}\n", input.graph_size(), out.graph_size());
    if (!proof)
      fmt::print("proved      skipped (--no-prove)\n");
    else if (proof->proved() && input == out)
      fmt::print("proved      yes (nothing changed)\n");
    else if (proof->proved() && proof->assignments_evaluated)
      fmt::print("proved      yes (all {} assignments evaluated, {})\n", proof->assignments_evaluated, dtype.name());
    else if (proof->proved())
      fmt::print("proved      yes (Z3, {})\n", dtype.name());
    else if (refuted)
      fmt::print("proved      NO: counterexample\n");
    else
      fmt::print("proved      unknown{}\n", proof->message.empty() ? "" : ": " + proof->message);
  }
  if (refuted) {
    std::string values;
    for (const auto& [name, value] : proof->counterexample)
      values += fmt::format(" {}={}", name, value);
    fmt::print(stderr, "lmc simplify: the simplified form differs from the input at{}\n{}\n", values, proof->message);
    return 1;
  }
  return 0;
}

} // namespace

const Command simplify_command{"simplify", "simplify an integer expression and prove the result equal (Z3)", kUsage,
                               run};

} // namespace lmc::tools
