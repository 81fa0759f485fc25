// Block and thread indices are flattened to one dimension each (x): a block never exceeds 1024 threads and the
// grid's x dimension holds 2^31-1 blocks, so no kernel needs y or z, and the index math (div/mod by constants) is
// cheap next to any kernel's body. Within the flattening, the range made last is the fastest-varying, so the
// axis a LOCAL or GROUP split last is the one consecutive threads walk (coalesced when it is the contiguous one).
#include "codegen/opt/gpu_dims.hpp"

#include "ir/error.hpp"

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

} // namespace

UOp gpu_dims(UOp sink) {
  std::vector<UOp> globals, locals;
  int32_t next_id = 0;
  for (UOp u : sink.toposort()) {
    if (u.op() != Op::RANGE) continue;
    const RangeArg a = u.arg_as<RangeArg>();
    next_id = std::max(next_id, a.id + 1);
    if (a.kind == AxisKind::Global) globals.push_back(u);
    if (a.kind == AxisKind::Local || a.kind == AxisKind::Group) locals.push_back(u);
  }
  if (locals.empty()) return sink;
  auto by_id = [](UOp a, UOp b) { return a.arg_as<RangeArg>().id < b.arg_as<RangeArg>().id; };
  std::ranges::sort(globals, by_id);
  std::ranges::sort(locals, by_id);
  const DType it = locals.front().dtype(); // the kernel's index dtype: int64 where its tensors are large
  const int64_t block = product(locals);
  const UOp lidx = UOp::make(Op::SPECIAL, it, {UOp::constant(it, block)}, SpecialArg{"lidx0"});
  std::unordered_map<uint32_t, int64_t> local_stride;
  std::unordered_map<uint32_t, UOp> replace = unflatten(locals, lidx, &local_stride);
  if (!globals.empty()) {
    const UOp gidx = UOp::make(Op::SPECIAL, it, {UOp::constant(it, product(globals))}, SpecialArg{"gidx0"});
    for (auto& [id, v] : unflatten(globals, gidx, nullptr))
      replace.emplace(id, v);
  }
  // Only one thread of each group writes: the one whose group indices are all 0.
  UOp writer;
  for (UOp r : locals)
    if (r.arg_as<RangeArg>().kind == AxisKind::Group) {
      UOp zero = UOp::alu(Op::CMPEQ, {replace.at(r.id()), UOp::constant(it, int64_t{0})});
      writer = writer.is_null() ? zero : UOp::alu(Op::AND, {writer, zero});
    }

  int32_t next_smem = 0;
  std::vector<UOp> exchanged; // barriers after each group reduce: global stores wait for them
  std::unordered_map<uint32_t, UOp> done;
  for (UOp u : sink.toposort()) {
    if (auto it2 = replace.find(u.id()); it2 != replace.end()) {
      done.emplace(u.id(), it2->second);
      continue;
    }
    if (u.op() == Op::REDUCE) {
      std::vector<UOp> rest, group;
      for (size_t i = 1; i < u.num_src(); ++i)
        (u.src(i).arg_as<RangeArg>().kind == AxisKind::Group ? group : rest).push_back(u.src(i));
      const UOp value = done.at(u.src(0).id());
      if (group.empty()) {
        std::vector<UOp> src{value};
        src.insert(src.end(), rest.begin(), rest.end());
        done.emplace(u.id(), u.with_src(src));
        continue;
      }
      const ReduceArg arg = u.arg_as<ReduceArg>();
      UOp partial = value;
      if (!rest.empty()) {
        std::vector<UOp> src{value};
        src.insert(src.end(), rest.begin(), rest.end());
        partial = UOp::make(Op::REDUCE, u.dtype(), src, arg);
      }
      // Every thread of the block leaves its partial in shared memory; after the barrier each thread combines
      // its group's partials (the same values in the same order in every thread, so all agree bit for bit).
      const UOp smem = UOp::make(Op::DEFINE_LOCAL, u.dtype().ptr(AddrSpace::Local), {}, ParamArg{next_smem++, block});
      const UOp put = UOp::make(Op::STORE, void_, {UOp::make(Op::INDEX, smem.dtype(), {smem, lidx}), partial});
      const UOp ready = UOp::make(Op::BARRIER, void_, {put});
      UOp at = lidx;
      std::vector<UOp> across;
      for (UOp g : group) {
        const int64_t stride = local_stride.at(g.id());
        UOp g2 = UOp::range(g.src(0), next_id++, AxisKind::Reduce);
        across.push_back(g2);
        at = at - replace.at(g.id()) * stride + g2 * stride;
      }
      const UOp got = UOp::make(Op::LOAD, u.dtype(), {UOp::make(Op::INDEX, smem.dtype(), {smem, at}), ready});
      std::vector<UOp> src{got};
      src.insert(src.end(), across.begin(), across.end());
      const UOp total = UOp::make(Op::REDUCE, u.dtype(), src, arg);
      // The next use of this shared buffer (another iteration of an enclosing loop) waits until all have read it.
      exchanged.push_back(UOp::make(Op::BARRIER, void_, {total}));
      done.emplace(u.id(), total);
      continue;
    }
    std::vector<UOp> src;
    bool changed = false;
    for (UOp s : u.src()) {
      src.push_back(done.at(s.id()));
      changed = changed || src.back() != s;
    }
    UOp out = changed ? u.with_src(src) : u;
    if (u.op() == Op::STORE && src[0].op() == Op::INDEX && src[0].src(0).op() == Op::PARAM &&
        (!writer.is_null() || !exchanged.empty())) {
      UOp index = src[0];
      if (!writer.is_null()) {
        std::vector<UOp> is(index.src().begin(), index.src().begin() + 2);
        is.push_back(index.num_src() > 2 ? UOp::alu(Op::AND, {index.src(2), writer}) : writer);
        index = UOp::make(Op::INDEX, index.dtype(), is, index.arg());
      }
      std::vector<UOp> ss{index, src[1]};
      ss.insert(ss.end(), src.begin() + 2, src.end());
      ss.insert(ss.end(), exchanged.begin(), exchanged.end());
      out = UOp::make(Op::STORE, void_, ss, u.arg());
    }
    done.emplace(u.id(), out);
  }
  return done.at(sink.id());
}

} // namespace lmc
