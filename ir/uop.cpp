// The node arena and the intern table that make UOps hash-consed, plus construction and traversal.
#include "ir/uop.hpp"

#include "ir/error.hpp"
#include "ir/hash.hpp"
#include "ir/shape.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace lmc {

namespace {

// Bit-exact argument equality: a double constant compares by its bits, so NaN equals itself and -0.0 != 0.0.
bool const_equal(const ConstValue& a, const ConstValue& b) {
  if (a.index() != b.index()) return false;
  if (auto da = std::get_if<double>(&a))
    return std::bit_cast<uint64_t>(*da) == std::bit_cast<uint64_t>(std::get<double>(b));
  return a == b;
}

bool arg_equal(const Arg& a, const Arg& b) {
  if (a.index() != b.index()) return false;
  if (auto ca = std::get_if<ConstValue>(&a)) return const_equal(*ca, std::get<ConstValue>(b));
  return a == b;
}

void hash_arg(StableHasher& h, const Arg& arg) {
  h.add_u64(arg.index());
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
        } else if constexpr (std::is_same_v<T, ConstValue>) {
          h.add_u64(v.index());
          if (auto d = std::get_if<double>(&v))
            h.add_u64(std::bit_cast<uint64_t>(*d));
          else
            h.add_i64(const_as_int(v));
        } else if constexpr (std::is_same_v<T, VarArg>) {
          h.add_str(v.name).add_i64(v.min).add_i64(v.max);
        } else if constexpr (std::is_same_v<T, BufferArg>) {
          h.add_i64(v.id).add_i64(v.size).add_str(v.device);
        } else if constexpr (std::is_same_v<T, ParamArg>) {
          h.add_i64(v.slot).add_i64(v.size);
        } else if constexpr (std::is_same_v<T, RangeArg>) {
          h.add_i64(v.id).add_u64(static_cast<uint64_t>(v.kind));
        } else if constexpr (std::is_same_v<T, SpecialArg>) {
          h.add_str(v.name);
        } else if constexpr (std::is_same_v<T, ReduceArg>) {
          h.add_str(op_name(v.op)).add_u64(v.axes.size());
          for (auto a : v.axes)
            h.add_i64(a);
        } else if constexpr (std::is_same_v<T, IntList>) {
          h.add_u64(v.size());
          for (auto a : v)
            h.add_i64(a);
        } else if constexpr (std::is_same_v<T, PairList>) {
          h.add_u64(v.size());
          for (auto [a, b] : v)
            h.add_i64(a).add_i64(b);
        } else if constexpr (std::is_same_v<T, std::string>) {
          h.add_str(v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          h.add_i64(v);
        } else if constexpr (std::is_same_v<T, TopkArg>) {
          h.add_i64(v.k).add_i64(v.axis).add_u64(v.largest).add_u64(v.indices);
          if (v.bounded) h.add_u64(std::bit_cast<uint64_t>(v.bound));
        }
      },
      arg);
}

void hash_dtype(StableHasher& h, DType d) {
  h.add_u64(static_cast<uint64_t>(d.scalar) | (uint64_t{d.count} << 8) | (static_cast<uint64_t>(d.addrspace) << 24));
}

// Nodes are allocated in fixed-size chunks whose addresses never move, so readers need no lock.
class Arena {
public:
  static constexpr uint32_t kChunkBits = kNodeChunkBits;
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;
  static constexpr uint32_t kMaxChunks = kMaxNodeChunks;

  Node& at(uint32_t id) const {
    return node_chunks[id >> kChunkBits].load(std::memory_order_acquire)[id & (kChunkSize - 1)];
  }

