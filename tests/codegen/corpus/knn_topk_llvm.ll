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
  %v14 = alloca [1 x i32], align 4
  %v4 = getelementptr inbounds float, ptr %v2, i64 0
  %v5 = getelementptr inbounds i32, ptr %v3, i64 0
  %v6 = getelementptr inbounds float, ptr %v2, i64 1
  %v7 = getelementptr inbounds i32, ptr %v3, i64 1
  %v8 = getelementptr inbounds float, ptr %v2, i64 2
  %v9 = getelementptr inbounds i32, ptr %v3, i64 2
  %v15 = getelementptr inbounds i32, ptr %v14, i64 0
  %v16 = trunc i64 %start to i32
  %v17 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v16, %entry ], [ %r0.next, %loop0.latch ]
  %v18 = icmp slt i32 %r0, %v17
  br i1 %v18, label %loop0.body, label %loop0.exit
loop0.body:
  %v19 = mul nsw i32 %r0, 3
  store float 0x7FF0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x7FF0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x7FF0000000000000, ptr %v8, align 4
  store i32 -1, ptr %v9, align 4
  %v26 = sext i32 %v19 to i64
  %v27 = getelementptr inbounds float, ptr %v11, i64 %v26
  %v28 = load float, ptr %v27, align 4
  %v30 = add nsw i32 %v19, 1
  %v31 = sext i32 %v30 to i64
  %v32 = getelementptr inbounds float, ptr %v11, i64 %v31
  %v33 = load float, ptr %v32, align 4
  %v35 = add nsw i32 %v19, 2
  %v36 = sext i32 %v35 to i64
  %v37 = getelementptr inbounds float, ptr %v11, i64 %v36
  %v38 = load float, ptr %v37, align 4
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v40 = icmp slt i32 %r1, 5
  br i1 %v40, label %loop1.body, label %loop1.exit
loop1.body:
  %v41 = mul nsw i32 %r1, 3
  %v42 = sext i32 %v41 to i64
  %v43 = getelementptr inbounds float, ptr %v13, i64 %v42
  %v44 = load float, ptr %v43, align 4
  %v46 = fsub float %v28, %v44
  %v47 = fmul float %v46, %v46
  %v48 = add nsw i32 %v41, 1
  %v49 = sext i32 %v48 to i64
  %v50 = getelementptr inbounds float, ptr %v13, i64 %v49
  %v51 = load float, ptr %v50, align 4
  %v53 = fsub float %v33, %v51
  %v54 = fmul float %v53, %v53
  %v55 = fadd float %v47, %v54
  %v56 = add nsw i32 %v41, 2
  %v57 = sext i32 %v56 to i64
  %v58 = getelementptr inbounds float, ptr %v13, i64 %v57
  %v59 = load float, ptr %v58, align 4
  %v61 = fsub float %v38, %v59
  %v62 = fmul float %v61, %v61
  %v63 = fadd float %v55, %v62
  %v64 = load float, ptr %v4, align 4
  %v66 = load i32, ptr %v5, align 4
  %v68 = fcmp ole float %v64, %v63
  %v69 = xor i1 %v68, true
  %v70 = fcmp oeq float %v63, %v63
  %v71 = and i1 %v69, %v70
  %v72 = icmp slt i32 %v66, 0
  %v73 = or i1 %v72, %v71
  %v74 = load float, ptr %v6, align 4
  %v76 = load i32, ptr %v7, align 4
  %v78 = fcmp ole float %v74, %v63
  %v79 = xor i1 %v78, true
  %v80 = and i1 %v79, %v70
  %v81 = icmp slt i32 %v76, 0
  %v82 = or i1 %v81, %v80
  %v83 = load float, ptr %v8, align 4
  %v85 = load i32, ptr %v9, align 4
  %v87 = fcmp ole float %v83, %v63
  %v88 = xor i1 %v87, true
  %v89 = and i1 %v88, %v70
  %v90 = icmp slt i32 %v85, 0
  %v91 = or i1 %v90, %v89
  %v92 = select i1 %v73, float %v63, float %v64
  %v93 = select i1 %v73, i32 %r1, i32 %v66
  store float %v92, ptr %v4, align 4
  store i32 %v93, ptr %v5, align 4
  %v96 = select i1 %v82, float %v63, float %v74
  %v97 = select i1 %v82, i32 %r1, i32 %v76
  %v98 = select i1 %v73, float %v64, float %v96
  %v99 = select i1 %v73, i32 %v66, i32 %v97
  store float %v98, ptr %v6, align 4
  store i32 %v99, ptr %v7, align 4
  %v102 = select i1 %v91, float %v63, float %v83
  %v103 = select i1 %v91, i32 %r1, i32 %v85
  %v104 = select i1 %v82, float %v74, float %v102
  %v105 = select i1 %v82, i32 %v76, i32 %v103
  store float %v104, ptr %v8, align 4
  store i32 %v105, ptr %v9, align 4
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v108 = icmp slt i32 %r2, 3
  br i1 %v108, label %loop2.body, label %loop2.exit
