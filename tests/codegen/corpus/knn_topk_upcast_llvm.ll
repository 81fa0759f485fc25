; ==== r_16_3 opts []
; lmc kernel r_16_3
define void @"r_16_3"(ptr noalias nocapture readonly %bufs, ptr noalias nocapture readonly %vars, i64 %start, i64 %end) #0 {
entry:
  %v0 = getelementptr inbounds ptr, ptr %bufs, i64 2
  %v1 = load ptr, ptr %v0, align 8
  %v2 = alloca [3 x float], align 4
  %v3 = alloca [3 x i32], align 4
  %v10 = alloca [4 x float], align 4
  %v12 = getelementptr inbounds ptr, ptr %bufs, i64 0
  %v13 = load ptr, ptr %v12, align 8
  %v14 = getelementptr inbounds ptr, ptr %bufs, i64 1
  %v15 = load ptr, ptr %v14, align 8
  %v4 = getelementptr inbounds float, ptr %v2, i64 0
  %v5 = getelementptr inbounds i32, ptr %v3, i64 0
  %v6 = getelementptr inbounds float, ptr %v2, i64 1
  %v7 = getelementptr inbounds i32, ptr %v3, i64 1
  %v8 = getelementptr inbounds float, ptr %v2, i64 2
  %v9 = getelementptr inbounds i32, ptr %v3, i64 2
  %v11 = getelementptr inbounds float, ptr %v10, i64 0
  %v16 = getelementptr inbounds float, ptr %v10, i64 1
  %v17 = getelementptr inbounds float, ptr %v10, i64 2
  %v18 = getelementptr inbounds float, ptr %v10, i64 3
  %v19 = trunc i64 %start to i32
  %v20 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v19, %entry ], [ %r0.next, %loop0.latch ]
  %v21 = icmp slt i32 %r0, %v20
  br i1 %v21, label %loop0.body, label %loop0.exit
loop0.body:
  %v22 = mul nsw i32 %r0, 3
  store float 0x3FE0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x3FE0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x3FE0000000000000, ptr %v8, align 4
  store i32 -1, ptr %v9, align 4
  %v29 = sext i32 %v22 to i64
  %v30 = getelementptr inbounds float, ptr %v13, i64 %v29
  %v31 = load float, ptr %v30, align 4
  %v33 = add nsw i32 %v22, 1
  %v34 = sext i32 %v33 to i64
  %v35 = getelementptr inbounds float, ptr %v13, i64 %v34
  %v36 = load float, ptr %v35, align 4
  %v38 = add nsw i32 %v22, 2
  %v39 = sext i32 %v38 to i64
  %v40 = getelementptr inbounds float, ptr %v13, i64 %v39
  %v41 = load float, ptr %v40, align 4
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v43 = icmp slt i32 %r1, 20
  br i1 %v43, label %loop1.body, label %loop1.exit
