// A synthetic world for the recognition demo: random smooth objects (superellipsoids with bumps and colour regions)
// as Monty-style object models, and a noisy surface sensor that walks over one of them at a pose. Its own file: plain
// host data and geometry, no tensors, so the demo and the tests can build worlds without a device.
#pragma once
#include "lm/backend.hpp"

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace lmc::lm {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<double, 9>; // row-major

// One bump of a shape's radius: r *= 1 + amplitude * exp((d . direction - 1) / width^2) for unit directions d.
struct ShapeBump {
  Vec3 direction{};
  double amplitude = 0;
  double width = 0.5;
};

// A region of one colour: a surface point takes the colour of the region whose direction is nearest its own.
struct ColourRegion {
  Vec3 direction{};
  double hue = 0, saturation = 0, value = 0;
};

// Everything the sensor reads at one surface point, in the model frame.
struct SurfacePoint {
  Vec3 location{};
  Vec3 normal{};           // unit, outward
  Vec3 c1{}, c2{};         // unit tangent curvature directions, [n | c1 | c2] right-handed; c1 bends most (pc1 >= pc2)
  double pc1 = 0, pc2 = 0; // principal curvatures in 1/m, positive where the surface bends away from the normal
  bool pose_fully_defined = false;  // |pc1 - pc2| clearly non-zero, so c1 is meaningful
  std::array<double, 5> features{}; // [hue, saturation, value, pc1_log, pc2_log]
};

// A star-shaped object: the radius along a unit direction d is a superellipsoid's, scaled by its bumps. Smooth
// (C2) for exponents >= 2, so normals and curvatures come from finite differences of the implicit |x| - r(x/|x|).
struct SyntheticShape {
  Vec3 semi_axes{}; // metres
  double exponent = 2;
  std::vector<ShapeBump> bumps;
  std::vector<ColourRegion> colours;

  double radius(const Vec3& unit_direction) const;
  // The surface point along a direction from the centre (need not be unit length, must be non-zero).
  SurfacePoint surface(const Vec3& direction) const;
};

// Monty's threshold for a fully defined pose: principal curvatures that differ by less (1/m) give pfd = 0.
inline constexpr double pc1_is_pc2_threshold = 10;
// Monty's principal_curvatures_log: sign(k) log(|k| + 1).
double log_curvature(double k);

// `num_objects` distinct random shapes, 5 to 15 cm across, from `seed`.
std::vector<SyntheticShape> synthetic_shapes(int64_t num_objects, uint64_t seed);
// One object model: `num_nodes` points sampled uniformly by area over the surface.
ObjectModelData object_model(const SyntheticShape& shape, int64_t num_nodes, uint64_t seed);
// synthetic_shapes, then object_model for each.
std::vector<ObjectModelData> synthetic_objects(int64_t num_objects, int64_t nodes_per_object, uint64_t seed);

// synthetic_objects() with every node moved to a uniform random point of a 5 cm sphere and a uniform random first
// feature: bench/monty_step's kind of object, dense enough at Monty's match radius that the neighbour grid pays. For
// profiling the step as the benchmark runs it; the sensor walk of the demo still observes them.
std::vector<ObjectModelData> sphere_objects(int64_t num_objects, int64_t nodes_per_object, uint64_t seed);

// Noise as in Monty's noisy benchmarks (location, pose vectors, hue).
struct SensorNoise {
  double location_sigma = 0.002; // metres, per world axis
  double pose_sigma_degrees = 2; // per Euler angle (x, y, z) of the random rotation applied to the pose vectors
  double hue_sigma = 0.1;        // hue wrapped to [0, 1)
};

// How the sensor moves: a random walk over the surface, each step a distance in [min_step, max_step] along the
// current heading, which turns by N(0, turn_sigma) radians about the normal before each step.
struct SensorMotion {
  double min_step = 0.004;
  double max_step = 0.01;
  double turn_sigma = 0.6;
};

Mat3 random_rotation(std::mt19937_64& rng);
Mat3 multiply(const Mat3& a, const Mat3& b);
Mat3 transpose(const Mat3& m);
Vec3 mat_vec(const Mat3& m, const Vec3& v);
// The angle of R in degrees, from its trace.
double rotation_angle_degrees(const Mat3& r);

// A sensor on one object placed in the world at x_world = rotation * x_model + translation.
class SensorRun {
public:
  SensorRun(const SyntheticShape& shape, Mat3 rotation, Vec3 translation, uint64_t seed, SensorNoise noise = {},
            SensorMotion motion = {});

  // The next observation: the first at a random surface point, every later one a move along the surface.
  // displacement = this noisy sensed world location minus the previous one (empty on the first).
  Observation observe();

  // The true (noise-free) model-frame point of the last observation and its noisy world location.
  const SurfacePoint& true_point() const { return point_; }
  const Vec3& sensed_location() const { return sensed_; }
  const Mat3& rotation() const { return rotation_; }

private:
  const SyntheticShape* shape_;
  Mat3 rotation_;
  Vec3 translation_;
  std::mt19937_64 rng_;
  SensorNoise noise_;
  SensorMotion motion_;
  bool started_ = false;
  SurfacePoint point_;
  Vec3 heading_{};
  Vec3 sensed_{};
};

} // namespace lmc::lm
