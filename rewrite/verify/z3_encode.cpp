// The bit-precise Z3 encoding of integer/bool ALU ops, one case per op, and the definedness side conditions.
// Kept apart from the provers so the semantics of every op is written down exactly once for Z3.
#include "rewrite/verify/z3_encode.hpp"

#include "ir/error.hpp"
#include "rewrite/bounds.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

namespace lmc::verify {
namespace {

bool scalar_integral(DType d) {
  return d.is_integral() && !d.is_vector();
}

bool supported(UOp u) {
  if (!scalar_integral(u.dtype())) return false;
  for (UOp s : u.src())
    if (!scalar_integral(s.dtype())) return false;
  switch (u.op()) {
  case Op::CONST:
  case Op::DEFINE_VAR:
  case Op::RANGE:
  case Op::SPECIAL:
  case Op::NEG:
  case Op::CAST:
  case Op::ADD:
  case Op::SUB:
  case Op::MUL:
  case Op::FLOORDIV:
  case Op::FLOORMOD:
  case Op::CDIV:
  case Op::CMOD:
  case Op::MAX:
  case Op::MIN:
  case Op::CMPLT:
  case Op::CMPLE:
  case Op::CMPEQ:
  case Op::CMPNE:
  case Op::AND:
  case Op::OR:
  case Op::XOR:
  case Op::SHL:
  case Op::SHR:
  case Op::WHERE:
    return true;
  default:
    return false;
  }
}

unsigned width(DType d) {
  return static_cast<unsigned>(d.bits());
}

// `v` (of `from`'s width and signedness) resized to `bits` bits: truncated, or sign/zero extended.
z3::expr resize(const z3::expr& v, DType from, unsigned bits) {
  const unsigned w = width(from);
  if (bits == w) return v;
  if (bits < w) return v.extract(bits - 1, 0);
  return from.is_signed() ? z3::sext(v, bits - w) : z3::zext(v, bits - w);
}

z3::expr less(const z3::expr& a, const z3::expr& b, DType d) {
  return d.is_signed() ? a < b : z3::ult(a, b);
}
z3::expr less_eq(const z3::expr& a, const z3::expr& b, DType d) {
  return d.is_signed() ? a <= b : z3::ule(a, b);
}

// A bit-vector numeral read as an int64 of `dtype` (sign-extended for signed dtypes); nullopt for other terms.
std::optional<int64_t> numeral(const z3::expr& v, DType dtype) {
  uint64_t bits = 0;
  if (!v.is_numeral_u64(bits)) return std::nullopt;
  const int w = dtype.bits();
  if (dtype.is_signed() && w < 64 && (bits >> (w - 1) & 1)) bits |= ~uint64_t{0} << w;
  return static_cast<int64_t>(bits);
}

// Throws IllTyped when u's sources do not have the dtypes its op's rule asks for.
void check_types(UOp u) {
  const DType d = u.dtype();
  auto fail = [&](const char* what) {
    std::string srcs;
    for (UOp s : u.src())
      srcs += (srcs.empty() ? "" : ", ") + s.dtype().name();
    throw IllTyped(fmt::format("ill-typed {} {} ({}): {} in {}", op_name(u.op()), d.name(), srcs, what, u.expr()));
  };
  switch (op_info(u.op()).dtype_rule) {
  case DTypeRule::SameAsSrc0:
    for (UOp s : u.src())
      if (s.dtype() != d) fail("every source must have the node's dtype");
    break;
  case DTypeRule::Bool:
    if (!d.is_bool() || u.src(0).dtype() != u.src(1).dtype()) fail("a comparison of two equal dtypes is bool");
    break;
  case DTypeRule::Where:
    if (!u.src(0).dtype().is_bool() || u.src(1).dtype() != d || u.src(2).dtype() != d)
      fail("the condition must be bool and both branches the node's dtype");
    break;
  case DTypeRule::ShiftLike:
    if (u.src(0).dtype() != d) fail("the shifted value must have the node's dtype");
    break;
  default:
    break;
  }
}

} // namespace

bool encodable(UOp u) {
  for (UOp n : u.toposort())
    if (!supported(n)) return false;
  return true;
}

UOp ranges_as_vars(UOp root) {
  std::unordered_map<uint32_t, UOp> out;
  for (UOp u : root.toposort()) {
    UOp n;
    if (u.op() == Op::RANGE || u.op() == Op::SPECIAL) {
      const std::string name =
          u.op() == Op::RANGE ? fmt::format("r{}", u.arg_as<RangeArg>().id) : u.arg_as<SpecialArg>().name;
      const Bounds b = bounds(u);
      n = UOp::var(name, b.lo, b.hi, u.dtype());
    } else {
      std::vector<UOp> src;
      for (UOp s : u.src())
        src.push_back(out.at(s.id()));
      n = u.with_src(src);
    }
    out.emplace(u.id(), n);
  }
  return out.at(root.id());
}

int64_t Encoder::model_int(const z3::model& model, const z3::expr& value, DType dtype) {
  z3::expr v = model.eval(value, true);
  if (auto n = numeral(v, dtype)) return *n;
  throw Error("Z3 model value is not a numeral: " + v.to_string());
}

z3::expr Encoder::leaf(UOp u, const std::string& name) {
  const int n = names_used_[name]++;
  const std::string unique = n ? fmt::format("{}!{}", name, n) : name;
  z3::expr v = ctx_.bv_const(unique.c_str(), width(u.dtype()));
  leaves_.push_back(Leaf{u, v, name});
  return v;
}

void Encoder::encode(UOp root) {
  if (value_.contains(root.id())) return;
  for (UOp u : root.toposort()) {
    if (value_.contains(u.id())) continue;
    std::vector<z3::expr> conditions;
    z3::expr v = compute(u, conditions);
    z3::expr ok = ctx_.bool_val(true);
    for (const z3::expr& c : conditions)
      ok = ok && c;
    value_.emplace(u.id(), v);
    defined_.emplace(u.id(), ok.simplify());
  }
}

z3::expr Encoder::value(UOp u) {
  encode(u);
  return value_.at(u.id());
}

z3::expr Encoder::defined(UOp u) {
  encode(u);
  z3::expr all = ctx_.bool_val(true);
  for (UOp n : u.toposort()) {
    const z3::expr& c = defined_.at(n.id());
    if (!c.is_true()) all = all && c;
  }
  return all;
}

z3::expr Encoder::assumptions() const {
  z3::expr all = ctx_.bool_val(true);
  for (const z3::expr& a : assumptions_)
    all = all && a;
  return all;
}

z3::expr Encoder::compute(UOp u, std::vector<z3::expr>& conditions) {
  const DType d = u.dtype();
  if (!supported(u)) {
    if (!opaque_ok_ || !scalar_integral(d))
      throw Error(fmt::format("cannot encode {} {} for Z3", op_name(u.op()), d.name()));
    // An opaque value (a loaded index, float math cast to int): a fresh constant inside its interval bounds.
    z3::expr v = leaf(u, fmt::format("opaque{}", u.id()));
    // Bounds as the dtype's values: a saturated uint64 bound reaches UINT64_MAX, whose bits are those of -1.
    const ValueRange r = value_range(u);
    const auto bits = [](__int128 x) { return static_cast<int64_t>(static_cast<uint64_t>(x)); };
    assumptions_.push_back(less_eq(ctx_.bv_val(bits(r.lo), width(d)), v, d) &&
                           less_eq(v, ctx_.bv_val(bits(r.hi), width(d)), d));
    return v;
  }
  check_types(u);
  const unsigned w = width(d);
  auto in = [&](size_t i) { return value_.at(u.src(i).id()); };
  auto num = [&](int64_t n) { return ctx_.bv_val(n, w); };
  const DType sd = u.num_src() ? u.src(0).dtype() : d; // operand dtype (comparisons read their sources')
  switch (u.op()) {
  case Op::CONST:
    return num(*u.const_int());
  case Op::DEFINE_VAR: {
    const VarArg& var = u.arg_as<VarArg>();
    z3::expr v = leaf(u, var.name);
    const int64_t lo = std::max(var.min, d.min_int()), hi = std::min(var.max, d.max_int());
    assumptions_.push_back(less_eq(num(lo), v, d) && less_eq(v, num(hi), d));
    return v;
  }
  case Op::RANGE:
  case Op::SPECIAL: {
    const std::string name =
        u.op() == Op::RANGE ? fmt::format("r{}", u.arg_as<RangeArg>().id) : u.arg_as<SpecialArg>().name;
    z3::expr v = leaf(u, name);
    z3::expr size = resize(in(0), u.src(0).dtype(), w);
    assumptions_.push_back(less_eq(num(0), v, d) && less(v, size, d));
    return v;
  }
  case Op::NEG:
    return -in(0);
  case Op::CAST: {
    if (d.is_bool()) return from_bool(in(0) != ctx_.bv_val(0, width(sd)));
    return resize(in(0), sd, w);
  }
  case Op::ADD:
    return in(0) + in(1);
  case Op::SUB:
    return in(0) - in(1);
  case Op::MUL:
    return in(0) * in(1);
  case Op::FLOORDIV:
  case Op::FLOORMOD:
  case Op::CDIV:
  case Op::CMOD: {
    z3::expr a = in(0), b = in(1);
    conditions.push_back(b != num(0));
    const bool div = u.op() == Op::FLOORDIV || u.op() == Op::CDIV;
    if (!d.is_signed()) return div ? z3::udiv(a, b) : z3::urem(a, b);
    z3::expr q = a / b; // bvsdiv: truncating
    z3::expr r = z3::srem(a, b);
    if (u.op() == Op::CDIV) return q;
    if (u.op() == Op::CMOD) return r;
    // Floor: when the remainder is nonzero and its sign differs from the divisor's, step down one.
    z3::expr adjust = r != num(0) && ((r < num(0)) != (b < num(0)));
    return u.op() == Op::FLOORDIV ? z3::ite(adjust, q - num(1), q) : z3::ite(adjust, r + b, r);
  }
  case Op::MAX:
    return z3::ite(less(in(0), in(1), d), in(1), in(0));
  case Op::MIN:
    return z3::ite(less(in(0), in(1), d), in(0), in(1));
  case Op::CMPLT:
    return from_bool(less(in(0), in(1), sd));
  case Op::CMPLE:
    return from_bool(less_eq(in(0), in(1), sd));
  case Op::CMPEQ:
    return from_bool(in(0) == in(1));
  case Op::CMPNE:
    return from_bool(in(0) != in(1));
  case Op::AND:
    return in(0) & in(1);
  case Op::OR:
    return in(0) | in(1);
  case Op::XOR:
    return in(0) ^ in(1);
  case Op::SHL:
  case Op::SHR: {
    const DType ad = u.src(1).dtype();
    const unsigned aw = width(ad);
    z3::expr amount = in(1);
    // Defined only for amounts in [0, bits); the amount is compared in its own dtype.
    // (when `bits` does not fit the amount's dtype, every non-negative amount is below it).
    const bool fits = static_cast<int64_t>(w) <= ad.max_int();
    z3::expr in_range = fits ? less(amount, ctx_.bv_val(static_cast<int64_t>(w), aw), ad) : ctx_.bool_val(true);
    if (ad.is_signed()) in_range = in_range && amount >= ctx_.bv_val(0, aw);
    conditions.push_back(in_range);
    z3::expr s = aw >= w ? amount.extract(w - 1, 0) : z3::zext(amount, w - aw);
    if (u.op() == Op::SHL) return z3::shl(in(0), s);
    return d.is_signed() ? z3::ashr(in(0), s) : z3::lshr(in(0), s);
  }
  case Op::WHERE:
    return z3::ite(as_bool(in(0)), in(1), in(2));
  default:
    break;
  }
  throw Error(fmt::format("cannot encode {} for Z3", op_name(u.op())));
}

} // namespace lmc::verify
