"""The Pythonic layer: input conversion, exceptions for bad input, streaming, versions, pandas."""
import subprocess
import sys

import numpy as np
import pytest

import calfpump
from calfpump import core


def equal_records(a, b):
    """Field by field (the bytes may differ in the C structs' padding)."""
    return a.dtype.names == b.dtype.names and all(np.array_equal(a[f], b[f]) for f in a.dtype.names)


def same(a, b):
    """Two Results hold identical records and summaries."""
    for name in ("activations", "cadence", "bouts"):
        assert equal_records(getattr(a, name), getattr(b, name)), name
    assert a.summary == b.summary


@pytest.fixture(scope="module")
def reference(walk_signal):
    return calfpump.analyze(walk_signal.astype(np.float32), 100.0, placement="lower_back")


def test_finds_the_walk(reference):
    """108 steps/min for 100 s: about 180 steps in one walking bout."""
    s = reference.summary
    assert 170 <= s["activations"] <= 182
    assert s["bouts"] == 1 and core.BOUT_WALKING == reference.bouts["kind"][0]
    assert abs(s["mean_cadence_per_min"] - 108.0) < 2.0
    assert set(reference.activations["kind"]) == {core.KIND_STEP}
    assert np.all(np.diff(reference.activations["t"]) > 0)
    assert s["frames"] == 12000 and s["duration_s"] == 120.0


def test_float32_contiguous_is_used_in_place(walk_signal):
    from calfpump._analysis import _frames
    x = np.ascontiguousarray(walk_signal, dtype=np.float32)
    assert np.shares_memory(_frames(x), x)
    assert not np.shares_memory(_frames(x[::2]), x)  # strided: converted


def test_float64_and_noncontiguous_inputs(walk_signal, reference):
    x32 = walk_signal.astype(np.float32)
    wide = np.zeros((len(x32), 5), dtype=np.float64)
    wide[:, 1:4] = x32
    inputs = {
        "float64": x32.astype(np.float64),
        "column slice of a wider array": wide[:, 1:4],
        "Fortran order": np.asfortranarray(x32),
        "list of lists": x32.tolist()[:],
    }
    for name, x in inputs.items():
        assert not (isinstance(x, np.ndarray) and x.dtype == np.float32
                    and x.flags.c_contiguous), name
        same(calfpump.analyze(x, 100.0, placement="lower_back"), reference)


def test_one_channel_as_1d_or_2d(walk_signal):
    mag = np.linalg.norm(walk_signal, axis=1)
    a = calfpump.analyze(mag, 100)
    b = calfpump.analyze(mag[:, None], 100)
    strided = np.repeat(mag, 2)[::2]  # every other element of a bigger buffer
    same(a, b)
    same(a, calfpump.analyze(strided, 100))
    assert a.summary["activations"] > 150 and a.channels == 1


def test_parameters_reach_the_library(walk_signal):
    fast = calfpump.analyze(walk_signal, 100, hop_s=0.25)
    slow = calfpump.analyze(walk_signal, 100, hop_s=1.0)
    assert len(fast.cadence) > 3 * len(slow.cadence)
    strict = calfpump.analyze(walk_signal, 100, min_amplitude_g=0.9)
    assert strict.summary["activations"] == 0


def check_error(cls, status, call, *args, text=None, **kwargs):
    with pytest.raises(cls) as info:
        call(*args, **kwargs)
    assert isinstance(info.value, calfpump.Error)
    assert info.value.status == status
    assert str(info.value) == (text or core.strerror(status))


