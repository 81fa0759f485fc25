// Golden-case replay: maps case.json's params onto the LM library's structs (feature columns, tolerances, weights,
// threshold) and the results back onto the case's array names, including the (Ht, .) rows of tested hypotheses.
#include "lm/replay.hpp"

#include "ir/file_io.hpp"
#include "lm/case_json.hpp"
#include "lm/lm.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

namespace lmc::lm {
namespace {

using nlohmann::json;

// The case's arrays by name, read on demand and checked against what case.json says of them.
struct CaseArrays {
  struct Entry {
    std::string file, dtype; // dtype "" when case.json does not give it
    std::optional<Shape> shape;
  };
  std::string dir;
  std::map<std::string, Entry> files;

  CaseArrays(std::string d, const json& c) : dir(std::move(d)) {
    for (const json& a : c.at("arrays")) {
      Entry e{a.at("file").get<std::string>(), a.value("dtype", std::string()), std::nullopt};
      if (a.contains("shape")) e.shape = a.at("shape").get<Shape>();
      files[a.at("name").get<std::string>()] = std::move(e);
    }
  }

  // The array's file, which must lie inside the case folder once links are resolved (a case is data someone
  // handed us: `../../../../dev/zero` or a link out of the folder is refused, not read).
  std::string path_of(const std::string& name, const std::string& file) const {
    namespace fs = std::filesystem;
    const fs::path rel(file);
    const auto refuse = [&](const std::string& why) {
      return CaseError(fmt::format("monty replay: case {}: array '{}' has file '{}': {}", dir, name, file, why));
    };
    if (file.empty() || rel.is_absolute()) throw refuse("expected a path relative to the case folder");
    for (const fs::path& part : rel)
      if (part == "..") throw refuse("expected a path inside the case folder (no '..')");
    std::error_code ec;
    const fs::path root = fs::canonical(dir, ec);
    if (ec) throw refuse(fmt::format("the case folder cannot be resolved: {}", ec.message()));
    const fs::path full = fs::canonical(root / rel, ec);
    if (ec) throw refuse(fmt::format("cannot open it: {}", ec.message()));
    const fs::path inside = full.lexically_relative(root);
    if (inside.empty() || *inside.begin() == "..")
      throw refuse(fmt::format("it resolves to {}, outside the case folder", full.string()));
    return full.string();
  }

  // The array `name`; `want` is the shape the replay needs (-1 for any size), checked after the file has been
  // checked against case.json's dtype and shape.
  NpyArray get(const std::string& name, const Shape& want = {}, std::optional<DType> want_dtype = {}) const {
    auto it = files.find(name);
    if (it == files.end()) throw CaseError(fmt::format("monty replay: case {} has no array '{}'", dir, name));
    const Entry& e = it->second;
    NpyArray a;
    try {
      a = read_npy(path_of(name, e.file));
    } catch (const CaseError&) {
      throw;
    } catch (const Error& err) {
      throw CaseError(fmt::format("monty replay: case {}: array '{}': {}", dir, name, err.what()));
    }
    const auto dtype_name = [](DType d) { return d == bool_ ? std::string("bool") : d.name(); };
    const std::string held = dtype_name(a.dtype);
    if (!e.dtype.empty() && e.dtype != held)
      throw CaseError(fmt::format("monty replay: case {}: array '{}' ({}) holds {}, case.json says {}", dir, name,
                                  e.file, held, e.dtype));
    if (want_dtype && *want_dtype != a.dtype)
      throw CaseError(fmt::format("monty replay: case {}: array '{}' ({}) holds {}, expected {}", dir, name, e.file,
                                  held, dtype_name(*want_dtype)));
    if (e.shape && *e.shape != a.shape)
      throw CaseError(fmt::format("monty replay: case {}: array '{}' ({}) has shape {}, case.json says {}", dir, name,
                                  e.file, shape_str(a.shape), shape_str(*e.shape)));
    bool fits = want.empty() || want.size() == a.shape.size();
    for (size_t i = 0; fits && i < want.size(); ++i)
      fits = want[i] < 0 || want[i] == a.shape[i];
    if (!fits) {
      std::string expected = "(";
      for (size_t i = 0; i < want.size(); ++i)
        expected += (i ? ", " : "") + (want[i] < 0 ? std::string("any") : std::to_string(want[i]));
      throw CaseError(fmt::format("monty replay: case {}: array '{}' has shape {}, expected {}{}", dir, name,
                                  shape_str(a.shape), expected, want.size() == 1 ? ",)" : ")"));
    }
    return a;
  }

