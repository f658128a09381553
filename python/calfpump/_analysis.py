"""Batch analysis (analyze), streaming (Stream) and their Result, over the SWIG module core."""
import math
import numbers
import operator
import threading

import numpy as np

from . import core


def _dtype(record):
    """The numpy dtype of a C record, laid out as the compiler laid it out."""
    fields, itemsize = core.record_fields(record)
    names, formats, offsets = zip(*fields)
    return np.dtype({"names": list(names), "formats": list(formats), "offsets": list(offsets),
                     "itemsize": itemsize})


ACTIVATION_DTYPE = _dtype(core.RECORD_ACTIVATION)
CADENCE_DTYPE = _dtype(core.RECORD_CADENCE)
BOUT_DTYPE = _dtype(core.RECORD_BOUT)
SUMMARY_DTYPE = _dtype(core.RECORD_SUMMARY)
SESSION_DTYPE = _dtype(core.RECORD_SESSION)
SET_DTYPE = _dtype(core.RECORD_SET)
IMMOBILITY_DTYPE = _dtype(core.RECORD_IMMOBILITY)
POSTURE_DTYPE = _dtype(core.RECORD_POSTURE)
DAY_DTYPE = _dtype(core.RECORD_DAY)
ACTIVITY_DTYPE = _dtype(core.RECORD_ACTIVITY)
EXERCISE_DTYPE = _dtype(core.RECORD_EXERCISE)
BURST_DTYPE = _dtype(core.RECORD_BURST)
# The polled records: (Result attribute, record type, dtype, its time fields).
_RECORDS = (("activations", core.RECORD_ACTIVATION, ACTIVATION_DTYPE, ("t",)),
            ("cadence", core.RECORD_CADENCE, CADENCE_DTYPE, ("t",)),
            ("bouts", core.RECORD_BOUT, BOUT_DTYPE, ("start", "end")),
            ("sessions", core.RECORD_SESSION, SESSION_DTYPE, ("start", "end")),
            ("sets", core.RECORD_SET, SET_DTYPE, ("start", "end")),
            ("immobility", core.RECORD_IMMOBILITY, IMMOBILITY_DTYPE, ("t", "start")),
            ("posture", core.RECORD_POSTURE, POSTURE_DTYPE, ("start", "end")),
            ("days", core.RECORD_DAY, DAY_DTYPE, ()),
            ("activity", core.RECORD_ACTIVITY, ACTIVITY_DTYPE, ("start", "end")),
            ("bursts", core.RECORD_BURST, BURST_DTYPE, ("onset", "offset")))


def _padding(dtype):
    """Mask of the bytes of a record that no field covers."""
    pad = np.ones(dtype.itemsize, bool)
    for field, offset in (dtype.fields[name][:2] for name in dtype.names):
        pad[offset:offset + field.itemsize] = False
    return pad


def _enum(prefix):
    """{value: name} of the header's enum constants PREFIX_NAME (CALFPUMP_KIND_STEP -> "step")."""
    return {value: name[len(prefix):].lower() for name, value in vars(core).items()
            if name.startswith(prefix) and not name.endswith("_")}


SIGNALS = _enum("SIGNAL_")      # calfpump_signal: {0: "accel", ...}
KINDS = _enum("KIND_")          # calfpump_kind: {0: "step", 1: "stride", 2: "burst"}
BOUT_KINDS = _enum("BOUT_")     # calfpump_bout_kind: {0: "exercise", ...}
POSTURES = _enum("POSTURE_")    # calfpump_posture_class: {0: "unknown", 1: "dependent", ...}
IMMOBILITY_KINDS = _enum("IMMOBILITY_")  # calfpump_immobility_kind: {0: "alert", ...}
ACTIVITIES = _enum("ACTIVITY_")  # calfpump_activity_kind: {0: "walking", 1: "ankle_pumps", ...}
_DEFAULTS = core.Config()
# Keyword parameters of analyze/Stream: the config fields not set by their own argument.
PARAMETERS = tuple(sorted(
    name for name, attr in vars(core.Config).items()
    if isinstance(attr, property) and name not in
    ("thisown", "struct_size", "version", "sample_rate_hz", "channels", "signal", "placement",
     "side")))


