// The tensor-core opt (TC): recognising a matmul-shaped kernel, its legality, and the TILED_MATMUL node it becomes. Its
// own file because TC does not split ranges like the other opts: it replaces the kernel's loop nest by one tiled,
// shared-memory-staged mma.sync program whose only free parameters are the tile shapes (the search space).
#pragma once
#include "codegen/opt/matmul_spec.hpp"
#include "codegen/opt/opt.hpp"

#include <array>
#include <optional>
#include <vector>

namespace lmc {

// A block tile: BM x BN outputs per thread block, BK of the reduce axis per shared-memory stage, warps_m x warps_n
// warps, `stages` buffers in flight, and the blocks per SM the compiler must leave registers for (__launch_bounds__).
// mma.sync tiles: each warp owns a (BM/warps_m) x (BN/warps_n) tile of m16n8k16 fragments (BK is a multiple of 32:
// the renderer alternates two fragment buffers by step parity). wgmma tiles (Hopper's warpgroup MMA, sm_90 only):
// each warpgroup of 4 warps owns 64 rows by all BN columns (warps_m = BM/16, warps_n = 1, BK = 64, BN <= 256).
struct TcConfig {
  int bm, bn, bk, warps_m, warps_n, stages, min_blocks;
  bool wgmma = false;
  int threads() const { return 32 * warps_m * warps_n; }
  // wgmma's swizzled tiles start 1024-byte aligned: the block takes the slack to align them.
  int64_t smem_bytes(int elem_bytes) const { return int64_t{bm + bn} * bk * elem_bytes * stages + (wgmma ? 1024 : 0); }
};
// TC's amount indexes this table. Tiles past 48 KiB take dynamic shared memory (OptTarget::dynamic_shared_bytes).
// wgmma reads both operands from shared memory, so its tiles need neither the fragment registers nor the ldmatrix
// traffic that bound mma.sync; the mma.sync tiles serve the other archs (sm_80+). For mma.sync, a
// 64x64 warp tile reads 128 bytes of shared memory per 16x8x16 MMA pair, which is what an SM's shared memory delivers
// per clock at the tensor cores' rate (smaller warp tiles are bandwidth-bound), and a barrier per BK is what limits
// it: BK = 64 beats 32, and two 4-warp blocks per SM (one runs while the other waits at its barrier) beat one 8-warp
// block of twice the size.
// Measured on an H200 at 4096^3 bf16 (cuda_bench; torch's cuBLAS 738 TFLOP/s): 664, 539, 529, 401, 357, 347, 241,
// 147 TFLOP/s in table order; an 8-warp 128x256x64 mma.sync tile ran at 373.
inline constexpr std::array<TcConfig, 8> kTcConfigs = {{
    {128, 256, 64, 8, 1, 4, 1, true}, // wgmma m64n256, 2 warpgroups, 193 KiB: large matrices on sm_90
    {128, 128, 64, 8, 1, 5, 1, true}, // wgmma m64n128, 2 warpgroups, 161 KiB: fewer, smaller tiles
    {128, 128, 64, 8, 1, 3, 2, true}, // the same, two blocks per SM of 97 KiB
    {128, 128, 64, 2, 2, 3, 2},       // mma.sync, 64x64 per warp, 4 warps, two blocks per SM of 96 KiB
    {128, 128, 32, 2, 2, 4, 2},       // the same with half the reduce step (less zero padding for a small K)
    {128, 64, 64, 2, 1, 3, 3},        // mma.sync, 64x64 per warp, 2 warps, three blocks per SM
    {64, 64, 32, 2, 2, 4, 1},         // small matrices: more blocks
    {32, 32, 32, 1, 1, 4, 1},         // tiny: one warp
}};

// The kernel as one TILED_MATMUL node. `opt.axis` must name the reduce axis and `opt.amount` a kTcConfigs entry; throws
// IllegalOpt saying why when the kernel is not a matmul of 16-bit floats, the target has no tensor cores, or other
// opts came first. Any sizes are legal: tiles overhanging the matrix read zeros and skip their stores.
UOp apply_tc(UOp ast, const Opt& opt, std::span<const Opt> applied, const OptTarget& target);

// BEAM's TC moves: one per tile config that fits, when the kernel is a matmul the target can run on tensor cores.
std::vector<Opt> tc_candidates(const ScheduledKernel& kernel, std::span<const Opt> applied, const OptTarget& target);

// The heuristics' choice: TC with a tile sized to the matmul when it is legal and large enough to pay off; nullopt
// otherwise (then the usual heuristics apply).
std::optional<std::vector<Opt>> tc_heuristic_opts(const ScheduledKernel& kernel, const OptTarget& target);

} // namespace lmc
