// read_regular_file and write_file_atomic over POSIX calls: open/fstat to check the kind and size of what was opened
// (not of what the name pointed to a moment before), and write/fsync/close/rename with every result checked.
#include "ir/file_io.hpp"

#include "ir/error.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace lmc {
namespace {

std::string reason() {
  return std::strerror(errno);
}

// Closes the descriptor on every path out of a function.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  int release() {
    const int f = fd;
    fd = -1;
    return f;
  }
};

} // namespace

std::string read_regular_file(const std::string& path, uint64_t max_bytes, std::string_view what) {
  // O_NONBLOCK so opening a FIFO with no writer does not wait; it is refused below as not a regular file.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0) throw Error(fmt::format("{}: cannot open {}: {}", what, path, reason()));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw Error(fmt::format("{}: cannot stat {}: {}", what, path, reason()));
  if (!S_ISREG(st.st_mode))
    throw Error(fmt::format("{}: {} is not a regular file (a device, FIFO or directory is refused)", what, path));
  if (static_cast<uint64_t>(st.st_size) > max_bytes)
    throw Error(fmt::format("{}: {} holds {} bytes, more than the {} allowed", what, path, st.st_size, max_bytes));
  std::string out(static_cast<size_t>(st.st_size), '\0');
  size_t have = 0;
  while (have < out.size()) {
    const ssize_t n = ::read(f.fd, out.data() + have, out.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fmt::format("{}: reading {} failed: {}", what, path, reason()));
    if (n == 0) break; // the file shrank while read: return what it holds now
    have += static_cast<size_t>(n);
  }
  out.resize(have);
  return out;
}

namespace {

// Writes `bytes` to the new file `tmp` and makes them durable: every write, fsync and close is checked (a full disk
// may only say so at close). On failure `tmp` is removed and lmc::Error names `what`, `shown` (the path the user
// asked for) and the reason.
void write_synced(const std::string& tmp, std::string_view bytes, const std::string& shown, std::string_view what) {
  auto fail = [&](const std::string& step) {
    const std::string why = reason();
    ::unlink(tmp.c_str());
    throw Error(fmt::format("{}: {} {} failed: {}", what, step, shown, why));
  };
  Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)};
  if (f.fd < 0) throw Error(fmt::format("{}: cannot create {}: {}", what, tmp, reason()));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(f.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("writing");
    done += static_cast<size_t>(n);
  }
  if (::fsync(f.fd) != 0) fail("flushing");
  if (::close(f.release()) != 0) fail("closing");
}

std::atomic<uint64_t> temp_counter{0};

// Writes `bytes` into the existing device or FIFO at `path` (/dev/stdout, /dev/null, a pipe), where a temporary
// renamed over it would replace the device node itself (the hostile sweep's `lmc demo --json /dev/full` as root
// turned /dev/full into a regular file and exited 0). Every write and the close are checked, so /dev/full fails.
void write_in_place(const std::string& path, std::string_view bytes, std::string_view what) {
  // O_NONBLOCK only for the open: a FIFO nobody reads is refused (ENXIO), not waited on forever
  Fd f{::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0) throw Error(fmt::format("{}: cannot open {}: {}", what, path, reason()));
  ::fcntl(f.fd, F_SETFL, ::fcntl(f.fd, F_GETFL) & ~O_NONBLOCK);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(f.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(fmt::format("{}: writing {} failed: {}", what, path, reason()));
    done += static_cast<size_t>(n);
  }
  if (::close(f.release()) != 0) throw Error(fmt::format("{}: closing {} failed: {}", what, path, reason()));
}

// What is at `path` if it exists and may not be replaced by a file (a directory, a socket), as an error; a device or
// FIFO is written in place (see write_in_place); nullopt for a regular file or nothing.
std::optional<mode_t> existing_non_regular(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return std::nullopt;
  return st.st_mode;
}

} // namespace

void write_file_atomic(const std::string& path, std::string_view bytes, std::string_view what) {
  if (const std::optional<mode_t> mode = existing_non_regular(path)) {
    if (S_ISCHR(*mode) || S_ISFIFO(*mode)) return write_in_place(path, bytes, what);
    throw Error(fmt::format("{}: {} is {} (expected the name of a file to write)", what, path,
                            S_ISDIR(*mode) ? "a directory" : "not a regular file"));
  }
  // Same folder as `path`, so the rename stays on one file system and is atomic.
  const std::string tmp = fmt::format("{}.tmp.{}.{}", path, ::getpid(), temp_counter++);
  write_synced(tmp, bytes, path, what);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = reason();
    ::unlink(tmp.c_str());
    throw Error(fmt::format("{}: renaming the temporary onto {} failed: {}", what, path, why));
  }
}

void write_files_atomic(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                        std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("{}: cannot create the folder {}: {}", what, dir, ec.message()));
  // Inside `dir`, so every rename below stays on one file system.
  const fs::path staging = fs::path(dir) / fmt::format(".lmc-staging.{}.{}", ::getpid(), temp_counter++);
  if (!fs::create_directory(staging, ec) || ec)
    throw Error(fmt::format("{}: cannot create {}: {}", what, staging.string(), ec ? ec.message() : "it exists"));
  struct Cleanup { // the staging folder goes on every path out, with whatever it still holds
    fs::path p;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(p, ignored);
    }
  } cleanup{staging};
  for (const auto& [rel, bytes] : files) // a device, FIFO or folder in the way is never replaced by a renamed file
    if (existing_non_regular((fs::path(dir) / rel).string()))
      throw Error(fmt::format("{}: {} exists and is not a regular file (a device, FIFO or folder is not replaced)",
                              what, (fs::path(dir) / rel).string()));
  for (const auto& [rel, bytes] : files) { // all written and durable before any is moved: a failure moves none
    const fs::path tmp = staging / rel;
    fs::create_directories(tmp.parent_path(), ec);
    if (ec) throw Error(fmt::format("{}: cannot create {}: {}", what, tmp.parent_path().string(), ec.message()));
    write_synced(tmp.string(), bytes, (fs::path(dir) / rel).string(), what);
  }
  std::vector<std::string> moved;
  for (const auto& [rel, bytes] : files) {
    const fs::path target = fs::path(dir) / rel;
    fs::create_directories(target.parent_path(), ec);
    if (ec || ::rename((staging / rel).c_str(), target.c_str()) != 0) {
      const std::string why = ec ? ec.message() : reason();
      throw Error(fmt::format("{}: moving {} into place failed: {} ({} of {} files were already replaced{}{})", what,
                              target.string(), why, moved.size(), files.size(), moved.empty() ? "" : ": ",
                              fmt::join(moved, ", ")));
    }
    moved.push_back(rel);
  }
}

} // namespace lmc