  // Checks one object's four model arrays (N >= 1 nodes, F feature columns; F < 0 for any) and returns N.
  int64_t model_nodes(const std::string& prefix, int64_t num_features) const {
    const int64_t n = get(prefix + "model_locations", {-1, 3}, float64).shape[0];
    if (n < 1)
      throw CaseError(
          fmt::format("monty replay: case {}: array '{}model_locations' has no nodes (expected N >= 1)", dir, prefix));
    get(prefix + "model_pose_vectors", {n, 9}, float64);
    get(prefix + "model_pose_fully_defined", {n}); // bool, or Monty's float flag (ObjectModel::make takes both)
    get(prefix + "model_features", {n, num_features}, float64);
    return n;
  }
};

// Per-column tolerances, weights (default 1, as Monty's _fill_feature_weights_with_default) and circular flags.
FeatureSpec feature_spec(const json& params, int64_t num_columns) {
  FeatureSpec spec;
  spec.tolerances.assign(num_columns, NAN);
  spec.weights.assign(num_columns, 1.0);
  spec.circular.assign(num_columns, false);
  spec.increment = real_param(params, "feature_evidence_increment", 1.0, 0, kMaxWeight);
  const json& weights = params.at("feature_weights");
  for (const char* key : {"feature_weights", "tolerances", "feature_columns"}) // a number or list there read as "none"
    if (!params.at(key).is_object())
      throw CaseError(
          fmt::format("monty replay: params.{} = {}: expected an object keyed by feature", key, params.at(key).dump()));
  for (const json& name : params.at("feature_order")) {
    const std::string f = name.get<std::string>();
    const auto cols = params.at("feature_columns").at(f).get<std::vector<int64_t>>();
    if (cols.size() != 2 || cols[0] < 0 || cols[0] > cols[1] || cols[1] > num_columns)
      throw CaseError(fmt::format("monty replay: params.feature_columns.{} = {}: expected [begin, end] with 0 <= begin "
                                  "<= end <= {} (the model's feature columns)",
                                  f, params.at("feature_columns").at(f).dump(), num_columns));
    const size_t count = static_cast<size_t>(cols[1] - cols[0]);
    const std::vector<double> tol =
        numbers(params.at("tolerances").at(f), "params.tolerances." + f, count, 0, kMaxTolerance, true);
    const std::vector<double> w =
        weights.contains(f) ? numbers(weights.at(f), "params.feature_weights." + f, count, 0, kMaxWeight, false)
                            : std::vector<double>(count, 1.0);
    for (int64_t c = cols[0]; c < cols[1]; ++c) {
      const size_t i = static_cast<size_t>(c - cols[0]);
      spec.tolerances.at(c) = tol[i];
      spec.weights.at(c) = w[i];
    }
  }
  const json circular = params.value("circular_columns", json::array());
  if (!circular.is_array())
    throw CaseError(
        fmt::format("monty replay: params.circular_columns = {}: expected a list of columns", circular.dump()));
  for (const json& v : circular) { // each an integer column: 2.5 was read as column 2
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() >= num_columns)
      throw CaseError(fmt::format("monty replay: params.circular_columns holds {}: expected a column in [0, {})",
                                  v.dump(), num_columns));
    spec.circular[static_cast<size_t>(v.get<int64_t>())] = true;
  }
  for (int64_t c = 0; c < num_columns; ++c)
    if (std::isnan(spec.tolerances[c]))
      throw CaseError(fmt::format("monty replay: feature column {} has no tolerance in feature_columns", c));
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

// The evidence step's parameters from case.json's params (shared by the single-step and episode cases); K must not
// exceed the smallest model's node count (Monty's K-NN would pad, the library would clamp: neither is the case).
EvidenceParams evidence_params(const json& p, int64_t num_feature_columns, int64_t min_nodes) {
  const std::vector<double> pose_weights = p.at("feature_weights").contains("pose_vectors")
                                               ? numbers(p.at("feature_weights").at("pose_vectors"),
                                                         "params.feature_weights.pose_vectors", 3, 0, kMaxWeight, false)
                                               : std::vector<double>{1, 1, 1};
  EvidenceParams params;
  params.max_neighbors = int_param(p, "K", 1, min_nodes, fmt::format(" (the smallest model has N = {})", min_nodes));
  params.max_match_distance =
      real_value(p.at("max_match_distance"), "params.max_match_distance", 0, kMaxDistance, true);
  params.normal_weight = pose_weights.at(0);
  params.curvature_weight = pose_weights.at(1);
  params.features = feature_spec(p, num_feature_columns);
  params.past_weight = real_param(p, "past_weight", 1.0, 0, kMaxWeight);
  params.present_weight = real_param(p, "present_weight", 1.0, 0, kMaxWeight);
  const json& threshold = p.at("evidence_threshold_config");
  try { // an unknown name is the case's mistake (exit 2), not an internal error
    params.threshold =
        Threshold::parse(threshold.get<std::string>(), real_param(p, "x_percent_threshold", 10.0, 0, 100),
                         real_param(p, "max_global_evidence", 0.0, -kMaxEvidence, kMaxEvidence));
  } catch (const CaseError&) {
    throw;
  } catch (const Error& e) {
    throw CaseError(fmt::format("monty replay: params.evidence_threshold_config = {}: {}", threshold.dump(), e.what()));
  }
  return params;
}

// The object model whose arrays are named `prefix`model_* ("" for single-object cases, "obj<o>_" in an episode).
ObjectModel load_model(const CaseArrays& in, DType dtype, const std::string& device, const std::string& prefix = "") {
  return ObjectModel::make(to_tensor(in.get(prefix + "model_locations"), dtype, device),
                           to_tensor(in.get(prefix + "model_pose_vectors"), dtype, device),
                           to_tensor(in.get(prefix + "model_pose_fully_defined"), dtype, device),
                           to_tensor(in.get(prefix + "model_features"), dtype, device), dtype);
}

// The sizes of a burst episode, every one checked before any work: num_objects and num_steps >= 1, every object's
// model arrays (N >= 1, the same F feature columns), the (T, ...) step arrays with T = num_steps, and the integer
// parameters in range (so no replay divides by T = 0 or indexes past a short array).
struct BurstSizes {
  int64_t num_objects = 0, num_steps = 0, num_features = 0, min_nodes = 0;
  int64_t burst_duration = 0, umbilical = 0, window = 0, min_age = 0;
};

BurstSizes burst_sizes(const json& p, const CaseArrays& in) {
  constexpr int64_t kBig = int64_t{1} << 40;
  BurstSizes z;
  z.num_objects = int_param(p, "num_objects", 1, 100000);
  z.num_steps = int_param(p, "num_steps", 1, kBig);
  z.burst_duration = int_param(p, "sampling_burst_duration", 0, kBig);
  // Each step may add N * umbilical_num_poses hypotheses per object: a bound keeps a typo from exhausting memory.
  z.umbilical = int_param(p, "umbilical_num_poses", 1, 1000);
  z.window = int_param(p, "tracker_window_size", 1, 100000);
  z.min_age = int_param(p, "tracker_min_age", 0, kBig);
  z.num_features = in.get("step_sensed_features", {z.num_steps, -1}, float64).shape[1];
  z.min_nodes = std::numeric_limits<int64_t>::max();
  for (int64_t o = 0; o < z.num_objects; ++o) {
    const std::string prefix = fmt::format("obj{}_", o);
    z.min_nodes = std::min(z.min_nodes, in.model_nodes(prefix, z.num_features));
    in.get(prefix + "model_pose_fully_defined", {}, bool_); // the backend's model data takes bools
  }
  in.get("step_sensed_pose_vectors", {z.num_steps, 3, 3}, float64);
  in.get("step_displacement", {z.num_steps, 3}, float64);
  in.get("step_pose_fully_defined", {z.num_steps}, bool_);
  in.get("step_has_displacement", {z.num_steps}, bool_);
  return z;
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
  const int64_t n = in.model_nodes("", -1);
  const ObjectModel model = load_model(in, dtype, device);
  const int64_t f = model.features.shape()[1];
  const NpyArray q = in.get("sensed_features", {f});
  const EvidenceParams params = evidence_params(p, f, n);
  in.get("sensed_pose_vectors", {3, 3});
  in.get("displacement", {3});
  const int64_t h = in.get("hyp_evidence_in", {-1}).shape[0];
  in.get("hyp_locations_in", {h, 3});
  in.get("hyp_rotations", {h, 3, 3});

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
  in.model_nodes("", -1);
  const ObjectModel model = load_model(in, dtype, device);
  const int64_t f = model.features.shape()[1];
  const FeatureSpec spec = feature_spec(p, f);
  const Tensor sensed = to_tensor(in.get("sensed_pose_vectors", {3, 3}), dtype, device);
  const Tensor q = to_tensor(in.get("sensed_features", {f}), dtype, device);
  // Each node gets umbilical_num_poses hypotheses: bounded so a typo cannot exhaust memory.
  const int64_t umbilical = p.contains("umbilical_num_poses") ? int_param(p, "umbilical_num_poses", 1, 1000) : 8;

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

// Rows appended step by step to one ragged output array (the burst episode's obj<o>_* arrays).
template <class T>
struct Ragged {
  std::vector<T> values;
  Shape row_shape;
  int64_t rows = 0;

  // The first n rows of v (the live rows of a padded array).
  void append(const std::vector<T>& v, int64_t n) {
    const size_t width = static_cast<size_t>(shape_numel(row_shape));
    values.insert(values.end(), v.begin(), v.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(n) * width));
    rows += n;
  }
  NpyArray array() const {
    Shape s{rows};
    s.insert(s.end(), row_shape.begin(), row_shape.end());
    return NpyArray::of(values, s);
  }
};

std::vector<int64_t> host_int64(const Tensor& t) {
  return t.cast(int64).to_vector<int64_t>();
}

std::vector<bool> host_bool(const Tensor& t) {
  std::vector<bool> out;
  for (int64_t v : host_int64(t.cast(int32)))
    out.push_back(v != 0);
  return out;
}

std::vector<double> host_double(const Tensor& t) {
  return t.cast(float64).to_vector<double>();
}

// A burst episode's per-step sensor inputs, checked against the case's sizes, one step's row at a time.
struct EpisodeSteps {
  std::vector<double> pose_vectors, features, displacement;
  std::vector<bool> pfd, moved;
  size_t num_features = 0;

