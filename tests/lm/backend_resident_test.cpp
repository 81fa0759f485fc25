// The LM backend's resident batches over several steps: the state stays on the device between steps and moves when
// the mode or the grouping changes, an LM without input inside a stacked group is untouched, the x-percent threshold
// follows each LM's previous best, and set_hypotheses replaces resident state. The reference is an independent host
// loop that runs evidence_step per (LM, object) in float64 and applies Monty's rules itself.
#include "lm/backend.hpp"
#include "lm/matches.hpp"
#include "tests/lm/random_lm_data.hpp"

#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>
#include <random>

namespace lmc::lm {
namespace {

using test_data::frames;
using test_data::uniform;

ObjectModelData random_model(std::mt19937& rng, int64_t n) {
  return test_data::random_model(rng, n, 0.02, 4);
}

HypothesesData random_hypotheses(std::mt19937& rng, int64_t h) {
  return test_data::random_hypotheses(rng, h, 0.02);
}

Observation random_observation(std::mt19937& rng) {
  Observation o;
  const auto f = frames(rng, 1);
  std::copy(f.begin(), f.end(), o.pose_vectors.begin());
  o.pose_fully_defined = rng() % 2;
  o.features = uniform(rng, 3, 0, 1);
  o.curvature = uniform(rng, 1, 0, 3)[0];
  const auto d = uniform(rng, 3, -0.003, 0.003);
  o.displacement = std::array<double, 3>{d[0], d[1], d[2]};
  return o;
}

// The reference LM: its hypotheses on the host, stepped object by object with evidence_step in float64.
struct ReferenceLm {
  std::vector<ObjectModelData> models;
  std::vector<HypothesesData> hyps;
  double max_global_evidence = 0;

