"""calfpump: cadence and calf-muscle-pump activations from accelerometer signals.

Python bindings of libcalfpump (SWIG over the C API, numpy in and out):

    import calfpump
    rec = calfpump.read("walk.csv")                  # any file the calfpump CLI reads
    res = calfpump.analyze(rec.samples, rec.rate, placement="pocket_front", t0=rec.t0)
    res.activations["t"], res.cadence["steps_per_min"], res.summary["steps"]
    res.to_pandas()                                 # needs pandas
    calfpump.plot(res, rec.samples)                 # needs matplotlib

    with calfpump.Stream(fs=100, channels=3) as s:  # streaming, any chunk size
        s.push(chunk)
        new = s.events()
        last = s.flush()

    table = calfpump.cohort(["cohort/", "more/*.csv"])  # one summary row per recording (-day);
    table = calfpump.cohort(paths, client=Client(...))  # pandas; on a dask.distributed cluster

Failures of analyze, Stream and resample raise calfpump.Error subclasses carrying the library's
calfpump_strerror text and .status: ArgumentError (also a ValueError) for a bad argument value,
naming the argument; OutOfMemoryError, StateError, UnsupportedError. A wrong argument type or an
unknown parameter name raises TypeError, as in any Python call. calfpump.read raises ValueError
for what the CLI rejects. The low-level SWIG module is calfpump.core.
"""
from . import core
from ._analysis import (ACTIVATION_DTYPE, ACTIVITIES, ACTIVITY_DTYPE, BOUT_DTYPE, BOUT_KINDS,
                        BURST_DTYPE, CADENCE_DTYPE, DAY_DTYPE, EXERCISE_DTYPE, IMMOBILITY_DTYPE,
                        IMMOBILITY_KINDS, KINDS, PARAMETERS, POSTURE_DTYPE, POSTURES, SESSION_DTYPE,
                        SET_DTYPE, SIGNALS, SUMMARY_DTYPE, Result, Stream, analyze)
from ._cohort import cohort
from ._plot import plot
from ._read import Recording, read
from .core import ArgumentError, Error, OutOfMemoryError, StateError, UnsupportedError


def resample(t, x, rate=None, max_gap_s=1.0):
    """Samples at irregular times t (s, non-decreasing) onto a uniform grid from t[0] at rate Hz
    (calfpump_resample: linear; where two samples are more than max_gap_s apart the frames in
    between are NaN, a gap for the analysis). rate None: the rate t was sampled at
    (calfpump_resample_rate: the mean over the intervals up to max_gap_s). x: [n] or
    [n, channels]. Returns float32 [frames, channels].

    A bad value raises calfpump.ArgumentError (a ValueError) with "resample: " before the text:
    a rate outside 8..10000 Hz, max_gap_s not > 0, times not finite or decreasing (status E_TIME;
    also, with rate None, times that tell no rate: fewer than two, or none within max_gap_s of
    the next), t not 1-D, x with 0 or more than 64 channels or not as many frames as t has times.
    A wrong type (a string for rate or max_gap_s; t of datetime64, strings or complex numbers)
    raises TypeError."""
    import numpy as np
    from ._analysis import _error, _frames, _out_of_range, _real
    t = np.asarray(t)
    if t.dtype.kind not in "iuf":  # datetime64 would be taken as ns since 1970
        raise TypeError(f"t must be real numbers of seconds, not {t.dtype}" + (
            " (seconds from datetime64 t: (t - t[0]) / np.timedelta64(1, 's'))"
            if t.dtype.kind == "M" else ""))
    t = np.ascontiguousarray(t, dtype=np.float64)
    try:
        if t.ndim != 1:
            raise _error(ArgumentError, core.E_ARG, f"t must be 1-D, not of shape {t.shape}")
        gap = _real("max_gap_s", max_gap_s)
        if not gap > 0:  # calfpump_resample's E_ARG, named
            raise _out_of_range("max_gap_s", max_gap_s)
        if rate is None:
            rate = core.resample_rate(t, gap)
            if rate == 0.0:  # why, as calfpump_resample says it
                ordered = np.isfinite(t).all() and (np.diff(t) >= 0).all()
                raise _error(ArgumentError, core.E_TIME, core.strerror(core.E_TIME) if not ordered
                             else f"the times tell no sample rate (fewer than two, or none "
                             f"within {gap:g} s of the next)")
        return core.resample(t, _frames(x), _real("rate", rate, core.E_RATE), gap)
    except Error as e:
        if str(e).startswith("resample: "):
            raise
        raise _error(type(e), e.status, f"resample: {e}") from None


_major, _rest = divmod(core.version_number(), 10000)
__version__ = "%d.%d.%d" % (_major, *divmod(_rest, 100))  # of the C library actually loaded
library_version = core.version()                         # e.g. "0.1.0 (fft: fftw3f)"

__all__ = ["analyze", "Stream", "cohort", "Result", "read", "Recording", "plot", "resample",
           "Error", "ArgumentError", "OutOfMemoryError", "StateError", "UnsupportedError", "KINDS",
           "BOUT_KINDS", "SIGNALS", "PARAMETERS", "ACTIVATION_DTYPE", "CADENCE_DTYPE",
           "BOUT_DTYPE", "SUMMARY_DTYPE", "SESSION_DTYPE", "SET_DTYPE", "IMMOBILITY_DTYPE",
           "POSTURE_DTYPE", "DAY_DTYPE", "ACTIVITY_DTYPE", "EXERCISE_DTYPE", "POSTURES",
           "IMMOBILITY_KINDS", "ACTIVITIES", "BURST_DTYPE",
           "library_version", "__version__"]