  EpisodeSteps(const CaseArrays& in, int64_t num_steps, int64_t features_per_step)
      : pose_vectors(in.get("step_sensed_pose_vectors", {num_steps, 3, 3}, float64).as_double()),
        features(in.get("step_sensed_features", {num_steps, features_per_step}, float64).as_double()),
        displacement(in.get("step_displacement", {num_steps, 3}, float64).as_double()),
        pfd(in.get("step_pose_fully_defined", {num_steps}, bool_).as_bool()),
        moved(in.get("step_has_displacement", {num_steps}, bool_).as_bool()),
        num_features(static_cast<size_t>(features_per_step)) {}

  std::vector<double> pose(int64_t t) const { return row(pose_vectors, t, 9); }
  std::vector<double> query(int64_t t) const { return row(features, t, num_features); }
  std::vector<double> move(int64_t t) const { return row(displacement, t, 3); }

private:
  static std::vector<double> row(const std::vector<double>& v, int64_t t, size_t width) {
    return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(t) * width),
                               v.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(t + 1) * width));
  }
};

// Everything the case records for one object, step after step.
struct ObjectRecord {
  std::vector<int64_t> count, offsets{0}, retained_offsets{0}, new_node_offsets{0}, num_retained, num_new, num_variants;
  std::vector<double> threshold, prediction_error, phi;
  Ragged<double> locations{{}, {3}}, rotations{{}, {3, 3}}, evidence, slopes, tracker_buffer{{}, {10}};
  Ragged<int64_t> ages, new_node_ids;
  std::vector<bool> retained;
};