loop1.body:
  %v44 = mul nsw i32 %r1, 4
  %v45 = add nsw i32 %v44, 0
  %v46 = mul nsw i32 %v45, 3
  %v47 = sext i32 %v46 to i64
  %v48 = getelementptr inbounds float, ptr %v15, i64 %v47
  %v49 = load float, ptr %v48, align 4
  %v51 = fsub float %v31, %v49
  %v52 = fmul float %v51, %v51
  %v53 = add nsw i32 %v46, 1
  %v54 = sext i32 %v53 to i64
  %v55 = getelementptr inbounds float, ptr %v15, i64 %v54
  %v56 = load float, ptr %v55, align 4
  %v58 = fsub float %v36, %v56
  %v59 = fmul float %v58, %v58
  %v60 = fadd float %v52, %v59
  %v61 = add nsw i32 %v46, 2
  %v62 = sext i32 %v61 to i64
  %v63 = getelementptr inbounds float, ptr %v15, i64 %v62
  %v64 = load float, ptr %v63, align 4
  %v66 = fsub float %v41, %v64
  %v67 = fmul float %v66, %v66
  %v68 = fadd float %v60, %v67
  store float %v68, ptr %v11, align 4
  %v70 = add nsw i32 %v44, 1
  %v71 = mul nsw i32 %v70, 3
  %v72 = sext i32 %v71 to i64
  %v73 = getelementptr inbounds float, ptr %v15, i64 %v72
  %v74 = load float, ptr %v73, align 4
  %v76 = fsub float %v31, %v74
  %v77 = fmul float %v76, %v76
  %v78 = add nsw i32 %v71, 1
  %v79 = sext i32 %v78 to i64
  %v80 = getelementptr inbounds float, ptr %v15, i64 %v79
  %v81 = load float, ptr %v80, align 4
  %v83 = fsub float %v36, %v81
  %v84 = fmul float %v83, %v83
  %v85 = fadd float %v77, %v84
  %v86 = add nsw i32 %v71, 2
  %v87 = sext i32 %v86 to i64
  %v88 = getelementptr inbounds float, ptr %v15, i64 %v87
  %v89 = load float, ptr %v88, align 4
  %v91 = fsub float %v41, %v89
  %v92 = fmul float %v91, %v91
  %v93 = fadd float %v85, %v92
  store float %v93, ptr %v16, align 4
  %v95 = add nsw i32 %v44, 2
  %v96 = mul nsw i32 %v95, 3
  %v97 = sext i32 %v96 to i64
  %v98 = getelementptr inbounds float, ptr %v15, i64 %v97
  %v99 = load float, ptr %v98, align 4
  %v101 = fsub float %v31, %v99
  %v102 = fmul float %v101, %v101
  %v103 = add nsw i32 %v96, 1
  %v104 = sext i32 %v103 to i64
  %v105 = getelementptr inbounds float, ptr %v15, i64 %v104
  %v106 = load float, ptr %v105, align 4
  %v108 = fsub float %v36, %v106
  %v109 = fmul float %v108, %v108
  %v110 = fadd float %v102, %v109
  %v111 = add nsw i32 %v96, 2
  %v112 = sext i32 %v111 to i64
  %v113 = getelementptr inbounds float, ptr %v15, i64 %v112
  %v114 = load float, ptr %v113, align 4
  %v116 = fsub float %v41, %v114
  %v117 = fmul float %v116, %v116
  %v118 = fadd float %v110, %v117
  store float %v118, ptr %v17, align 4
  %v120 = add nsw i32 %v44, 3
  %v121 = mul nsw i32 %v120, 3
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v15, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = fsub float %v31, %v124
  %v127 = fmul float %v126, %v126
  %v128 = add nsw i32 %v121, 1
  %v129 = sext i32 %v128 to i64
  %v130 = getelementptr inbounds float, ptr %v15, i64 %v129
  %v131 = load float, ptr %v130, align 4
  %v133 = fsub float %v36, %v131
  %v134 = fmul float %v133, %v133
  %v135 = fadd float %v127, %v134
  %v136 = add nsw i32 %v121, 2
  %v137 = sext i32 %v136 to i64
  %v138 = getelementptr inbounds float, ptr %v15, i64 %v137
  %v139 = load float, ptr %v138, align 4
  %v141 = fsub float %v41, %v139
  %v142 = fmul float %v141, %v141
  %v143 = fadd float %v135, %v142
  store float %v143, ptr %v18, align 4
  %v145 = load float, ptr %v11, align 4
  %v147 = load float, ptr %v8, align 4
  %v149 = fcmp olt float %v145, %v147
  br i1 %v149, label %if2.then, label %if2.end
if2.then:
  %v150 = load float, ptr %v4, align 4
  %v152 = load i32, ptr %v5, align 4
  %v154 = fcmp olt float %v145, %v150
  %v155 = select i1 %v154, float %v145, float %v150
  %v156 = select i1 %v154, i32 %v45, i32 %v152
  store float %v155, ptr %v4, align 4
  store i32 %v156, ptr %v5, align 4
  %v159 = select i1 %v154, float %v150, float %v145
  %v160 = select i1 %v154, i32 %v152, i32 %v45
  %v161 = load float, ptr %v6, align 4
  %v163 = load i32, ptr %v7, align 4
  %v165 = fcmp olt float %v159, %v161
  %v166 = or i1 %v154, %v165
  %v167 = select i1 %v166, float %v159, float %v161
  %v168 = select i1 %v166, i32 %v160, i32 %v163
  store float %v167, ptr %v6, align 4
  store i32 %v168, ptr %v7, align 4
  %v171 = select i1 %v166, float %v161, float %v159
  %v172 = select i1 %v166, i32 %v163, i32 %v160
  %v173 = load i32, ptr %v9, align 4
  %v175 = fcmp olt float %v171, %v147
  %v176 = or i1 %v166, %v175
  %v177 = select i1 %v176, float %v171, float %v147
  %v178 = select i1 %v176, i32 %v172, i32 %v173
  store float %v177, ptr %v8, align 4
  store i32 %v178, ptr %v9, align 4
  %v181 = select i1 %v176, float %v147, float %v171
  %v182 = select i1 %v176, i32 %v173, i32 %v172
  br label %if2.end
