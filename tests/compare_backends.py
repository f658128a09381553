#!/usr/bin/env python3
"""The analysis does not depend on the FFT backend: a CLI built with another backend
(CALFPUMP_FFT=kissfft or builtin) against the FFTW build's CLI, on every accelerometer recording
in ../shared/data (when present) and on generated walks.

Asserts for every input that the analyses agree (agreement.py: same activations and bouts,
cadences within 0.1 per minute).
Usage: compare_backends.py REFERENCE_CLI CLI   (run from the repository root)
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

from agreement import CADENCE_TOL, TIME_TOL, differences

DATA = os.path.join("..", "shared", "data")


def inputs(tmp):
    """(name, argv) for every input: real accelerometer recordings, then generated walks."""
    out = []
    manifest = os.path.join(DATA, "manifest.csv")
    if os.path.exists(manifest):
        with open(manifest, newline="") as f:
            for r in csv.DictReader(f):
                if r["signal"] == "accel":
                    out.append((r["id"], ["--placement", r["placement"], "--side", r["side"],
                                          os.path.join(DATA, r["file"])]))
    walk = os.path.join(tmp, "walk.csv")
    with open(walk, "w") as f:
        subprocess.run([sys.executable, os.path.join("examples", "make_walk.py")], stdout=f,
                       check=True)
    for placement in ("unknown", "foot", "wrist"):
        out.append((f"generated walk ({placement})", ["--placement", placement, walk]))
    # The same walk at 50 Hz (every other row) and as one magnitude channel.
    with open(walk) as f:
        rows = f.read().splitlines()
    walk50 = os.path.join(tmp, "walk50.csv")
    with open(walk50, "w") as f:
        f.write("\n".join([rows[0]] + rows[1::2]) + "\n")
    out.append(("generated walk 50 Hz", [walk50]))
    out.append(("generated walk 1 channel", ["--channel", "ay", walk]))
    return out


def analyse(cli, argv):
    p = subprocess.run([cli, "analyze"] + argv, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{cli} exit {p.returncode}: {p.stderr.strip()[-300:]}")
    return json.loads(p.stdout)


def main():
    ref_cli, cli = sys.argv[1], sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = inputs(tmp)
        for name, argv in cases:
            ref, got = analyse(ref_cli, argv), analyse(cli, argv)
            diffs = differences(ref, got)
            status = "FAILED" if diffs else "ok"
            print(f"{status}: {name}: {len(got['activations'])} activations, "
                  f"{len(got['cadence'])} windows ({got['library']} vs {ref['library']})"
                  + ("; " + "; ".join(diffs) if diffs else ""))
            failures += bool(diffs)
    print(f"backends: {len(cases) - failures} passed, {failures} failed "
          f"(same activations within {TIME_TOL} s, cadence within {CADENCE_TOL}/min)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
