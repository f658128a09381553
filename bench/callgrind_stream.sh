#!/usr/bin/env bash
# Instructions per input frame of the streaming path on the host, counted by callgrind (a stable
# count, unlike a timing): callgrind_stream.sh [BUILD_DIR]   (default build/)
# Runs BUILD_DIR/calfpump_stream_host (firmware/stream.c: the firmware test recording pushed
# 4 frames at a time, every queue polled after each push) and collects only inside
# calfpump_push, calfpump_poll_* and calfpump_flush, i.e. the library's work, not the printing.
set -euo pipefail
build=${1:-build}
prog=$build/calfpump_stream_host
[[ -x $prog ]] || { echo "no $prog: build the host tree first (bash .ci/test)"; exit 1; }
command -v valgrind > /dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --collect-atstart=no \
    --toggle-collect='calfpump_push' --toggle-collect='calfpump_flush' \
    --toggle-collect='calfpump_poll_*' "$prog" > "$tmp/out.txt" 2> "$tmp/valgrind.txt"
ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$tmp/cg.out")
frames=$(awk '/^summary/ {print $2}' "$tmp/out.txt")
version=$(sed -n 's/^# libcalfpump \([^,]*\),.*/\1/p' "$tmp/out.txt")
echo "libcalfpump $version, $(sed -n 's/.*recording \(.*\)/\1/p' "$tmp/out.txt")"
echo "streaming path: $ir instructions for $frames frames = $((ir / frames)) per input frame"
