// The LM backend. Every step runs on one worker thread so dispatch returns at once; wait() joins it. In Flatten mode
// each (LM, object) pair is one evidence step (frontend/lm/evidence.hpp) whose kernels are compiled once per shape and
// then found in the kernel cache; in Stacked mode a group is one stacked step (stacked_evidence.hpp); the results
// (per-object maxima, the most likely hypothesis, possible matches) are reductions on the device
// (frontend/lm/matches.hpp), so only a few numbers per LM come back.
#include "frontend/lm/backend.hpp"

#include "frontend/lm/matches.hpp"
#include "frontend/lm/stacked_evidence.hpp"
#include "ir/error.hpp"
#include "runtime/device.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <future>
#include <set>

namespace lmc::lm {

const char* mode_name(DispatchMode mode) {
  switch (mode) {
  case DispatchMode::Flatten:
    return "flatten";
  case DispatchMode::Streams:
    return "streams";
  case DispatchMode::Stacked:
    return "stacked";
  }
  return "?";
}

namespace {

Tensor host_tensor(const std::vector<double>& v, Shape shape, DType dtype, const std::string& device) {
  return Tensor::from_vector(v, shape, device).cast(dtype);
}

std::vector<double> host_vector(const Tensor& t) {
  return t.cast(float64).to_vector<double>();
}

void check_size(size_t got, size_t want, const std::string& what) {
  if (got != want) throw Error(fmt::format("LM backend: {} has {} values, expected {}", what, got, want));
}

} // namespace

struct LmState {
  std::vector<ObjectModel> models;
  std::vector<std::optional<Hypotheses>> hypotheses; // empty until the first observation (informed space)
  double max_global_evidence = 0;                    // the previous step's MLH evidence (x-percent threshold)
};

struct Backend::Impl {
  BackendConfig config;
  std::string device;
  DType dtype = float64;
  std::vector<LmState> lms;
  std::future<void> running;
  StepResults results;

  void finish() {
    if (running.valid()) running.get();
  }

  ObjectModel upload(const ObjectModelData& o, size_t index, int64_t columns) const {
    const int64_t n = o.num_nodes();
    const std::string name = fmt::format("object {}", index);
    if (n < 1) throw Error(fmt::format("LM backend: {} has no nodes", name));
    check_size(o.locations.size(), 3 * n, name + " locations");
    check_size(o.pose_vectors.size(), 9 * n, name + " pose_vectors");
    check_size(o.pose_fully_defined.size(), n, name + " pose_fully_defined");
    if (columns > 0 && o.features.size() % n != 0)
      throw Error(
          fmt::format("LM backend: {} features ({} values) are not N x F for N = {}", name, o.features.size(), n));
    const int64_t f = n ? static_cast<int64_t>(o.features.size()) / n : 0;
    if (f > columns)
      throw Error(fmt::format("LM backend: {} has {} feature columns, the configuration {}", name, f, columns));
    // Missing columns are NaN, as a node without that feature.
    std::vector<double> features(n * columns, std::nan(""));
    for (int64_t i = 0; i < n; ++i)
      for (int64_t c = 0; c < f; ++c)
        features[i * columns + c] = o.features[i * f + c];
    std::vector<bool> pfd(o.pose_fully_defined.begin(), o.pose_fully_defined.end());
    return ObjectModel::make(Tensor::from_vector(o.locations, {n, 3}, device),
                             Tensor::from_vector(o.pose_vectors, {n, 9}, device), Tensor::from_vector(pfd, {n}, device),
                             Tensor::from_vector(features, {n, columns}, device), dtype);
  }

  Hypotheses upload(const HypothesesData& h, size_t index) const {
    const int64_t n = h.size();
    const std::string name = fmt::format("hypotheses of object {}", index);
    check_size(h.locations.size(), 3 * n, name + " locations");
    check_size(h.rotations.size(), 9 * n, name + " rotations");
    return Hypotheses{host_tensor(h.locations, {n, 3}, dtype, device),
                      host_tensor(h.rotations, {n, 3, 3}, dtype, device), host_tensor(h.evidence, {n}, dtype, device)};
  }

