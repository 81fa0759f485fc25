// Burst sampling's pieces against naive reference code on random inputs: the slope tracker (a shifting NaN-padded
// window, as Monty stores it, against the ring buffer), stream compaction, the stable top-k by phi (ties and NaN),
// the sample count's rounding, and the possible-match rule.
#include "lm/lm.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <numeric>
#include <random>

namespace lmc::lm {
namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();

// Monty's tracker as it is written: rows of W values, shifted left on every update.
struct NaiveTracker {
  int64_t window, min_age;
  std::vector<std::vector<double>> rows;
  std::vector<int64_t> ages;

  void add(int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      rows.emplace_back(window, nan_value);
      ages.push_back(0);
    }
  }
  void update(const std::vector<double>& e) {
    for (size_t h = 0; h < rows.size(); ++h) {
      rows[h].erase(rows[h].begin());
      rows[h].push_back(e[h]);
      ++ages[h];
    }
  }
  void keep(const std::vector<int32_t>& ids) {
    std::vector<std::vector<double>> r;
    std::vector<int64_t> a;
    for (int32_t i : ids) {
      r.push_back(rows[i]);
      a.push_back(ages[i]);
    }
    rows = r;
    ages = a;
  }
  std::vector<double> slopes() const {
    std::vector<double> out;
    for (const auto& r : rows) {
      double sum = 0;
      int n = 0;
      for (size_t t = 0; t + 1 < r.size(); ++t) {
        const double d = r[t + 1] - r[t];
        if (std::isnan(d)) continue;
        sum += d;
        ++n;
      }
      out.push_back(n ? sum / n : nan_value);
    }
    return out;
  }
  std::vector<bool> retain(double threshold) const {
    const std::vector<double> s = slopes();
    std::vector<bool> out;
    for (size_t h = 0; h < rows.size(); ++h)
      out.push_back(s[h] >= threshold || ages[h] < min_age);
    return out;
  }
};

std::vector<double> host(const Tensor& t) {
  return t.cast(float64).to_vector<double>();
}

std::vector<bool> host_bool(const Tensor& t) {
  std::vector<bool> out;
  for (int32_t v : t.cast(int32).to_vector<int32_t>())
    out.push_back(v != 0);
  return out;
}

void expect_same(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << what << " [" << i << "]";
      continue;
    }
    EXPECT_NEAR(got[i], want[i], 1e-12) << what << " [" << i << "]";
  }
}

void expect_same_tracker(const SlopeTracker& t, const NaiveTracker& n) {
  std::vector<double> window;
  for (const auto& r : n.rows)
    window.insert(window.end(), r.begin(), r.end());
  expect_same(t.host_chronological(), window, "window");
  EXPECT_EQ(t.host_ages(), n.ages);
  if (t.size() == 0) return;
  expect_same(host(t.slopes()), n.slopes(), "slopes");
  EXPECT_EQ(host_bool(t.retain_mask(0.5)), n.retain(0.5));
}

// Random evidence steps with a few NaN (a node without a feature), rows removed and added, the ring wrapped twice.
TEST(SlopeTracker, MatchesMontysShiftingWindowOnRandomSteps) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> step_gain(-1.0, 2.0);
  const int64_t window = 4, min_age = 3;
  SlopeTracker t = SlopeTracker::empty(window, min_age, float64, "CPU");
  NaiveTracker n{window, min_age, {}, {}};
  t = t.with_new_rows(37);
  n.add(37);
  std::vector<double> e(37, 0.0);
  for (int step = 0; step < 9; ++step) {
    for (double& v : e)
      v += step_gain(rng);
    if (step == 2) e[5] = nan_value;
    t = t.updated(Tensor::from_vector(e, {static_cast<int64_t>(e.size())}, "CPU"));
    n.update(e);
    SCOPED_TRACE("step " + std::to_string(step));
    expect_same_tracker(t, n);
    if (step == 4) { // keep the retained rows, then add 6 new ones
      const std::vector<bool> keep = n.retain(0.5);
      std::vector<int32_t> ids;
      std::vector<double> kept;
      for (size_t h = 0; h < keep.size(); ++h)
        if (keep[h]) {
          ids.push_back(static_cast<int32_t>(h));
          kept.push_back(e[h]);
        }
      ASSERT_GT(ids.size(), 0u);
      ASSERT_LT(ids.size(), keep.size()) << "the random steps should delete something";
      t = t.take(Tensor::from_vector(ids, {static_cast<int64_t>(ids.size())}, "CPU")).with_new_rows(6);
      n.keep(ids);
      n.add(6);
      kept.resize(kept.size() + 6, 0.25);
      e = kept;
    }
  }
}

