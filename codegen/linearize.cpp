// The loop-scope tree builder behind linearize(): scopes are loops, nodes go to the scope of their deepest
// range, and a nest's loops are inserted before the loop that is still open in their scope.
#include "codegen/linearize.hpp"

#include "codegen/accumulators.hpp"
#include "codegen/opt/substitute.hpp"
#include "codegen/range_deps.hpp"

#include "ir/error.hpp"
#include "ir/reduce_identity.hpp"
#include "ir/verify.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace lmc {

namespace {

// Ranges a REDUCE (or a top-k selection) loops over, as opposed to output ranges.
bool is_reduce_kind(AxisKind kind) {
  return kind == AxisKind::Reduce || kind == AxisKind::Unroll || kind == AxisKind::Group;
}

struct Scope {
  UOp range; // the RANGE (a loop) or IF (a conditional block) that opens it; null for the kernel's top level
  Scope* parent = nullptr;
  int depth = 0;
  std::vector<std::variant<UOp, std::unique_ptr<Scope>>> items;
  int open_child = -1; // index in items of a loop still being filled below this scope, or -1
};

class Linearizer {
public:
  Linearizer(const std::vector<UOp>& vars) : vars_(vars) {}

  LinearProgram run(UOp sink, const std::vector<bool>& written) {
    // The output ranges form one nest, opened in id order, each inside the previous one. Ranges a loop-nest END
    // opens (a register tile's copies) are not output ranges, whatever their kind.
    std::unordered_set<uint32_t> nested;
    for (UOp u : sink.toposort())
      if (u.op() == Op::END)
        for (size_t i = 1; i < u.num_src(); ++i)
          nested.insert(u.src(i).id());
    std::vector<UOp> out_ranges;
    for (UOp u : sink.toposort())
      if (u.op() == Op::RANGE && !is_reduce_kind(u.arg_as<RangeArg>().kind) && !nested.contains(u.id()))
        out_ranges.push_back(u);
    // CPU thread chunks first, then Global ranges, then Loop ranges (a top-k's output slots), then register tiles
    // (Upcast) innermost, each group in id order.
    auto nest_order = [](AxisKind k) {
      switch (k) {
      case AxisKind::Thread:
        return 0;
      case AxisKind::Global:
        return 1;
      case AxisKind::Upcast:
        return 3;
      default:
        return 2;
      }
    };
    std::sort(out_ranges.begin(), out_ranges.end(), [&](UOp a, UOp b) {
      const auto ka = a.arg_as<RangeArg>(), kb = b.arg_as<RangeArg>();
      const int oa = nest_order(ka.kind), ob = nest_order(kb.kind);
      return oa != ob ? oa < ob : ka.id < kb.id;
    });
    for (UOp r : out_ranges)
      next_range_id_ = std::max(next_range_id_, r.arg_as<RangeArg>().id + 1);
    for (UOp u : sink.toposort()) {
      if (u.op() == Op::RANGE) next_range_id_ = std::max(next_range_id_, u.arg_as<RangeArg>().id + 1);
      if (u.op() == Op::DEFINE_REG) next_reg_ = std::max(next_reg_, u.arg_as<ParamArg>().slot + 1);
    }
    Scope* s = &root_;
    for (UOp r : out_ranges)
      s = open_loop(s, r, true);
    for (UOp store : sink.src())
      emit(store);

    LinearProgram prog;
    prog.name = sink.arg_as<std::string>();
    flatten(root_, prog.ops);
    for (UOp u : prog.ops) {
      if (u.op() == Op::PARAM) {
        const auto& p = u.arg_as<ParamArg>();
        if (prog.params.size() <= static_cast<size_t>(p.slot)) prog.params.resize(p.slot + 1);
        prog.params[p.slot] = KernelParam{p.slot, u.dtype().pointee(), p.size, written.at(p.slot)};
      }
    }
    for (UOp v : vars_)
      prog.vars.push_back({v.arg_as<VarArg>().name, v.arg_as<VarArg>().min, v.arg_as<VarArg>().max});
    // The outermost output loop may run across threads when every store sits inside it (and it is a parallel
    // axis: a register tile or a top-k slot loop is not).
    const auto outer_kind = out_ranges.empty() ? AxisKind::Loop : out_ranges.front().arg_as<RangeArg>().kind;
    if (outer_kind == AxisKind::Global || outer_kind == AxisKind::Thread) {
      const UOp outer = out_ranges.front();
      const bool all_inside =
          std::ranges::all_of(sink.src(), [&](UOp st) { return ranges_of(st).contains(outer.id()); });
      if (all_inside)
        for (size_t i = 0; i < prog.ops.size(); ++i)
          if (prog.ops[i] == outer) prog.parallel_range = static_cast<int>(i);
    }
    verify_linear(prog.ops);
    return prog;
  }

private:
  Scope* open_loop(Scope* parent, UOp range, bool stays_open) {
    emit(range.src(0)); // the extent goes where its own ranges put it (usually the top), visible to the loop
    auto child = std::make_unique<Scope>();
    child->range = range;
    child->parent = parent;
    child->depth = parent->depth + 1;
    Scope* raw = child.get();
    insert(parent, std::move(child));
    const int position = parent->open_child >= 0 ? parent->open_child - 1 : static_cast<int>(parent->items.size() - 1);
    if (stays_open) parent->open_child = position;
    scope_of_range_[range.id()] = raw;
    return raw;
  }

