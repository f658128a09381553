"""calfpump.read: the recordings the calfpump CLI reads, as the CLI reads them.

The CLI's readers (libcalfpump/cli) are private C code, so this is their Python counterpart with
the same rules and the same numbers:
- Audio files (WAV, FLAC, ... anything libsndfile knows) through python3-soundfile, which reads
  with libsndfile's sf_readf_float like the CLI (integer formats: full scale = 1 g). Channels are
  named "0", "1", ...; the rate is the file's unless rate= is given.
- Everything else as CSV (Python's csv module): a header row naming the columns, numeric cells as
  the CLI reads them (C's strtod on the cell without the spaces and tabs around it: decimal,
  hexadecimal, inf, nan), an empty cell or "nan" = a gap; blank lines are skipped. Before the
  header, a UTF-8 byte-order mark, lines starting with "#" and Excel's "sep=X" line (X then
  separates the fields) are skipped. A field longer than csv.field_size_limit() (128 KiB unless
  raised; the CLI has no limit) raises ValueError.
  A last line without its line end that is short of fields or whose last cell does not read (a
  logger stopped mid-write) is left out, with a RuntimeWarning.
  With a time column "t" (seconds, irregular allowed) the samples are put onto a uniform grid by
  calfpump_resample at rate= or their mean rate (calfpump_resample_rate: pauses longer than 1 s
  left out); gaps longer than 1 s stay gaps (NaN). A row stamped up to 1 s before the previous
  one (a device stamping FIFO read-outs) is taken at the previous row's time, with a
  RuntimeWarning; further back is an error. A clock coarser than the sampling (most times
  shared by 4 rows or more: a logger stamping whole seconds) has each time's rows spread evenly
  up to the next time, with a RuntimeWarning. Without "t", rate= is required.
- Channels: channel= names one column or three (x,y,z), by name or number from 0 as the CLI's
  --channel: numbers count the file's columns, the time column "t" included (in walk.csv with
  t,ax,ay,az, 2 is ay), or an audio file's channels; by default
  ax,ay,az, else amag, else the one or three signal columns (EMG: emg_so, emg_gm or emg_gl, else
  the first signal column).
"""
import csv
import io
import math
import operator
import os
import re
import sys
import threading
import warnings
from collections import namedtuple

import numpy as np

from . import core

TIME_COLUMN = "t"
MAX_GAP_S = 1.0        # irregular clocks: samples further apart leave a gap (as the CLI)
MAX_BACK_S = 1.0       # rows stamped up to this far back are taken in order (as the CLI)
MAX_TIME_S = 1e12      # times beyond are no clock in seconds (as the CLI)
MAX_GRID_GROWTH = 100  # a grid this many times longer than the input means a wrong time unit
MAX_GAP_BYTES = 1024.0 ** 3  # pauses take this much of gap frames at most (as the CLI)
COARSE_ROWS = 4        # most times shared by this many rows: a clock coarser than the sampling
PREAMBLE_BYTES = 1 << 16  # a preamble is looked for in this much of the start (the CLI's read)
G_MS2 = 9.80665        # standard gravity, m/s^2 per g
# The CLI's warning that samples are not in g with gravity in: a median acceleration magnitude
# (of MAGNITUDE_FRAMES frames at most) above GRAVITY_HIGH (above MG_ABOVE: mg), or below
# GRAVITY_LOW on three axes.
GRAVITY_LOW, GRAVITY_HIGH, MG_ABOVE, MAGNITUDE_FRAMES = 0.5, 2.0, 100.0, 4096
_SNDFILE_OPEN = threading.Lock()
UNITS = {"g": 1.0, "m/s2": 1.0 / G_MS2, "mg": 1e-3}

Recording = namedtuple("Recording", "samples rate columns t0")
Recording.__doc__ = """A recording ready for analyze(): samples float32 [frames, channels] in g on
a uniform grid, rate in Hz, columns the names of the channels, t0 the input-clock time of the
first frame (pass it to analyze(..., t0=rec.t0) to get times on the file's clock)."""


def read(path, channel=None, rate=None, units="g", signal="accel"):
    """Read a CSV or audio recording like `calfpump analyze` does; "-" reads CSV from stdin.

    channel: None (default choice), "ax,ay,az", "amag", "2", 2, or a sequence of names/numbers
    (["ax", "ay", "az"], [1, 2, 3]); a number counts the file's columns from 0 as the CLI's
    --channel does, the time column "t" included (t,ax,ay,az: 2 is ay).
    rate: sample rate, Hz (required for a CSV without "t"; else the resampling rate, or the
    audio file's rate overridden). units: "g", "m/s2" or "mg". signal: "accel" or "emg" (decides only
    the default channels). Returns a Recording; raises ValueError for data the CLI rejects.
    """
    return _read(path, channel, rate, units, signal, _warn)