if2.end:
  %v183 = load float, ptr %v16, align 4
  %v185 = load float, ptr %v8, align 4
  %v187 = fcmp olt float %v183, %v185
  br i1 %v187, label %if3.then, label %if3.end
if3.then:
  %v188 = load float, ptr %v4, align 4
  %v190 = load i32, ptr %v5, align 4
  %v192 = fcmp olt float %v183, %v188
  %v193 = select i1 %v192, float %v183, float %v188
  %v194 = select i1 %v192, i32 %v70, i32 %v190
  store float %v193, ptr %v4, align 4
  store i32 %v194, ptr %v5, align 4
  %v197 = select i1 %v192, float %v188, float %v183
  %v198 = select i1 %v192, i32 %v190, i32 %v70
  %v199 = load float, ptr %v6, align 4
  %v201 = load i32, ptr %v7, align 4
  %v203 = fcmp olt float %v197, %v199
  %v204 = or i1 %v192, %v203
  %v205 = select i1 %v204, float %v197, float %v199
  %v206 = select i1 %v204, i32 %v198, i32 %v201
  store float %v205, ptr %v6, align 4
  store i32 %v206, ptr %v7, align 4
  %v209 = select i1 %v204, float %v199, float %v197
  %v210 = select i1 %v204, i32 %v201, i32 %v198
  %v211 = load i32, ptr %v9, align 4
  %v213 = fcmp olt float %v209, %v185
  %v214 = or i1 %v204, %v213
  %v215 = select i1 %v214, float %v209, float %v185
  %v216 = select i1 %v214, i32 %v210, i32 %v211
  store float %v215, ptr %v8, align 4
  store i32 %v216, ptr %v9, align 4
  %v219 = select i1 %v214, float %v185, float %v209
  %v220 = select i1 %v214, i32 %v211, i32 %v210
  br label %if3.end
if3.end:
  %v221 = load float, ptr %v17, align 4
  %v223 = load float, ptr %v8, align 4
  %v225 = fcmp olt float %v221, %v223
  br i1 %v225, label %if4.then, label %if4.end
if4.then:
  %v226 = load float, ptr %v4, align 4
  %v228 = load i32, ptr %v5, align 4
  %v230 = fcmp olt float %v221, %v226
  %v231 = select i1 %v230, float %v221, float %v226
  %v232 = select i1 %v230, i32 %v95, i32 %v228
  store float %v231, ptr %v4, align 4
  store i32 %v232, ptr %v5, align 4
  %v235 = select i1 %v230, float %v226, float %v221
  %v236 = select i1 %v230, i32 %v228, i32 %v95
  %v237 = load float, ptr %v6, align 4
  %v239 = load i32, ptr %v7, align 4
  %v241 = fcmp olt float %v235, %v237
  %v242 = or i1 %v230, %v241
  %v243 = select i1 %v242, float %v235, float %v237
  %v244 = select i1 %v242, i32 %v236, i32 %v239
  store float %v243, ptr %v6, align 4
  store i32 %v244, ptr %v7, align 4
  %v247 = select i1 %v242, float %v237, float %v235
  %v248 = select i1 %v242, i32 %v239, i32 %v236
  %v249 = load i32, ptr %v9, align 4
  %v251 = fcmp olt float %v247, %v223
  %v252 = or i1 %v242, %v251
  %v253 = select i1 %v252, float %v247, float %v223
  %v254 = select i1 %v252, i32 %v248, i32 %v249
  store float %v253, ptr %v8, align 4
  store i32 %v254, ptr %v9, align 4
  %v257 = select i1 %v252, float %v223, float %v247
  %v258 = select i1 %v252, i32 %v249, i32 %v248
  br label %if4.end
if4.end:
  %v259 = load float, ptr %v18, align 4
  %v261 = load float, ptr %v8, align 4
  %v263 = fcmp olt float %v259, %v261
  br i1 %v263, label %if5.then, label %if5.end
