// Rewrite-engine benchmark: lmc::simplify's throughput on a large generated index-expression graph, its time on
// 10k random expressions, a plain graph walk (toposort) of the same graph as the floor, and the lowering of one
// typical kernel (simplify to linear program). Prints a table.
#include "codegen/lower.hpp"
#include "codegen/schedule.hpp"
#include "ir/error.hpp"
#include "ir/shape.hpp"
#include "rewrite/symbolic.hpp"
#include "rewrite/verify/fuzz.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using lmc::UOp;
using Clock = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// This thread's CPU time of f: on a machine shared with other work, wall time also counts the slices the other
// processes ran in; CPU time does not (cache sharing still shows).
double cpu_seconds_of(const std::function<void()>& f) {
  timespec a{}, b{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
  f();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
  return static_cast<double>(b.tv_sec - a.tv_sec) + 1e-9 * static_cast<double>(b.tv_nsec - a.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Sums a list of nodes as a balanced tree, so the graph is wide rather than one deep chain.
UOp balanced_sum(std::vector<UOp> terms) {
  while (terms.size() > 1) {
    std::vector<UOp> next;
    for (size_t i = 0; i + 1 < terms.size(); i += 2)
      next.push_back(terms[i] + terms[i + 1]);
    if (terms.size() % 2) next.push_back(terms.back());
    terms = std::move(next);
  }
  return terms.front();
}

// The index math rangeify produces: sums of ((r_i*stride + r_j or c) // d) % m over many loop-like variables
// (bounds [0, n)). Some terms fold away by bounds (r_j < stride), some by gcd, some stay. `tag` makes every
// variable name, and so every node, new: a repetition never finds the previous one's nodes or cached facts.
UOp index_graph(size_t terms, uint64_t seed, int tag) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  std::vector<UOp> vars;
  for (int i = 0; i < 64; ++i)
    vars.push_back(UOp::var(fmt::format("r{}_{}", i, tag), 0, (int64_t{1} << pick(1, 8)) - 1));
  std::vector<UOp> out;
  out.reserve(terms);
  for (size_t t = 0; t < terms; ++t) {
    const UOp ri = vars[static_cast<size_t>(pick(0, 63))];
    const UOp rj = vars[static_cast<size_t>(pick(0, 63))];
    const int64_t stride = int64_t{1} << pick(0, 6);
    const int64_t d = int64_t{1} << pick(0, 6);
    const int64_t m = pick(2, 64);
    UOp inner = pick(0, 1) ? ri * stride + rj : ri * stride + pick(0, stride);
    UOp term = inner.floordiv(d).floormod(m);
    if (pick(0, 3) == 0) term = term * pick(1, 9) + rj.floormod(pick(1, 16));
    out.push_back(term);
  }
  return balanced_sum(std::move(out));
}

// A typical reduce kernel: out[i] = sum_j (a[i, j] * b[j, i] + a[i, j]) over a transposed, padded view, so its
// index math has the sums, div/mod and gates that lowering simplifies. `cols` varies per repetition so every
// run builds fresh nodes (no bounds cached from the previous run).
lmc::ScheduledKernel reduce_kernel(int64_t cols) {
  using lmc::Op;
  auto buffer = [](lmc::Shape shape) {
    const int64_t n = lmc::shape_numel(shape);
    const UOp b = UOp::make(Op::BUFFER, lmc::float32, {}, lmc::BufferArg{lmc::next_buffer_id(), n, "CPU"});
    return UOp::make(Op::RESHAPE, lmc::float32, {b}, lmc::IntList(shape.begin(), shape.end()));
  };
  const int64_t rows = 33;
  const UOp a = buffer({rows, cols});
  const UOp bt = UOp::make(Op::PERMUTE, lmc::float32, {buffer({cols, rows})}, lmc::IntList{1, 0});
  const UOp padded = UOp::make(Op::PAD, lmc::float32, {buffer({rows, cols - 2})}, lmc::PairList{{0, 0}, {1, 1}});
  const UOp e = UOp::alu(Op::ADD, {UOp::alu(Op::MUL, {a, bt}), padded});
  const UOp r = UOp::make(Op::REDUCE, lmc::float32, {e}, lmc::ReduceArg{Op::ADD, {1}});
  lmc::Schedule s = lmc::schedule({r}, "CPU");
  if (s.kernels.size() != 1) throw lmc::Error("reduce_kernel: expected one kernel");
  return s.kernels.front();
}

struct Row {
  std::string workload, size, time, rate, vs_walk;
};

void print_table(const std::vector<Row>& rows) {
  const Row head{"workload", "size", "median time", "rate", "vs graph walk"};
  size_t w[5] = {0, 0, 0, 0, 0};
  auto widen = [&](const Row& r) {
    const std::string* f[5] = {&r.workload, &r.size, &r.time, &r.rate, &r.vs_walk};
    for (int i = 0; i < 5; ++i)
      w[i] = std::max(w[i], f[i]->size());
  };
  widen(head);
  for (const Row& r : rows)
    widen(r);
  auto line = [&](const Row& r) {
    fmt::print("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}\n", r.workload, w[0], r.size, w[1], r.time, w[2], r.rate, w[3],
               r.vs_walk, w[4]);
  };
  line(head);
  fmt::print("{}\n", std::string(w[0] + w[1] + w[2] + w[3] + w[4] + 8, '-'));
  for (const Row& r : rows)
    line(r);
}

std::string ms(double s) {
  return fmt::format("{:.2f} ms", 1e3 * s);
}

} // namespace

int main(int argc, char** argv) {
  // Optional: the number of sum terms of the index graph (default 30000, about 120k nodes) and of repetitions.
  const size_t terms = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 30000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  std::vector<Row> rows;

  // (a) simplify a fresh large index graph per repetition (one warm-up first); (c) walk the same graph.
  std::vector<double> simplify_s, simplify_cpu_s, walk_s;
  size_t nodes_in = 0, nodes_out = 0;
  uint64_t index_hash = 0; // the last run's output, so a change to the rewriter that changes results shows
  for (int rep = -1; rep < reps; ++rep) {
    const UOp g = index_graph(terms, 42, rep + 1);
    nodes_in = g.toposort().size();
    std::vector<double> walks;
    for (int k = 0; k < 3; ++k)
      walks.push_back(seconds_of([&] { (void)g.toposort(); }));
    UOp s;
    double cpu = 0;
    const double t = seconds_of([&] { cpu = cpu_seconds_of([&] { s = lmc::simplify(g); }); });
    nodes_out = s.toposort().size();
    index_hash = s.structural_hash();
    if (rep >= 0) {
      simplify_s.push_back(t);
      simplify_cpu_s.push_back(cpu);
      walk_s.push_back(median(walks));
    }
    fmt::print(stderr, "\rindex graph: run {}/{}", rep + 2, reps + 1);
  }
  fmt::print(stderr, "\n");
  const double walk = median(walk_s), simp = median(simplify_s);
  rows.push_back({"simplify index graph", fmt::format("{} -> {} nodes", nodes_in, nodes_out), ms(simp),
                  fmt::format("{:.2f} M nodes/s", static_cast<double>(nodes_in) / simp / 1e6),
                  fmt::format("{:.1f}x", simp / walk)});
  const double simp_cpu = median(simplify_cpu_s);
  rows.push_back({"  same, thread CPU time", "", ms(simp_cpu),
                  fmt::format("{:.2f} M nodes/s", static_cast<double>(nodes_in) / simp_cpu / 1e6), "-"});
  rows.push_back({"toposort same graph", fmt::format("{} nodes", nodes_in), ms(walk),
                  fmt::format("{:.2f} M nodes/s", static_cast<double>(nodes_in) / walk / 1e6), "1.0x"});

  // (b) 10k random expressions (the fuzzer's generator, fixed seed), built first, then simplified one by one.
  constexpr size_t kExprs = 10000;
  std::vector<double> random_s;
  size_t rand_in = 0, rand_out = 0;
  uint64_t random_hash = 0; // of every output of the last run, in order
  for (int rep = 0; rep < 3; ++rep) {
    std::mt19937_64 rng(1234);
    const std::vector<UOp> vars{UOp::var(fmt::format("a{}", rep), 0, 15), UOp::var(fmt::format("b{}", rep), -8, 7),
                                UOp::var(fmt::format("c{}", rep), 0, 100)};
    std::vector<UOp> exprs;
    exprs.reserve(kExprs);
    for (size_t i = 0; i < kExprs; ++i)
      exprs.push_back(lmc::verify::random_int_expr(rng, vars, 4));
    rand_in = rand_out = 0;
    for (UOp e : exprs)
      rand_in += e.toposort().size();
    std::vector<UOp> outs(kExprs);
    random_s.push_back(seconds_of([&] {
      for (size_t i = 0; i < kExprs; ++i)
        outs[i] = lmc::simplify(exprs[i]);
    }));
    random_hash = 0;
    for (UOp o : outs) {
      rand_out += o.toposort().size();
      random_hash = random_hash * 0x100000001b3ull ^ o.structural_hash();
    }
    fmt::print(stderr, "\rrandom expressions: run {}/3", rep + 1);
  }
  fmt::print(stderr, "\n");
  const double rs = median(random_s);
  rows.push_back({"simplify 10k random exprs (seed 1234, depth 4)", fmt::format("{} -> {} nodes", rand_in, rand_out),
                  ms(rs), fmt::format("{:.1f} us/expr", 1e6 * rs / kExprs), "-"});

  // (d) lower one typical reduce kernel (scheduled outside the timing), fresh nodes per run.
  std::vector<double> lower_s;
  size_t lower_nodes = 0, lower_ops = 0;
  for (int rep = -1; rep < 20; ++rep) {
    const lmc::ScheduledKernel k = reduce_kernel(17 + (rep + 1));
    lower_nodes = k.ast.toposort().size();
    lmc::LinearProgram prog;
    const double t = seconds_of([&] { prog = lmc::lower(k); });
    lower_ops = prog.ops.size();
    if (rep >= 0) lower_s.push_back(t);
  }
  rows.push_back({"lower a reduce kernel (simplify to linear program)",
                  fmt::format("{} nodes -> {} ops", lower_nodes, lower_ops), ms(median(lower_s)), "-", "-"});

  fmt::print("rewrite benchmark (median of {} runs; fresh nodes every run)\n\n", reps);
  print_table(rows);
  // Structural hashes of the outputs: identical before and after a change that only makes rewriting faster.
  fmt::print("\noutput hashes: index graph {:016x}, random exprs {:016x}\n", index_hash, random_hash);
  return 0;
}
