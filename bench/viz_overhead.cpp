// What viz tracing costs the rewriter: lmc::simplify on a large index graph and on 10k small random expressions,
// with tracing off (the default: no Tracer active) and on (a Tracer recording every call and rule), interleaved.
// Tracing is always compiled in, so "off" is measured two ways: off against off (the run-to-run noise any
// difference would have to exceed), and the off path's own work (one Tracer::active() and a few untaken branches
// per rewrite call and per applied rule) timed alone and multiplied by how often the workload runs it.
#include "rewrite/symbolic.hpp"
#include "rewrite/trace.hpp"
#include "rewrite/verify/fuzz.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
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

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// rewrite_bench's index graph: sums of ((r_i*stride + r_j) // d) % m over many variables, as rangeify makes
// them; `tag` renames every variable so a repetition never finds an earlier one's nodes or cached facts.
UOp index_graph(size_t terms, uint64_t seed, int tag) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  std::vector<UOp> vars;
  for (int i = 0; i < 64; ++i)
    vars.push_back(UOp::var(fmt::format("r{}_{}", i, tag), 0, (int64_t{1} << pick(1, 8)) - 1));
  std::vector<UOp> out;
  for (size_t t = 0; t < terms; ++t) {
    const UOp ri = vars[static_cast<size_t>(pick(0, 63))];
    const UOp rj = vars[static_cast<size_t>(pick(0, 63))];
    const int64_t stride = int64_t{1} << pick(0, 6);
    UOp inner = pick(0, 1) ? ri * stride + rj : ri * stride + pick(0, stride);
    UOp term = inner.floordiv(int64_t{1} << pick(0, 6)).floormod(pick(2, 64));
    if (pick(0, 3) == 0) term = term * pick(1, 9) + rj.floormod(pick(1, 16));
    out.push_back(term);
  }
  while (out.size() > 1) { // a balanced sum: a wide graph, not one deep chain
    std::vector<UOp> next;
    for (size_t i = 0; i + 1 < out.size(); i += 2)
      next.push_back(out[i] + out[i + 1]);
    if (out.size() % 2) next.push_back(out.back());
    out = std::move(next);
  }
  return out.front();
}

std::vector<UOp> random_exprs(int tag) {
  std::mt19937_64 rng(1234);
  const std::vector<UOp> vars{UOp::var(fmt::format("a{}", tag), 0, 15), UOp::var(fmt::format("b{}", tag), -8, 7),
                              UOp::var(fmt::format("c{}", tag), 0, 100)};
  std::vector<UOp> exprs;
  for (int i = 0; i < 10000; ++i)
    exprs.push_back(lmc::verify::random_int_expr(rng, vars, 4));
  return exprs;
}

// Runs `work` on fresh inputs `reps` times in each of three modes, interleaved so drift hits all alike: off, on,
// off again. Returns {off, on, off again} medians and the calls and rules one traced run recorded.
struct Timing {
  double off = 0, on = 0, off_again = 0;
  size_t calls = 0, rules = 0;
};
Timing measure(const std::function<std::function<void()>(int)>& make, int reps) {
  std::vector<double> off, on, off_again;
  Timing t;
  int tag = 1000;
  for (int rep = -1; rep < reps; ++rep) { // rep -1 warms up
    const double a = seconds_of(make(tag++));
    lmc::rw::Tracer tracer;
    auto traced = make(tag++);
    double b;
    {
      lmc::rw::ScopedTracer scoped(tracer);
      b = seconds_of(traced);
    }
    const double c = seconds_of(make(tag++));
    if (rep < 0) continue;
    off.push_back(a);
    on.push_back(b);
    off_again.push_back(c);
    t.calls = tracer.contexts().size();
    t.rules = 0;
    for (const auto& ctx : tracer.contexts())
      t.rules += ctx.steps.size();
  }
  t.off = median(off);
  t.on = median(on);
  t.off_again = median(off_again);
  return t;
}

// The off path's work alone: Tracer::active() (an out-of-line atomic load) and the untaken branch on its result.
double off_hook_seconds() {
  constexpr int kN = 50'000'000;
  volatile int sink = 0;
  const double s = seconds_of([&] {
    for (int i = 0; i < kN; ++i)
      if (lmc::rw::Tracer* t = lmc::rw::Tracer::active()) sink = sink + static_cast<int>(t->empty());
  });
  return s / kN;
}

} // namespace

int main(int argc, char** argv) {
  const size_t terms = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 30000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 7;
  const double hook = off_hook_seconds();

  struct Row {
    std::string workload;
    Timing t;
  };
  // Each maker builds fresh inputs outside the timing and returns the timed work.
  auto index_work = [&](int tag) {
    const UOp g = index_graph(terms, 42, tag);
    return std::function<void()>([g] { (void)lmc::simplify(g); });
  };
  auto random_work = [](int tag) {
    return std::function<void()>([exprs = random_exprs(tag)] {
      for (UOp e : exprs)
        (void)lmc::simplify(e);
    });
  };
  std::vector<Row> rows;
  fmt::print(stderr, "index graph...\n");
  rows.push_back({fmt::format("simplify index graph ({} terms)", terms), measure(index_work, reps)});
  fmt::print(stderr, "random expressions...\n");
  rows.push_back({"simplify 10k random exprs (depth 4)", measure(random_work, reps)});

  fmt::print("viz tracing overhead (median of {} interleaved runs; fresh nodes every run)\n", reps);
  fmt::print("off path alone: {:.2f} ns per Tracer::active() and branch\n\n", hook * 1e9);
  fmt::print("{:<40} {:>10} {:>10} {:>9} {:>10} {:>10} {:>11}\n", "workload", "off", "on", "on/off", "off/off", "hooks",
             "off cost");
  for (const Row& r : rows) {
    // Each rewrite call takes one Tracer::active() and two branches, each applied rule two: count three hooks
    // per call and two per rule, each at the cost of the measured call-and-branch (an over-estimate).
    const double cost = hook * static_cast<double>(3 * r.t.calls + 2 * r.t.rules);
    fmt::print("{:<40} {:>7.2f} ms {:>7.2f} ms {:>8.3f}x {:>9.3f}x {:>10} {:>10.4f}%\n", r.workload, r.t.off * 1e3,
               r.t.on * 1e3, r.t.on / r.t.off, r.t.off_again / r.t.off, 3 * r.t.calls + 2 * r.t.rules,
               100 * cost / r.t.off);
  }
  fmt::print("\noff/off: the second tracing-off run against the first (the noise floor); off cost: the off path's\n"
             "measured work times the hooks the workload runs, as a share of the tracing-off time.\n");
  return 0;
}
