// The named pass "vector_loads": scalar loads of neighbouring elements of one buffer become one vector load of 4
// elements (16 bytes of 4-byte elements, 8 of 2-byte ones) and a lane pick each (GPU kernels only).
//
// Why: the LM kernels gather rows of a small table per candidate (a node's 12 values in the evidence step, a point's
// coordinates in the K-NN, a neighbour list's int16 ids), and each scalar load of a gather is its own pass through
// the memory pipeline, touching the same cache lines as its neighbours. One vector load per 4 elements does that
// work once.
//
// Before: LOAD(INDEX(buffer, base + c[, g])) with 4- or 2-byte elements. After: loads that share the buffer, the base,
// the gate and the aligned group of 4 elements holding base + c, two or more of them, read GEP(LOAD(INDEX(buffer, base
// + 4 * (c // 4)[, g]) as a 4-wide vector), c % 4). Only where the base is a multiple of 4 whatever the ranges are (so
// the group starts at a multiple of 4 elements) and the buffer holds a multiple of 4 elements (so a group that holds an
// element the kernel reads lies wholly inside the buffer: the extra lanes read memory the program owns). The buffer's
// own address is checked when the kernel runs (the renderer falls back to scalar loads for a buffer not aligned to the
// vector). Runs before gate_arm_loads, which then gates each vector load by what its lanes' readers have in common.
#pragma once
#include "rewrite/matcher.hpp"

namespace lmc {

const rw::RuleTable& vector_load_rules();

// The named pass (a top-down walk replacing the grouped loads found in the kernel).
UOp group_vector_loads(UOp sink);

} // namespace lmc
