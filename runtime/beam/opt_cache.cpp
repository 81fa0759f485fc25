// OptCache on SQLite: one table keyed by every field of OptCacheKey. SQLite reports a file that is not a database
// (or a damaged one) only when a statement first reads it, so opening runs a check and every statement watches for
// those two errors; either way the file is moved aside and a fresh database takes its place. Several processes may
// find the same damaged file at once, so recovery holds a lock file and looks again before it moves anything.
#include "runtime/beam/opt_cache.hpp"

#include "ir/config.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace lmc {
namespace {

constexpr int kBusyTimeoutMs = 30000; // another process writing: wait rather than fail

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS opt_cache (
  kernel_hash TEXT NOT NULL,
  device TEXT NOT NULL,
  compiler TEXT NOT NULL,
  code_version INTEGER NOT NULL,
  flags TEXT NOT NULL,
  kernel TEXT NOT NULL,
  opts TEXT NOT NULL,
  best_ms REAL NOT NULL,
  default_ms REAL NOT NULL,
  unoptimized_ms REAL NOT NULL,
  candidates INTEGER NOT NULL,
  search_seconds REAL NOT NULL,
  written INTEGER NOT NULL,
  PRIMARY KEY (kernel_hash, device, compiler, code_version, flags)
))sql";

bool is_corruption(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// Another process holds a lock SQLite would not wait for: switching a fresh file to WAL while another opener does,
// or a write whose read snapshot another process's commit made stale (SQLITE_BUSY_SNAPSHOT, returned at once so
// that two writers cannot deadlock). Waiting a little and trying again succeeds.
bool is_busy(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// Sleeps before retry `attempt` (1, 2, ...): 5 ms doubling to 320 ms, about 30 s over kBusyRetries tries.
constexpr int kBusyRetries = 100;
void back_off(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5 << std::min(attempt - 1, 6)));
}

std::string hash_text(uint64_t h) {
  return fmt::format("{:016x}", h);
}

// A prepared statement that finalizes itself.
class Statement {
public:
  Statement(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  int prepared() const { return rc_; }
  sqlite3_stmt* get() const { return stmt_; }
  void bind(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.c_str(), -1, SQLITE_TRANSIENT); }
  void bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind_key(const OptCacheKey& key) {
    bind(1, hash_text(key.kernel_hash));
    bind(2, key.device);
    bind(3, key.compiler);
    bind(4, int64_t{key.code_version});
    bind(5, key.flags);
  }

private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

// flock on <db>.lock for as long as it lives: shared while a connection opens the file, exclusive while a damaged
// file is replaced (so no one opens it half-replaced, and only one process replaces it). Without the lock file
// (a read-only folder) it does nothing: recovery then is only as safe as before.
class FileLock {
public:
  FileLock(const std::string& path, int how) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666)) {
    if (fd_ >= 0)
      while (::flock(fd_, how) != 0 && errno == EINTR) {
      }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_); // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

private:
  int fd_;
};

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

} // namespace

std::string OptCacheKey::str() const {
  return fmt::format("kernel {} on {} ({}), code v{}, flags [{}]", hash_text(kernel_hash), device, compiler,
                     code_version, flags);
}

OptCache::OptCache(const std::string& dir) : path_(dir + "/opts.sqlite") {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    warning_ = fmt::format("the opt cache is off: cannot create the directory '{}': {}", dir, ec.message());
    return;
  }
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt == 0 || (is_busy(rc) && attempt <= kBusyRetries); ++attempt) {
    if (attempt > 0) {
      back_off(attempt);
      warning_.clear(); // the busy open's reason
    }
    const FileLock shared(path_ + ".lock", LOCK_SH);
    rc = open_database();
  }
  reopen_after(rc);
}

OptCache::~OptCache() {
  close();
}

OptCache& OptCache::global() {
  static OptCache cache(config().cache_dir);
  static const bool warned = [] {
    if (!cache.warning().empty()) fmt::print(stderr, "lmc: {}\n", cache.warning());
    return true;
  }();
  (void)warned;
  return cache;
}