def test_library_errors_raise_with_strerror_text(walk_signal):
    x = walk_signal
    check_error(ValueError, core.E_RATE, calfpump.analyze, x, 5.0)
    check_error(ValueError, core.E_RATE, calfpump.analyze, x, float("nan"))
    check_error(ValueError, core.E_RATE, calfpump.Stream, 5000.0)
    check_error(ValueError, core.E_CHANNELS, calfpump.analyze, x[:, :2], 100,
                text=f"samples of shape ({len(x)}, 2): {core.strerror(core.E_CHANNELS)}")
    check_error(ValueError, core.E_CHANNELS, calfpump.Stream, 100, channels=0)
    # a parameter out of range is named (each is tried on its own)
    named = "window_s=100: " + core.strerror(core.E_ARG)
    check_error(calfpump.ArgumentError, core.E_ARG, calfpump.analyze, x, 100, window_s=100,
                text=named)
    check_error(calfpump.ArgumentError, core.E_ARG, calfpump.Stream, 100, window_s=100,
                min_confidence=0.5, text=named)
    check_error(calfpump.ArgumentError, core.E_ARG, calfpump.analyze, x, 100, queue_capacity=1,
                text="queue_capacity=1: " + core.strerror(core.E_ARG))
    check_error(ValueError, core.E_TIME, calfpump.resample, [0.0, 2.0, 1.0], [1.0, 2.0, 3.0], 10,
                text="resample: " + core.strerror(core.E_TIME))
    # resampling's own limits, not the analysis' (strerror's text)
    check_error(ValueError, core.E_RATE, calfpump.resample, [0.0, 1.0], [1.0, 2.0], 1e6,
                text="resample: rate must be finite and within 8..10000 Hz")
    check_error(ValueError, core.E_CHANNELS, calfpump.resample, [0.0, 1.0], np.ones((2, 65)),
                100, text="resample: x must have 1..64 channels")
    check_error(ValueError, core.E_ARG, calfpump.resample, [0.0, 1.0, 2.0], [1.0, 2.0], 10,
                text="resample: 3 times for 2 frames")
    assert issubclass(calfpump.OutOfMemoryError, MemoryError)
    assert issubclass(calfpump.StateError, RuntimeError)
    assert issubclass(calfpump.UnsupportedError, NotImplementedError)


def test_python_side_argument_errors(walk_signal):
    x = walk_signal
    with pytest.raises(calfpump.ArgumentError, match="placement='ankle': .*foot"):
        calfpump.analyze(x, 100, placement="ankle")
    with pytest.raises(calfpump.ArgumentError, match="side='middle'"):
        calfpump.analyze(x, 100, side="middle")
    with pytest.raises(calfpump.ArgumentError, match="signal='ecg'"):
        calfpump.analyze(x, 100, signal="ecg")
    with pytest.raises(TypeError, match="unknown parameter 'windows'"):
        calfpump.analyze(x, 100, windows=5)
    with pytest.raises(calfpump.ArgumentError, match="queue_capacity=-1: "):
        calfpump.analyze(x, 100, queue_capacity=-1)
    with pytest.raises(TypeError):
        calfpump.analyze(x, 100, window_s="long")
    with pytest.raises(TypeError, match="real numbers"):
        calfpump.analyze(x.astype(complex), 100)
    with pytest.raises(TypeError, match="real numbers"):
        calfpump.analyze(["a", "b"], 100)
    with pytest.raises(calfpump.ArgumentError, match="shape"):
        calfpump.analyze(np.zeros((10, 3, 2)), 100)
    with pytest.raises(ValueError, match="1 column.*3 channel"):
        calfpump.Stream(100).push(x[:, 0])
    with pytest.raises(TypeError, match="raw bytes"):
        calfpump.analyze(bytearray(x.tobytes()), 100)  # numpy would take it as uint8 samples
    with pytest.raises(TypeError, match="real numbers, not bool"):
        calfpump.analyze(x > 1, 100)
    with pytest.raises(TypeError, match="queue_capacity must be an integer, not float"):
        calfpump.analyze(x, 100, queue_capacity=64.0)
    with pytest.raises(TypeError, match="channels must be an integer"):
        calfpump.Stream(100, channels=3.0)
    assert calfpump.Stream(100, channels=np.int64(3)).channels == 3
    with pytest.raises(TypeError, match="placement must be a name .*foot.* not NoneType"):
        calfpump.analyze(x, 100, placement=None)
    for t0, error in ((float("nan"), calfpump.ArgumentError),
                      (float("inf"), calfpump.ArgumentError), (None, TypeError),
                      ("5", TypeError), ([1], TypeError)):
        with pytest.raises(error, match="t0 must be"):
            calfpump.analyze(x, 100, t0=t0)
        with pytest.raises(error, match="t0 must be"):
            calfpump.Stream(100, t0=t0)