  // One LM's step: every object in order, then its results.
  LmResult step_lm(LmState& lm, const Observation& obs, bool full_arrays) {
    const int64_t columns = config.params.features.num_columns();
    if (static_cast<int64_t>(obs.features.size()) > columns)
      throw Error(fmt::format("LM backend: an observation has {} features, the configuration {}", obs.features.size(),
                              columns));
    std::vector<double> q(obs.features);
    q.resize(columns, std::nan(""));
    std::vector<double> pose(obs.pose_vectors.begin(), obs.pose_vectors.end());
    const Percept percept{host_tensor(pose, {3, 3}, dtype, device), obs.pose_fully_defined,
                          host_tensor(q, {columns}, dtype, device), obs.curvature};
    std::optional<Tensor> displacement;
    if (obs.displacement)
      displacement =
          host_tensor({(*obs.displacement)[0], (*obs.displacement)[1], (*obs.displacement)[2]}, {3}, dtype, device);
    EvidenceParams params = config.params;
    params.threshold.max_global_evidence = lm.max_global_evidence;
    const bool first = lm.hypotheses.empty();
    if (first) lm.hypotheses.resize(lm.models.size());
    for (size_t o = 0; o < lm.models.size(); ++o) {
      const ObjectModel& model = lm.models[o];
      if (first || !lm.hypotheses[o]) {
        // The informed initial space from this observation (§3).
        const Tensor frames = sensed_directions(
            percept.pose_vectors, informed_num_rotations(obs.pose_fully_defined, config.umbilical_num_poses));
        const Tensor phi = node_feature_evidence(model.features, percept.features, params.features);
        Hypotheses h = initial_space(model, frames, phi);
        Tensor::realize_all({&h.locations, &h.rotations, &h.evidence});
        lm.hypotheses[o] = h;
        continue;
      }
      EvidenceStep s = evidence_step(model, *lm.hypotheses[o], percept, displacement, params);
      Tensor::realize_all({&s.locations, &s.evidence});
      lm.hypotheses[o] = Hypotheses{s.locations, lm.hypotheses[o]->rotations, s.evidence};
    }
    return summarize(lm, full_arrays);
  }

  // Per-object maxima, the most likely hypothesis and possible matches of one LM after its update.
  LmResult summarize(LmState& lm, bool full_arrays) {
    const MatchResults m = match_results(lm.hypotheses, config.possible_match_x_percent);
    LmResult r;
    r.stepped = true;
    r.max_evidence = m.max_evidence;
    r.best_hypothesis = m.best_index;
    r.most_likely.object = m.mlh.object;
    r.most_likely.hypothesis = m.mlh.index;
    r.most_likely.evidence = m.mlh.evidence;
    for (size_t i = 0; i < 3 && i < m.mlh.location.size(); ++i)
      r.most_likely.location[i] = m.mlh.location[i];
    for (size_t i = 0; i < 9 && i < m.mlh.rotation.size(); ++i)
      r.most_likely.rotation[i] = m.mlh.rotation[i];
    for (size_t o = 0; o < m.possible.size(); ++o)
      if (m.possible[o]) r.possible_matches.push_back(static_cast<int64_t>(o));
    lm.max_global_evidence = m.mlh.object >= 0 ? m.mlh.evidence : 0;
    if (full_arrays) r.hypotheses = download(lm);
    return r;
  }