loop2.body:
  %v109 = load float, ptr %v8, align 4
  %v111 = mul nsw i32 %r2, 8
  %v112 = add nsw i32 %v111, 0
  %v113 = add nsw i32 %v112, 5
  %v114 = mul nsw i32 %v113, 3
  %v115 = sext i32 %v114 to i64
  %v116 = getelementptr inbounds float, ptr %v13, i64 %v115
  %v117 = load float, ptr %v116, align 4
  %v119 = fsub float %v28, %v117
  %v120 = fmul float %v119, %v119
  %v121 = add nsw i32 %v114, 1
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v13, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = fsub float %v33, %v124
  %v127 = fmul float %v126, %v126
  %v128 = fadd float %v120, %v127
  %v129 = add nsw i32 %v114, 2
  %v130 = sext i32 %v129 to i64
  %v131 = getelementptr inbounds float, ptr %v13, i64 %v130
  %v132 = load float, ptr %v131, align 4
  %v134 = fsub float %v38, %v132
  %v135 = fmul float %v134, %v134
  %v136 = fadd float %v128, %v135
  %v137 = fcmp ole float %v109, %v136
  %v138 = xor i1 %v137, true
  %v139 = fcmp oeq float %v136, %v136
  %v140 = and i1 %v138, %v139
  %v141 = select i1 %v140, i32 1, i32 0
  %v142 = add nsw i32 %v111, 1
  %v143 = add nsw i32 %v142, 5
  %v144 = mul nsw i32 %v143, 3
  %v145 = sext i32 %v144 to i64
  %v146 = getelementptr inbounds float, ptr %v13, i64 %v145
  %v147 = load float, ptr %v146, align 4
  %v149 = fsub float %v28, %v147
  %v150 = fmul float %v149, %v149
  %v151 = add nsw i32 %v144, 1
  %v152 = sext i32 %v151 to i64
  %v153 = getelementptr inbounds float, ptr %v13, i64 %v152
  %v154 = load float, ptr %v153, align 4
  %v156 = fsub float %v33, %v154
  %v157 = fmul float %v156, %v156
  %v158 = fadd float %v150, %v157
  %v159 = add nsw i32 %v144, 2
  %v160 = sext i32 %v159 to i64
  %v161 = getelementptr inbounds float, ptr %v13, i64 %v160
  %v162 = load float, ptr %v161, align 4
  %v164 = fsub float %v38, %v162
  %v165 = fmul float %v164, %v164
  %v166 = fadd float %v158, %v165
  %v167 = fcmp ole float %v109, %v166
  %v168 = xor i1 %v167, true
  %v169 = fcmp oeq float %v166, %v166
  %v170 = and i1 %v168, %v169
  %v171 = select i1 %v170, i32 2, i32 0
  %v172 = or i32 %v141, %v171
  %v173 = add nsw i32 %v111, 2
  %v174 = add nsw i32 %v173, 5
  %v175 = mul nsw i32 %v174, 3
  %v176 = sext i32 %v175 to i64
  %v177 = getelementptr inbounds float, ptr %v13, i64 %v176
  %v178 = load float, ptr %v177, align 4
  %v180 = fsub float %v28, %v178
  %v181 = fmul float %v180, %v180
  %v182 = add nsw i32 %v175, 1
  %v183 = sext i32 %v182 to i64
  %v184 = getelementptr inbounds float, ptr %v13, i64 %v183
  %v185 = load float, ptr %v184, align 4
  %v187 = fsub float %v33, %v185
  %v188 = fmul float %v187, %v187
  %v189 = fadd float %v181, %v188
  %v190 = add nsw i32 %v175, 2
  %v191 = sext i32 %v190 to i64
  %v192 = getelementptr inbounds float, ptr %v13, i64 %v191
  %v193 = load float, ptr %v192, align 4
  %v195 = fsub float %v38, %v193
  %v196 = fmul float %v195, %v195
  %v197 = fadd float %v189, %v196
  %v198 = fcmp ole float %v109, %v197
  %v199 = xor i1 %v198, true
  %v200 = fcmp oeq float %v197, %v197
  %v201 = and i1 %v199, %v200
  %v202 = select i1 %v201, i32 4, i32 0
  %v203 = or i32 %v172, %v202
  %v204 = add nsw i32 %v111, 3
  %v205 = add nsw i32 %v204, 5
  %v206 = mul nsw i32 %v205, 3
  %v207 = sext i32 %v206 to i64
  %v208 = getelementptr inbounds float, ptr %v13, i64 %v207
  %v209 = load float, ptr %v208, align 4
  %v211 = fsub float %v28, %v209
  %v212 = fmul float %v211, %v211
  %v213 = add nsw i32 %v206, 1
  %v214 = sext i32 %v213 to i64
  %v215 = getelementptr inbounds float, ptr %v13, i64 %v214
  %v216 = load float, ptr %v215, align 4
  %v218 = fsub float %v33, %v216
  %v219 = fmul float %v218, %v218
  %v220 = fadd float %v212, %v219
  %v221 = add nsw i32 %v206, 2
  %v222 = sext i32 %v221 to i64
  %v223 = getelementptr inbounds float, ptr %v13, i64 %v222
  %v224 = load float, ptr %v223, align 4
  %v226 = fsub float %v38, %v224
  %v227 = fmul float %v226, %v226
  %v228 = fadd float %v220, %v227
  %v229 = fcmp ole float %v109, %v228
  %v230 = xor i1 %v229, true
  %v231 = fcmp oeq float %v228, %v228
  %v232 = and i1 %v230, %v231
  %v233 = select i1 %v232, i32 8, i32 0
  %v234 = or i32 %v203, %v233
  %v235 = add nsw i32 %v111, 4
  %v236 = add nsw i32 %v235, 5
  %v237 = mul nsw i32 %v236, 3
  %v238 = sext i32 %v237 to i64
  %v239 = getelementptr inbounds float, ptr %v13, i64 %v238
  %v240 = load float, ptr %v239, align 4
  %v242 = fsub float %v28, %v240
  %v243 = fmul float %v242, %v242
  %v244 = add nsw i32 %v237, 1
  %v245 = sext i32 %v244 to i64
  %v246 = getelementptr inbounds float, ptr %v13, i64 %v245
  %v247 = load float, ptr %v246, align 4
  %v249 = fsub float %v33, %v247
  %v250 = fmul float %v249, %v249
  %v251 = fadd float %v243, %v250
  %v252 = add nsw i32 %v237, 2
  %v253 = sext i32 %v252 to i64
  %v254 = getelementptr inbounds float, ptr %v13, i64 %v253
  %v255 = load float, ptr %v254, align 4
  %v257 = fsub float %v38, %v255
  %v258 = fmul float %v257, %v257
  %v259 = fadd float %v251, %v258
  %v260 = fcmp ole float %v109, %v259
  %v261 = xor i1 %v260, true
  %v262 = fcmp oeq float %v259, %v259
  %v263 = and i1 %v261, %v262
  %v264 = select i1 %v263, i32 16, i32 0
  %v265 = or i32 %v234, %v264
  %v266 = add nsw i32 %v111, 5
  %v267 = add nsw i32 %v266, 5
  %v268 = mul nsw i32 %v267, 3
  %v269 = sext i32 %v268 to i64
  %v270 = getelementptr inbounds float, ptr %v13, i64 %v269
  %v271 = load float, ptr %v270, align 4
  %v273 = fsub float %v28, %v271
  %v274 = fmul float %v273, %v273
  %v275 = add nsw i32 %v268, 1
  %v276 = sext i32 %v275 to i64
  %v277 = getelementptr inbounds float, ptr %v13, i64 %v276
  %v278 = load float, ptr %v277, align 4
  %v280 = fsub float %v33, %v278
  %v281 = fmul float %v280, %v280
  %v282 = fadd float %v274, %v281
  %v283 = add nsw i32 %v268, 2
  %v284 = sext i32 %v283 to i64
  %v285 = getelementptr inbounds float, ptr %v13, i64 %v284
  %v286 = load float, ptr %v285, align 4
  %v288 = fsub float %v38, %v286
  %v289 = fmul float %v288, %v288
  %v290 = fadd float %v282, %v289
  %v291 = fcmp ole float %v109, %v290
  %v292 = xor i1 %v291, true
  %v293 = fcmp oeq float %v290, %v290
  %v294 = and i1 %v292, %v293
  %v295 = select i1 %v294, i32 32, i32 0
  %v296 = or i32 %v265, %v295
  %v297 = add nsw i32 %v111, 6
  %v298 = add nsw i32 %v297, 5
  %v299 = mul nsw i32 %v298, 3
  %v300 = sext i32 %v299 to i64
  %v301 = getelementptr inbounds float, ptr %v13, i64 %v300
  %v302 = load float, ptr %v301, align 4
  %v304 = fsub float %v28, %v302
  %v305 = fmul float %v304, %v304
  %v306 = add nsw i32 %v299, 1
  %v307 = sext i32 %v306 to i64
  %v308 = getelementptr inbounds float, ptr %v13, i64 %v307
  %v309 = load float, ptr %v308, align 4
  %v311 = fsub float %v33, %v309
  %v312 = fmul float %v311, %v311
  %v313 = fadd float %v305, %v312
  %v314 = add nsw i32 %v299, 2
  %v315 = sext i32 %v314 to i64
  %v316 = getelementptr inbounds float, ptr %v13, i64 %v315
  %v317 = load float, ptr %v316, align 4
  %v319 = fsub float %v38, %v317
  %v320 = fmul float %v319, %v319
  %v321 = fadd float %v313, %v320
  %v322 = fcmp ole float %v109, %v321
  %v323 = xor i1 %v322, true
  %v324 = fcmp oeq float %v321, %v321
  %v325 = and i1 %v323, %v324
  %v326 = select i1 %v325, i32 64, i32 0
  %v327 = or i32 %v296, %v326
  %v328 = add nsw i32 %v111, 7
  %v329 = add nsw i32 %v328, 5
  %v330 = mul nsw i32 %v329, 3
  %v331 = sext i32 %v330 to i64
  %v332 = getelementptr inbounds float, ptr %v13, i64 %v331
  %v333 = load float, ptr %v332, align 4
  %v335 = fsub float %v28, %v333
  %v336 = fmul float %v335, %v335
  %v337 = add nsw i32 %v330, 1
  %v338 = sext i32 %v337 to i64
  %v339 = getelementptr inbounds float, ptr %v13, i64 %v338
  %v340 = load float, ptr %v339, align 4
  %v342 = fsub float %v33, %v340
  %v343 = fmul float %v342, %v342
  %v344 = fadd float %v336, %v343
  %v345 = add nsw i32 %v330, 2
  %v346 = sext i32 %v345 to i64
  %v347 = getelementptr inbounds float, ptr %v13, i64 %v346
  %v348 = load float, ptr %v347, align 4
  %v350 = fsub float %v38, %v348
  %v351 = fmul float %v350, %v350
  %v352 = fadd float %v344, %v351
  %v353 = fcmp ole float %v109, %v352
  %v354 = xor i1 %v353, true
  %v355 = fcmp oeq float %v352, %v352
  %v356 = and i1 %v354, %v355
  %v357 = select i1 %v356, i32 128, i32 0
  %v358 = or i32 %v327, %v357
  store i32 %v358, ptr %v15, align 4
  %v360 = call i32 @llvm.ctpop.i32(i32 %v358)
  br label %loop3