  // While a reduce or top-k loop's body is emitted, its loop is the open child of its parent, so work hoisted
  // into the parent lands before it. Afterwards the parent's previously open loop (if any) is open again.
  struct OpenLoop {
    Scope* parent;
    bool had_open_child;
  };
  OpenLoop open_body_loop(Scope* parent, UOp range) {
    const bool had = parent->open_child >= 0;
    open_loop(parent, range, true);
    return {parent, had};
  }
  void close_body_loop(const OpenLoop& loop) {
    // The loop sits at open_child; a chain loop that was open before sits right after it.
    loop.parent->open_child = loop.had_open_child ? loop.parent->open_child + 1 : -1;
  }

  void insert(Scope* s, std::variant<UOp, std::unique_ptr<Scope>> item) {
    if (s->open_child < 0) {
      s->items.push_back(std::move(item));
      return;
    }
    s->items.insert(s->items.begin() + s->open_child, std::move(item));
    ++s->open_child;
  }

  // The ranges a node's value depends on (a REDUCE closes its own).
  const std::unordered_set<uint32_t>& ranges_of(UOp u) { return deps_.of(u); }

  Scope* target_scope(UOp u) {
    Scope* best = &root_;
    for (uint32_t r : ranges_of(u)) {
      auto it = scope_of_range_.find(r);
      if (it == scope_of_range_.end())
        throw Error(fmt::format("linearize: {} uses a range outside its loops", op_name(u.op())));
      if (it->second->depth > best->depth) best = it->second;
    }
    return best;
  }

  // Emits u (and its sources) in the scope its ranges require.
  void emit(UOp u) {
    if (emitted_.contains(u.id())) return;
    if (u.op() == Op::RANGE) {
      if (!scope_of_range_.contains(u.id())) throw Error("linearize: a RANGE outside any loop nest");
      emitted_.insert(u.id());
      return;
    }
    if (u.op() == Op::REDUCE) {
      emit_reduce(u);
      return;
    }
    if (u.op() == Op::TOPK) {
      emit_topk(u);
      return;
    }
    if (u.op() == Op::END) {
      emit_loop_nest(u);
      return;
    }
    for (UOp s : u.src())
      emit(s);
    place_in(target_scope(u), u);
  }

  // A loop nest made by reduce_to_accumulators, END(body, openers...): the loops (and an IF gating them) open, nested
  // in order, in the scope the nest's own ranges need, before the loop still open there; the body lands inside by its
  // ranges.
  void emit_loop_nest(UOp e) {
    Scope* inner = target_scope(e);
    std::vector<OpenLoop> loops;
    for (size_t i = 1; i < e.num_src(); ++i) {
      loops.push_back(open_body_loop(inner, e.src(i)));
      inner = scope_of_range_.at(e.src(i).id());
      emitted_.insert(e.src(i).id());
    }
    // A body's sources past its address and value only order it: they come first (a register tile's value before
    // the index math of its slot).
    for (size_t i = 2; i < e.src(0).num_src(); ++i)
      emit(e.src(0).src(i));
    emit(e.src(0));
    for (auto it = loops.rbegin(); it != loops.rend(); ++it)
      close_body_loop(*it);
    alias(e, e.src(0));
  }

