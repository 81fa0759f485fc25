// The two printers: a node-per-line listing for any graph, and an infix expression form for integer math
// that the `lmc simplify` parser reads back (so printed results can be parsed again).
#include "ir/uop.hpp"

#include <cmath>
#include <fmt/format.h>
#include <sstream>
#include <unordered_map>

namespace lmc {
namespace {

std::string const_str(const ConstValue& v) {
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  const double d = std::get<double>(v);
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  return fmt::format("{}", d);
}

std::string arg_str(const Arg& arg) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return "";
        else if constexpr (std::is_same_v<T, ConstValue>)
          return const_str(v);
        else if constexpr (std::is_same_v<T, VarArg>)
          return fmt::format("{}[{}:{}]", v.name, v.min, v.max);
        else if constexpr (std::is_same_v<T, BufferArg>)
          return fmt::format("buf{} size={} {}", v.id, v.size, v.device);
        else if constexpr (std::is_same_v<T, ParamArg>)
          return fmt::format("slot={} size={}", v.slot, v.size);
        else if constexpr (std::is_same_v<T, RangeArg>)
          return fmt::format("r{} {}", v.id, axis_kind_name(v.kind));
        else if constexpr (std::is_same_v<T, SpecialArg>)
          return v.name;
        else if constexpr (std::is_same_v<T, ReduceArg>)
          return fmt::format("{} axes={}", op_name(v.op), fmt::join(v.axes, ","));
        else if constexpr (std::is_same_v<T, IntList>)
          return fmt::format("({})", fmt::join(v, ", "));
        else if constexpr (std::is_same_v<T, PairList>) {
          std::string out = "(";
          for (size_t i = 0; i < v.size(); ++i)
            out += fmt::format("{}({}, {})", i ? ", " : "", v[i].first, v[i].second);
          return out + ")";
        } else if constexpr (std::is_same_v<T, std::string>)
          return v;
        else if constexpr (std::is_same_v<T, TopkArg>)
          return fmt::format("k={} axis={} {}{}{}", v.k, v.axis, v.largest ? "largest" : "smallest",
                             v.indices ? " indices" : "", v.bounded ? fmt::format(" bound={}", v.bound) : "");
        else
          return std::to_string(v);
      },
      arg);
}

// Python-like precedence: higher binds tighter.
int precedence(Op op) {
  switch (op) {
  case Op::OR:
    return 1;
  case Op::XOR:
    return 2;
  case Op::AND:
    return 3;
  case Op::CMPLT:
  case Op::CMPLE:
  case Op::CMPEQ:
  case Op::CMPNE:
    return 5;
  case Op::SHL:
  case Op::SHR:
    return 6;
  case Op::ADD:
  case Op::SUB:
    return 7;
  case Op::MUL:
  case Op::IDIV:
  case Op::MOD:
    return 8;
  case Op::NEG:
    return 9;
  default:
    return 10; // atoms and calls
  }
}

const char* infix(Op op, bool boolean) {
  switch (op) {
  case Op::ADD:
    return "+";
  case Op::SUB:
    return "-";
  case Op::MUL:
    return "*";
  case Op::IDIV:
    return "//";
  case Op::MOD:
    return "%";
  case Op::CMPLT:
    return "<";
  case Op::CMPLE:
    return "<=";
  case Op::CMPEQ:
    return "==";
  case Op::CMPNE:
    return "!=";
  case Op::AND:
    return boolean ? "and" : "&";
  case Op::OR:
    return boolean ? "or" : "|";
  case Op::XOR:
    return boolean ? "!=" : "^";
  case Op::SHL:
    return "<<";
  case Op::SHR:
    return ">>";
  default:
    return nullptr;
  }
}

int expr_precedence(UOp u) {
  if (u.op() == Op::CONST) {
    auto v = u.const_int();
    return v && *v < 0 ? precedence(Op::NEG) : 10;
  }
  if (u.op() == Op::XOR && u.dtype().is_bool()) return precedence(Op::CMPNE);
  return precedence(u.op());
}

std::string expr_of(UOp u, std::unordered_map<uint32_t, std::string>& memo) {
  if (auto it = memo.find(u.id()); it != memo.end()) return it->second;
  auto child = [&](UOp s, int min_prec) {
    std::string text = expr_of(s, memo);
    return expr_precedence(s) < min_prec ? "(" + text + ")" : text;
  };
  auto call = [&](std::string_view name) {
    std::string out = std::string(name) + "(";
    for (size_t i = 0; i < u.num_src(); ++i)
      out += (i ? ", " : "") + expr_of(u.src(i), memo);
    return out + ")";
  };
  std::string out;
  const Op op = u.op();
  if (op == Op::CONST)
    out = const_str(u.arg_as<ConstValue>());
  else if (op == Op::DEFINE_VAR)
    out = u.arg_as<VarArg>().name;
  else if (op == Op::RANGE)
    out = fmt::format("r{}", u.arg_as<RangeArg>().id);
  else if (op == Op::SPECIAL)
    out = u.arg_as<SpecialArg>().name;
  else if (op == Op::NEG)
    out = std::string(1, '-').append(child(u.src(0), precedence(Op::NEG))); // not "-" + s: GCC 12 -O3 -Wrestrict

  else if (const char* sym = u.num_src() == 2 ? infix(op, u.src(0).dtype().is_bool()) : nullptr) {
    // Left-associative: the right operand needs parentheses at equal precedence; comparisons never chain.
    const int p = op == Op::XOR && u.dtype().is_bool() ? precedence(Op::CMPNE) : precedence(op);
    const bool chain_free = is_comparison(op) || (op == Op::XOR && u.dtype().is_bool());
    out = child(u.src(0), chain_free ? p + 1 : p) + " " + sym + " " + child(u.src(1), p + 1);
  } else if (op == Op::CDIV)
    out = call("cdiv");
  else if (op == Op::CMOD)
    out = call("cmod");
  else if (op == Op::MAX)
    out = call("max");
  else if (op == Op::MIN)
    out = call("min");
  else if (op == Op::WHERE)
    out = call("where");
  else if (op == Op::CAST)
    out = fmt::format("cast<{}>({})", u.dtype().name(), expr_of(u.src(0), memo));
  else {
    std::string name(op_name(op));
    for (auto& c : name)
      c = static_cast<char>(std::tolower(c));
    out = call(name);
  }
  memo.emplace(u.id(), out);
  return out;
}

} // namespace

std::string UOp::expr() const {
  std::unordered_map<uint32_t, std::string> memo;
  return expr_of(*this, memo);
}

std::string UOp::listing() const {
  std::ostringstream out;
  std::unordered_map<uint32_t, size_t> index;
  for (UOp u : toposort()) {
    const size_t i = index.size();
    index.emplace(u.id(), i);
    out << fmt::format("%{:<4} = {:<12} {:<14}", i, op_name(u.op()), u.dtype().name());
    if (u.num_src()) {
      out << " (";
      for (size_t k = 0; k < u.num_src(); ++k)
        out << (k ? ", %" : "%") << index.at(u.src(k).id());
      out << ")";
    }
    if (std::string a = arg_str(u.arg()); !a.empty()) out << " " << a;
    if (const Shape* s = u.shape(); s && !s->empty()) out << " shape=" << shape_str(*s);
    out << "\n";
  }
  return out.str();
}

std::string uop_arg_string(const Arg& arg) {
  return arg_str(arg);
}

} // namespace lmc
