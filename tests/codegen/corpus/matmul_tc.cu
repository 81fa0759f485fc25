// ==== r_2048_1_2048 opts []
// lmc kernel r_2048_1_2048
#include <cuda_fp16.h>
extern "C" __global__ void __launch_bounds__(256) r_2048_1_2048(const half* __restrict__ p0, const half* __restrict__ p1, float* __restrict__ p2) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 2048ll * 2048ll) {
    const long long r12 = (long long)(gid % 2048ll);
    const long long r9 = (long long)(gid / (2048ll));
    const long long v10 = r9 * 2048ll;
    const long long v11 = r9 * 256ll;
    const long long v13 = v10 + r12;
    reg2[0] = 0.0f;
    for (long long r16 = 0; r16 < 256ll; ++r16) {
      const long long v17 = v11 + r16;
      const half v19 = p0[v17];
      const float v20 = (float)__half2float(v19);
      const long long v21 = r16 * 2048ll;
      const long long v22 = r12 + v21;
      const half v24 = p1[v22];
      const float v25 = (float)__half2float(v24);
      const float v26 = v20 * v25;
      const float v27 = reg2[0];
      const float v28 = v27 + v26;
      reg2[0] = v28;
    }
    const float v31 = reg2[0];
    p2[v13] = v31;
  }
}