// The case's arrays from what a replay recorded step by step.
ReplayResult burst_result(const std::vector<ObjectRecord>& rec, const std::vector<ObjectModel>& models,
                          int64_t num_steps, const std::vector<double>& max_slope,
                          const std::vector<int64_t>& burst_steps, const std::vector<bool>& triggered,
                          const std::vector<double>& max_evidence, const std::vector<bool>& possible,
                          const std::vector<int64_t>& mlh_object, const std::vector<int64_t>& mlh_index,
                          const std::vector<double>& mlh_evidence, const std::vector<double>& mlh_location,
                          const std::vector<double>& mlh_rotation) {
  const auto num_objects = static_cast<int64_t>(rec.size());
  ReplayResult r{"burst_episode", {}, {}};
  const int64_t steps = num_steps;
  r.arrays["step_max_global_slope"] = NpyArray::of(max_slope, {steps});
  r.arrays["step_burst_steps_at_enter"] = NpyArray::of(burst_steps, {steps});
  r.arrays["step_burst_triggered"] = NpyArray::of(triggered, {steps});
  // The LM's per-step results (not in Monty's golden data; the tests check them against the golden evidence).
  r.arrays["step_max_evidence"] = NpyArray::of(max_evidence, {steps, num_objects});
  r.arrays["step_possible_matches"] = NpyArray::of(possible, {steps, num_objects});
  r.arrays["step_mlh_object"] = NpyArray::of(mlh_object, {steps});
  r.arrays["step_mlh_index"] = NpyArray::of(mlh_index, {steps});
  r.arrays["step_mlh_evidence"] = NpyArray::of(mlh_evidence, {steps});
  r.arrays["step_mlh_location"] = NpyArray::of(mlh_location, {steps, 3});
  r.arrays["step_mlh_rotation"] = NpyArray::of(mlh_rotation, {steps, 3, 3});
  for (int64_t o = 0; o < num_objects; ++o) {
    const ObjectRecord& x = rec[static_cast<size_t>(o)];
    const std::string pre = fmt::format("obj{}_", o);
    const int64_t n = models[static_cast<size_t>(o)].num_nodes();
    r.arrays[pre + "count"] = NpyArray::of(x.count, {steps});
    r.arrays[pre + "offsets"] = NpyArray::of(x.offsets, {steps + 1});
    r.arrays[pre + "threshold"] = NpyArray::of(x.threshold, {steps});
    r.arrays[pre + "locations"] = x.locations.array();
    r.arrays[pre + "rotations"] = x.rotations.array();
    r.arrays[pre + "evidence"] = x.evidence.array();
    r.arrays[pre + "retained"] = NpyArray::of(x.retained, {static_cast<int64_t>(x.retained.size())});
    r.arrays[pre + "retained_offsets"] = NpyArray::of(x.retained_offsets, {steps + 1});
    r.arrays[pre + "num_retained"] = NpyArray::of(x.num_retained, {steps});
    r.arrays[pre + "num_new"] = NpyArray::of(x.num_new, {steps});
    r.arrays[pre + "num_variants"] = NpyArray::of(x.num_variants, {steps});
    r.arrays[pre + "new_node_ids"] = x.new_node_ids.array();
    r.arrays[pre + "new_node_offsets"] = NpyArray::of(x.new_node_offsets, {steps + 1});
    r.arrays[pre + "slopes"] = x.slopes.array();
    r.arrays[pre + "ages"] = x.ages.array();
    r.arrays[pre + "tracker_buffer"] = x.tracker_buffer.array();
    r.arrays[pre + "node_feature_evidence"] = NpyArray::of(x.phi, {steps, n});
    r.arrays[pre + "prediction_error"] = NpyArray::of(x.prediction_error, {steps});
  }
  return r;
}

