// ==== r_1_64 opts []
// lmc kernel r_1_64
extern "C" __global__ void __launch_bounds__(64) r_1_64(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 64) {
    const int r8 = (int)(gid);
    reg2[0] = 0.0f;
    for (int r11 = 0; r11 < 300; ++r11) {
      const int v12 = r11 * 64;
      const int v13 = r8 + v12;
      const float v15 = p0[v13];
      const float v16 = reg2[0];
      const float v17 = v16 + v15;
      reg2[0] = v17;
    }
    const float v20 = reg2[0];
    p1[r8] = v20;
  }
}

// ==== r_1_64 opts [GROUPTOP(1,15), LOCAL(0,32)]
// lmc kernel r_1_64
extern "C" __global__ void __launch_bounds__(480) r_1_64(const float* __restrict__ p0, float* __restrict__ p1) {
  const int v2 = (int)blockIdx.x;
  const int v4 = v2 * 32;
  const int v6 = (int)threadIdx.x;
  const int v7 = (int)(v6 % 32);
  const int v8 = v4 + v7;
  const int v9 = (int)(v6 / 32);
  const bool v11 = v9 == 0;
  float reg13[1];
  reg13[0] = 0.0f;
  __shared__ float smem18[480];
  float reg20[1];
  reg20[0] = 0.0f;
  const int v25 = v9 * 20;
  for (int r27 = 0; r27 < 20; ++r27) {
    const int v28 = r27 + v25;
    const int v29 = v28 * 64;
    const int v30 = v4 + v29;
    const int v31 = v30 + v7;
    const float v33 = p0[v31];
    const float v34 = reg20[0];
    const float v35 = v34 + v33;
    reg20[0] = v35;
  }
  const float v38 = reg20[0];
  smem18[v6] = v38;
  __syncthreads();
  for (int r41 = 0; r41 < 15; ++r41) {
    const int v42 = r41 * 32;
    const int v43 = v42 + v7;
    const float v45 = smem18[v43];
    const float v46 = reg13[0];
    const float v47 = v46 + v45;
    reg13[0] = v47;
  }
  const float v50 = reg13[0];
  __syncthreads();
  if (v11) p1[v8] = v50;
}

