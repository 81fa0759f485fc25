// Capturing a step: one schedule of every next value and result, prepared once as a plan, and that plan rebound twice
// so that state and spare buffers swap roles between replays.
#include "frontend/step.hpp"

#include "codegen/schedule.hpp"
#include "frontend/lazy.hpp"
#include "runtime/plan.hpp"
#include "runtime/realize.hpp"

#include <fmt/format.h>
#include <unordered_set>

namespace lmc {
namespace {

// A realized tensor that is its whole buffer, as Tensor::empty, clone and the from_* constructors make them: a step
// writes all of its buffer, so a view of part of one (or of a buffer seen through a permute) cannot be state.
bool is_whole_buffer(const Tensor& t) {
  const auto& s = TensorAccess::state(t);
  if (!s->buffer || s->buffer->size() != t.numel()) return false;
  UOp u = s->uop;
  if (u.op() == Op::RESHAPE) u = u.src(0);
  return u.op() == Op::BUFFER && u.arg_as<BufferArg>().id == s->buffer->id();
}

Tensor over(const std::shared_ptr<Buffer>& buffer, const std::string& device, const Shape& shape) {
  auto s = std::make_shared<LazyState>();
  s->device = device;
  s->buffer = buffer;
  s->uop = view_of(*buffer, device, shape);
  return TensorAccess::make(std::move(s));
}

} // namespace

struct Step::Impl {
  std::string device;
  // states[p][i]: update i's buffer that plans[p] reads (states[p ^ 1][i] is the one it writes).
  std::vector<Tensor> states[2];
  // results[p][j]: result j as plans[p] writes it (the same buffer for both unless a result is a view of state).
  std::vector<Tensor> results[2];
  std::vector<Plan> plans;
  int current = 0;
  bool replayed = false;

