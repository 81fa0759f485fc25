// The MMA schedule: each block owns a BM x BN output tile; its warps own (BM/warps_m) x (BN/warps_n) sub-tiles held
// as m16n8 float32 accumulator fragments. A and B stream through `stages` shared-memory buffers of BK along the
// reduce axis (cp.async 16-byte copies when an operand has a unit stride and 8-element alignment, plain loads
// otherwise), stored in the operand's own contiguous orientation with XOR-swizzled 16-byte chunks so that ldmatrix
// (transposing where the orientation asks) reads them without bank conflicts. Tiles may overhang the matrix: loads
// there write zeros (so padded fragments add nothing) and stores are skipped, so M, N, K may be any sizes. wgmma
// tiles (sm_90a) keep the copies and the epilogue but multiply straight from the swizzled shared tiles.
#include "codegen/render/cuda_mma.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>

namespace lmc {

const char* cuda_mma_helpers() {
  return R"(__device__ __forceinline__ unsigned lmc_smem(const void* p) { return (unsigned)__cvta_generic_to_shared(p); }
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
)";
}

namespace {

// The main loop with mma.sync: warps load their fragments from shared memory with ldmatrix.
std::string mma_sync_main_loop(bool a_kmaj, bool b_nmaj, DType in) {
  std::string o;
  auto add = [&](const std::string& line) { o += "  " + line + "\n"; };
  add("const int j = lane >> 3, l7 = lane & 7;"); // ldmatrix: lane groups of 8 address one 8x8 matrix each
  // Fragments of step ks (16 of the reduce axis) from shared stage `st` into buffer `fb` (compile-time indices only,
  // so the fragments stay in registers).
  add("auto load_frags = [&](unsigned (&af)[MI][4], unsigned (&bfr)[NI][2], int st, int kk) {");
  add("  const unsigned short* sa = lmc_sa + st * (BM * BK);");
  add("  const unsigned short* sb = lmc_sb + st * (BK * BN);");
  add("#pragma unroll");
  add("  for (int mi = 0; mi < MI; ++mi) {");
  add("    const int m = wm * TM + mi * 16;");
  if (a_kmaj)
    add("    lmc_ldmatrix4<false>(af[mi], sa + lmc_swz<BK>(m + l7 + ((j & 1) << 3), kk + ((j & 2) << 2)));");
  else
    add("    lmc_ldmatrix4<true>(af[mi], sa + lmc_swz<BM>(kk + l7 + ((j & 2) << 2), m + ((j & 1) << 3)));");
  add("  }");
  add("#pragma unroll");
  add("  for (int nj = 0; nj < NI / 2; ++nj) {");
  add("    const int n = wn * TN + nj * 16;");
  add("    unsigned r[4];");
  if (b_nmaj)
    add("    lmc_ldmatrix4<true>(r, sb + lmc_swz<BN>(kk + l7 + ((j & 1) << 3), n + ((j & 2) << 2)));");
  else
    add("    lmc_ldmatrix4<false>(r, sb + lmc_swz<BK>(n + l7 + ((j & 2) << 2), kk + ((j & 1) << 3)));");
  add("    bfr[2 * nj][0] = r[0], bfr[2 * nj][1] = r[1], bfr[2 * nj + 1][0] = r[2], bfr[2 * nj + 1][1] = r[3];");
  add("  }");
  add("};");
  // The pipeline: STAGES-1 tiles in flight ahead of the one being multiplied. Each step loads the next step's
  // fragments before multiplying its own; the last step of a tile first waits for the next tile (and the barrier
  // that makes it visible), so the next tile's first fragments load while this tile's last MMAs run. The buffer
  // refilled during tile kt was last read before the barrier of tile kt-1's last step. A tile's copies are issued
  // over two steps (A, then B with the commit) so they interleave with the MMAs; B's step must precede the last,
  // whose wait counts on this tile's group being committed.
  add("constexpr int KS = BK / 16, B_STEP = KS > 2 ? 1 : 0;");
  add("static_assert(KS % 2 == 0, \"fragment buffers alternate by step parity\");");
  add("#pragma unroll");
  add("for (int st = 0; st < STAGES - 1; ++st) {");
  add("  if (st < KT) load_a(st, st), load_b(st, st);");
  add("  lmc_cp_async_commit();");
  add("}");
  add("lmc_cp_async_wait<STAGES - 2>();");
  add("__syncthreads();");
  add("unsigned af[2][MI][4], bfr[2][NI][2];");
  add("int rs = 0;");
  add("load_frags(af[0], bfr[0], 0, 0);");
  add("for (int kt = 0; kt < KT; ++kt) {");
  add("#pragma unroll");
  add("  for (int ks = 0; ks < KS; ++ks) {");
  add("    if (ks == KS - 1) {");
  add("      lmc_cp_async_wait<STAGES - 2>();");
  add("      __syncthreads();");
  add("      rs = rs + 1 == STAGES ? 0 : rs + 1;");
  add("    }");
  add("    load_frags(af[(ks + 1) & 1], bfr[(ks + 1) & 1], rs, ((ks + 1) % KS) * 16);");
  add("    if (ks == 0 && kt + STAGES - 1 < KT) load_a((kt + STAGES - 1) % STAGES, kt + STAGES - 1);");
  add("    if (ks == B_STEP) {");
  add("      if (kt + STAGES - 1 < KT) load_b((kt + STAGES - 1) % STAGES, kt + STAGES - 1);");
  add("      lmc_cp_async_commit();");
  add("    }");
  add("#pragma unroll");
  add("    for (int mi = 0; mi < MI; ++mi)");
  add("#pragma unroll");
  add("      for (int ni = 0; ni < NI; ++ni)");
  add(fmt::format("        lmc_mma_{}(acc[mi][ni], af[ks & 1][mi], bfr[ks & 1][ni]);",
                  in == bfloat16 ? "bf16" : "f16"));
  add("  }");
  add("}");
  return o;
}

// The accumulators as wgmma operands ("+f" each): the MMA writes them asynchronously, so every statement that may not
// move across the MMAs names them all.
std::string wgmma_acc_operands(int n) {
  std::string out;
  for (int i = 0; i < n / 2; ++i)
    out += fmt::format("{}\"+f\"(acc[0][{}][{}])", i ? ", " : "", i / 4, i % 4);
  return out;
}

// The main loop with Hopper's wgmma: each warpgroup (4 warps) multiplies its 64 rows of A by all BN columns of B,
// both read from shared memory through descriptors. A K-major operand is rows of BK = 64 elements (128 bytes) in
// 8-row atoms, an MN-major one atoms of 64 columns, BK rows deep; both with the 128-byte swizzle lmc_swz<64> writes.
// The copies for tile kt + STAGES - 2 go to the stage tile kt - 2 used: the barrier at the top of step kt comes after
// every warpgroup's wait for its MMAs of tile kt - 2 (one group stays in flight).
std::string wgmma_main_loop(const TcConfig& t, bool a_kmaj, bool b_nmaj, DType in) {
  std::string o;
  auto add = [&](const std::string& line) { o += "  " + line + "\n"; };
  const std::string ty = in == bfloat16 ? "bf16" : "f16";
  // Byte steps per 16 of k, and the leading/stride byte offsets: K-major 8-row atoms are 1024 bytes apart (the
  // leading offset is unused); MN-major 64-column atoms are BK rows of 128 bytes apart, 8-row groups 1024.
  auto desc = [&](bool kmaj, const std::string& base) {
    if (kmaj) return fmt::format("lmc_wgmma_desc({} + ks * 32, 16, 1024)", base);
    return fmt::format("lmc_wgmma_desc({} + ks * 2048, BK * 128, 1024)", base);
  };
  add("static_assert(BK == 64 && TM == 16 && WN == 1 && WM % 4 == 0 && BN % 64 == 0 && BN <= 256, \"wgmma tile\");");
  add("static_assert(STAGES >= 3, \"one MMA group in flight while the next stage loads\");");
  add("#pragma unroll");
  add("for (int st = 0; st < STAGES - 2; ++st) {");
  add("  if (st < KT) load_a(st, st), load_b(st, st);");
  add("  lmc_cp_async_commit();");
  add("}");
  // The warpgroup's rows of A: 64 rows of 128 bytes (K-major) or the next 64-column atom (MN-major).
  add(fmt::format("const unsigned a_wg = (warp >> 2) * {};", a_kmaj ? "64 * 128" : "BK * 128"));
  add("for (int kt = 0; kt < KT; ++kt) {");
  add("  lmc_cp_async_wait<STAGES - 3>();");
  add("  asm volatile(\"fence.proxy.async.shared::cta;\\n\" ::: \"memory\");");
  add("  __syncthreads();");
  add("  if (kt + STAGES - 2 < KT) load_a((kt + STAGES - 2) % STAGES, kt + STAGES - 2), load_b((kt + STAGES - 2) % "
      "STAGES, kt + STAGES - 2);");
  add("  lmc_cp_async_commit();");
  add("  const unsigned sa = lmc_smem(lmc_sa + (kt % STAGES) * (BM * BK)) + a_wg;");
  add("  const unsigned sb = lmc_smem(lmc_sb + (kt % STAGES) * (BK * BN));");
  add(fmt::format("  asm volatile(\"wgmma.fence.sync.aligned;\\n\" : {} :: \"memory\");", wgmma_acc_operands(t.bn)));
  add("#pragma unroll");
  add("  for (int ks = 0; ks < BK / 16; ++ks) {");
  add(fmt::format("    const unsigned long long da = {}, db = {};", desc(a_kmaj, "sa"), desc(!b_nmaj, "sb")));
  std::string regs;
  for (int i = 0; i < t.bn / 2; ++i)
    regs += fmt::format("{}%{}", i ? ", " : "", i);
  const int q = t.bn / 2;
  add(fmt::format("    asm volatile(\"{{\\n.reg .pred p;\\nsetp.ne.b32 p, %{}, "
                  "0;\\nwgmma.mma_async.sync.aligned.m64n{}k16.f32.{}.{} "
                  "{{{}}}, %{}, %{}, p, 1, 1, {}, {};\\n}}\\n\" : {} : \"l\"(da), \"l\"(db), \"r\"(1));",
                  q + 2, t.bn, ty, ty, regs, q, q + 1, a_kmaj ? 0 : 1, b_nmaj ? 1 : 0, wgmma_acc_operands(t.bn)));
  add("  }");
  add(fmt::format("  asm volatile(\"wgmma.commit_group.sync.aligned;\\n\" : {} :: \"memory\");",
                  wgmma_acc_operands(t.bn)));
  add(fmt::format("  asm volatile(\"wgmma.wait_group.sync.aligned 1;\\n\" : {} :: \"memory\");",
                  wgmma_acc_operands(t.bn)));
  add("}");
  add(fmt::format("asm volatile(\"wgmma.wait_group.sync.aligned 0;\\n\" : {} :: \"memory\");",
                  wgmma_acc_operands(t.bn)));
  return o;
}

} // namespace