loop3:
  %r3 = phi i32 [ 0, %loop2.body ], [ %r3.next, %loop3.latch ]
  %v361 = icmp slt i32 %r3, %v360
  br i1 %v361, label %loop3.body, label %loop3.exit
loop3.body:
  %v362 = load i32, ptr %v15, align 4
  %v364 = sub i32 %v362, 1
  %v365 = and i32 %v362, %v364
  store i32 %v365, ptr %v15, align 4
  %v367 = call i32 @llvm.cttz.i32(i32 %v362, i1 false)
  %v368 = call i32 @llvm.umin.i32(i32 %v367, i32 7)
  %v369 = add nsw i32 %v111, %v368
  %v370 = add nsw i32 %v369, 5
  %v371 = mul nsw i32 %v370, 3
  %v372 = sext i32 %v371 to i64
  %v373 = getelementptr inbounds float, ptr %v13, i64 %v372
  %v374 = load float, ptr %v373, align 4
  %v376 = fsub float %v28, %v374
  %v377 = fmul float %v376, %v376
  %v378 = add nsw i32 %v371, 1
  %v379 = sext i32 %v378 to i64
  %v380 = getelementptr inbounds float, ptr %v13, i64 %v379
  %v381 = load float, ptr %v380, align 4
  %v383 = fsub float %v33, %v381
  %v384 = fmul float %v383, %v383
  %v385 = fadd float %v377, %v384
  %v386 = add nsw i32 %v371, 2
  %v387 = sext i32 %v386 to i64
  %v388 = getelementptr inbounds float, ptr %v13, i64 %v387
  %v389 = load float, ptr %v388, align 4
  %v391 = fsub float %v38, %v389
  %v392 = fmul float %v391, %v391
  %v393 = fadd float %v385, %v392
  %v394 = load float, ptr %v4, align 4
  %v396 = load i32, ptr %v5, align 4
  %v398 = fcmp ole float %v394, %v393
  %v399 = xor i1 %v398, true
  %v400 = load float, ptr %v6, align 4
  %v402 = load i32, ptr %v7, align 4
  %v404 = fcmp ole float %v400, %v393
  %v405 = xor i1 %v404, true
  %v406 = load float, ptr %v8, align 4
  %v408 = load i32, ptr %v9, align 4
  %v410 = fcmp ole float %v406, %v393
  %v411 = xor i1 %v410, true
  %v412 = select i1 %v399, float %v393, float %v394
  %v413 = select i1 %v399, i32 %v370, i32 %v396
  store float %v412, ptr %v4, align 4
  store i32 %v413, ptr %v5, align 4
  %v416 = select i1 %v405, float %v393, float %v400
  %v417 = select i1 %v405, i32 %v370, i32 %v402
  %v418 = select i1 %v399, float %v394, float %v416
  %v419 = select i1 %v399, i32 %v396, i32 %v417
  store float %v418, ptr %v6, align 4
  store i32 %v419, ptr %v7, align 4
  %v422 = select i1 %v411, float %v393, float %v406
  %v423 = select i1 %v411, i32 %v370, i32 %v408
  %v424 = select i1 %v405, float %v400, float %v422
  %v425 = select i1 %v405, i32 %v402, i32 %v423
  store float %v424, ptr %v8, align 4
  store i32 %v425, ptr %v9, align 4
  br label %loop3.latch
