"""Shared fixtures of the calfpump package tests.

Run (after building, from the repository root):
    PYTHONPATH=build/python MPLBACKEND=Agg /usr/bin/python3 -m pytest python/tests
or with the package installed by pip. The CLI the results are compared with is $CALFPUMP_CLI
(default build/calfpump). Real recordings come from ../shared/data when it is there.
"""
import csv
import os

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(REPO), "shared", "data")
CLI = os.environ.get("CALFPUMP_CLI", os.path.join(REPO, "build", "calfpump"))


def walk(seconds=120.0, rate=100.0, step_hz=1.8, still_s=10.0, seed=3):
    """Tri-axial samples in g (float64): still_s of stillness, walking at step_hz with a
    stronger step every other step, still_s of stillness; a little noise throughout."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    walking = (t >= still_s) & (t < seconds - still_s)
    phase = (t - still_s) * step_hz
    bump = np.exp(-((phase % 1.0) - 0.2) ** 2 / 0.01) * (0.35 + 0.05 * (phase.astype(int) % 2))
    vertical = np.where(walking, bump + 0.1 * np.sin(2 * np.pi * step_hz * t), 0.0)
    x = np.stack([0.05 * vertical, 1.0 + vertical, np.zeros_like(t)], axis=1)
    return x + rng.normal(0.0, 0.01, x.shape)


@pytest.fixture(scope="session")
def walk_signal():
    return walk()


def write_csv(path, columns, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        w.writerows(rows)
    return str(path)


def accel_recordings():
    """(path, placement, side) of the first accelerometer recording of each data set."""
    manifest = os.path.join(DATA, "manifest.csv")
    if not os.path.exists(manifest):
        return []
    seen, out = set(), []
    with open(manifest, newline="") as f:
        for row in csv.DictReader(f):
            if row["signal"] == "accel" and row["dataset"] not in seen:
                seen.add(row["dataset"])
                out.append((os.path.join(DATA, row["file"]), row["placement"], row["side"]))
    return out


@pytest.fixture(scope="session")
def cli():
    if not os.access(CLI, os.X_OK):
        pytest.fail(f"the calfpump CLI is not built at {CLI} (set CALFPUMP_CLI)")
    return CLI
