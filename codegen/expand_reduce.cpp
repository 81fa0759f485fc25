// The terms are combined in the loop's order (first range outermost), starting from the first term rather than the
// identity (as NumPy does): the same value except that a sum of only -0.0 terms stays -0.0.
#include "codegen/expand_reduce.hpp"

#include "codegen/opt/substitute.hpp"

#include <unordered_map>

namespace lmc {

UOp expand_small_reduces(UOp sink, int64_t max_terms) {
  std::unordered_map<uint32_t, UOp> done;
  for (UOp u : sink.toposort()) {
    std::vector<UOp> src;
    bool changed = false;
    for (UOp s : u.src()) {
      src.push_back(done.at(s.id()));
      changed = changed || src.back() != s;
    }
    UOp out = changed ? u.with_src(src) : u;
    // A reduce nested in the value would be copied once per term with the same ranges (a loop opened twice): such
    // reduces stay loops.
    const auto nests = [](UOp r) {
      for (UOp n : r.src(0).toposort())
        if (n.op() == Op::REDUCE || n.op() == Op::TOPK) return true;
      return false;
    };
    if (u.op() == Op::REDUCE && !nests(out)) {
      int64_t terms = 1;
      std::vector<int64_t> extents;
      for (size_t i = 1; i < out.num_src() && terms <= max_terms; ++i) {
        const auto e = out.src(i).src(0).const_int();
        terms = e ? terms * *e : max_terms + 1;
        extents.push_back(e ? *e : 0);
      }
      if (terms <= max_terms && terms > 0) {
        const Op op = out.arg_as<ReduceArg>().op;
        UOp acc;
        for (int64_t t = 0; t < terms; ++t) {
          // Position t in row-major order over the ranges (the last range fastest, as the loops nest).
          std::unordered_map<uint32_t, UOp> at;
          int64_t rest = t;
          for (size_t i = extents.size(); i-- > 0;) {
            at.emplace(out.src(i + 1).id(), UOp::constant(out.src(i + 1).dtype(), rest % extents[i]));
            rest /= extents[i];
          }
          const UOp term = substitute(out.src(0), at);
          acc = acc.is_null() ? term : UOp::alu(op, {acc, term});
        }
        out = acc;
      }
    }
    done.emplace(u.id(), out);
  }
  return done.at(sink.id());
}

} // namespace lmc