  std::vector<double> step(const Observation& o, EvidenceParams params) {
    params.threshold.max_global_evidence = max_global_evidence;
    params.radius_limited_knn = true;
    std::vector<double> maxima;
    for (size_t k = 0; k < models.size(); ++k) {
      const ObjectModelData& m = models[k];
      HypothesesData& h = hyps[k];
      const int64_t n = m.num_nodes(), hs = h.size();
      std::vector<double> pfd(m.pose_fully_defined.begin(), m.pose_fully_defined.end());
      const ObjectModel model = ObjectModel::make(
          Tensor::from_vector(m.locations, {n, 3}, "CPU"), Tensor::from_vector(m.pose_vectors, {n, 9}, "CPU"),
          Tensor::from_vector(pfd, {n}, "CPU"), Tensor::from_vector(m.features, {n, 3}, "CPU"), float64);
      const Hypotheses in{Tensor::from_vector(h.locations, {hs, 3}, "CPU"),
                          Tensor::from_vector(h.rotations, {hs, 3, 3}, "CPU"),
                          Tensor::from_vector(h.evidence, {hs}, "CPU")};
      const Percept p{
          Tensor::from_vector(std::vector<double>(o.pose_vectors.begin(), o.pose_vectors.end()), {3, 3}, "CPU"),
          o.pose_fully_defined, Tensor::from_vector(o.features, {3}, "CPU"), o.curvature};
      const Tensor d =
          Tensor::from_vector(std::vector<double>(o.displacement->begin(), o.displacement->end()), {3}, "CPU");
      EvidenceStep s = evidence_step(model, in, p, d, params);
      h.locations = s.locations.to_vector<double>();
      h.evidence = s.evidence.to_vector<double>();
      maxima.push_back(*std::max_element(h.evidence.begin(), h.evidence.end()));
    }
    max_global_evidence = *std::max_element(maxima.begin(), maxima.end());
    return maxima;
  }
};

// The CPU unless LMC_LM_DEVICE says CUDA (the GPU check runs this binary there).
std::string test_device() {
  const char* env = std::getenv("LMC_LM_DEVICE");
  return env ? env : "CPU";
}

// 1e-6 on CUDA: NVRTC contracts to FMA and arccos near 1 turns a one-ulp difference into ~1e-8 (backend_gpu_test.cpp).
double evidence_tolerance() {
  return test_device() == "CPU" ? 1e-9 : 1e-6;
}

BackendConfig config(Threshold::Kind threshold) {
  BackendConfig c;
  c.device = test_device();
  c.params.max_neighbors = 4;
  c.params.max_match_distance = 0.01;
  c.params.features = FeatureSpec{{0.1, 0.2, 0.2}, {2, 0.5, 0.5}, {true, false, false}, 1.0};
  c.params.threshold.kind = threshold;
  c.params.threshold.x_percent = 30;
  return c;
}

void expect_lm_matches(Backend& backend, int id, const ReferenceLm& ref, const LmResult& r,
                       const std::vector<double>& maxima, const std::string& where) {
  SCOPED_TRACE(where + ", LM " + std::to_string(id));
  ASSERT_TRUE(r.stepped);
  ASSERT_EQ(r.max_evidence.size(), maxima.size());
  for (size_t o = 0; o < maxima.size(); ++o)
    EXPECT_NEAR(r.max_evidence[o], maxima[o], evidence_tolerance()) << "object " << o;
  const std::vector<bool> possible = possible_matches(maxima, 20);
  std::vector<int64_t> want;
  for (size_t o = 0; o < possible.size(); ++o)
    if (possible[o]) want.push_back(static_cast<int64_t>(o));
  EXPECT_EQ(r.possible_matches, want);
  const auto got = backend.hypotheses(id);
  for (size_t o = 0; o < ref.hyps.size(); ++o) {
    ASSERT_EQ(got[o].evidence.size(), ref.hyps[o].evidence.size());
    for (size_t i = 0; i < got[o].evidence.size(); ++i)
      ASSERT_NEAR(got[o].evidence[i], ref.hyps[o].evidence[i], evidence_tolerance())
          << "object " << o << " hypothesis " << i;
    for (size_t i = 0; i < got[o].locations.size(); ++i)
      ASSERT_NEAR(got[o].locations[i], ref.hyps[o].locations[i], 1e-12) << "object " << o << " value " << i;
  }
  const LmMostLikely& mlh = r.most_likely;
  ASSERT_GE(mlh.object, 0);
  const auto& h = ref.hyps[static_cast<size_t>(mlh.object)];
  EXPECT_NEAR(h.evidence[static_cast<size_t>(mlh.hypothesis)], mlh.evidence, evidence_tolerance());
  for (size_t k = 0; k < 3; ++k)
    EXPECT_NEAR(mlh.location[k], h.locations[static_cast<size_t>(mlh.hypothesis) * 3 + k], 1e-12);
}

class BackendResident : public ::testing::TestWithParam<Threshold::Kind> {};

// Three LMs with objects of odd, different sizes; six steps that change mode and grouping; LM 2 sits in LM 0's
// stacked group without input on some steps.
TEST_P(BackendResident, StateFollowsRegroupingAndInactiveLmsStayUnchanged) {
  std::mt19937 rng(11);
  const BackendConfig c = config(GetParam());
  Backend backend(c);
  std::vector<ReferenceLm> ref(3);
  // LMs 0 and 1 have the same shapes: their batches must still get buffers of their own.
  const std::vector<std::vector<int64_t>> sizes = {{31, 17}, {31, 17}, {19, 37}};
  for (int id = 0; id < 3; ++id) {
    for (int64_t n : sizes[id]) {
      ref[id].models.push_back(random_model(rng, n));
      ref[id].hyps.push_back(random_hypotheses(rng, n + 13));
    }
    ASSERT_EQ(backend.register_lm(ref[id].models, ref[id].hyps), id);
  }
  struct Step {
    DispatchMode mode;
    std::vector<std::vector<int>> groups;
    std::vector<bool> input;
  };
  const std::vector<Step> steps = {
      {DispatchMode::Stacked, {{0, 2}, {1}}, {true, true, false}},
      {DispatchMode::Stacked, {{0, 2}, {1}}, {true, false, true}},
      {DispatchMode::Flatten, {{0}, {1, 2}}, {true, true, true}},
      {DispatchMode::Streams, {{0, 1}, {2}}, {false, true, true}},
      {DispatchMode::Stacked, {{0, 1, 2}}, {true, true, false}},
      {DispatchMode::Stacked, {{0, 1, 2}}, {true, true, true}},
  };
  std::vector<std::vector<HypothesesData>> last;
  for (int id = 0; id < 3; ++id)
    last.push_back(backend.hypotheses(id));
  for (size_t s = 0; s < steps.size(); ++s) {
    std::vector<std::optional<Observation>> inputs(3);
    for (int id = 0; id < 3; ++id)
      if (steps[s].input[id]) inputs[id] = random_observation(rng);
    backend.dispatch(steps[s].groups, inputs, DispatchOptions{steps[s].mode, false});
    const StepResults r = backend.wait();
    EXPECT_EQ(r.mode, steps[s].mode);
    for (int id = 0; id < 3; ++id) {
      const std::string where = "step " + std::to_string(s) + " (" + mode_name(steps[s].mode) + ")";
      if (!inputs[id]) {
        EXPECT_FALSE(r.lms[id].stepped) << where;
        const auto got = backend.hypotheses(id);
        // Bit for bit what the backend held before the step.
        for (size_t o = 0; o < got.size(); ++o) {
          EXPECT_EQ(got[o].evidence, last[id][o].evidence) << where << " LM " << id << " object " << o;
          EXPECT_EQ(got[o].locations, last[id][o].locations) << where << " LM " << id << " object " << o;
        }
        continue;
      }
      const std::vector<double> maxima = ref[id].step(*inputs[id], c.params);
      expect_lm_matches(backend, id, ref[id], r.lms[id], maxima, where);
    }
    for (int id = 0; id < 3; ++id)
      last[id] = backend.hypotheses(id);
  }
  // New hypotheses for a resident LM replace its state; the next step starts from them.
  ref[1].hyps = {random_hypotheses(rng, 40), random_hypotheses(rng, 9)};
  ref[1].max_global_evidence = 0;
  backend.set_hypotheses(1, ref[1].hyps);
  const Observation o = random_observation(rng);
  backend.dispatch({{0, 1, 2}}, {std::nullopt, o, std::nullopt}, DispatchOptions{DispatchMode::Stacked, true});
  const StepResults r = backend.wait();
  const std::vector<double> maxima = ref[1].step(o, c.params);
  expect_lm_matches(backend, 1, ref[1], r.lms[1], maxima, "after set_hypotheses");
  ASSERT_EQ(r.lms[1].hypotheses.size(), 2u); // full arrays on request
  EXPECT_EQ(r.lms[1].hypotheses[1].evidence.size(), 9u);
}

INSTANTIATE_TEST_SUITE_P(Thresholds, BackendResident,
                         ::testing::Values(Threshold::Kind::All, Threshold::Kind::XPercent),
                         [](const auto& info) { return info.param == Threshold::Kind::All ? "all" : "x_percent"; });

} // namespace
} // namespace lmc::lm
