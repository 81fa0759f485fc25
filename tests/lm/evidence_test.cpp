// The LM library's pieces on small hand-made inputs: phi (hue wrap, tolerance edge, NaN), sensed frames, the
// variant-major initial space, displacement, the evidence step's edge rules (nothing tested, all masked, pfd gating)
// and its preconditions, and the one-kernel K-NN that never builds the (H, N) distance matrix.
#include "lm/lm.hpp"
#include "runtime/realize.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <numbers>

namespace lmc::lm {
namespace {

Tensor f64(std::vector<double> v, Shape s) {
  return Tensor::from_vector(v, std::move(s), "CPU");
}

std::vector<double> host(const Tensor& t) {
  return t.cast(float64).to_vector<double>();
}

// Two nodes 5 mm apart on the x axis, frames = identity, both with defined curvature directions.
ObjectModel two_node_model(std::vector<double> features = {0.5, 0.5}) {
  return ObjectModel::make(
      f64({0, 0, 0, 0.005, 0, 0}, {2, 3}), f64({1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, {2, 9}),
      Tensor::from_vector(std::vector<bool>{true, false}, {2}, "CPU"), f64(features, {2, 1}), float64);
}

FeatureSpec one_column(bool circular = false) {
  return FeatureSpec{{0.1}, {1.0}, {circular}, 1.0};
}

Tensor identity_rotations(int64_t h) {
  return Tensor::eye(3, float64, "CPU").unsqueeze(0).expand({h, 3, 3}).contiguous();
}

TEST(NodeFeatureEvidence, HueWrapsAroundAndTolerancesClip) {
  const Tensor x = f64({0.95, 0.5, 0.02, NAN}, {4, 1});
  const std::vector<double> circ = host(node_feature_evidence(x, f64({0.02}, {1}), one_column(true)));
  EXPECT_NEAR(circ[0], (0.1 - 0.07) / 0.1, 1e-12); // 0.95 is 0.07 from 0.02 the short way round
  EXPECT_EQ(circ[1], 0.0);                         // beyond the tolerance: 0, not negative
  EXPECT_EQ(circ[2], 1.0);
  EXPECT_TRUE(std::isnan(circ[3])); // a missing feature makes phi NaN, as in Monty
  const std::vector<double> lin = host(node_feature_evidence(x, f64({0.02}, {1}), one_column(false)));
  EXPECT_EQ(lin[0], 0.0);
}

TEST(NodeFeatureEvidence, WeightedMeanTimesIncrement) {
  const FeatureSpec spec{{1.0, 1.0}, {3.0, 1.0}, {false, false}, 2.0};
  const std::vector<double> phi = host(node_feature_evidence(f64({0.5, 1.0}, {1, 2}), f64({0, 0}, {2}), spec));
  EXPECT_NEAR(phi[0], (3 * 0.5 + 1 * 0.0) / 4 * 2, 1e-15);
}

TEST(NodeFeatureEvidence, UnusedFeaturesGiveZero) {
  const FeatureSpec none{{}, {}, {}, 1.0};
  EXPECT_EQ(host(node_feature_evidence(f64({0.3, 0.7}, {2, 1}), f64({0.3}, {1}), none)), (std::vector<double>{0, 0}));
}

TEST(NodeFeatureEvidence, MismatchedSpecIsAnError) {
  const FeatureSpec bad{{0.1, 0.2}, {1.0}, {false, false}, 1.0};
  EXPECT_THROW((void)node_feature_evidence(f64({0.3}, {1, 1}), f64({0.3}, {1}), bad), Error);
  EXPECT_THROW((void)node_feature_evidence(f64({0.3}, {1, 1}), f64({0.3}, {1}), FeatureSpec{{0.0}, {1.0}, {false}}),
               Error);
}

TEST(ObjectModel, ShapesAreChecked) {
  EXPECT_THROW((void)ObjectModel::make(f64({0, 0, 0}, {1, 3}), f64({0}, {1, 1}), Tensor::ones({1}, bool_, "CPU"),
                                       f64({0}, {1, 1}), float64),
               Error);
}

TEST(SensedDirections, TwoFlipsBothCurvatureDirectionsEightSpanThePlane) {
  const Tensor s = Tensor::eye(3, float64, "CPU");
  EXPECT_EQ(host(sensed_directions(s, 2)),
            (std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, -1, 0, 0, 0, -1}));
  const std::vector<double> d8 = host(sensed_directions(s, 8));
  // Frame 2 is a quarter turn: v = c2, n x v = -c1.
  const double* f2 = d8.data() + 2 * 9;
  EXPECT_NEAR(f2[4], 0.0, 1e-16);
  EXPECT_EQ(f2[5], 1.0);
  EXPECT_EQ(f2[7], -1.0);
  EXPECT_THROW((void)sensed_directions(f64({1, 0, 0}, {3}), 2), Error);
}

TEST(InitialSpace, IsVariantMajor) {
  const ObjectModel m = two_node_model();
  const Tensor phi = f64({0.25, 0.75}, {2});
  Hypotheses h = initial_space(m, sensed_directions(Tensor::eye(3, float64, "CPU"), 2), phi);
  EXPECT_EQ(h.size(), 4);
  EXPECT_EQ(host(h.evidence), (std::vector<double>{0.25, 0.75, 0.25, 0.75}));
  EXPECT_EQ(host(h.locations)[3 * 3], 0.005); // row 3 = variant 1, node 1
  // Variant 1 of node 0 maps the sensed c1 onto -c1: M^T S_1 = diag(1, -1, -1).
  const std::vector<double> r = host(h.rotations);
  EXPECT_EQ(std::vector<double>(r.begin() + 18, r.begin() + 27), (std::vector<double>{1, 0, 0, 0, -1, 0, 0, 0, -1}));
}

TEST(Displace, AddsTheRotatedDisplacement) {
  // A quarter turn about z maps x onto y.
  const Tensor rot = f64({0, -1, 0, 1, 0, 0, 0, 0, 1}, {1, 3, 3});
  EXPECT_EQ(host(displace(f64({1, 2, 3}, {1, 3}), rot, f64({0.5, 0, 0}, {3}))), (std::vector<double>{1, 2.5, 3}));
  EXPECT_THROW((void)displace(f64({1, 2, 3}, {1, 3}), rot, f64({0.5, 0}, {2})), Error);
}

struct Step {
  ObjectModel model = two_node_model();
  EvidenceParams params;
  Step() {
    params.max_neighbors = 5; // clamped to N = 2
    params.features = one_column();
  }
  EvidenceStep run(std::vector<double> locations, std::vector<double> evidence, bool pfd = true) {
    const int64_t h = static_cast<int64_t>(evidence.size());
    const Hypotheses hyps{f64(locations, {h, 3}), identity_rotations(h), f64(evidence, {h})};
    const Percept p{Tensor::eye(3, float64, "CPU"), pfd, f64({0.5}, {1}), 0.0};
    EvidenceStep s = evidence_step(model, hyps, p, std::nullopt, params);
    Tensor::realize_all(s.all());
    return s;
  }
};

TEST(EvidenceStep, PerfectMatchScoresTwoAndFarAwayScoresMinusOne) {
  Step t;
  EvidenceStep s = t.run({0, 0, 0, 0, 0, 1.0}, {0, 0});
  EXPECT_EQ(s.nn_ids.shape(), (Shape{2, 2})); // K clamped to N
  EXPECT_EQ(host(s.nn_ids.cast(float64)), (std::vector<double>{0, 1, 0, 1}));
  // Node 0: normal and curvature aligned (0.5 + 0.5) plus phi 1. Far hypothesis: every neighbour masked.
  EXPECT_EQ(host(s.nu), (std::vector<double>{2.0, -1.0}));
  EXPECT_EQ(host(s.mu), std::vector<double>{0.0});
}

TEST(EvidenceStep, CurvatureTermNeedsBothPfdFlags) {
  Step t;
  // Node 1 (U = false, nearest) gets only the normal term 0.5; node 0 also the curvature term 0.5.
  EvidenceStep s = t.run({0.005, 0, 0}, {0});
  EXPECT_EQ(host(s.pose_evidence), (std::vector<double>{0.5, 1.0}));
  EvidenceStep no_pfd = t.run({0.005, 0, 0}, {0}, false);
  EXPECT_EQ(host(no_pfd.pose_evidence), (std::vector<double>{0.5, 0.5}));
}

TEST(EvidenceStep, UntestedHypothesesGetMuAndNothingTestedLeavesEvidence) {
  Step t;
  t.params.threshold = Threshold{Threshold::Kind::XPercent, 20, 10.0}; // scores e >= 8
  t.params.past_weight = 0.5;
  EvidenceStep s = t.run({0, 0, 0, 0, 0, 0}, {9, 1});
  EXPECT_EQ(host(s.tested.cast(float64)), (std::vector<double>{1, 0}));
  EXPECT_EQ(host(s.evidence_add), (std::vector<double>{2, 2})); // mu = max(0, min nu over tested) = 2
  EXPECT_EQ(host(s.evidence), (std::vector<double>{6.5, 2.5}));
  t.params.threshold.max_global_evidence = 100;
  EvidenceStep none = t.run({0, 0, 0, 0, 0, 0}, {9, 1});
  EXPECT_EQ(host(none.num_tested.cast(float64)), std::vector<double>{0});
  EXPECT_EQ(host(none.evidence), (std::vector<double>{9, 1}));
}

TEST(EvidenceStep, BadThresholdAndShapesAreErrors) {
  EXPECT_THROW((void)Threshold::parse("median", 10, 0), Error);
  EXPECT_EQ(Threshold::parse("0.5", 10, 0).value, 0.5);
  Step t;
  const Hypotheses bad{f64({0, 0, 0}, {1, 3}), identity_rotations(2), f64({0}, {1})};
  const Percept p{Tensor::eye(3, float64, "CPU"), true, f64({0.5}, {1}), 0.0};
  EXPECT_THROW((void)evidence_step(t.model, bad, p, std::nullopt, t.params), Error);
}

TEST(EvidenceStep, NearestNeighboursAreOneKernelWithoutTheDistanceMatrix) {
  // 3000 hypotheses against 2000 nodes: the fused top-k reads P and l and writes only (H, K) results.
  const int64_t n = 2000, h = 3000;
  const ObjectModel m =
      ObjectModel::make(Tensor::rand({n, 3}, 1, float64, "CPU"), Tensor::rand({n, 9}, 2, float64, "CPU"),
                        Tensor::ones({n}, bool_, "CPU"), Tensor::rand({n, 1}, 3, float64, "CPU"), float64);
  m.locations.buffer();
  Tensor l = Tensor::rand({h, 3}, 4, float64, "CPU").realize();
  const Hypotheses hyps{l, identity_rotations(h).realize(), Tensor::zeros({h}, float64, "CPU").realize()};
  const Percept p{Tensor::eye(3, float64, "CPU"), true, f64({0.5}, {1}), 0.0};
  EvidenceParams params;
  params.max_neighbors = 10;
  EvidenceStep s = evidence_step(m, hyps, p, std::nullopt, params);
  const uint64_t before = kernels_launched();
  Tensor::realize_all({&s.nn_ids});
  EXPECT_EQ(kernels_launched() - before, 1u);
}

} // namespace
} // namespace lmc::lm
