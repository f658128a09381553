#!/usr/bin/env python3
"""Overhead of the Python bindings over the C call, on a long recording.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [--hours 24]
        [--tile FILE.csv] [--repeat 5] [--lib build/libcalfpump/libcalfpump.so]

The recording: FILE.csv (default: ../shared/data/oxford_step/Pixel_Jamie_Hard_Armband_2.csv, a
continuous walk, when it is there; else a generated walk) read with calfpump.read at 100 Hz and
tiled end to end to --hours of tri-axial float32 samples.

Timed in turns, --repeat times each, as process CPU time (time.process_time: other processes on
a shared machine do not count; the work is single-threaded) and as wall-clock time:
  C        calfpump_create + calfpump_analyze + calfpump_result_free + calfpump_destroy, called
           through ctypes on the shared library built from the same object files as the module
           (the config comes from calfpump.core.Config, so no layout is restated here)
  python   calfpump.analyze(x, 100) on that float32 array: config, handle, the same C call, the
           results copied into numpy arrays and a Result built
  float64  calfpump.analyze on a float64 copy (includes the one conversion to float32)
  stream   calfpump.Stream: push in 60 s chunks, events() after each, flush()
The overhead is (python - C) / C of the median CPU times; the target is < 5 %.
"""
import argparse
import ctypes
import os
import statistics
import sys
import time

import numpy as np

import calfpump

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TILE = os.path.join(os.path.dirname(REPO), "shared", "data", "oxford_step",
                            "Pixel_Jamie_Hard_Armband_2.csv")
RATE = 100.0


def recording(hours, tile):
    frames = int(hours * 3600 * RATE)
    if tile:
        unit = calfpump.read(tile, rate=RATE).samples
        print(f"tile: {tile}: {len(unit)} frames at {RATE:g} Hz")
    else:
        t = np.arange(int(600 * RATE)) / RATE
        rng = np.random.default_rng(1)
        bump = np.exp(-(((t * 1.8) % 1.0) - 0.2) ** 2 / 0.01) * 0.4
        unit = np.stack([0.05 * bump, 1 + bump, 0 * t], 1) + rng.normal(0, 0.01, (len(t), 3))
        print("tile: a generated 10-minute walk (no ../shared/data)")
    reps = -(-frames // len(unit))
    return np.ascontiguousarray(np.tile(unit, (reps, 1))[:frames], dtype=np.float32)


def c_library(path):
    lib = ctypes.CDLL(path)
    p = ctypes.c_void_p
    lib.calfpump_create.argtypes = [p, ctypes.POINTER(p)]
    lib.calfpump_analyze.argtypes = [p, p, ctypes.c_size_t, ctypes.POINTER(p)]
    lib.calfpump_result_activations.argtypes = [p, ctypes.POINTER(ctypes.c_size_t)]
    lib.calfpump_result_free.argtypes = [p]
    lib.calfpump_destroy.argtypes = [p]
    return lib


def c_analyze(lib, x):
    """The C calls alone; returns the number of activations."""
    cfg = calfpump.core.Config()
    cfg.sample_rate_hz, cfg.channels = RATE, x.shape[1]
    h, r, n = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_size_t()
    assert lib.calfpump_create(int(cfg.this), ctypes.byref(h)) == 0
    assert lib.calfpump_analyze(h, x.ctypes.data, len(x), ctypes.byref(r)) == 0
    lib.calfpump_result_activations(r, ctypes.byref(n))
    lib.calfpump_result_free(r)
    lib.calfpump_destroy(h)
    return n.value


def stream(x, chunk_s=60):
    chunk = int(chunk_s * RATE)
    n = 0
    with calfpump.Stream(RATE, x.shape[1]) as s:
        for i in range(0, len(x), chunk):
            s.push(x[i:i + chunk])
            n += len(s.events().activations)
        n += len(s.flush().activations)
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hours", type=float, default=24.0)
    ap.add_argument("--tile", default=DEFAULT_TILE if os.path.exists(DEFAULT_TILE) else None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--lib", default=os.path.join(REPO, "build", "libcalfpump",
                                                  "libcalfpump.so"))
    args = ap.parse_args()
    x = recording(args.hours, args.tile)
    x64 = x.astype(np.float64)
    lib = c_library(args.lib)
    runs = {
        "C": lambda: c_analyze(lib, x),
        "python": lambda: len(calfpump.analyze(x, RATE).activations),
        "float64": lambda: len(calfpump.analyze(x64, RATE).activations),
        "stream": lambda: stream(x),
    }
    cpu = {name: [] for name in runs}
    wall = {name: [] for name in runs}
    found = {}
    for _ in range(args.repeat):
        for name, run in runs.items():
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            found.setdefault(name, run())
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start_wall)
    counts = set(found.values())
    assert len(counts) == 1, f"the runs disagree: {found}"
    print(f"calfpump {calfpump.library_version}, python {sys.version.split()[0]}, numpy "
          f"{np.__version__}")
    print(f"{len(x)} frames ({args.hours:g} h at {RATE:g} Hz, 3 channels), "
          f"{counts.pop()} activations, {args.repeat} runs each")
    c = statistics.median(cpu["C"])
    print(f"{'run':8} {'CPU median s':>12} {'CPU min s':>10} {'wall median s':>13} {'vs C':>7}")
    for name in runs:
        med = statistics.median(cpu[name])
        print(f"{name:8} {med:12.3f} {min(cpu[name]):10.3f} {statistics.median(wall[name]):13.3f}"
              f" {100 * (med - c) / c:+6.1f}%")
    overhead = (statistics.median(cpu["python"]) - c) / c
    print(f"binding overhead (python vs C, median CPU time): {100 * overhead:+.1f}% "
          "(target < 5%)")

if __name__ == "__main__":
    main()
