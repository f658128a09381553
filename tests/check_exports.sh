#!/usr/bin/env bash
# ABI check: check_exports.sh LIBRARY HEADER STATIC_LIBRARY
# The shared library exports exactly the functions calfpump.h declares with CALFPUMP_API (the
# internals are hidden), and its SONAME is libcalfpump.so.<major> (libcalfpump.so.0.<minor> before
# 1.0, when every minor release may break the ABI); the static library's global
# symbols are exactly those functions too (its internals are local, so they cannot clash with an
# application's own names).
#   check_exports.sh --self-test LIBRARY HEADER STATIC_LIBRARY: the check must catch a static
#   library with one more global symbol without the prefix, of each kind: code, data, a common
#   symbol (a tentative definition built with -fcommon). CC is honoured.
set -euo pipefail
if [[ $1 == --self-test ]]; then
    shift
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    for clash in 'int queue_push(void) { return 0; }' 'int fft_plans = 1;' 'int queue_len;'; do
        echo "$clash" > "$tmp/clash.c"
        "${CC:-cc}" -fcommon -c "$tmp/clash.c" -o "$tmp/clash.o"
        cp "$3" "$tmp/with_clash.a"
        ar q "$tmp/with_clash.a" "$tmp/clash.o"
        if bash "$0" "$1" "$2" "$tmp/with_clash.a" > /dev/null; then
            echo "FAILED: a static library with '$clash' passed the check"
            exit 1
        fi
    done
    echo "self-test: global code, data and common symbols without the prefix are caught"
    exit 0
fi
lib=$1
header=$2
static=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every defined global symbol, of any type: code, data, read-only data, weak, common (C: a
# tentative definition built with -fcommon), unique, indirect. nm -g lists only global ones.
globals='NF == 3 && $2 != "U" && $2 != "w" && $2 != "v" {print $3}'
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
