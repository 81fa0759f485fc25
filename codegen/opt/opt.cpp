// Opt names, parsing and printing, the target description, the kernel's axes, and apply_opts: each opt splits or
// re-kinds RANGE nodes of the kernel AST. What the new kinds mean is decided later in lowering (gpu_dims.cpp turns
// Global/Local/Group ranges into thread indices and cooperative reduces; the linearizer keeps Upcast/Unroll ranges
// as small constant loops that the backends unroll, with reduce accumulators per upcast element).
#include "codegen/opt/opt.hpp"

#include "codegen/expand_reduce.hpp"
#include "codegen/opt/gemm.hpp"
#include "codegen/opt/substitute.hpp"
#include "codegen/opt/tc.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace lmc {
namespace {

constexpr std::pair<OptOp, const char*> kOptNames[] = {
    {OptOp::UPCAST, "UPCAST"},     {OptOp::UNROLL, "UNROLL"}, {OptOp::LOCAL, "LOCAL"}, {OptOp::GROUP, "GROUP"},
    {OptOp::GROUPTOP, "GROUPTOP"}, {OptOp::PADTO, "PADTO"},   {OptOp::SWAP, "SWAP"},   {OptOp::NOLOCALS, "NOLOCALS"},
    {OptOp::THREAD, "THREAD"},     {OptOp::TC, "TC"},         {OptOp::GEMM, "GEMM"}};

int64_t const_extent(UOp range) {
  auto e = range.src(0).const_int();
  return e ? *e : -1;
}

int32_t max_range_id(UOp ast) {
  int32_t m = 0;
  for (UOp u : ast.toposort())
    if (u.op() == Op::RANGE) m = std::max(m, u.arg_as<RangeArg>().id);
  return m;
}

struct KernelFacts {
  bool has_topk = false;
  bool has_locals = false; // Local or Group ranges already
  bool has_group = false;
  bool has_upcast = false;
  bool nolocals = false;
  int64_t local_threads = 1;
  int64_t upcast_product = 1;
  int threads = 0;
};

KernelFacts facts_of(UOp ast, std::span<const Opt> applied) {
  KernelFacts f;
  for (UOp u : ast.toposort()) {
    if (u.op() == Op::TOPK) f.has_topk = true;
    if (u.op() != Op::RANGE) continue;
    const AxisKind k = u.arg_as<RangeArg>().kind;
    const int64_t e = std::max<int64_t>(const_extent(u), 1);
    if (k == AxisKind::Local || k == AxisKind::Group) {
      f.has_locals = true;
      f.local_threads *= e;
    }
    if (k == AxisKind::Upcast || k == AxisKind::Unroll) f.upcast_product *= e;
    if (k == AxisKind::Group) f.has_group = true;
    if (k == AxisKind::Upcast) f.has_upcast = true;
  }
  for (const Opt& o : applied) {
    if (o.op == OptOp::NOLOCALS) f.nolocals = true;
    if (o.op == OptOp::THREAD) f.threads = o.amount;
  }
  return f;
}

// Whether a REDUCE over `range` sits inside the value of another REDUCE (a reduction nested in another's loop, e.g.
// max over objects of max over hypotheses): a GROUP's shared-memory exchange and barrier would then have to run
// inside the outer serial loop, which the lowering does not place.
bool reduce_is_nested(UOp ast, UOp range) {
  std::vector<UOp> reduces;
  for (UOp u : ast.toposort())
    if (u.op() == Op::REDUCE) reduces.push_back(u);
  for (UOp outer : reduces)
    for (UOp inner : outer.src(0).toposort())
      if (inner.op() == Op::REDUCE)
        for (size_t i = 1; i < inner.num_src(); ++i)
          if (inner.src(i) == range) return true;
  return false;
}

// Whether a top-k's value holds a reduce that stays a loop (more terms than expand_small_reduces writes out): in a
// register tile that loop would be opened inside the tile's copy in the selection loop, which the lowering refuses.
bool topk_value_keeps_a_loop(UOp ast) {
  for (UOp u : ast.toposort())
    if (u.op() == Op::TOPK)
      for (UOp v : expand_small_reduces(u.src(0)).toposort())
        if (v.op() == Op::REDUCE) return true;
  return false;
}

} // namespace

