// The recognition demo's world and loop: object geometry (unit, orthogonal, right-handed frames on the surface; an
// ellipsoid's known curvatures), determinism per seed, the sensor's noise statistics and walk, and a small
// end-to-end recognition through the same loop `lmc demo` runs.
#include "lm/recognition.hpp"
#include "lm/synthetic_world.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <numbers>

namespace lmc::lm {
namespace {

double dot3(const double* a, const double* b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

double det3(const double* r0, const double* r1, const double* r2) {
  return r0[0] * (r1[1] * r2[2] - r1[2] * r2[1]) - r0[1] * (r1[0] * r2[2] - r1[2] * r2[0]) +
         r0[2] * (r1[0] * r2[1] - r1[1] * r2[0]);
}

Mat3 euler_small() { // 10 degrees about x: within Monty's 0.35 rad pose similarity
  const double t = 10 * std::numbers::pi / 180;
  return {1, 0, 0, 0, std::cos(t), -std::sin(t), 0, std::sin(t), std::cos(t)};
}

double wrapped(double d) { // a hue difference, the short way round
  return d - std::round(d);
}

TEST(SyntheticWorld, NodesLieOnTheSurfaceWithRightHandedUnitFrames) {
  const std::vector<SyntheticShape> shapes = synthetic_shapes(6, 3);
  int64_t defined = 0, total = 0;
  for (const SyntheticShape& s : shapes) {
    const ObjectModelData m = object_model(s, 400, 11);
    ASSERT_EQ(m.num_nodes(), 400);
    ASSERT_EQ(m.pose_vectors.size(), 400u * 9);
    ASSERT_EQ(m.features.size(), 400u * 5);
    double extent = 0;
    for (size_t i = 0; i < 400; ++i) {
      const double* x = &m.locations[i * 3];
      const double* n = &m.pose_vectors[i * 9];
      const double *c1 = n + 3, *c2 = n + 6;
      const double r = std::sqrt(dot3(x, x));
      extent = std::max(extent, 2 * r);
      EXPECT_NEAR(r, s.radius({x[0] / r, x[1] / r, x[2] / r}), 1e-12) << "node " << i << " is off the surface";
      EXPECT_NEAR(dot3(n, n), 1, 1e-9);
      EXPECT_NEAR(dot3(c1, c1), 1, 1e-9);
      EXPECT_NEAR(dot3(c2, c2), 1, 1e-9);
      EXPECT_NEAR(dot3(n, c1), 0, 1e-9);
      EXPECT_NEAR(dot3(n, c2), 0, 1e-9);
      EXPECT_NEAR(dot3(c1, c2), 0, 1e-9);
      EXPECT_NEAR(det3(n, c1, c2), 1, 1e-9) << "[n | c1 | c2] must be right-handed";
      // Outward: stepping 1 mm along the normal leaves the object.
      const SurfacePoint p = s.surface({x[0], x[1], x[2]});
      const double out[3] = {x[0] + 1e-3 * n[0], x[1] + 1e-3 * n[1], x[2] + 1e-3 * n[2]};
      const double ro = std::sqrt(dot3(out, out));
      EXPECT_GT(ro, s.radius({out[0] / ro, out[1] / ro, out[2] / ro}));
      const double* f = &m.features[i * 5];
      EXPECT_GE(f[0], 0);
      EXPECT_LT(f[0], 1);
      EXPECT_NEAR(f[3], log_curvature(p.pc1), 1e-6); // recomputed from a rounded location
      EXPECT_NEAR(f[4], log_curvature(p.pc2), 1e-6);
      EXPECT_GE(p.pc1, p.pc2);
      if (std::abs(p.pc1 - p.pc2 - pc1_is_pc2_threshold) > 1e-3) { // not a rounding away from the threshold
        EXPECT_EQ(m.pose_fully_defined[i] != 0, p.pc1 - p.pc2 > pc1_is_pc2_threshold);
      }
      defined += m.pose_fully_defined[i];
      ++total;
    }
    EXPECT_GE(extent, 0.045); // 5 to 15 cm across (the sample's largest radius is a little short of the shape's)
    EXPECT_LE(extent, 0.15);
  }
  // Both kinds of node occur: most surface is clearly curved one way more than the other, some is not.
  EXPECT_GT(defined, total / 4);
  EXPECT_LT(defined, total);
}

// An ellipsoid's principal curvatures at the end of its a axis are a/b^2 and a/c^2 along y and z.
TEST(SyntheticWorld, EllipsoidCurvaturesAtAnAxisEnd) {
  SyntheticShape s;
  s.semi_axes = {0.06, 0.04, 0.03};
  s.exponent = 2;
  s.colours = {{{1, 0, 0}, 0.25, 0.5, 0.5}};
  const SurfacePoint p = s.surface({1, 0.001, -0.002});
  const double ky = 0.06 / (0.04 * 0.04), kz = 0.06 / (0.03 * 0.03);
  EXPECT_NEAR(p.pc1, kz, 0.02 * kz);
  EXPECT_NEAR(p.pc2, ky, 0.02 * ky);
  EXPECT_TRUE(p.pose_fully_defined);
  EXPECT_NEAR(std::abs(p.c1[2]), 1, 1e-3) << "c1 bends most: along z";
  EXPECT_NEAR(p.normal[0], 1, 1e-3);
  // A sphere is umbilic everywhere: equal curvatures 1/r, pfd 0.
  s.semi_axes = {0.05, 0.05, 0.05};
  const SurfacePoint q = s.surface({0.3, -0.5, 0.8});
  EXPECT_NEAR(q.pc1, 20, 0.1);
  EXPECT_NEAR(q.pc2, 20, 0.1);
  EXPECT_FALSE(q.pose_fully_defined);
  EXPECT_NEAR(q.features[3], std::log(21.0), 0.01);
}

TEST(SyntheticWorld, DeterministicPerSeed) {
  const std::vector<ObjectModelData> a = synthetic_objects(3, 50, 9), b = synthetic_objects(3, 50, 9),
                                     c = synthetic_objects(3, 50, 10);
  ASSERT_EQ(a.size(), 3u);
  for (size_t o = 0; o < 3; ++o) {
    EXPECT_EQ(a[o].locations, b[o].locations);
    EXPECT_EQ(a[o].pose_vectors, b[o].pose_vectors);
    EXPECT_EQ(a[o].features, b[o].features);
    EXPECT_EQ(a[o].pose_fully_defined, b[o].pose_fully_defined);
    EXPECT_NE(a[o].locations, c[o].locations);
  }
  EXPECT_NE(a[0].locations, a[1].locations); // objects differ from each other
  EXPECT_THROW(synthetic_shapes(0, 1), Error);
  EXPECT_THROW(object_model(synthetic_shapes(1, 1)[0], 0, 1), Error);
}

// Over many observations: location error std 2 mm per axis, hue error std 0.1, the sensed normal off by about
// 2 * sqrt(2) degrees rms (two of the three Euler angles tilt it); displacements are differences of sensed locations
// and the steps are a few mm to 1 cm.
TEST(SyntheticWorld, SensorNoiseMatchesMontysBenchmarks) {
  const std::vector<SyntheticShape> shapes = synthetic_shapes(2, 21);
  std::mt19937_64 rng(5);
  const Mat3 rot = random_rotation(rng);
  const Vec3 t{0.1, -0.2, 0.9};
  SensorRun sensor(shapes[1], rot, t, 77);
  const int n = 4000;
  double loc_sq[3] = {0, 0, 0}, loc_sum = 0, hue_sq = 0, normal_sq = 0;
  std::vector<double> steps;
  Vec3 previous_true{}, previous_sensed{};
  for (int i = 0; i < n; ++i) {
    const Observation obs = sensor.observe();
    const SurfacePoint& p = sensor.true_point();
    const Vec3 world = mat_vec(rot, p.location);
    for (int c = 0; c < 3; ++c) {
      const double e = sensor.sensed_location()[c] - (world[c] + t[c]);
      loc_sq[c] += e * e;
      loc_sum += e;
    }
    hue_sq += std::pow(wrapped(obs.features[0] - p.features[0]), 2);
    EXPECT_GE(obs.features[0], 0);
    EXPECT_LT(obs.features[0], 1);
    const Vec3 n_true = mat_vec(rot, p.normal);
    const double c = std::clamp(dot3(obs.pose_vectors.data(), n_true.data()), -1.0, 1.0);
    normal_sq += std::pow(std::acos(c) * 180 / std::numbers::pi, 2);
    EXPECT_NEAR(det3(&obs.pose_vectors[0], &obs.pose_vectors[3], &obs.pose_vectors[6]), 1, 1e-9);
    EXPECT_EQ(obs.curvature, std::max(std::abs(obs.features[3]), std::abs(obs.features[4])));
    EXPECT_EQ(obs.pose_fully_defined, p.pose_fully_defined);
    if (i == 0) {
      EXPECT_FALSE(obs.displacement.has_value());
    } else {
      ASSERT_TRUE(obs.displacement.has_value());
      for (int k = 0; k < 3; ++k)
        EXPECT_DOUBLE_EQ((*obs.displacement)[k], sensor.sensed_location()[k] - previous_sensed[k]);
      const Vec3 d{p.location[0] - previous_true[0], p.location[1] - previous_true[1],
                   p.location[2] - previous_true[2]};
      steps.push_back(std::sqrt(dot3(d.data(), d.data())));
    }
    previous_true = p.location;
    previous_sensed = sensor.sensed_location();
  }
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(std::sqrt(loc_sq[c] / n), 0.002, 0.0001) << "axis " << c;
  EXPECT_NEAR(loc_sum / (3 * n), 0, 0.0001);
  EXPECT_NEAR(std::sqrt(hue_sq / n), 0.1, 0.006);
  EXPECT_NEAR(std::sqrt(normal_sq / n), 2 * std::sqrt(2.0), 0.2);
  EXPECT_GE(median(steps), 0.004);
  EXPECT_LE(median(steps), 0.01);
  EXPECT_GE(*std::min_element(steps.begin(), steps.end()), 0.002);
  EXPECT_LE(*std::max_element(steps.begin(), steps.end()), 0.015);
}

// A small world end to end through the demo's loop: every run names the target and its pose within 10 degrees.
// (600 nodes: with a few hundred the nodes are ~1 cm apart and the poses they seed are coarser.)
TEST(Recognition, SmallWorldFindsTheObjectAndItsPose) {
  const int64_t num_objects = 5;
  const std::vector<SyntheticShape> shapes = synthetic_shapes(num_objects, 2);
  const std::vector<ObjectModelData> objects = synthetic_objects(num_objects, 600, 2); // models of `shapes`
  RecognitionParams params;
  Backend backend(recognition_backend(params, "CPU", float32));
  const int lm = backend.register_lm(objects);
  for (int64_t run = 0; run < 2; ++run) {
    const Episode e = make_episode(num_objects, 2, run);
    SensorRun sensor(shapes[static_cast<size_t>(e.target)], e.rotation, e.translation, e.sensor_seed);
    const RecognitionResult r = recognize(backend, lm, sensor, e.target, params);
    SCOPED_TRACE("run " + std::to_string(run));
    EXPECT_TRUE(r.correct) << "target " << r.target << ", recognized " << r.recognized;
    EXPECT_TRUE(r.terminated);
    EXPECT_EQ(r.possible_matches, 1);
    EXPECT_LT(r.pose_error_degrees, 10);
    EXPECT_EQ(static_cast<int64_t>(r.step_ms.size()), r.steps);
    EXPECT_EQ(r.backend_ms.size(), r.step_ms.size());
    EXPECT_EQ(r.host_ms.size(), r.step_ms.size());
  }
}

// Monty's unique-pose check: the hypotheses within 20% of the object's best must agree on rotation (0.35 rad) and
// location (10 cm); a 180-degree twin with nearly the best evidence breaks it, one with little evidence does not.
TEST(Recognition, UniquePoseNeedsThePossibleHypothesesToAgree) {
  std::mt19937_64 rng(8);
  const Mat3 a = random_rotation(rng);
  const Mat3 flip{-1, 0, 0, 0, -1, 0, 0, 0, 1};
  const Mat3 b = multiply(a, flip);
  const Mat3 c = multiply(a, euler_small());
  auto hyps = [&](const std::vector<Mat3>& rots, const std::vector<double>& e, double spread) {
    std::vector<double> loc, rot;
    for (size_t h = 0; h < rots.size(); ++h) {
      loc.insert(loc.end(), {spread * static_cast<double>(h), 0, 0});
      rot.insert(rot.end(), rots[h].begin(), rots[h].end());
    }
    return HypothesesData{loc, rot, e};
  };
  std::array<double, 9> mlh{};
  std::copy(a.begin(), a.end(), mlh.begin());
  const RecognitionParams params;
  EXPECT_TRUE(check_poses(hyps({a, c, b}, {10, 9, 5}, 0.01), mlh, params).unique); // the twin is far below 8
  const PoseCheck twin = check_poses(hyps({a, c, b}, {10, 9, 8.5}, 0.01), mlh, params);
  EXPECT_FALSE(twin.unique);
  EXPECT_EQ(twin.possible_rotations.size(), 3u);
  EXPECT_TRUE(std::is_sorted(twin.possible_rotations.begin(), twin.possible_rotations.end()));
  EXPECT_FALSE(check_poses(hyps({a, c}, {10, 9}, 0.2), mlh, params).unique); // 20 cm apart
}

// The pose error is measured against the inverse of the object's rotation: a wrong convention (R_obj itself) would
// show up as a large error for a generic rotation.
TEST(Recognition, PoseErrorComparesWithTheInverseRotation) {
  std::mt19937_64 rng(3);
  const Mat3 r = random_rotation(rng);
  EXPECT_NEAR(rotation_angle_degrees(multiply(transpose(r), r)), 0, 1e-4); // acos is steep at 1
  EXPECT_GT(rotation_angle_degrees(multiply(r, r)), 5);
  EXPECT_NEAR(median({3, 1, 2}), 2, 0);
  EXPECT_NEAR(median({4, 1, 2, 3}), 2.5, 0);
}

} // namespace
} // namespace lmc::lm
