// Builds concrete instances of a rule's pattern (rw::PatNode trees) and proves each rewrite it makes with Z3.
// Its own file because instantiation (dtype choice, bounds, sampled constants) is the harness's whole craft.
#include "rewrite/verify/rule_harness.hpp"

#include "ir/error.hpp"
#include "rewrite/symbolic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <unordered_set>

namespace lmc::verify {
namespace {

constexpr DType kFree = void_; // "no dtype asked for": the instance's base dtype
constexpr DType kDtypes[] = {int32, int8, int64, int16, bool_, uint8, uint32};

// The interesting ranges a variable is drawn from; each is clipped to its dtype.
struct Range {
  int64_t lo, hi;
};
constexpr Range kRanges[] = {{0, 15},   {-8, 7},  {0, 3},  {1, 100},  {-100, -1},    {0, 0},     {0, 1},
                             {-1, 1},   {0, 7},   {1, 16}, {0, 1000}, {-1000, 1000}, {-5, 5},    {2, 9},
                             {-16, -1}, {0, 255}, {4, 4},  {-3, -3},  {0, 63},       {100, 1000}};
constexpr int64_t kEdgeConsts[] = {0,  1,  -1, 2,   -2,  3,   4,    5,       7,  8,  16, 6,   10,
                                   12, 32, 64, 100, 255, 256, 1000, 1 << 20, -3, -4, -8, -16, 31};

class Instantiator {
public:
  // `wide_ok`: full-range and near-extreme variables may be drawn (Z3 can time out on them).
  Instantiator(std::mt19937_64& rng, DType base, bool wide_ok) : rng_(rng), base_(base), wide_ok_(wide_ok) {
    const int64_t themes[] = {2, 3, 4, 8, 16};
    if (chance(0.5)) theme_ = themes[below(std::size(themes))];
  }

  UOp build(const rw::Pat& pat, DType want) {
    const rw::PatNode& p = pat.node();
    if (p.capture >= 0 && (bound_ >> p.capture & 1)) return caps_[p.capture];
    DType t = want == kFree ? base_ : want;
    // A dtype constraint the asked-for dtype fails: free positions take the first dtype that passes (int32
    // first, so one instance stays consistent); a fixed position keeps its dtype (the instance will not match).
    if (p.dtype_pred && !p.dtype_pred(t) && want == kFree) t = pick_dtype(p.dtype_pred, t);
    if (p.integral_only && !t.is_integral()) t = base_;
    UOp u;
    if (p.const_value)
      u = UOp::constant(t, *p.const_value);
    else if (p.const_only)
      u = UOp::constant(t, sample_const(t));
    else if (p.match_src)
      u = build_op(p, pick_op(p.ops), t);
    else if (p.ops.any())
      u = build_free(p, pick_op(p.ops), t);
    else
      u = fresh_var(p.capture >= 0 ? rw::capture_name(p.capture) : "v", t);
    if (p.capture >= 0) {
      caps_[p.capture] = u;
      bound_ |= uint64_t{1} << p.capture;
    }
    return u;
  }

private:
  size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  DType pick_dtype(const std::function<bool(DType)>& pred, DType fallback) {
    for (DType d : kDtypes)
      if (pred(d)) return d;
    return fallback;
  }

  Op pick_op(const rw::OpMask& ops) {
    std::vector<Op> all;
    for (int i = 0; i < kNumOps; ++i)
      if (ops.test(static_cast<size_t>(i))) all.push_back(static_cast<Op>(i));
    return all[below(all.size())];
  }

  int64_t sample_const(DType t) {
    if (t.is_bool()) return chance(0.5) ? 1 : 0;
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    // Constants of one instance share a factor half the time, so gcd and congruence rules find their cases.
    if (theme_ && chance(0.6)) {
      const int64_t mult[] = {1, 2, 3, 4, 5, 8, -1, -2, -3};
      return theme_ * mult[below(std::size(mult))];
    }
    if (r < 0.55) return kEdgeConsts[below(std::size(kEdgeConsts))];
    if (r < 0.70) {
      const int64_t pick[] = {t.min_int(), t.max_int(), t.min_int() + 1, t.max_int() - 1, t.max_int() / 2};
      return pick[below(std::size(pick))];
    }
    if (r < 0.92) return std::uniform_int_distribution<int64_t>(-24, 40)(rng_);
    return static_cast<int64_t>(rng_()); // wrapped to the dtype by UOp::constant
  }

