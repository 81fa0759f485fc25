; ==== r_20_3 opts []
; lmc kernel r_20_3
define void @"r_20_3"(ptr noalias nocapture readonly %bufs, ptr noalias nocapture readonly %vars, i64 %start, i64 %end) #0 {
entry:
  %v0 = getelementptr inbounds ptr, ptr %bufs, i64 2
  %v1 = load ptr, ptr %v0, align 8
  %v2 = alloca [3 x float], align 4
  %v3 = alloca [3 x i32], align 4
  %v10 = getelementptr inbounds ptr, ptr %bufs, i64 0
  %v11 = load ptr, ptr %v10, align 8
  %v12 = getelementptr inbounds ptr, ptr %bufs, i64 1
  %v13 = load ptr, ptr %v12, align 8
  %v14 = alloca [4 x float], align 4
  %v4 = getelementptr inbounds float, ptr %v2, i64 0
  %v5 = getelementptr inbounds i32, ptr %v3, i64 0
  %v6 = getelementptr inbounds float, ptr %v2, i64 1
  %v7 = getelementptr inbounds i32, ptr %v3, i64 1
  %v8 = getelementptr inbounds float, ptr %v2, i64 2
  %v9 = getelementptr inbounds i32, ptr %v3, i64 2
  %v15 = getelementptr inbounds float, ptr %v14, i64 0
  %v16 = getelementptr inbounds float, ptr %v14, i64 1
  %v17 = getelementptr inbounds float, ptr %v14, i64 2
  %v18 = getelementptr inbounds float, ptr %v14, i64 3
  %v19 = trunc i64 %start to i32
  %v20 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v19, %entry ], [ %r0.next, %loop0.latch ]
  %v21 = icmp slt i32 %r0, %v20
  br i1 %v21, label %loop0.body, label %loop0.exit
loop0.body:
  %v22 = mul nsw i32 %r0, 3
  store float 0x7FF0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x7FF0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x7FF0000000000000, ptr %v8, align 4
  store i32 -1, ptr %v9, align 4
  %v29 = sext i32 %v22 to i64
  %v30 = getelementptr inbounds float, ptr %v11, i64 %v29
  %v31 = load float, ptr %v30, align 4
  %v33 = add nsw i32 %v22, 1
  %v34 = sext i32 %v33 to i64
  %v35 = getelementptr inbounds float, ptr %v11, i64 %v34
  %v36 = load float, ptr %v35, align 4
  %v38 = add nsw i32 %v22, 2
  %v39 = sext i32 %v38 to i64
  %v40 = getelementptr inbounds float, ptr %v11, i64 %v39
  %v41 = load float, ptr %v40, align 4
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v43 = icmp slt i32 %r1, 5
  br i1 %v43, label %loop1.body, label %loop1.exit
loop1.body:
  %v44 = mul nsw i32 %r1, 3
  %v45 = sext i32 %v44 to i64
  %v46 = getelementptr inbounds float, ptr %v13, i64 %v45
  %v47 = load float, ptr %v46, align 4
  %v49 = fsub float %v31, %v47
  %v50 = fmul float %v49, %v49
  %v51 = add nsw i32 %v44, 1
  %v52 = sext i32 %v51 to i64
  %v53 = getelementptr inbounds float, ptr %v13, i64 %v52
  %v54 = load float, ptr %v53, align 4
  %v56 = fsub float %v36, %v54
  %v57 = fmul float %v56, %v56
  %v58 = fadd float %v50, %v57
  %v59 = add nsw i32 %v44, 2
  %v60 = sext i32 %v59 to i64
  %v61 = getelementptr inbounds float, ptr %v13, i64 %v60
  %v62 = load float, ptr %v61, align 4
  %v64 = fsub float %v41, %v62
  %v65 = fmul float %v64, %v64
  %v66 = fadd float %v58, %v65
  %v67 = load float, ptr %v4, align 4
  %v69 = load i32, ptr %v5, align 4
  %v71 = fcmp ole float %v67, %v66
  %v72 = xor i1 %v71, true
  %v73 = fcmp oeq float %v66, %v66
  %v74 = and i1 %v72, %v73
  %v75 = icmp slt i32 %v69, 0
  %v76 = or i1 %v75, %v74
  %v77 = select i1 %v76, float %v66, float %v67
  %v78 = select i1 %v76, i32 %r1, i32 %v69
  store float %v77, ptr %v4, align 4
  store i32 %v78, ptr %v5, align 4
  %v81 = select i1 %v76, float %v67, float %v66
  %v82 = select i1 %v76, i32 %v69, i32 %r1
  %v83 = load float, ptr %v6, align 4
  %v85 = load i32, ptr %v7, align 4
  %v87 = fcmp ole float %v83, %v81
  %v88 = xor i1 %v87, true
  %v89 = fcmp oeq float %v81, %v81
  %v90 = and i1 %v88, %v89
  %v91 = icmp slt i32 %v85, 0
  %v92 = or i1 %v91, %v90
  %v93 = or i1 %v76, %v92
  %v94 = select i1 %v93, float %v81, float %v83
  %v95 = select i1 %v93, i32 %v82, i32 %v85
  store float %v94, ptr %v6, align 4
  store i32 %v95, ptr %v7, align 4
  %v98 = select i1 %v93, float %v83, float %v81
  %v99 = select i1 %v93, i32 %v85, i32 %v82
  %v100 = load float, ptr %v8, align 4
  %v102 = load i32, ptr %v9, align 4
  %v104 = fcmp ole float %v100, %v98
  %v105 = xor i1 %v104, true
  %v106 = fcmp oeq float %v98, %v98
  %v107 = and i1 %v105, %v106
  %v108 = icmp slt i32 %v102, 0
  %v109 = or i1 %v108, %v107
  %v110 = or i1 %v93, %v109
  %v111 = select i1 %v110, float %v98, float %v100
  %v112 = select i1 %v110, i32 %v99, i32 %v102
  store float %v111, ptr %v8, align 4
  store i32 %v112, ptr %v9, align 4
  %v115 = select i1 %v110, float %v100, float %v98
  %v116 = select i1 %v110, i32 %v102, i32 %v99
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v117 = icmp slt i32 %r2, 6
  br i1 %v117, label %loop2.body, label %loop2.exit
