// The LM backend. This first version keeps every LM's models and hypotheses as device tensors and runs each
// (LM, object) pair through evidence_step when dispatched; all three modes take that path for now (Flatten
// semantics), so results are exact while the replayed plans (runtime/plan.hpp) and the stacked step are wired in.
#include "frontend/lm/backend.hpp"

#include "frontend/lm/backend_matches.hpp"
#include "runtime/device.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

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

struct ObjectState {
  ObjectModel model;
  std::optional<Hypotheses> hyps; // none until the first observation when no hypotheses were given
};

struct LmState {
  std::vector<ObjectState> objects;
  double max_global_evidence = 0; // the previous step's MLH evidence (x_percent threshold)
};

void check_size(size_t got, size_t want, const std::string& what) {
  if (got != want) throw Error(fmt::format("Backend: {} has {} values, expected {}", what, got, want));
}

} // namespace

struct Backend::Impl {
  BackendConfig config;
  std::string device;
  DType dtype = float64;
  std::vector<LmState> lms;
  StepResults results;

  Tensor host(const std::vector<double>& v, Shape shape) const {
    return Tensor::from_vector(v, std::move(shape), device).cast(dtype).realize();
  }

  ObjectModel upload_model(const ObjectModelData& m, const std::string& what) const {
    const int64_t n = m.num_nodes(), f = config.params.features.num_columns();
    if (n < 1) throw Error(fmt::format("Backend: {} has no nodes", what));
    check_size(m.locations.size(), static_cast<size_t>(n * 3), what + " locations");
    check_size(m.pose_vectors.size(), static_cast<size_t>(n * 9), what + " pose_vectors");
    check_size(m.pose_fully_defined.size(), static_cast<size_t>(n), what + " pose_fully_defined");
    if (m.features.size() % static_cast<size_t>(n) != 0 || m.features.size() / n > static_cast<size_t>(f))
      throw Error(fmt::format("Backend: {} features have {} values, not N x F' with N = {}, F' <= {}", what,
                              m.features.size(), n, f));
    const int64_t fin = static_cast<int64_t>(m.features.size()) / n;
    std::vector<double> features(static_cast<size_t>(n * f), std::numeric_limits<double>::quiet_NaN());
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < fin; ++j)
        features[i * f + j] = m.features[i * fin + j];
    std::vector<double> pfd(m.pose_fully_defined.begin(), m.pose_fully_defined.end());
    ObjectModel model = ObjectModel::make(host(m.locations, {n, 3}), host(m.pose_vectors, {n, 9}), host(pfd, {n}),
                                          host(features, {n, f}), dtype);
    Tensor::realize_all({&model.locations, &model.pose_vectors, &model.pose_fully_defined, &model.features});
    return model;
  }

  Hypotheses upload_hypotheses(const HypothesesData& h, const std::string& what) const {
    const int64_t n = h.size();
    if (n < 1) throw Error(fmt::format("Backend: {} has no hypotheses", what));
    check_size(h.locations.size(), static_cast<size_t>(n * 3), what + " locations");
    check_size(h.rotations.size(), static_cast<size_t>(n * 9), what + " rotations");
    if (config.max_hypotheses > 0 && n > config.max_hypotheses)
      throw Error(
          fmt::format("Backend: {} has {} hypotheses, more than max_hypotheses = {}", what, n, config.max_hypotheses));
    return Hypotheses{host(h.locations, {n, 3}), host(h.rotations, {n, 3, 3}), host(h.evidence, {n})};
  }

  LmState& lm(int id) {
    if (id < 0 || id >= static_cast<int>(lms.size()))
      throw Error(fmt::format("Backend: unknown LM id {} ({} registered)", id, lms.size()));
    return lms[static_cast<size_t>(id)];
  }

  void step(int id, const Observation& obs, LmResult& out, bool full) {
    LmState& s = lm(id);
    const int64_t f = config.params.features.num_columns();
    if (obs.features.size() > static_cast<size_t>(f))
      throw Error(
          fmt::format("Backend: LM {} observation has {} features, more than F = {}", id, obs.features.size(), f));
    std::vector<double> q(static_cast<size_t>(f), std::numeric_limits<double>::quiet_NaN());
    std::copy(obs.features.begin(), obs.features.end(), q.begin());
    const Percept percept{host({obs.pose_vectors.begin(), obs.pose_vectors.end()}, {3, 3}), obs.pose_fully_defined,
                          host(q, {f}), obs.curvature};
    std::optional<Tensor> d;
    if (obs.displacement) d = host({obs.displacement->begin(), obs.displacement->end()}, {3});
    EvidenceParams params = config.params;
    if (params.threshold.kind == Threshold::Kind::XPercent)
      params.threshold.max_global_evidence = s.max_global_evidence;

    for (size_t o = 0; o < s.objects.size(); ++o) {
      ObjectState& obj = s.objects[o];
      if (!obj.hyps) {
        // Monty's first observation: the informed initial space, evidence = phi, no update.
        const int64_t nr = informed_num_rotations(obs.pose_fully_defined, config.umbilical_num_poses);
        Tensor phi = node_feature_evidence(obj.model.features, percept.features, config.params.features);
        obj.hyps = initial_space(obj.model, sensed_directions(percept.pose_vectors, nr), phi);
      } else {
        EvidenceStep st = evidence_step(obj.model, *obj.hyps, percept, d, params);
        obj.hyps->locations = st.locations;
        obj.hyps->evidence = st.evidence;
      }
      Tensor::realize_all({&obj.hyps->locations, &obj.hyps->rotations, &obj.hyps->evidence});
    }
    summarize(s, out, full);
  }

  void summarize(LmState& s, LmResult& out, bool full) {
    out.max_evidence.clear();
    out.best_hypothesis.clear();
    out.hypotheses.clear();
    out.most_likely = {};
    for (size_t o = 0; o < s.objects.size(); ++o) {
      ObjectState& obj = s.objects[o];
      if (!obj.hyps) {
        out.max_evidence.push_back(-std::numeric_limits<double>::infinity());
        out.best_hypothesis.push_back(-1);
        if (full) out.hypotheses.emplace_back();
        continue;
      }
      const std::vector<double> e = obj.hyps->evidence.cast(float64).to_vector<double>();
      const auto best = std::max_element(e.begin(), e.end()) - e.begin();
      out.max_evidence.push_back(e[best]);
      out.best_hypothesis.push_back(best);
      if (out.most_likely.object < 0 || e[best] > out.most_likely.evidence) {
        out.most_likely.object = static_cast<int64_t>(o);
        out.most_likely.hypothesis = best;
        out.most_likely.evidence = e[best];
        const Tensor l = obj.hyps->locations.slice({{best, best + 1}}).reshape({3}).cast(float64);
        const Tensor r = obj.hyps->rotations.slice({{best, best + 1}}).reshape({9}).cast(float64);
        const auto lv = l.contiguous().to_vector<double>(), rv = r.contiguous().to_vector<double>();
        std::copy(lv.begin(), lv.end(), out.most_likely.location.begin());
        std::copy(rv.begin(), rv.end(), out.most_likely.rotation.begin());
      }
      if (full) out.hypotheses.push_back(read(*obj.hyps));
    }
    if (out.most_likely.object >= 0) s.max_global_evidence = out.most_likely.evidence;
    out.possible_matches = placeholder_possible_matches(out.max_evidence, config.possible_match_x_percent,
                                                        config.object_evidence_threshold);
  }

  static HypothesesData read(const Hypotheses& h) {
    return HypothesesData{h.locations.cast(float64).contiguous().to_vector<double>(),
                          h.rotations.cast(float64).contiguous().to_vector<double>(),
                          h.evidence.cast(float64).contiguous().to_vector<double>()};
  }
};

