// Family "fold": constant folding of every integer/bool ALU op through the reference semantics (eval_int_alu),
// and folding any node whose bounds pin it to one value. Its own file: this is the constant-folding layer.
#include "rewrite/rules/rules_internal.hpp"

#include <array>

namespace lmc::rules {

bool representable(DType d, __int128 c) {
  return c >= d.min_int() && c <= d.max_int();
}

bool no_wrap(UOp u) {
  const Bounds b = bounds(u);
  return b.lo > u.dtype().min_int() || b.hi < u.dtype().max_int();
}

std::optional<int64_t> eval2(Op op, DType d, int64_t a, int64_t b) {
  const int64_t in[] = {a, b};
  return eval_int_alu(op, d, in);
}

namespace {

// Every source is an integral constant: fold through the reference semantics (nullopt where undefined, so
// x // 0 stays in the graph for the user to see).
std::optional<UOp> fold_constants(const Match& m) {
  const UOp u = m.root;
  if (!u.dtype().is_integral() || u.dtype().is_vector()) return std::nullopt;
  std::array<int64_t, 3> in{}; // fold_unary/binary/where: at most three sources (no allocation per try)
  if (u.num_src() > in.size()) return std::nullopt;
  size_t n = 0;
  for (UOp s : u.src()) {
    auto v = s.const_int();
    if (!v || s.dtype().is_vector()) return std::nullopt;
    in[n++] = *v;
  }
  const DType sem = is_comparison(u.op()) ? u.src(0).dtype() : u.dtype();
  auto r = eval_int_alu(u.op(), sem, std::span<const int64_t>(in.data(), n));
  if (!r) return std::nullopt;
  return konst(u.dtype(), *r);
}

// Bounds that hold one value: the node is that constant. uint64 takes part too: its stored bounds saturate at
// INT64_MAX ("up to UINT64_MAX", so never one value), the sources' bounds are read as the unsigned values they
// are, and a pinned uint64 is therefore exact (where(x < 18446744073709551615, 1, 2) is 1).
std::optional<UOp> fold_pinned_by_bounds(const Match& m) {
  const UOp u = m.root;
  if (!u.dtype().is_integral() || u.dtype().is_vector()) return std::nullopt;
  for (UOp s : u.src())
    if (s.dtype().is_vector()) return std::nullopt;
  const Bounds b = bounds(u);
  if (!b.is_const() || may_be_undefined(u)) return std::nullopt; // x // y * 0 stays while y may be 0
  return konst(u.dtype(), b.lo);
}

const Pat c1 = cvar("c1"), c2 = cvar("c2"), c3 = cvar("c3");

} // namespace

RuleTable fold_rules() {
  const auto unary = {Op::NEG, Op::CAST};
  const auto binary = {Op::ADD,   Op::SUB, Op::MUL, Op::FLOORDIV, Op::FLOORMOD, Op::CDIV,
                       Op::CMOD,  Op::MAX, Op::MIN, Op::CMPLT,    Op::CMPLE,    Op::CMPEQ,
                       Op::CMPNE, Op::AND, Op::OR,  Op::XOR,      Op::SHL,      Op::SHR};
  const auto pinned = {Op::NEG,   Op::CAST, Op::ADD, Op::SUB, Op::MUL,   Op::FLOORDIV, Op::FLOORMOD,
                       Op::CDIV,  Op::CMOD, Op::MAX, Op::MIN, Op::CMPLT, Op::CMPLE,    Op::CMPEQ,
                       Op::CMPNE, Op::AND,  Op::OR,  Op::XOR, Op::SHL,   Op::SHR,      Op::WHERE};
  // clang-format off
  return RuleTable("fold", {
    rule_fn("fold_unary",  Pat::op(unary, {c1}),           LMC_FOLD(fold_constants)),
    rule_fn("fold_binary", Pat::op(binary, {c1, c2}),      LMC_FOLD(fold_constants)),
    rule_fn("fold_where",  Pat::op(Op::WHERE, {c1, c2, c3}), LMC_FOLD(fold_constants)),
    rule_fn("fold_pinned", Pat::any_of(pinned).ints(),     LMC_FOLD(fold_pinned_by_bounds)),
  });
  // clang-format on
}

} // namespace lmc::rules
