// beam_search: round 0 builds the unoptimized kernel (the reference for times and outputs) and the heuristic opts;
// each later round extends the kept lists by one opt. A round builds its candidates in three steps (apply + lower
// in parallel, drop programs seen before in order, compile in parallel), then times them one at a time (the device
// is shared), then verifies the fastest until `width` of them pass.
#include "runtime/beam/search.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "ir/hash.hpp"
#include "runtime/beam/bench.hpp"
#include "runtime/compile_kernel.hpp"
#include "runtime/cpu/thread_pool.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/opt_target.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fmt/format.h>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

namespace lmc {
namespace {

using Clock = std::chrono::steady_clock;

struct Candidate {
  std::vector<Opt> opts;
  int round = 0;
  std::string status; // empty while it is still in the running
  std::string error;
  std::optional<LinearProgram> program;
  std::shared_ptr<CompiledKernel> compiled;
  double ms = -1;
  bool verified = false;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int32_t launch_value(UOp var) {
  const auto& v = var.arg_as<VarArg>();
  return static_cast<int32_t>(v.max); // bound variables have min == max; free ones are timed at their largest
}

// Pauses the active tracer for a scope (candidate lowerings would each add a group and many rewrites).
class PausedTracer {
public:
  PausedTracer() : tracer_(rw::Tracer::active()) { rw::Tracer::set_active(nullptr); }
  ~PausedTracer() { rw::Tracer::set_active(tracer_); }
  PausedTracer(const PausedTracer&) = delete;
  PausedTracer& operator=(const PausedTracer&) = delete;
  rw::Tracer* tracer() const { return tracer_; }

private:
  rw::Tracer* tracer_;
};

class Search {
public:
  Search(Device& device, const ScheduledKernel& kernel, const BeamOptions& options)
      : device_(device), kernel_(kernel), options_(options), target_(opt_target(device)),
        pool_(static_cast<unsigned>(options.compile_threads > 0
                                        ? options.compile_threads
                                        : std::clamp(std::thread::hardware_concurrency(), 1u, 4u))) {
    timing_.warmup = options.warmup;
    timing_.reps = options.timing_reps;
    timing_.early_stop_factor = options.early_stop_factor;
    timing_.first_launch_margin_ms = options.first_launch_margin_ms;
    timing_.watchdog_seconds = options.watchdog_seconds;
    for (UOp v : kernel.vars)
      vars_.push_back(launch_value(v));
    overlap_compile_ =
        options.overlap_compile < 0 ? dynamic_cast<CudaDevice*>(&device) != nullptr : options.overlap_compile > 0;
  }

  BeamResult run() {
    const Clock::time_point start = start_ = Clock::now();
    result_.trace.kernel = kernel_.name;
    result_.trace.device = device_.name();
    result_.trace.beam_width = options_.width;

    // Round 0: the unoptimized kernel must build and run; it is the reference for everything after.
    std::vector<Candidate> baselines(1);
    std::vector<Opt> heuristic;
    try {
      heuristic = heuristic_opts(kernel_, target_);
    } catch (const std::exception& e) {
      if (config().debug >= 1)
        fmt::print(stderr, "lmc: BEAM: heuristic opts failed for {}: {}\n", kernel_.name, e.what());
    }
    if (!heuristic.empty()) baselines.push_back(Candidate{heuristic, 0});
    build(baselines);
    Candidate& plain = baselines[0];
    if (!plain.compiled)
      throw Error(fmt::format("BEAM: the unoptimized kernel '{}' does not build: {}", kernel_.name, plain.error));
    bench_ = std::make_unique<KernelBench>(device_, *plain.program, vars_, options_.seed);
    if (options_.launch_timer) bench_->set_timer(options_.launch_timer);
    reference_ = bench_->run_once(*plain.compiled, *plain.program);
    plain.verified = true;
    time_baselines(baselines);
    if (!plain.status.empty())
      throw Error(fmt::format("BEAM: the unoptimized kernel '{}' cannot be timed: {} {}", kernel_.name, plain.status,
                              plain.error));
    result_.unoptimized_ms = plain.ms;
    if (baselines.size() > 1 && baselines[1].status.empty()) {
      verify_fastest(baselines, 2);
      if (baselines[1].status.empty()) result_.default_ms = baselines[1].ms;
    } else if (heuristic.empty() || baselines[1].status == "duplicate") {
      result_.default_ms = plain.ms; // the heuristics change nothing: the default is the unoptimized kernel
    }
    std::vector<Candidate> beam = keep_best(std::move(baselines), {});
    double best = beam.front().ms;
    result_.setup_seconds = seconds_since(start);
    result_.timing_seconds = result_.verify_seconds = 0;

    int stalled = 0;
    for (int round = 1; round <= options_.max_rounds && stalled < options_.stall_rounds; ++round) {
      std::vector<Candidate> next = expand(beam, round);
      if (next.empty()) break;
      build_and_time(next, round);
      verify_fastest(next, options_.width);
      beam = keep_best(std::move(next), std::move(beam));
      const double now = beam.front().ms;
      stalled = now < best * 0.99 ? 0 : stalled + 1;
      best = std::min(best, now);
    }

    const Candidate& winner = beam.front();
    result_.best_opts = winner.opts;
    result_.best_ms = winner.ms;
    result_.search_seconds = seconds_since(start);
    result_.trace.default_ms = result_.default_ms;
    result_.trace.unoptimized_ms = result_.unoptimized_ms;
    result_.trace.best_ms = result_.best_ms;
    result_.trace.best_opts = opts_str(result_.best_opts);
    result_.trace.search_seconds = result_.search_seconds;
    result_.tried = static_cast<int>(result_.trace.candidates.size());
    return std::move(result_);
  }

private:
  static bool whole_kernel_tile(const Opt& o) { return o.op == OptOp::GEMM || o.op == OptOp::TC; }