  void place_in(Scope* s, UOp u) {
    if (emitted_.contains(u.id())) return;
    for (UOp src : u.src())
      emit(src);
    emitted_.insert(u.id());
    insert(s, u);
  }

  // A reduce the accumulator pass left (one inside a top-k's or a tiled reduce's value, copied here once per selection
  // phase or tile element): it takes the pass's accumulator form, with a register of its own per copy.
  void emit_reduce(UOp r) {
    std::unordered_set<uint32_t> outside;
    std::vector<UOp> tile;
    for (uint32_t id : ranges_of(r))
      if (UOp::from_id(id).arg_as<RangeArg>().kind == AxisKind::Upcast)
        tile.push_back(UOp::from_id(id));
      else
        outside.insert(id);
    const Scope* outer = tile.empty() ? nullptr : deepest(outside);
    for (UOp t : tile)
      if (scope_of_range_.at(t.id())->depth <= outer->depth)
        throw Error("linearize: a register-tile range encloses a loop the reduce needs");
    AccumulatorCounters counters{next_reg_, next_range_id_};
    const UOp form = accumulator_form(r, deps_, counters);
    next_reg_ = counters.next_reg;
    next_range_id_ = counters.next_range_id;
    emit(form);
    alias(r, form);
  }

  // The ranges the selection loop itself needs: the value's, minus the range it selects over.
  std::unordered_set<uint32_t> loop_ranges_of_topk(UOp t) { return deps_.topk_loop(t); }

  Scope* deepest(const std::unordered_set<uint32_t>& ranges) {
    Scope* best = &root_;
    for (uint32_t r : ranges) {
      Scope* s = scope_of_range_.at(r);
      if (s->depth > best->depth) best = s;
    }
    return best;
  }

  struct TopkSlots {
    UOp values, indices, last_store;
  };

  // k sorted (value, index) slots in registers, filled by an unrolled insertion chain: each element displaces
  // the first slot it beats (strictly, so ties keep the lower index first) and every later slot shifts down one
  // (a displaced pair is never compared again: on a tie it would be dropped and a higher index kept).
  // An empty slot (index -1) is beaten by anything. The values and indices nodes of one top-k share the slots.
  void emit_topk(UOp t) {
    const TopkArg& arg = t.arg_as<TopkArg>();
    const UOp value = t.src(0), range = t.src(1), slot = t.src(2);
    TopkArg key_arg = arg;
    key_arg.indices = false;
    const UOp key = UOp::make(Op::TOPK, value.dtype(), {value, range, UOp::constant(index_dtype, int64_t{0})}, key_arg);
    auto it = topk_slots_.find(key.id());
    if (it == topk_slots_.end()) it = topk_slots_.emplace(key.id(), select_topk(value, range, arg)).first;
    const TopkSlots& slots = it->second;
    Scope* loop_scope = deepest(loop_ranges_of_topk(t));
    Scope* slot_scope = target_scope(slot);
    Scope* read_scope = slot_scope->depth > loop_scope->depth ? slot_scope : loop_scope;
    UOp reg = arg.indices ? slots.indices : slots.values;
    UOp result =
        UOp::make(Op::LOAD, reg.dtype().pointee(), {UOp::make(Op::INDEX, reg.dtype(), {reg, slot}), slots.last_store});
    place_in(read_scope, result);
    alias(t, result);
  }

