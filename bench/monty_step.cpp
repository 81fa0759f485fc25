// One Monty matching step for many LMs through the LM backend (lm/backend.hpp), timed per dispatch mode,
// beside the PyTorch and NumPy baselines of bench/peer (same scenarios, same synthetic distribution: nodes on a 5 cm
// sphere, hypotheses near nodes with random rotations). A step is dispatch + wait: upload of the observations, the
// evidence update of every (LM, object) pair, and the per-LM results back on the host.
//
// With --updater burst every LM runs Monty's burst-sampling updater (hypotheses sampled and deleted on the device;
// BackendConfig::updater) fed by a sensor walking over one object, so bursts, deletions and growth happen as in an
// episode; scenarios then have no fixed H (rows report the mean live hypotheses per object), and the baselines are
// bench/peer/monty_burst_torch.py and Monty's own NumPy updater (monty_burst_numpy.py).
//
// usage: monty_step [--device CPU|CUDA] [--dtype float32|float64] [--updater default|burst] [--scenarios S1,S2,...]
//                   [--burst-capacity auto|shrinking|fixed] [--modes flatten,streams,stacked] [--steps N]
//                   [--budget-s X] [--peers] [--peer-tools LIST]
//                   [--peer-budget-s X] [--python EXE] [--peer-json FILE...] [--json FILE] [--tiny] [--check]
// --peers runs bench/peer/monty_step_torch.py and monty_step_numpy.py after the lmc cells (their JSON lands beside
// --json, or in the temp directory); --peer-json reads JSON those scripts wrote earlier in the same job (--peer FILE
// is the old spelling). Peer rows are matched by size (LMs, objects, N, H, K), so S1's row also serves lms1 and
// hyps4k. --tiny shrinks every scenario (a smoke run); --check re-reads the --json file and fails unless it has a
// timed row for every (scenario, mode). The program exits non-zero when the modes disagree on the results.
#include "ir/error.hpp"
#include "lm/backend.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace lmc::lm;

bool g_burst = false; // --updater burst
// --burst-capacity shrinking|fixed: BackendConfig::shrink_burst_capacity (unset: the device's default)
std::optional<bool> g_shrink_burst_capacity;

struct Scenario {
  std::string name;
  int lms, objects;
  int64_t nodes, hypotheses, k;
};

// bench/peer/monty_step_common.py scenarios(): S1-S3, then the LM and hypothesis series.
std::vector<Scenario> all_scenarios(bool series) {
  std::vector<Scenario> out = {
      {"S1", 1, 77, 2000, 4000, 10}, {"S2", 5, 77, 2000, 4000, 10}, {"S3", 1, 10, 2000, 16000, 5}};
  if (series) {
    for (int n : {1, 5, 20, 80})
      out.push_back({fmt::format("lms{}", n), n, 77, 2000, 4000, 10});
    if (!g_burst)
      for (int64_t h : {1000, 4000, 16000, 64000})
        out.push_back({fmt::format("hyps{}k", h / 1000), 1, 77, 2000, h, 10});
  }
  // Burst sampling makes its own hypotheses: H is what the episode grows to, not a size to pick. Every burst scenario
  // uses Monty's benchmark K = 10, as the burst baselines do.
  if (g_burst)
    for (Scenario& s : out) {
      s.hypotheses = 0;
      s.k = 10;
    }
  return out;
}

struct Rng {
  std::mt19937_64 gen;
  std::normal_distribution<double> normal{0, 1};
  std::uniform_real_distribution<double> uniform{0, 1};
  explicit Rng(uint64_t seed) : gen(seed) {}
  double n() { return normal(gen); }
  double u() { return uniform(gen); }
  std::array<double, 3> unit() {
    std::array<double, 3> v{n(), n(), n()};
    const double l = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    for (double& x : v)
      x /= l;
    return v;
  }
  // Right-handed frame [a | t | a x t] with t a random tangent of a.
  std::array<double, 9> frame(const std::array<double, 3>& a) {
    const std::array<double, 3> r = unit();
    std::array<double, 3> t{a[1] * r[2] - a[2] * r[1], a[2] * r[0] - a[0] * r[2], a[0] * r[1] - a[1] * r[0]};
    const double l = std::sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
    for (double& x : t)
      x /= l;
    const std::array<double, 3> c{a[1] * t[2] - a[2] * t[1], a[2] * t[0] - a[0] * t[2], a[0] * t[1] - a[1] * t[0]};
    return {a[0], a[1], a[2], t[0], t[1], t[2], c[0], c[1], c[2]};
  }
};