def _names(name_of):
    names, i = [], 0
    while name_of(i) is not None:
        names.append(name_of(i))
        i += 1
    return names


def _integer(name, value, expected="an integer"):
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be {expected}, not {type(value).__name__}") from None


def _error(kind, status, text):
    """An exception of kind (core.Error or a subclass) with text and .status, as the library's."""
    error = kind(text)
    error.status = status
    return error


def _out_of_range(name, value, status=core.E_ARG):
    """core.ArgumentError naming the argument, with the library's text for status."""
    return _error(core.ArgumentError, status, f"{name}={value!r}: {core.strerror(status)}")


def _real(name, value, status=core.E_ARG):
    """value as a float: TypeError unless a real number; one past a float is out of range."""
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:
        raise _out_of_range(name, value, status) from None


def _choice(what, value, name_of):
    """An enum value from its name or the value itself; name_of(value): its name, None past the
    last."""
    names = _names(name_of)
    if isinstance(value, str):
        v = names.index(value) if value in names else -1
    elif isinstance(value, (bool, np.bool_)):  # no enum value (placement=True had been "foot")
        raise TypeError(f"{what} must be a name ({', '.join(names)}) or its enum value, not bool")
    else:
        v = _integer(what, value, f"a name ({', '.join(names)}) or its enum value")
    if not 0 <= v < len(names):
        raise _error(core.ArgumentError, core.E_ARG,
                     f"{what}={value!r}: unknown {what} (expected one of: {', '.join(names)}; "
                     f"or their enum values 0..{len(names) - 1})")
    return v


def _handle(fs, channels, signal, placement, side, params):
    """A library handle for these arguments; a parameter out of its range is named."""
    cfg = _config(fs, channels, signal, placement, side, params)  # raises for what it checks
    try:
        return core.Handle(cfg)
    except core.ArgumentError as e:
        if e.status == core.E_ARG:  # which one: each on its own
            for name, value in params.items():
                try:
                    core.Handle(_config(fs, channels, signal, placement, side, {name: value}))
                except core.ArgumentError:
                    raise _out_of_range(name, value, e.status) from None
        raise


def _time(t0):
    """t0 as a finite float: every time of a Result is t0 + seconds."""
    if not isinstance(t0, numbers.Real):
        raise TypeError(f"t0 must be a number of seconds, not {type(t0).__name__}")
    if not math.isfinite(t0):
        raise _error(core.ArgumentError, core.E_TIME, f"t0 must be finite, not {t0!r}")
    return float(t0)


# The largest float32 below 86400: a time of day within 4 ms of midnight would round to 86400,
# which the library takes as the midnight starting the first frame's day (the CLI keeps the same).
_LAST_DAY_OFFSET = float(np.nextafter(np.float32(86400.0), np.float32(0.0)))


def _days(t0, params):
    """params with the CLI's days unless day_offset_s is given: floor(t / 86400 s) on the input's
    clock (UTC days for Unix time), i.e. t0's time of day."""
    return {"day_offset_s": min(t0 % 86400.0, _LAST_DAY_OFFSET), **params}


def _set(cfg, field, name, value, status=core.E_ARG):
    """cfg.field = value, the argument name; a value the C field cannot hold is out of range."""
    if isinstance(getattr(_DEFAULTS, field), float):
        value = _real(name, value, status)
    else:
        value = _integer(name, value)
    try:
        setattr(cfg, field, value)
    except OverflowError:
        raise _out_of_range(name, value, status) from None


def _config(fs, channels, signal, placement, side, params):
    cfg = core.Config()
    cfg.analytics = 1  # the package reports the exercise analytics; analytics=0 turns them off
    _set(cfg, "sample_rate_hz", "fs", fs, core.E_RATE)
    _set(cfg, "channels", "channels", channels, core.E_CHANNELS)
    cfg.signal = _choice("signal", signal, SIGNALS.get)
    cfg.placement = _choice("placement", placement, core.placement_name)
    cfg.side = _choice("side", side, core.side_name)
    for name, value in params.items():
        if name not in PARAMETERS:
            raise TypeError(f"unknown parameter {name!r} (parameters: {', '.join(PARAMETERS)})")
        _set(cfg, name, name, value)
    return cfg


