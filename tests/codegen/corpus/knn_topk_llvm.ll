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
  store float 0x7FF0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x7FF0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x7FF0000000000000, ptr %v8, align 4
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
  %v38 = icmp slt i32 %r1, 3
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
  %v62 = load float, ptr %v4, align 4
  %v64 = load i32, ptr %v5, align 4
  %v66 = fcmp olt float %v61, %v62
  %v67 = fcmp une float %v62, %v62
  %v68 = fcmp oeq float %v61, %v61
  %v69 = and i1 %v67, %v68
  %v70 = or i1 %v66, %v69
  %v71 = icmp slt i32 %v64, 0
  %v72 = or i1 %v71, %v70
  %v73 = select i1 %v72, float %v61, float %v62
  %v74 = select i1 %v72, i32 %r1, i32 %v64
  store float %v73, ptr %v4, align 4
  store i32 %v74, ptr %v5, align 4
  %v77 = select i1 %v72, float %v62, float %v61
  %v78 = select i1 %v72, i32 %v64, i32 %r1
  %v79 = load float, ptr %v6, align 4
  %v81 = load i32, ptr %v7, align 4
  %v83 = fcmp olt float %v77, %v79
  %v84 = fcmp une float %v79, %v79
  %v85 = fcmp oeq float %v77, %v77
  %v86 = and i1 %v84, %v85
  %v87 = or i1 %v83, %v86
  %v88 = icmp slt i32 %v81, 0
  %v89 = or i1 %v88, %v87
  %v90 = or i1 %v72, %v89
  %v91 = select i1 %v90, float %v77, float %v79
  %v92 = select i1 %v90, i32 %v78, i32 %v81
  store float %v91, ptr %v6, align 4
  store i32 %v92, ptr %v7, align 4
  %v95 = select i1 %v90, float %v79, float %v77
  %v96 = select i1 %v90, i32 %v81, i32 %v78
  %v97 = load float, ptr %v8, align 4
  %v99 = load i32, ptr %v9, align 4
  %v101 = fcmp olt float %v95, %v97
  %v102 = fcmp une float %v97, %v97
  %v103 = fcmp oeq float %v95, %v95
  %v104 = and i1 %v102, %v103
  %v105 = or i1 %v101, %v104
  %v106 = icmp slt i32 %v99, 0
  %v107 = or i1 %v106, %v105
  %v108 = or i1 %v90, %v107
  %v109 = select i1 %v108, float %v95, float %v97
  %v110 = select i1 %v108, i32 %v96, i32 %v99
  store float %v109, ptr %v8, align 4
  store i32 %v110, ptr %v9, align 4
  %v113 = select i1 %v108, float %v97, float %v95
  %v114 = select i1 %v108, i32 %v99, i32 %v96
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v115 = icmp slt i32 %r2, 26
  br i1 %v115, label %loop2.body, label %loop2.exit
loop2.body:
  %v116 = add nsw i32 %r2, 3
  %v117 = mul nsw i32 %v116, 3
  %v118 = sext i32 %v117 to i64
  %v119 = getelementptr inbounds float, ptr %v13, i64 %v118
  %v120 = load float, ptr %v119, align 4
  %v122 = fsub float %v26, %v120
  %v123 = fmul float %v122, %v122
  %v124 = add nsw i32 %v117, 1
  %v125 = sext i32 %v124 to i64
  %v126 = getelementptr inbounds float, ptr %v13, i64 %v125
  %v127 = load float, ptr %v126, align 4
  %v129 = fsub float %v31, %v127
  %v130 = fmul float %v129, %v129
  %v131 = fadd float %v123, %v130
  %v132 = add nsw i32 %v117, 2
  %v133 = sext i32 %v132 to i64
  %v134 = getelementptr inbounds float, ptr %v13, i64 %v133
  %v135 = load float, ptr %v134, align 4
  %v137 = fsub float %v36, %v135
  %v138 = fmul float %v137, %v137
  %v139 = fadd float %v131, %v138
  %v140 = load float, ptr %v8, align 4
  %v142 = fcmp olt float %v139, %v140
  %v143 = fcmp une float %v140, %v140
  %v144 = fcmp oeq float %v139, %v139
  %v145 = and i1 %v143, %v144
  %v146 = or i1 %v142, %v145
  br i1 %v146, label %if3.then, label %if3.end
