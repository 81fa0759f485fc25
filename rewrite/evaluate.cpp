// The reference integer semantics: eval_int_alu (one case per op, exact per dtype) and evaluate() over graphs.
// Its own file because constant folding, the fuzzer's concrete replay and the tests must share one definition.
#include "rewrite/evaluate.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>

#include <bit>
#include <limits>
#include <vector>

namespace lmc {
namespace {

using i128 = __int128;

// A value as the dtype reads it: unsigned dtypes as their unsigned value (uint64 above INT64_MAX included).
i128 read(DType d, int64_t v) {
  if (d.is_bool()) return v & 1;
  if (d.is_unsigned()) return d.bits() >= 64 ? static_cast<i128>(static_cast<uint64_t>(v)) : wrap_to(d, v);
  return wrap_to(d, v);
}

// Back to the dtype's bit width: two's-complement wrap-around (bool arithmetic is 1-bit arithmetic, mod 2).
int64_t wrap(DType d, i128 v) {
  const int64_t low = static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(v)));
  if (d.is_bool()) return low & 1;
  return wrap_to(d, low);
}

i128 floordiv(i128 a, i128 b) {
  i128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

} // namespace

std::optional<int64_t> eval_int_alu(Op op, DType dtype, std::span<const int64_t> src) {
  const DType d = dtype.base();
  if (!d.is_integral()) return std::nullopt;
  auto in = [&](size_t i) { return read(d, src[i]); };
  switch (op) {
  case Op::NEG:
    return wrap(d, -in(0));
  case Op::CAST:
    // `dtype` is the target; the source value is already sign/zero extended by its own dtype.
    if (d.is_bool()) return src[0] != 0 ? 1 : 0;
    return wrap_to(d, src[0]);
  case Op::POPCOUNT:
  case Op::CTZ: {
    if (!d.is_int()) return std::nullopt;
    // The dtype's own bits: a negative int16 counts 16 bits, not the 64 it is held in.
    const uint64_t bits =
        static_cast<uint64_t>(src[0]) & (d.bits() >= 64 ? ~uint64_t{0} : (uint64_t{1} << d.bits()) - 1);
    if (op == Op::POPCOUNT) return std::popcount(bits);
    return bits == 0 ? d.bits() : std::countr_zero(bits);
  }
  case Op::ADD:
    return wrap(d, in(0) + in(1));
  case Op::SUB:
    return wrap(d, in(0) - in(1));
  case Op::MUL: {
    // 128 bits cannot hold every 64x64 product of unsigned values, but the low 64 bits are all that matter.
    const uint64_t p = static_cast<uint64_t>(src[0]) * static_cast<uint64_t>(src[1]);
    return wrap(d, static_cast<int64_t>(p));
  }
  case Op::FLOORDIV:
  case Op::FLOORMOD:
  case Op::CDIV:
  case Op::CMOD: {
    const i128 a = in(0), b = in(1);
    if (b == 0) return std::nullopt;
    const bool floor = op == Op::FLOORDIV || op == Op::FLOORMOD;
    const i128 q = floor ? floordiv(a, b) : a / b;
    const bool div = op == Op::FLOORDIV || op == Op::CDIV;
    return wrap(d, div ? q : a - q * b); // INT_MIN // -1 leaves the range and wraps back to INT_MIN
  }
  case Op::MAX:
    return wrap(d, std::max(in(0), in(1)));
  case Op::MIN:
    return wrap(d, std::min(in(0), in(1)));
  case Op::CMPLT:
    return in(0) < in(1) ? 1 : 0;
  case Op::CMPLE:
    return in(0) <= in(1) ? 1 : 0;
  case Op::CMPEQ:
    return in(0) == in(1) ? 1 : 0;
  case Op::CMPNE:
    return in(0) != in(1) ? 1 : 0;
  case Op::AND:
    return wrap(d, src[0] & src[1]);
  case Op::OR:
    return wrap(d, src[0] | src[1]);
  case Op::XOR:
    return wrap(d, src[0] ^ src[1]);
  case Op::SHL:
  case Op::SHR: {
    // The amount is read as a plain integer (its own dtype's value); defined for [0, bits).
    const int64_t s = src[1];
    if (s < 0 || s >= d.bits()) return std::nullopt;
    if (op == Op::SHL) return wrap(d, static_cast<int64_t>(static_cast<uint64_t>(src[0]) << s));
    if (d.is_signed()) return wrap(d, wrap_to(d, src[0]) >> s); // arithmetic shift
    return wrap(d, static_cast<int64_t>(static_cast<uint64_t>(in(0)) >> s));
  }
  case Op::WHERE:
    return src[0] != 0 ? wrap(d, src[1]) : wrap(d, src[2]);
  default:
    return std::nullopt;
  }
}

std::optional<int64_t> evaluate(UOp root, const std::unordered_map<std::string, int64_t>& vars) {
  // toposort is iterative, so a 200k-deep chain costs memory, not stack.
  std::unordered_map<uint32_t, std::optional<int64_t>> value;
  for (UOp u : root.toposort()) {
    const DType d = u.dtype();
    if (!d.is_integral() || d.is_vector())
      throw Error(fmt::format("evaluate: {} {} is not an integer or bool scalar", op_name(u.op()), d.name()));
    std::optional<int64_t> out;
    auto lookup = [&](const std::string& name) {
      auto it = vars.find(name);
      if (it == vars.end()) throw Error(fmt::format("evaluate: no value given for '{}'", name));
      return wrap_to(d, it->second);
    };
    switch (u.op()) {
    case Op::CONST:
      out = *u.const_int();
      break;
    case Op::DEFINE_VAR:
      out = lookup(u.arg_as<VarArg>().name);
      break;
    case Op::RANGE:
      out = lookup(fmt::format("r{}", u.arg_as<RangeArg>().id));
      break;
    case Op::SPECIAL:
      out = lookup(u.arg_as<SpecialArg>().name);
      break;
    default: {
      std::vector<int64_t> in;
      bool defined = true;
      for (UOp s : u.src()) {
        const auto& v = value.at(s.id());
        if (!v) {
          defined = false;
          break;
        }
        in.push_back(*v);
      }
      if (!defined) break;
      // Comparisons read their operands' dtype; everything else (casts included) its own.
      const DType sem = is_comparison(u.op()) ? u.src(0).dtype() : d;
      if (!is_alu(u.op())) throw Error(fmt::format("evaluate: cannot evaluate {} ({})", op_name(u.op()), u.expr()));
      out = eval_int_alu(u.op(), sem, in);
      break;
    }
    }
    value.emplace(u.id(), out);
  }
  return value.at(root.id());
}

} // namespace lmc
