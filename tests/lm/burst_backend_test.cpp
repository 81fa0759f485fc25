// The burst-sampling backend's state survives what moves it between batches: switching the dispatch mode every few
// steps (the state goes back to the host and into new batches), growing a batch whose pairs could outgrow it (a
// re-capture at a larger capacity), and a new episode cleared in place; a second LM in the same groups has input on
// two steps of three only. Both are compared after every step with the host-loop BurstUpdater in float64 (the second
// one stepped only when it had input): counts exactly, evidence within 1e-9, tracker windows and ages.
#include "lm/backend.hpp"
#include "lm/burst_updater.hpp"
#include "lm/recognition.hpp"

#include <cmath>
#include <gtest/gtest.h>

namespace lmc::lm {
namespace {

std::vector<double> live_rows(const Tensor& t, int64_t rows, int64_t per_row) {
  std::vector<double> v = t.cast(float64).to_vector<double>();
  v.resize(static_cast<size_t>(rows * per_row));
  return v;
}

void expect_state(const LmResult& got, const BurstUpdater& want, int64_t window) {
  ASSERT_TRUE(got.burst);
  for (size_t o = 0; o < want.num_objects(); ++o) {
    SCOPED_TRACE("object " + std::to_string(o));
    const BurstObject& obj = want.object(o);
    ASSERT_EQ(got.burst->objects.at(o).count, obj.count);
    if (obj.count == 0) continue;
    const std::vector<double> e = live_rows(obj.hypotheses->evidence, obj.count, 1);
    const std::vector<double>& g = got.hypotheses.at(o).evidence;
    ASSERT_EQ(g.size(), e.size());
    for (size_t i = 0; i < e.size(); ++i)
      ASSERT_NEAR(g[i], e[i], 1e-9) << "evidence " << i;
    std::vector<double> w = obj.tracker.host_chronological();
    w.resize(static_cast<size_t>(obj.count * window));
    const std::vector<double>& gw = got.burst->objects.at(o).tracker_window;
    ASSERT_EQ(gw.size(), w.size());
    for (size_t i = 0; i < w.size(); ++i)
      ASSERT_TRUE(std::isnan(w[i]) ? std::isnan(gw[i]) : std::abs(gw[i] - w[i]) <= 1e-9) << "window " << i;
    std::vector<int64_t> ages = obj.tracker.host_ages();
    ages.resize(static_cast<size_t>(obj.count));
    ASSERT_EQ(got.burst->objects.at(o).tracker_ages, ages);
  }
}

TEST(BurstBackend, ModeSwitchesGrowthAndResetKeepTheReferenceState) {
  const int64_t num_objects = 3, nodes = 300;
  const std::vector<SyntheticShape> shapes = synthetic_shapes(num_objects, 8);
  const std::vector<ObjectModelData> objects = synthetic_objects(num_objects, nodes, 8);
  RecognitionParams params;
  BackendConfig config = recognition_backend(params, "CPU", float64);
  config.max_hypotheses = 256; // smaller than one burst: the batches must grow
  Backend backend(config);
  const int lm = backend.register_lm(objects), other = backend.register_lm(objects);
  BurstUpdater reference(device_models(objects, float64, "CPU"), params.burst);
  BurstUpdater other_reference(device_models(objects, float64, "CPU"), params.burst);
  const Episode e = make_episode(num_objects, 8, 0);
  SensorRun sensor(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, 21);
  const DispatchMode modes[] = {DispatchMode::Stacked, DispatchMode::Flatten, DispatchMode::Streams};
  for (int64_t t = 0; t < 16; ++t) {
    SCOPED_TRACE("step " + std::to_string(t));
    if (t == 11) { // a new episode for the LM (in place), and for the reference
      backend.set_hypotheses(lm, {});
      reference.reset();
    }
    const Observation o = sensor.observe();
    const DispatchMode mode = modes[(t / 4) % 3];
    const bool other_has_input = t % 3 != 0;
    backend.dispatch({{lm, other}}, {o, other_has_input ? std::optional<Observation>(o) : std::nullopt},
                     DispatchOptions{mode, true});
    const LmResult& got = backend.wait().lms.at(static_cast<size_t>(lm));
    const Percept p{
        Tensor::from_vector(std::vector<double>(o.pose_vectors.begin(), o.pose_vectors.end()), {3, 3}, "CPU"),
        o.pose_fully_defined, Tensor::from_vector(o.features, {static_cast<int64_t>(o.features.size())}, "CPU"),
        o.curvature};
    std::optional<Tensor> d;
    if (o.displacement && t != 11)
      d = Tensor::from_vector(std::vector<double>(o.displacement->begin(), o.displacement->end()), {3}, "CPU");
    const BurstStep want = reference.step(p, d);
    EXPECT_EQ(got.burst->burst_steps_at_enter, want.burst_steps_at_enter);
    expect_state(got, reference, params.burst.tracker_window);
    const LmResult& got_other = backend.wait().lms.at(static_cast<size_t>(other));
    EXPECT_EQ(got_other.stepped, other_has_input);
    if (other_has_input) {
      // The other LM's displacement is the one the backend was given (relative to the sensor's last step).
      std::optional<Tensor> od;
      if (o.displacement)
        od = Tensor::from_vector(std::vector<double>(o.displacement->begin(), o.displacement->end()), {3}, "CPU");
      other_reference.step(p, od);
      SCOPED_TRACE("other LM");
      expect_state(got_other, other_reference, params.burst.tracker_window);
    }
  }
}

} // namespace
} // namespace lmc::lm