TEST(SlopeTracker, ASingleValueHasNoSlopeAndYoungRowsAreKept) {
  SlopeTracker t = SlopeTracker::empty(10, 5, float64, "CPU").with_new_rows(3);
  t = t.updated(Tensor::from_vector(std::vector<double>{1, 2, 3}, {3}, "CPU"));
  for (double s : host(t.slopes()))
    EXPECT_TRUE(std::isnan(s));
  EXPECT_EQ(host_bool(t.retain_mask(0.5)), (std::vector<bool>{true, true, true}));
  EXPECT_EQ(t.cleared().size(), 0);
  EXPECT_THROW(t.updated(Tensor::from_vector(std::vector<double>{1, 2}, {2}, "CPU")), Error);
  EXPECT_THROW(SlopeTracker::empty(1, 5, float64, "CPU"), Error);
}

// Old rows with NaN slopes are removed: NaN >= threshold is false.
TEST(SlopeTracker, OldRowsWithoutSlopeAreRemoved) {
  SlopeTracker t = SlopeTracker::empty(3, 1, float64, "CPU").with_new_rows(2);
  t = t.updated(Tensor::from_vector(std::vector<double>{nan_value, 0.0}, {2}, "CPU"));
  t = t.updated(Tensor::from_vector(std::vector<double>{nan_value, 1.0}, {2}, "CPU"));
  EXPECT_EQ(host_bool(t.retain_mask(0.5)), (std::vector<bool>{false, true}));
}

TEST(Compaction, TrueIndicesMatchANaiveScan) {
  std::mt19937_64 rng(11);
  for (int64_t h : {1, 2, 37, 211, 1000}) {
    for (double p : {0.1, 0.5, 1.0}) {
      std::bernoulli_distribution coin(p);
      std::vector<bool> keep(static_cast<size_t>(h));
      for (size_t i = 0; i < keep.size(); ++i)
        keep[i] = coin(rng);
      keep[static_cast<size_t>(h) / 2] = true; // at least one
      std::vector<int32_t> want;
      for (size_t i = 0; i < keep.size(); ++i)
        if (keep[i]) want.push_back(static_cast<int32_t>(i));
      const Tensor got =
          true_indices(Tensor::from_vector(keep, {h}, "CPU"), static_cast<int64_t>(want.size())).cast(int32);
      EXPECT_EQ(got.to_vector<int32_t>(), want) << "H = " << h << ", p = " << p;
    }
  }
  EXPECT_THROW(true_indices(Tensor::from_vector(std::vector<bool>{true}, {1}, "CPU"), 2), Error);
  EXPECT_THROW(true_indices(Tensor::from_vector(std::vector<double>{1}, {1}, "CPU"), 1), Error);
}

// [kept rows in order, appended rows, copies of output row 0], against a naive loop, for several counts with the
// same shapes (the counts are data).
TEST(Compaction, CompactionIndexKeepsAppendsAndPads) {
  std::mt19937_64 rng(13);
  std::bernoulli_distribution coin(0.4);
  const int64_t h = 45, appended = 6, capacity = 64;
  for (int trial = 0; trial < 3; ++trial) {
    std::vector<bool> keep(h);
    for (size_t i = 0; i < keep.size(); ++i)
      keep[i] = trial == 2 ? false : coin(rng);
    std::vector<int32_t> want;
    for (size_t i = 0; i < keep.size(); ++i)
      if (keep[i]) want.push_back(static_cast<int32_t>(i));
    for (int32_t i = 0; i < appended; ++i)
      want.push_back(static_cast<int32_t>(h) + i);
    const int32_t first = want[0];
    want.resize(capacity, first);
    const Tensor kept = Tensor::from_vector(
        std::vector<int32_t>{static_cast<int32_t>(std::count(keep.begin(), keep.end(), true))}, {1}, "CPU");
    const Tensor got = compaction_index(Tensor::from_vector(keep, {h}, "CPU"), kept, appended, capacity).cast(int32);
    EXPECT_EQ(got.to_vector<int32_t>(), want) << "trial " << trial;
  }
}

