// The fixed-hypothesis half of the LM backend: the hypotheses of every LM that has them for all its objects, in
// resident batches (resident_batch.hpp) laid out by the dispatch mode (one per (LM, object) pair in Flatten mode, per
// LM in Streams mode, per group in Stacked mode), or on the host between layouts. It builds and regroups batches,
// launches a step and reads its results. Its own file: the backend (backend.cpp) routes to it when
// BackendConfig::updater is Default; the burst half is burst_batches.hpp, first observations stay in the backend.
#pragma once
#include "lm/backend.hpp"
#include "lm/resident_batch.hpp"

#include <deque>
#include <list>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace lmc::lm {

// The host side of one LM.
struct LmState {
  std::vector<ObjectModel> models;
  // Per object, empty until the first observation (the informed space); stale while the LM is in a batch.
  std::vector<std::optional<Hypotheses>> hypotheses;
  double max_global_evidence = 0; // the previous step's MLH evidence (x-percent threshold)
};

class ResidentBatches {
public:
  // `lms`: the backend's LMs, which batches read their models and hypotheses from and write hypotheses back to when
  // they are dropped (a deque: batches hold pointers to the models).
  ResidentBatches(const BackendConfig& config, DType dtype, std::string device, NeighbourGridCache& grids,
                  std::deque<LmState>& lms);

  // One batch per entry: its (LM, object) pairs in order, and its stream.
  using Pairs = std::vector<std::pair<int, size_t>>;
  using Layout = std::vector<std::pair<Pairs, StreamId>>;
  // Whether launching `layout` needs a batch built or regrouped (work beyond uploads and replays).
  bool needs_build(const Layout& layout) const;
  // Launches a step of every batch of `layout` that holds a pair whose LM has input (inputs[lm] per LM id, active or
  // not; an LM without input is masked in its batch), building and regrouping batches first. Returns once queued.
  void launch(const Layout& layout, const std::vector<PairInput>& inputs);
  // Waits for the launched batches; per LM that had input, its pairs' results in object order (valid until the next
  // launch).
  std::vector<std::pair<int, std::vector<const PairResult*>>> collect();

  // Moves the batches holding any LM of `ids` back into the LMs' hypotheses and drops them.
  void evict(const std::set<int>& ids);
  // Whether `lm` is in a batch, and its hypotheses there.
  bool holds(int lm) const;
  HypothesesData hypotheses(int lm, size_t object);

private:
  struct Resident {
    Pairs pairs;
    StreamId stream = 0;
    std::unique_ptr<ResidentBatch> batch;
  };
  std::pair<Resident*, size_t> find_pair(int lm, size_t object);
  void write_back(Resident& r);
  // Drops (after moving their state back) the batches that hold a pair of `wanted` but are not one of them.
  void evict_regrouped(const Layout& wanted);
  // The batch for `pairs` on `stream`: the existing one, or a new one from the LMs' hypotheses.
  Resident& batch_for(const Pairs& pairs, StreamId stream);

  const BackendConfig& config_;
  DType dtype_;
  std::string device_;
  NeighbourGridCache& grids_;
  std::deque<LmState>& lms_;
  std::list<Resident> resident_; // a list: launched batches are referred to by address until collected
  std::vector<Resident*> launched_;
  std::vector<bool> had_input_; // per LM id, of the launched step
};

} // namespace lmc::lm