  // The selection runs in two loops. The first min(k, n) elements all enter (the slots start empty), so that loop
  // has no test at all. After it every slot is full, so the second loop needs no "empty slot" checks: one comparison
  // with the last slot rejects most elements, and the rest run the insertion chain inside an IF.
  TopkSlots select_topk(UOp value, UOp range, const TopkArg& arg) {
    const DType d = value.dtype();
    Scope* outer = deepest([&] {
      std::unordered_set<uint32_t> r = ranges_of(value);
      r.erase(range.id());
      for (uint32_t x : ranges_of(range.src(0)))
        r.insert(x);
      return r;
    }());
    UOp vals = UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{next_reg_++, arg.k});
    UOp idxs = UOp::make(Op::DEFINE_REG, int32.ptr(AddrSpace::Register), {}, ParamArg{next_reg_++, arg.k});
    place_in(&root_, vals);
    place_in(&root_, idxs);
    Chain chain{vals, idxs, arg, {}, {}};
    chain.last_v.resize(arg.k);
    chain.last_i.resize(arg.k);
    const UOp none = UOp::constant(int32, int64_t{-1});
    // Bounded: the slots start full of the bound, so an element enters only by beating it and no slot is "empty".
    const UOp start_value =
        arg.bounded ? UOp::constant(d, arg.bound) : reduce_identity(arg.largest ? Op::MAX : Op::MIN, d);
    for (int64_t j = 0; j < arg.k; ++j) {
      chain.last_v[j] = UOp::make(Op::STORE, void_, {slot(vals, j), start_value});
      chain.last_i[j] = UOp::make(Op::STORE, void_, {slot(idxs, j), none});
      place_in(outer, chain.last_v[j]);
      place_in(outer, chain.last_i[j]);
    }
    const UOp n = range.src(0);
    const DType it = n.dtype();
    const auto n_const = n.const_int();
    const UOp k = UOp::constant(it, arg.k);
    UOp first_n = n_const ? UOp::constant(it, std::min<int64_t>(*n_const, arg.k)) : UOp::alu(Op::MIN, {n, k});
    if (arg.bounded) first_n = UOp::constant(it, int64_t{0});
    // Phase 1: [0, min(k, n)): every element enters (not with a bound: there every element must beat it).
    if (!arg.bounded) {
      UOp r = UOp::range(first_n, next_range_id_++, AxisKind::Reduce);
      const OpenLoop loop = open_body_loop(outer, r);
      Scope* inner = scope_of_range_.at(r.id());
      emitted_.insert(r.id());
      insert_chain(inner, chain, copy_of_value(value, range, r), r, true);
      close_body_loop(loop);
    }
    // Phase 2: [min(k, n), n): only elements that beat the last slot.
    if (!n_const || *n_const > arg.k || arg.bounded) {
      UOp rest_n = arg.bounded ? n : n_const ? UOp::constant(it, *n_const - arg.k) : UOp::alu(Op::SUB, {n, first_n});
      UOp r = UOp::range(rest_n, next_range_id_++, AxisKind::Reduce);
      // A bounded selection over where(c, x, y), with c the same for the whole row and y a constant that never
      // enters, selects nothing where c is false: the loop runs only under IF(c) (a K-NN of hypotheses that were
      // deleted or lie past a batch's live count then costs nothing per node).
      std::optional<OpenLoop> gate;
      Scope* loop_parent = outer;
      if (auto skip = row_gate(value, range, arg)) {
        value = skip->value;
        std::tie(gate, loop_parent) = open_gate(outer, skip->cond);
      }
      const OpenLoop loop = open_body_loop(loop_parent, r);
      Scope* inner = scope_of_range_.at(r.id());
      emitted_.insert(r.id());
      const UOp position = arg.bounded ? r : UOp::alu(Op::ADD, {r, first_n});
      const UOp v = copy_of_value(value, range, position);
      emit(v);
      const int64_t last = arg.k - 1;
      UOp tail_v = UOp::make(Op::LOAD, d, {slot(vals, last), chain.last_v[last]});
      std::vector<UOp> made{tail_v};
      UOp enters = beats(v, tail_v, arg, made);
      for (UOp x : made)
        place_in(inner, x);
      UOp branch = UOp::make(Op::IF, void_, {enters});
      emitted_.insert(branch.id());
      auto block = std::make_unique<Scope>();
      block->range = branch;
      block->parent = inner;
      block->depth = inner->depth + 1;
      Scope* body = block.get();
      insert(inner, std::move(block));
      insert_chain(body, chain, v, position, false);
      close_body_loop(loop);
      if (gate) close_body_loop(*gate);
    }
    return TopkSlots{vals, idxs, chain.last_i[arg.k - 1]};
  }

  using Gate = RangeDeps::Gate;

  // A bounded selection over where(c, x, y), with y a constant that can never enter (not below the bound for
  // smallest-k, not above it for largest-k, and not NaN, which a largest-k takes): the part of c that is the same for
  // the whole row gates the selection loop.
  std::optional<Gate> row_gate(UOp value, UOp range, const TopkArg& arg) {
    const auto y = const_arm(value);
    if (!arg.bounded || !y || std::isnan(*y) || (arg.largest ? *y > arg.bound : *y < arg.bound)) return std::nullopt;
    return deps_.split_gate(value, {range});
  }

