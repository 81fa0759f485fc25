// DType queries, names and promotion.
#include "ir/dtype.hpp"

#include "ir/error.hpp"

#include <array>
#include <limits>

namespace lmc {
namespace {

struct ScalarInfo {
  const char* name;
  const char* c_name;
  int bits;
};

constexpr std::array<ScalarInfo, kNumScalars> kScalarInfo = {{
    {"void", "void", 0},
    {"bool", "bool", 1},
    {"int8", "signed char", 8},
    {"int16", "short", 16},
    {"int32", "int", 32},
    {"int64", "long long", 64},
    {"uint8", "unsigned char", 8},
    {"uint16", "unsigned short", 16},
    {"uint32", "unsigned int", 32},
    {"uint64", "unsigned long long", 64},
    {"float16", "half", 16},
    {"bfloat16", "__nv_bfloat16", 16},
    {"float32", "float", 32},
    {"float64", "double", 64},
}};

const ScalarInfo& info(Scalar s) {
  return kScalarInfo[static_cast<size_t>(s)];
}

} // namespace

constexpr bool bits_agree() {
  for (size_t i = 0; i < kScalarInfo.size(); ++i)
    if (kScalarInfo[i].bits != kScalarBits[i]) return false;
  return true;
}
static_assert(bits_agree(), "kScalarBits (dtype.hpp) and kScalarInfo disagree");

int DType::itemsize() const {
  return scalar == Scalar::Bool ? 1 : bits() / 8;
}

void DType::throw_not_integral(const char* what) const {
  throw Error(std::string(what) + " of non-integral dtype " + name());
}

std::string DType::name() const {
  std::string out = info(scalar).name;
  if (count > 1) out += ".vec(" + std::to_string(count) + ")";
  switch (addrspace) {
  case AddrSpace::None:
    break;
  case AddrSpace::Global:
    out += "*global";
    break;
  case AddrSpace::Local:
    out += "*local";
    break;
  case AddrSpace::Register:
    out += "*reg";
    break;
  }
  return out;
}

std::string DType::c_name() const {
  return info(scalar).c_name;
}

DType dtype_from_name(const std::string& name) {
  for (int i = 0; i < kNumScalars; ++i)
    if (name == kScalarInfo[i].name) return DType{static_cast<Scalar>(i)};
  throw Error("unknown dtype '" + name +
              "' (expected bool, int8..int64, uint8..uint64, float16, bfloat16, float32, float64)");
}

DType promote(DType a, DType b) {
  if (a.is_pointer() || b.is_pointer() || a.is_void() || b.is_void())
    throw Error("cannot promote " + a.name() + " with " + b.name());
  a = a.base();
  b = b.base();
  if (a == b) return a;
  if (a.is_bool()) return b;
  if (b.is_bool()) return a;
  if (a.is_float() || b.is_float()) {
    if (a.is_float() && b.is_float()) {
      if ((a.scalar == Scalar::Float16 && b.scalar == Scalar::BFloat16) ||
          (a.scalar == Scalar::BFloat16 && b.scalar == Scalar::Float16))
        return float32;
      return a.bits() >= b.bits() ? a : b;
    }
    return a.is_float() ? a : b; // int with float: the float wins (as PyTorch does for tensors)
  }
  if (a.is_signed() == b.is_signed()) return a.bits() >= b.bits() ? a : b;
  const DType s = a.is_signed() ? a : b;
  const DType u = a.is_signed() ? b : a;
  if (s.bits() > u.bits()) return s;
  switch (u.bits()) {
  case 8:
    return int16;
  case 16:
    return int32;
  case 32:
    return int64;
  default:
    return float64;
  }
}

int64_t wrap_to(DType dtype, int64_t value) {
  if (dtype.is_bool()) return value != 0;
  const int bits = dtype.bits();
  if (bits >= 64) return value;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  uint64_t u = static_cast<uint64_t>(value) & mask;
  if (dtype.is_signed() && (u >> (bits - 1)) != 0) u |= ~mask;
  return static_cast<int64_t>(u);
}

} // namespace lmc
