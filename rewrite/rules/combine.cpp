// Family "combine": the sum normal form (like terms merged, constants gathered to the right, bases ordered) and
// canonical operand order of commutative ops. Its own file: it owns the order every other family relies on.
#include "rewrite/rules/rules_internal.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cctype>
#include <limits>
#include <memory>

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

namespace {

// Full tree sizes (saturating), cached on the node (UOp::Facts::tree_size). The size guard of the sum and div/mod
// folds asks for the size of both sides at every fold; walking up to 4096 nodes each time made long sums quadratic.
// A node's size never changes (nodes are immutable), so it is computed once. Every caller's cap is far below the
// saturation point, so saturating changes no answer.
constexpr uint64_t kSizeLimit = uint64_t{1} << 31;

// The cached size of u (0 while unknown).
uint64_t cached_size(UOp u) {
  return u.facts().tree_size.load(std::memory_order_acquire);
}
void store_size(UOp u, uint64_t n) {
  u.facts().tree_size.store(static_cast<uint32_t>(n), std::memory_order_release);
}

uint64_t size_from_sources(UOp u) {
  uint64_t n = 1;
  for (UOp s : u.src())
    n = std::min(kSizeLimit, n + cached_size(s));
  return n;
}

} // namespace

size_t tree_size(UOp u, size_t cap) {
  uint64_t n = cached_size(u);
  bool sources_sized = n == 0;
  for (auto it = u.src().begin(); sources_sized && it != u.src().end(); ++it)
    sources_sized = cached_size(*it) != 0;
  if (sources_sized) { // the common case (nodes are sized bottom-up): no stack to allocate
    n = size_from_sources(u);
    store_size(u, n);
  } else if (n == 0) {
    // Post-order over the nodes not yet sized, iteratively (sums can be hundreds of thousands deep). The stack is
    // kept per thread: nodes a rule just built have unsized sources, and an allocation per call showed.
    thread_local std::vector<std::pair<UOp, bool>> stack;
    stack.assign(1, {u, false});
    while (!stack.empty()) {
      auto [x, ready] = stack.back();
      stack.pop_back();
      if (cached_size(x) != 0) continue;
      if (ready) {
        store_size(x, size_from_sources(x));
        continue;
      }
      stack.push_back({x, true});
      for (UOp s : x.src())
        if (cached_size(s) == 0) stack.push_back({s, false});
    }
    n = cached_size(u);
  }
  return static_cast<size_t>(std::min<uint64_t>(n, cap));
}

namespace {

// term_before's inputs read once per term, so sorting a sum does not call into the node arena per comparison.
struct TermKey {
  // The leading part of the order in one integer: rank, then the range id or the op and the hash's high bits
  // (only rank for variables, whose names compare naturally). Keys whose `primary` differ are ordered by it, so
  // most comparisons while sorting a long sum are one integer compare.
  uint64_t primary;
  int rank;
  Op op;
  int32_t range_id;
  const std::string* name; // DEFINE_VAR and SPECIAL
  uint64_t hash;
  uint32_t id;
};

TermKey term_key(UOp u) {
  TermKey k{0, kind_rank(u), u.op(), 0, nullptr, u.structural_hash(), u.id()};
  k.primary = static_cast<uint64_t>(k.rank) << 61;
  if (k.op == Op::DEFINE_VAR) k.name = &u.arg_as<VarArg>().name;
  if (k.op == Op::SPECIAL) k.name = &u.arg_as<SpecialArg>().name;
  if (k.op == Op::RANGE) {
    k.range_id = u.arg_as<RangeArg>().id;
    k.primary |= uint64_t{static_cast<uint32_t>(k.range_id) ^ 0x80000000u} << 29; // signed order as unsigned
  } else if (k.op != Op::DEFINE_VAR && k.op != Op::SPECIAL) {
    static_assert(kNumOps <= 128, "the op takes 7 bits of TermKey::primary");
    k.primary |= static_cast<uint64_t>(k.op) << 54 | k.hash >> 10;
  }
  return k;
}

// Exactly term_before, on keys.
bool key_before(const TermKey& a, const TermKey& b) {
  if (a.id == b.id) return false;
  if (a.rank != b.rank) return a.rank < b.rank;
  switch (a.op) {
  case Op::DEFINE_VAR:
  case Op::SPECIAL:
    if (*a.name != *b.name) return natural_less(*a.name, *b.name);
    break;
  case Op::RANGE:
    if (a.range_id != b.range_id) return a.range_id < b.range_id;
    break;
  default:
    if (a.op != b.op) return a.op < b.op;
    break;
  }
  if (a.hash != b.hash) return a.hash < b.hash;
  return a.id < b.id;
}

} // namespace

