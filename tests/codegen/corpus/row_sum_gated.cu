// ==== r_40_1 opts []
// lmc kernel r_40_1
extern "C" __global__ void __launch_bounds__(64) r_40_1(const bool* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  float reg2[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 40) {
    const int r9 = (int)(gid);
    reg2[0] = 0.0f;
    const bool v13 = p0[r9];
    const int v14 = r9 * 70;
    if (v13) {
      for (int r16 = 0; r16 < 70; ++r16) {
        const int v17 = v14 + r16;
        const float v19 = p1[v17];
        const bool v20 = 0.0f < v19;
        const float v21 = v20 ? v19 : 0.0f;
        const float v22 = reg2[0];
        const float v23 = v22 + v21;
        reg2[0] = v23;
      }
    }
    const float v27 = reg2[0];
    p2[r9] = v27;
  }
}

// ==== r_40_1 opts [GROUP(1,70)]
// lmc kernel r_40_1
extern "C" __global__ void __launch_bounds__(70) r_40_1(const bool* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  const int v2 = (int)blockIdx.x;
  const int v4 = (int)threadIdx.x;
  const bool v6 = v4 == 0;
  float reg8[1];
  reg8[0] = 0.0f;
  __shared__ float smem13[70];
  float reg15[1];
  reg15[0] = 0.0f;
  __shared__ float smem19[70];
  const int v20 = (int)(v4 % 7);
  const int v21 = v20 * 10;
  const int v24 = v2 * 70;
  const int v25 = v24 + v4;
  const float v27 = p1[v25];
  const bool v28 = 0.0f < v27;
  const bool v31 = p0[v2];
  const bool v32 = v28 && v31;
  const float v33 = v32 ? v27 : 0.0f;
  smem19[v4] = v33;
  __syncthreads();
  for (int r36 = 0; r36 < 10; ++r36) {
    const int v37 = r36 + v21;
    const float v39 = smem19[v37];
    const float v40 = reg15[0];
    const float v41 = v40 + v39;
    reg15[0] = v41;
  }
  const float v44 = reg15[0];
  smem13[v4] = v44;
  __syncthreads();
  for (int r47 = 0; r47 < 7; ++r47) {
    const float v49 = smem13[r47];
    const float v50 = reg8[0];
    const float v51 = v50 + v49;
    reg8[0] = v51;
  }
  const float v54 = reg8[0];
  __syncthreads();
  if (v6) p2[v2] = v54;
}

// ==== r_40_1 opts [UPCAST(0,4)]
// lmc kernel r_40_1
extern "C" __global__ void __launch_bounds__(32) r_40_1(const bool* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  float reg3[4];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 10) {
    const int r8 = (int)(gid);
    const int v9 = r8 * 4;
    #pragma unroll
    for (int r10 = 0; r10 < 4; ++r10) {
      reg3[r10] = 0.0f;
    }
    for (int r14 = 0; r14 < 70; ++r14) {
      #pragma unroll
      for (int r15 = 0; r15 < 4; ++r15) {
        const int v16 = v9 + r15;
        const int v17 = v16 * 70;
        const int v18 = r14 + v17;
        const float v20 = p1[v18];
        const bool v21 = 0.0f < v20;
        const bool v23 = p0[v16];
        const bool v24 = v21 && v23;
        const float v25 = v24 ? v20 : 0.0f;
        const float v27 = reg3[r15];
        const float v28 = v27 + v25;
        reg3[r15] = v28;
      }
    }
    #pragma unroll
    for (int r32 = 0; r32 < 4; ++r32) {
      const int v33 = v9 + r32;
      const float v36 = reg3[r32];
      p2[v33] = v36;
    }
  }
}

