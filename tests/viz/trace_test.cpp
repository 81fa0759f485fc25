// The LMC_VIZ trace of a realized tensor program: groups for the schedule and each kernel, steps whose nodes are
// in the node table and replay to each context's output, the kernel's code, launches; nothing when tracing is off.
#include "replay.hpp"
#include "rewrite/trace.hpp"
#include "rewrite/trace_json.hpp"

#include <lmc/lmc.hpp>

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace lmc {
namespace {

// A reduce over a reshaped, offset input: the lowering has index math for the simplifier to rewrite.
Tensor program(int64_t rows, int64_t cols) {
  Tensor a = Tensor::arange(rows * cols, float32).reshape({rows, cols});
  return ((a * 2.0 + 1.0).exp() - a).sum(1);
}

nlohmann::json traced(int64_t rows, int64_t cols) {
  rw::Tracer tracer;
  {
    rw::ScopedTracer on(tracer);
    Tensor t = program(rows, cols);
    t.realize();
    t.to_vector<float>();
  }
  return rw::trace_to_json(tracer);
}

TEST(VizTrace, TracedRealizeHasScheduleAndKernelGroupsWithCodeAndLaunches) {
  const nlohmann::json j = traced(5, 7);
  EXPECT_EQ(j["format"], "lmc-trace");
  int schedules = 0, kernels = 0;
  for (const auto& g : j["groups"]) {
    if (g["kind"] == "schedule") ++schedules;
    if (g["kind"] != "kernel") continue;
    ++kernels;
    EXPECT_FALSE(g["source"].get<std::string>().empty()) << g["name"];
    EXPECT_EQ(g["device"], "CPU");
    std::vector<std::string> names;
    for (int c : g["contexts"])
      names.push_back(j["contexts"][c]["name"]);
    EXPECT_NE(std::find(names.begin(), names.end(), "simplify"), names.end()) << g["name"];
    EXPECT_NE(std::find(names.begin(), names.end(), "decompose_divmod"), names.end()) << g["name"];
  }
  EXPECT_GE(schedules, 1);
  EXPECT_GE(kernels, 1);
  ASSERT_FALSE(j["launches"].empty());
  for (const auto& l : j["launches"]) {
    ASSERT_GE(l["group"].get<int>(), 0);
    EXPECT_EQ(j["groups"][l["group"].get<int>()]["kind"], "kernel");
    EXPECT_EQ(j["groups"][l["group"].get<int>()]["name"], l["kernel"]);
  }
  EXPECT_TRUE(j["beam"].empty());
}

TEST(VizTrace, EveryStepNamesNodesInTheTableAndARuleWithItsSource) {
  const nlohmann::json j = traced(6, 9);
  viz_test::Replayer table(j);
  for (const auto& n : j["nodes"])
    for (const auto& s : n["src"])
      EXPECT_TRUE(table.has(s.get<int64_t>())) << "node " << n["id"] << " source " << s;
  size_t steps = 0;
  for (const auto& c : j["contexts"]) {
    EXPECT_TRUE(table.has(c["input"].get<int64_t>()));
    EXPECT_TRUE(table.has(c["output"].get<int64_t>()));
    for (const auto& s : c["steps"]) {
      ++steps;
      EXPECT_TRUE(table.has(s["before"].get<int64_t>()));
      EXPECT_TRUE(table.has(s["after"].get<int64_t>()));
      EXPECT_FALSE(s["rule"].get<std::string>().empty());
      EXPECT_GT(s["line"].get<int>(), 0);
      EXPECT_NE(s["file"].get<std::string>().find("rewrite"), std::string::npos) << s["file"];
    }
  }
  EXPECT_GT(steps, 0u) << "the program's lowering applied no rule, so the test checks nothing";
}

TEST(VizTrace, EveryContextsStepsReplayToItsRecordedOutput) {
  const nlohmann::json j = traced(3, 11);
  viz_test::Replayer replayer(j);
  for (const auto& c : j["contexts"])
    EXPECT_EQ(replayer.replay(c, c["steps"].size()), c["output"].get<int64_t>()) << c["name"];
}

TEST(VizTrace, TracingOffRecordsNothing) {
  rw::Tracer tracer; // never activated
  ASSERT_EQ(rw::Tracer::active(), nullptr);
  program(4, 13).to_vector<float>();
  EXPECT_TRUE(tracer.empty());
}

TEST(VizTrace, WriteTraceWritesTheJsonAtomically) {
  rw::Tracer tracer;
  {
    rw::ScopedTracer on(tracer);
    program(2, 15).to_vector<float>();
  }
  const std::string path = ::testing::TempDir() + "lmc_viz_trace_test.json";
  rw::write_trace(tracer, path);
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["format"], "lmc-trace");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
}

} // namespace
} // namespace lmc