namespace lmc::lm {
namespace {

// Each malformed burst setting is refused when the backend is made, naming the setting.
TEST(BurstBackend, MalformedSettingsAreErrorsNamingTheSetting) {
  const RecognitionParams params;
  auto expect_refused = [&](auto&& change, const std::string& named) {
    BackendConfig config = recognition_backend(params, "CPU", float64);
    change(config);
    try {
      Backend backend(config);
      ADD_FAILURE() << named << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(named), std::string::npos) << e.what();
    }
  };
  expect_refused([](BackendConfig& c) { c.burst.sampling_multiplier = -0.1; }, "sampling_multiplier");
  expect_refused([](BackendConfig& c) { c.burst.sampling_multiplier = std::nan(""); }, "sampling_multiplier");
  expect_refused([](BackendConfig& c) { c.burst.sampling_burst_duration = -1; }, "sampling_burst_duration");
  expect_refused([](BackendConfig& c) { c.burst.tracker_window = 1; }, "tracker_window");
  expect_refused([](BackendConfig& c) { c.burst.tracker_min_age = -2; }, "tracker_min_age");
  expect_refused([](BackendConfig& c) { c.burst.burst_trigger_slope = std::nan(""); }, "burst_trigger_slope");
  expect_refused([](BackendConfig& c) { c.burst.deletion_trigger_slope = std::nan(""); }, "deletion_trigger_slope");
  expect_refused([](BackendConfig& c) { c.max_channels = 0; }, "max_channels");
  expect_refused([](BackendConfig& c) { c.params.threshold = Threshold{Threshold::Kind::Value, 10, 0, 0.5}; }, "'all'");
  // A huge burst (a billion-fold multiplier) is capped by Monty's rule at n_r samples per node, not an allocation
  // of billions of rows: the batch is sized from the models.
  BackendConfig huge = recognition_backend(params, "CPU", float64);
  huge.burst.sampling_multiplier = 1e9;
  Backend backend(huge);
  const int lm = backend.register_lm(synthetic_objects(1, 40, 9));
  const std::vector<SyntheticShape> shapes = synthetic_shapes(1, 9); // the sensor keeps a pointer to its shape
  SensorRun sensor(shapes[0], Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}, Vec3{0, 0, 1}, 4);
  backend.dispatch({{lm}}, {sensor.observe()});
  const LmResult& r = backend.wait().lms.at(0);
  ASSERT_TRUE(r.burst);
  EXPECT_LE(r.burst->objects.at(0).count, 40 * 8);
}

} // namespace
} // namespace lmc::lm
