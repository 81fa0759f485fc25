// The selection's slots, loops and insertion chain, built as graph nodes listed in the order they run; the form is
// described in select_topk.hpp.
#include "codegen/select_topk.hpp"

#include "codegen/opt/substitute.hpp"
#include "codegen/range_deps.hpp"
#include "ir/error.hpp"
#include "ir/reduce_identity.hpp"
#include "rewrite/graph_rewrite.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace lmc {
namespace {

struct Selection {
  UOp values, indices, done; // the two registers and the sequence that fills them
};

struct TopkContext {
  RangeDeps deps;
  int32_t next_reg = 0;
  int32_t next_range_id = 0;
  std::unordered_map<uint32_t, Selection> selections; // by the TOPK that stands for both of a selection's results
};

UOp slot(UOp reg, int64_t j) {
  return UOp::make(Op::INDEX, reg.dtype(), {reg, UOp::constant(index_dtype, j)});
}

UOp end_of(std::vector<UOp> nodes, const std::vector<UOp>& openers) {
  nodes.insert(nodes.end(), openers.begin(), openers.end());
  return UOp::make(Op::END, void_, nodes);
}

// A bounded smallest-k never holds NaN in a slot (they start at the bound and only smaller values enter).
bool slots_never_nan(const TopkArg& arg) {
  return arg.bounded && !arg.largest && !std::isnan(arg.bound);
}

// Whether `a` goes before `b` in the selection: a > b for largest, a < b for smallest, with NaN ordered as the
// largest value (PyTorch's rule, the one every comparison op follows: a largest-k takes NaN first, a smallest-k
// and an ascending sort put it last, argmax finds the NaN that max returns). Ties are never a win, so equal
// values (two NaNs included) keep the lower index first. Integers need no NaN test, and neither do slots that never
// hold NaN (a NaN element fails `v < slot` as it should: the inner loop of a radius-limited K-NN is four instructions
// shorter per candidate). The new nodes are appended to `made` in the order they run.
UOp beats(UOp a, UOp b, const TopkArg& arg, std::vector<UOp>& made) {
  const UOp hi = arg.largest ? a : b, lo = arg.largest ? b : a; // a beats b when lo < hi
  const UOp lt = UOp::alu(Op::CMPLT, {lo, hi});
  made.push_back(lt);
  if (!a.dtype().is_float() || slots_never_nan(arg)) return lt;
  const UOp hi_nan = UOp::alu(Op::CMPNE, {hi, hi});
  const UOp lo_number = UOp::alu(Op::CMPEQ, {lo, lo});
  const UOp nan_above = UOp::alu(Op::AND, {hi_nan, lo_number});
  const UOp out = UOp::alu(Op::OR, {lt, nan_above});
  for (UOp x : {hi_nan, lo_number, nan_above, out})
    made.push_back(x);
  return out;
}

// `value` with the selection range replaced by `position`, and the ranges of reduces nested in it replaced by fresh
// copies (each selection loop gets its own, so no loop is opened twice).
UOp copy_of_value(UOp value, UOp range, UOp position, int32_t& next_range_id) {
  std::unordered_map<uint32_t, UOp> map{{range.id(), position}};
  for (UOp u : value.toposort())
    if (u.op() == Op::REDUCE)
      for (size_t i = 1; i < u.num_src(); ++i)
        if (!map.contains(u.src(i).id())) {
          const RangeArg a = u.src(i).arg_as<RangeArg>();
          map.emplace(u.src(i).id(), UOp::range(u.src(i).src(0), next_range_id++, a.kind));
        }
  return substitute(value, map);
}

// One selection phase's insertion chain: for each element (value v at index `position`), the element displaces the
// first slot it beats (strictly, so ties keep the lower index first) and every later slot shifts down one (a displaced
// pair is never compared again: on a tie it would be dropped and a higher index kept). With `may_be_empty` an empty
// slot (index -1) is beaten by anything. A slot's reads follow `after[j]` (the STORE or END that last wrote it before
// the phase) and sit in `place` (the phase's loop, or the IF its elements enter by); `reuse_last` is a read of the last
// value slot made already.
struct Chain {
  UOp vals, idxs;
  TopkArg arg;
  std::vector<UOp> after_v, after_i;
  UOp place;
  UOp reuse_last;
};

std::vector<UOp> insertion_chain(const Chain& c, UOp v, UOp position, bool may_be_empty) {
  const DType d = v.dtype();
  std::vector<UOp> seq{v};
  UOp i = position.dtype() == int32 ? position : position.cast(int32);
  seq.push_back(i);
  UOp shifting; // true once the element has been placed: the rest of the slots move down
  for (int64_t j = 0; j < c.arg.k; ++j) {
    const bool last = j + 1 == c.arg.k;
    const UOp cur_v = last && !c.reuse_last.is_null()
                          ? c.reuse_last
                          : UOp::make(Op::LOAD, d, {slot(c.vals, j), c.after_v[j], c.place});
    const UOp cur_i = UOp::make(Op::LOAD, int32, {slot(c.idxs, j), c.after_i[j], c.place});
    seq.push_back(cur_v);
    seq.push_back(cur_i);
    UOp wins = beats(v, cur_v, c.arg, seq);
    if (may_be_empty) {
      const UOp empty = UOp::alu(Op::CMPLT, {cur_i, UOp::constant(int32, int64_t{0})});
      wins = UOp::alu(Op::OR, {empty, wins});
      seq.push_back(empty);
      seq.push_back(wins);
    }
    const UOp take = shifting.is_null() ? wins : UOp::alu(Op::OR, {shifting, wins});
    const UOp new_v = UOp::alu(Op::WHERE, {take, v, cur_v});
    const UOp new_i = UOp::alu(Op::WHERE, {take, i, cur_i});
    const UOp next_v = UOp::alu(Op::WHERE, {take, cur_v, v});
    const UOp next_i = UOp::alu(Op::WHERE, {take, cur_i, i});
    const UOp st_v = UOp::make(Op::STORE, void_, {slot(c.vals, j), new_v, c.place});
    const UOp st_i = UOp::make(Op::STORE, void_, {slot(c.idxs, j), new_i, c.place});
    for (UOp x : {take, new_v, new_i, st_v, st_i, next_v, next_i})
      seq.push_back(x);
    shifting = take;
    v = next_v;
    i = next_i;
  }
  // A RANGE or IF in the list would read as one of the END's openers; they are open there anyway.
  std::erase_if(seq, [](UOp u) { return u.op() == Op::RANGE || u.op() == Op::IF; });
  return seq;
}

// A bounded selection over where(c, x, y), with y a constant that can never enter (not below the bound for
// smallest-k, not above it for largest-k, and not NaN, which a largest-k takes): the part of c that is the same for
// the whole row gates the selection loop (a K-NN of hypotheses that were deleted or lie past a batch's live count then
// costs nothing per node).
std::optional<RangeDeps::Gate> row_gate(RangeDeps& deps, UOp value, UOp range, const TopkArg& arg) {
  const auto y = const_arm(value);
  if (!arg.bounded || !y || std::isnan(*y) || (arg.largest ? *y > arg.bound : *y < arg.bound)) return std::nullopt;
  return deps.split_gate(value, {range});
}

// The selection runs in two loops. The first min(k, n) elements all enter (the slots start empty), so that loop
// has no test at all. After it every slot is full, so the second loop needs no "empty slot" checks: one comparison
// with the last slot rejects most elements, and the rest run the insertion chain inside an IF.
Selection build_selection(TopkContext& ctx, UOp value, UOp range, const TopkArg& arg) {
  const DType d = value.dtype();
  std::vector<UOp> outer;
  for (uint32_t id : ctx.deps.topk_loop(UOp::make(Op::TOPK, d, {value, range}, arg)))
    outer.push_back(UOp::from_id(id));
  std::ranges::sort(outer, [](UOp x, UOp y) { return x.arg_as<RangeArg>().id < y.arg_as<RangeArg>().id; });
  const UOp vals = UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{ctx.next_reg++, arg.k});
  const UOp idxs = UOp::make(Op::DEFINE_REG, int32.ptr(AddrSpace::Register), {}, ParamArg{ctx.next_reg++, arg.k});
  std::vector<UOp> seq{vals, idxs};
  Chain chain{vals, idxs, arg, {}, {}, {}, {}};
  // Bounded: the slots start full of the bound, so an element enters only by beating it and no slot is "empty".
  const UOp start_value =
      arg.bounded ? UOp::constant(d, arg.bound) : reduce_identity(arg.largest ? Op::MAX : Op::MIN, d);
  const UOp none = UOp::constant(int32, int64_t{-1});
  for (int64_t j = 0; j < arg.k; ++j) {
    auto init = [&](UOp reg, UOp v) {
      std::vector<UOp> src{slot(reg, j), v};
      src.insert(src.end(), outer.begin(), outer.end()); // placed once per output, like an accumulator's init
      return UOp::make(Op::STORE, void_, src);
    };
    chain.after_v.push_back(init(vals, start_value));
    chain.after_i.push_back(init(idxs, none));
    seq.push_back(chain.after_v.back());
    seq.push_back(chain.after_i.back());
  }
  const UOp n = range.src(0);
  const DType it = n.dtype();
  const auto n_const = n.const_int();
  const UOp k = UOp::constant(it, arg.k);
  UOp first_n = n_const ? UOp::constant(it, std::min<int64_t>(*n_const, arg.k)) : UOp::alu(Op::MIN, {n, k});
  if (arg.bounded) first_n = UOp::constant(it, int64_t{0});
  // Phase 1: [0, min(k, n)): every element enters (not with a bound: there every element must beat it).
  if (!arg.bounded) {
    const UOp r = UOp::range(first_n, ctx.next_range_id++, AxisKind::Reduce);
    chain.place = r;
    const UOp phase = end_of(insertion_chain(chain, copy_of_value(value, range, r, ctx.next_range_id), r, true), {r});
    seq.push_back(phase);
    std::fill(chain.after_v.begin(), chain.after_v.end(), phase);
    std::fill(chain.after_i.begin(), chain.after_i.end(), phase);
  }
  // Phase 2: [min(k, n), n): only elements that beat the last slot.
  if (!n_const || *n_const > arg.k || arg.bounded) {
    const UOp rest_n = arg.bounded ? n
                       : n_const   ? UOp::constant(it, *n_const - arg.k)
                                   : UOp::alu(Op::SUB, {n, first_n});
    const UOp r = UOp::range(rest_n, ctx.next_range_id++, AxisKind::Reduce);
    std::vector<UOp> openers;
    if (auto skip = row_gate(ctx.deps, value, range, arg)) {
      value = skip->value;
      openers.push_back(UOp::make(Op::IF, void_, {skip->cond}));
    }
    openers.push_back(r);
    const UOp position = arg.bounded ? r : UOp::alu(Op::ADD, {r, first_n});
    const UOp v = copy_of_value(value, range, position, ctx.next_range_id);
    const int64_t last = arg.k - 1;
    // The read of the last slot follows the value, so the value's work comes first (for largest-k too).
    const UOp tail = UOp::make(Op::LOAD, d, {slot(vals, last), chain.after_v[last], r, v});
    std::vector<UOp> unused;
    openers.push_back(UOp::make(Op::IF, void_, {beats(v, tail, arg, unused)}));
    chain.place = openers.back();
    chain.reuse_last = tail;
    seq.push_back(end_of(insertion_chain(chain, v, position, false), openers));
  }
  return Selection{vals, idxs, end_of(seq, {})};
}

