// prove_by_enumeration: both graphs flattened into one array program, run at every point of the variables' box.
// Its own file because it is a second, Z3-free way to decide prove_equal's question on small domains.
#include "rewrite/verify/enumerate.hpp"

#include "rewrite/bounds.hpp"
#include "rewrite/evaluate.hpp"
#include "rewrite/verify/z3_encode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace lmc::verify {
namespace {

// One node of the flattened program: a constant, a variable (index into the assignment) or an ALU op on earlier slots.
struct Step {
  Op op;
  DType semantics; // the dtype eval_int_alu computes in (a comparison's operands' dtype)
  std::vector<size_t> src;
  int64_t constant = 0;
  int variable = -1;
};

struct Variable {
  std::string name;
  int64_t lo, hi;
};

struct Program {
  std::vector<Step> steps;
  std::vector<Variable> vars;
  size_t root_a = 0, root_b = 0;
};

// Nullopt where a node is not an integer/bool scalar ALU op or constant, or one name has two different ranges.
std::optional<Program> flatten(UOp a, UOp b) {
  Program p;
  std::unordered_map<uint32_t, size_t> slot;
  std::unordered_map<std::string, int> var_index;
  for (UOp root : {a, b}) {
    for (UOp u : root.toposort()) {
      if (slot.contains(u.id())) continue;
      const DType d = u.dtype();
      if (!d.is_integral() || d.is_vector()) return std::nullopt;
      Step s{u.op(), is_comparison(u.op()) ? u.src(0).dtype() : d, {}};
      if (u.op() == Op::CONST) {
        s.constant = *u.const_int();
      } else if (u.op() == Op::DEFINE_VAR) {
        const Bounds bd = bounds(u);
        if (bd.lo > bd.hi || (d.is_unsigned() && d.bits() >= 64)) return std::nullopt; // bounds not read as int64
        const std::string& name = u.arg_as<VarArg>().name;
        const Variable v{name, static_cast<int64_t>(bd.lo), static_cast<int64_t>(bd.hi)};
        auto [it, fresh] = var_index.emplace(name, static_cast<int>(p.vars.size()));
        if (fresh)
          p.vars.push_back(v);
        else if (p.vars[it->second].lo != v.lo || p.vars[it->second].hi != v.hi)
          return std::nullopt;
        s.variable = it->second;
      } else {
        if (!is_alu(u.op())) return std::nullopt;
        for (UOp src : u.src())
          s.src.push_back(slot.at(src.id()));
      }
      slot.emplace(u.id(), p.steps.size());
      p.steps.push_back(std::move(s));
    }
  }
  p.root_a = slot.at(a.id());
  p.root_b = slot.at(b.id());
  return p;
}

std::string assignment_str(const std::map<std::string, int64_t>& values) {
  std::string out;
  for (const auto& [name, v] : values)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", name, v);
  return out.empty() ? "(no variables)" : out;
}

std::string show(const std::optional<int64_t>& v) {
  return v ? std::to_string(*v) : "undefined";
}

} // namespace

std::optional<ProofResult> prove_by_enumeration(UOp a, UOp b, uint64_t max_node_evaluations) {
  const UOp va = ranges_as_vars(a), vb = ranges_as_vars(b);
  const std::optional<Program> program = flatten(va, vb);
  if (!program) return std::nullopt;
  const std::vector<Step>& steps = program->steps;
  uint64_t points = 1;
  for (const Variable& v : program->vars) {
    const __int128 size = static_cast<__int128>(v.hi) - v.lo + 1;
    if (size > static_cast<__int128>(max_node_evaluations)) return std::nullopt;
    points *= static_cast<uint64_t>(size);
    if (points > max_node_evaluations / std::max<size_t>(steps.size(), 1)) return std::nullopt;
  }

  std::vector<int64_t> assignment;
  for (const Variable& v : program->vars)
    assignment.push_back(v.lo);
  std::vector<std::optional<int64_t>> value(steps.size());
  std::vector<int64_t> in;
  for (uint64_t point = 0; point < points; ++point) {
    for (size_t i = 0; i < steps.size(); ++i) {
      const Step& s = steps[i];
      if (s.op == Op::CONST) {
        value[i] = s.constant;
      } else if (s.variable >= 0) {
        value[i] = assignment[s.variable];
      } else {
        in.clear();
        bool defined = true;
        for (size_t src : s.src) {
          if (!value[src]) {
            defined = false;
            break;
          }
          in.push_back(*value[src]);
        }
        value[i] = defined ? eval_int_alu(s.op, s.semantics, in) : std::nullopt;
      }
    }
    if (value[program->root_a] != value[program->root_b]) {
      ProofResult r;
      std::unordered_map<std::string, int64_t> vars;
      for (size_t v = 0; v < program->vars.size(); ++v) {
        r.counterexample[program->vars[v].name] = assignment[v];
        vars[program->vars[v].name] = assignment[v];
      }
      // Replayed with lmc::evaluate, the reference every other counterexample is checked against.
      const std::optional<int64_t> ea = evaluate(va, vars), eb = evaluate(vb, vars);
      const std::string account = fmt::format("at {}: {} = {} but {} = {}", assignment_str(r.counterexample), a.expr(),
                                              show(ea), b.expr(), show(eb));
      if (ea != eb) {
        r.status = ProofResult::Status::Refuted;
        r.message = "counterexample " + account;
      } else {
        r.counterexample.clear();
        r.message = "unconfirmed counterexample (enumeration and lmc::evaluate disagree) " + account;
      }
      return r;
    }
    // The next assignment: an odometer over the variables' ranges.
    for (size_t v = 0; v < assignment.size(); ++v) {
      if (assignment[v] < program->vars[v].hi) {
        ++assignment[v];
        break;
      }
      assignment[v] = program->vars[v].lo;
    }
  }
  ProofResult r;
  r.status = ProofResult::Status::Proved;
  r.assignments_evaluated = points;
  r.message = fmt::format("proved (evaluated at all {} assignments of the variables)", points);
  return r;
}

} // namespace lmc::verify