// ==== r_2048_1_2048 opts [TC(2,0)]
// lmc kernel r_2048_1_2048
#include <cuda_fp16.h>
__device__ __forceinline__ unsigned lmc_smem(const void* p) { return (unsigned)__cvta_generic_to_shared(p); }
__device__ __forceinline__ void lmc_cp_async16(void* dst, const void* src, bool full) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(lmc_smem(dst)), "l"(src), "r"(full ? 16 : 0));
}
__device__ __forceinline__ void lmc_cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::: "memory"); }
template <int N> __device__ __forceinline__ void lmc_cp_async_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N) : "memory");
}
template <bool T> __device__ __forceinline__ void lmc_ldmatrix4(unsigned (&r)[4], const void* p) {
  if constexpr (T)
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(lmc_smem(p)));
  else
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(lmc_smem(p)));
}
__device__ __forceinline__ void lmc_mma_bf16(float (&d)[4], const unsigned (&a)[4], const unsigned (&b)[2]) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
               "{%0,%1,%2,%3};\n"
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
__device__ __forceinline__ void lmc_mma_f16(float (&d)[4], const unsigned (&a)[4], const unsigned (&b)[2]) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
               "{%0,%1,%2,%3};\n"
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
// A wgmma shared-memory descriptor: start address, leading and stride byte offsets (all in 16-byte units), 128-byte
// swizzle.
__device__ __forceinline__ unsigned long long lmc_wgmma_desc(unsigned addr, unsigned lead, unsigned stride) {
  return (unsigned long long)((addr & 0x3FFFF) >> 4) | (unsigned long long)(lead >> 4) << 16 |
         (unsigned long long)(stride >> 4) << 32 | 1ull << 62;
}
// (The MMAs only read and write registers, so they are not volatile: the compiler may interleave them with the
// next fragments' ldmatrix.)
// Element (r, c) of a shared tile with C columns: 16-byte chunks XOR-swizzled by row, so the 8 rows one ldmatrix
// reads (same chunk column) fall in 8 different bank groups.
template <int C> __device__ __forceinline__ int lmc_swz(int r, int c) {
  constexpr int CH = C / 8;
  constexpr int MASK = CH >= 8 ? 7 : CH - 1;
  constexpr int SHIFT = CH >= 8 ? 0 : CH == 4 ? 1 : CH == 2 ? 2 : 3;
  return r * C + ((((c >> 3) ^ ((r >> SHIFT) & MASK))) << 3) + (c & 7);
}
// Rows [r0, r0+R) x cols [c0, c0+C) of a rows x cols matrix (element (r, c) at g[r*sr + c*sc]) into an R x C
// shared tile; zeros outside the matrix. VEC: 16-byte cp.async copies (needs sc == 1 and 16-byte aligned rows).
// CR/CC: whether a tile can overhang the rows/columns (known when rendering: the extents are constants).
template <int R, int C, int THREADS, bool VEC, bool CR, bool CC>
__device__ __forceinline__ void lmc_load_tile(unsigned short* s, const unsigned short* g, long long r0, long long c0,
                                              long long rows, long long cols, long long sr, long long sc, int tid) {
  constexpr int CH = C / 8, ITEMS = R * CH, RS = THREADS / CH;
  if constexpr (VEC && THREADS % CH == 0 && ITEMS % THREADS == 0 && RS % 8 == 0) {
    // Each thread copies one chunk column, rows RS apart: RS spans whole swizzle periods (8 rows), so every copy is
    // one base address plus compile-time steps (few registers held across the main loop).
    const int r = tid / CH, c = (tid % CH) * 8;
    unsigned short* sp = s + lmc_swz<C>(r, c);
    const unsigned short* gp = g + (r0 + r) * sr + (c0 + c);
    const bool in_c = !CC || c0 + c < cols;
#pragma unroll
    for (int j = 0; j < ITEMS / THREADS; ++j) {
      const bool in = in_c && (!CR || r0 + r + j * RS < rows);
      lmc_cp_async16(sp + j * RS * C, in ? gp + j * RS * sr : g, in);
    }
  } else if constexpr (VEC) {
#pragma unroll
    for (int j = 0; j < (ITEMS + THREADS - 1) / THREADS; ++j) {
      const int i = tid + j * THREADS;
      if (ITEMS % THREADS == 0 || i < ITEMS) {
        const int r = i / CH, c = (i % CH) * 8;
        const bool in = (!CR || r0 + r < rows) && (!CC || c0 + c < cols);
        lmc_cp_async16(s + lmc_swz<C>(r, c), in ? g + (r0 + r) * sr + (c0 + c) : g, in);
      }
    }
  } else {
    for (int i = tid; i < R * C; i += THREADS) {
      const int r = i / C, c = i % C;
      const bool in = r0 + r < rows && c0 + c < cols;
      s[lmc_swz<C>(r, c)] = in ? g[(r0 + r) * sr + (c0 + c) * sc] : (unsigned short)0;
    }
  }
}
extern "C" __global__ void __launch_bounds__(256) r_2048_1_2048(const half* __restrict__ p0, const half* __restrict__ p1, float* __restrict__ p2) {
  constexpr int BM = 128, BN = 256, BK = 64, WM = 8, WN = 1, STAGES = 4, THREADS = 256;
  constexpr int TM = BM / WM, TN = BN / WN, MI = TM / 16, NI = TN / 8;
  constexpr long long M = 2048, N = 2048, K = 256;
  constexpr int TILES_M = (M + BM - 1) / BM, TILES_N = (N + BN - 1) / BN, GROUP = 8;
  constexpr int KT = (K + BK - 1) / BK;
  extern __shared__ __align__(128) unsigned short lmc_dyn_smem[];
  unsigned short* const lmc_sa = lmc_dyn_smem + ((1024 - (lmc_smem(lmc_dyn_smem) & 1023)) & 1023) / 2;
  unsigned short* const lmc_sb = lmc_sa + STAGES * BM * BK;
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5, wm = warp / WN, wn = warp % WN;
  const int bid = blockIdx.x, span = GROUP * TILES_N, first = bid / span * GROUP;
  const int gsize = TILES_M - first < GROUP ? TILES_M - first : GROUP;
  const long long m0 = (long long)(first + bid % span % gsize) * BM, n0 = (long long)(bid % span / gsize) * BN;
  long long oa = 0ll, ob = 0ll, oc = 0ll;
  const unsigned short* ga = (const unsigned short*)p0 + oa;
  const unsigned short* gb = (const unsigned short*)p1 + ob;
  const bool a_al = ((unsigned long long)ga & 15) == 0, b_al = ((unsigned long long)gb & 15) == 0;
  float acc[MI][NI][4] = {};
  auto load_a = [&](int stage, int kt) {
    const long long k0 = (long long)kt * BK;
    unsigned short* sa = lmc_sa + stage * (BM * BK);
    if (a_al) lmc_load_tile<BM, BK, THREADS, true, false, false>(sa, ga, m0, k0, M, K, 256ll, 1ll, tid); else lmc_load_tile<BM, BK, THREADS, false, false, false>(sa, ga, m0, k0, M, K, 256ll, 1ll, tid);
  };
  auto load_b = [&](int stage, int kt) {
    const long long k0 = (long long)kt * BK;
    unsigned short* sb = lmc_sb + stage * (BK * BN);
    if (b_al) for (int at = 0; at < BN / 64; ++at) lmc_load_tile<BK, 64, THREADS, true, false, false>(sb + at * BK * 64, gb, k0, n0 + at * 64, K, N, 2048ll, 1ll, tid); else for (int at = 0; at < BN / 64; ++at) lmc_load_tile<BK, 64, THREADS, false, false, false>(sb + at * BK * 64, gb, k0, n0 + at * 64, K, N, 2048ll, 1ll, tid);
  };
  static_assert(BK == 64 && TM == 16 && WN == 1 && WM % 4 == 0 && BN % 64 == 0 && BN <= 256, "wgmma tile");
  static_assert(STAGES >= 3, "one MMA group in flight while the next stage loads");
  #pragma unroll
  for (int st = 0; st < STAGES - 2; ++st) {
    if (st < KT) load_a(st, st), load_b(st, st);
    lmc_cp_async_commit();
  }
  const unsigned a_wg = (warp >> 2) * 64 * 128;
  for (int kt = 0; kt < KT; ++kt) {
    lmc_cp_async_wait<STAGES - 3>();
    asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
    __syncthreads();
    if (kt + STAGES - 2 < KT) load_a((kt + STAGES - 2) % STAGES, kt + STAGES - 2), load_b((kt + STAGES - 2) % STAGES, kt + STAGES - 2);
    lmc_cp_async_commit();
    const unsigned sa = lmc_smem(lmc_sa + (kt % STAGES) * (BM * BK)) + a_wg;
    const unsigned sb = lmc_smem(lmc_sb + (kt % STAGES) * (BK * BN));
    asm volatile("wgmma.fence.sync.aligned;\n" : "+f"(acc[0][0][0]), "+f"(acc[0][0][1]), "+f"(acc[0][0][2]), "+f"(acc[0][0][3]), "+f"(acc[0][1][0]), "+f"(acc[0][1][1]), "+f"(acc[0][1][2]), "+f"(acc[0][1][3]), "+f"(acc[0][2][0]), "+f"(acc[0][2][1]), "+f"(acc[0][2][2]), "+f"(acc[0][2][3]), "+f"(acc[0][3][0]), "+f"(acc[0][3][1]), "+f"(acc[0][3][2]), "+f"(acc[0][3][3]), "+f"(acc[0][4][0]), "+f"(acc[0][4][1]), "+f"(acc[0][4][2]), "+f"(acc[0][4][3]), "+f"(acc[0][5][0]), "+f"(acc[0][5][1]), "+f"(acc[0][5][2]), "+f"(acc[0][5][3]), "+f"(acc[0][6][0]), "+f"(acc[0][6][1]), "+f"(acc[0][6][2]), "+f"(acc[0][6][3]), "+f"(acc[0][7][0]), "+f"(acc[0][7][1]), "+f"(acc[0][7][2]), "+f"(acc[0][7][3]), "+f"(acc[0][8][0]), "+f"(acc[0][8][1]), "+f"(acc[0][8][2]), "+f"(acc[0][8][3]), "+f"(acc[0][9][0]), "+f"(acc[0][9][1]), "+f"(acc[0][9][2]), "+f"(acc[0][9][3]), "+f"(acc[0][10][0]), "+f"(acc[0][10][1]), "+f"(acc[0][10][2]), "+f"(acc[0][10][3]), "+f"(acc[0][11][0]), "+f"(acc[0][11][1]), "+f"(acc[0][11][2]), "+f"(acc[0][11][3]), "+f"(acc[0][12][0]), "+f"(acc[0][12][1]), "+f"(acc[0][12][2]), "+f"(acc[0][12][3]), "+f"(acc[0][13][0]), "+f"(acc[0][13][1]), "+f"(acc[0][13][2]), "+f"(acc[0][13][3]), "+f"(acc[0][14][0]), "+f"(acc[0][14][1]), "+f"(acc[0][14][2]), "+f"(acc[0][14][3]), "+f"(acc[0][15][0]), "+f"(acc[0][15][1]), "+f"(acc[0][15][2]), "+f"(acc[0][15][3]), "+f"(acc[0][16][0]), "+f"(acc[0][16][1]), "+f"(acc[0][16][2]), "+f"(acc[0][16][3]), "+f"(acc[0][17][0]), "+f"(acc[0][17][1]), "+f"(acc[0][17][2]), "+f"(acc[0][17][3]), "+f"(acc[0][18][0]), "+f"(acc[0][18][1]), "+f"(acc[0][18][2]), "+f"(acc[0][18][3]), "+f"(acc[0][19][0]), "+f"(acc[0][19][1]), "+f"(acc[0][19][2]), "+f"(acc[0][19][3]), "+f"(acc[0][20][0]), "+f"(acc[0][20][1]), "+f"(acc[0][20][2]), "+f"(acc[0][20][3]), "+f"(acc[0][21][0]), "+f"(acc[0][21][1]), "+f"(acc[0][21][2]), "+f"(acc[0][21][3]), "+f"(acc[0][22][0]), "+f"(acc[0][22][1]), "+f"(acc[0][22][2]), "+f"(acc[0][22][3]), "+f"(acc[0][23][0]), "+f"(acc[0][23][1]), "+f"(acc[0][23][2]), "+f"(acc[0][23][3]), "+f"(acc[0][24][0]), "+f"(acc[0][24][1]), "+f"(acc[0][24][2]), "+f"(acc[0][24][3]), "+f"(acc[0][25][0]), "+f"(acc[0][25][1]), "+f"(acc[0][25][2]), "+f"(acc[0][25][3]), "+f"(acc[0][26][0]), "+f"(acc[0][26][1]), "+f"(acc[0][26][2]), "+f"(acc[0][26][3]), "+f"(acc[0][27][0]), "+f"(acc[0][27][1]), "+f"(acc[0][27][2]), "+f"(acc[0][27][3]), "+f"(acc[0][28][0]), "+f"(acc[0][28][1]), "+f"(acc[0][28][2]), "+f"(acc[0][28][3]), "+f"(acc[0][29][0]), "+f"(acc[0][29][1]), "+f"(acc[0][29][2]), "+f"(acc[0][29][3]), "+f"(acc[0][30][0]), "+f"(acc[0][30][1]), "+f"(acc[0][30][2]), "+f"(acc[0][30][3]), "+f"(acc[0][31][0]), "+f"(acc[0][31][1]), "+f"(acc[0][31][2]), "+f"(acc[0][31][3]) :: "memory");
  #pragma unroll
    for (int ks = 0; ks < BK / 16; ++ks) {
      const unsigned long long da = lmc_wgmma_desc(sa + ks * 32, 16, 1024), db = lmc_wgmma_desc(sb + ks * 2048, BK * 128, 1024);
      asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\nwgmma.mma_async.sync.aligned.m64n256k16.f32.f16.f16 {%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63, %64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79, %80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, %92, %93, %94, %95, %96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, %108, %109, %110, %111, %112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, %123, %124, %125, %126, %127}, %128, %129, p, 1, 1, 0, 1;\n}\n" : "+f"(acc[0][0][0]), "+f"(acc[0][0][1]), "+f"(acc[0][0][2]), "+f"(acc[0][0][3]), "+f"(acc[0][1][0]), "+f"(acc[0][1][1]), "+f"(acc[0][1][2]), "+f"(acc[0][1][3]), "+f"(acc[0][2][0]), "+f"(acc[0][2][1]), "+f"(acc[0][2][2]), "+f"(acc[0][2][3]), "+f"(acc[0][3][0]), "+f"(acc[0][3][1]), "+f"(acc[0][3][2]), "+f"(acc[0][3][3]), "+f"(acc[0][4][0]), "+f"(acc[0][4][1]), "+f"(acc[0][4][2]), "+f"(acc[0][4][3]), "+f"(acc[0][5][0]), "+f"(acc[0][5][1]), "+f"(acc[0][5][2]), "+f"(acc[0][5][3]), "+f"(acc[0][6][0]), "+f"(acc[0][6][1]), "+f"(acc[0][6][2]), "+f"(acc[0][6][3]), "+f"(acc[0][7][0]), "+f"(acc[0][7][1]), "+f"(acc[0][7][2]), "+f"(acc[0][7][3]), "+f"(acc[0][8][0]), "+f"(acc[0][8][1]), "+f"(acc[0][8][2]), "+f"(acc[0][8][3]), "+f"(acc[0][9][0]), "+f"(acc[0][9][1]), "+f"(acc[0][9][2]), "+f"(acc[0][9][3]), "+f"(acc[0][10][0]), "+f"(acc[0][10][1]), "+f"(acc[0][10][2]), "+f"(acc[0][10][3]), "+f"(acc[0][11][0]), "+f"(acc[0][11][1]), "+f"(acc[0][11][2]), "+f"(acc[0][11][3]), "+f"(acc[0][12][0]), "+f"(acc[0][12][1]), "+f"(acc[0][12][2]), "+f"(acc[0][12][3]), "+f"(acc[0][13][0]), "+f"(acc[0][13][1]), "+f"(acc[0][13][2]), "+f"(acc[0][13][3]), "+f"(acc[0][14][0]), "+f"(acc[0][14][1]), "+f"(acc[0][14][2]), "+f"(acc[0][14][3]), "+f"(acc[0][15][0]), "+f"(acc[0][15][1]), "+f"(acc[0][15][2]), "+f"(acc[0][15][3]), "+f"(acc[0][16][0]), "+f"(acc[0][16][1]), "+f"(acc[0][16][2]), "+f"(acc[0][16][3]), "+f"(acc[0][17][0]), "+f"(acc[0][17][1]), "+f"(acc[0][17][2]), "+f"(acc[0][17][3]), "+f"(acc[0][18][0]), "+f"(acc[0][18][1]), "+f"(acc[0][18][2]), "+f"(acc[0][18][3]), "+f"(acc[0][19][0]), "+f"(acc[0][19][1]), "+f"(acc[0][19][2]), "+f"(acc[0][19][3]), "+f"(acc[0][20][0]), "+f"(acc[0][20][1]), "+f"(acc[0][20][2]), "+f"(acc[0][20][3]), "+f"(acc[0][21][0]), "+f"(acc[0][21][1]), "+f"(acc[0][21][2]), "+f"(acc[0][21][3]), "+f"(acc[0][22][0]), "+f"(acc[0][22][1]), "+f"(acc[0][22][2]), "+f"(acc[0][22][3]), "+f"(acc[0][23][0]), "+f"(acc[0][23][1]), "+f"(acc[0][23][2]), "+f"(acc[0][23][3]), "+f"(acc[0][24][0]), "+f"(acc[0][24][1]), "+f"(acc[0][24][2]), "+f"(acc[0][24][3]), "+f"(acc[0][25][0]), "+f"(acc[0][25][1]), "+f"(acc[0][25][2]), "+f"(acc[0][25][3]), "+f"(acc[0][26][0]), "+f"(acc[0][26][1]), "+f"(acc[0][26][2]), "+f"(acc[0][26][3]), "+f"(acc[0][27][0]), "+f"(acc[0][27][1]), "+f"(acc[0][27][2]), "+f"(acc[0][27][3]), "+f"(acc[0][28][0]), "+f"(acc[0][28][1]), "+f"(acc[0][28][2]), "+f"(acc[0][28][3]), "+f"(acc[0][29][0]), "+f"(acc[0][29][1]), "+f"(acc[0][29][2]), "+f"(acc[0][29][3]), "+f"(acc[0][30][0]), "+f"(acc[0][30][1]), "+f"(acc[0][30][2]), "+f"(acc[0][30][3]), "+f"(acc[0][31][0]), "+f"(acc[0][31][1]), "+f"(acc[0][31][2]), "+f"(acc[0][31][3]) : "l"(da), "l"(db), "r"(1));
    }
    asm volatile("wgmma.commit_group.sync.aligned;\n" : "+f"(acc[0][0][0]), "+f"(acc[0][0][1]), "+f"(acc[0][0][2]), "+f"(acc[0][0][3]), "+f"(acc[0][1][0]), "+f"(acc[0][1][1]), "+f"(acc[0][1][2]), "+f"(acc[0][1][3]), "+f"(acc[0][2][0]), "+f"(acc[0][2][1]), "+f"(acc[0][2][2]), "+f"(acc[0][2][3]), "+f"(acc[0][3][0]), "+f"(acc[0][3][1]), "+f"(acc[0][3][2]), "+f"(acc[0][3][3]), "+f"(acc[0][4][0]), "+f"(acc[0][4][1]), "+f"(acc[0][4][2]), "+f"(acc[0][4][3]), "+f"(acc[0][5][0]), "+f"(acc[0][5][1]), "+f"(acc[0][5][2]), "+f"(acc[0][5][3]), "+f"(acc[0][6][0]), "+f"(acc[0][6][1]), "+f"(acc[0][6][2]), "+f"(acc[0][6][3]), "+f"(acc[0][7][0]), "+f"(acc[0][7][1]), "+f"(acc[0][7][2]), "+f"(acc[0][7][3]), "+f"(acc[0][8][0]), "+f"(acc[0][8][1]), "+f"(acc[0][8][2]), "+f"(acc[0][8][3]), "+f"(acc[0][9][0]), "+f"(acc[0][9][1]), "+f"(acc[0][9][2]), "+f"(acc[0][9][3]), "+f"(acc[0][10][0]), "+f"(acc[0][10][1]), "+f"(acc[0][10][2]), "+f"(acc[0][10][3]), "+f"(acc[0][11][0]), "+f"(acc[0][11][1]), "+f"(acc[0][11][2]), "+f"(acc[0][11][3]), "+f"(acc[0][12][0]), "+f"(acc[0][12][1]), "+f"(acc[0][12][2]), "+f"(acc[0][12][3]), "+f"(acc[0][13][0]), "+f"(acc[0][13][1]), "+f"(acc[0][13][2]), "+f"(acc[0][13][3]), "+f"(acc[0][14][0]), "+f"(acc[0][14][1]), "+f"(acc[0][14][2]), "+f"(acc[0][14][3]), "+f"(acc[0][15][0]), "+f"(acc[0][15][1]), "+f"(acc[0][15][2]), "+f"(acc[0][15][3]), "+f"(acc[0][16][0]), "+f"(acc[0][16][1]), "+f"(acc[0][16][2]), "+f"(acc[0][16][3]), "+f"(acc[0][17][0]), "+f"(acc[0][17][1]), "+f"(acc[0][17][2]), "+f"(acc[0][17][3]), "+f"(acc[0][18][0]), "+f"(acc[0][18][1]), "+f"(acc[0][18][2]), "+f"(acc[0][18][3]), "+f"(acc[0][19][0]), "+f"(acc[0][19][1]), "+f"(acc[0][19][2]), "+f"(acc[0][19][3]), "+f"(acc[0][20][0]), "+f"(acc[0][20][1]), "+f"(acc[0][20][2]), "+f"(acc[0][20][3]), "+f"(acc[0][21][0]), "+f"(acc[0][21][1]), "+f"(acc[0][21][2]), "+f"(acc[0][21][3]), "+f"(acc[0][22][0]), "+f"(acc[0][22][1]), "+f"(acc[0][22][2]), "+f"(acc[0][22][3]), "+f"(acc[0][23][0]), "+f"(acc[0][23][1]), "+f"(acc[0][23][2]), "+f"(acc[0][23][3]), "+f"(acc[0][24][0]), "+f"(acc[0][24][1]), "+f"(acc[0][24][2]), "+f"(acc[0][24][3]), "+f"(acc[0][25][0]), "+f"(acc[0][25][1]), "+f"(acc[0][25][2]), "+f"(acc[0][25][3]), "+f"(acc[0][26][0]), "+f"(acc[0][26][1]), "+f"(acc[0][26][2]), "+f"(acc[0][26][3]), "+f"(acc[0][27][0]), "+f"(acc[0][27][1]), "+f"(acc[0][27][2]), "+f"(acc[0][27][3]), "+f"(acc[0][28][0]), "+f"(acc[0][28][1]), "+f"(acc[0][28][2]), "+f"(acc[0][28][3]), "+f"(acc[0][29][0]), "+f"(acc[0][29][1]), "+f"(acc[0][29][2]), "+f"(acc[0][29][3]), "+f"(acc[0][30][0]), "+f"(acc[0][30][1]), "+f"(acc[0][30][2]), "+f"(acc[0][30][3]), "+f"(acc[0][31][0]), "+f"(acc[0][31][1]), "+f"(acc[0][31][2]), "+f"(acc[0][31][3]) :: "memory");
    asm volatile("wgmma.wait_group.sync.aligned 1;\n" : "+f"(acc[0][0][0]), "+f"(acc[0][0][1]), "+f"(acc[0][0][2]), "+f"(acc[0][0][3]), "+f"(acc[0][1][0]), "+f"(acc[0][1][1]), "+f"(acc[0][1][2]), "+f"(acc[0][1][3]), "+f"(acc[0][2][0]), "+f"(acc[0][2][1]), "+f"(acc[0][2][2]), "+f"(acc[0][2][3]), "+f"(acc[0][3][0]), "+f"(acc[0][3][1]), "+f"(acc[0][3][2]), "+f"(acc[0][3][3]), "+f"(acc[0][4][0]), "+f"(acc[0][4][1]), "+f"(acc[0][4][2]), "+f"(acc[0][4][3]), "+f"(acc[0][5][0]), "+f"(acc[0][5][1]), "+f"(acc[0][5][2]), "+f"(acc[0][5][3]), "+f"(acc[0][6][0]), "+f"(acc[0][6][1]), "+f"(acc[0][6][2]), "+f"(acc[0][6][3]), "+f"(acc[0][7][0]), "+f"(acc[0][7][1]), "+f"(acc[0][7][2]), "+f"(acc[0][7][3]), "+f"(acc[0][8][0]), "+f"(acc[0][8][1]), "+f"(acc[0][8][2]), "+f"(acc[0][8][3]), "+f"(acc[0][9][0]), "+f"(acc[0][9][1]), "+f"(acc[0][9][2]), "+f"(acc[0][9][3]), "+f"(acc[0][10][0]), "+f"(acc[0][10][1]), "+f"(acc[0][10][2]), "+f"(acc[0][10][3]), "+f"(acc[0][11][0]), "+f"(acc[0][11][1]), "+f"(acc[0][11][2]), "+f"(acc[0][11][3]), "+f"(acc[0][12][0]), "+f"(acc[0][12][1]), "+f"(acc[0][12][2]), "+f"(acc[0][12][3]), "+f"(acc[0][13][0]), "+f"(acc[0][13][1]), "+f"(acc[0][13][2]), "+f"(acc[0][13][3]), "+f"(acc[0][14][0]), "+f"(acc[0][14][1]), "+f"(acc[0][14][2]), "+f"(acc[0][14][3]), "+f"(acc[0][15][0]), "+f"(acc[0][15][1]), "+f"(acc[0][15][2]), "+f"(acc[0][15][3]), "+f"(acc[0][16][0]), "+f"(acc[0][16][1]), "+f"(acc[0][16][2]), "+f"(acc[0][16][3]), "+f"(acc[0][17][0]), "+f"(acc[0][17][1]), "+f"(acc[0][17][2]), "+f"(acc[0][17][3]), "+f"(acc[0][18][0]), "+f"(acc[0][18][1]), "+f"(acc[0][18][2]), "+f"(acc[0][18][3]), "+f"(acc[0][19][0]), "+f"(acc[0][19][1]), "+f"(acc[0][19][2]), "+f"(acc[0][19][3]), "+f"(acc[0][20][0]), "+f"(acc[0][20][1]), "+f"(acc[0][20][2]), "+f"(acc[0][20][3]), "+f"(acc[0][21][0]), "+f"(acc[0][21][1]), "+f"(acc[0][21][2]), "+f"(acc[0][21][3]), "+f"(acc[0][22][0]), "+f"(acc[0][22][1]), "+f"(acc[0][22][2]), "+f"(acc[0][22][3]), "+f"(acc[0][23][0]), "+f"(acc[0][23][1]), "+f"(acc[0][23][2]), "+f"(acc[0][23][3]), "+f"(acc[0][24][0]), "+f"(acc[0][24][1]), "+f"(acc[0][24][2]), "+f"(acc[0][24][3]), "+f"(acc[0][25][0]), "+f"(acc[0][25][1]), "+f"(acc[0][25][2]), "+f"(acc[0][25][3]), "+f"(acc[0][26][0]), "+f"(acc[0][26][1]), "+f"(acc[0][26][2]), "+f"(acc[0][26][3]), "+f"(acc[0][27][0]), "+f"(acc[0][27][1]), "+f"(acc[0][27][2]), "+f"(acc[0][27][3]), "+f"(acc[0][28][0]), "+f"(acc[0][28][1]), "+f"(acc[0][28][2]), "+f"(acc[0][28][3]), "+f"(acc[0][29][0]), "+f"(acc[0][29][1]), "+f"(acc[0][29][2]), "+f"(acc[0][29][3]), "+f"(acc[0][30][0]), "+f"(acc[0][30][1]), "+f"(acc[0][30][2]), "+f"(acc[0][30][3]), "+f"(acc[0][31][0]), "+f"(acc[0][31][1]), "+f"(acc[0][31][2]), "+f"(acc[0][31][3]) :: "memory");
  }
  asm volatile("wgmma.wait_group.sync.aligned 0;\n" : "+f"(acc[0][0][0]), "+f"(acc[0][0][1]), "+f"(acc[0][0][2]), "+f"(acc[0][0][3]), "+f"(acc[0][1][0]), "+f"(acc[0][1][1]), "+f"(acc[0][1][2]), "+f"(acc[0][1][3]), "+f"(acc[0][2][0]), "+f"(acc[0][2][1]), "+f"(acc[0][2][2]), "+f"(acc[0][2][3]), "+f"(acc[0][3][0]), "+f"(acc[0][3][1]), "+f"(acc[0][3][2]), "+f"(acc[0][3][3]), "+f"(acc[0][4][0]), "+f"(acc[0][4][1]), "+f"(acc[0][4][2]), "+f"(acc[0][4][3]), "+f"(acc[0][5][0]), "+f"(acc[0][5][1]), "+f"(acc[0][5][2]), "+f"(acc[0][5][3]), "+f"(acc[0][6][0]), "+f"(acc[0][6][1]), "+f"(acc[0][6][2]), "+f"(acc[0][6][3]), "+f"(acc[0][7][0]), "+f"(acc[0][7][1]), "+f"(acc[0][7][2]), "+f"(acc[0][7][3]), "+f"(acc[0][8][0]), "+f"(acc[0][8][1]), "+f"(acc[0][8][2]), "+f"(acc[0][8][3]), "+f"(acc[0][9][0]), "+f"(acc[0][9][1]), "+f"(acc[0][9][2]), "+f"(acc[0][9][3]), "+f"(acc[0][10][0]), "+f"(acc[0][10][1]), "+f"(acc[0][10][2]), "+f"(acc[0][10][3]), "+f"(acc[0][11][0]), "+f"(acc[0][11][1]), "+f"(acc[0][11][2]), "+f"(acc[0][11][3]), "+f"(acc[0][12][0]), "+f"(acc[0][12][1]), "+f"(acc[0][12][2]), "+f"(acc[0][12][3]), "+f"(acc[0][13][0]), "+f"(acc[0][13][1]), "+f"(acc[0][13][2]), "+f"(acc[0][13][3]), "+f"(acc[0][14][0]), "+f"(acc[0][14][1]), "+f"(acc[0][14][2]), "+f"(acc[0][14][3]), "+f"(acc[0][15][0]), "+f"(acc[0][15][1]), "+f"(acc[0][15][2]), "+f"(acc[0][15][3]), "+f"(acc[0][16][0]), "+f"(acc[0][16][1]), "+f"(acc[0][16][2]), "+f"(acc[0][16][3]), "+f"(acc[0][17][0]), "+f"(acc[0][17][1]), "+f"(acc[0][17][2]), "+f"(acc[0][17][3]), "+f"(acc[0][18][0]), "+f"(acc[0][18][1]), "+f"(acc[0][18][2]), "+f"(acc[0][18][3]), "+f"(acc[0][19][0]), "+f"(acc[0][19][1]), "+f"(acc[0][19][2]), "+f"(acc[0][19][3]), "+f"(acc[0][20][0]), "+f"(acc[0][20][1]), "+f"(acc[0][20][2]), "+f"(acc[0][20][3]), "+f"(acc[0][21][0]), "+f"(acc[0][21][1]), "+f"(acc[0][21][2]), "+f"(acc[0][21][3]), "+f"(acc[0][22][0]), "+f"(acc[0][22][1]), "+f"(acc[0][22][2]), "+f"(acc[0][22][3]), "+f"(acc[0][23][0]), "+f"(acc[0][23][1]), "+f"(acc[0][23][2]), "+f"(acc[0][23][3]), "+f"(acc[0][24][0]), "+f"(acc[0][24][1]), "+f"(acc[0][24][2]), "+f"(acc[0][24][3]), "+f"(acc[0][25][0]), "+f"(acc[0][25][1]), "+f"(acc[0][25][2]), "+f"(acc[0][25][3]), "+f"(acc[0][26][0]), "+f"(acc[0][26][1]), "+f"(acc[0][26][2]), "+f"(acc[0][26][3]), "+f"(acc[0][27][0]), "+f"(acc[0][27][1]), "+f"(acc[0][27][2]), "+f"(acc[0][27][3]), "+f"(acc[0][28][0]), "+f"(acc[0][28][1]), "+f"(acc[0][28][2]), "+f"(acc[0][28][3]), "+f"(acc[0][29][0]), "+f"(acc[0][29][1]), "+f"(acc[0][29][2]), "+f"(acc[0][29][3]), "+f"(acc[0][30][0]), "+f"(acc[0][30][1]), "+f"(acc[0][30][2]), "+f"(acc[0][30][3]), "+f"(acc[0][31][0]), "+f"(acc[0][31][1]), "+f"(acc[0][31][2]), "+f"(acc[0][31][3]) :: "memory");
  const bool c_al = ((unsigned long long)(p2 + oc) % sizeof(float2)) == 0;
  #pragma unroll
  for (int mi = 0; mi < MI; ++mi)
  #pragma unroll
    for (int ni = 0; ni < NI; ++ni)
  #pragma unroll
      for (int h = 0; h < 2; ++h) {
        const long long r = m0 + wm * TM + mi * 16 + (lane >> 2) + 8 * h;
        const long long cc = n0 + wn * TN + ni * 8 + (lane & 3) * 2;
        if (M % BM != 0 && r >= M) continue;
        if (c_al) {
          const float v0 = acc[mi][ni][2 * h], v1 = acc[mi][ni][2 * h + 1];
          if (N % BN == 0 || cc < N) *(float2*)(p2 + oc + r * 2048ll + cc) = make_float2(v0, v1);
          continue;
        }
  #pragma unroll
        for (int e = 0; e < 2; ++e) {
          const float v = acc[mi][ni][2 * h + e];
          if (N % BN == 0 || cc + e < N) p2[oc + r * 2048ll + (cc + e) * 1ll] = v;
        }
      }
}

