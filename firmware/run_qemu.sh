#!/usr/bin/env bash
# run_qemu.sh QEMU FIRMWARE_ELF HOST_PROGRAM PYTHON COMPARE_PY
# Runs the streaming program on an emulated Cortex-M4 (QEMU mps2-an386, output through
# semihosting) and on the host, then compares their results (compare_stream.py).
set -euo pipefail
qemu=$1 elf=$2 host=$3 python=$4 compare=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! bash "$(dirname "$0")/qemu.sh" "$qemu" "$elf" > "$tmp/target.txt"; then
    tail -n 5 "$tmp/target.txt"
    echo "FAILED: the firmware program did not finish with status 0 under QEMU"
    exit 1
fi
"$host" > "$tmp/host.txt"
grep '^#' "$tmp/target.txt" || true
exec "$python" "$compare" "$tmp/host.txt" "$tmp/target.txt"
