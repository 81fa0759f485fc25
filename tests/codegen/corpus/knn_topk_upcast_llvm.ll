; ==== r_16_3 opts []
; lmc kernel r_16_3
define void @"r_16_3"(ptr noalias nocapture readonly %bufs, ptr noalias nocapture readonly %vars, i64 %start, i64 %end) #0 {
entry:
  %v0 = getelementptr inbounds ptr, ptr %bufs, i64 2
  %v1 = load ptr, ptr %v0, align 8
  %v2 = alloca [3 x float], align 4
  %v3 = alloca [3 x i32], align 4
  %v10 = getelementptr inbounds ptr, ptr %bufs, i64 0
  %v11 = load ptr, ptr %v10, align 8
  %v12 = getelementptr inbounds ptr, ptr %bufs, i64 1
  %v13 = load ptr, ptr %v12, align 8
  %v4 = getelementptr inbounds float, ptr %v2, i64 0
  %v5 = getelementptr inbounds i32, ptr %v3, i64 0
  %v6 = getelementptr inbounds float, ptr %v2, i64 1
  %v7 = getelementptr inbounds i32, ptr %v3, i64 1
  %v8 = getelementptr inbounds float, ptr %v2, i64 2
  %v9 = getelementptr inbounds i32, ptr %v3, i64 2
  %v14 = trunc i64 %start to i32
  %v15 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v14, %entry ], [ %r0.next, %loop0.latch ]
  %v16 = icmp slt i32 %r0, %v15
  br i1 %v16, label %loop0.body, label %loop0.exit
loop0.body:
  %v17 = mul nsw i32 %r0, 3
  store float 0x3FE0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x3FE0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x3FE0000000000000, ptr %v8, align 4
  store i32 -1, ptr %v9, align 4
  %v24 = sext i32 %v17 to i64
  %v25 = getelementptr inbounds float, ptr %v11, i64 %v24
  %v26 = load float, ptr %v25, align 4
  %v28 = add nsw i32 %v17, 1
  %v29 = sext i32 %v28 to i64
  %v30 = getelementptr inbounds float, ptr %v11, i64 %v29
  %v31 = load float, ptr %v30, align 4
  %v33 = add nsw i32 %v17, 2
  %v34 = sext i32 %v33 to i64
  %v35 = getelementptr inbounds float, ptr %v11, i64 %v34
  %v36 = load float, ptr %v35, align 4
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v38 = icmp slt i32 %r1, 80
  br i1 %v38, label %loop1.body, label %loop1.exit
loop1.body:
  %v39 = mul nsw i32 %r1, 3
  %v40 = sext i32 %v39 to i64
  %v41 = getelementptr inbounds float, ptr %v13, i64 %v40
  %v42 = load float, ptr %v41, align 4
  %v44 = fsub float %v26, %v42
  %v45 = fmul float %v44, %v44
  %v46 = add nsw i32 %v39, 1
  %v47 = sext i32 %v46 to i64
  %v48 = getelementptr inbounds float, ptr %v13, i64 %v47
  %v49 = load float, ptr %v48, align 4
  %v51 = fsub float %v31, %v49
  %v52 = fmul float %v51, %v51
  %v53 = fadd float %v45, %v52
  %v54 = add nsw i32 %v39, 2
  %v55 = sext i32 %v54 to i64
  %v56 = getelementptr inbounds float, ptr %v13, i64 %v55
  %v57 = load float, ptr %v56, align 4
  %v59 = fsub float %v36, %v57
  %v60 = fmul float %v59, %v59
  %v61 = fadd float %v53, %v60
  %v62 = load float, ptr %v8, align 4
  %v64 = fcmp olt float %v61, %v62
  br i1 %v64, label %if2.then, label %if2.end
if2.then:
  %v65 = load float, ptr %v4, align 4
  %v67 = load i32, ptr %v5, align 4
  %v69 = fcmp olt float %v61, %v65
  %v70 = select i1 %v69, float %v61, float %v65
  %v71 = select i1 %v69, i32 %r1, i32 %v67
  store float %v70, ptr %v4, align 4
  store i32 %v71, ptr %v5, align 4
  %v74 = select i1 %v69, float %v65, float %v61
  %v75 = select i1 %v69, i32 %v67, i32 %r1
  %v76 = load float, ptr %v6, align 4
  %v78 = load i32, ptr %v7, align 4
  %v80 = fcmp olt float %v74, %v76
  %v81 = or i1 %v69, %v80
  %v82 = select i1 %v81, float %v74, float %v76
  %v83 = select i1 %v81, i32 %v75, i32 %v78
  store float %v82, ptr %v6, align 4
  store i32 %v83, ptr %v7, align 4
  %v86 = select i1 %v81, float %v76, float %v74
  %v87 = select i1 %v81, i32 %v78, i32 %v75
  %v88 = load i32, ptr %v9, align 4
  %v90 = fcmp olt float %v86, %v62
  %v91 = or i1 %v81, %v90
  %v92 = select i1 %v91, float %v86, float %v62
  %v93 = select i1 %v91, i32 %v87, i32 %v88
  store float %v92, ptr %v8, align 4
  store i32 %v93, ptr %v9, align 4
  %v96 = select i1 %v91, float %v62, float %v86
  %v97 = select i1 %v91, i32 %v88, i32 %v87
  br label %if2.end
if2.end:
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop3
loop3:
  %r3 = phi i32 [ 0, %loop1.exit ], [ %r3.next, %loop3.latch ]
  %v98 = icmp slt i32 %r3, 3
  br i1 %v98, label %loop3.body, label %loop3.exit
loop3.body:
  %v99 = add nsw i32 %v17, %r3
  %v100 = sext i32 %v99 to i64
  %v101 = getelementptr inbounds i32, ptr %v1, i64 %v100
  %v102 = sext i32 %r3 to i64
  %v103 = getelementptr inbounds i32, ptr %v3, i64 %v102
  %v104 = load i32, ptr %v103, align 4
  store i32 %v104, ptr %v101, align 4
  br label %loop3.latch
loop3.latch:
  %r3.next = add nuw nsw i32 %r3, 1
  br label %loop3
loop3.exit:
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

