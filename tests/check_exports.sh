#!/usr/bin/env bash
# ABI check: check_exports.sh LIBRARY HEADER
# The shared library exports exactly the functions calfpump.h declares with CALFPUMP_API (the
# internals are hidden), and its SONAME is libcalfpump.so.<major>.
set -euo pipefail
lib=$1
header=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVWi]$/ {print $3}' | sed 's/@.*//' | sort -u \
    > "$tmp/exported"
tr '\n' ' ' < "$header" | grep -o 'CALFPUMP_API [^(;]*(' \
    | sed -n "s/.*[^A-Za-z0-9_]\(calfpump_[A-Za-z0-9_]*\) *($/\1/p" | sort -u > "$tmp/declared"
status=0
if ! diff -u "$tmp/declared" "$tmp/exported" > "$tmp/diff"; then
    echo "FAILED: exported symbols differ from the header's CALFPUMP_API functions (+ = exported):"
    cat "$tmp/diff"
    status=1
fi
major=$(sed -n 's/^#define CALFPUMP_VERSION_MAJOR \([0-9]*\)$/\1/p' "$header")
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
if [[ $soname != "libcalfpump.so.$major" ]]; then
    echo "FAILED: SONAME is '$soname', want libcalfpump.so.$major"
    status=1
fi
if [[ $status == 0 ]]; then
    echo "exports: $(wc -l < "$tmp/exported") functions, all declared in calfpump.h; SONAME $soname"
fi
exit $status
