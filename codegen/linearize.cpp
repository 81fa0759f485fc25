// The loop-scope tree builder behind linearize(): scopes are loops, nodes go to the scope of their deepest
// range, and a nest's loops are inserted before the loop that is still open in their scope.
#include "codegen/linearize.hpp"

#include "codegen/accumulators.hpp"
#include "codegen/range_deps.hpp"

#include "ir/error.hpp"
#include "ir/verify.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <memory>
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
    for (uint32_t r : ranges_of(u))
      if (!scope_of_range_.contains(r))
        throw Error(fmt::format("linearize: {} uses a range outside its loops", op_name(u.op())));
    return deepest(ranges_of(u));
  }

  // Emits u (and its sources) in the scope its ranges require. A register access's extra sources only place and
  // order it (the STORE or loop nest it follows, the loop or IF it sits in): they come first.
  // An explicit stack of pending nodes, not recursion: a kernel can be a chain as deep as the user made it (20,000
  // adds), deeper than the call stack allows.
  void emit(UOp root) {
    struct Pending {
      UOp u;
      size_t next = 0; // sources visited: the placement sources first (register accesses), then all in order
    };
    std::vector<Pending> stack;
    // Emits u at once when it needs no source walk; otherwise puts it on the stack.
    auto visit = [&](UOp u) {
      if (emitted_.contains(u.id())) return;
      if (opens_scope(u)) {
        if (!scope_of_range_.contains(u.id()))
          throw Error(fmt::format("linearize: a {} outside any loop nest", op_name(u.op())));
        emitted_.insert(u.id());
        return;
      }
      if (u.op() == Op::REDUCE) return emit_reduce(u);
      if (u.op() == Op::TOPK) throw Error("linearize: a TOPK the pass select_topk did not lower");
      if (u.op() == Op::END) return emit_loop_nest(u);
      stack.push_back({u});
    };
    visit(root);
    while (!stack.empty()) {
      const UOp u = stack.back().u;
      const size_t first = first_ordering_source(u), ordering = u.num_src() - first;
      const size_t at = stack.back().next++;
      if (at < ordering + u.num_src()) {
        visit(u.src(at < ordering ? first + at : at - ordering)); // may grow the stack
        continue;
      }
      stack.pop_back();
      place_in(target_scope(u), u);
    }
  }

  static bool opens_scope(UOp u) { return u.op() == Op::RANGE || u.op() == Op::IF; }

  static bool register_access(UOp u) {
    return (u.op() == Op::LOAD || u.op() == Op::STORE) && u.src(0).dtype().addrspace == AddrSpace::Register;
  }
  // The position of a register access's first placement source (its number of sources when it has none).
  static size_t first_ordering_source(UOp u) {
    if (!register_access(u)) return u.num_src();
    return u.op() == Op::LOAD ? 1 : 2;
  }

  // A loop nest END(nodes..., openers...) (reduce_to_accumulators, select_topk): the openers (RANGEs, IFs) open,
  // nested in order, in the scope the nest's own ranges need, before the loop still open there; the nodes follow in
  // the order listed, each landing inside by its ranges. An END with no openers only orders its nodes.
  void emit_loop_nest(UOp e) {
    Scope* inner = target_scope(e);
    std::vector<OpenLoop> loops;
    for (UOp opener : e.src()) {
      if (!opens_scope(opener)) continue;
      loops.push_back(open_body_loop(inner, opener));
      inner = scope_of_range_.at(opener.id());
      emitted_.insert(opener.id());
    }
    for (UOp node : e.src())
      if (!opens_scope(node)) emit(node);
    for (auto it = loops.rbegin(); it != loops.rend(); ++it)
      close_body_loop(*it);
    const UOp closing = closing_store(e, UOp());
    if (closing.is_null()) throw Error("linearize: a loop nest END with no STORE in it");
    alias(e, closing);
  }

  // The last STORE a loop nest makes to `address` (any address when null, or when it makes none there).
  static UOp closing_store(UOp e, UOp address) {
    UOp any;
    for (size_t i = e.num_src(); i-- > 0;) {
      const UOp n = e.src(i);
      const UOp found = n.op() == Op::STORE ? n : n.op() == Op::END ? closing_store(n, address) : UOp();
      if (found.is_null()) continue;
      if (address.is_null() || found.src(0) == address) return found;
      if (any.is_null()) any = found;
    }
    return any;
  }

  void place_in(Scope* s, UOp u) {
    if (emitted_.contains(u.id())) return;
    for (UOp src : u.src())
      emit(src);
    emitted_.insert(u.id());
    insert(s, u);
  }

  // A reduce the accumulator pass left (one inside a tiled reduce's value, copied here once per tile element): it
  // takes the pass's accumulator form, with a register of its own per copy.
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

  Scope* deepest(const std::unordered_set<uint32_t>& ranges) {
    Scope* best = &root_;
    for (uint32_t r : ranges) {
      Scope* s = scope_of_range_.at(r);
      if (s->depth > best->depth) best = s;
    }
    return best;
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
    for (UOp s : placement_sources_dropped(u))
      src.push_back(resolve(s));
    // A RANGE is rebuilt like any node: a loop's extent may read registers (a selection's count of candidates).
    UOp out = u.with_src(src);
    resolved_.emplace(u.id(), out);
    return out;
  }

  // A register access's extra sources in the graph only place it (reduce_to_accumulators, select_topk); in the program
  // a STORE keeps its address and value, a LOAD its address and the last STORE it must follow (of a loop nest END it
  // follows, the nest's last STORE to the same address, or else its last STORE).
  static std::vector<UOp> placement_sources_dropped(UOp u) {
    std::vector<UOp> src(u.src().begin(), u.src().end());
    if (!register_access(u) || src.size() <= 2) return src;
    if (u.op() == Op::STORE) return {src[0], src[1]};
    for (size_t i = src.size(); i-- > 1;) {
      if (src[i].op() == Op::STORE) return {src[0], src[i]};
      if (src[i].op() == Op::END) return {src[0], closing_store(src[i], src[0])};
    }
    return {src[0]};
  }

  const std::vector<UOp>& vars_;
  Scope root_;
  std::unordered_map<uint32_t, Scope*> scope_of_range_;
  RangeDeps deps_;
  std::unordered_set<uint32_t> emitted_;
  std::unordered_map<uint32_t, UOp> aliases_;
  std::unordered_map<uint32_t, UOp> resolved_;
  int32_t next_reg_ = 0;
  int32_t next_range_id_ = 0; // for fresh copies of register-tile ranges
};

} // namespace

LinearProgram linearize(UOp sink, const std::vector<UOp>& vars, const std::vector<bool>& written) {
  return Linearizer(vars).run(sink, written);
}

} // namespace lmc
