// The burst_episode case of Monty's golden data (24 steps over 3 objects), replayed through the LM backend on the CPU
// (or LMC_LM_DEVICE) in every dispatch mode, with the episode's LM stacked beside a twin (same inputs: must get the
// same results) and an LM without input on odd steps, and through the host-loop BurstUpdater (the reference); compared
// array by array with the README's tolerances: float64 with every discrete output exact, float32 with discrete
// differences counted and values compared where the shapes agree. The LM's per-step results (per-object max, most
// likely hypothesis, possible matches) are checked against a naive reading of the golden evidence. Skips when the
// golden data is absent.
#include "lm/replay.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

namespace lmc::lm {
namespace {

namespace fs = std::filesystem;

fs::path burst_case() {
  const char* env = std::getenv("LMC_GOLDEN_DIR");
  return fs::path(env && *env ? env : LMC_GOLDEN_DIR_DEFAULT) / "burst_episode";
}

std::string test_device() {
  const char* env = std::getenv("LMC_LM_DEVICE");
  return env && *env ? env : "CPU";
}

// One replay per dtype and engine per process: the episode compiles many kernels, and several tests read its outputs.
const ReplayResult& replayed(DType dtype, const ReplayOptions& options = {}) {
  static std::map<std::string, ReplayResult> cache;
  const std::string key = dtype.name() + (options.reference_updater ? " reference" : mode_name(options.mode));
  auto it = cache.find(key);
  if (it == cache.end())
    it = cache.emplace(key, replay_case(burst_case().string(), dtype, test_device(), options)).first;
  return it->second;
}

std::string engine_name(const ReplayOptions& options) {
  return options.reference_updater ? "BurstUpdater" : std::string("backend, ") + mode_name(options.mode);
}

std::vector<double> values(const NpyArray& a) {
  if (a.dtype == float64) return a.as_double();
  std::vector<double> v;
  if (a.dtype == int64)
    for (int64_t x : a.as_int64())
      v.push_back(static_cast<double>(x));
  else
    for (bool x : a.as_bool())
      v.push_back(x ? 1.0 : 0.0);
  return v;
}

struct Tol {
  bool exact = false;
  double tol = 0;
  bool relative = false; // error divided by max(1, |want|)
};

// README "Tolerances" for the episode's arrays; obj<o>_ prefixes are stripped.
Tol tolerance(std::string name, bool f32) {
  if (name.starts_with("obj")) name = name.substr(name.find('_') + 1);
  static const char* exact[] = {"count",
                                "offsets",
                                "retained",
                                "retained_offsets",
                                "num_retained",
                                "num_new",
                                "num_variants",
                                "new_node_ids",
                                "new_node_offsets",
                                "ages",
                                "step_burst_steps_at_enter",
                                "step_burst_triggered"};
  for (const char* e : exact)
    if (name == e) return {true};
  if (name == "locations") return {false, f32 ? 1e-6 : 1e-12};
  if (name == "rotations") return {false, f32 ? 1e-6 : 1e-14};
  if (name == "node_feature_evidence") return {false, f32 ? 1e-6 : 1e-13};
  if (name == "evidence" || name == "tracker_buffer" || name == "threshold")
    return f32 ? Tol{false, 1e-3, true} : Tol{false, 1e-9};
  if (name == "slopes" || name == "step_max_global_slope") return {false, f32 ? 5e-4 : 1e-9};
  if (name == "prediction_error") return {false, f32 ? 1e-3 : 1e-10};
  ADD_FAILURE() << "no tolerance for array " << name;
  return {true};
}

struct Comparison {
  double max_error = 0;
  int64_t discrete_mismatches = 0; // differing exact values, NaN/inf positions, or -1 for a different shape
};

Comparison compare(const NpyArray& got, const NpyArray& want, Tol t) {
  Comparison c;
  if (got.shape != want.shape) {
    c.discrete_mismatches = -1;
    return c;
  }
  const std::vector<double> g = values(got), w = values(want);
  for (size_t i = 0; i < w.size(); ++i) {
    if (t.exact || !std::isfinite(w[i]) || !std::isfinite(g[i])) {
      const bool same = (std::isnan(w[i]) && std::isnan(g[i])) || g[i] == w[i];
      c.discrete_mismatches += !same;
      continue;
    }
    const double err = std::abs(g[i] - w[i]) / (t.relative ? std::max(1.0, std::abs(w[i])) : 1.0);
    c.max_error = std::max(c.max_error, err);
  }
  return c;
}

std::string fmt_mismatches(int64_t n) {
  return ", discrete mismatches " + std::to_string(n);
}

nlohmann::json case_json() {
  std::ifstream in(burst_case() / "case.json");
  return nlohmann::json::parse(in);
}

void compare_episode(DType dtype, const ReplayOptions& options = {}) {
  if (!fs::exists(burst_case())) GTEST_SKIP() << "no burst_episode case at " << burst_case();
  const bool f32 = dtype == float32;
  const ReplayResult& r = replayed(dtype, options);
  EXPECT_EQ(r.kind, "burst_episode");
  if (!options.reference_updater) {
    ASSERT_TRUE(r.scalars.count("twin_mismatches"));
    EXPECT_EQ(r.scalars.at("twin_mismatches"), 0) << "the stacked twin LM got other results";
  }
  int64_t total_discrete = 0;
  std::printf("burst_episode (%s, %s, %s):\n", dtype.name().c_str(), test_device().c_str(),
              engine_name(options).c_str());
  const nlohmann::json c = case_json();
  for (const auto& a : c.at("arrays")) {
    const std::string role = a.at("role").get<std::string>(), name = a.at("name").get<std::string>();
    if (role != "output" && role != "intermediate") continue;
    SCOPED_TRACE(name + (f32 ? " (float32)" : " (float64)"));
    auto it = r.arrays.find(name);
    if (it == r.arrays.end()) {
      ADD_FAILURE() << "not computed";
      continue;
    }
    const NpyArray want = read_npy((burst_case() / a.at("file").get<std::string>()).string());
    const Tol t = tolerance(name, f32);
    const Comparison cmp = compare(it->second, want, t);
    if (cmp.discrete_mismatches < 0) {
      std::printf("  %-28s shape %s, want %s\n", name.c_str(), shape_str(it->second.shape).c_str(),
                  shape_str(want.shape).c_str());
      if (!f32) ADD_FAILURE() << "shape " << shape_str(it->second.shape) << ", want " << shape_str(want.shape);
      total_discrete += 1;
      continue;
    }
    std::printf("  %-28s max |err| %.3g%s\n", name.c_str(), cmp.max_error,
                cmp.discrete_mismatches ? fmt_mismatches(cmp.discrete_mismatches).c_str() : "");
    if (!t.exact) {
      EXPECT_LE(cmp.max_error, t.tol);
    }
    if (!f32) {
      EXPECT_EQ(cmp.discrete_mismatches, 0) << "discrete mismatches";
    }
    total_discrete += cmp.discrete_mismatches;
  }
  // float32 may flip a decision that sits on its threshold (the case's stats list the close ones); on this case the
  // README's float32 run matched every discrete output, so only a couple of flips are tolerated.
  if (f32) {
    EXPECT_LE(total_discrete, 2) << "discrete differences in float32";
  }
  std::printf("  discrete differences: %lld\n", static_cast<long long>(total_discrete));
}

TEST(MontyBurstGolden, EpisodeMatchesInFloat64) {
  compare_episode(float64);
}

TEST(MontyBurstGolden, EpisodeMatchesInFloat32) {
  compare_episode(float32);
}

TEST(MontyBurstGolden, EpisodeMatchesInFloat64InFlattenAndStreamsModes) {
  for (DispatchMode mode : {DispatchMode::Flatten, DispatchMode::Streams}) {
    SCOPED_TRACE(mode_name(mode));
    compare_episode(float64, ReplayOptions{false, mode, true});
  }
}

TEST(MontyBurstGolden, ReferenceUpdaterMatchesInFloat64) {
  compare_episode(float64, ReplayOptions{true, DispatchMode::Stacked, false});
}

// Monty's _threshold_possible_matches, written out again from its description for the check below.
std::vector<bool> naive_possible(const std::vector<double>& g_all, double x) {
  std::vector<double> g;
  for (double v : g_all)
    if (!std::isinf(v)) g.push_back(v);
  std::vector<bool> out(g_all.size(), false);
  if (g.empty()) return out;
  const double mx = *std::max_element(g.begin(), g.end());
  double mean = 0, var = 0;
  for (double v : g)
    mean += v / static_cast<double>(g.size());
  for (double v : g)
    var += (v - mean) * (v - mean) / static_cast<double>(g.size());
  for (size_t o = 0; o < g_all.size(); ++o) {
    if (std::isinf(g_all[o])) continue;
    if (std::sqrt(var) > 0.1 || mx < 0)
      out[o] = g_all[o] > (mx > 0 ? mx - mx / 100 * x : 0.0);
    else
      out[o] = g_all.size() == 1 ? g_all[o] >= 0 : true;
  }
  return out;
}

// Per-object max and first argmax, the most likely hypothesis and the possible matches, recomputed from the golden
// evidence after every step with plain loops.
void compare_results(DType dtype) {
  if (!fs::exists(burst_case())) GTEST_SKIP() << "no burst_episode case at " << burst_case();
  const bool f32 = dtype == float32;
  const ReplayResult& r = replayed(dtype);
  const nlohmann::json c = case_json();
  const int64_t steps = c.at("params").at("num_steps").get<int64_t>();
  const int64_t objects = c.at("params").at("num_objects").get<int64_t>();
  const double x = c.at("params").at("x_percent_threshold").get<double>();
  auto golden = [&](const std::string& name) { return read_npy((burst_case() / (name + ".npy")).string()); };
  std::vector<std::vector<int64_t>> offsets;
  std::vector<std::vector<double>> evidence, locations, rotations;
  for (int64_t o = 0; o < objects; ++o) {
    const std::string pre = "obj" + std::to_string(o) + "_";
    offsets.push_back(golden(pre + "offsets").as_int64());
    evidence.push_back(golden(pre + "evidence").as_double());
    locations.push_back(golden(pre + "locations").as_double());
    rotations.push_back(golden(pre + "rotations").as_double());
  }
  const std::vector<double> got_max = r.arrays.at("step_max_evidence").as_double();
  const std::vector<bool> got_possible = r.arrays.at("step_possible_matches").as_bool();
  const std::vector<int64_t> got_object = r.arrays.at("step_mlh_object").as_int64();
  const std::vector<int64_t> got_index = r.arrays.at("step_mlh_index").as_int64();
  const std::vector<double> got_location = r.arrays.at("step_mlh_location").as_double();
  const std::vector<double> got_rotation = r.arrays.at("step_mlh_rotation").as_double();
  const double tol = f32 ? 1e-3 : 1e-9;
  int64_t empty_objects = 0, flips = 0;
  double max_err = 0;
  for (int64_t t = 0; t < steps; ++t) {
    std::vector<double> g(static_cast<size_t>(objects), -std::numeric_limits<double>::infinity());
    int64_t best_object = -1, best_row = -1;
    double best = -std::numeric_limits<double>::infinity();
    for (int64_t o = 0; o < objects; ++o) {
      const auto& off = offsets[static_cast<size_t>(o)];
      const int64_t begin = off[static_cast<size_t>(t)], end = off[static_cast<size_t>(t) + 1];
      if (begin == end) {
        ++empty_objects;
        continue;
      }
      int64_t arg = begin;
      for (int64_t i = begin; i < end; ++i)
        if (evidence[static_cast<size_t>(o)][static_cast<size_t>(i)] >
            evidence[static_cast<size_t>(o)][static_cast<size_t>(arg)])
          arg = i;
      g[static_cast<size_t>(o)] = evidence[static_cast<size_t>(o)][static_cast<size_t>(arg)];
      if (g[static_cast<size_t>(o)] > best) {
        best = g[static_cast<size_t>(o)];
        best_object = o;
        best_row = arg;
      }
    }
    for (int64_t o = 0; o < objects; ++o) {
      const double w = g[static_cast<size_t>(o)], v = got_max[static_cast<size_t>(t * objects + o)];
      if (std::isinf(w)) {
        EXPECT_EQ(v, w) << "step " << t << " object " << o;
        continue;
      }
      max_err = std::max(max_err, std::abs(v - w) / (f32 ? std::max(1.0, std::abs(w)) : 1.0));
      EXPECT_NEAR(v, w, tol * (f32 ? std::max(1.0, std::abs(w)) : 1.0)) << "step " << t << " object " << o;
    }
    const std::vector<bool> want_possible = naive_possible(g, x);
    for (int64_t o = 0; o < objects; ++o)
      flips += want_possible[static_cast<size_t>(o)] != got_possible[static_cast<size_t>(t * objects + o)];
    if (got_object[static_cast<size_t>(t)] != best_object ||
        got_index[static_cast<size_t>(t)] !=
            best_row - offsets[static_cast<size_t>(best_object)][static_cast<size_t>(t)]) {
      ++flips;
      continue;
    }
    for (int64_t i = 0; i < 3; ++i)
      EXPECT_NEAR(got_location[static_cast<size_t>(t * 3 + i)],
                  locations[static_cast<size_t>(best_object)][static_cast<size_t>(best_row * 3 + i)],
                  f32 ? 1e-6 : 1e-12);
    for (int64_t i = 0; i < 9; ++i)
      EXPECT_NEAR(got_rotation[static_cast<size_t>(t * 9 + i)],
                  rotations[static_cast<size_t>(best_object)][static_cast<size_t>(best_row * 9 + i)],
                  f32 ? 1e-6 : 1e-14);
  }
  std::printf("burst_episode results (%s): per-object max |err| %.3g, %lld empty (step, object) pairs, %lld "
              "decision differences\n",
              dtype.name().c_str(), max_err, static_cast<long long>(empty_objects), static_cast<long long>(flips));
  EXPECT_GT(empty_objects, 0) << "the case should exercise objects without hypotheses";
  if (f32) {
    EXPECT_LE(flips, 1);
  } else {
    EXPECT_EQ(flips, 0);
  }
}

TEST(MontyBurstGolden, StepResultsMatchTheGoldenEvidenceInFloat64) {
  compare_results(float64);
}

TEST(MontyBurstGolden, StepResultsMatchTheGoldenEvidenceInFloat32) {
  compare_results(float32);
}

} // namespace
} // namespace lmc::lm
