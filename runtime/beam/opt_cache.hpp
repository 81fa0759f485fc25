// The persistent cache of opt lists chosen by BEAM: one SQLite database under $LMC_CACHE_DIR, so a kernel is searched
// once per device, compiler, code version and flags. Its own file because storage (keys, recovery, locking) is
// independent of how the opts were found.
#pragma once
#include "codegen/opt/opt.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace lmc {

// Bump whenever lowering, the renderers or the opts change the code an opt list produces: entries written under an
// older version are never read again.
inline constexpr int kOptCodeVersion = 2; // 2: GEMM joins the search space; TC tiles changed

// Everything the chosen opts depend on. Two keys are the same entry only when every field matches.
struct OptCacheKey {
  uint64_t kernel_hash = 0; // ScheduledKernel.ast.structural_hash()
  std::string device;       // "CUDA NVIDIA H100 80GB HBM3 sm_90", "CPU skylake-avx512"
  std::string compiler;     // "NVRTC 13.0", "LLVM 16.0.6"
  int code_version = kOptCodeVersion;
  std::string flags; // every setting that changes the code or the search's answer ("beam=2 threads=16 ...")
  std::string str() const;
};

struct OptCacheEntry {
  std::vector<Opt> opts;
  std::string kernel; // the kernel's name, for people reading the database
  double best_ms = -1;
  double default_ms = -1;
  double unoptimized_ms = -1;
  int candidates = 0;
  double search_seconds = 0;
};

// Safe to share between threads (one lock) and processes (SQLite's WAL journal and a busy timeout). A database that
// is not one, or is damaged, is renamed to <file>.corrupt and rebuilt; a cache that cannot be opened at all (a
// directory that cannot be made) is disabled with a warning: lookups miss and stores do nothing.
class OptCache {
public:
  // Opens (creating when needed) <dir>/opts.sqlite.
  explicit OptCache(const std::string& dir);
  ~OptCache();
  OptCache(const OptCache&) = delete;
  OptCache& operator=(const OptCache&) = delete;

  // The process's cache under config().cache_dir; warns once on stderr when it is disabled.
  static OptCache& global();

  bool enabled() const { return db_ != nullptr; }
  const std::string& warning() const { return warning_; } // why it is disabled, or what was recovered
  const std::string& path() const { return path_; }
  int recovered() const { return recovered_; } // times a corrupt database was moved aside

  // A miss (nullopt) also when the stored opt list no longer parses.
  std::optional<OptCacheEntry> get(const OptCacheKey& key);
  void put(const OptCacheKey& key, const OptCacheEntry& entry);
  // Deletes every entry (lmc beam --force uses put, which replaces; tests use this).
  void clear();

private:
  int open_database();
  void reopen_after(int rc);
  void move_aside(const std::string& why);
  void close();

  std::mutex mutex_;
  std::string path_;
  std::string warning_;
  sqlite3* db_ = nullptr;
  int recovered_ = 0;
  bool store_failed_ = false;
};

} // namespace lmc
