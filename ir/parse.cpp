// A recursive-descent parser for the expression syntax of ir/parse.hpp: a lexer, one function per precedence
// level, and type checks that name the column, so bad input is an lmc::Error and never a malformed graph.
#include "ir/parse.hpp"

#include "ir/error.hpp"

#include <array>
#include <cctype>
#include <fmt/format.h>
#include <limits>
#include <optional>
#include <vector>

namespace lmc {
namespace {

enum class Tok { Int, Name, Punct, End };

struct Token {
  Tok kind = Tok::End;
  std::string_view text;
  size_t pos = 0; // 0-based offset into the input
};

constexpr std::array<std::string_view, 5> kKeywords{"and", "or", "not", "true", "false"};
constexpr std::array<std::string_view, 5> kFunctions{"cdiv", "cmod", "max", "min", "where"};
// Longest first, so "//" wins over "/" and "<=" over "<".
constexpr std::array<std::string_view, 19> kPuncts{"//", "<=", ">=", "==", "!=", "<<", ">>", "+", "-", "*",
                                                   "%",  "<",  ">",  "(",  ")",  ",",  "&",  "|", "^"};

bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

template <size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view w) {
  for (std::string_view k : words)
    if (k == w) return true;
  return false;
}

std::string describe(const Token& t) {
  if (t.kind == Tok::End) return "end of input";
  return fmt::format("'{}'", t.text);
}

class Parser {
public:
  Parser(std::string_view text, const VarTable& vars, DType int_dtype)
      : text_(text), vars_(vars), int_dtype_(int_dtype) {
    if (!int_dtype.is_int() || int_dtype.is_vector())
      throw Error(fmt::format("literals need a scalar integer dtype, got {}", int_dtype.name()));
    lex();
  }

  UOp parse() {
    UOp out = parse_or();
    if (peek().kind != Tok::End) fail(peek(), "expected an operator or end of input");
    return out;
  }

private:
  // ---- errors ----
  [[noreturn]] void fail(const Token& at, const std::string& what) const { fail_at(at.pos, what, at); }
  [[noreturn]] void fail_at(size_t pos, const std::string& what, const Token& found) const {
    throw Error(fmt::format("parse error at column {}: {}, found {}\n  {}\n  {}^", pos + 1, what, describe(found),
                            text_, std::string(pos, ' ')));
  }
  [[noreturn]] void fail_type(const Token& at, const std::string& what) const {
    throw Error(
        fmt::format("type error at column {}: {}\n  {}\n  {}^", at.pos + 1, what, text_, std::string(at.pos, ' ')));
  }