  // The moves from `applied`; from the unoptimized kernel only the whole-kernel tiles when there are any (a block
  // tile replaces the loop nest, so one-opt variants of the naive kernel are timed for nothing).
  std::vector<Opt> moves(std::span<const Opt> applied) {
    std::vector<Opt> out;
    try {
      out = options_.candidates ? options_.candidates(kernel_, applied, target_)
                                : candidate_opts(kernel_, applied, target_);
    } catch (const std::exception& e) {
      if (config().debug >= 1) fmt::print(stderr, "lmc: BEAM: candidate_opts failed: {}\n", e.what());
    }
    if (applied.empty() && std::ranges::any_of(out, whole_kernel_tile))
      std::erase_if(out, std::not_fn(whole_kernel_tile));
    return out;
  }

  // Every one-opt extension of the kept lists not tried before (illegal ones too: lowering finds and records them).
  // The whole-kernel tiles stay first moves in round 1 even when the unoptimized kernel was too slow to be kept.
  std::vector<Candidate> expand(const std::vector<Candidate>& beam, int round) {
    std::vector<Candidate> out;
    auto extend = [&](const std::vector<Opt>& parent, std::span<const Opt> options) {
      for (const Opt& o : options) {
        std::vector<Opt> opts = parent;
        opts.push_back(o);
        if (!seen_.insert(opts_str(opts)).second) continue;
        out.push_back(Candidate{std::move(opts), round});
      }
    };
    bool unoptimized_kept = false;
    for (const Candidate& parent : beam) {
      unoptimized_kept = unoptimized_kept || parent.opts.empty();
      extend(parent.opts, moves(parent.opts));
    }
    if (round == 1 && !unoptimized_kept) {
      std::vector<Opt> tiles = moves({});
      std::erase_if(tiles, std::not_fn(whole_kernel_tile));
      extend({}, tiles);
    }
    return out;
  }

  // Round 0's timing: the heuristic list first, so the unoptimized kernel (often far slower) is timed against it and
  // stops at its first slow launch. It stays the reference and a kept list either way; its time is then that launch's.
  void time_baselines(std::vector<Candidate>& baselines) {
    Candidate& plain = baselines[0];
    const int total = static_cast<int>(baselines.size());
    if (total > 1) {
      time_one(baselines[1]);
      report(0, 1, total);
    }
    const double yardstick = total > 1 && baselines[1].status.empty() ? baselines[1].ms : -1;
    const Clock::time_point started = Clock::now();
    const Timing t = bench_->time(*plain.compiled, *plain.program, timing_, yardstick);
    result_.timing_seconds += seconds_since(started);
    ++result_.timed;
    plain.ms = t.ms;
    if (t.status != "slow") {
      plain.status = t.status == "ok" ? "" : t.status;
      plain.error = t.error;
    }
    report(0, total, total);
  }