// ==== r_2048_1_2048 opts [TC(2,3)]
// lmc kernel r_2048_1_2048
#include <cuda_fp16.h>
__device__ __forceinline__ unsigned lmc_smem(const void* p) { return (unsigned)__cvta_generic_to_shared(p); }
__device__ __forceinline__ void lmc_cp_async16(void* dst, const void* src, bool full) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(lmc_smem(dst)), "l"(src), "r"(full ? 16 : 0));
}
__device__ __forceinline__ void lmc_cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::: "memory"); }
template <int N> __device__ __forceinline__ void lmc_cp_async_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N) : "memory");
}
template <bool T> __device__ __forceinline__ void lmc_ldmatrix4(unsigned (&r)[4], const void* p) {
  if constexpr (T)
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(lmc_smem(p)));
  else
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(lmc_smem(p)));
}
__device__ __forceinline__ void lmc_mma_bf16(float (&d)[4], const unsigned (&a)[4], const unsigned (&b)[2]) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
               "{%0,%1,%2,%3};\n"
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
__device__ __forceinline__ void lmc_mma_f16(float (&d)[4], const unsigned (&a)[4], const unsigned (&b)[2]) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
               "{%0,%1,%2,%3};\n"
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
// A wgmma shared-memory descriptor: start address, leading and stride byte offsets (all in 16-byte units), 128-byte
// swizzle.
__device__ __forceinline__ unsigned long long lmc_wgmma_desc(unsigned addr, unsigned lead, unsigned stride) {
  return (unsigned long long)((addr & 0x3FFFF) >> 4) | (unsigned long long)(lead >> 4) << 16 |
         (unsigned long long)(stride >> 4) << 32 | 1ull << 62;
}
// (The MMAs only read and write registers, so they are not volatile: the compiler may interleave them with the
// next fragments' ldmatrix.)
// Element (r, c) of a shared tile with C columns: 16-byte chunks XOR-swizzled by row, so the 8 rows one ldmatrix
// reads (same chunk column) fall in 8 different bank groups.
template <int C> __device__ __forceinline__ int lmc_swz(int r, int c) {
  constexpr int CH = C / 8;
  constexpr int MASK = CH >= 8 ? 7 : CH - 1;
  constexpr int SHIFT = CH >= 8 ? 0 : CH == 4 ? 1 : CH == 2 ? 2 : 3;
  return r * C + ((((c >> 3) ^ ((r >> SHIFT) & MASK))) << 3) + (c & 7);
}
// Rows [r0, r0+R) x cols [c0, c0+C) of a rows x cols matrix (element (r, c) at g[r*sr + c*sc]) into an R x C
// shared tile; zeros outside the matrix. VEC: 16-byte cp.async copies (needs sc == 1 and 16-byte aligned rows).
// CR/CC: whether a tile can overhang the rows/columns (known when rendering: the extents are constants).
template <int R, int C, int THREADS, bool VEC, bool CR, bool CC>
__device__ __forceinline__ void lmc_load_tile(unsigned short* s, const unsigned short* g, long long r0, long long c0,
                                              long long rows, long long cols, long long sr, long long sc, int tid) {
  constexpr int CH = C / 8, ITEMS = R * CH, RS = THREADS / CH;
  if constexpr (VEC && THREADS % CH == 0 && ITEMS % THREADS == 0 && RS % 8 == 0) {
    // Each thread copies one chunk column, rows RS apart: RS spans whole swizzle periods (8 rows), so every copy is
    // one base address plus compile-time steps (few registers held across the main loop).
    const int r = tid / CH, c = (tid % CH) * 8;
    unsigned short* sp = s + lmc_swz<C>(r, c);
    const unsigned short* gp = g + (r0 + r) * sr + (c0 + c);
    const bool in_c = !CC || c0 + c < cols;
#pragma unroll
    for (int j = 0; j < ITEMS / THREADS; ++j) {
      const bool in = in_c && (!CR || r0 + r + j * RS < rows);
      lmc_cp_async16(sp + j * RS * C, in ? gp + j * RS * sr : g, in);
    }
  } else if constexpr (VEC) {
#pragma unroll
    for (int j = 0; j < (ITEMS + THREADS - 1) / THREADS; ++j) {
      const int i = tid + j * THREADS;
      if (ITEMS % THREADS == 0 || i < ITEMS) {
        const int r = i / CH, c = (i % CH) * 8;
        const bool in = (!CR || r0 + r < rows) && (!CC || c0 + c < cols);
        lmc_cp_async16(s + lmc_swz<C>(r, c), in ? g + (r0 + r) * sr + (c0 + c) : g, in);
      }
    }
  } else {
    for (int i = tid; i < R * C; i += THREADS) {
      const int r = i / C, c = i % C;
      const bool in = r0 + r < rows && c0 + c < cols;
      s[lmc_swz<C>(r, c)] = in ? g[(r0 + r) * sr + (c0 + c) * sc] : (unsigned short)0;
    }
  }
}
extern "C" __global__ void __launch_bounds__(128, 2) r_2048_1_2048(const half* __restrict__ p0, const half* __restrict__ p1, float* __restrict__ p2) {
  constexpr int BM = 128, BN = 128, BK = 64, WM = 2, WN = 2, STAGES = 3, THREADS = 128;
  constexpr int TM = BM / WM, TN = BN / WN, MI = TM / 16, NI = TN / 8;
  constexpr long long M = 2048, N = 2048, K = 256;
  constexpr int TILES_M = (M + BM - 1) / BM, TILES_N = (N + BN - 1) / BN, GROUP = 8;
  constexpr int KT = (K + BK - 1) / BK;
  extern __shared__ __align__(128) unsigned short lmc_dyn_smem[];
  unsigned short* const lmc_sa = lmc_dyn_smem;
  unsigned short* const lmc_sb = lmc_sa + STAGES * BM * BK;
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5, wm = warp / WN, wn = warp % WN;
  const int bid = blockIdx.x, span = GROUP * TILES_N, first = bid / span * GROUP;
  const int gsize = TILES_M - first < GROUP ? TILES_M - first : GROUP;
  const long long m0 = (long long)(first + bid % span % gsize) * BM, n0 = (long long)(bid % span / gsize) * BN;
  long long oa = 0ll, ob = 0ll, oc = 0ll;
  const unsigned short* ga = (const unsigned short*)p0 + oa;
  const unsigned short* gb = (const unsigned short*)p1 + ob;
  const bool a_al = ((unsigned long long)ga & 15) == 0, b_al = ((unsigned long long)gb & 15) == 0;
  float acc[MI][NI][4] = {};
  auto load_a = [&](int stage, int kt) {
    const long long k0 = (long long)kt * BK;
    unsigned short* sa = lmc_sa + stage * (BM * BK);
    if (a_al) lmc_load_tile<BM, BK, THREADS, true, false, false>(sa, ga, m0, k0, M, K, 256ll, 1ll, tid); else lmc_load_tile<BM, BK, THREADS, false, false, false>(sa, ga, m0, k0, M, K, 256ll, 1ll, tid);
  };
  auto load_b = [&](int stage, int kt) {
    const long long k0 = (long long)kt * BK;
    unsigned short* sb = lmc_sb + stage * (BK * BN);
    if (b_al) lmc_load_tile<BK, BN, THREADS, true, false, false>(sb, gb, k0, n0, K, N, 2048ll, 1ll, tid); else lmc_load_tile<BK, BN, THREADS, false, false, false>(sb, gb, k0, n0, K, N, 2048ll, 1ll, tid);
  };
  const int j = lane >> 3, l7 = lane & 7;
  auto load_frags = [&](unsigned (&af)[MI][4], unsigned (&bfr)[NI][2], int st, int kk) {
    const unsigned short* sa = lmc_sa + st * (BM * BK);
    const unsigned short* sb = lmc_sb + st * (BK * BN);
  #pragma unroll
    for (int mi = 0; mi < MI; ++mi) {
      const int m = wm * TM + mi * 16;
      lmc_ldmatrix4<false>(af[mi], sa + lmc_swz<BK>(m + l7 + ((j & 1) << 3), kk + ((j & 2) << 2)));
    }
  #pragma unroll
    for (int nj = 0; nj < NI / 2; ++nj) {
      const int n = wn * TN + nj * 16;
      unsigned r[4];
      lmc_ldmatrix4<true>(r, sb + lmc_swz<BN>(kk + l7 + ((j & 1) << 3), n + ((j & 2) << 2)));
      bfr[2 * nj][0] = r[0], bfr[2 * nj][1] = r[1], bfr[2 * nj + 1][0] = r[2], bfr[2 * nj + 1][1] = r[3];
    }
  };
  constexpr int KS = BK / 16, B_STEP = KS > 2 ? 1 : 0;
  static_assert(KS % 2 == 0, "fragment buffers alternate by step parity");
  #pragma unroll
  for (int st = 0; st < STAGES - 1; ++st) {
    if (st < KT) load_a(st, st), load_b(st, st);
    lmc_cp_async_commit();
  }
  lmc_cp_async_wait<STAGES - 2>();
  __syncthreads();
  unsigned af[2][MI][4], bfr[2][NI][2];
  int rs = 0;
  load_frags(af[0], bfr[0], 0, 0);
  for (int kt = 0; kt < KT; ++kt) {
  #pragma unroll
    for (int ks = 0; ks < KS; ++ks) {
      if (ks == KS - 1) {
        lmc_cp_async_wait<STAGES - 2>();
        __syncthreads();
        rs = rs + 1 == STAGES ? 0 : rs + 1;
      }
      load_frags(af[(ks + 1) & 1], bfr[(ks + 1) & 1], rs, ((ks + 1) % KS) * 16);
      if (ks == 0 && kt + STAGES - 1 < KT) load_a((kt + STAGES - 1) % STAGES, kt + STAGES - 1);
      if (ks == B_STEP) {
        if (kt + STAGES - 1 < KT) load_b((kt + STAGES - 1) % STAGES, kt + STAGES - 1);
        lmc_cp_async_commit();
      }
  #pragma unroll
      for (int mi = 0; mi < MI; ++mi)
  #pragma unroll
        for (int ni = 0; ni < NI; ++ni)
          lmc_mma_f16(acc[mi][ni], af[ks & 1][mi], bfr[ks & 1][ni]);
    }
  }
  const bool c_al = ((unsigned long long)(p2 + oc) % sizeof(float2)) == 0;
  #pragma unroll
  for (int mi = 0; mi < MI; ++mi)
  #pragma unroll
    for (int ni = 0; ni < NI; ++ni)
  #pragma unroll
      for (int h = 0; h < 2; ++h) {
        const long long r = m0 + wm * TM + mi * 16 + (lane >> 2) + 8 * h;
        const long long cc = n0 + wn * TN + ni * 8 + (lane & 3) * 2;
        if (M % BM != 0 && r >= M) continue;
        if (c_al) {
          const float v0 = acc[mi][ni][2 * h], v1 = acc[mi][ni][2 * h + 1];
          if (N % BN == 0 || cc < N) *(float2*)(p2 + oc + r * 2048ll + cc) = make_float2(v0, v1);
          continue;
        }
  #pragma unroll
        for (int e = 0; e < 2; ++e) {
          const float v = acc[mi][ni][2 * h + e];
          if (N % BN == 0 || cc + e < N) p2[oc + r * 2048ll + (cc + e) * 1ll] = v;
        }
      }
}

