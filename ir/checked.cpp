// The checked size arithmetic of ir/checked.hpp: compiler overflow builtins, and messages that name the op.
// Out of line so the header stays a short list and fmt stays out of every file that counts elements.
#include "ir/checked.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>

namespace lmc {
namespace {

std::string shape_text(std::span<const int64_t> shape) {
  return fmt::format("({}{})", fmt::join(shape, ", "), shape.size() == 1 ? "," : "");
}

} // namespace

int64_t checked_add(int64_t a, int64_t b, std::string_view what) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw Error(fmt::format("{}: {} + {} overflows int64", what, a, b));
  return out;
}

int64_t checked_mul(int64_t a, int64_t b, std::string_view what) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) throw Error(fmt::format("{}: {} * {} overflows int64", what, a, b));
  return out;
}

int64_t checked_numel(std::span<const int64_t> shape, std::string_view op) {
  for (int64_t d : shape)
    if (d < 0) throw Error(fmt::format("{}: negative dimension {} in shape {}", op, d, shape_text(shape)));
  // The product of the non-zero dimensions must fit too, even when a zero makes the count 0: strides of such a
  // shape (products of trailing dimensions) are still computed, and must not wrap either.
  int64_t n = 1;
  bool empty = false;
  for (int64_t d : shape) {
    empty = empty || d == 0;
    if (d != 0 && __builtin_mul_overflow(n, d, &n))
      throw Error(fmt::format("{}: shape {} has more elements than int64 can count", op, shape_text(shape)));
  }
  if (empty) return 0;
  return n;
}

int64_t checked_bytes(int64_t count, int64_t itemsize, std::string_view op) {
  int64_t out = 0;
  if (count < 0 || itemsize < 0 || __builtin_mul_overflow(count, itemsize, &out))
    throw Error(fmt::format("{}: {} elements of {} bytes is more bytes than int64 can count", op, count, itemsize));
  return out;
}

} // namespace lmc
