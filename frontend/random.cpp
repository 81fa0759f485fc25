// Random tensors from a counter-based generator: Philox4x32-10 of (element index, seed) written as uint32 tensor
// ops, so every device computes the same bits for a seed; its own file because it is the frontend's only RNG.
#include "frontend/lazy.hpp"
#include "ir/shape.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>
#include <numbers>
#include <numeric>
#include <optional>

namespace lmc {
namespace {

// Philox4x32 (Salmon et al., SC'11; the constants of Random123).
constexpr uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;
constexpr int kPhiloxRounds = 10;

// A uint32 word of the generator's state: a host constant until it meets the element index, then a tensor.
// Folding the constant words here keeps the graph small whatever the simplifier does.
struct Word {
  std::optional<Tensor> t;
  uint32_t c = 0;
};

Tensor u32_const(const Tensor& like, uint64_t v) {
  return derive(const_like(static_cast<double>(v), like.dtype(), like.shape()), {&like}, "rand");
}

Tensor bit_op(Op op, const Tensor& a, const Tensor& b) {
  return derive(UOp::alu(op, {a.uop(), b.uop()}), {&a, &b}, "rand");
}

Word xor3(const Word& a, const Word& b, uint32_t k) {
  if (!a.t && !b.t) return {std::nullopt, a.c ^ b.c ^ k};
  const Tensor& like = a.t ? *a.t : *b.t;
  Tensor r = a.t ? *a.t : u32_const(like, a.c);
  if (b.t)
    r = bit_op(Op::XOR, r, *b.t);
  else if (b.c != 0)
    r = bit_op(Op::XOR, r, u32_const(like, b.c));
  if (k != 0) r = bit_op(Op::XOR, r, u32_const(like, k));
  return {r, 0};
}

// The 64-bit product m * w as its (high, low) 32-bit words.
std::pair<Word, Word> mulhilo(uint32_t m, const Word& w) {
  if (!w.t) {
    const uint64_t p = uint64_t{m} * w.c;
    return {{std::nullopt, static_cast<uint32_t>(p >> 32)}, {std::nullopt, static_cast<uint32_t>(p)}};
  }
  const Tensor wide = w.t->cast(uint64);
  const Tensor p = wide * u32_const(wide, m);
  const Tensor hi = bit_op(Op::SHR, p, u32_const(p, 32)).cast(uint32);
  return {{hi, 0}, {p.cast(uint32), 0}};
}

// Ten Philox rounds over the counter (index, 0, 0, 0) with the 64-bit seed as key.
std::array<Word, 4> philox4x32(const Tensor& index, uint64_t seed) {
  std::array<Word, 4> ctr{Word{index, 0}, Word{}, Word{}, Word{}};
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int round = 0; round < kPhiloxRounds; ++round) {
    auto [hi0, lo0] = mulhilo(kPhiloxM0, ctr[0]);
    auto [hi1, lo1] = mulhilo(kPhiloxM1, ctr[2]);
    ctr = {xor3(hi1, ctr[1], k0), lo1, xor3(hi0, ctr[3], k1), lo0};
    k0 += kPhiloxW0;
    k1 += kPhiloxW1;
  }
  return ctr;
}

Tensor word_tensor(const Word& w, const Tensor& like) {
  return w.t ? *w.t : u32_const(like, w.c);
}

Tensor shr(const Tensor& t, int bits) {
  return bit_op(Op::SHR, t, u32_const(t, bits));
}

// A uniform in [0, 1) (or (0, 1] with `open_at_zero`) with 24 bits from one word, or 53 bits from two.
Tensor uniform(const Tensor& w0, const Tensor* w1, bool open_at_zero) {
  if (!w1) {
    Tensor m = shr(w0, 8).cast(float32);
    if (open_at_zero) m = m + 1.0;
    return m * 0x1p-24;
  }
  Tensor m = shr(w0, 5).cast(float64) * 0x1p26 + shr(*w1, 6).cast(float64);
  if (open_at_zero) m = m + 1.0;
  return m * 0x1p-53;
}

std::array<Tensor, 4> random_bits(const Shape& shape, uint64_t seed, const std::string& device, const char* op) {
  const int64_t n = shape_numel(shape, op);
  if (n > (int64_t{1} << 32))
    throw Error(
        fmt::format("{}: {} elements in shape {} exceed the generator's 2^32 counters", op, n, shape_str(shape)));
  std::vector<uint32_t> iota(n);
  std::iota(iota.begin(), iota.end(), 0u);
  Tensor index = Tensor::from_vector(iota, {n}, device);
  std::array<Word, 4> w = philox4x32(index, seed);
  return {word_tensor(w[0], index), word_tensor(w[1], index), word_tensor(w[2], index), word_tensor(w[3], index)};
}

DType check_dtype(const Shape& shape, DType dtype, const char* op) {
  for (int64_t d : shape)
    if (d < 0) throw Error(fmt::format("{}: negative dimension in shape {}", op, shape_str(shape)));
  if (!dtype.is_float() || dtype.is_vector())
    throw Error(fmt::format("{}: needs a floating-point dtype, got {}", op, dtype.name()));
  return dtype == float64 ? float64 : float32;
}

} // namespace

Tensor Tensor::rand(Shape shape, uint64_t seed, DType dtype, const std::string& device) {
  const DType work = check_dtype(shape, dtype, "rand");
  if (shape_numel(shape, "rand") == 0) return Tensor::zeros(shape, dtype, device);
  std::array<Tensor, 4> w = random_bits(shape, seed, resolve_device(device), "rand");
  Tensor u = work == float64 ? uniform(w[0], &w[1], false) : uniform(w[0], nullptr, false);
  return u.cast(dtype).reshape(shape);
}

Tensor Tensor::randn(Shape shape, uint64_t seed, DType dtype, const std::string& device) {
  const DType work = check_dtype(shape, dtype, "randn");
  if (shape_numel(shape, "randn") == 0) return Tensor::zeros(shape, dtype, device);
  std::array<Tensor, 4> w = random_bits(shape, seed, resolve_device(device), "randn");
  // Box-Muller: u1 in (0, 1] keeps the logarithm finite.
  const bool f64 = work == float64;
  Tensor u1 = f64 ? uniform(w[0], &w[1], true) : uniform(w[0], nullptr, true);
  Tensor u2 = f64 ? uniform(w[2], &w[3], false) : uniform(w[1], nullptr, false);
  Tensor z = (u1.log() * -2.0).sqrt() * (u2 * (2.0 * std::numbers::pi)).cos();
  return z.cast(dtype).reshape(shape);
}

} // namespace lmc
