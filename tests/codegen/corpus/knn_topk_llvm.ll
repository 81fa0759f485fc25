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
  %v66 = fcmp ole float %v62, %v61
  %v67 = xor i1 %v66, true
  %v68 = fcmp oeq float %v61, %v61
  %v69 = and i1 %v67, %v68
  %v70 = icmp slt i32 %v64, 0
  %v71 = or i1 %v70, %v69
  %v72 = select i1 %v71, float %v61, float %v62
  %v73 = select i1 %v71, i32 %r1, i32 %v64
  store float %v72, ptr %v4, align 4
  store i32 %v73, ptr %v5, align 4
  %v76 = select i1 %v71, float %v62, float %v61
  %v77 = select i1 %v71, i32 %v64, i32 %r1
  %v78 = load float, ptr %v6, align 4
  %v80 = load i32, ptr %v7, align 4
  %v82 = fcmp ole float %v78, %v76
  %v83 = xor i1 %v82, true
  %v84 = fcmp oeq float %v76, %v76
  %v85 = and i1 %v83, %v84
  %v86 = icmp slt i32 %v80, 0
  %v87 = or i1 %v86, %v85
  %v88 = or i1 %v71, %v87
  %v89 = select i1 %v88, float %v76, float %v78
  %v90 = select i1 %v88, i32 %v77, i32 %v80
  store float %v89, ptr %v6, align 4
  store i32 %v90, ptr %v7, align 4
  %v93 = select i1 %v88, float %v78, float %v76
  %v94 = select i1 %v88, i32 %v80, i32 %v77
  %v95 = load float, ptr %v8, align 4
  %v97 = load i32, ptr %v9, align 4
  %v99 = fcmp ole float %v95, %v93
  %v100 = xor i1 %v99, true
  %v101 = fcmp oeq float %v93, %v93
  %v102 = and i1 %v100, %v101
  %v103 = icmp slt i32 %v97, 0
  %v104 = or i1 %v103, %v102
  %v105 = or i1 %v88, %v104
  %v106 = select i1 %v105, float %v93, float %v95
  %v107 = select i1 %v105, i32 %v94, i32 %v97
  store float %v106, ptr %v8, align 4
  store i32 %v107, ptr %v9, align 4
  %v110 = select i1 %v105, float %v95, float %v93
  %v111 = select i1 %v105, i32 %v97, i32 %v94
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v112 = icmp slt i32 %r2, 26
  br i1 %v112, label %loop2.body, label %loop2.exit
loop2.body:
  %v113 = add nsw i32 %r2, 3
  %v114 = mul nsw i32 %v113, 3
  %v115 = sext i32 %v114 to i64
  %v116 = getelementptr inbounds float, ptr %v13, i64 %v115
  %v117 = load float, ptr %v116, align 4
  %v119 = fsub float %v26, %v117
  %v120 = fmul float %v119, %v119
  %v121 = add nsw i32 %v114, 1
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v13, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = fsub float %v31, %v124
  %v127 = fmul float %v126, %v126
  %v128 = fadd float %v120, %v127
  %v129 = add nsw i32 %v114, 2
  %v130 = sext i32 %v129 to i64
  %v131 = getelementptr inbounds float, ptr %v13, i64 %v130
  %v132 = load float, ptr %v131, align 4
  %v134 = fsub float %v36, %v132
  %v135 = fmul float %v134, %v134
  %v136 = fadd float %v128, %v135
  %v137 = load float, ptr %v8, align 4
  %v139 = fcmp ole float %v137, %v136
  %v140 = xor i1 %v139, true
  %v141 = fcmp oeq float %v136, %v136
  %v142 = and i1 %v140, %v141
  br i1 %v142, label %if3.then, label %if3.end
