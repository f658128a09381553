#!/usr/bin/env bash
# Uses an installed libcalfpump as applications do: consumers.sh WORK_DIR PREFIX [PREFIX...]
# The PREFIXes are where it was installed (several when its libdir is an absolute path outside
# the first one, as Nix and Guix install); calfpump.pc is looked for below them and they are the
# CMake consumers' CMAKE_PREFIX_PATH. In WORK_DIR (which must not exist yet) it
#   - compiles abi_layout.c alone against the installed calfpump.h as C89 to C17 and, with a C++
#     compiler, C++98 to C++20, with -Wall -Wextra -Wpedantic -Werror (enum values, struct sizes
#     and offsets pinned; the header included twice);
#   - builds main.c through pkg-config (shared, and static: libcalfpump.a plus
#     `pkg-config --static --libs`) and through the CMake package (calfpump::calfpump, and
#     calfpump::calfpump_static with COMPONENTS static), runs all four and checks what they print;
#   - checks that find_package(calfpump X.Y) refuses the versions the ABI policy rules out;
#   - runs the installed command-line tool, if there is one, without LD_LIBRARY_PATH.
# CC, CXX, CFLAGS and LDFLAGS are honoured (sanitizer builds set them). Run by run.sh and
# layouts.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$1
shift
prefixes=("$@")
cc=${CC:-cc}
cxx=${CXX:-}
if [[ -z $cxx ]]; then
    cxx=$(command -v c++ || command -v g++ || command -v clang++ || true)
fi
read -r -a cflags <<< "${CFLAGS:-}"
read -r -a ldflags <<< "${LDFLAGS:-}"
mkdir "$tmp"
fail() { echo "FAILED: $*"; exit 1; }

pc=$(find "${prefixes[@]}" -name calfpump.pc | head -n 1)
[[ -n $pc ]] || fail "no calfpump.pc below ${prefixes[*]}"
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir calfpump)
includedir=$(pkg-config --variable=includedir calfpump)
# The version the header declares; the SONAME, calfpump.pc and the CMake package must say the same.
header=$includedir/calfpump.h
[[ -f $header ]] || fail "calfpump.pc's includedir $includedir has no calfpump.h"
version=$(sed -n 's/^#define CALFPUMP_VERSION_STRING "\(.*\)"$/\1/p' "$header")
number=$(sed -n 's/^#define CALFPUMP_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' "$header" |
    paste -sd.)
[[ -n $version && $version == "$number" ]] ||
    fail "calfpump.h: CALFPUMP_VERSION_STRING '$version', MAJOR.MINOR.PATCH '$number'"
IFS=. read -r major minor _ <<< "$version"
soname=libcalfpump.so.$major
((major == 0)) && soname=libcalfpump.so.0.$minor  # 0.x: ABI per minor release
cmakedir=$(find "${prefixes[@]}" -path '*/cmake/calfpump/calfpumpConfig.cmake' | head -n 1)
for f in "$libdir/$soname" "$libdir/libcalfpump.a" "$cmakedir" \
         "$(dirname "$cmakedir")/calfpumpConfigVersion.cmake"; do
    [[ -e $f ]] || fail "$f not installed"
done
[[ $(pkg-config --modversion calfpump) == "$version" ]] ||
    fail "calfpump.pc says version $(pkg-config --modversion calfpump), calfpump.h $version"

# The header alone, in every language mode an application may use.
modes=0
for std in c89 c99 c11 c17; do
    "$cc" -std=$std -Wall -Wextra -Wpedantic -Werror -I"$includedir" -c "$here/abi_layout.c" \
        -o "$tmp/abi_$std.o" || fail "calfpump.h in $std (above)"
    modes=$((modes + 1))
done
if [[ -n $cxx ]]; then
    for std in c++98 c++11 c++17 c++20; do
        "$cxx" -x c++ -std=$std -Wall -Wextra -Wpedantic -Werror -I"$includedir" \
            -c "$here/abi_layout.c" -o "$tmp/abi_$std.o" || fail "calfpump.h in $std (above)"
        modes=$((modes + 1))
    done
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
    fail "the static program needs libcalfpump.so"
fi

# Versions the package must refuse: the next major, and before 1.0 any other minor.
rejected="$((major + 1)).0"
((major == 0)) && rejected+=";0.$((minor + 1))"
((major == 0 && minor > 0)) && rejected+=";0.$((minor - 1))"
cmake -S "$here" -B "$tmp/cmake" "-DCMAKE_PREFIX_PATH=$(IFS=';'; echo "${prefixes[*]}")" \
    -DCMAKE_C_COMPILER="$cc" -DCALFPUMP_EXPECTED_VERSION="$version" \
    "-DCALFPUMP_REJECTED_VERSIONS=$rejected" \
    > "$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; fail "configuring tests/install"; }
cmake --build "$tmp/cmake" > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "building"; }

status=0
for prog in "$tmp/via_pc" "$tmp/via_pc_static" "$tmp/cmake/via_cmake" "$tmp/cmake/via_cmake_static"; do
    name=$(basename "$prog")
    LD_LIBRARY_PATH=$libdir "$prog" > "$tmp/$name.out"
    sed "s/^/$name: /" "$tmp/$name.out"
    if ! grep -qF "version: $version " "$tmp/$name.out" ||
       ! grep -qxE "version_number: ([0-9]+) \(header \1\)" "$tmp/$name.out" ||
       [[ $(tail -n 1 "$tmp/$name.out") != ok ]]; then
        echo "FAILED: $name printed something unexpected"; status=1
    fi
    if ! cmp -s "$tmp/via_pc.out" "$tmp/$name.out"; then
        echo "FAILED: $name and via_pc disagree"; status=1
    fi
done

# The command-line tool finds the library it was installed with by itself.
tools=0
for tool in "${prefixes[@]/%//bin/calfpump}"; do
    [[ -x $tool ]] || continue
    if ! out=$(env -u LD_LIBRARY_PATH "$tool" --version 2>&1) || [[ $out != *"$version"* ]]; then
        echo "FAILED: the installed $tool --version: $out"; status=1
    fi
    tools=$((tools + 1))
done
[[ $status == 0 ]] && echo "consumers: calfpump.h in $modes language modes; 4 programs built" \
    "against the installed package and run; versions $rejected refused; $tools tool(s) run"
exit $status
