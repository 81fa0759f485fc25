// The pass "flatten_threads" (CUDA C only): the parallel ranges of a linear program become slices of one flat thread
// index, as SPECIAL nodes the renderer prints. Its own file because choosing the threads is lowering, not printing.
//
// Before: a LinearProgram with no SPECIAL ops, its parallel_range (linearize) the outermost loop a device may split.
// After: that RANGE and the Global RANGEs perfectly nested in it (nothing but pure work between their openings, no
// store, loop or barrier between their closings) are SPECIAL nodes named flat0 (outermost) .. flatN, each with its
// range's extent as source and its range's dtype; every use and END of a range names its SPECIAL instead. Together
// they are the index gid = blockIdx.x * blockDim.x + threadIdx.x over the product of their extents (innermost
// fastest, so neighbouring threads touch neighbouring elements): flatK = gid / (the extents inside it) % extentK. The
// END of flat0 closes the block of work a thread does (`if (gid < product)`, or a grid-stride loop); the ENDs of the
// others close nothing. Every other range stays a loop, which is always correct; with no usable parallel range
// (or a program with SPECIALs of its own) the program is unchanged and the whole kernel is one thread.
#pragma once
#include "codegen/linear.hpp"
#include "codegen/render/cuda_launch.hpp"

namespace lmc {

struct FlatThreadProgram {
  LinearProgram program;
  CudaLaunchSpec launch; // flat, block, grid_stride, max_grid_x and wide_index chosen (explicit shapes are left)
};

FlatThreadProgram flatten_threads(const LinearProgram& program, const CudaTarget& target);

// Whether u is a slice of the flat thread index (flatK) and which one (k), or -1.
int flat_slice(UOp u);

} // namespace lmc