loop3.latch:
  %r3.next = add nuw nsw i32 %r3, 1
  br label %loop3
loop3.exit:
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop4
loop4:
  %r4 = phi i32 [ 0, %loop2.exit ], [ %r4.next, %loop4.latch ]
  %v428 = icmp slt i32 %r4, 3
  br i1 %v428, label %loop4.body, label %loop4.exit
loop4.body:
  %v429 = add nsw i32 %v19, %r4
  %v430 = sext i32 %v429 to i64
  %v431 = getelementptr inbounds i32, ptr %v1, i64 %v430
  %v432 = sext i32 %r4 to i64
  %v433 = getelementptr inbounds i32, ptr %v3, i64 %v432
  %v434 = load i32, ptr %v433, align 4
  store i32 %v434, ptr %v431, align 4
  br label %loop4.latch
loop4.latch:
  %r4.next = add nuw nsw i32 %r4, 1
  br label %loop4
loop4.exit:
  br label %loop0.latch
loop0.latch:
  %r0.next = add nuw nsw i32 %r0, 1
  br label %loop0
loop0.exit:
  ret void
}

declare i32 @llvm.ctpop.i32(i32)
declare i32 @llvm.cttz.i32(i32, i1)
declare i32 @llvm.umin.i32(i32, i32)

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
  %v14 = alloca [1 x i32], align 4
  %v4 = getelementptr inbounds float, ptr %v2, i64 0
  %v5 = getelementptr inbounds i32, ptr %v3, i64 0
  %v6 = getelementptr inbounds float, ptr %v2, i64 1
  %v7 = getelementptr inbounds i32, ptr %v3, i64 1
  %v8 = getelementptr inbounds float, ptr %v2, i64 2
  %v9 = getelementptr inbounds i32, ptr %v3, i64 2
  %v15 = getelementptr inbounds i32, ptr %v14, i64 0
  %v16 = trunc i64 %start to i32
  %v17 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v16, %entry ], [ %r0.next, %loop0.latch ]
  %v18 = icmp slt i32 %r0, %v17
  br i1 %v18, label %loop0.body, label %loop0.exit