def _pandas_numbers(x):
    """A pandas DataFrame or Series of numbers as float32, its nullable dtypes (Float64, Int64)
    too: a missing value (pd.NA) is a gap, as a masked sample. Anything else is returned as it
    is (numpy refuses pd.NA; other dtypes get the checks of _frames)."""
    if isinstance(x, np.ndarray) or not hasattr(x, "to_numpy"):
        return x
    dtypes = list(x.dtypes) if hasattr(x, "columns") else [getattr(x, "dtype", None)]
    if not all(getattr(d, "kind", "O") in "iuf" for d in dtypes):
        return x
    return x.to_numpy(dtype=np.float32, na_value=np.nan)


def _frames(x):
    """x as C-contiguous float32 frames [n, channels]: no copy when it is that already."""
    if isinstance(x, (bytes, bytearray)) or isinstance(x, memoryview) and x.itemsize == 1:
        raise TypeError("samples must be numbers, not raw bytes: view them as numbers first "
                        "(np.frombuffer(b, np.float32))")
    if isinstance(x, np.ma.MaskedArray):  # masked samples are gaps
        x = x.astype(np.float32).filled(np.nan)
    x = _pandas_numbers(x)
    a = np.asarray(x)
    if a.dtype.kind not in "iuf":
        raise TypeError(f"samples must be real numbers, not {a.dtype}")
    if a.ndim not in (1, 2):
        raise _error(core.ArgumentError, core.E_ARG, f"samples must be a 1-D array or a 2-D array "
                     f"(samples x channels), not of shape {a.shape}")
    a = np.ascontiguousarray(a, dtype=np.float32)
    return a[:, np.newaxis] if a.ndim == 1 else a


