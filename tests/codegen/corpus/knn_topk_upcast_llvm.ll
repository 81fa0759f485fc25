; ==== r_16_3 opts []
; lmc kernel r_16_3
define void @"r_16_3"(ptr noalias nocapture readonly %bufs, ptr noalias nocapture readonly %vars, i64 %start, i64 %end) #0 {
entry:
  %v0 = getelementptr inbounds ptr, ptr %bufs, i64 2
  %v1 = load ptr, ptr %v0, align 8
  %v2 = alloca [3 x float], align 4
  %v3 = alloca [3 x i32], align 4
  %v10 = alloca [1 x i32], align 4
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
  %v11 = getelementptr inbounds i32, ptr %v10, i64 0
  %v16 = trunc i64 %start to i32
  %v17 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v16, %entry ], [ %r0.next, %loop0.latch ]
  %v18 = icmp slt i32 %r0, %v17
  br i1 %v18, label %loop0.body, label %loop0.exit
loop0.body:
  %v19 = mul nsw i32 %r0, 3
  store float 0x3FE0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x3FE0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x3FE0000000000000, ptr %v8, align 4
  store i32 -1, ptr %v9, align 4
  %v26 = sext i32 %v19 to i64
  %v27 = getelementptr inbounds float, ptr %v13, i64 %v26
  %v28 = load float, ptr %v27, align 4
  %v30 = add nsw i32 %v19, 1
  %v31 = sext i32 %v30 to i64
  %v32 = getelementptr inbounds float, ptr %v13, i64 %v31
  %v33 = load float, ptr %v32, align 4
  %v35 = add nsw i32 %v19, 2
  %v36 = sext i32 %v35 to i64
  %v37 = getelementptr inbounds float, ptr %v13, i64 %v36
  %v38 = load float, ptr %v37, align 4
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v40 = icmp slt i32 %r1, 5
  br i1 %v40, label %loop1.body, label %loop1.exit
