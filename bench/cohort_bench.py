#!/usr/bin/env python3
"""Cohort throughput: recordings per second of `calfpump batch` (threads) and calfpump.cohort on
a Dask cluster, and the scaling of batch from 1 to 2 cores.

    PYTHONPATH=build/python /usr/bin/python3 bench/cohort_bench.py [--cli build/calfpump]
        [--recordings 40] [--minutes 10] [--data PATH...] [--repeat 3] [--workers 2]
        [--scheduler tcp://HOST:8786] [--no-dask]

The recordings: PATHs given with --data (files, folders, globs: a real cohort), else generated
ones: --recordings CSV files of --minutes of a 100 Hz tri-axial walk with a time column (the
resampling reader's path), written once into a temporary folder.

Timed as wall-clock time, the best of --repeat runs each, every run into a fresh output folder
(no resume):
  batch -j 1, batch -j 2   the CLI's thread pool; scaling = rate(-j 2) / rate(-j 1). Also
                           "cores used" = the CLI's CPU time / wall time: when another
                           process holds a core, -j 2 cannot use two, and scaling is ~1
  dask                     calfpump.cohort(paths, client) on a distributed.LocalCluster of
                           --workers single-threaded worker processes (started before timing),
                           or on the cluster whose scheduler is --scheduler (its workers need the
                           calfpump package and must see the same paths, e.g. a shared file
                           system)
  threads                  calfpump.cohort(paths) with local threads, for reference
Prints one line per setup and the ratios. Figures on a shared machine vary: repeat them.
"""
import argparse
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RATE = 100.0


def generate(folder, n, minutes):
    """n walks of `minutes` at RATE Hz (cadence and noise vary between them), as CSV with t."""
    rng = np.random.default_rng(1)
    t = np.arange(int(minutes * 60 * RATE)) / RATE
    paths = []
    for i in range(n):
        step_hz = rng.uniform(1.5, 2.1)
        vertical = 0.3 * np.sin(2 * np.pi * step_hz * t) + 0.1 * np.sin(4 * np.pi * step_hz * t)
        x = np.stack([0.05 * vertical, 1 + vertical, 0.1 * np.sin(2 * np.pi * step_hz * t)], 1)
        x += rng.normal(0, 0.02, x.shape)
        path = os.path.join(folder, f"walk{i:04d}.csv")
        np.savetxt(path, np.column_stack([t, x]), fmt="%.6f", delimiter=",",
                   header="t,ax,ay,az", comments="")
        paths.append(path)
    return paths


def best_of(repeat, run):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def children_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_batch(cli, paths, jobs, repeat, scratch):
    """(best wall time, CPU time / wall time of that run)."""
    used = []

    def run():
        cpu = children_cpu_s()
        start = time.perf_counter()
        out = tempfile.mkdtemp(dir=scratch)
        subprocess.run([cli, "batch", "--quiet", "-j", str(jobs), "-o", out, *paths],
                       check=False, stdout=subprocess.DEVNULL)
        used.append((time.perf_counter() - start, children_cpu_s() - cpu))
        rows = sum(1 for _ in open(os.path.join(out, "summary.csv"))) - 1
        assert rows >= len(paths), f"batch wrote {rows} rows for {len(paths)} recordings"
        shutil.rmtree(out)
    best = best_of(repeat, run)
    wall, cpu = min(used)
    return best, cpu / wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default=os.path.join(REPO, "build", "calfpump"))
    ap.add_argument("--recordings", type=int, default=40)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--data", nargs="+", help="recordings to use instead of generated ones")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()

    import calfpump
    scratch = tempfile.mkdtemp(prefix="cohort_bench_")
    try:
        if args.data:
            paths = calfpump._cohort.recording_paths(args.data)
        else:
            paths = generate(scratch, args.recordings, args.minutes)
        n = len(paths)
        size = sum(os.path.getsize(p) for p in paths if os.path.exists(p)) / 1e6
        print(f"{n} recordings, {size:.1f} MB; {os.cpu_count()} processors; "
              f"best of {args.repeat}")
        rates, cores = {}, {}
        for jobs in (1, 2):
            s, cores[f"batch -j {jobs}"] = time_batch(args.cli, paths, jobs, args.repeat, scratch)
            rates[f"batch -j {jobs}"] = n / s
        rates["threads"] = n / best_of(args.repeat, lambda: calfpump.cohort(paths, jobs=2))
        if not args.no_dask:
            import distributed
            # its "full garbage collections took 20% CPU" notes are about the bench's own process
            logging.getLogger("distributed.utils_perf").setLevel(logging.ERROR)
            if args.scheduler:
                client = distributed.Client(args.scheduler)
            else:
                cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                                   processes=True, dashboard_address=None)
                client = distributed.Client(cluster)
            with client:
                client.run(lambda: __import__("calfpump"))  # imported before timing
                where = args.scheduler or f"LocalCluster {args.workers}x1"
                rates[f"dask ({where})"] = n / best_of(
                    args.repeat, lambda: calfpump.cohort(paths, client=client))
            if not args.scheduler:
                cluster.close()
        for name, rate in rates.items():
            used = f"  ({cores[name]:.2f} cores used)" if name in cores else ""
            print(f"{name:32s} {rate:8.2f} recordings/s{used}")
        print(f"scaling 1 -> 2 cores (batch -j 2 / -j 1): "
              f"{rates['batch -j 2'] / rates['batch -j 1']:.2f}")
        for name, rate in rates.items():
            if name.startswith("dask"):
                print(f"{name} / batch -j 2: {rate / rates['batch -j 2']:.2f}")
    finally:
        shutil.rmtree(scratch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
