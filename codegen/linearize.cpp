// The loop-scope tree builder behind linearize(): scopes are loops, nodes go to the scope of their deepest
// range, and reduce loops are inserted before the loop that is still open in their scope.
#include "codegen/linearize.hpp"

#include "ir/error.hpp"
#include "ir/verify.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace lmc {

UOp reduce_identity(Op op, DType dtype) {
  switch (op) {
  case Op::ADD: return dtype.is_float() ? UOp::constant(dtype, 0.0) : UOp::constant(dtype, int64_t{0});
  case Op::MUL: return dtype.is_float() ? UOp::constant(dtype, 1.0) : UOp::constant(dtype, int64_t{1});
  case Op::MAX:
    return dtype.is_float() ? UOp::constant(dtype, -std::numeric_limits<double>::infinity())
                            : UOp::constant(dtype, dtype.min_int());
  case Op::MIN:
    return dtype.is_float() ? UOp::constant(dtype, std::numeric_limits<double>::infinity())
                            : UOp::constant(dtype, dtype.max_int());
  case Op::OR: return UOp::constant(dtype, int64_t{0});
  case Op::AND: return UOp::constant(dtype, dtype.is_bool() ? int64_t{1} : int64_t{-1});
  default: throw Error(fmt::format("no identity for a {} reduction", op_name(op)));
  }
}

namespace {

struct Scope {
  UOp range; // null for the kernel's top level
  Scope* parent = nullptr;
  int depth = 0;
  std::vector<std::variant<UOp, std::unique_ptr<Scope>>> items;
  int open_child = -1; // index in items of a loop still being filled below this scope, or -1
};

class Linearizer {
public:
  Linearizer(const std::vector<UOp>& vars) : vars_(vars) {}

