// ==== r_37_5 opts []
// lmc kernel r_37_5
extern "C" __global__ void r_37_5(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2, int* __restrict__ p3) {
  float reg3[5];
  int reg4[5];
  float reg23[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 37) {
    const int r29 = (int)(gid);
    const int v30 = r29 * 5;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    reg3[3] = __int_as_float(0x7f800000);
    reg4[3] = (-1);
    reg3[4] = __int_as_float(0x7f800000);
    reg4[4] = (-1);
    const int v41 = r29 * 3;
    for (int r42 = 0; r42 < 53; ++r42) {
      reg23[0] = 0.0f;
      const int v44 = r42 * 3;
      for (int r45 = 0; r45 < 3; ++r45) {
        const int v46 = v41 + r45;
        const float v48 = p0[v46];
        const int v49 = v44 + r45;
        const float v51 = p1[v49];
        const float v52 = v48 - v51;
        const float v53 = v52 * v52;
        const float v54 = reg23[0];
        const float v55 = v54 + v53;
        reg23[0] = v55;
      }
      const float v58 = reg23[0];
      const float v59 = reg3[4];
      const int v60 = reg4[4];
      const bool v61 = v58 < v59;
      const bool v62 = v60 < 0;
      const bool v63 = v62 || v61;
      if (v63) {
        const float v65 = reg3[0];
        const int v66 = reg4[0];
        const bool v67 = v58 < v65;
        const bool v68 = v66 < 0;
        const bool v69 = v68 || v67;
        const float v70 = v69 ? v58 : v65;
        const int v71 = v69 ? r42 : v66;
        reg3[0] = v70;
        reg4[0] = v71;
        const float v74 = v69 ? v65 : v58;
        const int v75 = v69 ? v66 : r42;
        const float v76 = reg3[1];
        const int v77 = reg4[1];
        const bool v78 = v74 < v76;
        const bool v79 = v77 < 0;
        const bool v80 = v79 || v78;
        const bool v81 = v69 || v80;
        const float v82 = v81 ? v74 : v76;
        const int v83 = v81 ? v75 : v77;
        reg3[1] = v82;
        reg4[1] = v83;
        const float v86 = v81 ? v76 : v74;
        const int v87 = v81 ? v77 : v75;
        const float v88 = reg3[2];
        const int v89 = reg4[2];
        const bool v90 = v86 < v88;
        const bool v91 = v89 < 0;
        const bool v92 = v91 || v90;
        const bool v93 = v81 || v92;
        const float v94 = v93 ? v86 : v88;
        const int v95 = v93 ? v87 : v89;
        reg3[2] = v94;
        reg4[2] = v95;
        const float v98 = v93 ? v88 : v86;
        const int v99 = v93 ? v89 : v87;
        const float v100 = reg3[3];
        const int v101 = reg4[3];
        const bool v102 = v98 < v100;
        const bool v103 = v101 < 0;
        const bool v104 = v103 || v102;
        const bool v105 = v93 || v104;
        const float v106 = v105 ? v98 : v100;
        const int v107 = v105 ? v99 : v101;
        reg3[3] = v106;
        reg4[3] = v107;
        const float v110 = v105 ? v100 : v98;
        const int v111 = v105 ? v101 : v99;
        const bool v112 = v110 < v59;
        const bool v113 = v62 || v112;
        const bool v114 = v105 || v113;
        const float v115 = v114 ? v110 : v59;
        const int v116 = v114 ? v111 : v60;
        reg3[4] = v115;
        reg4[4] = v116;
        const float v119 = v114 ? v59 : v110;
        const int v120 = v114 ? v60 : v111;
      }
    }
    for (int r123 = 0; r123 < 5; ++r123) {
      const int v124 = v30 + r123;
      const float v127 = reg3[r123];
      p2[v124] = v127;
      const int v131 = reg4[r123];
      p3[v124] = v131;
    }
  }
}