ENUM_ERROR = "{0}={1!r}: unknown {0} (expected one of: {2}; or their enum values 0..{3})"
PLACEMENTS = ", ".join(core.placement_name(i) for i in range(12))


@pytest.mark.parametrize("kwargs, status, text", [
    ({"placement": "feet"}, core.E_ARG, ENUM_ERROR.format("placement", "feet", PLACEMENTS, 11)),
    ({"placement": 12}, core.E_ARG, ENUM_ERROR.format("placement", 12, PLACEMENTS, 11)),
    ({"placement": -1}, core.E_ARG, ENUM_ERROR.format("placement", -1, PLACEMENTS, 11)),
    ({"placement": 2**40}, core.E_ARG, ENUM_ERROR.format("placement", 2**40, PLACEMENTS, 11)),
    ({"side": "l"}, core.E_ARG, ENUM_ERROR.format("side", "l", "unknown, left, right", 2)),
    ({"signal": "EMG"}, core.E_ARG, ENUM_ERROR.format("signal", "EMG", "accel, emg", 1)),
    ({"queue_capacity": -1}, core.E_ARG, "queue_capacity=-1: " + core.strerror(core.E_ARG)),
    ({"queue_capacity": 2**40}, core.E_ARG,
     f"queue_capacity={2**40}: " + core.strerror(core.E_ARG)),
    ({"min_confidence": 1e40}, core.E_ARG, "min_confidence=1e+40: " + core.strerror(core.E_ARG)),
    ({"t0": float("nan")}, core.E_TIME, "t0 must be finite, not nan"),
    ({"t0": float("inf")}, core.E_TIME, "t0 must be finite, not inf"),
    ({"fs": 10**400}, core.E_RATE, f"fs={10**400}: " + core.strerror(core.E_RATE)),
    ({"channels": 2**40}, core.E_CHANNELS, f"channels={2**40}: " + core.strerror(core.E_CHANNELS)),
], ids=["placement=feet", "placement=12", "placement=-1", "placement=2**40", "side=l",
        "signal=EMG", "queue_capacity=-1", "queue_capacity=2**40", "min_confidence=1e40",
        "t0=nan", "t0=inf", "fs=10**400", "channels=2**40"])
def test_bad_values_raise_argument_error_naming_the_argument(walk_signal, kwargs, status, text):
    """Every bad value is a calfpump.ArgumentError (a calfpump.Error and a ValueError) with a
    .status, naming the argument: those the package checks as those the library checks."""
    kwargs = {"fs": 100, **kwargs}
    channels = kwargs.pop("channels", 3)
    check_error(calfpump.ArgumentError, status, calfpump.Stream, channels=channels, text=text,
                **kwargs)
    if channels == 3:
        check_error(calfpump.ArgumentError, status, calfpump.analyze, walk_signal, text=text,
                    **kwargs)


def test_channel_count_errors_name_the_samples_shape(walk_signal):
    """Samples x channels the wrong way round, or two columns: the error names the shape
    (it had only said "channel count not supported")."""
    n, text = len(walk_signal), core.strerror(core.E_CHANNELS)
    check_error(calfpump.ArgumentError, core.E_CHANNELS, calfpump.analyze, walk_signal.T, 100,
                text=f"samples of shape (3, {n}): {text} (samples x channels: transposed?)")
    check_error(calfpump.ArgumentError, core.E_CHANNELS, calfpump.analyze, walk_signal[:, :2],
                100, text=f"samples of shape ({n}, 2): {text}")


