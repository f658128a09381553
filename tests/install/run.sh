#!/usr/bin/env bash
# Install test: run.sh BUILD_DIR
# Installs BUILD_DIR into a temporary prefix and uses it as applications do (consumers.sh: the
# header in every language mode, pkg-config and the CMake package, shared and static, the
# installed tool); then moves the prefix to another folder and does it again: calfpump.pc, the
# CMake package and the tool find everything relative to their own place. CC, CXX, CFLAGS and
# LDFLAGS are honoured (sanitizer builds set them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log" ||
    { cat "$tmp/install.log"; exit 1; }
bash "$here/consumers.sh" "$tmp/installed" "$tmp/prefix"
mv "$tmp/prefix" "$tmp/moved"
echo "== the prefix moved to another folder"
bash "$here/consumers.sh" "$tmp/relocated" "$tmp/moved"
echo "install test: installed, used, moved and used again"
