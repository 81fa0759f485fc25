// A replayable plan: a schedule captured once for fixed shapes (its kernels prepared, every buffer it binds
// allocated and held), then replayed with no scheduling, lowering or allocation: the kernels are launched in order
// on a stream, or as one CUDA graph. Its own file: per-step host overhead is what the LM backend must avoid.
#pragma once
#include "codegen/schedule.hpp"
#include "runtime/buffer.hpp"
#include "runtime/realize.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lmc {

class Plan {
public:
  // Prepares every kernel of `schedule` and binds its buffers: existing ones (found by id) are held, the ones the
  // schedule creates (temporaries too) are allocated now and live as long as the plan. Throws lmc::Error when a
  // buffer the schedule reads no longer exists.
  Plan(Device& device, const Schedule& schedule);
  ~Plan();
  Plan(Plan&&) noexcept;
  Plan& operator=(Plan&&) noexcept;

  // Launches the kernels in order on `stream` (or the captured graph, see use_graph). Returns once queued.
  void replay(StreamId stream = 0);
  // Records the launches into a CUDA graph on `capture_stream` (not the default stream); later replays launch the
  // graph. Returns false (and keeps launching kernels) on a device without graphs.
  bool use_graph(StreamId capture_stream);
  bool uses_graph() const { return graph_ >= 0; }
  // Launches each kernel on its own: (kernel name, milliseconds) per kernel, for finding where a step spends its
  // time. On CUDA the median device-event time of 9 launches; elsewhere the wall time of one launch, waited for.
  // Runs the same work as replay().
  std::vector<std::pair<std::string, double>> time_kernels(StreamId stream = 0);

  // The buffer bound to schedule buffer id `id`, or the plan's `i`-th output (schedule.outputs order).
  std::shared_ptr<Buffer> buffer(int64_t id) const;
  std::shared_ptr<Buffer> output(size_t i) const;
  size_t num_outputs() const { return outputs_.size(); }
  size_t num_kernels() const { return launches_.size(); }
  Device& device() const { return *device_; }

  // The same kernels with some buffers exchanged (each pair: the bound buffer, its replacement of the same dtype and
  // size). Used for double-buffered state: step A reads s0 and writes s1, its rebound twin reads s1 and writes s0.
  Plan rebound(const std::vector<std::pair<std::shared_ptr<Buffer>, std::shared_ptr<Buffer>>>& swaps) const;

private:
  Plan() = default;
  struct Launch {
    const PreparedKernel* kernel = nullptr;
    std::vector<std::shared_ptr<Buffer>> buffers;
    std::vector<void*> pointers;
    std::vector<int32_t> vars;
  };
  Device* device_ = nullptr;
  std::vector<Launch> launches_;
  std::unordered_map<int64_t, std::shared_ptr<Buffer>> bound_;
  std::vector<std::shared_ptr<Buffer>> outputs_;
  GraphId graph_ = -1;
};

} // namespace lmc
