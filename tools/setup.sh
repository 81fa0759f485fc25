#!/usr/bin/env bash
# Sets up lmc on Debian 12: installs the packages in .ci/packages.txt (with sudo when not root) and builds
# everything (Release) into build/. Then: ./build/tools/lmc help, or ctest --test-dir build -L unit.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
JOBS="${LMC_JOBS:-$(nproc)}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

$SUDO apt-get update
# shellcheck disable=SC2046
$SUDO apt-get install -y --no-install-recommends $(grep -v '^#' .ci/packages.txt)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$JOBS"
echo "lmc is built: ./build/tools/lmc help"