namespace {

Sum flatten_uncached(UOp u);

// The sums flattened last on this thread, by node. The folds of one node flatten the same sum in turn (a division's
// div_sum, div_sum_factor; a sum's fold_sum, then its recombination; then its user's division), and flattening,
// a walk and a sort, cost more than the copy. A node's sum never changes (nodes are immutable). Long sums are not
// kept: copying them costs as much as flattening, and they are flattened rarely.
class RecentSums {
public:
  Sum get(UOp u) {
    Slot& slot = slots_[u.id() & (kSlots - 1)];
    if (slot.id == u.id() && slot.filled) return slot.sum;
    Sum s = flatten_uncached(u);
    if (s.terms.size() <= kMaxKeptTerms) {
      slot.id = u.id();
      slot.filled = true;
      slot.sum.dtype = s.dtype;
      slot.sum.constant = s.constant;
      slot.sum.terms.assign(s.terms.begin(), s.terms.end());
    }
    return s;
  }

private:
  static constexpr size_t kSlots = 64, kMaxKeptTerms = 32;
  struct Slot {
    uint32_t id = 0;
    bool filled = false;
    Sum sum;
  };
  std::array<Slot, kSlots> slots_{};
};

} // namespace

Sum flatten_sum(UOp u) {
  thread_local RecentSums recent;
  return recent.get(u);
}

namespace {

// Raw term lists up to this long are sorted whole; longer ones merge repeated bases first (flatten_uncached).
constexpr size_t kSortWhole = 64;

Sum flatten_uncached(UOp u) {
  const DType d = u.dtype();
  Sum s{d, {}, 0};
  struct Raw {
    TermKey key;
    UOp base;
    int64_t k;
  };
  // Every term as found (repeats included); sorting brings repeats together, then they merge. Coefficients add
  // modulo 2^bits, so the merged values do not depend on the order terms were found in.
  struct Item {
    UOp n;
    int64_t k;
  };
  // Scratch kept per thread: the div/mod and sum folds flatten at most nodes they try, and two allocations per
  // flatten were a tenth of the rewriter's time. Nothing below calls flatten_sum again.
  thread_local std::vector<Raw> raw;
  thread_local std::vector<Item> stack;
  raw.clear();
  stack.clear();
  stack.push_back({u, 1});
  auto add_term = [&](UOp base, int64_t k) { raw.push_back({term_key(base), base, k}); };
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
  // A sum built by build_sum is walked in its own order, so checking first spares the sort of every canonical
  // sum flattened again (fold_sum checks each result that way; a long index sum has tens of thousands of terms).
  auto before = [](const Raw& a, const Raw& b) {
    return a.key.primary != b.key.primary ? a.key.primary < b.key.primary : key_before(a.key, b.key);
  };
  if (!std::is_sorted(raw.begin(), raw.end(), before)) {
    if (raw.size() <= kSortWhole) {
      std::sort(raw.begin(), raw.end(), before);
    } else {
      // A long sum repeats bases (a variable in many of its terms) and its records are large: repeats are merged
      // first, through a table by id, and only the distinct bases are sorted by term order, by index.
      // Coefficients add modulo 2^bits, so merging first gives the same sums.
      thread_local std::vector<uint32_t> slot_of; // open addressing: base id -> 1 + its index in `distinct`
      thread_local std::vector<Raw> distinct;
      thread_local std::vector<uint32_t> order;
      distinct.clear(), order.clear();
      const size_t mask = std::bit_ceil(2 * raw.size()) - 1;
      slot_of.assign(mask + 1, 0);
      for (const Raw& r : raw) {
        const uint32_t id = r.base.id();
        size_t i = (id * uint64_t{0x9E3779B97F4A7C15} >> 32) & mask;
        while (slot_of[i] != 0 && distinct[slot_of[i] - 1].base.id() != id)
          i = (i + 1) & mask;
        if (slot_of[i] == 0) {
          distinct.push_back(r);
          distinct.back().k = signed_view(d, r.k);
          slot_of[i] = static_cast<uint32_t>(distinct.size());
        } else {
          Raw& kept = distinct[slot_of[i] - 1];
          kept.k = add_wrap(d, kept.k, r.k);
        }
      }
      for (uint32_t i = 0; i < distinct.size(); ++i)
        order.push_back(i);
      std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return before(distinct[a], distinct[b]); });
      raw.clear();
      for (uint32_t i : order)
        raw.push_back(distinct[i]);
    }
  }
  s.terms.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    int64_t coef = signed_view(d, raw[i].k);
    size_t j = i + 1;
    for (; j < raw.size() && raw[j].base == raw[i].base; ++j)
      coef = add_wrap(d, coef, raw[j].k);
    if (coef != 0) s.terms.push_back({raw[i].base, coef});
    i = j;
  }
  return s;
}

} // namespace

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