// One LM's objects and hypotheses, as synthetic_batch() draws them.
struct World {
  std::vector<ObjectModelData> objects;
  std::vector<HypothesesData> hypotheses;
};

World make_world(const Scenario& s, uint64_t seed) {
  Rng rng(seed);
  World w;
  for (int o = 0; o < s.objects; ++o) {
    ObjectModelData m;
    for (int64_t i = 0; i < s.nodes; ++i) {
      const auto normal = rng.unit();
      for (double x : normal)
        m.locations.push_back(0.05 * x);
      const auto f = rng.frame(normal);
      m.pose_vectors.insert(m.pose_vectors.end(), f.begin(), f.end());
      m.pose_fully_defined.push_back(rng.u() < 0.75);
      m.features.insert(m.features.end(), {rng.u(), rng.u(), rng.u(), 1.5 * rng.n(), 1.5 * rng.n()});
    }
    HypothesesData h;
    for (int64_t i = 0; i < s.hypotheses; ++i) {
      const int64_t node = static_cast<int64_t>(rng.u() * static_cast<double>(s.nodes)) % s.nodes;
      for (int a = 0; a < 3; ++a)
        h.locations.push_back(m.locations[node * 3 + a] + 0.003 * rng.n());
      const auto r = rng.frame(rng.unit()); // rows of an orthonormal right-handed matrix: a random rotation
      h.rotations.insert(h.rotations.end(), r.begin(), r.end());
      h.evidence.push_back(rng.n());
    }
    w.objects.push_back(std::move(m));
    w.hypotheses.push_back(std::move(h));
  }
  return w;
}

Observation make_observation(Rng& rng) {
  Observation o;
  o.pose_vectors = rng.frame(rng.unit());
  o.features = {rng.u(), rng.u(), rng.u(), 1.5 * rng.n(), 1.5 * rng.n()};
  o.curvature = std::max(std::abs(o.features[3]), std::abs(o.features[4]));
  o.displacement = std::array<double, 3>{0.004 * rng.n(), 0.004 * rng.n(), 0.004 * rng.n()};
  return o;
}

// A sensor walking over the objects' nodes, as in Monty's golden burst episode: each step it hops to one of the 3rd to
// 12th nearest nodes, senses that node's frame and its features with a little noise, and reports the displacement;
// every 20 steps it moves on to the next object (as bench/peer/monty_burst_*.py do halfway through their 40 steps),
// so the hypotheses of the object it leaves are deleted and a new burst starts.
struct Walk {
  const std::vector<ObjectModelData>& objects;
  Rng rng;
  int64_t steps = 0, at = 0;
  bool moved = false;

  Observation next() {
    const ObjectModelData& model = objects[static_cast<size_t>(steps / 20) % std::min<size_t>(2, objects.size())];
    if (steps % 20 == 0) at = 0, moved = false; // a jump to another object is no movement on it
    ++steps;
    const int64_t n = model.num_nodes();
    const double* p = &model.locations[static_cast<size_t>(at * 3)];
    std::vector<std::pair<double, int64_t>> near;
    for (int64_t i = 0; i < n; ++i) {
      const double* q = &model.locations[static_cast<size_t>(i * 3)];
      near.push_back(
          {(q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]) + (q[2] - p[2]) * (q[2] - p[2]), i});
    }
    const auto pick = static_cast<size_t>(std::min<int64_t>(n - 1, 2 + static_cast<int64_t>(rng.u() * 10)));
    std::nth_element(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(pick), near.end());
    const int64_t next = moved ? near[pick].second : at;
    Observation o;
    std::copy_n(&model.pose_vectors[static_cast<size_t>(next * 9)], 9, o.pose_vectors.begin());
    o.pose_fully_defined = model.pose_fully_defined[static_cast<size_t>(next)] != 0;
    for (int64_t c = 0; c < 5; ++c)
      o.features.push_back(model.features[static_cast<size_t>(next * 5 + c)] + 0.02 * rng.n());
    o.curvature = std::max(std::abs(o.features[3]), std::abs(o.features[4]));
    if (moved) {
      const double* q = &model.locations[static_cast<size_t>(next * 3)];
      o.displacement = std::array<double, 3>{q[0] - p[0], q[1] - p[1], q[2] - p[2]};
    }
    moved = true;
    at = next;
    return o;
  }
};