  // Opens IF(cond) in `parent` as its open child (so work hoisted into `parent` lands before it): the loops it
  // guards open inside the returned scope; close it with close_body_loop after them.
  std::pair<OpenLoop, Scope*> open_gate(Scope* parent, UOp cond) {
    const UOp branch = UOp::make(Op::IF, void_, {cond});
    emitted_.insert(branch.id());
    const OpenLoop gate = open_body_loop(parent, branch);
    return {gate, scope_of_range_.at(branch.id())};
  }

  struct Chain {
    UOp vals, idxs;
    TopkArg arg;
    std::vector<UOp> last_v, last_i; // the latest store to each slot (later reads are ordered after it)
  };

  // Whether `a` goes before `b` in the selection: a > b for largest, a < b for smallest, with NaN ordered as the
  // largest value (PyTorch's rule, the one every comparison op follows: a largest-k takes NaN first, a smallest-k
  // and an ascending sort put it last, argmax finds the NaN that max returns). Ties are never a win, so equal
  // values (two NaNs included) keep the lower index first. Integers need no NaN test. The new nodes are appended
  // to `made` in the order they must be placed.
  //
  // A bounded smallest-k never holds NaN in a slot (they start at the bound and only smaller values enter), so there
  // the NaN test is dropped: a NaN element fails `v < slot` as it should, and the inner loop of a radius-limited K-NN
  // is four instructions shorter per candidate.
  static UOp beats(UOp a, UOp b, const TopkArg& arg, std::vector<UOp>& made) {
    const bool largest = arg.largest;
    const UOp hi = largest ? a : b, lo = largest ? b : a; // a beats b when lo < hi
    UOp lt = UOp::alu(Op::CMPLT, {lo, hi});
    made.push_back(lt);
    if (!a.dtype().is_float() || slots_never_nan(arg)) return lt;
    UOp hi_nan = UOp::alu(Op::CMPNE, {hi, hi});
    UOp lo_number = UOp::alu(Op::CMPEQ, {lo, lo});
    UOp nan_above = UOp::alu(Op::AND, {hi_nan, lo_number});
    UOp out = UOp::alu(Op::OR, {lt, nan_above});
    for (UOp x : {hi_nan, lo_number, nan_above, out})
      made.push_back(x);
    return out;
  }

  static bool slots_never_nan(const TopkArg& arg) { return arg.bounded && !arg.largest && !std::isnan(arg.bound); }

  static UOp slot(UOp reg, int64_t j) {
    return UOp::make(Op::INDEX, reg.dtype(), {reg, UOp::constant(index_dtype, j)});
  }

  // `value` with the selection range replaced by `position`, and the ranges of reduces nested in it replaced by fresh
  // copies (each selection loop gets its own, so no loop is opened twice).
  UOp copy_of_value(UOp value, UOp range, UOp position) {
    std::unordered_map<uint32_t, UOp> map{{range.id(), position}};
    for (UOp u : value.toposort())
      if (u.op() == Op::REDUCE)
        for (size_t i = 1; i < u.num_src(); ++i)
          if (!map.contains(u.src(i).id())) {
            const RangeArg a = u.src(i).arg_as<RangeArg>();
            map.emplace(u.src(i).id(), UOp::range(u.src(i).src(0), next_range_id_++, a.kind));
          }
    return substitute(value, map);
  }

