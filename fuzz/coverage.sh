#!/usr/bin/env bash
# Coverage of the library's sources (libcalfpump/src) and the CLI's readers reached by the fuzz
# corpora, with clang's source-based coverage: the corpus replayers (no libFuzzer) built with
# -fprofile-instr-generate -fcoverage-mapping in build-cov/, each run over fuzz/corpus/<target>/
# (and over EXTRA/<target>/ for each EXTRA directory given, e.g. a CALFPUMP_FUZZ_KEEP directory
# of fuzz/run.sh), then llvm-profdata-14 / echo "== the library (libcalfpump/src)"
llvm-cov-14 report "${objects[@]:1}" -instr-profile="$build/profiles/all.profdata" libcalfpump/src
echo "== the CLI's readers"
llvm-cov-14 report "${objects[@]:1}" -instr-profile="$build/profiles/all.profdata" \
    libcalfpump/cli/read_csv.c libcalfpump/cli/read_sndfile.c libcalfpump/cli/recording.c
