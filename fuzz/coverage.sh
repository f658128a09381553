#!/usr/bin/env bash
# Coverage of the library's sources (libcalfpump/src) and the CLI's readers reached by the fuzz
# corpora, with clang's source-based coverage: the corpus replayers (no libFuzzer) built with
# -fprofile-instr-generate -fcoverage-mapping in build-cov/, each run over fuzz/corpus/<target>/
# (and over EXTRA/<target>/ for each EXTRA directory given, e.g. a CALFPUMP_FUZZ_KEEP directory
# of fuzz/run.sh), then llvm-profdata-14 / llvm-cov-14 report per file.
#   usage: bash fuzz/coverage.sh [EXTRA...]
set -euo pipefail
cd "$(dirname "$0")/.."
extra=("$@")
build=build-cov
targets=(fuzz_push fuzz_analyze fuzz_emg fuzz_resample fuzz_config fuzz_csv fuzz_sndfile)
flags="-fprofile-instr-generate -fcoverage-mapping"

CC=clang cmake -S . -B "$build" -DCALFPUMP_REALDATA_CHECK=OFF -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > /dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/%/_replay}" > /dev/null
rm -rf "$build/profiles"
mkdir -p "$build/profiles"
objects=()
for t in "${targets[@]}"; do
    dirs=("fuzz/corpus/$t")
    for e in "${extra[@]}"; do
        [[ -d $e/$t ]] && dirs+=("$e/$t")
    done
    LLVM_PROFILE_FILE="$build/profiles/$t.profraw" "$build/fuzz/${t}_replay" "${dirs[@]}"
    objects+=(-object "$build/fuzz/${t}_replay")
done
llvm-profdata-14 merge -sparse "$build"/profiles/*.profraw -o "$build/profiles/all.profdata"
echo "== the library (libcalfpump/src)"
llvm-cov-14 report "${objects[@]:1}" -instr-profile="$build/profiles/all.profdata" libcalfpump/src
echo "== the CLI's readers"
llvm-cov-14 report "${objects[@]:1}" -instr-profile="$build/profiles/all.profdata" \
    libcalfpump/cli/read_csv.c libcalfpump/cli/read_sndfile.c libcalfpump/cli/recording.c
