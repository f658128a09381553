#!/usr/bin/env bash
# check_image.sh NM SIZE CORE_ELF STREAM_ELF CORE_LIB
# The firmware images link no heap, stdio or threads (nm), and their sizes (size): CORE_ELF is
# the library behind a minimal push/poll loop, i.e. the flash a vendor pays for the core.
set -euo pipefail
nm=$1 size=$2 core=$3 stream=$4 lib=$5
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
"$size" "$core" "$stream"
"$size" -t "$lib" | tail -n 1 | sed 's/^/core library objects (before --gc-sections): /'
# Soft-float double routines the core still pulls in (the Cortex-M4F FPU is single precision).
echo "double-precision helpers linked: $("$nm" "$core" | awk '{print $NF}' |
    grep -cE '^__aeabi_(d|[a-z0-9]*2d|d2)' || true)"
exit $status
