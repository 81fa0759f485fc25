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
  %v4 = getelementptr inbounds ptr, ptr %bufs, i64 0
  %v5 = load ptr, ptr %v4, align 8
  %v6 = getelementptr inbounds ptr, ptr %bufs, i64 1
  %v7 = load ptr, ptr %v6, align 8
  %v8 = trunc i64 %start to i32
  %v9 = trunc i64 %end to i32
  br label %loop0
loop0:
  %r0 = phi i32 [ %v8, %entry ], [ %r0.next, %loop0.latch ]
  %v10 = icmp slt i32 %r0, %v9
  br i1 %v10, label %loop0.body, label %loop0.exit
loop0.body:
  %v11 = mul nsw i32 %r0, 8
  br label %loop1
loop1:
  %r1 = phi i32 [ 0, %loop0.body ], [ %r1.next, %loop1.latch ]
  %v12 = icmp slt i32 %r1, 8
  br i1 %v12, label %loop1.body, label %loop1.exit
loop1.body:
  %v13 = mul nsw i32 %r1, 3
  %v14 = sext i32 %v13 to i64
  %v15 = getelementptr inbounds float, ptr %v2, i64 %v14
  store float 0x3FE0000000000000, ptr %v15, align 4
  %v17 = sext i32 %v13 to i64
  %v18 = getelementptr inbounds i32, ptr %v3, i64 %v17
  store i32 -1, ptr %v18, align 4
  %v20 = add nsw i32 %v13, 1
  %v21 = sext i32 %v20 to i64
  %v22 = getelementptr inbounds float, ptr %v2, i64 %v21
  store float 0x3FE0000000000000, ptr %v22, align 4
  %v24 = sext i32 %v20 to i64
  %v25 = getelementptr inbounds i32, ptr %v3, i64 %v24
  store i32 -1, ptr %v25, align 4
  %v27 = add nsw i32 %v13, 2
  %v28 = sext i32 %v27 to i64
  %v29 = getelementptr inbounds float, ptr %v2, i64 %v28
  store float 0x3FE0000000000000, ptr %v29, align 4
  %v31 = sext i32 %v27 to i64
  %v32 = getelementptr inbounds i32, ptr %v3, i64 %v31
  store i32 -1, ptr %v32, align 4
  br label %loop1.latch
loop1.latch:
  %r1.next = add nuw nsw i32 %r1, 1
  br label %loop1
loop1.exit:
  br label %loop2
loop2:
  %r2 = phi i32 [ 0, %loop1.exit ], [ %r2.next, %loop2.latch ]
  %v34 = icmp slt i32 %r2, 80
  br i1 %v34, label %loop2.body, label %loop2.exit
loop2.body:
  %v35 = mul nsw i32 %r2, 3
  %v36 = sext i32 %v35 to i64
  %v37 = getelementptr inbounds float, ptr %v7, i64 %v36
  %v38 = load float, ptr %v37, align 4
  %v40 = add nsw i32 %v35, 1
  %v41 = sext i32 %v40 to i64
  %v42 = getelementptr inbounds float, ptr %v7, i64 %v41
  %v43 = load float, ptr %v42, align 4
  %v45 = add nsw i32 %v35, 2
  %v46 = sext i32 %v45 to i64
  %v47 = getelementptr inbounds float, ptr %v7, i64 %v46
  %v48 = load float, ptr %v47, align 4
  br label %loop3
loop3:
  %r3 = phi i32 [ 0, %loop2.body ], [ %r3.next, %loop3.latch ]
  %v50 = icmp slt i32 %r3, 8
  br i1 %v50, label %loop3.body, label %loop3.exit