// numpy's argsort(phi, kind="stable")[-k:]: ascending, equal values in index order, NaN last.
std::vector<int32_t> naive_top(const std::vector<double>& phi, int64_t k) {
  std::vector<int32_t> order(phi.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    if (std::isnan(phi[b])) return !std::isnan(phi[a]);
    return !std::isnan(phi[a]) && phi[a] < phi[b];
  });
  return std::vector<int32_t>(order.end() - k, order.end());
}

TEST(TopNodesByEvidence, StableTiesAndNanLastLikeNumpy) {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> level(0, 6);
  for (int64_t n : {1, 9, 83}) {
    std::vector<double> phi(static_cast<size_t>(n));
    for (double& v : phi)
      v = level(rng) / 6.0; // few distinct values: many ties
    if (n > 5) phi[3] = nan_value;
    for (int64_t k : {int64_t{1}, (n + 1) / 2, n}) {
      const Tensor got = top_nodes_by_evidence(Tensor::from_vector(phi, {n}, "CPU"), k).cast(int32);
      EXPECT_EQ(got.to_vector<int32_t>(), naive_top(phi, k)) << "N = " << n << ", k = " << k;
    }
  }
  EXPECT_THROW(top_nodes_by_evidence(Tensor::from_vector(std::vector<double>{1, 2}, {2}, "CPU"), 3), Error);
}

TEST(BurstSampleCount, RoundsHalfToEvenThenToWholeNodes) {
  EXPECT_EQ(burst_sample_count(587, 2, 0.4), 234); // round(234.8) = 235, less 235 mod 2
  EXPECT_EQ(burst_sample_count(587, 8, 0.4), 232);
  EXPECT_EQ(burst_sample_count(5, 1, 0.5), 2);   // 2.5 rounds to 2
  EXPECT_EQ(burst_sample_count(7, 1, 0.5), 4);   // 3.5 rounds to 4
  EXPECT_EQ(burst_sample_count(10, 2, 5.0), 20); // the multiplier is capped at n_r
  EXPECT_EQ(burst_sample_count(10, 2, 0.0), 0);
  EXPECT_THROW(burst_sample_count(10, 2, -0.1), Error);
}