struct Row {
  std::string scenario, mode, groups, device;
  int lms, objects;
  int64_t nodes, hypotheses, k;
  double median_ms = NAN, min_ms = NAN, dispatch_ms = NAN, first_ms = NAN;
  double mean_hypotheses = NAN; // burst: live hypotheses per object, averaged over the timed steps
  int steps = 0;
  std::string note;
  std::vector<double> final_max; // LM 0's per-object maxima after step 2 (to compare modes)
};

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// The 1-minute load average (NaN where /proc is missing).
double load_average() {
  std::ifstream in("/proc/loadavg");
  double l = NAN;
  in >> l;
  return in ? l : NAN;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? NAN : v[v.size() / 2];
}

Row run_cell(const Scenario& s, const World& w, DispatchMode mode, const std::string& device, bool float32,
             int max_steps, double budget_s) {
  Row r{s.name, mode_name(mode), "", "", s.lms, s.objects, s.nodes, s.hypotheses, s.k};
  BackendConfig c;
  c.device = device;
  c.float32 = float32;
  c.mode = mode;
  c.params.max_neighbors = s.k;
  c.params.max_match_distance = 0.01;
  c.params.features =
      FeatureSpec{{0.1, 0.2, 0.2, 1.0, 1.0}, {2.0, 0.5, 0.5, 1.0, 1.0}, {true, false, false, false, false}, 1.0};
  if (g_burst) c.updater = Updater::BurstSampling;
  c.shrink_burst_capacity = g_shrink_burst_capacity;
  Backend backend(c);
  r.device = backend.device_name();
  for (int l = 0; l < s.lms; ++l)
    backend.register_lm(w.objects, g_burst ? std::vector<HypothesesData>{} : w.hypotheses);
  Walk walk{w.objects, Rng(98)};
  double hypotheses_sum = 0;
  // Streams: one group (and stream) per LM; Flatten and Stacked: all LMs in one group.
  std::vector<std::vector<int>> groups;
  if (mode == DispatchMode::Streams) {
    for (int l = 0; l < s.lms; ++l)
      groups.push_back({l});
    r.groups = fmt::format("{} group{} of 1 LM", s.lms, s.lms == 1 ? "" : "s");
  } else {
    groups.push_back({});
    for (int l = 0; l < s.lms; ++l)
      groups[0].push_back(l);
    r.groups = fmt::format("1 group of {} LM{}", s.lms, s.lms == 1 ? "" : "s");
  }
  Rng rng(99); // the same observations in every mode
  std::vector<double> steps, dispatches;
  auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < max_steps + 2; ++step) {
    std::vector<std::optional<Observation>> inputs;
    const Observation walked = g_burst ? walk.next() : Observation{};
    for (int l = 0; l < s.lms; ++l)
      inputs.push_back(g_burst ? walked : make_observation(rng));
    const auto t0 = std::chrono::steady_clock::now();
    backend.dispatch(groups, inputs);
    const auto t1 = std::chrono::steady_clock::now();
    const StepResults& res = backend.wait();
    const auto t2 = std::chrono::steady_clock::now();
    if (step == 0) r.first_ms = ms_between(t0, t2); // builds the resident batches (and compiles, cold)
    if (step == 1) start = t2;                      // the budget is for the timed steps, not the warm-up's compiles
    if (step >= 2) {
      steps.push_back(ms_between(t0, t2));
      dispatches.push_back(ms_between(t0, t1));
      if (res.lms[0].burst)
        for (const BurstObjectResult& o : res.lms[0].burst->objects)
          hypotheses_sum += static_cast<double>(o.count) / static_cast<double>(s.objects);
    }
    // Compared across modes after the same step (the timed loops stop at different step counts).
    if (step == 2) r.final_max = res.lms[0].max_evidence;
    // At least three timed steps even past the budget, so a slow CPU cell still has a median.
    if (steps.size() >= 3 && ms_between(start, t2) > budget_s * 1e3) break;
  }
  r.steps = static_cast<int>(steps.size());
  r.median_ms = median_of(steps);
  r.min_ms = steps.empty() ? NAN : *std::min_element(steps.begin(), steps.end());
  r.dispatch_ms = median_of(dispatches);
  if (g_burst && !steps.empty()) r.mean_hypotheses = hypotheses_sum / static_cast<double>(steps.size());
  return r;
}

struct Peer {
  std::string tool, device, variant;
  double ms = NAN;
};

// A scenario's size: peer rows are matched by it, not by name (S1 is also lms1 and hyps4k).
using SizeKey = std::tuple<int, int, int64_t, int64_t, int64_t>;
SizeKey size_key(const Scenario& s) {
  return {s.lms, s.objects, s.nodes, s.hypotheses, s.k};
}

