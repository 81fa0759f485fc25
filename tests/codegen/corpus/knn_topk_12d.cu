// ==== r_23_3 opts []
// lmc kernel r_23_3
extern "C" __global__ void __launch_bounds__(32) r_23_3(const float* __restrict__ p0, const float* __restrict__ p1, int* __restrict__ p2) {
  float reg3[3];
  int reg4[3];
  float reg16[1];
  float reg24[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 23) {
    const int r26 = (int)(gid);
    const int v27 = r26 * 3;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    const int v34 = r26 * 12;
    for (int r35 = 0; r35 < 3; ++r35) {
      reg16[0] = 0.0f;
      const int v37 = r35 * 12;
      for (int r38 = 0; r38 < 12; ++r38) {
        const int v39 = v34 + r38;
        const float v41 = p0[v39];
        const int v42 = v37 + r38;
        const float v44 = p1[v42];
        const float v45 = v41 - v44;
        const float v46 = v45 * v45;
        const float v47 = reg16[0];
        const float v48 = v47 + v46;
        reg16[0] = v48;
      }
      const float v51 = reg16[0];
      const float v52 = reg3[0];
      const int v53 = reg4[0];
      const bool v54 = v52 <= v51;
      const bool v55 = v54 != true;
      const bool v56 = v51 == v51;
      const bool v57 = v55 && v56;
      const bool v58 = v53 < 0;
      const bool v59 = v58 || v57;
      const float v60 = v59 ? v51 : v52;
      const int v61 = v59 ? r35 : v53;
      reg3[0] = v60;
      reg4[0] = v61;
      const float v64 = v59 ? v52 : v51;
      const int v65 = v59 ? v53 : r35;
      const float v66 = reg3[1];
      const int v67 = reg4[1];
      const bool v68 = v66 <= v64;
      const bool v69 = v68 != true;
      const bool v70 = v64 == v64;
      const bool v71 = v69 && v70;
      const bool v72 = v67 < 0;
      const bool v73 = v72 || v71;
      const bool v74 = v59 || v73;
      const float v75 = v74 ? v64 : v66;
      const int v76 = v74 ? v65 : v67;
      reg3[1] = v75;
      reg4[1] = v76;
      const float v79 = v74 ? v66 : v64;
      const int v80 = v74 ? v67 : v65;
      const float v81 = reg3[2];
      const int v82 = reg4[2];
      const bool v83 = v81 <= v79;
      const bool v84 = v83 != true;
      const bool v85 = v79 == v79;
      const bool v86 = v84 && v85;
      const bool v87 = v82 < 0;
      const bool v88 = v87 || v86;
      const bool v89 = v74 || v88;
      const float v90 = v89 ? v79 : v81;
      const int v91 = v89 ? v80 : v82;
      reg3[2] = v90;
      reg4[2] = v91;
      const float v94 = v89 ? v81 : v79;
      const int v95 = v89 ? v82 : v80;
    }
    for (int r97 = 0; r97 < 28; ++r97) {
      reg24[0] = 0.0f;
      const int v99 = r97 + 3;
      const int v100 = v99 * 12;
      for (int r101 = 0; r101 < 12; ++r101) {
        const int v102 = v34 + r101;
        const float v104 = p0[v102];
        const int v105 = v100 + r101;
        const float v107 = p1[v105];
        const float v108 = v104 - v107;
        const float v109 = v108 * v108;
        const float v110 = reg24[0];
        const float v111 = v110 + v109;
        reg24[0] = v111;
      }
      const float v114 = reg24[0];
      const float v115 = reg3[2];
      const bool v116 = v115 <= v114;
      const bool v117 = v116 != true;
      const bool v118 = v114 == v114;
      const bool v119 = v117 && v118;
      if (v119) {
        const float v121 = reg3[0];
        const int v122 = reg4[0];
        const bool v123 = v121 <= v114;
        const bool v124 = v123 != true;
        const bool v125 = v124 && v118;
        const float v126 = v125 ? v114 : v121;
        const int v127 = v125 ? v99 : v122;
        reg3[0] = v126;
        reg4[0] = v127;
        const float v130 = v125 ? v121 : v114;
        const int v131 = v125 ? v122 : v99;
        const float v132 = reg3[1];
        const int v133 = reg4[1];
        const bool v134 = v132 <= v130;
        const bool v135 = v134 != true;
        const bool v136 = v130 == v130;
        const bool v137 = v135 && v136;
        const bool v138 = v125 || v137;
        const float v139 = v138 ? v130 : v132;
        const int v140 = v138 ? v131 : v133;
        reg3[1] = v139;
        reg4[1] = v140;
        const float v143 = v138 ? v132 : v130;
        const int v144 = v138 ? v133 : v131;
        const int v145 = reg4[2];
        const bool v146 = v115 <= v143;
        const bool v147 = v146 != true;
        const bool v148 = v143 == v143;
        const bool v149 = v147 && v148;
        const bool v150 = v138 || v149;
        const float v151 = v150 ? v143 : v115;
        const int v152 = v150 ? v144 : v145;
        reg3[2] = v151;
        reg4[2] = v152;
        const float v155 = v150 ? v115 : v143;
        const int v156 = v150 ? v145 : v144;
      }
    }
    for (int r159 = 0; r159 < 3; ++r159) {
      const int v160 = v27 + r159;
      const int v163 = reg4[r159];
      p2[v160] = v163;
    }
  }
}