  // A replay may still be running on the device when the step is dropped: its buffers go back to the allocator only
  // after the device is done with them.
  ~Impl() {
    if (!replayed) return;
    try {
      get_device(device).synchronize();
    } catch (...) {
      // A failing device: nothing to report to from a destructor.
    }
  }
};

Step::Step(const std::vector<Update>& updates, const std::vector<Tensor>& results) : impl_(std::make_unique<Impl>()) {
  if (updates.empty() && results.empty()) throw Error("step: nothing to compute (no update and no result)");
  const std::string device = updates.empty() ? results[0].device() : updates[0].state.device();
  auto check_device = [&](const Tensor& t, const std::string& what) {
    if (t.device() != device)
      throw Error(fmt::format("step: {} is on {} but the step runs on {}", what, t.device(), device));
  };
  std::unordered_set<int64_t> donated;
  std::vector<UOp> roots;
  for (size_t i = 0; i < updates.size(); ++i) {
    const Update& u = updates[i];
    check_device(u.state, fmt::format("update {}'s state", i));
    check_device(u.next, fmt::format("update {}'s next value", i));
    if (!is_whole_buffer(u.state))
      throw Error(fmt::format("step: update {}'s state ({} {}) is not a realized tensor over a whole buffer of its "
                              "own (make it with Tensor::empty, clone or from_vector)",
                              i, u.state.dtype().name(), shape_str(u.state.shape())));
    if (u.next.shape() != u.state.shape() || u.next.dtype() != u.state.dtype())
      throw Error(fmt::format("step: update {}'s next value is {} {} but its state is {} {}", i, u.next.dtype().name(),
                              shape_str(u.next.shape()), u.state.dtype().name(), shape_str(u.state.shape())));
    if (!donated.insert(u.state.buffer()->id()).second)
      throw Error(fmt::format("step: update {}'s state is the buffer of an earlier update", i));
    // A next value that is a view of a buffer (the state itself, unchanged, or another tensor) would get no kernel
    // of its own; a copy gives it one, writing a fresh buffer the rebinding below turns into the spare. Other roots
    // stay as they are: wrapping a reduce would realize it in a kernel of its own.
    const UOp next = u.next.uop();
    const UOp viewed = next.op() == Op::RESHAPE ? next.src(0) : next;
    roots.push_back(viewed.op() == Op::BUFFER ? UOp::make(Op::CONTIGUOUS, next.dtype(), {next}) : next);
  }
  for (size_t j = 0; j < results.size(); ++j) {
    check_device(results[j], fmt::format("result {}", j));
    roots.push_back(results[j].uop());
  }

  Device& dev = get_device(device);
  Plan captured(dev, schedule(roots, device));
  Impl& m = *impl_;
  m.device = device;
  std::vector<std::pair<std::shared_ptr<Buffer>, std::shared_ptr<Buffer>>> forward, backward;
  for (size_t i = 0; i < updates.size(); ++i) {
    const Tensor& state = updates[i].state;
    Tensor spare = Tensor::empty(state.shape(), state.dtype(), device);
    const std::shared_ptr<Buffer> produced = captured.output(i);
    for (size_t earlier = 0; earlier < i; ++earlier)
      if (captured.output(earlier) == produced)
        throw Error(fmt::format("step: updates {} and {} have the same next value (one buffer cannot hold two "
                                "states; make one a copy of the other's state after the step)",
                                earlier, i));
    forward.push_back({produced, spare.buffer()});
    backward.push_back({state.buffer(), spare.buffer()});
    backward.push_back({produced, state.buffer()});
    m.states[0].push_back(state);
    m.states[1].push_back(std::move(spare));
  }
  m.plans.push_back(captured.rebound(forward));
  m.plans.push_back(captured.rebound(backward));
  for (int p = 0; p < 2; ++p)
    for (size_t j = 0; j < results.size(); ++j)
      m.results[p].push_back(
          over(m.plans[static_cast<size_t>(p)].output(updates.size() + j), device, results[j].shape()));
}

Step::~Step() = default;
Step::Step(Step&&) noexcept = default;
Step& Step::operator=(Step&&) noexcept = default;

void Step::replay(int stream) {
  impl_->replayed = true;
  impl_->plans[static_cast<size_t>(impl_->current)].replay(stream);
  impl_->current ^= 1;
  // The state buffers now hold other values: an expression over them realized before must not be found again.
  forget_realized_expressions();
}

bool Step::use_graphs(int capture_stream) {
  Device& dev = get_device(impl_->device);
  if (!dev.supports_graphs()) return false;
  // The legacy default stream cannot capture.
  const StreamId stream = capture_stream != 0 ? capture_stream : dev.create_stream();
  try {
    for (Plan& p : impl_->plans)
      p.use_graph(stream);
  } catch (...) {
    if (stream != capture_stream) dev.destroy_stream(stream);
    throw;
  }
  if (stream != capture_stream) dev.destroy_stream(stream);
  return true;
}

bool Step::uses_graphs() const {
  return impl_->plans[0].uses_graph();
}

const Tensor& Step::state(size_t i) const {
  if (i >= num_updates()) throw Error(fmt::format("step: state {} of {}", i, num_updates()));
  return impl_->states[impl_->current][i];
}

const Tensor& Step::result(size_t j) const {
  if (j >= num_results()) throw Error(fmt::format("step: result {} of {}", j, num_results()));
  // The last replay ran plans[current ^ 1].
  return impl_->results[impl_->current ^ 1][j];
}

size_t Step::num_updates() const {
  return impl_->states[0].size();
}

size_t Step::num_results() const {
  return impl_->results[0].size();
}

size_t Step::num_kernels() const {
  return impl_->plans[0].num_kernels();
}

const std::string& Step::device() const {
  return impl_->device;
}

std::vector<std::pair<std::string, double>> Step::time_kernels(int stream) {
  auto out = impl_->plans[static_cast<size_t>(impl_->current)].time_kernels(stream);
  impl_->current ^= 1;
  forget_realized_expressions();
  return out;
}

} // namespace lmc
