// A disk cache of compiled binaries: one file per key under a directory, written atomically, checked when read.
// Its own file because the cache format (header, checksum, recovery) is independent of what is cached: CUBINs from
// NVRTC and CPU object code from LLVM.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lmc {

// Each entry is <dir>/<16 hex digits of key><suffix>: a 32-byte header (magic "LMCBLOB1", format version,
// payload length, StableHasher checksum of the payload) then the payload. Writes go to a temporary file in the same
// directory that is renamed over the entry, so readers never see a half-written file. A truncated or corrupt entry
// reads as a miss and is deleted. Failing to write (read-only or full disk) is not an error: the cache is optional.
class DiskCache {
public:
  DiskCache(std::string dir, std::string suffix);

  std::optional<std::vector<char>> get(uint64_t key);
  void put(uint64_t key, const std::vector<char>& payload);

  std::string path(uint64_t key) const;
  const std::string& dir() const { return dir_; }
  // Entries found bad (and deleted) by this object, for tests and LMC_DEBUG.
  uint64_t corrupt_count() const { return corrupt_; }

private:
  std::string dir_, suffix_;
  uint64_t corrupt_ = 0;
};

} // namespace lmc