  // Stacked: every (LM, object) pair of the LMs in `ids` as one stacked evidence step (stacked_evidence.hpp), models
  // padded to the largest N and hypotheses to the largest H of the group. LMs still without hypotheses (their first
  // observation) and x-percent thresholds (a different threshold per LM) take the per-object path.
  void step_group_stacked(const std::vector<int>& ids, const std::vector<std::optional<Observation>>& inputs,
                          bool full_arrays) {
    struct Pair {
      int lm;
      size_t object;
    };
    std::vector<Pair> pairs;
    for (int id : ids) {
      if (!inputs[id]) continue;
      LmState& lm = lms[id];
      const bool ready = !lm.hypotheses.empty() && std::all_of(lm.hypotheses.begin(), lm.hypotheses.end(),
                                                               [](const auto& h) { return h.has_value(); });
      if (!ready || config.params.threshold.kind == Threshold::Kind::XPercent) {
        results.lms[id] = step_lm(lm, *inputs[id], full_arrays);
        continue;
      }
      for (size_t o = 0; o < lm.models.size(); ++o)
        pairs.push_back({id, o});
    }
    if (pairs.empty()) return;
    const int64_t columns = config.params.features.num_columns();
    int64_t n_max = 0, h_max = 0;
    for (const Pair& p : pairs) {
      n_max = std::max(n_max, lms[p.lm].models[p.object].num_nodes());
      h_max = std::max(h_max, lms[p.lm].hypotheses[p.object]->size());
    }
    auto pad = [](const Tensor& t, int64_t rows, double value) {
      std::vector<std::pair<int64_t, int64_t>> pads(static_cast<size_t>(t.ndim()), {0, 0});
      pads[0] = {0, rows - t.shape()[0]};
      return rows == t.shape()[0] ? t : t.pad(pads, value);
    };
    std::vector<Tensor> P, V, U, X, NV, L, R, E, HV, S, Q, D;
    std::vector<double> pfd, flat;
    for (const Pair& p : pairs) {
      const ObjectModel& m = lms[p.lm].models[p.object];
      const Hypotheses& h = *lms[p.lm].hypotheses[p.object];
      const Observation& obs = *inputs[p.lm];
      if (static_cast<int64_t>(obs.features.size()) > columns)
        throw Error(fmt::format("LM backend: an observation has {} features, the configuration {}", obs.features.size(),
                                columns));
      const int64_t n = m.num_nodes(), hs = h.size();
      P.push_back(pad(m.locations, n_max, 0));
      V.push_back(pad(m.pose_vectors, n_max, 0));
      U.push_back(pad(m.pose_fully_defined.cast(dtype), n_max, 0) != 0.0);
      X.push_back(pad(m.features, n_max, 0));
      NV.push_back(pad(Tensor::ones({n}, dtype, device), n_max, 0) != 0.0);
      L.push_back(pad(h.locations.cast(dtype), h_max, 0));
      R.push_back(pad(h.rotations.cast(dtype), h_max, 0));
      E.push_back(pad(h.evidence.cast(dtype), h_max, 0));
      HV.push_back(pad(Tensor::ones({hs}, dtype, device), h_max, 0) != 0.0);
      S.push_back(host_tensor({obs.pose_vectors.begin(), obs.pose_vectors.end()}, {3, 3}, dtype, device));
      std::vector<double> q(obs.features);
      q.resize(columns, std::nan(""));
      Q.push_back(host_tensor(q, {columns}, dtype, device));
      const std::array<double, 3> d = obs.displacement.value_or(std::array<double, 3>{0, 0, 0});
      D.push_back(host_tensor({d[0], d[1], d[2]}, {3}, dtype, device));
      pfd.push_back(obs.pose_fully_defined ? 1 : 0);
      flat.push_back(1 / (std::abs(obs.curvature) + 0.5));
    }
    const int64_t b = static_cast<int64_t>(pairs.size());
    const StackedModels sm{Tensor::stack(P), Tensor::stack(V), Tensor::stack(U), Tensor::stack(X), Tensor::stack(NV)};
    const StackedHypotheses sh{Tensor::stack(L), Tensor::stack(R), Tensor::stack(E), Tensor::stack(HV)};
    const StackedPercepts sp{Tensor::stack(S), host_tensor(pfd, {b}, dtype, device), Tensor::stack(Q),
                             host_tensor(flat, {b}, dtype, device), Tensor::stack(D)};
    StackedEvidenceStep st = stacked_evidence_step(sm, sh, sp, config.params);
    Tensor::realize_all({&st.locations, &st.evidence});
    for (int64_t i = 0; i < b; ++i) {
      const Pair& p = pairs[static_cast<size_t>(i)];
      std::optional<Hypotheses>& h = lms[p.lm].hypotheses[p.object];
      const int64_t hs = h->size();
      Tensor loc = st.locations.slice({{i, i + 1}, {0, hs}}).reshape({hs, 3}).contiguous();
      Tensor ev = st.evidence.slice({{i, i + 1}, {0, hs}}).reshape({hs}).contiguous();
      Tensor::realize_all({&loc, &ev});
      h = Hypotheses{loc, h->rotations, ev};
    }
    for (int id : ids)
      if (inputs[id] && !results.lms[id].stepped) results.lms[id] = summarize(lms[id], full_arrays);
  }

