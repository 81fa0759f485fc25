// The LM backend. Once an LM has hypotheses for every object, its state moves into resident batches
// (resident_batches.hpp): one per (LM, object) pair in Flatten mode, per LM in Streams mode, per group in Stacked mode,
// each with its step captured as an lmc::Step. A step of resident batches only uploads the observations and
// replays (on CUDA: queues graph launches on the group's stream and returns); wait() collects 14 numbers per pair and
// applies the host-side rules (most likely hypothesis, possible matches). Steps that need scheduling (an LM's first
// observation, building a batch) and every step on a device whose launches are synchronous run on a worker thread, so
// dispatch still returns at once. The per-object path (evidence.hpp, matches.hpp) serves first observations.
#include "lm/backend.hpp"

#include "ir/error.hpp"
#include "lm/burst_batches.hpp"
#include "lm/matches.hpp"
#include "lm/resident_batches.hpp"
#include "lm/stacked_evidence.hpp"
#include "runtime/device.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <fmt/format.h>
#include <functional>
#include <future>
#include <map>
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

const char* updater_name(Updater updater) {
  return updater == Updater::BurstSampling ? "burst" : "default";
}

namespace {

// Every id of `groups` names an LM, and none is in two groups.
void check_groups(const std::vector<std::vector<int>>& groups, int num_lms) {
  std::set<int> seen;
  for (const auto& g : groups)
    for (int id : g) {
      if (id < 0 || id >= num_lms) throw Error(fmt::format("LM backend: no LM {} (there are {})", id, num_lms));
      if (!seen.insert(id).second) throw Error(fmt::format("LM backend: LM {} is in more than one group", id));
    }
}

std::vector<double> host_vector(const Tensor& t) {
  return t.cast(float64).to_vector<double>();
}

void check_size(size_t got, size_t want, const std::string& what) {
  if (got != want) throw Error(fmt::format("LM backend: {} has {} values, expected {}", what, got, want));
}

} // namespace

struct Backend::Impl {
  BackendConfig config;
  std::string device;
  DType dtype = float64;
  std::deque<LmState> lms;                  // a deque: batches hold pointers to the models of earlier LMs
  NeighbourGridCache grids;                 // LMs with the same objects share one grid
  std::unique_ptr<BurstBatches> burst;      // with Updater::BurstSampling: every LM's state lives there
  std::unique_ptr<ResidentBatches> batches; // with Updater::Default: the LMs past their first observation
  std::future<void> running;
  std::function<void()> collect; // the host half of the step in flight: read the batches' results
  StepResults results;
  std::map<size_t, StreamId> group_streams;

  void finish() {
    if (running.valid()) running.get();
    if (collect) {
      auto c = std::move(collect);
      collect = nullptr;
      c();
    }
  }

  bool ready(const LmState& lm) const {
    return !lm.hypotheses.empty() &&
           std::all_of(lm.hypotheses.begin(), lm.hypotheses.end(), [](const auto& h) { return h.has_value(); });
  }

  StreamId stream_of_group(size_t g) {
    auto it = group_streams.find(g);
    if (it != group_streams.end()) return it->second;
    return group_streams[g] = get_device(device).create_stream();
  }

  // The batches this step needs, as pair lists with their streams, for the LMs that are ready.
  ResidentBatches::Layout layout(const std::vector<std::vector<int>>& groups, DispatchMode mode) {
    ResidentBatches::Layout out;
    for (size_t g = 0; g < groups.size(); ++g) {
      std::vector<std::pair<int, size_t>> group_pairs;
      for (int id : groups[g]) {
        if (!ready(lms[id])) continue;
        std::vector<std::pair<int, size_t>> lm_pairs;
        for (size_t o = 0; o < lms[id].models.size(); ++o)
          lm_pairs.push_back({id, o});
        if (mode == DispatchMode::Flatten) {
          for (const auto& p : lm_pairs)
            out.push_back({{p}, 0});
        } else if (mode == DispatchMode::Streams) {
          out.push_back({lm_pairs, stream_of_group(g)});
        } else {
          group_pairs.insert(group_pairs.end(), lm_pairs.begin(), lm_pairs.end());
        }
      }
      if (!group_pairs.empty()) out.push_back({group_pairs, stream_of_group(g)});
    }
    return out;
  }