class Result:
    """What an analysis found.

    activations, cadence, bouts: numpy structured arrays with the fields of calfpump_activation,
    calfpump_cadence and calfpump_bout (see ACTIVATION_DTYPE, ...); summary: a dict of
    calfpump_summary's fields. Exercise analytics: sessions (ankle pumps), sets (heel raises),
    immobility, posture, days and activity (what each bout was), arrays of calfpump_session,
    calfpump_set, calfpump_immobility, calfpump_posture, calfpump_day and calfpump_activity
    (SESSION_DTYPE, ...); exercise: a dict
    of calfpump_exercise_summary's fields. EMG (signal="emg"): bursts, an array of calfpump_burst
    (BURST_DTYPE: onset, offset, peak, mean, peak_ref, mean_ref, channel, side), one per
    contraction; the i-th burst is the i-th activation of kind "burst". Empty for the
    accelerometer. Times are seconds on the input's clock: t0 + seconds
    since the first frame. Kinds, postures and sides are the C enum values (names in KINDS,
    BOUT_KINDS, POSTURES, IMMOBILITY_KINDS, ACTIVITIES, calfpump.core.side_name); to_pandas()
    gives them as names.
    """

    def __init__(self, activations, cadence, bouts, summary, sample_rate_hz, channels, t0=0.0,
                 **analytics):
        self.activations = activations
        self.cadence = cadence
        self.bouts = bouts
        self.summary = summary
        self.sample_rate_hz = sample_rate_hz
        self.channels = channels
        self.t0 = t0
        self.sessions = analytics.get("sessions", np.zeros(0, SESSION_DTYPE))
        self.sets = analytics.get("sets", np.zeros(0, SET_DTYPE))
        self.immobility = analytics.get("immobility", np.zeros(0, IMMOBILITY_DTYPE))
        self.posture = analytics.get("posture", np.zeros(0, POSTURE_DTYPE))
        self.days = analytics.get("days", np.zeros(0, DAY_DTYPE))
        self.activity = analytics.get("activity", np.zeros(0, ACTIVITY_DTYPE))
        self.exercise = analytics.get("exercise", {})
        self.bursts = analytics.get("bursts", np.zeros(0, BURST_DTYPE))

    @staticmethod
    def _dict(buf, dtype):
        s = buf.view(dtype)[0]
        return {name: (s[name].tolist() if s[name].ndim else s[name].item())
                for name in dtype.names}

    @classmethod
    def _from_bytes(cls, records, summary, exercise, sample_rate_hz, channels, t0):
        arrays = {}
        for buf, (name, _, dtype, times) in zip(records, _RECORDS):
            # the C records' padding holds whatever the library's memory held: zero it, so
            # that equal results have equal bytes
            buf.reshape(-1, dtype.itemsize)[:, _padding(dtype)] = 0
            arrays[name] = buf.view(dtype)
            for field in times if t0 else ():
                arrays[name][field] += t0
        return cls(arrays.pop("activations"), arrays.pop("cadence"), arrays.pop("bouts"),
                   cls._dict(summary, SUMMARY_DTYPE), sample_rate_hz, channels, t0,
                   exercise=cls._dict(exercise, EXERCISE_DTYPE), **arrays)

    def __repr__(self):
        s = self.summary
        return (f"<calfpump.Result: {s['activations']} activations, {s['steps']} steps, "
                f"{s['bouts']} bouts, {s['duration_s']:.1f} s>")

    def to_pandas(self, table=None):
        """The tables as pandas DataFrames, kinds and sides by name, flags as bool: a dict
        {"activations": ..., "cadence": ..., "bouts": ..., "sessions": ..., "sets": ...,
        "immobility": ..., "posture": ..., "days": ..., "activity": ..., "bursts": ...}, or one of
        them when table names it.
        pandas is imported only here."""
        import pandas as pd

        def frame(records, names):
            df = pd.DataFrame(records)
            for column, name_of in names.items():
                df[column] = pd.Categorical([name_of(v) for v in df[column]])
            return df

        tables = {
            "activations": lambda: frame(self.activations,
                                         {"kind": KINDS.get, "side": core.side_name}),
            "cadence": lambda: frame(self.cadence, {}).astype({"rhythmic": bool}),
            "bouts": lambda: frame(self.bouts, {"kind": BOUT_KINDS.get}),
            "sessions": lambda: frame(self.sessions, {}).astype({"target_met": bool}),
            "sets": lambda: frame(self.sets, {}),
            "immobility": lambda: frame(self.immobility, {"kind": IMMOBILITY_KINDS.get}),
            "posture": lambda: frame(self.posture, {"posture": POSTURES.get}).astype(
                {"elevation": bool}),
            "days": lambda: frame(self.days, {}),
            "activity": lambda: frame(self.activity, {"kind": ACTIVITIES.get}),
            "bursts": lambda: frame(self.bursts, {"side": core.side_name}),
        }
        if table is not None:
            if table not in tables:
                raise _error(core.ArgumentError, core.E_ARG,
                             f"table={table!r}: unknown table (tables: {', '.join(tables)})")
            return tables[table]()
        return {name: make() for name, make in tables.items()}


def analyze(x, fs, signal="accel", placement="unknown", side="unknown", t0=0.0, **params):
    """Analyse a whole recording (calfpump_analyze) and return a Result.

    x: samples in g, 1-D (one channel) or 2-D (samples x channels: 1, or 3 for x,y,z; with
    signal="emg": raw EMG of 1..16 channels, emg_channel=k the one analysed, its bursts in
    Result.bursts). A C-contiguous float32 array is used in place; anything else (float64,
    integers, a slice with strides, a list) is converted to one once. fs: sample rate, Hz.
    placement, side, signal: names (calfpump.core.placement_name, ...) or enum values. t0:
    input-clock time of the first sample, added to every time in the result; days are
    floor(t / 86400 s) on that clock (day_offset_s = t0's time of day). params: other
    calfpump_config fields (PARAMETERS), e.g. window_s=8.

    A bad value (a rate, channel count or parameter out of its range, an unknown placement, side
    or signal name, a non-finite t0, samples neither 1-D nor 2-D) raises calfpump.ArgumentError,
    a calfpump.Error and a ValueError, with the library's text and .status, naming the argument
    when the library's text does not (window_s=100: ...). A wrong type (a string for a number,
    a float for an integer, complex or bool samples) raises TypeError, and so does an unknown
    parameter name (windw_s=8), as for any unexpected keyword argument.
    """
    frames = _frames(x)
    t0 = _time(t0)
    try:
        handle = _handle(fs, frames.shape[1], signal, placement, side, _days(t0, params))
    except core.ArgumentError as e:
        if e.status != core.E_CHANNELS:
            raise
        rows, columns = frames.shape
        raise _error(core.ArgumentError, e.status, f"samples of shape {rows, columns}: {e}" + (
            " (samples x channels: transposed?)" if columns > rows else "")) from None
    act, cad, bouts, summary, *analytics, exercise, bursts = handle.analyze(frames)
    return Result._from_bytes([act, cad, bouts, *analytics, bursts], summary, exercise, float(fs),
                              frames.shape[1], t0)


