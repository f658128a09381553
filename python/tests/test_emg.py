"""EMG bursts in the package: Result.bursts equals the CLI's JSON activations of kind burst (real
recordings from ../shared/data when there, generated EMG always), a Stream gives the same bursts
as analyze() whatever the chunking, emg_channel picks the channel, and the accelerometer has
none."""
import csv
import os

import numpy as np
import pytest

import calfpump
from conftest import DATA
from test_api import equal_records
from test_same_as_cli import assert_records, near, run_cli

RATE = 2000.0


def emg(seconds=40.0, rate=RATE, snr_db=20.0, channels=2, channel=1, seed=7):
    """Like tests/test_emg.c's synthetic EMG: Gaussian noise of SD 1 on every channel and, on
    `channel`, once per cycle of 1..1.05 s, a burst of Gaussian noise rising linearly over 5-50 ms,
    holding, and falling over 30 ms (0.3..0.45 s long). Returns float32 [n, channels] and the
    true onsets."""
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    x = rng.normal(0.0, 1.0, (n, channels))
    t = np.arange(n) / rate
    amp, onsets, cycle, k = 10.0 ** (snr_db / 20.0), [], 0.4, 0
    while cycle + 1.0 < seconds:
        rise, length = (0.005, 0.01, 0.02, 0.03, 0.04, 0.05)[k % 6], rng.uniform(0.3, 0.45)
        d = t - cycle
        envelope = np.clip(np.minimum(d / rise, (length - d) / 0.03), 0.0, 1.0)
        x[:, channel] += amp * envelope * rng.normal(0.0, 1.0, n)
        onsets.append(cycle)
        cycle += rng.uniform(1.0, 1.05)
        k += 1
    return x.astype(np.float32), np.array(onsets)


def emg_recordings():
    """(path, placement, side) of the santuz_emg recordings."""
    manifest = os.path.join(DATA, "manifest.csv")
    if not os.path.exists(manifest):
        return []
    with open(manifest, newline="") as f:
        return [(os.path.join(DATA, row["file"]), row["placement"], row["side"])
                for row in csv.DictReader(f) if row["dataset"] == "santuz_emg"]


def assert_bursts_as_cli(result, columns, js):
    """result.bursts are the JSON's activations of kind burst: the activation's t is the onset,
    then offset, duration, peak, mean, the relative sizes when a reference was given, and the
    channel by name; each burst is the activation of kind burst at its place."""
    printed = [a for a in js["activations"] if a["kind"] == "burst"]
    assert len(printed) == len(js["activations"]) == len(result.activations) > 0
    spec = {"t": ("onset", 4), "offset": ("offset", 4), "peak": ("peak", 4),
            "mean": ("mean", 4), "channel": ("channel", lambda c: columns[c]),
            "side": ("side", calfpump.core.side_name)}
    if "peak_ref" in printed[0]:
        spec.update({"peak_ref": ("peak_ref", 4), "mean_ref": ("mean_ref", 4)})
    assert_records(result.bursts, printed, spec)
    for b, js_b in zip(result.bursts, printed):
        assert near(b["offset"] - b["onset"], js_b["duration_s"], 4)
    assert np.array_equal(result.bursts["onset"], result.activations["t"])
    assert np.array_equal(result.bursts["peak"], result.activations["strength_g"])


def check_file(cli, path, placement, side, *options, **read_args):
    for name, value in read_args.items():
        options += (f"--{name}", str(value))
    js = run_cli(cli, path, "--signal", "emg", "--placement", placement, "--side", side,
                 *options)
    rec = calfpump.read(path, signal="emg", **read_args)
    params = {"emg_reference": float(options[options.index("--reference") + 1])} \
        if "--reference" in options else {}
    result = calfpump.analyze(rec.samples, rec.rate, signal="emg", placement=placement,
                              side=side, t0=rec.t0, **params)
    assert_bursts_as_cli(result, rec.columns, js)
    return result


