// `lmc beam`: tunes every kernel of a named workload with BEAM (or finds it in the opt cache) and reports, per
// kernel, the heuristic time, the best time, the speedup, the opts, the candidates tried and the search time.
#include "runtime/beam/beam.hpp"
#include "codegen/schedule.hpp"
#include "ir/config.hpp"
#include "ir/file_io.hpp"
#include "runtime/beam/progress.hpp"
#include "runtime/device.hpp"
#include "runtime/realize.hpp"
#include "tools/command.hpp"

#include <lmc/lmc.hpp>

#include <cstdio>
#include <fmt/format.h>
#include <functional>
#include <optional>

namespace lmc::tools {
namespace {

constexpr std::string_view kUsage =
    "usage: lmc beam <workload> [--beam N] [--rounds N] [--device CPU|CUDA] [--json FILE] [--force]\n\n"
    "Tunes every kernel of the workload with BEAM search (or finds it in the opt cache under $LMC_CACHE_DIR) and\n"
    "prints, per kernel: the heuristic (default) time, the best time, the speedup over the heuristic, the opt list,\n"
    "the candidates tried, the search time and whether it came from the cache.\n\n"
    "workloads (sizes optional):\n"
    "  matmul:M,N,K[:dtype]  (M,K) @ (K,N); dtype float32 (default), float64, or float16/bfloat16 inputs\n"
    "                        multiplied and summed in float32                             default 512,512,512\n"
    "  sum_rows:R,C          x.sum(1)                                                     default 4096,4096\n"
    "  sum_cols:R,C          x.sum(0)                                                     default 4096,4096\n"
    "  fused_sum:R,C         (a * b).sum(1): elementwise fused into the reduce            default 4096,4096\n"
    "  elementwise:N         a * b + exp(a)                                               default 16777216\n"
    "  softmax:R,C           exp(x - max) / sum over rows                                 default 4096,1024\n"
    "  knn:Q,P,K             squared distances of Q queries to P points, K smallest       default 4096,2048,8\n\n"
    "flags:\n"
    "  --beam N      beam width (default: LMC_BEAM, else 2)\n"
    "  --rounds N    most opts added to a kernel (default 10)\n"
    "  --device D    CPU or CUDA (default: LMC_DEVICE, else the best present)\n"
    "  --json FILE   also write the table as JSON\n"
    "  --force       search even when the cache has an answer (and replace it)\n";

struct Workload {
  std::string name;
  std::function<Tensor(const std::string& device)> build;
};

std::vector<int64_t> parse_sizes(std::string_view text, size_t count, std::vector<int64_t> defaults,
                                 std::string_view workload) {
  if (text.empty()) return defaults;
  std::vector<int64_t> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const int64_t v = parse_int(text.substr(start, comma - start), fmt::format("a size of {}", workload));
    if (v < 1) throw UsageError(fmt::format("lmc beam: sizes of {} must be positive, got {}", workload, v));
    out.push_back(v);
    start = comma + 1;
  }
  if (out.size() != count)
    throw UsageError(fmt::format("lmc beam: {} takes {} sizes, got {} ('{}')", workload, count, out.size(), text));
  return out;
}

Tensor input(Shape shape, uint64_t seed, DType dtype, const std::string& device) {
  return Tensor::rand(shape, seed, dtype, device).realize();
}

Workload parse_workload(const std::string& spec) {
  const size_t colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (kind == "matmul") {
    DType dtype = float32;
    if (const size_t c = rest.find(':'); c != std::string::npos) {
      try {
        dtype = dtype_from_name(rest.substr(c + 1));
      } catch (const Error& e) {
        throw UsageError(fmt::format("lmc beam {}: {}", spec, e.what()));
      }
      if (!dtype.is_float())
        throw UsageError(fmt::format("lmc beam {}: matmul takes a float dtype, got {}", spec, dtype.name()));
      rest = rest.substr(0, c);
    }
    const auto s = parse_sizes(rest, 3, {512, 512, 512}, kind);
    // 16-bit inputs are multiplied and summed in float32 (as bench/cuda_bench.cpp does), so the kernel is the one
    // the benchmark runs and its cache entry serves both.
    const bool narrow = dtype != float32 && dtype != float64;
    return {fmt::format("matmul {}x{}x{} {}{}", s[0], s[1], s[2], dtype.name(), narrow ? "->float32" : ""),
            [=](const std::string& d) {
              Tensor a = input({s[0], s[2]}, 1, dtype, d), b = input({s[2], s[1]}, 2, dtype, d);
              if (narrow) return a.cast(float32).matmul(b.cast(float32));
              return a.matmul(b);
            }};
  }
  if (kind == "sum_rows" || kind == "sum_cols" || kind == "fused_sum") {
    const auto s = parse_sizes(rest, 2, {4096, 4096}, kind);
    const std::string name = fmt::format("{} {}x{}", kind, s[0], s[1]);
    if (kind == "sum_rows")
      return {name, [=](const std::string& d) { return input({s[0], s[1]}, 1, float32, d).sum(1); }};
    if (kind == "sum_cols")
      return {name, [=](const std::string& d) { return input({s[0], s[1]}, 1, float32, d).sum(0); }};
    return {name, [=](const std::string& d) {
              return (input({s[0], s[1]}, 1, float32, d) * input({s[0], s[1]}, 2, float32, d)).sum(1);
            }};
  }
  if (kind == "elementwise") {
    const auto s = parse_sizes(rest, 1, {16777216}, kind);
    return {fmt::format("elementwise {}", s[0]), [=](const std::string& d) {
              const Tensor a = input({s[0]}, 1, float32, d), b = input({s[0]}, 2, float32, d);
              return a * b + a.exp();
            }};
  }
  if (kind == "softmax") {
    const auto s = parse_sizes(rest, 2, {4096, 1024}, kind);
    return {fmt::format("softmax {}x{}", s[0], s[1]), [=](const std::string& d) {
              const Tensor x = input({s[0], s[1]}, 1, float32, d);
              const Tensor e = (x - x.max(1, true)).exp();
              return e / e.sum(1, true);
            }};
  }
  if (kind == "knn") {
    // Monty's K-NN kernel: squared distances from every query to every point, then the k nearest (one kernel).
    const auto s = parse_sizes(rest, 3, {4096, 2048, 8}, kind);
    if (s[2] > s[1]) throw UsageError(fmt::format("lmc beam: knn's k ({}) exceeds its points ({})", s[2], s[1]));
    return {fmt::format("knn {} queries x {} points k={}", s[0], s[1], s[2]), [=](const std::string& d) {
              const Tensor q = input({s[0], 1, 3}, 1, float32, d), p = input({1, s[1], 3}, 2, float32, d);
              return ((q - p) * (q - p)).sum(2).topk(s[2], 1, false).first;
            }};
  }
  throw UsageError(fmt::format("lmc beam: unknown workload '{}' (run `lmc beam --help` for the list)", kind));
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20)
        out += fmt::format("\\u{:04x}", c);
      else
        out += c;
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  return v < 0 ? "null" : fmt::format("{}", v);
}

