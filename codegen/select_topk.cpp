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
  UOp base;                  // in a register tile, the output's tile element (null without a tile)
  int64_t stride = 1;        // the tile's size (slot j of element t is at j * stride + t)
};

struct TopkContext {
  RangeDeps deps;
  int64_t unroll = 1; // elements per iteration of the second loop (select_topk's `unroll`)
  int64_t chunk = 0;  // elements per candidate chunk of the second loop (select_topk's `candidate_chunk`; 0: none)
  int32_t next_reg = 0;
  int32_t next_range_id = 0;
  std::unordered_map<uint32_t, Selection> selections; // by the TOPK that stands for both of a selection's results
};

// Slot j of a selection; in a register tile of `stride` elements, of tile element `base`. The slots are stored slot
// by slot (j * U + element), so the U last slots the common test reads are adjacent (one vector load on a CPU).
UOp slot(UOp reg, int64_t j, UOp base = UOp(), int64_t stride = 1) {
  const UOp offset = UOp::constant(index_dtype, j * stride);
  return UOp::make(Op::INDEX, reg.dtype(), {reg, base.is_null() ? offset : j == 0 ? base : base + offset});
}

// A register tile (the Upcast ranges the selection's value moves with): U independent selections share the
// selection loop, each element's tile-invariant work (a node's coordinates) is done once for all U. Each place that
// works on the slots opens the tile again as fresh Upcast ranges (as reduce_to_accumulators does for a reduce).
struct Tile {
  std::vector<UOp> ranges; // the original tile ranges, by id
  int64_t size = 1;
  // Fresh copies of the tile's ranges; `map` (when given) sends each original to its copy.
  std::vector<UOp> copies(int32_t& next_range_id, std::unordered_map<uint32_t, UOp>* map) const {
    std::vector<UOp> fresh;
    for (UOp t : ranges) {
      fresh.push_back(UOp::range(t.src(0), next_range_id++, AxisKind::Upcast));
      if (map) map->emplace(t.id(), fresh.back());
    }
    return fresh;
  }
  // The tile's ranges at tile element `flat` (row-major over the ranges), as constants.
  std::unordered_map<uint32_t, UOp> element(int64_t flat) const {
    std::unordered_map<uint32_t, UOp> at;
    for (size_t i = ranges.size(); i-- > 0;) {
      const int64_t e = *ranges[i].src(0).const_int();
      at.emplace(ranges[i].id(), UOp::constant(ranges[i].dtype(), flat % e));
      flat /= e;
    }
    return at;
  }
  // The flat position of the tile element at `at` (one range per tile range), times `k`.
  static UOp base(const std::vector<UOp>& at, int64_t k) {
    UOp flat;
    int64_t stride = 1;
    for (size_t i = at.size(); i-- > 0;) {
      const UOp term = at[i].dtype() == index_dtype ? at[i] : at[i].cast(index_dtype);
      flat = flat.is_null() ? term : flat + term * stride;
      stride *= *at[i].src(0).const_int();
    }
    return flat * k;
  }
};