loop2.body:
  %v118 = mul nsw i32 %r2, 4
  %v119 = add nsw i32 %v118, 0
  %v120 = add nsw i32 %v119, 5
  %v121 = mul nsw i32 %v120, 3
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v13, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = fsub float %v31, %v124
  %v127 = fmul float %v126, %v126
  %v128 = add nsw i32 %v121, 1
  %v129 = sext i32 %v128 to i64
  %v130 = getelementptr inbounds float, ptr %v13, i64 %v129
  %v131 = load float, ptr %v130, align 4
  %v133 = fsub float %v36, %v131
  %v134 = fmul float %v133, %v133
  %v135 = fadd float %v127, %v134
  %v136 = add nsw i32 %v121, 2
  %v137 = sext i32 %v136 to i64
  %v138 = getelementptr inbounds float, ptr %v13, i64 %v137
  %v139 = load float, ptr %v138, align 4
  %v141 = fsub float %v41, %v139
  %v142 = fmul float %v141, %v141
  %v143 = fadd float %v135, %v142
  store float %v143, ptr %v15, align 4
  %v145 = add nsw i32 %v118, 1
  %v146 = add nsw i32 %v145, 5
  %v147 = mul nsw i32 %v146, 3
  %v148 = sext i32 %v147 to i64
  %v149 = getelementptr inbounds float, ptr %v13, i64 %v148
  %v150 = load float, ptr %v149, align 4
  %v152 = fsub float %v31, %v150
  %v153 = fmul float %v152, %v152
  %v154 = add nsw i32 %v147, 1
  %v155 = sext i32 %v154 to i64
  %v156 = getelementptr inbounds float, ptr %v13, i64 %v155
  %v157 = load float, ptr %v156, align 4
  %v159 = fsub float %v36, %v157
  %v160 = fmul float %v159, %v159
  %v161 = fadd float %v153, %v160
  %v162 = add nsw i32 %v147, 2
  %v163 = sext i32 %v162 to i64
  %v164 = getelementptr inbounds float, ptr %v13, i64 %v163
  %v165 = load float, ptr %v164, align 4
  %v167 = fsub float %v41, %v165
  %v168 = fmul float %v167, %v167
  %v169 = fadd float %v161, %v168
  store float %v169, ptr %v16, align 4
  %v171 = add nsw i32 %v118, 2
  %v172 = add nsw i32 %v171, 5
  %v173 = mul nsw i32 %v172, 3
  %v174 = sext i32 %v173 to i64
  %v175 = getelementptr inbounds float, ptr %v13, i64 %v174
  %v176 = load float, ptr %v175, align 4
  %v178 = fsub float %v31, %v176
  %v179 = fmul float %v178, %v178
  %v180 = add nsw i32 %v173, 1
  %v181 = sext i32 %v180 to i64
  %v182 = getelementptr inbounds float, ptr %v13, i64 %v181
  %v183 = load float, ptr %v182, align 4
  %v185 = fsub float %v36, %v183
  %v186 = fmul float %v185, %v185
  %v187 = fadd float %v179, %v186
  %v188 = add nsw i32 %v173, 2
  %v189 = sext i32 %v188 to i64
  %v190 = getelementptr inbounds float, ptr %v13, i64 %v189
  %v191 = load float, ptr %v190, align 4
  %v193 = fsub float %v41, %v191
  %v194 = fmul float %v193, %v193
  %v195 = fadd float %v187, %v194
  store float %v195, ptr %v17, align 4
  %v197 = add nsw i32 %v118, 3
  %v198 = add nsw i32 %v197, 5
  %v199 = mul nsw i32 %v198, 3
  %v200 = sext i32 %v199 to i64
  %v201 = getelementptr inbounds float, ptr %v13, i64 %v200
  %v202 = load float, ptr %v201, align 4
  %v204 = fsub float %v31, %v202
  %v205 = fmul float %v204, %v204
  %v206 = add nsw i32 %v199, 1
  %v207 = sext i32 %v206 to i64
  %v208 = getelementptr inbounds float, ptr %v13, i64 %v207
  %v209 = load float, ptr %v208, align 4
  %v211 = fsub float %v36, %v209
  %v212 = fmul float %v211, %v211
  %v213 = fadd float %v205, %v212
  %v214 = add nsw i32 %v199, 2
  %v215 = sext i32 %v214 to i64
  %v216 = getelementptr inbounds float, ptr %v13, i64 %v215
  %v217 = load float, ptr %v216, align 4
  %v219 = fsub float %v41, %v217
  %v220 = fmul float %v219, %v219
  %v221 = fadd float %v213, %v220
  store float %v221, ptr %v18, align 4
  %v223 = load float, ptr %v15, align 4
  %v225 = load float, ptr %v8, align 4
  %v227 = fcmp ole float %v225, %v223
  %v228 = xor i1 %v227, true
  %v229 = fcmp oeq float %v223, %v223
  %v230 = and i1 %v228, %v229
  br i1 %v230, label %if3.then, label %if3.end