if5.then:
  %v264 = load float, ptr %v4, align 4
  %v266 = load i32, ptr %v5, align 4
  %v268 = fcmp olt float %v259, %v264
  %v269 = select i1 %v268, float %v259, float %v264
  %v270 = select i1 %v268, i32 %v120, i32 %v266
  store float %v269, ptr %v4, align 4
  store i32 %v270, ptr %v5, align 4
  %v273 = select i1 %v268, float %v264, float %v259
  %v274 = select i1 %v268, i32 %v266, i32 %v120
  %v275 = load float, ptr %v6, align 4
  %v277 = load i32, ptr %v7, align 4
  %v279 = fcmp olt float %v273, %v275
  %v280 = or i1 %v268, %v279
  %v281 = select i1 %v280, float %v273, float %v275
  %v282 = select i1 %v280, i32 %v274, i32 %v277
  store float %v281, ptr %v6, align 4
  store i32 %v282, ptr %v7, align 4
  %v285 = select i1 %v280, float %v275, float %v273
  %v286 = select i1 %v280, i32 %v277, i32 %v274
  %v287 = load i32, ptr %v9, align 4
  %v289 = fcmp olt float %v285, %v261
  %v290 = or i1 %v280, %v289
  %v291 = select i1 %v290, float %v285, float %v261
  %v292 = select i1 %v290, i32 %v286, i32 %v287
  store float %v291, ptr %v8, align 4
  store i32 %v292, ptr %v9, align 4
  %v295 = select i1 %v290, float %v261, float %v285
  %v296 = select i1 %v290, i32 %v287, i32 %v286
  br label %if5.end
if5.end:
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop6
loop6:
  %r6 = phi i32 [ 0, %loop1.exit ], [ %r6.next, %loop6.latch ]
  %v297 = icmp slt i32 %r6, 3
  br i1 %v297, label %loop6.body, label %loop6.exit
loop6.body:
  %v298 = add nsw i32 %v22, %r6
  %v299 = sext i32 %v298 to i64
  %v300 = getelementptr inbounds i32, ptr %v1, i64 %v299
  %v301 = sext i32 %r6 to i64
  %v302 = getelementptr inbounds i32, ptr %v3, i64 %v301
  %v303 = load i32, ptr %v302, align 4
  store i32 %v303, ptr %v300, align 4
  br label %loop6.latch
loop6.latch:
  %r6.next = add nuw nsw i32 %r6, 1
  br label %loop6
loop6.exit:
  br label %loop0.latch
loop0.latch:
  %r0.next = add nuw nsw i32 %r0, 1
  br label %loop0
loop0.exit:
  ret void
}


attributes #0 = { nounwind }

; ==== r_16_3 opts [UPCAST(0,8)]
; lmc kernel r_16_3
define void @"r_16_3"(ptr noalias nocapture readonly %bufs, ptr noalias nocapture readonly %vars, i64 %start, i64 %end) #0 {
entry:
  %v0 = getelementptr inbounds ptr, ptr %bufs, i64 2
  %v1 = load ptr, ptr %v0, align 8
  %v2 = alloca [24 x float], align 4
  %v3 = alloca [24 x i32], align 4
  %v4 = alloca [8 x float], align 4
  %v6 = getelementptr inbounds ptr, ptr %bufs, i64 0
  %v7 = load ptr, ptr %v6, align 8
  %v8 = getelementptr inbounds ptr, ptr %bufs, i64 1
  %v9 = load ptr, ptr %v8, align 8
  %v5 = getelementptr inbounds float, ptr %v4, i64 0
  %v10 = add nsw i32 0, 16
  %v11 = sext i32 %v10 to i64
  %v12 = getelementptr inbounds float, ptr %v2, i64 %v11
  %v13 = getelementptr inbounds float, ptr %v4, i64 1
  %v14 = add nsw i32 1, 16
  %v15 = sext i32 %v14 to i64
  %v16 = getelementptr inbounds float, ptr %v2, i64 %v15
  %v17 = getelementptr inbounds float, ptr %v4, i64 2
  %v18 = add nsw i32 2, 16
  %v19 = sext i32 %v18 to i64
  %v20 = getelementptr inbounds float, ptr %v2, i64 %v19
  %v21 = getelementptr inbounds float, ptr %v4, i64 3
  %v22 = add nsw i32 3, 16
  %v23 = sext i32 %v22 to i64
  %v24 = getelementptr inbounds float, ptr %v2, i64 %v23
  %v25 = getelementptr inbounds float, ptr %v4, i64 4
  %v26 = add nsw i32 4, 16
  %v27 = sext i32 %v26 to i64
  %v28 = getelementptr inbounds float, ptr %v2, i64 %v27
  %v29 = getelementptr inbounds float, ptr %v4, i64 5
  %v30 = add nsw i32 5, 16
  %v31 = sext i32 %v30 to i64
  %v32 = getelementptr inbounds float, ptr %v2, i64 %v31
  %v33 = getelementptr inbounds float, ptr %v4, i64 6
  %v34 = add nsw i32 6, 16
  %v35 = sext i32 %v34 to i64
  %v36 = getelementptr inbounds float, ptr %v2, i64 %v35
  %v37 = getelementptr inbounds float, ptr %v4, i64 7
  %v38 = add nsw i32 7, 16
  %v39 = sext i32 %v38 to i64
  %v40 = getelementptr inbounds float, ptr %v2, i64 %v39
  %v41 = trunc i64 %start to i32
  %v42 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v41, %entry ], [ %r0.next, %loop0.latch ]
  %v43 = icmp slt i32 %r0, %v42
  br i1 %v43, label %loop0.body, label %loop0.exit