  // The insertion chain for one element (value v at index `position`), placed in `body`: the element displaces the
  // first slot it beats (strictly, so ties keep the lower index first) and every later slot shifts down one (a
  // displaced pair is never compared again: on a tie it would be dropped and a higher index kept). With `may_be_empty`
  // an empty slot (index -1) is beaten by anything.
  void insert_chain(Scope* body, Chain& chain, UOp v, UOp position, bool may_be_empty) {
    const DType d = v.dtype();
    emit(v);
    UOp i = position.dtype() == int32 ? position : position.cast(int32);
    place_in(body, i);
    UOp shifting; // true once the element has been placed: the rest of the slots move down
    for (int64_t j = 0; j < chain.arg.k; ++j) {
      UOp cur_v = UOp::make(Op::LOAD, d, {slot(chain.vals, j), chain.last_v[j]});
      UOp cur_i = UOp::make(Op::LOAD, int32, {slot(chain.idxs, j), chain.last_i[j]});
      std::vector<UOp> made{cur_v, cur_i};
      UOp wins = beats(v, cur_v, chain.arg, made);
      if (may_be_empty) {
        UOp empty = UOp::alu(Op::CMPLT, {cur_i, UOp::constant(int32, int64_t{0})});
        wins = UOp::alu(Op::OR, {empty, wins});
        made.push_back(empty);
        made.push_back(wins);
      }
      UOp take = shifting.is_null() ? wins : UOp::alu(Op::OR, {shifting, wins});
      UOp new_v = UOp::alu(Op::WHERE, {take, v, cur_v});
      UOp new_i = UOp::alu(Op::WHERE, {take, i, cur_i});
      UOp next_v = UOp::alu(Op::WHERE, {take, cur_v, v});
      UOp next_i = UOp::alu(Op::WHERE, {take, cur_i, i});
      UOp st_v = UOp::make(Op::STORE, void_, {slot(chain.vals, j), new_v});
      UOp st_i = UOp::make(Op::STORE, void_, {slot(chain.idxs, j), new_i});
      for (UOp x : made)
        place_in(body, x);
      for (UOp x : {take, new_v, new_i, st_v, st_i, next_v, next_i})
        place_in(body, x);
      shifting = take;
      chain.last_v[j] = st_v;
      chain.last_i[j] = st_i;
      v = next_v;
      i = next_i;
    }
  }

  // Users of `from` read `to` instead: rewrite by substitution at emission time.
  void alias(UOp from, UOp to) {
    emitted_.insert(from.id());
    aliases_[from.id()] = to;
  }

  void flatten(const Scope& s, std::vector<UOp>& out) {
    for (const auto& item : s.items) {
      if (auto u = std::get_if<UOp>(&item)) {
        out.push_back(resolve(*u));
        continue;
      }
      const Scope& child = *std::get<std::unique_ptr<Scope>>(item);
      const UOp opener = resolve(child.range);
      out.push_back(opener);
      flatten(child, out);
      out.push_back(UOp::make(opener.op() == Op::IF ? Op::ENDIF : Op::END, void_, {opener}));
    }
  }

  // A node with REDUCE sources replaced by their accumulator reads (memoized; sources resolve first because
  // they were placed earlier).
  UOp resolve(UOp u) {
    if (auto it = resolved_.find(u.id()); it != resolved_.end()) return it->second;
    if (auto it = aliases_.find(u.id()); it != aliases_.end()) return resolve(it->second);
    std::vector<UOp> src;
    for (UOp s : u.src())
      src.push_back(resolve(s));
    UOp out = u.op() == Op::RANGE ? u : u.with_src(placement_sources_dropped(u, src));
    resolved_.emplace(u.id(), out);
    return out;
  }

  // A register access's extra sources in the graph only place it (reduce_to_accumulators); in the program a STORE
  // keeps its address and value, a LOAD its address and the last STORE it must follow.
  static std::vector<UOp> placement_sources_dropped(UOp u, std::vector<UOp> src) {
    const bool access = u.op() == Op::LOAD || u.op() == Op::STORE;
    if (!access || src.size() <= 2 || src[0].dtype().addrspace != AddrSpace::Register) return src;
    if (u.op() == Op::STORE) return {src[0], src[1]};
    for (size_t i = src.size(); i-- > 1;)
      if (src[i].op() == Op::STORE) return {src[0], src[i]};
    return {src[0]};
  }

  const std::vector<UOp>& vars_;
  Scope root_;
  std::unordered_map<uint32_t, Scope*> scope_of_range_;
  RangeDeps deps_;
  std::unordered_set<uint32_t> emitted_;
  std::unordered_map<uint32_t, UOp> aliases_;
  std::unordered_map<uint32_t, UOp> resolved_;
  std::unordered_map<uint32_t, TopkSlots> topk_slots_;
  int32_t next_reg_ = 0;
  int32_t next_range_id_ = 0; // for fresh copies of register-tile ranges
};

} // namespace

LinearProgram linearize(UOp sink, const std::vector<UOp>& vars, const std::vector<bool>& written) {
  return Linearizer(vars).run(sink, written);
}

} // namespace lmc