const char* opt_op_name(OptOp op) {
  for (auto [o, n] : kOptNames)
    if (o == op) return n;
  return "?";
}

std::string Opt::str() const {
  return fmt::format("{}({},{})", opt_op_name(op), axis, amount);
}

Opt parse_opt(std::string_view text) {
  auto fail = [&] { return Error(fmt::format("cannot read an opt from '{}' (expected e.g. UPCAST(0,4))", text)); };
  const size_t open = text.find('('), comma = text.find(','), close = text.find(')');
  if (open == std::string_view::npos || comma == std::string_view::npos || close == std::string_view::npos ||
      !(open < comma && comma < close) || close + 1 != text.size())
    throw fail();
  Opt o;
  const std::string_view name = text.substr(0, open);
  bool found = false;
  for (auto [op, n] : kOptNames)
    if (name == n) o.op = op, found = true;
  if (!found) throw fail();
  auto num = [&](std::string_view s, int& out) {
    while (!s.empty() && s.front() == ' ')
      s.remove_prefix(1);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc{} || p != s.data() + s.size()) throw fail();
  };
  num(text.substr(open + 1, comma - open - 1), o.axis);
  num(text.substr(comma + 1, close - comma - 1), o.amount);
  return o;
}

std::string opts_str(std::span<const Opt> opts) {
  std::string s = "[";
  for (size_t i = 0; i < opts.size(); ++i)
    s += (i ? ", " : "") + opts[i].str();
  return s + "]";
}

std::vector<Opt> parse_opts(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  if (text.size() < 2 || text.front() != '[' || text.back() != ']')
    throw Error(fmt::format("cannot read an opt list from '{}' (expected [OP(axis,amount), ...])", text));
  text = text.substr(1, text.size() - 2);
  std::vector<Opt> out;
  while (!text.empty()) {
    const size_t close = text.find(')');
    if (close == std::string_view::npos) throw Error(fmt::format("cannot read an opt from '{}'", text));
    std::string_view one = text.substr(0, close + 1);
    while (!one.empty() && (one.front() == ' ' || one.front() == ','))
      one.remove_prefix(1);
    out.push_back(parse_opt(one));
    text.remove_prefix(close + 1);
    while (!text.empty() && (text.front() == ' ' || text.front() == ','))
      text.remove_prefix(1);
  }
  return out;
}

IllegalOpt::IllegalOpt(const Opt& opt, const std::string& why)
    : Error(fmt::format("opt {} does not apply: {}", opt.str(), why)), opt_(opt) {}

OptTarget OptTarget::cpu(int threads) {
  OptTarget t;
  t.gpu = false;
  t.threads = std::max(threads, 1);
  t.max_upcast = 64;
  return t;
}

OptTarget OptTarget::cuda(int sm) {
  OptTarget t;
  t.gpu = true;
  t.sm = sm;
  // The per-block opt-in limits of the CUDA programming guide's compute-capability table.
  t.dynamic_shared_bytes = int64_t{1024} * (sm == 80 || sm == 87   ? 163
                                            : sm >= 90 && sm < 110 ? 227
                                            : sm >= 86             ? 99
                                                                   : 48);
  t.max_upcast = 64;
  return t;
}

std::vector<UOp> axis_ranges(UOp ast) {
  std::vector<UOp> outputs, reduces;
  for (UOp u : ast.toposort()) {
    if (u.op() == Op::RANGE && u.arg_as<RangeArg>().kind == AxisKind::Global) outputs.push_back(u);
    if (u.op() == Op::REDUCE)
      for (size_t i = 1; i < u.num_src(); ++i)
        if (u.src(i).arg_as<RangeArg>().kind == AxisKind::Reduce) reduces.push_back(u.src(i));
  }
  auto by_id = [](UOp a, UOp b) { return a.arg_as<RangeArg>().id < b.arg_as<RangeArg>().id; };
  std::ranges::sort(outputs, by_id);
  std::ranges::sort(reduces, by_id);
  reduces.erase(std::unique(reduces.begin(), reduces.end()), reduces.end());
  outputs.insert(outputs.end(), reduces.begin(), reduces.end());
  return outputs;
}

std::vector<KernelAxis> kernel_axes(const ScheduledKernel& kernel) {
  std::vector<KernelAxis> out;
  for (UOp r : axis_ranges(kernel.ast))
    out.push_back({const_extent(r), r.arg_as<RangeArg>().kind == AxisKind::Reduce});
  return out;
}

