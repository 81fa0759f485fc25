// Scheduling: realize points, then one kernel per realize point built by indexing the tensor graph at the
// kernel's output ranges (rangeify): movement ops become index arithmetic, fused reduces get their own ranges.
#include "codegen/schedule.hpp"

#include "ir/error.hpp"
#include "ir/shape.hpp"
#include "ir/verify.hpp"
#include "rewrite/graph_rewrite.hpp"
#include "rewrite/trace.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <unordered_set>

namespace lmc {
namespace {

// A chain of RESHAPEs over a BUFFER of the same element count: the buffer already holds the value.
std::optional<UOp> contiguous_buffer_of(UOp u) {
  UOp base = u;
  while (base.op() == Op::RESHAPE)
    base = base.src(0);
  if (base.op() != Op::BUFFER) return std::nullopt;
  if (shape_numel(*u.shape()) != base.arg_as<BufferArg>().size) return std::nullopt;
  return base;
}

Shape strides_of(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

// The dtype of a kernel's index arithmetic: int32 (cheaper, above all on GPUs) unless some tensor the kernel reads,
// writes or loops over holds 2^30 elements or more; then int64, so a sum over 2^31 elements does not wrap to 0 and
// the last elements of a large buffer are not read from a wrapped address. The margin of 2x: every index and address
// stays below the largest element count, and an opt may make one at most about twice that (PADTO pads an axis to at
// most twice its extent; the gated padding computes addresses it never loads).
constexpr int64_t kWideIndexElements = int64_t{1} << 30;

DType kernel_index_dtype(const std::vector<UOp>& roots, const std::unordered_map<uint32_t, int64_t>& materialized) {
  std::vector<UOp> stack = roots;
  std::unordered_set<uint32_t> seen;
  while (!stack.empty()) {
    const UOp u = stack.back();
    stack.pop_back();
    if (!seen.insert(u.id()).second) continue;
    if (u.shape() && shape_numel(*u.shape()) >= kWideIndexElements) return int64;
    if (u.op() == Op::BUFFER && u.arg_as<BufferArg>().size >= kWideIndexElements) return int64;
    // A node an earlier kernel materialized is read from its buffer (its shape was checked): its sources are not
    // this kernel's.
    if (materialized.contains(u.id())) continue;
    for (UOp s : u.src())
      stack.push_back(s);
  }
  return index_dtype;
}

// Row-major flat index of `idx` in `shape`, in the index dtype `it`.
UOp flatten(DType it, const std::vector<UOp>& idx, const Shape& shape) {
  const Shape strides = strides_of(shape);
  UOp flat = UOp::constant(it, 0);
  for (size_t i = 0; i < idx.size(); ++i)
    if (shape[i] != 1) flat = flat + idx[i] * strides[i];
  return flat;
}

std::vector<UOp> unflatten(UOp flat, const Shape& shape) {
  const Shape strides = strides_of(shape);
  std::vector<UOp> idx(shape.size());
  for (size_t i = 0; i < shape.size(); ++i)
    idx[i] = shape[i] == 1 ? UOp::constant(flat.dtype(), 0) : flat.floordiv(strides[i]).floormod(shape[i]);
  return idx;
}

UOp zero_of(DType d) {
  if (d.is_float()) return UOp::constant(d, 0.0);
  if (d.is_bool()) return UOp::constant(d, false);
  return UOp::constant(d, int64_t{0});
}

UOp and_gate(UOp a, UOp b) {
  if (a.is_null()) return b;
  if (b.is_null()) return a;
  return UOp::alu(Op::AND, {a, b});
}

class KernelBuilder {
public:
  KernelBuilder(const std::unordered_map<uint32_t, int64_t>& materialized,
                std::unordered_map<int64_t, BufferDecl>& buffers)
      : materialized_(materialized), buffers_(buffers) {}

  struct Output {
    UOp value_root;   // what is computed
    UOp realize_node; // the node whose value the buffer holds
    int64_t buffer;
  };

  // One kernel writing every output; all outputs share one shape and so one set of output ranges.
  ScheduledKernel build(const std::vector<Output>& outputs) {
    const Shape& shape = *outputs[0].realize_node.shape();
    std::vector<UOp> roots;
    for (const Output& o : outputs)
      roots.push_back(o.value_root);
    it_ = kernel_index_dtype(roots, materialized_);
    // A top-k output axis must be the innermost loop: the selection runs once, then its k slots are written.
    int32_t topk_axis = -1;
    if (outputs[0].realize_node.op() == Op::TOPK) topk_axis = outputs[0].realize_node.arg_as<TopkArg>().axis;
    std::vector<UOp> idx;
    for (size_t i = 0; i < shape.size(); ++i) {
      const AxisKind kind = static_cast<int32_t>(i) == topk_axis ? AxisKind::Loop : AxisKind::Global;
      idx.push_back(shape[i] == 1 ? idx_const(0) : UOp::range(idx_const(shape[i]), next_range_++, kind));
    }
    std::vector<UOp> stores;
    bool reduces = false;
    for (const Output& o : outputs) {
      self_ = o.realize_node.id();
      UOp value = index(o.value_root, idx, UOp());
      UOp out = param(o.buffer, o.realize_node.dtype(), true);
      stores.push_back(
          UOp::make(Op::STORE, void_, {UOp::make(Op::INDEX, out.dtype(), {out, flatten(it_, idx, shape)}), value}));
      reduces = reduces || std::ranges::any_of(stores.back().toposort(),
                                               [](UOp u) { return u.op() == Op::REDUCE || u.op() == Op::TOPK; });
    }
    std::string name = reduces ? "r" : "E";
    for (int64_t d : shape)
      name += "_" + std::to_string(d);
    kernel_.ast = UOp::make(Op::SINK, void_, stores, name);
    kernel_.name = name;
    verify(kernel_.ast, Stage::Kernel);
    return kernel_;
  }

private:
  UOp idx_const(int64_t v) const { return UOp::constant(it_, v); }

  UOp param(int64_t buffer, DType dtype, bool written) {
    auto it = std::find(kernel_.buffers.begin(), kernel_.buffers.end(), buffer);
    int32_t slot;
    if (it == kernel_.buffers.end()) {
      slot = static_cast<int32_t>(kernel_.buffers.size());
      kernel_.buffers.push_back(buffer);
      kernel_.written.push_back(written);
    } else {
      slot = static_cast<int32_t>(it - kernel_.buffers.begin());
      if (written) kernel_.written[slot] = true;
    }
    return UOp::make(Op::PARAM, dtype.ptr(), {}, ParamArg{slot, buffers_.at(buffer).size});
  }

  UOp load(int64_t buffer, DType dtype, UOp flat, UOp valid) {
    UOp p = param(buffer, dtype, false);
    UOp addr = valid.is_null() ? UOp::make(Op::INDEX, p.dtype(), {p, flat})
                               : UOp::make(Op::INDEX, p.dtype(), {p, flat, valid});
    return UOp::make(Op::LOAD, dtype, {addr});
  }

  // Indexing one node at `idx` under `valid`: its value now (`done`), or the sources it needs indexed first, in
  // order, and what to build from their values (`then`; none: the single source's value is the node's).
  struct Request {
    UOp u;
    std::vector<UOp> idx;
    UOp valid;
  };
  struct Step {
    UOp done;
    std::vector<Request> need;
    std::function<Step(const std::vector<UOp>&)> then;
  };
  static Step forward(UOp u, std::vector<UOp> idx, UOp valid) { return {UOp(), {{u, std::move(idx), valid}}, {}}; }

  static std::vector<uint32_t> memo_key(const Request& r) {
    std::vector<uint32_t> key{r.u.id(), r.valid.is_null() ? 0xffffffffu : r.valid.id()};
    for (UOp i : r.idx)
      key.push_back(i.id());
    return key;
  }

  // The value of `u` at `idx`, memoized per (node, index, gate). The tensor graph can be as deep as the user made
  // it (20,000 chained adds), so this walks with an explicit stack of pending nodes, not by recursion; sources are
  // indexed depth first in the order each node asks for them, as a recursive walk would (buffer slots and range ids
  // follow that order).
  UOp index(UOp u, const std::vector<UOp>& idx, UOp valid) {
    struct Frame {
      std::vector<uint32_t> key;
      Step step;
      std::vector<UOp> got; // values of step.need so far
    };
    std::vector<Frame> stack;
    UOp value; // the value start() found, when it returns true
    auto start = [&](const Request& r) {
      std::vector<uint32_t> key = memo_key(r);
      if (auto it = memo_.find(key); it != memo_.end()) {
        value = it->second;
        return true;
      }
      Step step = plan(r.u, r.idx, r.valid);
      if (step.need.empty()) {
        memo_.emplace(std::move(key), step.done);
        value = step.done;
        return true;
      }
      stack.push_back({std::move(key), std::move(step), {}});
      return false;
    };
    if (start({u, idx, valid})) return value;
    while (true) {
      Frame& f = stack.back();
      if (f.got.size() < f.step.need.size()) {
        const Request next = f.step.need[f.got.size()]; // a copy: start() may grow the stack and move `f`
        if (start(next)) stack.back().got.push_back(value);
        continue;
      }
      if (f.step.then) {
        Step after = f.step.then(f.got);
        f.got.clear();
        if (!after.need.empty()) {
          f.step = std::move(after);
          continue;
        }
        value = after.done;
      } else {
        value = f.got.at(0);
      }
      memo_.emplace(std::move(f.key), value);
      stack.pop_back();
      if (stack.empty()) return value;
      stack.back().got.push_back(value);
    }
  }

  // One node's indexing step (see index()): movement ops map the index to their source's, memory is loaded.
  Step plan(UOp u, const std::vector<UOp>& idx, UOp valid) {
    if (u.id() != self_) {
      if (auto it = materialized_.find(u.id()); it != materialized_.end())
        return {load(it->second, u.dtype(), flatten(it_, idx, *u.shape()), valid), {}, {}};
    }
    const Op op = u.op();
    switch (op) {
    case Op::BUFFER:
      return {load(u.arg_as<BufferArg>().id, u.dtype(), idx[0], valid), {}, {}};
    case Op::CONST:
      return {u, {}, {}};
    case Op::DEFINE_VAR:
      if (std::find(kernel_.vars.begin(), kernel_.vars.end(), u) == kernel_.vars.end()) kernel_.vars.push_back(u);
      return {u, {}, {}};
    case Op::RESHAPE:
      return forward(u.src(0), unflatten(flatten(it_, idx, *u.shape()), *u.src(0).shape()), valid);
    case Op::PERMUTE: {
      const auto& perm = u.arg_as<IntList>();
      std::vector<UOp> in(idx.size());
      for (size_t i = 0; i < perm.size(); ++i)
        in[perm[i]] = idx[i];
      return forward(u.src(0), std::move(in), valid);
    }
    case Op::EXPAND: {
      const Shape& from = *u.src(0).shape();
      std::vector<UOp> in = idx;
      for (size_t i = 0; i < from.size(); ++i)
        if (from[i] == 1) in[i] = idx_const(0);
      return forward(u.src(0), std::move(in), valid);
    }
    case Op::SHRINK: {
      const auto& bounds = u.arg_as<PairList>();
      std::vector<UOp> in = idx;
      for (size_t i = 0; i < in.size(); ++i)
        if (bounds[i].first != 0) in[i] = idx[i] + bounds[i].first;
      return forward(u.src(0), std::move(in), valid);
    }
    case Op::FLIP: {
      const Shape& shape = *u.shape();
      std::vector<UOp> in = idx;
      for (int64_t a : u.arg_as<IntList>())
        in[a] = idx_const(shape[a] - 1) - idx[a];
      return forward(u.src(0), std::move(in), valid);
    }
    case Op::PAD: {
      const auto& pads = u.arg_as<PairList>();
      const Shape& from = *u.src(0).shape();
      std::vector<UOp> in = idx;
      UOp inside;
      for (size_t i = 0; i < in.size(); ++i) {
        auto [before, after] = pads[i];
        if (before == 0 && after == 0) continue;
        in[i] = idx[i] - before;
        UOp lo = idx_const(before - 1).lt(idx[i]);
        UOp hi = idx[i].lt(idx_const(before + from[i]));
        inside = and_gate(inside, and_gate(lo, hi));
      }
      if (inside.is_null()) return forward(u.src(0), std::move(in), valid);
      const DType d = u.dtype();
      return {UOp(), {{u.src(0), std::move(in), and_gate(valid, inside)}}, [inside, d](const std::vector<UOp>& got) {
                return Step{UOp::alu(Op::WHERE, {inside, got[0], zero_of(d)}), {}, {}};
              }};
    }
    case Op::REDUCE: {
      const auto& arg = u.arg_as<ReduceArg>();
      const Shape& from = *u.src(0).shape();
      std::vector<UOp> in = idx;
      std::vector<UOp> ranges;
      for (int32_t a : arg.axes) {
        if (from[a] == 1) continue;
        in[a] = UOp::range(idx_const(from[a]), next_range_++, AxisKind::Reduce);
        ranges.push_back(in[a]);
      }
      if (ranges.empty()) return forward(u.src(0), std::move(in), valid);
      return {UOp(), {{u.src(0), std::move(in), valid}}, [u, ranges](const std::vector<UOp>& got) {
                std::vector<UOp> srcs{got[0]};
                srcs.insert(srcs.end(), ranges.begin(), ranges.end());
                return Step{UOp::make(Op::REDUCE, u.dtype(), srcs, ReduceArg{u.arg_as<ReduceArg>().op, {}}), {}, {}};
              }};
    }
    case Op::TOPK: {
      // Only the kernel that materializes this TOPK indexes it (TOPK is always a realize point). The values and
      // indices of one top-k share one selection range, so the linearizer runs one selection loop for both.
      // A payload is indexed like the value, at the same selection range (kernel source 3).
      const auto& arg = u.arg_as<TopkArg>();
      std::vector<uint32_t> key{u.src(0).id(), static_cast<uint32_t>(arg.k), static_cast<uint32_t>(arg.axis),
                                arg.largest, valid.is_null() ? 0xffffffffu : valid.id()};
      if (u.num_src() > 1) key.push_back(u.src(1).id());
      for (UOp i : idx)
        key.push_back(i.id());
      const UOp at = idx[arg.axis];
      auto select = [u, at](const std::vector<UOp>& inner, UOp r) {
        std::vector<UOp> src{inner[0], r, at};
        if (inner.size() > 1) src.push_back(inner[1]);
        return Step{UOp::make(Op::TOPK, u.dtype(), src, u.arg_as<TopkArg>()), {}, {}};
      };
      if (auto it = topk_selection_.find(key); it != topk_selection_.end())
        return select(it->second.first, it->second.second);
      const Shape& from = *u.src(0).shape();
      std::vector<UOp> in = idx;
      UOp r = UOp::range(idx_const(from[arg.axis]), next_range_++, AxisKind::Reduce);
      in[arg.axis] = r;
      std::vector<Request> fetch{{u.src(0), in, valid}};
      if (u.num_src() > 1) fetch.push_back({u.src(1), in, valid});
      return {UOp(), std::move(fetch), [this, key, r, select](const std::vector<UOp>& got) {
                topk_selection_.emplace(key, std::make_pair(got, r));
                return select(got, r);
              }};
    }
    case Op::GATHER: {
      // out[i] = src[i with axis -> index[i]]; an index outside the axis reads 0 and touches no memory. The index
      // is read first, then the source at the position it gives.
      return {UOp(), {{u.src(1), idx, valid}}, [this, u, idx, valid](const std::vector<UOp>& got) {
                return gather_from(it_, u, idx, valid, got[0]);
              }};
    }
    case Op::CONTIGUOUS:
    case Op::COPY:
      throw Error(fmt::format("scheduler: {} must be materialized before it is indexed", op_name(op)));
    default:
      break;
    }
    if (!is_alu(op)) throw Error(fmt::format("scheduler: cannot index a {} node", op_name(op)));
    Step step;
    for (UOp s : u.src())
      step.need.push_back({s, idx, valid});
    step.then = [u](const std::vector<UOp>& got) { return Step{UOp::make(u.op(), u.dtype(), got, u.arg()), {}, {}}; };
    return step;
  }

  // GATHER's second step: the source read at the gathered position, 0 where the position is outside the axis.
  static Step gather_from(DType it, UOp u, const std::vector<UOp>& idx, UOp valid, UOp position) {
    const int64_t axis = u.arg_as<int64_t>();
    const int64_t n = u.src(0).shape()->at(axis);
    UOp inside;
    const DType pd = position.dtype();
    if (pd.bits() > it.bits()) {
      // A 64-bit index is compared before it is narrowed: 2^32 + 1 is outside, not element 1 after the cast.
      // n fits the index's dtype (it fits `it`); unsigned indices need no lower test.
      const UOp upper = position.lt(UOp::constant(pd, n));
      inside = pd.is_unsigned() ? upper : and_gate(UOp::constant(pd, -1).lt(position), upper);
      position = position.cast(it);
    } else {
      // uint64 into an int64 index: values past INT64_MAX become negative, so they are outside too.
      if (pd != it) position = position.cast(it);
      inside = and_gate(UOp::constant(it, -1).lt(position), position.lt(UOp::constant(it, n)));
    }
    std::vector<UOp> in = idx;
    // Clamped, every read of the source stays in range (an outside position reads the edge and `inside` selects 0);
    // the bounds [0, n), which a loaded index lacks, also let the simplifier drop the wrap-around (x % size and its
    // sign fix) of every address computed from it.
    in[axis] = UOp::alu(Op::MIN, {UOp::alu(Op::MAX, {position, UOp::constant(it, 0)}), UOp::constant(it, n - 1)});
    const DType d = u.dtype();
    // The clamped position is always in range, so the source's loads need only the gate they already had: one gated
    // by `inside` too would differ per gathered position, and with it every address computed before the gather (a K-NN
    // reader's cell lookup per neighbour) could no longer be hoisted out of the reader's loop. `inside` selects.
    return {UOp(), {{u.src(0), std::move(in), valid}}, [inside, d](const std::vector<UOp>& got) {
              return Step{UOp::alu(Op::WHERE, {inside, got[0], zero_of(d)}), {}, {}};
            }};
  }

  const std::unordered_map<uint32_t, int64_t>& materialized_;
  std::unordered_map<int64_t, BufferDecl>& buffers_;
  ScheduledKernel kernel_;
  std::map<std::vector<uint32_t>, UOp> memo_;
  // (selected value and payload, their range)
  std::map<std::vector<uint32_t>, std::pair<std::vector<UOp>, UOp>> topk_selection_;
  int32_t next_range_ = 0;
  uint32_t self_ = 0xffffffffu;
  DType it_ = index_dtype; // this kernel's index dtype (kernel_index_dtype)
};

// Substitutes nodes an earlier schedule materialized by their buffers, so realized tensors are never recomputed.
UOp substitute_realized(UOp root, const RealizedLookup& realized) {
  if (!realized) return root;
  rw::RuleTable table("realized", {rw::rule_fn(
                                      "use_realized_buffer", rw::Pat::var("x"),
                                      [&](const rw::Match& m) { return realized(m.root); }, "fold_realized")});
  return rw::graph_rewrite("substitute_realized", root, table,
                           {.walk = rw::Walk::TopDown, .gate = [](UOp u) { return u.op() != Op::BUFFER; }});
}

// A reduce stays inside its consumer's kernel when every path from it to a realize point is elementwise (or
// movement that repeats nothing) and it reaches exactly one realize point; otherwise it is materialized (a reduce is
// never recomputed).
bool reduce_fuses(UOp r, const std::unordered_map<uint32_t, std::vector<UOp>>& users,
                  const std::unordered_set<uint32_t>& realize) {
  std::unordered_set<uint32_t> endpoints, seen;
  std::vector<UOp> work{r};
  while (!work.empty()) {
    UOp u = work.back();
    work.pop_back();
    auto it = users.find(u.id());
    if (it == users.end()) continue;
    for (UOp user : it->second) {
      if (!seen.insert(user.id()).second) continue;
      if (realize.contains(user.id())) {
        if (user.op() == Op::CONTIGUOUS || user.op() == Op::COPY) return false;
        // The values and indices of one top-k are one kernel, so they are one endpoint.
        UOp endpoint = user;
        if (user.op() == Op::TOPK && user.arg_as<TopkArg>().indices) {
          TopkArg a = user.arg_as<TopkArg>();
          a.indices = false;
          endpoint = UOp::make(Op::TOPK, user.src(0).dtype(), user.src(), a);
        }
        endpoints.insert(endpoint.id());
        continue;
      }
      // Elementwise ops and movement that never repeats an element (all but EXPAND) keep one reduce result per
      // consumer element, so fusing does not recompute the reduce.
      const bool keeps_count = is_alu(user.op()) || (is_movement(user.op()) && user.op() != Op::EXPAND);
      if (!keeps_count) return false;
      work.push_back(user);
    }
  }
  return endpoints.size() <= 1;
}

} // namespace

bool writes_nothing(const Schedule& schedule, const ScheduledKernel& kernel) {
  for (size_t slot = 0; slot < kernel.buffers.size(); ++slot)
    if (kernel.written[slot] && schedule.buffers.at(kernel.buffers[slot]).size > 0) return false;
  return true;
}

Schedule schedule(const std::vector<UOp>& roots_in, const std::string& device, const RealizedLookup& realized) {
  // With tracing on: the schedule is one group holding its rewrites, its input graph and each kernel's AST.
  rw::TraceScope trace("schedule", "schedule");
  Schedule out;
  std::vector<UOp> roots;
  for (UOp r : roots_in) {
    if (!r.shape()) throw Error(fmt::format("schedule: root {} has no tensor shape", op_name(r.op())));
    roots.push_back(substitute_realized(r, realized));
  }
  UOp sink = UOp::make(Op::SINK, void_, roots, std::string("schedule"));
  verify(sink, Stage::Tensor);
  if (trace.tracer()) trace.tracer()->snapshot("tensor graph", sink);
  const std::vector<UOp> topo = sink.toposort();

  std::unordered_map<uint32_t, std::vector<UOp>> users;
  for (UOp u : topo)
    for (UOp s : u.src())
      users[s.id()].push_back(u);

  // Realize points: roots that are not already contiguous buffers, contiguous(), copies, unfusable reduces.
  std::unordered_set<uint32_t> realize;
  for (UOp r : roots)
    if (!contiguous_buffer_of(r)) realize.insert(r.id());
  for (UOp u : topo)
    if (u.op() == Op::CONTIGUOUS || u.op() == Op::COPY || u.op() == Op::TOPK) realize.insert(u.id());
  for (auto it = topo.rbegin(); it != topo.rend(); ++it)
    if (it->op() == Op::REDUCE && !realize.contains(it->id()) && !reduce_fuses(*it, users, realize))
      realize.insert(it->id());

  // Existing buffers.
  for (UOp u : topo) {
    if (u.op() != Op::BUFFER) continue;
    const auto& b = u.arg_as<BufferArg>();
    if (b.device != device)
      throw Error(fmt::format("schedule: buffer {} is on {} but the computation runs on {}", b.id, b.device, device));
    out.buffers.emplace(b.id, BufferDecl{b.id, u.dtype(), b.size, b.device, false, -1, -1});
  }

  std::unordered_map<uint32_t, int64_t> materialized;
  std::unordered_set<uint32_t> root_ids;
  for (UOp r : roots)
    root_ids.insert(r.id());
  // The values and indices of one top-k are computed by one kernel.
  auto topk_partner = [&](UOp u) -> std::optional<UOp> {
    if (u.op() != Op::TOPK) return std::nullopt;
    TopkArg other = u.arg_as<TopkArg>();
    other.indices = !other.indices;
    UOp partner = UOp::make(Op::TOPK, other.indices ? int32 : u.src(0).dtype(), u.src(), other);
    if (!realize.contains(partner.id()) || materialized.contains(partner.id())) return std::nullopt;
    return partner;
  };
  for (UOp u : topo) {
    if (!realize.contains(u.id()) || materialized.contains(u.id())) continue;
    std::vector<UOp> nodes{u};
    if (auto p = topk_partner(u)) nodes.push_back(*p);
    std::vector<KernelBuilder::Output> outputs;
    for (UOp n : nodes) {
      const int64_t id = next_buffer_id();
      out.buffers.emplace(
          id, BufferDecl{id, n.dtype(), shape_numel(*n.shape()), device, !root_ids.contains(n.id()), -1, -1});
      UOp value = n.op() == Op::CONTIGUOUS || n.op() == Op::COPY ? n.src(0) : n;
      outputs.push_back({value, n, id});
    }
    KernelBuilder builder(materialized, out.buffers);
    out.kernels.push_back(builder.build(outputs));
    for (const auto& o : outputs)
      materialized.emplace(o.realize_node.id(), o.buffer);
  }

  if (trace.tracer())
    for (const ScheduledKernel& k : out.kernels)
      trace.tracer()->snapshot("kernel " + k.name, k.ast);
  for (size_t k = 0; k < out.kernels.size(); ++k)
    for (int64_t b : out.kernels[k].buffers) {
      BufferDecl& d = out.buffers.at(b);
      if (d.first_use < 0) d.first_use = static_cast<int>(k);
      d.last_use = static_cast<int>(k);
    }
  for (UOp r : roots) {
    if (auto it = materialized.find(r.id()); it != materialized.end())
      out.outputs.push_back(it->second);
    else
      out.outputs.push_back(contiguous_buffer_of(r)->arg_as<BufferArg>().id);
  }
  return out;
}

} // namespace lmc