loop0.body:
  %v19 = mul nsw i32 %r0, 3
  store float 0x7FF0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x7FF0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x7FF0000000000000, ptr %v8, align 4
  store i32 -1, ptr %v9, align 4
  %v26 = sext i32 %v19 to i64
  %v27 = getelementptr inbounds float, ptr %v11, i64 %v26
  %v28 = load float, ptr %v27, align 4
  %v30 = add nsw i32 %v19, 1
  %v31 = sext i32 %v30 to i64
  %v32 = getelementptr inbounds float, ptr %v11, i64 %v31
  %v33 = load float, ptr %v32, align 4
  %v35 = add nsw i32 %v19, 2
  %v36 = sext i32 %v35 to i64
  %v37 = getelementptr inbounds float, ptr %v11, i64 %v36
  %v38 = load float, ptr %v37, align 4
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v40 = icmp slt i32 %r1, 5
  br i1 %v40, label %loop1.body, label %loop1.exit
loop1.body:
  %v41 = mul nsw i32 %r1, 3
  %v42 = sext i32 %v41 to i64
  %v43 = getelementptr inbounds float, ptr %v13, i64 %v42
  %v44 = load float, ptr %v43, align 4
  %v46 = fsub float %v28, %v44
  %v47 = fmul float %v46, %v46
  %v48 = add nsw i32 %v41, 1
  %v49 = sext i32 %v48 to i64
  %v50 = getelementptr inbounds float, ptr %v13, i64 %v49
  %v51 = load float, ptr %v50, align 4
  %v53 = fsub float %v33, %v51
  %v54 = fmul float %v53, %v53
  %v55 = fadd float %v47, %v54
  %v56 = add nsw i32 %v41, 2
  %v57 = sext i32 %v56 to i64
  %v58 = getelementptr inbounds float, ptr %v13, i64 %v57
  %v59 = load float, ptr %v58, align 4
  %v61 = fsub float %v38, %v59
  %v62 = fmul float %v61, %v61
  %v63 = fadd float %v55, %v62
  %v64 = load float, ptr %v4, align 4
  %v66 = load i32, ptr %v5, align 4
  %v68 = fcmp ole float %v64, %v63
  %v69 = xor i1 %v68, true
  %v70 = fcmp oeq float %v63, %v63
  %v71 = and i1 %v69, %v70
  %v72 = icmp slt i32 %v66, 0
  %v73 = or i1 %v72, %v71
  %v74 = load float, ptr %v6, align 4
  %v76 = load i32, ptr %v7, align 4
  %v78 = fcmp ole float %v74, %v63
  %v79 = xor i1 %v78, true
  %v80 = and i1 %v79, %v70
  %v81 = icmp slt i32 %v76, 0
  %v82 = or i1 %v81, %v80
  %v83 = load float, ptr %v8, align 4
  %v85 = load i32, ptr %v9, align 4
  %v87 = fcmp ole float %v83, %v63
  %v88 = xor i1 %v87, true
  %v89 = and i1 %v88, %v70
  %v90 = icmp slt i32 %v85, 0
  %v91 = or i1 %v90, %v89
  %v92 = select i1 %v73, float %v63, float %v64
  %v93 = select i1 %v73, i32 %r1, i32 %v66
  store float %v92, ptr %v4, align 4
  store i32 %v93, ptr %v5, align 4
  %v96 = select i1 %v82, float %v63, float %v74
  %v97 = select i1 %v82, i32 %r1, i32 %v76
  %v98 = select i1 %v73, float %v64, float %v96
  %v99 = select i1 %v73, i32 %v66, i32 %v97
  store float %v98, ptr %v6, align 4
  store i32 %v99, ptr %v7, align 4
  %v102 = select i1 %v91, float %v63, float %v83
  %v103 = select i1 %v91, i32 %r1, i32 %v85
  %v104 = select i1 %v82, float %v74, float %v102
  %v105 = select i1 %v82, i32 %v76, i32 %v103
  store float %v104, ptr %v8, align 4
  store i32 %v105, ptr %v9, align 4
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v108 = icmp slt i32 %r2, 3
  br i1 %v108, label %loop2.body, label %loop2.exit
