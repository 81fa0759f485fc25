// A batch of whole LMs running Monty's burst-sampling updater (monty_hypothesis_ops.md §6) with all of its state on the
// device: each (LM, object) pair holds its hypotheses at a fixed capacity with a live count, the slope tracker's
// window and ages, and its LM's burst counter. One step (the burst trigger from the LM's largest slope, the retain
// mask, the evidence step on the survivors, stable compaction, the top nodes by phi, the new hypotheses appended after
// the retained ones, the tracker update) is captured once as an lmc::Step with the state donated to it, so a
// step is one upload, one replay (one CUDA graph launch) and one download of 22 numbers per pair. Its own file:
// the fixed-hypothesis batch (resident_batch.hpp) keeps its hypotheses in place; this one rewrites every array.
#pragma once
#include "lm/burst_sampling.hpp"
#include "lm/resident_batch.hpp"
#include "lm/stacking.hpp"

#include <memory>
#include <vector>

namespace lmc::lm {

// Host copy of one pair's burst state: `size()` hypotheses in Monty's order with their tracker rows.
struct BurstPairState {
  std::vector<double> locations;      // (H, 3)
  std::vector<double> rotations;      // (H, 9) row-major 3x3
  std::vector<double> evidence;       // (H,)
  std::vector<double> window;         // (H, W) the tracker's last W evidence values, oldest first, NaN for empty slots
  std::vector<int64_t> ages;          // (H,) steps since the hypothesis was added
  std::vector<double> channel_counts; // (W,) input channels of each window column, oldest first; empty: all 1
  int64_t size() const { return static_cast<int64_t>(evidence.size()); }
};

// One pair's results after a step.
struct BurstPairResult {
  PairResult best;                  // max evidence over the live rows (-inf with none), first argmax (-1 with none)
  int64_t count = 0;                // live hypotheses after the step
  int64_t num_retained = 0;         // hypotheses kept from the previous step
  int64_t num_new = 0;              // hypotheses sampled this step
  int64_t burst_steps_at_enter = 0; // > 0: this step sampled (Monty's burst counter after __enter__)
  bool burst_triggered = false;     // this step started the LM's burst
  double max_global_slope = 0;      // the LM's largest finite slope at the start of the step, -inf with none
  double prediction_error = 0;      // Monty's telemetry over the retained hypotheses, NaN when none were scored
};

class BurstBatch {
public:
  // Stacks the pairs (pair i belongs to LM lm_of_pair[i] in [0, L)) with their host state and each LM's burst
  // counter, padded to max(N, min_nodes) nodes and `capacity` rows (0: enough for a whole burst and one more step from
  // the current counts, a multiple of 1024; a given capacity is raised to hold the counts, to a power of two from 64
  // below 1024 rows or a multiple of 1024 above: check fits_next_step() before launching).
  // params.threshold must be All, as Monty requires for this updater. Launches
  // go to `stream`.
  BurstBatch(const std::vector<const ObjectModel*>& models, const std::vector<int>& lm_of_pair,
             const std::vector<BurstPairState>& states, const std::vector<int64_t>& burst_steps,
             const EvidenceParams& params, const BurstSettings& burst, int64_t umbilical_num_poses, DType dtype,
             const std::string& device, StreamId stream, bool cuda_graphs, int64_t min_nodes = 0, int64_t capacity = 0,
             NeighbourGridCache* grids = nullptr, int64_t channels = 1);
  ~BurstBatch();
  BurstBatch(const BurstBatch&) = delete;
  BurstBatch& operator=(const BurstBatch&) = delete;

  // Uploads the inputs (`channels` per pair, pair-major: pair i's channel c at i * channels + c; the pairs of one LM
  // share its percepts, and its channel rows its displacement; a channel without input this step is inactive) and
  // queues the step; returns once queued. Throws lmc::Error for a wrong number of inputs, or when a pair could outgrow
  // the capacity this step (check fits_next_step() first and rebuild with a larger capacity).
  void launch(const std::vector<PairInput>& inputs);
  // Blocks until the last launched step is done and returns one result per pair.
  const std::vector<BurstPairResult>& finish();

