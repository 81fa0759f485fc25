// ==== r_23_3 opts []
// lmc kernel r_23_3
extern "C" __global__ void __launch_bounds__(32) r_23_3(const float* __restrict__ p0, const float* __restrict__ p1, int* __restrict__ p2) {
  float reg3[3];
  int reg4[3];
  float reg16[1];
  float reg23[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 23) {
    const int r25 = (int)(gid);
    const int v26 = r25 * 3;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    const int v33 = r25 * 12;
    for (int r34 = 0; r34 < 3; ++r34) {
      reg16[0] = 0.0f;
      const int v36 = r34 * 12;
      for (int r37 = 0; r37 < 12; ++r37) {
        const int v38 = v33 + r37;
        const float v40 = p0[v38];
        const int v41 = v36 + r37;
        const float v43 = p1[v41];
        const float v44 = v40 - v43;
        const float v45 = v44 * v44;
        const float v46 = reg16[0];
        const float v47 = v46 + v45;
        reg16[0] = v47;
      }
      const float v50 = reg16[0];
      const float v51 = reg3[0];
      const int v52 = reg4[0];
      const bool v53 = v50 < v51;
      const bool v54 = v51 != v51;
      const bool v55 = v50 == v50;
      const bool v56 = v54 && v55;
      const bool v57 = v53 || v56;
      const bool v58 = v52 < 0;
      const bool v59 = v58 || v57;
      const float v60 = v59 ? v50 : v51;
      const int v61 = v59 ? r34 : v52;
      reg3[0] = v60;
      reg4[0] = v61;
      const float v64 = v59 ? v51 : v50;
      const int v65 = v59 ? v52 : r34;
      const float v66 = reg3[1];
      const int v67 = reg4[1];
      const bool v68 = v64 < v66;
      const bool v69 = v66 != v66;
      const bool v70 = v64 == v64;
      const bool v71 = v69 && v70;
      const bool v72 = v68 || v71;
      const bool v73 = v67 < 0;
      const bool v74 = v73 || v72;
      const bool v75 = v59 || v74;
      const float v76 = v75 ? v64 : v66;
      const int v77 = v75 ? v65 : v67;
      reg3[1] = v76;
      reg4[1] = v77;
      const float v80 = v75 ? v66 : v64;
      const int v81 = v75 ? v67 : v65;
      const float v82 = reg3[2];
      const int v83 = reg4[2];
      const bool v84 = v80 < v82;
      const bool v85 = v82 != v82;
      const bool v86 = v80 == v80;
      const bool v87 = v85 && v86;
      const bool v88 = v84 || v87;
      const bool v89 = v83 < 0;
      const bool v90 = v89 || v88;
      const bool v91 = v75 || v90;
      const float v92 = v91 ? v80 : v82;
      const int v93 = v91 ? v81 : v83;
      reg3[2] = v92;
      reg4[2] = v93;
      const float v96 = v91 ? v82 : v80;
      const int v97 = v91 ? v83 : v81;
    }
    for (int r99 = 0; r99 < 28; ++r99) {
      reg23[0] = 0.0f;
      const int v101 = r99 + 3;
      const int v102 = v101 * 12;
      for (int r103 = 0; r103 < 12; ++r103) {
        const int v104 = v33 + r103;
        const float v106 = p0[v104];
        const int v107 = v102 + r103;
        const float v109 = p1[v107];
        const float v110 = v106 - v109;
        const float v111 = v110 * v110;
        const float v112 = reg23[0];
        const float v113 = v112 + v111;
        reg23[0] = v113;
      }
      const float v116 = reg23[0];
      const float v117 = reg3[2];
      const bool v118 = v116 < v117;
      const bool v119 = v117 != v117;
      const bool v120 = v116 == v116;
      const bool v121 = v119 && v120;
      const bool v122 = v118 || v121;
      if (v122) {
        const float v124 = reg3[0];
        const int v125 = reg4[0];
        const bool v126 = v116 < v124;
        const bool v127 = v124 != v124;
        const bool v128 = v127 && v120;
        const bool v129 = v126 || v128;
        const float v130 = v129 ? v116 : v124;
        const int v131 = v129 ? v101 : v125;
        reg3[0] = v130;
        reg4[0] = v131;
        const float v134 = v129 ? v124 : v116;
        const int v135 = v129 ? v125 : v101;
        const float v136 = reg3[1];
        const int v137 = reg4[1];
        const bool v138 = v134 < v136;
        const bool v139 = v136 != v136;
        const bool v140 = v134 == v134;
        const bool v141 = v139 && v140;
        const bool v142 = v138 || v141;
        const bool v143 = v129 || v142;
        const float v144 = v143 ? v134 : v136;
        const int v145 = v143 ? v135 : v137;
        reg3[1] = v144;
        reg4[1] = v145;
        const float v148 = v143 ? v136 : v134;
        const int v149 = v143 ? v137 : v135;
        const int v150 = reg4[2];
        const bool v151 = v148 < v117;
        const bool v152 = v148 == v148;
        const bool v153 = v119 && v152;
        const bool v154 = v151 || v153;
        const bool v155 = v143 || v154;
        const float v156 = v155 ? v148 : v117;
        const int v157 = v155 ? v149 : v150;
        reg3[2] = v156;
        reg4[2] = v157;
        const float v160 = v155 ? v117 : v148;
        const int v161 = v155 ? v150 : v149;
      }
    }
    for (int r164 = 0; r164 < 3; ++r164) {
      const int v165 = v26 + r164;
      const int v168 = reg4[r164];
      p2[v165] = v168;
    }
  }
}

