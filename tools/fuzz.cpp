// `lmc fuzz --seed S --count N`: translation validation of the simplifier on random expressions (Z3), with a
// progress line on stderr and a summary on stdout. Its own file: one subcommand per file (see command.hpp).
#include "rewrite/verify/fuzz.hpp"
#include "tools/command.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace lmc::tools {
namespace {

constexpr std::string_view kUsage = R"(usage: lmc fuzz [--seed S] [--count N] [--depth D] [--vars V] [--timeout-ms T]

Builds N random integer expressions (add, sub, mul, floor and truncating div/mod, max, min, where, comparisons)
over V bounded variables, simplifies each, and proves the result equal to the original with Z3. A
counterexample is replayed concretely before it is reported.

  --seed S         random seed (default 1)
  --count N        number of expressions (default 2000)
  --depth D        maximum expression depth, 1 to 16 (default 4)
  --vars V         number of variables, 1 to 8 (default 3)
  --timeout-ms T   Z3 timeout per expression (default 10000)

Exit codes: 0 no counterexample, 1 counterexamples found, 2 bad input.
)";

int64_t positive(const Args& args, std::string_view flag, int64_t fallback, int64_t hi) {
  auto v = args.value(flag);
  if (!v) return fallback;
  return parse_int(*v, fmt::format("lmc fuzz: {}", flag), 1, hi);
}

int run(std::span<const std::string> argv) {
  Args args("fuzz", argv, {"--seed", "--count", "--depth", "--vars", "--timeout-ms"}, {});
  if (args.has("--help")) {
    fmt::print("{}", kUsage);
    return 0;
  }
  if (!args.positional().empty())
    throw UsageError(fmt::format("lmc fuzz: unexpected argument '{}'", args.positional()[0]));
  verify::FuzzOptions opt;
  if (auto s = args.value("--seed")) opt.seed = static_cast<uint64_t>(parse_int(*s, "lmc fuzz: --seed"));
  // Upper bounds: an expression grows about 2x per level of depth (depth 200 exhausts memory), at most 8 variables
  // are named, and a time-out must fit the unsigned milliseconds Z3 takes.
  opt.count = static_cast<size_t>(positive(args, "--count", static_cast<int64_t>(opt.count), INT64_MAX));
  opt.max_depth = static_cast<int>(positive(args, "--depth", opt.max_depth, 16));
  opt.num_vars = static_cast<int>(positive(args, "--vars", opt.num_vars, 8));
  opt.timeout_ms = static_cast<unsigned>(positive(args, "--timeout-ms", opt.timeout_ms, UINT32_MAX));

  // One line rewritten in place (\r) at most ten times a second; a newline before the summary.
  const bool tty = isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  auto last = start - std::chrono::seconds(1);
  size_t last_done = SIZE_MAX;
  opt.progress = [&](size_t done, size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done == last_done || (done != total && now - last < std::chrono::milliseconds(tty ? 100 : 5000))) return;
    last = now;
    last_done = done;
    const double secs = std::chrono::duration<double>(now - start).count();
    fmt::print(stderr, "{}fuzz seed {}: {}/{} ({:.0f}%), {:.1f} s{}", tty ? "\r" : "", opt.seed, done, total,
               total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0, secs, tty ? "" : "\n");
    std::fflush(stderr);
  };

  const verify::FuzzReport r = verify::run_fuzz(opt);
  if (tty) fmt::print(stderr, "\n");
  fmt::print("seed             {}\n", opt.seed);
  fmt::print("expressions      {}\n", r.expressions);
  fmt::print("proved           {}\n", r.proved);
  fmt::print("unknown (Z3)     {}\n", r.unknown);
  fmt::print("counterexamples  {}\n", r.counterexamples);
  fmt::print("nodes            {} -> {} ({:.1f}% removed)\n", r.nodes_before, r.nodes_after,
             r.nodes_before ? 100.0 * (1.0 - static_cast<double>(r.nodes_after) / static_cast<double>(r.nodes_before))
                            : 0.0);
  fmt::print("time             {:.2f} s ({:.2f} ms per expression)\n", r.seconds,
             r.expressions ? 1e3 * r.seconds / static_cast<double>(r.expressions) : 0.0);
  for (const std::string& f : r.failures)
    fmt::print("FAIL {}\n", f);
  return r.counterexamples ? 1 : 0;
}

} // namespace

const Command fuzz_command{"fuzz", "fuzz the simplifier: random expressions, each result proved equal by Z3", kUsage,
                           run};

} // namespace lmc::tools