if3.then:
  %v231 = load float, ptr %v4, align 4
  %v233 = load i32, ptr %v5, align 4
  %v235 = fcmp ole float %v231, %v223
  %v236 = xor i1 %v235, true
  %v237 = and i1 %v236, %v229
  %v238 = select i1 %v237, float %v223, float %v231
  %v239 = select i1 %v237, i32 %v120, i32 %v233
  store float %v238, ptr %v4, align 4
  store i32 %v239, ptr %v5, align 4
  %v242 = select i1 %v237, float %v231, float %v223
  %v243 = select i1 %v237, i32 %v233, i32 %v120
  %v244 = load float, ptr %v6, align 4
  %v246 = load i32, ptr %v7, align 4
  %v248 = fcmp ole float %v244, %v242
  %v249 = xor i1 %v248, true
  %v250 = fcmp oeq float %v242, %v242
  %v251 = and i1 %v249, %v250
  %v252 = or i1 %v237, %v251
  %v253 = select i1 %v252, float %v242, float %v244
  %v254 = select i1 %v252, i32 %v243, i32 %v246
  store float %v253, ptr %v6, align 4
  store i32 %v254, ptr %v7, align 4
  %v257 = select i1 %v252, float %v244, float %v242
  %v258 = select i1 %v252, i32 %v246, i32 %v243
  %v259 = load i32, ptr %v9, align 4
  %v261 = fcmp ole float %v225, %v257
  %v262 = xor i1 %v261, true
  %v263 = fcmp oeq float %v257, %v257
  %v264 = and i1 %v262, %v263
  %v265 = or i1 %v252, %v264
  %v266 = select i1 %v265, float %v257, float %v225
  %v267 = select i1 %v265, i32 %v258, i32 %v259
  store float %v266, ptr %v8, align 4
  store i32 %v267, ptr %v9, align 4
  %v270 = select i1 %v265, float %v225, float %v257
  %v271 = select i1 %v265, i32 %v259, i32 %v258
  br label %if3.end
if3.end:
  %v272 = load float, ptr %v16, align 4
  %v274 = load float, ptr %v8, align 4
  %v276 = fcmp ole float %v274, %v272
  %v277 = xor i1 %v276, true
  %v278 = fcmp oeq float %v272, %v272
  %v279 = and i1 %v277, %v278
  br i1 %v279, label %if4.then, label %if4.end
if4.then:
  %v280 = load float, ptr %v4, align 4
  %v282 = load i32, ptr %v5, align 4
  %v284 = fcmp ole float %v280, %v272
  %v285 = xor i1 %v284, true
  %v286 = and i1 %v285, %v278
  %v287 = select i1 %v286, float %v272, float %v280
  %v288 = select i1 %v286, i32 %v146, i32 %v282
  store float %v287, ptr %v4, align 4
  store i32 %v288, ptr %v5, align 4
  %v291 = select i1 %v286, float %v280, float %v272
  %v292 = select i1 %v286, i32 %v282, i32 %v146
  %v293 = load float, ptr %v6, align 4
  %v295 = load i32, ptr %v7, align 4
  %v297 = fcmp ole float %v293, %v291
  %v298 = xor i1 %v297, true
  %v299 = fcmp oeq float %v291, %v291
  %v300 = and i1 %v298, %v299
  %v301 = or i1 %v286, %v300
  %v302 = select i1 %v301, float %v291, float %v293
  %v303 = select i1 %v301, i32 %v292, i32 %v295
  store float %v302, ptr %v6, align 4
  store i32 %v303, ptr %v7, align 4
  %v306 = select i1 %v301, float %v293, float %v291
  %v307 = select i1 %v301, i32 %v295, i32 %v292
  %v308 = load i32, ptr %v9, align 4
  %v310 = fcmp ole float %v274, %v306
  %v311 = xor i1 %v310, true
  %v312 = fcmp oeq float %v306, %v306
  %v313 = and i1 %v311, %v312
  %v314 = or i1 %v301, %v313
  %v315 = select i1 %v314, float %v306, float %v274
  %v316 = select i1 %v314, i32 %v307, i32 %v308
  store float %v315, ptr %v8, align 4
  store i32 %v316, ptr %v9, align 4
  %v319 = select i1 %v314, float %v274, float %v306
  %v320 = select i1 %v314, i32 %v308, i32 %v307
  br label %if4.end
if4.end:
  %v321 = load float, ptr %v17, align 4
  %v323 = load float, ptr %v8, align 4
  %v325 = fcmp ole float %v323, %v321
  %v326 = xor i1 %v325, true
  %v327 = fcmp oeq float %v321, %v321
  %v328 = and i1 %v326, %v327
  br i1 %v328, label %if5.then, label %if5.end
