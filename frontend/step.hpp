// lmc::Step: a computation over tensors captured once and replayed many times, for loops whose every iteration runs
// the same kernels on new values (an LM's step, a simulation's tick). Capturing schedules, compiles and allocates
// once; a replay only launches the kernels (or one CUDA graph), with no scheduling, lowering or allocation, so the
// per-iteration host cost is a few microseconds. Its own file: tensor.hpp stays the one-shot, lazy API.
//
// State the step updates is donated to it: each update names a realized tensor and its value after the step, and the
// step writes that value into a buffer it owns, alternating between the state's buffer and a spare of the same size
// (the next value may read any part of the old one, so it cannot be written in place). `state(i)` is the tensor that
// holds the latest value; results are written into buffers of the step's own, overwritten by every replay.
#pragma once
#include "frontend/tensor.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lmc {

class Step {
public:
  // One piece of state: `state` a realized tensor over a whole buffer (from Tensor::empty, clone, from_vector, ...)
  // and `next`, of the same shape and dtype, the value it takes, computed from `state`, other realized tensors and
  // constants (an unrealized input is computed again by every replay).
  struct Update {
    Tensor state;
    Tensor next;
  };

  // Captures the step: the updates' next values and `results`, all on one device. Throws lmc::Error naming what was
  // wrong: an update whose state is not a whole realized buffer, a next value of another shape or dtype, two updates
  // of one buffer, tensors on different devices, nothing to compute.
  Step(const std::vector<Update>& updates, const std::vector<Tensor>& results);
  ~Step();
  Step(Step&&) noexcept;
  Step& operator=(Step&&) noexcept;

  // Queues one step on `stream` (a stream id of the device, 0 the default) and returns: every update's state takes
  // its next value and the results are recomputed. Read them after the stream is done (Tensor reads wait for the
  // device).
  void replay(int stream = 0);
  // Records both replays (from the state's buffer and from the spare) as CUDA graphs, so a later replay is one graph
  // launch. Uses `capture_stream`, or a stream of its own when that is the default stream (which cannot capture).
  // Returns false, and keeps launching kernel by kernel, on a device without graphs.
  bool use_graphs(int capture_stream = 0);
  bool uses_graphs() const;

  // The tensor holding update i's latest value (its state before the first replay). The buffer alternates between
  // replays: ask again after each one rather than keeping the tensor.
  const Tensor& state(size_t i) const;
  // Result i as the last replay left it (unspecified values before the first replay).
  const Tensor& result(size_t i) const;
  size_t num_updates() const;
  size_t num_results() const;
  size_t num_kernels() const;
  const std::string& device() const;

  // One replay launched kernel by kernel, waited for: (kernel name, milliseconds) per kernel. On CUDA the median of
  // device-event times over repeats. Changes the state as replay() does.
  std::vector<std::pair<std::string, double>> time_kernels(int stream = 0);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace lmc