@pytest.mark.parametrize("kwargs, text", [
    ({"fs": "100"}, "fs must be a number, not str"),
    ({"window_s": "8"}, "window_s must be a number, not str"),
    ({"queue_capacity": 64.0}, "queue_capacity must be an integer, not float"),
    ({"channels": "3"}, "channels must be an integer, not str"),
    ({"placement": 1.0}, "placement must be a name"),
    ({"placement": True}, "placement must be a name .* not bool"),
    ({"side": False}, "side must be a name .* not bool"),
    ({"t0": "1"}, "t0 must be a number of seconds, not str"),
    ({"windw_s": 8}, "unknown parameter 'windw_s'"),
], ids=["fs", "window_s", "queue_capacity", "channels", "placement", "placement_bool",
        "side_bool", "t0", "windw_s"])
def test_wrong_types_and_unknown_parameters_raise_type_error(kwargs, text):
    """As documented: TypeError, as Python's own calls raise for a wrong type or an unexpected
    keyword argument, and not a calfpump.Error."""
    kwargs = {"fs": 100, **kwargs}
    with pytest.raises(TypeError, match=text) as info:
        calfpump.Stream(**kwargs)
    assert not isinstance(info.value, calfpump.Error)


def test_resample_errors_carry_the_prefix():
    """Every resample error says "resample: ", with a rate and without one (rate=None, where
    calfpump_resample_rate alone only returns 0): the same class, status and text."""
    t, x = [0.0, 0.01, 0.005], [1.0, 2.0, 3.0]
    time_error = "resample: " + core.strerror(core.E_TIME)
    gap_error = "resample: max_gap_s=0: " + core.strerror(core.E_ARG)
    for rate in (None, 100):
        check_error(calfpump.ArgumentError, core.E_TIME, calfpump.resample, t, x, rate,
                    text=time_error)
        check_error(calfpump.ArgumentError, core.E_TIME, calfpump.resample, [0.0, np.nan], x[:2],
                    rate, text=time_error)
        check_error(calfpump.ArgumentError, core.E_ARG, calfpump.resample, [0.0, 0.01], x[:2],
                    rate, max_gap_s=0, text=gap_error)
        check_error(calfpump.ArgumentError, core.E_ARG, calfpump.resample, np.zeros((2, 1)),
                    x[:2], rate, text="resample: t must be 1-D, not of shape (2, 1)")
    check_error(calfpump.ArgumentError, core.E_TIME, calfpump.resample, [0.0], [1.0],
                text="resample: the times tell no sample rate (fewer than two, or none within "
                     "1 s of the next)")
    with pytest.raises(TypeError, match="rate must be a number, not str"):
        calfpump.resample([0.0, 0.01], [1.0, 2.0], "100")
    # times that are no seconds: datetime64 had been taken as ns since 1970 (OutOfMemoryError)
    stamps = np.array(["2024-05-01T10:00:00", "2024-05-01T10:00:01"], "datetime64[ns]")
    for t in (stamps, ["0", "0.01"], [0.0, 0.01j]):
        with pytest.raises(TypeError, match="t must be real numbers of seconds, not"):
            calfpump.resample(t, [1.0, 2.0], 100)
    assert calfpump.resample([0.0], [1.0], 100).shape == (1, 1)  # one sample with a rate: fine


def test_raw_handle_checks_the_columns(walk_signal):
    """core.Handle takes frames; an array narrower than its channels would be read past its
    end, so push and analyze refuse other column counts, whatever Stream.channels says."""
    handle = calfpump.core.Handle(calfpump.core.Config())  # the defaults: 3 channels
    narrow = np.ascontiguousarray(walk_signal[:, :1], dtype=np.float32)
    for call in (handle.analyze, handle.push):
        with pytest.raises(calfpump.core.ArgumentError, match="1 column.*3 channel") as e:
            call(narrow)
        assert e.value.status == calfpump.core.E_CHANNELS
    stream = calfpump.Stream(100)
    stream.channels = 1
    with pytest.raises(ValueError, match="1 column"):
        stream.push(narrow)


