// `lmc beam` as users run it: a tiny matmul on the CPU is searched, written as JSON, and found in the cache the
// second time (no search); bad workloads are usage errors (exit 2).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct BeamRun {
  int code = -1;
  std::string out;
};

// Runs `lmc beam <args>` under a shell with LMC_CACHE_DIR set; stderr goes to the captured output too.
BeamRun lmc_beam(const std::string& cache_dir, const std::string& args) {
  const std::string cmd = "LMC_CACHE_DIR='" + cache_dir + "' '" + std::string(LMC_BINARY) + "' beam " + args + " 2>&1";
  BeamRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(LmcBeam, SecondRunFindsEveryKernelInTheCache) {
  const fs::path dir = fs::temp_directory_path() / ("lmc-beam-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string args = "softmax:9,22 --device CPU --beam 2 --rounds 2 --json ";

  const BeamRun first = lmc_beam(dir.string(), args + (dir / "first.json").string());
  ASSERT_EQ(first.code, 0) << first.out;
  const nlohmann::json a = read_json(dir / "first.json");
  ASSERT_GE(a["kernels"].size(), 2u) << a.dump(2);
  for (const auto& k : a["kernels"]) {
    EXPECT_FALSE(k["from_cache"].get<bool>()) << k.dump();
    EXPECT_GT(k["candidates"].get<int>(), 1) << k.dump();
    EXPECT_GT(k["best_ms"].get<double>(), 0) << k.dump();
    EXPECT_EQ(k["mismatches"].get<int>(), 0) << k.dump();
  }
  EXPECT_NE(first.out.find("default ms"), std::string::npos) << first.out;

  const BeamRun second = lmc_beam(dir.string(), args + (dir / "second.json").string());
  ASSERT_EQ(second.code, 0) << second.out;
  const nlohmann::json b = read_json(dir / "second.json");
  ASSERT_EQ(b["kernels"].size(), a["kernels"].size());
  for (size_t i = 0; i < b["kernels"].size(); ++i) {
    const auto& k = b["kernels"][i];
    EXPECT_TRUE(k["from_cache"].get<bool>()) << k.dump();
    EXPECT_EQ(k["timed"].get<int>(), 0) << "a cached kernel is not searched: " << k.dump();
    EXPECT_EQ(k["opts"], a["kernels"][i]["opts"]);
    EXPECT_EQ(k["candidates"], a["kernels"][i]["candidates"]);
  }

  const BeamRun forced = lmc_beam(dir.string(), args + (dir / "forced.json").string() + " --force");
  ASSERT_EQ(forced.code, 0) << forced.out;
  // The parsed file is named: a range-for over a member of a temporary would read it after it is destroyed.
  const nlohmann::json forced_json = read_json(dir / "forced.json");
  for (const auto& k : forced_json["kernels"])
    EXPECT_FALSE(k["from_cache"].get<bool>()) << k.dump();
  fs::remove_all(dir);
}

// Two processes searching into one cache at once (SQLite's WAL and busy timeout): both finish and both are stored.
TEST(LmcBeam, ConcurrentProcessesShareTheCache) {
  const fs::path dir = fs::temp_directory_path() / ("lmc-beam-cli-concurrent-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string lmc = "LMC_CACHE_DIR='" + dir.string() + "' '" + std::string(LMC_BINARY) + "' beam ";
  const std::string both = "(" + lmc + "sum_rows:33,40 --device CPU --rounds 2 >/dev/null 2>&1; echo a=$?) & (" + lmc +
                           "sum_cols:33,40 --device CPU --rounds 2 >/dev/null 2>&1; echo b=$?) & wait";
  FILE* p = ::popen(both.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  ::pclose(p);
  EXPECT_NE(out.find("a=0"), std::string::npos) << out;
  EXPECT_NE(out.find("b=0"), std::string::npos) << out;
  for (const std::string w : {"sum_rows:33,40", "sum_cols:33,40"}) {
    const BeamRun again =
        lmc_beam(dir.string(), w + " --device CPU --rounds 2 --json " + (dir / "again.json").string());
    ASSERT_EQ(again.code, 0) << again.out;
    const nlohmann::json again_json = read_json(dir / "again.json");
    for (const auto& k : again_json["kernels"])
      EXPECT_TRUE(k["from_cache"].get<bool>()) << w << " " << k.dump();
  }
  EXPECT_FALSE(fs::exists(dir / "opts.sqlite.corrupt"));
  fs::remove_all(dir);
}

TEST(LmcBeam, BadWorkloadsAreUsageErrors) {
  const std::string dir = fs::temp_directory_path().string();
  for (const std::string args : {"nosuch:3", "matmul:3,4", "matmul:3,4,5:int32", "sum_rows:0,4", "",
                                 "matmul:3,4,5 --device TPU", "matmul:3,4,5 --beam 0"}) {
    const BeamRun r = lmc_beam(dir, args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("lmc beam"), std::string::npos) << args << "\n" << r.out;
  }
}

} // namespace