loop1.body:
  %v41 = mul nsw i32 %r1, 16
  %v42 = add nsw i32 %v41, 0
  %v43 = mul nsw i32 %v42, 3
  %v44 = sext i32 %v43 to i64
  %v45 = getelementptr inbounds float, ptr %v15, i64 %v44
  %v46 = load float, ptr %v45, align 4
  %v48 = fsub float %v28, %v46
  %v49 = fmul float %v48, %v48
  %v50 = add nsw i32 %v43, 1
  %v51 = sext i32 %v50 to i64
  %v52 = getelementptr inbounds float, ptr %v15, i64 %v51
  %v53 = load float, ptr %v52, align 4
  %v55 = fsub float %v33, %v53
  %v56 = fmul float %v55, %v55
  %v57 = fadd float %v49, %v56
  %v58 = add nsw i32 %v43, 2
  %v59 = sext i32 %v58 to i64
  %v60 = getelementptr inbounds float, ptr %v15, i64 %v59
  %v61 = load float, ptr %v60, align 4
  %v63 = fsub float %v38, %v61
  %v64 = fmul float %v63, %v63
  %v65 = fadd float %v57, %v64
  %v66 = load float, ptr %v8, align 4
  %v68 = fcmp olt float %v65, %v66
  %v69 = select i1 %v68, i32 1, i32 0
  %v70 = add nsw i32 %v41, 1
  %v71 = mul nsw i32 %v70, 3
  %v72 = sext i32 %v71 to i64
  %v73 = getelementptr inbounds float, ptr %v15, i64 %v72
  %v74 = load float, ptr %v73, align 4
  %v76 = fsub float %v28, %v74
  %v77 = fmul float %v76, %v76
  %v78 = add nsw i32 %v71, 1
  %v79 = sext i32 %v78 to i64
  %v80 = getelementptr inbounds float, ptr %v15, i64 %v79
  %v81 = load float, ptr %v80, align 4
  %v83 = fsub float %v33, %v81
  %v84 = fmul float %v83, %v83
  %v85 = fadd float %v77, %v84
  %v86 = add nsw i32 %v71, 2
  %v87 = sext i32 %v86 to i64
  %v88 = getelementptr inbounds float, ptr %v15, i64 %v87
  %v89 = load float, ptr %v88, align 4
  %v91 = fsub float %v38, %v89
  %v92 = fmul float %v91, %v91
  %v93 = fadd float %v85, %v92
  %v94 = fcmp olt float %v93, %v66
  %v95 = select i1 %v94, i32 2, i32 0
  %v96 = or i32 %v69, %v95
  %v97 = add nsw i32 %v41, 2
  %v98 = mul nsw i32 %v97, 3
  %v99 = sext i32 %v98 to i64
  %v100 = getelementptr inbounds float, ptr %v15, i64 %v99
  %v101 = load float, ptr %v100, align 4
  %v103 = fsub float %v28, %v101
  %v104 = fmul float %v103, %v103
  %v105 = add nsw i32 %v98, 1
  %v106 = sext i32 %v105 to i64
  %v107 = getelementptr inbounds float, ptr %v15, i64 %v106
  %v108 = load float, ptr %v107, align 4
  %v110 = fsub float %v33, %v108
  %v111 = fmul float %v110, %v110
  %v112 = fadd float %v104, %v111
  %v113 = add nsw i32 %v98, 2
  %v114 = sext i32 %v113 to i64
  %v115 = getelementptr inbounds float, ptr %v15, i64 %v114
  %v116 = load float, ptr %v115, align 4
  %v118 = fsub float %v38, %v116
  %v119 = fmul float %v118, %v118
  %v120 = fadd float %v112, %v119
  %v121 = fcmp olt float %v120, %v66
  %v122 = select i1 %v121, i32 4, i32 0
  %v123 = or i32 %v96, %v122
  %v124 = add nsw i32 %v41, 3
  %v125 = mul nsw i32 %v124, 3
  %v126 = sext i32 %v125 to i64
  %v127 = getelementptr inbounds float, ptr %v15, i64 %v126
  %v128 = load float, ptr %v127, align 4
  %v130 = fsub float %v28, %v128
  %v131 = fmul float %v130, %v130
  %v132 = add nsw i32 %v125, 1
  %v133 = sext i32 %v132 to i64
  %v134 = getelementptr inbounds float, ptr %v15, i64 %v133
  %v135 = load float, ptr %v134, align 4
  %v137 = fsub float %v33, %v135
  %v138 = fmul float %v137, %v137
  %v139 = fadd float %v131, %v138
  %v140 = add nsw i32 %v125, 2
  %v141 = sext i32 %v140 to i64
  %v142 = getelementptr inbounds float, ptr %v15, i64 %v141
  %v143 = load float, ptr %v142, align 4
  %v145 = fsub float %v38, %v143
  %v146 = fmul float %v145, %v145
  %v147 = fadd float %v139, %v146
  %v148 = fcmp olt float %v147, %v66
  %v149 = select i1 %v148, i32 8, i32 0
  %v150 = or i32 %v123, %v149
  %v151 = add nsw i32 %v41, 4
  %v152 = mul nsw i32 %v151, 3
  %v153 = sext i32 %v152 to i64
  %v154 = getelementptr inbounds float, ptr %v15, i64 %v153
  %v155 = load float, ptr %v154, align 4
  %v157 = fsub float %v28, %v155
  %v158 = fmul float %v157, %v157
  %v159 = add nsw i32 %v152, 1
  %v160 = sext i32 %v159 to i64
  %v161 = getelementptr inbounds float, ptr %v15, i64 %v160
  %v162 = load float, ptr %v161, align 4
  %v164 = fsub float %v33, %v162
  %v165 = fmul float %v164, %v164
  %v166 = fadd float %v158, %v165
  %v167 = add nsw i32 %v152, 2
  %v168 = sext i32 %v167 to i64
  %v169 = getelementptr inbounds float, ptr %v15, i64 %v168
  %v170 = load float, ptr %v169, align 4
  %v172 = fsub float %v38, %v170
  %v173 = fmul float %v172, %v172
  %v174 = fadd float %v166, %v173
  %v175 = fcmp olt float %v174, %v66
  %v176 = select i1 %v175, i32 16, i32 0
  %v177 = or i32 %v150, %v176
  %v178 = add nsw i32 %v41, 5
  %v179 = mul nsw i32 %v178, 3
  %v180 = sext i32 %v179 to i64
  %v181 = getelementptr inbounds float, ptr %v15, i64 %v180
  %v182 = load float, ptr %v181, align 4
  %v184 = fsub float %v28, %v182
  %v185 = fmul float %v184, %v184
  %v186 = add nsw i32 %v179, 1
  %v187 = sext i32 %v186 to i64
  %v188 = getelementptr inbounds float, ptr %v15, i64 %v187
  %v189 = load float, ptr %v188, align 4
  %v191 = fsub float %v33, %v189
  %v192 = fmul float %v191, %v191
  %v193 = fadd float %v185, %v192
  %v194 = add nsw i32 %v179, 2
  %v195 = sext i32 %v194 to i64
  %v196 = getelementptr inbounds float, ptr %v15, i64 %v195
  %v197 = load float, ptr %v196, align 4
  %v199 = fsub float %v38, %v197
  %v200 = fmul float %v199, %v199
  %v201 = fadd float %v193, %v200
  %v202 = fcmp olt float %v201, %v66
  %v203 = select i1 %v202, i32 32, i32 0
  %v204 = or i32 %v177, %v203
  %v205 = add nsw i32 %v41, 6
  %v206 = mul nsw i32 %v205, 3
  %v207 = sext i32 %v206 to i64
  %v208 = getelementptr inbounds float, ptr %v15, i64 %v207
  %v209 = load float, ptr %v208, align 4
  %v211 = fsub float %v28, %v209
  %v212 = fmul float %v211, %v211
  %v213 = add nsw i32 %v206, 1
  %v214 = sext i32 %v213 to i64
  %v215 = getelementptr inbounds float, ptr %v15, i64 %v214
  %v216 = load float, ptr %v215, align 4
  %v218 = fsub float %v33, %v216
  %v219 = fmul float %v218, %v218
  %v220 = fadd float %v212, %v219
  %v221 = add nsw i32 %v206, 2
  %v222 = sext i32 %v221 to i64
  %v223 = getelementptr inbounds float, ptr %v15, i64 %v222
  %v224 = load float, ptr %v223, align 4
  %v226 = fsub float %v38, %v224
  %v227 = fmul float %v226, %v226
  %v228 = fadd float %v220, %v227
  %v229 = fcmp olt float %v228, %v66
  %v230 = select i1 %v229, i32 64, i32 0
  %v231 = or i32 %v204, %v230
  %v232 = add nsw i32 %v41, 7
  %v233 = mul nsw i32 %v232, 3
  %v234 = sext i32 %v233 to i64
  %v235 = getelementptr inbounds float, ptr %v15, i64 %v234
  %v236 = load float, ptr %v235, align 4
  %v238 = fsub float %v28, %v236
  %v239 = fmul float %v238, %v238
  %v240 = add nsw i32 %v233, 1
  %v241 = sext i32 %v240 to i64
  %v242 = getelementptr inbounds float, ptr %v15, i64 %v241
  %v243 = load float, ptr %v242, align 4
  %v245 = fsub float %v33, %v243
  %v246 = fmul float %v245, %v245
  %v247 = fadd float %v239, %v246
  %v248 = add nsw i32 %v233, 2
  %v249 = sext i32 %v248 to i64
  %v250 = getelementptr inbounds float, ptr %v15, i64 %v249
  %v251 = load float, ptr %v250, align 4
  %v253 = fsub float %v38, %v251
  %v254 = fmul float %v253, %v253
  %v255 = fadd float %v247, %v254
  %v256 = fcmp olt float %v255, %v66
  %v257 = select i1 %v256, i32 128, i32 0
  %v258 = or i32 %v231, %v257
  %v259 = add nsw i32 %v41, 8
  %v260 = mul nsw i32 %v259, 3
  %v261 = sext i32 %v260 to i64
  %v262 = getelementptr inbounds float, ptr %v15, i64 %v261
  %v263 = load float, ptr %v262, align 4
  %v265 = fsub float %v28, %v263
  %v266 = fmul float %v265, %v265
  %v267 = add nsw i32 %v260, 1
  %v268 = sext i32 %v267 to i64
  %v269 = getelementptr inbounds float, ptr %v15, i64 %v268
  %v270 = load float, ptr %v269, align 4
  %v272 = fsub float %v33, %v270
  %v273 = fmul float %v272, %v272
  %v274 = fadd float %v266, %v273
  %v275 = add nsw i32 %v260, 2
  %v276 = sext i32 %v275 to i64
  %v277 = getelementptr inbounds float, ptr %v15, i64 %v276
  %v278 = load float, ptr %v277, align 4
  %v280 = fsub float %v38, %v278
  %v281 = fmul float %v280, %v280
  %v282 = fadd float %v274, %v281
  %v283 = fcmp olt float %v282, %v66
  %v284 = select i1 %v283, i32 256, i32 0
  %v285 = or i32 %v258, %v284
  %v286 = add nsw i32 %v41, 9
  %v287 = mul nsw i32 %v286, 3
  %v288 = sext i32 %v287 to i64
  %v289 = getelementptr inbounds float, ptr %v15, i64 %v288
  %v290 = load float, ptr %v289, align 4
  %v292 = fsub float %v28, %v290
  %v293 = fmul float %v292, %v292
  %v294 = add nsw i32 %v287, 1
  %v295 = sext i32 %v294 to i64
  %v296 = getelementptr inbounds float, ptr %v15, i64 %v295
  %v297 = load float, ptr %v296, align 4
  %v299 = fsub float %v33, %v297
  %v300 = fmul float %v299, %v299
  %v301 = fadd float %v293, %v300
  %v302 = add nsw i32 %v287, 2
  %v303 = sext i32 %v302 to i64
  %v304 = getelementptr inbounds float, ptr %v15, i64 %v303
  %v305 = load float, ptr %v304, align 4
  %v307 = fsub float %v38, %v305
  %v308 = fmul float %v307, %v307
  %v309 = fadd float %v301, %v308
  %v310 = fcmp olt float %v309, %v66
  %v311 = select i1 %v310, i32 512, i32 0
  %v312 = or i32 %v285, %v311
  %v313 = add nsw i32 %v41, 10
  %v314 = mul nsw i32 %v313, 3
  %v315 = sext i32 %v314 to i64
  %v316 = getelementptr inbounds float, ptr %v15, i64 %v315
  %v317 = load float, ptr %v316, align 4
  %v319 = fsub float %v28, %v317
  %v320 = fmul float %v319, %v319
  %v321 = add nsw i32 %v314, 1
  %v322 = sext i32 %v321 to i64
  %v323 = getelementptr inbounds float, ptr %v15, i64 %v322
  %v324 = load float, ptr %v323, align 4
  %v326 = fsub float %v33, %v324
  %v327 = fmul float %v326, %v326
  %v328 = fadd float %v320, %v327
  %v329 = add nsw i32 %v314, 2
  %v330 = sext i32 %v329 to i64
  %v331 = getelementptr inbounds float, ptr %v15, i64 %v330
  %v332 = load float, ptr %v331, align 4
  %v334 = fsub float %v38, %v332
  %v335 = fmul float %v334, %v334
  %v336 = fadd float %v328, %v335
  %v337 = fcmp olt float %v336, %v66
  %v338 = select i1 %v337, i32 1024, i32 0
  %v339 = or i32 %v312, %v338
  %v340 = add nsw i32 %v41, 11
  %v341 = mul nsw i32 %v340, 3
  %v342 = sext i32 %v341 to i64
  %v343 = getelementptr inbounds float, ptr %v15, i64 %v342
  %v344 = load float, ptr %v343, align 4
  %v346 = fsub float %v28, %v344
  %v347 = fmul float %v346, %v346
  %v348 = add nsw i32 %v341, 1
  %v349 = sext i32 %v348 to i64
  %v350 = getelementptr inbounds float, ptr %v15, i64 %v349
  %v351 = load float, ptr %v350, align 4
  %v353 = fsub float %v33, %v351
  %v354 = fmul float %v353, %v353
  %v355 = fadd float %v347, %v354
  %v356 = add nsw i32 %v341, 2
  %v357 = sext i32 %v356 to i64
  %v358 = getelementptr inbounds float, ptr %v15, i64 %v357
  %v359 = load float, ptr %v358, align 4
  %v361 = fsub float %v38, %v359
  %v362 = fmul float %v361, %v361
  %v363 = fadd float %v355, %v362
  %v364 = fcmp olt float %v363, %v66
  %v365 = select i1 %v364, i32 2048, i32 0
  %v366 = or i32 %v339, %v365
  %v367 = add nsw i32 %v41, 12
  %v368 = mul nsw i32 %v367, 3
  %v369 = sext i32 %v368 to i64
  %v370 = getelementptr inbounds float, ptr %v15, i64 %v369
  %v371 = load float, ptr %v370, align 4
  %v373 = fsub float %v28, %v371
  %v374 = fmul float %v373, %v373
  %v375 = add nsw i32 %v368, 1
  %v376 = sext i32 %v375 to i64
  %v377 = getelementptr inbounds float, ptr %v15, i64 %v376
  %v378 = load float, ptr %v377, align 4
  %v380 = fsub float %v33, %v378
  %v381 = fmul float %v380, %v380
  %v382 = fadd float %v374, %v381
  %v383 = add nsw i32 %v368, 2
  %v384 = sext i32 %v383 to i64
  %v385 = getelementptr inbounds float, ptr %v15, i64 %v384
  %v386 = load float, ptr %v385, align 4
  %v388 = fsub float %v38, %v386
  %v389 = fmul float %v388, %v388
  %v390 = fadd float %v382, %v389
  %v391 = fcmp olt float %v390, %v66
  %v392 = select i1 %v391, i32 4096, i32 0
  %v393 = or i32 %v366, %v392
  %v394 = add nsw i32 %v41, 13
  %v395 = mul nsw i32 %v394, 3
  %v396 = sext i32 %v395 to i64
  %v397 = getelementptr inbounds float, ptr %v15, i64 %v396
  %v398 = load float, ptr %v397, align 4
  %v400 = fsub float %v28, %v398
  %v401 = fmul float %v400, %v400
  %v402 = add nsw i32 %v395, 1
  %v403 = sext i32 %v402 to i64
  %v404 = getelementptr inbounds float, ptr %v15, i64 %v403
  %v405 = load float, ptr %v404, align 4
  %v407 = fsub float %v33, %v405
  %v408 = fmul float %v407, %v407
  %v409 = fadd float %v401, %v408
  %v410 = add nsw i32 %v395, 2
  %v411 = sext i32 %v410 to i64
  %v412 = getelementptr inbounds float, ptr %v15, i64 %v411
  %v413 = load float, ptr %v412, align 4
  %v415 = fsub float %v38, %v413
  %v416 = fmul float %v415, %v415
  %v417 = fadd float %v409, %v416
  %v418 = fcmp olt float %v417, %v66
  %v419 = select i1 %v418, i32 8192, i32 0
  %v420 = or i32 %v393, %v419
  %v421 = add nsw i32 %v41, 14
  %v422 = mul nsw i32 %v421, 3
  %v423 = sext i32 %v422 to i64
  %v424 = getelementptr inbounds float, ptr %v15, i64 %v423
  %v425 = load float, ptr %v424, align 4
  %v427 = fsub float %v28, %v425
  %v428 = fmul float %v427, %v427
  %v429 = add nsw i32 %v422, 1
  %v430 = sext i32 %v429 to i64
  %v431 = getelementptr inbounds float, ptr %v15, i64 %v430
  %v432 = load float, ptr %v431, align 4
  %v434 = fsub float %v33, %v432
  %v435 = fmul float %v434, %v434
  %v436 = fadd float %v428, %v435
  %v437 = add nsw i32 %v422, 2
  %v438 = sext i32 %v437 to i64
  %v439 = getelementptr inbounds float, ptr %v15, i64 %v438
  %v440 = load float, ptr %v439, align 4
  %v442 = fsub float %v38, %v440
  %v443 = fmul float %v442, %v442
  %v444 = fadd float %v436, %v443
  %v445 = fcmp olt float %v444, %v66
  %v446 = select i1 %v445, i32 16384, i32 0
  %v447 = or i32 %v420, %v446
  %v448 = add nsw i32 %v41, 15
  %v449 = mul nsw i32 %v448, 3
  %v450 = sext i32 %v449 to i64
  %v451 = getelementptr inbounds float, ptr %v15, i64 %v450
  %v452 = load float, ptr %v451, align 4
  %v454 = fsub float %v28, %v452
  %v455 = fmul float %v454, %v454
  %v456 = add nsw i32 %v449, 1
  %v457 = sext i32 %v456 to i64
  %v458 = getelementptr inbounds float, ptr %v15, i64 %v457
  %v459 = load float, ptr %v458, align 4
  %v461 = fsub float %v33, %v459
  %v462 = fmul float %v461, %v461
  %v463 = fadd float %v455, %v462
  %v464 = add nsw i32 %v449, 2
  %v465 = sext i32 %v464 to i64
  %v466 = getelementptr inbounds float, ptr %v15, i64 %v465
  %v467 = load float, ptr %v466, align 4
  %v469 = fsub float %v38, %v467
  %v470 = fmul float %v469, %v469
  %v471 = fadd float %v463, %v470
  %v472 = fcmp olt float %v471, %v66
  %v473 = select i1 %v472, i32 32768, i32 0
  %v474 = or i32 %v447, %v473
  store i32 %v474, ptr %v11, align 4
  %v476 = call i32 @llvm.ctpop.i32(i32 %v474)
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.body ], [ %r2.next, %loop2.latch ]
  %v477 = icmp slt i32 %r2, %v476
  br i1 %v477, label %loop2.body, label %loop2.exit
