// Family "combine": the sum normal form (like terms merged, constants gathered to the right, bases ordered) and
// canonical operand order of commutative ops. Its own file: it owns the order every other family relies on.
#include "rewrite/rules/rules_internal.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <unordered_map>

namespace lmc::rules {
namespace {

// Wraps to the signed type of d's width: a coefficient of 255 in uint8 reads as -1 (so it becomes a subtraction).
int64_t signed_view(DType d, int64_t v) {
  const int bits = d.bits();
  if (bits >= 64) return v;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  uint64_t u = static_cast<uint64_t>(v) & mask;
  if (u >> (bits - 1) & 1) u |= ~mask;
  return static_cast<int64_t>(u);
}
int64_t mul_wrap(DType d, int64_t a, int64_t b) {
  return signed_view(d, static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)));
}
int64_t add_wrap(DType d, int64_t a, int64_t b) {
  return signed_view(d, static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)));
}

// Names compare naturally: digit runs by value, so v2 comes before v10.
bool natural_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie])))
        ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je])))
        ++je;
      const std::string_view da(a.data() + i, ie - i), db(b.data() + j, je - j);
      if (da.size() != db.size()) return da.size() < db.size();
      if (da != db) return da < db;
      i = ie, j = je;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i, ++j;
  }
  return a.size() - i < b.size() - j;
}

int kind_rank(UOp u) {
  switch (u.op()) {
  case Op::DEFINE_VAR:
    return 0;
  case Op::SPECIAL:
    return 1;
  case Op::RANGE:
    return 2;
  case Op::CONST:
    return 4;
  default:
    return 3;
  }
}

} // namespace

bool term_before(UOp a, UOp b) {
  if (a == b) return false;
  const int ra = kind_rank(a), rb = kind_rank(b);
  if (ra != rb) return ra < rb;
  switch (a.op()) {
  case Op::DEFINE_VAR: {
    const VarArg &va = a.arg_as<VarArg>(), &vb = b.arg_as<VarArg>();
    if (va.name != vb.name) return natural_less(va.name, vb.name);
    break;
  }
  case Op::SPECIAL:
    if (a.arg_as<SpecialArg>().name != b.arg_as<SpecialArg>().name)
      return natural_less(a.arg_as<SpecialArg>().name, b.arg_as<SpecialArg>().name);
    break;
  case Op::RANGE:
    if (a.arg_as<RangeArg>().id != b.arg_as<RangeArg>().id) return a.arg_as<RangeArg>().id < b.arg_as<RangeArg>().id;
    break;
  default:
    if (a.op() != b.op()) return a.op() < b.op();
    break;
  }
  if (a.structural_hash() != b.structural_hash()) return a.structural_hash() < b.structural_hash();
  return a.id() < b.id();
}

size_t tree_size(UOp u, size_t cap) {
  size_t n = 0;
  std::vector<UOp> stack{u};
  while (!stack.empty() && n < cap) {
    UOp x = stack.back();
    stack.pop_back();
    ++n;
    for (UOp s : x.src())
      stack.push_back(s);
  }
  return n;
}

Sum flatten_sum(UOp u) {
  const DType d = u.dtype();
  Sum s{d, {}, 0};
  std::unordered_map<uint32_t, size_t> at;
  struct Item {
    UOp n;
    int64_t k;
  };
  std::vector<Item> stack{{u, 1}};
  auto add_term = [&](UOp base, int64_t k) {
    auto [it, fresh] = at.emplace(base.id(), s.terms.size());
    if (fresh)
      s.terms.push_back({base, signed_view(d, k)});
    else
      s.terms[it->second].coef = add_wrap(d, s.terms[it->second].coef, k);
  };
  while (!stack.empty()) {
    auto [n, k] = stack.back();
    stack.pop_back();
    if (n.dtype() != d) {
      add_term(n, k);
      continue;
    }
    switch (n.op()) {
    case Op::CONST:
      s.constant = add_wrap(d, s.constant, mul_wrap(d, k, *n.const_int()));
      continue;
    case Op::ADD:
      stack.push_back({n.src(1), k});
      stack.push_back({n.src(0), k});
      continue;
    case Op::SUB:
      stack.push_back({n.src(1), mul_wrap(d, k, -1)});
      stack.push_back({n.src(0), k});
      continue;
    case Op::NEG:
      stack.push_back({n.src(0), mul_wrap(d, k, -1)});
      continue;
    case Op::MUL: {
      // base * c: the base is a term; a sum under a constant factor stays whole (distributing would grow it).
      UOp base = n.src(0);
      auto c = n.src(1).const_int();
      if (!c) c = n.src(0).const_int(), base = n.src(1);
      if (!c) break;
      int64_t kk = mul_wrap(d, k, *c);
      while (true) {
        if (base.op() == Op::NEG) {
          base = base.src(0), kk = mul_wrap(d, kk, -1);
          continue;
        }
        auto c2 = base.op() == Op::MUL ? base.src(1).const_int() : std::nullopt;
        if (c2) {
          base = base.src(0), kk = mul_wrap(d, kk, *c2);
          continue;
        }
        break;
      }
      if (auto bc = base.const_int()) {
        s.constant = add_wrap(d, s.constant, mul_wrap(d, kk, *bc));
      } else if ((base.op() == Op::ADD || base.op() == Op::SUB) && kk != 1 && kk != -1) {
        add_term(base, kk);
      } else {
        stack.push_back({base, kk});
      }
      continue;
    }
    default:
      break;
    }
    add_term(n, k);
  }
  std::erase_if(s.terms, [](const Term& t) { return t.coef == 0; });
  std::sort(s.terms.begin(), s.terms.end(), [](const Term& a, const Term& b) { return term_before(a.base, b.base); });
  return s;
}

