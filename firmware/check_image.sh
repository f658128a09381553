#!/usr/bin/env bash
# check_image.sh NM SIZE CORE_ELF STREAM_ELF CORE_LIB [MAX_FLASH]
# The firmware images link no heap, stdio or threads, the core library (CORE_LIB) has no writable
# static data and no global symbol outside the API (nm), and their sizes (size): CORE_ELF is the
# library behind a minimal push/poll loop, i.e. the flash a vendor pays for the core; its text +
# data must fit MAX_FLASH bytes when given.
set -euo pipefail
nm=$1 size=$2 core=$3 stream=$4 lib=$5 max_flash=${6:-}
status=0
forbidden='^(malloc|_malloc_r|free|_free_r|calloc|_calloc_r|realloc|_realloc_r|_sbrk|_sbrk_r|printf|_printf_r|vfprintf|_vfprintf_r|puts|fputs|fwrite|_fwrite_r|fopen|pthread_.*)$'
for elf in "$core" "$stream"; do
    found=$("$nm" "$elf" | awk '{print $NF}' | grep -E "$forbidden" || true)
    if [[ -n $found ]]; then
        echo "FAILED: $(basename "$elf") links" $found
        status=1
    else
        echo "ok: $(basename "$elf") links no heap, stdio or threads"
    fi
done
# No static mutable data in the core: handles share nothing, and the library needs no RAM of
# its own beyond the caller's block and the stack.
writable=$("$nm" "$lib" | awk '$2 ~ /^[bBdDcC]$/ {print $3}')
if [[ -n $writable ]]; then
    echo "FAILED: the core library has writable static data:" $writable
    status=1
else
    echo "ok: the core library has no writable static data"
fi
# Every global symbol of the core library is the API's: the vendor's firmware links its own
# names beside it (the host libraries are checked by tests/check_exports.sh).
foreign=$("$nm" -g --defined-only "$lib" |
    awk 'NF == 3 && $2 !~ /^[Uwv]$/ && $3 !~ /^calfpump_/ {print $3}' | sort -u)
if [[ -n $foreign ]]; then
    echo "FAILED: the core library has global symbols without the calfpump_ prefix:" $foreign
    status=1
else
    echo "ok: the core library's global symbols are all calfpump_*"
fi
"$size" "$core" "$stream"
if [[ -n $max_flash ]]; then
    flash=$("$size" "$core" | awk 'NR == 2 {print $1 + $2}')
    if ((flash > max_flash)); then
        echo "FAILED: $(basename "$core") needs $flash B of flash, more than $max_flash B"
        status=1
    else
        echo "ok: $(basename "$core") needs $flash B of flash (limit $max_flash B)"
    fi
fi
"$size" -t "$lib" | tail -n 1 | sed 's/^/core library objects (before --gc-sections): /'
# Soft-float double routines the core still pulls in (the Cortex-M4F FPU is single precision).
echo "double-precision helpers linked: $("$nm" "$core" | awk '{print $NF}' |
    grep -cE '^__aeabi_(d|[a-z0-9]*2d|d2)' || true)"
exit $status