  PairInput pair_input(const LmState& lm, const std::optional<Observation>& obs) const {
    PairInput in;
    if (!obs) {
      in.features.assign(static_cast<size_t>(config.params.features.num_columns()), 0.0);
      return in;
    }
    const int64_t columns = config.params.features.num_columns();
    if (static_cast<int64_t>(obs->features.size()) > columns)
      throw Error(fmt::format("LM backend: an observation has {} features, the configuration {}", obs->features.size(),
                              columns));
    in.active = true;
    in.pose_vectors = obs->pose_vectors;
    in.pose_fully_defined = obs->pose_fully_defined;
    in.flatness = 1 / (std::abs(obs->curvature) + 0.5);
    in.displacement = obs->displacement.value_or(std::array<double, 3>{0, 0, 0});
    const Threshold& t = config.params.threshold;
    in.threshold = t.kind == Threshold::Kind::XPercent
                       ? lm.max_global_evidence - lm.max_global_evidence / 100 * t.x_percent
                       : t.value;
    in.features = obs->features;
    in.features.resize(static_cast<size_t>(columns), std::nan(""));
    return in;
  }

  // Per-object results of one LM from its pairs' results (object order), with Monty's host-side rules.
  LmResult summarize_resident(int id, const std::vector<const PairResult*>& pairs) {
    LmState& lm = lms[id];
    LmResult r;
    r.stepped = true;
    for (size_t o = 0; o < pairs.size(); ++o) {
      const PairResult& p = *pairs[o];
      r.max_evidence.push_back(p.max_evidence);
      r.best_hypothesis.push_back(p.best_hypothesis);
      // A strict comparison keeps the earliest object on a tie, as Monty's loop does.
      if (r.most_likely.object < 0 || p.max_evidence > r.most_likely.evidence) {
        r.most_likely.object = static_cast<int64_t>(o);
        r.most_likely.hypothesis = p.best_hypothesis;
        r.most_likely.evidence = p.max_evidence;
        r.most_likely.location = p.location;
        r.most_likely.rotation = p.rotation;
      }
    }
    const std::vector<bool> possible = possible_matches(r.max_evidence, config.possible_match_x_percent);
    for (size_t o = 0; o < possible.size(); ++o)
      if (possible[o]) r.possible_matches.push_back(static_cast<int64_t>(o));
    lm.max_global_evidence = r.most_likely.object >= 0 ? r.most_likely.evidence : 0;
    return r;
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
    return Hypotheses{Tensor::from_doubles(h.locations, {n, 3}, dtype, device),
                      Tensor::from_doubles(h.rotations, {n, 3, 3}, dtype, device),
                      Tensor::from_doubles(h.evidence, {n}, dtype, device)};
  }

  // What every dispatch does first: finish the step in flight, check the inputs and groups, clear the results.
  DispatchMode begin_step(const std::vector<std::vector<int>>& groups, size_t num_inputs,
                          const DispatchOptions& options) {
    finish();
    const auto n = static_cast<int>(lms.size());
    if (static_cast<int>(num_inputs) != n)
      throw Error(fmt::format("LM backend: {} inputs for {} LMs (one per LM id, empty for no input)", num_inputs, n));
    check_groups(groups, n);
    const DispatchMode mode = options.mode.value_or(config.mode);
    results.mode = mode;
    for (LmResult& r : results.lms)
      r = LmResult{};
    return mode;
  }

  // Burst sampling: the batches of this step by mode, every LM of a group with input or not (a batch masks an LM
  // without input). Flatten keeps one batch per LM: the burst trigger couples an LM's objects.
  BurstBatches::Layout burst_layout(const std::vector<std::vector<int>>& groups, DispatchMode mode) {
    BurstBatches::Layout out;
    for (size_t g = 0; g < groups.size(); ++g) {
      if (groups[g].empty()) continue;
      if (mode == DispatchMode::Stacked) {
        out.push_back({groups[g], stream_of_group(g)});
        continue;
      }
      for (int id : groups[g])
        out.push_back({{id}, mode == DispatchMode::Streams ? stream_of_group(g) : 0});
    }
    return out;
  }

  // Given hypotheses start with an empty tracker window and age 0, as Monty's tracker holds for added hypotheses.
  BurstPairState burst_state(const HypothesesData& h, size_t index) const {
    const int64_t n = h.size();
    const std::string name = fmt::format("hypotheses of object {}", index);
    check_size(h.locations.size(), 3 * n, name + " locations");
    check_size(h.rotations.size(), 9 * n, name + " rotations");
    return BurstPairState{h.locations, h.rotations, h.evidence,
                          std::vector<double>(static_cast<size_t>(n * config.burst.tracker_window), std::nan("")),
                          std::vector<int64_t>(static_cast<size_t>(n), 0)};
  }