  // Applies and lowers every candidate in parallel; identical programs after the first are "duplicate".
  void lower_all(std::vector<Candidate>& cands) {
    for (const Candidate& c : cands)
      seen_.insert(opts_str(c.opts));
    report(cands.empty() ? 0 : cands.front().round, 0, static_cast<int>(cands.size()));
    pool_.parallel_for(static_cast<int64_t>(cands.size()), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        lower_one(cands[static_cast<size_t>(i)]);
    });
    for (Candidate& c : cands) {
      if (!c.program) continue;
      if (!programs_.insert(c.program->hash()).second) reject(c, "duplicate", "the same program as an earlier one");
    }
  }

  void compile_all(std::vector<Candidate>& cands) {
    pool_.parallel_for(static_cast<int64_t>(cands.size()), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        compile_one(cands[static_cast<size_t>(i)]);
    });
  }

  // The renderers may still map two programs to one source: compiling them twice was wasted, timing them is not.
  void drop_duplicate_source(Candidate& c) {
    if (c.compiled && !sources_.insert(StableHasher().add_str(c.compiled->source()).digest()).second)
      reject(c, "duplicate", "the same source as an earlier candidate");
  }

  void build(std::vector<Candidate>& cands) {
    lower_all(cands);
    compile_all(cands);
    for (Candidate& c : cands)
      drop_duplicate_source(c);
  }

  // Builds and times one round, each candidate timed in order as soon as it is compiled. On a GPU the compiles
  // (host threads) overlap the timing (device events); on the CPU compiles would disturb the timed kernels' threads,
  // so all compile first.
  void build_and_time(std::vector<Candidate>& cands, int round) {
    const Clock::time_point building = Clock::now();
    lower_all(cands);
    if (!overlap_compile_) compile_all(cands);
    result_.build_seconds += seconds_since(building);
    std::mutex mutex;
    std::condition_variable compiled;
    std::vector<char> ready(cands.size(), overlap_compile_ ? 0 : 1);
    std::optional<std::jthread> compiler; // joined before `ready` and the rest go
    if (overlap_compile_)
      compiler.emplace([&] {
        pool_.parallel_for(static_cast<int64_t>(cands.size()), [&](int64_t b, int64_t e) {
          for (int64_t i = b; i < e; ++i) {
            compile_one(cands[static_cast<size_t>(i)]);
            std::lock_guard lock(mutex);
            ready[static_cast<size_t>(i)] = 1;
            compiled.notify_all();
          }
        });
      });
    for (size_t i = 0; i < cands.size(); ++i) {
      {
        const Clock::time_point wait = Clock::now();
        std::unique_lock lock(mutex);
        compiled.wait(lock, [&] { return ready[i] != 0; });
        result_.build_seconds += seconds_since(wait);
      }
      drop_duplicate_source(cands[i]);
      time_one(cands[i]);
      report(round, static_cast<int>(i) + 1, static_cast<int>(cands.size()));
    }
  }

  void lower_one(Candidate& c) {
    try {
      c.program = lower_with_opts(kernel_, c.opts, target_);
    } catch (const IllegalOpt& e) {
      c.status = "illegal";
      c.error = e.what();
    } catch (const std::exception& e) {
      c.status = "compile_error";
      c.error = fmt::format("lowering failed: {}", e.what());
    }
  }

  void compile_one(Candidate& c) {
    if (!c.status.empty() || !c.program) return;
    try {
      c.compiled = device_.compile(*c.program);
    } catch (const std::exception& e) {
      c.status = "compile_error";
      c.error = e.what();
    } catch (...) {
      c.status = "compile_error";
      c.error = "the compiler threw something that is not an exception";
    }
  }

  void reject(Candidate& c, const std::string& status, const std::string& why) {
    c.status = status;
    c.error = why;
    c.compiled.reset();
  }

  // Times a built candidate; the device runs one at a time, so this is always on the searching thread.
  void time_one(Candidate& c) {
    if (!c.status.empty() || !c.compiled) return;
    const Clock::time_point start = Clock::now();
    struct Add {
      double& to;
      Clock::time_point from;
      ~Add() { to += seconds_since(from); }
    } add{result_.timing_seconds, start};
    const Timing t = bench_->time(*c.compiled, *c.program, timing_, best_ms_);
    c.status = t.status == "ok" ? "" : t.status;
    c.error = t.error;
    c.ms = t.ms;
    ++result_.timed;
    if (!c.status.empty()) c.compiled.reset();
  }