if3.then:
  %v147 = load float, ptr %v4, align 4
  %v149 = load i32, ptr %v5, align 4
  %v151 = fcmp olt float %v139, %v147
  %v152 = fcmp une float %v147, %v147
  %v153 = and i1 %v152, %v144
  %v154 = or i1 %v151, %v153
  %v155 = select i1 %v154, float %v139, float %v147
  %v156 = select i1 %v154, i32 %v116, i32 %v149
  store float %v155, ptr %v4, align 4
  store i32 %v156, ptr %v5, align 4
  %v159 = select i1 %v154, float %v147, float %v139
  %v160 = select i1 %v154, i32 %v149, i32 %v116
  %v161 = load float, ptr %v6, align 4
  %v163 = load i32, ptr %v7, align 4
  %v165 = fcmp olt float %v159, %v161
  %v166 = fcmp une float %v161, %v161
  %v167 = fcmp oeq float %v159, %v159
  %v168 = and i1 %v166, %v167
  %v169 = or i1 %v165, %v168
  %v170 = or i1 %v154, %v169
  %v171 = select i1 %v170, float %v159, float %v161
  %v172 = select i1 %v170, i32 %v160, i32 %v163
  store float %v171, ptr %v6, align 4
  store i32 %v172, ptr %v7, align 4
  %v175 = select i1 %v170, float %v161, float %v159
  %v176 = select i1 %v170, i32 %v163, i32 %v160
  %v177 = load i32, ptr %v9, align 4
  %v179 = fcmp olt float %v175, %v140
  %v180 = fcmp oeq float %v175, %v175
  %v181 = and i1 %v143, %v180
  %v182 = or i1 %v179, %v181
  %v183 = or i1 %v170, %v182
  %v184 = select i1 %v183, float %v175, float %v140
  %v185 = select i1 %v183, i32 %v176, i32 %v177
  store float %v184, ptr %v8, align 4
  store i32 %v185, ptr %v9, align 4
  %v188 = select i1 %v183, float %v140, float %v175
  %v189 = select i1 %v183, i32 %v177, i32 %v176
  br label %if3.end
if3.end:
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop4
loop4:
  %r4 = phi i32 [ 0, %loop2.exit ], [ %r4.next, %loop4.latch ]
  %v190 = icmp slt i32 %r4, 3
  br i1 %v190, label %loop4.body, label %loop4.exit
loop4.body:
  %v191 = add nsw i32 %v17, %r4
  %v192 = sext i32 %v191 to i64
  %v193 = getelementptr inbounds i32, ptr %v1, i64 %v192
  %v194 = sext i32 %r4 to i64
  %v195 = getelementptr inbounds i32, ptr %v3, i64 %v194
  %v196 = load i32, ptr %v195, align 4
  store i32 %v196, ptr %v193, align 4
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
  store float 0x7FF0000000000000, ptr %v4, align 4
  store i32 -1, ptr %v5, align 4
  store float 0x7FF0000000000000, ptr %v6, align 4
  store i32 -1, ptr %v7, align 4
  store float 0x7FF0000000000000, ptr %v8, align 4
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
  %v38 = icmp slt i32 %r1, 3
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
  %v62 = load float, ptr %v4, align 4
  %v64 = load i32, ptr %v5, align 4
  %v66 = fcmp olt float %v61, %v62
  %v67 = fcmp une float %v62, %v62
  %v68 = fcmp oeq float %v61, %v61
  %v69 = and i1 %v67, %v68
  %v70 = or i1 %v66, %v69
  %v71 = icmp slt i32 %v64, 0
  %v72 = or i1 %v71, %v70
  %v73 = select i1 %v72, float %v61, float %v62
  %v74 = select i1 %v72, i32 %r1, i32 %v64
  store float %v73, ptr %v4, align 4
  store i32 %v74, ptr %v5, align 4
  %v77 = select i1 %v72, float %v62, float %v61
  %v78 = select i1 %v72, i32 %v64, i32 %r1
  %v79 = load float, ptr %v6, align 4
  %v81 = load i32, ptr %v7, align 4
  %v83 = fcmp olt float %v77, %v79
  %v84 = fcmp une float %v79, %v79
  %v85 = fcmp oeq float %v77, %v77
  %v86 = and i1 %v84, %v85
  %v87 = or i1 %v83, %v86
  %v88 = icmp slt i32 %v81, 0
  %v89 = or i1 %v88, %v87
  %v90 = or i1 %v72, %v89
  %v91 = select i1 %v90, float %v77, float %v79
  %v92 = select i1 %v90, i32 %v78, i32 %v81
  store float %v91, ptr %v6, align 4
  store i32 %v92, ptr %v7, align 4
  %v95 = select i1 %v90, float %v79, float %v77
  %v96 = select i1 %v90, i32 %v81, i32 %v78
  %v97 = load float, ptr %v8, align 4
  %v99 = load i32, ptr %v9, align 4
  %v101 = fcmp olt float %v95, %v97
  %v102 = fcmp une float %v97, %v97
  %v103 = fcmp oeq float %v95, %v95
  %v104 = and i1 %v102, %v103
  %v105 = or i1 %v101, %v104
  %v106 = icmp slt i32 %v99, 0
  %v107 = or i1 %v106, %v105
  %v108 = or i1 %v90, %v107
  %v109 = select i1 %v108, float %v95, float %v97
  %v110 = select i1 %v108, i32 %v96, i32 %v99
  store float %v109, ptr %v8, align 4
  store i32 %v110, ptr %v9, align 4
  %v113 = select i1 %v108, float %v97, float %v95
  %v114 = select i1 %v108, i32 %v99, i32 %v96
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v115 = icmp slt i32 %r2, 26
  br i1 %v115, label %loop2.body, label %loop2.exit
