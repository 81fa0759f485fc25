// Data types: scalars, vectors of scalars, and pointers with an address space.
// A DType is a small value (4 bytes) compared and hashed by value; promotion follows NumPy/PyTorch.
#pragma once
#include <cstdint>
#include <string>

namespace lmc {

enum class Scalar : uint8_t {
  Void,
  Bool,
  Int8,
  Int16,
  Int32,
  Int64,
  UInt8,
  UInt16,
  UInt32,
  UInt64,
  Float16,
  BFloat16,
  Float32,
  Float64,
};
inline constexpr int kNumScalars = 14;

// Where a pointer points. None marks a value type (not a pointer).
enum class AddrSpace : uint8_t { None, Global, Local, Register };

struct DType {
  Scalar scalar = Scalar::Void;
  uint16_t count = 1; // vector width; 1 for scalars
  AddrSpace addrspace = AddrSpace::None;

  constexpr bool operator==(const DType&) const = default;

  constexpr bool is_pointer() const { return addrspace != AddrSpace::None; }
  constexpr bool is_vector() const { return count > 1; }
  constexpr bool is_void() const { return scalar == Scalar::Void && !is_pointer(); }
  constexpr bool is_bool() const { return scalar == Scalar::Bool && !is_pointer(); }
  constexpr bool is_int() const { return !is_pointer() && scalar >= Scalar::Int8 && scalar <= Scalar::UInt64; }
  constexpr bool is_signed() const { return !is_pointer() && scalar >= Scalar::Int8 && scalar <= Scalar::Int64; }
  constexpr bool is_unsigned() const { return !is_pointer() && scalar >= Scalar::UInt8 && scalar <= Scalar::UInt64; }
  constexpr bool is_float() const { return !is_pointer() && scalar >= Scalar::Float16; }
  // Integers and bool: the types whose arithmetic the symbolic layer reasons about exactly.
  constexpr bool is_integral() const { return is_int() || is_bool(); }

  // The element type: drops vector width and pointer-ness.
  constexpr DType base() const { return DType{scalar, 1, AddrSpace::None}; }
  // The value a pointer points to (keeps the vector width).
  constexpr DType pointee() const { return DType{scalar, count, AddrSpace::None}; }
  constexpr DType vec(uint16_t n) const { return DType{scalar, n, addrspace}; }
  constexpr DType ptr(AddrSpace space = AddrSpace::Global) const { return DType{scalar, count, space}; }

  // Inline (bits, min_int, max_int): the rewriter's bounds and folds ask them at nearly every node.
  constexpr int bits() const; // of one element: bool is 1
  int itemsize() const;       // bytes of one element: bool is 1
  int64_t min_int() const;    // integral types only
  int64_t max_int() const;    // integral types only; UInt64 reports INT64_MAX (bounds are int64)
  std::string name() const;   // "float32", "int32.vec(4)", "float32*global"
  std::string c_name() const; // the C spelling of the scalar: "float", "int", "unsigned long long"

private:
  [[noreturn]] void throw_not_integral(const char* what) const;
};

// Bits of one element per Scalar, in enum order (dtype.cpp checks it against its table of names).
inline constexpr int kScalarBits[kNumScalars] = {0, 1, 8, 16, 32, 64, 8, 16, 32, 64, 16, 16, 32, 64};

constexpr int DType::bits() const {
  return kScalarBits[static_cast<int>(scalar)];
}
inline int64_t DType::min_int() const {
  if (is_bool() || is_unsigned()) return 0;
  if (!is_int()) throw_not_integral("min_int");
  return bits() == 64 ? INT64_MIN : -(int64_t{1} << (bits() - 1));
}
inline int64_t DType::max_int() const {
  if (is_bool()) return 1;
  if (!is_int()) throw_not_integral("max_int");
  if (is_unsigned()) return bits() == 64 ? INT64_MAX : (int64_t{1} << bits()) - 1;
  return bits() == 64 ? INT64_MAX : (int64_t{1} << (bits() - 1)) - 1;
}

inline constexpr DType void_{Scalar::Void};
inline constexpr DType bool_{Scalar::Bool};
inline constexpr DType int8{Scalar::Int8};
inline constexpr DType int16{Scalar::Int16};
inline constexpr DType int32{Scalar::Int32};
inline constexpr DType int64{Scalar::Int64};
inline constexpr DType uint8{Scalar::UInt8};
inline constexpr DType uint16{Scalar::UInt16};
inline constexpr DType uint32{Scalar::UInt32};
inline constexpr DType uint64{Scalar::UInt64};
inline constexpr DType float16{Scalar::Float16};
inline constexpr DType bfloat16{Scalar::BFloat16};
inline constexpr DType float32{Scalar::Float32};
inline constexpr DType float64{Scalar::Float64};

// The dtype index arithmetic is done in.
inline constexpr DType index_dtype = int32;

// NumPy/PyTorch promotion of two value types: bool < ints < floats; mixed signedness widens
// (uint8+int8 -> int16, uint64+int64 -> float64 as NumPy does); float16+bfloat16 -> float32.
DType promote(DType a, DType b);

// Parses a scalar name ("float32", "int32", "bool", ...). Throws lmc::Error on an unknown name.
DType dtype_from_name(const std::string& name);

// Wraps a value to the dtype's bit width (two's complement), as the hardware would.
int64_t wrap_to(DType dtype, int64_t value);

} // namespace lmc
