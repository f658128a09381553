#!/usr/bin/env python3
"""Writes the streaming test program's recording as C source (see recording.h).

make_recording.py OUT.c SHARED_DATA_DIR REPO_DIR
Takes RECORDING from SHARED_DATA_DIR when it is there (a real lower-back walk with turns and
standing), else the generated walk of REPO_DIR/examples/make_walk.py. The samples are copied as
decimal text, so the host and the cross compiler read the very same floats.
"""
import csv
import io
import os
import subprocess
import sys

RECORDING = ("mobgap_example/HA001_TimeMeasure1_Test11_Trial1.csv", "lower_back")


def main():
    out_path, data_dir, repo = sys.argv[1:4]
    path = os.path.join(data_dir, RECORDING[0])
    if os.path.exists(path):
        name, placement = RECORDING[0], RECORDING[1]
        text = open(path).read()
    else:
        name, placement = "generated walk (examples/make_walk.py)", "unknown"
        text = subprocess.run([sys.executable, os.path.join(repo, "examples", "make_walk.py")],
                              capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    t = [float(r["t"]) for r in rows]
    rate = round((len(t) - 1) / (t[-1] - t[0]), 3)
    with open(out_path, "w") as f:
        f.write('#include "recording.h"\n#include "calfpump.h"\n\n')
        f.write(f'const char recording_name[] = "{name}";\n')
        f.write(f"const float recording_rate_hz = {rate}f;\n")
        f.write("const int recording_channels = 3;\n")
        f.write(f"const int recording_placement = CALFPUMP_PLACEMENT_{placement.upper()};\n")
        f.write(f"const size_t recording_frames = {len(rows)};\n")
        f.write("const float recording_data[] = {\n")
        for r in rows:
            f.write(f"    {float(r['ax'])!r}f, {float(r['ay'])!r}f, {float(r['az'])!r}f,\n")
        f.write("};\n")


if __name__ == "__main__":
    main()