std::optional<Bounds> built_sum_bounds(const Sum& s) {
  const DType d = s.dtype;
  if (!d.is_signed() || d.is_vector()) return std::nullopt;
  using i128 = __int128;
  // Each step is the bounds of the node build_sum makes there: MUL (base, c), ADD, SUB, NEG, each fitted.
  auto times = [&](UOp base, int64_t c) {
    const Bounds b = bounds(base);
    if (c == 1) return b;
    const int64_t k = signed_view(d, c); // the constant node konst(d, c) holds
    const i128 x = static_cast<i128>(b.lo) * k, y = static_cast<i128>(b.hi) * k;
    return fit_signed(d, std::min(x, y), std::max(x, y));
  };
  auto add = [&](Bounds a, Bounds b) { return fit_signed(d, i128{a.lo} + b.lo, i128{a.hi} + b.hi); };
  auto sub = [&](Bounds a, Bounds b) { return fit_signed(d, i128{a.lo} - b.hi, i128{a.hi} - b.lo); };
  const int64_t constant = signed_view(d, s.constant);
  std::optional<Bounds> acc;
  bool any_negative = false;
  for (const Term& t : s.terms) {
    if (t.base.dtype() != d) return std::nullopt;
    if (t.coef < 0 && t.coef != std::numeric_limits<int64_t>::min() && signed_view(d, -t.coef) > 0) {
      any_negative = true;
      continue;
    }
    acc = acc ? add(*acc, times(t.base, t.coef)) : times(t.base, t.coef);
  }
  bool constant_used = false;
  for (size_t i = 0; any_negative && i < s.terms.size(); ++i) {
    const Term& t = s.terms[i];
    if (!(t.coef < 0 && t.coef != std::numeric_limits<int64_t>::min() && signed_view(d, -t.coef) > 0)) continue;
    if (!acc) {
      if (s.constant != 0) {
        acc = sub({constant, constant}, times(t.base, -t.coef));
        constant_used = true;
      } else if (t.coef == -1) {
        const Bounds b = bounds(t.base);
        acc = fit_signed(d, -i128{b.hi}, -i128{b.lo});
      } else {
        acc = times(t.base, t.coef);
      }
      continue;
    }
    acc = sub(*acc, times(t.base, -t.coef));
  }
  if (!acc) return Bounds{constant, constant};
  if (s.constant != 0 && !constant_used) acc = add(*acc, {constant, constant});
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

bool same_sum(const Sum& a, const Sum& b) {
  if (a.dtype != b.dtype || a.constant != b.constant || a.terms.size() != b.terms.size()) return false;
  for (size_t i = 0; i < a.terms.size(); ++i)
    if (a.terms[i].base != b.terms[i].base || a.terms[i].coef != b.terms[i].coef) return false;
  return true;
}

// Whether u is known to be its own sum normal form: fold_sum found it so (nodes are immutable, so once is enough).
bool known_canonical(UOp u) {
  return u.facts().canonical_sum.load(std::memory_order_relaxed);
}
void mark_canonical(UOp u) {
  u.facts().canonical_sum.store(true, std::memory_order_relaxed);
}

// An add, sub or negation (integer, not bool): rebuilt in the sum normal form. The common case, appending one
// later positive term to a canonical sum of positive terms, is recognised without flattening, so a sum
// hundreds of thousands of terms long is built in linear time. Sums wait inside sums (they are normalized where
// they leave one), so an inner add is canonical only when known to be, never assumed.
std::optional<UOp> fold_sum(const Match& m) {
  const UOp u = m.root;
  if (known_canonical(u)) return std::nullopt;
  if (u.op() == Op::ADD) {
    const UOp a = u.src(0), b = u.src(1);
    const UOp lb = positive_term_base(a.op() == Op::ADD ? a.src(1) : a), bb = positive_term_base(b);
    if (!lb.is_null() && !bb.is_null() && (a.op() != Op::ADD || known_canonical(a)) && term_before(lb, bb)) {
      mark_canonical(u);
      return std::nullopt;
    }
  }
  const Sum s = flatten_sum(u);
  const UOp out = build_sum(s);
  if (out == u) mark_canonical(u);
  if (out == u || tree_size(out, 4096) > tree_size(u, 4096)) return std::nullopt;
  // The driver folds `out` again; when it flattens back to s, building it again would only find out itself (a
  // lookup per term, each a cache miss in the intern table), so it is marked canonical here.
  if (same_sum(flatten_sum(out), s)) mark_canonical(out);
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
  // A sum is normalized where it leaves the sum: flatten_sum reads through every add, sub and negation below
  // that point, so normalizing each of them too would rebuild the sum once per level of its tree.
  const rw::OpMask sum_ops = rw::op_mask({Op::ADD, Op::SUB, Op::NEG});
  // clang-format off
  return RuleTable("combine", {
    rule_fn("sum_add",          x + y,                       LMC_FOLD(fold_sum)).waiting_inside(sum_ops),
    rule_fn("sum_sub_left",     part - y,                    LMC_FOLD(fold_sum)).waiting_inside(sum_ops),
    rule_fn("sum_sub_right",    x - part,                    LMC_FOLD(fold_sum)).waiting_inside(sum_ops),
    rule_fn("sum_neg",          -part,                       LMC_FOLD(fold_sum)).waiting_inside(sum_ops),
    rule_fn("commute_order",    Pat::op(commutative, {a, b}), LMC_FOLD(fold_commute)),
    rule("mul_mul_const",       (x * c1) * c2,               x * (c1 * c2),   not_const(x)),
    rule("mul_neg_const",       (-x) * c1,                   x * (-c1)),
    rule("mul_distribute_const", (x + c1) * c2,              x * c2 + c1 * c2),
  });
  // clang-format on
}

} // namespace lmc::rules
