// The informed initial hypothesis space and displacement as tensor expressions: rotations for all (frame, node)
// pairs are one broadcast matmul, laid out variant-major as Monty does; displacement is one batched mat-vec.
#include "lm/hypotheses.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

namespace lmc::lm {
namespace {

// Row i of a (3, 3) frame, as a (1, 3) tensor.
Tensor frame_row(const Tensor& frame, int64_t i) {
  return frame.slice({{i, i + 1}});
}

} // namespace

int64_t informed_num_rotations(bool pose_fully_defined, int64_t umbilical_num_poses) {
  return pose_fully_defined ? 2 : umbilical_num_poses;
}

Tensor sensed_directions(const Tensor& pose_vectors, int64_t num_rotations) {
  if (pose_vectors.shape() != Shape{3, 3})
    throw Error(fmt::format("sensed_directions: pose vectors must be (3, 3), got {}", shape_str(pose_vectors.shape())));
  if (num_rotations < 1) throw Error(fmt::format("sensed_directions: {} rotations (need >= 1)", num_rotations));
  const DType dt = pose_vectors.dtype();
  const std::string& dev = pose_vectors.device();
  if (num_rotations == 2) {
    // The curvature directions are only defined up to sign: the second frame flips both.
    const Tensor flip = Tensor::from_vector(std::vector<double>{1, -1, -1}, {3, 1}, dev).cast(dt);
    return Tensor::stack({pose_vectors, pose_vectors * flip});
  }
  // The angles are numpy.linspace(0, 2 pi, n + 1)[:-1], i.e. j * (2 pi / n); cos and sin are host constants.
  std::vector<double> cos_a, sin_a;
  const double step = 2 * std::numbers::pi / static_cast<double>(num_rotations);
  for (int64_t j = 0; j < num_rotations; ++j) {
    cos_a.push_back(std::cos(static_cast<double>(j) * step));
    sin_a.push_back(std::sin(static_cast<double>(j) * step));
  }
  const Tensor c = Tensor::from_vector(cos_a, {num_rotations, 1}, dev).cast(dt);
  const Tensor s = Tensor::from_vector(sin_a, {num_rotations, 1}, dev).cast(dt);
  const Tensor normal = frame_row(pose_vectors, 0).expand({num_rotations, 3});
  const Tensor v = c * frame_row(pose_vectors, 1) + s * frame_row(pose_vectors, 2); // (n_r, 3)
  return Tensor::stack({normal, v, normal.cross(v)}, 1);                            // (n_r, 3, 3)
}

Hypotheses initial_space(const ObjectModel& model, const Tensor& sensed_frames, const Tensor& phi) {
  const int64_t n = model.num_nodes();
  if (sensed_frames.ndim() != 3 || sensed_frames.shape()[1] != 3 || sensed_frames.shape()[2] != 3)
    throw Error(
        fmt::format("initial_space: sensed frames must be (n_r, 3, 3), got {}", shape_str(sensed_frames.shape())));
  if (phi.shape() != Shape{n})
    throw Error(fmt::format("initial_space: phi has shape {}, expected ({},)", shape_str(phi.shape()), n));
  const int64_t nr = sensed_frames.shape()[0];
  // R_{j,n} = M_n^T S_j maps each sensed vector onto the stored one (R n_s = n_node, R c1_s = c1_node).
  const Tensor node_frames = model.pose_vectors.reshape({1, n, 3, 3});
  const Tensor rotations = node_frames.transpose(-1, -2).matmul(sensed_frames.unsqueeze(1)); // (n_r, N, 3, 3)
  return Hypotheses{
      model.locations.unsqueeze(0).expand({nr, n, 3}).reshape({nr * n, 3}),
      rotations.reshape({nr * n, 3, 3}),
      phi.unsqueeze(0).expand({nr, n}).reshape({nr * n}),
  };
}

Tensor displace(const Tensor& locations, const Tensor& rotations, const Tensor& displacement) {
  if (displacement.shape() != Shape{3})
    throw Error(fmt::format("displace: displacement must be (3,), got {}", shape_str(displacement.shape())));
  return locations + rotations.matmul(displacement.cast(locations.dtype()));
}

} // namespace lmc::lm