UOp end_of(std::vector<UOp> nodes, const std::vector<UOp>& openers) {
  return UOp::make(Op::END, void_, concat(std::move(nodes), openers));
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
// shorter per candidate). `a_is_number`: a is known not to be NaN (an element that already beat a slot), so a
// smallest-k needs no test of it. The new nodes are appended to `made` in the order they run.
UOp beats(UOp a, UOp b, const TopkArg& arg, std::vector<UOp>& made, bool a_is_number = false) {
  const UOp hi = arg.largest ? a : b, lo = arg.largest ? b : a; // a beats b when lo < hi
  if (!a.dtype().is_float() || slots_never_nan(arg)) {
    made.push_back(UOp::alu(Op::CMPLT, {lo, hi}));
    return made.back();
  }
  // lo < hi, or hi is NaN and lo is not: "not hi <= lo" (true when either is NaN) and "lo is a number". Compilers
  // turn the negated ordered compare into one unordered compare: two compares and an AND per candidate, where
  // lo < hi || (hi != hi && lo == lo) took three compares, an AND and an OR.
  const UOp hi_at_most_lo = UOp::alu(Op::CMPLE, {hi, lo});
  const UOp not_below = UOp::alu(Op::XOR, {hi_at_most_lo, UOp::constant(bool_, true)});
  made.push_back(hi_at_most_lo);
  made.push_back(not_below);
  if (a_is_number && !arg.largest) return not_below; // lo is a
  const UOp lo_number = UOp::alu(Op::CMPEQ, {lo, lo});
  const UOp out = UOp::alu(Op::AND, {not_below, lo_number});
  made.push_back(lo_number);
  made.push_back(out);
  return out;
}

// `value` with the selection range replaced by `position`, and the ranges of reduces nested in it replaced by fresh
// copies (each selection loop gets its own, so no loop is opened twice).
UOp copy_of_value(UOp value, UOp range, UOp position, int32_t& next_range_id,
                  std::unordered_map<uint32_t, UOp> map = {}) {
  map.emplace(range.id(), position);
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
  UOp base;           // the tile element (null without a tile)
  int64_t stride = 1; // the tile's size
};

// The slots are sorted, so "v beats slot j" is false up to some slot and true from there on (an empty slot, which
// anything beats, comes after the full ones). Each slot is therefore compared with v once, all comparisons
// independent of each other, and slot j becomes slot j - 1 where v beat that one, v where v beats only slot j, and
// stays otherwise: two selects per register and slot, with no chain of "already placed" flags running through them.
// The index slots get `carried` (the payload at the element) where the selection has a payload, else the position.
// A payload may be negative, so there an empty slot is one at or past the count of elements entered so far (phase 1
// enters every element: before element p, slots p.. are empty). `v_is_number`: v already beat the last slot, so it is
// not NaN (see beats).
std::vector<UOp> insertion_chain(const Chain& c, UOp v, UOp position, bool may_be_empty, UOp carried = UOp(),
                                 bool v_is_number = false) {
  const DType d = v.dtype();
  std::vector<UOp> seq{v};
  const UOp i = !carried.is_null() ? carried : position.dtype() == int32 ? position : position.cast(int32);
  seq.push_back(i);
  const size_t k = static_cast<size_t>(c.arg.k);
  std::vector<UOp> cur_v(k), cur_i(k), wins(k);
  for (size_t j = 0; j < k; ++j) {
    const int64_t jj = static_cast<int64_t>(j);
    cur_v[j] = j + 1 == k && !c.reuse_last.is_null()
                   ? c.reuse_last
                   : UOp::make(Op::LOAD, d, {slot(c.vals, jj, c.base, c.stride), c.after_v[j], c.place});
    cur_i[j] = UOp::make(Op::LOAD, int32, {slot(c.idxs, jj, c.base, c.stride), c.after_i[j], c.place});
    seq.push_back(cur_v[j]);
    seq.push_back(cur_i[j]);
    wins[j] = beats(v, cur_v[j], c.arg, seq, v_is_number);
    if (may_be_empty) {
      const UOp empty = carried.is_null() ? UOp::alu(Op::CMPLT, {cur_i[j], UOp::constant(int32, int64_t{0})})
                                          : UOp::alu(Op::CMPLE, {position, UOp::constant(position.dtype(), jj)});
      wins[j] = UOp::alu(Op::OR, {empty, wins[j]});
      seq.push_back(empty);
      seq.push_back(wins[j]);
    }
  }
  for (size_t j = 0; j < k; ++j) {
    const int64_t jj = static_cast<int64_t>(j);
    UOp new_v = UOp::alu(Op::WHERE, {wins[j], v, cur_v[j]});
    UOp new_i = UOp::alu(Op::WHERE, {wins[j], i, cur_i[j]});
    seq.push_back(new_v);
    seq.push_back(new_i);
    if (j > 0) {
      new_v = UOp::alu(Op::WHERE, {wins[j - 1], cur_v[j - 1], new_v});
      new_i = UOp::alu(Op::WHERE, {wins[j - 1], cur_i[j - 1], new_i});
      seq.push_back(new_v);
      seq.push_back(new_i);
    }
    seq.push_back(UOp::make(Op::STORE, void_, {slot(c.vals, jj, c.base, c.stride), new_v, c.place}));
    seq.push_back(UOp::make(Op::STORE, void_, {slot(c.idxs, jj, c.base, c.stride), new_i, c.place}));
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

// In a register tile the gate of each tile element differs: the loop is skipped only when every element's gate is
// off, and the elements whose gate is off keep their where() (its constant arm never enters a bounded selection).
UOp any_tile_element(UOp cond, const Tile& tile) {
  UOp any;
  for (int64_t flat = 0; flat < tile.size; ++flat) {
    const UOp one = substitute(cond, tile.element(flat));
    any = any.is_null() ? one : UOp::alu(Op::OR, {any, one});
  }
  return any;
}

// The second loop when it takes `block` elements per iteration (after the first `first_n`, which the first loop took):
// its range, its openers (the row gate's IF where the value has one, then the range) and the value with the gated
// part taken out.
struct BlockLoop {
  UOp r;
  std::vector<UOp> openers;
  UOp value;
  int64_t block = 1;
  UOp first_n;
  // The row position of element `offset` (a constant, or an expression of the loop) of the current block.
  UOp position(UOp offset) const {
    const UOp at = UOp::alu(Op::ADD, {UOp::alu(Op::MUL, {r, UOp::constant(r.dtype(), block)}), offset});
    return *first_n.const_int() != 0 ? UOp::alu(Op::ADD, {at, first_n}) : at;
  }
};

BlockLoop block_loop(TopkContext& ctx, UOp value, UOp range, const TopkArg& arg, int64_t block, UOp first_n) {
  const UOp n = range.src(0);
  const int64_t rest = *n.const_int() - *first_n.const_int();
  BlockLoop loop{UOp::range(UOp::constant(n.dtype(), rest / block), ctx.next_range_id++, AxisKind::Reduce),
                 {},
                 value,
                 block,
                 first_n};
  if (auto skip = row_gate(ctx.deps, value, range, arg)) {
    loop.value = skip->value;
    loop.openers.push_back(UOp::make(Op::IF, void_, {skip->cond}));
  }
  loop.openers.push_back(loop.r);
  return loop;
}

// The second loop taking `unroll` elements per iteration: their values are computed first, one after another into a
// register of `unroll` slots (so their loads are all in flight before the first test waits on one), then each element
// in order is tested against the last slot and runs its insertion chain under its own IF. The slots see the elements
// in index order, as the one-element loop does, so ties and results are the same.
UOp unrolled_phase(TopkContext& ctx, Chain& chain, UOp value, UOp payload, UOp range, const TopkArg& arg,
                   int64_t unroll, UOp first_n) {
  const DType d = value.dtype();
  const DType it = range.src(0).dtype();
  const BlockLoop loop = block_loop(ctx, value, range, arg, unroll, first_n);
  const UOp r = loop.r;
  value = loop.value;
  const UOp element_values =
      UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{ctx.next_reg++, unroll});
  std::vector<UOp> body, values, positions;
  for (int64_t u = 0; u < unroll; ++u) {
    const UOp at_u = UOp::make(Op::INDEX, element_values.dtype(), {element_values, UOp::constant(index_dtype, u)});
    const UOp position = loop.position(UOp::constant(it, u));
    const UOp stored = UOp::make(Op::STORE, void_, {at_u, copy_of_value(value, range, position, ctx.next_range_id), r});
    body.push_back(stored);
    values.push_back(UOp::make(Op::LOAD, d, {at_u, stored, r}));
    positions.push_back(position);
  }
  const int64_t last = arg.k - 1;
  for (int64_t u = 0; u < unroll; ++u) {
    const UOp v = values[static_cast<size_t>(u)];
    // The read of the last slot follows the element's value and the previous element's chain.
    const UOp tail = UOp::make(Op::LOAD, d, {slot(chain.vals, last), chain.after_v[last], r, v});
    std::vector<UOp> unused;
    const UOp test = UOp::make(Op::IF, void_, {beats(v, tail, arg, unused)});
    chain.place = test;
    chain.reuse_last = tail;
    const UOp at = positions[static_cast<size_t>(u)];
    const UOp carried = payload.is_null() ? UOp() : copy_of_value(payload, range, at, ctx.next_range_id);
    const UOp done = end_of(insertion_chain(chain, v, at, false, carried, true), {test});
    body.push_back(done);
    std::fill(chain.after_v.begin(), chain.after_v.end(), done);
    std::fill(chain.after_i.begin(), chain.after_i.end(), done);
  }
  return end_of(body, loop.openers);
}

// The second loop in chunks of `chunk` elements (at most 32). On a GPU a warp runs an IF's body when any of its
// threads takes it, so testing element after element ran the insertion chain for nearly every element early in a
// row: each thread's few winners fell on different elements. Here a chunk's values are computed and tested against
// the last slot as it was at the chunk's start, straight code that sets one bit per element that beats it; then a
// loop takes the set bits lowest first (CTZ), computes that element's value again and runs the chain. A warp runs
// that loop as often as its thread with the most candidates needs, not once per element any thread wants.
// The elements enter in index order as in the one-element loop, and one that did not beat the chunk's starting slot
// cannot beat a later one (the last slot only improves), so ties and results are the same. An element whose value
// no longer beats the last slot by its turn passes through the chain unchanged.
UOp candidate_phase(TopkContext& ctx, Chain& chain, UOp value, UOp payload, UOp range, const TopkArg& arg,
                    int64_t chunk, UOp first_n) {
  const DType d = value.dtype();
  const DType it = range.src(0).dtype();
  const BlockLoop loop = block_loop(ctx, value, range, arg, chunk, first_n);
  const UOp r = loop.r;
  value = loop.value;
  const int64_t last = arg.k - 1;
  const UOp tail = UOp::make(Op::LOAD, d, {slot(chain.vals, last), chain.after_v[last], r});
  const UOp none = UOp::constant(uint32, int64_t{0});
  UOp mask;
  std::vector<UOp> unused;
  for (int64_t u = 0; u < chunk; ++u) {
    const UOp v = copy_of_value(value, range, loop.position(UOp::constant(it, u)), ctx.next_range_id);
    const UOp bit = UOp::alu(Op::WHERE, {beats(v, tail, arg, unused), UOp::constant(uint32, int64_t{1} << u), none});
    mask = mask.is_null() ? bit : UOp::alu(Op::OR, {mask, bit});
  }
  // The bits still to take live in a register: each pass of the loop clears the lowest.
  const UOp pending = UOp::make(Op::DEFINE_REG, uint32.ptr(AddrSpace::Register), {}, ParamArg{ctx.next_reg++, 1});
  const UOp at = UOp::make(Op::INDEX, pending.dtype(), {pending, UOp::constant(index_dtype, int64_t{0})});
  const UOp filled = UOp::make(Op::STORE, void_, {at, mask, r});
  const UOp c = UOp::range(UOp::alu(Op::POPCOUNT, {mask}).cast(it), ctx.next_range_id++, AxisKind::Reduce);
  const UOp bits = UOp::make(Op::LOAD, uint32, {at, filled, c});
  const UOp cleared = UOp::make(
      Op::STORE, void_, {at, UOp::alu(Op::AND, {bits, UOp::alu(Op::SUB, {bits, UOp::constant(uint32, 1)})}), c});
  // The loop runs only while bits has a set bit below `chunk`, so CTZ is below it; the MIN (one instruction) says so
  // where bounds can see it (LMC_CHECK_OOB proves every load inside its buffer from the index's bounds alone).
  const UOp lowest = UOp::alu(Op::MIN, {UOp::alu(Op::CTZ, {bits}), UOp::constant(uint32, chunk - 1)});
  const UOp position = loop.position(lowest.cast(it));
  // The chain's reads of the slots follow `cleared`: in the program a register read is its address and the store it
  // follows, and following the phase's start like `tail` would make the loop's read of the last slot that same node.
  chain.place = c;
  chain.reuse_last = UOp();
  chain.after_v.assign(chain.after_v.size(), cleared);
  chain.after_i.assign(chain.after_i.size(), cleared);
  const UOp v = copy_of_value(value, range, position, ctx.next_range_id);
  const UOp carried = payload.is_null() ? UOp() : copy_of_value(payload, range, position, ctx.next_range_id);
  const UOp chains = end_of(concat({cleared}, insertion_chain(chain, v, position, false, carried, true)), {c});
  return end_of({filled, chains}, loop.openers);
}

// The selection runs in two loops. The first min(k, n) elements all enter (the slots start empty), so that loop
// has no test at all. After it every slot is full, so the second loop needs no "empty slot" checks: one comparison
// with the last slot rejects most elements, and the rest run the insertion chain inside an IF. In a register tile
// each loop runs the tile's U chains per element, one after another (the tile opened again inside the loop).
// With a payload (null without) the index slots hold the payload at each selected element instead of its position.
Selection build_selection(TopkContext& ctx, UOp value, UOp payload, UOp range, const TopkArg& arg) {
  const DType d = value.dtype();
  std::vector<UOp> outer;
  Tile tile;
  const UOp whole = payload.is_null()
                        ? UOp::make(Op::TOPK, d, {value, range}, arg)
                        : UOp::make(Op::TOPK, d, {value, range, UOp::constant(index_dtype, int64_t{0}), payload}, arg);
  for (uint32_t id : ctx.deps.topk_loop(whole)) {
    const UOp r = UOp::from_id(id);
    (r.arg_as<RangeArg>().kind == AxisKind::Upcast ? tile.ranges : outer).push_back(r);
  }
  auto by_id = [](UOp x, UOp y) { return x.arg_as<RangeArg>().id < y.arg_as<RangeArg>().id; };
  std::ranges::sort(outer, by_id);
  std::ranges::sort(tile.ranges, by_id);
  for (UOp t : tile.ranges) {
    const auto e = t.src(0).const_int();
    if (!e) throw Error("select_topk: a register tile needs constant extents");
    tile.size *= *e;
  }
  const bool tiled = !tile.ranges.empty();
  const UOp vals =
      UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{ctx.next_reg++, arg.k * tile.size});
  const UOp idxs =
      UOp::make(Op::DEFINE_REG, int32.ptr(AddrSpace::Register), {}, ParamArg{ctx.next_reg++, arg.k * tile.size});
  std::vector<UOp> seq{vals, idxs};
  Chain chain{vals, idxs, arg, {}, {}, {}, {}, {}};
  // Bounded: the slots start full of the bound, so an element enters only by beating it and no slot is "empty".
  const UOp start_value =
      arg.bounded ? UOp::constant(d, arg.bound) : reduce_identity(arg.largest ? Op::MAX : Op::MIN, d);
  const UOp none = UOp::constant(int32, int64_t{-1});
  if (!tiled) {
    for (int64_t j = 0; j < arg.k; ++j) {
      auto init = [&](UOp reg, UOp v) { // placed once per output, like an accumulator's init
        return UOp::make(Op::STORE, void_, concat({slot(reg, j), v}, outer));
      };
      chain.after_v.push_back(init(vals, start_value));
      chain.after_i.push_back(init(idxs, none));
      seq.push_back(chain.after_v.back());
      seq.push_back(chain.after_i.back());
    }
  } else {
    // One loop over the tile (run per output, like an accumulator's init) fills every element's slots.
    const std::vector<UOp> at = tile.copies(ctx.next_range_id, nullptr);
    const UOp base = Tile::base(at, 1);
    std::vector<UOp> stores;
    for (int64_t j = 0; j < arg.k; ++j)
      for (auto [reg, v] : {std::pair{vals, start_value}, std::pair{idxs, none}})
        stores.push_back(UOp::make(Op::STORE, void_, concat({slot(reg, j, base, tile.size), v}, outer)));
    const UOp init = end_of(stores, at);
    seq.push_back(init);
    chain.after_v.assign(static_cast<size_t>(arg.k), init);
    chain.after_i.assign(static_cast<size_t>(arg.k), init);
  }
  const UOp n = range.src(0);
  const DType it = n.dtype();
  const auto n_const = n.const_int();
  const UOp k = UOp::constant(it, arg.k);
  UOp first_n = n_const ? UOp::constant(it, std::min<int64_t>(*n_const, arg.k)) : UOp::alu(Op::MIN, {n, k});
  if (arg.bounded) first_n = UOp::constant(it, int64_t{0});
  // Elements per iteration of the second loop: `unroll` when the row's length allows (a bounded selection has no first
  // loop, so its length must divide; otherwise the first loop takes the remainder: its chain admits any element).
  int64_t unroll = 1;
  if (!tiled && n_const && ctx.unroll > 1)
    for (int64_t u = ctx.unroll; u > 1 && unroll == 1; u /= 2) {
      const int64_t rest = arg.bounded ? *n_const : *n_const - std::min(*n_const, arg.k);
      if (rest >= 2 * u && (!arg.bounded || rest % u == 0)) unroll = u;
    }
  // Candidate chunks: the largest power of two from `chunk` down to 8 that the row's length allows, as for `unroll`;
  // they replace the unrolled loop. Not where the value holds a reduce: each element's value would be a loop, run
  // once for its bit and again for its chain.
  int64_t chunk = 0;
  const bool value_loops = std::ranges::any_of(value.toposort(), [](UOp u) { return u.op() == Op::REDUCE; });
  if (!tiled && n_const && ctx.chunk >= 8 && !value_loops)
    for (int64_t c = std::min<int64_t>(ctx.chunk, 32); c >= 8 && chunk == 0; c /= 2) {
      const int64_t rest = arg.bounded ? *n_const : *n_const - std::min(*n_const, arg.k);
      if (arg.bounded ? rest >= c && rest % c == 0 : rest >= 2 * c) chunk = c;
    }
  if (chunk > 0) unroll = chunk;
  if (unroll > 1 && !arg.bounded) {
    const int64_t first = std::min(*n_const, arg.k);
    first_n = UOp::constant(it, first + (*n_const - first) % unroll);
  }
  // Phase 1: [0, min(k, n)): every element enters (not with a bound: there every element must beat it).
  if (!arg.bounded) {
    const UOp r = UOp::range(first_n, ctx.next_range_id++, AxisKind::Reduce);
    std::unordered_map<uint32_t, UOp> tile_map;
    const std::vector<UOp> at = tile.copies(ctx.next_range_id, &tile_map);
    const std::vector<UOp> openers = concat({r}, at);
    chain.place = openers.back();
    chain.base = tiled ? Tile::base(at, 1) : UOp();
    chain.stride = tile.size;
    const UOp v = copy_of_value(value, range, r, ctx.next_range_id, tile_map);
    const UOp carried = payload.is_null() ? UOp() : copy_of_value(payload, range, r, ctx.next_range_id, tile_map);
    const UOp phase = end_of(insertion_chain(chain, v, r, true, carried), openers);
    seq.push_back(phase);
    std::fill(chain.after_v.begin(), chain.after_v.end(), phase);
    std::fill(chain.after_i.begin(), chain.after_i.end(), phase);
  }
  // Phase 2: [min(k, n), n): only elements that beat the last slot.
  if (chunk > 0) {
    seq.push_back(candidate_phase(ctx, chain, value, payload, range, arg, chunk, first_n));
  } else if (unroll > 1) {
    seq.push_back(unrolled_phase(ctx, chain, value, payload, range, arg, unroll, first_n));
  } else if (!n_const || *n_const > arg.k || arg.bounded) {
    const UOp rest_n = arg.bounded ? n
                       : n_const   ? UOp::constant(it, *n_const - arg.k)
                                   : UOp::alu(Op::SUB, {n, first_n});
    const UOp r = UOp::range(rest_n, ctx.next_range_id++, AxisKind::Reduce);
    std::vector<UOp> openers;
    if (auto skip = row_gate(ctx.deps, value, range, arg)) {
      if (!tiled) value = skip->value;
      openers.push_back(UOp::make(Op::IF, void_, {tiled ? any_tile_element(skip->cond, tile) : skip->cond}));
    }
    openers.push_back(r);
    const UOp position = arg.bounded ? r : UOp::alu(Op::ADD, {r, first_n});
    const int64_t last = arg.k - 1;
    // In a tile one test for all U elements first (no element beats its last slot, the common case: one branch, and
    // the U tests are straight code the vectorizer can take); the elements' own tests follow inside it.
    // The elements' values go through a register of U slots, so the chains inside read them instead of computing
    // them again.
    UOp element_values, stored;
    if (tiled) {
      element_values = UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{ctx.next_reg++, tile.size});
      UOp any;
      std::vector<UOp> unused;
      for (int64_t u = 0; u < tile.size; ++u) {
        const UOp at_u = UOp::make(Op::INDEX, element_values.dtype(), {element_values, UOp::constant(index_dtype, u)});
        const UOp computed = copy_of_value(value, range, position, ctx.next_range_id, tile.element(u));
        stored = UOp::make(Op::STORE, void_, {at_u, computed, r});
        const UOp v_u = UOp::make(Op::LOAD, d, {at_u, stored, r});
        const UOp last_u = slot(vals, last, UOp::constant(index_dtype, u), tile.size);
        const UOp tail_u = UOp::make(Op::LOAD, d, {last_u, chain.after_v[last], r, v_u});
        const UOp b = beats(v_u, tail_u, arg, unused);
        any = any.is_null() ? b : UOp::alu(Op::OR, {any, b});
      }
      openers.push_back(UOp::make(Op::IF, void_, {any}));
    }
    std::unordered_map<uint32_t, UOp> tile_map;
    const std::vector<UOp> at = tile.copies(ctx.next_range_id, &tile_map);
    openers = concat(openers, at);
    chain.base = tiled ? Tile::base(at, 1) : UOp();
    chain.stride = tile.size;
    const UOp v = tiled ? UOp::make(Op::LOAD, d,
                                    {UOp::make(Op::INDEX, element_values.dtype(),
                                               {element_values, at.size() == 1 ? at[0] : Tile::base(at, 1)}),
                                     stored, openers[openers.size() - at.size() - 1], at.back()})
                        : copy_of_value(value, range, position, ctx.next_range_id, tile_map);
    // The read of the last slot follows the value, so the value's work comes first (for largest-k too).
    const UOp tail =
        UOp::make(Op::LOAD, d, concat({slot(vals, last, chain.base, chain.stride), chain.after_v[last], r, v}, at));
    std::vector<UOp> unused;
    openers.push_back(UOp::make(Op::IF, void_, {beats(v, tail, arg, unused)}));
    chain.place = openers.back();
    chain.reuse_last = tail;
    const UOp carried =
        payload.is_null() ? UOp() : copy_of_value(payload, range, position, ctx.next_range_id, tile_map);
    seq.push_back(end_of(insertion_chain(chain, v, position, false, carried, true), openers));
  }
  return Selection{vals, idxs, end_of(seq, {}), tiled ? Tile::base(tile.ranges, 1) : UOp(), tile.size};
}