ReplayResult replay_burst_episode(const json& c, const CaseArrays& in, DType dtype, const std::string& device) {
  const json& p = c.at("params");
  const BurstSizes z = burst_sizes(p, in);
  const int64_t num_objects = z.num_objects;
  const int64_t num_steps = z.num_steps;
  std::vector<ObjectModel> models;
  for (int64_t o = 0; o < num_objects; ++o)
    models.push_back(load_model(in, dtype, device, fmt::format("obj{}_", o)));

  BurstParams params;
  params.sampling_multiplier =
      real_value(p.at("sampling_multiplier"), "params.sampling_multiplier", 0, kMaxSamplingMultiplier);
  params.deletion_trigger_slope =
      real_value(p.at("deletion_trigger_slope"), "params.deletion_trigger_slope", -kMaxWeight, kMaxWeight);
  params.sampling_burst_duration = z.burst_duration;
  params.burst_trigger_slope =
      real_value(p.at("burst_trigger_slope"), "params.burst_trigger_slope", -kMaxWeight, kMaxWeight);
  params.umbilical_num_poses = z.umbilical;
  params.tracker_window = z.window;
  params.tracker_min_age = z.min_age;
  params.evidence = evidence_params(p, z.num_features, z.min_nodes);
  const double x_percent = real_param(p, "x_percent_threshold", 10.0, 0, 100);
  BurstUpdater updater(models, params);

  const EpisodeSteps steps(in, num_steps, z.num_features);

  std::vector<ObjectRecord> rec(static_cast<size_t>(num_objects));
  for (ObjectRecord& r : rec)
    r.tracker_buffer.row_shape = {params.tracker_window};
  std::vector<double> max_slope, mlh_evidence, mlh_location, mlh_rotation, max_evidence;
  std::vector<int64_t> burst_steps, mlh_object, mlh_index;
  std::vector<bool> triggered, possible;
  for (int64_t t = 0; t < num_steps; ++t) {
    const std::vector<double> q = steps.query(t);
    const Percept percept{Tensor::from_vector(steps.pose(t), {3, 3}, device).cast(dtype), steps.pfd.at(t),
                          Tensor::from_vector(q, {static_cast<int64_t>(q.size())}, device).cast(dtype),
                          sensed_curvature(p, q)};
    std::optional<Tensor> d;
    if (steps.moved.at(t)) d = Tensor::from_vector(steps.move(t), {3}, device).cast(dtype);
    const BurstStep step = updater.step(percept, d);
    max_slope.push_back(step.max_global_slope);
    burst_steps.push_back(step.burst_steps_at_enter);
    triggered.push_back(step.burst_triggered);

    std::vector<std::optional<Hypotheses>> state;
    for (int64_t o = 0; o < num_objects; ++o) {
      const BurstObjectStep& s = step.objects[static_cast<size_t>(o)];
      const BurstObject& obj = updater.object(static_cast<size_t>(o));
      ObjectRecord& r = rec[static_cast<size_t>(o)];
      state.push_back(obj.hypotheses);
      const int64_t h = obj.size();
      r.count.push_back(h);
      r.offsets.push_back(r.offsets.back() + h);
      r.threshold.push_back(s.threshold);
      r.prediction_error.push_back(s.prediction_error);
      r.num_retained.push_back(s.num_retained);
      r.num_new.push_back(s.num_new);
      r.num_variants.push_back(s.num_variants);
      const std::vector<double> phi = host_double(s.phi);
      r.phi.insert(r.phi.end(), phi.begin(), phi.end());
      if (s.retained) {
        const std::vector<bool> keep = host_bool(*s.retained);
        r.retained.insert(r.retained.end(), keep.begin(), keep.begin() + s.num_previous);
      }
      r.retained_offsets.push_back(static_cast<int64_t>(r.retained.size()));
      if (s.new_node_ids) r.new_node_ids.append(host_int64(*s.new_node_ids), s.new_node_ids->shape()[0]);
      r.new_node_offsets.push_back(r.new_node_ids.rows);
      if (h == 0) continue;
      Tensor slopes = obj.tracker.slopes(), window = obj.tracker.chronological();
      Tensor::realize_all({&slopes, &window});
      r.locations.append(host_double(obj.hypotheses->locations), h);
      r.rotations.append(host_double(obj.hypotheses->rotations), h);
      r.evidence.append(host_double(obj.hypotheses->evidence), h);
      r.slopes.append(host_double(slopes), h);
      r.ages.append(obj.tracker.host_ages(), h);
      r.tracker_buffer.append(host_double(window), h);
    }

    const MatchResults m = match_results(state, x_percent);
    max_evidence.insert(max_evidence.end(), m.max_evidence.begin(), m.max_evidence.end());
    possible.insert(possible.end(), m.possible.begin(), m.possible.end());
    mlh_object.push_back(m.mlh.object);
    mlh_index.push_back(m.mlh.index);
    mlh_evidence.push_back(m.mlh.evidence);
    const std::vector<double> no_location(3, NAN), no_rotation(9, NAN);
    const std::vector<double>& loc = m.mlh.object >= 0 ? m.mlh.location : no_location;
    const std::vector<double>& rot = m.mlh.object >= 0 ? m.mlh.rotation : no_rotation;
    mlh_location.insert(mlh_location.end(), loc.begin(), loc.end());
    mlh_rotation.insert(mlh_rotation.end(), rot.begin(), rot.end());
  }

  return burst_result(rec, models, num_steps, max_slope, burst_steps, triggered, max_evidence, possible, mlh_object,
                      mlh_index, mlh_evidence, mlh_location, mlh_rotation);
}