loop2.body:
  %v109 = load float, ptr %v8, align 4
  %v111 = mul nsw i32 %r2, 8
  %v112 = add nsw i32 %v111, 0
  %v113 = add nsw i32 %v112, 5
  %v114 = mul nsw i32 %v113, 3
  %v115 = sext i32 %v114 to i64
  %v116 = getelementptr inbounds float, ptr %v13, i64 %v115
  %v117 = load float, ptr %v116, align 4
  %v119 = fsub float %v28, %v117
  %v120 = fmul float %v119, %v119
  %v121 = add nsw i32 %v114, 1
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v13, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = fsub float %v33, %v124
  %v127 = fmul float %v126, %v126
  %v128 = fadd float %v120, %v127
  %v129 = add nsw i32 %v114, 2
  %v130 = sext i32 %v129 to i64
  %v131 = getelementptr inbounds float, ptr %v13, i64 %v130
  %v132 = load float, ptr %v131, align 4
  %v134 = fsub float %v38, %v132
  %v135 = fmul float %v134, %v134
  %v136 = fadd float %v128, %v135
  %v137 = fcmp ole float %v109, %v136
  %v138 = xor i1 %v137, true
  %v139 = fcmp oeq float %v136, %v136
  %v140 = and i1 %v138, %v139
  %v141 = select i1 %v140, i32 1, i32 0
  %v142 = add nsw i32 %v111, 1
  %v143 = add nsw i32 %v142, 5
  %v144 = mul nsw i32 %v143, 3
  %v145 = sext i32 %v144 to i64
  %v146 = getelementptr inbounds float, ptr %v13, i64 %v145
  %v147 = load float, ptr %v146, align 4
  %v149 = fsub float %v28, %v147
  %v150 = fmul float %v149, %v149
  %v151 = add nsw i32 %v144, 1
  %v152 = sext i32 %v151 to i64
  %v153 = getelementptr inbounds float, ptr %v13, i64 %v152
  %v154 = load float, ptr %v153, align 4
  %v156 = fsub float %v33, %v154
  %v157 = fmul float %v156, %v156
  %v158 = fadd float %v150, %v157
  %v159 = add nsw i32 %v144, 2
  %v160 = sext i32 %v159 to i64
  %v161 = getelementptr inbounds float, ptr %v13, i64 %v160
  %v162 = load float, ptr %v161, align 4
  %v164 = fsub float %v38, %v162
  %v165 = fmul float %v164, %v164
  %v166 = fadd float %v158, %v165
  %v167 = fcmp ole float %v109, %v166
  %v168 = xor i1 %v167, true
  %v169 = fcmp oeq float %v166, %v166
  %v170 = and i1 %v168, %v169
  %v171 = select i1 %v170, i32 2, i32 0
  %v172 = or i32 %v141, %v171
  %v173 = add nsw i32 %v111, 2
  %v174 = add nsw i32 %v173, 5
  %v175 = mul nsw i32 %v174, 3
  %v176 = sext i32 %v175 to i64
  %v177 = getelementptr inbounds float, ptr %v13, i64 %v176
  %v178 = load float, ptr %v177, align 4
  %v180 = fsub float %v28, %v178
  %v181 = fmul float %v180, %v180
  %v182 = add nsw i32 %v175, 1
  %v183 = sext i32 %v182 to i64
  %v184 = getelementptr inbounds float, ptr %v13, i64 %v183
  %v185 = load float, ptr %v184, align 4
  %v187 = fsub float %v33, %v185
  %v188 = fmul float %v187, %v187
  %v189 = fadd float %v181, %v188
  %v190 = add nsw i32 %v175, 2
  %v191 = sext i32 %v190 to i64
  %v192 = getelementptr inbounds float, ptr %v13, i64 %v191
  %v193 = load float, ptr %v192, align 4
  %v195 = fsub float %v38, %v193
  %v196 = fmul float %v195, %v195
  %v197 = fadd float %v189, %v196
  %v198 = fcmp ole float %v109, %v197
  %v199 = xor i1 %v198, true
  %v200 = fcmp oeq float %v197, %v197
  %v201 = and i1 %v199, %v200
  %v202 = select i1 %v201, i32 4, i32 0
  %v203 = or i32 %v172, %v202
  %v204 = add nsw i32 %v111, 3
  %v205 = add nsw i32 %v204, 5
  %v206 = mul nsw i32 %v205, 3
  %v207 = sext i32 %v206 to i64
  %v208 = getelementptr inbounds float, ptr %v13, i64 %v207
  %v209 = load float, ptr %v208, align 4
  %v211 = fsub float %v28, %v209
  %v212 = fmul float %v211, %v211
  %v213 = add nsw i32 %v206, 1
  %v214 = sext i32 %v213 to i64
  %v215 = getelementptr inbounds float, ptr %v13, i64 %v214
  %v216 = load float, ptr %v215, align 4
  %v218 = fsub float %v33, %v216
  %v219 = fmul float %v218, %v218
  %v220 = fadd float %v212, %v219
  %v221 = add nsw i32 %v206, 2
  %v222 = sext i32 %v221 to i64
  %v223 = getelementptr inbounds float, ptr %v13, i64 %v222
  %v224 = load float, ptr %v223, align 4
  %v226 = fsub float %v38, %v224
  %v227 = fmul float %v226, %v226
  %v228 = fadd float %v220, %v227
  %v229 = fcmp ole float %v109, %v228
  %v230 = xor i1 %v229, true
  %v231 = fcmp oeq float %v228, %v228
  %v232 = and i1 %v230, %v231
  %v233 = select i1 %v232, i32 8, i32 0
  %v234 = or i32 %v203, %v233
  %v235 = add nsw i32 %v111, 4
  %v236 = add nsw i32 %v235, 5
  %v237 = mul nsw i32 %v236, 3
  %v238 = sext i32 %v237 to i64
  %v239 = getelementptr inbounds float, ptr %v13, i64 %v238
  %v240 = load float, ptr %v239, align 4
  %v242 = fsub float %v28, %v240
  %v243 = fmul float %v242, %v242
  %v244 = add nsw i32 %v237, 1
  %v245 = sext i32 %v244 to i64
  %v246 = getelementptr inbounds float, ptr %v13, i64 %v245
  %v247 = load float, ptr %v246, align 4
  %v249 = fsub float %v33, %v247
  %v250 = fmul float %v249, %v249
  %v251 = fadd float %v243, %v250
  %v252 = add nsw i32 %v237, 2
  %v253 = sext i32 %v252 to i64
  %v254 = getelementptr inbounds float, ptr %v13, i64 %v253
  %v255 = load float, ptr %v254, align 4
  %v257 = fsub float %v38, %v255
  %v258 = fmul float %v257, %v257
  %v259 = fadd float %v251, %v258
  %v260 = fcmp ole float %v109, %v259
  %v261 = xor i1 %v260, true
  %v262 = fcmp oeq float %v259, %v259
  %v263 = and i1 %v261, %v262
  %v264 = select i1 %v263, i32 16, i32 0
  %v265 = or i32 %v234, %v264
  %v266 = add nsw i32 %v111, 5
  %v267 = add nsw i32 %v266, 5
  %v268 = mul nsw i32 %v267, 3
  %v269 = sext i32 %v268 to i64
  %v270 = getelementptr inbounds float, ptr %v13, i64 %v269
  %v271 = load float, ptr %v270, align 4
  %v273 = fsub float %v28, %v271
  %v274 = fmul float %v273, %v273
  %v275 = add nsw i32 %v268, 1
  %v276 = sext i32 %v275 to i64
  %v277 = getelementptr inbounds float, ptr %v13, i64 %v276
  %v278 = load float, ptr %v277, align 4
  %v280 = fsub float %v33, %v278
  %v281 = fmul float %v280, %v280
  %v282 = fadd float %v274, %v281
  %v283 = add nsw i32 %v268, 2
  %v284 = sext i32 %v283 to i64
  %v285 = getelementptr inbounds float, ptr %v13, i64 %v284
  %v286 = load float, ptr %v285, align 4
  %v288 = fsub float %v38, %v286
  %v289 = fmul float %v288, %v288
  %v290 = fadd float %v282, %v289
  %v291 = fcmp ole float %v109, %v290
  %v292 = xor i1 %v291, true
  %v293 = fcmp oeq float %v290, %v290
  %v294 = and i1 %v292, %v293
  %v295 = select i1 %v294, i32 32, i32 0
  %v296 = or i32 %v265, %v295
  %v297 = add nsw i32 %v111, 6
  %v298 = add nsw i32 %v297, 5
  %v299 = mul nsw i32 %v298, 3
  %v300 = sext i32 %v299 to i64
  %v301 = getelementptr inbounds float, ptr %v13, i64 %v300
  %v302 = load float, ptr %v301, align 4
  %v304 = fsub float %v28, %v302
  %v305 = fmul float %v304, %v304
  %v306 = add nsw i32 %v299, 1
  %v307 = sext i32 %v306 to i64
  %v308 = getelementptr inbounds float, ptr %v13, i64 %v307
  %v309 = load float, ptr %v308, align 4
  %v311 = fsub float %v33, %v309
  %v312 = fmul float %v311, %v311
  %v313 = fadd float %v305, %v312
  %v314 = add nsw i32 %v299, 2
  %v315 = sext i32 %v314 to i64
  %v316 = getelementptr inbounds float, ptr %v13, i64 %v315
  %v317 = load float, ptr %v316, align 4
  %v319 = fsub float %v38, %v317
  %v320 = fmul float %v319, %v319
  %v321 = fadd float %v313, %v320
  %v322 = fcmp ole float %v109, %v321
  %v323 = xor i1 %v322, true
  %v324 = fcmp oeq float %v321, %v321
  %v325 = and i1 %v323, %v324
  %v326 = select i1 %v325, i32 64, i32 0
  %v327 = or i32 %v296, %v326
  %v328 = add nsw i32 %v111, 7
  %v329 = add nsw i32 %v328, 5
  %v330 = mul nsw i32 %v329, 3
  %v331 = sext i32 %v330 to i64
  %v332 = getelementptr inbounds float, ptr %v13, i64 %v331
  %v333 = load float, ptr %v332, align 4
  %v335 = fsub float %v28, %v333
  %v336 = fmul float %v335, %v335
  %v337 = add nsw i32 %v330, 1
  %v338 = sext i32 %v337 to i64
  %v339 = getelementptr inbounds float, ptr %v13, i64 %v338
  %v340 = load float, ptr %v339, align 4
  %v342 = fsub float %v33, %v340
  %v343 = fmul float %v342, %v342
  %v344 = fadd float %v336, %v343
  %v345 = add nsw i32 %v330, 2
  %v346 = sext i32 %v345 to i64
  %v347 = getelementptr inbounds float, ptr %v13, i64 %v346
  %v348 = load float, ptr %v347, align 4
  %v350 = fsub float %v38, %v348
  %v351 = fmul float %v350, %v350
  %v352 = fadd float %v344, %v351
  %v353 = fcmp ole float %v109, %v352
  %v354 = xor i1 %v353, true
  %v355 = fcmp oeq float %v352, %v352
  %v356 = and i1 %v354, %v355
  %v357 = select i1 %v356, i32 128, i32 0
  %v358 = or i32 %v327, %v357
  store i32 %v358, ptr %v15, align 4
  %v360 = call i32 @llvm.ctpop.i32(i32 %v358)
  br label %loop3
