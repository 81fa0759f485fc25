// The two printers: a node-per-line listing for any graph, and an infix expression form for integer math
// that the `lmc simplify` parser reads back (so printed results can be parsed again).
#include "ir/uop.hpp"

#include <cmath>
#include <fmt/format.h>
#include <sstream>
#include <unordered_map>
#include <vector>

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
  case Op::FLOORDIV:
  case Op::FLOORMOD:
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
  case Op::FLOORDIV:
    return "//";
  case Op::FLOORMOD:
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
    // A uint64 above INT64_MAX (negative int64 bits) keeps NEG's precedence too: NEG of it then prints as
    // "-(18446744073709551615)", which parses back, where "-18446744073709551615" would not fit uint64.
    return v && *v < 0 ? precedence(Op::NEG) : 10;
  }
  if (u.op() == Op::XOR && u.dtype().is_bool()) return precedence(Op::CMPNE);
  return precedence(u.op());
}

// One step of the printer: a node to print (parenthesized when it binds looser than `min_prec`), or text to copy.
struct Piece {
  UOp node;
  int min_prec = 0;
  std::string text;
};

// The pieces u prints as, in order: its text with each operand as a node still to print.
void expand(UOp u, std::vector<Piece>& seq) {
  auto text = [&](std::string t) { seq.push_back({UOp(), 0, std::move(t)}); };
  auto child = [&](UOp s, int min_prec) { seq.push_back({s, min_prec, {}}); };
  auto call = [&](std::string name) {
    text(std::move(name) + "(");
    for (size_t i = 0; i < u.num_src(); ++i) {
      if (i) text(", ");
      child(u.src(i), 0);
    }
    text(")");
  };
  const Op op = u.op();
  if (op == Op::CONST && u.dtype().is_unsigned() && u.const_int() && *u.const_int() < 0)
    text(std::to_string(static_cast<uint64_t>(*u.const_int()))); // uint64 above INT64_MAX, held in int64 bits
  else if (op == Op::CONST)
    text(const_str(u.arg_as<ConstValue>()));
  else if (op == Op::DEFINE_VAR)
    text(u.arg_as<VarArg>().name);
  else if (op == Op::RANGE)
    text(fmt::format("r{}", u.arg_as<RangeArg>().id));
  else if (op == Op::SPECIAL)
    text(u.arg_as<SpecialArg>().name);
  else if (op == Op::NEG) {
    // "-18446744073709551488" would read back as one literal that does not fit uint64: "-(18446744073709551488)".
    const UOp s = u.src(0);
    const bool big_unsigned = s.op() == Op::CONST && s.dtype().is_unsigned() && s.const_int() && *s.const_int() < 0;
    text("-");
    child(s, precedence(Op::NEG) + (big_unsigned ? 1 : 0));
  } else if (const char* sym = u.num_src() == 2 ? infix(op, u.src(0).dtype().is_bool()) : nullptr) {
    // Left-associative: the right operand needs parentheses at equal precedence; comparisons never chain.
    const int p = op == Op::XOR && u.dtype().is_bool() ? precedence(Op::CMPNE) : precedence(op);
    const bool chain_free = is_comparison(op) || (op == Op::XOR && u.dtype().is_bool());
    child(u.src(0), chain_free ? p + 1 : p);
    text(fmt::format(" {} ", sym));
    child(u.src(1), p + 1);
  } else if (op == Op::CDIV)
    call("cdiv");
  else if (op == Op::CMOD)
    call("cmod");
  else if (op == Op::MAX)
    call("max");
  else if (op == Op::MIN)
    call("min");
  else if (op == Op::WHERE)
    call("where");
  else if (op == Op::CAST) {
    text(fmt::format("cast<{}>(", u.dtype().name()));
    child(u.src(0), 0);
    text(")");
  } else {
    std::string name(op_name(op));
    for (auto& c : name)
      c = static_cast<char>(std::tolower(c));
    call(name);
  }
}

// The infix text of root, written into one string from an explicit stack: graphs can be deeper than the call
// stack (a 30,000-term sum), and the work is the length of the text (a shared subgraph is spelled out at each
// use, as the syntax has no names for it).
std::string expr_text(UOp root) {
  std::string out;
  std::vector<Piece> stack{{root, 0, {}}}, body;
  while (!stack.empty()) {
    Piece top = std::move(stack.back());
    stack.pop_back();
    if (top.node.is_null()) {
      out += top.text;
      continue;
    }
    if (expr_precedence(top.node) < top.min_prec) {
      out += '(';
      stack.push_back({UOp(), 0, ")"}); // below the body's pieces: printed after them
    }
    body.clear();
    expand(top.node, body);
    for (auto it = body.rbegin(); it != body.rend(); ++it)
      stack.push_back(std::move(*it));
  }
  return out;
}

} // namespace

std::string UOp::expr() const {
  return expr_text(*this);
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