std::optional<UOp> fold_topk_to_slots(const rw::Match& m) {
  TopkContext& ctx = m.context<TopkContext>();
  const UOp t = m.root;
  if (t.num_src() != 3) throw Error("select_topk: a kernel's TOPK needs its value, its range and its output slot");
  const TopkArg& arg = t.arg_as<TopkArg>();
  if (arg.k < 1) throw Error("select_topk: k must be at least 1");
  const UOp value = t.src(0), range = t.src(1);
  TopkArg key_arg = arg;
  key_arg.indices = false;
  const UOp key = UOp::make(Op::TOPK, value.dtype(), {value, range, UOp::constant(index_dtype, int64_t{0})}, key_arg);
  auto it = ctx.selections.find(key.id());
  if (it == ctx.selections.end()) it = ctx.selections.emplace(key.id(), build_selection(ctx, value, range, arg)).first;
  const Selection& s = it->second;
  const UOp reg = arg.indices ? s.indices : s.values;
  return UOp::make(Op::LOAD, reg.dtype().pointee(), {UOp::make(Op::INDEX, reg.dtype(), {reg, t.src(2)}), s.done});
}

} // namespace

const rw::RuleTable& select_topk_rules() {
  static const rw::RuleTable table(
      "select_topk", {rw::rule_fn("topk_to_slots", rw::Pat::any_of({Op::TOPK}), LMC_FOLD(fold_topk_to_slots))});
  return table;
}

UOp select_topk(UOp sink) {
  TopkContext ctx;
  bool any = false;
  for (UOp u : sink.toposort()) {
    if (u.op() == Op::RANGE) ctx.next_range_id = std::max(ctx.next_range_id, u.arg_as<RangeArg>().id + 1);
    if (u.op() == Op::DEFINE_REG) ctx.next_reg = std::max(ctx.next_reg, u.arg_as<ParamArg>().slot + 1);
    any = any || u.op() == Op::TOPK;
  }
  if (!any) return sink; // no pass to show
  rw::RewriteOptions options;
  options.walk = rw::Walk::SingleWalk;
  options.ctx = &ctx;
  return rw::graph_rewrite("select_topk", sink, select_topk_rules(), options);
}

} // namespace lmc