  // ---- lexer ----
  void lex() {
    size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      const size_t start = i;
      if (std::isdigit(static_cast<unsigned char>(c))) {
        while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i])))
          ++i;
        if (i < text_.size() && is_name_char(text_[i]))
          throw_lex(i, fmt::format("expected an operator after the number '{}'", text_.substr(start, i - start)));
        tokens_.push_back({Tok::Int, text_.substr(start, i - start), start});
        continue;
      }
      if (is_name_start(c)) {
        while (i < text_.size() && is_name_char(text_[i]))
          ++i;
        tokens_.push_back({Tok::Name, text_.substr(start, i - start), start});
        continue;
      }
      bool matched = false;
      for (std::string_view p : kPuncts) {
        if (text_.substr(i, p.size()) == p) {
          tokens_.push_back({Tok::Punct, text_.substr(i, p.size()), i});
          i += p.size();
          matched = true;
          break;
        }
      }
      if (!matched) throw_lex(i, fmt::format("unexpected character '{}'", c));
    }
    tokens_.push_back({Tok::End, {}, text_.size()});
  }
  [[noreturn]] void throw_lex(size_t pos, const std::string& what) const {
    throw Error(fmt::format("parse error at column {}: {}\n  {}\n  {}^", pos + 1, what, text_, std::string(pos, ' ')));
  }

  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(next_ + ahead, tokens_.size() - 1)]; }
  const Token& take() { return tokens_[next_ < tokens_.size() - 1 ? next_++ : next_]; }
  bool at(std::string_view punct_or_keyword) const {
    const Token& t = peek();
    return t.kind != Tok::End && t.kind != Tok::Int && t.text == punct_or_keyword;
  }
  const Token& expect(std::string_view what) {
    if (!at(what)) fail(peek(), fmt::format("expected '{}'", what));
    return take();
  }

  // ---- typing ----
  enum class Want { Int, Bool, Same };
  void check_binary(const Token& op, UOp a, UOp b, Want want) const {
    auto kind = [](UOp u) { return u.dtype().name(); };
    if (a.dtype() != b.dtype())
      fail_type(op, fmt::format("'{}' needs operands of one dtype, got {} and {}", op.text, kind(a), kind(b)));
    if (want == Want::Int && !a.dtype().is_int())
      fail_type(op, fmt::format("'{}' needs integer operands, got {}", op.text, kind(a)));
    if (want == Want::Bool && !a.dtype().is_bool())
      fail_type(op, fmt::format("'{}' needs bool operands, got {}", op.text, kind(a)));
  }
  UOp binary(const Token& op_tok, Op op, UOp a, UOp b, Want want) const {
    check_binary(op_tok, a, b, want);
    return UOp::alu(op, {a, b});
  }

  // ---- one function per precedence level, loosest first ----
  UOp parse_or() {
    UOp lhs = parse_xor();
    while (at("or") || at("|")) {
      const Token op = take();
      lhs = binary(op, Op::OR, lhs, parse_xor(), op.text == "or" ? Want::Bool : Want::Same);
    }
    return lhs;
  }
  UOp parse_xor() {
    UOp lhs = parse_and();
    while (at("^")) {
      const Token op = take();
      lhs = binary(op, Op::XOR, lhs, parse_and(), Want::Same);
    }
    return lhs;
  }
  UOp parse_and() {
    UOp lhs = parse_not();
    while (at("and") || at("&")) {
      const Token op = take();
      lhs = binary(op, Op::AND, lhs, parse_not(), op.text == "and" ? Want::Bool : Want::Same);
    }
    return lhs;
  }
  UOp parse_not() {
    if (!at("not")) return parse_compare();
    const Token op = take();
    UOp x = parse_not();
    if (!x.dtype().is_bool()) fail_type(op, fmt::format("'not' needs a bool operand, got {}", x.dtype().name()));
    return UOp::alu(Op::CMPNE, {x, UOp::constant(bool_, true)});
  }
  static bool is_compare(const Token& t) {
    return t.kind == Tok::Punct &&
           (t.text == "<" || t.text == "<=" || t.text == ">" || t.text == ">=" || t.text == "==" || t.text == "!=");
  }
  UOp parse_compare() {
    UOp lhs = parse_shift();
    if (!is_compare(peek())) return lhs;
    const Token op = take();
    UOp rhs = parse_shift();
    if (is_compare(peek()))
      fail(peek(),
           "comparisons do not chain (write (a < b) and (b < c)); expected an operator other than a comparison");
    check_binary(op, lhs, rhs, Want::Same);
    if (op.text == "<") return UOp::alu(Op::CMPLT, {lhs, rhs});
    if (op.text == "<=") return UOp::alu(Op::CMPLE, {lhs, rhs});
    if (op.text == ">") return UOp::alu(Op::CMPLT, {rhs, lhs});
    if (op.text == ">=") return UOp::alu(Op::CMPLE, {rhs, lhs});
    if (op.text == "==") return UOp::alu(Op::CMPEQ, {lhs, rhs});
    return UOp::alu(Op::CMPNE, {lhs, rhs});
  }
  UOp parse_shift() {
    UOp lhs = parse_add();
    while (at("<<") || at(">>")) {
      const Token op = take();
      lhs = binary(op, op.text == "<<" ? Op::SHL : Op::SHR, lhs, parse_add(), Want::Int);
    }
    return lhs;
  }
  UOp parse_add() {
    UOp lhs = parse_mul();
    while (at("+") || at("-")) {
      const Token op = take();
      lhs = binary(op, op.text == "+" ? Op::ADD : Op::SUB, lhs, parse_mul(), Want::Int);
    }
    return lhs;
  }
  UOp parse_mul() {
    UOp lhs = parse_unary();
    while (at("*") || at("//") || at("%")) {
      const Token op = take();
      const Op alu = op.text == "*" ? Op::MUL : op.text == "//" ? Op::IDIV : Op::MOD;
      lhs = binary(op, alu, lhs, parse_unary(), Want::Int);
    }
    return lhs;
  }
  UOp parse_unary() {
    if (!at("-")) return parse_atom();
    const Token minus = take();
    if (peek().kind == Tok::Int) return literal(take(), /*negative=*/true, minus.pos);
    UOp x = parse_unary();
    if (!x.dtype().is_int())
      fail_type(minus, fmt::format("unary '-' needs an integer operand, got {}", x.dtype().name()));
    return UOp::alu(Op::NEG, {x});
  }
  UOp parse_atom() {
    const Token t = peek();
    if (t.kind == Tok::Int) return literal(take(), /*negative=*/false, t.pos);
    if (t.kind == Tok::Punct && t.text == "(") {
      take();
      UOp inner = parse_or();
      expect(")");
      return inner;
    }
    if (t.kind != Tok::Name) fail(t, "expected a number, a variable, a function call or '('");
    take();
    if (t.text == "true" || t.text == "false") return UOp::constant(bool_, t.text == "true");
    if (contains(kKeywords, t.text)) fail(t, "expected an operand before this keyword");
    if (peek().kind == Tok::Punct && peek().text == "(") return call(t);
    if (contains(kFunctions, t.text)) fail(peek(), fmt::format("expected '(' after the function '{}'", t.text));
    auto it = vars_.find(std::string(t.text));
    if (it == vars_.end())
      throw Error(fmt::format("undeclared variable '{}' at column {}\n  {}\n  {}^", t.text, t.pos + 1, text_,
                              std::string(t.pos, ' ')));
    return it->second;
  }
  UOp call(const Token& name) {
    if (!contains(kFunctions, name.text)) fail(name, "expected one of the functions cdiv, cmod, max, min, where");
    expect("(");
    std::vector<UOp> args{parse_or()};
    while (at(",")) {
      take();
      args.push_back(parse_or());
    }
    const size_t want = name.text == "where" ? 3 : 2;
    if (args.size() != want) {
      if (args.size() < want) fail(peek(), fmt::format("expected ',' and {} arguments to {}", want, name.text));
      fail(name, fmt::format("{} takes {} arguments, got {}", name.text, want, args.size()));
    }
    expect(")");
    if (name.text == "where") {
      if (!args[0].dtype().is_bool())
        fail_type(name, fmt::format("where's condition must be bool, got {}", args[0].dtype().name()));
      if (args[1].dtype() != args[2].dtype())
        fail_type(name, fmt::format("where's branches need one dtype, got {} and {}", args[1].dtype().name(),
                                    args[2].dtype().name()));
      return UOp::alu(Op::WHERE, {args[0], args[1], args[2]});
    }
    const bool divmod = name.text == "cdiv" || name.text == "cmod";
    check_binary(name, args[0], args[1], divmod ? Want::Int : Want::Same);
    const Op op = name.text == "cdiv"   ? Op::CDIV
                  : name.text == "cmod" ? Op::CMOD
                  : name.text == "max"  ? Op::MAX
                                        : Op::MIN;
    return UOp::alu(op, {args[0], args[1]});
  }

  // A literal's magnitude, negated when `negative`, checked against the literal dtype. uint64 constants are
  // stored as int64 bits and print that way, so uint64 also takes the negative int64 range.
  UOp literal(const Token& t, bool negative, size_t pos) {
    unsigned __int128 mag = 0;
    for (char c : t.text) {
      mag = mag * 10 + static_cast<unsigned>(c - '0');
      if (mag > (static_cast<unsigned __int128>(1) << 64)) break;
    }
    const __int128 value = negative ? -static_cast<__int128>(mag) : static_cast<__int128>(mag);
    __int128 lo = int_dtype_.min_int(), hi = int_dtype_.max_int();
    if (int_dtype_ == uint64) {
      lo = std::numeric_limits<int64_t>::min();
      hi = std::numeric_limits<uint64_t>::max();
    }
    if (value < lo || value > hi)
      throw Error(fmt::format("parse error at column {}: the literal {}{} does not fit {}\n  {}\n  {}^", pos + 1,
                              negative ? "-" : "", t.text, int_dtype_.name(), text_, std::string(pos, ' ')));
    return UOp::constant(int_dtype_, static_cast<int64_t>(static_cast<uint64_t>(value)));
  }

  std::string_view text_;
  const VarTable& vars_;
  DType int_dtype_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
};

} // namespace

UOp parse_expr(std::string_view text, const VarTable& vars, DType int_dtype) {
  return Parser(text, vars, int_dtype).parse();
}

bool is_var_name(std::string_view name) {
  if (name.empty() || !is_name_start(name[0])) return false;
  for (char c : name)
    if (!is_name_char(c)) return false;
  return !contains(kKeywords, name) && !contains(kFunctions, name);
}

} // namespace lmc