def test_masked_samples_are_gaps(walk_signal):
    masked = np.ma.masked_greater(walk_signal, 1.5)
    n = int(masked.mask.any(axis=1).sum())
    assert n > 0
    assert calfpump.analyze(masked, 100).summary["gap_frames"] == n


def test_pandas_nullable_frames(walk_signal):
    """A DataFrame of pandas' nullable dtypes had been refused (its pd.NA made numpy's array one
    of objects): its numbers are taken, a missing value as a gap; bools and strings are still
    refused."""
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(walk_signal, columns=["ax", "ay", "az"]).astype("Float64")
    df.iloc[100:150, 1] = pd.NA
    plain = calfpump.analyze(walk_signal, 100)
    r = calfpump.analyze(df, 100)
    assert r.summary["gap_frames"] == 50
    assert abs(r.summary["steps"] - plain.summary["steps"]) <= 2
    ints = pd.DataFrame((walk_signal * 1000).astype(int)).astype("Int64")
    assert calfpump.analyze(ints / 1000, 100).summary["frames"] == len(walk_signal)
    assert calfpump.analyze(df["az"], 100).summary["frames"] == len(walk_signal)
    with pytest.raises(TypeError, match="real numbers"):
        calfpump.analyze(pd.DataFrame({"a": [True, False] * 500}).astype("boolean"), 100)


def test_short_empty_and_gappy_input(walk_signal):
    empty = calfpump.analyze(np.zeros((0, 3), np.float32), 100)
    assert empty.summary["frames"] == 0 and len(empty.activations) == 0
    short = calfpump.analyze(walk_signal[:300], 100)
    assert len(short.activations) == 0 and short.summary["frames"] == 300
    gappy = walk_signal.copy()
    gappy[5000:5100] = np.nan
    gappy[6000, 1] = np.inf
    r = calfpump.analyze(gappy, 100)
    assert r.summary["gap_frames"] == 101


def test_stream_equals_batch_for_any_chunking(walk_signal, reference):
    rng = np.random.default_rng(11)
    # A small queue makes push meet full queues, which the Stream must empty without loss.
    with calfpump.Stream(100, placement="lower_back", queue_capacity=16) as s:
        parts, i = [], 0
        while i < len(walk_signal):
            n = int(rng.integers(1, 700))
            assert s.push(walk_signal[i:i + n]) == len(walk_signal[i:i + n])
            i += n
            if rng.random() < 0.3:
                parts.append(s.events())
        parts.append(s.flush())
    for name in ("activations", "cadence", "bouts"):
        joined = np.concatenate([getattr(p, name) for p in parts])
        assert equal_records(joined, getattr(reference, name)), name
    assert parts[-1].summary == reference.summary


def test_stream_reset_push_after_flush_and_close(walk_signal, reference):
    s = calfpump.Stream(100, placement="lower_back")
    s.push(walk_signal[:5000])
    s.flush()
    check_error(calfpump.StateError, core.E_STATE, s.push, walk_signal[:10])
    s.reset()
    assert s.events().summary["frames"] == 0
    s.push(walk_signal)
    same(s.flush(), reference)
    with s:
        pass
    with pytest.raises(calfpump.StateError, match="closed"):
        s.push(walk_signal[:10])
    with pytest.raises(calfpump.StateError):
        s.events()


def test_times_on_the_input_clock(walk_signal, reference):
    shifted = calfpump.analyze(walk_signal, 100, placement="lower_back", t0=1000.0)
    assert np.allclose(shifted.activations["t"], reference.activations["t"] + 1000.0)
    assert np.allclose(shifted.bouts["end"], reference.bouts["end"] + 1000.0)
    with calfpump.Stream(100, placement="lower_back", t0=1000.0) as s:
        s.push(walk_signal)
        assert np.array_equal(s.flush().cadence["t"], shifted.cadence["t"])


