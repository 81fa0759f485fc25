// The LMC_VIZ trace of a realized tensor program: groups for the schedule and each kernel, steps whose nodes are
// in the node table and replay to each context's output, the kernel's code, launches; nothing when tracing is off.
#include "large_trace.hpp"
#include "replay.hpp"
#include "rewrite/trace.hpp"
#include "rewrite/trace_json.hpp"

#include <lmc/lmc.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <map>
#include <unistd.h>

namespace lmc {
namespace {

using viz_test::LargeTraceBuilder;
using viz_test::Replayer;

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
  Replayer table(j);
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
      // Simplifier rules live in rewrite/, lowering passes' rules in codegen/.
      const std::string file = s["file"];
      EXPECT_TRUE(file.find("rewrite/") != std::string::npos || file.find("codegen/") != std::string::npos) << file;
    }
  }
  EXPECT_GT(steps, 0u) << "the program's lowering applied no rule, so the test checks nothing";
}

// A top-k kernel steps through "select_topk" before "reduce_to_accumulators": the values and the indices of its one
// selection each become a read of the shared slots in a traced step of their own.
TEST(VizTrace, ATopkKernelListsTheSelectTopkPassWithItsSteps) {
  rw::Tracer tracer;
  {
    rw::ScopedTracer on(tracer);
    Tensor a = Tensor::arange(9 * 31, float32).reshape({9, 31}); // a shape no other test lowers
    auto [values, indices] = (a * -1.0).topk(3);
    Tensor::realize_all({&values, &indices});       // one kernel makes both
    EXPECT_EQ(values.to_vector<float>()[0], -0.0f); // the largest of -a in row 0 is -0 at index 0
    EXPECT_EQ(indices.to_vector<int32_t>()[1], 1);
  }
  const nlohmann::json j = rw::trace_to_json(tracer);
  int selections = 0;
  for (const auto& g : j["groups"]) {
    if (g["kind"] != "kernel") continue;
    std::vector<std::string> passes;
    int steps = 0;
    for (int c : g["contexts"]) {
      passes.push_back(j["contexts"][c]["name"]);
      if (passes.back() == "select_topk")
        for (const auto& s : j["contexts"][c]["steps"])
          steps += s["rule"] == "topk_to_slots";
    }
    const auto topk = std::ranges::find(passes, "select_topk");
    if (topk == passes.end()) continue;
    ++selections;
    EXPECT_EQ(steps, 2) << g["name"] << ": the values and the indices were not each rewritten in a traced step";
    const auto acc = std::ranges::find(passes, "reduce_to_accumulators");
    if (acc != passes.end()) {
      EXPECT_LT(topk, acc) << g["name"];
    }
  }
  EXPECT_EQ(selections, 1) << "no kernel (or more than one) lowered a top-k";
}

// The kernel group lists lowering's passes in pipeline order (runtime/compile_kernel.hpp), and the reduce of the
// program becomes its accumulator in a step of its own, so viz can show it.
TEST(VizTrace, AKernelListsItsLoweringPassesInOrderWithTheAccumulatorStep) {
  const nlohmann::json j = traced(5, 13); // a size no other test compiles, so the kernel is lowered here
  const std::vector<std::string> order{"simplify", "expand_small_reduces", "decompose_divmod",
                                       "reduce_to_accumulators"};
  bool seen_kernel = false;
  for (const auto& g : j["groups"]) {
    if (g["kind"] != "kernel") continue;
    seen_kernel = true;
    std::vector<std::string> passes;
    int accumulator_steps = 0;
    for (int c : g["contexts"]) {
      passes.push_back(j["contexts"][c]["name"]);
      if (passes.back() == "reduce_to_accumulators")
        for (const auto& s : j["contexts"][c]["steps"])
          accumulator_steps += s["rule"] == "reduce_to_accumulator";
    }
    size_t at = 0;
    for (const std::string& p : passes)
      if (at < order.size() && p == order[at]) ++at;
    EXPECT_EQ(at, order.size()) << g["name"] << " lists its passes out of pipeline order";
    EXPECT_EQ(accumulator_steps, 1) << g["name"] << ": its one reduce was not made an accumulator in a traced step";
  }
  EXPECT_TRUE(seen_kernel);
}

