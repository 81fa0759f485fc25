// ==== r_41_4 opts []
// lmc kernel r_41_4
extern "C" __global__ void __launch_bounds__(64) r_41_4(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2, int* __restrict__ p3) {
  float reg3[4];
  int reg4[4];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 41) {
    const int r23 = (int)(gid);
    const int v24 = r23 * 4;
    reg3[0] = 0.25f;
    reg4[0] = (-1);
    reg3[1] = 0.25f;
    reg4[1] = (-1);
    reg3[2] = 0.25f;
    reg4[2] = (-1);
    reg3[3] = 0.25f;
    reg4[3] = (-1);
    const int v33 = r23 * 3;
    const float v35 = p0[v33];
    const int v36 = v33 + 1;
    const float v38 = p0[v36];
    const int v39 = v33 + 2;
    const float v41 = p0[v39];
    for (int r42 = 0; r42 < 67; ++r42) {
      const int v43 = r42 * 3;
      const float v45 = p1[v43];
      const float v46 = v35 - v45;
      const float v47 = v46 * v46;
      const int v48 = v43 + 1;
      const float v50 = p1[v48];
      const float v51 = v38 - v50;
      const float v52 = v51 * v51;
      const float v53 = v47 + v52;
      const int v54 = v43 + 2;
      const float v56 = p1[v54];
      const float v57 = v41 - v56;
      const float v58 = v57 * v57;
      const float v59 = v53 + v58;
      const float v60 = reg3[3];
      const bool v61 = v59 < v60;
      if (v61) {
        const float v63 = reg3[0];
        const int v64 = reg4[0];
        const bool v65 = v59 < v63;
        const float v66 = v65 ? v59 : v63;
        const int v67 = v65 ? r42 : v64;
        reg3[0] = v66;
        reg4[0] = v67;
        const float v70 = v65 ? v63 : v59;
        const int v71 = v65 ? v64 : r42;
        const float v72 = reg3[1];
        const int v73 = reg4[1];
        const bool v74 = v70 < v72;
        const bool v75 = v65 || v74;
        const float v76 = v75 ? v70 : v72;
        const int v77 = v75 ? v71 : v73;
        reg3[1] = v76;
        reg4[1] = v77;
        const float v80 = v75 ? v72 : v70;
        const int v81 = v75 ? v73 : v71;
        const float v82 = reg3[2];
        const int v83 = reg4[2];
        const bool v84 = v80 < v82;
        const bool v85 = v75 || v84;
        const float v86 = v85 ? v80 : v82;
        const int v87 = v85 ? v81 : v83;
        reg3[2] = v86;
        reg4[2] = v87;
        const float v90 = v85 ? v82 : v80;
        const int v91 = v85 ? v83 : v81;
        const int v92 = reg4[3];
        const bool v93 = v90 < v60;
        const bool v94 = v85 || v93;
        const float v95 = v94 ? v90 : v60;
        const int v96 = v94 ? v91 : v92;
        reg3[3] = v95;
        reg4[3] = v96;
        const float v99 = v94 ? v60 : v90;
        const int v100 = v94 ? v92 : v91;
      }
    }
    for (int r103 = 0; r103 < 4; ++r103) {
      const int v104 = v24 + r103;
      const float v107 = reg3[r103];
      p2[v104] = v107;
      const int v111 = reg4[r103];
      p3[v104] = v111;
    }
  }
}

// ==== r_41_4 opts []
// lmc kernel r_41_4
extern "C" __global__ void __launch_bounds__(64) r_41_4(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2, int* __restrict__ p3) {
  float reg3[4];
  int reg4[4];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 41) {
    const int r23 = (int)(gid);
    const int v24 = r23 * 4;
    reg3[0] = 0.25f;
    reg4[0] = (-1);
    reg3[1] = 0.25f;
    reg4[1] = (-1);
    reg3[2] = 0.25f;
    reg4[2] = (-1);
    reg3[3] = 0.25f;
    reg4[3] = (-1);
    const int v33 = r23 * 3;
    const float v35 = p0[v33];
    const int v36 = v33 + 1;
    const float v38 = p0[v36];
    const int v39 = v33 + 2;
    const float v41 = p0[v39];
    for (int r42 = 0; r42 < 67; ++r42) {
      const int v43 = r42 * 3;
      const float v45 = p1[v43];
      const float v46 = v35 - v45;
      const float v47 = v46 * v46;
      const int v48 = v43 + 1;
      const float v50 = p1[v48];
      const float v51 = v38 - v50;
      const float v52 = v51 * v51;
      const float v53 = v47 + v52;
      const int v54 = v43 + 2;
      const float v56 = p1[v54];
      const float v57 = v41 - v56;
      const float v58 = v57 * v57;
      const float v59 = v53 + v58;
      const float v60 = reg3[3];
      const bool v61 = v59 < v60;
      if (v61) {
        const float v63 = reg3[0];
        const int v64 = reg4[0];
        const bool v65 = v59 < v63;
        const float v66 = v65 ? v59 : v63;
        const int v67 = v65 ? r42 : v64;
        reg3[0] = v66;
        reg4[0] = v67;
        const float v70 = v65 ? v63 : v59;
        const int v71 = v65 ? v64 : r42;
        const float v72 = reg3[1];
        const int v73 = reg4[1];
        const bool v74 = v70 < v72;
        const bool v75 = v65 || v74;
        const float v76 = v75 ? v70 : v72;
        const int v77 = v75 ? v71 : v73;
        reg3[1] = v76;
        reg4[1] = v77;
        const float v80 = v75 ? v72 : v70;
        const int v81 = v75 ? v73 : v71;
        const float v82 = reg3[2];
        const int v83 = reg4[2];
        const bool v84 = v80 < v82;
        const bool v85 = v75 || v84;
        const float v86 = v85 ? v80 : v82;
        const int v87 = v85 ? v81 : v83;
        reg3[2] = v86;
        reg4[2] = v87;
        const float v90 = v85 ? v82 : v80;
        const int v91 = v85 ? v83 : v81;
        const int v92 = reg4[3];
        const bool v93 = v90 < v60;
        const bool v94 = v85 || v93;
        const float v95 = v94 ? v90 : v60;
        const int v96 = v94 ? v91 : v92;
        reg3[3] = v95;
        reg4[3] = v96;
        const float v99 = v94 ? v60 : v90;
        const int v100 = v94 ? v92 : v91;
      }
    }
    for (int r103 = 0; r103 < 4; ++r103) {
      const int v104 = v24 + r103;
      const float v107 = reg3[r103];
      p2[v104] = v107;
      const int v111 = reg4[r103];
      p3[v104] = v111;
    }
  }
}

