// read_regular_file, write_file_atomic and write_files_atomic (issue #15): devices and folders are refused instead of
// read forever, a size cap holds, and a write that fails (here: a file-size limit, as a full disk) leaves the old file
// (or the whole old folder, for a set) as it was, no temporary behind, and an error naming the path.
#include "ir/error.hpp"
#include "ir/file_io.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace lmc {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::path(::testing::TempDir()) / (name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

size_t entries(const fs::path& d) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(d), fs::directory_iterator()));
}

TEST(FileIo, ReadRefusesDevicesFoldersAndOversizedFiles) {
  for (const char* path : {"/dev/zero", "/"}) {
    try {
      (void)read_regular_file(path, 1 << 20, "test");
      ADD_FAILURE() << path;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("is not a regular file"), std::string::npos) << e.what();
    }
  }
  const fs::path d = fresh_dir("lmc_file_io_read");
  std::ofstream(d / "f") << "0123456789";
  EXPECT_EQ(read_regular_file((d / "f").string(), 10, "test"), "0123456789");
  try {
    (void)read_regular_file((d / "f").string(), 9, "test");
    ADD_FAILURE() << "no error past the cap";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds 10 bytes, more than the 9 allowed"), std::string::npos) << e.what();
  }
  fs::remove_all(d);
}

TEST(FileIo, WriteReplacesWholeAndLeavesNoTemporary) {
  const fs::path d = fresh_dir("lmc_file_io_write");
  const std::string path = (d / "out.json").string();
  write_file_atomic(path, "first", "test");
  write_file_atomic(path, "second", "test");
  EXPECT_EQ(read_regular_file(path, 100, "test"), "second");
  EXPECT_EQ(entries(d), 1u);
  EXPECT_THROW(write_file_atomic((d / "missing" / "x").string(), "x", "test"), Error);
  fs::remove_all(d);
}

TEST(FileIo, FailedWriteKeepsTheOldFileAndSaysSo) {
  const fs::path d = fresh_dir("lmc_file_io_full");
  const std::string path = (d / "out.json").string();
  write_file_atomic(path, "old", "test");
  // In a child: a 1 KiB file-size limit makes the write fail part-way, as a full disk would.
  const pid_t child = ::fork();
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN); // write() then returns EFBIG instead of the signal killing the process
    rlimit limit{1024, 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 0;
    try {
      write_file_atomic(path, std::string(64 * 1024, 'x'), "test");
      code = 1;
    } catch (const Error& e) {
      code = std::string(e.what()).find(path) != std::string::npos ? 0 : 2;
    }
    ::_exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: the write succeeded, 2: the error did not name the path";
  EXPECT_EQ(read_regular_file(path, 100, "test"), "old");
  EXPECT_EQ(entries(d), 1u) << "a temporary was left behind";
  fs::remove_all(d);
}

TEST(FileIo, FileSetIsWrittenWholeBesideWhatTheFolderHolds) {
  const fs::path d = fresh_dir("lmc_file_io_set");
  std::ofstream(d / "a.npy") << "old a";
  std::ofstream(d / "keep.txt") << "not ours";
  write_files_atomic(d.string(), {{"a.npy", "new a"}, {"b.npy", "b"}, {"assets/c.js", "c"}}, "test");
  EXPECT_EQ(read_regular_file((d / "a.npy").string(), 100, "test"), "new a");
  EXPECT_EQ(read_regular_file((d / "b.npy").string(), 100, "test"), "b");
  EXPECT_EQ(read_regular_file((d / "assets" / "c.js").string(), 100, "test"), "c");
  EXPECT_EQ(read_regular_file((d / "keep.txt").string(), 100, "test"), "not ours");
  EXPECT_EQ(entries(d), 4u) << "a staging folder was left behind";
  // A folder that does not exist yet is created.
  write_files_atomic((d / "new" / "out").string(), {{"x", "1"}}, "test");
  EXPECT_EQ(read_regular_file((d / "new" / "out" / "x").string(), 100, "test"), "1");
  fs::remove_all(d);
}

// The third file of a set hits the file-size limit: none of the set is moved into place (the old a.npy stays, b.npy
// never appears), the staging folder is gone, and the error names the file that failed.
TEST(FileIo, FailedFileSetLeavesTheFolderAsItWas) {
  const fs::path d = fresh_dir("lmc_file_io_set_full");
  std::ofstream(d / "a.npy") << "old a";
  const pid_t child = ::fork();
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{1024, 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 0;
    try {
      write_files_atomic(d.string(), {{"a.npy", "new a"}, {"b.npy", "b"}, {"c.npy", std::string(64 * 1024, 'x')}},
                         "test");
      code = 1;
    } catch (const Error& e) {
      code = std::string(e.what()).find((d / "c.npy").string()) != std::string::npos ? 0 : 2;
    }
    ::_exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: the write succeeded, 2: the error did not name c.npy";
  EXPECT_EQ(read_regular_file((d / "a.npy").string(), 100, "test"), "old a");
  EXPECT_FALSE(fs::exists(d / "b.npy"));
  EXPECT_EQ(entries(d), 1u) << "a staging folder or part of the set was left behind";
  fs::remove_all(d);
}

// Found by the hostile sweep (tests/hostile): a temporary renamed over /dev/full replaced the device node by a regular
// file (as root) and the write "succeeded". A device or FIFO is written in place, every write checked; a folder in
// the way is an error. Here a FIFO stands for the device (no test may replace /dev/full), and /dev/full itself must
// fail and stay a device.
TEST(FileIo, DevicesAndFifosAreWrittenInPlaceNeverReplaced) {
  const fs::path d = fresh_dir("lmc_file_io_devices");
  const std::string fifo = (d / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(write_file_atomic(fifo, "nobody reads", "test"), Error); // no reader: refused, not waited on
  EXPECT_TRUE(fs::is_fifo(fifo));
  std::string got;
  std::thread reader([&] { std::ifstream(fifo) >> got; });
  for (int i = 0; i < 200; ++i) { // the reader's open must come first, or the non-blocking open says ENXIO
    try {
      write_file_atomic(fifo, "through", "test");
      break;
    } catch (const Error&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  reader.join();
  EXPECT_EQ(got, "through");
  EXPECT_TRUE(fs::is_fifo(fifo));
  try {
    write_file_atomic("/dev/full", "lost", "test");
    ADD_FAILURE() << "a write to /dev/full succeeded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  EXPECT_THROW(write_file_atomic(d.string(), "x", "test"), Error); // a folder
  fs::create_directories(d / "set" / "a.npy");                     // a folder where a file of the set goes
  EXPECT_THROW(write_files_atomic((d / "set").string(), {{"a.npy", "x"}}, "test"), Error);
  EXPECT_TRUE(fs::is_directory(d / "set" / "a.npy"));
  fs::remove_all(d);
}

} // namespace
} // namespace lmc
