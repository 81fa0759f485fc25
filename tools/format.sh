#!/usr/bin/env bash
# Formats every tracked C++ file the CI format check reads (.ci/run), in place, with the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=()
for d in ir rewrite codegen runtime frontend lm python tools tests bench examples viz; do [ -d "$d" ] && dirs+=("$d"); done
git ls-files -- "${dirs[@]}" | grep -E '\.(cpp|hpp)$' | grep -v '/node_modules/' | xargs clang-format -i
