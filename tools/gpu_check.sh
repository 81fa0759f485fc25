#!/usr/bin/env bash
# Runs every GPU test and benchmark from binaries built elsewhere (nothing is built here) and writes the logs and
# a summary table to $OUT. Usage: tools/gpu_check.sh [BINDIR] [all|tests|bench|lm]   (BINDIR defaults to devbin/;
# the parts exist so each fits a ten-minute job: tests, kernel benchmarks, the LM step benchmarks and demo)
# BINDIR holds the stripped binaries (test_cuda_gpu test_cuda test_cpu_backend test_codegen test_frontend test_lm
# test_beam_gpu test_lm_backend_gpu test_plan rotate_knn cuda_bench monty_step lmc) and libz3.so.4 for lmc where the machine has no Z3.
set -uo pipefail
bin=${1:-devbin}
part=${2:-all}
out=${OUT:-/tmp/lmc-gpu-check}
mkdir -p "$out"
# Compiled kernels and BEAM choices go to a cache outside $OUT (thousands of small files).
export LMC_CACHE_DIR=${LMC_CACHE_DIR:-/tmp/lmc-gpu-check-cache}
export LD_LIBRARY_PATH="$bin:${LD_LIBRARY_PATH:-}"
# Monty's golden cases travel in BINDIR/golden where the machine has no ../shared.
if [ -d "$bin/golden" ]; then export LMC_GOLDEN_DIR="$PWD/$bin/golden"; fi
summary="$out/summary-$part.txt"
: > "$summary"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> "$summary" 2>&1

run() {
  local name=$1
  shift
  local start=$SECONDS
  "$@" > "$out/$name.log" 2>&1
  local rc=$?
  printf '%-30s rc=%-3s %4ss  %s\n' "$name" "$rc" "$((SECONDS - start))" "$(grep -E 'PASSED|FAILED|OK$|MISMATCH' "$out/$name.log" | tail -1)" | tee -a "$summary"
}
have() { [ -x "$bin/$1" ]; }

"$bin/lmc" devices >> "$summary" 2>&1
if [ "$part" = all ] || [ "$part" = tests ]; then # the bench and lm parts run no tests
run test_cuda_gpu "$bin/test_cuda_gpu"
run test_cuda "$bin/test_cuda"
run test_cpu_backend "$bin/test_cpu_backend"
run test_codegen "$bin/test_codegen"
LMC_DEVICE=CUDA run test_frontend_on_cuda "$bin/test_frontend"
run test_frontend_differential "$bin/test_frontend" --gtest_filter='Differential.*'
have test_beam_gpu && run test_beam_gpu "$bin/test_beam_gpu"
have test_lm && LMC_LM_DEVICE=CUDA run test_lm_on_cuda "$bin/test_lm"
have test_lm_backend_gpu && run test_lm_backend_gpu "$bin/test_lm_backend_gpu"
have test_plan && run test_plan "$bin/test_plan"
run rotate_knn_cuda "$bin/rotate_knn" 4000 2000 10 CUDA
fi
[ "$part" = tests ] && exit 0
if [ "$part" != lm ]; then
run torch_baseline python3 bench/peer/torch_cuda_bench.py "$out/torch.json"
LMC_NOOPT=1 run cuda_bench_noopt "$bin/cuda_bench" "$out/torch.json"
run cuda_bench_heuristics "$bin/cuda_bench" "$out/torch.json"
LMC_BEAM=2 run cuda_bench_beam_search "$bin/cuda_bench" "$out/torch.json"
LMC_BEAM=2 run cuda_bench_beam_cached "$bin/cuda_bench" "$out/torch.json"
for f in cuda_bench_noopt cuda_bench_heuristics cuda_bench_beam_search cuda_bench_beam_cached; do
  { echo "== $f"; cat "$out/$f.log"; } >> "$summary"
done
fi
[ "$part" = bench ] && exit 0
# The LM step: lmc in every dispatch mode with the scaling series, then its PyTorch peers (golden-verified first;
# every variant at S1-S3, eager only on the rest of the series), run by monty_step --peers: ~5 minutes on an H100.
if have monty_step; then
  run monty_step "$bin/monty_step" --device CUDA --scenarios S1,S2,S3 --series --budget-s 3 --peers \
    --peer-budget-s 5 --json "$out/monty_step.json"
  { echo "== monty_step"; cat "$out/monty_step.log"; } >> "$summary"
fi
have lm_step_profile && run lm_step_profile_s1 "$bin/lm_step_profile" 77 4000 2000 10 CUDA float32 drift
"$bin/lmc" demo --help > /dev/null 2>&1 && run demo_cuda "$bin/lmc" demo --device CUDA --runs 10 --json "$out/demo.json"
[ -f "$out/demo_cuda.log" ] && { echo "== demo"; cat "$out/demo_cuda.log"; } >> "$summary"
exit 0
