// The CUDA-core matmul opt (GEMM): a float32 matmul kernel becomes one TILED_MATMUL node run on CUDA cores as a
// block-tiled, shared-memory-staged program. Its own file because, like TC, it does not split ranges: it replaces the
// loop nest by a fixed schedule whose free parameters are the tile shapes in kGemmConfigs. The generic opts (UPCAST,
// LOCAL, ...) cannot stage operands in shared memory, and without that a float32 matmul stays bound by L1 traffic well
// below the FMA rate.
#pragma once
#include "codegen/opt/matmul_spec.hpp"
#include "codegen/opt/opt.hpp"

#include <array>
#include <optional>
#include <vector>

namespace lmc {

// A block tile: BM x BN outputs per block, BK of the reduce axis per shared-memory buffer (two buffers: one is
// filled from registers while the other is read), each thread owning a TM x TN register tile made of 4 x 4 quads
// spread over the block tile (so the threads of a warp read distinct float4s of a shared row), and the blocks per SM
// the compiler must leave registers for (__launch_bounds__).
struct GemmConfig {
  int bm, bn, bk, tm, tn, min_blocks;
  int threads() const { return (bm / tm) * (bn / tn); }
  int64_t smem_bytes() const { return int64_t{2} * (bm + bn) * bk * 4; }
};
// GEMM's amount indexes this table. Measured on an H200 at 4096^3 (cuda_bench, cuBLAS fp32 at 50.5 TFLOP/s there):
// 128x128x8 with 2 blocks per SM ran at 41.1 TFLOP/s, 128x128x16 at 37.5, 64x128x16 at 39.0, 128x64x16 at 34.3,
// 64x64x16 at 30.7, 32x32x16 at 19.9; 128 accumulators per thread (128x256 and 256x128 tiles) at 33-34 (spills
// near the register limit of one block per SM).
inline constexpr std::array<GemmConfig, 8> kGemmConfigs = {{
    {128, 128, 8, 8, 8, 2},  // 256 threads, 64 accumulators each: the large-matrix tile
    {128, 128, 16, 8, 8, 2}, // half the barriers, twice the staging registers
    {128, 64, 8, 8, 8, 3},   // 128 threads
    {64, 128, 8, 8, 8, 3},   // 128 threads, wide
    {128, 128, 8, 8, 8, 1},  // the large tile with no register cap beyond one block per SM
    {64, 128, 16, 8, 8, 3},  // wide, deeper k
    {64, 64, 16, 8, 8, 4},   // 64 threads: small matrices
    {32, 32, 16, 4, 4, 4},   // 64 threads: tiny matrices
}};

// The kernel as one CUDA-core TILED_MATMUL node. `opt.axis` must name the reduce axis and `opt.amount` a kGemmConfigs
// entry; throws IllegalOpt saying why when the kernel is not a float32 matmul, the target is not a GPU, or other opts
// came first. Any sizes are legal: tiles overhanging the matrix read zeros and skip their stores.
UOp apply_gemm(UOp ast, const Opt& opt, std::span<const Opt> applied, const OptTarget& target);

// BEAM's GEMM moves: one per tile config that fits, when the kernel is a float32 matmul on a GPU target.
std::vector<Opt> gemm_candidates(const ScheduledKernel& kernel, std::span<const Opt> applied, const OptTarget& target);

// The heuristics' choice: GEMM with a tile sized to the matmul when it has enough tiles to fill the GPU; nullopt
// otherwise (then the usual heuristics apply).
std::optional<std::vector<Opt>> gemm_heuristic_opts(const ScheduledKernel& kernel, const OptTarget& target);

} // namespace lmc