  // Returns the id of a node equal to the candidate, creating it if needed: `prepare` runs first (it may throw,
  // and then no node exists), `fill` writes the fresh node.
  template <class Prepare, class Fill>
  uint32_t intern(Op op, DType dtype, std::span<const UOp> src, const Arg& arg, uint64_t ihash, Prepare&& prepare,
                  Fill&& fill) {
    std::lock_guard lock(mutex_);
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    const uint64_t tag = tag_of(ihash);
    const bool has_arg = arg.index() != 0;
    for (size_t i = home(tag, mask);; i = (i + 1) & mask) {
      const uint64_t slot = slots_[i];
      if (slot == kEmpty) {
        prepare();
        const uint32_t fresh = allocate();
        // Constructed here, not when its chunk was allocated: a chunk built whole (3 MB) was out of cache again
        // by the time its nodes were filled, so every fresh node wrote three cold lines.
        fill(*new (&at(fresh)) Node);
        slots_[i] = tag | fresh;
        ++count_;
        return fresh;
      }
      if ((slot & kTagMask) != tag) continue; // another hash: no need to read that node (a cache miss)
      const uint32_t id = static_cast<uint32_t>(slot);
      const Node& n = at(id);
      // Op, dtype and sources are on the node's first line; the argument (second line) only where one has one.
      if (n.op == op && n.dtype == dtype && std::ranges::equal(n.src(), src) &&
          (!(has_arg || n.has_arg) || arg_equal(n.arg, arg)))
        return id;
    }
  }

  uint32_t size() const { return next_id_.load(std::memory_order_acquire); }

private:
  // A slot holds a node id in its low half and the high half of the node's hash above it, so probing past
  // other nodes compares slots only.
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static constexpr uint64_t kTagMask = ~uint64_t{0} << 32;
  static uint64_t tag_of(uint64_t ihash) { return ihash & kTagMask; }
  // A node's first slot is taken from its tag, so growing the table moves slots without reading their nodes (a
  // cache miss per node: most of a rehash's time). Slots near one another share low tag bits, but their tags
  // still differ in the bits above the mask, and a false match costs only a comparison.
  static size_t home(uint64_t tag, size_t mask) { return static_cast<size_t>(tag >> 32) & mask; }

  uint32_t allocate() {
    const uint32_t id = next_id_.load(std::memory_order_relaxed);
    const uint32_t chunk = id >> kChunkBits;
    if (chunk >= kMaxChunks) throw Error("UOp arena full (2^31 nodes)");
    // Raw memory: each node is constructed when it is filled (intern). Nodes are never freed.
    if (!node_chunks[chunk].load(std::memory_order_relaxed))
      node_chunks[chunk].store(
          static_cast<Node*>(::operator new (sizeof(Node) * kChunkSize, std::align_val_t{alignof(Node)})),
          std::memory_order_release);
    next_id_.store(id + 1, std::memory_order_release);
    return id;
  }

  void grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kEmpty);
    const size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
      if (slot == kEmpty) continue;
      size_t i = home(tag_of(slot), mask);
      while (slots_[i] != kEmpty)
        i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::mutex mutex_;
  std::vector<uint64_t> slots_;
  size_t count_ = 0;
  std::atomic<uint32_t> next_id_{0};
};

Arena& arena() {
  static Arena* instance = new Arena(); // never destroyed: UOps may be read during static destruction
  return *instance;
}

const Node& node(uint32_t id) {
  return node_at(id);
}

// Whether the sources have the dtypes the op table asks for (see Node::well_typed).
bool sources_well_typed(Op op, DType dtype, std::span<const UOp> src) {
  switch (op_info(op).dtype_rule) {
  case DTypeRule::SameAsSrc0:
    for (UOp s : src)
      if (s.dtype() != dtype) return false;
    return true;
  case DTypeRule::Bool:
    return src.size() != 2 || src[0].dtype() == src[1].dtype();
  case DTypeRule::Where:
    return src.size() != 3 || (src[0].dtype().is_bool() && src[1].dtype() == dtype && src[2].dtype() == dtype);
  case DTypeRule::ShiftLike:
    return src.empty() || src[0].dtype() == dtype;
  default:
    return true;
  }
}

