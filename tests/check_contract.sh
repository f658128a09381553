#!/usr/bin/env bash
# Every test that README.md's "Bad input" table names for a row of the bad-input contract is a
# test of tests/test_api.c, and passes in the built test_api.
#   usage: check_contract.sh README.md TEST_API_BINARY
set -euo pipefail
readme=$1
test_api=$2
names=$(awk '/^## Bad input/ {on = 1; next} /^## / {on = 0} on && /^\| / {print}' "$readme" |
    awk -F'|' '{print $4}' | grep -o 'test_[a-z0-9_]*' | sort -u)
if [[ -z $names ]]; then
    echo "no tests found in the \"Bad input\" table of $readme" >&2
    exit 1
fi
output=$("$test_api" 2>&1) || { echo "$output" >&2; exit 1; }
missing=0
for t in $names; do
    if ! grep -qF "[       OK ] $t" <<< "$output"; then
        echo "$t: named in $readme's \"Bad input\" table but did not pass in $test_api" >&2
        missing=1
    fi
done
((missing == 0)) && echo "$(wc -w <<< "$names") contract tests named in $readme all passed"
