// Resident batches of the fixed-hypothesis updater: layout changes move state through the LMs' host hypotheses; a step
// of existing batches is one upload and one replay each.
#include "lm/resident_batches.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace lmc::lm {

ResidentBatches::ResidentBatches(const BackendConfig& config, DType dtype, std::string device,
                                 NeighbourGridCache& grids, std::deque<LmState>& lms)
    : config_(config), dtype_(dtype), device_(std::move(device)), grids_(grids), lms_(lms) {}

bool ResidentBatches::needs_build(const Layout& layout) const {
  return std::any_of(layout.begin(), layout.end(), [&](const auto& wanted) {
    return std::none_of(resident_.begin(), resident_.end(),
                        [&](const Resident& r) { return r.pairs == wanted.first && r.stream == wanted.second; });
  });
}

void ResidentBatches::launch(const Layout& layout, const std::vector<PairInput>& inputs) {
  launched_.clear();
  had_input_.assign(inputs.size(), false);
  for (size_t id = 0; id < inputs.size(); ++id)
    had_input_[id] = inputs[id].active;
  evict_regrouped(layout);
  for (const auto& [pairs, stream] : layout) {
    Resident& r = batch_for(pairs, stream);
    if (std::none_of(pairs.begin(), pairs.end(), [&](const auto& p) { return had_input_[p.first]; })) continue;
    std::vector<PairInput> in;
    for (const auto& [lm, o] : pairs)
      in.push_back(inputs[lm]);
    r.batch->launch(in);
    launched_.push_back(&r);
  }
}

std::vector<std::pair<int, std::vector<const PairResult*>>> ResidentBatches::collect() {
  std::vector<std::pair<int, std::vector<const PairResult*>>> per_lm;
  auto pairs_of = [&](int lm) -> std::vector<const PairResult*>& {
    for (auto& [id, v] : per_lm)
      if (id == lm) return v;
    per_lm.push_back({lm, std::vector<const PairResult*>(lms_[lm].models.size(), nullptr)});
    return per_lm.back().second;
  };
  for (Resident* r : launched_) {
    const std::vector<PairResult>& out = r->batch->finish();
    for (size_t i = 0; i < r->pairs.size(); ++i) {
      const auto& [lm, o] = r->pairs[i];
      if (had_input_[lm]) pairs_of(lm)[o] = &out[i];
    }
  }
  std::sort(per_lm.begin(), per_lm.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  launched_.clear();
  return per_lm;
}

void ResidentBatches::evict(const std::set<int>& ids) {
  for (auto it = resident_.begin(); it != resident_.end();) {
    const bool hit =
        std::any_of(it->pairs.begin(), it->pairs.end(), [&](const auto& p) { return ids.count(p.first) != 0; });
    if (!hit) {
      ++it;
      continue;
    }
    write_back(*it);
    it = resident_.erase(it);
  }
}

bool ResidentBatches::holds(int lm) const {
  return std::any_of(resident_.begin(), resident_.end(), [&](const Resident& r) {
    return std::any_of(r.pairs.begin(), r.pairs.end(), [&](const auto& p) { return p.first == lm; });
  });
}

HypothesesData ResidentBatches::hypotheses(int lm, size_t object) {
  auto [r, i] = find_pair(lm, object);
  if (!r) throw Error(fmt::format("LM backend: LM {} object {} is not in a resident batch", lm, object));
  HypothesesData d;
  r->batch->download(i, d.locations, d.rotations, d.evidence);
  return d;
}

std::pair<ResidentBatches::Resident*, size_t> ResidentBatches::find_pair(int lm, size_t object) {
  for (Resident& r : resident_)
    for (size_t i = 0; i < r.pairs.size(); ++i)
      if (r.pairs[i].first == lm && r.pairs[i].second == object) return {&r, i};
  return {nullptr, 0};
}

void ResidentBatches::write_back(Resident& r) {
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const auto& [lm, o] = r.pairs[i];
    HypothesesData d;
    r.batch->download(i, d.locations, d.rotations, d.evidence);
    const int64_t n = d.size();
    auto tensor = [&](const std::vector<double>& v, Shape shape) {
      return Tensor::from_doubles(v, std::move(shape), dtype_, device_);
    };
    lms_[lm].hypotheses[o] =
        Hypotheses{tensor(d.locations, {n, 3}), tensor(d.rotations, {n, 3, 3}), tensor(d.evidence, {n})};
  }
}

void ResidentBatches::evict_regrouped(const Layout& wanted) {
  std::set<std::pair<int, size_t>> pairs;
  for (const auto& w : wanted)
    pairs.insert(w.first.begin(), w.first.end());
  for (auto it = resident_.begin(); it != resident_.end();) {
    const bool kept = std::any_of(wanted.begin(), wanted.end(),
                                  [&](const auto& w) { return w.first == it->pairs && w.second == it->stream; });
    const bool overlaps =
        std::any_of(it->pairs.begin(), it->pairs.end(), [&](const auto& p) { return pairs.count(p) != 0; });
    if (kept || !overlaps) {
      ++it;
      continue;
    }
    write_back(*it);
    it = resident_.erase(it);
  }
}

ResidentBatches::Resident& ResidentBatches::batch_for(const Pairs& pairs, StreamId stream) {
  for (Resident& r : resident_)
    if (r.pairs == pairs && r.stream == stream) return r;
  std::vector<const ObjectModel*> models;
  std::vector<const Hypotheses*> hyps;
  for (const auto& [lm, o] : pairs) {
    models.push_back(&lms_[lm].models[o]);
    hyps.push_back(&*lms_[lm].hypotheses[o]);
  }
  const bool stacked = pairs.size() > 1;
  Resident r;
  r.pairs = pairs;
  r.stream = stream;
  r.batch = std::make_unique<ResidentBatch>(
      models, hyps, config_.params, config_.params.threshold.kind != Threshold::Kind::All, dtype_, device_, stream,
      config_.cuda_graphs, stacked ? config_.max_nodes : 0, stacked ? config_.max_hypotheses : 0, &grids_);
  resident_.push_back(std::move(r));
  return resident_.back();
}

} // namespace lmc::lm
