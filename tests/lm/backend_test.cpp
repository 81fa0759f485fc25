// The LM backend against Monty's golden evidence step: an LM registered with the case's model and hypotheses,
// stepped through dispatch/wait, must give Monty's evidence and displaced locations (float64, 1e-9); an LM without
// input is unchanged; the per-object results agree with the golden evidence; bad calls raise errors naming the problem.
#include "lm/backend.hpp"
#include "lm/npy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>

namespace lmc::lm {
namespace {

std::string case_dir(const std::string& name) {
  const char* env = std::getenv("LMC_GOLDEN_DIR");
  return (env ? std::string(env) : std::string(LMC_GOLDEN_DIR_DEFAULT)) + "/" + name;
}

std::vector<double> load(const std::string& dir, const std::string& array) {
  return read_npy(dir + "/" + array + ".npy").as_double();
}

// The evidence_step_pfd case's parameters (its case.json): K = 10, mmd = 0.01, hsv + principal_curvatures_log.
BackendConfig golden_config(const std::string& device) {
  BackendConfig c;
  c.device = device;
  c.mode = DispatchMode::Flatten;
  c.params.max_neighbors = 10;
  c.params.max_match_distance = 0.01;
  c.params.features =
      FeatureSpec{{0.1, 0.2, 0.2, 1.0, 1.0}, {2.0, 0.5, 0.5, 1.0, 1.0}, {true, false, false, false, false}, 1.0};
  return c;
}

struct GoldenLm {
  ObjectModelData model;
  HypothesesData hyps;
  Observation obs;
};

GoldenLm golden_lm(const std::string& dir) {
  GoldenLm g;
  g.model.locations = load(dir, "model_locations");
  g.model.pose_vectors = load(dir, "model_pose_vectors");
  for (bool x : read_npy(dir + "/model_pose_fully_defined.npy").as_bool())
    g.model.pose_fully_defined.push_back(x ? 1 : 0);
  g.model.features = load(dir, "model_features");
  g.hyps.locations = load(dir, "hyp_locations_in");
  g.hyps.rotations = load(dir, "hyp_rotations");
  g.hyps.evidence = load(dir, "hyp_evidence_in");
  const std::vector<double> pose = load(dir, "sensed_pose_vectors"), q = load(dir, "sensed_features"),
                            d = load(dir, "displacement");
  std::copy(pose.begin(), pose.end(), g.obs.pose_vectors.begin());
  g.obs.pose_fully_defined = true;
  g.obs.features = q;
  g.obs.curvature = std::max(std::abs(q[3]), std::abs(q[4]));
  g.obs.displacement = std::array<double, 3>{d[0], d[1], d[2]};
  return g;
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  EXPECT_EQ(a.size(), b.size());
  double m = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

TEST(LmBackend, FlattenStepMatchesMontysEvidenceAndSkipsLmsWithoutInput) {
  const std::string dir = case_dir("evidence_step_pfd");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no golden data at " << dir;
  const GoldenLm g = golden_lm(dir);
  const char* env = std::getenv("LMC_LM_DEVICE");
  Backend backend(golden_config(env ? env : "CPU"));
  const int a = backend.register_lm({g.model}, {g.hyps});
  const int b = backend.register_lm({g.model, g.model}, {g.hyps, g.hyps});
  backend.dispatch({{a}, {b}}, {g.obs, std::nullopt});
  const StepResults& r = backend.wait();
  ASSERT_TRUE(r.lms[a].stepped);
  EXPECT_FALSE(r.lms[b].stepped);
  const std::vector<double> want = load(dir, "hyp_evidence_out");
  const std::vector<HypothesesData> got = backend.hypotheses(a);
  EXPECT_LT(max_abs_diff(got[0].evidence, want), 1e-9);
  EXPECT_LT(max_abs_diff(got[0].locations, load(dir, "hyp_locations_displaced")), 1e-12);
  // Per-object results: the golden evidence's max and first argmax.
  const auto best = std::max_element(want.begin(), want.end());
  ASSERT_EQ(r.lms[a].max_evidence.size(), 1u);
  EXPECT_NEAR(r.lms[a].max_evidence[0], *best, 1e-9);
  EXPECT_EQ(r.lms[a].best_hypothesis[0], best - want.begin());
  EXPECT_EQ(r.lms[a].most_likely.object, 0);
  EXPECT_EQ(r.lms[a].possible_matches, std::vector<int64_t>{0});
  // The LM without input kept its hypotheses.
  EXPECT_EQ(backend.hypotheses(b)[1].evidence, g.hyps.evidence);
}

TEST(LmBackend, FirstObservationBuildsTheInformedSpace) {
  const std::string dir = case_dir("evidence_step_pfd");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no golden data at " << dir;
  GoldenLm g = golden_lm(dir);
  g.obs.displacement.reset();
  Backend backend(golden_config("CPU"));
  const int lm = backend.register_lm({g.model});
  backend.dispatch({{lm}}, {g.obs});
  backend.wait();
  // Fully defined pose: two frames per node (§3.1).
  EXPECT_EQ(backend.hypotheses(lm)[0].size(), 2 * g.model.num_nodes());
}

TEST(LmBackend, BadCallsNameTheProblem) {
  const std::string dir = case_dir("evidence_step_pfd");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no golden data at " << dir;
  const GoldenLm g = golden_lm(dir);
  Backend backend(golden_config("CPU"));
  const int lm = backend.register_lm({g.model}, {g.hyps});
  auto expect_error = [](const std::function<void()>& f, const std::string& part) {
    try {
      f();
      ADD_FAILURE() << "no error (expected one mentioning '" << part << "')";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  expect_error([&] { backend.dispatch({{lm, 7}}, {g.obs}); }, "no LM 7");
  expect_error([&] { backend.dispatch({{lm}, {lm}}, {g.obs}); }, "more than one group");
  expect_error([&] { backend.dispatch({{lm}}, {}); }, "0 inputs for 1 LMs");
  ObjectModelData broken = g.model;
  broken.pose_vectors.pop_back();
  expect_error([&] { backend.register_lm({broken}); }, "object 0 pose_vectors");
  HypothesesData short_hyps = g.hyps;
  short_hyps.rotations.resize(9);
  expect_error([&] { backend.register_lm({g.model}, {short_hyps}); }, "hypotheses of object 0 rotations");
}

} // namespace
} // namespace lmc::lm