  std::vector<HypothesesData> download(const LmState& lm) const {
    std::vector<HypothesesData> out;
    for (const auto& h : lm.hypotheses) {
      HypothesesData d;
      if (h) {
        d.locations = host_vector(h->locations);
        d.rotations = host_vector(h->rotations);
        d.evidence = host_vector(h->evidence);
      }
      out.push_back(std::move(d));
    }
    return out;
  }
};

Backend::Backend(BackendConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->device = impl_->config.device.empty() ? default_device() : impl_->config.device;
  get_device(impl_->device); // throws, naming the device, when it is not there
  impl_->dtype = impl_->config.float32 ? float32 : float64;
  impl_->config.params.features.validate();
  // Only the evidence leaves the backend, and it is the same with the radius-limited K-NN (evidence.hpp).
  impl_->config.params.radius_limited_knn = true;
}

Backend::~Backend() {
  try {
    impl_->finish();
  } catch (...) {
    // A step that failed and was never waited for: its error has nowhere to go.
  }
}

int Backend::register_lm(const std::vector<ObjectModelData>& objects, const std::vector<HypothesesData>& hypotheses) {
  impl_->finish();
  if (objects.empty()) throw Error("LM backend: an LM needs at least one object model");
  if (!hypotheses.empty() && hypotheses.size() != objects.size())
    throw Error(fmt::format("LM backend: {} hypothesis sets for {} objects", hypotheses.size(), objects.size()));
  LmState lm;
  for (size_t o = 0; o < objects.size(); ++o)
    lm.models.push_back(impl_->upload(objects[o], o, impl_->config.params.features.num_columns()));
  for (size_t o = 0; o < hypotheses.size(); ++o)
    lm.hypotheses.push_back(hypotheses[o].size() ? std::optional<Hypotheses>(impl_->upload(hypotheses[o], o))
                                                 : std::nullopt);
  impl_->lms.push_back(std::move(lm));
  impl_->results.lms.resize(impl_->lms.size());
  return static_cast<int>(impl_->lms.size() - 1);
}

void Backend::set_hypotheses(int lm, const std::vector<HypothesesData>& hypotheses) {
  impl_->finish();
  if (lm < 0 || lm >= num_lms()) throw Error(fmt::format("LM backend: no LM {} (there are {})", lm, num_lms()));
  LmState& s = impl_->lms[lm];
  if (!hypotheses.empty() && hypotheses.size() != s.models.size())
    throw Error(fmt::format("LM backend: {} hypothesis sets for {} objects", hypotheses.size(), s.models.size()));
  s.hypotheses.clear();
  for (size_t o = 0; o < hypotheses.size(); ++o)
    s.hypotheses.push_back(hypotheses[o].size() ? std::optional<Hypotheses>(impl_->upload(hypotheses[o], o))
                                                : std::nullopt);
  s.max_global_evidence = 0;
}

int Backend::num_lms() const {
  return static_cast<int>(impl_->lms.size());
}

void Backend::dispatch(const std::vector<std::vector<int>>& groups,
                       const std::vector<std::optional<Observation>>& inputs, const DispatchOptions& options) {
  impl_->finish();
  const DispatchMode mode = options.mode.value_or(impl_->config.mode);
  if (static_cast<int>(inputs.size()) != num_lms())
    throw Error(
        fmt::format("LM backend: {} inputs for {} LMs (one per LM id, empty for no input)", inputs.size(), num_lms()));
  std::set<int> seen;
  for (const auto& g : groups)
    for (int id : g) {
      if (id < 0 || id >= num_lms()) throw Error(fmt::format("LM backend: no LM {} (there are {})", id, num_lms()));
      if (!seen.insert(id).second) throw Error(fmt::format("LM backend: LM {} is in more than one group", id));
    }
  impl_->results.mode = mode;
  for (LmResult& r : impl_->results.lms)
    r = LmResult{};
  // Streams runs like Flatten until the plans get one stream per group (runtime/plan.hpp has the pieces).
  impl_->running = std::async(std::launch::async, [this, groups, inputs, mode, full = options.full_arrays] {
    for (const auto& g : groups) {
      if (mode == DispatchMode::Stacked) {
        impl_->step_group_stacked(g, inputs, full);
        continue;
      }
      for (int id : g)
        if (inputs[id]) impl_->results.lms[id] = impl_->step_lm(impl_->lms[id], *inputs[id], full);
    }
  });
}

const StepResults& Backend::wait() {
  impl_->finish();
  return impl_->results;
}

std::vector<HypothesesData> Backend::hypotheses(int lm) {
  impl_->finish();
  if (lm < 0 || lm >= num_lms()) throw Error(fmt::format("LM backend: no LM {} (there are {})", lm, num_lms()));
  return impl_->download(impl_->lms[lm]);
}

const BackendConfig& Backend::config() const {
  return impl_->config;
}

const std::string& Backend::device_name() const {
  return impl_->device;
}

} // namespace lmc::lm
