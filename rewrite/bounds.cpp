// Interval arithmetic per op, computed bottom-up without recursion (graphs can be deep) and cached on nodes.
#include "rewrite/bounds.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>
#include <numeric>
#include <vector>

namespace lmc {
namespace {

using i128 = __int128;

i128 floordiv(i128 a, i128 b) {
  // Operands that fit int64 (nearly all) divide in 64 bits: a 128-bit division is a library call, and a visible
  // part of the rewriter's time.
  constexpr i128 lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  if (a >= lo && a <= hi && b >= lo && b <= hi && !(a == lo && b == -1)) {
    const int64_t x = static_cast<int64_t>(a), y = static_cast<int64_t>(b);
    const int64_t q = x / y;
    return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q;
  }
  i128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

struct Interval {
  i128 lo, hi;
};

constexpr i128 kUint64Max = static_cast<i128>(std::numeric_limits<uint64_t>::max());
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// a * b, saturated far outside every dtype's range when it would overflow 128 bits (two uint64 bounds can), so
// fit() reads it as a wrap and gives the full range.
i128 mul_sat(i128 a, i128 b) {
  i128 r = 0;
  if (!__builtin_mul_overflow(a, b, &r)) return r;
  const i128 huge = static_cast<i128>(1) << 100;
  return (a < 0) != (b < 0) ? -huge : huge;
}

// A template, not a function pointer: bounds are computed for nearly every node a rewrite makes, and the four
// indirect calls per product or quotient were a visible part of that.
template <class F>
Interval corners(Interval a, Interval b, F f) {
  const i128 v[4] = {f(a.lo, b.lo), f(a.lo, b.hi), f(a.hi, b.lo), f(a.hi, b.hi)};
  return {std::min({v[0], v[1], v[2], v[3]}), std::max({v[0], v[1], v[2], v[3]})};
}

Bounds full_range(DType d) {
  if (d.is_integral()) return {d.min_int(), d.max_int()};
  return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
}

bool is_uint64(DType d) {
  return d.scalar == Scalar::UInt64 && !d.is_vector();
}

// Clamp to the dtype: an interval that leaves the dtype's range may have wrapped, so it becomes the full range.
// uint64 values above INT64_MAX are stored saturated (see bounds.hpp): hi becomes INT64_MAX, "up to UINT64_MAX".
Bounds fit(DType d, Interval r) {
  if (is_uint64(d)) {
    if (r.lo < 0 || r.hi > kUint64Max) return full_range(d);
    if (r.hi < kInt64Max) return {static_cast<int64_t>(r.lo), static_cast<int64_t>(r.hi)};
    return {static_cast<int64_t>(std::min<i128>(r.lo, kInt64Max - 1)), kInt64Max};
  }
  const Bounds full = full_range(d);
  if (r.lo < full.lo || r.hi > full.hi) return full;
  return {static_cast<int64_t>(r.lo), static_cast<int64_t>(r.hi)};
}

// Stored bounds as the values the dtype reads: a saturated uint64 upper bound reads as UINT64_MAX.
Interval decode(DType d, Bounds b) {
  if (is_uint64(d) && b.hi == kInt64Max) return {b.lo, kUint64Max};
  return {b.lo, b.hi};
}

Bounds compute(UOp u) {
  const DType d = u.dtype();
  if (!d.is_integral() || d.is_vector()) return full_range(d);
  // Each case reads a source's interval once (a read is a bounds lookup and a decode).
  auto in = [&](size_t i) {
    const UOp s = u.src(i);
    return decode(s.dtype(), bounds(s));
  };
  switch (u.op()) {
  case Op::CONST: {
    const int64_t v = const_as_int(u.arg_as<ConstValue>());
    if (is_uint64(d)) { // stored as int64 bits: the value is v + 2^64 when the bits read negative
      const i128 value = static_cast<i128>(static_cast<uint64_t>(v));
      return fit(d, {value, value});
    }
    return {v, v};
  }
  case Op::DEFINE_VAR:
    return fit(d, {u.arg_as<VarArg>().min, u.arg_as<VarArg>().max});
  case Op::RANGE:
  case Op::SPECIAL: {
    Interval end = in(0);
    if (end.hi <= 0) return {0, 0};
    return fit(d, {0, end.hi - 1});
  }
  case Op::ADD: {
    const Interval a = in(0), b = in(1);
    return fit(d, {a.lo + b.lo, a.hi + b.hi});
  }
  case Op::SUB: {
    const Interval a = in(0), b = in(1);
    return fit(d, {a.lo - b.hi, a.hi - b.lo});
  }
  case Op::NEG: {
    const Interval a = in(0);
    return fit(d, {-a.hi, -a.lo});
  }
  case Op::MUL:
    return fit(d, corners(in(0), in(1), mul_sat));
  case Op::MAX: {
    const Interval a = in(0), b = in(1);
    return fit(d, {std::max(a.lo, b.lo), std::max(a.hi, b.hi)});
  }
  case Op::MIN: {
    const Interval a = in(0), b = in(1);
    return fit(d, {std::min(a.lo, b.lo), std::min(a.hi, b.hi)});
  }
  case Op::FLOORDIV:
  case Op::CDIV: {
    Interval a = in(0), b = in(1);
    if (b.lo == 0 && b.hi == 0) return full_range(d); // only ever undefined: no value to bound (and none to fold to)
    if (b.lo <= 0 && b.hi >= 0) {
      // A divisor that can be zero: only the sign-free magnitude bound |a| is safe (division by 0 is undefined).
      const i128 m = std::max(a.hi < 0 ? -a.hi : a.hi, a.lo < 0 ? -a.lo : a.lo) + 1;
      return fit(d, {-m, m});
    }
    if (u.op() == Op::FLOORDIV) return fit(d, corners(a, b, [](i128 x, i128 y) { return floordiv(x, y); }));
    return fit(d, corners(a, b, [](i128 x, i128 y) { return x / y; }));
  }
  case Op::FLOORMOD: {
    Interval a = in(0), b = in(1);
    if (b.lo == 0 && b.hi == 0) return full_range(d); // x % 0 is undefined: never "0", the value of no case
    if (b.lo > 0) {
      if (a.lo >= 0 && a.hi < b.lo) return fit(d, a);
      if (a.lo >= 0 && floordiv(a.lo, b.hi) == floordiv(a.hi, b.hi) && b.lo == b.hi)
        return fit(d, {a.lo - floordiv(a.lo, b.hi) * b.hi, a.hi - floordiv(a.hi, b.hi) * b.hi});
      return fit(d, {0, b.hi - 1});
    }
    if (b.hi < 0) return fit(d, {b.lo + 1, 0});
    const i128 m = std::max(b.hi, -b.lo);
    return fit(d, {-m, m});
  }
  case Op::CMOD: {
    Interval a = in(0), b = in(1);
    const i128 m = std::max(b.hi < 0 ? -b.hi : b.hi, b.lo < 0 ? -b.lo : b.lo);
    if (m == 0) return full_range(d);
    const i128 lo = a.lo >= 0 ? 0 : std::max(-(m - 1), a.lo);
    const i128 hi = a.hi <= 0 ? 0 : std::min(m - 1, a.hi);
    if (a.lo >= 0 && a.hi < std::min(b.lo < 0 ? -b.hi : b.lo, m)) return fit(d, a);
    return fit(d, {lo, hi});
  }
  case Op::CMPLT: {
    Interval a = in(0), b = in(1);
    if (a.hi < b.lo) return {1, 1};
    if (a.lo >= b.hi) return {0, 0};
    return {0, 1};
  }
  case Op::CMPLE: {
    Interval a = in(0), b = in(1);
    if (a.hi <= b.lo) return {1, 1};
    if (a.lo > b.hi) return {0, 0};
    return {0, 1};
  }
  case Op::CMPEQ:
  case Op::CMPNE: {
    Interval a = in(0), b = in(1);
    const bool eq = u.op() == Op::CMPEQ;
    if (a.hi < b.lo || b.hi < a.lo) return eq ? Bounds{0, 0} : Bounds{1, 1};
    if (a.lo == a.hi && b.lo == b.hi && a.lo == b.lo) return eq ? Bounds{1, 1} : Bounds{0, 0};
    return {0, 1};
  }
  case Op::WHERE: {
    Interval c = in(0);
    if (c.lo == 1) return fit(d, in(1));
    if (c.hi == 0) return fit(d, in(2));
    const Interval a = in(1), b = in(2);
    return fit(d, {std::min(a.lo, b.lo), std::max(a.hi, b.hi)});
  }
  case Op::AND: {
    const Interval a = in(0), b = in(1);
    if (d.is_bool() || (a.lo >= 0 && b.lo >= 0)) return fit(d, {0, std::min(a.hi, b.hi)});
    return full_range(d);
  }
  case Op::OR:
  case Op::XOR: {
    if (d.is_bool()) return {0, 1};
    const Interval a = in(0), b = in(1);
    if (a.lo >= 0 && b.lo >= 0) {
      i128 m = std::max(a.hi, b.hi), p = 1;
      while (p <= m)
        p <<= 1;
      return fit(d, {0, p - 1});
    }
    return full_range(d);
  }
  case Op::SHL: {
    Interval a = in(0), s = in(1);
    // a.hi < 2^64 and s.hi < 64 keep the shift inside 128 bits.
    if (a.lo >= 0 && a.hi <= kUint64Max && s.lo >= 0 && s.hi < d.bits())
      return fit(d, {a.lo << static_cast<int>(s.lo), a.hi << static_cast<int>(s.hi)});
    return full_range(d);
  }
  case Op::POPCOUNT:
  case Op::CTZ:
    return fit(d, {0, d.bits()});
  case Op::SHR: {
    Interval a = in(0), s = in(1);
    if (a.lo >= 0 && s.lo >= 0 && s.hi < d.bits())
      return fit(d, {a.lo >> static_cast<int>(s.hi), a.hi >> static_cast<int>(s.lo)});
    return full_range(d);
  }
  case Op::CAST: {
    const DType from = u.src(0).dtype();
    if (!from.is_integral()) return full_range(d);
    return fit(d, in(0));
  }
  default:
    return full_range(d);
  }
}

} // namespace

Bounds bounds(UOp u) {
  UOp::Facts& f = u.facts();
  if (f.has_bounds.load(std::memory_order_acquire))
    return {f.vmin.load(std::memory_order_relaxed), f.vmax.load(std::memory_order_relaxed)};
  auto store = [](UOp::Facts& nf, Bounds b) {
    nf.vmin.store(b.lo, std::memory_order_relaxed);
    nf.vmax.store(b.hi, std::memory_order_relaxed);
    nf.has_bounds.store(true, std::memory_order_release);
  };
  // The common case, a node built on nodes already known (the rewriter works bottom-up): no stack needed.
  bool sources_known = true;
  for (UOp s : u.src())
    sources_known = sources_known && s.facts().has_bounds.load(std::memory_order_acquire);
  if (sources_known) {
    const Bounds b = compute(u);
    store(f, b);
    return b;
  }
  // Fill uncached sources first, iteratively, so deep graphs do not overflow the stack. The stack is kept per
  // thread (nodes a rule just built often have unknown sources: an allocation per call showed); compute() below
  // reads only sources already known, so it never comes back here.
  thread_local std::vector<std::pair<UOp, bool>> stack;
  stack.assign(1, {u, false});
  while (!stack.empty()) {
    auto [n, ready] = stack.back();
    stack.pop_back();
    UOp::Facts& nf = n.facts();
    if (nf.has_bounds.load(std::memory_order_acquire)) continue;
    if (!ready) {
      stack.push_back({n, true});
      for (UOp s : n.src())
        if (!s.facts().has_bounds.load(std::memory_order_acquire)) stack.push_back({s, false});
      continue;
    }
    store(nf, compute(n));
  }
  return {f.vmin.load(std::memory_order_relaxed), f.vmax.load(std::memory_order_relaxed)};
}

Bounds fit_signed(DType d, __int128 lo, __int128 hi) {
  return fit(d, {lo, hi});
}

int64_t const_factor(UOp u) {
  // 0 means "always zero" (divisible by everything); 1 means nothing is known.
  if (auto v = u.const_int()) {
    if (*v < 0 && u.dtype().is_unsigned()) return 1; // a uint64 above INT64_MAX: its int64 bits say nothing
    return *v < 0 ? (*v == std::numeric_limits<int64_t>::min() ? 1 : -*v) : *v;
  }
  if (!u.dtype().is_int()) return 1;
  // A node whose arithmetic may have wrapped keeps no divisibility (x*3 mod 2^32 need not divide by 3).
  const Bounds b = bounds(u);
  if (b == full_range(u.dtype())) return 1;
  switch (u.op()) {
  case Op::MUL: {
    const i128 f = static_cast<i128>(const_factor(u.src(0))) * const_factor(u.src(1));
    return f > std::numeric_limits<int64_t>::max() ? 1 : static_cast<int64_t>(f);
  }
  case Op::ADD:
  case Op::SUB:
    return std::gcd(const_factor(u.src(0)), const_factor(u.src(1)));
  default:
    return 1;
  }
}

namespace {

// The node itself (not its sources) may be undefined for some values of its operands.
bool op_may_be_undefined(UOp u) {
  switch (u.op()) {
  case Op::FLOORDIV:
  case Op::FLOORMOD:
  case Op::CDIV:
  case Op::CMOD: {
    if (!u.src(1).dtype().is_integral()) return false;
    const ValueRange d = value_range(u.src(1));
    return d.lo <= 0 && d.hi >= 0;
  }
  case Op::SHL:
  case Op::SHR: {
    if (!u.src(1).dtype().is_integral()) return false;
    const ValueRange a = value_range(u.src(1));
    return a.lo < 0 || a.hi >= u.dtype().bits();
  }
  default:
    return false;
  }
}

} // namespace

bool may_be_undefined(UOp u) {
  auto known = [](UOp n) { return n.facts().may_be_undefined.load(std::memory_order_acquire); };
  if (uint8_t f = known(u)) return f == 2;
  // The common case, a node whose sources are known (the rewriter works bottom-up): no stack to allocate.
  {
    bool maybe = false, sources_known = true;
    for (UOp s : u.src()) {
      const uint8_t f = known(s);
      sources_known = sources_known && f != 0;
      maybe = maybe || f == 2;
    }
    if (sources_known) {
      maybe = maybe || op_may_be_undefined(u);
      u.facts().may_be_undefined.store(maybe ? 2 : 1, std::memory_order_release);
      return maybe;
    }
  }
  // Kept per thread: a node built by a rule often has unknown sources, and a fresh stack per call was an
  // allocation per rewrite. Nothing below calls back into may_be_undefined.
  thread_local std::vector<std::pair<UOp, bool>> stack;
  stack.assign(1, {u, false});
  while (!stack.empty()) {
    auto [n, ready] = stack.back();
    stack.pop_back();
    if (known(n)) continue;
    if (!ready) {
      stack.push_back({n, true});
      for (UOp s : n.src())
        if (!known(s)) stack.push_back({s, false});
      continue;
    }
    bool maybe = op_may_be_undefined(n);
    for (UOp s : n.src())
      maybe = maybe || known(s) == 2;
    n.facts().may_be_undefined.store(maybe ? 2 : 1, std::memory_order_release);
  }
  return known(u) == 2;
}

ValueRange value_range(UOp u) {
  const Interval r = decode(u.dtype(), bounds(u));
  return {r.lo, r.hi};
}

} // namespace lmc
