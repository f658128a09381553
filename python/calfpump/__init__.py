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

Failures raise calfpump.Error subclasses (ArgumentError is a ValueError, ...) carrying the
library's calfpump_strerror text and .status. The low-level SWIG module is calfpump.core.
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
    (calfpump_resample_rate: the mean over the intervals up to max_gap_s; ValueError when t
    tells none). x: [n] or [n, channels]. Returns float32 [frames, channels]."""
    from ._analysis import _frames
    import numpy as np
    t = np.ascontiguousarray(t, dtype=np.float64)
    if rate is None:
        rate = core.resample_rate(t, float(max_gap_s))
        if rate == 0.0:
            raise ValueError(f"the times tell no sample rate (fewer than two, not finite or "
                             f"decreasing, or none within {max_gap_s:g} s of the next)")
    return core.resample(t, _frames(x), float(rate), float(max_gap_s))


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
