// TC: a kernel that stores sum_k x[..] * y[..] (x, y float16/bfloat16 loads widened to float32, addresses affine in
// the ranges) becomes one MMA node. The matcher reads the axes' roles off the address coefficients: an output axis
// only x walks is M, one only y walks is N, the others are batch axes; the reduce axis must be walked by both.
#include "codegen/opt/tc.hpp"

#include "rewrite/symbolic.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <map>
#include <variant>

namespace lmc {

IntList MmaSpec::encode() const {
  IntList out{m,        n,         k,         config,   a.offset,  a.stride0, a.stride1,
              b.offset, b.stride0, b.stride1, c.offset, c.stride0, c.stride1, static_cast<int64_t>(batch.size())};
  for (const MmaBatch& x : batch)
    out.insert(out.end(), {x.extent, x.a, x.b, x.c});
  return out;
}

MmaSpec MmaSpec::decode(const IntList& v) {
  if (v.size() < 14 || v.size() != 14 + 4 * static_cast<size_t>(v[13]))
    throw Error(fmt::format("MMA: a malformed argument of {} ints", v.size()));
  MmaSpec s;
  s.m = v[0], s.n = v[1], s.k = v[2], s.config = static_cast<int>(v[3]);
  s.a = {v[4], v[5], v[6]};
  s.b = {v[7], v[8], v[9]};
  s.c = {v[10], v[11], v[12]};
  for (size_t i = 14; i < v.size(); i += 4)
    s.batch.push_back({v[i], v[i + 1], v[i + 2], v[i + 3]});
  if (s.config < 0 || s.config >= static_cast<int>(kTcConfigs.size()))
    throw Error(fmt::format("MMA: tile config {} does not exist", s.config));
  return s;
}

namespace {

// An index expression as constant + sum of coefficient * range (by range id); nullopt when it is anything else.
struct Affine {
  int64_t constant = 0;
  std::map<uint32_t, int64_t> coef;
  int64_t of(UOp range) const {
    auto it = coef.find(range.id());
    return it == coef.end() ? 0 : it->second;
  }
};

std::optional<Affine> affine(UOp e) {
  Affine out;
  if (auto c = e.const_int()) {
    out.constant = *c;
    return out;
  }
  switch (e.op()) {
  case Op::RANGE:
    out.coef[e.id()] = 1;
    return out;
  case Op::CAST:
    if (!e.dtype().is_int() || !e.src(0).dtype().is_int()) return std::nullopt;
    return affine(e.src(0));
  case Op::ADD:
  case Op::SUB: {
    auto a = affine(e.src(0)), b = affine(e.src(1));
    if (!a || !b) return std::nullopt;
    const int64_t sign = e.op() == Op::ADD ? 1 : -1;
    a->constant += sign * b->constant;
    for (auto [id, c] : b->coef)
      a->coef[id] += sign * c;
    return a;
  }
  case Op::MUL: {
    auto a = affine(e.src(0)), b = affine(e.src(1));
    if (!a || !b) return std::nullopt;
    if (!b->coef.empty()) std::swap(a, b);
    if (!b->coef.empty()) return std::nullopt; // range * range
    for (auto& [id, c] : a->coef)
      c *= b->constant;
    a->constant *= b->constant;
    return a;
  }
  default:
    return std::nullopt;
  }
}

// A load of a 16-bit float, possibly widened to float32: the PARAM and its simplified address.
struct Input {
  UOp param;
  Affine index;
};

struct Matmul {
  MmaSpec spec; // config left at 0
  UOp c, a, b;  // the PARAMs
};

using Match = std::variant<Matmul, std::string>; // the matmul, or why the kernel is not one

bool is_16bit_float(DType d) {
  return d == float16 || d == bfloat16;
}

// An ungated INDEX into a PARAM with an affine address (after simplification, which removes the div/mod a reshape
// leaves when it is the identity).
std::variant<std::pair<UOp, Affine>, std::string> address(UOp index, const char* what) {
  if (index.op() != Op::INDEX || index.src(0).op() != Op::PARAM)
    return fmt::format("TC needs the {} to address a kernel buffer directly", what);
  if (index.num_src() > 2)
    return fmt::format("TC needs an unmasked {} (padded or masked kernels are not supported)", what);
  auto aff = affine(simplify(index.src(1)));
  if (!aff) return fmt::format("TC needs the {}'s address to be affine in the axes (no div/mod or gathers)", what);
  return std::make_pair(index.src(0), *aff);
}

std::variant<Input, std::string> input_of(UOp x) {
  if (x.op() == Op::CAST && x.dtype() == float32) x = x.src(0);
  if (x.op() == Op::WHERE || (x.op() == Op::CAST && x.src(0).op() == Op::WHERE))
    return std::string("TC needs unmasked loads (padded or masked inputs are not supported)");
  if (x.op() != Op::LOAD) return std::string("TC needs each factor of the product to be a load from a buffer");
  if (!is_16bit_float(x.dtype()))
    return fmt::format("TC needs float16 or bfloat16 inputs widened to float32; got a {} input", x.dtype().name());
  auto addr = address(x.src(0), "input load");
  if (auto* why = std::get_if<std::string>(&addr)) return *why;
  auto [param, index] = std::get<std::pair<UOp, Affine>>(addr);
  return Input{param, index};
}

Match match_matmul(UOp ast) {
  if (ast.op() != Op::SINK || ast.num_src() != 1 || ast.src(0).op() != Op::STORE)
    return std::string("TC needs a kernel with exactly one store");
  const UOp store = ast.src(0);
  UOp value = store.src(1);
  const DType out = value.dtype();
  if (value.op() == Op::CAST) value = value.src(0);
  if (value.op() != Op::REDUCE || value.arg_as<ReduceArg>().op != Op::ADD)
    return std::string("TC needs the kernel to store a sum (REDUCE ADD) of products, with no epilogue");
  if (value.num_src() != 2) return fmt::format("TC needs exactly one reduce axis; got {}", value.num_src() - 1);
  if (value.dtype() != float32)
    return fmt::format("TC accumulates in float32; this sum is {} (cast the inputs to float32 first)",
                       value.dtype().name());
  if (out != float32 && !is_16bit_float(out))
    return fmt::format("TC writes float32, float16 or bfloat16; the kernel stores {}", out.name());
  const UOp prod = value.src(0), kr = value.src(1);
  if (prod.op() != Op::MUL) return std::string("TC needs the sum to be over a product of two loads");
  auto x = input_of(prod.src(0)), y = input_of(prod.src(1));
  if (auto* why = std::get_if<std::string>(&x)) return *why;
  if (auto* why = std::get_if<std::string>(&y)) return *why;
  Input ix = std::get<Input>(x), iy = std::get<Input>(y);
  if (ix.param.dtype() != iy.param.dtype())
    return fmt::format("TC needs both inputs of one dtype; got {} and {}", ix.param.dtype().pointee().name(),
                       iy.param.dtype().pointee().name());
  auto caddr = address(store.src(0), "output store");
  if (auto* why = std::get_if<std::string>(&caddr)) return *why;
  auto [cparam, cindex] = std::get<std::pair<UOp, Affine>>(caddr);
  if (cparam.dtype().pointee() != out) return std::string("TC needs the store to write the sum's dtype");

  std::vector<UOp> outs;
  for (UOp u : ast.toposort())
    if (u.op() == Op::RANGE) {
      const AxisKind kind = u.arg_as<RangeArg>().kind;
      if (kind == AxisKind::Global)
        outs.push_back(u);
      else if (u != kr)
        return std::string("TC must be the first opt: it replaces the kernel's loops");
      if (!u.src(0).const_int()) return std::string("TC needs constant extents (this kernel has a symbolic axis)");
    }
  if (kr.arg_as<RangeArg>().kind != AxisKind::Reduce) return std::string("TC must be the first opt");
  if (ix.index.of(kr) == 0 || iy.index.of(kr) == 0 || cindex.of(kr) != 0)
    return std::string("TC needs both inputs to walk the reduce axis");
  // Each range in the addresses must be one of the kernel's (a DEFINE_VAR or a load would have failed affine()).
  UOp mx, ny; // the axis only x walks, the axis only y walks
  std::vector<MmaBatch> batch;
  for (UOp r : outs) {
    const int64_t cx = ix.index.of(r), cy = iy.index.of(r), cc = cindex.of(r);
    if (cx != 0 && cy == 0) {
      if (!mx.is_null()) return std::string("TC needs one output axis walked only by the first input; got two");
      mx = r;
    } else if (cy != 0 && cx == 0) {
      if (!ny.is_null()) return std::string("TC needs one output axis walked only by the second input; got two");
      ny = r;
    } else {
      batch.push_back({*r.src(0).const_int(), cx, cy, cc});
    }
  }
  if (mx.is_null() || ny.is_null())
    return std::string("TC needs a matmul: an output axis only one input walks and one only the other walks");
  // C's contiguous axis becomes N, so the epilogue's neighbouring lanes write neighbouring elements.
  bool swap = std::llabs(cindex.of(mx)) == 1 && std::llabs(cindex.of(ny)) != 1;
  const UOp mr = swap ? ny : mx, nr = swap ? mx : ny;
  const Input& ia = swap ? iy : ix;
  const Input& ib = swap ? ix : iy;
  Matmul mm;
  MmaSpec& s = mm.spec;
  s.m = *mr.src(0).const_int(), s.n = *nr.src(0).const_int(), s.k = *kr.src(0).const_int();
  if (cindex.of(mr) == 0 || cindex.of(nr) == 0) return std::string("TC needs the output to depend on M and N");
  s.a = {ia.index.constant, ia.index.of(mr), ia.index.of(kr)};
  s.b = {ib.index.constant, ib.index.of(kr), ib.index.of(nr)};
  s.c = {cindex.constant, cindex.of(mr), cindex.of(nr)};
  if (swap)
    for (MmaBatch& x : batch)
      std::swap(x.a, x.b);
  s.batch = batch;
  int64_t batches = 1;
  for (const MmaBatch& x : batch)
    batches *= x.extent;
  if (batches > 65535) return fmt::format("TC runs at most 65535 batches (one grid row each); got {}", batches);
  mm.c = cparam, mm.a = ia.param, mm.b = ib.param;
  return mm;
}

std::string target_reason(std::span<const Opt> applied, const OptTarget& target) {
  if (!target.gpu) return "TC needs a CUDA GPU with tensor cores; this target is a CPU";
  if (target.sm < 80)
    return fmt::format("TC needs sm_80 or newer (bf16/f16 mma.sync, cp.async); the target is sm_{}", target.sm);
  for (const Opt& o : applied) {
    if (o.op == OptOp::TC) return "TC is already applied";
    if (o.op == OptOp::NOLOCALS) return "NOLOCALS forbids the thread blocks TC runs on";
  }
  if (!applied.empty()) return "TC must be the first opt: it replaces the kernel's loops";
  return {};
}

std::string config_reason(const Opt& opt, const OptTarget& target, int elem_bytes) {
  if (opt.amount < 0 || opt.amount >= static_cast<int>(kTcConfigs.size()))
    return fmt::format("TC's amount picks a tile config 0..{}; got {}", kTcConfigs.size() - 1, opt.amount);
  const TcConfig& t = kTcConfigs[opt.amount];
  if (t.threads() > target.max_local_threads)
    return fmt::format("the tile needs {} threads per block (limit {})", t.threads(), target.max_local_threads);
  if (t.smem_bytes(elem_bytes) > target.shared_bytes)
    return fmt::format("the tile needs {} bytes of shared memory (limit {})", t.smem_bytes(elem_bytes),
                       target.shared_bytes);
  return {};
}

int reduce_axis_index(UOp ast) {
  const std::vector<KernelAxis> axes = kernel_axes(ScheduledKernel{ast, {}, {}, {}, {}});
  for (size_t i = 0; i < axes.size(); ++i)
    if (axes[i].reduce) return static_cast<int>(i);
  return -1;
}

} // namespace

UOp apply_tc(UOp ast, const Opt& opt, std::span<const Opt> applied, const OptTarget& target) {
  if (std::string why = target_reason(applied, target); !why.empty()) throw IllegalOpt(opt, why);
  const Match m = match_matmul(ast);
  if (auto* why = std::get_if<std::string>(&m)) throw IllegalOpt(opt, *why);
  const Matmul& mm = std::get<Matmul>(m);
  if (opt.axis != reduce_axis_index(ast))
    throw IllegalOpt(opt,
                     fmt::format("TC's axis names the reduce axis ({}); got {}", reduce_axis_index(ast), opt.axis));
  if (std::string why = config_reason(opt, target, mm.a.dtype().pointee().itemsize()); !why.empty())
    throw IllegalOpt(opt, why);
  MmaSpec spec = mm.spec;
  spec.config = opt.amount;
  const UOp mma = UOp::make(Op::MMA, void_, {mm.c, mm.a, mm.b}, spec.encode());
  return UOp::make(Op::SINK, void_, {mma}, ast.arg());
}

std::vector<Opt> tc_candidates(const ScheduledKernel& kernel, std::span<const Opt> applied, const OptTarget& target) {
  if (!target_reason(applied, target).empty()) return {};
  const Match m = match_matmul(kernel.ast);
  if (!std::holds_alternative<Matmul>(m)) return {};
  const int axis = reduce_axis_index(kernel.ast);
  const int bytes = std::get<Matmul>(m).a.dtype().pointee().itemsize();
  std::vector<Opt> out;
  for (int c = 0; c < static_cast<int>(kTcConfigs.size()); ++c)
    if (config_reason({OptOp::TC, axis, c}, target, bytes).empty()) out.push_back({OptOp::TC, axis, c});
  return out;
}

std::optional<std::vector<Opt>> tc_heuristic_opts(const ScheduledKernel& kernel, const OptTarget& target) {
  if (!target_reason({}, target).empty()) return std::nullopt;
  const Match m = match_matmul(kernel.ast);
  if (!std::holds_alternative<Matmul>(m)) return std::nullopt;
  const MmaSpec& s = std::get<Matmul>(m).spec;
  // Below one fragment per axis the tile is mostly zero padding.
  if (s.m < 16 || s.n < 16 || s.k < 16) return std::nullopt;
  int64_t batches = 1;
  for (const MmaBatch& b : s.batch)
    batches *= b.extent;
  // Enough 128x128 tiles to give each of ~132 SMs one: the big tile (the fastest on an H200 at 4096^3); otherwise
  // smaller tiles keep the SMs busy.
  const int64_t big_tiles = (s.m + 127) / 128 * ((s.n + 127) / 128) * batches;
  const int64_t mid_tiles = (s.m + 63) / 64 * ((s.n + 63) / 64) * batches;
  const int config = big_tiles >= 128 ? 0 : mid_tiles >= 64 ? 6 : 7;
  const Opt opt{OptOp::TC, reduce_axis_index(kernel.ast), config};
  std::vector<Opt> opts{opt};
  try {
    apply_opts(kernel, opts, target);
  } catch (const IllegalOpt&) {
    return std::nullopt;
  }
  return opts;
}

} // namespace lmc
