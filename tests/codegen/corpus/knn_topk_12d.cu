// ==== r_23_3 opts []
// lmc kernel r_23_3
extern "C" __global__ void __launch_bounds__(32) r_23_3(const float* __restrict__ p0, const float* __restrict__ p1, int* __restrict__ p2) {
  float reg3[3];
  int reg4[3];
  float reg16[1];
  float reg24[4];
  float reg26[1];
  float reg30[1];
  float reg33[1];
  float reg36[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 23) {
    const int r38 = (int)(gid);
    const int v39 = r38 * 3;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    const int v46 = r38 * 12;
    for (int r47 = 0; r47 < 3; ++r47) {
      reg16[0] = 0.0f;
      const int v49 = r47 * 12;
      for (int r50 = 0; r50 < 12; ++r50) {
        const int v51 = v46 + r50;
        const float v53 = p0[v51];
        const int v54 = v49 + r50;
        const float v56 = p1[v54];
        const float v57 = v53 - v56;
        const float v58 = v57 * v57;
        const float v59 = reg16[0];
        const float v60 = v59 + v58;
        reg16[0] = v60;
      }
      const float v63 = reg16[0];
      const float v64 = reg3[0];
      const int v65 = reg4[0];
      const bool v66 = v64 <= v63;
      const bool v67 = v66 != true;
      const bool v68 = v63 == v63;
      const bool v69 = v67 && v68;
      const bool v70 = v65 < 0;
      const bool v71 = v70 || v69;
      const float v72 = reg3[1];
      const int v73 = reg4[1];
      const bool v74 = v72 <= v63;
      const bool v75 = v74 != true;
      const bool v76 = v75 && v68;
      const bool v77 = v73 < 0;
      const bool v78 = v77 || v76;
      const float v79 = reg3[2];
      const int v80 = reg4[2];
      const bool v81 = v79 <= v63;
      const bool v82 = v81 != true;
      const bool v83 = v82 && v68;
      const bool v84 = v80 < 0;
      const bool v85 = v84 || v83;
      const float v86 = v71 ? v63 : v64;
      const int v87 = v71 ? r47 : v65;
      reg3[0] = v86;
      reg4[0] = v87;
      const float v90 = v78 ? v63 : v72;
      const int v91 = v78 ? r47 : v73;
      const float v92 = v71 ? v64 : v90;
      const int v93 = v71 ? v65 : v91;
      reg3[1] = v92;
      reg4[1] = v93;
      const float v96 = v85 ? v63 : v79;
      const int v97 = v85 ? r47 : v80;
      const float v98 = v78 ? v72 : v96;
      const int v99 = v78 ? v73 : v97;
      reg3[2] = v98;
      reg4[2] = v99;
    }
    for (int r103 = 0; r103 < 7; ++r103) {
      reg26[0] = 0.0f;
      const int v105 = r103 * 4;
      const int v106 = v105 + 0;
      const int v107 = v106 + 3;
      const int v108 = v107 * 12;
      for (int r109 = 0; r109 < 12; ++r109) {
        const int v110 = v46 + r109;
        const float v112 = p0[v110];
        const int v113 = v108 + r109;
        const float v115 = p1[v113];
        const float v116 = v112 - v115;
        const float v117 = v116 * v116;
        const float v118 = reg26[0];
        const float v119 = v118 + v117;
        reg26[0] = v119;
      }
      const float v122 = reg26[0];
      reg24[0] = v122;
      reg30[0] = 0.0f;
      const int v125 = v105 + 1;
      const int v126 = v125 + 3;
      const int v127 = v126 * 12;
      for (int r128 = 0; r128 < 12; ++r128) {
        const int v129 = v46 + r128;
        const float v131 = p0[v129];
        const int v132 = v127 + r128;
        const float v134 = p1[v132];
        const float v135 = v131 - v134;
        const float v136 = v135 * v135;
        const float v137 = reg30[0];
        const float v138 = v137 + v136;
        reg30[0] = v138;
      }
      const float v141 = reg30[0];
      reg24[1] = v141;
      reg33[0] = 0.0f;
      const int v144 = v105 + 2;
      const int v145 = v144 + 3;
      const int v146 = v145 * 12;
      for (int r147 = 0; r147 < 12; ++r147) {
        const int v148 = v46 + r147;
        const float v150 = p0[v148];
        const int v151 = v146 + r147;
        const float v153 = p1[v151];
        const float v154 = v150 - v153;
        const float v155 = v154 * v154;
        const float v156 = reg33[0];
        const float v157 = v156 + v155;
        reg33[0] = v157;
      }
      const float v160 = reg33[0];
      reg24[2] = v160;
      reg36[0] = 0.0f;
      const int v163 = v105 + 3;
      const int v164 = v163 + 3;
      const int v165 = v164 * 12;
      for (int r166 = 0; r166 < 12; ++r166) {
        const int v167 = v46 + r166;
        const float v169 = p0[v167];
        const int v170 = v165 + r166;
        const float v172 = p1[v170];
        const float v173 = v169 - v172;
        const float v174 = v173 * v173;
        const float v175 = reg36[0];
        const float v176 = v175 + v174;
        reg36[0] = v176;
      }
      const float v179 = reg36[0];
      reg24[3] = v179;
      const float v181 = reg24[0];
      const float v182 = reg3[2];
      const bool v183 = v182 <= v181;
      const bool v184 = v183 != true;
      const bool v185 = v181 == v181;
      const bool v186 = v184 && v185;
      const float v187 = v184 ? v181 : v182;
      if (v186) {
        const float v189 = reg3[0];
        const int v190 = reg4[0];
        const bool v191 = v189 <= v181;
        const bool v192 = v191 != true;
        const float v193 = reg3[1];
        const int v194 = reg4[1];
        const bool v195 = v193 <= v181;
        const bool v196 = v195 != true;
        const int v197 = reg4[2];
        const float v198 = v192 ? v181 : v189;
        const int v199 = v192 ? v107 : v190;
        reg3[0] = v198;
        reg4[0] = v199;
        const float v202 = v196 ? v181 : v193;
        const int v203 = v196 ? v107 : v194;
        const float v204 = v192 ? v189 : v202;
        const int v205 = v192 ? v190 : v203;
        reg3[1] = v204;
        reg4[1] = v205;
        const int v208 = v184 ? v107 : v197;
        const float v209 = v196 ? v193 : v187;
        const int v210 = v196 ? v194 : v208;
        reg3[2] = v209;
        reg4[2] = v210;
      }
      const float v214 = reg24[1];
      const float v215 = reg3[2];
      const bool v216 = v215 <= v214;
      const bool v217 = v216 != true;
      const bool v218 = v214 == v214;
      const bool v219 = v217 && v218;
      const float v220 = v217 ? v214 : v215;
      if (v219) {
        const float v222 = reg3[0];
        const int v223 = reg4[0];
        const bool v224 = v222 <= v214;
        const bool v225 = v224 != true;
        const float v226 = reg3[1];
        const int v227 = reg4[1];
        const bool v228 = v226 <= v214;
        const bool v229 = v228 != true;
        const int v230 = reg4[2];
        const float v231 = v225 ? v214 : v222;
        const int v232 = v225 ? v126 : v223;
        reg3[0] = v231;
        reg4[0] = v232;
        const float v235 = v229 ? v214 : v226;
        const int v236 = v229 ? v126 : v227;
        const float v237 = v225 ? v222 : v235;
        const int v238 = v225 ? v223 : v236;
        reg3[1] = v237;
        reg4[1] = v238;
        const int v241 = v217 ? v126 : v230;
        const float v242 = v229 ? v226 : v220;
        const int v243 = v229 ? v227 : v241;
        reg3[2] = v242;
        reg4[2] = v243;
      }
      const float v247 = reg24[2];
      const float v248 = reg3[2];
      const bool v249 = v248 <= v247;
      const bool v250 = v249 != true;
      const bool v251 = v247 == v247;
      const bool v252 = v250 && v251;
      const float v253 = v250 ? v247 : v248;
      if (v252) {
        const float v255 = reg3[0];
        const int v256 = reg4[0];
        const bool v257 = v255 <= v247;
        const bool v258 = v257 != true;
        const float v259 = reg3[1];
        const int v260 = reg4[1];
        const bool v261 = v259 <= v247;
        const bool v262 = v261 != true;
        const int v263 = reg4[2];
        const float v264 = v258 ? v247 : v255;
        const int v265 = v258 ? v145 : v256;
        reg3[0] = v264;
        reg4[0] = v265;
        const float v268 = v262 ? v247 : v259;
        const int v269 = v262 ? v145 : v260;
        const float v270 = v258 ? v255 : v268;
        const int v271 = v258 ? v256 : v269;
        reg3[1] = v270;
        reg4[1] = v271;
        const int v274 = v250 ? v145 : v263;
        const float v275 = v262 ? v259 : v253;
        const int v276 = v262 ? v260 : v274;
        reg3[2] = v275;
        reg4[2] = v276;
      }
      const float v280 = reg24[3];
      const float v281 = reg3[2];
      const bool v282 = v281 <= v280;
      const bool v283 = v282 != true;
      const bool v284 = v280 == v280;
      const bool v285 = v283 && v284;
      const float v286 = v283 ? v280 : v281;
      if (v285) {
        const float v288 = reg3[0];
        const int v289 = reg4[0];
        const bool v290 = v288 <= v280;
        const bool v291 = v290 != true;
        const float v292 = reg3[1];
        const int v293 = reg4[1];
        const bool v294 = v292 <= v280;
        const bool v295 = v294 != true;
        const int v296 = reg4[2];
        const float v297 = v291 ? v280 : v288;
        const int v298 = v291 ? v164 : v289;
        reg3[0] = v297;
        reg4[0] = v298;
        const float v301 = v295 ? v280 : v292;
        const int v302 = v295 ? v164 : v293;
        const float v303 = v291 ? v288 : v301;
        const int v304 = v291 ? v289 : v302;
        reg3[1] = v303;
        reg4[1] = v304;
        const int v307 = v283 ? v164 : v296;
        const float v308 = v295 ? v292 : v286;
        const int v309 = v295 ? v293 : v307;
        reg3[2] = v308;
        reg4[2] = v309;
      }
    }
    for (int r314 = 0; r314 < 3; ++r314) {
      const int v315 = v39 + r314;
      const int v318 = reg4[r314];
      p2[v315] = v318;
    }
  }
}

