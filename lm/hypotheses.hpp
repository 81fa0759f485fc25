// Hypothesis state (location, rotation, evidence per hypothesis), the informed initial hypothesis space
// (monty_hypothesis_ops.md §3.1-3.3) and path integration l += R d (§4). Its own file: creating and moving
// hypotheses is separate from scoring them (evidence.hpp).
#pragma once
#include "lm/model.hpp"

namespace lmc::lm {

// The hypotheses of one object: H rows. R maps sensor-frame vectors into the model frame.
struct Hypotheses {
  Tensor locations; // (H, 3)
  Tensor rotations; // (H, 3, 3)
  Tensor evidence;  // (H,)

  int64_t size() const { return locations.shape()[0]; }
};

// What the sensor reports at one step (one channel). Rows of S are the sensed normal and curvature directions.
struct Percept {
  Tensor pose_vectors;            // S (3, 3), rows [n_s; c1_s; c2_s]
  bool pose_fully_defined = true; // pfd_s: the curvature directions are meaningful
  Tensor features;                // q (F,), in the model's feature order
  double curvature = 10.0;        // kappa (§5.4): max |principal_curvatures_log|; Monty's fallback is 10
};

// Frames per node in the informed space: 2 when the pose is fully defined, else umbilical_num_poses (§3.1).
int64_t informed_num_rotations(bool pose_fully_defined, int64_t umbilical_num_poses = 8);

// The n_r possible sensed frames S_j (n_r, 3, 3): for n_r = 2, S and S with both curvature directions negated;
// otherwise n_r directions evenly spaced in the tangent plane, v_j = cos(2 pi j / n_r) c1 + sin(...) c2, with
// frames [n; v_j; n x v_j].
Tensor sensed_directions(const Tensor& pose_vectors, int64_t num_rotations);

// The informed initial space, variant-major: row j*N + n has location P[n], rotation M_n^T S_j (M_n = V[n] as
// rows) and evidence phi[n]. H = n_r * N.
Hypotheses initial_space(const ObjectModel& model, const Tensor& sensed_frames, const Tensor& phi);

// Path integration: every location moves by its rotated displacement, l + R d.
Tensor displace(const Tensor& locations, const Tensor& rotations, const Tensor& displacement);

} // namespace lmc::lm