if3.then:
  %v143 = load float, ptr %v4, align 4
  %v145 = load i32, ptr %v5, align 4
  %v147 = fcmp ole float %v143, %v136
  %v148 = xor i1 %v147, true
  %v149 = and i1 %v148, %v141
  %v150 = select i1 %v149, float %v136, float %v143
  %v151 = select i1 %v149, i32 %v113, i32 %v145
  store float %v150, ptr %v4, align 4
  store i32 %v151, ptr %v5, align 4
  %v154 = select i1 %v149, float %v143, float %v136
  %v155 = select i1 %v149, i32 %v145, i32 %v113
  %v156 = load float, ptr %v6, align 4
  %v158 = load i32, ptr %v7, align 4
  %v160 = fcmp ole float %v156, %v154
  %v161 = xor i1 %v160, true
  %v162 = fcmp oeq float %v154, %v154
  %v163 = and i1 %v161, %v162
  %v164 = or i1 %v149, %v163
  %v165 = select i1 %v164, float %v154, float %v156
  %v166 = select i1 %v164, i32 %v155, i32 %v158
  store float %v165, ptr %v6, align 4
  store i32 %v166, ptr %v7, align 4
  %v169 = select i1 %v164, float %v156, float %v154
  %v170 = select i1 %v164, i32 %v158, i32 %v155
  %v171 = load i32, ptr %v9, align 4
  %v173 = fcmp ole float %v137, %v169
  %v174 = xor i1 %v173, true
  %v175 = fcmp oeq float %v169, %v169
  %v176 = and i1 %v174, %v175
  %v177 = or i1 %v164, %v176
  %v178 = select i1 %v177, float %v169, float %v137
  %v179 = select i1 %v177, i32 %v170, i32 %v171
  store float %v178, ptr %v8, align 4
  store i32 %v179, ptr %v9, align 4
  %v182 = select i1 %v177, float %v137, float %v169
  %v183 = select i1 %v177, i32 %v171, i32 %v170
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
  %v184 = icmp slt i32 %r4, 3
  br i1 %v184, label %loop4.body, label %loop4.exit
loop4.body:
  %v185 = add nsw i32 %v17, %r4
  %v186 = sext i32 %v185 to i64
  %v187 = getelementptr inbounds i32, ptr %v1, i64 %v186
  %v188 = sext i32 %r4 to i64
  %v189 = getelementptr inbounds i32, ptr %v3, i64 %v188
  %v190 = load i32, ptr %v189, align 4
  store i32 %v190, ptr %v187, align 4
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
  %v66 = fcmp ole float %v62, %v61
  %v67 = xor i1 %v66, true
  %v68 = fcmp oeq float %v61, %v61
  %v69 = and i1 %v67, %v68
  %v70 = icmp slt i32 %v64, 0
  %v71 = or i1 %v70, %v69
  %v72 = select i1 %v71, float %v61, float %v62
  %v73 = select i1 %v71, i32 %r1, i32 %v64
  store float %v72, ptr %v4, align 4
  store i32 %v73, ptr %v5, align 4
  %v76 = select i1 %v71, float %v62, float %v61
  %v77 = select i1 %v71, i32 %v64, i32 %r1
  %v78 = load float, ptr %v6, align 4
  %v80 = load i32, ptr %v7, align 4
  %v82 = fcmp ole float %v78, %v76
  %v83 = xor i1 %v82, true
  %v84 = fcmp oeq float %v76, %v76
  %v85 = and i1 %v83, %v84
  %v86 = icmp slt i32 %v80, 0
  %v87 = or i1 %v86, %v85
  %v88 = or i1 %v71, %v87
  %v89 = select i1 %v88, float %v76, float %v78
  %v90 = select i1 %v88, i32 %v77, i32 %v80
  store float %v89, ptr %v6, align 4
  store i32 %v90, ptr %v7, align 4
  %v93 = select i1 %v88, float %v78, float %v76
  %v94 = select i1 %v88, i32 %v80, i32 %v77
  %v95 = load float, ptr %v8, align 4
  %v97 = load i32, ptr %v9, align 4
  %v99 = fcmp ole float %v95, %v93
  %v100 = xor i1 %v99, true
  %v101 = fcmp oeq float %v93, %v93
  %v102 = and i1 %v100, %v101
  %v103 = icmp slt i32 %v97, 0
  %v104 = or i1 %v103, %v102
  %v105 = or i1 %v88, %v104
  %v106 = select i1 %v105, float %v93, float %v95
  %v107 = select i1 %v105, i32 %v94, i32 %v97
  store float %v106, ptr %v8, align 4
  store i32 %v107, ptr %v9, align 4
  %v110 = select i1 %v105, float %v95, float %v93
  %v111 = select i1 %v105, i32 %v97, i32 %v94
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v112 = icmp slt i32 %r2, 26
  br i1 %v112, label %loop2.body, label %loop2.exit
