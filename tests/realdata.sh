#!/usr/bin/env bash
# Score the calfpump CLI on the real recordings: realdata.sh PYTHON CLI (run from the repo root).
# Exits 77 (ctest: skipped) when ../shared/eval/score.py is not there.
set -euo pipefail
python=$1
cli=$2
if [[ ! -x $cli ]]; then
    echo "FAILED: the calfpump CLI ($cli) was not built"
    exit 1
fi
# Exits 77 (ctest: skipped) when ../shared is absent; see the script for what it asserts.
exec "$python" tests/realdata_check.py "$cli"
