#include "codegen/opt/matmul_match.hpp"

#include "codegen/opt/gemm.hpp"
#include "codegen/opt/tc.hpp"
#include "rewrite/symbolic.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <map>

namespace lmc {

IntList MmaSpec::encode() const {
  IntList out{m,
              n,
              k,
              config,
              a.offset,
              a.stride0,
              a.stride1,
              b.offset,
              b.stride0,
              b.stride1,
              c.offset,
              c.stride0,
              c.stride1,
              static_cast<int64_t>(engine),
              static_cast<int64_t>(batch.size())};
  for (const MmaBatch& x : batch)
    out.insert(out.end(), {x.extent, x.a, x.b, x.c});
  return out;
}

MmaSpec MmaSpec::decode(const IntList& v) {
  constexpr size_t kHead = 15;
  if (v.size() < kHead || v[kHead - 1] < 0 || v.size() != kHead + 4 * static_cast<size_t>(v[kHead - 1]))
    throw Error(fmt::format("MMA: a malformed argument of {} ints", v.size()));
  MmaSpec s;
  s.m = v[0], s.n = v[1], s.k = v[2], s.config = static_cast<int>(v[3]);
  s.a = {v[4], v[5], v[6]};
  s.b = {v[7], v[8], v[9]};
  s.c = {v[10], v[11], v[12]};
  if (v[13] != static_cast<int64_t>(MatmulEngine::TensorCores) &&
      v[13] != static_cast<int64_t>(MatmulEngine::CudaCores))
    throw Error(fmt::format("MMA: engine {} does not exist", v[13]));
  s.engine = static_cast<MatmulEngine>(v[13]);
  for (size_t i = kHead; i < v.size(); i += 4)
    s.batch.push_back({v[i], v[i + 1], v[i + 2], v[i + 3]});
  const size_t configs = s.engine == MatmulEngine::TensorCores ? kTcConfigs.size() : kGemmConfigs.size();
  if (s.config < 0 || s.config >= static_cast<int>(configs))
    throw Error(fmt::format("MMA: tile config {} does not exist", s.config));
  return s;
}

int64_t MmaSpec::batches() const {
  int64_t b = 1;
  for (const MmaBatch& x : batch)
    b *= x.extent;
  return b;
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

// A load, possibly widened to float32: the PARAM and its simplified address.
struct Input {
  UOp param;
  Affine index;
};

// An ungated INDEX into a PARAM with an affine address (after simplification, which removes the div/mod a reshape
// leaves when it is the identity).
std::variant<std::pair<UOp, Affine>, std::string> address(UOp index, const char* what, const char* opt) {
  if (index.op() != Op::INDEX || index.src(0).op() != Op::PARAM)
    return fmt::format("{} needs the {} to address a kernel buffer directly", opt, what);
  if (index.num_src() > 2)
    return fmt::format("{} needs an unmasked {} (padded or masked kernels are not supported)", opt, what);
  auto aff = affine(simplify(index.src(1)));
  if (!aff) return fmt::format("{} needs the {}'s address to be affine in the axes (no div/mod or gathers)", opt, what);
  return std::make_pair(index.src(0), *aff);
}

std::variant<Input, std::string> input_of(UOp x, const MatmulRules& rules) {
  if (x.op() == Op::CAST && x.dtype() == float32) x = x.src(0);
  if (x.op() == Op::WHERE || (x.op() == Op::CAST && x.src(0).op() == Op::WHERE))
    return fmt::format("{} needs unmasked loads (padded or masked inputs are not supported)", rules.opt);
  if (x.op() != Op::LOAD)
    return fmt::format("{} needs each factor of the product to be a load from a buffer", rules.opt);
  if (!rules.input_ok(x.dtype()))
    return fmt::format("{} needs {}; got a {} input", rules.opt, rules.inputs, x.dtype().name());
  auto addr = address(x.src(0), "input load", rules.opt);
  if (auto* why = std::get_if<std::string>(&addr)) return *why;
  auto [param, index] = std::get<std::pair<UOp, Affine>>(addr);
  return Input{param, index};
}

} // namespace

std::variant<MatmulMatch, std::string> match_matmul(UOp ast, const MatmulRules& rules) {
  const char* opt = rules.opt;
  if (ast.op() != Op::SINK || ast.num_src() != 1 || ast.src(0).op() != Op::STORE)
    return fmt::format("{} needs a kernel with exactly one store", opt);
  const UOp store = ast.src(0);
  UOp value = store.src(1);
  const DType out = value.dtype();
  if (value.op() == Op::CAST) value = value.src(0);
  if (value.op() != Op::REDUCE || value.arg_as<ReduceArg>().op != Op::ADD)
    return fmt::format("{} needs the kernel to store a sum (REDUCE ADD) of products, with no epilogue", opt);
  if (value.num_src() != 2) return fmt::format("{} needs exactly one reduce axis; got {}", opt, value.num_src() - 1);
  if (value.dtype() != float32)
    return fmt::format("{} accumulates in float32; this sum is {} (cast the inputs to float32 first)", opt,
                       value.dtype().name());
  if (!rules.output_ok(out)) return fmt::format("{} writes {}; the kernel stores {}", opt, rules.outputs, out.name());
  const UOp prod = value.src(0), kr = value.src(1);
  if (prod.op() != Op::MUL) return fmt::format("{} needs the sum to be over a product of two loads", opt);
  auto x = input_of(prod.src(0), rules), y = input_of(prod.src(1), rules);
  if (auto* why = std::get_if<std::string>(&x)) return *why;
  if (auto* why = std::get_if<std::string>(&y)) return *why;
  Input ix = std::get<Input>(x), iy = std::get<Input>(y);
  if (ix.param.dtype() != iy.param.dtype())
    return fmt::format("{} needs both inputs of one dtype; got {} and {}", opt, ix.param.dtype().pointee().name(),
                       iy.param.dtype().pointee().name());
  auto caddr = address(store.src(0), "output store", opt);
  if (auto* why = std::get_if<std::string>(&caddr)) return *why;
  auto [cparam, cindex] = std::get<std::pair<UOp, Affine>>(caddr);
  if (cparam.dtype().pointee() != out) return fmt::format("{} needs the store to write the sum's dtype", opt);

  std::vector<UOp> outs;
  for (UOp u : ast.toposort())
    if (u.op() == Op::RANGE) {
      const AxisKind kind = u.arg_as<RangeArg>().kind;
      if (kind == AxisKind::Global)
        outs.push_back(u);
      else if (u != kr)
        return fmt::format("{} must be the first opt: it replaces the kernel's loops", opt);
      if (!u.src(0).const_int()) return fmt::format("{} needs constant extents (this kernel has a symbolic axis)", opt);
    }
  if (kr.arg_as<RangeArg>().kind != AxisKind::Reduce) return fmt::format("{} must be the first opt", opt);
  if (ix.index.of(kr) == 0 || iy.index.of(kr) == 0 || cindex.of(kr) != 0)
    return fmt::format("{} needs both inputs to walk the reduce axis", opt);
  // Each range in the addresses must be one of the kernel's (a DEFINE_VAR or a load would have failed affine()).
  UOp mx, ny; // the axis only x walks, the axis only y walks
  std::vector<MmaBatch> batch;
  for (UOp r : outs) {
    const int64_t cx = ix.index.of(r), cy = iy.index.of(r), cc = cindex.of(r);
    if (cx != 0 && cy == 0) {
      if (!mx.is_null()) return fmt::format("{} needs one output axis walked only by the first input; got two", opt);
      mx = r;
    } else if (cy != 0 && cx == 0) {
      if (!ny.is_null()) return fmt::format("{} needs one output axis walked only by the second input; got two", opt);
      ny = r;
    } else {
      batch.push_back({*r.src(0).const_int(), cx, cy, cc});
    }
  }
  if (mx.is_null() || ny.is_null())
    return fmt::format("{} needs a matmul: an output axis only one input walks and one only the other walks", opt);
  // C's contiguous axis becomes N, so the epilogue's neighbouring lanes write neighbouring elements.
  bool swap = std::llabs(cindex.of(mx)) == 1 && std::llabs(cindex.of(ny)) != 1;
  const UOp mr = swap ? ny : mx, nr = swap ? mx : ny;
  const Input& ia = swap ? iy : ix;
  const Input& ib = swap ? ix : iy;
  MatmulMatch mm;
  MmaSpec& s = mm.spec;
  s.m = *mr.src(0).const_int(), s.n = *nr.src(0).const_int(), s.k = *kr.src(0).const_int();
  if (cindex.of(mr) == 0 || cindex.of(nr) == 0) return fmt::format("{} needs the output to depend on M and N", opt);
  s.a = {ia.index.constant, ia.index.of(mr), ia.index.of(kr)};
  s.b = {ib.index.constant, ib.index.of(kr), ib.index.of(nr)};
  s.c = {cindex.constant, cindex.of(mr), cindex.of(nr)};
  if (swap)
    for (MmaBatch& x : batch)
      std::swap(x.a, x.b);
  s.batch = batch;
  if (s.batches() > 65535)
    return fmt::format("{} runs at most 65535 batches (one grid row each); got {}", opt, s.batches());
  mm.c = cparam, mm.a = ia.param, mm.b = ib.param;
  return mm;
}

int reduce_axis_index(UOp ast) {
  const std::vector<KernelAxis> axes = kernel_axes(ScheduledKernel{ast, {}, {}, {}, {}});
  for (size_t i = 0; i < axes.size(); ++i)
    if (axes[i].reduce) return static_cast<int>(i);
  return -1;
}

} // namespace lmc