if5.then:
  %v329 = load float, ptr %v4, align 4
  %v331 = load i32, ptr %v5, align 4
  %v333 = fcmp ole float %v329, %v321
  %v334 = xor i1 %v333, true
  %v335 = and i1 %v334, %v327
  %v336 = select i1 %v335, float %v321, float %v329
  %v337 = select i1 %v335, i32 %v172, i32 %v331
  store float %v336, ptr %v4, align 4
  store i32 %v337, ptr %v5, align 4
  %v340 = select i1 %v335, float %v329, float %v321
  %v341 = select i1 %v335, i32 %v331, i32 %v172
  %v342 = load float, ptr %v6, align 4
  %v344 = load i32, ptr %v7, align 4
  %v346 = fcmp ole float %v342, %v340
  %v347 = xor i1 %v346, true
  %v348 = fcmp oeq float %v340, %v340
  %v349 = and i1 %v347, %v348
  %v350 = or i1 %v335, %v349
  %v351 = select i1 %v350, float %v340, float %v342
  %v352 = select i1 %v350, i32 %v341, i32 %v344
  store float %v351, ptr %v6, align 4
  store i32 %v352, ptr %v7, align 4
  %v355 = select i1 %v350, float %v342, float %v340
  %v356 = select i1 %v350, i32 %v344, i32 %v341
  %v357 = load i32, ptr %v9, align 4
  %v359 = fcmp ole float %v323, %v355
  %v360 = xor i1 %v359, true
  %v361 = fcmp oeq float %v355, %v355
  %v362 = and i1 %v360, %v361
  %v363 = or i1 %v350, %v362
  %v364 = select i1 %v363, float %v355, float %v323
  %v365 = select i1 %v363, i32 %v356, i32 %v357
  store float %v364, ptr %v8, align 4
  store i32 %v365, ptr %v9, align 4
  %v368 = select i1 %v363, float %v323, float %v355
  %v369 = select i1 %v363, i32 %v357, i32 %v356
  br label %if5.end
if5.end:
  %v370 = load float, ptr %v18, align 4
  %v372 = load float, ptr %v8, align 4
  %v374 = fcmp ole float %v372, %v370
  %v375 = xor i1 %v374, true
  %v376 = fcmp oeq float %v370, %v370
  %v377 = and i1 %v375, %v376
  br i1 %v377, label %if6.then, label %if6.end
if6.then:
  %v378 = load float, ptr %v4, align 4
  %v380 = load i32, ptr %v5, align 4
  %v382 = fcmp ole float %v378, %v370
  %v383 = xor i1 %v382, true
  %v384 = and i1 %v383, %v376
  %v385 = select i1 %v384, float %v370, float %v378
  %v386 = select i1 %v384, i32 %v198, i32 %v380
  store float %v385, ptr %v4, align 4
  store i32 %v386, ptr %v5, align 4
  %v389 = select i1 %v384, float %v378, float %v370
  %v390 = select i1 %v384, i32 %v380, i32 %v198
  %v391 = load float, ptr %v6, align 4
  %v393 = load i32, ptr %v7, align 4
  %v395 = fcmp ole float %v391, %v389
  %v396 = xor i1 %v395, true
  %v397 = fcmp oeq float %v389, %v389
  %v398 = and i1 %v396, %v397
  %v399 = or i1 %v384, %v398
  %v400 = select i1 %v399, float %v389, float %v391
  %v401 = select i1 %v399, i32 %v390, i32 %v393
  store float %v400, ptr %v6, align 4
  store i32 %v401, ptr %v7, align 4
  %v404 = select i1 %v399, float %v391, float %v389
  %v405 = select i1 %v399, i32 %v393, i32 %v390
  %v406 = load i32, ptr %v9, align 4
  %v408 = fcmp ole float %v372, %v404
  %v409 = xor i1 %v408, true
  %v410 = fcmp oeq float %v404, %v404
  %v411 = and i1 %v409, %v410
  %v412 = or i1 %v399, %v411
  %v413 = select i1 %v412, float %v404, float %v372
  %v414 = select i1 %v412, i32 %v405, i32 %v406
  store float %v413, ptr %v8, align 4
  store i32 %v414, ptr %v9, align 4
  %v417 = select i1 %v412, float %v372, float %v404
  %v418 = select i1 %v412, i32 %v406, i32 %v405
  br label %if6.end
if6.end:
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop7
loop7:
  %r7 = phi i32 [ 0, %loop2.exit ], [ %r7.next, %loop7.latch ]
  %v419 = icmp slt i32 %r7, 3
  br i1 %v419, label %loop7.body, label %loop7.exit
loop7.body:
  %v420 = add nsw i32 %v22, %r7
  %v421 = sext i32 %v420 to i64
  %v422 = getelementptr inbounds i32, ptr %v1, i64 %v421
  %v423 = sext i32 %r7 to i64
  %v424 = getelementptr inbounds i32, ptr %v3, i64 %v423
  %v425 = load i32, ptr %v424, align 4
  store i32 %v425, ptr %v422, align 4
  br label %loop7.latch
loop7.latch:
  %r7.next = add nuw nsw i32 %r7, 1
  br label %loop7
loop7.exit:
  br label %loop0.latch
loop0.latch:
  %r0.next = add nuw nsw i32 %r0, 1
  br label %loop0
loop0.exit:
  ret void
}