  // Checks the fastest timed candidates against the reference until `want` pass; a mismatch drops the candidate.
  void verify_fastest(std::vector<Candidate>& cands, int want) {
    const Clock::time_point start = Clock::now();
    std::vector<Candidate*> order;
    for (Candidate& c : cands)
      if (c.status.empty() && c.compiled) order.push_back(&c);
    std::ranges::stable_sort(order, {}, [](const Candidate* c) { return c->ms; });
    int passed = 0;
    for (Candidate* c : order) {
      if (passed >= want) break;
      if (!c->verified && options_.verify) {
        try {
          if (auto diff = bench_->compare(bench_->run_once(*c->compiled, *c->program), reference_)) {
            reject(*c, "mismatch", *diff);
            continue;
          }
        } catch (const std::exception& e) {
          reject(*c, "launch_error", e.what());
          continue;
        }
      }
      c->verified = true;
      ++passed;
    }
    result_.verify_seconds += seconds_since(start);
  }

  // Records every candidate of a round, then keeps the `width` fastest verified lists among it and `previous`.
  std::vector<Candidate> keep_best(std::vector<Candidate> cands, std::vector<Candidate> previous) {
    for (Candidate& c : cands) {
      const bool ok = c.status.empty() && c.compiled && c.verified;
      record(c);
      if (ok) previous.push_back(std::move(c));
    }
    std::ranges::stable_sort(previous, {}, [](const Candidate& c) { return c.ms; });
    if (previous.size() > static_cast<size_t>(std::max(options_.width, 1)))
      previous.resize(static_cast<size_t>(std::max(options_.width, 1)));
    // A list far slower than the best is not worth extending: one opt rarely gains the factor, and each of its
    // extensions would cost at least one slow launch.
    if (!previous.empty()) {
      const double limit = options_.early_stop_factor * previous.front().ms;
      previous.erase(
          std::remove_if(previous.begin() + 1, previous.end(), [&](const Candidate& c) { return c.ms > limit; }),
          previous.end());
    }
    if (!previous.empty()) best_ms_ = previous.front().ms;
    return previous;
  }

  void record(const Candidate& c) {
    // A timed candidate that was not among the verified fastest is still "ok": it was simply not kept.
    const std::string status = c.status.empty() ? "ok" : c.status;
    if (status == "illegal") ++result_.illegal;
    if (status == "compile_error") ++result_.compile_errors;
    if (status == "duplicate") ++result_.duplicates;
    if (status == "mismatch") ++result_.mismatches;
    if (status == "timeout") ++result_.timeouts;
    if (status == "slow") ++result_.slow;
    result_.trace.candidates.push_back({opts_str(c.opts), status, c.ms, c.error, c.round});
    if (config().debug >= 2)
      fmt::print(stderr, "lmc: BEAM {} round {} {:<14} {:>10.4f} ms {}\n", kernel_.name, c.round, status, c.ms,
                 opts_str(c.opts));
  }

  void report(int round, int done, int total) {
    if (!options_.progress) return;
    options_.progress(BeamProgress{round, options_.max_rounds, done, total, best_ms_, seconds_since(start_)});
  }

  Device& device_;
  const ScheduledKernel& kernel_;
  const BeamOptions& options_;
  OptTarget target_;
  bool overlap_compile_ = false;
  ThreadPool pool_;
  TimingOptions timing_;
  std::vector<int32_t> vars_;
  std::unique_ptr<KernelBench> bench_;
  KernelOutputs reference_;
  std::unordered_set<std::string> seen_;  // opt lists tried
  std::unordered_set<uint64_t> programs_; // LinearProgram hashes built
  std::unordered_set<uint64_t> sources_;  // generated sources compiled
  double best_ms_ = -1;                   // the fastest kept (verified) time: the early stop's yardstick
  Clock::time_point start_ = Clock::now();
  BeamResult result_;
};

} // namespace

BeamOptions BeamOptions::from_config() {
  BeamOptions o;
  o.width = std::max(config().beam, 1);
  return o;
}

BeamResult beam_search(Device& device, const ScheduledKernel& kernel, const BeamOptions& options) {
  PausedTracer paused;
  BeamResult result = Search(device, kernel, options).run();
  if (paused.tracer()) paused.tracer()->search(result.trace);
  return result;
}

} // namespace lmc