TEST(SampleHypotheses, NewRowsAreTheInformedSpaceOfTheSelectedNodes) {
  // Node frames are random rotations; new row j*k + i must be node nodes[i] with frame S_j.
  const int64_t n = 7;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> g;
  std::vector<double> loc, frames, feat;
  for (int64_t i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c)
      loc.push_back(g(rng));
    feat.push_back(g(rng));
    const double a = g(rng), ca = std::cos(a), sa = std::sin(a);
    const std::vector<double> m{ca, -sa, 0, sa, ca, 0, 0, 0, 1}; // rotation about z
    frames.insert(frames.end(), m.begin(), m.end());
  }
  const ObjectModel model = ObjectModel::make(
      Tensor::from_vector(loc, {n, 3}, "CPU"), Tensor::from_vector(frames, {n, 9}, "CPU"),
      Tensor::from_vector(std::vector<bool>(n, true), {n}, "CPU"), Tensor::from_vector(feat, {n, 1}, "CPU"), float64);
  const Tensor phi = Tensor::from_vector(std::vector<double>{0.1, 0.7, 0.3, 0.9, 0.0, 0.5, 0.2}, {n}, "CPU");
  const Tensor nodes = top_nodes_by_evidence(phi, 3); // 5, 1, 3
  EXPECT_EQ(nodes.cast(int32).to_vector<int32_t>(), (std::vector<int32_t>{5, 1, 3}));
  const Tensor sensed = sensed_directions(Tensor::eye(3, float64, "CPU"), 2);
  const Hypotheses h = sample_hypotheses(model, sensed, phi, nodes);
  ASSERT_EQ(h.size(), 6);
  const std::vector<double> hl = host(h.locations), he = host(h.evidence), hr = host(h.rotations);
  const std::vector<double> phis = host(phi), s = host(sensed);
  const int32_t ids[] = {5, 1, 3};
  for (int j = 0; j < 2; ++j)
    for (int i = 0; i < 3; ++i) {
      const size_t row = static_cast<size_t>(j * 3 + i), node = static_cast<size_t>(ids[i]);
      EXPECT_EQ(he[row], phis[node]);
      for (int c = 0; c < 3; ++c)
        EXPECT_EQ(hl[row * 3 + c], loc[node * 3 + c]);
      for (int r = 0; r < 3; ++r) // R = M^T S_j
        for (int c = 0; c < 3; ++c) {
          double want = 0;
          for (int x = 0; x < 3; ++x)
            want += frames[node * 9 + x * 3 + r] * s[static_cast<size_t>(j) * 9 + x * 3 + c];
          EXPECT_NEAR(hr[row * 9 + r * 3 + c], want, 1e-15);
        }
    }
}

TEST(PossibleMatches, MontysThreeRules) {
  // Spread out (std > 0.1): above max - 20 % of max.
  EXPECT_EQ(possible_matches({10.0, 8.5, 7.9, 1.0}, 20), (std::vector<bool>{true, true, false, false}));
  // All below zero: none.
  EXPECT_EQ(possible_matches({-0.5, -0.6}, 20), (std::vector<bool>{false, false}));
  // About equal (std <= 0.1) and several objects: all.
  EXPECT_EQ(possible_matches({1.0, 1.05}, 20), (std::vector<bool>{true, true}));
  // One object, not below zero: possible.
  EXPECT_EQ(possible_matches({0.0}, 20), (std::vector<bool>{true}));
  // Objects without hypotheses (-inf) are never possible and do not count.
  const double none = -std::numeric_limits<double>::infinity();
  EXPECT_EQ(possible_matches({none, 1.0, 1.05}, 20), (std::vector<bool>{false, true, true}));
  EXPECT_EQ(possible_matches({none, none}, 20), (std::vector<bool>{false, false}));
}

