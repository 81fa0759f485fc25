// ==== r_64_1_96 opts []
// lmc kernel r_64_1_96
extern "C" __global__ void __launch_bounds__(256) r_64_1_96(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  float reg3[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 64 * 96) {
    const int r13 = (int)(gid % 96);
    const int r10 = (int)(gid / (96));
    const int v11 = r10 * 96;
    const int v12 = r10 * 48;
    const int v14 = v11 + r13;
    reg3[0] = 0.0f;
    for (int r17 = 0; r17 < 48; ++r17) {
      const int v18 = v12 + r17;
      const float v20 = p0[v18];
      const int v21 = r17 * 96;
      const int v22 = r13 + v21;
      const float v24 = p1[v22];
      const float v25 = v20 * v24;
      const float v26 = reg3[0];
      const float v27 = v26 + v25;
      reg3[0] = v27;
    }
    const float v30 = reg3[0];
    p2[v14] = v30;
  }
}

// ==== r_64_1_96 opts []
// lmc kernel r_64_1_96
extern "C" __global__ void __launch_bounds__(256) r_64_1_96(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  float reg3[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 64 * 96) {
    const int r13 = (int)(gid % 96);
    const int r10 = (int)(gid / (96));
    const int v11 = r10 * 96;
    const int v12 = r10 * 48;
    const int v14 = v11 + r13;
    reg3[0] = 0.0f;
    for (int r17 = 0; r17 < 48; ++r17) {
      const int v18 = v12 + r17;
      const float v20 = p0[v18];
      const int v21 = r17 * 96;
      const int v22 = r13 + v21;
      const float v24 = p1[v22];
      const float v25 = v20 * v24;
      const float v26 = reg3[0];
      const float v27 = v26 + v25;
      reg3[0] = v27;
    }
    const float v30 = reg3[0];
    p2[v14] = v30;
  }
}