bool vectorizable(int64_t lanes, int64_t offset, int64_t unit, int64_t other, const std::vector<int64_t>& batch_strides,
                  int64_t extent) {
  if (unit != 1 || offset % lanes != 0 || other % lanes != 0 || extent % lanes != 0) return false;
  for (int64_t b : batch_strides)
    if (b % lanes != 0) return false;
  return true;
}

std::string cuda_matmul_block_origin(const MmaSpec& s) {
  std::string o;
  auto add = [&](const std::string& line) { o += "  " + line + "\n"; };
  // Groups of GROUP tile-rows sweep N together, so the A rows and B columns they share stay in L2.
  add("const int bid = blockIdx.x, span = GROUP * TILES_N, first = bid / span * GROUP;");
  add("const int gsize = TILES_M - first < GROUP ? TILES_M - first : GROUP;");
  add("const long long m0 = (long long)(first + bid % span % gsize) * BM, n0 = (long long)(bid % span / gsize) * BN;");
  add(fmt::format("long long oa = {}ll, ob = {}ll, oc = {}ll;", s.a.offset, s.b.offset, s.c.offset));
  if (!s.batch.empty()) {
    add("{");
    add("  long long bat = blockIdx.y;");
    for (size_t i = s.batch.size(); i-- > 0;) {
      const MmaBatch& x = s.batch[i];
      add(fmt::format(
          "  {{ const long long i = bat % {}; bat /= {}; oa += i * {}ll; ob += i * {}ll; oc += i * {}ll; }}", x.extent,
          x.extent, x.a, x.b, x.c));
    }
    add("}");
  }
  return o;
}