Backend::Backend(BackendConfig config) : impl_(std::make_unique<Impl>()) {
  config.params.features.validate();
  impl_->config = std::move(config);
  impl_->device = impl_->config.device.empty() ? default_device() : impl_->config.device;
  get_device(impl_->device); // throws naming the device when it is unknown or unavailable
  impl_->dtype = impl_->config.float32 ? float32 : float64;
  impl_->results.mode = impl_->config.mode;
}

Backend::~Backend() = default;

int Backend::register_lm(const std::vector<ObjectModelData>& objects, const std::vector<HypothesesData>& hypotheses) {
  const int id = static_cast<int>(impl_->lms.size());
  if (objects.empty()) throw Error(fmt::format("Backend: LM {} has no objects", id));
  if (!hypotheses.empty() && hypotheses.size() != objects.size())
    throw Error(
        fmt::format("Backend: LM {} has {} objects but {} hypothesis sets", id, objects.size(), hypotheses.size()));
  LmState s;
  for (size_t o = 0; o < objects.size(); ++o) {
    const std::string what = fmt::format("LM {} object {}", id, o);
    if (impl_->config.max_nodes > 0 && objects[o].num_nodes() > impl_->config.max_nodes)
      throw Error(fmt::format("Backend: {} has {} nodes, more than max_nodes = {}", what, objects[o].num_nodes(),
                              impl_->config.max_nodes));
    ObjectState obj{impl_->upload_model(objects[o], what), std::nullopt};
    if (!hypotheses.empty()) {
      obj.hyps = impl_->upload_hypotheses(hypotheses[o], what);
    }
    s.objects.push_back(std::move(obj));
  }
  impl_->lms.push_back(std::move(s));
  impl_->results.lms.emplace_back();
  return id;
}

