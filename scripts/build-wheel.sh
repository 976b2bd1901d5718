#!/usr/bin/env bash
# scripts/build-wheel.sh [--cli] [-o DIR] — build the Python wheel dist/brouwer-VERSION-py3-none-linux_ARCH.whl, which
# installs and runs on a machine without Swift:
#
#   brouwer/__init__.py, material.py, plot.py, _lib.py   the package (ctypes; numpy required, pandas and
#                                                        matplotlib optional)
#   brouwer/libBrouwerC.so                               the engine (Sources/BrouwerC): release build with the
#                                                        Swift runtime and Foundation linked in
#                                                        (-Xswiftc -static-stdlib)
#   brouwer/include/brouwer.h                           its C interface, for C programs
#   brouwer/libgsl.so.27, libgslcblas.so.0               GSL, bundled (copied from this machine's libgsl27,
#                                                        found through libBrouwerC.so's $ORIGIN RUNPATH)
#
# So the wheel needs only libc, libm, libstdc++ and libgcc_s at run time (checked below): neither Swift nor a
# system GSL. The tag is plain linux_ARCH (built against this machine's glibc), not manylinux.
#
# Builds under .build/wheel (separate from .build/debug and .build/release). Prints the wheel's path as the
# last line on stdout. Needs Swift 6, libgsl-dev, pkg-config, python3 with pip (and network access to PyPI
# for setuptools and wheel, or both installed: then no build isolation is used). With --cli it also builds the
# command line in the same build (same flags, so the same engine object code; the tests compare with it) and
# prints its path on stdout, on the line before the wheel's.
set -euo pipefail

die() { echo "build-wheel.sh: error: $*" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$root/dist"
with_cli=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) with_cli=1 ;;
    -o|--output) [ $# -ge 2 ] || die "$1 needs a directory"; out_dir="$2"; shift ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: scripts/build-wheel.sh [--cli] [-o DIR])" ;;
  esac
  shift
done
cd "$root"
command -v swift >/dev/null || die "swift is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH"
pkg-config --exists gsl || die "GSL not found by pkg-config (install libgsl-dev pkg-config)"

scratch="$root/.build/wheel"
mkdir -p "$scratch" "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# GSL: linked dynamically and its two shared libraries copied next to libBrouwerC.so, whose RUNPATH is $ORIGIN.
# (Debian's libgslcblas.a is not position-independent, so a static GSL cannot go into a shared library.)
gsl_note="GSL bundled (libgsl.so, libgslcblas.so)"
# --static-swift-stdlib is ignored for a dynamic library; -Xswiftc -static-stdlib links the runtime in.
build=(swift build -c release -Xswiftc -static-stdlib --build-path "$scratch")
echo "build-wheel.sh: building libBrouwerC.so (release, Swift runtime linked in, $gsl_note)" >&2
"${build[@]}" --product BrouwerC >&2
so="$("${build[@]}" --show-bin-path)/libBrouwerC.so"
if [ "$with_cli" = 1 ]; then
  "${build[@]}" --product brouwer >&2
  cli="$("${build[@]}" --show-bin-path)/brouwer"
  [ -x "$cli" ] || die "the build made no $cli"
  echo "build-wheel.sh: the command line of this build: $cli" >&2
fi
[ -f "$so" ] || die "the build made no $so"

# the staged package: python/ with the library next to __init__.py
stage="$scratch/python"
rm -rf "$stage" && mkdir -p "$stage"
cp -R "$root/python/pyproject.toml" "$root/python/setup.py" "$root/python/README.md" "$root/python/src" "$stage/"
cp "$root/LICENSE" "$stage/" 2>/dev/null || true
install -m 755 "$so" "$stage/src/brouwer/libBrouwerC.so"
install -D -m 644 "$root/Sources/BrouwerC/include/brouwer.h" "$stage/src/brouwer/include/brouwer.h"
if command -v strip >/dev/null; then strip --strip-unneeded "$stage/src/brouwer/libBrouwerC.so"; fi
readelf -d "$stage/src/brouwer/libBrouwerC.so" | grep -q 'RUNPATH.*\$ORIGIN' || die "libBrouwerC.so has no \$ORIGIN RUNPATH"
needed="$(readelf -d "$stage/src/brouwer/libBrouwerC.so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')"
echo "build-wheel.sh: libBrouwerC.so needs: $needed" >&2
for lib in $needed; do
  case "$lib" in
    libc.so.*|libm.so.*|libstdc++.so.*|libgcc_s.so.*|ld-linux*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*) ;;
    libgsl.so.*|libgslcblas.so.*)
      # the file the linker resolved, copied under its soname (the symlink's target)
      path="$(ldd "$stage/src/brouwer/libBrouwerC.so" | awk -v l="$lib" '$1 == l { print $3 }')"
      [ -f "$path" ] || die "cannot find $lib (ldd)"
      install -m 644 "$(readlink -f "$path")" "$stage/src/brouwer/$lib" ;;
    *) die "libBrouwerC.so needs $lib, which a machine without Swift lacks" ;;
  esac
done

# build the wheel (without isolation when setuptools and wheel are importable: no network needed)
isolation=()
if python3 -c "import setuptools, wheel" 2>/dev/null; then isolation=(--no-build-isolation); fi
rm -f "$out_dir"/brouwer-*.whl
python3 -m pip wheel --no-deps "${isolation[@]}" -w "$out_dir" "$stage" >&2
wheel="$(ls "$out_dir"/brouwer-*.whl | head -n 1)"
[ -f "$wheel" ] || die "pip made no wheel in $out_dir"
echo "build-wheel.sh: $(du -h "$wheel" | cut -f1) $wheel" >&2
if [ "$with_cli" = 1 ]; then echo "$cli"; fi
echo "$wheel"
