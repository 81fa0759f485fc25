#!/usr/bin/env bash
# Packs the binaries tools/gpu_check.sh runs into one folder for a GPU machine that builds nothing: stripped copies of
# the tests, benchmarks and the `lmc` command from BUILD_DIR, the Z3 library `lmc` links (the GPU machine has none)
# and Monty's golden cases. Usage: tools/devbin.sh [BUILD_DIR] [OUT_DIR]   (defaults: build, devbin)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-devbin}
mkdir -p "$out"
binaries=(tests/test_cuda_gpu tests/test_cuda tests/test_cpu_backend tests/test_codegen tests/test_frontend
  tests/test_lm tests/test_beam_gpu tests/test_lm_backend_gpu tests/test_plan examples/rotate_knn bench/cuda_bench
  bench/monty_step examples/lm_step_profile tools/lmc)
for b in "${binaries[@]}"; do
  if [ -x "$build/$b" ]; then
    strip -o "$out/$(basename "$b")" "$build/$b"
  else
    echo "devbin: $build/$b is not built; gpu_check.sh will skip it" >&2
  fi
done
z3=$(ldconfig -p | awk '/libz3\.so\.4 / && !found {print $NF; found = 1}') # reads all: no SIGPIPE under pipefail
[ -n "$z3" ] && cp -L "$z3" "$out/"
golden=../shared/golden/monty
if [ -d "$golden" ]; then
  rm -rf "$out/golden"
  cp -r "$golden" "$out/golden"
fi
cp tools/gpu_check.sh "$out/"
du -sh "$out"
