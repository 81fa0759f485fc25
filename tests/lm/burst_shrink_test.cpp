// A burst batch that shrinks once its objects have deleted down to a few hypotheses, and grows again when the next
// burst starts (BackendConfig::shrink_burst_capacity), gives exactly the results of one that never shrinks: the same
// counts, retain masks, new node ids, evidence, tracker windows and ages, bit for bit, both in float64. Both are also
// compared with the host-loop BurstUpdater: counts, masks and ids exactly, evidence within 1e-9.
#include "lm/backend.hpp"
#include "lm/burst_batch.hpp"
#include "lm/burst_updater.hpp"
#include "lm/recognition.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <gtest/gtest.h>

#include <memory>

namespace lmc::lm {
namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void expect_same_bits(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_TRUE(same_bits(got[i], want[i])) << what << " " << i << ": " << got[i] << " vs " << want[i];
}

// One LM's step, shrinking against fixed: everything the step reports, bit for bit.
void expect_identical(const LmResult& shrinking, const LmResult& fixed) {
  ASSERT_TRUE(shrinking.burst && fixed.burst);
  EXPECT_EQ(shrinking.burst->burst_steps_at_enter, fixed.burst->burst_steps_at_enter);
  EXPECT_EQ(shrinking.burst->burst_triggered, fixed.burst->burst_triggered);
  EXPECT_TRUE(same_bits(shrinking.burst->max_global_slope, fixed.burst->max_global_slope));
  expect_same_bits(shrinking.max_evidence, fixed.max_evidence, "max evidence");
  EXPECT_EQ(shrinking.best_hypothesis, fixed.best_hypothesis);
  for (size_t o = 0; o < fixed.burst->objects.size(); ++o) {
    SCOPED_TRACE("object " + std::to_string(o));
    const BurstObjectResult &s = shrinking.burst->objects.at(o), &f = fixed.burst->objects.at(o);
    EXPECT_EQ(s.count, f.count);
    EXPECT_EQ(s.num_retained, f.num_retained);
    EXPECT_EQ(s.num_new, f.num_new);
    EXPECT_EQ(s.retained, f.retained);
    EXPECT_EQ(s.new_node_ids, f.new_node_ids);
    EXPECT_EQ(s.tracker_ages, f.tracker_ages);
    expect_same_bits(s.tracker_window, f.tracker_window, "window");
    expect_same_bits(shrinking.hypotheses.at(o).evidence, fixed.hypotheses.at(o).evidence, "evidence");
    expect_same_bits(shrinking.hypotheses.at(o).locations, fixed.hypotheses.at(o).locations, "locations");
    expect_same_bits(shrinking.hypotheses.at(o).rotations, fixed.hypotheses.at(o).rotations, "rotations");
  }
}

// The shrinking LM's step against the float64 host reference.
void expect_reference(const LmResult& got, const BurstStep& step, const BurstUpdater& want) {
  EXPECT_EQ(got.burst->burst_steps_at_enter, step.burst_steps_at_enter);
  for (size_t o = 0; o < want.num_objects(); ++o) {
    SCOPED_TRACE("object " + std::to_string(o));
    const BurstObject& obj = want.object(o);
    const BurstObjectStep& os = step.objects.at(o);
    const BurstObjectResult& g = got.burst->objects.at(o);
    ASSERT_EQ(g.count, obj.count);
    EXPECT_EQ(g.num_retained, os.num_retained);
    EXPECT_EQ(g.num_new, os.num_new);
    std::vector<bool> retained;
    if (os.retained) {
      const std::vector<uint8_t> mask = os.retained->cast(uint8).to_vector<uint8_t>();
      retained.assign(mask.begin(), mask.begin() + os.num_previous);
    }
    EXPECT_EQ(g.retained, retained);
    std::vector<int64_t> ids;
    if (os.new_node_ids)
      for (int32_t id : os.new_node_ids->cast(int32).to_vector<int32_t>())
        ids.push_back(id);
    EXPECT_EQ(g.new_node_ids, ids);
    if (obj.count == 0) continue;
    std::vector<double> e = obj.hypotheses->evidence.cast(float64).to_vector<double>();
    e.resize(static_cast<size_t>(obj.count));
    const std::vector<double>& ge = got.hypotheses.at(o).evidence;
    ASSERT_EQ(ge.size(), e.size());
    for (size_t i = 0; i < e.size(); ++i)
      ASSERT_NEAR(ge[i], e[i], 1e-9) << "evidence " << i;
  }
}

TEST(BurstShrink, ShrinkingAndGrowingAgainGivesTheFixedBatchsResultsAndTheReferences) {
  // 320 nodes: a burst step samples 128 hypotheses per object, so the first step, in a batch given 128 rows, fills it
  // to its last row.
  const int64_t num_objects = 3, nodes = 320;
  const std::vector<SyntheticShape> shapes = synthetic_shapes(num_objects, 8);
  const std::vector<ObjectModelData> objects = synthetic_objects(num_objects, nodes, 8);
  RecognitionParams params;
  BackendConfig config = recognition_backend(params, "CPU", float64);
  config.shrink_burst_capacity = true;
  config.max_hypotheses = 128;
  Backend shrinking(config);
  config.shrink_burst_capacity = false;
  config.max_hypotheses = 0;
  Backend fixed(config);
  const int lm = shrinking.register_lm(objects);
  ASSERT_EQ(fixed.register_lm(objects), lm);
  BurstUpdater reference(device_models(objects, float64, "CPU"), params.burst);
  const Episode e = make_episode(num_objects, 8, 0);
  SensorRun sensor(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, 21);
  // What the run must have gone through for the comparison to mean something.
  std::vector<int64_t> capacities, fixed_capacities;
  bool emptied = false, filled = false;
  const int64_t reset_at = 22, steps = 30;
  for (int64_t t = 0; t < steps; ++t) {
    SCOPED_TRACE("step " + std::to_string(t));
    if (t == reset_at) { // a new episode: no hypotheses, so the next step bursts and the batch must grow again
      shrinking.set_hypotheses(lm, {});
      fixed.set_hypotheses(lm, {});
      reference.reset();
    }
    const Observation o = sensor.observe();
    for (Backend* b : {&shrinking, &fixed})
      b->dispatch({{lm}}, {o}, DispatchOptions{DispatchMode::Stacked, true});
    const LmResult got = shrinking.wait().lms.at(static_cast<size_t>(lm));
    const LmResult& want = fixed.wait().lms.at(static_cast<size_t>(lm));
    expect_identical(got, want);
    const Percept p{
        Tensor::from_vector(std::vector<double>(o.pose_vectors.begin(), o.pose_vectors.end()), {3, 3}, "CPU"),
        o.pose_fully_defined, Tensor::from_vector(o.features, {static_cast<int64_t>(o.features.size())}, "CPU"),
        o.curvature};
    std::optional<Tensor> d;
    if (o.displacement && t != reset_at)
      d = Tensor::from_vector(std::vector<double>(o.displacement->begin(), o.displacement->end()), {3}, "CPU");
    const BurstStep step = reference.step(p, d);
    expect_reference(got, step, reference);

    const int64_t capacity = shrinking.burst_capacity(lm);
    capacities.push_back(capacity);
    fixed_capacities.push_back(fixed.burst_capacity(lm));
    for (const BurstObjectResult& obj : got.burst->objects) {
      emptied = emptied || (obj.count == 0 && t > 0 && t < reset_at);
      filled = filled || obj.count == capacity;
    }
  }
  bool shrank = false;
  for (size_t t = 1; t < capacities.size(); ++t)
    shrank = shrank || capacities[t] < capacities[t - 1];
  EXPECT_TRUE(shrank) << "the batch never shrank";
  const auto before_reset = static_cast<size_t>(reset_at - 1);
  EXPECT_GT(*std::max_element(capacities.begin() + reset_at, capacities.end()), capacities[before_reset])
      << "the batch did not grow again for the new burst";
  EXPECT_EQ(std::count(fixed_capacities.begin(), fixed_capacities.end(), fixed_capacities[0]), steps)
      << "the fixed batch changed capacity";
  EXPECT_TRUE(emptied) << "no object's count dropped to 0 during the first episode";
  EXPECT_TRUE(filled) << "no object's count reached its batch's capacity";
}

// Loading a batch's state checks it as the constructor does: the number of pairs and LMs, each pair's arrays, and
// each count against the capacity, naming what is wrong; a refused load leaves the batch as it was.
TEST(BurstShrink, LoadRefusesStateThatDoesNotFitTheBatch) {
  const RecognitionParams params;
  const std::vector<ObjectModel> models = device_models(synthetic_objects(2, 40, 3), float64, "CPU");
  const std::vector<const ObjectModel*> mp{&models[0], &models[1]};
  BurstBatch batch(mp, {0, 0}, std::vector<BurstPairState>(2), {0}, params.burst.evidence, params.burst,
                   params.burst.umbilical_num_poses, float64, "CPU", 0, false, 0, 64);
  ASSERT_EQ(batch.capacity(), 64);
  auto refused = [&](const std::vector<BurstPairState>& states, const std::vector<int64_t>& steps,
                     const std::string& named) {
    try {
      batch.load(states, steps);
      ADD_FAILURE() << "accepted; wanted an error naming " << named;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(named), std::string::npos) << e.what();
    }
  };
  refused(std::vector<BurstPairState>(3), {0}, "3 pair states");
  refused(std::vector<BurstPairState>(2), {0, 0}, "2 burst counters");
  const int64_t window = params.burst.tracker_window;
  auto with_rows = [&](int64_t h) {
    BurstPairState st;
    st.locations.assign(static_cast<size_t>(3 * h), 0.0);
    st.rotations.assign(static_cast<size_t>(9 * h), 0.0);
    st.evidence.assign(static_cast<size_t>(h), 0.0);
    st.window.assign(static_cast<size_t>(window * h), std::nan(""));
    st.ages.assign(static_cast<size_t>(h), 0);
    return st;
  };
  BurstPairState bad = with_rows(5);
  bad.ages.pop_back();
  refused({with_rows(5), bad}, {0}, "pair 1 state arrays");
  refused({with_rows(65), with_rows(5)}, {0}, "pair 0 has 65 hypotheses, over the capacity 64");
  EXPECT_EQ(batch.count(0), 0);
  batch.load({with_rows(64), with_rows(7)}, {2});
  EXPECT_EQ(batch.count(0), 64);
  EXPECT_EQ(batch.count(1), 7);
  EXPECT_EQ(batch.burst_steps(0), 2);
  EXPECT_EQ(batch.download(1).size(), 7);
  EXPECT_FALSE(batch.fits_next_step()); // in a burst: pair 0 samples next step and has no room
}

