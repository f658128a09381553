#!/usr/bin/env bash
# Score the calfpump CLI on the real recordings: realdata.sh PYTHON CLI (run from the repo root).
# Exits 77 (ctest: skipped) when ../shared/eval/score.py is not there.
set -euo pipefail
python=$1
cli=$2
score=../shared/eval/score.py
if [[ ! -f $score ]]; then
    echo "SKIPPED: $score not found; the real-data check needs shared/ beside the repository"
    exit 77
fi
if [[ ! -x $cli ]]; then
    echo "FAILED: the calfpump CLI ($cli) was not built"
    exit 1
fi
exec "$python" "$score" --check \
    --cmd "$cli analyze --signal {signal} --placement {placement} --side {side} --channel {channel} {file}"
