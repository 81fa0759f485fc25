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
      const float v62 = v61 ? v59 : v60;
      if (v61) {
        const float v64 = reg3[0];
        const int v65 = reg4[0];
        const bool v66 = v59 < v64;
        const float v67 = reg3[1];
        const int v68 = reg4[1];
        const bool v69 = v59 < v67;
        const float v70 = reg3[2];
        const int v71 = reg4[2];
        const bool v72 = v59 < v70;
        const int v73 = reg4[3];
        const float v74 = v66 ? v59 : v64;
        const int v75 = v66 ? r42 : v65;
        reg3[0] = v74;
        reg4[0] = v75;
        const float v78 = v69 ? v59 : v67;
        const int v79 = v69 ? r42 : v68;
        const float v80 = v66 ? v64 : v78;
        const int v81 = v66 ? v65 : v79;
        reg3[1] = v80;
        reg4[1] = v81;
        const float v84 = v72 ? v59 : v70;
        const int v85 = v72 ? r42 : v71;
        const float v86 = v69 ? v67 : v84;
        const int v87 = v69 ? v68 : v85;
        reg3[2] = v86;
        reg4[2] = v87;
        const int v90 = v61 ? r42 : v73;
        const float v91 = v72 ? v70 : v62;
        const int v92 = v72 ? v71 : v90;
        reg3[3] = v91;
        reg4[3] = v92;
      }
    }
    for (int r97 = 0; r97 < 4; ++r97) {
      const int v98 = v24 + r97;
      const float v101 = reg3[r97];
      p2[v98] = v101;
      const int v105 = reg4[r97];
      p3[v98] = v105;
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
      const float v62 = v61 ? v59 : v60;
      if (v61) {
        const float v64 = reg3[0];
        const int v65 = reg4[0];
        const bool v66 = v59 < v64;
        const float v67 = reg3[1];
        const int v68 = reg4[1];
        const bool v69 = v59 < v67;
        const float v70 = reg3[2];
        const int v71 = reg4[2];
        const bool v72 = v59 < v70;
        const int v73 = reg4[3];
        const float v74 = v66 ? v59 : v64;
        const int v75 = v66 ? r42 : v65;
        reg3[0] = v74;
        reg4[0] = v75;
        const float v78 = v69 ? v59 : v67;
        const int v79 = v69 ? r42 : v68;
        const float v80 = v66 ? v64 : v78;
        const int v81 = v66 ? v65 : v79;
        reg3[1] = v80;
        reg4[1] = v81;
        const float v84 = v72 ? v59 : v70;
        const int v85 = v72 ? r42 : v71;
        const float v86 = v69 ? v67 : v84;
        const int v87 = v69 ? v68 : v85;
        reg3[2] = v86;
        reg4[2] = v87;
        const int v90 = v61 ? r42 : v73;
        const float v91 = v72 ? v70 : v62;
        const int v92 = v72 ? v71 : v90;
        reg3[3] = v91;
        reg4[3] = v92;
      }
    }
    for (int r97 = 0; r97 < 4; ++r97) {
      const int v98 = v24 + r97;
      const float v101 = reg3[r97];
      p2[v98] = v101;
      const int v105 = reg4[r97];
      p3[v98] = v105;
    }
  }
}

