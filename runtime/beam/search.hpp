// BEAM search over opt lists for one kernel on one device: keep the best `width` lists, extend each by every opt
// candidate_opts offers, build the extensions in parallel, time them on the device, check the fastest against the
// unoptimized kernel, and stop when the best stops improving. Every candidate is recorded for viz and `lmc beam`.
// Naive kernels cost little: a candidate far slower than the best is dropped at its first slow launch, a kept list
// far slower than the best is not extended, and where whole-kernel tiles (GEMM, TC) apply they are the only first
// moves, so an unoptimized matmul is never timed forty ways.
#pragma once
#include "codegen/opt/opt.hpp"
#include "rewrite/trace.hpp"
#include "runtime/device.hpp"

#include <functional>
#include <span>
#include <vector>

namespace lmc {

// Where a search stands, for progress bars.
struct BeamProgress {
  int round = 0;
  int max_rounds = 0;
  int done = 0;  // candidates of this round finished (built and timed, or failed)
  int total = 0; // candidates of this round
  double best_ms = -1;
  double elapsed_seconds = 0; // since the search started
};

struct BeamOptions {
  int width = 2;                  // LMC_BEAM: opt lists kept per round
  int max_rounds = 10;            // most opts a search adds to the unoptimized kernel
  int stall_rounds = 2;           // stop after this many rounds without a > 1% gain
  int warmup = 1;                 // untimed launches per candidate
  int timing_reps = 5;            // timed launches per candidate (the median counts)
  double early_stop_factor = 3.0; // a run slower than this times the best stops the candidate; a kept list this much
                                  // slower than the best is not extended
  double first_launch_margin_ms = 20.0; // allowance for module loading in a candidate's first launch (TimingOptions)
  double watchdog_seconds = 10.0;       // a candidate whose launches run longer is recorded "timeout" and dropped
  bool verify = true;                   // check each kept candidate's outputs against the unoptimized kernel
  int compile_threads = 0;              // lowering and compiling in parallel; 0: min(4, cores) (NVRTC scales to ~4)
  int overlap_compile = -1;             // time candidates while later ones compile: -1 on GPUs only, 0 never, 1 always
  uint64_t seed = 0x5eed;               // of the random inputs
  std::function<void(const BeamProgress&)> progress; // called from the searching thread, may be empty
  // The moves from an applied list; empty: candidate_opts. Tests use it to offer illegal moves, tools to restrict.
  std::function<std::vector<Opt>(const ScheduledKernel&, std::span<const Opt>, const OptTarget&)> candidates;
  // Each timing launch's time in ms instead of the device's (nothing is launched for timing; outputs are still
  // checked on the device). Tests drive the early stop with it.
  std::function<double(const LinearProgram&)> launch_timer;

  // The defaults with width = LMC_BEAM (at least 1).
  static BeamOptions from_config();
};

struct BeamResult {
  std::vector<Opt> best_opts;
  double best_ms = -1;
  double default_ms = -1;     // the heuristic opts; -1 when they failed
  double unoptimized_ms = -1; // no opts
  int tried = 0;              // candidates built or rejected (every entry of trace.candidates)
  int timed = 0;
  int illegal = 0;
  int compile_errors = 0;
  int duplicates = 0;
  int mismatches = 0;
  int timeouts = 0;
  int slow = 0;
  double search_seconds = 0;
  // Where the search time went (the parts overlap nothing on the searching thread, so they sum to about
  // search_seconds): round 0 (building, running and timing the reference and the heuristic opts), building
  // candidates (lowering, and compiling or, on a GPU, waiting for compiles that run on the pool while earlier
  // candidates are timed), timing, verifying outputs.
  double setup_seconds = 0, build_seconds = 0, timing_seconds = 0, verify_seconds = 0;
  bool from_cache = false;
  rw::TraceSearch trace; // every candidate, for viz and --json
};

// Searches opt lists for `kernel` on `device`. IllegalOpt, lowering and compile errors of candidates are recorded
// and counted, never thrown; throws lmc::Error only when the unoptimized kernel itself cannot be built or run.
// While it runs the active tracer (LMC_VIZ) is paused, so candidate lowerings do not flood the trace; the search
// record is added to it at the end.
BeamResult beam_search(Device& device, const ScheduledKernel& kernel, const BeamOptions& options);

} // namespace lmc