attributes #0 = { nounwind }

; ==== r_20_3 opts []
; lmc kernel r_20_3
define void @"r_20_3"(ptr noalias nocapture readonly %bufs, ptr noalias nocapture readonly %vars, i64 %start, i64 %end) #0 {
entry:
  %v0 = getelementptr inbounds ptr, ptr %bufs, i64 2
  %v1 = load ptr, ptr %v0, align 8
  %v2 = alloca [3 x float], align 4
  %v3 = alloca [3 x i32], align 4
  %v10 = getelementptr inbounds ptr, ptr %bufs, i64 0
  %v11 = load ptr, ptr %v10, align 8
  %v12 = getelementptr inbounds ptr, ptr %bufs, i64 1
  %v13 = load ptr, ptr %v12, align 8
  %v14 = alloca [4 x float], align 4
  %v4 = getelementptr inbounds float, ptr %v2, i64 0
  %v5 = getelementptr inbounds i32, ptr %v3, i64 0
  %v6 = getelementptr inbounds float, ptr %v2, i64 1
  %v7 = getelementptr inbounds i32, ptr %v3, i64 1
  %v8 = getelementptr inbounds float, ptr %v2, i64 2
  %v9 = getelementptr inbounds i32, ptr %v3, i64 2
  %v15 = getelementptr inbounds float, ptr %v14, i64 0
  %v16 = getelementptr inbounds float, ptr %v14, i64 1
  %v17 = getelementptr inbounds float, ptr %v14, i64 2
  %v18 = getelementptr inbounds float, ptr %v14, i64 3
  %v19 = trunc i64 %start to i32
  %v20 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v19, %entry ], [ %r0.next, %loop0.latch ]
  %v21 = icmp slt i32 %r0, %v20
  br i1 %v21, label %loop0.body, label %loop0.exit
loop0.body:
  %v22 = mul nsw i32 %r0, 3
  store float 0x7FF0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x7FF0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x7FF0000000000000, ptr %v8, align 4
  store i32 -1, ptr %v9, align 4
  %v29 = sext i32 %v22 to i64
  %v30 = getelementptr inbounds float, ptr %v11, i64 %v29
  %v31 = load float, ptr %v30, align 4
  %v33 = add nsw i32 %v22, 1
  %v34 = sext i32 %v33 to i64
  %v35 = getelementptr inbounds float, ptr %v11, i64 %v34
  %v36 = load float, ptr %v35, align 4
  %v38 = add nsw i32 %v22, 2
  %v39 = sext i32 %v38 to i64
  %v40 = getelementptr inbounds float, ptr %v11, i64 %v39
  %v41 = load float, ptr %v40, align 4
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v43 = icmp slt i32 %r1, 5
  br i1 %v43, label %loop1.body, label %loop1.exit
loop1.body:
  %v44 = mul nsw i32 %r1, 3
  %v45 = sext i32 %v44 to i64
  %v46 = getelementptr inbounds float, ptr %v13, i64 %v45
  %v47 = load float, ptr %v46, align 4
  %v49 = fsub float %v31, %v47
  %v50 = fmul float %v49, %v49
  %v51 = add nsw i32 %v44, 1
  %v52 = sext i32 %v51 to i64
  %v53 = getelementptr inbounds float, ptr %v13, i64 %v52
  %v54 = load float, ptr %v53, align 4
  %v56 = fsub float %v36, %v54
  %v57 = fmul float %v56, %v56
  %v58 = fadd float %v50, %v57
  %v59 = add nsw i32 %v44, 2
  %v60 = sext i32 %v59 to i64
  %v61 = getelementptr inbounds float, ptr %v13, i64 %v60
  %v62 = load float, ptr %v61, align 4
  %v64 = fsub float %v41, %v62
  %v65 = fmul float %v64, %v64
  %v66 = fadd float %v58, %v65
  %v67 = load float, ptr %v4, align 4
  %v69 = load i32, ptr %v5, align 4
  %v71 = fcmp ole float %v67, %v66
  %v72 = xor i1 %v71, true
  %v73 = fcmp oeq float %v66, %v66
  %v74 = and i1 %v72, %v73
  %v75 = icmp slt i32 %v69, 0
  %v76 = or i1 %v75, %v74
  %v77 = select i1 %v76, float %v66, float %v67
  %v78 = select i1 %v76, i32 %r1, i32 %v69
  store float %v77, ptr %v4, align 4
  store i32 %v78, ptr %v5, align 4
  %v81 = select i1 %v76, float %v67, float %v66
  %v82 = select i1 %v76, i32 %v69, i32 %r1
  %v83 = load float, ptr %v6, align 4
  %v85 = load i32, ptr %v7, align 4
  %v87 = fcmp ole float %v83, %v81
  %v88 = xor i1 %v87, true
  %v89 = fcmp oeq float %v81, %v81
  %v90 = and i1 %v88, %v89
  %v91 = icmp slt i32 %v85, 0
  %v92 = or i1 %v91, %v90
  %v93 = or i1 %v76, %v92
  %v94 = select i1 %v93, float %v81, float %v83
  %v95 = select i1 %v93, i32 %v82, i32 %v85
  store float %v94, ptr %v6, align 4
  store i32 %v95, ptr %v7, align 4
  %v98 = select i1 %v93, float %v83, float %v81
  %v99 = select i1 %v93, i32 %v85, i32 %v82
  %v100 = load float, ptr %v8, align 4
  %v102 = load i32, ptr %v9, align 4
  %v104 = fcmp ole float %v100, %v98
  %v105 = xor i1 %v104, true
  %v106 = fcmp oeq float %v98, %v98
  %v107 = and i1 %v105, %v106
  %v108 = icmp slt i32 %v102, 0
  %v109 = or i1 %v108, %v107
  %v110 = or i1 %v93, %v109
  %v111 = select i1 %v110, float %v98, float %v100
  %v112 = select i1 %v110, i32 %v99, i32 %v102
  store float %v111, ptr %v8, align 4
  store i32 %v112, ptr %v9, align 4
  %v115 = select i1 %v110, float %v100, float %v98
  %v116 = select i1 %v110, i32 %v102, i32 %v99
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v117 = icmp slt i32 %r2, 6
  br i1 %v117, label %loop2.body, label %loop2.exit