loop2.body:
  %v478 = load i32, ptr %v11, align 4
  %v480 = sub i32 %v478, 1
  %v481 = and i32 %v478, %v480
  store i32 %v481, ptr %v11, align 4
  %v483 = call i32 @llvm.cttz.i32(i32 %v478, i1 false)
  %v484 = call i32 @llvm.umin.i32(i32 %v483, i32 15)
  %v485 = add nsw i32 %v41, %v484
  %v486 = mul nsw i32 %v485, 3
  %v487 = sext i32 %v486 to i64
  %v488 = getelementptr inbounds float, ptr %v15, i64 %v487
  %v489 = load float, ptr %v488, align 4
  %v491 = fsub float %v28, %v489
  %v492 = fmul float %v491, %v491
  %v493 = add nsw i32 %v486, 1
  %v494 = sext i32 %v493 to i64
  %v495 = getelementptr inbounds float, ptr %v15, i64 %v494
  %v496 = load float, ptr %v495, align 4
  %v498 = fsub float %v33, %v496
  %v499 = fmul float %v498, %v498
  %v500 = fadd float %v492, %v499
  %v501 = add nsw i32 %v486, 2
  %v502 = sext i32 %v501 to i64
  %v503 = getelementptr inbounds float, ptr %v15, i64 %v502
  %v504 = load float, ptr %v503, align 4
  %v506 = fsub float %v38, %v504
  %v507 = fmul float %v506, %v506
  %v508 = fadd float %v500, %v507
  %v509 = load float, ptr %v4, align 4
  %v511 = load i32, ptr %v5, align 4
  %v513 = fcmp olt float %v508, %v509
  %v514 = load float, ptr %v6, align 4
  %v516 = load i32, ptr %v7, align 4
  %v518 = fcmp olt float %v508, %v514
  %v519 = load float, ptr %v8, align 4
  %v521 = load i32, ptr %v9, align 4
  %v523 = fcmp olt float %v508, %v519
  %v524 = select i1 %v513, float %v508, float %v509
  %v525 = select i1 %v513, i32 %v485, i32 %v511
  store float %v524, ptr %v4, align 4
  store i32 %v525, ptr %v5, align 4
  %v528 = select i1 %v518, float %v508, float %v514
  %v529 = select i1 %v518, i32 %v485, i32 %v516
  %v530 = select i1 %v513, float %v509, float %v528
  %v531 = select i1 %v513, i32 %v511, i32 %v529
  store float %v530, ptr %v6, align 4
  store i32 %v531, ptr %v7, align 4
  %v534 = select i1 %v523, float %v508, float %v519
  %v535 = select i1 %v523, i32 %v485, i32 %v521
  %v536 = select i1 %v518, float %v514, float %v534
  %v537 = select i1 %v518, i32 %v516, i32 %v535
  store float %v536, ptr %v8, align 4
  store i32 %v537, ptr %v9, align 4
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop3
loop3:
  %r3 = phi i32 [ 0, %loop1.exit ], [ %r3.next, %loop3.latch ]
  %v540 = icmp slt i32 %r3, 3
  br i1 %v540, label %loop3.body, label %loop3.exit
