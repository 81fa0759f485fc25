// ==== r_37_1 opts []
// lmc kernel r_37_1
extern "C" __global__ void __launch_bounds__(64) r_37_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 37) {
    const int r8 = (int)(gid);
    reg2[0] = 0.0f;
    const int v11 = r8 * 300;
    for (int r12 = 0; r12 < 300; ++r12) {
      const int v13 = v11 + r12;
      const float v15 = p0[v13];
      const float v16 = reg2[0];
      const float v17 = v16 + v15;
      reg2[0] = v17;
    }
    const float v20 = reg2[0];
    p1[r8] = v20;
  }
}

// ==== r_37_1 opts [GROUP(1,150)]
// lmc kernel r_37_1
extern "C" __global__ void __launch_bounds__(150) r_37_1(const float* __restrict__ p0, float* __restrict__ p1) {
  const int v2 = (int)blockIdx.x;
  const int v4 = (int)threadIdx.x;
  const bool v6 = v4 == 0;
  float reg8[1];
  reg8[0] = 0.0f;
  __shared__ float smem12[150];
  const int v16 = v2 * 300;
  const int v17 = v16 + v4;
  const float v19 = p0[v17];
  const int v20 = v17 + 150;
  const float v22 = p0[v20];
  const float v23 = v19 + v22;
  smem12[v4] = v23;
  __syncthreads();
  for (int r26 = 0; r26 < 150; ++r26) {
    const float v28 = smem12[r26];
    const float v29 = reg8[0];
    const float v30 = v29 + v28;
    reg8[0] = v30;
  }
  const float v33 = reg8[0];
  __syncthreads();
  if (v6) p1[v2] = v33;
}