// tool -> size -> its fastest variant, over every peer file.
using PeerTable = std::map<std::string, std::map<SizeKey, Peer>>;

void read_peer_file(const std::string& f, PeerTable& best) {
  std::ifstream in(f);
  if (!in) throw lmc::Error(fmt::format("monty_step: cannot read peer file {}", f));
  nlohmann::json j;
  try {
    in >> j;
    std::string tool = j.value("tool", "peer");
    const std::string device = j.value("device", "?");
    // The burst baselines name their variant in the tool ("torch-eager", "monty-numpy"): one column per library.
    if (tool.rfind("torch", 0) == 0) tool = "torch";
    if (tool == "monty-numpy") tool = "numpy";
    for (const auto& row : j.at("results")) {
      if (row.at("median_ms").is_null()) continue; // out of memory
      // Burst rows have no fixed H (null or absent): they match by the other sizes.
      const bool burst_row = j.value("updater", "default") == "burst";
      if (burst_row != g_burst) continue;
      const Scenario s{"",
                       row.at("lms").get<int>(),
                       row.at("objects").get<int>(),
                       row.at("N").get<int64_t>(),
                       burst_row || !row.contains("H") || row.at("H").is_null() ? 0 : row.at("H").get<int64_t>(),
                       row.at("K").get<int64_t>()};
      Peer p{tool, device, row.at("variant").get<std::string>(), row.at("median_ms").get<double>()};
      Peer& b = best[tool][size_key(s)];
      if (std::isnan(b.ms) || p.ms < b.ms) b = p;
    }
  } catch (const nlohmann::json::exception& e) {
    throw lmc::Error(fmt::format("monty_step: peer file {} is not the JSON of bench/peer: {}", f, e.what()));
  }
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= s.size()) {
    const size_t comma = s.find(',', at);
    out.push_back(s.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v)
    out += (out.empty() ? "" : ",") + s;
  return out;
}

// bench/peer: beside the working directory (a checkout, as tools/gpu_check.sh runs) or in this source tree.
std::string peer_dir() {
  if (const char* env = std::getenv("LMC_PEER_DIR")) return env;
  if (std::filesystem::exists("bench/peer/monty_step_common.py")) return "bench/peer";
  return MONTY_STEP_PEER_DIR;
}

// The baselines need NumPy; the first `python3` on PATH may lack it (a pyenv shim) where the system one has it.
std::string find_python(const std::string& chosen) {
  if (!chosen.empty()) return chosen;
  if (const char* env = std::getenv("LMC_PYTHON")) return env;
  for (const char* py : {"python3", "/usr/bin/python3"})
    if (std::system(fmt::format("{} -c 'import numpy' > /dev/null 2>&1", py).c_str()) == 0) return py;
  return "python3";
}

struct PeerRun {
  std::string python, out_prefix;
  double budget_s = 10;
  bool float32 = true;
};

// Runs one peer script for the given scenarios; returns the JSON path, or empty (with a warning) when it failed:
// a missing PyTorch must not cost the lmc figures.
std::string run_peer(const PeerRun& p, const std::string& tool, const std::string& label,
                     const std::vector<std::string>& names, bool series, const std::string& extra) {
  const std::string script = fmt::format("{}/monty_{}_{}.py", peer_dir(), g_burst ? "burst" : "step", tool);
  const std::string out = fmt::format("{}.{}.json", p.out_prefix, label);
  // The burst peers take --json and --scenarios (the torch one also --dtype); the fixed-hypothesis peers take the
  // output path first and --only.
  const std::string dtype = p.float32 ? "float32" : "float64";
  const std::string cmd =
      g_burst ? fmt::format("{} {} --json {} --scenarios {}{} --budget {}{}{} 1>&2", p.python, script, out, join(names),
                            tool == "torch" ? " --dtype " + dtype : "", p.budget_s, series ? " --series" : "", extra)
              : fmt::format("{} {} {} --only {} --dtype {} --budget {}{}{} 1>&2", p.python, script, out, join(names),
                            dtype, p.budget_s, series ? " --series" : "", extra);
  std::filesystem::remove(out); // a file left by an earlier run must not pass for this one's
  std::fprintf(stderr, "monty_step: running %s\n", cmd.c_str());
  std::fflush(stdout);
  if (std::system(cmd.c_str()) != 0 || !std::filesystem::exists(out)) {
    std::fprintf(stderr, "monty_step: warning: the %s baseline failed; its column stays empty\n", tool.c_str());
    return "";
  }
  return out;
}

