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

// ==== r_64_1_96 opts [UPCAST(0,4), UPCAST(1,4)]
// lmc kernel r_64_1_96
extern "C" __global__ void __launch_bounds__(256) r_64_1_96(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  float reg5[16];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 16 * 24) {
    const int r12 = (int)(gid % 24);
    const int r10 = (int)(gid / (24));
    const int v11 = r10 * 4;
    const int v13 = r12 * 4;
    #pragma unroll
    for (int r14 = 0; r14 < 4; ++r14) {
      const int v15 = r14 * 4;
      #pragma unroll
      for (int r16 = 0; r16 < 4; ++r16) {
        const int v17 = r16 + v15;
        reg5[v17] = 0.0f;
      }
    }
    for (int r22 = 0; r22 < 48; ++r22) {
      const int v23 = r22 * 96;
      const int v24 = v13 + v23;
      #pragma unroll
      for (int r25 = 0; r25 < 4; ++r25) {
        const int v26 = v11 + r25;
        const int v27 = v26 * 48;
        const int v28 = r22 + v27;
        const float v30 = p0[v28];
        const int v31 = r25 * 4;
        #pragma unroll
        for (int r32 = 0; r32 < 4; ++r32) {
          const int v33 = v24 + r32;
          const float v35 = p1[v33];
          const float v36 = v30 * v35;
          const int v37 = r32 + v31;
          const float v39 = reg5[v37];
          const float v40 = v39 + v36;
          reg5[v37] = v40;
        }
      }
    }
    #pragma unroll
    for (int r45 = 0; r45 < 4; ++r45) {
      const int v46 = v11 + r45;
      const int v47 = v46 * 96;
      const int v48 = r45 * 4;
      #pragma unroll
      for (int r49 = 0; r49 < 4; ++r49) {
        const int v50 = v13 + r49;
        const int v51 = v50 + v47;
        const int v53 = r49 + v48;
        const float v55 = reg5[v53];
        p2[v51] = v55;
      }
    }
  }
}

// ==== r_64_1_96 opts [UPCAST(1,4), UNROLL(2,4)]
// lmc kernel r_64_1_96
extern "C" __global__ void __launch_bounds__(256) r_64_1_96(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2) {
  float reg5[4];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 64 * 24) {
    const int r14 = (int)(gid % 24);
    const int r11 = (int)(gid / (24));
    const int v12 = r11 * 96;
    const int v13 = r11 * 48;
    const int v15 = r14 * 4;
    const int v16 = v12 + v15;
    #pragma unroll
    for (int r17 = 0; r17 < 4; ++r17) {
      reg5[r17] = 0.0f;
    }
    for (int r21 = 0; r21 < 12; ++r21) {
      const int v22 = r21 * 4;
      const int v23 = v13 + v22;
      #pragma unroll
      for (int r24 = 0; r24 < 4; ++r24) {
        const int v25 = v23 + r24;
        const float v27 = p0[v25];
        const int v28 = v22 + r24;
        const int v29 = v28 * 96;
        #pragma unroll
        for (int r30 = 0; r30 < 4; ++r30) {
          const int v31 = v15 + r30;
          const int v32 = v31 + v29;
          const float v34 = p1[v32];
          const float v35 = v27 * v34;
          const float v37 = reg5[r30];
          const float v38 = v37 + v35;
          reg5[r30] = v38;
        }
      }
    }
    #pragma unroll
    for (int r43 = 0; r43 < 4; ++r43) {
      const int v44 = v16 + r43;
      const float v47 = reg5[r43];
      p2[v44] = v47;
    }
  }
}