loop0.body:
  %v44 = mul nsw i32 %r0, 8
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v45 = icmp slt i32 %r1, 8
  br i1 %v45, label %loop1.body, label %loop1.exit
loop1.body:
  %v46 = mul nsw i32 %r1, 1
  %v47 = sext i32 %v46 to i64
  %v48 = getelementptr inbounds float, ptr %v2, i64 %v47
  store float 0x3FE0000000000000, ptr %v48, align 4
  %v50 = sext i32 %v46 to i64
  %v51 = getelementptr inbounds i32, ptr %v3, i64 %v50
  store i32 -1, ptr %v51, align 4
  %v53 = add nsw i32 %v46, 8
  %v54 = sext i32 %v53 to i64
  %v55 = getelementptr inbounds float, ptr %v2, i64 %v54
  store float 0x3FE0000000000000, ptr %v55, align 4
  %v57 = sext i32 %v53 to i64
  %v58 = getelementptr inbounds i32, ptr %v3, i64 %v57
  store i32 -1, ptr %v58, align 4
  %v60 = add nsw i32 %v46, 16
  %v61 = sext i32 %v60 to i64
  %v62 = getelementptr inbounds float, ptr %v2, i64 %v61
  store float 0x3FE0000000000000, ptr %v62, align 4
  %v64 = sext i32 %v60 to i64
  %v65 = getelementptr inbounds i32, ptr %v3, i64 %v64
  store i32 -1, ptr %v65, align 4
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  %v67 = add nsw i32 %v44, 0
  %v68 = mul nsw i32 %v67, 3
  %v69 = sext i32 %v68 to i64
  %v70 = getelementptr inbounds float, ptr %v7, i64 %v69
  %v71 = load float, ptr %v70, align 4
  %v73 = add nsw i32 %v68, 1
  %v74 = sext i32 %v73 to i64
  %v75 = getelementptr inbounds float, ptr %v7, i64 %v74
  %v76 = load float, ptr %v75, align 4
  %v78 = add nsw i32 %v68, 2
  %v79 = sext i32 %v78 to i64
  %v80 = getelementptr inbounds float, ptr %v7, i64 %v79
  %v81 = load float, ptr %v80, align 4
  %v83 = add nsw i32 %v44, 1
  %v84 = mul nsw i32 %v83, 3
  %v85 = sext i32 %v84 to i64
  %v86 = getelementptr inbounds float, ptr %v7, i64 %v85
  %v87 = load float, ptr %v86, align 4
  %v89 = add nsw i32 %v84, 1
  %v90 = sext i32 %v89 to i64
  %v91 = getelementptr inbounds float, ptr %v7, i64 %v90
  %v92 = load float, ptr %v91, align 4
  %v94 = add nsw i32 %v84, 2
  %v95 = sext i32 %v94 to i64
  %v96 = getelementptr inbounds float, ptr %v7, i64 %v95
  %v97 = load float, ptr %v96, align 4
  %v99 = add nsw i32 %v44, 2
  %v100 = mul nsw i32 %v99, 3
  %v101 = sext i32 %v100 to i64
  %v102 = getelementptr inbounds float, ptr %v7, i64 %v101
  %v103 = load float, ptr %v102, align 4
  %v105 = add nsw i32 %v100, 1
  %v106 = sext i32 %v105 to i64
  %v107 = getelementptr inbounds float, ptr %v7, i64 %v106
  %v108 = load float, ptr %v107, align 4
  %v110 = add nsw i32 %v100, 2
  %v111 = sext i32 %v110 to i64
  %v112 = getelementptr inbounds float, ptr %v7, i64 %v111
  %v113 = load float, ptr %v112, align 4
  %v115 = add nsw i32 %v44, 3
  %v116 = mul nsw i32 %v115, 3
  %v117 = sext i32 %v116 to i64
  %v118 = getelementptr inbounds float, ptr %v7, i64 %v117
  %v119 = load float, ptr %v118, align 4
  %v121 = add nsw i32 %v116, 1
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v7, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = add nsw i32 %v116, 2
  %v127 = sext i32 %v126 to i64
  %v128 = getelementptr inbounds float, ptr %v7, i64 %v127
  %v129 = load float, ptr %v128, align 4
  %v131 = add nsw i32 %v44, 4
  %v132 = mul nsw i32 %v131, 3
  %v133 = sext i32 %v132 to i64
  %v134 = getelementptr inbounds float, ptr %v7, i64 %v133
  %v135 = load float, ptr %v134, align 4
  %v137 = add nsw i32 %v132, 1
  %v138 = sext i32 %v137 to i64
  %v139 = getelementptr inbounds float, ptr %v7, i64 %v138
  %v140 = load float, ptr %v139, align 4
  %v142 = add nsw i32 %v132, 2
  %v143 = sext i32 %v142 to i64
  %v144 = getelementptr inbounds float, ptr %v7, i64 %v143
  %v145 = load float, ptr %v144, align 4
  %v147 = add nsw i32 %v44, 5
  %v148 = mul nsw i32 %v147, 3
  %v149 = sext i32 %v148 to i64
  %v150 = getelementptr inbounds float, ptr %v7, i64 %v149
  %v151 = load float, ptr %v150, align 4
  %v153 = add nsw i32 %v148, 1
  %v154 = sext i32 %v153 to i64
  %v155 = getelementptr inbounds float, ptr %v7, i64 %v154
  %v156 = load float, ptr %v155, align 4
  %v158 = add nsw i32 %v148, 2
  %v159 = sext i32 %v158 to i64
  %v160 = getelementptr inbounds float, ptr %v7, i64 %v159
  %v161 = load float, ptr %v160, align 4
  %v163 = add nsw i32 %v44, 6
  %v164 = mul nsw i32 %v163, 3
  %v165 = sext i32 %v164 to i64
  %v166 = getelementptr inbounds float, ptr %v7, i64 %v165
  %v167 = load float, ptr %v166, align 4
  %v169 = add nsw i32 %v164, 1
  %v170 = sext i32 %v169 to i64
  %v171 = getelementptr inbounds float, ptr %v7, i64 %v170
  %v172 = load float, ptr %v171, align 4
  %v174 = add nsw i32 %v164, 2
  %v175 = sext i32 %v174 to i64
  %v176 = getelementptr inbounds float, ptr %v7, i64 %v175
  %v177 = load float, ptr %v176, align 4
  %v179 = add nsw i32 %v44, 7
  %v180 = mul nsw i32 %v179, 3
  %v181 = sext i32 %v180 to i64
  %v182 = getelementptr inbounds float, ptr %v7, i64 %v181
  %v183 = load float, ptr %v182, align 4
  %v185 = add nsw i32 %v180, 1
  %v186 = sext i32 %v185 to i64
  %v187 = getelementptr inbounds float, ptr %v7, i64 %v186
  %v188 = load float, ptr %v187, align 4
  %v190 = add nsw i32 %v180, 2
  %v191 = sext i32 %v190 to i64
  %v192 = getelementptr inbounds float, ptr %v7, i64 %v191
  %v193 = load float, ptr %v192, align 4
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v195 = icmp slt i32 %r2, 80
  br i1 %v195, label %loop2.body, label %loop2.exit
