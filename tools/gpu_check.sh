#!/usr/bin/env bash
# Runs every GPU test and benchmark from binaries built elsewhere (nothing is built here) and writes the logs and
# a summary table to $OUT. Usage: tools/gpu_check.sh [BINDIR]   (BINDIR defaults to devbin/)
set -uo pipefail
bin=${1:-devbin}
out=${OUT:-/tmp/lmc-gpu-check}
mkdir -p "$out"
export LMC_CACHE_DIR="$out/cache"
summary="$out/summary.txt"
: > "$summary"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> "$summary" 2>&1

run() {
  local name=$1
  shift
  local start=$SECONDS
  "$@" > "$out/$name.log" 2>&1
  local rc=$?
  printf '%-28s rc=%-3s %4ss  %s\n' "$name" "$rc" "$((SECONDS - start))" "$(grep -E 'PASSED|FAILED|OK$|MISMATCH' "$out/$name.log" | tail -1)" | tee -a "$summary"
}

# lmc links Z3 for simplify/fuzz; a machine without libz3 can use a copy placed beside the binary.
LD_LIBRARY_PATH="$bin:${LD_LIBRARY_PATH:-}" "$bin/lmc" devices >> "$summary" 2>&1
run test_cuda_gpu "$bin/test_cuda_gpu"
run test_cuda "$bin/test_cuda"
run test_cpu_backend "$bin/test_cpu_backend"
run test_codegen "$bin/test_codegen"
LMC_DEVICE=CUDA run test_frontend_on_cuda "$bin/test_frontend"
run test_frontend_differential "$bin/test_frontend" --gtest_filter='Differential.*'
run rotate_knn_cuda "$bin/rotate_knn" 4000 2000 10 CUDA
run rotate_knn_cpu "$bin/rotate_knn" 4000 2000 10 CPU
run torch_baseline python3 bench/peer/torch_cuda_bench.py "$out/torch.json"
run cuda_bench "$bin/cuda_bench" "$out/torch.json"
cat "$out/cuda_bench.log" >> "$summary"
