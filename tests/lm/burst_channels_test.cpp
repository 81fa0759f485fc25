// Burst sampling with two input channels through the LM backend (on the CPU, or LMC_LM_DEVICE), against the host-loop
// BurstUpdater on the CPU (the readable reference) in float64: channel 1 starts three steps after channel 0, and
// channel 0 misses one step later on, so steps have one or two channels (slopes divided by the channel count, evidence
// summed over channels, each channel sampling its own hypotheses). A second LM in the same stacked group has one
// channel. Counts, retained and new hypotheses exactly; evidence, tracker windows and the prediction error within 1e-9;
// locations within 1e-12.
#include "lm/backend.hpp"
#include "lm/burst_updater.hpp"
#include "lm/recognition.hpp"

#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>

namespace lmc::lm {
namespace {

Percept percept_of(const Observation& o) {
  return Percept{Tensor::from_vector(std::vector<double>(o.pose_vectors.begin(), o.pose_vectors.end()), {3, 3}, "CPU"),
                 o.pose_fully_defined,
                 Tensor::from_vector(o.features, {static_cast<int64_t>(o.features.size())}, "CPU"), o.curvature};
}

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want, double tol,
                     const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      ASSERT_TRUE(std::isnan(got[i])) << what << " [" << i << "]";
      continue;
    }
    ASSERT_NEAR(got[i], want[i], tol) << what << " [" << i << "]";
  }
}

std::string test_device() {
  const char* env = std::getenv("LMC_LM_DEVICE");
  return env && *env ? env : "CPU";
}

std::vector<double> host(const Tensor& t, int64_t rows, int64_t per_row) {
  std::vector<double> v = t.cast(float64).to_vector<double>();
  v.resize(static_cast<size_t>(rows * per_row));
  return v;
}

TEST(BurstChannels, TwoChannelsOneStartingLateMatchTheHostReference) {
  const int64_t num_objects = 3, nodes = 300, steps = 14;
  const std::vector<SyntheticShape> shapes = synthetic_shapes(num_objects, 5);
  const std::vector<ObjectModelData> objects = synthetic_objects(num_objects, nodes, 5);
  RecognitionParams params;
  BackendConfig config = recognition_backend(params, test_device(), float64);
  config.max_channels = 2;
  Backend backend(config);
  const int lm = backend.register_lm(objects), single = backend.register_lm(objects);
  BurstUpdater reference(device_models(objects, float64, "CPU"), params.burst);

  const Episode e = make_episode(num_objects, 5, 0);
  SensorRun first(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, 11);
  SensorRun second(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, 12);
  int64_t two_channel_steps = 0, sampled_by_both = 0, deleted = 0;
  for (int64_t t = 0; t < steps; ++t) {
    SCOPED_TRACE("step " + std::to_string(t));
    std::vector<std::optional<Observation>> channels(2);
    if (t != 9) channels[0] = first.observe();
    if (t >= 3) channels[1] = second.observe();
    // The LM's displacement is its first channel's with input (dispatch_channels' rule), here for the reference too.
    const Observation& lead = channels[0] ? *channels[0] : *channels[1];
    std::optional<Tensor> displacement;
    if (lead.displacement && t > 0)
      displacement =
          Tensor::from_vector(std::vector<double>(lead.displacement->begin(), lead.displacement->end()), {3}, "CPU");
    std::vector<std::optional<Observation>> backend_channels = channels;
    for (auto& c : backend_channels)
      if (c) c->displacement = displacement ? lead.displacement : std::nullopt;
    backend.dispatch_channels({{lm, single}}, {backend_channels, {backend_channels[0]}},
                              DispatchOptions{std::nullopt, true});
    const LmResult& got = backend.wait().lms.at(static_cast<size_t>(lm));
    ASSERT_TRUE(got.burst);
    EXPECT_TRUE(backend.wait().lms.at(static_cast<size_t>(single)).stepped == channels[0].has_value());

    std::vector<std::optional<Percept>> percepts;
    for (const auto& c : channels)
      percepts.push_back(c ? std::optional<Percept>(percept_of(*c)) : std::nullopt);
    const BurstStep want = reference.step(percepts, displacement);
    two_channel_steps += channels[0] && channels[1];
    EXPECT_EQ(got.burst->burst_steps_at_enter, want.burst_steps_at_enter);
    EXPECT_EQ(got.burst->burst_triggered, want.burst_triggered);
    for (int64_t o = 0; o < num_objects; ++o) {
      SCOPED_TRACE("object " + std::to_string(o));
      const auto oi = static_cast<size_t>(o);
      const BurstObject& obj = reference.object(oi);
      const BurstObjectResult& g = got.burst->objects.at(oi);
      const BurstObjectStep& w = want.objects.at(oi);
      ASSERT_EQ(g.count, obj.count);
      ASSERT_EQ(g.num_retained, w.num_retained);
      ASSERT_EQ(g.num_new, w.num_new);
      sampled_by_both += channels[0] && channels[1] && w.num_new > 0;
      deleted += w.num_previous - w.num_retained;
      if (std::isnan(w.prediction_error))
        EXPECT_TRUE(std::isnan(g.prediction_error));
      else
        EXPECT_NEAR(g.prediction_error, w.prediction_error, 1e-9);
      if (obj.count == 0) continue;
      const HypothesesData& h = got.hypotheses.at(oi);
      expect_near_all(h.evidence, host(obj.hypotheses->evidence, obj.count, 1), 1e-9, "evidence");
      expect_near_all(h.locations, host(obj.hypotheses->locations, obj.count, 3), 1e-12, "locations");
      expect_near_all(h.rotations, host(obj.hypotheses->rotations, obj.count, 9), 1e-12, "rotations");
      std::vector<double> window = obj.tracker.host_chronological();
      window.resize(static_cast<size_t>(obj.count * params.burst.tracker_window));
      expect_near_all(g.tracker_window, window, 1e-9, "tracker window");
      std::vector<int64_t> ages = obj.tracker.host_ages();
      ages.resize(static_cast<size_t>(obj.count));
      EXPECT_EQ(g.tracker_ages, ages);
    }
  }
  // The episode exercised what it is for.
  EXPECT_GT(two_channel_steps, 5);
  EXPECT_GT(sampled_by_both, 0);
  EXPECT_GT(deleted, 0);
}

TEST(BurstChannels, TooManyChannelsAndChannelsWithoutBurstSamplingAreErrors) {
  const std::vector<ObjectModelData> objects = synthetic_objects(2, 50, 6);
  RecognitionParams params;
  BackendConfig config = recognition_backend(params, "CPU", float64);
  Backend backend(config); // one channel
  const int lm = backend.register_lm(objects);
  const std::vector<SyntheticShape> shapes = synthetic_shapes(2, 6); // the sensor keeps a pointer to its shape
  SensorRun sensor(shapes[0], Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}, Vec3{0, 0, 1}, 3);
  const Observation o = sensor.observe();
  try {
    backend.dispatch_channels({{lm}}, {{o, o}});
    ADD_FAILURE() << "two channels were accepted with max_channels 1";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("max_channels"), std::string::npos) << e.what();
  }
  BackendConfig fixed = config;
  fixed.updater = Updater::Default;
  fixed.max_channels = 2;
  Backend default_backend(fixed);
  const int d = default_backend.register_lm(objects);
  try {
    default_backend.dispatch_channels({{d}}, {{o, o}});
    ADD_FAILURE() << "two channels were accepted by the default updater";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("burst-sampling"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace lmc::lm
