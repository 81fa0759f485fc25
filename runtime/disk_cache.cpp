// DiskCache: header check, atomic temp-file + rename writes, and deletion of entries that fail the check.
// Every failure path returns "miss" (reads) or does nothing (writes), so a bad cache can only cost a recompile; an
// entry that is not a regular file (a link to /dev/zero, a directory) is such a failure, never read.
#include "runtime/disk_cache.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "ir/file_io.hpp"
#include "ir/hash.hpp"

#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <string_view>

namespace lmc {
namespace {

constexpr char kMagic[8] = {'L', 'M', 'C', 'B', 'L', 'O', 'B', '1'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeader = 32;                         // magic 8, version 4, reserved 4, length 8, checksum 8
constexpr uint64_t kMaxEntryBytes = uint64_t{1} << 30; // far beyond any CUBIN; a bigger entry is not ours

uint64_t checksum(const char* data, size_t n) {
  return StableHasher().add_str(std::string_view(data, n)).digest();
}

void put_u64(char* at, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    at[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
uint64_t get_u64(const char* at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(at[i])) << (8 * i);
  return v;
}

// Why an entry's bytes are not a valid entry, or nullptr.
const char* header_problem(const std::string& bytes) {
  if (bytes.size() < kHeader) return "shorter than its header";
  if (std::memcmp(bytes.data(), kMagic, 8) != 0 || get_u64(bytes.data() + 8) != kVersion)
    return "has a wrong magic or version";
  if (get_u64(bytes.data() + 16) != bytes.size() - kHeader) return "is truncated";
  if (get_u64(bytes.data() + 24) != checksum(bytes.data() + kHeader, bytes.size() - kHeader))
    return "fails its checksum";
  return nullptr;
}

} // namespace

DiskCache::DiskCache(std::string dir, std::string suffix) : dir_(std::move(dir)), suffix_(std::move(suffix)) {}

std::string DiskCache::path(uint64_t key) const {
  return fmt::format("{}/{:016x}{}", dir_, key, suffix_);
}

std::optional<std::vector<char>> DiskCache::get(uint64_t key) {
  const std::string p = path(key);
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::symlink_status(p, ec);
  if (ec || st.type() == std::filesystem::file_type::not_found) return std::nullopt;
  // Entries are only ever made by put's rename, so anything but a regular file (a link, a directory, a device) is
  // bad; read_regular_file checks again what it opens, in case the name changes in between.
  std::string bytes;
  const char* why = nullptr;
  if (st.type() != std::filesystem::file_type::regular) {
    why = "is not a regular file";
  } else {
    try {
      bytes = read_regular_file(p, kMaxEntryBytes, "cache entry");
    } catch (const Error&) {
      why = "cannot be read as a regular file of a sane size";
    }
  }
  if (!why) why = header_problem(bytes);
  if (why) {
    ++corrupt_;
    if (config().debug >= 1) fmt::print(stderr, "lmc: cache entry {} {}; deleting it\n", p, why);
    std::filesystem::remove(p, ec); // a link itself, or an empty directory; a full one stays and keeps missing
    return std::nullopt;
  }
  return std::vector<char>(bytes.begin() + kHeader, bytes.end());
}

void DiskCache::put(uint64_t key, const std::vector<char>& payload) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  char header[kHeader] = {};
  std::memcpy(header, kMagic, 8);
  put_u64(header + 8, kVersion);
  put_u64(header + 16, payload.size());
  put_u64(header + 24, checksum(payload.data(), payload.size()));
  std::string bytes(header, kHeader);
  bytes.append(payload.begin(), payload.end());
  try {
    write_file_atomic(path(key), bytes, "cache entry"); // readers see a whole entry or none
  } catch (const Error& e) {
    if (config().debug >= 1) fmt::print(stderr, "lmc: {}\n", e.what()); // the cache is optional: carry on
  }
}

} // namespace lmc
