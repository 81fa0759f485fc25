// Realization: scheduling the lazy graphs of some tensors, running them, and turning each tensor into a view of
// its buffer. Realized expressions are remembered (weakly) so graphs built earlier never recompute them.
#include "runtime/realize.hpp"
#include "frontend/lazy.hpp"
#include "ir/shape.hpp"

#include <cstring>
#include <fmt/format.h>
#include <mutex>
#include <unordered_map>

namespace lmc {
namespace {

struct RealizedEntry {
  std::weak_ptr<Buffer> buffer;
  UOp view;
};

struct RealizedCache {
  std::mutex mutex;
  std::unordered_map<uint32_t, RealizedEntry> by_node;
};

RealizedCache& realized_cache() {
  static RealizedCache* c = new RealizedCache();
  return *c;
}

std::optional<UOp> lookup_realized(UOp u) {
  if (u.op() == Op::BUFFER || u.op() == Op::CONST || (u.op() == Op::RESHAPE && u.src(0).op() == Op::BUFFER))
    return std::nullopt;
  auto& c = realized_cache();
  std::lock_guard lock(c.mutex);
  auto it = c.by_node.find(u.id());
  if (it == c.by_node.end()) return std::nullopt;
  if (it->second.buffer.expired()) {
    c.by_node.erase(it);
    return std::nullopt;
  }
  return it->second.view;
}

} // namespace

UOp view_of(const Buffer& b, const std::string& device, const Shape& shape) {
  UOp buf = UOp::make(Op::BUFFER, b.dtype(), {}, BufferArg{b.id(), b.size(), device});
  if (shape.size() == 1 && shape[0] == b.size()) return buf;
  return UOp::make(Op::RESHAPE, b.dtype(), {buf}, IntList(shape.begin(), shape.end()));
}

void forget_realized_expressions() {
  auto& c = realized_cache();
  std::lock_guard lock(c.mutex);
  c.by_node.clear();
}

const Shape& Tensor::shape() const {
  return *state_->uop.shape();
}
DType Tensor::dtype() const {
  return state_->uop.dtype();
}
const std::string& Tensor::device() const {
  return state_->device;
}
int64_t Tensor::numel() const {
  return shape_numel(shape());
}
UOp Tensor::uop() const {
  return state_->uop;
}

Tensor Tensor::from_uop(UOp uop, const std::string& device, std::vector<Tensor> inputs) {
  if (uop.is_null() || !uop.shape()) throw Error("from_uop: the node has no tensor shape");
  Tensor t = derive(uop, inputs, "from_uop");
  if (inputs.empty()) t.state_->device = resolve_device(device);
  return t;
}

Tensor Tensor::contiguous() const {
  return derive(UOp::make(Op::CONTIGUOUS, dtype(), {uop()}), {this}, "contiguous");
}

void Tensor::realize_all(std::vector<Tensor*> tensors) {
  std::vector<Tensor*> pending;
  for (Tensor* t : tensors)
    if (!t->state_->buffer) pending.push_back(t);
  if (pending.empty()) return;
  const std::string device = pending[0]->device();
  std::vector<UOp> roots;
  for (Tensor* t : pending) {
    if (t->device() != device)
      throw Error(fmt::format("realize: tensors on {} and {} in one call", device, t->device()));
    // A top-k is always its own kernel (its selection fuses into no reader), so a reshape of one, which keeps the
    // element order, is realized as the top-k itself: the tensor is then a view of its buffer, where scheduling the
    // reshape would add a kernel copying it. (Other results take a reshape into their own kernel's output indexing.)
    UOp root = t->uop();
    UOp source = root;
    while (source.op() == Op::RESHAPE)
      source = source.src(0);
    if (source.op() == Op::TOPK && !lookup_realized(source)) root = source;
    roots.push_back(root);
  }
  Schedule s = schedule(roots, device, lookup_realized);
  std::vector<std::shared_ptr<Buffer>> buffers = run_schedule(s, get_device(device));
  for (size_t i = 0; i < pending.size(); ++i) {
    LazyState& st = *pending[i]->state_;
    const UOp expression = st.uop;
    st.buffer = buffers[i];
    st.uop = view_of(*buffers[i], device, *expression.shape());
    st.inputs.clear();
    auto& c = realized_cache();
    std::lock_guard lock(c.mutex);
    c.by_node[expression.id()] = RealizedEntry{buffers[i], st.uop};
  }
}

Tensor Tensor::clone() const {
  if (numel() == 0) return empty(shape(), dtype(), device());
  // CONTIGUOUS is always a realize point, so even over a buffer it is a kernel writing a fresh one. The cache is asked
  // about everything below the root (reading a realized input is fine) but not the root itself: a copy found there
  // would be another tensor's buffer. For the same reason the result is not entered in the cache.
  const UOp root = uop().op() == Op::CONTIGUOUS ? uop() : UOp::make(Op::CONTIGUOUS, dtype(), {uop()});
  const auto below_root = [&root](UOp u) -> std::optional<UOp> {
    if (u == root) return std::nullopt;
    return lookup_realized(u);
  };
  Schedule s = schedule({root}, device(), below_root);
  std::vector<std::shared_ptr<Buffer>> buffers = run_schedule(s, get_device(device()));
  auto st = std::make_shared<LazyState>();
  st->device = device();
  st->buffer = buffers.at(0);
  st->uop = view_of(*st->buffer, device(), shape());
  return TensorAccess::make(std::move(st));
}

Tensor& Tensor::realize() {
  realize_all({this});
  return *this;
}

std::shared_ptr<Buffer> Tensor::buffer() const {
  Tensor self = *this;
  self.realize();
  return self.state_->buffer;
}

void Tensor::copy_to_host(void* out, size_t bytes) const {
  std::shared_ptr<Buffer> b = buffer();
  b->copy_out(out, bytes);
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  DType want = std::is_same_v<T, float>      ? float32
               : std::is_same_v<T, double>   ? float64
               : std::is_same_v<T, int32_t>  ? int32
               : std::is_same_v<T, int64_t>  ? int64
               : std::is_same_v<T, int16_t>  ? int16
               : std::is_same_v<T, int8_t>   ? int8
               : std::is_same_v<T, uint8_t>  ? (dtype().is_bool() ? bool_ : uint8)
               : std::is_same_v<T, uint16_t> ? uint16
               : std::is_same_v<T, uint32_t> ? uint32
               : std::is_same_v<T, uint64_t> ? uint64
                                             : bool_;
  if (want != dtype())
    throw Error(fmt::format("to_vector: the tensor holds {}, not {} (cast it first)", dtype().name(), want.name()));
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<uint8_t> bytes(numel());
    copy_to_host(bytes.data(), bytes.size());
    return std::vector<bool>(bytes.begin(), bytes.end());
  } else {
    std::vector<T> out(numel());
    copy_to_host(out.data(), out.size() * sizeof(T));
    return out;
  }
}