int usage(const std::string& why) {
  std::fprintf(stderr,
               "monty_step: %s\nusage: monty_step [--device CPU|CUDA] [--dtype float32|float64] [--scenarios LIST] "
               "[--updater default|burst] [--burst-capacity auto|shrinking|fixed] [--series] [--modes "
               "flatten,streams,stacked] [--steps N] [--budget-s X] [--peers] "
               "[--peer-tools torch,numpy] [--peer-budget-s X] [--python EXE] [--peer-json FILE...] [--json FILE] "
               "[--tiny] [--check]\n",
               why.c_str());
  return 2;
}

nlohmann::ordered_json num(double v) {
  return std::isnan(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(v);
}

// The targets for one scenario's best row; empty where none applies (tiny runs, other scenarios).
std::string targets(const Scenario& s, const Row& best, const PeerTable& peers, bool on_gpu) {
  std::vector<std::string> out;
  if (on_gpu && (s.name == "S1" || s.name == "S2")) {
    const double limit = g_burst ? (s.name == "S1" ? 0.5 : 1.5) : (s.name == "S1" ? 0.3 : 1.0);
    out.push_back(fmt::format("< {} ms: {}", limit, best.median_ms < limit ? "met" : "NOT met"));
  }
  auto torch = peers.find("torch");
  if (on_gpu && torch != peers.end() && torch->second.count(size_key(s))) {
    const Peer& p = torch->second.at(size_key(s));
    if (p.device != "CPU")
      out.push_back(fmt::format(">= 20x torch: {}", p.ms / best.median_ms >= 20 ? "met" : "NOT met"));
  }
  auto numpy = peers.find("numpy");
  if (g_burst && on_gpu && numpy != peers.end() && numpy->second.count(size_key(s))) {
    // Monty's NumPy updater runs one LM at a time: its time per LM step against lmc's per LM.
    const double per_lm = best.median_ms / std::max(1, s.lms);
    out.push_back(fmt::format(">= 500x Monty's NumPy per LM step: {}",
                              numpy->second.at(size_key(s)).ms / per_lm >= 500 ? "met" : "NOT met"));
  }
  if (g_burst && !on_gpu && numpy != peers.end() && numpy->second.count(size_key(s)))
    out.push_back(fmt::format(">= 3x Monty's NumPy: {}",
                              numpy->second.at(size_key(s)).ms / best.median_ms >= 3 ? "met" : "NOT met"));
  if (!g_burst && !on_gpu && s.name == "S1" && numpy != peers.end() && numpy->second.count(size_key(s)))
    out.push_back(
        fmt::format("CPU beats NumPy: {}", best.median_ms < numpy->second.at(size_key(s)).ms ? "met" : "NOT met"));
  std::string joined;
  for (const std::string& t : out)
    joined += (joined.empty() ? "" : "; ") + t;
  return joined;
}

// --check: the JSON file has a timed (or deliberately skipped) row for every (scenario, mode).
bool check_json(const std::string& path, const std::vector<Scenario>& scenarios,
                const std::vector<DispatchMode>& modes) {
  std::ifstream in(path);
  nlohmann::json j;
  try {
    in >> j;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "monty_step --check: %s is not JSON: %s\n", path.c_str(), e.what());
    return false;
  }
  bool ok = true;
  for (const Scenario& s : scenarios)
    for (DispatchMode m : modes) {
      bool found = false;
      for (const auto& r : j.at("results"))
        if (r.at("scenario") == s.name && r.at("mode") == mode_name(m))
          found = r.at("median_ms").is_number() || r.at("note").get<std::string>().rfind("skipped", 0) == 0;
      if (!found) {
        std::fprintf(stderr, "monty_step --check: no timed row for %s %s in %s\n", s.name.c_str(), mode_name(m),
                     path.c_str());
        ok = false;
      }
    }
  return ok;
}

} // namespace

