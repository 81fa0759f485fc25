// The synthetic world's geometry: radius functions, finite-difference normals and principal curvatures, area-uniform
// node sampling, and the noisy surface walk. Everything is double precision host code.
#include "lm/synthetic_world.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace lmc::lm {
namespace {

Vec3 add(const Vec3& a, const Vec3& b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
Vec3 scale(const Vec3& a, double s) {
  return {a[0] * s, a[1] * s, a[2] * s};
}
double dot(const Vec3& a, const Vec3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double norm(const Vec3& a) {
  return std::sqrt(dot(a, a));
}
Vec3 normalized(const Vec3& a) {
  return scale(a, 1.0 / norm(a));
}

Vec3 random_unit(std::mt19937_64& rng) {
  std::normal_distribution<double> g;
  for (;;) {
    const Vec3 v{g(rng), g(rng), g(rng)};
    const double n = norm(v);
    if (n > 1e-6) return scale(v, 1.0 / n);
  }
}

// A unit vector perpendicular to n that depends only on n (the same at the same point, model or sensor side).
Vec3 reference_tangent(const Vec3& n) {
  int axis = 0;
  for (int i = 1; i < 3; ++i)
    if (std::abs(n[i]) < std::abs(n[axis])) axis = i;
  Vec3 a{};
  a[axis] = 1;
  return normalized(add(a, scale(n, -dot(a, n))));
}

// The implicit function whose zero set is the surface: negative inside.
double implicit(const SyntheticShape& shape, const Vec3& x) {
  const double r = norm(x);
  return r - shape.radius(scale(x, 1.0 / r));
}

Mat3 euler_xyz(double ax, double ay, double az) {
  const double cx = std::cos(ax), sx = std::sin(ax), cy = std::cos(ay), sy = std::sin(ay), cz = std::cos(az),
               sz = std::sin(az);
  const Mat3 rx{1, 0, 0, 0, cx, -sx, 0, sx, cx};
  const Mat3 ry{cy, 0, sy, 0, 1, 0, -sy, 0, cy};
  const Mat3 rz{cz, -sz, 0, sz, cz, 0, 0, 0, 1};
  return multiply(rz, multiply(ry, rx)); // extrinsic x, then y, then z (scipy's "xyz")
}

} // namespace

Mat3 multiply(const Mat3& a, const Mat3& b) {
  Mat3 c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return c;
}

Mat3 transpose(const Mat3& m) {
  return {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
}

Vec3 mat_vec(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}

double rotation_angle_degrees(const Mat3& r) {
  const double c = std::clamp((r[0] + r[4] + r[8] - 1) / 2, -1.0, 1.0);
  return std::acos(c) * 180 / std::numbers::pi;
}

Mat3 random_rotation(std::mt19937_64& rng) {
  // A normalized 4-d Gaussian is a uniform unit quaternion, hence a uniform rotation.
  std::normal_distribution<double> g;
  double w = 0, x = 0, y = 0, z = 0, n = 0;
  while (n < 1e-6) {
    w = g(rng), x = g(rng), y = g(rng), z = g(rng);
    n = std::sqrt(w * w + x * x + y * y + z * z);
  }
  w /= n, x /= n, y /= n, z /= n;
  return {1 - 2 * (y * y + z * z), 2 * (x * y - z * w),     2 * (x * z + y * w),
          2 * (x * y + z * w),     1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
          2 * (x * z - y * w),     2 * (y * z + x * w),     1 - 2 * (x * x + y * y)};
}

double log_curvature(double k) {
  return (k > 0 ? 1.0 : k < 0 ? -1.0 : 0.0) * std::log(std::abs(k) + 1);
}

double SyntheticShape::radius(const Vec3& d) const {
  double sum = 0;
  for (int i = 0; i < 3; ++i)
    sum += std::pow(std::abs(d[i] / semi_axes[i]), exponent);
  double r = std::pow(sum, -1.0 / exponent);
  double s = 1;
  for (const ShapeBump& b : bumps)
    s += b.amplitude * std::exp((dot(d, b.direction) - 1) / (b.width * b.width));
  return r * s;
}

SurfacePoint SyntheticShape::surface(const Vec3& direction) const {
  const Vec3 d = normalized(direction);
  SurfacePoint p;
  p.location = scale(d, radius(d));

  // Gradient and Hessian of the implicit function by central differences. The step is small against the shapes'
  // radii of curvature (>= ~1 cm) and large enough that rounding in f (~1e-17 m) stays far below the curvatures.
  const double h = 2e-4;
  auto f = [&](double dx, double dy, double dz) {
    return implicit(*this, {p.location[0] + dx, p.location[1] + dy, p.location[2] + dz});
  };
  auto offset = [&](int axis, double amount) {
    Vec3 o{};
    o[axis] = amount;
    return o;
  };
  const double f0 = f(0, 0, 0);
  Vec3 grad{};
  double hess[3][3];
  for (int i = 0; i < 3; ++i) {
    const Vec3 a = offset(i, h);
    const double fp = f(a[0], a[1], a[2]), fm = f(-a[0], -a[1], -a[2]);
    grad[i] = (fp - fm) / (2 * h);
    hess[i][i] = (fp - 2 * f0 + fm) / (h * h);
  }
  for (int i = 0; i < 3; ++i)
    for (int j = i + 1; j < 3; ++j) {
      const Vec3 a = offset(i, h), b = offset(j, h);
      const double fpp = f(a[0] + b[0], a[1] + b[1], a[2] + b[2]);
      const double fpm = f(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      const double fmp = f(-a[0] + b[0], -a[1] + b[1], -a[2] + b[2]);
      const double fmm = f(-a[0] - b[0], -a[1] - b[1], -a[2] - b[2]);
      hess[i][j] = hess[j][i] = (fpp - fpm - fmp + fmm) / (4 * h * h);
    }
  const double gnorm = norm(grad);
  p.normal = scale(grad, 1.0 / gnorm);

  // The shape operator in a tangent basis (e1, e2): curvature along t is t^T H t / |grad f|, positive where the
  // surface bends away from the outward normal (a sphere of radius r gives 1/r).
  const Vec3 e1 = reference_tangent(p.normal), e2 = cross(p.normal, e1);
  auto form = [&](const Vec3& u, const Vec3& v) {
    double s = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        s += u[i] * hess[i][j] * v[j];
    return s / gnorm;
  };
  const double s11 = form(e1, e1), s12 = form(e1, e2), s22 = form(e2, e2);
  const double mean = (s11 + s22) / 2, half = std::sqrt((s11 - s22) * (s11 - s22) / 4 + s12 * s12);
  p.pc1 = mean + half;
  p.pc2 = mean - half;
  p.pose_fully_defined = p.pc1 - p.pc2 > pc1_is_pc2_threshold;
  // Where the curvatures are about equal the principal directions are noise; the reference tangent is at least the
  // same on the model and the sensor side, and pfd = 0 tells the LM not to use it.
  const double theta = p.pose_fully_defined ? 0.5 * std::atan2(2 * s12, s11 - s22) : 0.0;
  p.c1 = normalized(add(scale(e1, std::cos(theta)), scale(e2, std::sin(theta))));
  p.c2 = cross(p.normal, p.c1);

  const ColourRegion* best = &colours.at(0);
  for (const ColourRegion& c : colours)
    if (dot(d, c.direction) > dot(d, best->direction)) best = &c;
  p.features = {best->hue, best->saturation, best->value, log_curvature(p.pc1), log_curvature(p.pc2)};
  return p;
}

std::vector<SyntheticShape> synthetic_shapes(int64_t num_objects, uint64_t seed) {
  if (num_objects < 1) throw Error(fmt::format("synthetic_shapes: {} objects", num_objects));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<SyntheticShape> shapes;
  for (int64_t o = 0; o < num_objects; ++o) {
    SyntheticShape s;
    // Axis ratios from 1 : 0.35 : 0.35 to a sphere's, exponents from ellipsoids to rounded boxes, 3 to 8 bumps
    // (negative ones are dents); the size is set below, once the bumps are known.
    s.semi_axes = {1, 0.35 + 0.65 * u(rng), 0.35 + 0.65 * u(rng)};
    s.exponent = 2 + 4 * u(rng);
    const int num_bumps = 3 + static_cast<int>(u(rng) * 6);
    for (int b = 0; b < num_bumps; ++b)
      s.bumps.push_back({random_unit(rng), -0.3 + 0.7 * u(rng), 0.2 + 0.3 * u(rng)});
    // Scale to 5 to 15 cm across: twice the largest radius over many directions (the bumps included).
    const double across = 0.05 + 0.1 * u(rng);
    double largest = 0;
    for (int i = 0; i < 4000; ++i)
      largest = std::max(largest, s.radius(random_unit(rng)));
    for (double& a : s.semi_axes)
      a *= across / (2 * largest);
    // Colours from a palette shared by all objects (8 hues x 3 saturations x 3 values), so one node's colour
    // occurs on many objects: the LM has to combine colour with shape and path.
    const int num_regions = 4 + static_cast<int>(u(rng) * 5);
    for (int c = 0; c < num_regions; ++c) {
      const double hue = static_cast<double>(static_cast<int>(u(rng) * 8)) / 8;
      const double sat = 0.35 + 0.25 * static_cast<int>(u(rng) * 3);
      const double val = 0.35 + 0.25 * static_cast<int>(u(rng) * 3);
      s.colours.push_back({random_unit(rng), hue, sat, val});
    }
    shapes.push_back(std::move(s));
  }
  return shapes;
}

ObjectModelData object_model(const SyntheticShape& shape, int64_t num_nodes, uint64_t seed) {
  if (num_nodes < 1) throw Error(fmt::format("object_model: {} nodes", num_nodes));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  // Uniform by area: a uniform direction d lands on area r^2 / (n . d) per solid angle, so accept it with that
  // weight over a bound taken from a pilot sample (with margin).
  auto weight = [](const SurfacePoint& p) {
    const double r = norm(p.location);
    return r * r / std::max(1e-3, dot(p.normal, scale(p.location, 1.0 / r)));
  };
  double bound = 0;
  for (int i = 0; i < 1000; ++i)
    bound = std::max(bound, weight(shape.surface(random_unit(rng))));
  bound *= 1.5;

  ObjectModelData m;
  while (m.num_nodes() < num_nodes) {
    const SurfacePoint p = shape.surface(random_unit(rng));
    if (u(rng) * bound > weight(p)) continue;
    m.locations.insert(m.locations.end(), p.location.begin(), p.location.end());
    for (const Vec3* v : {&p.normal, &p.c1, &p.c2})
      m.pose_vectors.insert(m.pose_vectors.end(), v->begin(), v->end());
    m.pose_fully_defined.push_back(p.pose_fully_defined ? 1 : 0);
    m.features.insert(m.features.end(), p.features.begin(), p.features.end());
  }
  return m;
}

std::vector<ObjectModelData> synthetic_objects(int64_t num_objects, int64_t nodes_per_object, uint64_t seed) {
  const std::vector<SyntheticShape> shapes = synthetic_shapes(num_objects, seed);
  std::vector<ObjectModelData> out;
  for (size_t o = 0; o < shapes.size(); ++o)
    out.push_back(object_model(shapes[o], nodes_per_object, seed * 1000003 + o + 1));
  return out;
}

SensorRun::SensorRun(const SyntheticShape& shape, Mat3 rotation, Vec3 translation, uint64_t seed, SensorNoise noise,
                     SensorMotion motion)
    : shape_(&shape), rotation_(rotation), translation_(translation), rng_(seed), noise_(noise), motion_(motion) {}

Observation SensorRun::observe() {
  std::normal_distribution<double> g;
  std::uniform_real_distribution<double> u(0, 1);
  if (!started_) {
    point_ = shape_->surface(random_unit(rng_));
    const Vec3 r = random_unit(rng_);
    heading_ = add(r, scale(point_.normal, -dot(r, point_.normal)));
  } else {
    // Turn about the normal, step along the tangent, and drop back onto the surface along the ray from the centre.
    const double turn = motion_.turn_sigma * g(rng_);
    const Vec3 turned = add(scale(heading_, std::cos(turn)), scale(cross(point_.normal, heading_), std::sin(turn)));
    const double step = motion_.min_step + (motion_.max_step - motion_.min_step) * u(rng_);
    point_ = shape_->surface(add(point_.location, scale(turned, step)));
    heading_ = add(turned, scale(point_.normal, -dot(turned, point_.normal)));
  }
  if (norm(heading_) < 1e-9) heading_ = reference_tangent(point_.normal);
  heading_ = normalized(heading_);

  Observation obs;
  const Vec3 world = add(mat_vec(rotation_, point_.location), translation_);
  const Vec3 sensed{world[0] + noise_.location_sigma * g(rng_), world[1] + noise_.location_sigma * g(rng_),
                    world[2] + noise_.location_sigma * g(rng_)};
  if (started_)
    obs.displacement = std::array<double, 3>{sensed[0] - sensed_[0], sensed[1] - sensed_[1], sensed[2] - sensed_[2]};
  sensed_ = sensed;
  started_ = true;

  const double deg = std::numbers::pi / 180;
  const Mat3 pose_noise =
      euler_xyz(noise_.pose_sigma_degrees * deg * g(rng_), noise_.pose_sigma_degrees * deg * g(rng_),
                noise_.pose_sigma_degrees * deg * g(rng_));
  const Mat3 to_world = multiply(pose_noise, rotation_);
  int row = 0;
  for (const Vec3* v : {&point_.normal, &point_.c1, &point_.c2}) {
    const Vec3 w = mat_vec(to_world, *v);
    for (int c = 0; c < 3; ++c)
      obs.pose_vectors[static_cast<size_t>(row * 3 + c)] = w[c];
    ++row;
  }
  obs.pose_fully_defined = point_.pose_fully_defined;
  obs.features.assign(point_.features.begin(), point_.features.end());
  double hue = std::fmod(obs.features[0] + noise_.hue_sigma * g(rng_), 1.0);
  if (hue < 0) hue += 1;
  if (hue >= 1) hue = 0; // fmod of a tiny negative plus 1 can round up to exactly 1
  obs.features[0] = hue;
  obs.curvature = std::max(std::abs(obs.features[3]), std::abs(obs.features[4]));
  return obs;
}

std::vector<ObjectModelData> sphere_objects(int64_t num_objects, int64_t nodes_per_object, uint64_t seed) {
  std::vector<ObjectModelData> objects = synthetic_objects(num_objects, nodes_per_object, seed);
  std::mt19937_64 rng(seed + 1);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (ObjectModelData& m : objects) {
    const size_t columns = m.features.size() / static_cast<size_t>(std::max<int64_t>(nodes_per_object, 1));
    for (int64_t i = 0; i < nodes_per_object; ++i) {
      std::array<double, 3> v{normal(rng), normal(rng), normal(rng)};
      const double length = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      for (size_t k = 0; k < 3; ++k)
        m.locations[static_cast<size_t>(i) * 3 + k] = 0.05 * v[k] / length;
      if (columns > 0) m.features[static_cast<size_t>(i) * columns] = uniform(rng);
    }
  }
  return objects;
}

} // namespace lmc::lm
