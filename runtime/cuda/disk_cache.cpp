// DiskCache: header check, atomic temp-file + rename writes, and deletion of entries that fail the check.
// Every failure path returns "miss" (reads) or does nothing (writes), so a bad cache can only cost a recompile.
#include "runtime/cuda/disk_cache.hpp"

#include "ir/config.hpp"
#include "ir/hash.hpp"

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string_view>
#include <unistd.h>

namespace lmc {
namespace {

constexpr char kMagic[8] = {'L', 'M', 'C', 'B', 'L', 'O', 'B', '1'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeader = 32; // magic 8, version 4, reserved 4, length 8, checksum 8

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

} // namespace

DiskCache::DiskCache(std::string dir, std::string suffix) : dir_(std::move(dir)), suffix_(std::move(suffix)) {}

std::string DiskCache::path(uint64_t key) const {
  return fmt::format("{}/{:016x}{}", dir_, key, suffix_);
}

std::optional<std::vector<char>> DiskCache::get(uint64_t key) {
  const std::string p = path(key);
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const char* why = nullptr;
  if (bytes.size() < kHeader)
    why = "shorter than its header";
  else if (std::memcmp(bytes.data(), kMagic, 8) != 0 || get_u64(bytes.data() + 8) != kVersion)
    why = "has a wrong magic or version";
  else if (get_u64(bytes.data() + 16) != bytes.size() - kHeader)
    why = "is truncated";
  else if (get_u64(bytes.data() + 24) != checksum(bytes.data() + kHeader, bytes.size() - kHeader))
    why = "fails its checksum";
  if (why) {
    ++corrupt_;
    if (config().debug >= 1) fmt::print(stderr, "lmc: cache entry {} {}; deleting it\n", p, why);
    std::error_code ec;
    std::filesystem::remove(p, ec);
    return std::nullopt;
  }
  return std::vector<char>(bytes.begin() + kHeader, bytes.end());
}

void DiskCache::put(uint64_t key, const std::vector<char>& payload) {
  static std::atomic<uint64_t> counter{0};
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  const std::string final_path = path(key);
  const std::string tmp = fmt::format("{}.tmp.{}.{}", final_path, getpid(), counter++);
  char header[kHeader] = {};
  std::memcpy(header, kMagic, 8);
  put_u64(header + 8, kVersion);
  put_u64(header + 16, payload.size());
  put_u64(header + 24, checksum(payload.data(), payload.size()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(header, kHeader);
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(tmp, ec);
      if (config().debug >= 1) fmt::print(stderr, "lmc: cannot write cache entry {}\n", final_path);
      return;
    }
  }
  std::filesystem::rename(tmp, final_path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

} // namespace lmc
