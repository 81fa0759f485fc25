// `replay_case` on hostile burst cases (issue #15): counts of 0 or -1, no steps, empty or short arrays, a dtype that
// is not the case's, K out of range or fractional, array files outside the case folder. Each is a CaseError naming
// the field or array, its value and what was expected; nothing is replayed.
#include "lm/replay.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace lmc::lm {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A tiny valid burst case (one object of 4 nodes, 2 steps, 5 feature columns); `edit` changes its JSON after the
// arrays are written, so a test breaks exactly one thing.
class HostileCase : public ::testing::Test {
protected:
  fs::path dir;
  json c;

  void SetUp() override {
    dir = fs::path(::testing::TempDir()) / fmt::format("lmc_hostile_case_{}_{}", ::getpid(),
                                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    c = {{"kind", "burst_episode"},
         {"params",
          {{"num_objects", 1},
           {"num_steps", 2},
           {"K", 3},
           {"max_match_distance", 0.01},
           {"feature_order", {"hsv"}},
           {"feature_columns", {{"hsv", {0, 5}}}},
           {"tolerances", {{"hsv", 0.1}}},
           {"feature_weights", json::object()},
           {"evidence_threshold_config", "all"},
           {"sampling_multiplier", 0.4},
           {"deletion_trigger_slope", 0.5},
           {"sampling_burst_duration", 5},
           {"burst_trigger_slope", 1.0},
           {"umbilical_num_poses", 8},
           {"tracker_window_size", 10},
           {"tracker_min_age", 5}}},
         {"arrays", json::array()}};
    const std::vector<double> eye{1, 0, 0, 0, 1, 0, 0, 0, 1};
    std::vector<double> poses, model_poses;
    for (int i = 0; i < 2; ++i)
      poses.insert(poses.end(), eye.begin(), eye.end());
    for (int i = 0; i < 4; ++i)
      model_poses.insert(model_poses.end(), eye.begin(), eye.end());
    add("step_sensed_pose_vectors", NpyArray::of(poses, {2, 3, 3}));
    add("step_sensed_features", NpyArray::of(std::vector<double>(10, 0.5), {2, 5}));
    add("step_displacement", NpyArray::of(std::vector<double>(6, 0.0), {2, 3}));
    add("step_pose_fully_defined", NpyArray::of(std::vector<bool>{true, true}, {2}));
    add("step_has_displacement", NpyArray::of(std::vector<bool>{false, true}, {2}));
    add("obj0_model_locations", NpyArray::of(std::vector<double>{0, 0, 0, 0.01, 0, 0, 0, 0.01, 0, 0, 0, 0.01}, {4, 3}));
    add("obj0_model_pose_vectors", NpyArray::of(model_poses, {4, 9}));
    add("obj0_model_pose_fully_defined", NpyArray::of(std::vector<bool>(4, true), {4}));
    add("obj0_model_features", NpyArray::of(std::vector<double>(20, 0.5), {4, 5}));
  }
  void TearDown() override { fs::remove_all(dir); }

  void add(const std::string& name, const NpyArray& a) {
    write_npy((dir / (name + ".npy")).string(), a);
    c["arrays"].push_back({{"name", name},
                           {"file", name + ".npy"},
                           {"shape", a.shape},
                           {"dtype", a.dtype == bool_ ? "bool" : a.dtype.name()},
                           {"role", "input"}});
  }
  json& array(const std::string& name) {
    for (json& a : c["arrays"])
      if (a["name"] == name) return a;
    throw std::runtime_error("no array " + name);
  }
  // Replays the case as edited and expects a CaseError holding every one of `parts`.
  void expect_case_error(const std::vector<std::string>& parts) {
    std::ofstream(dir / "case.json") << c.dump();
    try {
      (void)replay_case(dir.string(), float64, "CPU", ReplayOptions{true});
      ADD_FAILURE() << "no CaseError";
    } catch (const CaseError& e) {
      for (const std::string& p : parts)
        EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << "'" << p << "' missing: " << e.what();
    }
  }
};

TEST_F(HostileCase, ObjectCountBelowOne) {
  c["params"]["num_objects"] = 0;
  expect_case_error({"params.num_objects = 0", "expected an integer in [1, "});
  c["params"]["num_objects"] = -1;
  expect_case_error({"params.num_objects = -1", "expected an integer in [1, "});
}

TEST_F(HostileCase, NoSteps) {
  c["params"]["num_steps"] = 0;
  expect_case_error({"params.num_steps = 0", "expected an integer in [1, "});
}

TEST_F(HostileCase, EmptyPoseArray) {
  add("step_sensed_pose_vectors", NpyArray::of(std::vector<double>{}, {0, 3, 3}));
  c["arrays"].erase(0); // the first entry, replaced by the empty one appended last
  expect_case_error({"'step_sensed_pose_vectors'", "shape (0, 3, 3)", "expected (2, 3, 3)"});
}

TEST_F(HostileCase, ShortArray) {
  write_npy((dir / "step_displacement.npy").string(), NpyArray::of(std::vector<double>(3, 0.0), {1, 3}));
  array("step_displacement")["shape"] = {1, 3};
  expect_case_error({"'step_displacement'", "shape (1, 3)", "expected (2, 3)"});
}

TEST_F(HostileCase, FileShapeDiffersFromCaseJson) {
  write_npy((dir / "step_displacement.npy").string(), NpyArray::of(std::vector<double>(3, 0.0), {1, 3}));
  expect_case_error({"'step_displacement'", "shape (1, 3)", "case.json says (2, 3)"});
}

TEST_F(HostileCase, Int64WhereCaseSaysFloat64) {
  write_npy((dir / "step_sensed_features.npy").string(), NpyArray::of(std::vector<int64_t>(10, 1), {2, 5}));
  expect_case_error({"'step_sensed_features'", "holds int64", "case.json says float64"});
  array("step_sensed_features").erase("dtype"); // without a dtype in case.json, the replay's own expectation
  expect_case_error({"'step_sensed_features'", "holds int64", "expected float64"});
}

TEST_F(HostileCase, KAboveNodeCount) {
  c["params"]["K"] = 5;
  expect_case_error({"params.K = 5", "expected an integer in [1, 4]", "N = 4"});
}

TEST_F(HostileCase, FractionalK) {
  c["params"]["K"] = 2.5;
  expect_case_error({"params.K = 2.5", "expected an integer"});
}

TEST_F(HostileCase, UmbilicalPosesBounded) {
  c["params"]["umbilical_num_poses"] = 1000000000;
  expect_case_error({"params.umbilical_num_poses = 1000000000", "[1, 1000]"});
}

TEST_F(HostileCase, ArrayFileOutsideTheCaseFolder) {
  array("step_displacement")["file"] = "../../../../dev/zero";
  expect_case_error({"'step_displacement'", "'../../../../dev/zero'", "inside the case folder"});
  array("step_displacement")["file"] = "/dev/zero";
  expect_case_error({"'/dev/zero'", "relative to the case folder"});
  fs::create_symlink("/dev/zero", dir / "zero.npy"); // a link out of the folder is refused too
  array("step_displacement")["file"] = "zero.npy";
  expect_case_error({"'zero.npy'", "/dev/zero, outside the case folder"});
}

TEST_F(HostileCase, FeatureColumnsOutOfRange) {
  c["params"]["feature_columns"]["hsv"] = {0, 9};
  expect_case_error({"params.feature_columns.hsv = [0,9]", "end <= 5"});
}

// Found by the hostile sweep (tests/hostile): real-valued params used as they were. A tolerance of 0 or -1 aborted
// the step inside the LM ("internal error"), a tolerance list shorter than its columns read past it, and a negative
// distance, weight or threshold gave other evidence without a word. Each is now a CaseError naming the field.
TEST_F(HostileCase, RealParamsOutOfRange) {
  const json original = c;
  auto expect = [&](const std::function<void(json&)>& edit, const std::vector<std::string>& parts) {
    c = original;
    edit(c["params"]);
    expect_case_error(parts);
  };
  expect([](json& p) { p["tolerances"]["hsv"] = 0; }, {"params.tolerances.hsv = 0", "expected a number in (0, "});
  expect([](json& p) { p["tolerances"]["hsv"] = -1; }, {"params.tolerances.hsv = -1"});
  expect([](json& p) { p["tolerances"]["hsv"] = {0.1, 0.2}; }, {"params.tolerances.hsv = [0.1,0.2]", "expected 5"});
  expect([](json& p) { p["tolerances"]["hsv"] = "wide"; }, {"params.tolerances.hsv = \"wide\""});
  expect([](json& p) { p["feature_weights"]["hsv"] = {1, 1, -2, 1, 1}; }, {"params.feature_weights.hsv[2] = -2"});
  expect([](json& p) { p["feature_weights"]["pose_vectors"] = {1, 1}; }, {"params.feature_weights.pose_vectors"});
  expect([](json& p) { p["max_match_distance"] = -0.01; }, {"params.max_match_distance = -0.01"});
  expect([](json& p) { p["max_match_distance"] = 0; }, {"params.max_match_distance = 0"});
  expect([](json& p) { p["max_match_distance"] = 1e30; }, {"params.max_match_distance = 1e+30"});
  expect([](json& p) { p["past_weight"] = -1; }, {"params.past_weight = -1"});
  expect([](json& p) { p["x_percent_threshold"] = 250; }, {"params.x_percent_threshold = 250", "100]"});
  expect([](json& p) { p["sampling_multiplier"] = 1e30; }, {"params.sampling_multiplier = 1e+30"});
  expect([](json& p) { p["burst_trigger_slope"] = "steep"; }, {"params.burst_trigger_slope = \"steep\""});
}

// Also from the sweep: a value nested 100,000 deep overflowed the stack (SIGSEGV) when its error message dumped it, an
// unknown threshold name was an "internal error", feature_weights that was no object read as "no weights", and a
// circular column of 2.5 became column 2.
TEST_F(HostileCase, MalformedStructure) {
  const json original = c;
  std::ofstream(dir / "case.json") << R"({"kind": "burst_episode", "params": {"K": )" << std::string(100000, '[')
                                   << std::string(100000, ']') << "}}";
  try {
    (void)replay_case(dir.string(), float64, "CPU", ReplayOptions{true});
    ADD_FAILURE() << "no CaseError";
  } catch (const CaseError& e) {
    EXPECT_NE(std::string(e.what()).find("nests deeper than 64 levels"), std::string::npos) << e.what();
  }
  c["params"]["evidence_threshold_config"] = "abc";
  expect_case_error({"params.evidence_threshold_config = \"abc\"", "not supported"});
  c = original;
  c["params"]["feature_weights"] = 3;
  expect_case_error({"params.feature_weights = 3", "expected an object"});
  c = original;
  c["params"]["circular_columns"] = {2.5};
  expect_case_error({"params.circular_columns holds 2.5", "expected a column in [0, 5)"});
}

TEST_F(HostileCase, CaseJsonThatIsADirectory) {
  fs::create_directories(dir / "sub" / "case.json");
  try {
    (void)case_kind((dir / "sub").string());
    ADD_FAILURE() << "no CaseError";
  } catch (const CaseError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace lmc::lm