  void dispatch_burst(const std::vector<std::vector<int>>& groups,
                      const std::vector<std::vector<std::optional<Observation>>>& inputs, DispatchMode mode,
                      bool full_arrays) {
    const BurstBatches::Layout layout = burst_layout(groups, mode);
    std::vector<BurstBatches::LmInput> in(lms.size());
    for (size_t id = 0; id < lms.size(); ++id)
      for (const std::optional<Observation>& channel : inputs[id])
        in[id].push_back(channel ? std::optional<PairInput>(pair_input(lms[id], channel)) : std::nullopt);
    auto gather = [this, full_arrays] {
      for (BurstBatches::LmStep& step : burst->collect(full_arrays)) {
        std::vector<const PairResult*> pairs;
        for (const PairResult& p : step.pairs)
          pairs.push_back(&p);
        LmResult r = summarize_resident(step.lm, pairs);
        r.hypotheses = std::move(step.hypotheses);
        r.burst = std::move(step.burst);
        results.lms[static_cast<size_t>(step.lm)] = std::move(r);
      }
    };
    if (device != "CPU" && !burst->needs_build(layout)) {
      // Every batch exists and fits: queue the step here and return.
      burst->launch(layout, in);
      collect = gather;
      return;
    }
    running = std::async(std::launch::async, [this, layout, in, gather] {
      burst->launch(layout, in);
      gather();
    });
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
    const Percept percept{Tensor::from_doubles(pose, {3, 3}, dtype, device), obs.pose_fully_defined,
                          Tensor::from_doubles(q, {columns}, dtype, device), obs.curvature};
    std::optional<Tensor> displacement;
    if (obs.displacement)
      displacement = Tensor::from_doubles({(*obs.displacement)[0], (*obs.displacement)[1], (*obs.displacement)[2]}, {3},
                                          dtype, device);
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
  if (impl_->config.updater == Updater::BurstSampling) {
    if (impl_->config.params.threshold.kind != Threshold::Kind::All)
      throw Error("LM backend: burst sampling needs the evidence threshold 'all' (Monty's updater scores every "
                  "hypothesis and deletes by slope instead)");
    impl_->config.burst.validate();
    if (impl_->config.max_channels < 1)
      throw Error(fmt::format("LM backend: max_channels = {} (need >= 1)", impl_->config.max_channels));
    impl_->burst = std::make_unique<BurstBatches>(impl_->config, impl_->dtype, impl_->device, impl_->grids);
  } else {
    impl_->batches =
        std::make_unique<ResidentBatches>(impl_->config, impl_->dtype, impl_->device, impl_->grids, impl_->lms);
  }
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
  std::vector<BurstPairState> burst_states;
  for (size_t o = 0; o < hypotheses.size(); ++o) {
    if (impl_->burst) {
      burst_states.push_back(impl_->burst_state(hypotheses[o], o));
      continue;
    }
    lm.hypotheses.push_back(hypotheses[o].size() ? std::optional<Hypotheses>(impl_->upload(hypotheses[o], o))
                                                 : std::nullopt);
  }
  impl_->lms.push_back(std::move(lm));
  if (impl_->burst) {
    std::vector<const ObjectModel*> models;
    for (const ObjectModel& m : impl_->lms.back().models)
      models.push_back(&m);
    impl_->burst->add_lm(std::move(models), std::move(burst_states));
  }
  impl_->results.lms.resize(impl_->lms.size());
  return static_cast<int>(impl_->lms.size() - 1);
}

void Backend::set_hypotheses(int lm, const std::vector<HypothesesData>& hypotheses) {
  impl_->finish();
  if (lm < 0 || lm >= num_lms()) throw Error(fmt::format("LM backend: no LM {} (there are {})", lm, num_lms()));
  if (impl_->burst) {
    if (!hypotheses.empty() && hypotheses.size() != impl_->lms[lm].models.size())
      throw Error(fmt::format("LM backend: {} hypothesis sets for {} objects", hypotheses.size(),
                              impl_->lms[lm].models.size()));
    std::vector<BurstPairState> states;
    for (size_t o = 0; o < hypotheses.size(); ++o)
      states.push_back(impl_->burst_state(hypotheses[o], o));
    impl_->burst->reset_lm(lm, std::move(states));
    impl_->lms[lm].max_global_evidence = 0;
    return;
  }
  impl_->batches->evict({lm});
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
  const DispatchMode mode = impl_->begin_step(groups, inputs.size(), options);
  Impl& im = *impl_;
  if (im.burst) {
    std::vector<std::vector<std::optional<Observation>>> channels;
    for (const auto& in : inputs)
      channels.push_back({in});
    im.dispatch_burst(groups, channels, mode, options.full_arrays);
    return;
  }
  // LMs without hypotheses yet (their first observation builds the informed space) take the per-object path; the
  // others run in resident batches.
  std::vector<int> first_steps;
  for (const auto& g : groups)
    for (int id : g)
      if (inputs[id] && !im.ready(im.lms[id])) first_steps.push_back(id);
  const auto wanted = im.layout(groups, mode);
  const bool build = !first_steps.empty() || im.device == "CPU" || im.batches->needs_build(wanted);
  auto launch = [&im, wanted, inputs] {
    // Inputs are read only for the LMs of the layout; the others (not dispatched, or not ready) are inactive.
    std::set<int> laid_out;
    for (const auto& batch : wanted)
      for (const auto& pair : batch.first)
        laid_out.insert(pair.first);
    std::vector<PairInput> in;
    for (size_t id = 0; id < im.lms.size(); ++id)
      in.push_back(im.pair_input(im.lms[id], laid_out.count(static_cast<int>(id)) ? inputs[id] : std::nullopt));
    im.batches->launch(wanted, in);
  };
  auto collect = [&im, full = options.full_arrays] {
    for (const auto& [lm, pairs] : im.batches->collect()) {
      im.results.lms[lm] = im.summarize_resident(lm, pairs);
      if (full)
        for (size_t o = 0; o < im.lms[lm].models.size(); ++o)
          im.results.lms[lm].hypotheses.push_back(im.batches->hypotheses(lm, o));
    }
  };
  if (!build) {
    // Everything is resident on a device with asynchronous launches: queue the step here and return.
    launch();
    im.collect = collect;
    return;
  }
  im.running = std::async(std::launch::async, [&im, first_steps, inputs, launch, collect, full = options.full_arrays] {
    for (int id : first_steps)
      im.results.lms[id] = im.step_lm(im.lms[id], *inputs[id], full);
    launch();
    collect();
  });
}

void Backend::dispatch_channels(const std::vector<std::vector<int>>& groups,
                                const std::vector<std::vector<std::optional<Observation>>>& inputs,
                                const DispatchOptions& options) {
  const auto max_channels = static_cast<size_t>(impl_->config.max_channels);
  std::vector<std::optional<Observation>> first(inputs.size());
  bool several = false;
  for (size_t id = 0; id < inputs.size(); ++id) {
    if (inputs[id].size() > max_channels)
      throw Error(fmt::format("LM backend: LM {} has input on {} channels, the configuration allows {} "
                              "(BackendConfig::max_channels)",
                              id, inputs[id].size(), max_channels));
    int with_input = 0;
    for (const auto& c : inputs[id])
      if (c) {
        if (!first[id]) first[id] = c;
        ++with_input;
      }
    several = several || inputs[id].size() > 1;
  }
  if (!impl_->burst) {
    if (several)
      throw Error("LM backend: several input channels need the burst-sampling updater (BackendConfig::updater)");
    dispatch(groups, first, options);
    return;
  }
  const DispatchMode mode = impl_->begin_step(groups, inputs.size(), options);
  impl_->dispatch_burst(groups, inputs, mode, options.full_arrays);
}

const StepResults& Backend::wait() {
  impl_->finish();
  return impl_->results;
}

std::vector<HypothesesData> Backend::hypotheses(int lm) {
  impl_->finish();
  if (lm < 0 || lm >= num_lms()) throw Error(fmt::format("LM backend: no LM {} (there are {})", lm, num_lms()));
  if (impl_->burst) return impl_->burst->hypotheses(lm);
  if (!impl_->batches->holds(lm)) return impl_->download(impl_->lms[lm]);
  std::vector<HypothesesData> out;
  for (size_t o = 0; o < impl_->lms[lm].models.size(); ++o)
    out.push_back(impl_->batches->hypotheses(lm, o));
  return out;
}

HypothesesData Backend::hypotheses(int lm, int64_t object) {
  impl_->finish();
  if (lm < 0 || lm >= num_lms()) throw Error(fmt::format("LM backend: no LM {} (there are {})", lm, num_lms()));
  const auto objects = static_cast<int64_t>(impl_->lms[lm].models.size());
  if (object < 0 || object >= objects)
    throw Error(fmt::format("LM backend: LM {} has no object {} (it has {})", lm, object, objects));
  if (impl_->burst) return impl_->burst->hypotheses(lm, static_cast<size_t>(object));
  if (impl_->batches->holds(lm)) return impl_->batches->hypotheses(lm, static_cast<size_t>(object));
  return impl_->download(impl_->lms[lm]).at(static_cast<size_t>(object));
}

const BackendConfig& Backend::config() const {
  return impl_->config;
}

const std::string& Backend::device_name() const {
  return impl_->device;
}

int64_t Backend::burst_capacity(int lm) {
  impl_->finish();
  if (lm < 0 || lm >= num_lms()) throw Error(fmt::format("LM backend: no LM {} (there are {})", lm, num_lms()));
  if (!impl_->burst) throw Error("LM backend: burst_capacity needs the burst-sampling updater");
  return impl_->burst->capacity(lm);
}

} // namespace lmc::lm
