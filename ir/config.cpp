// Reads the LMC_* environment once; validates values and names.
#include "ir/config.hpp"

#include "ir/error.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <limits>
#include <string_view>

extern char** environ;

namespace lmc {
namespace {

// A whole decimal integer in [lo, hi], checked before it is narrowed to int (strtol saturated, and the cast then
// wrapped: LMC_BEAM=99999999999999999999 became -1 and was silently ignored).
int int_flag(const char* name, int fallback, int lo = 0, int hi = std::numeric_limits<int>::max()) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  const std::string_view text(v);
  int64_t parsed = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc{} || ptr != text.data() + text.size() || parsed < lo || parsed > hi)
    throw Error(fmt::format("{}={}: expected an integer in [{}, {}]", name, text, lo, hi));
  return static_cast<int>(parsed);
}

std::string str_flag(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

Config read_config() {
  // The library's flags, then the test harnesses' (tests read those themselves, but they are still ours).
  static constexpr std::string_view kKnown[] = {"LMC_DEBUG",         "LMC_DEVICE",        "LMC_BEAM",
                                                "LMC_NOOPT",         "LMC_VIZ",           "LMC_CHECK_OOB",
                                                "LMC_CACHE_DIR",     "LMC_THREADS",       "LMC_CUDA_COMPILE_CHECK",
                                                "LMC_VERBOSE",       "LMC_HARNESS_TRACE", "LMC_FUZZ_SEED",
                                                "LMC_GOLDEN_DIR",    "LMC_JOBS",          "LMC_VIZ_FILE",
                                                "LMC_UPDATE_CORPUS", "LMC_LM_DEVICE",     "LMC_GRID_SUBDIVISIONS",
                                                "LMC_MONTY_SRC",     "LMC_CUDA_FMA",      "LMC_RULES"};
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    if (!entry.starts_with("LMC_")) continue;
    std::string_view name = entry.substr(0, entry.find('='));
    bool known = false;
    std::string list;
    for (auto k : kKnown) {
      known = known || k == name;
      list += (list.empty() ? "" : ", ") + std::string(k);
    }
    if (!known) fmt::print(stderr, "lmc: unknown environment flag {} (known: {})\n", name, list);
  }
  Config c;
  c.debug = int_flag("LMC_DEBUG", 0);
  c.device = str_flag("LMC_DEVICE");
  for (auto& ch : c.device)
    ch = static_cast<char>(std::toupper(ch));
  if (!c.device.empty() && c.device != "CPU" && c.device != "CUDA")
    throw Error(fmt::format("LMC_DEVICE={} is not a device (use CPU or CUDA)", c.device));
  c.beam = int_flag("LMC_BEAM", 0);
  c.noopt = int_flag("LMC_NOOPT", 0) != 0;
  c.viz = int_flag("LMC_VIZ", 0) != 0;
  c.viz_file = str_flag("LMC_VIZ_FILE");
  if (c.viz_file.empty()) c.viz_file = "lmc-trace.json";
  c.check_oob = int_flag("LMC_CHECK_OOB", 0) != 0;
  c.cache_dir = str_flag("LMC_CACHE_DIR");
  if (c.cache_dir.empty()) {
    const char* home = std::getenv("HOME");
    c.cache_dir = std::string(home ? home : "/tmp") + "/.cache/lmc";
  }
  c.threads = int_flag("LMC_THREADS", 0, 0, 4096); // a pool of billions of threads is never meant
  c.grid_subdivisions = int_flag("LMC_GRID_SUBDIVISIONS", 0);
  c.cuda_compile_check = int_flag("LMC_CUDA_COMPILE_CHECK", 0) != 0;
  const std::string fma = str_flag("LMC_CUDA_FMA");
  if (fma.empty() || fma == "auto")
    c.cuda_fma = Config::Fma::Auto;
  else if (fma == "1")
    c.cuda_fma = Config::Fma::On;
  else if (fma == "0")
    c.cuda_fma = Config::Fma::Off;
  else
    throw Error(fmt::format("LMC_CUDA_FMA={}: expected auto, 1 or 0", fma));
  return c;
}

} // namespace

Config& mutable_config() {
  static Config c = read_config();
  return c;
}

const Config& config() {
  return mutable_config();
}

} // namespace lmc