// ==== r_23_3 opts []
// lmc kernel r_23_3
extern "C" __global__ void __launch_bounds__(32) r_23_3(const float* __restrict__ p0, const float* __restrict__ p1, int* __restrict__ p2) {
  float reg3[3];
  int reg4[3];
  float reg16[1];
  float reg24[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 23) {
    const int r26 = (int)(gid);
    const int v27 = r26 * 3;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    const int v34 = r26 * 12;
    for (int r35 = 0; r35 < 3; ++r35) {
      reg16[0] = 0.0f;
      const int v37 = r35 * 12;
      for (int r38 = 0; r38 < 12; ++r38) {
        const int v39 = v34 + r38;
        const float v41 = p0[v39];
        const int v42 = v37 + r38;
        const float v44 = p1[v42];
        const float v45 = v41 - v44;
        const float v46 = v45 * v45;
        const float v47 = reg16[0];
        const float v48 = v47 + v46;
        reg16[0] = v48;
      }
      const float v51 = reg16[0];
      const float v52 = reg3[0];
      const int v53 = reg4[0];
      const bool v54 = v52 <= v51;
      const bool v55 = v54 != true;
      const bool v56 = v51 == v51;
      const bool v57 = v55 && v56;
      const bool v58 = v53 < 0;
      const bool v59 = v58 || v57;
      const float v60 = v59 ? v51 : v52;
      const int v61 = v59 ? r35 : v53;
      reg3[0] = v60;
      reg4[0] = v61;
      const float v64 = v59 ? v52 : v51;
      const int v65 = v59 ? v53 : r35;
      const float v66 = reg3[1];
      const int v67 = reg4[1];
      const bool v68 = v66 <= v64;
      const bool v69 = v68 != true;
      const bool v70 = v64 == v64;
      const bool v71 = v69 && v70;
      const bool v72 = v67 < 0;
      const bool v73 = v72 || v71;
      const bool v74 = v59 || v73;
      const float v75 = v74 ? v64 : v66;
      const int v76 = v74 ? v65 : v67;
      reg3[1] = v75;
      reg4[1] = v76;
      const float v79 = v74 ? v66 : v64;
      const int v80 = v74 ? v67 : v65;
      const float v81 = reg3[2];
      const int v82 = reg4[2];
      const bool v83 = v81 <= v79;
      const bool v84 = v83 != true;
      const bool v85 = v79 == v79;
      const bool v86 = v84 && v85;
      const bool v87 = v82 < 0;
      const bool v88 = v87 || v86;
      const bool v89 = v74 || v88;
      const float v90 = v89 ? v79 : v81;
      const int v91 = v89 ? v80 : v82;
      reg3[2] = v90;
      reg4[2] = v91;
      const float v94 = v89 ? v81 : v79;
      const int v95 = v89 ? v82 : v80;
    }
    for (int r97 = 0; r97 < 28; ++r97) {
      reg24[0] = 0.0f;
      const int v99 = r97 + 3;
      const int v100 = v99 * 12;
      for (int r101 = 0; r101 < 12; ++r101) {
        const int v102 = v34 + r101;
        const float v104 = p0[v102];
        const int v105 = v100 + r101;
        const float v107 = p1[v105];
        const float v108 = v104 - v107;
        const float v109 = v108 * v108;
        const float v110 = reg24[0];
        const float v111 = v110 + v109;
        reg24[0] = v111;
      }
      const float v114 = reg24[0];
      const float v115 = reg3[2];
      const bool v116 = v115 <= v114;
      const bool v117 = v116 != true;
      const bool v118 = v114 == v114;
      const bool v119 = v117 && v118;
      if (v119) {
        const float v121 = reg3[0];
        const int v122 = reg4[0];
        const bool v123 = v121 <= v114;
        const bool v124 = v123 != true;
        const bool v125 = v124 && v118;
        const float v126 = v125 ? v114 : v121;
        const int v127 = v125 ? v99 : v122;
        reg3[0] = v126;
        reg4[0] = v127;
        const float v130 = v125 ? v121 : v114;
        const int v131 = v125 ? v122 : v99;
        const float v132 = reg3[1];
        const int v133 = reg4[1];
        const bool v134 = v132 <= v130;
        const bool v135 = v134 != true;
        const bool v136 = v130 == v130;
        const bool v137 = v135 && v136;
        const bool v138 = v125 || v137;
        const float v139 = v138 ? v130 : v132;
        const int v140 = v138 ? v131 : v133;
        reg3[1] = v139;
        reg4[1] = v140;
        const float v143 = v138 ? v132 : v130;
        const int v144 = v138 ? v133 : v131;
        const int v145 = reg4[2];
        const bool v146 = v115 <= v143;
        const bool v147 = v146 != true;
        const bool v148 = v143 == v143;
        const bool v149 = v147 && v148;
        const bool v150 = v138 || v149;
        const float v151 = v150 ? v143 : v115;
        const int v152 = v150 ? v144 : v145;
        reg3[2] = v151;
        reg4[2] = v152;
        const float v155 = v150 ? v115 : v143;
        const int v156 = v150 ? v145 : v144;
      }
    }
    for (int r159 = 0; r159 < 3; ++r159) {
      const int v160 = v27 + r159;
      const int v163 = reg4[r159];
      p2[v160] = v163;
    }
  }
}

