// Termination of the symbolic rules on the fuzzer's corpus: every family on its own and all of them together
// reach a fixed point (no step-limit error, and rewriting the result again changes nothing), and no rule
// application grows the expression (STYLE.md 8), counted with constant subexpressions as one node.
#include "rewrite/graph_rewrite.hpp"
#include "rewrite/symbolic.hpp"
#include "rewrite/trace.hpp"
#include "rewrite/verify/fuzz.hpp"

#include <gtest/gtest.h>

#ifdef LMC_HAVE_SIMPLIFY_CASES
#include "tests/rewrite/simplify_cases.hpp"
#endif

#include <random>
#include <unordered_map>

namespace lmc::verify {
namespace {

// The fuzzer's corpus (its generator with its variable ranges and a fixed seed), and the simplifier's case table,
// where every family has inputs of its own.
std::vector<UOp> corpus(size_t count) {
  std::mt19937_64 rng(18);
  const std::pair<int64_t, int64_t> ranges[] = {{0, 15}, {0, 3}, {0, 7}, {1, 100}, {-8, 7}, {0, 1023}, {-100, -1}};
  const char* names[] = {"x", "y", "z"};
  std::vector<UOp> out;
  for (size_t i = 0; i < count; ++i) {
    std::vector<UOp> vars;
    for (const char* n : names) {
      auto [lo, hi] = ranges[std::uniform_int_distribution<size_t>(0, std::size(ranges) - 1)(rng)];
      vars.push_back(UOp::var(n, lo, hi));
    }
    out.push_back(random_int_expr(rng, vars, std::uniform_int_distribution<int>(1, 4)(rng)));
  }
#ifdef LMC_HAVE_SIMPLIFY_CASES
  for (const SimplifyCase& c : simplify_cases())
    out.push_back(c.input);
#endif
  return out;
}

// Tree size with every constant subexpression counted as one node (a replacement template may build c1*c2 that
// the fold rules then evaluate).
size_t weight(UOp u, std::unordered_map<uint32_t, std::pair<size_t, bool>>& memo) {
  if (auto it = memo.find(u.id()); it != memo.end()) return it->second.first;
  bool constant = u.op() == Op::CONST;
  size_t n = 1;
  if (!constant && u.num_src() > 0 && u.op() != Op::DEFINE_VAR) {
    constant = true;
    for (UOp s : u.src()) {
      n += weight(s, memo);
      constant = constant && memo.at(s.id()).second;
    }
    if (constant) n = 1;
  }
  memo.emplace(u.id(), std::make_pair(n, constant));
  return n;
}

TEST(Termination, EveryFamilyReachesAFixedPointOnTheFuzzCorpus) {
  const std::vector<UOp> exprs = corpus(1000);
  std::vector<const rw::RuleTable*> tables = symbolic_families();
  tables.push_back(&symbolic_rules());
  for (const rw::RuleTable* t : tables) {
    rw::RewriteOptions options;
    options.max_steps = 100000; // far above what any expression here needs: a loop shows as an error
    for (UOp e : exprs) {
      UOp once;
      ASSERT_NO_THROW(once = rw::graph_rewrite(t->name(), e, *t, options)) << t->name() << " on " << e.expr();
      const UOp twice = rw::graph_rewrite(t->name(), once, *t, options);
      EXPECT_EQ(twice, once) << t->name() << ": " << e.expr() << " -> " << once.expr() << " -> " << twice.expr();
    }
  }
}

TEST(Termination, NoRuleGrowsTheExpression) {
  const std::vector<UOp> exprs = corpus(1000);
  rw::Tracer tracer;
  {
    rw::ScopedTracer scope(tracer);
    for (UOp e : exprs)
      simplify(e);
  }
  std::unordered_map<uint32_t, std::pair<size_t, bool>> memo;
  size_t steps = 0;
  for (const rw::TraceContext& c : tracer.contexts())
    for (const rw::TraceStep& s : c.steps) {
      ++steps;
      const UOp before = UOp::from_id(s.before), after = UOp::from_id(s.after);
      EXPECT_LE(weight(after, memo), weight(before, memo)) << "rule " << s.rule << " (" << s.file << ":" << s.line
                                                           << ") grows " << before.expr() << " -> " << after.expr();
    }
  EXPECT_GT(steps, 2000u);
}

} // namespace
} // namespace lmc::verify