loop2.body:
  %v118 = mul nsw i32 %r2, 4
  %v119 = add nsw i32 %v118, 0
  %v120 = add nsw i32 %v119, 5
  %v121 = mul nsw i32 %v120, 3
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v13, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = fsub float %v31, %v124
  %v127 = fmul float %v126, %v126
  %v128 = add nsw i32 %v121, 1
  %v129 = sext i32 %v128 to i64
  %v130 = getelementptr inbounds float, ptr %v13, i64 %v129
  %v131 = load float, ptr %v130, align 4
  %v133 = fsub float %v36, %v131
  %v134 = fmul float %v133, %v133
  %v135 = fadd float %v127, %v134
  %v136 = add nsw i32 %v121, 2
  %v137 = sext i32 %v136 to i64
  %v138 = getelementptr inbounds float, ptr %v13, i64 %v137
  %v139 = load float, ptr %v138, align 4
  %v141 = fsub float %v41, %v139
  %v142 = fmul float %v141, %v141
  %v143 = fadd float %v135, %v142
  store float %v143, ptr %v15, align 4
  %v145 = add nsw i32 %v118, 1
  %v146 = add nsw i32 %v145, 5
  %v147 = mul nsw i32 %v146, 3
  %v148 = sext i32 %v147 to i64
  %v149 = getelementptr inbounds float, ptr %v13, i64 %v148
  %v150 = load float, ptr %v149, align 4
  %v152 = fsub float %v31, %v150
  %v153 = fmul float %v152, %v152
  %v154 = add nsw i32 %v147, 1
  %v155 = sext i32 %v154 to i64
  %v156 = getelementptr inbounds float, ptr %v13, i64 %v155
  %v157 = load float, ptr %v156, align 4
  %v159 = fsub float %v36, %v157
  %v160 = fmul float %v159, %v159
  %v161 = fadd float %v153, %v160
  %v162 = add nsw i32 %v147, 2
  %v163 = sext i32 %v162 to i64
  %v164 = getelementptr inbounds float, ptr %v13, i64 %v163
  %v165 = load float, ptr %v164, align 4
  %v167 = fsub float %v41, %v165
  %v168 = fmul float %v167, %v167
  %v169 = fadd float %v161, %v168
  store float %v169, ptr %v16, align 4
  %v171 = add nsw i32 %v118, 2
  %v172 = add nsw i32 %v171, 5
  %v173 = mul nsw i32 %v172, 3
  %v174 = sext i32 %v173 to i64
  %v175 = getelementptr inbounds float, ptr %v13, i64 %v174
  %v176 = load float, ptr %v175, align 4
  %v178 = fsub float %v31, %v176
  %v179 = fmul float %v178, %v178
  %v180 = add nsw i32 %v173, 1
  %v181 = sext i32 %v180 to i64
  %v182 = getelementptr inbounds float, ptr %v13, i64 %v181
  %v183 = load float, ptr %v182, align 4
  %v185 = fsub float %v36, %v183
  %v186 = fmul float %v185, %v185
  %v187 = fadd float %v179, %v186
  %v188 = add nsw i32 %v173, 2
  %v189 = sext i32 %v188 to i64
  %v190 = getelementptr inbounds float, ptr %v13, i64 %v189
  %v191 = load float, ptr %v190, align 4
  %v193 = fsub float %v41, %v191
  %v194 = fmul float %v193, %v193
  %v195 = fadd float %v187, %v194
  store float %v195, ptr %v17, align 4
  %v197 = add nsw i32 %v118, 3
  %v198 = add nsw i32 %v197, 5
  %v199 = mul nsw i32 %v198, 3
  %v200 = sext i32 %v199 to i64
  %v201 = getelementptr inbounds float, ptr %v13, i64 %v200
  %v202 = load float, ptr %v201, align 4
  %v204 = fsub float %v31, %v202
  %v205 = fmul float %v204, %v204
  %v206 = add nsw i32 %v199, 1
  %v207 = sext i32 %v206 to i64
  %v208 = getelementptr inbounds float, ptr %v13, i64 %v207
  %v209 = load float, ptr %v208, align 4
  %v211 = fsub float %v36, %v209
  %v212 = fmul float %v211, %v211
  %v213 = fadd float %v205, %v212
  %v214 = add nsw i32 %v199, 2
  %v215 = sext i32 %v214 to i64
  %v216 = getelementptr inbounds float, ptr %v13, i64 %v215
  %v217 = load float, ptr %v216, align 4
  %v219 = fsub float %v41, %v217
  %v220 = fmul float %v219, %v219
  %v221 = fadd float %v213, %v220
  store float %v221, ptr %v18, align 4
  %v223 = load float, ptr %v15, align 4
  %v225 = load float, ptr %v8, align 4
  %v227 = fcmp ole float %v225, %v223
  %v228 = xor i1 %v227, true
  %v229 = fcmp oeq float %v223, %v223
  %v230 = and i1 %v228, %v229
  br i1 %v230, label %if3.then, label %if3.end
