// Block and thread indices are flattened to one dimension each (x): a block never exceeds 1024 threads and the
// grid's x dimension holds 2^31-1 blocks, so no kernel needs y or z, and the index math (div/mod by constants) is
// cheap next to any kernel's body. Within the flattening, the range made last is the fastest-varying, so the
// axis a LOCAL or GROUP split last is the one consecutive threads walk (coalesced when it is the contiguous one).
#include "codegen/opt/gpu_dims.hpp"

#include "ir/error.hpp"
#include "rewrite/graph_rewrite.hpp"

#include <algorithm>
#include <unordered_map>

namespace lmc {
namespace {

int64_t extent(UOp range) {
  auto e = range.src(0).const_int();
  if (!e) throw Error("gpu_dims: a thread-block axis has a symbolic extent");
  return *e;
}

// index = sum_k r_k * stride_k with the last range fastest; returns each range's expression in terms of `flat`.
std::unordered_map<uint32_t, UOp> unflatten(const std::vector<UOp>& ranges, UOp flat,
                                            std::unordered_map<uint32_t, int64_t>* strides) {
  std::unordered_map<uint32_t, UOp> out;
  int64_t stride = 1;
  for (size_t k = ranges.size(); k-- > 0;) {
    const int64_t e = extent(ranges[k]);
    UOp v = stride == 1 ? flat : flat.floordiv(stride);
    if (k != 0) v = v.floormod(e);
    out.emplace(ranges[k].id(), v);
    if (strides) (*strides)[ranges[k].id()] = stride;
    stride *= e;
  }
  return out;
}

int64_t product(const std::vector<UOp>& ranges) {
  int64_t p = 1;
  for (UOp r : ranges)
    p *= extent(r);
  return p;
}

// What both passes read: the thread index, each thread-block range's expression in gidx0/lidx0, and what the
// group-reduce pass has made so far.
struct GpuDims {
  UOp lidx;
  int64_t block = 1;
  std::unordered_map<uint32_t, UOp> replace;          // RANGE id -> its slice of gidx0 or lidx0
  std::unordered_map<uint32_t, int64_t> local_stride; // Local/Group RANGE id -> its stride in lidx0
  UOp writer;                                         // the thread of each group that writes (group indices all 0)
  int32_t next_range_id = 0;
  int32_t next_smem = 0;
  std::vector<UOp> exchanged; // barriers after each group reduce made so far: global stores wait for them
};

// How a group of `e` partials is combined in two stages: `chunks` sums of e / chunks partials each, then one sum of
// those; 0 when one serial pass is as good (few partials, or no divisor near the square root).
int64_t combine_chunks(int64_t e) {
  if (e < 32) return 0;
  int64_t best = 0;
  for (int64_t c = 4; c * c <= e; ++c)
    if (e % c == 0) best = c;
  return best;
}

// Every thread of the block leaves its partial in shared memory; after the barrier each thread combines its group's
// partials (the same values in the same order in every thread, so all agree bit for bit). A large single group is
// combined in two stages: thread t of the group sums chunk t mod c of the partials into a second shared array, and
// after another barrier every thread sums the c chunk sums. Each thread then reads e / c + c values instead of e: the
// burst step's GROUP(1,256) row reduces went from 12-13 to 8-9 us each on an H200 (385 rows of 5120).
std::optional<UOp> fold_group_reduce(const rw::Match& m) {
  GpuDims& g = m.context<GpuDims>();
  const UOp u = m.root;
  std::vector<UOp> rest, group;
  for (size_t i = 1; i < u.num_src(); ++i)
    (u.src(i).arg_as<RangeArg>().kind == AxisKind::Group ? group : rest).push_back(u.src(i));
  if (group.empty()) return std::nullopt;
  const ReduceArg arg = u.arg_as<ReduceArg>();
  UOp partial = u.src(0);
  if (!rest.empty()) {
    std::vector<UOp> src{partial};
    src.insert(src.end(), rest.begin(), rest.end());
    partial = UOp::make(Op::REDUCE, u.dtype(), src, arg);
  }
  auto exchange = [&](UOp value) {
    const UOp smem = UOp::make(Op::DEFINE_LOCAL, u.dtype().ptr(AddrSpace::Local), {}, ParamArg{g.next_smem++, g.block});
    const UOp put = UOp::make(Op::STORE, void_, {UOp::make(Op::INDEX, smem.dtype(), {smem, g.lidx}), value});
    return std::pair{smem, UOp::make(Op::BARRIER, void_, {put})};
  };
  auto read = [&](UOp smem, UOp ready, UOp at) {
    return UOp::make(Op::LOAD, u.dtype(), {UOp::make(Op::INDEX, smem.dtype(), {smem, at}), ready});
  };
  auto reduce = [&](UOp value, const std::vector<UOp>& ranges) {
    std::vector<UOp> src{value};
    src.insert(src.end(), ranges.begin(), ranges.end());
    return UOp::make(Op::REDUCE, u.dtype(), src, arg);
  };
  const auto [smem, ready] = exchange(partial);
  UOp total;
  if (const int64_t chunks = group.size() == 1 ? combine_chunks(extent(group[0])) : 0) {
    const UOp r = group[0];
    const int64_t stride = g.local_stride.at(r.id()), per_chunk = extent(r) / chunks;
    const UOp first = g.lidx - g.replace.at(r.id()) * stride; // the group's thread at position 0
    const UOp chunk = g.replace.at(r.id()).floormod(chunks);
    const UOp i = UOp::range(r.src(0).same_type_const(per_chunk), g.next_range_id++, AxisKind::Reduce);
    const UOp chunk_sum = reduce(read(smem, ready, first + (chunk * per_chunk + i) * stride), {i});
    const auto [sums, summed] = exchange(chunk_sum);
    const UOp j = UOp::range(r.src(0).same_type_const(chunks), g.next_range_id++, AxisKind::Reduce);
    total = reduce(read(sums, summed, first + j * stride), {j});
  } else {
    UOp at = g.lidx;
    std::vector<UOp> across;
    for (UOp r : group) {
      const int64_t stride = g.local_stride.at(r.id());
      UOp r2 = UOp::range(r.src(0), g.next_range_id++, AxisKind::Reduce);
      across.push_back(r2);
      at = at - g.replace.at(r.id()) * stride + r2 * stride;
    }
    total = reduce(read(smem, ready, at), across);
  }
  // The next use of these shared buffers (another iteration of an enclosing loop) waits until all have read them.
  g.exchanged.push_back(UOp::make(Op::BARRIER, void_, {total}));
  return total;
}

// A global store: written by the group's writer thread only, after the exchanges made so far.
std::optional<UOp> fold_global_store(const rw::Match& m) {
  const GpuDims& g = m.context<GpuDims>();
  const UOp u = m.root;
  if (u.src(0).op() != Op::INDEX || u.src(0).src(0).op() != Op::PARAM) return std::nullopt;
  if (g.writer.is_null() && g.exchanged.empty()) return std::nullopt;
  UOp index = u.src(0);
  if (!g.writer.is_null()) {
    std::vector<UOp> is(index.src().begin(), index.src().begin() + 2);
    is.push_back(index.num_src() > 2 ? UOp::alu(Op::AND, {index.src(2), g.writer}) : g.writer);
    index = UOp::make(Op::INDEX, index.dtype(), is, index.arg());
  }
  std::vector<UOp> ss{index, u.src(1)};
  ss.insert(ss.end(), u.src().begin() + 2, u.src().end());
  ss.insert(ss.end(), g.exchanged.begin(), g.exchanged.end());
  return UOp::make(Op::STORE, void_, ss, u.arg());
}

std::optional<UOp> fold_thread_range(const rw::Match& m) {
  const GpuDims& g = m.context<GpuDims>();
  auto it = g.replace.find(m.root.id());
  if (it == g.replace.end()) return std::nullopt;
  return it->second;
}

} // namespace

const rw::RuleTable& group_reduce_rules() {
  static const rw::RuleTable table(
      "group_reduces",
      {rw::rule_fn("group_reduce", rw::Pat::any_of({Op::REDUCE}), LMC_FOLD(fold_group_reduce)),
       rw::rule_fn("global_store_after_exchange", rw::Pat::any_of({Op::STORE}), LMC_FOLD(fold_global_store))});
  return table;
}

const rw::RuleTable& gpu_dims_rules() {
  static const rw::RuleTable table(
      "gpu_dims", {rw::rule_fn("thread_block_range", rw::Pat::any_of({Op::RANGE}), LMC_FOLD(fold_thread_range))});
  return table;
}

UOp gpu_dims(UOp sink) {
  std::vector<UOp> globals, locals;
  GpuDims dims;
  for (UOp u : sink.toposort()) {
    if (u.op() != Op::RANGE) continue;
    const RangeArg a = u.arg_as<RangeArg>();
    dims.next_range_id = std::max(dims.next_range_id, a.id + 1);
    if (a.kind == AxisKind::Global) globals.push_back(u);
    if (a.kind == AxisKind::Local || a.kind == AxisKind::Group) locals.push_back(u);
  }
  if (locals.empty()) return sink;
  auto by_id = [](UOp a, UOp b) { return a.arg_as<RangeArg>().id < b.arg_as<RangeArg>().id; };
  std::ranges::sort(globals, by_id);
  std::ranges::sort(locals, by_id);
  const DType it = locals.front().dtype(); // the kernel's index dtype: int64 where its tensors are large
  dims.block = product(locals);
  dims.lidx = UOp::make(Op::SPECIAL, it, {UOp::constant(it, dims.block)}, SpecialArg{"lidx0"});
  dims.replace = unflatten(locals, dims.lidx, &dims.local_stride);
  if (!globals.empty()) {
    const UOp gidx = UOp::make(Op::SPECIAL, it, {UOp::constant(it, product(globals))}, SpecialArg{"gidx0"});
    for (auto& [id, v] : unflatten(globals, gidx, nullptr))
      dims.replace.emplace(id, v);
  }
  for (UOp r : locals)
    if (r.arg_as<RangeArg>().kind == AxisKind::Group) {
      UOp zero = UOp::alu(Op::CMPEQ, {dims.replace.at(r.id()), UOp::constant(it, int64_t{0})});
      dims.writer = dims.writer.is_null() ? zero : UOp::alu(Op::AND, {dims.writer, zero});
    }
  const UOp exchanged =
      rw::graph_rewrite("group_reduces", sink, group_reduce_rules(), {.walk = rw::Walk::SingleWalk, .ctx = &dims});
  return rw::graph_rewrite("gpu_dims", exchanged, gpu_dims_rules(), {.walk = rw::Walk::SingleWalk, .ctx = &dims});
}

} // namespace lmc