// An object's model as the backend takes it: host arrays from the case.
ObjectModelData model_data(const CaseArrays& in, const std::string& prefix) {
  ObjectModelData m;
  m.locations = in.get(prefix + "model_locations").as_double();
  m.pose_vectors = in.get(prefix + "model_pose_vectors").as_double();
  for (bool b : in.get(prefix + "model_pose_fully_defined").as_bool())
    m.pose_fully_defined.push_back(b ? 1 : 0);
  m.features = in.get(prefix + "model_features").as_double();
  return m;
}

// Monty's slope of each tracker row (monty_hypothesis_ops.md §6.3, one channel): the mean of the finite differences
// of consecutive window values, NaN when there is none.
std::vector<double> host_slopes(const std::vector<double>& window, int64_t w) {
  std::vector<double> out;
  for (size_t r = 0; r + static_cast<size_t>(w) <= window.size(); r += static_cast<size_t>(w)) {
    double total = 0;
    int count = 0;
    for (int64_t t = 0; t + 1 < w; ++t) {
      const double d = window[r + static_cast<size_t>(t) + 1] - window[r + static_cast<size_t>(t)];
      if (std::isnan(d)) continue;
      total += d;
      ++count;
    }
    out.push_back(count ? total / count : NAN);
  }
  return out;
}

