// Monty's golden evidence-step cases through the stacked step with B = 3: each case twice (once with its evidence
// shifted by a constant where the threshold allows), stacked with the other case, all padded by 7 nodes and 5
// hypotheses beyond their N and H. Float64 within 1e-9 of the golden hyp_evidence_out, the golden nn_ids of tested rows
// exactly. Skips when the golden data is absent.
#include "lm/npy.hpp"
#include "lm/stacked_evidence.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lmc::lm {
namespace {

namespace fs = std::filesystem;

std::string golden_dir() {
  const char* env = std::getenv("LMC_GOLDEN_DIR");
  return env && *env ? env : LMC_GOLDEN_DIR_DEFAULT;
}

struct Case {
  NpyArray get(const std::string& name) const { return read_npy((dir / (name + ".npy")).string()); }
  fs::path dir;
  nlohmann::json params;
};

Tensor pad_rows(const Tensor& t, int64_t rows, double value) {
  std::vector<std::pair<int64_t, int64_t>> pads(static_cast<size_t>(t.ndim()), {0, 0});
  pads[0] = {0, rows - t.shape()[0]};
  return t.pad(pads, value);
}

// Stacks the named cases with the params of the first (K, threshold) and checks every entry named like the first
// against its golden outputs; the other entries are there to be padded against (their own K or threshold differ).
void run_stack(const std::vector<std::string>& names, const std::vector<double>& shift) {
  const fs::path root = golden_dir();
  std::vector<Case> cases;
  for (const std::string& name : names) {
    std::ifstream in(root / name / "case.json");
    cases.push_back(Case{root / name, nlohmann::json::parse(in).at("params")});
  }
  // Both cases share Monty's benchmark feature layout: hsv (hue circular) and principal_curvatures_log.
  const nlohmann::json& first = cases[0].params;
  EvidenceParams params;
  params.max_neighbors = first.at("K").get<int64_t>();
  params.max_match_distance = first.at("max_match_distance").get<double>();
  params.features = FeatureSpec{{0.1, 0.2, 0.2, 1, 1}, {2, 0.5, 0.5, 1, 1}, {true, false, false, false, false}, 1.0};
  params.past_weight = first.value("past_weight", 1.0);
  params.present_weight = first.value("present_weight", 1.0);
  const std::string threshold = first.at("evidence_threshold_config").get<std::string>();
  if (threshold == "x_percent_threshold") {
    const double mlh = first.at("max_global_evidence").get<double>(), x = first.at("x_percent_threshold").get<double>();
    params.threshold = Threshold{Threshold::Kind::Value, x, mlh, mlh - mlh / 100 * x};
  } else {
    ASSERT_EQ(threshold, "all");
  }
  int64_t n_max = 0, h_max = 0;
  for (const Case& c : cases) {
    n_max = std::max(n_max, c.get("model_locations").shape[0]);
    h_max = std::max(h_max, c.get("hyp_evidence_in").shape[0]);
  }
  // Both golden cases have the same N and H: pad beyond them so every entry carries padding nodes and rows.
  n_max += 7;
  h_max += 5;
  std::vector<Tensor> P, V, U, X, NV, L, R, E, HV, S, Q, D;
  std::vector<double> pfd, flat;
  std::vector<int64_t> hs;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const ObjectModel m = ObjectModel::make(to_tensor(c.get("model_locations"), float64, "CPU"),
                                            to_tensor(c.get("model_pose_vectors"), float64, "CPU"),
                                            to_tensor(c.get("model_pose_fully_defined"), float64, "CPU"),
                                            to_tensor(c.get("model_features"), float64, "CPU"), float64);
    const int64_t n = m.num_nodes(), h = c.get("hyp_evidence_in").shape[0];
    hs.push_back(h);
    P.push_back(pad_rows(m.locations, n_max, 0));
    V.push_back(pad_rows(m.pose_vectors, n_max, 0));
    U.push_back(pad_rows(m.pose_fully_defined.cast(float64), n_max, 0) != 0.0);
    X.push_back(pad_rows(m.features, n_max, 0));
    NV.push_back(pad_rows(Tensor::ones({n}, float64, "CPU"), n_max, 0) != 0.0);
    L.push_back(pad_rows(to_tensor(c.get("hyp_locations_in"), float64, "CPU"), h_max, 0));
    R.push_back(pad_rows(to_tensor(c.get("hyp_rotations"), float64, "CPU"), h_max, 0));
    E.push_back(pad_rows(to_tensor(c.get("hyp_evidence_in"), float64, "CPU") + shift[i], h_max, 0));
    HV.push_back(pad_rows(Tensor::ones({h}, float64, "CPU"), h_max, 0) != 0.0);
    S.push_back(to_tensor(c.get("sensed_pose_vectors"), float64, "CPU"));
    const NpyArray q = c.get("sensed_features");
    Q.push_back(to_tensor(q, float64, "CPU"));
    D.push_back(to_tensor(c.get("displacement"), float64, "CPU").reshape({3}));
    pfd.push_back(c.params.at("pose_fully_defined").get<bool>() ? 1 : 0);
    const std::vector<double> qv = q.as_double();
    flat.push_back(1 / (std::max(std::abs(qv.at(3)), std::abs(qv.at(4))) + 0.5));
  }
  const int64_t b = static_cast<int64_t>(cases.size());
  const StackedModels sm{Tensor::stack(P), Tensor::stack(V), Tensor::stack(U), Tensor::stack(X), Tensor::stack(NV)};
  const StackedHypotheses sh{Tensor::stack(L), Tensor::stack(R), Tensor::stack(E), Tensor::stack(HV)};
  const StackedPercepts sp{Tensor::stack(S), Tensor::from_vector(pfd, {b}, "CPU"), Tensor::stack(Q),
                           Tensor::from_vector(flat, {b}, "CPU"), Tensor::stack(D)};
  StackedEvidenceStep st = stacked_evidence_step(sm, sh, sp, params);
  Tensor::realize_all({&st.evidence, &st.nn_ids});
  const std::vector<double> got = st.evidence.to_vector<double>();
  const std::vector<int32_t> ids = st.nn_ids.to_vector<int32_t>();
  const int64_t k = params.max_neighbors;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (names[i] != names[0]) continue;
    const std::vector<double> want = cases[i].get("hyp_evidence_out").as_double();
    const std::vector<bool> tested = cases[i].get("tested").as_bool();
    const std::vector<int64_t> want_ids = cases[i].get("nn_ids").as_int64(); // (Ht, K), tested rows in order
    ASSERT_EQ(static_cast<int64_t>(want.size()), hs[i]);
    int64_t bad = 0, t = 0;
    for (int64_t r = 0; r < hs[i]; ++r) {
      const int64_t row = static_cast<int64_t>(i) * h_max + r;
      if (std::abs(got[row] - (want[r] + shift[i])) > 1e-9 && bad++ < 5)
        ADD_FAILURE() << "case " << i << " hypothesis " << r << ": " << got[row] << " vs " << want[r] + shift[i];
      if (!tested[static_cast<size_t>(r)]) continue;
      for (int64_t j = 0; j < k; ++j)
        if (ids[row * k + j] != want_ids[t * k + j] && bad++ < 5)
          ADD_FAILURE() << "case " << i << " hypothesis " << r << " neighbour " << j;
      ++t;
    }
    EXPECT_EQ(bad, 0) << "case " << i;
  }
}

bool have_cases() {
  const fs::path root = golden_dir();
  return fs::exists(root / "evidence_step_pfd" / "case.json") && fs::exists(root / "evidence_step_nopfd" / "case.json");
}

TEST(StackedEvidenceGolden, PfdCaseStackedWithPaddingMatchesGolden) {
  if (!have_cases()) GTEST_SKIP() << "no golden evidence_step cases under " << golden_dir();
  // A constant shift of the input evidence moves the output by the same constant under the "all" threshold.
  run_stack({"evidence_step_pfd", "evidence_step_nopfd", "evidence_step_pfd"}, {0, 0, 3.25});
}

TEST(StackedEvidenceGolden, NoPfdCaseStackedWithPaddingMatchesGolden) {
  if (!have_cases()) GTEST_SKIP() << "no golden evidence_step cases under " << golden_dir();
  run_stack({"evidence_step_nopfd", "evidence_step_pfd", "evidence_step_nopfd"}, {0, 0, 0});
}

} // namespace
} // namespace lmc::lm