UOp build_sum(const Sum& s) {
  const DType d = s.dtype;
  auto times = [&](UOp base, int64_t c) { return c == 1 ? base : base * konst(d, c); };
  UOp acc;
  std::vector<Term> negative;
  for (const Term& t : s.terms) {
    if (t.coef < 0 && t.coef != std::numeric_limits<int64_t>::min() && signed_view(d, -t.coef) > 0) {
      negative.push_back(t);
      continue;
    }
    acc = acc.is_null() ? times(t.base, t.coef) : acc + times(t.base, t.coef);
  }
  bool constant_used = false;
  for (const Term& t : negative) {
    if (acc.is_null()) {
      if (s.constant != 0) {
        acc = konst(d, s.constant) - times(t.base, -t.coef);
        constant_used = true;
      } else {
        acc = t.coef == -1 ? UOp::alu(Op::NEG, {t.base}) : times(t.base, t.coef);
      }
      continue;
    }
    acc = acc - times(t.base, -t.coef);
  }
  if (acc.is_null()) return konst(d, s.constant);
  if (s.constant != 0 && !constant_used) acc = acc + konst(d, s.constant);
  return acc;
}

namespace {

// The base of a term that a canonical sum adds (a positive coefficient), or null for anything else.
UOp positive_term_base(UOp t) {
  if (t.op() == Op::ADD || t.op() == Op::SUB || t.op() == Op::NEG || t.is_const()) return {};
  if (t.op() != Op::MUL) return t;
  if (t.src(0).is_const()) return {};
  auto c = t.src(1).const_int();
  if (!c) return t;
  const UOp base = t.src(0);
  if (signed_view(t.dtype(), *c) <= 1 || base.op() == Op::NEG || base.is_const()) return {};
  if (base.op() == Op::MUL && (base.src(0).is_const() || base.src(1).is_const())) return {};
  return base;
}

// An add, sub or negation (integer, not bool): rebuilt in the sum normal form. The common case, appending one
// later positive term to a canonical sum of positive terms, is recognised without flattening, so a sum
// hundreds of thousands of terms long is built in linear time.
std::optional<UOp> fold_sum(const Match& m) {
  const UOp u = m.root;
  if (u.op() == Op::ADD) {
    const UOp a = u.src(0), b = u.src(1);
    const UOp lb = positive_term_base(a.op() == Op::ADD ? a.src(1) : a), bb = positive_term_base(b);
    if (!lb.is_null() && !bb.is_null() && term_before(lb, bb)) return std::nullopt;
  }
  const UOp out = build_sum(flatten_sum(u));
  if (out == u || tree_size(out, 4096) > tree_size(u, 4096)) return std::nullopt;
  return out;
}

// A commutative op with a constant on the left, or two operands out of term order: swapped.
std::optional<UOp> fold_commute(const Match& m) {
  const UOp u = m.root, a = u.src(0), b = u.src(1);
  const bool swap = (a.is_const() && !b.is_const()) || (!a.is_const() && !b.is_const() && term_before(b, a));
  if (!swap) return std::nullopt;
  return UOp::make(u.op(), u.dtype(), {b, a});
}

const Pat x = ivar("x"), y = ivar("y"), a = anyvar("a"), b = anyvar("b");
// A part of a sum that flattening can change (a plain variable minus another is already canonical).
const Pat part = Pat::any_of({Op::ADD, Op::SUB, Op::NEG, Op::MUL, Op::CONST}).where_dtype(exact_int);
const Pat c1 = cvar("c1"), c2 = cvar("c2");

} // namespace

RuleTable combine_rules() {
  const auto commutative = {Op::MUL, Op::MAX, Op::MIN, Op::AND, Op::OR, Op::XOR, Op::CMPEQ, Op::CMPNE};
  // clang-format off
  return RuleTable("combine", {
    rule_fn("sum_add",          x + y,                       LMC_FOLD(fold_sum)),
    rule_fn("sum_sub_left",     part - y,                    LMC_FOLD(fold_sum)),
    rule_fn("sum_sub_right",    x - part,                    LMC_FOLD(fold_sum)),
    rule_fn("sum_neg",          -part,                       LMC_FOLD(fold_sum)),
    rule_fn("commute_order",    Pat::op(commutative, {a, b}), LMC_FOLD(fold_commute)),
    rule("mul_mul_const",       (x * c1) * c2,               x * (c1 * c2)),
    rule("mul_neg_const",       (-x) * c1,                   x * (-c1)),
    rule("mul_distribute_const", (x + c1) * c2,              x * c2 + c1 * c2),
  });
  // clang-format on
}

} // namespace lmc::rules