loop3.body:
  %v541 = add nsw i32 %v19, %r3
  %v542 = sext i32 %v541 to i64
  %v543 = getelementptr inbounds i32, ptr %v1, i64 %v542
  %v544 = sext i32 %r3 to i64
  %v545 = getelementptr inbounds i32, ptr %v3, i64 %v544
  %v546 = load i32, ptr %v545, align 4
  store i32 %v546, ptr %v543, align 4
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

declare i32 @llvm.ctpop.i32(i32)
declare i32 @llvm.cttz.i32(i32, i1)
declare i32 @llvm.umin.i32(i32, i32)

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
  %v353 = select i1 %v341, float %v333, float %v339
  br i1 %v341, label %if5.then, label %if5.end
if5.then:
  %v354 = load float, ptr %v343, align 4
  %v356 = load i32, ptr %v345, align 4
  %v358 = fcmp olt float %v333, %v354
  %v359 = load float, ptr %v348, align 4
  %v361 = load i32, ptr %v350, align 4
  %v363 = fcmp olt float %v333, %v359
  %v364 = load i32, ptr %v352, align 4
  %v366 = select i1 %v358, float %v333, float %v354
  %v367 = select i1 %v358, i32 %r2, i32 %v356
  store float %v366, ptr %v343, align 4
  store i32 %v367, ptr %v345, align 4
  %v370 = select i1 %v363, float %v333, float %v359
  %v371 = select i1 %v363, i32 %r2, i32 %v361
  %v372 = select i1 %v358, float %v354, float %v370
  %v373 = select i1 %v358, i32 %v356, i32 %v371
  store float %v372, ptr %v348, align 4
  store i32 %v373, ptr %v350, align 4
  %v376 = select i1 %v341, i32 %r2, i32 %v364
  %v377 = select i1 %v363, float %v359, float %v353
  %v378 = select i1 %v363, i32 %v361, i32 %v376
  store float %v377, ptr %v338, align 4
  store i32 %v378, ptr %v352, align 4
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
  %v381 = icmp slt i32 %r6, 3
  br i1 %v381, label %loop6.body, label %loop6.exit
loop6.body:
  %v382 = mul nsw i32 %r6, 8
  br label %loop7
loop7:
  %r7 = phi i32 [ 0, %loop6.body ], [ %r7.next, %loop7.latch ]
  %v383 = icmp slt i32 %r7, 8
  br i1 %v383, label %loop7.body, label %loop7.exit
loop7.body:
  %v384 = add nsw i32 %v44, %r7
  %v385 = mul nsw i32 %v384, 3
  %v386 = add nsw i32 %r6, %v385
  %v387 = sext i32 %v386 to i64
  %v388 = getelementptr inbounds i32, ptr %v1, i64 %v387
  %v389 = mul nsw i32 %r7, 1
  %v390 = add nsw i32 %v389, %v382
  %v391 = sext i32 %v390 to i64
  %v392 = getelementptr inbounds i32, ptr %v3, i64 %v391
  %v393 = load i32, ptr %v392, align 4
  store i32 %v393, ptr %v388, align 4
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

