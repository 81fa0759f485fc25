// The CUDA C of a CUDA-core TILED_MATMUL node (the GEMM opt): a block-tiled float32 matmul. Its own file because it is
// a fixed schedule (operands staged through two shared-memory buffers via registers, 4 x 4 register quads fed by float4
// shared loads) rendered from an MmaSpec, not a walk over loops like the rest of the CUDA renderer.
#pragma once
#include "codegen/opt/gemm.hpp"

#include <string>

namespace lmc {

// Device helpers (the operand tile fetch and stash) placed once before the kernel.
const char* cuda_gemm_helpers();

// The kernel body for `spec` (engine CudaCores); c, a, b name the kernel's float pointer arguments. The launch is
// a block of gemm_tile().threads() threads per output tile and batch.
std::string cuda_gemm_body(const MmaSpec& spec, const std::string& c, const std::string& a, const std::string& b);

} // namespace lmc
