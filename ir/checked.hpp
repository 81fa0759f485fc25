// Checked arithmetic for shapes, element counts and byte counts: every size computed from user input goes through
// here (DESIGN §10), so an overflow is an lmc::Error naming the op and the values, never a wrapped size.
// Its own file so every layer (shape derivation, the frontend's creation ops, buffers, tools) uses one helper.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace lmc {

// a + b and a * b, or an lmc::Error "<what>: <a> + <b> overflows int64".
int64_t checked_add(int64_t a, int64_t b, std::string_view what);
int64_t checked_mul(int64_t a, int64_t b, std::string_view what);
// The element count of `shape`: an lmc::Error naming `op` and the shape when a dimension is negative or the count
// does not fit int64 (the product is checked whole, so {2^62 + 3, 4} is refused, not read as 12).
int64_t checked_numel(std::span<const int64_t> shape, std::string_view op);
// `count` elements of `itemsize` bytes, or an lmc::Error naming `op` when the byte count does not fit int64 (so it
// also fits size_t, and every pointer offset into the buffer fits ptrdiff_t).
int64_t checked_bytes(int64_t count, int64_t itemsize, std::string_view op);

} // namespace lmc