def _warn(message):
    """A RuntimeWarning attributed to the first caller outside this package."""
    here, frame, level = os.path.dirname(__file__), sys._getframe(1), 2
    while frame is not None and os.path.dirname(frame.f_code.co_filename) == here:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, RuntimeWarning, stacklevel=level)


def _read(path, channel, rate, units, signal, warn):
    """read(), its warnings given to warn (a function of the message)."""
    if not isinstance(path, (str, os.PathLike)):  # an int would be taken as a file descriptor
        raise TypeError(f"path must be a file name, not {type(path).__name__}")
    if units not in UNITS:
        raise ValueError(f"unknown units {units!r} (expected one of: {', '.join(UNITS)})")
    if signal not in ("accel", "emg"):
        raise ValueError(f"unknown signal {signal!r} (expected one of: accel, emg)")
    scale = np.float32(UNITS[units])
    rate = None if rate is None else float(rate)
    if rate is not None and not (math.isfinite(rate) and abs(rate) <= np.finfo(np.float32).max):
        raise ValueError(f"rate {rate!r} is not a usable number")
    name = "<stdin>" if path == "-" else str(path)
    request = _Request(name, channel, signal, scale, rate, warn)
    if path == "-":
        stdin = getattr(sys.stdin, "buffer", None)  # none when replaced by a text stream
        rec = _read_csv(stdin or io.BytesIO(sys.stdin.read().encode("utf-8", "replace")),
                        request)
    else:
        rec = _read_audio(path, request)
        if rec is None:
            with open(path, "rb") as f:
                rec = _read_csv(f, request)
    if len(rec.samples) == 0:
        raise ValueError(f"'{name}' holds no samples")
    m = _median_magnitude(rec.samples) if signal == "accel" else math.nan
    if m > GRAVITY_HIGH or rec.samples.shape[1] == 3 and m < GRAVITY_LOW:  # as the CLI warns
        warn(f"'{name}': the median acceleration magnitude is {m:.3g} g, where gravity alone "
             "gives 1 g: " + ("are the samples in mg (units='mg')?" if m > MG_ABOVE else
                              "are the samples in m/s2 (units='m/s2')?" if m > GRAVITY_HIGH else
                              "is gravity taken out, or are the samples in another unit?"))
    return rec