class Stream:
    """Streaming analysis over one library handle: push() samples in chunks of any size, take
    what was found so far with events(), end the input with flush(), start over with reset().
    Results equal analyze()'s for the same samples, whatever the chunking.

    A context manager: leaving the with block (or close()) releases the handle; otherwise it is
    released when the Stream is garbage collected. One Stream may be shared between threads (its
    calls are serialised); for parallel work use one Stream per thread.

    Arguments as analyze()'s, channels the number of columns every push() takes. Bad values raise
    calfpump.ArgumentError (a ValueError), wrong types and unknown parameter names TypeError, as
    in analyze(); push after flush() (until reset()) and any call after close() raise
    calfpump.StateError.
    """

    def __init__(self, fs, channels=3, signal="accel", placement="unknown", side="unknown",
                 t0=0.0, **params):
        self.t0 = _time(t0)
        self._handle = _handle(fs, channels, signal, placement, side, _days(self.t0, params))
        self._lock = threading.Lock()
        self.sample_rate_hz = float(fs)
        self.channels = channels
        self._pending = [[] for _ in _RECORDS]

    def _live(self):
        if self._handle is None:
            raise _error(core.StateError, core.E_STATE, "the calfpump Stream is closed")
        return self._handle

    def _poll(self, handle):
        """Moves every waiting record out of the library's queues (which are then free again)."""
        for pending, (_, record, _, _) in zip(self._pending, _RECORDS):
            pending.append(handle.poll(record))

    def push(self, x):
        """Analyse more samples (same layout as analyze()'s x, with this Stream's channels).
        Returns the number of frames pushed: all of them."""
        frames = _frames(x)  # the handle refuses other columns than its channels
        with self._lock:
            handle = self._live()
            done = 0
            while done < len(frames):
                done += handle.push(frames[done:])
                if done < len(frames):  # result queues full: empty them, push the rest
                    self._poll(handle)
        return len(frames)

    def events(self):
        """A Result with what was found since the last events() (or flush/reset/create); its
        summary holds the totals since create/reset."""
        with self._lock:
            handle = self._live()
            self._poll(handle)
            records = [np.concatenate(pending) for pending in self._pending]
            self._pending = [[] for _ in _RECORDS]
            return Result._from_bytes(records, handle.summary(), handle.exercise_summary(),
                                      self.sample_rate_hz, self.channels, self.t0)

    def flush(self):
        """End of input: analyse what is left and return the last events(). Push again only
        after reset()."""
        with self._lock:
            handle = self._live()
            while not handle.flush():
                self._poll(handle)
        return self.events()

    def reset(self):
        """Start over: as if the Stream were new (nothing waiting, totals at zero)."""
        with self._lock:
            self._live().reset()
            self._pending = [[] for _ in _RECORDS]

    def close(self):
        """Release the library handle; the Stream cannot be used afterwards."""
        with self._lock:
            self._handle = None

    def __reduce__(self):
        raise TypeError("a calfpump.Stream holds a library handle and its analysis state: it "
                        "cannot be pickled or copied (make a new Stream and push the samples)")

    def __copy__(self, memo=None):
        self.__reduce__()  # a copy would share the handle, its results going to either

    __deepcopy__ = __copy__

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
