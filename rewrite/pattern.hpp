// The pattern DSL: patterns that read like the math they match (`x + 0`, `(x * c1) / c2`), side conditions
// over bounds and constants (`lo(y) >= 0 && hi(y) < val(c)`), and rules made of both. In patterns, `/` and `%`
// are floor division and modulo (Python's // and %); cdiv/cmod are C's truncating forms.
#pragma once
#include "ir/uop.hpp"

#include <array>
#include <atomic>
#include <bitset>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

namespace lmc::rw {

inline constexpr int kMaxCaptures = 64;
using OpMask = std::bitset<128>;
OpMask op_mask(std::initializer_list<Op> ops);

// What a successful match binds: one UOp per capture slot, plus the node matched and the caller's context.
struct Match {
  UOp root;
  // Node ids, left uninitialized: only slots whose bit is set in `bound` are read, and a table tries several
  // rules at every node, so initializing 64 slots per try was a visible part of dispatch.
  std::array<uint32_t, kMaxCaptures> caps;
  uint64_t bound = 0; // bit i set when caps[i] holds a node
  void* ctx = nullptr;

  UOp at(int slot) const;
  template <class T>
  T& context() const {
    return *static_cast<T*>(ctx);
  }
};

struct PatNode;

// A pattern. Build with the factories and operators below; a Pat is a cheap shared handle.
class Pat {
public:
  // Matches any node and binds it to `name` (a capture may appear twice: both places must be the same node).
  static Pat var(const std::string& name);
  // Like var, but only integer or bool nodes: the symbolic rules' operands.
  static Pat ivar(const std::string& name);
  // Matches any integral CONST and binds it.
  static Pat cvar(const std::string& name);
  // Matches an integral CONST with exactly this value (in a replacement: builds that constant).
  static Pat cnst(int64_t value);
  // Matches a node whose op is in `ops`, with these sources (in order, or in either order when commutative).
  static Pat op(Op op, std::vector<Pat> src);
  static Pat op(std::initializer_list<Op> ops, std::vector<Pat> src);
  // Any node with op in `ops` and any sources.
  static Pat any_of(std::initializer_list<Op> ops);

  Pat named(const std::string& name) const; // also bind the node this matches
  Pat ints() const;                         // only integer/bool dtypes
  Pat where_dtype(std::function<bool(DType)> pred) const;
  Pat where_arg(std::function<bool(const Arg&)> pred) const;
  Pat any_order() const; // match the two sources in either order