loop2.body:
  %v196 = mul nsw i32 %r2, 3
  %v197 = sext i32 %v196 to i64
  %v198 = getelementptr inbounds float, ptr %v9, i64 %v197
  %v199 = load float, ptr %v198, align 4
  %v201 = fsub float %v71, %v199
  %v202 = fmul float %v201, %v201
  %v203 = add nsw i32 %v196, 1
  %v204 = sext i32 %v203 to i64
  %v205 = getelementptr inbounds float, ptr %v9, i64 %v204
  %v206 = load float, ptr %v205, align 4
  %v208 = fsub float %v76, %v206
  %v209 = fmul float %v208, %v208
  %v210 = fadd float %v202, %v209
  %v211 = add nsw i32 %v196, 2
  %v212 = sext i32 %v211 to i64
  %v213 = getelementptr inbounds float, ptr %v9, i64 %v212
  %v214 = load float, ptr %v213, align 4
  %v216 = fsub float %v81, %v214
  %v217 = fmul float %v216, %v216
  %v218 = fadd float %v210, %v217
  store float %v218, ptr %v5, align 4
  %v220 = load float, ptr %v5, align 4
  %v222 = load float, ptr %v12, align 4
  %v224 = fcmp olt float %v220, %v222
  %v225 = fsub float %v87, %v199
  %v226 = fmul float %v225, %v225
  %v227 = fsub float %v92, %v206
  %v228 = fmul float %v227, %v227
  %v229 = fadd float %v226, %v228
  %v230 = fsub float %v97, %v214
  %v231 = fmul float %v230, %v230
  %v232 = fadd float %v229, %v231
  store float %v232, ptr %v13, align 4
  %v234 = load float, ptr %v13, align 4
  %v236 = load float, ptr %v16, align 4
  %v238 = fcmp olt float %v234, %v236
  %v239 = or i1 %v224, %v238
  %v240 = fsub float %v103, %v199
  %v241 = fmul float %v240, %v240
  %v242 = fsub float %v108, %v206
  %v243 = fmul float %v242, %v242
  %v244 = fadd float %v241, %v243
  %v245 = fsub float %v113, %v214
  %v246 = fmul float %v245, %v245
  %v247 = fadd float %v244, %v246
  store float %v247, ptr %v17, align 4
  %v249 = load float, ptr %v17, align 4
  %v251 = load float, ptr %v20, align 4
  %v253 = fcmp olt float %v249, %v251
  %v254 = or i1 %v239, %v253
  %v255 = fsub float %v119, %v199
  %v256 = fmul float %v255, %v255
  %v257 = fsub float %v124, %v206
  %v258 = fmul float %v257, %v257
  %v259 = fadd float %v256, %v258
  %v260 = fsub float %v129, %v214
  %v261 = fmul float %v260, %v260
  %v262 = fadd float %v259, %v261
  store float %v262, ptr %v21, align 4
  %v264 = load float, ptr %v21, align 4
  %v266 = load float, ptr %v24, align 4
  %v268 = fcmp olt float %v264, %v266
  %v269 = or i1 %v254, %v268
  %v270 = fsub float %v135, %v199
  %v271 = fmul float %v270, %v270
  %v272 = fsub float %v140, %v206
  %v273 = fmul float %v272, %v272
  %v274 = fadd float %v271, %v273
  %v275 = fsub float %v145, %v214
  %v276 = fmul float %v275, %v275
  %v277 = fadd float %v274, %v276
  store float %v277, ptr %v25, align 4
  %v279 = load float, ptr %v25, align 4
  %v281 = load float, ptr %v28, align 4
  %v283 = fcmp olt float %v279, %v281
  %v284 = or i1 %v269, %v283
  %v285 = fsub float %v151, %v199
  %v286 = fmul float %v285, %v285
  %v287 = fsub float %v156, %v206
  %v288 = fmul float %v287, %v287
  %v289 = fadd float %v286, %v288
  %v290 = fsub float %v161, %v214
  %v291 = fmul float %v290, %v290
  %v292 = fadd float %v289, %v291
  store float %v292, ptr %v29, align 4
  %v294 = load float, ptr %v29, align 4
  %v296 = load float, ptr %v32, align 4
  %v298 = fcmp olt float %v294, %v296
  %v299 = or i1 %v284, %v298
  %v300 = fsub float %v167, %v199
  %v301 = fmul float %v300, %v300
  %v302 = fsub float %v172, %v206
  %v303 = fmul float %v302, %v302
  %v304 = fadd float %v301, %v303
  %v305 = fsub float %v177, %v214
  %v306 = fmul float %v305, %v305
  %v307 = fadd float %v304, %v306
  store float %v307, ptr %v33, align 4
  %v309 = load float, ptr %v33, align 4
  %v311 = load float, ptr %v36, align 4
  %v313 = fcmp olt float %v309, %v311
  %v314 = or i1 %v299, %v313
  %v315 = fsub float %v183, %v199
  %v316 = fmul float %v315, %v315
  %v317 = fsub float %v188, %v206
  %v318 = fmul float %v317, %v317
  %v319 = fadd float %v316, %v318
  %v320 = fsub float %v193, %v214
  %v321 = fmul float %v320, %v320
  %v322 = fadd float %v319, %v321
  store float %v322, ptr %v37, align 4
  %v324 = load float, ptr %v37, align 4
  %v326 = load float, ptr %v40, align 4
  %v328 = fcmp olt float %v324, %v326
  %v329 = or i1 %v314, %v328
  br i1 %v329, label %if3.then, label %if3.end