// ==== r_23_3 opts []
// lmc kernel r_23_3
extern "C" __global__ void __launch_bounds__(32) r_23_3(const float* __restrict__ p0, const float* __restrict__ p1, int* __restrict__ p2) {
  float reg3[3];
  int reg4[3];
  float reg16[1];
  float reg24[4];
  float reg26[1];
  float reg30[1];
  float reg33[1];
  float reg36[1];
  const int gid = blockIdx.x * blockDim.x + threadIdx.x;
  if (gid < 23) {
    const int r38 = (int)(gid);
    const int v39 = r38 * 3;
    reg3[0] = __int_as_float(0x7f800000);
    reg4[0] = (-1);
    reg3[1] = __int_as_float(0x7f800000);
    reg4[1] = (-1);
    reg3[2] = __int_as_float(0x7f800000);
    reg4[2] = (-1);
    const int v46 = r38 * 12;
    for (int r47 = 0; r47 < 3; ++r47) {
      reg16[0] = 0.0f;
      const int v49 = r47 * 12;
      for (int r50 = 0; r50 < 12; ++r50) {
        const int v51 = v46 + r50;
        const float v53 = p0[v51];
        const int v54 = v49 + r50;
        const float v56 = p1[v54];
        const float v57 = v53 - v56;
        const float v58 = v57 * v57;
        const float v59 = reg16[0];
        const float v60 = v59 + v58;
        reg16[0] = v60;
      }
      const float v63 = reg16[0];
      const float v64 = reg3[0];
      const int v65 = reg4[0];
      const bool v66 = v64 <= v63;
      const bool v67 = v66 != true;
      const bool v68 = v63 == v63;
      const bool v69 = v67 && v68;
      const bool v70 = v65 < 0;
      const bool v71 = v70 || v69;
      const float v72 = reg3[1];
      const int v73 = reg4[1];
      const bool v74 = v72 <= v63;
      const bool v75 = v74 != true;
      const bool v76 = v75 && v68;
      const bool v77 = v73 < 0;
      const bool v78 = v77 || v76;
      const float v79 = reg3[2];
      const int v80 = reg4[2];
      const bool v81 = v79 <= v63;
      const bool v82 = v81 != true;
      const bool v83 = v82 && v68;
      const bool v84 = v80 < 0;
      const bool v85 = v84 || v83;
      const float v86 = v71 ? v63 : v64;
      const int v87 = v71 ? r47 : v65;
      reg3[0] = v86;
      reg4[0] = v87;
      const float v90 = v78 ? v63 : v72;
      const int v91 = v78 ? r47 : v73;
      const float v92 = v71 ? v64 : v90;
      const int v93 = v71 ? v65 : v91;
      reg3[1] = v92;
      reg4[1] = v93;
      const float v96 = v85 ? v63 : v79;
      const int v97 = v85 ? r47 : v80;
      const float v98 = v78 ? v72 : v96;
      const int v99 = v78 ? v73 : v97;
      reg3[2] = v98;
      reg4[2] = v99;
    }
    for (int r103 = 0; r103 < 7; ++r103) {
      reg26[0] = 0.0f;
      const int v105 = r103 * 4;
      const int v106 = v105 + 0;
      const int v107 = v106 + 3;
      const int v108 = v107 * 12;
      for (int r109 = 0; r109 < 12; ++r109) {
        const int v110 = v46 + r109;
        const float v112 = p0[v110];
        const int v113 = v108 + r109;
        const float v115 = p1[v113];
        const float v116 = v112 - v115;
        const float v117 = v116 * v116;
        const float v118 = reg26[0];
        const float v119 = v118 + v117;
        reg26[0] = v119;
      }
      const float v122 = reg26[0];
      reg24[0] = v122;
      reg30[0] = 0.0f;
      const int v125 = v105 + 1;
      const int v126 = v125 + 3;
      const int v127 = v126 * 12;
      for (int r128 = 0; r128 < 12; ++r128) {
        const int v129 = v46 + r128;
        const float v131 = p0[v129];
        const int v132 = v127 + r128;
        const float v134 = p1[v132];
        const float v135 = v131 - v134;
        const float v136 = v135 * v135;
        const float v137 = reg30[0];
        const float v138 = v137 + v136;
        reg30[0] = v138;
      }
      const float v141 = reg30[0];
      reg24[1] = v141;
      reg33[0] = 0.0f;
      const int v144 = v105 + 2;
      const int v145 = v144 + 3;
      const int v146 = v145 * 12;
      for (int r147 = 0; r147 < 12; ++r147) {
        const int v148 = v46 + r147;
        const float v150 = p0[v148];
        const int v151 = v146 + r147;
        const float v153 = p1[v151];
        const float v154 = v150 - v153;
        const float v155 = v154 * v154;
        const float v156 = reg33[0];
        const float v157 = v156 + v155;
        reg33[0] = v157;
      }
      const float v160 = reg33[0];
      reg24[2] = v160;
      reg36[0] = 0.0f;
      const int v163 = v105 + 3;
      const int v164 = v163 + 3;
      const int v165 = v164 * 12;
      for (int r166 = 0; r166 < 12; ++r166) {
        const int v167 = v46 + r166;
        const float v169 = p0[v167];
        const int v170 = v165 + r166;
        const float v172 = p1[v170];
        const float v173 = v169 - v172;
        const float v174 = v173 * v173;
        const float v175 = reg36[0];
        const float v176 = v175 + v174;
        reg36[0] = v176;
      }
      const float v179 = reg36[0];
      reg24[3] = v179;
      const float v181 = reg24[0];
      const float v182 = reg3[2];
      const bool v183 = v182 <= v181;
      const bool v184 = v183 != true;
      const bool v185 = v181 == v181;
      const bool v186 = v184 && v185;
      const float v187 = v184 ? v181 : v182;
      if (v186) {
        const float v189 = reg3[0];
        const int v190 = reg4[0];
        const bool v191 = v189 <= v181;
        const bool v192 = v191 != true;
        const float v193 = reg3[1];
        const int v194 = reg4[1];
        const bool v195 = v193 <= v181;
        const bool v196 = v195 != true;
        const int v197 = reg4[2];
        const float v198 = v192 ? v181 : v189;
        const int v199 = v192 ? v107 : v190;
        reg3[0] = v198;
        reg4[0] = v199;
        const float v202 = v196 ? v181 : v193;
        const int v203 = v196 ? v107 : v194;
        const float v204 = v192 ? v189 : v202;
        const int v205 = v192 ? v190 : v203;
        reg3[1] = v204;
        reg4[1] = v205;
        const int v208 = v184 ? v107 : v197;
        const float v209 = v196 ? v193 : v187;
        const int v210 = v196 ? v194 : v208;
        reg3[2] = v209;
        reg4[2] = v210;
      }
      const float v214 = reg24[1];
      const float v215 = reg3[2];
      const bool v216 = v215 <= v214;
      const bool v217 = v216 != true;
      const bool v218 = v214 == v214;
      const bool v219 = v217 && v218;
      const float v220 = v217 ? v214 : v215;
      if (v219) {
        const float v222 = reg3[0];
        const int v223 = reg4[0];
        const bool v224 = v222 <= v214;
        const bool v225 = v224 != true;
        const float v226 = reg3[1];
        const int v227 = reg4[1];
        const bool v228 = v226 <= v214;
        const bool v229 = v228 != true;
        const int v230 = reg4[2];
        const float v231 = v225 ? v214 : v222;
        const int v232 = v225 ? v126 : v223;
        reg3[0] = v231;
        reg4[0] = v232;
        const float v235 = v229 ? v214 : v226;
        const int v236 = v229 ? v126 : v227;
        const float v237 = v225 ? v222 : v235;
        const int v238 = v225 ? v223 : v236;
        reg3[1] = v237;
        reg4[1] = v238;
        const int v241 = v217 ? v126 : v230;
        const float v242 = v229 ? v226 : v220;
        const int v243 = v229 ? v227 : v241;
        reg3[2] = v242;
        reg4[2] = v243;
      }
      const float v247 = reg24[2];
      const float v248 = reg3[2];
      const bool v249 = v248 <= v247;
      const bool v250 = v249 != true;
      const bool v251 = v247 == v247;
      const bool v252 = v250 && v251;
      const float v253 = v250 ? v247 : v248;
      if (v252) {
        const float v255 = reg3[0];
        const int v256 = reg4[0];
        const bool v257 = v255 <= v247;
        const bool v258 = v257 != true;
        const float v259 = reg3[1];
        const int v260 = reg4[1];
        const bool v261 = v259 <= v247;
        const bool v262 = v261 != true;
        const int v263 = reg4[2];
        const float v264 = v258 ? v247 : v255;
        const int v265 = v258 ? v145 : v256;
        reg3[0] = v264;
        reg4[0] = v265;
        const float v268 = v262 ? v247 : v259;
        const int v269 = v262 ? v145 : v260;
        const float v270 = v258 ? v255 : v268;
        const int v271 = v258 ? v256 : v269;
        reg3[1] = v270;
        reg4[1] = v271;
        const int v274 = v250 ? v145 : v263;
        const float v275 = v262 ? v259 : v253;
        const int v276 = v262 ? v260 : v274;
        reg3[2] = v275;
        reg4[2] = v276;
      }
      const float v280 = reg24[3];
      const float v281 = reg3[2];
      const bool v282 = v281 <= v280;
      const bool v283 = v282 != true;
      const bool v284 = v280 == v280;
      const bool v285 = v283 && v284;
      const float v286 = v283 ? v280 : v281;
      if (v285) {
        const float v288 = reg3[0];
        const int v289 = reg4[0];
        const bool v290 = v288 <= v280;
        const bool v291 = v290 != true;
        const float v292 = reg3[1];
        const int v293 = reg4[1];
        const bool v294 = v292 <= v280;
        const bool v295 = v294 != true;
        const int v296 = reg4[2];
        const float v297 = v291 ? v280 : v288;
        const int v298 = v291 ? v164 : v289;
        reg3[0] = v297;
        reg4[0] = v298;
        const float v301 = v295 ? v280 : v292;
        const int v302 = v295 ? v164 : v293;
        const float v303 = v291 ? v288 : v301;
        const int v304 = v291 ? v289 : v302;
        reg3[1] = v303;
        reg4[1] = v304;
        const int v307 = v283 ? v164 : v296;
        const float v308 = v295 ? v292 : v286;
        const int v309 = v295 ? v293 : v307;
        reg3[2] = v308;
        reg4[2] = v309;
      }
    }
    for (int r314 = 0; r314 < 3; ++r314) {
      const int v315 = v39 + r314;
      const int v318 = reg4[r314];
      p2[v315] = v318;
    }
  }
}