// The same episode through the LM backend: every step one dispatch, with the full arrays read back to fill the case's
// per-step arrays.
ReplayResult replay_burst_episode_backend(const json& c, const CaseArrays& in, DType dtype, const std::string& device,
                                          const ReplayOptions& options) {
  const json& p = c.at("params");
  const BurstSizes z = burst_sizes(p, in);
  const int64_t num_objects = z.num_objects;
  const int64_t num_steps = z.num_steps;
  std::vector<ObjectModelData> objects;
  std::vector<ObjectModel> models; // for phi, an intermediate the backend keeps on the device
  for (int64_t o = 0; o < num_objects; ++o) {
    objects.push_back(model_data(in, fmt::format("obj{}_", o)));
    models.push_back(load_model(in, dtype, device, fmt::format("obj{}_", o)));
  }
  BackendConfig config;
  config.device = device;
  config.float32 = dtype == float32;
  config.mode = options.mode;
  config.params = evidence_params(p, z.num_features, z.min_nodes);
  config.umbilical_num_poses = z.umbilical;
  config.possible_match_x_percent = real_param(p, "x_percent_threshold", 10.0, 0, 100);
  config.updater = Updater::BurstSampling;
  config.burst.sampling_multiplier =
      real_value(p.at("sampling_multiplier"), "params.sampling_multiplier", 0, kMaxSamplingMultiplier);
  config.burst.deletion_trigger_slope =
      real_value(p.at("deletion_trigger_slope"), "params.deletion_trigger_slope", -kMaxWeight, kMaxWeight);
  config.burst.sampling_burst_duration = z.burst_duration;
  config.burst.burst_trigger_slope =
      real_value(p.at("burst_trigger_slope"), "params.burst_trigger_slope", -kMaxWeight, kMaxWeight);
  config.burst.tracker_window = z.window;
  config.burst.tracker_min_age = z.min_age;
  const int64_t window = config.burst.tracker_window;
  Backend backend(config);
  const int lm = backend.register_lm(objects);
  std::vector<int> group{lm};
  if (options.stacked_neighbours) {
    group.push_back(backend.register_lm(objects)); // the twin
    group.push_back(backend.register_lm(objects)); // input on even steps only
  }

  const EpisodeSteps steps(in, num_steps, z.num_features);

  std::vector<ObjectRecord> rec(static_cast<size_t>(num_objects));
  for (ObjectRecord& r : rec)
    r.tracker_buffer.row_shape = {window};
  std::vector<std::vector<double>> previous_evidence(static_cast<size_t>(num_objects));
  std::vector<double> max_slope, mlh_evidence, mlh_location, mlh_rotation, max_evidence;
  std::vector<int64_t> burst_steps, mlh_object, mlh_index;
  std::vector<bool> triggered, possible;
  double twin_mismatches = 0;
  for (int64_t t = 0; t < num_steps; ++t) {
    const std::vector<double> q = steps.query(t);
    Observation obs;
    const std::vector<double> pose = steps.pose(t);
    std::copy(pose.begin(), pose.end(), obs.pose_vectors.begin());
    obs.pose_fully_defined = steps.pfd.at(t);
    obs.features = q;
    obs.curvature = sensed_curvature(p, q);
    if (steps.moved.at(t)) {
      const std::vector<double> d = steps.move(t);
      obs.displacement = std::array<double, 3>{d[0], d[1], d[2]};
    }
    std::vector<std::optional<Observation>> inputs(group.size(), obs);
    if (options.stacked_neighbours && t % 2 == 1) inputs[2].reset();
    backend.dispatch({group}, inputs, DispatchOptions{std::nullopt, true});
    const StepResults& results = backend.wait();
    const LmResult& r = results.lms.at(static_cast<size_t>(lm));
    if (!r.burst) throw Error("monty replay: the backend returned no burst results");
    if (options.stacked_neighbours) {
      const LmResult& twin = results.lms.at(static_cast<size_t>(group[1]));
      twin_mismatches += twin.max_evidence != r.max_evidence || twin.best_hypothesis != r.best_hypothesis ||
                         twin.possible_matches != r.possible_matches ||
                         twin.burst->burst_steps_at_enter != r.burst->burst_steps_at_enter;
    }
    max_slope.push_back(r.burst->max_global_slope);
    burst_steps.push_back(r.burst->burst_steps_at_enter);
    triggered.push_back(r.burst->burst_triggered);
    const Tensor query = Tensor::from_vector(q, {static_cast<int64_t>(q.size())}, device).cast(dtype);
    const int64_t variants = informed_num_rotations(obs.pose_fully_defined, config.umbilical_num_poses);
    for (int64_t o = 0; o < num_objects; ++o) {
      const auto oi = static_cast<size_t>(o);
      const BurstObjectResult& s = r.burst->objects.at(oi);
      const HypothesesData& h = r.hypotheses.at(oi);
      ObjectRecord& x = rec[oi];
      const std::vector<double>& before = previous_evidence[oi];
      x.count.push_back(s.count);
      x.offsets.push_back(x.offsets.back() + s.count);
      x.threshold.push_back(before.empty() ? 0.0 : *std::min_element(before.begin(), before.end()));
      x.prediction_error.push_back(s.prediction_error);
      x.num_retained.push_back(s.num_retained);
      x.num_new.push_back(s.num_new);
      x.num_variants.push_back(s.num_new > 0 ? variants : 0);
      const std::vector<double> phi =
          host_double(node_feature_evidence(models[oi].features, query, config.params.features));
      x.phi.insert(x.phi.end(), phi.begin(), phi.end());
      if (!before.empty()) x.retained.insert(x.retained.end(), s.retained.begin(), s.retained.end());
      x.retained_offsets.push_back(static_cast<int64_t>(x.retained.size()));
      if (s.num_new > 0) x.new_node_ids.append(s.new_node_ids, static_cast<int64_t>(s.new_node_ids.size()));
      x.new_node_offsets.push_back(x.new_node_ids.rows);
      previous_evidence[oi] = h.evidence;
      if (s.count == 0) continue;
      x.locations.append(h.locations, s.count);
      x.rotations.append(h.rotations, s.count);
      x.evidence.append(h.evidence, s.count);
      x.slopes.append(host_slopes(s.tracker_window, window), s.count);
      x.ages.append(s.tracker_ages, s.count);
      x.tracker_buffer.append(s.tracker_window, s.count);
    }
    max_evidence.insert(max_evidence.end(), r.max_evidence.begin(), r.max_evidence.end());
    for (int64_t o = 0; o < num_objects; ++o)
      possible.push_back(std::count(r.possible_matches.begin(), r.possible_matches.end(), o) != 0);
    const bool any = r.most_likely.hypothesis >= 0;
    mlh_object.push_back(any ? r.most_likely.object : -1);
    mlh_index.push_back(any ? r.most_likely.hypothesis : -1);
    mlh_evidence.push_back(any ? r.most_likely.evidence : -std::numeric_limits<double>::infinity());
    for (double v : r.most_likely.location)
      mlh_location.push_back(any ? v : NAN);
    for (double v : r.most_likely.rotation)
      mlh_rotation.push_back(any ? v : NAN);
  }
  ReplayResult out = burst_result(rec, models, num_steps, max_slope, burst_steps, triggered, max_evidence, possible,
                                  mlh_object, mlh_index, mlh_evidence, mlh_location, mlh_rotation);
  out.scalars["twin_mismatches"] = twin_mismatches;
  return out;
}

} // namespace

