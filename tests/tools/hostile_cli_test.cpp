// The `lmc` command on the hostile inputs of issue #15: deep or long expressions, undefined division, uint64
// bounds, sizes that wrap, and integer flags and LMC_* values out of range. Each is exit 0 with the right answer
// or exit 2 naming the flag or field and the value; never a crash, never a silently changed value.
#include "lmc_run.hpp"

#include <arpa/inet.h>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using lmc_cli::lmc;
using lmc_cli::LmcRun;

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i)
    out += s;
  return out;
}

void expect_usage_error(const LmcRun& r, const std::vector<std::string>& parts) {
  EXPECT_EQ(r.code, 2) << r.err;
  for (const std::string& p : parts)
    EXPECT_NE(r.err.find(p), std::string::npos) << "'" << p << "' missing from stderr: " << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
}

TEST(HostileCli, DeeplyNestedExpressionsAreUsageErrors) {
  const std::string cases[] = {
      repeat("(", 3000) + "x" + repeat(")", 3000),
      repeat("-", 30000) + "x",
      repeat("not ", 20000) + "x < 1",
      repeat("max(", 4000) + "x" + repeat(", 1)", 4000),
  };
  for (const std::string& text : cases) // `--` so the leading '-'s are not read as a flag
    expect_usage_error(lmc({"simplify", "--var", "x=0:10", "--no-prove", "--", text}),
                       {"nesting deeper than 1000 levels"});
}

