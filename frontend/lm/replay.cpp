// Golden-case replay: maps case.json's params onto the LM library's structs (feature columns, tolerances, weights,
// threshold) and the results back onto the case's array names, including the (Ht, .) rows of tested hypotheses.
#include "frontend/lm/replay.hpp"

#include "frontend/lm/lm.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

namespace lmc::lm {
namespace {

using nlohmann::json;

json read_case_json(const std::string& dir) {
  const std::string path = dir + "/case.json";
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("monty replay: cannot open {}", path));
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Error(fmt::format("monty replay: {} is not valid JSON: {}", path, e.what()));
  }
}

// The case's arrays by name, read on demand.
struct CaseArrays {
  std::string dir;
  std::map<std::string, std::string> files;

  CaseArrays(std::string d, const json& c) : dir(std::move(d)) {
    for (const json& a : c.at("arrays"))
      files[a.at("name").get<std::string>()] = a.at("file").get<std::string>();
  }
  NpyArray get(const std::string& name) const {
    auto it = files.find(name);
    if (it == files.end()) throw Error(fmt::format("monty replay: case {} has no array '{}'", dir, name));
    return read_npy(dir + "/" + it->second);
  }
};

std::vector<double> numbers(const json& j) {
  if (j.is_array()) return j.get<std::vector<double>>();
  return {j.get<double>()};
}

// Per-column tolerances, weights (default 1, as Monty's _fill_feature_weights_with_default) and circular flags.
FeatureSpec feature_spec(const json& params, int64_t num_columns) {
  FeatureSpec spec;
  spec.tolerances.assign(num_columns, NAN);
  spec.weights.assign(num_columns, 1.0);
  spec.circular.assign(num_columns, false);
  spec.increment = params.value("feature_evidence_increment", 1.0);
  const json& weights = params.at("feature_weights");
  for (const json& name : params.at("feature_order")) {
    const std::string f = name.get<std::string>();
    const auto cols = params.at("feature_columns").at(f).get<std::vector<int64_t>>();
    const std::vector<double> tol = numbers(params.at("tolerances").at(f));
    const std::vector<double> w = weights.contains(f) ? numbers(weights.at(f)) : std::vector<double>{};
    for (int64_t c = cols.at(0); c < cols.at(1); ++c) {
      const size_t i = static_cast<size_t>(c - cols[0]);
      spec.tolerances.at(c) = tol.size() == 1 ? tol[0] : tol.at(i);
      if (!w.empty()) spec.weights.at(c) = w.size() == 1 ? w[0] : w.at(i);
    }
  }
  for (int64_t c : params.value("circular_columns", std::vector<int64_t>{}))
    spec.circular.at(c) = true;
  for (int64_t c = 0; c < num_columns; ++c)
    if (std::isnan(spec.tolerances[c]))
      throw Error(fmt::format("monty replay: feature column {} has no tolerance in feature_columns", c));
  return spec;
}

// kappa (§5.4): max |principal_curvatures_log| of the sensed features, else Monty's fallback 10.
double sensed_curvature(const json& params, const std::vector<double>& q) {
  const json& cols = params.at("feature_columns");
  if (!cols.contains("principal_curvatures_log")) return 10.0;
  const auto c = cols.at("principal_curvatures_log").get<std::vector<int64_t>>();
  double kappa = 0;
  for (int64_t i = c.at(0); i < c.at(1); ++i)
    kappa = std::max(kappa, std::abs(q.at(i)));
  return kappa;
}

ObjectModel load_model(const CaseArrays& in, DType dtype, const std::string& device) {
  return ObjectModel::make(to_tensor(in.get("model_locations"), dtype, device),
                           to_tensor(in.get("model_pose_vectors"), dtype, device),
                           to_tensor(in.get("model_pose_fully_defined"), dtype, device),
                           to_tensor(in.get("model_features"), dtype, device), dtype);
}

// Rows of a host array whose first axis is H, kept where `keep` is true (Monty's (Ht, .) arrays).
NpyArray select_rows(const NpyArray& a, const std::vector<bool>& keep) {
  const size_t row = a.data.size() / std::max<size_t>(1, keep.size());
  NpyArray out{a.dtype, a.shape, {}};
  out.shape[0] = 0;
  for (size_t i = 0; i < keep.size(); ++i)
    if (keep[i]) {
      out.data.insert(out.data.end(), a.data.begin() + static_cast<std::ptrdiff_t>(i * row),
                      a.data.begin() + static_cast<std::ptrdiff_t>((i + 1) * row));
      ++out.shape[0];
    }
  return out;
}

double scalar(const Tensor& t) {
  return t.cast(float64).to_vector<double>().at(0);
}