loop3:
  %r3 = phi i32 [ 0, %loop2.body ], [ %r3.next, %loop3.latch ]
  %v361 = icmp slt i32 %r3, %v360
  br i1 %v361, label %loop3.body, label %loop3.exit
loop3.body:
  %v362 = load i32, ptr %v15, align 4
  %v364 = sub i32 %v362, 1
  %v365 = and i32 %v362, %v364
  store i32 %v365, ptr %v15, align 4
  %v367 = call i32 @llvm.cttz.i32(i32 %v362, i1 false)
  %v368 = call i32 @llvm.umin.i32(i32 %v367, i32 7)
  %v369 = add nsw i32 %v111, %v368
  %v370 = add nsw i32 %v369, 5
  %v371 = mul nsw i32 %v370, 3
  %v372 = sext i32 %v371 to i64
  %v373 = getelementptr inbounds float, ptr %v13, i64 %v372
  %v374 = load float, ptr %v373, align 4
  %v376 = fsub float %v28, %v374
  %v377 = fmul float %v376, %v376
  %v378 = add nsw i32 %v371, 1
  %v379 = sext i32 %v378 to i64
  %v380 = getelementptr inbounds float, ptr %v13, i64 %v379
  %v381 = load float, ptr %v380, align 4
  %v383 = fsub float %v33, %v381
  %v384 = fmul float %v383, %v383
  %v385 = fadd float %v377, %v384
  %v386 = add nsw i32 %v371, 2
  %v387 = sext i32 %v386 to i64
  %v388 = getelementptr inbounds float, ptr %v13, i64 %v387
  %v389 = load float, ptr %v388, align 4
  %v391 = fsub float %v38, %v389
  %v392 = fmul float %v391, %v391
  %v393 = fadd float %v385, %v392
  %v394 = load float, ptr %v4, align 4
  %v396 = load i32, ptr %v5, align 4
  %v398 = fcmp ole float %v394, %v393
  %v399 = xor i1 %v398, true
  %v400 = load float, ptr %v6, align 4
  %v402 = load i32, ptr %v7, align 4
  %v404 = fcmp ole float %v400, %v393
  %v405 = xor i1 %v404, true
  %v406 = load float, ptr %v8, align 4
  %v408 = load i32, ptr %v9, align 4
  %v410 = fcmp ole float %v406, %v393
  %v411 = xor i1 %v410, true
  %v412 = select i1 %v399, float %v393, float %v394
  %v413 = select i1 %v399, i32 %v370, i32 %v396
  store float %v412, ptr %v4, align 4
  store i32 %v413, ptr %v5, align 4
  %v416 = select i1 %v405, float %v393, float %v400
  %v417 = select i1 %v405, i32 %v370, i32 %v402
  %v418 = select i1 %v399, float %v394, float %v416
  %v419 = select i1 %v399, i32 %v396, i32 %v417
  store float %v418, ptr %v6, align 4
  store i32 %v419, ptr %v7, align 4
  %v422 = select i1 %v411, float %v393, float %v406
  %v423 = select i1 %v411, i32 %v370, i32 %v408
  %v424 = select i1 %v405, float %v400, float %v422
  %v425 = select i1 %v405, i32 %v402, i32 %v423
  store float %v424, ptr %v8, align 4
  store i32 %v425, ptr %v9, align 4
  br label %loop3.latch
