// Burst batches of the backend: layouts become batches (built from the LMs' host state, or kept), a batch whose
// pairs could outgrow its capacity is rebuilt larger before it launches (and, on the CPU, one whose pairs fit a quarter
// of it is rebuilt smaller), and results are split back per LM.
#include "lm/burst_batches.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <set>

namespace lmc::lm {

BurstBatches::BurstBatches(const BackendConfig& config, DType dtype, std::string device, NeighbourGridCache& grids)
    : config_(config), dtype_(dtype), device_(std::move(device)), grids_(grids) {}

void BurstBatches::add_lm(std::vector<const ObjectModel*> models, std::vector<BurstPairState> states) {
  if (states.empty()) states.resize(models.size());
  if (states.size() != models.size())
    throw Error(fmt::format("LM backend: {} hypothesis sets for {} objects", states.size(), models.size()));
  models_.push_back(std::move(models));
  host_states_.push_back(std::move(states));
  host_burst_steps_.push_back(0);
}

void BurstBatches::reset_lm(int lm, std::vector<BurstPairState> states) {
  if (Resident* r = find(lm); r && states.empty()) {
    const auto local = static_cast<size_t>(std::find(r->lms.begin(), r->lms.end(), lm) - r->lms.begin());
    r->batch->clear_lm(local);
    return;
  }
  evict_if([&](const Resident& r) { return std::count(r.lms.begin(), r.lms.end(), lm) != 0; });
  const size_t l = static_cast<size_t>(lm);
  if (states.empty()) states.resize(models_[l].size());
  host_states_[l] = std::move(states);
  host_burst_steps_[l] = 0;
}

BurstBatches::Resident* BurstBatches::find(int lm) {
  for (Resident& r : resident)
    if (std::count(r.lms.begin(), r.lms.end(), lm)) return &r;
  return nullptr;
}

void BurstBatches::write_back(Resident& r) {
  for (size_t i = 0; i < r.pairs.size(); ++i)
    host_states_[static_cast<size_t>(r.pairs[i].first)][r.pairs[i].second] = r.batch->download(i);
  for (size_t l = 0; l < r.lms.size(); ++l)
    host_burst_steps_[static_cast<size_t>(r.lms[l])] = r.batch->burst_steps(l);
}

void BurstBatches::evict_if(const std::function<bool(const Resident&)>& drop) {
  for (auto it = resident.begin(); it != resident.end();) {
    if (!drop(*it)) {
      ++it;
      continue;
    }
    write_back(*it);
    it = resident.erase(it);
  }
}

BurstBatches::Gathered BurstBatches::gather(const std::vector<int>& lms) const {
  Gathered g;
  for (size_t l = 0; l < lms.size(); ++l) {
    const auto id = static_cast<size_t>(lms[l]);
    for (size_t o = 0; o < models_[id].size(); ++o) {
      g.models.push_back(models_[id][o]);
      g.lm_of_pair.push_back(static_cast<int>(l));
      g.states.push_back(host_states_[id][o]);
      g.pairs.push_back({lms[l], o});
    }
    g.burst_steps.push_back(host_burst_steps_[id]);
  }
  return g;
}

std::unique_ptr<BurstBatch> BurstBatches::make_batch(const std::vector<int>& lms, StreamId stream, int64_t capacity,
                                                     std::vector<std::pair<int, size_t>>& pairs) {
  Gathered g = gather(lms);
  pairs = std::move(g.pairs);
  return std::make_unique<BurstBatch>(g.models, g.lm_of_pair, g.states, g.burst_steps, config_.params, config_.burst,
                                      config_.umbilical_num_poses, dtype_, device_, stream, config_.cuda_graphs,
                                      lms.size() > 1 ? config_.max_nodes : 0, capacity, &grids_, config_.max_channels);
}

void BurstBatches::rebuild(Resident& r, int64_t capacity) {
  const auto spare = r.spares.find(capacity);
  if (spare == r.spares.end()) write_back(r); // a new batch starts from the host state
  std::unique_ptr<BurstBatch> previous = std::move(r.batch);
  if (spare != r.spares.end()) {
    // Kept from an earlier shrink or growth (or built with the first step): its step is captured already; only the
    // state moves, buffer to buffer.
    r.batch = std::move(spare->second);
    r.spares.erase(spare);
    r.batch->take_state_from(*previous);
  } else {
    r.batch = make_batch(r.lms, r.stream, capacity, r.pairs);
  }
  // Kept while batches shrink: the batch will be wanted again at the next burst (or after it).
  if (shrinks() && previous) r.spares[previous->capacity()] = std::move(previous);
  // A given capacity holds the counts; the next step may need more (a burst the LMs' slopes start).
  if (!r.batch->fits_next_step()) rebuild(r, r.batch->capacity_for_next_burst());
}

bool BurstBatches::shrinks() const {
  return config_.shrink_burst_capacity.value_or(device_ == "CPU");
}

int64_t BurstBatches::capacity_to_shrink_to(const Resident& r) const {
  if (!shrinks()) return 0;
  // A batch never shrinks to grow back on the next step: the smaller capacity holds the rest of any burst. To a spare
  // (a copy of the state away) at any smaller capacity; to a new batch (its step built again) only at half or less.
  const int64_t smaller = r.batch->capacity_for_rest_of_burst();
  if (smaller >= r.batch->capacity()) return 0;
  return r.spares.contains(smaller) || smaller * 2 <= r.batch->capacity() ? smaller : 0;
}

BurstBatches::Resident& BurstBatches::batch_for(const std::vector<int>& lms, StreamId stream) {
  for (Resident& r : resident)
    if (r.lms == lms && r.stream == stream) {
      // A pair could outgrow the capacity this step: rebuild with room for the next whole burst. Or every pair fits a
      // quarter of it: rebuild smaller, so that the step's per-row work follows the live count.
      int64_t capacity = 0;
      if (!r.batch->fits_next_step())
        capacity = r.batch->capacity_for_next_burst();
      else
        capacity = capacity_to_shrink_to(r);
      if (capacity == 0) return r;
      rebuild(r, capacity);
      return r;
    }
  Resident r;
  r.lms = lms;
  r.stream = stream;
  r.batch = make_batch(lms, stream, config_.max_hypotheses, r.pairs);
  resident.push_back(std::move(r));
  if (!resident.back().batch->fits_next_step())
    rebuild(resident.back(), resident.back().batch->capacity_for_next_burst());
  build_spares_to_shrink_to(resident.back());
  return resident.back();
}

void BurstBatches::build_spares_to_shrink_to(Resident& r) {
  if (!shrinks()) return;
  const Gathered g = gather(r.lms);
  int64_t most = 0;
  for (const BurstPairState& st : g.states)
    most = std::max(most, st.size());
  std::vector<std::pair<int, size_t>> pairs;
  for (int64_t capacity : r.batch->capacities_to_shrink_to())
    if (capacity >= most && !r.spares.contains(capacity))
      r.spares[capacity] = make_batch(r.lms, r.stream, capacity, pairs);
}

bool BurstBatches::needs_build(const Layout& layout) const {
  for (const auto& [lms, stream] : layout) {
    bool found = false;
    for (const Resident& r : resident)
      if (r.lms == lms && r.stream == stream) found = r.batch->fits_next_step() && capacity_to_shrink_to(r) == 0;
    if (!found) return true;
  }
  return false;
}

namespace {

bool has_input(const BurstBatches::LmInput& in) {
  return std::any_of(in.begin(), in.end(), [](const auto& c) { return c.has_value(); });
}

} // namespace

void BurstBatches::launch(const Layout& layout, const std::vector<LmInput>& inputs) {
  // Batches that hold an LM of this layout but are not one of its batches are regrouped: their state goes back to
  // the host first.
  std::set<int> wanted;
  for (const auto& [lms, stream] : layout)
    wanted.insert(lms.begin(), lms.end());
  evict_if([&](const Resident& r) {
    const bool kept = std::any_of(layout.begin(), layout.end(),
                                  [&](const auto& w) { return w.first == r.lms && w.second == r.stream; });
    const bool overlaps = std::any_of(r.lms.begin(), r.lms.end(), [&](int lm) { return wanted.count(lm) != 0; });
    return overlaps && !kept;
  });
  launched_.clear();
  launched_inputs_ = inputs;
  for (const auto& [lms, stream] : layout) {
    const bool any = std::any_of(lms.begin(), lms.end(), [&](int lm) { return has_input(inputs[lm]); });
    if (!any) continue;
    Resident& r = batch_for(lms, stream);
    const auto channels = static_cast<size_t>(config_.max_channels);
    std::vector<PairInput> in;
    for (const auto& [lm, o] : r.pairs) {
      const LmInput& lm_in = inputs[lm];
      // The LM's displacement (its first channel's with input) goes into every channel row: the step reads it there.
      std::array<double, 3> displacement{};
      for (const auto& c : lm_in)
        if (c) {
          displacement = c->displacement;
          break;
        }
      for (size_t c = 0; c < channels; ++c) {
        PairInput p = c < lm_in.size() && lm_in[c] ? *lm_in[c] : PairInput{};
        if (!p.active) p.features.assign(static_cast<size_t>(config_.params.features.num_columns()), 0.0);
        p.displacement = displacement;
        in.push_back(std::move(p));
      }
    }
    r.batch->launch(in);
    launched_.push_back(&r);
  }
}

std::vector<BurstBatches::LmStep> BurstBatches::collect(bool full_arrays) {
  std::vector<LmStep> out;
  for (Resident* r : launched_) {
    const std::vector<BurstPairResult> results = r->batch->finish();
    for (size_t l = 0; l < r->lms.size(); ++l) {
      const int lm = r->lms[l];
      if (!has_input(launched_inputs_[lm])) continue;
      LmStep step;
      step.lm = lm;
      for (size_t i = 0; i < r->pairs.size(); ++i) {
        if (r->pairs[i].first != lm) continue;
        const BurstPairResult& p = results[i];
        step.pairs.push_back(p.best);
        step.burst.max_global_slope = p.max_global_slope;
        step.burst.burst_steps_at_enter = p.burst_steps_at_enter;
        step.burst.burst_triggered = p.burst_triggered;
        BurstObjectResult o{p.count, p.num_retained, p.num_new, p.prediction_error, {}, {}, {}, {}};
        if (full_arrays) {
          o.retained = r->batch->last_retained(i);
          o.new_node_ids = r->batch->last_new_nodes(i);
          BurstPairState st = r->batch->download(i);
          step.hypotheses.push_back(
              HypothesesData{std::move(st.locations), std::move(st.rotations), std::move(st.evidence)});
          o.tracker_window = std::move(st.window);
          o.tracker_ages = std::move(st.ages);
        }
        step.burst.objects.push_back(std::move(o));
      }
      out.push_back(std::move(step));
    }
  }
  launched_.clear();
  return out;
}

HypothesesData BurstBatches::hypotheses(int lm, size_t object) {
  const auto l = static_cast<size_t>(lm);
  if (object >= models_[l].size())
    throw Error(fmt::format("LM backend: LM {} has no object {} (it has {})", lm, object, models_[l].size()));
  BurstPairState st = host_states_[l][object];
  if (Resident* r = find(lm))
    for (size_t i = 0; i < r->pairs.size(); ++i)
      if (r->pairs[i] == std::pair<int, size_t>{lm, object}) st = r->batch->download(i);
  return HypothesesData{std::move(st.locations), std::move(st.rotations), std::move(st.evidence)};
}

std::vector<HypothesesData> BurstBatches::hypotheses(int lm) {
  std::vector<HypothesesData> out;
  for (size_t o = 0; o < models_[static_cast<size_t>(lm)].size(); ++o)
    out.push_back(hypotheses(lm, o));
  return out;
}

int64_t BurstBatches::capacity(int lm) {
  const Resident* r = find(lm);
  return r ? r->batch->capacity() : 0;
}

} // namespace lmc::lm