namespace {

// One opt on the AST (the list so far is in `applied`, for the opts that are flags).
UOp apply_one(UOp ast, const Opt& opt, std::span<const Opt> applied, const OptTarget& target) {
  const KernelFacts f = facts_of(ast, applied);
  auto illegal = [&](const std::string& why) { return IllegalOpt(opt, why); };
  // The TILED_MATMUL node has no loops left to split.
  for (OptOp whole : {OptOp::TC, OptOp::GEMM})
    if (opt.op != whole && std::ranges::any_of(applied, [&](const Opt& o) { return o.op == whole; }))
      throw illegal(fmt::format("{} takes the whole kernel: no opt may follow it", opt_op_name(whole)));
  if (opt.op == OptOp::NOLOCALS) {
    if (!target.gpu) throw illegal("NOLOCALS is for GPU targets");
    if (f.nolocals) throw illegal("NOLOCALS is already set");
    if (f.has_locals) throw illegal("the kernel already has LOCAL or GROUP axes");
    return ast;
  }
  if (opt.op == OptOp::TC) return apply_tc(ast, opt, applied, target);
  if (opt.op == OptOp::GEMM) return apply_gemm(ast, opt, applied, target);
  const std::vector<UOp> axes = axis_ranges(ast);
  if (opt.axis < 0 || opt.axis >= static_cast<int>(axes.size()))
    throw illegal(fmt::format("axis {} is out of range (the kernel has {} axes)", opt.axis, axes.size()));
  const UOp r = axes[opt.axis];
  const RangeArg ra = r.arg_as<RangeArg>();
  const bool reduce = ra.kind == AxisKind::Reduce;
  const int64_t n = const_extent(r);
  if (n < 0) throw illegal("the axis has a symbolic extent");
  const DType it = r.dtype();
  const int32_t fresh = max_range_id(ast) + 1;

  if (opt.op == OptOp::SWAP) {
    if (reduce) throw illegal("SWAP reorders output axes; this one is a reduce axis");
    if (opt.amount < 0 || opt.amount >= static_cast<int>(axes.size()) || opt.amount == opt.axis)
      throw illegal("SWAP needs another output axis as its amount");
    const UOp other = axes[opt.amount];
    if (other.arg_as<RangeArg>().kind != AxisKind::Global) throw illegal("SWAP's other axis is a reduce axis");
    const int32_t ia = ra.id, ib = other.arg_as<RangeArg>().id;
    UOp a2 = UOp::range(r.src(0), ib, AxisKind::Global), b2 = UOp::range(other.src(0), ia, AxisKind::Global);
    // Two steps through a placeholder id so the swapped ranges never collide with each other.
    UOp tmp = UOp::range(r.src(0), fresh, AxisKind::Global);
    ast = substitute_range(ast, r, tmp, {tmp});
    ast = substitute_range(ast, other, b2, {b2});
    return substitute_range(ast, tmp, a2, {a2});
  }

  if (opt.op == OptOp::PADTO) {
    if (opt.amount < 2) throw illegal("PADTO needs an amount of at least 2");
    const int64_t padded = (n + opt.amount - 1) / opt.amount * opt.amount;
    if (padded == n) throw illegal(fmt::format("the extent {} is already a multiple of {}", n, opt.amount));
    if (padded > n * 2) throw illegal(fmt::format("padding {} to {} more than doubles the work", n, padded));
    if (f.has_topk) throw illegal("top-k kernels take no PADTO");
    UOp p = UOp::range(UOp::constant(it, padded), ra.id, ra.kind);
    return pad_range(ast, r, p, n);
  }

  const int amount = opt.amount;
  if (amount < 2) throw illegal("the amount must be at least 2");
  if (n % amount != 0) throw illegal(fmt::format("{} does not divide the extent {}", amount, n));
  // A top-k's output axis may be a register tile: U selections share the selection loop (select_topk.cpp).
  if (f.has_topk && opt.op != OptOp::LOCAL && opt.op != OptOp::UPCAST)
    throw illegal("top-k kernels take only LOCAL and UPCAST");

  AxisKind inner_kind = AxisKind::Upcast;
  bool inner_outside = false; // GROUPTOP: the threads take the outer part of the axis
  switch (opt.op) {
  case OptOp::UPCAST:
    if (reduce) throw illegal("UPCAST splits output axes; use UNROLL for a reduce axis");
    if (f.upcast_product * amount > target.max_upcast)
      throw illegal(fmt::format("the register tile would be {} elements (limit {})", f.upcast_product * amount,
                                target.max_upcast));
    // A grouped reduce inside a register tile would need a shared-memory exchange per tile element.
    if (f.has_group) throw illegal("UPCAST after GROUP is not supported (the group exchange is not tiled)");
    if (f.has_topk && topk_value_keeps_a_loop(ast))
      throw illegal("a top-k whose value holds a reduce loop takes no UPCAST (the loop would sit inside the tile)");
    inner_kind = AxisKind::Upcast;
    break;
  case OptOp::UNROLL:
    if (!reduce) throw illegal("UNROLL splits reduce axes; use UPCAST for an output axis");
    if (f.upcast_product * amount > target.max_upcast)
      throw illegal(
          fmt::format("the unrolled body would be {} copies (limit {})", f.upcast_product * amount, target.max_upcast));
    inner_kind = AxisKind::Unroll;
    break;
  case OptOp::LOCAL:
  case OptOp::GROUP:
  case OptOp::GROUPTOP:
    if (!target.gpu) throw illegal(fmt::format("{} needs a GPU target", opt_op_name(opt.op)));
    if (f.nolocals) throw illegal("NOLOCALS forbids thread-block axes");
    if (f.local_threads * amount > target.max_local_threads)
      throw illegal(fmt::format("the block would have {} threads (limit {})", f.local_threads * amount,
                                target.max_local_threads));
    if (opt.op == OptOp::LOCAL) {
      if (reduce) throw illegal("LOCAL splits output axes; use GROUP for a reduce axis");
      inner_kind = AxisKind::Local;
    } else {
      if (!reduce) throw illegal("GROUP splits reduce axes");
      if (f.has_topk) throw illegal("top-k kernels take no GROUP");
      if (f.has_upcast) throw illegal("GROUP after UPCAST is not supported (the group exchange is not tiled)");
      if (reduce_is_nested(ast, r))
        throw illegal("the reduce over this axis is nested in another reduce (the group exchange would sit inside "
                      "the outer reduce's loop)");
      if (f.local_threads * amount * 8 > target.shared_bytes) throw illegal("the shared-memory partials would not fit");
      inner_kind = AxisKind::Group;
      inner_outside = opt.op == OptOp::GROUPTOP;
    }
    break;
  case OptOp::THREAD:
    if (target.gpu) throw illegal("THREAD is for CPU targets");
    if (reduce) throw illegal("THREAD splits output axes");
    if (f.threads) throw illegal("THREAD is already set");
    if (amount > target.threads * 8) throw illegal(fmt::format("{} chunks for {} threads", amount, target.threads));
    inner_kind = AxisKind::Global; // the outer part becomes the Thread axis below
    break;
  default:
    throw illegal("unknown opt");
  }
  const int64_t outer_n = n / amount;
  if (opt.op == OptOp::THREAD) {
    // Thread chunks: the outer part (amount chunks) runs across the pool, the inner part stays an output axis.
    UOp chunk = UOp::range(UOp::constant(it, int64_t{amount}), fresh, AxisKind::Thread);
    UOp rest = UOp::range(UOp::constant(it, outer_n), ra.id, AxisKind::Global);
    return substitute_range(ast, r, chunk * outer_n + rest, {chunk, rest});
  }
  UOp outer = UOp::range(UOp::constant(it, outer_n), ra.id, ra.kind);
  UOp inner = UOp::range(UOp::constant(it, int64_t{amount}), fresh, inner_kind);
  UOp value = inner_outside ? inner * outer_n + outer : outer * amount + inner;
  return substitute_range(ast, r, value, {outer, inner});
}

} // namespace

OptimizedKernel apply_opts(const ScheduledKernel& kernel, std::span<const Opt> opts, const OptTarget& target) {
  OptimizedKernel out{kernel, {}, target.gpu};
  for (const Opt& o : opts) {
    out.kernel.ast = apply_one(out.kernel.ast, o, out.opts, target);
    out.opts.push_back(o);
  }
  return out;
}

} // namespace lmc