std::string cuda_mma_body(const MmaSpec& s, const std::string& c, const std::string& a, const std::string& b, DType in,
                          DType out) {
  if (in != bfloat16 && in != float16) throw Error(fmt::format("CUDA MMA: inputs of dtype {}", in.name()));
  const TcConfig& t = s.tile();
  std::vector<int64_t> sa, sb;
  for (const MmaBatch& x : s.batch)
    sa.push_back(x.a), sb.push_back(x.b);
  // Shared tiles follow the operand's contiguous axis (ldmatrix transposes the other orientation).
  const bool a_kmaj = s.a.stride1 == 1 || s.a.stride0 != 1;
  const bool b_nmaj = s.b.stride1 == 1 || s.b.stride0 != 1;
  const bool a_vec = a_kmaj ? vectorizable(8, s.a.offset, s.a.stride1, s.a.stride0, sa, s.k)
                            : vectorizable(8, s.a.offset, s.a.stride0, s.a.stride1, sa, s.m);
  const bool b_vec = b_nmaj ? vectorizable(8, s.b.offset, s.b.stride1, s.b.stride0, sb, s.n)
                            : vectorizable(8, s.b.offset, s.b.stride0, s.b.stride1, sb, s.k);
  std::string o;
  auto add = [&](const std::string& line) { o += "  " + line + "\n"; };
  add(fmt::format("constexpr int BM = {}, BN = {}, BK = {}, WM = {}, WN = {}, STAGES = {}, THREADS = {};", t.bm, t.bn,
                  t.bk, t.warps_m, t.warps_n, t.stages, t.threads()));
  add("constexpr int TM = BM / WM, TN = BN / WN, MI = TM / 16, NI = TN / 8;");
  add(fmt::format("constexpr long long M = {}, N = {}, K = {};", s.m, s.n, s.k));
  add("constexpr int TILES_M = (M + BM - 1) / BM, TILES_N = (N + BN - 1) / BN, GROUP = 8;");
  add("constexpr int KT = (K + BK - 1) / BK;");
  add("extern __shared__ __align__(128) unsigned short lmc_dyn_smem[];");
  // wgmma's 128-byte swizzle is a function of the address bits, so its tiles start 1024-byte aligned (the tile
  // reserves the slack).
  if (t.wgmma)
    add("unsigned short* const lmc_sa = lmc_dyn_smem + ((1024 - (lmc_smem(lmc_dyn_smem) & 1023)) & 1023) / 2;");
  else
    add("unsigned short* const lmc_sa = lmc_dyn_smem;");
  add("unsigned short* const lmc_sb = lmc_sa + STAGES * BM * BK;");
  add("const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5, wm = warp / WN, wn = warp % WN;");
  o += cuda_matmul_block_origin(s);
  add(fmt::format("const unsigned short* ga = (const unsigned short*){} + oa;", a));
  add(fmt::format("const unsigned short* gb = (const unsigned short*){} + ob;", b));
  add("const bool a_al = ((unsigned long long)ga & 15) == 0, b_al = ((unsigned long long)gb & 15) == 0;");
  add("float acc[MI][NI][4] = {};");
  // The loads of one stage: k0 advances along the reduce axis.
  auto load = [&](bool kmaj_or_nmaj, bool vec, bool is_a) {
    const MmaOperand& op = is_a ? s.a : s.b;
    const std::string g = is_a ? "ga" : "gb", sm = is_a ? "sa" : "sb", al = is_a ? "a_al" : "b_al";
    const std::string outer = is_a ? "BM" : "BN";
    const std::string o0 = is_a ? "m0" : "n0", ext = is_a ? "M" : "N";
    // A: stride0 is m, stride1 is k. B: stride0 is k, stride1 is n.
    const int64_t s_outer = is_a ? op.stride0 : op.stride1, s_k = is_a ? op.stride1 : op.stride0;
    const bool k_cols = is_a == kmaj_or_nmaj; // the shared tile's columns run along k
    const bool check_outer = (is_a ? s.m % t.bm : s.n % t.bn) != 0, check_k = s.k % t.bk != 0;
    auto call = [&](bool v) {
      if (k_cols)
        return fmt::format("lmc_load_tile<{}, BK, THREADS, {}, {}, {}>({}, {}, {}, k0, {}, K, {}ll, {}ll, tid);", outer,
                           v, check_outer, check_k, sm, g, o0, ext, s_outer, s_k);
      // wgmma reads an MN-major operand as atoms of 64 columns (128 bytes), each BK rows deep.
      if (t.wgmma)
        return fmt::format("for (int at = 0; at < {} / 64; ++at) lmc_load_tile<BK, 64, THREADS, {}, {}, {}>({} + at * "
                           "BK * 64, {}, k0, {} + at * 64, K, {}, {}ll, {}ll, tid);",
                           outer, v, check_k, check_outer, sm, g, o0, ext, s_k, s_outer);
      return fmt::format("lmc_load_tile<BK, {}, THREADS, {}, {}, {}>({}, {}, k0, {}, K, {}, {}ll, {}ll, tid);", outer,
                         v, check_k, check_outer, sm, g, o0, ext, s_k, s_outer);
    };
    if (vec)
      add(fmt::format("  if ({}) {} else {}", al, call(true), call(false)));
    else
      add("  " + call(false));
  };
  add("auto load_a = [&](int stage, int kt) {");
  add("  const long long k0 = (long long)kt * BK;");
  add("  unsigned short* sa = lmc_sa + stage * (BM * BK);");
  load(a_kmaj, a_vec, true);
  add("};");
  add("auto load_b = [&](int stage, int kt) {");
  add("  const long long k0 = (long long)kt * BK;");
  add("  unsigned short* sb = lmc_sb + stage * (BK * BN);");
  load(b_nmaj, b_vec, false);
  add("};");
  o += t.wgmma ? wgmma_main_loop(t, a_kmaj, b_nmaj, in) : mma_sync_main_loop(a_kmaj, b_nmaj, in);
  // Epilogue: fragment element (h, e) of (mi, ni) is row lane/4 + 8h, column 2*(lane%4) + e of its m16n8 tile. The
  // pair e = 0, 1 is one store when C's columns are contiguous and every pair starts aligned (an even N, offset and
  // row stride; the pointer is checked at run time), which halves the store instructions.
  std::string cvt = "v", pair = "make_float2(v0, v1)", pair_t = "float2";
  if (out == bfloat16)
    cvt = "__float2bfloat16_rn(v)", pair = "__floats2bfloat162_rn(v0, v1)", pair_t = "__nv_bfloat162";
  if (out == float16) cvt = "__float2half_rn(v)", pair = "__floats2half2_rn(v0, v1)", pair_t = "__half2";
  bool c_pairs = s.c.stride1 == 1 && s.n % 2 == 0 && s.c.offset % 2 == 0 && s.c.stride0 % 2 == 0;
  for (const MmaBatch& x : s.batch)
    c_pairs = c_pairs && x.c % 2 == 0;
  if (c_pairs) add(fmt::format("const bool c_al = ((unsigned long long)({} + oc) % sizeof({})) == 0;", c, pair_t));
  add("#pragma unroll");
  add("for (int mi = 0; mi < MI; ++mi)");
  add("#pragma unroll");
  add("  for (int ni = 0; ni < NI; ++ni)");
  add("#pragma unroll");
  add("    for (int h = 0; h < 2; ++h) {");
  add("      const long long r = m0 + wm * TM + mi * 16 + (lane >> 2) + 8 * h;");
  add("      const long long cc = n0 + wn * TN + ni * 8 + (lane & 3) * 2;");
  add("      if (M % BM != 0 && r >= M) continue;");
  if (c_pairs) {
    add("      if (c_al) {");
    add("        const float v0 = acc[mi][ni][2 * h], v1 = acc[mi][ni][2 * h + 1];");
    add(fmt::format("        if (N % BN == 0 || cc < N) *({}*)({} + oc + r * {}ll + cc) = {};", pair_t, c, s.c.stride0,
                    pair));
    add("        continue;");
    add("      }");
  }
  add("#pragma unroll");
  add("      for (int e = 0; e < 2; ++e) {");
  add("        const float v = acc[mi][ni][2 * h + e];");
  add(fmt::format("        if (N % BN == 0 || cc + e < N) {}[oc + r * {}ll + (cc + e) * {}ll] = {};", c, s.c.stride0,
                  s.c.stride1, cvt));
  add("      }");
  add("    }");
  return o;
}

} // namespace lmc