TEST(MatchResults, MostLikelyIsTheFirstStrictMaximum) {
  auto hyps = [](std::vector<double> e) {
    const int64_t h = static_cast<int64_t>(e.size());
    std::vector<double> loc;
    for (int64_t i = 0; i < h; ++i)
      loc.insert(loc.end(), {static_cast<double>(i), 0.0, 0.0});
    return Hypotheses{Tensor::from_vector(loc, {h, 3}, "CPU"),
                      Tensor::eye(3, float64, "CPU").unsqueeze(0).expand({h, 3, 3}).contiguous(),
                      Tensor::from_vector(e, {h}, "CPU")};
  };
  const MatchResults r = match_results({hyps({1, 3, 3, 2}), std::nullopt, hyps({3, 0})}, 20);
  EXPECT_EQ(r.max_evidence[0], 3);
  EXPECT_EQ(r.max_evidence[1], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.best_index, (std::vector<int64_t>{1, -1, 0}));
  EXPECT_EQ(r.mlh.object, 0); // object 2 ties and comes later
  EXPECT_EQ(r.mlh.index, 1);
  EXPECT_EQ(r.mlh.location, (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(r.possible, (std::vector<bool>{true, false, true}));
}

// A few steps on a small random object: the arrays hold a power-of-two capacity whose rows past the count repeat
// row 0 (so no max, min or argmax changes), every hypothesis is young enough to stay, and a burst adds
// burst_sample_count rows per step.
TEST(BurstUpdater, PadsToCapacityWithCopiesOfRowZero) {
  const int64_t n = 9;
  std::mt19937_64 rng(17);
  std::normal_distribution<double> g;
  std::vector<double> loc, frames, feat;
  for (int64_t i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c)
      loc.push_back(0.004 * g(rng));
    feat.push_back(0.5 + 0.1 * g(rng));
    const double a = g(rng), ca = std::cos(a), sa = std::sin(a);
    const std::vector<double> m{0, 0, 1, ca, sa, 0, -sa, ca, 0};
    frames.insert(frames.end(), m.begin(), m.end());
  }
  const ObjectModel model = ObjectModel::make(
      Tensor::from_vector(loc, {n, 3}, "CPU"), Tensor::from_vector(frames, {n, 9}, "CPU"),
      Tensor::from_vector(std::vector<bool>(n, true), {n}, "CPU"), Tensor::from_vector(feat, {n, 1}, "CPU"), float64);
  BurstParams p;
  p.evidence.max_neighbors = 3;
  p.evidence.features = FeatureSpec{{0.2}, {1.0}, {false}, 1.0};
  BurstUpdater updater({model}, p);
  const Percept percept{Tensor::eye(3, float64, "CPU"), true, Tensor::from_vector(std::vector<double>{0.5}, {1}, "CPU"),
                        1.0};
  const int64_t per_burst = burst_sample_count(n, 2, 0.4);
  for (int step = 0; step < 3; ++step) {
    std::optional<Tensor> d;
    if (step > 0) d = Tensor::from_vector(std::vector<double>{0.001, 0, 0}, {3}, "CPU");
    const BurstStep s = updater.step(percept, d);
    const BurstObject& obj = updater.object(0);
    SCOPED_TRACE("step " + std::to_string(step));
    EXPECT_EQ(s.burst_steps_at_enter, 5 - step);
    EXPECT_EQ(s.objects[0].num_retained, per_burst * step);
    ASSERT_EQ(obj.size(), per_burst * (step + 1));
    EXPECT_EQ(obj.capacity(), hypothesis_capacity(obj.size()));
    EXPECT_EQ(obj.live().size(), obj.size());
    const std::vector<double> e = host(obj.hypotheses->evidence), l = host(obj.hypotheses->locations);
    const std::vector<double> w = obj.tracker.host_chronological();
    const std::vector<int64_t> ages = obj.tracker.host_ages();
    for (int64_t row = obj.size(); row < obj.capacity(); ++row) {
      const size_t r = static_cast<size_t>(row);
      EXPECT_EQ(e[r], e[0]);
      EXPECT_EQ(ages[r], ages[0]);
      for (size_t c = 0; c < 3; ++c)
        EXPECT_EQ(l[r * 3 + c], l[c]);
      for (size_t c = 0; c < 10; ++c)
        EXPECT_TRUE(w[r * 10 + c] == w[c] || (std::isnan(w[r * 10 + c]) && std::isnan(w[c])));
    }
    EXPECT_EQ(ages[0], step + 1);
    EXPECT_EQ(ages[static_cast<size_t>(obj.size()) - 1], 1); // the newest hypothesis
  }
  updater.reset();
  EXPECT_EQ(updater.object(0).size(), 0);
  EXPECT_EQ(updater.burst_steps(), 0);
}

TEST(BurstUpdater, RequiresTheAllThreshold) {
  const ObjectModel model = ObjectModel::make(
      Tensor::zeros({1, 3}, float64, "CPU"), Tensor::zeros({1, 9}, float64, "CPU"),
      Tensor::from_vector(std::vector<bool>{true}, {1}, "CPU"), Tensor::zeros({1, 1}, float64, "CPU"), float64);
  BurstParams p;
  p.evidence.threshold = Threshold::parse("x_percent_threshold", 20, 1);
  EXPECT_THROW(BurstUpdater({model}, p), Error);
  EXPECT_THROW(BurstUpdater({}, BurstParams{}), Error);
}

} // namespace
} // namespace lmc::lm
