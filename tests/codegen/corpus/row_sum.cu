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
  __shared__ float smem13[150];
  float reg15[1];
  reg15[0] = 0.0f;
  __shared__ float smem19[150];
  const int v20 = (int)(v4 % 10);
  const int v21 = v20 * 15;
  const int v25 = v2 * 300;
  const int v26 = v25 + v4;
  const float v28 = p0[v26];
  const int v29 = v26 + 150;
  const float v31 = p0[v29];
  const float v32 = v28 + v31;
  smem19[v4] = v32;
  __syncthreads();
  for (int r35 = 0; r35 < 15; ++r35) {
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