uint64_t local_hash(Op op, DType dtype, std::span<const UOp> src, const Arg& arg) {
  // The intern hash is process-local, so it need not be StableHasher's: nodes without an argument (the ALU ops,
  // most of what a rewrite makes) take a few multiplies instead of a mix per field and a visit of the argument.
  if (arg.index() == 0) {
    uint64_t h = static_cast<uint64_t>(op) << 40 ^ static_cast<uint64_t>(dtype.scalar) << 32 ^
                 uint64_t { dtype.count } << 16 ^ static_cast<uint64_t>(dtype.addrspace) << 8 ^ src.size();
    for (UOp s : src)
      h = (h ^ s.id()) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 29);
  }
  StableHasher h;
  h.add_u64(static_cast<uint64_t>(op));
  hash_dtype(h, dtype);
  for (UOp s : src)
    h.add_u64(s.id());
  hash_arg(h, arg);
  return h.digest();
}

// A structural hash starts with the op's name; the hasher's state after it is computed once per op (hashing the
// name's bytes was a visible part of making a fresh node).
const StableHasher& hasher_after_op_name(Op op) {
  static const std::array<StableHasher, kNumOps> after = [] {
    std::array<StableHasher, kNumOps> a;
    for (int i = 0; i < kNumOps; ++i)
      a[static_cast<size_t>(i)].add_str(op_name(static_cast<Op>(i)));
    return a;
  }();
  return after[static_cast<size_t>(op)];
}

void check_arity(Op op, size_t n) {
  const OpInfo& info = op_info(op);
  if (static_cast<int>(n) < info.min_src || (info.max_src >= 0 && static_cast<int>(n) > info.max_src))
    throw Error(fmt::format("{} takes {} sources ({}), got {}", info.name,
                            info.max_src < 0               ? fmt::format("at least {}", info.min_src)
                            : info.min_src == info.max_src ? std::to_string(info.min_src)
                                                           : fmt::format("{} to {}", info.min_src, info.max_src),
                            info.roles, n));
}

} // namespace

uint32_t uop_count() {
  return arena().size();
}

UOp UOp::make(Op op, DType dtype, std::span<const UOp> src, Arg arg) {
  check_arity(op, src.size());
  for (UOp s : src)
    if (s.is_null()) throw Error(fmt::format("{}: null source", op_name(op)));
  if (op_info(op).arg != ArgKind::None && arg_kind_of(arg) != op_info(op).arg)
    throw Error(fmt::format("{} needs a {} argument, got {}", op_name(op), arg_kind_name(op_info(op).arg),
                            arg_kind_name(arg_kind_of(arg))));
  // The shape is derived only for a node not seen before (an existing one derived it from these same sources),
  // and before it exists, so a bad shape throws with no node made. Most makes in a rewrite find their node.
  std::optional<Shape> shape;
  auto derive = [&] {
    if (op_group(op) == OpGroup::Control || op_group(op) == OpGroup::Memory) return;
    // Scalar math (index expressions, most of what a rewrite makes): an elementwise op on scalars is a scalar.
    // derive_shape says the same, at a tenth of a fresh node's cost.
    if (op_group(op) == OpGroup::Elementwise && op != Op::VECTORIZE && op != Op::GEP && !src.empty() &&
        std::ranges::all_of(src, [](UOp s) { return node_at(s.id()).scalar_shape; })) {
      shape.emplace();
      return;
    }
    shape = derive_shape(op, src, arg);
  };
  const uint64_t ihash = local_hash(op, dtype, src, arg);
  const uint32_t id = arena().intern(op, dtype, src, arg, ihash, derive, [&](Node& n) {
    n.op = op;
    n.dtype = dtype;
    n.nsrc = static_cast<uint32_t>(src.size());
    n.well_typed = sources_well_typed(op, dtype, src);
    if (src.size() <= n.inline_src.size())
      std::copy(src.begin(), src.end(), n.inline_src.begin());
    else {
      n.heap_src.reset(new UOp[src.size()]);
      std::copy(src.begin(), src.end(), n.heap_src.get());
    }
    if (arg.index() != 0) n.arg = arg; // a fresh node holds monostate: assigning it again is a variant visit
    n.has_arg = arg.index() != 0;
    n.scalar_shape = shape && shape->empty();
    n.shape = std::move(shape);
    StableHasher h = hasher_after_op_name(op);
    hash_dtype(h, dtype);
    hash_arg(h, arg);
    for (UOp s : src)
      h.add_u64(node(s.id()).structural_hash);
    n.structural_hash = h.digest();
  });
  return UOp(id);
}