ReplayResult replay_evidence_step(const json& c, const CaseArrays& in, DType dtype, const std::string& device) {
  const json& p = c.at("params");
  const ObjectModel model = load_model(in, dtype, device);
  const NpyArray q = in.get("sensed_features");
  const std::vector<double> pose_weights = p.at("feature_weights").contains("pose_vectors")
                                               ? numbers(p.at("feature_weights").at("pose_vectors"))
                                               : std::vector<double>{1, 1, 1};

  EvidenceParams params;
  params.max_neighbors = p.at("K").get<int64_t>();
  params.max_match_distance = p.at("max_match_distance").get<double>();
  params.normal_weight = pose_weights.at(0);
  params.curvature_weight = pose_weights.at(1);
  params.features = feature_spec(p, model.features.shape()[1]);
  params.past_weight = p.value("past_weight", 1.0);
  params.present_weight = p.value("present_weight", 1.0);
  params.threshold = Threshold::parse(p.at("evidence_threshold_config").get<std::string>(),
                                      p.value("x_percent_threshold", 10.0), p.value("max_global_evidence", 0.0));

  const Percept percept{to_tensor(in.get("sensed_pose_vectors"), dtype, device), p.at("pose_fully_defined").get<bool>(),
                        to_tensor(q, dtype, device), sensed_curvature(p, q.as_double())};
  const Hypotheses hyps{to_tensor(in.get("hyp_locations_in"), dtype, device),
                        to_tensor(in.get("hyp_rotations"), dtype, device),
                        to_tensor(in.get("hyp_evidence_in"), dtype, device)};
  const Tensor d = to_tensor(in.get("displacement"), dtype, device);

  EvidenceStep step = evidence_step(model, hyps, percept, d, params);
  Tensor::realize_all(step.all());

  ReplayResult r{"evidence_step", {}, {}};
  const NpyArray tested = from_tensor(step.tested);
  const std::vector<bool> keep = tested.as_bool();
  std::vector<int64_t> ids;
  for (size_t i = 0; i < keep.size(); ++i)
    if (keep[i]) ids.push_back(static_cast<int64_t>(i));
  auto rows = [&](const Tensor& t) { return select_rows(from_tensor(t), keep); };
  r.arrays["hyp_locations_displaced"] = from_tensor(step.locations);
  r.arrays["tested"] = tested;
  r.arrays["tested_ids"] = NpyArray::of(ids, {static_cast<int64_t>(ids.size())});
  r.arrays["rotated_sensed_normal"] = rows(step.rotated_normal);
  r.arrays["rotated_sensed_cd1"] = rows(step.rotated_curvature);
  r.arrays["nn_ids"] = rows(step.nn_ids);
  r.arrays["nn_distances"] = rows(step.nn_distances);
  r.arrays["custom_distances"] = rows(step.custom_distances);
  r.arrays["mask"] = rows(step.mask);
  r.arrays["pose_evidence"] = rows(step.pose_evidence);
  r.arrays["node_feature_evidence"] = from_tensor(step.phi);
  r.arrays["neighbour_evidence"] = rows(step.neighbour_evidence);
  r.arrays["nu"] = rows(step.nu);
  r.arrays["evidence_add"] = from_tensor(step.evidence_add);
  r.arrays["hyp_evidence_out"] = from_tensor(step.evidence);
  r.scalars["evidence_update_threshold"] = scalar(step.threshold);
  r.scalars["num_tested"] = static_cast<double>(ids.size());
  r.scalars["min_update_mu"] = scalar(step.mu);
  r.scalars["mlh_prediction_error"] = scalar(step.prediction_error);
  r.scalars["curvature_kappa"] = percept.curvature;
  return r;
}

ReplayResult replay_initial_space(const json& c, const CaseArrays& in, DType dtype, const std::string& device) {
  const json& p = c.at("params");
  const ObjectModel model = load_model(in, dtype, device);
  const FeatureSpec spec = feature_spec(p, model.features.shape()[1]);
  const Tensor sensed = to_tensor(in.get("sensed_pose_vectors"), dtype, device);
  const Tensor q = to_tensor(in.get("sensed_features"), dtype, device);
  const int64_t umbilical = p.value("umbilical_num_poses", int64_t{8});

  ReplayResult r{"initial_space", {}, {}};
  // The case covers both sensed flags: pfd = true gives the n2_* arrays, pfd = false the n<umbilical>_* arrays.
  for (bool pfd : {true, false}) {
    const int64_t nr = informed_num_rotations(pfd, umbilical);
    const std::string prefix = fmt::format("n{}_", nr);
    Tensor frames = sensed_directions(sensed, nr);
    Tensor phi = node_feature_evidence(model.features, q, spec);
    Hypotheses h = initial_space(model, frames, phi);
    Tensor::realize_all({&frames, &phi, &h.locations, &h.rotations, &h.evidence});
    r.arrays[prefix + "sensed_directions"] = from_tensor(frames);
    r.arrays[prefix + "node_feature_evidence"] = from_tensor(phi);
    r.arrays[prefix + "locations"] = from_tensor(h.locations);
    r.arrays[prefix + "rotations"] = from_tensor(h.rotations);
    r.arrays[prefix + "evidence"] = from_tensor(h.evidence);
  }
  return r;
}

} // namespace

std::string case_kind(const std::string& case_dir) {
  return read_case_json(case_dir).at("kind").get<std::string>();
}

ReplayResult replay_case(const std::string& case_dir, DType dtype, const std::string& device) {
  if (dtype != float64 && dtype != float32)
    throw Error(fmt::format("monty replay: dtype {} is not supported (float64 or float32)", dtype.name()));
  const json c = read_case_json(case_dir);
  const std::string kind = c.at("kind").get<std::string>();
  const CaseArrays in(case_dir, c);
  try {
    if (kind == "evidence_step") return replay_evidence_step(c, in, dtype, device);
    if (kind == "initial_space") return replay_initial_space(c, in, dtype, device);
  } catch (const json::exception& e) {
    throw Error(fmt::format("monty replay: case {}: bad case.json: {}", case_dir, e.what()));
  }
  throw Error(fmt::format("monty replay: case kind '{}' is not supported yet (supported: evidence_step, "
                          "initial_space)",
                          kind));
}

} // namespace lmc::lm
