// The parser of the expression syntax of ir/parse.hpp: a lexer, an operator-precedence parse with explicit stacks
// (no recursion, so hostile input cannot overflow the stack; nesting is limited to 1000 levels), and type checks
// that name the column, so bad input is an lmc::Error and never a malformed graph.
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

constexpr std::array<std::string_view, 6> kKeywords{"and", "or", "not", "true", "false", "cast"};
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

// A token's text for a message, cut short when it is long (a hostile 30,000-digit number).
std::string clip(std::string_view text) {
  return text.size() > 40 ? fmt::format("{}...", text.substr(0, 37)) : std::string(text);
}

std::string describe(const Token& t) {
  if (t.kind == Tok::End) return "end of input";
  return fmt::format("'{}'", clip(t.text));
}

class Parser {
public:
  Parser(std::string_view text, const VarTable& vars, DType int_dtype)
      : text_(text), vars_(vars), int_dtype_(int_dtype) {
    if (!int_dtype.is_int() || int_dtype.is_vector())
      throw Error(fmt::format("literals need a scalar integer dtype, got {}", int_dtype.name()));
    lex();
  }

  // The whole text as one expression.
  UOp parse() {
    Next next = Next::Operand;
    while (next != Next::Done)
      next = next == Next::Operand ? operand() : after_operand();
    return values_.back();
  }

private:
  // ---- errors ----
  [[noreturn]] void fail(const Token& at, const std::string& what) const { fail_at(at.pos, what, at); }
  [[noreturn]] void fail_at(size_t pos, const std::string& what, const Token& found) const {
    throw Error(fmt::format("parse error at column {}: {}, found {}{}", pos + 1, what, describe(found), caret(pos)));
  }
  [[noreturn]] void fail_type(const Token& at, const std::string& what) const {
    throw Error(fmt::format("type error at column {}: {}{}", at.pos + 1, what, caret(at.pos)));
  }
  // The text under the message with a caret at `pos`; a long text shows only the 100 characters around it.
  std::string caret(size_t pos) const {
    constexpr size_t kHalf = 50;
    const size_t from = pos > kHalf ? pos - kHalf : 0, to = std::min(text_.size(), pos + kHalf);
    const std::string_view head = from > 0 ? "..." : "", tail = to < text_.size() ? "..." : "";
    return fmt::format("\n  {}{}{}\n  {}^", head, text_.substr(from, to - from), tail,
                       std::string(head.size() + pos - from, ' '));
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
          throw_lex(i, fmt::format("expected an operator after the number {}",
                                   describe({Tok::Int, text_.substr(start, i - start), start})));
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
    throw Error(fmt::format("parse error at column {}: {}{}", pos + 1, what, caret(pos)));
  }

  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(next_ + ahead, tokens_.size() - 1)]; }
  const Token& take() { return tokens_[next_ < tokens_.size() - 1 ? next_++ : next_]; }

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

  // ---- operators: precedence, loosest first (the printer's, Python's order) ----
  static constexpr int kOr = 1, kXor = 2, kAnd = 3, kNot = 4, kCompare = 5, kShift = 6, kAdd = 7, kMul = 8, kNeg = 9;
  static bool is_compare(const Token& t) {
    return t.kind == Tok::Punct &&
           (t.text == "<" || t.text == "<=" || t.text == ">" || t.text == ">=" || t.text == "==" || t.text == "!=");
  }
  // The precedence of `t` as a binary operator, or 0 when it is none.
  static int binary_precedence(const Token& t) {
    if (t.kind == Tok::End || t.kind == Tok::Int) return 0;
    const std::string_view x = t.text;
    if (x == "or" || x == "|") return kOr;
    if (x == "^") return kXor;
    if (x == "and" || x == "&") return kAnd;
    if (is_compare(t)) return kCompare;
    if (x == "<<" || x == ">>") return kShift;
    if (x == "+" || x == "-") return kAdd;
    if (x == "*" || x == "//" || x == "%") return kMul;
    return 0;
  }

  // ---- the parse: operator precedence with explicit stacks ----
  // No recursion, so no input can overflow the stack: operands wait on `values_`, operators and open groups on
  // `pending_`. An operator is applied once the next operator binds no tighter (all binary operators are
  // left-associative; comparisons do not chain). Nesting (parentheses, calls, unary '-', 'not') is still limited to
  // kMaxNesting levels, so the graph handed to later passes stays as shallow as its text could reasonably be.
  static constexpr int kMaxNesting = 1000;
  enum class Kind { Binary, Not, Neg, Paren, Call };
  enum class Next { Operand, Operator, Done }; // what the parse reads next
  struct Pending {
    Kind kind;
    Token tok;       // the operator, '(' or the function's name
    int prec = 0;    // Binary, Not, Neg
    size_t args = 0; // Call: arguments completed before the one being parsed
    DType cast_to{}; // Call of cast<DTYPE>(...): the dtype
  };

  // Reads what follows a complete operand: a binary operator (an operand comes next), or a token that ends the
  // innermost group: ')' closes it (the group is a complete operand), ',' starts a call's next argument, and the end
  // of input ends the parse (its value left on values_). Anything else is an error naming what the group expected.
  Next after_operand() {
    const Token t = peek();
    if (const int p = binary_precedence(t)) {
      // Operators binding at least as tightly are complete. A comparison never completes another comparison:
      // that one would chain.
      apply_while([&](const Pending& top) { return p == kCompare ? top.prec > kCompare : top.prec >= p; });
      if (p == kCompare && !pending_.empty() && pending_.back().kind == Kind::Binary &&
          pending_.back().prec == kCompare)
        fail(t, "comparisons do not chain (write (a < b) and (b < c)); expected an operator other than a comparison");
      pending_.push_back({Kind::Binary, take(), p});
      return Next::Operand;
    }
    apply_while([](const Pending&) { return true; }); // everything up to the innermost open group
    if (pending_.empty()) {
      if (t.kind != Tok::End) fail(t, "expected an operator or end of input");
      return Next::Done;
    }
    const bool close_paren = t.kind == Tok::Punct && t.text == ")";
    Pending& group = pending_.back();
    if (group.kind == Kind::Paren) {
      if (!close_paren) fail(t, "expected ')'");
      take();
      close(); // the value inside is the group's value
      return Next::Operator;
    }
    if (t.kind == Tok::Punct && t.text == ",") {
      ++group.args;
      take();
      return Next::Operand;
    }
    const size_t got = group.args + 1, want = group.tok.text == "where" ? 3 : group.tok.text == "cast" ? 1 : 2;
    if (got < want) fail(t, fmt::format("expected ',' and {} arguments to {}", want, group.tok.text));
    if (got > want) fail(group.tok, fmt::format("{} takes {} arguments, got {}", group.tok.text, want, got));
    if (!close_paren) fail(t, "expected ')'");
    take();
    const Token name = group.tok;
    const DType cast_to = group.cast_to;
    std::vector<UOp> args(values_.end() - static_cast<std::ptrdiff_t>(got), values_.end());
    values_.resize(values_.size() - got);
    close();
    values_.push_back(name.text == "cast" ? cast(name, args[0], cast_to) : call(name, args));
    return Next::Operator;
  }
  // Reads one operand position: a prefix operator or an opening group (an operand is still wanted), or an atom
  // pushed on values_ (an operator or the end comes next).
  Next operand() {
    const Token t = peek();
    if (t.kind == Tok::Name && t.text == "not") {
      // 'not' binds looser than comparisons and arithmetic: it may open an operand only of and/or/xor or a group.
      if (!pending_.empty() && pending_.back().kind == Kind::Neg) fail(t, "expected an operand before this keyword");
      if (!pending_.empty() && pending_.back().kind == Kind::Binary && pending_.back().prec > kAnd)
        fail(t, "expected an operand before this keyword");
      open({Kind::Not, take(), kNot});
      return Next::Operand;
    }
    if (t.kind == Tok::Punct && t.text == "-") {
      const Token minus = take();
      if (peek().kind == Tok::Int) {
        values_.push_back(literal(take(), /*negative=*/true, minus.pos));
        return Next::Operator;
      }
      open({Kind::Neg, minus, kNeg});
      return Next::Operand;
    }
    if (t.kind == Tok::Int) {
      values_.push_back(literal(take(), /*negative=*/false, t.pos));
      return Next::Operator;
    }
    if (t.kind == Tok::Punct && t.text == "(") {
      open({Kind::Paren, take()});
      return Next::Operand;
    }
    if (t.kind != Tok::Name) fail(t, "expected a number, a variable, a function call or '('");
    take();
    if (t.text == "true" || t.text == "false") {
      values_.push_back(UOp::constant(bool_, t.text == "true"));
      return Next::Operator;
    }
    if (t.text == "cast") { // cast<DTYPE>(x), as the printer writes a cast
      auto expect = [&](std::string_view what) {
        if (peek().kind != Tok::Punct || peek().text != what)
          fail(peek(), fmt::format("expected '{}' in cast<DTYPE>(x)", what));
        return take();
      };
      expect("<");
      const Token name = peek();
      if (name.kind != Tok::Name) fail(name, "expected a dtype name in cast<DTYPE>(x)");
      take();
      DType to;
      try {
        to = dtype_from_name(std::string(name.text));
      } catch (const Error&) {
        fail(name, fmt::format("unknown dtype {} in cast<DTYPE>(x)", describe(name)));
      }
      expect(">");
      const Token paren = expect("(");
      Pending call{Kind::Call, t};
      call.cast_to = to;
      open(call, paren);
      return Next::Operand;
    }
    if (contains(kKeywords, t.text)) fail(t, "expected an operand before this keyword");
    if (peek().kind == Tok::Punct && peek().text == "(") {
      if (!contains(kFunctions, t.text)) fail(t, "expected one of the functions cdiv, cmod, max, min, where");
      const Token paren = take();
      open({Kind::Call, t}, paren);
      return Next::Operand;
    }
    if (contains(kFunctions, t.text)) fail(peek(), fmt::format("expected '(' after the function '{}'", t.text));
    auto it = vars_.find(std::string(t.text));
    if (it == vars_.end())
      throw Error(fmt::format("undeclared variable {} at column {}{}", describe(t), t.pos + 1, caret(t.pos)));
    values_.push_back(it->second);
    return Next::Operator;
  }

  // Pushes a nested form, refusing to go deeper than kMaxNesting (reported at `at`, the form's first token).
  void open(Pending p) { open(p, p.tok); }
  void open(Pending p, const Token& at) {
    if (++depth_ > kMaxNesting)
      fail(at, fmt::format("nesting deeper than {} levels (parentheses, calls, unary '-' and 'not' each count one)",
                           kMaxNesting));
    pending_.push_back(p);
  }
  void close() {
    pending_.pop_back();
    --depth_;
  }

  // Applies pending operators from the top while `more(top)` holds (never past an open group).
  template <class F>
  void apply_while(F more) {
    while (!pending_.empty() && pending_.back().kind != Kind::Paren && pending_.back().kind != Kind::Call &&
           more(pending_.back())) {
      const Pending op = pending_.back();
      if (op.kind == Kind::Binary) {
        pending_.pop_back();
        const UOp rhs = values_.back();
        values_.pop_back();
        values_.back() = binary(op.tok, values_.back(), rhs);
        continue;
      }
      close();
      const UOp x = values_.back();
      if (op.kind == Kind::Not) {
        if (!x.dtype().is_bool())
          fail_type(op.tok, fmt::format("'not' needs a bool operand, got {}", x.dtype().name()));
        values_.back() = UOp::alu(Op::CMPNE, {x, UOp::constant(bool_, true)});
      } else {
        if (!x.dtype().is_int())
          fail_type(op.tok, fmt::format("unary '-' needs an integer operand, got {}", x.dtype().name()));
        values_.back() = UOp::alu(Op::NEG, {x});
      }
    }
  }

  // A bool beside an integer in a comparison or in arithmetic is read as that integer type's 0 or 1, as Python
  // reads it (`(x < y) == 1`, `(x < y) + (y <= x)`): a cast of the bool, which the cast rules fold where they can.
  // Two bools in arithmetic are both read in the literal dtype (Python's True + True is 2).
  void promote_bool(UOp& lhs, UOp& rhs, bool arithmetic) const {
    if (arithmetic && lhs.dtype().is_bool() && rhs.dtype().is_bool()) lhs = lhs.cast(int_dtype_);
    if (lhs.dtype().is_bool() && rhs.dtype().is_int() && !rhs.dtype().is_vector()) lhs = lhs.cast(rhs.dtype());
    if (rhs.dtype().is_bool() && lhs.dtype().is_int() && !lhs.dtype().is_vector()) rhs = rhs.cast(lhs.dtype());
  }

  UOp binary(const Token& op, UOp lhs, UOp rhs) const {
    const std::string_view x = op.text;
    const bool arithmetic = x == "+" || x == "-" || x == "*" || x == "//" || x == "%";
    if (is_compare(op) || arithmetic) promote_bool(lhs, rhs, arithmetic);
    if (is_compare(op)) {
      check_binary(op, lhs, rhs, Want::Same);
      if (x == "<") return UOp::alu(Op::CMPLT, {lhs, rhs});
      if (x == "<=") return UOp::alu(Op::CMPLE, {lhs, rhs});
      if (x == ">") return UOp::alu(Op::CMPLT, {rhs, lhs}); // a > b is b < a
      if (x == ">=") return UOp::alu(Op::CMPLE, {rhs, lhs});
      if (x == "==") return UOp::alu(Op::CMPEQ, {lhs, rhs});
      return UOp::alu(Op::CMPNE, {lhs, rhs});
    }
    Op alu;
    Want want = Want::Int;
    if (x == "or" || x == "|")
      alu = Op::OR, want = x == "or" ? Want::Bool : Want::Same;
    else if (x == "^")
      alu = Op::XOR, want = Want::Same;
    else if (x == "and" || x == "&")
      alu = Op::AND, want = x == "and" ? Want::Bool : Want::Same;
    else if (x == "<<" || x == ">>")
      alu = x == "<<" ? Op::SHL : Op::SHR;
    else if (x == "+" || x == "-")
      alu = x == "+" ? Op::ADD : Op::SUB;
    else
      alu = x == "*" ? Op::MUL : x == "//" ? Op::FLOORDIV : Op::FLOORMOD;
    check_binary(op, lhs, rhs, want);
    return UOp::alu(alu, {lhs, rhs});
  }

  UOp cast(const Token& name, UOp x, DType to) const {
    if (!x.dtype().is_integral() || !to.is_integral() || to.is_vector() || x.dtype().is_vector())
      fail_type(name,
                fmt::format("cast<{}> needs a scalar integer or bool operand, got {}", to.name(), x.dtype().name()));
    return x.cast(to);
  }

  UOp call(const Token& name, const std::vector<UOp>& args) const {
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
      throw Error(fmt::format("parse error at column {}: the literal {}{} does not fit {}{}", pos + 1,
                              negative ? "-" : "", clip(t.text), int_dtype_.name(), caret(pos)));
    return UOp::constant(int_dtype_, static_cast<int64_t>(static_cast<uint64_t>(value)));
  }

  std::string_view text_;
  const VarTable& vars_;
  DType int_dtype_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
  std::vector<UOp> values_;      // operands waiting for their operator
  std::vector<Pending> pending_; // operators and open groups, innermost last
  int depth_ = 0;                // nested forms on pending_
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