void Backend::set_hypotheses(int lm, const std::vector<HypothesesData>& hypotheses) {
  LmState& s = impl_->lm(lm);
  if (hypotheses.size() != s.objects.size())
    throw Error(
        fmt::format("Backend: LM {} has {} objects but {} hypothesis sets", lm, s.objects.size(), hypotheses.size()));
  for (size_t o = 0; o < hypotheses.size(); ++o) {
    s.objects[o].hyps = impl_->upload_hypotheses(hypotheses[o], fmt::format("LM {} object {}", lm, o));
  }
}

int Backend::num_lms() const {
  return static_cast<int>(impl_->lms.size());
}

void Backend::dispatch(const std::vector<std::vector<int>>& groups,
                       const std::vector<std::optional<Observation>>& inputs, const DispatchOptions& options) {
  if (inputs.size() != impl_->lms.size())
    throw Error(fmt::format("Backend: dispatch got {} inputs for {} LMs", inputs.size(), impl_->lms.size()));
  std::vector<bool> seen(impl_->lms.size(), false);
  for (const auto& g : groups)
    for (int id : g) {
      impl_->lm(id);
      if (seen[static_cast<size_t>(id)]) throw Error(fmt::format("Backend: LM {} appears twice in the groups", id));
      seen[static_cast<size_t>(id)] = true;
    }
  impl_->results.mode = options.mode.value_or(impl_->config.mode);
  for (auto& r : impl_->results.lms) {
    r.stepped = false;
    r.hypotheses.clear();
  }
  for (const auto& g : groups)
    for (int id : g)
      if (inputs[static_cast<size_t>(id)]) {
        LmResult& out = impl_->results.lms[static_cast<size_t>(id)];
        impl_->step(id, *inputs[static_cast<size_t>(id)], out, options.full_arrays);
        out.stepped = true;
      }
}

const StepResults& Backend::wait() {
  return impl_->results;
}

std::vector<HypothesesData> Backend::hypotheses(int lm) {
  std::vector<HypothesesData> out;
  for (const ObjectState& o : impl_->lm(lm).objects)
    out.push_back(o.hyps ? Impl::read(*o.hyps) : HypothesesData{});
  return out;
}

const BackendConfig& Backend::config() const {
  return impl_->config;
}

const std::string& Backend::device_name() const {
  return impl_->device;
}

} // namespace lmc::lm
