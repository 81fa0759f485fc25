// ==== r_1_12_1 opts []
// lmc kernel r_1_12_1
extern "C" __global__ void __launch_bounds__(32) r_1_12_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 12) {
    const int r10 = (int)(gid);
    reg2[0] = 0.0f;
    const int v13 = r10 * 360;
    for (int r14 = 0; r14 < 18; ++r14) {
      const int v15 = r14 * 20;
      const int v16 = v13 + v15;
      for (int r17 = 0; r17 < 20; ++r17) {
        const int v18 = v16 + r17;
        const float v20 = p0[v18];
        const float v21 = reg2[0];
        const float v22 = v21 + v20;
        reg2[0] = v22;
      }
    }
    const float v26 = reg2[0];
    p1[r10] = v26;
  }
}

// ==== r_1_12_1 opts []
// lmc kernel r_1_12_1
extern "C" __global__ void __launch_bounds__(32) r_1_12_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 12) {
    const int r10 = (int)(gid);
    reg2[0] = 0.0f;
    const int v13 = r10 * 360;
    for (int r14 = 0; r14 < 18; ++r14) {
      const int v15 = r14 * 20;
      const int v16 = v13 + v15;
      for (int r17 = 0; r17 < 20; ++r17) {
        const int v18 = v16 + r17;
        const float v20 = p0[v18];
        const float v21 = reg2[0];
        const float v22 = v21 + v20;
        reg2[0] = v22;
      }
    }
    const float v26 = reg2[0];
    p1[r10] = v26;
  }
}