@pytest.mark.parametrize("path,placement,side", emg_recordings() or [
    pytest.param(None, None, None, marks=pytest.mark.skip("../shared/data/santuz_emg is not "
                                                          "there"))])
def test_real_recording_bursts_as_cli(cli, path, placement, side):
    result = check_file(cli, path, placement, side, "--reference", "150")
    assert np.all(result.bursts["peak_ref"] > 0)


def test_generated_bursts_as_cli(cli, tmp_path):
    """Two channels (the bursts in emg_so), no time column: every true onset found once."""
    x, onsets = emg()
    path = tmp_path / "emg.csv"
    np.savetxt(path, x, fmt="%.4f", delimiter=",", header="emg_ta,emg_so", comments="")
    result = check_file(cli, path, "shank", "left", rate=int(RATE))
    found = result.bursts["onset"]
    assert len(found) == len(onsets)
    assert np.all(np.abs(found - onsets) < 0.05)
    assert np.all(result.bursts["offset"] > found)
    assert set(result.bursts["side"]) == {calfpump.core.SIDE_LEFT}


@pytest.fixture(scope="module")
def two_channels():
    x, _ = emg(seconds=60.0)
    return x, calfpump.analyze(x, RATE, signal="emg", emg_channel=1, emg_reference=40.0)


def test_emg_channel_picks_the_channel(two_channels):
    x, result = two_channels
    assert set(result.bursts["channel"]) == {1}
    alone = calfpump.analyze(np.ascontiguousarray(x[:, 1]), RATE, signal="emg", emg_channel=0,
                             emg_reference=40.0)
    assert set(alone.bursts["channel"]) == {0}
    for field in ("onset", "offset", "peak", "mean", "peak_ref", "mean_ref"):
        assert np.array_equal(alone.bursts[field], result.bursts[field]), field
    assert np.allclose(result.bursts["peak_ref"] * 40.0, result.bursts["peak"], rtol=1e-6)


def test_stream_equals_batch_for_bursts(two_channels):
    x, reference = two_channels
    rng = np.random.default_rng(12)
    # The smallest queue (16) and some chunks of 20-25 s (more than 16 bursts) make push meet
    # full queues, which the Stream must empty without loss.
    with calfpump.Stream(RATE, channels=2, signal="emg", emg_channel=1, emg_reference=40.0,
                         queue_capacity=16) as s:
        parts, i = [], 0
        while i < len(x):
            n = int(rng.integers(40000, 50000) if rng.random() < 0.2 else rng.integers(1, 5000))
            s.push(x[i:i + n])
            i += n
            if rng.random() < 0.3:
                parts.append(s.events())
        parts.append(s.flush())
    assert len(parts) > 3 and len(reference.bursts) > 50
    for name in ("bursts", "activations"):
        joined = np.concatenate([getattr(p, name) for p in parts])
        assert equal_records(joined, getattr(reference, name)), name


def test_accelerometer_has_no_bursts(walk_signal):
    result = calfpump.analyze(walk_signal, 100.0, placement="lower_back")
    assert len(result.activations) > 100
    assert result.bursts.dtype == calfpump.BURST_DTYPE and len(result.bursts) == 0
    with calfpump.Stream(100.0, placement="lower_back") as s:
        s.push(walk_signal)
        assert len(s.flush().bursts) == 0
    pd = pytest.importorskip("pandas")
    empty = result.to_pandas("bursts")
    assert isinstance(empty, pd.DataFrame) and len(empty) == 0
    assert list(empty.columns) == list(calfpump.BURST_DTYPE.names)


def test_bursts_to_pandas(two_channels):
    pytest.importorskip("pandas")
    _, result = two_channels
    table = result.to_pandas()["bursts"]
    assert len(table) == len(result.bursts)
    assert np.array_equal(table["onset"].to_numpy(), result.bursts["onset"])
    assert set(table["side"]) == {"unknown"}
