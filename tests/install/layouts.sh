#!/usr/bin/env bash
# Install layouts as packagers configure them: layouts.sh SOURCE_DIR [CMAKE_OPTION...]
# Configures a test-less build of SOURCE_DIR (the CMAKE_OPTIONs: the FFT backend, the CLI, the
# compiler of the build running this test), builds what it installs, then for each layout
# installs it and uses it as applications do (consumers.sh):
#   staged    CMAKE_INSTALL_PREFIX=/usr, the multiarch libdir lib/<triplet>, installed with
#             DESTDIR: every file lands below DESTDIR, and works from there; installed by
#             component, every file is in one, the runtime one holds the shared library only
#   absolute  CMAKE_INSTALL_LIBDIR and CMAKE_INSTALL_BINDIR given as absolute paths, the libdir
#             outside the prefix (Nix and Guix configure so)
# A reconfigure changes only the install paths: the library is compiled once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$1" && pwd)
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build=$tmp/build
triplet=$("${CC:-cc}" -print-multiarch 2>/dev/null || true)
multiarch=lib/${triplet:-multiarch}

configure() {
    cmake -S "$src" -B "$build" -DCALFPUMP_BUILD_TESTS=OFF -DBUILD_TESTING=OFF \
        -DCALFPUMP_REALDATA_CHECK=OFF "$@" > "$tmp/configure.log" 2>&1 ||
        { cat "$tmp/configure.log"; echo "FAILED: configuring with $*"; exit 1; }
    local targets=(calfpump calfpump_static)
    grep -q '^CALFPUMP_CLI:BOOL=ON' "$build/CMakeCache.txt" && targets+=(calfpump_cli)
    cmake --build "$build" -j 2 --target "${targets[@]}" > "$tmp/build.log" 2>&1 ||
        { cat "$tmp/build.log"; echo "FAILED: building"; exit 1; }
}

echo "== staged: prefix /usr, libdir $multiarch, DESTDIR"
configure "$@" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR="$multiarch" \
    -DCMAKE_INSTALL_BINDIR=bin
DESTDIR=$tmp/stage cmake --install "$build" > "$tmp/install.log"
# install_manifest.txt names the files as installed, without DESTDIR.
while read -r f; do
    [[ $f == /usr/* && -e $tmp/stage$f ]] ||
        { echo "FAILED: $f (install_manifest.txt) is not in DESTDIR/usr"; exit 1; }
done < "$build/install_manifest.txt"
[[ -f $tmp/stage/usr/$multiarch/pkgconfig/calfpump.pc &&
   -f $tmp/stage/usr/$multiarch/cmake/calfpump/calfpumpConfig.cmake ]] ||
    { echo "FAILED: calfpump.pc or the CMake package not in $multiarch"; exit 1; }
# Split packages: each file in one install component, the runtime one the shared library as
# applications load it (a libcalfpump0.2 package), none left unassigned.
for component in calfpump_Runtime calfpump_Development calfpump_Tool Unspecified; do
    DESTDIR=$tmp/component cmake --install "$build" --component "$component" > /dev/null
    [[ -f $build/install_manifest_$component.txt ]] || : > "$build/install_manifest_$component.txt"
done
runtime=$(sed 's|.*/||' "$build/install_manifest_calfpump_Runtime.txt" | sort | paste -sd' ')
[[ $runtime =~ ^libcalfpump\.so\.[0-9.]+\ libcalfpump\.so\.[0-9.]+$ ]] ||
    { echo "FAILED: component calfpump_Runtime installs '$runtime'"; exit 1; }
[[ ! -s $build/install_manifest_Unspecified.txt ]] ||
    { echo "FAILED: files in no component:"; cat "$build/install_manifest_Unspecified.txt"; exit 1; }
if ! diff <(sort "$build/install_manifest.txt") \
        <(awk 1 "$build"/install_manifest_calfpump_*.txt | sort) > "$tmp/components.diff"; then
    echo "FAILED: the components do not install what a whole install does:"
    cat "$tmp/components.diff"
    exit 1
fi
echo "components: calfpump_Runtime ($runtime), calfpump_Development, calfpump_Tool"
bash "$here/consumers.sh" "$tmp/use-staged" "$tmp/stage/usr"

echo "== absolute: libdir $tmp/libout/lib, bindir $tmp/out/tools, prefix $tmp/out"
configure "$@" -DCMAKE_INSTALL_PREFIX="$tmp/out" -DCMAKE_INSTALL_LIBDIR="$tmp/libout/lib" \
    -DCMAKE_INSTALL_BINDIR="$tmp/out/tools"
cmake --install "$build" > "$tmp/install.log"
if [[ -e $tmp/out/tools/calfpump ]]; then
    ln -s tools "$tmp/out/bin"  # where consumers.sh looks for the tool
fi
bash "$here/consumers.sh" "$tmp/use-absolute" "$tmp/out" "$tmp/libout"
echo "install layouts: staged (DESTDIR, multiarch libdir) and absolute paths installed and used"
