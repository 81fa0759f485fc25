// The CUDA C of an TILED_MATMUL node (the TC opt): a block-tiled matmul on tensor cores. Its own file because it is a
// fixed schedule (cp.async stages in shared memory, ldmatrix fragments and mma.sync m16n8k16 or Hopper's wgmma, a
// float32 epilogue) rendered from an MmaSpec, not a walk over loops like the rest of the CUDA renderer.
#pragma once
#include "codegen/opt/tc.hpp"

#include <string>
#include <vector>

namespace lmc {

// Device helpers (cp.async, ldmatrix, mma.sync wrappers, the tile loader) placed once before the kernel.
const char* cuda_mma_helpers();

// The kernel body for `spec`; c, a, b name the kernel's pointer arguments; `in` is the inputs' dtype (float16 or
// bfloat16), `out` C's. The launch is a block of tile().threads() threads per output tile and batch.
std::string cuda_mma_body(const MmaSpec& spec, const std::string& c, const std::string& a, const std::string& b,
                          DType in, DType out);
// Kernel lines shared by the tiled matmul bodies (TC and GEMM): the block's output tile origin m0, n0 (BM, BN,
// TILES_M, TILES_N and GROUP must be defined; tile rows are grouped for L2 reuse) and the batch's element offsets oa,
// ob, oc from blockIdx.y.
std::string cuda_matmul_block_origin(const MmaSpec& spec);
// Whether an operand can be moved `lanes` elements at a time (16-byte copies: 8 16-bit or 4 float32 elements): a
// unit stride along the moved axis, the offset and every other stride a multiple of `lanes` (the pointer's own
// alignment is checked at run time), and an extent along it that is a multiple of `lanes` (a vector is moved or
// zeroed whole: one straddling the end would read past the matrix).
bool vectorizable(int64_t lanes, int64_t offset, int64_t unit, int64_t other, const std::vector<int64_t>& batch_strides,
                  int64_t extent);

} // namespace lmc
