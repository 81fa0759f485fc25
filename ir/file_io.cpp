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

void write_file_atomic(const std::string& path, std::string_view bytes, std::string_view what) {
  static std::atomic<uint64_t> counter{0};
  // Same folder as `path`, so the rename stays on one file system and is atomic.
  const std::string tmp = fmt::format("{}.tmp.{}.{}", path, ::getpid(), counter++);
  auto fail = [&](const std::string& step) {
    const std::string why = reason();
    ::unlink(tmp.c_str());
    throw Error(fmt::format("{}: {} {} failed: {}", what, step, path, why));
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
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail("renaming the temporary onto");
}

} // namespace lmc