// ==== r_37_5 opts []
// lmc kernel r_37_5
extern "C" __global__ void r_37_5(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2, int* __restrict__ p3) {
  float reg3[5];
  int reg4[5];
  float reg23[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 37) {
    const int r29 = (int)(gid);
    const int v30 = r29 * 5;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    reg3[3] = __int_as_float(0x7f800000);
    reg4[3] = (-1);
    reg3[4] = __int_as_float(0x7f800000);
    reg4[4] = (-1);
    const int v41 = r29 * 3;
    for (int r42 = 0; r42 < 53; ++r42) {
      reg23[0] = 0.0f;
      const int v44 = r42 * 3;
      for (int r45 = 0; r45 < 3; ++r45) {
        const int v46 = v41 + r45;
        const float v48 = p0[v46];
        const int v49 = v44 + r45;
        const float v51 = p1[v49];
        const float v52 = v48 - v51;
        const float v53 = v52 * v52;
        const float v54 = reg23[0];
        const float v55 = v54 + v53;
        reg23[0] = v55;
      }
      const float v58 = reg23[0];
      const float v59 = reg3[4];
      const int v60 = reg4[4];
      const bool v61 = v58 < v59;
      const bool v62 = v60 < 0;
      const bool v63 = v62 || v61;
      if (v63) {
        const float v65 = reg3[0];
        const int v66 = reg4[0];
        const bool v67 = v58 < v65;
        const bool v68 = v66 < 0;
        const bool v69 = v68 || v67;
        const float v70 = v69 ? v58 : v65;
        const int v71 = v69 ? r42 : v66;
        reg3[0] = v70;
        reg4[0] = v71;
        const float v74 = v69 ? v65 : v58;
        const int v75 = v69 ? v66 : r42;
        const float v76 = reg3[1];
        const int v77 = reg4[1];
        const bool v78 = v74 < v76;
        const bool v79 = v77 < 0;
        const bool v80 = v79 || v78;
        const bool v81 = v69 || v80;
        const float v82 = v81 ? v74 : v76;
        const int v83 = v81 ? v75 : v77;
        reg3[1] = v82;
        reg4[1] = v83;
        const float v86 = v81 ? v76 : v74;
        const int v87 = v81 ? v77 : v75;
        const float v88 = reg3[2];
        const int v89 = reg4[2];
        const bool v90 = v86 < v88;
        const bool v91 = v89 < 0;
        const bool v92 = v91 || v90;
        const bool v93 = v81 || v92;
        const float v94 = v93 ? v86 : v88;
        const int v95 = v93 ? v87 : v89;
        reg3[2] = v94;
        reg4[2] = v95;
        const float v98 = v93 ? v88 : v86;
        const int v99 = v93 ? v89 : v87;
        const float v100 = reg3[3];
        const int v101 = reg4[3];
        const bool v102 = v98 < v100;
        const bool v103 = v101 < 0;
        const bool v104 = v103 || v102;
        const bool v105 = v93 || v104;
        const float v106 = v105 ? v98 : v100;
        const int v107 = v105 ? v99 : v101;
        reg3[3] = v106;
        reg4[3] = v107;
        const float v110 = v105 ? v100 : v98;
        const int v111 = v105 ? v101 : v99;
        const bool v112 = v110 < v59;
        const bool v113 = v62 || v112;
        const bool v114 = v105 || v113;
        const float v115 = v114 ? v110 : v59;
        const int v116 = v114 ? v111 : v60;
        reg3[4] = v115;
        reg4[4] = v116;
        const float v119 = v114 ? v59 : v110;
        const int v120 = v114 ? v60 : v111;
      }
    }
    for (int r123 = 0; r123 < 5; ++r123) {
      const int v124 = v30 + r123;
      const float v127 = reg3[r123];
      p2[v124] = v127;
      const int v131 = reg4[r123];
      p3[v124] = v131;
    }
  }
}

