#!/usr/bin/env bash
# Builds lmc's Python package for this machine's python3 from lmc's static libraries built on another machine: the
# pybind11 sources (python/src) are compiled here against this Python's headers, then linked with the prebuilt
# liblmc_*.a. For a machine whose CPython differs from the build machine's (the GPU machine runs 3.12 where Debian 12
# has 3.11) and that has no LLVM or Z3 headers to build lmc itself. Needs g++ (C++20), pybind11 for this Python
# (`python3 -m pybind11`), fmt's headers and libfmt, libLLVM-16 and libsqlite3.
# usage: tools/python_ext_from_libs.sh LIBDIR OUTDIR [PYTHON]
#   LIBDIR holds liblmc_lm.a liblmc_frontend.a liblmc_runtime.a liblmc_codegen.a liblmc_rewrite.a liblmc_ir.a (built
#   with -fPIC, as the project's Python build does); OUTDIR/lmc becomes the package: PYTHONPATH=OUTDIR imports it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
libdir=$(cd "${1:?LIBDIR}" && pwd)
out=${2:?OUTDIR}
py=${3:-python3}
mkdir -p "$out/lmc" "$out/obj"
out=$(cd "$out" && pwd)
suffix=$("$py" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
# pybind11's headers from its Python module where pip installed one, else the system's (Debian's pybind11-dev).
read -r -a pyincludes <<< "$("$py" -m pybind11 --includes 2> /dev/null ||
  "$py" -c 'import sysconfig; print("-I" + sysconfig.get_paths()["include"])')"
llvm=""
for candidate in /usr/lib/llvm-16/lib/libLLVM-16.so.1 /usr/lib/x86_64-linux-gnu/libLLVM-16.so.1; do
  [ -e "$candidate" ] && llvm=$candidate && break
done
[ -n "$llvm" ] || { echo "python_ext_from_libs: no libLLVM-16.so.1 on this machine" >&2; exit 1; }
# A library by its versioned name where the machine has no development link (libsqlite3.so.0 without libsqlite3.so).
shared_lib() {
  local name=$1 found
  found=$(ldconfig -p | awk -v n="lib$name.so" '$1 == n {print $NF; exit}')
  [ -n "$found" ] && { echo "-l$name"; return; }
  found=$(ldconfig -p | awk -v n="lib$name.so." 'index($1, n) == 1 {print $NF; exit}')
  [ -n "$found" ] || { echo "python_ext_from_libs: no lib$name on this machine" >&2; exit 1; }
  echo "$found"
}
fmt_lib=$(shared_lib fmt)
sqlite_lib=$(shared_lib sqlite3)
flags=(-O2 -DNDEBUG -fPIC -fvisibility=hidden -std=c++20 -DFMT_SHARED "-I$root/frontend/include" "-I$root" "${pyincludes[@]}")
# One compiler per source, as many at once as there are cores.
printf '%s\n' "$root"/python/src/*.cpp |
  xargs -P "$(nproc)" -I{} sh -c 'g++ "$@" -c "{}" -o "'"$out"'/obj/$(basename "{}" .cpp).o"' _ "${flags[@]}"
g++ -shared -o "$out/lmc/_lmc$suffix" "$out"/obj/*.o -Wl,--start-group "$libdir"/liblmc_lm.a \
  "$libdir"/liblmc_frontend.a "$libdir"/liblmc_runtime.a "$libdir"/liblmc_codegen.a "$libdir"/liblmc_rewrite.a \
  "$libdir"/liblmc_ir.a -Wl,--end-group "$fmt_lib" "$llvm" "$sqlite_lib" -ldl -Wl,-rpath,"$(dirname "$llvm")"
cp "$root"/python/lmc/*.py "$out/lmc/"
rm -rf "$out/obj"
echo "built $out/lmc/_lmc$suffix"