  UOp fresh_var(const std::string& stem, DType t) {
    const std::string name = fmt::format("{}{}", stem, vars_++ ? std::to_string(vars_ - 1) : "");
    if (t.is_bool()) {
      const Range b[] = {{0, 1}, {0, 1}, {0, 1}, {0, 0}, {1, 1}};
      const Range r = b[below(std::size(b))];
      return UOp::var(name, r.lo, r.hi, t);
    }
    Range r = kRanges[below(std::size(kRanges))];
    const double k = wide_ok_ ? std::uniform_real_distribution<double>(0, 1)(rng_) : 1.0;
    if (k < 0.10)
      r = {t.min_int(), t.max_int()};
    else if (k < 0.14)
      r = {t.max_int() - 7, t.max_int()};
    else if (k < 0.18)
      r = {t.min_int(), t.min_int() + 7};
    else if (k < 0.22)
      r = {0, t.max_int()};
    const int64_t lo = std::clamp(r.lo, t.min_int(), t.max_int()), hi = std::clamp(r.hi, t.min_int(), t.max_int());
    return UOp::var(name, lo, std::max(lo, hi), t);
  }

  // A node with op `op` whose sources are the pattern's, built with the dtypes `op` gives them.
  UOp build_op(const rw::PatNode& p, Op op, DType t) {
    std::vector<UOp> src;
    auto each = [&](auto dtype_of) {
      for (size_t i = 0; i < p.src.size(); ++i)
        src.push_back(build(p.src[i], dtype_of(i)));
    };
    if (is_comparison(op)) {
      const DType operand = chance(0.12) ? bool_ : base_.is_bool() ? int32 : base_;
      each([&](size_t) { return operand; });
      if (p.commutative && src.size() == 2 && chance(0.5)) std::swap(src[0], src[1]);
      return UOp::make(op, bool_, src);
    }
    switch (op) {
    case Op::WHERE:
      each([&](size_t i) { return i == 0 ? bool_ : t; });
      break;
    case Op::CAST: {
      DType from = kDtypes[below(4)];
      if (from == t) from = t == int32 ? int64 : int32;
      each([&](size_t) { return from; });
      break;
    }
    case Op::RANGE:
    case Op::SPECIAL:
      each([&](size_t) { return t.is_bool() ? int32 : t; });
      break;
    default:
      each([&](size_t) { return t; });
      break;
    }
    if (p.commutative && src.size() == 2 && chance(0.5)) std::swap(src[0], src[1]);
    return make_node(op, t, src);
  }

  // A node for a pattern that names ops but not sources: fresh variables (or constants) underneath.
  UOp build_free(const rw::PatNode& p, Op op, DType t) {
    switch (op) {
    case Op::CONST:
      return UOp::constant(t, sample_const(t));
    case Op::DEFINE_VAR:
      return fresh_var("v", t);
    default:
      break;
    }
    const OpInfo& info = op_info(op);
    std::vector<UOp> src;
    for (int i = 0; i < std::max(info.min_src, 1) && (info.max_src < 0 || i < info.max_src); ++i) {
      DType d = t;
      if (is_comparison(op))
        d = base_.is_bool() ? int32 : base_;
      else if (op == Op::WHERE && i == 0)
        d = bool_;
      else if (op == Op::CAST)
        d = t == int32 ? int64 : int32;
      else if ((op == Op::RANGE || op == Op::SPECIAL))
        d = t.is_bool() ? int32 : t;
      src.push_back(op == Op::RANGE || op == Op::SPECIAL ? UOp::constant(d, 1 + static_cast<int64_t>(below(64)))
                                                         : fresh_var("v", d));
    }
    (void)p;
    return make_node(op, is_comparison(op) ? bool_ : t, src);
  }

  UOp make_node(Op op, DType t, std::span<const UOp> src) {
    switch (op) {
    case Op::RANGE:
      return UOp::make(Op::RANGE, src[0].dtype(), src, RangeArg{ranges_++, AxisKind::Loop});
    case Op::SPECIAL:
      return UOp::make(Op::SPECIAL, src[0].dtype(), src, SpecialArg{fmt::format("gidx{}", ranges_++)});
    case Op::DEFINE_VAR:
      return fresh_var("v", t);
    default:
      break;
    }
    if (!is_alu(op)) throw Error(fmt::format("the harness cannot build {} nodes", op_name(op)));
    return UOp::make(op, t, src);
  }

