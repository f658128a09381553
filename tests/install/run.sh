#!/usr/bin/env bash
# Install test: run.sh BUILD_DIR
# Installs BUILD_DIR into a temporary prefix, then builds tests/install/main.c against it through
# pkg-config (shared and static) and through the CMake package (shared and static), runs all four
# and checks what they print. CC, CFLAGS and LDFLAGS are honoured (sanitizer builds set them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
cc=${CC:-cc}
read -r -a cflags <<< "${CFLAGS:-}"
read -r -a ldflags <<< "${LDFLAGS:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
pc=$(find "$prefix" -name calfpump.pc | head -n 1)
[[ -n $pc ]] || { echo "FAILED: no calfpump.pc installed"; cat "$tmp/install.log"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
# The version the header declares; the SONAME, calfpump.pc and the CMake package must say the same.
header=$prefix/include/calfpump.h
version=$(sed -n 's/^#define CALFPUMP_VERSION_STRING "\(.*\)"$/\1/p' "$header")
soname=libcalfpump.so.${version%%.*}
[[ $version == 0.* ]] && soname=libcalfpump.so.${version%.*}  # 0.x: ABI per minor release
for f in "$header" "$libdir/$soname" "$libdir/libcalfpump.a" \
         "$libdir/cmake/calfpump/calfpumpConfig.cmake" \
         "$libdir/cmake/calfpump/calfpumpConfigVersion.cmake"; do
    [[ -e $f ]] || { echo "FAILED: $f not installed"; exit 1; }
done

export PKG_CONFIG_PATH=$(dirname "$pc")
if [[ $(pkg-config --modversion calfpump) != "$version" ]]; then
    echo "FAILED: calfpump.pc says version $(pkg-config --modversion calfpump), calfpump.h $version"
    exit 1
fi
echo "pkg-config --cflags --libs calfpump: $(pkg-config --cflags --libs calfpump)"
# shellcheck disable=SC2046
"$cc" "${cflags[@]}" -o "$tmp/via_pc" "$here/main.c" $(pkg-config --cflags --libs calfpump) -lm \
    "${ldflags[@]}"
# Static: libcalfpump.a plus what `pkg-config --static` says it needs (the FFT library, libm,
# threads for FFTW).
# shellcheck disable=SC2046
"$cc" "${cflags[@]}" -o "$tmp/via_pc_static" "$here/main.c" $(pkg-config --cflags calfpump) \
    "$libdir/libcalfpump.a" $(pkg-config --static --libs calfpump | sed 's/-lcalfpump\b//') -lm \
    "${ldflags[@]}"
if ldd "$tmp/via_pc_static" | grep -q libcalfpump; then
    echo "FAILED: the static program needs libcalfpump.so"; exit 1
fi

cmake -S "$here" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
    -DCALFPUMP_EXPECTED_VERSION="$version" \
    > "$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; exit 1; }
cmake --build "$tmp/cmake" > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }

status=0
for prog in "$tmp/via_pc" "$tmp/via_pc_static" "$tmp/cmake/via_cmake" "$tmp/cmake/via_cmake_static"; do
    name=$(basename "$prog")
    LD_LIBRARY_PATH=$libdir "$prog" > "$tmp/$name.out"
    sed "s/^/$name: /" "$tmp/$name.out"
    if ! grep -qF "version: $version "  "$tmp/$name.out" || [[ $(tail -n 1 "$tmp/$name.out") != ok ]]; then
        echo "FAILED: $name printed something unexpected"; status=1
    fi
    if ! cmp -s "$tmp/via_pc.out" "$tmp/$name.out"; then
        echo "FAILED: $name and via_pc disagree"; status=1
    fi
done
[[ $status == 0 ]] && echo "install test: 4 programs built against the installed package and run"
exit $status
