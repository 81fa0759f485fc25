// ==== r_128_1 opts []
// lmc kernel r_128_1
extern "C" __global__ void __launch_bounds__(128) r_128_1(const float* __restrict__ p0, float* __restrict__ p1) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 128) {
    const int r8 = (int)(gid);
    reg2[0] = 0.0f;
    const int v11 = r8 * 500;
    for (int r12 = 0; r12 < 500; ++r12) {
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

// ==== r_128_1 opts [GROUP(1,250)]
// lmc kernel r_128_1
extern "C" __global__ void __launch_bounds__(250) r_128_1(const float* __restrict__ p0, float* __restrict__ p1) {
  const int v2 = (int)blockIdx.x;
  const int v4 = (int)threadIdx.x;
  const bool v6 = v4 == 0;
  float reg8[1];
  reg8[0] = 0.0f;
  __shared__ float smem13[250];
  float reg15[1];
  reg15[0] = 0.0f;
  __shared__ float smem19[250];
  const int v20 = (int)(v4 % 10);
  const int v21 = v20 * 25;
  const int v25 = v2 * 500;
  const int v26 = v25 + v4;
  const float v28 = p0[v26];
  const int v29 = v26 + 250;
  const float v31 = p0[v29];
  const float v32 = v28 + v31;
  smem19[v4] = v32;
  __syncthreads();
  for (int r35 = 0; r35 < 25; ++r35) {
    const int v36 = r35 + v21;
    const float v38 = smem19[v36];
    const float v39 = reg15[0];
    const float v40 = v39 + v38;
    reg15[0] = v40;
  }
  const float v43 = reg15[0];
  smem13[v4] = v43;
  __syncthreads();
  for (int r46 = 0; r46 < 10; ++r46) {
    const float v48 = smem13[r46];
    const float v49 = reg8[0];
    const float v50 = v49 + v48;
    reg8[0] = v50;
  }
  const float v53 = reg8[0];
  __syncthreads();
  if (v6) p1[v2] = v53;
}

// ==== r_128_1 opts [GROUP(1,20)]
// lmc kernel r_128_1
extern "C" __global__ void __launch_bounds__(20) r_128_1(const float* __restrict__ p0, float* __restrict__ p1) {
  const int v2 = (int)blockIdx.x;
  const int v4 = (int)threadIdx.x;
  const bool v6 = v4 == 0;
  float reg8[1];
  reg8[0] = 0.0f;
  __shared__ float smem12[20];
  float reg14[1];
  reg14[0] = 0.0f;
  const int v20 = v2 * 500;
  const int v21 = v20 + v4;
  for (int r22 = 0; r22 < 25; ++r22) {
    const int v23 = r22 * 20;
    const int v24 = v21 + v23;
    const float v26 = p0[v24];
    const float v27 = reg14[0];
    const float v28 = v27 + v26;
    reg14[0] = v28;
  }
  const float v31 = reg14[0];
  smem12[v4] = v31;
  __syncthreads();
  for (int r34 = 0; r34 < 20; ++r34) {
    const float v36 = smem12[r34];
    const float v37 = reg8[0];
    const float v38 = v37 + v36;
    reg8[0] = v38;
  }
  const float v41 = reg8[0];
  __syncthreads();
  if (v6) p1[v2] = v41;
}

// ==== r_128_1 opts [GROUPTOP(1,25), LOCAL(0,4)]
// lmc kernel r_128_1
extern "C" __global__ void __launch_bounds__(100) r_128_1(const float* __restrict__ p0, float* __restrict__ p1) {
  const int v2 = (int)blockIdx.x;
  const int v4 = v2 * 4;
  const int v6 = (int)threadIdx.x;
  const int v7 = (int)(v6 % 4);
  const int v8 = v4 + v7;
  const int v9 = (int)(v6 / 4);
  const bool v11 = v9 == 0;
  float reg13[1];
  reg13[0] = 0.0f;
  __shared__ float smem18[100];
  float reg20[1];
  reg20[0] = 0.0f;
  const int v26 = v8 * 500;
  const int v27 = v9 * 20;
  for (int r28 = 0; r28 < 20; ++r28) {
    const int v29 = r28 + v26;
    const int v30 = v29 + v27;
    const float v32 = p0[v30];
    const float v33 = reg20[0];
    const float v34 = v33 + v32;
    reg20[0] = v34;
  }
  const float v37 = reg20[0];
  smem18[v6] = v37;
  __syncthreads();
  for (int r40 = 0; r40 < 25; ++r40) {
    const int v41 = r40 * 4;
    const int v42 = v41 + v7;
    const float v44 = smem18[v42];
    const float v45 = reg13[0];
    const float v46 = v45 + v44;
    reg13[0] = v46;
  }
  const float v49 = reg13[0];
  __syncthreads();
  if (v11) p1[v8] = v49;
}

