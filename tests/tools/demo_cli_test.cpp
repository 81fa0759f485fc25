// `lmc demo` as users run it: bad flags are usage errors (exit 2) that name the flag, and a tiny CPU run writes a
// table and a JSON whose per-run records agree with its summary. Its own file: the demo's CLI is this target's alone.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct DemoRun {
  int code = -1;
  std::string out;
};

// Runs `lmc demo <args>` under a shell; stderr goes to the captured output too.
DemoRun lmc_demo(const std::string& args) {
  const std::string cmd = "'" + std::string(LMC_BINARY) + "' demo " + args + " 2>&1";
  DemoRun r;
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

struct BadFlag {
  const char* args;
  const char* message; // a piece of the error that names what was wrong
};

// Each case breaks exactly one flag of an otherwise valid command line; none may start a run.
TEST(LmcDemo, BadFlagsAreUsageErrorsNamingTheFlag) {
  const BadFlag cases[] = {
      {"--device CPU --runs 0", "--runs"},
      {"--device CPU --objects -3", "--objects"},
      {"--device CPU --objects 1000000000", "--objects"},       // a billion objects: refused, not built
      {"--device CPU --objects 5000 --nodes 100000", "in all"}, // each in range, too many together
      {"--device CPU --nodes many", "--nodes"},
      {"--device CPU --max-steps 0", "--max-steps"},
      {"--device CPU --seed -1", "--seed"},
      {"--device CPU --dtype float16", "--dtype"},
      {"--device CPU --burst-capacity small", "--burst-capacity"},
      {"--device TPU", "--device"},
      {"--device CPU --frobnicate 3", "--frobnicate"},
      {"--device CPU extra", "extra"},
      {"--device CPU --monty-episode ''", "--monty-episode"},                    // empty
      {"--device CPU --monty-episode /proc/version/episode", "--monty-episode"}, // under a file: cannot be made
      {"--device CPU --monty-episode /dev/null", "--monty-episode"},             // exists, not a folder
      {"--device CPU --monty-episode /tmp/$(printf 'x%.0s' $(seq 5000))", "--monty-episode"}, // a name too long
  };
  for (const BadFlag& c : cases) {
    const DemoRun r = lmc_demo(c.args);
    EXPECT_EQ(r.code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_EQ(r.out.find("recognized"), std::string::npos) << c.args << " started a run:\n" << r.out;
  }
}

TEST(LmcDemo, HelpListsEveryFlag) {
  const DemoRun r = lmc_demo("--help");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* flag :
       {"--device", "--runs", "--seed", "--objects", "--nodes", "--max-steps", "--dtype", "--json", "--burst-capacity"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag << "\n" << r.out;
}

// The JSON is what scripts read for the figures: its summary must be recomputable from its own runs.
// --monty-episode writes the last run's objects and observations: every array and the parameters exist.
TEST(LmcDemo, MontyEpisodeWritesEveryArray) {
  const fs::path dir = fs::temp_directory_path() / ("lmc_demo_episode_" + std::to_string(getpid()));
  fs::remove_all(dir);
  const DemoRun r =
      lmc_demo("--device CPU --objects 3 --nodes 80 --runs 1 --max-steps 4 --monty-episode " + dir.string());
  EXPECT_EQ(r.code, 0) << r.out;
  for (const char* name : {"model_P.npy", "model_V.npy", "model_U.npy", "model_X.npy", "walk_S.npy", "walk_pfd.npy",
                           "walk_q.npy", "walk_kappa.npy", "walk_d.npy", "walk_moved.npy", "episode.json"})
    EXPECT_TRUE(fs::is_regular_file(dir / name)) << name << "\n" << r.out;
  fs::remove_all(dir);
}

TEST(LmcDemo, TinyRunWritesConsistentJson) {
  const fs::path json = fs::temp_directory_path() / ("lmc-demo-cli-" + std::to_string(::getpid()) + ".json");
  fs::remove(json);
  const DemoRun r =
      lmc_demo("--device CPU --objects 3 --nodes 150 --runs 2 --max-steps 30 --seed 1 --json '" + json.string() + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  std::ifstream in(json);
  ASSERT_TRUE(in) << json;
  const nlohmann::json j = nlohmann::json::parse(in);
  fs::remove(json);
  EXPECT_EQ(j["objects"], 3);
  EXPECT_EQ(j["nodes"], 150);
  EXPECT_EQ(j["device"], "CPU");
  EXPECT_EQ(j["runs_total"], 2);
  ASSERT_EQ(j["runs"].size(), 2u) << j.dump(2);
  int correct = 0;
  for (const auto& run : j["runs"]) {
    const int target = run["target"], recognized = run["recognized"];
    EXPECT_GE(target, 0);
    EXPECT_LT(target, 3);
    EXPECT_EQ(run["correct"].get<bool>(), target == recognized) << run.dump();
    correct += run["correct"].get<bool>();
    const int steps = run["steps"];
    EXPECT_GE(steps, 1);
    EXPECT_LE(steps, 30);
    EXPECT_EQ(run["step_ms"].size(), static_cast<size_t>(steps)) << run.dump();
  }
  EXPECT_EQ(j["recognized"], correct) << j.dump(2);
  EXPECT_NE(r.out.find("recognized " + std::to_string(correct) + "/2"), std::string::npos) << r.out;
}

} // namespace