  std::mt19937_64& rng_;
  DType base_;
  bool wide_ok_;
  int64_t theme_ = 0; // when nonzero, constants are often multiples of it
  std::array<UOp, rw::kMaxCaptures> caps_{};
  uint64_t bound_ = 0;
  int vars_ = 0;
  int32_t ranges_ = 0;
};

// int32 mostly; int64 only while Z3 keeps up with it (64-bit dividers can exhaust the timeout).
DType pick_base(std::mt19937_64& rng, bool allow64) {
  const double r = std::uniform_real_distribution<double>(0, 1)(rng);
  if (r < 0.60) return int32;
  if (r < 0.75) return int8;
  if (r < 0.90) return allow64 ? int64 : int32;
  if (r < 0.95) return int16;
  return bool_;
}

// "x in [0, 15] int32, c1 = 4 int32": the leaves of an instance, for a failure report.
std::string leaves_str(UOp root) {
  std::string out;
  for (UOp u : root.toposort()) {
    std::string item;
    if (u.op() == Op::DEFINE_VAR) {
      const VarArg& v = u.arg_as<VarArg>();
      item = fmt::format("{} in [{}, {}] {}", v.name, v.min, v.max, u.dtype().name());
    } else if (u.op() == Op::RANGE) {
      item = fmt::format("r{} in [0, {}) {}", u.arg_as<RangeArg>().id, u.src(0).expr(), u.dtype().name());
    }
    if (!item.empty()) out += (out.empty() ? "" : ", ") + item;
  }
  return out.empty() ? "no variables" : out;
}

// Whether every node's sources have the dtypes its op asks for (instances mixing dtypes are not drawn).
bool well_typed(UOp root) {
  for (UOp u : root.toposort()) {
    const DType d = u.dtype();
    switch (op_info(u.op()).dtype_rule) {
    case DTypeRule::SameAsSrc0:
      for (UOp s : u.src())
        if (s.dtype() != d) return false;
      break;
    case DTypeRule::Bool:
      if (u.src(0).dtype() != u.src(1).dtype()) return false;
      break;
    case DTypeRule::Where:
      if (!u.src(0).dtype().is_bool() || u.src(1).dtype() != d || u.src(2).dtype() != d) return false;
      break;
    case DTypeRule::ShiftLike:
      if (u.src(0).dtype() != d) return false;
      break;
    default:
      break;
    }
  }
  return true;
}

uint64_t name_hash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s)
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

} // namespace

std::string RuleReport::summary() const {
  std::string out = fmt::format("{} {}/{} ({}): tried {}, fired {}, proved {}, unknown {}, {:.2f} s",
                                ok() ? "ok  " : "FAIL", table, rule, location, tried, fired, proved, unknown, seconds);
  if (fired == 0)
    out += "\n  cannot instantiate: the rule never fired on any instance";
  else if (proved == 0 && failures.empty())
    out += "\n  no instance was proved";
  for (const std::string& f : failures)
    out += "\n  " + f;
  return out;
}

RuleReport prove_rule(const rw::Rule& rule, const std::string& table, const HarnessOptions& options) {
  RuleReport report;
  report.table = table;
  report.rule = rule.name;
  report.location = fmt::format("{}:{}", rule.where.file_name(), rule.where.line());
  std::mt19937_64 rng(options.seed ^ name_hash(table + "/" + rule.name));
  std::unordered_set<uint32_t> seen;
  const auto start = std::chrono::steady_clock::now();
  const bool trace = std::getenv("LMC_HARNESS_TRACE") != nullptr; // print every instance built
  size_t attempts = 0;
  while (attempts++ < options.max_tries * 4 && report.tried < options.max_tries && report.fired < options.max_fired &&
         report.failures.size() < 3) {
    UOp root;
    try {
      // After two Z3 timeouts, stay with instances Z3 decides quickly: no int64, no full-range variables.
      const bool wide_ok = report.unknown < 2;
      Instantiator inst(rng, pick_base(rng, wide_ok), wide_ok);
      const rw::Pat& shape =
          rule.examples.empty()
              ? rule.before
              : rule.examples[std::uniform_int_distribution<size_t>(0, rule.examples.size() - 1)(rng)];
      root = inst.build(shape, kFree);
    } catch (const Error&) {
      continue; // an instance the IR rejects (e.g. a shape rule); draw another
    }
    if (!seen.insert(root.id()).second || !well_typed(root)) continue;
    ++report.tried;
    if (trace)
      std::fprintf(stderr, "[%s] %s  (%s)\n", rule.name.c_str(), root.expr().c_str(), leaves_str(root).c_str());
    std::optional<UOp> out;
    try {
      out = rule.apply(root);
    } catch (const std::exception& e) {
      report.failures.push_back(fmt::format("threw on {} ({}): {}", root.expr(), leaves_str(root), e.what()));
      continue;
    }
    if (!out) continue;
    ++report.fired;
    const ProofResult r = prove_equal(root, *out, options.timeout_ms, /*z3_only=*/true);
    if (r.proved())
      ++report.proved;
    else if (r.status == ProofResult::Status::Refuted)
      report.failures.push_back(fmt::format("REFUTED rule {} at {}\n    instance {} -> {}\n    with {}\n    {}",
                                            rule.name, report.location, root.expr(), out->expr(), leaves_str(root),
                                            r.message));
    else {
      ++report.unknown;
      report.notes.push_back(
          fmt::format("unknown: {} -> {} with {}: {}", root.expr(), out->expr(), leaves_str(root), r.message));
      if (r.message.starts_with("unconfirmed")) report.failures.push_back(report.notes.back());
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::vector<RuleReport> prove_table(const rw::RuleTable& table, const HarnessOptions& options) {
  std::vector<RuleReport> out;
  for (const rw::Rule& r : table.rules())
    out.push_back(prove_rule(r, table.name(), options));
  return out;
}

std::vector<RuleReport> prove_symbolic_rules(const HarnessOptions& options) {
  std::vector<RuleReport> out;
  for (const rw::RuleTable* table : symbolic_families()) {
    auto part = prove_table(*table, options);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

} // namespace lmc::verify