  LinearProgram run(UOp sink, const std::vector<bool>& written) {
    // The output ranges form one nest, opened in id order, each inside the previous one.
    std::vector<UOp> out_ranges;
    for (UOp u : sink.toposort())
      if (u.op() == Op::RANGE && u.arg_as<RangeArg>().kind != AxisKind::Reduce) out_ranges.push_back(u);
    std::sort(out_ranges.begin(), out_ranges.end(),
              [](UOp a, UOp b) { return a.arg_as<RangeArg>().id < b.arg_as<RangeArg>().id; });
    Scope* s = &root_;
    for (UOp r : out_ranges) s = open_loop(s, r, true);
    for (UOp store : sink.src()) emit(store);

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
    for (UOp v : vars_) prog.vars.push_back({v.arg_as<VarArg>().name, v.arg_as<VarArg>().min, v.arg_as<VarArg>().max});
    // The outermost output loop may run across threads when every store sits inside it.
    if (!out_ranges.empty()) {
      const UOp outer = out_ranges.front();
      const bool all_inside = std::ranges::all_of(sink.src(), [&](UOp st) { return ranges_of(st).contains(outer.id()); });
      if (all_inside)
        for (size_t i = 0; i < prog.ops.size(); ++i)
          if (prog.ops[i] == outer) prog.parallel_range = static_cast<int>(i);
    }
    verify_linear(prog.ops);
    return prog;
  }

private:
  Scope* open_loop(Scope* parent, UOp range, bool stays_open) {
    place_in(parent, range.src(0));
    auto child = std::make_unique<Scope>();
    child->range = range;
    child->parent = parent;
    child->depth = parent->depth + 1;
    Scope* raw = child.get();
    insert(parent, std::move(child));
    if (stays_open) parent->open_child = static_cast<int>(parent->items.size() - 1);
    scope_of_range_[range.id()] = raw;
    return raw;
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
  const std::unordered_set<uint32_t>& ranges_of(UOp u) {
    if (auto it = ranges_.find(u.id()); it != ranges_.end()) return it->second;
    std::unordered_set<uint32_t> out;
    if (u.op() == Op::RANGE) out.insert(u.id());
    for (UOp s : u.src())
      for (uint32_t r : ranges_of(s)) out.insert(r);
    if (u.op() == Op::REDUCE)
      for (size_t i = 1; i < u.num_src(); ++i) {
        out.erase(u.src(i).id());
        for (uint32_t r : ranges_of(u.src(i).src(0))) out.insert(r);
      }
    return ranges_.emplace(u.id(), std::move(out)).first->second;
  }

  Scope* target_scope(UOp u) {
    Scope* best = &root_;
    for (uint32_t r : ranges_of(u)) {
      auto it = scope_of_range_.find(r);
      if (it == scope_of_range_.end()) throw Error(fmt::format("linearize: {} uses a range outside its loops", op_name(u.op())));
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
    for (UOp s : u.src()) emit(s);
    place_in(target_scope(u), u);
  }

  void place_in(Scope* s, UOp u) {
    if (emitted_.contains(u.id())) return;
    for (UOp src : u.src()) emit(src);
    emitted_.insert(u.id());
    insert(s, u);
  }

  void emit_reduce(UOp r) {
    const Op op = r.arg_as<ReduceArg>().op;
    const DType d = r.dtype();
    Scope* outer = target_scope(r);
    UOp acc = UOp::make(Op::DEFINE_REG, d.ptr(AddrSpace::Register), {}, ParamArg{next_reg_++, 1});
    place_in(&root_, acc);
    UOp slot = UOp::make(Op::INDEX, acc.dtype(), {acc, UOp::constant(index_dtype, int64_t{0})});
    UOp init = UOp::make(Op::STORE, void_, {slot, reduce_identity(op, d)});
    place_in(outer, init);
    // The reduce loops nest inside `outer`, before whatever loop is still open there.
    Scope* inner = outer;
    for (size_t i = 1; i < r.num_src(); ++i) inner = open_loop(inner, r.src(i), false);
    for (size_t i = 1; i < r.num_src(); ++i) emitted_.insert(r.src(i).id());
    emit(r.src(0));
    // The accumulator ops have no ranges of their own, so they are placed explicitly, never by range.
    UOp old = UOp::make(Op::LOAD, d, {slot, init});
    place_in(inner, old);
    UOp combined = UOp::alu(op, {old, r.src(0)});
    place_in(inner, combined);
    UOp update = UOp::make(Op::STORE, void_, {slot, combined});
    place_in(inner, update);
    UOp result = UOp::make(Op::LOAD, d, {slot, update});
    place_in(outer, result);
    alias(r, result);
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
      const UOp range = resolve(child.range);
      out.push_back(range);
      flatten(child, out);
      out.push_back(UOp::make(Op::END, void_, {range}));
    }
  }

  // A node with REDUCE sources replaced by their accumulator reads (memoized; sources resolve first because
  // they were placed earlier).
  UOp resolve(UOp u) {
    if (auto it = resolved_.find(u.id()); it != resolved_.end()) return it->second;
    if (auto it = aliases_.find(u.id()); it != aliases_.end()) return resolve(it->second);
    std::vector<UOp> src;
    for (UOp s : u.src()) src.push_back(resolve(s));
    UOp out = u.op() == Op::RANGE ? u : u.with_src(src);
    resolved_.emplace(u.id(), out);
    return out;
  }

  const std::vector<UOp>& vars_;
  Scope root_;
  std::unordered_map<uint32_t, Scope*> scope_of_range_;
  std::unordered_map<uint32_t, std::unordered_set<uint32_t>> ranges_;
  std::unordered_set<uint32_t> emitted_;
  std::unordered_map<uint32_t, UOp> aliases_;
  std::unordered_map<uint32_t, UOp> resolved_;
  int32_t next_reg_ = 0;
};

} // namespace

LinearProgram linearize(UOp sink, const std::vector<UOp>& vars, const std::vector<bool>& written) {
  return Linearizer(vars).run(sink, written);
}

} // namespace lmc