if3.then:
  %v231 = load float, ptr %v4, align 4
  %v233 = load i32, ptr %v5, align 4
  %v235 = fcmp ole float %v231, %v223
  %v236 = xor i1 %v235, true
  %v237 = and i1 %v236, %v229
  %v238 = select i1 %v237, float %v223, float %v231
  %v239 = select i1 %v237, i32 %v120, i32 %v233
  store float %v238, ptr %v4, align 4
  store i32 %v239, ptr %v5, align 4
  %v242 = select i1 %v237, float %v231, float %v223
  %v243 = select i1 %v237, i32 %v233, i32 %v120
  %v244 = load float, ptr %v6, align 4
  %v246 = load i32, ptr %v7, align 4
  %v248 = fcmp ole float %v244, %v242
  %v249 = xor i1 %v248, true
  %v250 = fcmp oeq float %v242, %v242
  %v251 = and i1 %v249, %v250
  %v252 = or i1 %v237, %v251
  %v253 = select i1 %v252, float %v242, float %v244
  %v254 = select i1 %v252, i32 %v243, i32 %v246
  store float %v253, ptr %v6, align 4
  store i32 %v254, ptr %v7, align 4
  %v257 = select i1 %v252, float %v244, float %v242
  %v258 = select i1 %v252, i32 %v246, i32 %v243
  %v259 = load i32, ptr %v9, align 4
  %v261 = fcmp ole float %v225, %v257
  %v262 = xor i1 %v261, true
  %v263 = fcmp oeq float %v257, %v257
  %v264 = and i1 %v262, %v263
  %v265 = or i1 %v252, %v264
  %v266 = select i1 %v265, float %v257, float %v225
  %v267 = select i1 %v265, i32 %v258, i32 %v259
  store float %v266, ptr %v8, align 4
  store i32 %v267, ptr %v9, align 4
  %v270 = select i1 %v265, float %v225, float %v257
  %v271 = select i1 %v265, i32 %v259, i32 %v258
  br label %if3.end
if3.end:
  %v272 = load float, ptr %v16, align 4
  %v274 = load float, ptr %v8, align 4
  %v276 = fcmp ole float %v274, %v272
  %v277 = xor i1 %v276, true
  %v278 = fcmp oeq float %v272, %v272
  %v279 = and i1 %v277, %v278
  br i1 %v279, label %if4.then, label %if4.end
if4.then:
  %v280 = load float, ptr %v4, align 4
  %v282 = load i32, ptr %v5, align 4
  %v284 = fcmp ole float %v280, %v272
  %v285 = xor i1 %v284, true
  %v286 = and i1 %v285, %v278
  %v287 = select i1 %v286, float %v272, float %v280
  %v288 = select i1 %v286, i32 %v146, i32 %v282
  store float %v287, ptr %v4, align 4
  store i32 %v288, ptr %v5, align 4
  %v291 = select i1 %v286, float %v280, float %v272
  %v292 = select i1 %v286, i32 %v282, i32 %v146
  %v293 = load float, ptr %v6, align 4
  %v295 = load i32, ptr %v7, align 4
  %v297 = fcmp ole float %v293, %v291
  %v298 = xor i1 %v297, true
  %v299 = fcmp oeq float %v291, %v291
  %v300 = and i1 %v298, %v299
  %v301 = or i1 %v286, %v300
  %v302 = select i1 %v301, float %v291, float %v293
  %v303 = select i1 %v301, i32 %v292, i32 %v295
  store float %v302, ptr %v6, align 4
  store i32 %v303, ptr %v7, align 4
  %v306 = select i1 %v301, float %v293, float %v291
  %v307 = select i1 %v301, i32 %v295, i32 %v292
  %v308 = load i32, ptr %v9, align 4
  %v310 = fcmp ole float %v274, %v306
  %v311 = xor i1 %v310, true
  %v312 = fcmp oeq float %v306, %v306
  %v313 = and i1 %v311, %v312
  %v314 = or i1 %v301, %v313
  %v315 = select i1 %v314, float %v306, float %v274
  %v316 = select i1 %v314, i32 %v307, i32 %v308
  store float %v315, ptr %v8, align 4
  store i32 %v316, ptr %v9, align 4
  %v319 = select i1 %v314, float %v274, float %v306
  %v320 = select i1 %v314, i32 %v308, i32 %v307
  br label %if4.end
if4.end:
  %v321 = load float, ptr %v17, align 4
  %v323 = load float, ptr %v8, align 4
  %v325 = fcmp ole float %v323, %v321
  %v326 = xor i1 %v325, true
  %v327 = fcmp oeq float %v321, %v321
  %v328 = and i1 %v326, %v327
  br i1 %v328, label %if5.then, label %if5.end