#define LMC_INSTANTIATE_TO_VECTOR(T) template std::vector<T> Tensor::to_vector<T>() const;
LMC_INSTANTIATE_TO_VECTOR(bool)
LMC_INSTANTIATE_TO_VECTOR(int8_t)
LMC_INSTANTIATE_TO_VECTOR(int16_t)
LMC_INSTANTIATE_TO_VECTOR(int32_t)
LMC_INSTANTIATE_TO_VECTOR(int64_t)
LMC_INSTANTIATE_TO_VECTOR(uint8_t)
LMC_INSTANTIATE_TO_VECTOR(uint16_t)
LMC_INSTANTIATE_TO_VECTOR(uint32_t)
LMC_INSTANTIATE_TO_VECTOR(uint64_t)
LMC_INSTANTIATE_TO_VECTOR(float)
LMC_INSTANTIATE_TO_VECTOR(double)
#undef LMC_INSTANTIATE_TO_VECTOR

std::ostream& operator<<(std::ostream& out, const Tensor& t) {
  // Values as float64 (exact for every dtype but large 64-bit ints), nested like numpy, long axes elided.
  std::vector<double> values = t.cast(float64).to_vector<double>();
  const Shape& shape = t.shape();
  out << "tensor(";
  std::function<void(size_t, int64_t)> print = [&](size_t axis, int64_t offset) {
    if (axis == shape.size()) {
      out << fmt::format("{:g}", values[offset]);
      return;
    }
    int64_t stride = 1;
    for (size_t i = axis + 1; i < shape.size(); ++i)
      stride *= shape[i];
    out << "[";
    const std::string sep = axis + 1 == shape.size() ? ", " : ",\n" + std::string(axis + 8, ' ');
    for (int64_t i = 0; i < shape[axis]; ++i) {
      if (i) out << sep;
      if (shape[axis] > 8 && i == 3) {
        out << "..." << sep;
        i = shape[axis] - 3;
      }
      print(axis + 1, offset + i * stride);
    }
    out << "]";
  };
  print(0, 0);
  out << fmt::format(", shape={}, dtype={}, device={})", shape_str(shape), t.dtype().name(), t.device());
  return out;
}

} // namespace lmc
