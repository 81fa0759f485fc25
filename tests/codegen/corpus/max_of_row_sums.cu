// ==== r_20_1_1 opts []
// lmc kernel r_20_1_1
__device__ __forceinline__ float lmc_max(float a, float b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ float lmc_min(float a, float b) { return a != a ? a : (a < b ? a : b); }
__device__ __forceinline__ double lmc_max(double a, double b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ double lmc_min(double a, double b) { return a != a ? a : (a < b ? a : b); }
extern "C" __global__ void __launch_bounds__(32) r_20_1_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  float reg7[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 20) {
    const int r13 = (int)(gid);
    reg2[0] = __int_as_float(0xff800000);
    const int v16 = r13 * 1200;
    for (int r17 = 0; r17 < 30; ++r17) {
      reg7[0] = 0.0f;
      const int v19 = r17 * 40;
      const int v20 = v16 + v19;
      for (int r21 = 0; r21 < 40; ++r21) {
        const int v22 = v20 + r21;
        const float v24 = p0[v22];
        const float v25 = reg7[0];
        const float v26 = v25 + v24;
        reg7[0] = v26;
      }
      const float v29 = reg7[0];
      const float v30 = reg2[0];
      const float v31 = lmc_max(v30, v29);
      reg2[0] = v31;
    }
    const float v34 = reg2[0];
    p1[r13] = v34;
  }
}

// ==== r_20_1_1 opts []
// lmc kernel r_20_1_1
__device__ __forceinline__ float lmc_max(float a, float b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ float lmc_min(float a, float b) { return a != a ? a : (a < b ? a : b); }
__device__ __forceinline__ double lmc_max(double a, double b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ double lmc_min(double a, double b) { return a != a ? a : (a < b ? a : b); }
extern "C" __global__ void __launch_bounds__(32) r_20_1_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  float reg7[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 20) {
    const int r13 = (int)(gid);
    reg2[0] = __int_as_float(0xff800000);
    const int v16 = r13 * 1200;
    for (int r17 = 0; r17 < 30; ++r17) {
      reg7[0] = 0.0f;
      const int v19 = r17 * 40;
      const int v20 = v16 + v19;
      for (int r21 = 0; r21 < 40; ++r21) {
        const int v22 = v20 + r21;
        const float v24 = p0[v22];
        const float v25 = reg7[0];
        const float v26 = v25 + v24;
        reg7[0] = v26;
      }
      const float v29 = reg7[0];
      const float v30 = reg2[0];
      const float v31 = lmc_max(v30, v29);
      reg2[0] = v31;
    }
    const float v34 = reg2[0];
    p1[r13] = v34;
  }
}