if5.then:
  %v329 = load float, ptr %v4, align 4
  %v331 = load i32, ptr %v5, align 4
  %v333 = fcmp ole float %v329, %v321
  %v334 = xor i1 %v333, true
  %v335 = and i1 %v334, %v327
  %v336 = select i1 %v335, float %v321, float %v329
  %v337 = select i1 %v335, i32 %v172, i32 %v331
  store float %v336, ptr %v4, align 4
  store i32 %v337, ptr %v5, align 4
  %v340 = select i1 %v335, float %v329, float %v321
  %v341 = select i1 %v335, i32 %v331, i32 %v172
  %v342 = load float, ptr %v6, align 4
  %v344 = load i32, ptr %v7, align 4
  %v346 = fcmp ole float %v342, %v340
  %v347 = xor i1 %v346, true
  %v348 = fcmp oeq float %v340, %v340
  %v349 = and i1 %v347, %v348
  %v350 = or i1 %v335, %v349
  %v351 = select i1 %v350, float %v340, float %v342
  %v352 = select i1 %v350, i32 %v341, i32 %v344
  store float %v351, ptr %v6, align 4
  store i32 %v352, ptr %v7, align 4
  %v355 = select i1 %v350, float %v342, float %v340
  %v356 = select i1 %v350, i32 %v344, i32 %v341
  %v357 = load i32, ptr %v9, align 4
  %v359 = fcmp ole float %v323, %v355
  %v360 = xor i1 %v359, true
  %v361 = fcmp oeq float %v355, %v355
  %v362 = and i1 %v360, %v361
  %v363 = or i1 %v350, %v362
  %v364 = select i1 %v363, float %v355, float %v323
  %v365 = select i1 %v363, i32 %v356, i32 %v357
  store float %v364, ptr %v8, align 4
  store i32 %v365, ptr %v9, align 4
  %v368 = select i1 %v363, float %v323, float %v355
  %v369 = select i1 %v363, i32 %v357, i32 %v356
  br label %if5.end
if5.end:
  %v370 = load float, ptr %v18, align 4
  %v372 = load float, ptr %v8, align 4
  %v374 = fcmp ole float %v372, %v370
  %v375 = xor i1 %v374, true
  %v376 = fcmp oeq float %v370, %v370
  %v377 = and i1 %v375, %v376
  br i1 %v377, label %if6.then, label %if6.end
if6.then:
  %v378 = load float, ptr %v4, align 4
  %v380 = load i32, ptr %v5, align 4
  %v382 = fcmp ole float %v378, %v370
  %v383 = xor i1 %v382, true
  %v384 = and i1 %v383, %v376
  %v385 = select i1 %v384, float %v370, float %v378
  %v386 = select i1 %v384, i32 %v198, i32 %v380
  store float %v385, ptr %v4, align 4
  store i32 %v386, ptr %v5, align 4
  %v389 = select i1 %v384, float %v378, float %v370
  %v390 = select i1 %v384, i32 %v380, i32 %v198
  %v391 = load float, ptr %v6, align 4
  %v393 = load i32, ptr %v7, align 4
  %v395 = fcmp ole float %v391, %v389
  %v396 = xor i1 %v395, true
  %v397 = fcmp oeq float %v389, %v389
  %v398 = and i1 %v396, %v397
  %v399 = or i1 %v384, %v398
  %v400 = select i1 %v399, float %v389, float %v391
  %v401 = select i1 %v399, i32 %v390, i32 %v393
  store float %v400, ptr %v6, align 4
  store i32 %v401, ptr %v7, align 4
  %v404 = select i1 %v399, float %v391, float %v389
  %v405 = select i1 %v399, i32 %v393, i32 %v390
  %v406 = load i32, ptr %v9, align 4
  %v408 = fcmp ole float %v372, %v404
  %v409 = xor i1 %v408, true
  %v410 = fcmp oeq float %v404, %v404
  %v411 = and i1 %v409, %v410
  %v412 = or i1 %v399, %v411
  %v413 = select i1 %v412, float %v404, float %v372
  %v414 = select i1 %v412, i32 %v405, i32 %v406
  store float %v413, ptr %v8, align 4
  store i32 %v414, ptr %v9, align 4
  %v417 = select i1 %v412, float %v372, float %v404
  %v418 = select i1 %v412, i32 %v406, i32 %v405
  br label %if6.end
if6.end:
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop7
loop7:
  %r7 = phi i32 [ 0, %loop2.exit ], [ %r7.next, %loop7.latch ]
  %v419 = icmp slt i32 %r7, 3
  br i1 %v419, label %loop7.body, label %loop7.exit
loop7.body:
  %v420 = add nsw i32 %v22, %r7
  %v421 = sext i32 %v420 to i64
  %v422 = getelementptr inbounds i32, ptr %v1, i64 %v421
  %v423 = sext i32 %r7 to i64
  %v424 = getelementptr inbounds i32, ptr %v3, i64 %v423
  %v425 = load i32, ptr %v424, align 4
  store i32 %v425, ptr %v422, align 4
  br label %loop7.latch
loop7.latch:
  %r7.next = add nuw nsw i32 %r7, 1
  br label %loop7
loop7.exit:
  br label %loop0.latch
loop0.latch:
  %r0.next = add nuw nsw i32 %r0, 1
  br label %loop0
loop0.exit:
  ret void
}


attributes #0 = { nounwind }