TEST(HostileCli, ThirtyThousandTermSumPrints) {
  const std::string text = "x" + repeat(" + y", 30000);
  const LmcRun r = lmc({"simplify", text, "--var", "x=0:10", "--var", "y=0:3", "--no-prove"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("input       " + text + "\n"), std::string::npos);
  EXPECT_NE(r.out.find("simplified  x + y * 30000\n"), std::string::npos) << r.out.substr(r.out.size() - 200);
}

TEST(HostileCli, ModuloByZeroIsNotSimplified) {
  const LmcRun r = lmc({"simplify", "x % 0", "--var", "x=0:10"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("simplified  x % 0\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("bounds      [0, 0]"), std::string::npos) << r.out;
}

TEST(HostileCli, Uint64BoundsAboveInt64Max) {
  const LmcRun r = lmc({"simplify", "where(x < 18446744073709551615, 1, 2)", "--var", "x=0:10", "--dtype", "uint64"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("bounds      [1, 1]\n"), std::string::npos) << r.out;
  // The constant prints as the uint64 it is, not as its int64 bits (-1), and so parses back to itself.
  EXPECT_NE(r.out.find("input       where(x < 18446744073709551615, 1, 2)\n"), std::string::npos) << r.out;
  const LmcRun big = lmc({"simplify", "x - 11", "--var", "x=0:10", "--dtype", "uint64", "--no-prove"});
  EXPECT_NE(big.out.find("bounds      [0, 18446744073709551615]\n"), std::string::npos) << big.out;
}

// The sweep (tests/hostile) found where(false, y // y, b) folded to b when b "may be undefined" only by its imprecise
// bounds: defined where the input was not, so lmc's own proof refuted it (exit 1). The undefined division stays.
TEST(HostileCli, SelectKeepsTheUndefinedBranchItDrops) {
  const LmcRun r =
      lmc({"simplify", "where(x > 7, y // y, cdiv(y, -x))", "--var", "x=-2147483648:-2147483643", "--var", "y=0:6"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("simplified  where(false, y // y, cdiv(y, -x))\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("proved      yes"), std::string::npos) << r.out;
}

// A uint64 node pinned to one value by its bounds is folded like any other integer.
TEST(HostileCli, Uint64PinnedSelectFolds) {
  const LmcRun r = lmc({"simplify", "where(x < 18446744073709551615, 1, 2)", "--var", "x=0:10", "--dtype", "uint64"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("simplified  1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("proved      yes"), std::string::npos) << r.out;
  // A value above INT64_MAX is stored saturated ("up to UINT64_MAX"), never as one value, so it is not folded to the
  // wrong constant; the bounds still hold it.
  const LmcRun top = lmc({"simplify", "x + 18446744073709551610", "--var", "x=0:0", "--dtype", "uint64"});
  EXPECT_NE(top.out.find("simplified  x + 18446744073709551610\n"), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("bounds      [9223372036854775806, 18446744073709551615]\n"), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("proved      yes"), std::string::npos) << top.out;
}

// Found by the hostile sweep: a trace that could not be written (LMC_VIZ_FILE=/dev/full) was a warning and exit 0.
TEST(HostileCli, UnwritableTraceIsNotExitZero) {
  const LmcRun r =
      lmc({"beam", "elementwise:64", "--device", "CPU", "--rounds", "1", "--beam", "1"},
          {"LMC_VIZ=1", "LMC_VIZ_FILE=/dev/full", "LMC_CACHE_DIR=" + ::testing::TempDir() + "lmc-viz-full"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("could not write the trace"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/dev/full"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
  EXPECT_NE(r.out.find("elementwise"), std::string::npos) << r.out; // the table itself was still printed
}

TEST(HostileCli, BeamSizesThatWrapAreUsageErrors) {
  expect_usage_error(lmc({"beam", "sum_rows:4611686018427387907,4", "--device", "CPU"}),
                     {"sum_rows:4611686018427387907,4", "(4611686018427387907, 4)", "int64"});
}

TEST(HostileCli, IntegerFlagsAreRangeChecked) {
  expect_usage_error(lmc({"viz", "--port", "4294975296"}), {"--port", "4294975296", "[0, 65535]"});
  expect_usage_error(lmc({"viz", "--port", "-1"}), {"--port", "-1", "[0, 65535]"});
  expect_usage_error(lmc({"viz", "--export", ""}), {"--export ''", "expected a directory name"});
  expect_usage_error(lmc({"beam", "sum_rows:4,4", "--beam", "4294967298"}), {"--beam", "4294967298"});
  expect_usage_error(lmc({"beam", "sum_rows:4,4", "--rounds", "-3"}), {"--rounds", "-3"});
  expect_usage_error(lmc({"fuzz", "--depth", "200"}), {"--depth", "200", "[1, 16]"});
  expect_usage_error(lmc({"fuzz", "--depth", "4294967298"}), {"--depth", "4294967298"});
}

TEST(HostileCli, LmcEnvironmentValuesAreRangeChecked) {
  expect_usage_error(lmc({"simplify", "x", "--var", "x=0:1"}, {"LMC_BEAM=99999999999999999999"}),
                     {"LMC_BEAM=99999999999999999999", "expected an integer in [0, "});
  expect_usage_error(lmc({"simplify", "x", "--var", "x=0:1"}, {"LMC_DEBUG=-1"}), {"LMC_DEBUG=-1"});
  expect_usage_error(lmc({"simplify", "x", "--var", "x=0:1"}, {"LMC_THREADS=2x"}), {"LMC_THREADS=2x"});
  // LMC_CUDA_FMA takes auto, 1 or 0: anything else (a near miss, a huge number) is refused naming the flag; an empty
  // value is the default (auto) and the command runs.
  for (const std::string bad : {"on", "2", "99999999999999999999"})
    expect_usage_error(lmc({"simplify", "x", "--var", "x=0:1"}, {"LMC_CUDA_FMA=" + bad}),
                       {"LMC_CUDA_FMA=" + bad, "expected auto, 1 or 0"});
  EXPECT_EQ(lmc({"simplify", "x + 0", "--var", "x=0:1", "--no-prove"}, {"LMC_CUDA_FMA="}).code, 0);
}

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A copy of the golden burst case in a temporary folder, its case.json edited by replacing `from` with `to`.
fs::path burst_case_copy(const std::string& from = "", const std::string& to = "") {
  const char* env = std::getenv("LMC_GOLDEN_DIR");
  const fs::path golden = fs::path(env && *env ? env : LMC_GOLDEN_DIR_DEFAULT) / "burst_episode";
  const fs::path dir = fs::path(::testing::TempDir()) / ("lmc_hostile_burst_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(golden, dir, fs::copy_options::recursive);
  if (!from.empty()) {
    std::string text = slurp(dir / "case.json");
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    std::ofstream(dir / "case.json", std::ios::trunc) << text;
  }
  return dir;
}

TEST(HostileCli, BurstCaseFieldsAreUsageErrors) {
  const std::string out = ::testing::TempDir() + "lmc_hostile_out_" + std::to_string(::getpid());
  struct Edit {
    std::string from, to;
    std::vector<std::string> parts;
  };
  const Edit edits[] = {
      {"\"num_objects\": 3", "\"num_objects\": 0", {"params.num_objects = 0", "expected an integer in [1, "}},
      {"\"num_objects\": 3", "\"num_objects\": -1", {"params.num_objects = -1"}},
      {"\"num_steps\": 24", "\"num_steps\": 0", {"params.num_steps = 0", "expected an integer in [1, "}},
      {"\"K\": 10", "\"K\": 2.5", {"params.K = 2.5", "expected an integer in [1, 587]"}},
      {"\"K\": 10", "\"K\": 600", {"params.K = 600", "N = 587"}},
      {"\"file\": \"step_displacement.npy\"",
       "\"file\": \"../../../../dev/zero\"",
       {"'step_displacement'", "../../../../dev/zero", "inside the case folder"}},
  };
  for (const Edit& e : edits) {
    const fs::path dir = burst_case_copy(e.from, e.to);
    expect_usage_error(lmc({"monty", "replay", dir.string(), "--out", out, "--device", "CPU"}), e.parts);
    fs::remove_all(dir);
  }
  fs::remove_all(out);
}

TEST(HostileCli, VizRefusesATraceThatIsNoRegularFile) { // `lmc viz /dev/zero` read forever
  expect_usage_error(lmc({"viz", "/dev/zero", "--max-requests", "1"}), {"/dev/zero", "is not a regular file"});
}

TEST(HostileCli, OutputsThatCannotBeWrittenAreErrors) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("lmc_hostile_export_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "trace.json") << R"({"format": "lmc-trace", "version": 1})";
  std::ofstream(dir / "file") << "x"; // a file where --export wants a folder
  const LmcRun r = lmc({"viz", (dir / "trace.json").string(), "--export", (dir / "file" / "site").string()});
  expect_usage_error(r, {"lmc viz --export", (dir / "file").string()});
  fs::remove_all(dir);
}

TEST(HostileCli, ReplayNeverWritesOverTheCase) {
  const fs::path dir = burst_case_copy();
  const std::string before = slurp(dir / "obj0_count.npy");
  expect_usage_error(lmc({"monty", "replay", dir.string(), "--out", dir.string(), "--device", "CPU"}),
                     {"--out", "is the case folder", "would be overwritten"});
  expect_usage_error(lmc({"monty", "replay", dir.string(), "--out", (dir / ".").string(), "--device", "CPU"}),
                     {"is the case folder"});
  EXPECT_EQ(slurp(dir / "obj0_count.npy"), before);
  fs::remove_all(dir);
}

// A disk that fills up part-way through the outputs (a file-size limit; SIGXFSZ ignored so write() fails instead):
// exit 1 naming the file, and --out holds none of the set, not the first dozen arrays.
TEST(HostileCli, ReplayThatCannotWriteEveryOutputWritesNone) {
  const fs::path dir = burst_case_copy();
  const fs::path out = dir.string() + "_out";
  fs::remove_all(out);
  fs::create_directories(out);
  std::ofstream(out / "obj0_ages.npy") << "an older output";
  const LmcRun r = lmc({"monty", "replay", dir.string(), "--out", out.string(), "--device", "CPU"}, {},
                       "trap '' XFSZ; ulimit -f 600; ");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("lmc monty replay: writing " + out.string() + "/"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(out))
    left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"obj0_ages.npy"});
  EXPECT_TRUE(slurp(out / "obj0_ages.npy") == "an older output") << "the older obj0_ages.npy was replaced";
  fs::remove_all(out);
  fs::remove_all(dir);
}

// Standard output on a full disk (/dev/full): the result is lost, so the exit code must say so (it was 0), and
// the message about it must not abort the process.
TEST(HostileCli, OutputToAFullDiskIsAnError) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"simplify", "x + 1", "--var", "x=0:3"}, std::vector<std::string>{"help"}}) {
    const LmcRun r = lmc(args, {}, "exec >/dev/full; ");
    EXPECT_EQ(r.code, 1) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("writing the output failed: No space left on device"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  }
  // A usage error keeps its exit code 2 (nothing was written to stdout, so nothing was lost there).
  EXPECT_EQ(lmc({"simplify", "x +", "--var", "x=0:3"}, {}, "exec >/dev/full; ").code, 2);
}

// A damaged input array is the user's input: exit 2 naming the array and what is wrong, not "internal error".
TEST(HostileCli, BadNpyInACaseIsAUsageError) {
  const fs::path dir = burst_case_copy();
  std::ofstream(dir / "step_displacement.npy", std::ios::trunc) << "not numpy";
  expect_usage_error(lmc({"monty", "replay", dir.string(), "--out", dir.string() + "_out", "--device", "CPU"}),
                     {"'step_displacement'", "not a .npy file (bad magic)"});
  EXPECT_FALSE(fs::exists(dir.string() + "_out"));
  fs::remove_all(dir);
}

// `lmc viz` with a client that asked for a large file and never reads it still stops on SIGTERM (it blocked in
// send() and ignored the signal).
TEST(HostileCli, VizStopsOnSigtermWithAStuckClient) {
  const fs::path trace = fs::path(::testing::TempDir()) / ("lmc_hostile_term_" + std::to_string(::getpid()) + ".json");
  std::ofstream(trace) << R"({"format": "lmc-trace", "version": 1, "pad": ")" << std::string(32 << 20, 'x') << "\"}";
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0); // a free port: bind to 0, read it, release it
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  ::close(probe);
  // The server is killed on every way out of the test: one left behind (an assertion below returning early) keeps
  // ctest's output pipe open and ctest waits for it forever. Its output goes to /dev/null for the same reason.
  struct Server {
    pid_t pid = -1;
    ~Server() {
      if (pid <= 0) return;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  } server;
  const std::string port_text = std::to_string(port);
  server.pid = ::fork();
  if (server.pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(LMC_BINARY, LMC_BINARY, "viz", trace.c_str(), "--port", port_text.c_str(), nullptr);
    ::_exit(127);
  }
  const pid_t child = server.pid;
  int fd = -1;
  // Wait for it to listen: reading the 32 MB trace takes seconds under ASan on a loaded machine (5 s was too short).
  for (int i = 0; i < 1200 && fd < 0; ++i) {
    if (::waitpid(child, nullptr, WNOHANG) == child) { // it exited instead
      server.pid = -1;
      break;
    }
    ::usleep(50000);
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ASSERT_GE(fd, 0) << "lmc viz did not listen";
  const std::string req = "GET /trace.json HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size())); // and never read
  ::usleep(300000);
  ::kill(child, SIGTERM);
  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 200 && done == 0; ++i) { // up to 10 s (the bug this guards against hung forever)
    ::usleep(50000);
    done = ::waitpid(child, &status, WNOHANG);
  }
  if (done == child) server.pid = -1; // reaped
  ::close(fd);
  fs::remove(trace);
  EXPECT_EQ(done, child) << "lmc viz was still running 10 s after SIGTERM";
}

TEST(HostileCli, VizPortInUseIsAUsageError) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  const fs::path trace = fs::path(::testing::TempDir()) / ("lmc_hostile_port_" + std::to_string(::getpid()) + ".json");
  std::ofstream(trace) << R"({"format": "lmc-trace", "version": 1})";
  expect_usage_error(lmc({"viz", trace.string(), "--port", port, "--max-requests", "1"}),
                     {"cannot listen on 127.0.0.1:" + port, "Address already in use", "--port " + port});
  ::close(fd);
  fs::remove(trace);
}

} // namespace
