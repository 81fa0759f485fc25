// The LM backend on the CPU in every dispatch mode (Flatten, Streams, Stacked): matches evidence_step run per object
// (float64, 1e-9), LMs without input are unchanged, the first observation builds the informed space, bad input throws.
#include "lm/backend.hpp"
#include "tests/lm/random_lm_data.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace lmc::lm {
namespace {

using test_data::frames;
using test_data::uniform;

ObjectModelData random_model(std::mt19937& rng, int64_t n) {
  return test_data::random_model(rng, n, 0.03, 3);
}

HypothesesData random_hypotheses(std::mt19937& rng, int64_t h) {
  return test_data::random_hypotheses(rng, h, 0.03);
}

Observation random_observation(std::mt19937& rng, bool moved) {
  Observation o;
  const auto f = frames(rng, 1);
  std::copy(f.begin(), f.end(), o.pose_vectors.begin());
  o.pose_fully_defined = rng() % 2;
  o.features = uniform(rng, 3, 0, 1);
  o.curvature = uniform(rng, 1, 0, 3)[0];
  if (moved) o.displacement = std::array<double, 3>{0.002, -0.001, 0.0015};
  return o;
}

BackendConfig cpu_config() {
  BackendConfig c;
  c.device = "CPU";
  c.params.max_neighbors = 5;
  c.params.max_match_distance = 0.01;
  c.params.features = FeatureSpec{{0.1, 0.2, 0.2}, {2, 0.5, 0.5}, {true, false, false}, 1.0};
  return c;
}

// evidence_step for one object on its own, as the reference.
std::vector<double> reference_evidence(const ObjectModelData& m, const HypothesesData& h, const Observation& o,
                                       const EvidenceParams& params) {
  const int64_t n = m.num_nodes(), hs = h.size();
  std::vector<double> pfd(m.pose_fully_defined.begin(), m.pose_fully_defined.end());
  const ObjectModel model = ObjectModel::make(
      Tensor::from_vector(m.locations, {n, 3}, "CPU"), Tensor::from_vector(m.pose_vectors, {n, 9}, "CPU"),
      Tensor::from_vector(pfd, {n}, "CPU"), Tensor::from_vector(m.features, {n, 3}, "CPU"), float64);
  const Hypotheses hyps{Tensor::from_vector(h.locations, {hs, 3}, "CPU"),
                        Tensor::from_vector(h.rotations, {hs, 3, 3}, "CPU"),
                        Tensor::from_vector(h.evidence, {hs}, "CPU")};
  const Percept p{Tensor::from_vector(std::vector<double>(o.pose_vectors.begin(), o.pose_vectors.end()), {3, 3}, "CPU"),
                  o.pose_fully_defined, Tensor::from_vector(o.features, {3}, "CPU"), o.curvature};
  std::optional<Tensor> d;
  if (o.displacement)
    d = Tensor::from_vector(std::vector<double>(o.displacement->begin(), o.displacement->end()), {3}, "CPU");
  return evidence_step(model, hyps, p, d, params).evidence.to_vector<double>();
}

class BackendDispatchModes : public ::testing::TestWithParam<DispatchMode> {};

TEST_P(BackendDispatchModes, MatchesEvidenceStepPerObjectAndSkipsLmsWithoutInput) {
  std::mt19937 rng(7);
  BackendConfig config = cpu_config();
  config.mode = GetParam();
  Backend backend(config);
  // Two LMs with objects of different sizes (odd N and H), so a stacked step has to pad.
  const std::vector<std::vector<ObjectModelData>> models = {{random_model(rng, 37), random_model(rng, 23)},
                                                            {random_model(rng, 41), random_model(rng, 19)}};
  std::vector<std::vector<HypothesesData>> hyps = {{random_hypotheses(rng, 53), random_hypotheses(rng, 29)},
                                                   {random_hypotheses(rng, 61), random_hypotheses(rng, 17)}};
  for (size_t i = 0; i < models.size(); ++i)
    EXPECT_EQ(backend.register_lm(models[i], hyps[i]), static_cast<int>(i));

  for (int step = 0; step < 2; ++step) {
    const Observation obs = random_observation(rng, step > 0);
    backend.dispatch({{0}, {1}}, {obs, std::nullopt}, DispatchOptions{std::nullopt, true});
    const StepResults& r = backend.wait();
    ASSERT_TRUE(r.lms[0].stepped);
    EXPECT_FALSE(r.lms[1].stepped);
    for (size_t o = 0; o < 2; ++o) {
      const std::vector<double> want = reference_evidence(models[0][o], hyps[0][o], obs, config.params);
      const std::vector<double>& got = r.lms[0].hypotheses.at(o).evidence;
      ASSERT_EQ(got.size(), want.size());
      double best = -INFINITY;
      for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_NEAR(got[i], want[i], 1e-9) << "object " << o << " hypothesis " << i;
        best = std::max(best, want[i]);
      }
      EXPECT_NEAR(r.lms[0].max_evidence[o], best, 1e-9);
      hyps[0][o] = r.lms[0].hypotheses[o];
    }
    // The LM without input keeps exactly what it had.
    const auto unchanged = backend.hypotheses(1);
    for (size_t o = 0; o < 2; ++o)
      EXPECT_EQ(unchanged[o].evidence, hyps[1][o].evidence);
    // The most likely hypothesis is the best object's argmax.
    const LmMostLikely& mlh = r.lms[0].most_likely;
    ASSERT_GE(mlh.object, 0);
    EXPECT_EQ(mlh.evidence, r.lms[0].max_evidence[static_cast<size_t>(mlh.object)]);
    for (int k = 0; k < 3; ++k)
      EXPECT_EQ(mlh.location[k], hyps[0][mlh.object].locations[mlh.hypothesis * 3 + k]);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, BackendDispatchModes,
                         ::testing::Values(DispatchMode::Flatten, DispatchMode::Streams, DispatchMode::Stacked),
                         [](const auto& info) { return std::string(mode_name(info.param)); });

TEST(BackendModesFile, FirstObservationBuildsTheInformedSpace) {
  std::mt19937 rng(3);
  Backend backend(cpu_config());
  const ObjectModelData m = random_model(rng, 13);
  backend.register_lm({m});
  Observation obs = random_observation(rng, false);
  obs.pose_fully_defined = false;
  backend.dispatch({{0}}, {obs});
  const StepResults& r = backend.wait();
  ASSERT_TRUE(r.lms[0].stepped);
  EXPECT_EQ(backend.hypotheses(0).at(0).size(), 13 * 8); // umbilical_num_poses rotations per node
}

TEST(BackendModesFile, RejectsUnknownIdsAndMalformedInput) {
  std::mt19937 rng(5);
  Backend backend(cpu_config());
  const ObjectModelData m = random_model(rng, 11);
  backend.register_lm({m}, {random_hypotheses(rng, 7)});
  const Observation obs = random_observation(rng, true);
  EXPECT_THROW(backend.dispatch({{1}}, {obs}), Error);      // unknown LM id
  EXPECT_THROW(backend.dispatch({{0}, {0}}, {obs}), Error); // an LM twice
  EXPECT_THROW(backend.dispatch({{0}}, {obs, obs}), Error); // inputs for LMs that do not exist
  Observation wide = obs;
  wide.features = {0.1, 0.2, 0.3, 0.4};
  EXPECT_THROW(
      {
        backend.dispatch({{0}}, {wide});
        backend.wait();
      },
      Error); // errors of the step come back from wait() // more features than configured
  ObjectModelData bad = m;
  bad.pose_vectors.pop_back();
  EXPECT_THROW(backend.register_lm({bad}), Error); // pose vectors not N x 9
  HypothesesData h = random_hypotheses(rng, 7);
  h.rotations.resize(5);
  EXPECT_THROW(backend.register_lm({m}, {h}), Error);  // rotations not H x 9
  EXPECT_THROW(backend.set_hypotheses(3, {h}), Error); // unknown LM id
  BackendConfig c = cpu_config();
  c.device = "TPU";
  EXPECT_THROW(Backend{c}, Error);
}

} // namespace
} // namespace lmc::lm
