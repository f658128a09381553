#!/usr/bin/env bash
# The main job, from a fresh Debian machine: install what the build needs, build, and analyse one
# recording with the calfpump CLI, printing the human-readable summary and the first lines of the
# JSON. Uses a real phone recording from ../shared/data when it is there, a generated walk if not.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps
cmake -S . -B build -DPython3_EXECUTABLE=/usr/bin/python3 > /dev/null
cmake --build build -j "$(nproc)" --target calfpump_cli > /dev/null
real=../shared/data/oxford_step/Samsung_Dario_Hard_FrontPocket_2.csv
if [[ -f $real ]]; then
    file=$real placement=pocket_front
else
    file=$(mktemp --suffix=.csv)
    /usr/bin/python3 examples/make_walk.py > "$file"
    placement=lower_back
fi
echo "== $file (placement $placement)"
build/calfpump analyze --placement "$placement" --summary "$file"
echo "== the same as JSON (first 600 characters)"
build/calfpump analyze --placement "$placement" "$file" | head -c 600
echo