std::string case_kind(const std::string& case_dir) {
  const json c = read_case_json(case_dir);
  if (!c.is_object() || !c.contains("kind") || !c.at("kind").is_string())
    throw CaseError(fmt::format("monty replay: {}/case.json has no \"kind\" string", case_dir));
  return c.at("kind").get<std::string>();
}

ReplayResult replay_case(const std::string& case_dir, DType dtype, const std::string& device,
                         const ReplayOptions& options) {
  if (dtype != float64 && dtype != float32)
    throw Error(fmt::format("monty replay: dtype {} is not supported (float64 or float32)", dtype.name()));
  const json c = read_case_json(case_dir);
  try {
    const std::string kind = c.at("kind").get<std::string>();
    const CaseArrays in(case_dir, c);
    if (kind == "evidence_step") return replay_evidence_step(c, in, dtype, device);
    if (kind == "initial_space") return replay_initial_space(c, in, dtype, device);
    if (kind == "burst_episode")
      return options.reference_updater ? replay_burst_episode(c, in, dtype, device)
                                       : replay_burst_episode_backend(c, in, dtype, device, options);
    throw CaseError(fmt::format("monty replay: case kind '{}' is not supported (supported: evidence_step, "
                                "initial_space, burst_episode)",
                                kind));
  } catch (const json::exception& e) {
    throw CaseError(fmt::format("monty replay: case {}: bad case.json: {}", case_dir, e.what()));
  }
}

} // namespace lmc::lm