void OptCache::close() {
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

// Opens the file, sets WAL and the busy timeout, checks it and creates the table. On failure returns SQLite's error
// code with the reason in warning_ and the handle closed.
int OptCache::open_database() {
  close();
  int rc =
      sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  auto fail = [&](const std::string& what) {
    warning_ = fmt::format("the opt cache '{}' cannot be used ({}: {})", path_, what,
                           db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    close();
    return rc == SQLITE_OK ? SQLITE_ERROR : rc;
  };
  if (rc != SQLITE_OK) return fail("open");
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  if ((rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr)) != SQLITE_OK)
    return fail("journal mode");
  {
    Statement check(db_, "PRAGMA quick_check");
    if ((rc = check.prepared()) != SQLITE_OK) return fail("check");
    rc = sqlite3_step(check.get());
    if (rc != SQLITE_ROW) return fail("check");
    if (const std::string verdict = column_text(check.get(), 0); verdict != "ok") {
      rc = SQLITE_CORRUPT;
      return fail("check says " + verdict);
    }
  }
  if ((rc = sqlite3_exec(db_, kSchema, nullptr, nullptr, nullptr)) != SQLITE_OK) return fail("create table");
  return SQLITE_OK;
}

// After a failed statement or open: a damaged database is moved aside and rebuilt; any other failure (permissions,
// a full disk) leaves the cache as it is. Under the exclusive lock the file is opened and checked again: when
// another process has already rebuilt it, it is used as it is (moving it aside would drop that process's entries).
void OptCache::reopen_after(int rc) {
  if (!is_corruption(rc)) return;
  close();
  const FileLock exclusive(path_ + ".lock", LOCK_EX);
  rc = open_database();
  if (!is_corruption(rc)) return;
  move_aside(sqlite3_errstr(rc));
  open_database();
}

void OptCache::move_aside(const std::string& why) {
  close();
  std::error_code ec;
  // The journal files belong to the old database; a fresh one must not replay them. They go first, so a journal a
  // fresh database (made by an opener the moment the file is gone) creates is never removed.
  std::filesystem::remove(path_ + "-wal", ec);
  std::filesystem::remove(path_ + "-shm", ec);
  std::filesystem::rename(path_, path_ + ".corrupt", ec);
  ++recovered_;
  warning_ =
      fmt::format("the opt cache '{}' was unreadable and is rebuilt (old file: {}.corrupt): {}", path_, path_, why);
}

std::optional<OptCacheEntry> OptCache::get(const OptCacheKey& key) {
  std::lock_guard lock(mutex_);
  if (!db_) return std::nullopt;
  int rc = SQLITE_OK;
  {
    Statement s(db_, "SELECT opts, kernel, best_ms, default_ms, unoptimized_ms, candidates, search_seconds "
                     "FROM opt_cache WHERE kernel_hash=?1 AND device=?2 AND compiler=?3 AND code_version=?4 "
                     "AND flags=?5");
    if ((rc = s.prepared()) == SQLITE_OK) {
      s.bind_key(key);
      rc = sqlite3_step(s.get());
      if (rc == SQLITE_ROW) {
        OptCacheEntry e;
        try {
          e.opts = parse_opts(column_text(s.get(), 0));
        } catch (const Error&) {
          return std::nullopt; // written by a different opt vocabulary: search again
        }
        e.kernel = column_text(s.get(), 1);
        e.best_ms = sqlite3_column_double(s.get(), 2);
        e.default_ms = sqlite3_column_double(s.get(), 3);
        e.unoptimized_ms = sqlite3_column_double(s.get(), 4);
        e.candidates = sqlite3_column_int(s.get(), 5);
        e.search_seconds = sqlite3_column_double(s.get(), 6);
        return e;
      }
      if (rc == SQLITE_DONE) return std::nullopt;
    }
  }
  reopen_after(rc);
  return std::nullopt;
}

void OptCache::put(const OptCacheKey& key, const OptCacheEntry& entry) {
  std::lock_guard lock(mutex_);
  for (int attempt = 0, busy = 0; attempt < 2 && db_; ++attempt) {
    int rc = SQLITE_OK;
    {
      Statement s(db_, "INSERT OR REPLACE INTO opt_cache VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                       "strftime('%s','now'))");
      if ((rc = s.prepared()) == SQLITE_OK) {
        s.bind_key(key);
        s.bind(6, entry.kernel);
        s.bind(7, opts_str(entry.opts));
        s.bind(8, entry.best_ms);
        s.bind(9, entry.default_ms);
        s.bind(10, entry.unoptimized_ms);
        s.bind(11, int64_t{entry.candidates});
        s.bind(12, entry.search_seconds);
        rc = sqlite3_step(s.get());
        if (rc == SQLITE_DONE) return;
      }
    }
    if (is_busy(rc) && busy < kBusyRetries) {
      back_off(++busy);
      --attempt; // not a corruption retry
      continue;
    }
    if (!is_corruption(rc)) {
      // Full or read-only disk: the cache is optional, so say so once and carry on.
      if (!store_failed_) {
        store_failed_ = true;
        warning_ = fmt::format("the opt cache '{}' could not store an entry: {}", path_, sqlite3_errmsg(db_));
        fmt::print(stderr, "lmc: {}\n", warning_);
      }
      return;
    }
    reopen_after(rc);
  }
}

void OptCache::clear() {
  std::lock_guard lock(mutex_);
  if (db_) sqlite3_exec(db_, "DELETE FROM opt_cache", nullptr, nullptr, nullptr);
}

} // namespace lmc