def test_resample_regular_grid():
    t = np.array([0.0, 0.1, 0.25, 0.3])
    x = np.array([0.0, 1.0, 2.5, 3.0])
    grid = calfpump.resample(t, x, 20.0)
    assert grid.shape == (7, 1) and grid.dtype == np.float32
    assert np.allclose(grid[:, 0], np.interp(np.arange(7) / 20.0, t, x))
    gap = calfpump.resample([0.0, 3.0], [1.0, 1.0], 10.0, max_gap_s=1.0)
    assert np.isnan(gap[1:-1]).all()


def test_resample_at_the_sampled_rate():
    """Without a rate: the mean rate of the intervals up to max_gap_s (a pause is a gap)."""
    t = np.r_[np.arange(50) / 25.0, 100.0 + np.arange(50) / 25.0]
    grid = calfpump.resample(t, np.ones_like(t))
    assert core.resample_rate(t, 1.0) == 25.0
    assert len(grid) == int(100.0 * 25.0 + 49) + 1 and np.isnan(grid[60:2400]).all()
    assert core.resample_rate(t, 200.0) == pytest.approx(99 / t[-1], abs=1e-6)
    with pytest.raises(ValueError, match="no sample rate"):
        calfpump.resample([0.0, 2.0, 4.0], [1.0, 1.0, 1.0])


def test_versions():
    assert calfpump.__version__ == core.VERSION_STRING
    assert calfpump.library_version.startswith(calfpump.__version__ + " (")
    assert core.version_number() == core.VERSION_NUMBER


def run_python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)


