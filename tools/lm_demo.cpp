// `lmc demo`: the recognition demo of the LM library. Builds synthetic objects, places one at a random pose, walks a
// noisy sensor over it and runs one burst-sampling LM in the LM backend until one object wins; prints what it
// recognized, the pose error, the steps and the per-step time split into the backend's step and the host's decisions.
// Its own file as one subcommand of `lmc`.
#include "ir/file_io.hpp"
#include "lm/episode_export.hpp"
#include "lm/recognition.hpp"
#include "runtime/device.hpp"
#include "tools/command.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

namespace lmc::tools {
namespace {

// The CPU defaults are smaller than Monty's 77 x 2000: one step over 77 objects with 4000 hypotheses each takes
// seconds on two cores, and ten runs of up to 50 steps should finish in minutes.
constexpr int64_t kObjects = 77, kNodes = 2000, kCpuObjects = 20, kCpuNodes = 1000;

// The most a flag may ask for: far beyond any real run, and small enough that the world is built in memory (a demo of
// a billion objects would start building it without a word).
constexpr int64_t kMaxObjects = 100000, kMaxNodes = 1000000, kMaxTotalNodes = 100000000, kMaxRuns = 100000,
                  kMaxSteps = 100000;

int64_t positive(const Args& a, std::string_view flag, int64_t fallback, int64_t most) {
  const std::optional<std::string> v = a.value(flag);
  if (!v) return fallback;
  const int64_t n = parse_int(*v, fmt::format("lmc demo {}", flag));
  if (n < 1 || n > most) throw UsageError(fmt::format("lmc demo {}: {} is outside [1, {}]", flag, n, most));
  return n;
}

std::string json_number(double v) {
  return std::isfinite(v) ? fmt::format("{:.6g}", v) : "null";
}

int run_demo(std::span<const std::string> args) {
  Args a("demo", args,
         {"--device", "--runs", "--seed", "--objects", "--nodes", "--max-steps", "--dtype", "--json", "--monty-episode",
          "--burst-capacity"},
         {"--help"});
  if (a.has("--help")) {
    fmt::print("{}", demo_command.usage);
    return 0;
  }
  if (!a.positional().empty()) throw UsageError(fmt::format("lmc demo: unexpected argument '{}'", a.positional()[0]));
  std::string device = a.value("--device").value_or("");
  if (device == "cpu") device = "CPU";
  if (device == "cuda") device = "CUDA";
  if (!device.empty() && device != "CPU" && device != "CUDA")
    throw UsageError(fmt::format("lmc demo --device {} (use CPU or CUDA)", device));
  if (device.empty()) device = default_device();
  try {
    get_device(device);
  } catch (const Error& e) {
    throw UsageError(fmt::format("lmc demo --device {}: {}", device, e.what()));
  }
  const std::string dtype_name = a.value("--dtype").value_or("float32");
  if (dtype_name != "float32" && dtype_name != "float64")
    throw UsageError(fmt::format("lmc demo --dtype {} (use float32 or float64)", dtype_name));
  const bool cpu = device == "CPU";
  const int64_t runs = positive(a, "--runs", 10, kMaxRuns);
  const int64_t num_objects = positive(a, "--objects", cpu ? kCpuObjects : kObjects, kMaxObjects);
  const int64_t num_nodes = positive(a, "--nodes", cpu ? kCpuNodes : kNodes, kMaxNodes);
  if (num_objects * num_nodes > kMaxTotalNodes)
    throw UsageError(fmt::format("lmc demo: {} objects x {} nodes is more than {} nodes in all", num_objects, num_nodes,
                                 kMaxTotalNodes));
  lm::RecognitionParams params;
  params.max_steps = positive(a, "--max-steps", 50, kMaxSteps);
  int64_t seed = 0;
  if (const auto s = a.value("--seed")) {
    seed = parse_int(*s, "lmc demo --seed");
    if (seed < 0) throw UsageError(fmt::format("lmc demo --seed: {} is negative", seed));
  }
  const std::string burst_capacity = a.value("--burst-capacity").value_or("auto");
  if (burst_capacity != "auto" && burst_capacity != "shrinking" && burst_capacity != "fixed")
    throw UsageError(fmt::format("lmc demo --burst-capacity {} (use auto, shrinking or fixed)", burst_capacity));
  const std::optional<std::string> json_path = a.value("--json");
  const std::optional<std::string> episode_dir = a.value("--monty-episode");
  if (episode_dir) {
    // Checked before any run: a folder that cannot be made is a usage error now, not after minutes of runs.
    std::error_code ec;
    if (episode_dir->empty()) throw UsageError("lmc demo --monty-episode: the folder name is empty");
    std::filesystem::create_directories(*episode_dir, ec);
    if (ec || !std::filesystem::is_directory(*episode_dir, ec))
      throw UsageError(fmt::format("lmc demo --monty-episode {}: not a folder that can be written ({})",
                                   episode_dir->size() > 200 ? episode_dir->substr(0, 200) + "..." : *episode_dir,
                                   ec ? ec.message() : "a file has that name"));
  }

  const auto build_start = std::chrono::steady_clock::now();
  const std::vector<lm::SyntheticShape> shapes = lm::synthetic_shapes(num_objects, static_cast<uint64_t>(seed));
  const std::vector<lm::ObjectModelData> objects =
      lm::synthetic_objects(num_objects, num_nodes, static_cast<uint64_t>(seed)); // the same shapes, sampled
  lm::BackendConfig config = lm::recognition_backend(params, device, dtype_name == "float32" ? float32 : float64);
  if (burst_capacity != "auto") config.shrink_burst_capacity = burst_capacity == "shrinking";
  lm::Backend backend(config);
  const int lm_id = backend.register_lm(objects);
  const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count();
  fmt::print("lmc demo: {} objects x {} nodes, {} runs, seed {}, device {}, {}; world built in {:.1f} s\n", num_objects,
             num_nodes, runs, seed, device, dtype_name, build_s);
  fmt::print("{:>4} {:>6} {:>10} {:>7} {:>9} {:>10} {:>5} {:>9} {:>12}\n", "run", "target", "recognized", "correct",
             "terminal", "pose err", "steps", "possible", "median step");

  std::vector<lm::RecognitionResult> results;
  for (int64_t run = 0; run < runs; ++run) {
    const lm::Episode e = lm::make_episode(num_objects, static_cast<uint64_t>(seed), run);
    lm::SensorRun sensor(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, e.sensor_seed);
    const lm::RecognitionResult r = lm::recognize(backend, lm_id, sensor, e.target, params);
    fmt::print("{:>4} {:>6} {:>10} {:>7} {:>9} {:>8.1f}° {:>5} {:>9} {:>9.1f} ms  {}\n", run, r.target, r.recognized,
               r.correct ? "yes" : "no", r.terminated ? (r.symmetric ? "symmetry" : "pose") : "no",
               r.pose_error_degrees, r.steps, r.possible_matches, r.median_step_ms(), device);
    std::fflush(stdout);
    results.push_back(r);
  }

  int64_t correct = 0, terminated = 0, symmetric = 0;
  std::vector<double> steps, pose_errors, step_ms, all_step_ms, backend_ms, host_ms;
  for (const lm::RecognitionResult& r : results) {
    backend_ms.insert(backend_ms.end(), r.backend_ms.begin(), r.backend_ms.end());
    host_ms.insert(host_ms.end(), r.host_ms.begin(), r.host_ms.end());
    correct += r.correct;
    terminated += r.terminated;
    symmetric += r.symmetric;
    steps.push_back(static_cast<double>(r.steps));
    if (r.correct) pose_errors.push_back(r.pose_error_degrees);
    step_ms.push_back(r.median_step_ms());
    all_step_ms.insert(all_step_ms.end(), r.step_ms.begin(), r.step_ms.end());
  }
  fmt::print("recognized {}/{} (terminal condition: {} unique pose, {} symmetry, {} ran to max-steps); median steps "
             "{}; median pose error {:.1f}° (correct runs); median step time {:.1f} ms (all steps) on {} ({})\n",
             correct, runs, terminated - symmetric, symmetric, runs - terminated, lm::median(steps),
             lm::median(pose_errors), lm::median(all_step_ms), device, dtype_name);
  // The first step of the first run compiles the step's kernels (or loads them from the kernel cache).
  const double first_step_ms = results.empty() || results[0].step_ms.empty() ? 0 : results[0].step_ms[0];
  fmt::print("step time split (medians): backend {:.3f} ms (dispatch until the results are on the host), host "
             "decisions {:.3f} ms; first step of the process {:.1f} ms\n",
             lm::median(backend_ms), lm::median(host_ms), first_step_ms);

  if (json_path) {
    std::string out = fmt::format(
        "{{\"objects\": {}, \"nodes\": {}, \"seed\": {}, \"device\": \"{}\", \"dtype\": \"{}\", "
        "\"max_steps\": {}, \"recognized\": {}, \"runs_total\": {}, \"terminated\": {}, "
        "\"symmetric\": {}, \"median_steps\": {}, \"median_pose_error_degrees\": {}, "
        "\"median_step_ms\": {}, \"median_backend_ms\": {}, \"median_host_ms\": {}, "
        "\"first_step_ms\": {}, \"runs\": [",
        num_objects, num_nodes, seed, device, dtype_name, params.max_steps, correct, runs, terminated, symmetric,
        json_number(lm::median(steps)), json_number(lm::median(pose_errors)), json_number(lm::median(all_step_ms)),
        json_number(lm::median(backend_ms)), json_number(lm::median(host_ms)), json_number(first_step_ms));
    for (size_t i = 0; i < results.size(); ++i) {
      const lm::RecognitionResult& r = results[i];
      std::string ms;
      for (size_t s = 0; s < r.step_ms.size(); ++s)
        ms += (s ? ", " : "") + json_number(r.step_ms[s]);
      out += fmt::format("{}{{\"run\": {}, \"target\": {}, \"recognized\": {}, \"correct\": {}, \"terminated\": {}, "
                         "\"symmetric\": {}, "
                         "\"pose_error_degrees\": {}, \"steps\": {}, \"possible_matches\": {}, \"evidence\": {}, "
                         "\"median_step_ms\": {}, \"step_ms\": [{}]}}",
                         i ? ", " : "", i, r.target, r.recognized, r.correct, r.terminated, r.symmetric,
                         json_number(r.pose_error_degrees), r.steps, r.possible_matches, json_number(r.evidence),
                         json_number(r.median_step_ms()), ms);
    }
    out += "]}\n";
    // Whole or not at all: a full disk or a bad folder is an error (exit 2), never a partial file with exit 0.
    try {
      write_file_atomic(*json_path, out, "lmc demo --json");
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  }
  if (episode_dir && !results.empty()) {
    // The last run's objects and observations, for Monty's own updater to replay (bench/demo_vs_monty.sh; the last,
    // so that earlier runs have compiled the kernels a run needs): the sensor is the world, so the same seed gives
    // the same observations the LM got.
    const int64_t last = runs - 1;
    const lm::Episode e = lm::make_episode(num_objects, static_cast<uint64_t>(seed), last);
    lm::SensorRun sensor(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, e.sensor_seed);
    std::vector<lm::Observation> observed;
    for (int64_t s = 0; s < results.back().steps; ++s)
      observed.push_back(sensor.observe());
    try {
      lm::write_monty_episode(*episode_dir, objects, observed, params.burst);
    } catch (const Error& err) {
      throw UsageError(fmt::format("lmc demo --monty-episode: {}", err.what()));
    }
    fmt::print("wrote run {} ({} steps) for Monty's updater to {}\n", last, results.back().steps, *episode_dir);
  }
  return 0;
}

} // namespace

const Command demo_command{
    "demo", "recognize a synthetic object with one burst-sampling LM",
    "usage: lmc demo [--device CPU|CUDA] [--runs N] [--seed S] [--objects N] [--nodes N] [--max-steps N]\n"
    "                [--dtype float32|float64] [--json FILE] [--monty-episode DIR]\n"
    "                [--burst-capacity auto|shrinking|fixed]\n\n"
    "Builds random synthetic objects (superellipsoids with bumps and colour regions; nodes with normals, curvature\n"
    "directions, hsv and log curvatures), then per run places one at a random pose, walks a noisy sensor over it\n"
    "(location sigma 2 mm, pose vectors 2 degrees per Euler angle, hue 0.1) and runs one LM with Monty's burst\n"
    "sampling (K 10, max match distance 1 cm) until exactly one possible match with evidence above 1 remains and\n"
    "its likely poses agree (Monty's unique-pose check: within 10 cm and 0.35 rad), or max-steps. Prints per\n"
    "run the target, the most likely object, the pose error, the steps and the median step time, then a summary\n"
    "with the step time split into the backend's step (uploads, kernels, results back) and the host's decisions.\n\n"
    "  --device D     CPU or CUDA (default: the best present device)\n"
    "  --runs N       seeded runs (default 10)\n"
    "  --seed S       seed of the world and the runs (default 0)\n"
    "  --objects N    objects in memory (default 77, 20 on CPU)\n"
    "  --nodes N      nodes per object (default 2000, 1000 on CPU)\n"
    "  --max-steps N  steps per run at most (default 50)\n"
    "  --dtype T      float32 (default) or float64\n"
    "  --json FILE    also write the results as JSON\n"
    "  --monty-episode DIR  write the last run's objects, observations and parameters as .npy for Monty's own\n"
    "                 updater to replay\n"
    "                 (bench/demo_vs_monty.sh times both side by side)\n"
    "  --burst-capacity C  auto (default: shrinking on CPU, fixed on CUDA), shrinking (a batch whose objects have\n"
    "                 deleted down to a few hypotheses is rebuilt smaller) or fixed (it only grows)\n",
    run_demo};

} // namespace lmc::tools
