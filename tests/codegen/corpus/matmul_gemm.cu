// ==== r_1024_1_1024 opts []
// lmc kernel r_1024_1_1024
extern "C" __global__ void __launch_bounds__(256) r_1024_1_1024(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 1024 * 1024) {
    const int r12 = (int)(gid % 1024);
    const int r9 = (int)(gid / (1024));
    const int v10 = r9 * 1024;
    const int v11 = r9 * 256;
    const int v13 = v10 + r12;
    reg2[0] = 0.0f;
    for (int r16 = 0; r16 < 256; ++r16) {
      const int v17 = v11 + r16;
      const float v19 = p0[v17];
      const int v20 = r16 * 1024;
      const int v21 = r12 + v20;
      const float v23 = p1[v21];
      const float v24 = v19 * v23;
      const float v25 = reg2[0];
      const float v26 = v25 + v24;
      reg2[0] = v26;
    }
    const float v29 = reg2[0];
    p2[v13] = v29;
  }
}

// ==== r_1024_1_1024 opts [GEMM(2,6)]
// lmc kernel r_1024_1_1024
// Operand tile loads: a BK x BO tile (BK along the reduce axis, BO along the operand's outer axis M or N) of a matrix
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
extern "C" __global__ void __launch_bounds__(64, 4) r_1024_1_1024(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  constexpr int BM = 64, BN = 64, BK = 16, TM = 8, TN = 8;
  constexpr int TX = BN / TN, TY = BM / TM, THREADS = TX * TY;
  constexpr int QM = TM / 4, QN = TN / 4, SM_ = BM / QM, SN_ = BN / QN;
  constexpr long long M = 1024, N = 1024, K = 256;
  constexpr int TILES_M = (M + BM - 1) / BM, TILES_N = (N + BN - 1) / BN, GROUP = 8;
  constexpr int KT = (K + BK - 1) / BK;
  __shared__ __align__(16) float lmc_as[2][BK * BM];
  __shared__ __align__(16) float lmc_bs[2][BK * BN];
  constexpr int WX = TX < 8 ? TX : 8, WY = 32 / WX;
  static_assert(THREADS % 32 == 0 && TY % WY == 0, "a warp must cover whole rows of the thread grid");
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  const int tx = warp % (TX / WX) * WX + lane % WX, ty = warp / (TX / WX) * WY + lane / WX;
  const int bid = blockIdx.x, span = GROUP * TILES_N, first = bid / span * GROUP;
  const int gsize = TILES_M - first < GROUP ? TILES_M - first : GROUP;
  const long long m0 = (long long)(first + bid % span % gsize) * BM, n0 = (long long)(bid % span / gsize) * BN;
  long long oa = 0ll, ob = 0ll, oc = 0ll;
  const float* __restrict__ ga = p0 + oa;
  const float* __restrict__ gb = p1 + ob;
  float* __restrict__ gc = p2 + oc;
  lmc_gemm_tile<BK, BM, THREADS, 1> la;
  lmc_gemm_tile<BK, BN, THREADS, 0> lb;
  const bool a_al = ((unsigned long long)ga & 15) == 0, b_al = ((unsigned long long)gb & 15) == 0;
  auto fetch = [&](int kt) {
    const long long k0 = (long long)kt * BK;
    la.fetch<false, false>(ga, m0, k0, M, K, 256ll, 1ll, tid, a_al);
    lb.fetch<false, false>(gb, n0, k0, N, K, 1ll, 1024ll, tid, b_al);
  };
  auto stash = [&](int buf) {
    la.stash(lmc_as[buf], tid);
    lb.stash(lmc_bs[buf], tid);
  };
  float acc[TM][TN];
  #pragma unroll
  for (int i = 0; i < TM; ++i)
  #pragma unroll
    for (int j = 0; j < TN; ++j) acc[i][j] = 0.f;
  fetch(0);
  stash(0);
  __syncthreads();
  for (int kt = 0; kt < KT; ++kt) {
    const int buf = kt & 1;
    if (kt + 1 < KT) fetch(kt + 1);
    const float* as = lmc_as[buf];
    const float* bs = lmc_bs[buf];
  #pragma unroll
    for (int kk = 0; kk < BK; ++kk) {
      float ra[TM], rb[TN];
  #pragma unroll
      for (int q = 0; q < QM; ++q) {
        const float4 x = *(const float4*)(as + kk * BM + q * SM_ + 4 * ty);
        ra[4 * q] = x.x, ra[4 * q + 1] = x.y, ra[4 * q + 2] = x.z, ra[4 * q + 3] = x.w;
      }
  #pragma unroll
      for (int q = 0; q < QN; ++q) {
        const float4 x = *(const float4*)(bs + kk * BN + q * SN_ + 4 * tx);
        rb[4 * q] = x.x, rb[4 * q + 1] = x.y, rb[4 * q + 2] = x.z, rb[4 * q + 3] = x.w;
      }
  #pragma unroll
      for (int i = 0; i < TM; ++i)
  #pragma unroll
        for (int j = 0; j < TN; ++j) acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);
    }
    if (kt + 1 < KT) stash(buf ^ 1);
    __syncthreads();
  }
  const bool c_al = ((unsigned long long)gc & 15) == 0;
  #pragma unroll
  for (int i = 0; i < TM; ++i) {
    const long long r = m0 + i / 4 * SM_ + 4 * ty + i % 4;
  #pragma unroll
    for (int q = 0; q < QN; ++q) {
      const long long c0 = n0 + q * SN_ + 4 * tx;
      float* p = gc + r * 1024ll + c0 * 1ll;
      if (c_al) {
        *(float4*)p = make_float4(acc[i][4 * q], acc[i][4 * q + 1], acc[i][4 * q + 2], acc[i][4 * q + 3]);
      } else {
  #pragma unroll
        for (int e = 0; e < 4; ++e)
          p[e * 1ll] = acc[i][4 * q + e];
      }
    }
  }
}

