// The GEMM schedule: each block owns a BM x BN output tile; thread (tx, ty) owns TM x TN outputs as (TM/4) x (TN/4)
// quads of 4 x 4, quad (qm, qn) at rows qm * BM/(TM/4) + 4 ty and columns qn * BN/(TN/4) + 4 tx, so each warp's
// shared reads are float4s of one row (broadcast or conflict-free). Both operands are kept in shared memory as BK rows
// along the reduce axis ([k][m] for A, [k][n] for B), in two buffers: while the block multiplies one, every thread
// holds its share of the next tile in registers (loaded before the multiply, so the global latency hides behind
// it) and stores it to the other buffer afterwards; one barrier per tile. Loads are float4 along whichever axis the
// operand is contiguous in (transposed into the [k][..] layout when that is k), scalar otherwise or when a pointer
// turns out misaligned. Tiles may overhang the matrix: loads there give zeros and stores are skipped.
#include "codegen/render/cuda_gemm.hpp"

#include "codegen/render/cuda_mma.hpp"

#include <fmt/format.h>

namespace lmc {

const char* cuda_gemm_helpers() {
  return R"(// Operand tile loads: a BK x BO tile (BK along the reduce axis, BO along the operand's outer axis M or N) of a matrix
// whose element (o, k) is g[o*so + k*sk], starting at (o0, k0); zeros outside O x K. MODE 0: float4s along o (so == 1),
// MODE 1: float4s along k (sk == 1), MODE 2: scalars; `aligned` says whether g is 16-byte aligned. CO/CK: whether the tile can overhang O/K (known when rendering).
// Four consecutive floats at p: one float4 when p is 16-byte aligned, else four scalars (the same registers either way,
// so a misaligned view costs bandwidth, not occupancy); zeros when !in.
__device__ __forceinline__ void lmc_gemm_load4(float* v, const float* __restrict__ p, bool in, bool aligned) {
  if (!in) {
    v[0] = v[1] = v[2] = v[3] = 0.f;
  } else if (aligned) {
    const float4 x = __ldg((const float4*)p);
    v[0] = x.x, v[1] = x.y, v[2] = x.z, v[3] = x.w;
  } else {
    v[0] = __ldg(p), v[1] = __ldg(p + 1), v[2] = __ldg(p + 2), v[3] = __ldg(p + 3);
  }
}
template <int BK, int BO, int THREADS, int MODE> struct lmc_gemm_tile {
  static constexpr int ITEMS = MODE == 2 ? BK * BO : BK * BO / 4;
  static constexpr int PER = (ITEMS + THREADS - 1) / THREADS;
  static constexpr int WIDTH = MODE == 2 ? 1 : 4;
  float v[PER * WIDTH];
  template <bool CO, bool CK>
  __device__ __forceinline__ void fetch(const float* __restrict__ g, long long o0, long long k0, long long O,
                                        long long K, long long so, long long sk, int tid, bool aligned) {
#pragma unroll
    for (int j = 0; j < PER; ++j) {
      const int i = tid + j * THREADS;
      const bool item = ITEMS % THREADS == 0 || i < ITEMS;
      if constexpr (MODE == 0) {
        const int k = i / (BO / 4), o = i % (BO / 4) * 4;
        const bool in = item && (!CO || o0 + o < O) && (!CK || k0 + k < K);
        const float* p = g + (k0 + k) * sk + (o0 + o);
        lmc_gemm_load4(v + 4 * j, p, in, aligned);
      } else if constexpr (MODE == 1) {
        const int o = i % BO, k = i / BO * 4;
        const bool in = item && (!CO || o0 + o < O) && (!CK || k0 + k < K);
        const float* p = g + (o0 + o) * so + (k0 + k);
        lmc_gemm_load4(v + 4 * j, p, in, aligned);
      } else {
        const int k = i / BO, o = i % BO;
        const bool in = item && (!CO || o0 + o < O) && (!CK || k0 + k < K);
        v[j] = in ? __ldg(g + (o0 + o) * so + (k0 + k) * sk) : 0.f;
      }
    }
  }
  // Into a BK x BO shared tile, row k at s + k*BO.
  __device__ __forceinline__ void stash(float* s, int tid) const {
#pragma unroll
    for (int j = 0; j < PER; ++j) {
      const int i = tid + j * THREADS;
      if (ITEMS % THREADS != 0 && i >= ITEMS) continue;
      if constexpr (MODE == 0) {
        const int k = i / (BO / 4), o = i % (BO / 4) * 4;
        *(float4*)(s + k * BO + o) = make_float4(v[4 * j], v[4 * j + 1], v[4 * j + 2], v[4 * j + 3]);
      } else if constexpr (MODE == 1) {
        const int o = i % BO, k = i / BO * 4;
#pragma unroll
        for (int e = 0; e < 4; ++e)
          s[(k + e) * BO + o] = v[4 * j + e];
      } else {
        s[i / BO * BO + i % BO] = v[j];
      }
    }
  }
};
)";
}

