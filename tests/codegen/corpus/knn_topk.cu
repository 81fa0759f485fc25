// ==== r_37_5 opts []
// lmc kernel r_37_5
extern "C" __global__ void __launch_bounds__(64) r_37_5(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2, int* __restrict__ p3) {
  float reg3[5];
  int reg4[5];
  float reg22[1];
  float reg28[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 37) {
    const int r31 = (int)(gid);
    const int v32 = r31 * 5;
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
    const int v43 = r31 * 3;
    for (int r44 = 0; r44 < 5; ++r44) {
      reg22[0] = 0.0f;
      const int v46 = r44 * 3;
      for (int r47 = 0; r47 < 3; ++r47) {
        const int v48 = v43 + r47;
        const float v50 = p0[v48];
        const int v51 = v46 + r47;
        const float v53 = p1[v51];
        const float v54 = v50 - v53;
        const float v55 = v54 * v54;
        const float v56 = reg22[0];
        const float v57 = v56 + v55;
        reg22[0] = v57;
      }
      const float v60 = reg22[0];
      const float v61 = reg3[0];
      const int v62 = reg4[0];
      const bool v63 = v60 < v61;
      const bool v64 = v62 < 0;
      const bool v65 = v64 || v63;
      const float v66 = v65 ? v60 : v61;
      const int v67 = v65 ? r44 : v62;
      reg3[0] = v66;
      reg4[0] = v67;
      const float v70 = v65 ? v61 : v60;
      const int v71 = v65 ? v62 : r44;
      const float v72 = reg3[1];
      const int v73 = reg4[1];
      const bool v74 = v70 < v72;
      const bool v75 = v73 < 0;
      const bool v76 = v75 || v74;
      const bool v77 = v65 || v76;
      const float v78 = v77 ? v70 : v72;
      const int v79 = v77 ? v71 : v73;
      reg3[1] = v78;
      reg4[1] = v79;
      const float v82 = v77 ? v72 : v70;
      const int v83 = v77 ? v73 : v71;
      const float v84 = reg3[2];
      const int v85 = reg4[2];
      const bool v86 = v82 < v84;
      const bool v87 = v85 < 0;
      const bool v88 = v87 || v86;
      const bool v89 = v77 || v88;
      const float v90 = v89 ? v82 : v84;
      const int v91 = v89 ? v83 : v85;
      reg3[2] = v90;
      reg4[2] = v91;
      const float v94 = v89 ? v84 : v82;
      const int v95 = v89 ? v85 : v83;
      const float v96 = reg3[3];
      const int v97 = reg4[3];
      const bool v98 = v94 < v96;
      const bool v99 = v97 < 0;
      const bool v100 = v99 || v98;
      const bool v101 = v89 || v100;
      const float v102 = v101 ? v94 : v96;
      const int v103 = v101 ? v95 : v97;
      reg3[3] = v102;
      reg4[3] = v103;
      const float v106 = v101 ? v96 : v94;
      const int v107 = v101 ? v97 : v95;
      const float v108 = reg3[4];
      const int v109 = reg4[4];
      const bool v110 = v106 < v108;
      const bool v111 = v109 < 0;
      const bool v112 = v111 || v110;
      const bool v113 = v101 || v112;
      const float v114 = v113 ? v106 : v108;
      const int v115 = v113 ? v107 : v109;
      reg3[4] = v114;
      reg4[4] = v115;
      const float v118 = v113 ? v108 : v106;
      const int v119 = v113 ? v109 : v107;
    }
    for (int r121 = 0; r121 < 48; ++r121) {
      reg28[0] = 0.0f;
      const int v123 = r121 + 5;
      const int v124 = v123 * 3;
      for (int r125 = 0; r125 < 3; ++r125) {
        const int v126 = v43 + r125;
        const float v128 = p0[v126];
        const int v129 = v124 + r125;
        const float v131 = p1[v129];
        const float v132 = v128 - v131;
        const float v133 = v132 * v132;
        const float v134 = reg28[0];
        const float v135 = v134 + v133;
        reg28[0] = v135;
      }
      const float v138 = reg28[0];
      const float v139 = reg3[4];
      const bool v140 = v138 < v139;
      if (v140) {
        const float v142 = reg3[0];
        const int v143 = reg4[0];
        const bool v144 = v138 < v142;
        const float v145 = v144 ? v138 : v142;
        const int v146 = v144 ? v123 : v143;
        reg3[0] = v145;
        reg4[0] = v146;
        const float v149 = v144 ? v142 : v138;
        const int v150 = v144 ? v143 : v123;
        const float v151 = reg3[1];
        const int v152 = reg4[1];
        const bool v153 = v149 < v151;
        const bool v154 = v144 || v153;
        const float v155 = v154 ? v149 : v151;
        const int v156 = v154 ? v150 : v152;
        reg3[1] = v155;
        reg4[1] = v156;
        const float v159 = v154 ? v151 : v149;
        const int v160 = v154 ? v152 : v150;
        const float v161 = reg3[2];
        const int v162 = reg4[2];
        const bool v163 = v159 < v161;
        const bool v164 = v154 || v163;
        const float v165 = v164 ? v159 : v161;
        const int v166 = v164 ? v160 : v162;
        reg3[2] = v165;
        reg4[2] = v166;
        const float v169 = v164 ? v161 : v159;
        const int v170 = v164 ? v162 : v160;
        const float v171 = reg3[3];
        const int v172 = reg4[3];
        const bool v173 = v169 < v171;
        const bool v174 = v164 || v173;
        const float v175 = v174 ? v169 : v171;
        const int v176 = v174 ? v170 : v172;
        reg3[3] = v175;
        reg4[3] = v176;
        const float v179 = v174 ? v171 : v169;
        const int v180 = v174 ? v172 : v170;
        const int v181 = reg4[4];
        const bool v182 = v179 < v139;
        const bool v183 = v174 || v182;
        const float v184 = v183 ? v179 : v139;
        const int v185 = v183 ? v180 : v181;
        reg3[4] = v184;
        reg4[4] = v185;
        const float v188 = v183 ? v139 : v179;
        const int v189 = v183 ? v181 : v180;
      }
    }
    for (int r192 = 0; r192 < 5; ++r192) {
      const int v193 = v32 + r192;
      const float v196 = reg3[r192];
      p2[v193] = v196;
      const int v200 = reg4[r192];
      p3[v193] = v200;
    }
  }
}