std::optional<UOp> fold_topk_to_slots(const rw::Match& m) {
  TopkContext& ctx = m.context<TopkContext>();
  const UOp t = m.root;
  if (t.num_src() != 3 && t.num_src() != 4)
    throw Error("select_topk: a kernel's TOPK needs its value, its range, its output slot and maybe a payload");
  const TopkArg& arg = t.arg_as<TopkArg>();
  if (arg.k < 1) throw Error("select_topk: k must be at least 1");
  const UOp value = t.src(0), range = t.src(1), payload = t.num_src() == 4 ? t.src(3) : UOp();
  TopkArg key_arg = arg;
  key_arg.indices = false;
  std::vector<UOp> key_src{value, range, UOp::constant(index_dtype, int64_t{0})};
  if (!payload.is_null()) key_src.push_back(payload);
  const UOp key = UOp::make(Op::TOPK, value.dtype(), key_src, key_arg);
  auto it = ctx.selections.find(key.id());
  if (it == ctx.selections.end())
    it = ctx.selections.emplace(key.id(), build_selection(ctx, value, payload, range, arg)).first;
  const Selection& s = it->second;
  const UOp reg = arg.indices ? s.indices : s.values;
  const UOp j = t.src(2).dtype() == index_dtype ? t.src(2) : t.src(2).cast(index_dtype);
  const UOp at = s.base.is_null() ? t.src(2) : s.base + j * s.stride;
  return UOp::make(Op::LOAD, reg.dtype().pointee(), {UOp::make(Op::INDEX, reg.dtype(), {reg, at}), s.done});
}

} // namespace

const rw::RuleTable& select_topk_rules() {
  static const rw::RuleTable table(
      "select_topk", {rw::rule_fn("topk_to_slots", rw::Pat::any_of({Op::TOPK}), LMC_FOLD(fold_topk_to_slots))});
  return table;
}

UOp select_topk(UOp sink, int64_t unroll, int64_t candidate_chunk) {
  TopkContext ctx;
  ctx.unroll = unroll;
  ctx.chunk = candidate_chunk;
  bool any = false;
  for (UOp u : sink.toposort()) {
    if (u.op() == Op::RANGE) ctx.next_range_id = std::max(ctx.next_range_id, u.arg_as<RangeArg>().id + 1);
    if (u.op() == Op::DEFINE_REG) ctx.next_reg = std::max(ctx.next_reg, u.arg_as<ParamArg>().slot + 1);
    any = any || u.op() == Op::TOPK;
  }
  if (!any) return sink; // no pass to show
  return rw::graph_rewrite("select_topk", sink, select_topk_rules(), {.walk = rw::Walk::SingleWalk, .ctx = &ctx});
}

} // namespace lmc