namespace {

// Integral constants recently made on this thread, by (dtype, value). Rewrites make the same few constants
// hundreds of thousands of times (every coefficient of every rebuilt sum), and each make is a probe of the
// process-wide intern table (a lock and a cache miss). Nodes are never freed, so a remembered id stays right.
class ConstCache {
public:
  template <class Make>
  uint32_t get(DType dtype, int64_t value, Make&& make) {
    const uint64_t key = static_cast<uint64_t>(dtype.scalar) | uint64_t{dtype.count} << 8 |
                         static_cast<uint64_t>(dtype.addrspace) << 24 | uint64_t{1} << 32;
    const uint64_t h = (static_cast<uint64_t>(value) ^ key * 0x9E3779B97F4A7C15ull) * 0xbf58476d1ce4e5b9ull;
    Entry& e = entries_[h >> (64 - kBits)];
    if (e.key != key || e.value != value) e = {key, value, make()};
    return e.id;
  }

private:
  static constexpr int kBits = 10;
  struct Entry {
    uint64_t key = 0; // 0: empty (a filled key has bit 32 set)
    int64_t value = 0;
    uint32_t id = 0;
  };
  std::array<Entry, size_t{1} << kBits> entries_{};
};

} // namespace

UOp UOp::constant(DType dtype, ConstValue value) {
  if (dtype.is_float())
    value = const_as_double(value);
  else if (dtype.is_bool())
    value = const_as_int(value) != 0;
  else if (dtype.is_int())
    value = wrap_to(dtype, const_as_int(value));
  if (!dtype.is_integral()) return make(Op::CONST, dtype, {}, value);
  thread_local ConstCache cache;
  return UOp(cache.get(dtype, const_as_int(value), [&] { return make(Op::CONST, dtype, {}, value).id(); }));
}

UOp UOp::var(std::string name, int64_t min, int64_t max, DType dtype) {
  if (min > max) throw Error(fmt::format("variable {} has empty bounds [{}, {}]", name, min, max));
  return make(Op::DEFINE_VAR, dtype, {}, VarArg{std::move(name), min, max});
}

UOp UOp::range(UOp end, int32_t id, AxisKind kind) {
  return make(Op::RANGE, end.dtype(), {end}, RangeArg{id, kind});
}

UOp UOp::alu(Op op, std::span<const UOp> src) {
  check_arity(op, src.size());
  DType dtype;
  switch (op_info(op).dtype_rule) {
  case DTypeRule::Bool:
    dtype = bool_.vec(src[0].dtype().count);
    break;
  case DTypeRule::Where:
    dtype = src[1].dtype();
    break;
  default:
    dtype = src[0].dtype();
    break;
  }
  return make(op, dtype, src);
}

UOp UOp::with_src(std::span<const UOp> src) const {
  if (std::ranges::equal(src, this->src())) return *this;
  return make(op(), dtype(), src, arg());
}

const Shape* UOp::shape() const {
  const auto& s = node(id_).shape;
  return s ? &*s : nullptr;
}

std::vector<UOp> UOp::toposort() const {
  std::vector<UOp> order;
  std::unordered_set<uint32_t> visited;
  std::vector<std::pair<UOp, bool>> stack{{*this, false}};
  while (!stack.empty()) {
    auto [u, expanded] = stack.back();
    stack.pop_back();
    if (expanded) {
      order.push_back(u);
      continue;
    }
    if (!visited.insert(u.id()).second) continue;
    stack.push_back({u, true});
    auto src = u.src();
    for (auto it = src.rbegin(); it != src.rend(); ++it)
      if (!visited.contains(it->id())) stack.push_back({*it, false});
  }
  return order;
}

Op op_from_name(std::string_view name) {
  for (int i = 0; i < kNumOps; ++i)
    if (kOpInfo[i].name == name) return static_cast<Op>(i);
  throw Error(fmt::format("unknown op '{}'", name));
}

} // namespace lmc
