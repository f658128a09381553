"""calfpump.cohort: the summary table of many recordings, like `calfpump batch`.

One row per recording and, for recordings over several days on the input's clock (day =
floor(t / 86400 s)), one row per recording-day, with the columns of the CLI's summary.csv:
steps, activations, bouts (a day: those that start in it), walking_min (time in walking bouts),
active_min (time in any bout), longest_still_min (longest time outside every bout), the 10th,
50th and 90th nearest-rank percentiles of the rhythmic windows' steps per minute, error (a
recording that cannot be read or analysed gets one row with its error; the others go on) and
warnings (read()'s warnings and an input of gaps only, " | " between them, on each of the
recording's rows; they are not raised as Python warnings).
Without a client the recordings are analysed by local threads (the library releases the GIL);
with a dask.distributed Client, by one task per recording on its cluster. Every row depends on
its recording alone, so both give the same table as a serial run, in the order of `paths`.
"""
import errno
import fnmatch
import glob
import math
import os
import stat
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import core
from ._analysis import BOUT_KINDS, KINDS, _handle, analyze
from ._read import UNITS, _read

DAY_S = 86400.0
PERCENTILES = (10, 50, 90)
# As the CLI's --include default: the names taken from folders.
INCLUDE = ("*.csv", "*.wav", "*.flac", "*.ogg", "*.aiff", "*.au", "*.caf", "*.w64")
COLUMNS = ("file", "day", "start_s", "duration_s", "steps", "activations", "bouts",
           "walking_min", "active_min", "longest_still_min", "cadence_p10", "cadence_p50",
           "cadence_p90", "error", "warnings")
WARNINGS_SEPARATOR = " | "  # as the CLI's summary.csv
_READ_OPTIONS = ("channel", "rate", "units", "signal")
# What `calfpump batch -o DIR` writes in DIR (batch.h): the table, and the folders of the parts
# and the full JSON; a folder holding PARTS_DIR is a batch's output.
TABLE_CSV, TABLE_JSONL, PARTS_DIR, JSON_DIR = "summary.csv", "summary.jsonl", ".parts", "json"


def recording_paths(paths, include=INCLUDE):
    """The recordings of paths (a path or a list): files as given, folders searched recursively
    for names matching include in any case (patterns, or one string of them separated by commas
    as the CLI's --include, spaces around them ignored; hidden files and folders left out; symbolic links followed, a link
    to a folder it is in searched once; what is not a regular file left out with a
    RuntimeWarning), glob patterns expanded; each file once, in order, without what a
    `calfpump batch` wrote (summary.csv or .jsonl beside a .parts folder, its json/). A path that
    names nothing is kept (its row tells why). As the CLI's batch; a folder that cannot be
    searched raises OSError."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if isinstance(include, str):  # spaces and tabs around a pattern are no part of it
        include = [i.strip(" \t") for i in include.split(",")]
    found = []
    for p in map(os.fspath, paths):
        if os.path.isdir(p):
            found += _folder(p, include)
        elif not os.path.exists(p) and glob.has_magic(p) and glob.glob(p):
            for g in sorted(glob.glob(p)):
                found += _folder(g, include) if os.path.isdir(g) else [g]
        else:
            found.append(p)
    seen, out = set(), []
    for p in found:
        key = os.path.realpath(p)
        if key not in seen and not (os.path.exists(p) and _batch_output(key)):
            seen.add(key)
            out.append(p)
    return out


def _batch_output(real):
    """real (a canonical path) is what a batch wrote: an output folder's table, or a file of its
    json/ or .parts/ (only these: an output folder may hold recordings too)."""
    folder, name = os.path.split(real)
    if name in (TABLE_CSV, TABLE_JSONL):
        return os.path.isdir(os.path.join(folder, PARTS_DIR))
    up, sub = os.path.split(folder)
    return sub in (JSON_DIR, PARTS_DIR) and os.path.isdir(os.path.join(up, PARTS_DIR))


def _folder(folder, include):
    """The recordings of a folder, sorted by path (as bytes: as the CLI sorts them)."""
    out = []
    _walk(folder, os.stat(folder), [i.lower() for i in include], (), out)
    if not out:
        warnings.warn(f"no file in the folder '{folder}' matches '{','.join(include)}'",
                      RuntimeWarning, stacklevel=2)
    return sorted(out, key=os.fsencode)


def _walk(folder, st, include, up, out):
    """The CLI's batch walk: the files of folder (whose stat is st) and of its folders that match
    include (patterns in lower case), into out. up: the (device, inode) of the folders it is in."""
    here = (*up, (st.st_dev, st.st_ino))
    try:
        names = os.listdir(folder)
    except OSError as e:
        if not up:
            raise OSError(e.errno, f"cannot search the folder: {e.strerror}", folder) from None
        warnings.warn(f"cannot search the folder '{folder}': {e.strerror}", RuntimeWarning,
                      stacklevel=2)
        return
    for name in names:
        if name.startswith("."):  # hidden (an output folder's .parts)
            continue
        path = folder + ("" if folder.endswith("/") else "/") + name  # "DIR/" given: "DIR/a.csv"
        try:
            target, error = os.stat(path), None  # through symbolic links
        except OSError as e:
            target, error = None, e
        is_dir = target is not None and stat.S_ISDIR(target.st_mode)
        if is_dir and (target.st_dev, target.st_ino) in here:
            warnings.warn(f"'{path}' links to a folder it is in: not searched again",
                          RuntimeWarning, stacklevel=2)
        elif is_dir:
            _walk(path, target, include, here, out)
        elif not any(fnmatch.fnmatchcase(name.lower(), i) for i in include):
            continue  # as FNM_CASEFOLD: loggers' FAT cards write LOG00001.CSV
        elif target is not None and stat.S_ISREG(target.st_mode):
            out.append(path)
        else:  # a FIFO would block the reader
            warnings.warn(f"'{path}' left out: " + (
                "not a regular file (a pipe, socket or device)" if target is not None else
                "a link to nothing (git-annex content not fetched?)"
                if error.errno == errno.ENOENT else error.strerror), RuntimeWarning, stacklevel=2)


def _round(v, scale):
    """v rounded half away from zero to 1/scale, as C's round()."""
    return math.copysign(math.floor(abs(v) * scale + 0.5), v) / scale