  const PatNode& node() const { return *node_; }
  int slot() const; // the capture slot of a var/cvar/named pattern

private:
  explicit Pat(std::shared_ptr<PatNode> n) : node_(std::move(n)) {}
  std::shared_ptr<PatNode> node_;
  friend struct PatNode;
};

struct PatNode {
  OpMask ops; // empty: any op
  std::vector<Pat> src;
  bool match_src = false;   // false: sources are not inspected
  bool commutative = false; // try both orders of two sources
  int capture = -1;         // slot bound to the matched node
  bool integral_only = false;
  bool const_only = false;
  std::optional<int64_t> const_value; // match/build this integral constant
  std::function<bool(DType)> dtype_pred;
  // dtype_pred's answers for scalar dtypes (0 unknown, 1 no, 2 yes), filled as they are asked: nearly every
  // capture of the symbolic rules has a dtype predicate, and a std::function call per capture tried showed.
  // Predicates are pure functions of the dtype, so a race only writes the same answer twice.
  struct DTypeVerdicts {
    std::array<std::atomic<uint8_t>, 32> by_scalar{};
    DTypeVerdicts() = default;
    DTypeVerdicts(const DTypeVerdicts&) {} // a copied pattern may get a new predicate: it starts unknown
    DTypeVerdicts& operator=(const DTypeVerdicts&) {
      for (auto& v : by_scalar)
        v.store(0, std::memory_order_relaxed);
      return *this;
    }
  };
  mutable DTypeVerdicts dtype_verdicts;
  bool dtype_ok(DType d) const {
    const auto scalar = static_cast<size_t>(d.scalar);
    if (d.count != 1 || d.addrspace != AddrSpace::None || scalar >= 32) return dtype_pred(d);
    std::atomic<uint8_t>& v = dtype_verdicts.by_scalar[scalar];
    uint8_t known = v.load(std::memory_order_relaxed);
    if (known == 0) {
      known = dtype_pred(d) ? 2 : 1;
      v.store(known, std::memory_order_relaxed);
    }
    return known == 2;
  }
  std::function<bool(const Arg&)> arg_pred;
  Op build_op = Op::SINK; // the op a replacement template builds (the single op of `ops`)
};

// Capture slots are shared by name across the process ("x" is always the same slot).
int capture_slot(const std::string& name);
const std::string& capture_name(int slot);

// clang-format off
inline Pat operator+(Pat a, Pat b) { return Pat::op(Op::ADD, {a, b}); }
inline Pat operator-(Pat a, Pat b) { return Pat::op(Op::SUB, {a, b}); }
inline Pat operator*(Pat a, Pat b) { return Pat::op(Op::MUL, {a, b}); }
inline Pat operator/(Pat a, Pat b) { return Pat::op(Op::FLOORDIV, {a, b}); }
inline Pat operator%(Pat a, Pat b) { return Pat::op(Op::FLOORMOD, {a, b}); }
inline Pat operator<(Pat a, Pat b) { return Pat::op(Op::CMPLT, {a, b}); }
inline Pat operator<=(Pat a, Pat b) { return Pat::op(Op::CMPLE, {a, b}); }
inline Pat operator&(Pat a, Pat b) { return Pat::op(Op::AND, {a, b}); }
inline Pat operator|(Pat a, Pat b) { return Pat::op(Op::OR, {a, b}); }
inline Pat operator^(Pat a, Pat b) { return Pat::op(Op::XOR, {a, b}); }
inline Pat operator-(Pat a) { return Pat::op(Op::NEG, {a}); }
inline Pat operator+(Pat a, int64_t c) { return a + Pat::cnst(c); }
inline Pat operator-(Pat a, int64_t c) { return a - Pat::cnst(c); }
inline Pat operator*(Pat a, int64_t c) { return a * Pat::cnst(c); }
inline Pat operator/(Pat a, int64_t c) { return a / Pat::cnst(c); }
inline Pat operator%(Pat a, int64_t c) { return a % Pat::cnst(c); }
inline Pat operator<(Pat a, int64_t c) { return a < Pat::cnst(c); }
inline Pat eq(Pat a, Pat b) { return Pat::op(Op::CMPEQ, {a, b}); }
inline Pat ne(Pat a, Pat b) { return Pat::op(Op::CMPNE, {a, b}); }
inline Pat cdiv(Pat a, Pat b) { return Pat::op(Op::CDIV, {a, b}); }
inline Pat cmod(Pat a, Pat b) { return Pat::op(Op::CMOD, {a, b}); }
inline Pat max(Pat a, Pat b) { return Pat::op(Op::MAX, {a, b}); }
inline Pat min(Pat a, Pat b) { return Pat::op(Op::MIN, {a, b}); }
inline Pat where(Pat c, Pat a, Pat b) { return Pat::op(Op::WHERE, {c, a, b}); }
inline Pat shl(Pat a, Pat b) { return Pat::op(Op::SHL, {a, b}); }
inline Pat shr(Pat a, Pat b) { return Pat::op(Op::SHR, {a, b}); }
// clang-format on

// ---- side conditions ----
struct CondNode;

// An integer-valued expression over a match, evaluated exactly (128-bit); used as a rule's side condition.
// A condition whose arithmetic leaves int64 is false (conservative).
class Cond {
public:
  Cond(int64_t literal); // NOLINT(google-explicit-constructor): literals read naturally in conditions
  static Cond fn(std::function<bool(const Match&)> pred, std::string description);
  // Evaluates to a value, or nullopt when undefined (overflow, division by zero).
  std::optional<__int128> eval(const Match& m) const;
  bool holds(const Match& m) const;
  std::string str() const;
  const CondNode& node() const { return *node_; }
  const std::shared_ptr<CondNode>& ptr() const { return node_; }
  explicit Cond(std::shared_ptr<CondNode> n) : node_(std::move(n)) {}

private:
  std::shared_ptr<CondNode> node_;
};

Cond lo(const Pat& capture);   // lower bound of the bound node
Cond hi(const Pat& capture);   // upper bound of the bound node
Cond val(const Pat& capture);  // value of a bound constant
Cond dmin(const Pat& capture); // the smallest value the node's dtype holds
Cond dmax(const Pat& capture); // the largest value the node's dtype holds
// gcd of every term's constant factor (x*4 + y*6 + 8 -> 2); 1 when unknown. Used by div/mod folding.
Cond divisor(const Pat& capture);
Cond operator+(Cond a, Cond b);
Cond operator-(Cond a, Cond b);
Cond operator*(Cond a, Cond b);
Cond operator/(Cond a, Cond b); // floor
Cond operator%(Cond a, Cond b); // floor
Cond operator-(Cond a);
Cond operator<(Cond a, Cond b);
Cond operator<=(Cond a, Cond b);
Cond operator>(Cond a, Cond b);
Cond operator>=(Cond a, Cond b);
Cond operator==(Cond a, Cond b);
Cond operator!=(Cond a, Cond b);
Cond operator&&(Cond a, Cond b);
Cond operator||(Cond a, Cond b);
Cond operator!(Cond a);
Cond same_node(const Pat& a, const Pat& b);

// ---- rules ----
using FoldFn = std::function<std::optional<UOp>(const Match&)>;

struct Rule {
  std::string name;
  std::source_location where;
  Pat before;
  std::optional<Pat> after; // a replacement template over the captures ...
  FoldFn fold;              // ... or a named fold function
  std::optional<Cond> cond;
  std::string fold_name; // for fold rules: the fold_<what> function's name, shown in traces
  // Shapes the proof harness instantiates instead of `before`, for a fold rule whose pattern is too general for
  // random instances to reach the cases it folds (each shape is a special case of `before`).
  std::vector<Pat> examples;
  // Ops inside which this rule waits: at a node whose every user has one of these ops, the rule is not tried
  // (the fixed-point driver tries it once a user outside them appears). Sum normal forms wait inside ADD/SUB/NEG:
  // the sum's exit flattens every term anyway, so normalizing each inner node would rebuild the sum per level.
  OpMask waits_inside;