// ==== r_37_5 opts []
// lmc kernel r_37_5
extern "C" __global__ void __launch_bounds__(64) r_37_5(const float* __restrict__ p0, const float* __restrict__ p1, float* __restrict__ p2, int* __restrict__ p3) {
  float reg3[5];
  int reg4[5];
  float reg22[1];
  float reg28[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 37) {
    const int r31 = (int)(gid);
    const int v32 = r31 * 5;
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
    const int v43 = r31 * 3;
    for (int r44 = 0; r44 < 5; ++r44) {
      reg22[0] = 0.0f;
      const int v46 = r44 * 3;
      for (int r47 = 0; r47 < 3; ++r47) {
        const int v48 = v43 + r47;
        const float v50 = p0[v48];
        const int v51 = v46 + r47;
        const float v53 = p1[v51];
        const float v54 = v50 - v53;
        const float v55 = v54 * v54;
        const float v56 = reg22[0];
        const float v57 = v56 + v55;
        reg22[0] = v57;
      }
      const float v60 = reg22[0];
      const float v61 = reg3[0];
      const int v62 = reg4[0];
      const bool v63 = v60 < v61;
      const bool v64 = v62 < 0;
      const bool v65 = v64 || v63;
      const float v66 = v65 ? v60 : v61;
      const int v67 = v65 ? r44 : v62;
      reg3[0] = v66;
      reg4[0] = v67;
      const float v70 = v65 ? v61 : v60;
      const int v71 = v65 ? v62 : r44;
      const float v72 = reg3[1];
      const int v73 = reg4[1];
      const bool v74 = v70 < v72;
      const bool v75 = v73 < 0;
      const bool v76 = v75 || v74;
      const bool v77 = v65 || v76;
      const float v78 = v77 ? v70 : v72;
      const int v79 = v77 ? v71 : v73;
      reg3[1] = v78;
      reg4[1] = v79;
      const float v82 = v77 ? v72 : v70;
      const int v83 = v77 ? v73 : v71;
      const float v84 = reg3[2];
      const int v85 = reg4[2];
      const bool v86 = v82 < v84;
      const bool v87 = v85 < 0;
      const bool v88 = v87 || v86;
      const bool v89 = v77 || v88;
      const float v90 = v89 ? v82 : v84;
      const int v91 = v89 ? v83 : v85;
      reg3[2] = v90;
      reg4[2] = v91;
      const float v94 = v89 ? v84 : v82;
      const int v95 = v89 ? v85 : v83;
      const float v96 = reg3[3];
      const int v97 = reg4[3];
      const bool v98 = v94 < v96;
      const bool v99 = v97 < 0;
      const bool v100 = v99 || v98;
      const bool v101 = v89 || v100;
      const float v102 = v101 ? v94 : v96;
      const int v103 = v101 ? v95 : v97;
      reg3[3] = v102;
      reg4[3] = v103;
      const float v106 = v101 ? v96 : v94;
      const int v107 = v101 ? v97 : v95;
      const float v108 = reg3[4];
      const int v109 = reg4[4];
      const bool v110 = v106 < v108;
      const bool v111 = v109 < 0;
      const bool v112 = v111 || v110;
      const bool v113 = v101 || v112;
      const float v114 = v113 ? v106 : v108;
      const int v115 = v113 ? v107 : v109;
      reg3[4] = v114;
      reg4[4] = v115;
      const float v118 = v113 ? v108 : v106;
      const int v119 = v113 ? v109 : v107;
    }
    for (int r121 = 0; r121 < 48; ++r121) {
      reg28[0] = 0.0f;
      const int v123 = r121 + 5;
      const int v124 = v123 * 3;
      for (int r125 = 0; r125 < 3; ++r125) {
        const int v126 = v43 + r125;
        const float v128 = p0[v126];
        const int v129 = v124 + r125;
        const float v131 = p1[v129];
        const float v132 = v128 - v131;
        const float v133 = v132 * v132;
        const float v134 = reg28[0];
        const float v135 = v134 + v133;
        reg28[0] = v135;
      }
      const float v138 = reg28[0];
      const float v139 = reg3[4];
      const bool v140 = v138 < v139;
      if (v140) {
        const float v142 = reg3[0];
        const int v143 = reg4[0];
        const bool v144 = v138 < v142;
        const float v145 = v144 ? v138 : v142;
        const int v146 = v144 ? v123 : v143;
        reg3[0] = v145;
        reg4[0] = v146;
        const float v149 = v144 ? v142 : v138;
        const int v150 = v144 ? v143 : v123;
        const float v151 = reg3[1];
        const int v152 = reg4[1];
        const bool v153 = v149 < v151;
        const bool v154 = v144 || v153;
        const float v155 = v154 ? v149 : v151;
        const int v156 = v154 ? v150 : v152;
        reg3[1] = v155;
        reg4[1] = v156;
        const float v159 = v154 ? v151 : v149;
        const int v160 = v154 ? v152 : v150;
        const float v161 = reg3[2];
        const int v162 = reg4[2];
        const bool v163 = v159 < v161;
        const bool v164 = v154 || v163;
        const float v165 = v164 ? v159 : v161;
        const int v166 = v164 ? v160 : v162;
        reg3[2] = v165;
        reg4[2] = v166;
        const float v169 = v164 ? v161 : v159;
        const int v170 = v164 ? v162 : v160;
        const float v171 = reg3[3];
        const int v172 = reg4[3];
        const bool v173 = v169 < v171;
        const bool v174 = v164 || v173;
        const float v175 = v174 ? v169 : v171;
        const int v176 = v174 ? v170 : v172;
        reg3[3] = v175;
        reg4[3] = v176;
        const float v179 = v174 ? v171 : v169;
        const int v180 = v174 ? v172 : v170;
        const int v181 = reg4[4];
        const bool v182 = v179 < v139;
        const bool v183 = v174 || v182;
        const float v184 = v183 ? v179 : v139;
        const int v185 = v183 ? v180 : v181;
        reg3[4] = v184;
        reg4[4] = v185;
        const float v188 = v183 ? v139 : v179;
        const int v189 = v183 ? v181 : v180;
      }
    }
    for (int r192 = 0; r192 < 5; ++r192) {
      const int v193 = v32 + r192;
      const float v196 = reg3[r192];
      p2[v193] = v196;
      const int v200 = reg4[r192];
      p3[v193] = v200;
    }
  }
}

