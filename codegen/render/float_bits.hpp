// Exact conversions between double and the 16-bit float formats (IEEE half, bfloat16), by bit manipulation.
// Its own header because the renderer (constants), the CPU runtime (libcall helpers) and tests all need them.
#pragma once
#include <bit>
#include <cstdint>

namespace lmc {

// Rounds a double to nearest-even in a format with `exp_bits` exponent and `man_bits` mantissa bits (one rounding
// step, so there is no double rounding through float); NaN stays NaN (quiet), overflow goes to infinity.
constexpr uint16_t round_to_f16_bits(double value, int exp_bits, int man_bits) {
  const uint64_t b = std::bit_cast<uint64_t>(value);
  const uint16_t sign = static_cast<uint16_t>((b >> 63) << (exp_bits + man_bits));
  const int e = static_cast<int>((b >> 52) & 0x7ff);
  const uint64_t m = b & ((uint64_t{1} << 52) - 1);
  const int max_exp = (1 << exp_bits) - 1;
  const uint16_t inf = static_cast<uint16_t>(max_exp << man_bits);
  if (e == 0x7ff) return sign | inf | (m ? uint16_t(1u << (man_bits - 1)) : uint16_t{0});
  if (e == 0) return sign; // double subnormals are far below both formats' smallest subnormal
  const int bias = (1 << (exp_bits - 1)) - 1;
  int te = e - 1023 + bias;
  const uint64_t mant = m | (uint64_t{1} << 52);
  const int shift = 52 - man_bits + (te >= 1 ? 0 : 1 - te);
  if (shift > 60) return sign;
  uint64_t q = mant >> shift;
  const uint64_t rem = mant & ((uint64_t{1} << shift) - 1), half = uint64_t{1} << (shift - 1);
  if (rem > half || (rem == half && (q & 1))) ++q;
  if (te < 1) return sign | static_cast<uint16_t>(q); // a carry into the exponent field is the right answer
  if (q >> (man_bits + 1)) {
    q >>= 1;
    ++te;
  }
  if (te >= max_exp) return sign | inf;
  return sign | static_cast<uint16_t>((te << man_bits) | (q & ((uint64_t{1} << man_bits) - 1)));
}

constexpr double f16_bits_to_double(uint16_t bits, int exp_bits, int man_bits) {
  const bool neg = bits >> (exp_bits + man_bits);
  const int e = (bits >> man_bits) & ((1 << exp_bits) - 1);
  const uint64_t m = bits & ((1u << man_bits) - 1);
  const int bias = (1 << (exp_bits - 1)) - 1;
  uint64_t out = 0;
  if (e == (1 << exp_bits) - 1) {
    out = (uint64_t{0x7ff} << 52) | (m << (52 - man_bits)) | (m ? uint64_t{1} << 51 : 0);
  } else if (e == 0) {
    double v = static_cast<double>(m);
    for (int i = 0; i < bias - 1 + man_bits; ++i)
      v /= 2;
    return neg ? -v : v;
  } else {
    out = (static_cast<uint64_t>(e - bias + 1023) << 52) | (m << (52 - man_bits));
  }
  return std::bit_cast<double>(out | (uint64_t{neg} << 63));
}

constexpr uint16_t double_to_half_bits(double v) {
  return round_to_f16_bits(v, 5, 10);
}
constexpr uint16_t double_to_bf16_bits(double v) {
  return round_to_f16_bits(v, 8, 7);
}
constexpr double half_bits_to_double(uint16_t b) {
  return f16_bits_to_double(b, 5, 10);
}
constexpr double bf16_bits_to_double(uint16_t b) {
  return f16_bits_to_double(b, 8, 7);
}

} // namespace lmc