if3.then:
  br label %loop4
loop4:
  %r4 = phi i32 [ 0, %if3.then ], [ %r4.next, %loop4.latch ]
  %v330 = icmp slt i32 %r4, 8
  br i1 %v330, label %loop4.body, label %loop4.exit
loop4.body:
  %v331 = sext i32 %r4 to i64
  %v332 = getelementptr inbounds float, ptr %v4, i64 %v331
  %v333 = load float, ptr %v332, align 4
  %v335 = mul nsw i32 %r4, 1
  %v336 = add nsw i32 %v335, 16
  %v337 = sext i32 %v336 to i64
  %v338 = getelementptr inbounds float, ptr %v2, i64 %v337
  %v339 = load float, ptr %v338, align 4
  %v341 = fcmp olt float %v333, %v339
  %v342 = sext i32 %v335 to i64
  %v343 = getelementptr inbounds float, ptr %v2, i64 %v342
  %v344 = sext i32 %v335 to i64
  %v345 = getelementptr inbounds i32, ptr %v3, i64 %v344
  %v346 = add nsw i32 %v335, 8
  %v347 = sext i32 %v346 to i64
  %v348 = getelementptr inbounds float, ptr %v2, i64 %v347
  %v349 = sext i32 %v346 to i64
  %v350 = getelementptr inbounds i32, ptr %v3, i64 %v349
  %v351 = sext i32 %v336 to i64
  %v352 = getelementptr inbounds i32, ptr %v3, i64 %v351
  br i1 %v341, label %if5.then, label %if5.end