loop3.body:
  %v51 = add nsw i32 %v11, %r3
  %v52 = mul nsw i32 %v51, 3
  %v53 = sext i32 %v52 to i64
  %v54 = getelementptr inbounds float, ptr %v5, i64 %v53
  %v55 = load float, ptr %v54, align 4
  %v57 = fsub float %v55, %v38
  %v58 = fmul float %v57, %v57
  %v59 = add nsw i32 %v52, 1
  %v60 = sext i32 %v59 to i64
  %v61 = getelementptr inbounds float, ptr %v5, i64 %v60
  %v62 = load float, ptr %v61, align 4
  %v64 = fsub float %v62, %v43
  %v65 = fmul float %v64, %v64
  %v66 = fadd float %v58, %v65
  %v67 = add nsw i32 %v52, 2
  %v68 = sext i32 %v67 to i64
  %v69 = getelementptr inbounds float, ptr %v5, i64 %v68
  %v70 = load float, ptr %v69, align 4
  %v72 = fsub float %v70, %v48
  %v73 = fmul float %v72, %v72
  %v74 = fadd float %v66, %v73
  %v75 = mul nsw i32 %r3, 3
  %v76 = add nsw i32 %v75, 2
  %v77 = sext i32 %v76 to i64
  %v78 = getelementptr inbounds float, ptr %v2, i64 %v77
  %v79 = load float, ptr %v78, align 4
  %v81 = fcmp olt float %v74, %v79
  %v82 = sext i32 %v75 to i64
  %v83 = getelementptr inbounds float, ptr %v2, i64 %v82
  %v84 = sext i32 %v75 to i64
  %v85 = getelementptr inbounds i32, ptr %v3, i64 %v84
  %v86 = add nsw i32 %v75, 1
  %v87 = sext i32 %v86 to i64
  %v88 = getelementptr inbounds float, ptr %v2, i64 %v87
  %v89 = sext i32 %v86 to i64
  %v90 = getelementptr inbounds i32, ptr %v3, i64 %v89
  %v91 = sext i32 %v76 to i64
  %v92 = getelementptr inbounds i32, ptr %v3, i64 %v91
  br i1 %v81, label %if4.then, label %if4.end
if4.then:
  %v93 = load float, ptr %v83, align 4
  %v95 = load i32, ptr %v85, align 4
  %v97 = fcmp olt float %v74, %v93
  %v98 = select i1 %v97, float %v74, float %v93
  %v99 = select i1 %v97, i32 %r2, i32 %v95
  store float %v98, ptr %v83, align 4
  store i32 %v99, ptr %v85, align 4
  %v102 = select i1 %v97, float %v93, float %v74
  %v103 = select i1 %v97, i32 %v95, i32 %r2
  %v104 = load float, ptr %v88, align 4
  %v106 = load i32, ptr %v90, align 4
  %v108 = fcmp olt float %v102, %v104
  %v109 = or i1 %v97, %v108
  %v110 = select i1 %v109, float %v102, float %v104
  %v111 = select i1 %v109, i32 %v103, i32 %v106
  store float %v110, ptr %v88, align 4
  store i32 %v111, ptr %v90, align 4
  %v114 = select i1 %v109, float %v104, float %v102
  %v115 = select i1 %v109, i32 %v106, i32 %v103
  %v116 = load i32, ptr %v92, align 4
  %v118 = fcmp olt float %v114, %v79
  %v119 = or i1 %v109, %v118
  %v120 = select i1 %v119, float %v114, float %v79
  %v121 = select i1 %v119, i32 %v115, i32 %v116
  store float %v120, ptr %v78, align 4
  store i32 %v121, ptr %v92, align 4
  %v124 = select i1 %v119, float %v79, float %v114
  %v125 = select i1 %v119, i32 %v116, i32 %v115
  br label %if4.end
if4.end:
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
  br label %loop5
loop5:
  %r5 = phi i32 [ 0, %loop2.exit ], [ %r5.next, %loop5.latch ]
  %v126 = icmp slt i32 %r5, 3
  br i1 %v126, label %loop5.body, label %loop5.exit
loop5.body:
  br label %loop6
loop6:
  %r6 = phi i32 [ 0, %loop5.body ], [ %r6.next, %loop6.latch ]
  %v127 = icmp slt i32 %r6, 8
  br i1 %v127, label %loop6.body, label %loop6.exit
loop6.body:
  %v128 = add nsw i32 %v11, %r6
  %v129 = mul nsw i32 %v128, 3
  %v130 = add nsw i32 %r5, %v129
  %v131 = sext i32 %v130 to i64
  %v132 = getelementptr inbounds i32, ptr %v1, i64 %v131
  %v133 = mul nsw i32 %r6, 3
  %v134 = add nsw i32 %v133, %r5
  %v135 = sext i32 %v134 to i64
  %v136 = getelementptr inbounds i32, ptr %v3, i64 %v135
  %v137 = load i32, ptr %v136, align 4
  store i32 %v137, ptr %v132, align 4
  br label %loop6.latch
loop6.latch:
  %r6.next = add nuw nsw i32 %r6, 1
  br label %loop6
loop6.exit:
  br label %loop5.latch
loop5.latch:
  %r5.next = add nuw nsw i32 %r5, 1
  br label %loop5
loop5.exit:
  br label %loop0.latch
loop0.latch:
  %r0.next = add nuw nsw i32 %r0, 1
  br label %loop0
loop0.exit:
  ret void
}


attributes #0 = { nounwind }