def test_pandas_only_imported_when_asked():
    out = run_python("import sys, numpy as np, calfpump\n"
                     "r = calfpump.analyze(np.zeros((3000, 3)), 100)\n"
                     "print('pandas' in sys.modules, 'matplotlib' in sys.modules)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_to_pandas(reference):
    pd = pytest.importorskip("pandas")
    tables = reference.to_pandas()
    acts = tables["activations"]
    assert isinstance(acts, pd.DataFrame) and len(acts) == len(reference.activations)
    assert list(acts["kind"].unique()) == ["step"]
    assert np.array_equal(acts["t"].to_numpy(), reference.activations["t"])
    assert tables["cadence"]["rhythmic"].dtype == bool
    assert list(reference.to_pandas("bouts")["kind"]) == ["walking"]
    with pytest.raises(calfpump.ArgumentError, match="table='steps'"):
        reference.to_pandas("steps")


def test_no_swig_leak_warnings():
    """SWIG prints 'memory leak' for an owned pointer without a destructor: none here."""
    out = run_python("import numpy as np, calfpump\n"
                     "from calfpump import core\n"
                     "h = core.Handle(core.Config()); c = core.Config()\n"
                     "h.analyze(np.zeros((100, 3), np.float32)); h.summary(); h.poll(0)\n"
                     "del h, c\n"
                     "s = calfpump.Stream(100); s.push(np.zeros((10, 3))); s.flush(); del s\n")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""


def ankle_pumps(fs=100.0, per_min=60.0, seconds=150.0, lead=20.0):
    """A foot sensor (z out of the instep) turning through -17..+32 deg at per_min, still before
    and after: gravity only (the C tests' movement.h models the levers too)."""
    t = np.arange(int((seconds + 2 * lead) * fs)) / fs
    on = (t > lead) & (t < lead + seconds)
    psi = np.radians(50.0) * (0.15 + 0.5 * np.sin(2 * np.pi * per_min / 60.0 * (t - lead)
                                                  - np.pi / 2)) * on
    return np.stack([-np.sin(psi), np.zeros_like(t), np.cos(psi)], axis=1).astype(np.float32)


def test_days_are_the_clocks_days():
    """The 190 s of ankle_pumps() from 100 s before the clock's second midnight: two days, as the
    CLI and calfpump batch split them (they had been counted from the first sample); an explicit
    day_offset_s still wins."""
    x = ankle_pumps()
    res = calfpump.analyze(x, 100.0, placement="foot", up_axis=3, t0=2 * 86400.0 - 100.0)
    assert [round(float(d["covered_s"])) for d in res.days] == [100, 90]
    with calfpump.Stream(100.0, placement="foot", up_axis=3, t0=2 * 86400.0 - 100.0) as st:
        st.push(x)
        assert equal_records(st.flush().days, res.days)
    own = calfpump.analyze(x, 100.0, placement="foot", up_axis=3, t0=-100.0, day_offset_s=0.0)
    assert [round(float(d["covered_s"])) for d in own.days] == [190]


def test_exercise_analytics_batch_stream_and_pandas():
    """One ankle-pump session at 60/min meeting the 2-minute target; the same records from a
    Stream; times moved by t0; the tables by name."""
    x = ankle_pumps()
    res = calfpump.analyze(x, 100.0, placement="foot", up_axis=3, t0=1000.0)
    assert len(res.sessions) == 1 and len(res.sets) == 0
    s = res.sessions[0]
    assert abs(s["per_min"] - 60.0) < 1.0 and 145 <= s["pumps"] <= 150 and s["target_met"] == 1
    assert 1015.0 < s["start"] < 1025.0
    assert res.exercise["sessions"] == 1 and res.exercise["pumps"] == s["pumps"]
    assert len(res.exercise["posture_min"]) == 4 and len(res.days) == 1
    with calfpump.Stream(100.0, placement="foot", up_axis=3, t0=1000.0) as st:
        for i in range(0, len(x), 333):
            st.push(x[i:i + 333])
        parts = [st.events(), st.flush()]
    assert equal_records(np.concatenate([p.sessions for p in parts]), res.sessions)
    assert equal_records(np.concatenate([p.days for p in parts]), res.days)
    assert equal_records(np.concatenate([p.activity for p in parts]), res.activity)
    assert len(res.activity) == len(res.bouts)
    assert set(res.to_pandas("activity")["kind"]) <= {"ankle_pumps"}
    assert parts[-1].exercise == res.exercise
    tables = res.to_pandas()
    assert list(tables["sessions"]["target_met"]) == [True]
    assert set(tables) >= {"sessions", "sets", "immobility", "posture", "days"}
    with pytest.raises(calfpump.ArgumentError):
        calfpump.analyze(x, 100.0, placement="foot", up_axis=4)


def test_analytics_on_by_default_and_off_on_request(walk_signal, reference):
    """The package turns the exercise analytics on (config version 4 has them off); analytics=0
    turns them off: no days or activity, an all-zero exercise summary, the same analysis."""
    assert len(reference.days) == 1 and len(reference.activity) == len(reference.bouts)
    off = calfpump.analyze(walk_signal.astype(np.float32), 100.0, placement="lower_back",
                           analytics=0)
    same(off, reference)
    assert len(off.days) == 0 and len(off.activity) == 0
    assert not any(np.any(v) for v in off.exercise.values())
    with pytest.raises(calfpump.ArgumentError):
        calfpump.analyze(walk_signal, 100.0, analytics=2)


def test_stream_cannot_be_pickled_or_copied(walk_signal):
    """A clear TypeError (pickle had said "cannot pickle 'SwigPyObject' object"; copy.copy had
    made a second Stream on the same handle, which took the other's events)."""
    import copy
    import pickle
    with calfpump.Stream(100) as s:
        for make in (pickle.dumps, copy.copy, copy.deepcopy):
            with pytest.raises(TypeError, match="Stream .* cannot be pickled or copied"):
                make(s)
