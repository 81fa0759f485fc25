// write_monty_episode: the arrays in the layout bench/peer/monty_burst_common.py's episodes use, so one replay path
// serves both the bench's synthetic episodes and an lmc demo run.
#include "lm/episode_export.hpp"

#include "ir/error.hpp"
#include "ir/file_io.hpp"
#include "lm/npy.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace lmc::lm {

void write_monty_episode(const std::string& dir, const std::vector<ObjectModelData>& objects,
                         const std::vector<Observation>& steps, const BurstParams& params) {
  if (objects.empty()) throw Error("write_monty_episode: no objects");
  const int64_t b = static_cast<int64_t>(objects.size()), n = objects[0].num_nodes();
  const int64_t f = params.evidence.features.num_columns(), t = static_cast<int64_t>(steps.size());
  std::vector<double> p, v, x;
  std::vector<bool> u;
  for (size_t o = 0; o < objects.size(); ++o) {
    const ObjectModelData& m = objects[o];
    if (m.num_nodes() != n || static_cast<int64_t>(m.features.size()) != n * f)
      throw Error(fmt::format("write_monty_episode: object {} has {} nodes and {} feature values; object 0 has {} "
                              "nodes and the features {} columns",
                              o, m.num_nodes(), m.features.size(), n, f));
    p.insert(p.end(), m.locations.begin(), m.locations.end());
    v.insert(v.end(), m.pose_vectors.begin(), m.pose_vectors.end());
    x.insert(x.end(), m.features.begin(), m.features.end());
    for (uint8_t d : m.pose_fully_defined)
      u.push_back(d != 0);
  }
  std::vector<double> s, q, kappa, d;
  std::vector<bool> pfd, moved;
  for (int64_t i = 0; i < t; ++i) {
    const Observation& o = steps[static_cast<size_t>(i)];
    if (static_cast<int64_t>(o.features.size()) != f)
      throw Error(
          fmt::format("write_monty_episode: step {} has {} features, the parameters {}", i, o.features.size(), f));
    s.insert(s.end(), o.pose_vectors.begin(), o.pose_vectors.end());
    pfd.push_back(o.pose_fully_defined);
    q.insert(q.end(), o.features.begin(), o.features.end());
    kappa.push_back(o.curvature);
    const std::array<double, 3> zero{0, 0, 0};
    const std::array<double, 3>& dd = o.displacement ? *o.displacement : zero;
    d.insert(d.end(), dd.begin(), dd.end());
    moved.push_back(o.displacement.has_value());
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("write_monty_episode: cannot create {}: {}", dir, ec.message()));
  auto put = [&](const char* name, const NpyArray& a) { write_npy(dir + "/" + name + ".npy", a); };
  put("model_P", NpyArray::of(p, {b, n, 3}));
  put("model_V", NpyArray::of(v, {b, n, 9}));
  put("model_U", NpyArray::of(u, {b, n}));
  put("model_X", NpyArray::of(x, {b, n, f}));
  put("walk_S", NpyArray::of(s, {t, 1, 3, 3}));
  put("walk_pfd", NpyArray::of(pfd, {t, 1}));
  put("walk_q", NpyArray::of(q, {t, 1, f}));
  put("walk_kappa", NpyArray::of(kappa, {t, 1}));
  put("walk_d", NpyArray::of(d, {t, 1, 3}));
  put("walk_moved", NpyArray::of(moved, {t}));
  const EvidenceParams& e = params.evidence;
  auto list = [](const auto& values) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i)
      out += fmt::format("{}{}", i ? ", " : "", values[i]);
    return "[" + out + "]";
  };
  std::vector<double> circular;
  for (bool c : e.features.circular)
    circular.push_back(c ? 1 : 0);
  write_file_atomic(
      dir + "/episode.json",
      fmt::format("{{\"objects\": {}, \"nodes\": {}, \"steps\": {}, \"k\": {}, \"mmd\": {}, \"w_normal\": {}, "
                  "\"w_curv\": {}, \"tolerances\": {}, \"weights\": {}, \"circular\": {}, \"increment\": {}, "
                  "\"past\": {}, \"present\": {}, \"multiplier\": {}, \"deletion_slope\": {}, \"burst_duration\": {}, "
                  "\"burst_trigger\": {}, \"umbilical_poses\": {}, \"window\": {}, \"min_age\": {}}}\n",
                  b, n, t, e.max_neighbors, e.max_match_distance, e.normal_weight, e.curvature_weight,
                  list(e.features.tolerances), list(e.features.weights), list(circular), e.features.increment,
                  e.past_weight, e.present_weight, params.sampling_multiplier, params.deletion_trigger_slope,
                  params.sampling_burst_duration, params.burst_trigger_slope, params.umbilical_num_poses,
                  params.tracker_window, params.tracker_min_age),
      "episode.json");
}

} // namespace lmc::lm
