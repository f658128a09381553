#!/usr/bin/env bash
# ABI check: check_exports.sh LIBRARY HEADER STATIC_LIBRARY
# The shared library exports exactly the functions calfpump.h declares with CALFPUMP_API (the
# internals are hidden), and its SONAME is libcalfpump.so.<major> (libcalfpump.so.0.<minor> before
# 1.0, when every minor release may break the ABI); the static library's global
# symbols are exactly those functions too (its internals are local, so they cannot clash with an
# application's own names).
set -euo pipefail
lib=$1
header=$2
static=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
globals='$2 ~ /^[TDBRVWi]$/ {print $3}'
nm -D --defined-only "$lib" | awk "$globals" | sed 's/@.*//' | sort -u > "$tmp/exported"
nm -g --defined-only "$static" | awk "$globals" | sort -u > "$tmp/static"
tr '\n' ' ' < "$header" | grep -o 'CALFPUMP_API [^(;]*(' \
    | sed -n "s/.*[^A-Za-z0-9_]\(calfpump_[A-Za-z0-9_]*\) *($/\1/p" | sort -u > "$tmp/declared"
status=0
for kind in exported static; do
    if ! diff -u "$tmp/declared" "$tmp/$kind" > "$tmp/diff"; then
        echo "FAILED: $kind symbols differ from the header's CALFPUMP_API functions (+ = $kind):"
        cat "$tmp/diff"
        status=1
    fi
done
major=$(sed -n 's/^#define CALFPUMP_VERSION_MAJOR \([0-9]*\)$/\1/p' "$header")
minor=$(sed -n 's/^#define CALFPUMP_VERSION_MINOR \([0-9]*\)$/\1/p' "$header")
want=libcalfpump.so.$major
[[ $major == 0 ]] && want=libcalfpump.so.0.$minor
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
if [[ -z $major || -z $minor || $soname != "$want" ]]; then
    echo "FAILED: SONAME is '$soname', want $want (calfpump.h version $major.$minor)"
    status=1
fi
if [[ $status == 0 ]]; then
    echo "exports: $(wc -l < "$tmp/exported") functions, all declared in calfpump.h, in both" \
        "libraries; SONAME $soname"
fi
exit $status