loop2.body:
  %v116 = add nsw i32 %r2, 3
  %v117 = mul nsw i32 %v116, 3
  %v118 = sext i32 %v117 to i64
  %v119 = getelementptr inbounds float, ptr %v13, i64 %v118
  %v120 = load float, ptr %v119, align 4
  %v122 = fsub float %v26, %v120
  %v123 = fmul float %v122, %v122
  %v124 = add nsw i32 %v117, 1
  %v125 = sext i32 %v124 to i64
  %v126 = getelementptr inbounds float, ptr %v13, i64 %v125
  %v127 = load float, ptr %v126, align 4
  %v129 = fsub float %v31, %v127
  %v130 = fmul float %v129, %v129
  %v131 = fadd float %v123, %v130
  %v132 = add nsw i32 %v117, 2
  %v133 = sext i32 %v132 to i64
  %v134 = getelementptr inbounds float, ptr %v13, i64 %v133
  %v135 = load float, ptr %v134, align 4
  %v137 = fsub float %v36, %v135
  %v138 = fmul float %v137, %v137
  %v139 = fadd float %v131, %v138
  %v140 = load float, ptr %v8, align 4
  %v142 = fcmp olt float %v139, %v140
  %v143 = fcmp une float %v140, %v140
  %v144 = fcmp oeq float %v139, %v139
  %v145 = and i1 %v143, %v144
  %v146 = or i1 %v142, %v145
  br i1 %v146, label %if3.then, label %if3.end
if3.then:
  %v147 = load float, ptr %v4, align 4
  %v149 = load i32, ptr %v5, align 4
  %v151 = fcmp olt float %v139, %v147
  %v152 = fcmp une float %v147, %v147
  %v153 = and i1 %v152, %v144
  %v154 = or i1 %v151, %v153
  %v155 = select i1 %v154, float %v139, float %v147
  %v156 = select i1 %v154, i32 %v116, i32 %v149
  store float %v155, ptr %v4, align 4
  store i32 %v156, ptr %v5, align 4
  %v159 = select i1 %v154, float %v147, float %v139
  %v160 = select i1 %v154, i32 %v149, i32 %v116
  %v161 = load float, ptr %v6, align 4
  %v163 = load i32, ptr %v7, align 4
  %v165 = fcmp olt float %v159, %v161
  %v166 = fcmp une float %v161, %v161
  %v167 = fcmp oeq float %v159, %v159
  %v168 = and i1 %v166, %v167
  %v169 = or i1 %v165, %v168
  %v170 = or i1 %v154, %v169
  %v171 = select i1 %v170, float %v159, float %v161
  %v172 = select i1 %v170, i32 %v160, i32 %v163
  store float %v171, ptr %v6, align 4
  store i32 %v172, ptr %v7, align 4
  %v175 = select i1 %v170, float %v161, float %v159
  %v176 = select i1 %v170, i32 %v163, i32 %v160
  %v177 = load i32, ptr %v9, align 4
  %v179 = fcmp olt float %v175, %v140
  %v180 = fcmp oeq float %v175, %v175
  %v181 = and i1 %v143, %v180
  %v182 = or i1 %v179, %v181
  %v183 = or i1 %v170, %v182
  %v184 = select i1 %v183, float %v175, float %v140
  %v185 = select i1 %v183, i32 %v176, i32 %v177
  store float %v184, ptr %v8, align 4
  store i32 %v185, ptr %v9, align 4
  %v188 = select i1 %v183, float %v140, float %v175
  %v189 = select i1 %v183, i32 %v177, i32 %v176
  br label %if3.end
if3.end:
  br label %loop2.latch
loop2.latch:
  %r2.next = add nuw nsw i32 %r2, 1
  br label %loop2
loop2.exit:
  br label %loop4
loop4:
  %r4 = phi i32 [ 0, %loop2.exit ], [ %r4.next, %loop4.latch ]
  %v190 = icmp slt i32 %r4, 3
  br i1 %v190, label %loop4.body, label %loop4.exit
loop4.body:
  %v191 = add nsw i32 %v17, %r4
  %v192 = sext i32 %v191 to i64
  %v193 = getelementptr inbounds i32, ptr %v1, i64 %v192
  %v194 = sext i32 %r4 to i64
  %v195 = getelementptr inbounds i32, ptr %v3, i64 %v194
  %v196 = load i32, ptr %v195, align 4
  store i32 %v196, ptr %v193, align 4
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


attributes #0 = { nounwind }

