// The stacked evidence step against evidence_step run per pair: B = 3 pairs with different N and H (so models and
// hypotheses are padded), different percepts (pfd on and off, curvature, displacement); float64 within 1e-9, the same
// neighbours, padding rows untouched; per-pair thresholds (one testing nothing) with the resident batch's packed
// inputs.
#include "codegen/schedule.hpp"
#include "lm/stacked_evidence.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <optional>

namespace lmc::lm {
namespace {

Tensor rnd(Shape s, uint64_t seed, double lo, double hi) {
  return (Tensor::rand(std::move(s), seed, float64, "CPU") * (hi - lo) + lo).contiguous().realize();
}

// Rows of `t` (B, ...) padded with `value` to `rows` along axis 0 of each pair, then stacked.
Tensor pad_rows(const Tensor& t, int64_t rows, double value) {
  std::vector<std::pair<int64_t, int64_t>> pads(static_cast<size_t>(t.ndim()), {0, 0});
  pads[0] = {0, rows - t.shape()[0]};
  return t.pad(pads, value);
}

// B = 3 pairs with different N and H, percepts with pfd on and off, and each pair's unstacked inputs.
struct StackedCase {
  std::vector<int64_t> ns{37, 23, 41}, hs{53, 29, 61};
  int64_t b = 3, n_max = 41, h_max = 61;
  EvidenceParams params;
  std::vector<ObjectModel> models;
  std::vector<Hypotheses> hyps;
  std::vector<Percept> percepts;
  std::vector<Tensor> disp;
  std::optional<StackedModels> sm;
  std::optional<StackedHypotheses> sh;
  std::optional<StackedPercepts> spc;
};

StackedCase stacked_case() {
  StackedCase c;
  const std::vector<int64_t>& ns = c.ns;
  const std::vector<int64_t>& hs = c.hs;
  const int64_t b = c.b, n_max = c.n_max, h_max = c.h_max;
  EvidenceParams& params = c.params;
  std::vector<ObjectModel>& models = c.models;
  std::vector<Hypotheses>& hyps = c.hyps;
  std::vector<Percept>& percepts = c.percepts;
  std::vector<Tensor>& disp = c.disp;
  params.max_neighbors = 5;
  params.max_match_distance = 0.012;
  params.features = FeatureSpec{{0.1, 0.2, 0.2}, {2, 0.5, 0.5}, {true, false, false}, 1.0};
  std::vector<Tensor> sp, sv, su, sf, snv, hl, hr, he, hv, pp, pq;
  std::vector<double> pfd, flat;
  for (int64_t i = 0; i < b; ++i) {
    const uint64_t s = 100 * static_cast<uint64_t>(i);
    const int64_t n = ns[i], h = hs[i];
    ObjectModel m =
        ObjectModel::make(rnd({n, 3}, s + 1, -0.02, 0.02), rnd({n, 9}, s + 2, -1, 1),
                          (rnd({n}, s + 3, 0, 1) > 0.3).contiguous().realize(), rnd({n, 3}, s + 4, 0, 1), float64);
    Hypotheses hy{rnd({h, 3}, s + 5, -0.02, 0.02), rnd({h, 3, 3}, s + 6, -1, 1), rnd({h}, s + 7, -1, 2)};
    const Percept p{rnd({3, 3}, s + 8, -1, 1), i != 1, rnd({3}, s + 9, 0, 1), 0.3 + static_cast<double>(i)};
    disp.push_back(rnd({3}, s + 10, -0.003, 0.003));
    sp.push_back(pad_rows(m.locations, n_max, 0));
    sv.push_back(pad_rows(m.pose_vectors, n_max, 0));
    su.push_back(pad_rows(m.pose_fully_defined.cast(float64), n_max, 0) != 0.0);
    sf.push_back(pad_rows(m.features, n_max, 0));
    snv.push_back(pad_rows(Tensor::ones({n}, float64, "CPU"), n_max, 0) != 0.0);
    hl.push_back(pad_rows(hy.locations, h_max, 0));
    hr.push_back(pad_rows(hy.rotations, h_max, 0));
    he.push_back(pad_rows(hy.evidence, h_max, 7.5));
    hv.push_back(pad_rows(Tensor::ones({h}, float64, "CPU"), h_max, 0) != 0.0);
    pp.push_back(p.pose_vectors);
    pq.push_back(p.features);
    pfd.push_back(p.pose_fully_defined ? 1 : 0);
    flat.push_back(1 / (std::abs(p.curvature) + 0.5));
    models.push_back(m);
    hyps.push_back(hy);
    percepts.push_back(p);
  }
  c.sm = StackedModels{Tensor::stack(sp), Tensor::stack(sv), Tensor::stack(su), Tensor::stack(sf), Tensor::stack(snv)};
  c.sh = StackedHypotheses{Tensor::stack(hl), Tensor::stack(hr), Tensor::stack(he), Tensor::stack(hv)};
  c.spc = StackedPercepts{Tensor::stack(pp), Tensor::from_vector(pfd, {b}, "CPU"), Tensor::stack(pq),
                          Tensor::from_vector(flat, {b}, "CPU"), Tensor::stack(disp)};
  return c;
}

TEST(StackedEvidence, MatchesEvidenceStepPerPair) {
  StackedCase c = stacked_case();
  const std::vector<int64_t>& hs = c.hs;
  const int64_t b = c.b, h_max = c.h_max;
  const EvidenceParams& params = c.params;
  const StackedModels& sm = *c.sm;
  const StackedHypotheses& sh = *c.sh;
  const StackedPercepts& spc = *c.spc;
  std::vector<ObjectModel>& models = c.models;
  std::vector<Hypotheses>& hyps = c.hyps;
  std::vector<Percept>& percepts = c.percepts;
  std::vector<Tensor>& disp = c.disp;
  StackedEvidenceStep st = stacked_evidence_step(sm, sh, spc, params);
  Tensor::realize_all({&st.evidence, &st.nn_ids, &st.locations});
  const std::vector<double> got = st.evidence.to_vector<double>();
  const std::vector<int32_t> got_ids = st.nn_ids.to_vector<int32_t>();
  for (int64_t i = 0; i < b; ++i) {
    EvidenceStep ref = evidence_step(models[i], hyps[i], percepts[i], disp[i], params);
    Tensor::realize_all({&ref.evidence, &ref.nn_ids});
    const std::vector<double> want = ref.evidence.to_vector<double>();
    const std::vector<int32_t> want_ids = ref.nn_ids.to_vector<int32_t>();
    for (int64_t r = 0; r < h_max; ++r) {
      const double g = got[i * h_max + r];
      if (r >= hs[i]) {
        EXPECT_EQ(g, 7.5) << "pair " << i << " padding row " << r;
        continue;
      }
      EXPECT_NEAR(g, want[r], 1e-9) << "pair " << i << " hypothesis " << r;
      for (int64_t j = 0; j < 5; ++j)
        EXPECT_EQ(got_ids[(i * h_max + r) * 5 + j], want_ids[r * 5 + j]) << "pair " << i << " hyp " << r;
    }
  }
}

// Per-pair thresholds, one above all of its pair's evidence (nothing tested: its evidence must stay as it was),
// with the resident batch's inputs (packed node rows, displaced locations given), against evidence_step with each
// pair's threshold as a Value.
TEST(StackedEvidence, PerPairThresholdsIncludingNothingTested) {
  StackedCase c = stacked_case();
  const std::vector<double> thresholds{0.4, 100.0, -1e300};
  StackedModels sm = *c.sm;
  sm.node_rows = pack_node_rows(sm);
  StackedHypotheses sh = *c.sh;
  sh.displaced = displace_stacked(sh.locations, sh.rotations, c.spc->displacement).contiguous();
  StackedPercepts spc = *c.spc;
  spc.threshold = Tensor::from_vector(thresholds, {c.b}, "CPU");
  StackedEvidenceStep st = stacked_evidence_step(sm, sh, spc, c.params);
  Tensor::realize_all({&st.evidence, &st.tested});
  const std::vector<double> got = st.evidence.to_vector<double>();
  const std::vector<bool> tested = st.tested.to_vector<bool>();
  for (int64_t i = 0; i < c.b; ++i) {
    EvidenceParams params = c.params;
    params.threshold.kind = Threshold::Kind::Value;
    params.threshold.value = thresholds[static_cast<size_t>(i)];
    EvidenceStep ref = evidence_step(c.models[i], c.hyps[i], c.percepts[i], c.disp[i], params);
    const std::vector<double> want = ref.evidence.to_vector<double>();
    const std::vector<double> before = c.hyps[i].evidence.to_vector<double>();
    int64_t tested_rows = 0;
    for (int64_t r = 0; r < c.hs[i]; ++r) {
      tested_rows += tested[i * c.h_max + r];
      EXPECT_NEAR(got[i * c.h_max + r], want[r], 1e-9) << "pair " << i << " hypothesis " << r;
      if (i == 1) {
        EXPECT_EQ(got[i * c.h_max + r], before[r]) << "untested pair, hypothesis " << r;
      }
    }
    if (i == 1)
      EXPECT_EQ(tested_rows, 0);
    else
      EXPECT_GT(tested_rows, 0) << "pair " << i;
  }
}

// The batched K-NN stays one fused top-k: no buffer of the schedule holds B x H x N values.
TEST(StackedEvidence, NeverMaterializesTheDistanceMatrix) {
  const int64_t b = 3, n = 211, h = 173;
  const StackedModels m{rnd({b, n, 3}, 1, 0, 1), rnd({b, n, 9}, 2, 0, 1), rnd({b, n}, 3, 0, 1) > 0.5,
                        rnd({b, n, 3}, 4, 0, 1), rnd({b, n}, 5, 0, 1) > 0.1};
  const StackedHypotheses hy{rnd({b, h, 3}, 6, 0, 1), rnd({b, h, 3, 3}, 7, 0, 1), rnd({b, h}, 8, 0, 1),
                             rnd({b, h}, 9, 0, 1) > 0.2};
  const StackedPercepts p{rnd({b, 3, 3}, 10, 0, 1), rnd({b}, 11, 0, 1), rnd({b, 3}, 12, 0, 1), rnd({b}, 13, 0, 1),
                          rnd({b, 3}, 14, 0, 1)};
  EvidenceParams params;
  params.max_neighbors = 10;
  params.features = FeatureSpec{{0.1, 0.2, 0.2}, {2, 0.5, 0.5}, {true, false, false}, 1.0};
  const StackedEvidenceStep st = stacked_evidence_step(m, hy, p, params);
  const Schedule s = schedule({st.evidence.uop(), st.locations.uop()}, "CPU");
  for (const auto& [id, decl] : s.buffers)
    EXPECT_LT(decl.size, b * h * n) << "buffer " << id << " has " << decl.size << " elements";
}

TEST(StackedEvidence, RejectsMismatchedShapes) {
  const StackedModels m{rnd({2, 5, 3}, 1, 0, 1), rnd({2, 5, 9}, 2, 0, 1), rnd({2, 5}, 3, 0, 1) > 0.5,
                        rnd({2, 5, 3}, 4, 0, 1), rnd({2, 5}, 5, 0, 1) > -1.0};
  const StackedHypotheses h{rnd({2, 4, 3}, 6, 0, 1), rnd({2, 4, 3, 3}, 7, 0, 1), rnd({2, 4}, 8, 0, 1),
                            rnd({2, 4}, 9, 0, 1) > -1.0};
  StackedPercepts p{rnd({2, 3, 3}, 10, 0, 1), rnd({2}, 11, 0, 1), rnd({2, 3}, 12, 0, 1), rnd({2}, 13, 0, 1),
                    rnd({3, 3}, 14, 0, 1)};
  EXPECT_THROW(stacked_evidence_step(m, h, p, EvidenceParams{}), Error); // displacement (3, 3), not (B, 3)
}

} // namespace
} // namespace lmc::lm
