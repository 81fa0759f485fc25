// Every LMC_* environment flag, read once, in one place (DESIGN §10). Unknown LMC_* variables are reported
// once on stderr, so a typo never silently does nothing.
#pragma once
#include <string>

namespace lmc {

struct Config {
  int debug = 0;          // LMC_DEBUG: 1 kernels and times, 2 + schedule, 3 + generated code, 4 + every rewrite
  std::string device;     // LMC_DEVICE: CPU or CUDA; empty picks the best present
  int beam = 0;           // LMC_BEAM: beam width for kernel search; 0 uses heuristics
  bool noopt = false;     // LMC_NOOPT: no kernel optimizations
  bool viz = false;       // LMC_VIZ: record a trace for `lmc viz`
  std::string viz_file;   // LMC_VIZ_FILE: where LMC_VIZ writes it; default lmc-trace.json in the working directory
  bool check_oob = false; // LMC_CHECK_OOB: prove every load/store index in bounds
  std::string cache_dir;  // LMC_CACHE_DIR: default ~/.cache/lmc
  int threads = 0;        // LMC_THREADS: CPU worker threads; 0 uses every core
  // LMC_GRID_SUBDIVISIONS: cells per match radius of the LM neighbour grid (lm/neighbour_grid.hpp); 0 keeps
  // its default. For measuring shorter lists against a larger table.
  int grid_subdivisions = 0;
  // LMC_CUDA_COMPILE_CHECK: every kernel lowered for any device is also rendered as CUDA C and compiled by NVRTC
  // for sm_90 (no GPU needed), so a machine without a GPU checks that the whole test suite's kernels compile.
  bool cuda_compile_check = false;
  // LMC_CUDA_FMA: whether NVRTC may contract a * b + c into one fused multiply-add (faster, one rounding instead of
  // two). auto (the default): everywhere except in kernels that multiply or add in float64, which round each
  // operation as the CPU backend does, so float64 results agree to the last bit across devices (a near-tie of two
  // hypotheses' evidence then breaks the same way as in NumPy). 1: everywhere. 0: nowhere.
  enum class Fma { Auto, On, Off };
  Fma cuda_fma = Fma::Auto;
};

// The process's configuration, read from the environment on first use.
const Config& config();
// Tests override flags with this (never from library code).
Config& mutable_config();

} // namespace lmc