loop2.body:
  %v113 = add nsw i32 %r2, 3
  %v114 = mul nsw i32 %v113, 3
  %v115 = sext i32 %v114 to i64
  %v116 = getelementptr inbounds float, ptr %v13, i64 %v115
  %v117 = load float, ptr %v116, align 4
  %v119 = fsub float %v26, %v117
  %v120 = fmul float %v119, %v119
  %v121 = add nsw i32 %v114, 1
  %v122 = sext i32 %v121 to i64
  %v123 = getelementptr inbounds float, ptr %v13, i64 %v122
  %v124 = load float, ptr %v123, align 4
  %v126 = fsub float %v31, %v124
  %v127 = fmul float %v126, %v126
  %v128 = fadd float %v120, %v127
  %v129 = add nsw i32 %v114, 2
  %v130 = sext i32 %v129 to i64
  %v131 = getelementptr inbounds float, ptr %v13, i64 %v130
  %v132 = load float, ptr %v131, align 4
  %v134 = fsub float %v36, %v132
  %v135 = fmul float %v134, %v134
  %v136 = fadd float %v128, %v135
  %v137 = load float, ptr %v8, align 4
  %v139 = fcmp ole float %v137, %v136
  %v140 = xor i1 %v139, true
  %v141 = fcmp oeq float %v136, %v136
  %v142 = and i1 %v140, %v141
  br i1 %v142, label %if3.then, label %if3.end
if3.then:
  %v143 = load float, ptr %v4, align 4
  %v145 = load i32, ptr %v5, align 4
  %v147 = fcmp ole float %v143, %v136
  %v148 = xor i1 %v147, true
  %v149 = and i1 %v148, %v141
  %v150 = select i1 %v149, float %v136, float %v143
  %v151 = select i1 %v149, i32 %v113, i32 %v145
  store float %v150, ptr %v4, align 4
  store i32 %v151, ptr %v5, align 4
  %v154 = select i1 %v149, float %v143, float %v136
  %v155 = select i1 %v149, i32 %v145, i32 %v113
  %v156 = load float, ptr %v6, align 4
  %v158 = load i32, ptr %v7, align 4
  %v160 = fcmp ole float %v156, %v154
  %v161 = xor i1 %v160, true
  %v162 = fcmp oeq float %v154, %v154
  %v163 = and i1 %v161, %v162
  %v164 = or i1 %v149, %v163
  %v165 = select i1 %v164, float %v154, float %v156
  %v166 = select i1 %v164, i32 %v155, i32 %v158
  store float %v165, ptr %v6, align 4
  store i32 %v166, ptr %v7, align 4
  %v169 = select i1 %v164, float %v156, float %v154
  %v170 = select i1 %v164, i32 %v158, i32 %v155
  %v171 = load i32, ptr %v9, align 4
  %v173 = fcmp ole float %v137, %v169
  %v174 = xor i1 %v173, true
  %v175 = fcmp oeq float %v169, %v169
  %v176 = and i1 %v174, %v175
  %v177 = or i1 %v164, %v176
  %v178 = select i1 %v177, float %v169, float %v137
  %v179 = select i1 %v177, i32 %v170, i32 %v171
  store float %v178, ptr %v8, align 4
  store i32 %v179, ptr %v9, align 4
  %v182 = select i1 %v177, float %v137, float %v169
  %v183 = select i1 %v177, i32 %v171, i32 %v170
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
  %v184 = icmp slt i32 %r4, 3
  br i1 %v184, label %loop4.body, label %loop4.exit
loop4.body:
  %v185 = add nsw i32 %v17, %r4
  %v186 = sext i32 %v185 to i64
  %v187 = getelementptr inbounds i32, ptr %v1, i64 %v186
  %v188 = sext i32 %r4 to i64
  %v189 = getelementptr inbounds i32, ptr %v3, i64 %v188
  %v190 = load i32, ptr %v189, align 4
  store i32 %v190, ptr %v187, align 4
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