  // This rule, waiting inside `ops`: rule_fn(...).waiting_inside(op_mask({Op::ADD}))
  Rule waiting_inside(OpMask ops) const {
    Rule r = *this;
    r.waits_inside = ops;
    return r;
  }

  // This rule with proof shapes: rule_fn(...).with_examples({(x * c1 + y) < c2}).
  Rule with_examples(std::vector<Pat> shapes) const {
    Rule r = *this;
    r.examples = std::move(shapes);
    return r;
  }

  // Applies this rule at `u`: the replacement, or nullopt when it does not match or declines.
  std::optional<UOp> apply(UOp u, void* ctx = nullptr) const;
  // The same with a caller's Match (root and ctx set; captures are reset here), so a table trying many rules
  // at one node fills the 64-slot capture array once rather than once per rule.
  std::optional<UOp> apply(Match& m) const;
};

// rule(name, before, after[, condition]): a replacement built from the captures. Throws at construction when
// the replacement uses a capture the pattern never binds, or a commutative pattern puts a constant on the left.
Rule rule(std::string name, Pat before, Pat after, std::source_location where = std::source_location::current());
Rule rule(std::string name, Pat before, Pat after, Cond cond,
          std::source_location where = std::source_location::current());
// rule(name, before, fold_fn): real code, in a named fold_<what> function.
Rule rule_fn(std::string name, Pat before, FoldFn fold, std::string fold_name,
             std::source_location where = std::source_location::current());
#define LMC_FOLD(fn) fn, #fn

// Matches `pat` against `u`, binding captures into `m`. Exposed for tests and the verify harness.
bool match(const Pat& pat, UOp u, Match& m);
// Builds a replacement template with the bound captures.
UOp build(const Pat& tmpl, const Match& m);

} // namespace lmc::rw