// Each step must rewrite a node of the graph as the steps before it left it (else the page would draw a step
// on a graph that does not hold its node), and all of them must land on the recorded output. One exception: a
// user rebuilt into a node an earlier step already rewrote (hash-consing finds the old node) is rewritten again
// by the rewriter, while the replay finds that node's earlier replacement at once; that step names a node the
// replayed graph no longer holds, and it must repeat the earlier step exactly.
void expect_every_step_replays(const nlohmann::json& context, Replayer& replayer) {
  const std::string name = context["name"];
  const nlohmann::json& steps = context["steps"];
  std::map<int64_t, int64_t> rewritten; // before -> after, of the steps so far
  for (size_t k = 0; k < steps.size(); ++k) {
    const int64_t before = steps[k]["before"].get<int64_t>(), after = steps[k]["after"].get<int64_t>();
    if (auto it = rewritten.find(before); it != rewritten.end())
      EXPECT_EQ(it->second, after) << name << ": step " << k + 1 << " rewrites n" << before << " again, differently";
    else
      EXPECT_TRUE(replayer.reaches(replayer.replay(context, k), before))
          << name << ": step " << k + 1 << " (" << steps[k]["rule"] << ") rewrites n" << before
          << ", which is not in the graph its earlier steps left";
    rewritten.emplace(before, after);
  }
  EXPECT_EQ(replayer.replay(context, steps.size()), context["output"].get<int64_t>()) << name;
}

TEST(VizTrace, EveryContextOfATracedRealizeReplaysStepByStep) {
  const nlohmann::json j = traced(3, 11);
  Replayer replayer(j);
  for (const auto& c : j["contexts"])
    expect_every_step_replays(c, replayer);
}

TEST(VizTrace, TheSyntheticFiveThousandNodeTraceReplaysStepByStep) {
  const nlohmann::json j = LargeTraceBuilder::make(5000, 40);
  ASSERT_EQ(j["contexts"].size(), 1u);
  EXPECT_EQ(j["contexts"][0]["steps"].size(), 40u);
  Replayer replayer(j);
  expect_every_step_replays(j["contexts"][0], replayer);
}

TEST(VizTrace, AStepDroppedFromATraceFailsTheReplayCheck) {
  nlohmann::json j = LargeTraceBuilder::make(1000, 10);
  j["contexts"][0]["steps"].erase(0);
  Replayer replayer(j);
  EXPECT_NONFATAL_FAILURE(expect_every_step_replays(j["contexts"][0], replayer), "simplify");
}

#ifdef LMC_EXAMPLE
// A real example (examples/rotate_knn, with a BEAM search as `lmc` users run it) traced by LMC_VIZ=1 in its own
// process: every context of every group replays step by step, and the search is in the trace.
TEST(VizTrace, EveryGroupOfTheExampleTraceReplaysStepByStep) {
  const std::string dir = ::testing::TempDir() + "lmc_viz_trace_example_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string trace = dir + "/trace.json";
  const std::string cmd = "LMC_VIZ=1 LMC_VIZ_FILE='" + trace + "' LMC_BEAM=2 LMC_CACHE_DIR='" + dir +
                          "/cache' LMC_DEVICE=CPU '" + LMC_EXAMPLE + "' 64 300 4 CPU >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(trace);
  ASSERT_TRUE(in) << "LMC_VIZ=1 wrote no trace";
  const nlohmann::json j = nlohmann::json::parse(in);
  Replayer replayer(j);
  int groups_with_steps = 0;
  for (const auto& g : j["groups"]) {
    size_t steps = 0;
    for (int c : g["contexts"]) {
      expect_every_step_replays(j["contexts"][c], replayer);
      steps += j["contexts"][c]["steps"].size();
    }
    groups_with_steps += steps > 0;
  }
  EXPECT_GE(groups_with_steps, 3) << "the example's kernels applied too few rules for this test to mean much";
  // The BEAM search of each kernel: candidates, the chosen opts among the timed ones.
  ASSERT_FALSE(j["beam"].empty()) << "LMC_BEAM=2 recorded no search";
  for (const auto& s : j["beam"]) {
    ASSERT_FALSE(s["candidates"].empty()) << s["kernel"];
    // Tied to the group of the kernel it chose opts for, so the page can show the search beside that kernel's code.
    const int group = s["group"].get<int>();
    ASSERT_GE(group, 0) << s["kernel"] << ": the search is tied to no kernel group";
    ASSERT_LT(group, static_cast<int>(j["groups"].size()));
    EXPECT_EQ(j["groups"][group]["name"], s["kernel"]);
    bool chosen = false;
    for (const auto& c : s["candidates"])
      chosen = chosen || (c["status"] == "ok" && c["opts"] == s["best_opts"] && c["time_ms"].get<double>() > 0);
    EXPECT_TRUE(chosen) << s["kernel"] << ": the chosen opts " << s["best_opts"] << " are not a timed candidate";
  }
  std::filesystem::remove_all(dir);
}
#endif

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
