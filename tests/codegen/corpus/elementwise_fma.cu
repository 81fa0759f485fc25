// ==== E_1000 opts []
// lmc kernel E_1000
extern "C" __global__ void __launch_bounds__(256) E_1000(const float* __restrict__ p0, const float* __restrict__ p1, const float* __restrict__ p2, float* __restrict__ p3) {
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 1000) {
    const int r5 = (int)(gid);
    const float v8 = p0[r5];
    const float v10 = p1[r5];
    const float v11 = v8 * v10;
    const float v13 = p2[r5];
    const float v14 = v11 + v13;
    p3[r5] = v14;
  }
}

// ==== E_1000 opts []
// lmc kernel E_1000
extern "C" __global__ void __launch_bounds__(256) E_1000(const float* __restrict__ p0, const float* __restrict__ p1, const float* __restrict__ p2, float* __restrict__ p3) {
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 1000) {
    const int r5 = (int)(gid);
    const float v8 = p0[r5];
    const float v10 = p1[r5];
    const float v11 = v8 * v10;
    const float v13 = p2[r5];
    const float v14 = v11 + v13;
    p3[r5] = v14;
  }
}