loop3.latch:
  %r3.next = add nuw nsw i32 %r3, 1
  br label %loop3
loop3.exit:
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop4
loop4:
  %r4 = phi i32 [ 0, %loop2.exit ], [ %r4.next, %loop4.latch ]
  %v428 = icmp slt i32 %r4, 3
  br i1 %v428, label %loop4.body, label %loop4.exit
loop4.body:
  %v429 = add nsw i32 %v19, %r4
  %v430 = sext i32 %v429 to i64
  %v431 = getelementptr inbounds i32, ptr %v1, i64 %v430
  %v432 = sext i32 %r4 to i64
  %v433 = getelementptr inbounds i32, ptr %v3, i64 %v432
  %v434 = load i32, ptr %v433, align 4
  store i32 %v434, ptr %v431, align 4
  br label %loop4.latch
loop4.latch:
  %r4.next = add nuw nsw i32 %r4, 1
  br label %loop4
loop4.exit:
  br label %loop0.latch
loop0.latch:
  %r0.next = add nuw nsw i32 %r0, 1
  br label %loop0
loop0.exit:
  ret void
}

declare i32 @llvm.ctpop.i32(i32)
declare i32 @llvm.cttz.i32(i32, i1)
declare i32 @llvm.umin.i32(i32, i32)

attributes #0 = { nounwind }