int main(int argc, char** argv) {
  std::string device, json_out, python;
  bool float32 = true, series = false, tiny = false, run_peers = false, check = false;
  std::vector<std::string> scenario_names, peer_files, peer_tools;
  std::vector<DispatchMode> modes{DispatchMode::Flatten, DispatchMode::Streams, DispatchMode::Stacked};
  int max_steps = 50;
  double budget_s = 3, peer_budget_s = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc || std::string(argv[i + 1]).rfind("--", 0) == 0)
        throw lmc::Error(fmt::format("{} needs a value", a));
      return argv[++i];
    };
    auto number = [&](double lo) {
      const std::string v = value();
      size_t used = 0;
      double d = NAN;
      try {
        d = std::stod(v, &used);
      } catch (const std::exception&) {
      }
      if (used != v.size() || !(d >= lo)) throw lmc::Error(fmt::format("{} needs a number >= {}, not {}", a, lo, v));
      return d;
    };
    try {
      if (a == "--help" || a == "-h") {
        usage("one Monty matching step per dispatch mode beside the PyTorch and NumPy baselines (see the source's "
              "opening comment)");
        return 0;
      } else if (a == "--device") {
        device = value();
        if (device != "CPU" && device != "CUDA") return usage("--device is CPU or CUDA, not " + device);
      } else if (a == "--dtype") {
        const std::string d = value();
        if (d != "float32" && d != "float64") return usage("--dtype is float32 or float64, not " + d);
        float32 = d == "float32";
      } else if (a == "--updater") {
        const std::string u = value();
        if (u != "default" && u != "burst") return usage("--updater is default or burst, not " + u);
        g_burst = u == "burst";
      } else if (a == "--burst-capacity") {
        const std::string b = value();
        if (b != "auto" && b != "shrinking" && b != "fixed")
          return usage("--burst-capacity is auto, shrinking or fixed, not " + b);
        if (b != "auto") g_shrink_burst_capacity = b == "shrinking";
      } else if (a == "--scenarios") {
        scenario_names = split(value());
      } else if (a == "--series") {
        series = true;
      } else if (a == "--tiny") {
        tiny = true;
      } else if (a == "--check") {
        check = true;
      } else if (a == "--modes") {
        modes.clear();
        for (const std::string& m : split(value())) {
          if (m == "flatten")
            modes.push_back(DispatchMode::Flatten);
          else if (m == "streams")
            modes.push_back(DispatchMode::Streams);
          else if (m == "stacked")
            modes.push_back(DispatchMode::Stacked);
          else
            return usage("unknown mode " + m + " (flatten, streams, stacked)");
        }
      } else if (a == "--steps") {
        max_steps = static_cast<int>(number(1));
      } else if (a == "--budget-s") {
        budget_s = number(0);
      } else if (a == "--peers") {
        run_peers = true;
      } else if (a == "--peer-tools") {
        peer_tools = split(value());
        for (const std::string& t : peer_tools)
          if (t != "torch" && t != "numpy") return usage("unknown peer tool " + t + " (torch, numpy)");
      } else if (a == "--peer-budget-s") {
        peer_budget_s = number(0);
      } else if (a == "--python") {
        python = value();
      } else if (a == "--peer-json" || a == "--peer") {
        peer_files.push_back(value());
        // --peer-json takes every file up to the next flag.
        while (a == "--peer-json" && i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0)
          peer_files.push_back(argv[++i]);
      } else if (a == "--json") {
        json_out = value();
      } else {
        return usage("unknown argument " + a);
      }
    } catch (const std::exception& e) {
      return usage(e.what());
    }
  }
  if (check && json_out.empty()) return usage("--check needs --json FILE");
  if (tiny && run_peers) return usage("--peers times the real sizes, which --tiny does not run");
  std::vector<Scenario> scenarios;
  for (const Scenario& s : all_scenarios(true)) {
    const bool named = std::find(scenario_names.begin(), scenario_names.end(), s.name) != scenario_names.end();
    const bool base = s.name == "S1" || s.name == "S2" || s.name == "S3";
    if (scenario_names.empty() ? (base || series) : (named || (series && !base))) scenarios.push_back(s);
  }
  for (const std::string& n : scenario_names)
    if (std::none_of(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.name == n; }))
      return usage("unknown scenario " + n + " (S1 S2 S3 lms1 lms5 lms20 lms80 hyps1k hyps4k hyps16k hyps64k)");
  if (tiny)
    for (Scenario& s : scenarios) {
      s.lms = std::min(s.lms, 2);
      s.objects = 3;
      s.nodes = 300;
      s.hypotheses = std::min<int64_t>(s.hypotheses / 40, 400);
    }

  try {
    // The CPU figures depend on what else runs on the machine: the load goes with them.
    const double load_start = load_average();
    std::printf("monty_step: %s, device %s, load average %.2f; per mode: median step (dispatch + wait), min, "
                "dispatch's return, the first step (builds and compiles)\n",
                float32 ? "float32" : "float64", device.empty() ? "best present" : device.c_str(), load_start);
    PeerTable peers;
    for (const std::string& f : peer_files)
      read_peer_file(f, peers);
    std::vector<Row> rows;
    bool modes_agree = true;
    for (const Scenario& s : scenarios) {
      const World w = make_world(s, 7);
      std::vector<double> reference;
      for (DispatchMode mode : modes) {
        Row r;
        // One batch per (LM, object) pair: thousands of graphs at 20 LMs and more, which says nothing new. (Burst
        // sampling flattens to one batch per LM, which runs at every size.)
        if (mode == DispatchMode::Flatten && !g_burst && s.lms * s.objects > 400) {
          r = Row{s.name, mode_name(mode), "", "", s.lms, s.objects, s.nodes, s.hypotheses, s.k};
          r.note = "skipped: over 400 pairs";
        } else {
          try {
            r = run_cell(s, w, mode, device, float32, max_steps, budget_s);
          } catch (const lmc::Error& e) {
            r = Row{s.name, mode_name(mode), "", "", s.lms, s.objects, s.nodes, s.hypotheses, s.k};
            r.note = std::string("failed: ") + e.what();
            modes_agree = false;
          }
        }
        if (!r.final_max.empty()) {
          if (reference.empty()) reference = r.final_max;
          for (size_t o = 0; o < reference.size(); ++o)
            if (!(std::abs(reference[o] - r.final_max[o]) <= (float32 ? 1e-3 : 1e-9) * (1 + std::abs(reference[o])))) {
              r.note += fmt::format(" results differ from {} (object {}: {} vs {})", mode_name(modes[0]), o,
                                    r.final_max[o], reference[o]);
              modes_agree = false;
              break;
            }
        }
        const std::string h = g_burst ? fmt::format("~{:.0f}", r.mean_hypotheses) : std::to_string(r.hypotheses);
        std::printf("%-8s %-8s LMs=%-3d obj=%-3d N=%lld H=%-6s K=%-3lld %10.3f ms (min %.3f, dispatch %.3f, first "
                    "%.0f ms, %d steps) %s %s\n",
                    r.scenario.c_str(), r.mode.c_str(), r.lms, r.objects, static_cast<long long>(r.nodes), h.c_str(),
                    static_cast<long long>(r.k), r.median_ms, r.min_ms, r.dispatch_ms, r.first_ms, r.steps,
                    r.groups.c_str(), r.note.c_str());
        std::fflush(stdout);
        rows.push_back(r);
      }
    }
    std::string device_used;
    for (const Row& r : rows)
      if (!r.device.empty()) device_used = r.device;
    const bool on_gpu = device_used.rfind("CUDA", 0) == 0;

    // The baselines run after the lmc cells so they never share the machine with them, on the device lmc used.
    if (run_peers) {
      if (peer_tools.empty())
        peer_tools = on_gpu ? std::vector<std::string>{"torch"} : std::vector<std::string>{"torch", "numpy"};
      PeerRun p{find_python(python),
                json_out.empty() ? (std::filesystem::temp_directory_path() / "monty_step_peer").string() : json_out,
                peer_budget_s, float32};
      // Two runs per peer: every variant where it matters, the fast ones elsewhere. PyTorch: S1-S3 with every
      // variant, the series (less the sizes S1-S3 already are) without torch.compile, whose ~30 s per new shape would
      // dominate. NumPy: S1 (the CPU target) with brute force and KD-tree, the rest with the KD-tree only (brute
      // force is ten times slower) and only up to S2's size (seconds per step).
      struct Job {
        std::string tool, label, extra;
        std::vector<std::string> names;
        bool series = false;
      };
      std::vector<Job> jobs;
      const std::string torch_device = fmt::format(" --device {}", on_gpu ? "cuda" : "cpu");
      for (const std::string& tool : peer_tools) {
        const bool torch = tool == "torch";
        Job full{tool, tool, torch ? torch_device : ""};
        // The fast variants: without torch.compile, and for NumPy the KD-tree (Monty's burst updater has only that).
        const std::string fast_torch = g_burst ? " --variants eager" : " --variants eager_cdist,eager_sqdiff";
        Job fast{tool, tool + "_fast", torch ? torch_device + fast_torch : (g_burst ? "" : " --knn kdtree")};
        std::set<SizeKey> seen;
        for (const Scenario& s : scenarios) {
          if (!seen.insert(size_key(s)).second) continue;
          if (!torch && int64_t{s.lms} * s.objects * s.hypotheses > 5 * 77 * 4000) continue;
          const bool base = s.name == "S1" || s.name == "S2" || s.name == "S3";
          Job& j = (torch ? base : s.name == "S1") ? full : fast;
          j.names.push_back(s.name);
          j.series |= !base;
        }
        for (Job* j : {&full, &fast})
          if (!j->names.empty()) jobs.push_back(*j);
      }
      for (const Job& j : jobs) {
        const std::string f = run_peer(p, j.tool, j.label, j.names, j.series, j.extra);
        if (f.empty()) continue;
        read_peer_file(f, peers);
        peer_files.push_back(f);
      }
    }

    // The summary: the best mode per scenario against the fastest variant of each peer.
    std::printf("\nsummary on %s (ratio = peer ms / lmc ms: above 1, lmc is faster)\nscenario  best mode   lmc ms  ",
                device_used.c_str());
    for (const auto& [tool, _] : peers)
      std::printf("| %-28s ratio ", ("best " + tool).c_str());
    std::printf("| target\n");
    nlohmann::ordered_json jrows = nlohmann::ordered_json::array();
    for (const Scenario& s : scenarios) {
      const Row* best = nullptr;
      for (const Row& r : rows)
        if (r.scenario == s.name && !std::isnan(r.median_ms) && (!best || r.median_ms < best->median_ms)) best = &r;
      std::printf("%-9s %-9s %8.3f  ", s.name.c_str(), best ? best->mode.c_str() : "-", best ? best->median_ms : NAN);
      for (const auto& [tool, by_size] : peers) {
        auto it = by_size.find(size_key(s));
        if (it == by_size.end() || !best) {
          std::printf("| %-28s %5s ", "-", "-");
          continue;
        }
        std::printf("| %-18s %9.3f %6sx ", it->second.variant.c_str(), it->second.ms,
                    fmt::format("{:.3g}", it->second.ms / best->median_ms).c_str());
      }
      const std::string target = !tiny && best ? targets(s, *best, peers, on_gpu) : "";
      std::printf("| %s\n", target.c_str());
      for (const Row& r : rows) {
        if (r.scenario != s.name) continue;
        // Each row's own ratio against every peer: lmc's time over the peer's fastest variant at that size.
        nlohmann::ordered_json peer_json = nlohmann::ordered_json::object();
        std::optional<Peer> headline; // torch where present (the target), else NumPy
        for (const auto& [tool, by_size] : peers) {
          auto it = by_size.find(size_key(s));
          if (it == by_size.end()) continue;
          peer_json[tool] = {{"variant", it->second.variant},
                             {"median_ms", it->second.ms},
                             {"device", it->second.device},
                             {"ratio", num(it->second.ms / r.median_ms)}};
          if (!headline || tool == "torch") headline = it->second;
        }
        jrows.push_back({{"scenario", r.scenario},
                         {"mode", r.mode},
                         {"groups", r.groups},
                         {"device", r.device.empty() ? device_used : r.device},
                         {"dtype", float32 ? "float32" : "float64"},
                         {"lms", r.lms},
                         {"objects", r.objects},
                         {"N", r.nodes},
                         {"H", g_burst ? nlohmann::ordered_json() : nlohmann::ordered_json(r.hypotheses)},
                         {"updater", g_burst ? "burst" : "default"},
                         {"mean_hypotheses", num(r.mean_hypotheses)},
                         {"K", r.k},
                         {"median_ms", num(r.median_ms)},
                         {"min_ms", num(r.min_ms)},
                         {"dispatch_ms", num(r.dispatch_ms)},
                         {"first_step_ms", num(r.first_ms)},
                         {"steps", r.steps},
                         {"best_mode", best && &r == best},
                         {"peers", peer_json},
                         {"peer_best", headline ? nlohmann::ordered_json(headline->tool + " " + headline->variant)
                                                : nlohmann::ordered_json()},
                         {"peer_best_ms", headline ? num(headline->ms) : nlohmann::ordered_json()},
                         {"ratio", headline ? num(headline->ms / r.median_ms) : nlohmann::ordered_json()},
                         {"target", best && &r == best ? target : ""},
                         {"note", r.note}});
      }
    }
    if (!json_out.empty()) {
      std::ofstream out(json_out);
      out << nlohmann::ordered_json{{"tool", "lmc"},
                                    {"device", device_used},
                                    {"dtype", float32 ? "float32" : "float64"},
                                    {"peer_files", peer_files},
                                    {"load_average_start", load_start},
                                    {"load_average_end", load_average()},
                                    {"results", jrows}}
                 .dump(1)
          << "\n";
      if (!out) throw lmc::Error(fmt::format("monty_step: cannot write {}", json_out));
    }
    if (check && !check_json(json_out, scenarios, modes)) return 1;
    if (!modes_agree) {
      std::fprintf(stderr, "monty_step: the dispatch modes disagree or failed (see the notes above)\n");
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "monty_step: %s\n", e.what());
    return 1;
  }
  return 0;
}
