// A stable 64-bit hasher: the same bytes give the same hash on every machine and in every process.
// Cache keys (compiled binaries, BEAM results, schedules) are built with it, never with std::hash.
#pragma once
#include <cstdint>
#include <string_view>

namespace lmc {

class StableHasher {
public:
  StableHasher& add_u64(uint64_t v) {
    state_ = mix(state_ ^ (v + 0x9e3779b97f4a7c15ull + (state_ << 6) + (state_ >> 2)));
    return *this;
  }
  StableHasher& add_i64(int64_t v) { return add_u64(static_cast<uint64_t>(v)); }
  StableHasher& add_str(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ull; // FNV-1a over the bytes, then mixed in with the length
    for (unsigned char c : s)
      h = (h ^ c) * 0x100000001b3ull;
    add_u64(h);
    return add_u64(s.size());
  }
  uint64_t digest() const { return mix(state_); }

private:
  static uint64_t mix(uint64_t z) { // splitmix64 finalizer
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t state_ = 0x6c6d632d756f7021ull;
};

} // namespace lmc