def _percentiles(values):
    """Nearest-rank percentiles of float32 values, rounded to 0.01 like the JSON's cadence."""
    v = np.sort(np.asarray(values, dtype=np.float32))
    n = len(v)
    return [_round(float(v[max((p * n + 99) // 100, 1) - 1]), 100) if n else math.nan
            for p in PERCENTILES]


class _Day:
    def __init__(self):
        self.steps = self.activations = self.bouts = 0
        self.walking_s = self.active_s = self.still_s = 0.0
        self.cadence = []


def summary_rows(file, result):
    """The summary rows (dicts with COLUMNS) of one analysis (a Result, times on the input's
    clock)."""
    t0, s = result.t0, result.summary
    duration = s["duration_s"]
    first = math.floor(t0 / DAY_S)
    days = {}

    def day(d):
        return days.setdefault(d, _Day())

    still = [0.0]

    def span(a, b, kind):
        """Input-clock times a..b, split at midnights (as library times: t - t0)."""
        if kind == "still":
            still[0] = max(still[0], b - a)
        d = math.floor((t0 + a) / DAY_S)
        while a < b:
            end = min(b, (d + 1) * DAY_S - t0)
            if end > a:
                x = day(d)
                if kind == "still":
                    x.still_s = max(x.still_s, end - a)
                else:
                    setattr(x, kind, getattr(x, kind) + (end - a))
            a = max(a, end)
            d += 1

    walking = next(k for k, v in BOUT_KINDS.items() if v == "walking")
    stride = next(k for k, v in KINDS.items() if v == "stride")
    for a in result.activations:
        x = day(math.floor(float(a["t"]) / DAY_S))
        x.activations += 1
        x.steps += 2 if a["kind"] == stride else 1
    for c in result.cadence[result.cadence["rhythmic"] != 0]:
        day(math.floor(float(c["t"]) / DAY_S)).cadence.append(c["steps_per_min"])
    still_from = 0.0
    for b in result.bouts:
        start, end = float(b["start"]) - t0, float(b["end"]) - t0
        day(math.floor((t0 + start) / DAY_S)).bouts += 1
        span(still_from, start, "still")
        span(start, end, "active_s")
        if b["kind"] == walking:
            span(start, end, "walking_s")
        still_from = max(still_from, end)
    span(still_from, duration, "still")
    if duration > 0:
        day(max(math.ceil((t0 + duration) / DAY_S) - 1, first))
    n_days = max(days) - first + 1 if days else 0
    ordered = [days.get(first + i, _Day()) for i in range(n_days)]

    def minutes(seconds):
        return _round(seconds / 60.0, 1e4)

    whole = dict(file=file, day=None, start_s=_round(t0, 1e4), duration_s=_round(duration, 1e4),
                 steps=s["steps"], activations=s["activations"], bouts=s["bouts"],
                 walking_min=minutes(sum(d.walking_s for d in ordered)),
                 active_min=minutes(sum(d.active_s for d in ordered)),
                 longest_still_min=minutes(still[0]), error=None)
    whole.update(zip(("cadence_p10", "cadence_p50", "cadence_p90"),
                     _percentiles([v for d in ordered for v in d.cadence])))
    rows = [whole]
    for i, d in enumerate(ordered if n_days > 1 else ()):
        number = first + i
        start = max(t0, number * DAY_S)
        row = dict(file=file, day=number, start_s=_round(start, 1e4),
                   duration_s=_round(min(t0 + duration, (number + 1) * DAY_S) - start, 1e4),
                   steps=d.steps, activations=d.activations, bouts=d.bouts,
                   walking_min=minutes(d.walking_s), active_min=minutes(d.active_s),
                   longest_still_min=minutes(d.still_s), error=None)
        row.update(zip(("cadence_p10", "cadence_p50", "cadence_p90"), _percentiles(d.cadence)))
        rows.append(row)
    return rows


def recording_rows(path, **params):
    """The summary rows of one recording file (a list of dicts); a recording that cannot be read
    or analysed gives one row with its error. params: read()'s channel, rate, units, signal and
    analyze()'s placement, side and PARAMETERS. The task cohort() runs per recording."""
    read_params = {k: params.pop(k) for k in _READ_OPTIONS if k in params}
    said = []  # the recording's warnings (a list per call: the tasks run in threads)
    signal = read_params.get("signal", "accel")
    try:
        rec = _read(path, read_params.get("channel"), read_params.get("rate"),
                    read_params.get("units", "g"), signal, said.append)
        result = analyze(rec.samples, rec.rate, signal=signal, t0=rec.t0, **params)
        if result.summary["gap_frames"] == result.summary["frames"]:  # else it reads as still
            said.append(f"'{os.fspath(path)}': every frame is a gap (NaN or Inf): there was "
                        "nothing to analyse")
        rows = summary_rows(os.fspath(path), result)
    except Exception as e:  # noqa: BLE001 - whatever one file does, the others go on
        rows = [dict.fromkeys(COLUMNS)]
        rows[0].update(file=os.fspath(path), error=str(e) or type(e).__name__)
    for row in rows:
        row["warnings"] = WARNINGS_SEPARATOR.join(said) or None
    return rows


def _check(params):
    """Raises for parameters that would fail every recording (a misspelt name, an unknown
    placement), before any task is sent."""
    analysis = {k: v for k, v in params.items() if k not in _READ_OPTIONS}
    names = {k: analysis.pop(k) for k in ("placement", "side") if k in analysis}
    signal = params.get("signal", "accel")
    rate = core.EMG_MIN_RATE_HZ if signal == "emg" else 100.0  # any rate the signal takes
    _handle(rate, 3, signal, names.get("placement", "unknown"), names.get("side", "unknown"),
            analysis)  # the library checks ranges
    if params.get("units", "g") not in UNITS:
        raise ValueError(f"unknown units {params['units']!r} (expected one of: "
                         f"{', '.join(UNITS)})")


def _frame(rows):
    import pandas as pd
    df = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    return df.astype({"day": "Int64", "steps": "Int64", "activations": "Int64",
                      "bouts": "Int64", "error": "object", "warnings": "object"})


def cohort(paths, client=None, jobs=None, include=INCLUDE, **params):
    """The summary table of the recordings in paths (files, folders, glob patterns; see
    recording_paths) as a pandas DataFrame with COLUMNS, one row per recording (and per
    recording-day of multi-day recordings), in the order of paths.

    client: a dask.distributed Client: one task per recording on its cluster (the workers need
    this package); None: jobs local threads (default: the number of processors).
    params: channel, rate, units, signal (as read()), placement, side and PARAMETERS (as
    analyze()), applied to every recording.
    """
    _check(params)
    files = recording_paths(paths, include)
    if client is not None:
        futures = client.map(recording_rows, files, pure=False, **params)
        per_file = client.gather(futures)
    else:
        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            per_file = list(pool.map(lambda f: recording_rows(f, **params), files))
    return _frame([row for rows in per_file for row in rows])