def _median_magnitude(x):
    """The CLI's median_magnitude: over at most 4096 frames spread evenly, finite ones only."""
    step = len(x) // MAGNITUDE_FRAMES + 1
    m = np.sqrt(np.sum(np.square(x[::step].astype(np.float64)), axis=1))
    m = np.sort(m[np.isfinite(m)])
    return m[len(m) // 2] if len(m) else math.nan


_Request = namedtuple("_Request", "name channel signal scale rate warn")


def _default_channels(names, time_col, request, noun):
    """The CLI's default choice of signal channels (indices into names)."""
    def present(wanted):
        return [names.index(w) for w in wanted if w in names]

    emg = request.signal == "emg"
    if emg and present(("emg_so", "emg_gm", "emg_gl")):
        return present(("emg_so", "emg_gm", "emg_gl"))[:1]
    if not emg and len(present(("ax", "ay", "az"))) == 3:
        return present(("ax", "ay", "az"))
    if not emg and present(("amag",)):
        return present(("amag",))
    signals = [i for i in range(len(names)) if i != time_col]
    count = int(len(signals) > 0) if emg else len(signals) if len(signals) in (1, 3) else 0
    if count == 0:
        raise ValueError(f"cannot choose the signal {noun}s among {', '.join(names)}: "
                         "name one or three with channel=")
    return signals[:count]


def _choose_channels(names, time_col, request, noun):
    """Indices of the channels asked for (channel=), or the default ones."""
    spec = request.channel
    if spec is None or spec == "":
        return _default_channels(names, time_col, request, noun)
    if isinstance(spec, str):
        tokens = spec.split(",")
    elif hasattr(spec, "__index__"):  # one number, as the CLI's --channel 2
        tokens = [spec]
    else:
        try:
            tokens = list(spec)
        except TypeError:
            raise TypeError(f"channel must be a name, a number or a sequence of them, not "
                            f"{type(spec).__name__}") from None
    if len(tokens) not in (1, 3):
        raise ValueError(f"channel= takes one {noun} or three (x,y,z), not {spec!r}")
    idx = []
    for tok in tokens:
        if isinstance(tok, str) and tok in names:
            i = names.index(tok)
        elif not isinstance(tok, str) or tok.isascii() and tok.isdigit():
            i = int(tok) if isinstance(tok, str) else operator.index(tok)
            if not 0 <= i < len(names):
                raise ValueError(f"no {noun} {tok} in '{request.name}': it has {len(names)} "
                                 f"{noun}s, counted from 0")
        else:
            raise ValueError(f"unknown {noun} {tok!r} ({noun}s: {', '.join(names)})")
        if i == time_col:
            raise ValueError(f"'{names[i]}' is the time column of '{request.name}', not a signal")
        idx.append(i)
    return idx


def _read_audio(path, request):
    """An audio file through libsndfile (python3-soundfile); None when it is not audio."""
    with open(path, "rb") as f:  # FileNotFoundError etc. as for any file
        head = f.read(4)
    try:
        import soundfile
    except ImportError:
        if head in (b"RIFF", b"fLaC", b"OggS", b"FORM", b".snd", b"RF64"):
            raise ImportError(f"reading the audio file '{request.name}' needs soundfile "
                              "(Debian: python3-soundfile)") from None
        return None
    try:
        # libsndfile keeps a failed open's error in globals: one open at a time (cohort reads
        # on several threads, and most of its files are CSV, which fail here)
        with _SNDFILE_OPEN:
            sound = soundfile.SoundFile(path)
        with sound:
            data, file_rate = sound.read(dtype="float32", always_2d=True), sound.samplerate
    except soundfile.LibsndfileError as e:
        if e.code == 1:  # SF_ERR_UNRECOGNISED_FORMAT: read it as CSV, as the CLI does
            return None
        raise ValueError(f"'{request.name}': {e.error_string}") from None
    names = [str(i) for i in range(data.shape[1])]
    idx = _choose_channels(names, -1, request, "channel")
    samples = np.ascontiguousarray(data[:, idx]) * request.scale
    return Recording(samples, request.rate if request.rate is not None else float(file_rate),
                     [names[i] for i in idx], 0.0)


# What C's strtod reads as a whole cell in the C locale (Python's float() reads more: "1_000",
# non-ASCII digits; and less: hexadecimal, "nan(...)").
_STRTOD = re.compile(r"""[+-]?(?:
    (?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?
  | 0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?
  | (?i:inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?))""", re.X)
_TRIMMED = " \t"  # the CLI's CSV parser (libcsv) drops them around every field


def _number(text):
    """A trimmed cell as the CLI reads it: a float, NaN when empty, None when not a number."""
    if text == "":
        return math.nan
    text = text.lstrip(" \t\n\v\f\r")  # strtod skips leading white space
    if not _STRTOD.fullmatch(text):
        return None
    if "(" in text:
        return math.nan
    return float.fromhex(text) if "x" in text or "X" in text else float(text)


def _blank(row):
    """An empty line, or one of spaces and tabs (the CLI skips both; not a quoted empty cell,
    which is a gap)."""
    return not row or len(row) == 1 and row[0] != "" and not row[0].strip(_TRIMMED)


def _cell(text, request, line, column):
    value = _number(text.strip(_TRIMMED))
    if value is None:
        raise ValueError(f"'{request.name}' line {line}, column '{column}': {text[:40]!r} is "
                         "not a number")
    return value


def _preamble(head):
    """What the CLI skips before the header in head, the file's first bytes: a UTF-8 byte-order
    mark (a spreadsheet export's: it would stand before a quoted first name), then lines starting
    with "#" (comments) and Excel's "sep=X" (the field separator). Returns (bytes, lines,
    separator)."""
    at = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    lines, separator = 0, ","
    while at < len(head):
        eol = head.find(b"\n", at)
        if eol < 0:
            break
        body = head[at:eol].removesuffix(b"\r")
        sep = len(body) == 5 and body.startswith(b"sep=")
        if not body.startswith(b"#") and not sep:
            break
        if sep:
            separator = chr(body[4])
        at, lines = eol + 1, lines + 1
    return at, lines, separator


class _Rest(io.RawIOBase):
    """A binary file from what is left of its first bytes (head) on."""

    def __init__(self, head, f):
        super().__init__()
        self._head, self._f = memoryview(head), f

    def readable(self):
        return True

    def readinto(self, b):
        if not self._head:
            return self._f.readinto(b)
        n = min(len(b), len(self._head))
        b[:n], self._head = self._head[:n], self._head[n:]
        return n


class _Lines:
    """The lines of a text file; ended: whether the last row read had its line end (only the
    file's last line can lack it; and a row in which csv reached the end of the file, inside
    quotes, has none)."""

    def __init__(self, f):
        self._f, self.ended = f, True

    def __iter__(self):
        return self

    def __next__(self):
        try:
            line = next(self._f)
        except StopIteration:
            self.ended = False
            raise
        self.ended = line.endswith(("\n", "\r"))
        return line


def _rows(reader, request, skipped):
    """The rows of a csv reader; its errors (a field longer than csv.field_size_limit()) as
    ValueError with the file and line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise ValueError(f"'{request.name}' line {reader.line_num + skipped}: {e}") from None
        yield row


def _read_csv(f, request):
    """A CSV recording from the binary file f."""
    head = f.read(PREAMBLE_BYTES)
    skip, skipped, separator = _preamble(head)
    source = _Lines(io.TextIOWrapper(io.BufferedReader(_Rest(head[skip:], f)), encoding="utf-8",
                                     errors="replace", newline=""))
    reader = csv.reader(source, delimiter=separator)
    rows = _rows(reader, request, skipped)
    header = None
    for header in rows:
        if not _blank(header):
            break
    if not header or _blank(header):
        raise ValueError(f"'{request.name}' is empty")
    header = [h.strip(_TRIMMED) for h in header]
    if any(ord(c) < 0x20 and c != "\t" or c == "\x7f" for h in header for c in h):
        raise ValueError(f"'{request.name}' is neither CSV text nor an audio format libsndfile "
                         "knows: its first line holds control bytes (compressed? binary?)")
    if len(header) == 1 and any(c in header[0] for c in ";\t"):  # a decimal-comma locale's export
        raise ValueError(f"'{request.name}' line {reader.line_num + skipped} holds one column, "
                         f"'{header[0]}': fields must be separated by commas (';' or tabs?)")
    if all(h != "" and _number(h) is not None for h in header):
        raise ValueError(f"'{request.name}' line {reader.line_num + skipped}: expected a header "
                         "row naming the columns, found numbers")
    time_col = header.index(TIME_COLUMN) if TIME_COLUMN in header else -1
    if time_col < 0 and request.rate is None:
        raise ValueError(f"'{request.name}' has no time column '{TIME_COLUMN}': give the sample "
                         "rate with rate=")
    idx = _choose_channels(header, time_col, request, "column")
    times, values, back, cut_line = [], [], [], None
    for row in rows:
        if _blank(row):
            continue
        line = reader.line_num + skipped
        cut = False
        if not source.ended and len(row) <= len(header):
            # The file's last line without its line end: cut short (a logger stopped mid-write)
            # when it lacks fields or its last cell does not read; that cell unchecked (a cut
            # time "17000" is no time), the ones before it checked as any.
            last = len(row) - 1
            cut = len(row) < len(header) or (last == time_col or last in idx) and \
                _number(row[last].strip(_TRIMMED)) is None
            if cut:
                row, cut_line = row[:last], line
        elif len(row) != len(header):
            raise ValueError(f"'{request.name}' line {line} has {len(row)} fields, the header "
                             f"{len(header)}")
        if 0 <= time_col < len(row):
            t = _cell(row[time_col], request, line, TIME_COLUMN)
            if not math.isfinite(t):
                raise ValueError(f"'{request.name}' line {line}: time {row[time_col][:40]!r} is "
                                 "not a finite number")
            if abs(t) > MAX_TIME_S:
                raise ValueError(f"'{request.name}' line {line}: time {t:g} is beyond "
                                 f"{MAX_TIME_S:g} s: is the time column in seconds?")
            if times and t < times[-1] - MAX_BACK_S:
                raise ValueError(f"'{request.name}' line {line}: time {t!r} is before the "
                                 f"previous row's {times[-1]!r} by more than {MAX_BACK_S:g} s "
                                 "(rows out of order, or two recordings joined?)")
            if times and t < times[-1]:
                back.append((line, t, times[-1]))
                t = times[-1]
        if cut:
            for i in idx:
                if i < len(row):
                    _cell(row[i], request, line, header[i])
            continue
        if time_col >= 0:
            times.append(t)
        values.append([_cell(row[i], request, line, header[i]) for i in idx])
    if not values:
        raise ValueError(f"'{request.name}' has no data rows")
    if cut_line is not None:
        request.warn(f"'{request.name}' line {cut_line} is cut short (no line end, and its "
                     "fields short or unreadable: a logger stopped mid-write?): left out; "
                     "reading the lines before it")
    if back:
        line, t, prev = back[0]
        request.warn(f"'{request.name}' line {line}: time {t!r} is before the previous row's "
                     f"{prev!r}; {len(back)} row(s) stamped up to {MAX_BACK_S:g} s back were "
                     "taken at the previous row's time")
    # Products in double, then rounded once to float (out-of-range values become +-inf: gaps).
    with np.errstate(over="ignore"):
        x = (np.array(values, dtype=np.float64) * np.float64(request.scale)).astype(np.float32)
    columns = [header[i] for i in idx]
    if time_col < 0:
        return Recording(x, request.rate, columns, 0.0)
    return _to_grid(np.array(times), x, columns, request)


def _spread_shared_times(t, rate):
    """The CLI's rule for a clock coarser than the sampling (a logger stamping whole seconds):
    when half the distinct times or more are shared by COARSE_ROWS rows or more, the m rows of a
    time T are spread evenly over the interval to the next time T' (in place), instead of being
    averaged into one sample (which loses every step). The first rows, and those after a pause,
    may not fill theirs (a logger started mid-second): they end at T', as far apart as the rows
    of the other intervals are (closer if they do not fit; 1/rate when there are none). The last
    rows, and those before a pause, start at T, as far apart. True when they were spread."""
    n = len(t)
    first = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])  # each time's first row
    rows = np.diff(np.r_[first, n])
    if 2 * np.count_nonzero(rows >= COARSE_ROWS) < len(first):
        return False
    at = t[first]
    following = np.r_[at[1:], np.nan]  # the next time; NaN: the last time has none
    to_next = following - at
    after = np.r_[np.inf, at[1:] - at[:-1]]    # from the previous time
    inner = (after <= MAX_GAP_S) & (to_next <= MAX_GAP_S)
    inner_s = np.cumsum(to_next[inner])[-1] if inner.any() else 0.0  # summed in order, as C
    inner_rows = rows[inner].sum()
    edge_step = inner_s / inner_rows if inner_rows else 1.0 / rate
    close = to_next <= MAX_GAP_S
    fit = to_next / rows
    step = np.where(close & ((after <= MAX_GAP_S) | (fit < edge_step)), fit, edge_step)
    start = np.where(close & (after > MAX_GAP_S), following - rows * step, at)
    t[:] = np.repeat(start, rows) + (np.arange(n) - np.repeat(first, rows)) * np.repeat(step, rows)
    return True


def _to_grid(t, x, columns, request):
    """Timestamped rows onto a uniform grid from t[0], as the CLI does."""
    rate = request.rate
    if rate is None:
        rate = core.resample_rate(t, MAX_GAP_S)
        if rate == 0.0:
            raise ValueError(f"'{request.name}': the time column tells no sample rate (all rows "
                             f"at one time, or none within {MAX_GAP_S:g} s of the next: is it in "
                             "seconds?): give it with rate=")
    if _spread_shared_times(t, rate):
        if request.rate is None:  # the spread rows tell it better (a partial first or last time
            rate = core.resample_rate(t, MAX_GAP_S)  # no longer counts as a whole interval)
        request.warn(f"'{request.name}': most times are shared by {COARSE_ROWS} rows or more: "
                     "the time column is coarser than the sampling, so each time's rows were "
                     f"spread evenly up to the next time, at {rate:g} Hz (if that is not the "
                     "rate, give it with rate=)")
    span = t[-1] - t[0]
    frames = core.resample_frames(t, rate)
    # Pauses over MAX_GAP_S are gap frames: not growth from a wrong unit unless most rows are a
    # pause apart, but memory (the CLI's rule).
    steps = np.diff(t)
    pauses = steps[steps > MAX_GAP_S]
    most = MAX_GRID_GROWTH * len(t) + 1000
    if (span - pauses.sum()) * rate > most or (frames > most and 2 * len(pauses) > len(t)):
        raise ValueError(f"'{request.name}': {len(t)} rows over {span:g} s at {rate:g} Hz would "
                         f"make {frames} frames: is the time column in seconds, and rate= right?")
    if pauses.sum() * rate * x.shape[1] * 4 > MAX_GAP_BYTES:
        raise ValueError(f"'{request.name}': its pauses over {MAX_GAP_S:g} s add up to "
                         f"{pauses.sum():.0f} s: at {rate:g} Hz their gap frames would take more "
                         f"than {MAX_GAP_BYTES / 1e6:.0f} MB: split the recording at its long "
                         "pauses")
    try:
        grid = core.resample(t, x, rate, MAX_GAP_S)
    except core.ArgumentError as e:  # as the CLI says it
        raise ValueError(f"'{request.name}': cannot resample onto {rate:g} Hz: {e}") from None
    return Recording(grid, rate, columns, float(t[0]))