std::string time_text(double ms) {
  return ms < 0 ? "-" : fmt::format("{:.4f}", ms);
}

int run_beam(std::span<const std::string> args) {
  Args a("beam", args, {"--beam", "--rounds", "--device", "--json"}, {"--force", "--help"});
  if (a.has("--help")) {
    fmt::print("{}", kUsage);
    return 0;
  }
  if (a.positional().size() != 1)
    throw UsageError("lmc beam: give exactly one workload (run `lmc beam --help` for the list)");
  const Workload workload = [&] {
    try {
      return parse_workload(a.positional()[0]);
    } catch (const UsageError& e) { // every message names the workload as the user wrote it
      std::string why = e.what();
      if (why.starts_with("lmc beam: ")) why.erase(0, 10);
      if (why.find(a.positional()[0]) != std::string::npos) throw;
      throw UsageError(fmt::format("lmc beam {}: {}", a.positional()[0], why));
    }
  }();
  BeamOptions options = BeamOptions::from_config();
  if (config().beam <= 0) options.width = 2;
  if (auto w = a.value("--beam")) options.width = static_cast<int>(parse_int(*w, "lmc beam: --beam", 1, INT32_MAX));
  if (auto r = a.value("--rounds"))
    options.max_rounds = static_cast<int>(parse_int(*r, "lmc beam: --rounds", 0, INT32_MAX));
  const std::string device_name = a.value("--device").value_or(default_device());
  if (device_name != "CPU" && device_name != "CUDA")
    throw UsageError(fmt::format("lmc beam: unknown device '{}' (CPU or CUDA)", device_name));
  Device* found = nullptr;
  try {
    found = &get_device(device_name);
  } catch (const Error& e) {
    throw UsageError(fmt::format("lmc beam: {}", e.what())); // e.g. CUDA asked for on a machine without a GPU
  }
  Device& device = *found;

  // The workload's sizes are the user's: a shape too large to count or allocate is their mistake (exit 2).
  std::optional<Tensor> result;
  try {
    result = workload.build(device_name);
  } catch (const Error& e) {
    throw UsageError(fmt::format("lmc beam: {}: {}", a.positional()[0], e.what()));
  }
  const Schedule schedule_ = schedule({result->uop()}, device_name);
  OptCache& cache = OptCache::global();
  BeamProgressBar bar(stderr_is_terminal());
  options.progress = [&](const BeamProgress& p) { bar.update(p); };

  std::vector<BeamResult> results;
  for (size_t i = 0; i < schedule_.kernels.size(); ++i) {
    bar.set_label(fmt::format("[{}/{}] {}", i + 1, schedule_.kernels.size(), schedule_.kernels[i].name));
    results.push_back(tune_kernel(device, schedule_.kernels[i], options, cache, a.has("--force")));
  }
  bar.clear();

  fmt::print("{} on {} (beam {}, cache {})\n", workload.name, device_name, options.width, cache.path());
  fmt::print("{:<28} {:>12} {:>12} {:>8} {:>10} {:>9} {:>6}  {}\n", "kernel", "default ms", "best ms", "speedup",
             "candidates", "search s", "cache", "opts");
  for (size_t i = 0; i < results.size(); ++i) {
    const BeamResult& r = results[i];
    const std::string speedup =
        r.default_ms > 0 && r.best_ms > 0 ? fmt::format("{:.2f}x", r.default_ms / r.best_ms) : std::string("-");
    fmt::print("{:<28} {:>12} {:>12} {:>8} {:>10} {:>9.2f} {:>6}  {}\n", schedule_.kernels[i].name,
               time_text(r.default_ms), time_text(r.best_ms), speedup, r.tried, r.search_seconds,
               r.from_cache ? "hit" : "miss", opts_str(r.best_opts));
    if (!r.from_cache && (r.illegal || r.compile_errors || r.mismatches || r.timeouts || r.duplicates || r.slow))
      fmt::print("{:<28} rejected: {} illegal, {} compile errors, {} duplicates, {} mismatches, {} timeouts, {} slow\n",
                 "", r.illegal, r.compile_errors, r.duplicates, r.mismatches, r.timeouts, r.slow);
    if (!r.from_cache)
      fmt::print("{:<28} search time: {:.2f} s reference and default, {:.2f} s building candidates, {:.2f} s timing, "
                 "{:.2f} s verifying (unoptimized kernel {})\n",
                 "", r.setup_seconds, r.build_seconds, r.timing_seconds, r.verify_seconds, time_text(r.unoptimized_ms));
  }

  if (auto path = a.value("--json")) {
    std::string j = fmt::format("{{\n  \"workload\": {},\n  \"device\": {},\n  \"beam\": {},\n  \"kernels\": [",
                                json_string(workload.name), json_string(device_name), options.width);
    for (size_t i = 0; i < results.size(); ++i) {
      const BeamResult& r = results[i];
      j += fmt::format(
          "{}\n    {{\"kernel\": {}, \"default_ms\": {}, \"best_ms\": {}, \"unoptimized_ms\": {}, \"speedup\": {}, "
          "\"opts\": {}, \"candidates\": {}, \"timed\": {}, \"illegal\": {}, \"compile_errors\": {}, "
          "\"duplicates\": {}, \"mismatches\": {}, \"timeouts\": {}, \"slow\": {}, \"search_seconds\": {}, "
          "\"setup_seconds\": {}, \"build_seconds\": {}, \"timing_seconds\": {}, \"verify_seconds\": {}, "
          "\"from_cache\": {}}}",
          i ? "," : "", json_string(schedule_.kernels[i].name), json_number(r.default_ms), json_number(r.best_ms),
          json_number(r.unoptimized_ms),
          r.default_ms > 0 && r.best_ms > 0 ? fmt::format("{}", r.default_ms / r.best_ms) : std::string("null"),
          json_string(opts_str(r.best_opts)), r.tried, r.timed, r.illegal, r.compile_errors, r.duplicates, r.mismatches,
          r.timeouts, r.slow, r.search_seconds, r.setup_seconds, r.build_seconds, r.timing_seconds, r.verify_seconds,
          r.from_cache);
    }
    j += "\n  ]\n}\n";
    // Whole or not at all: a full disk or a bad folder is an error (exit 2), never a partial file with exit 0.
    try {
      write_file_atomic(*path, j, "lmc beam --json");
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  }
  return 0;
}

} // namespace

const Command beam_command{"beam", "tune a workload's kernels with BEAM search (cached)", kUsage, run_beam};

} // namespace lmc::tools