std::string cuda_gemm_body(const MmaSpec& s, const std::string& c, const std::string& a, const std::string& b) {
  const GemmConfig& t = s.gemm_tile();
  std::vector<int64_t> sa, sb, sc;
  for (const MmaBatch& x : s.batch)
    sa.push_back(x.a), sb.push_back(x.b), sc.push_back(x.c);
  // Each operand as (outer, k): A's outer axis is M (stride0), B's is N (stride1).
  struct Operand {
    std::string lower, outer, origin, extent;
    int64_t offset, so, sk, o_extent;
    const std::vector<int64_t>* batch;
  };
  const Operand ops[2] = {{"a", "BM", "m0", "M", s.a.offset, s.a.stride0, s.a.stride1, s.m, &sa},
                          {"b", "BN", "n0", "N", s.b.offset, s.b.stride1, s.b.stride0, s.n, &sb}};
  auto mode = [&](const Operand& op) {
    if (vectorizable(4, op.offset, op.so, op.sk, *op.batch, op.o_extent)) return 0;
    if (vectorizable(4, op.offset, op.sk, op.so, *op.batch, s.k)) return 1;
    return 2;
  };
  const bool c_vec = vectorizable(4, s.c.offset, s.c.stride1, s.c.stride0, sc, s.n);
  std::string o;
  auto add = [&](const std::string& line) { o += "  " + line + "\n"; };
  add(fmt::format("constexpr int BM = {}, BN = {}, BK = {}, TM = {}, TN = {};", t.bm, t.bn, t.bk, t.tm, t.tn));
  add("constexpr int TX = BN / TN, TY = BM / TM, THREADS = TX * TY;");
  // Quads of one thread are a block tile's quarter (TM = 8) or half apart, so a warp's reads stay within rows.
  add("constexpr int QM = TM / 4, QN = TN / 4, SM_ = BM / QM, SN_ = BN / QN;");
  add(fmt::format("constexpr long long M = {}, N = {}, K = {};", s.m, s.n, s.k));
  add("constexpr int TILES_M = (M + BM - 1) / BM, TILES_N = (N + BN - 1) / BN, GROUP = 8;");
  add("constexpr int KT = (K + BK - 1) / BK;");
  add("__shared__ __align__(16) float lmc_as[2][BK * BM];");
  add("__shared__ __align__(16) float lmc_bs[2][BK * BN];");
  // A warp covers 8 x 4 threads (or TX x 32/TX when TX < 8): 8 distinct B float4s and 4 distinct A float4s per row.
  add("constexpr int WX = TX < 8 ? TX : 8, WY = 32 / WX;");
  add("static_assert(THREADS % 32 == 0 && TY % WY == 0, \"a warp must cover whole rows of the thread grid\");");
  add("const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;");
  add("const int tx = warp % (TX / WX) * WX + lane % WX, ty = warp / (TX / WX) * WY + lane / WX;");
  o += cuda_matmul_block_origin(s);
  add(fmt::format("const float* __restrict__ ga = {} + oa;", a));
  add(fmt::format("const float* __restrict__ gb = {} + ob;", b));
  add(fmt::format("float* __restrict__ gc = {} + oc;", c));
  // Per operand: its loader (float4 modes load scalars instead when the pointer turns out misaligned).
  for (const Operand& op : ops)
    add(fmt::format("lmc_gemm_tile<BK, {}, THREADS, {}> l{};", op.outer, mode(op), op.lower));
  add("const bool a_al = ((unsigned long long)ga & 15) == 0, b_al = ((unsigned long long)gb & 15) == 0;");
  add("auto fetch = [&](int kt) {");
  add("  const long long k0 = (long long)kt * BK;");
  for (const Operand& op : ops) {
    const bool co = op.o_extent % (op.lower == "a" ? t.bm : t.bn) != 0, ck = s.k % t.bk != 0;
    add(fmt::format("  l{}.fetch<{}, {}>(g{}, {}, k0, {}, K, {}ll, {}ll, tid, {}_al);", op.lower, co, ck, op.lower,
                    op.origin, op.extent, op.so, op.sk, op.lower));
  }
  add("};");
  add("auto stash = [&](int buf) {");
  add("  la.stash(lmc_as[buf], tid);");
  add("  lb.stash(lmc_bs[buf], tid);");
  add("};");
  add("float acc[TM][TN];");
  add("#pragma unroll");
  add("for (int i = 0; i < TM; ++i)");
  add("#pragma unroll");
  add("  for (int j = 0; j < TN; ++j) acc[i][j] = 0.f;");
  add("fetch(0);");
  add("stash(0);");
  add("__syncthreads();");
  add("for (int kt = 0; kt < KT; ++kt) {");
  add("  const int buf = kt & 1;");
  add("  if (kt + 1 < KT) fetch(kt + 1);");
  add("  const float* as = lmc_as[buf];");
  add("  const float* bs = lmc_bs[buf];");
  add("#pragma unroll");
  add("  for (int kk = 0; kk < BK; ++kk) {");
  add("    float ra[TM], rb[TN];");
  add("#pragma unroll");
  add("    for (int q = 0; q < QM; ++q) {");
  add("      const float4 x = *(const float4*)(as + kk * BM + q * SM_ + 4 * ty);");
  add("      ra[4 * q] = x.x, ra[4 * q + 1] = x.y, ra[4 * q + 2] = x.z, ra[4 * q + 3] = x.w;");
  add("    }");
  add("#pragma unroll");
  add("    for (int q = 0; q < QN; ++q) {");
  add("      const float4 x = *(const float4*)(bs + kk * BN + q * SN_ + 4 * tx);");
  add("      rb[4 * q] = x.x, rb[4 * q + 1] = x.y, rb[4 * q + 2] = x.z, rb[4 * q + 3] = x.w;");
  add("    }");
  add("#pragma unroll");
  add("    for (int i = 0; i < TM; ++i)");
  add("#pragma unroll");
  add("      for (int j = 0; j < TN; ++j) acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);");
  add("  }");
  // The other buffer was last read before the previous tile's barrier, so it can be refilled now.
  add("  if (kt + 1 < KT) stash(buf ^ 1);");
  add("  __syncthreads();");
  add("}");
  // Epilogue: row i of the thread tile is quad i/4's row 4 ty + i%4; a quad's 4 columns are contiguous.
  const bool m_over = s.m % t.bm != 0, n_over = s.n % t.bn != 0;
  add(fmt::format("const bool c_al = {};", c_vec ? "((unsigned long long)gc & 15) == 0" : "false"));
  add("#pragma unroll");
  add("for (int i = 0; i < TM; ++i) {");
  add("  const long long r = m0 + i / 4 * SM_ + 4 * ty + i % 4;");
  if (m_over) add("  if (r >= M) continue;");
  add("#pragma unroll");
  add("  for (int q = 0; q < QN; ++q) {");
  add("    const long long c0 = n0 + q * SN_ + 4 * tx;");
  add(fmt::format("    float* p = gc + r * {}ll + c0 * {}ll;", s.c.stride0, s.c.stride1));
  add(fmt::format("    if (c_al{}) {{", n_over ? " && c0 < N" : ""));
  add("      *(float4*)p = make_float4(acc[i][4 * q], acc[i][4 * q + 1], acc[i][4 * q + 2], acc[i][4 * q + 3]);");
  add("    } else {");
  add("#pragma unroll");
  add("      for (int e = 0; e < 4; ++e)");
  add(fmt::format("        {}p[e * {}ll] = acc[i][4 * q + e];", n_over ? "if (c0 + e < N) " : "", s.c.stride1));
  add("    }");
  add("  }");
  add("}");
  return o;
}

} // namespace lmc
