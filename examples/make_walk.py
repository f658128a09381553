#!/usr/bin/env python3
"""Writes a synthetic 100 Hz tri-axial accelerometer CSV (t,ax,ay,az in g) to stdout: 20 s still,
90 s of walking at 108 steps/min with a little left/right asymmetry and noise, 20 s still.
Used by demo.sh when ../shared/data is not there; standard library only."""
import math
import random

RATE, STEP_HZ = 100.0, 1.8
rng = random.Random(7)
print("t,ax,ay,az")
for i in range(int(130 * RATE)):
    t = i / RATE
    walk = 20.0 <= t < 110.0
    vert = 0.0
    if walk:
        phase = (t - 20.0) * STEP_HZ
        # One heel-strike bump per step; every other step a little stronger (stride asymmetry).
        bump = math.exp(-((phase % 1.0) - 0.2) ** 2 / 0.01)
        vert = (0.35 + 0.05 * (int(phase) % 2)) * bump + 0.1 * math.sin(2 * math.pi * STEP_HZ * t)
    noise = [rng.gauss(0.0, 0.01) for _ in range(3)]
    print(f"{t:.2f},{0.05 * vert + noise[0]:.5f},{1.0 + vert + noise[1]:.5f},{noise[2]:.5f}")
