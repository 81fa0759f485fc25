// ==== r_20_1 opts []
// lmc kernel r_20_1
__device__ __forceinline__ float lmc_max(float a, float b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ float lmc_min(float a, float b) { return a != a ? a : (a < b ? a : b); }
__device__ __forceinline__ double lmc_max(double a, double b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ double lmc_min(double a, double b) { return a != a ? a : (a < b ? a : b); }
extern "C" __global__ void __launch_bounds__(32) r_20_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 20) {
    const int r14 = (int)(gid);
    reg2[0] = __int_as_float(0xff800000);
    const int v17 = (int)((unsigned int)r14 * (unsigned int)50);
    for (int r18 = 0; r18 < 57; ++r18) {
      const bool v19 = r18 < 53;
      const bool v20 = 2 < r18;
      const bool v21 = v19 && v20;
      const int v22 = (int)((unsigned int)v17 + (unsigned int)r18);
      const int v23 = (int)((unsigned int)v22 + (unsigned int)997);
      const int v24 = (int)(v23 % 1000);
      const float v26 = v21 ? p0[v24] : 0.0f;
      const float v27 = v21 ? v26 : 0.0f;
      const float v28 = reg2[0];
      const float v29 = lmc_max(v28, v27);
      reg2[0] = v29;
    }
    const float v32 = reg2[0];
    p1[r14] = v32;
  }
}

// ==== r_20_1 opts []
// lmc kernel r_20_1
__device__ __forceinline__ float lmc_max(float a, float b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ float lmc_min(float a, float b) { return a != a ? a : (a < b ? a : b); }
__device__ __forceinline__ double lmc_max(double a, double b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ double lmc_min(double a, double b) { return a != a ? a : (a < b ? a : b); }
extern "C" __global__ void __launch_bounds__(32) r_20_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 20) {
    const int r14 = (int)(gid);
    reg2[0] = __int_as_float(0xff800000);
    const int v17 = (int)((unsigned int)r14 * (unsigned int)50);
    for (int r18 = 0; r18 < 57; ++r18) {
      const bool v19 = r18 < 53;
      const bool v20 = 2 < r18;
      const bool v21 = v19 && v20;
      const int v22 = (int)((unsigned int)v17 + (unsigned int)r18);
      const int v23 = (int)((unsigned int)v22 + (unsigned int)997);
      const int v24 = (int)(v23 % 1000);
      const float v26 = v21 ? p0[v24] : 0.0f;
      const float v27 = v21 ? v26 : 0.0f;
      const float v28 = reg2[0];
      const float v29 = lmc_max(v28, v27);
      reg2[0] = v29;
    }
    const float v32 = reg2[0];
    p1[r14] = v32;
  }
}

