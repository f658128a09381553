#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, -DCALFPUMP_FUZZ=ON) and fuzzes each for a given time,
# one after the other (one process: the machine is shared).
#   usage: bash fuzz/run.sh [SECONDS [TARGET...]]      default: 60 s, every harness
# For each harness: the committed corpus is replayed once, then the harness fuzzes for SECONDS
# with a scratch output corpus, so that fuzz/corpus/ is never written to. Reproducers go to
# $BUILD/artifacts/. Environment:
#   CALFPUMP_FUZZ_BUILD  build directory (default build-fuzz)
#   CALFPUMP_FUZZ_KEEP   a directory: keep each harness's new corpus entries in KEEP/<target>/
#                        (for minimising into fuzz/corpus/ or measuring coverage)
# Exit status 1 if any harness crashed, broke a contract, leaked or timed out.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(fuzz_push fuzz_analyze fuzz_emg fuzz_resample fuzz_config fuzz_csv fuzz_sndfile)
fi
build=${CALFPUMP_FUZZ_BUILD:-build-fuzz}

CC=clang cmake -S . -B "$build" -DCALFPUMP_FUZZ=ON -DCALFPUMP_BUILD_TESTS=OFF > /dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
mkdir -p "$build/artifacts"

failed=0
for t in "${targets[@]}"; do
    if [[ -n ${CALFPUMP_FUZZ_KEEP:-} ]]; then
        out="$CALFPUMP_FUZZ_KEEP/$t"
        mkdir -p "$out"
    else
        out=$(mktemp -d)
    fi
    log="$build/$t.log"
    if "$build/fuzz/$t" -runs=0 -artifact_prefix="$build/artifacts/$t-" "fuzz/corpus/$t" \
            > "$build/$t.replay.log" 2>&1 &&
       "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$build/artifacts/$t-" -print_final_stats=1 \
            "$out" "fuzz/corpus/$t" > "$log" 2>&1; then
        execs=$(awk '/^stat::number_of_executed_units/ {print $2}' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
        echo "$t: corpus replayed, ${execs:-0} inputs in ${seconds} s, ${cov:-cov: ?}, no crash"
    else
        failed=1
        tail -n 40 "$build/$t.replay.log" "$log" 2>/dev/null || true
        echo "FAILED: $t; reproducer: $(ls "$build/artifacts/$t-"* 2>/dev/null | head -n 1)"
    fi
    [[ -n ${CALFPUMP_FUZZ_KEEP:-} ]] || rm -rf "$out"
done
exit "$failed"