// Taking over another batch's state checks that the batches hold the same pairs, LMs and dtype and that every count
// fits, naming what is wrong; what it takes is the other batch's state row for row, in either direction.
TEST(BurstShrink, TakeStateFromCopiesTheStateAndRefusesABatchThatDoesNotMatch) {
  const RecognitionParams params;
  const std::vector<ObjectModel> models = device_models(synthetic_objects(3, 40, 3), float64, "CPU");
  const std::vector<const ObjectModel*> two{&models[0], &models[1]}, three{&models[0], &models[1], &models[2]};
  auto batch = [&](const std::vector<const ObjectModel*>& mp, int64_t capacity, DType dtype) {
    return std::make_unique<BurstBatch>(mp, std::vector<int>(mp.size(), 0), std::vector<BurstPairState>(mp.size()),
                                        std::vector<int64_t>{0}, params.burst.evidence, params.burst,
                                        params.burst.umbilical_num_poses, dtype, "CPU", 0, false, 0, capacity);
  };
  const int64_t window = params.burst.tracker_window;
  auto with_rows = [&](int64_t h, double at) {
    BurstPairState st;
    for (int64_t r = 0; r < h; ++r) {
      const double v = at + static_cast<double>(r);
      for (int j = 0; j < 3; ++j)
        st.locations.push_back(v + 0.25 * j);
      for (int j = 0; j < 9; ++j)
        st.rotations.push_back(v + 0.125 * j);
      st.evidence.push_back(-v);
      for (int64_t t = 0; t < window; ++t)
        st.window.push_back(t < 2 ? std::nan("") : v * static_cast<double>(t));
      st.ages.push_back(static_cast<int32_t>(r % 7));
    }
    st.channel_counts.assign(static_cast<size_t>(window), 1.0);
    return st;
  };
  auto small = batch(two, 64, float64), large = batch(two, 256, float64);
  large->load({with_rows(60, 1), with_rows(9, 100)}, {3});
  small->take_state_from(*large);
  large->load({with_rows(5, 7), with_rows(6, 8)}, {0});
  large->take_state_from(*small); // and back up, past the rows small has
  for (BurstBatch* b : {small.get(), large.get()}) {
    EXPECT_EQ(b->burst_steps(0), 3);
    for (size_t i = 0; i < 2; ++i) {
      const BurstPairState want = with_rows(i == 0 ? 60 : 9, i == 0 ? 1 : 100), got = b->download(i);
      ASSERT_EQ(got.size(), want.size());
      EXPECT_EQ(got.locations, want.locations);
      EXPECT_EQ(got.rotations, want.rotations);
      EXPECT_EQ(got.evidence, want.evidence);
      EXPECT_EQ(got.ages, want.ages);
      for (size_t k = 0; k < want.window.size(); ++k)
        if (std::isnan(want.window[k]))
          EXPECT_TRUE(std::isnan(got.window[k])) << k;
        else
          EXPECT_EQ(got.window[k], want.window[k]) << k;
    }
  }
  auto refused = [](BurstBatch& into, BurstBatch& from, const std::string& named) {
    try {
      into.take_state_from(from);
      ADD_FAILURE() << "accepted; wanted an error naming " << named;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(named), std::string::npos) << e.what();
    }
  };
  auto other_pairs = batch(three, 64, float64), other_dtype = batch(two, 64, float32);
  refused(*small, *other_pairs, "a batch of 3 pairs");
  refused(*small, *other_dtype, "float32");
  auto tiny = batch(two, 64, float64);
  large->load({with_rows(65, 0), with_rows(1, 0)}, {0});
  refused(*tiny, *large, "pair 0 has 65 hypotheses, over the capacity 64");
}

} // namespace
} // namespace lmc::lm
