// Pattern construction, matching and replacement building; side-condition evaluation; rule construction checks.
#include "rewrite/pattern.hpp"

#include "ir/error.hpp"
#include "rewrite/bounds.hpp"

#include <fmt/format.h>
#include <mutex>
#include <unordered_map>

namespace lmc::rw {

OpMask op_mask(std::initializer_list<Op> ops) {
  OpMask m;
  for (Op op : ops)
    m.set(static_cast<size_t>(op));
  return m;
}

// ---------------------------------------------------------------- capture slots

namespace {
struct SlotRegistry {
  std::mutex mutex;
  std::unordered_map<std::string, int> by_name;
  std::vector<std::string> names;
};
SlotRegistry& slots() {
  static SlotRegistry* r = new SlotRegistry();
  return *r;
}
} // namespace

int capture_slot(const std::string& name) {
  auto& r = slots();
  std::lock_guard lock(r.mutex);
  if (auto it = r.by_name.find(name); it != r.by_name.end()) return it->second;
  if (r.names.size() >= kMaxCaptures)
    throw Error(fmt::format("too many distinct capture names (max {})", kMaxCaptures));
  r.names.push_back(name);
  return r.by_name[name] = static_cast<int>(r.names.size() - 1);
}

const std::string& capture_name(int slot) {
  auto& r = slots();
  std::lock_guard lock(r.mutex);
  return r.names.at(slot);
}

UOp Match::at(int slot) const {
  if (slot < 0 || !(bound >> slot & 1))
    throw Error(fmt::format("capture '{}' is not bound", slot < 0 ? "?" : capture_name(slot)));
  return UOp::from_id(caps[slot]);
}

// ---------------------------------------------------------------- Pat

Pat Pat::var(const std::string& name) {
  auto n = std::make_shared<PatNode>();
  n->capture = capture_slot(name);
  return Pat(n);
}
Pat Pat::ivar(const std::string& name) {
  return var(name).ints();
}
Pat Pat::cvar(const std::string& name) {
  auto n = std::make_shared<PatNode>();
  n->capture = capture_slot(name);
  n->ops = op_mask({Op::CONST});
  n->const_only = true;
  n->integral_only = true;
  return Pat(n);
}
Pat Pat::cnst(int64_t value) {
  auto n = std::make_shared<PatNode>();
  n->ops = op_mask({Op::CONST});
  n->const_only = true;
  n->integral_only = true;
  n->const_value = value;
  return Pat(n);
}
Pat Pat::op(Op op, std::vector<Pat> src) {
  auto n = std::make_shared<PatNode>();
  n->ops = op_mask({op});
  n->build_op = op;
  n->src = std::move(src);
  n->match_src = true;
  n->commutative = is_commutative(op) && n->src.size() == 2;
  return Pat(n);
}
Pat Pat::op(std::initializer_list<Op> ops, std::vector<Pat> src) {
  Pat p = op(*ops.begin(), std::move(src));
  p.node_->ops = op_mask(ops);
  bool all_commutative = true;
  for (Op o : ops)
    all_commutative = all_commutative && is_commutative(o);
  p.node_->commutative = all_commutative && p.node_->src.size() == 2;
  return p;
}
Pat Pat::any_of(std::initializer_list<Op> ops) {
  auto n = std::make_shared<PatNode>();
  n->ops = op_mask(ops);
  n->build_op = *ops.begin();
  return Pat(n);
}

namespace {
std::shared_ptr<PatNode> copy_node(const PatNode& n) {
  return std::make_shared<PatNode>(n);
}
} // namespace

Pat Pat::named(const std::string& name) const {
  auto n = copy_node(*node_);
  n->capture = capture_slot(name);
  return Pat(n);
}
Pat Pat::ints() const {
  auto n = copy_node(*node_);
  n->integral_only = true;
  return Pat(n);
}
Pat Pat::where_dtype(std::function<bool(DType)> pred) const {
  auto n = copy_node(*node_);
  n->dtype_pred = std::move(pred);
  return Pat(n);
}
Pat Pat::where_arg(std::function<bool(const Arg&)> pred) const {
  auto n = copy_node(*node_);
  n->arg_pred = std::move(pred);
  return Pat(n);
}
Pat Pat::any_order() const {
  auto n = copy_node(*node_);
  n->commutative = n->src.size() == 2;
  return Pat(n);
}
int Pat::slot() const {
  return node_->capture;
}

// ---------------------------------------------------------------- matching

namespace {

bool bind(Match& m, int slot, UOp u) {
  if (slot < 0) return true;
  const uint64_t bit = uint64_t{1} << slot;
  if (m.bound & bit) return m.caps[slot] == u.id();
  m.caps[slot] = u.id();
  m.bound |= bit;
  return true;
}

bool match_sources(const PatNode& p, std::span<const UOp> src, Match& m, bool swapped) {
  for (size_t i = 0; i < p.src.size(); ++i) {
    const size_t j = swapped ? p.src.size() - 1 - i : i;
    if (!match(p.src[i], src[j], m)) return false;
  }
  return true;
}

// The integral value of a CONST node, read in place (match reads one per constant in a pattern, and
// UOp::const_int's out-of-line call and optional were a visible part of matching).
bool read_const_int(const Node& n, int64_t& out) {
  if (n.op != Op::CONST) return false;
  const ConstValue& v = std::get<ConstValue>(n.arg);
  if (const int64_t* i = std::get_if<int64_t>(&v)) {
    out = *i;
    return true;
  }
  if (const bool* b = std::get_if<bool>(&v)) {
    out = *b;
    return true;
  }
  return false;
}

} // namespace

bool match(const Pat& pat, UOp u, Match& m) {
  const PatNode& p = pat.node();
  const Node& n = node_at(u.id());
  if (p.ops.any()) {
    if (!p.ops[static_cast<size_t>(n.op)]) return false;
    // Rules match only well-typed nodes (sources with the dtypes the op table asks for): a rule that reasons
    // about x + 0 where x and the sum disagree on dtype would be unsound.
    if (!p.const_only && !n.well_typed) return false;
  }
  if (p.integral_only && !n.dtype.is_integral()) return false;
  if (p.const_only) {
    int64_t v;
    if (!read_const_int(n, v)) return false;
    if (p.const_value && v != *p.const_value) return false;
  }
  if (p.dtype_pred && !p.dtype_ok(n.dtype)) return false;
  if (p.arg_pred && !p.arg_pred(u.arg())) return false;
  if (p.match_src) {
    if (p.src.size() != u.num_src()) return false;
    const uint64_t saved = m.bound;
    if (!match_sources(p, u.src(), m, false)) {
      m.bound = saved;
      if (!p.commutative || !match_sources(p, u.src(), m, true)) {
        m.bound = saved;
        return false;
      }
    }
  }
  return bind(m, p.capture, u);
}

namespace {

// The dtype a constant in a replacement takes: its first non-constant sibling's, else the matched root's.
DType const_dtype_from(const std::vector<UOp>& built, const Match& m, Op parent) {
  for (UOp b : built)
    if (!b.is_null() && !b.is_const()) return parent == Op::WHERE && b.dtype().is_bool() ? m.root.dtype() : b.dtype();
  for (UOp b : built)
    if (!b.is_null()) return b.dtype();
  return m.root.dtype().is_bool() && !is_comparison(parent) ? m.root.dtype() : m.root.dtype();
}

UOp build_with(const Pat& tmpl, const Match& m, std::optional<DType> const_dtype) {
  const PatNode& p = tmpl.node();
  if (p.capture >= 0 && !p.match_src) return m.at(p.capture);
  if (p.const_value) return UOp::constant(const_dtype.value_or(m.root.dtype()), *p.const_value);
  if (!p.match_src) throw Error("replacement template has a leaf that is neither a capture nor a constant");
  // Non-constant sources first, so constants can take their dtype.
  std::vector<UOp> built(p.src.size());
  for (size_t i = 0; i < p.src.size(); ++i)
    if (!p.src[i].node().const_value) built[i] = build_with(p.src[i], m, std::nullopt);
  for (size_t i = 0; i < p.src.size(); ++i) {
    if (!built[i].is_null()) continue;
    DType d = const_dtype_from(built, m, p.build_op);
    if (p.build_op == Op::WHERE && i == 0)
      d = bool_;
    else if (p.build_op == Op::WHERE && !const_dtype)
      d = d.is_bool() ? m.root.dtype() : d;
    if (const_dtype && !is_comparison(p.build_op) && p.build_op != Op::WHERE) d = *const_dtype;
    built[i] = build_with(p.src[i], m, d);
  }
  return UOp::alu(p.build_op, built);
}

} // namespace

UOp build(const Pat& tmpl, const Match& m) {
  return build_with(tmpl, m, std::nullopt);
}

// ---------------------------------------------------------------- conditions

struct CondNode {
  enum Kind { Literal, Lo, Hi, Val, DMin, DMax, Divisor, Binary, Not, Neg, Fn, Same } kind;
  __int128 literal = 0;
  int slot = -1, slot2 = -1;
  char op = 0; // + - * / % < l(<=) > g(>=) = (==) ! (!=) & (&&) | (||)
  std::shared_ptr<CondNode> a, b;
  std::function<bool(const Match&)> fn;
  std::string description;
  CondNode(Kind k) : kind(k) {} // NOLINT
};

Cond::Cond(int64_t literal) : node_(std::make_shared<CondNode>(CondNode::Literal)) {
  node_->literal = literal;
}

namespace {
Cond make_cond(CondNode::Kind kind, int slot = -1) {
  auto n = std::shared_ptr<CondNode>(new CondNode(kind));
  n->slot = slot;
  return Cond(n);
}
Cond binary(char op, Cond a, Cond b) {
  auto n = std::shared_ptr<CondNode>(new CondNode(CondNode::Binary));
  n->op = op;
  n->a = a.ptr();
  n->b = b.ptr();
  return Cond(n);
}
int require_slot(const Pat& p, const char* what) {
  if (p.slot() < 0) throw Error(fmt::format("{}() needs a captured pattern", what));
  return p.slot();
}
__int128 floordiv128(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
} // namespace

Cond Cond::fn(std::function<bool(const Match&)> pred, std::string description) {
  auto n = std::shared_ptr<CondNode>(new CondNode(CondNode::Fn));
  n->fn = std::move(pred);
  n->description = std::move(description);
  return Cond(n);
}

Cond lo(const Pat& c) {
  return make_cond(CondNode::Lo, require_slot(c, "lo"));
}
Cond hi(const Pat& c) {
  return make_cond(CondNode::Hi, require_slot(c, "hi"));
}
Cond val(const Pat& c) {
  return make_cond(CondNode::Val, require_slot(c, "val"));
}
Cond dmin(const Pat& c) {
  return make_cond(CondNode::DMin, require_slot(c, "dmin"));
}
Cond dmax(const Pat& c) {
  return make_cond(CondNode::DMax, require_slot(c, "dmax"));
}
Cond divisor(const Pat& c) {
  return make_cond(CondNode::Divisor, require_slot(c, "divisor"));
}
Cond same_node(const Pat& a, const Pat& b) {
  Cond c = make_cond(CondNode::Same, require_slot(a, "same_node"));
  const_cast<CondNode&>(c.node()).slot2 = require_slot(b, "same_node");
  return c;
}
Cond operator+(Cond a, Cond b) {
  return binary('+', a, b);
}
Cond operator-(Cond a, Cond b) {
  return binary('-', a, b);
}
Cond operator*(Cond a, Cond b) {
  return binary('*', a, b);
}
Cond operator/(Cond a, Cond b) {
  return binary('/', a, b);
}
Cond operator%(Cond a, Cond b) {
  return binary('%', a, b);
}
Cond operator-(Cond a) {
  return binary('-', Cond(int64_t{0}), a);
}
Cond operator<(Cond a, Cond b) {
  return binary('<', a, b);
}
Cond operator<=(Cond a, Cond b) {
  return binary('l', a, b);
}
Cond operator>(Cond a, Cond b) {
  return binary('>', a, b);
}
Cond operator>=(Cond a, Cond b) {
  return binary('g', a, b);
}
Cond operator==(Cond a, Cond b) {
  return binary('=', a, b);
}
Cond operator!=(Cond a, Cond b) {
  return binary('!', a, b);
}
Cond operator&&(Cond a, Cond b) {
  return binary('&', a, b);
}
Cond operator||(Cond a, Cond b) {
  return binary('|', a, b);
}
Cond operator!(Cond a) {
  return binary('=', a, Cond(int64_t{0}));
}

namespace {

// Recursion over the nodes themselves: going through Cond(n.a) copied a shared_ptr (two atomic updates) per node
// visited, and conditions are evaluated at most rules that match.
std::optional<__int128> eval_node(const CondNode& n, const Match& m) {
  switch (n.kind) {
  case CondNode::Literal:
    return n.literal;
  case CondNode::Lo:
    return bounds(m.at(n.slot)).lo;
  case CondNode::Hi:
    return bounds(m.at(n.slot)).hi;
  case CondNode::Val: {
    auto v = m.at(n.slot).const_int();
    if (!v) return std::nullopt;
    return *v;
  }
  case CondNode::DMin:
    return m.at(n.slot).dtype().min_int();
  case CondNode::DMax:
    return m.at(n.slot).dtype().max_int();
  case CondNode::Divisor:
    return const_factor(m.at(n.slot));
  case CondNode::Fn:
    return n.fn(m) ? 1 : 0;
  case CondNode::Same:
    return m.at(n.slot) == m.at(n.slot2) ? 1 : 0;
  case CondNode::Not:
  case CondNode::Neg:
    return std::nullopt;
  case CondNode::Binary:
    break;
  }
  auto a = eval_node(*n.a, m);
  if (!a) return std::nullopt;
  if (n.op == '&' && *a == 0) return 0; // short-circuit, so later terms may assume earlier ones
  if (n.op == '|' && *a != 0) return 1;
  auto b = eval_node(*n.b, m);
  if (!b) return std::nullopt;
  __int128 r = 0;
  switch (n.op) {
  case '+':
    r = *a + *b;
    break;
  case '-':
    r = *a - *b;
    break;
  case '*':
    r = *a * *b;
    break;
  case '/':
    if (*b == 0) return std::nullopt;
    r = floordiv128(*a, *b);
    break;
  case '%':
    if (*b == 0) return std::nullopt;
    r = *a - floordiv128(*a, *b) * *b;
    break;
  case '<':
    return *a < *b;
  case 'l':
    return *a <= *b;
  case '>':
    return *a > *b;
  case 'g':
    return *a >= *b;
  case '=':
    return *a == *b;
  case '!':
    return *a != *b;
  case '&':
    return *b != 0;
  case '|':
    return *b != 0;
  default:
    return std::nullopt;
  }
  // Arithmetic stays exact while operands are int64; anything larger is treated as unknown.
  constexpr __int128 kLimit = static_cast<__int128>(1) << 100;
  if (r < -kLimit || r > kLimit) return std::nullopt;
  return r;
}

} // namespace

std::optional<__int128> Cond::eval(const Match& m) const {
  return eval_node(*node_, m);
}

bool Cond::holds(const Match& m) const {
  auto v = eval(m);
  return v && *v != 0;
}

std::string Cond::str() const {
  const CondNode& n = *node_;
  switch (n.kind) {
  case CondNode::Literal:
    return std::to_string(static_cast<int64_t>(n.literal));
  case CondNode::Lo:
    return "lo(" + capture_name(n.slot) + ")";
  case CondNode::Hi:
    return "hi(" + capture_name(n.slot) + ")";
  case CondNode::Val:
    return "val(" + capture_name(n.slot) + ")";
  case CondNode::DMin:
    return "dmin(" + capture_name(n.slot) + ")";
  case CondNode::DMax:
    return "dmax(" + capture_name(n.slot) + ")";
  case CondNode::Divisor:
    return "divisor(" + capture_name(n.slot) + ")";
  case CondNode::Fn:
    return n.description;
  case CondNode::Same:
    return "same_node(" + capture_name(n.slot) + ", " + capture_name(n.slot2) + ")";
  default:
    break;
  }
  static const std::unordered_map<char, const char*> kSym = {
      {'+', "+"}, {'-', "-"},  {'*', "*"},  {'/', "//"}, {'%', "%"},  {'<', "<"}, {'l', "<="},
      {'>', ">"}, {'g', ">="}, {'=', "=="}, {'!', "!="}, {'&', "&&"}, {'|', "||"}};
  return "(" + Cond(n.a).str() + " " + kSym.at(n.op) + " " + Cond(n.b).str() + ")";
}

// ---------------------------------------------------------------- rules

namespace {

uint64_t bound_slots(const Pat& p) {
  uint64_t mask = p.node().capture >= 0 ? uint64_t{1} << p.node().capture : 0;
  for (const Pat& s : p.node().src)
    mask |= bound_slots(s);
  return mask;
}

uint64_t used_slots(const Pat& p) {
  const PatNode& n = p.node();
  if (n.capture >= 0 && !n.match_src) return uint64_t{1} << n.capture;
  uint64_t mask = 0;
  for (const Pat& s : n.src)
    mask |= used_slots(s);
  return mask;
}

void check_canonical(const std::string& rule, const Pat& p) {
  const PatNode& n = p.node();
  if (n.commutative && n.src.size() == 2 && n.src[0].node().const_only && !n.src[1].node().const_only)
    throw Error(fmt::format("rule '{}': commutative pattern with a constant on the left; write it on the right", rule));
  for (const Pat& s : n.src)
    check_canonical(rule, s);
}

void check_template(const std::string& rule, const Pat& before, const Pat& after) {
  const uint64_t unbound = used_slots(after) & ~bound_slots(before);
  if (unbound) {
    for (int i = 0; i < kMaxCaptures; ++i)
      if (unbound >> i & 1)
        throw Error(fmt::format("rule '{}': the replacement uses capture '{}' that the pattern never binds", rule,
                                capture_name(i)));
  }
  std::function<void(const Pat&)> check_buildable = [&](const Pat& p) {
    const PatNode& n = p.node();
    if (n.match_src && n.ops.count() != 1)
      throw Error(fmt::format("rule '{}': a replacement node must name one op", rule));
    if (!n.match_src && n.capture < 0 && !n.const_value)
      throw Error(fmt::format("rule '{}': replacement leaf is neither capture nor constant", rule));
    for (const Pat& s : n.src)
      check_buildable(s);
  };
  check_buildable(after);
}

} // namespace

std::optional<UOp> Rule::apply(UOp u, void* ctx) const {
  Match m;
  m.root = u;
  m.ctx = ctx;
  return apply(m);
}

std::optional<UOp> Rule::apply(Match& m) const {
  // Slots whose bit is clear are never read (Match::at checks the bit), so clearing the bits resets the match.
  m.bound = 0;
  if (!match(before, m.root, m)) return std::nullopt;
  if (cond && !cond->holds(m)) return std::nullopt;
  if (after) return build(*after, m);
  return fold(m);
}

Rule rule(std::string name, Pat before, Pat after, std::source_location where) {
  check_canonical(name, before);
  check_template(name, before, after);
  return Rule{std::move(name), where, std::move(before), std::move(after), nullptr, std::nullopt, ""};
}

Rule rule(std::string name, Pat before, Pat after, Cond cond, std::source_location where) {
  Rule r = rule(std::move(name), std::move(before), std::move(after), where);
  r.cond = std::move(cond);
  return r;
}

Rule rule_fn(std::string name, Pat before, FoldFn fold, std::string fold_name, std::source_location where) {
  check_canonical(name, before);
  return Rule{std::move(name), where,        std::move(before),   std::nullopt,
              std::move(fold), std::nullopt, std::move(fold_name)};
}

} // namespace lmc::rw