// ==== r_23_3 opts []
// lmc kernel r_23_3
extern "C" __global__ void __launch_bounds__(32) r_23_3(const float* __restrict__ p0, const float* __restrict__ p1, int* __restrict__ p2) {
  float reg3[3];
  int reg4[3];
  float reg16[1];
  float reg23[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 23) {
    const int r25 = (int)(gid);
    const int v26 = r25 * 3;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    const int v33 = r25 * 12;
    for (int r34 = 0; r34 < 3; ++r34) {
      reg16[0] = 0.0f;
      const int v36 = r34 * 12;
      for (int r37 = 0; r37 < 12; ++r37) {
        const int v38 = v33 + r37;
        const float v40 = p0[v38];
        const int v41 = v36 + r37;
        const float v43 = p1[v41];
        const float v44 = v40 - v43;
        const float v45 = v44 * v44;
        const float v46 = reg16[0];
        const float v47 = v46 + v45;
        reg16[0] = v47;
      }
      const float v50 = reg16[0];
      const float v51 = reg3[0];
      const int v52 = reg4[0];
      const bool v53 = v50 < v51;
      const bool v54 = v51 != v51;
      const bool v55 = v50 == v50;
      const bool v56 = v54 && v55;
      const bool v57 = v53 || v56;
      const bool v58 = v52 < 0;
      const bool v59 = v58 || v57;
      const float v60 = v59 ? v50 : v51;
      const int v61 = v59 ? r34 : v52;
      reg3[0] = v60;
      reg4[0] = v61;
      const float v64 = v59 ? v51 : v50;
      const int v65 = v59 ? v52 : r34;
      const float v66 = reg3[1];
      const int v67 = reg4[1];
      const bool v68 = v64 < v66;
      const bool v69 = v66 != v66;
      const bool v70 = v64 == v64;
      const bool v71 = v69 && v70;
      const bool v72 = v68 || v71;
      const bool v73 = v67 < 0;
      const bool v74 = v73 || v72;
      const bool v75 = v59 || v74;
      const float v76 = v75 ? v64 : v66;
      const int v77 = v75 ? v65 : v67;
      reg3[1] = v76;
      reg4[1] = v77;
      const float v80 = v75 ? v66 : v64;
      const int v81 = v75 ? v67 : v65;
      const float v82 = reg3[2];
      const int v83 = reg4[2];
      const bool v84 = v80 < v82;
      const bool v85 = v82 != v82;
      const bool v86 = v80 == v80;
      const bool v87 = v85 && v86;
      const bool v88 = v84 || v87;
      const bool v89 = v83 < 0;
      const bool v90 = v89 || v88;
      const bool v91 = v75 || v90;
      const float v92 = v91 ? v80 : v82;
      const int v93 = v91 ? v81 : v83;
      reg3[2] = v92;
      reg4[2] = v93;
      const float v96 = v91 ? v82 : v80;
      const int v97 = v91 ? v83 : v81;
    }
    for (int r99 = 0; r99 < 28; ++r99) {
      reg23[0] = 0.0f;
      const int v101 = r99 + 3;
      const int v102 = v101 * 12;
      for (int r103 = 0; r103 < 12; ++r103) {
        const int v104 = v33 + r103;
        const float v106 = p0[v104];
        const int v107 = v102 + r103;
        const float v109 = p1[v107];
        const float v110 = v106 - v109;
        const float v111 = v110 * v110;
        const float v112 = reg23[0];
        const float v113 = v112 + v111;
        reg23[0] = v113;
      }
      const float v116 = reg23[0];
      const float v117 = reg3[2];
      const bool v118 = v116 < v117;
      const bool v119 = v117 != v117;
      const bool v120 = v116 == v116;
      const bool v121 = v119 && v120;
      const bool v122 = v118 || v121;
      if (v122) {
        const float v124 = reg3[0];
        const int v125 = reg4[0];
        const bool v126 = v116 < v124;
        const bool v127 = v124 != v124;
        const bool v128 = v127 && v120;
        const bool v129 = v126 || v128;
        const float v130 = v129 ? v116 : v124;
        const int v131 = v129 ? v101 : v125;
        reg3[0] = v130;
        reg4[0] = v131;
        const float v134 = v129 ? v124 : v116;
        const int v135 = v129 ? v125 : v101;
        const float v136 = reg3[1];
        const int v137 = reg4[1];
        const bool v138 = v134 < v136;
        const bool v139 = v136 != v136;
        const bool v140 = v134 == v134;
        const bool v141 = v139 && v140;
        const bool v142 = v138 || v141;
        const bool v143 = v129 || v142;
        const float v144 = v143 ? v134 : v136;
        const int v145 = v143 ? v135 : v137;
        reg3[1] = v144;
        reg4[1] = v145;
        const float v148 = v143 ? v136 : v134;
        const int v149 = v143 ? v137 : v135;
        const int v150 = reg4[2];
        const bool v151 = v148 < v117;
        const bool v152 = v148 == v148;
        const bool v153 = v119 && v152;
        const bool v154 = v151 || v153;
        const bool v155 = v143 || v154;
        const float v156 = v155 ? v148 : v117;
        const int v157 = v155 ? v149 : v150;
        reg3[2] = v156;
        reg4[2] = v157;
        const float v160 = v155 ? v117 : v148;
        const int v161 = v155 ? v150 : v149;
      }
    }
    for (int r164 = 0; r164 < 3; ++r164) {
      const int v165 = v26 + r164;
      const int v168 = reg4[r164];
      p2[v165] = v168;
    }
  }
}

