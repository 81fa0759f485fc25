// The burst-sampling half of the LM backend: every LM's burst state, in burst batches (burst_batch.hpp) laid out by
// the dispatch mode (one per LM in Flatten and Streams mode, one per group in Stacked mode), or on the host between
// layouts. It builds, regroups and grows batches, launches a step and reads its results. Its own file: the backend
// (backend.cpp) routes to it when BackendConfig::updater is BurstSampling; the fixed-hypothesis path stays there.
#pragma once
#include "lm/backend.hpp"
#include "lm/burst_batch.hpp"

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace lmc::lm {

class BurstBatches {
public:
  BurstBatches(const BackendConfig& config, DType dtype, std::string device, NeighbourGridCache& grids);

  // A new LM (its id is the next index) with its objects' models and, optionally, starting hypotheses (an empty
  // tracker each). The models must outlive this object.
  void add_lm(std::vector<const ObjectModel*> models, std::vector<BurstPairState> states);
  // A new episode for `lm`: the given hypotheses (or none), empty trackers, no burst running. Without hypotheses a
  // resident LM is cleared in place (its batch stays).
  void reset_lm(int lm, std::vector<BurstPairState> states);

  // One batch per entry: its LMs in order, and its stream.
  using Layout = std::vector<std::pair<std::vector<int>, StreamId>>;
  // Whether launching `layout` needs work beyond uploads and replays: a batch to build, regroup or grow.
  bool needs_build(const Layout& layout) const;
  // One LM's input this step: one entry per channel (at most BackendConfig::max_channels), empty for no input.
  using LmInput = std::vector<std::optional<PairInput>>;
  // Launches a step of every batch in `layout` that holds an LM with input (building, regrouping and growing batches
  // first), with inputs[lm] per LM id. The LM's displacement is its first channel's with input. Returns once queued.
  void launch(const Layout& layout, const std::vector<LmInput>& inputs);
  // Waits for the launched batches and returns, per LM that had input, its per-object pair results and burst results
  // (with the full arrays when asked).
  struct LmStep {
    int lm = -1;
    std::vector<PairResult> pairs;
    BurstLmResult burst;
    std::vector<HypothesesData> hypotheses; // with full arrays only
  };
  std::vector<LmStep> collect(bool full_arrays);

  // An LM's current hypotheses (from its batch, or its host copy), of every object or of one.
  std::vector<HypothesesData> hypotheses(int lm);
  HypothesesData hypotheses(int lm, size_t object);
  // The capacity of the batch holding `lm`, 0 while it is on the host.
  int64_t capacity(int lm);

private:
  struct Resident {
    std::vector<int> lms;
    StreamId stream = 0;
    std::unique_ptr<BurstBatch> batch;
    std::vector<std::pair<int, size_t>> pairs; // (LM, object) per batch pair
    // Batches of the same LMs at other capacities, by capacity: a shrunk batch that grows again (or the reverse)
    // takes one over instead of capturing its step again.
    std::map<int64_t, std::unique_ptr<BurstBatch>> spares;
  };
  // The batch pairs of `lms` in order: models, local LM, host state, (LM, object); and the LMs' burst counters.
  struct Gathered {
    std::vector<const ObjectModel*> models;
    std::vector<int> lm_of_pair;
    std::vector<BurstPairState> states;
    std::vector<std::pair<int, size_t>> pairs;
    std::vector<int64_t> burst_steps;
  };
  Gathered gather(const std::vector<int>& lms) const;
  Resident* find(int lm);
  Resident& batch_for(const std::vector<int>& lms, StreamId stream);
  // A batch of `lms` from their host state; `pairs` receives its (LM, object) pairs in batch order.
  std::unique_ptr<BurstBatch> make_batch(const std::vector<int>& lms, StreamId stream, int64_t capacity,
                                         std::vector<std::pair<int, size_t>>& pairs);
  void write_back(Resident& r);
  // Moves r's state into a batch of `capacity` rows: a spare of that capacity, or a new one.
  void rebuild(Resident& r, int64_t capacity);
  // Where batches shrink: a spare for every capacity r's batch can shrink to, built with r's first step (on the CPU
  // a step's kernels take 25-40 ms to lower and load, which a shrink in the middle of an episode would otherwise pay:
  // the first step of a process pays them instead, and every later shrink only moves the state).
  void build_spares_to_shrink_to(Resident& r);
  // Whether batches shrink (BackendConfig::shrink_burst_capacity), and the capacity `batch` shrinks to before its next
  // step (0: it stays).
  bool shrinks() const;
  int64_t capacity_to_shrink_to(const Resident& r) const;
  void evict_if(const std::function<bool(const Resident&)>& drop);

  const BackendConfig& config_;
  DType dtype_;
  std::string device_;
  NeighbourGridCache& grids_;
  std::vector<std::vector<const ObjectModel*>> models_;
  std::vector<std::vector<BurstPairState>> host_states_; // valid while the LM is not in a batch
  std::vector<int64_t> host_burst_steps_;
  std::list<Resident> resident;
  std::vector<Resident*> launched_;
  std::vector<LmInput> launched_inputs_;
};

} // namespace lmc::lm