  // Whether every pair's count plus the most it can sample in the next step fits the capacity. A pair samples only in
  // its LM's burst, or when its LM's slope (computed with the state, read back with the results) starts one.
  bool fits_next_step() const;
  // The capacity a rebuilt batch needs for the next whole burst (a multiple of 1024, at least a quarter more).
  int64_t capacity_for_next_burst() const;
  // The smallest capacity that holds every pair through the rest of its LM's burst and one more step (the count plus
  // the most it can sample on each of those steps; the count and one step's samples when no burst runs), quantized
  // as a given capacity is: a power of two from 64 below 1024 rows, a multiple of 1024 above. A batch whose pairs
  // have deleted down to a few hypotheses moves to it (BurstBatches), so that the per-row kernels follow the live
  // count; a burst in progress keeps its room, so a batch does not shrink only to grow on the next step.
  int64_t capacity_for_rest_of_burst() const;
  // Every capacity capacity_for_rest_of_burst() can name below this batch's (the capacities a shrinking batch may
  // move to), smallest first.
  std::vector<int64_t> capacities_to_shrink_to() const;

  size_t size() const { return counts_.size(); }
  int64_t capacity() const { return rows_; }
  int64_t padded_nodes() const { return nodes_; }
  int64_t count(size_t i) const { return counts_.at(i); }
  // The burst counter of local LM l after the last finished step.
  int64_t burst_steps(size_t lm) const { return burst_steps_.at(lm); }
  size_t kernels_per_step() const;
  bool uses_graphs() const;
  std::vector<std::pair<std::string, double>> time_kernels();

  // Replaces every pair's state and every LM's burst counter with the given ones (as the constructor takes them; each
  // pair's count at most the capacity), keeping the captured step: a batch kept at another capacity takes over from
  // a rebuilt one without a re-capture. Waits for a step in flight.
  void load(const std::vector<BurstPairState>& states, const std::vector<int64_t>& burst_steps);
  // Takes over the state of `other`, a batch of the same pairs at another capacity (the same LMs, window, channels,
  // dtype and device; each count at most this capacity), as load() would from other's downloaded state but by copying
  // each pair's rows between the state buffers: no tensor program runs, so a batch moves to a spare in a fraction of
  // a millisecond instead of the milliseconds of building and realizing the state again. Rows past other's capacity
  // get the padding a step leaves there. Waits for both batches' steps in flight.
  void take_state_from(BurstBatch& other);
  // Starts a new episode for local LM `lm` in place: its pairs have no hypotheses and its burst counter is 0 (waits for
  // a step in flight; no rebuild).
  void clear_lm(size_t lm);
  // Pair i's current state (count(i) rows), read from the device.
  BurstPairState download(size_t i);
  // What the last step did to pair i: the retain mask over the rows it entered the step with, and the sampled node
  // ids in ascending phi order (num_new / n_r of them).
  std::vector<bool> last_retained(size_t i);
  std::vector<int64_t> last_new_nodes(size_t i);

private:
  struct State;
  std::unique_ptr<State> s_;
  // Whether pair i can sample in the next step (an input given): its LM is in a burst or its slope can start one.
  bool can_sample_next_step(size_t i) const;
  // lm_slopes_ from the device state (after building or loading).
  void read_lm_slopes();

  std::vector<int64_t> counts_, previous_counts_, max_new_, burst_steps_, last_new_nodes_count_;
  std::vector<double> lm_slopes_; // per pair, its LM's slope over the current state (the next step's trigger input)
  double trigger_slope_ = 1;
  std::vector<int> lm_of_pair_;
  int64_t channels_ = 1;
  int64_t nodes_ = 0, rows_ = 0, columns_ = 0, window_ = 0, max_sampled_nodes_ = 0, umbilical_ = 8, duration_ = 5;
};

} // namespace lmc::lm
