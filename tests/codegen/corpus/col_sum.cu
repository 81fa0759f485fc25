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
  const int v19 = v9 * 32;
  float reg21[1];
  reg21[0] = 0.0f;
  const int v26 = v9 * 20;
  for (int r28 = 0; r28 < 20; ++r28) {
    const int v29 = r28 + v26;
    const int v30 = v29 * 64;
    const int v31 = v4 + v30;
    const int v32 = v31 + v7;
    const float v34 = p0[v32];
    const float v35 = reg21[0];
    const float v36 = v35 + v34;
    reg21[0] = v36;
  }
  const float v39 = reg21[0];
  smem18[v6] = v39;
  __syncthreads();
  for (int r42 = 0; r42 < 15; ++r42) {
    const int v43 = r42 * 32;
    const int v44 = v6 + v43;
    const int v45 = v44 - v19;
    const float v47 = smem18[v45];
    const float v48 = reg13[0];
    const float v49 = v48 + v47;
    reg13[0] = v49;
  }
  const float v52 = reg13[0];
  __syncthreads();
  if (v11) p1[v8] = v52;
}