if5.then:
  %v353 = load float, ptr %v343, align 4
  %v355 = load i32, ptr %v345, align 4
  %v357 = fcmp olt float %v333, %v353
  %v358 = select i1 %v357, float %v333, float %v353
  %v359 = select i1 %v357, i32 %r2, i32 %v355
  store float %v358, ptr %v343, align 4
  store i32 %v359, ptr %v345, align 4
  %v362 = select i1 %v357, float %v353, float %v333
  %v363 = select i1 %v357, i32 %v355, i32 %r2
  %v364 = load float, ptr %v348, align 4
  %v366 = load i32, ptr %v350, align 4
  %v368 = fcmp olt float %v362, %v364
  %v369 = or i1 %v357, %v368
  %v370 = select i1 %v369, float %v362, float %v364
  %v371 = select i1 %v369, i32 %v363, i32 %v366
  store float %v370, ptr %v348, align 4
  store i32 %v371, ptr %v350, align 4
  %v374 = select i1 %v369, float %v364, float %v362
  %v375 = select i1 %v369, i32 %v366, i32 %v363
  %v376 = load i32, ptr %v352, align 4
  %v378 = fcmp olt float %v374, %v339
  %v379 = or i1 %v369, %v378
  %v380 = select i1 %v379, float %v374, float %v339
  %v381 = select i1 %v379, i32 %v375, i32 %v376
  store float %v380, ptr %v338, align 4
  store i32 %v381, ptr %v352, align 4
  %v384 = select i1 %v379, float %v339, float %v374
  %v385 = select i1 %v379, i32 %v376, i32 %v375
  br label %if5.end
if5.end:
  br label %loop4.latch
loop4.latch:
  %r4.next = add nuw nsw i32 %r4, 1
  br label %loop4
loop4.exit:
  br label %if3.end
if3.end:
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop6
loop6:
  %r6 = phi i32 [ 0, %loop2.exit ], [ %r6.next, %loop6.latch ]
  %v386 = icmp slt i32 %r6, 3
  br i1 %v386, label %loop6.body, label %loop6.exit
loop6.body:
  %v387 = mul nsw i32 %r6, 8
  br label %loop7
loop7:
  %r7 = phi i32 [ 0, %loop6.body ], [ %r7.next, %loop7.latch ]
  %v388 = icmp slt i32 %r7, 8
  br i1 %v388, label %loop7.body, label %loop7.exit
loop7.body:
  %v389 = add nsw i32 %v44, %r7
  %v390 = mul nsw i32 %v389, 3
  %v391 = add nsw i32 %r6, %v390
  %v392 = sext i32 %v391 to i64
  %v393 = getelementptr inbounds i32, ptr %v1, i64 %v392
  %v394 = mul nsw i32 %r7, 1
  %v395 = add nsw i32 %v394, %v387
  %v396 = sext i32 %v395 to i64
  %v397 = getelementptr inbounds i32, ptr %v3, i64 %v396
  %v398 = load i32, ptr %v397, align 4
  store i32 %v398, ptr %v393, align 4
  br label %loop7.latch
loop7.latch:
  %r7.next = add nuw nsw i32 %r7, 1
  br label %loop7
loop7.exit:
  br label %loop6.latch
loop6.latch:
  %r6.next = add nuw nsw i32 %r6, 1
  br label %loop6
loop6.exit:
  br label %loop0.latch
loop0.latch:
  %r0.next = add nuw nsw i32 %r0, 1
  br label %loop0
loop0.exit:
  ret void
}


attributes #0 = { nounwind }

