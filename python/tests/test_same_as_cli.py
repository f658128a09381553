"""calfpump.read + calfpump.analyze give what `calfpump analyze --json` prints for the same file:
the same samples, rate and clock, the same activations, cadence windows, bouts and summary (the
CLI rounds its numbers; each is compared to within half its last printed digit)."""
import json
import math
import subprocess
import warnings
import wave

import numpy as np
import pytest

import calfpump
from conftest import accel_recordings, walk, write_csv


def run_cli(cli, path, *options):
    out = subprocess.run([cli, "analyze", *options, str(path)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def near(value, printed, decimals):
    """printed is value rounded to `decimals` places (None for a non-finite value)."""
    if printed is None:
        return not math.isfinite(value)
    return abs(value - printed) <= 0.5 * 10.0 ** -decimals + 1e-9 * max(1.0, abs(value))


def assert_records(records, printed, spec):
    """spec: {json key: (record field, decimals or a function giving the printed form)}."""
    assert len(records) == len(printed)
    for i, (rec, js) in enumerate(zip(records, printed)):
        for key, (field, how) in spec.items():
            value = rec[field].item()
            if callable(how):
                assert how(value) == js[key], (i, key)
            else:
                assert near(value, js[key], how), (i, key, value, js[key])


def assert_same(result, rec, js, placement="unknown", side="unknown"):
    assert js["channels"] == rec.columns
    assert near(rec.rate, js["sample_rate_hz"], 6)
    assert near(rec.t0, js["t0"], 6)
    assert (js["placement"], js["side"], js["signal"]) == (placement, side, "accel")
    s = result.summary
    for key in ("activations", "steps", "bouts", "frames", "gap_frames"):
        assert s[key] == js["summary"][key], key
    assert near(s["active_s"], js["summary"]["active_s"], 3)
    assert near(s["mean_cadence_per_min"], js["summary"]["mean_cadence_per_min"], 2)
    assert near(s["duration_s"], js["duration_s"], 4)
    assert_records(result.activations, js["activations"], {
        "t": ("t", 4), "period_s": ("period_s", 4), "strength_g": ("strength_g", 4),
        "kind": ("kind", calfpump.KINDS.get), "side": ("side", calfpump.core.side_name)})
    assert_records(result.cadence, js["cadence"], {
        "t": ("t", 4), "per_min": ("steps_per_min", 2), "activations_per_min": ("per_min", 2),
        "confidence": ("confidence", 3), "amplitude_g": ("amplitude_g", 4),
        "rhythmic": ("rhythmic", bool)})
    assert_records(result.bouts, js["bouts"], {
        "start": ("start", 4), "end": ("end", 4), "activations": ("activations", int),
        "kind": ("kind", calfpump.BOUT_KINDS.get), "cadence_per_min": ("steps_per_min", 2),
        "activations_per_min": ("cadence_per_min", 2)})


def check_file(cli, path, placement="unknown", side="unknown", **read_args):
    options = ["--placement", placement, "--side", side]
    for name, value in read_args.items():
        options += [f"--{name}", str(value)]
    js = run_cli(cli, path, *options)
    rec = calfpump.read(path, **read_args)
    result = calfpump.analyze(rec.samples, rec.rate, placement=placement, side=side, t0=rec.t0)
    assert_same(result, rec, js, placement, side)
    return result


@pytest.mark.parametrize("path,placement,side", accel_recordings() or [
    pytest.param(None, None, None, marks=pytest.mark.skip("../shared/data is not there"))])
def test_real_recording(cli, path, placement, side):
    check_file(cli, path, placement, side)


def irregular_rows(x, rate, clock, seed=5):
    """x sampled on a phone-like clock: steps of 0.5..1.5 sample periods, some repeated times."""
    rng = np.random.default_rng(seed)
    steps = rng.uniform(0.5, 1.5, len(x)) / rate * (rng.random(len(x)) > 0.02)
    t = np.cumsum(steps) - steps[0]
    grid = np.arange(len(x)) / rate
    cols = [np.interp(t, grid, x[:, k]) for k in range(3)]
    return [[f"{ti + clock:.6f}", *(f"{c[i]:.5f}" for c in cols)] for i, ti in enumerate(t)]


def test_generated_irregular_clock(cli, tmp_path):
    """A phone-like clock starting at t = 1000 s: resampled at the mean rate, times on the
    file's clock."""
    path = write_csv(tmp_path / "walk.csv", ["t", "ax", "ay", "az"],
                     irregular_rows(walk(), 100.0, clock=1000.0))
    result = check_file(cli, path, "pocket_front")
    assert result.summary["activations"] > 100
    assert result.activations["t"][0] > 1000.0


def test_generated_paused_clock(cli, tmp_path):
    """A phone paused for an hour between two walks: the grid keeps the rate it sampled at (the
    mean rate over the whole span would be 5 Hz, below any analysis), the pause is a gap."""
    x = walk(seconds=90.0)
    rows = irregular_rows(x, 100.0, clock=0.0) + irregular_rows(x, 100.0, clock=3690.0)
    path = write_csv(tmp_path / "paused.csv", ["t", "ax", "ay", "az"], rows)
    result = check_file(cli, path, "pocket_front")
    rec = calfpump.read(path)
    assert rec.rate == pytest.approx(100.0, rel=0.02)
    assert result.summary["gap_frames"] > 3500 * rec.rate
    assert len(result.bouts) == 2 and result.bouts["start"][1] > 3690.0


def test_generated_no_time_column_units_and_channels(cli, tmp_path):
    """No t column (rate given), m/s^2, channels chosen by name from extra columns."""
    x = walk(seconds=90.0) * 9.80665
    rows = [[f"{v:.4f}" for v in (9.0, *frame, -1.0)] for frame in x]
    path = write_csv(tmp_path / "walk.csv", ["temp", "x", "y", "z", "other"], rows)
    result = check_file(cli, path, "foot", "left", rate=100, units="m/s2", channel="x,y,z")
    assert result.summary["activations"] > 30
    assert set(result.activations["side"]) == {calfpump.core.SIDE_LEFT}


def test_generated_magnitude_with_gaps(cli, tmp_path):
    """One channel (amag) with empty cells and nan: counted gaps."""
    x = np.linalg.norm(walk(), axis=1)
    rows = [[f"{i / 100:.2f}", "" if i % 997 == 0 else "nan" if i % 1009 == 0 else f"{v:.5f}"]
            for i, v in enumerate(x)]
    path = write_csv(tmp_path / "amag.csv", ["t", "amag"], rows)
    result = check_file(cli, path)
    assert result.summary["gap_frames"] > 0


def test_generated_wav(cli, tmp_path):
    """16-bit WAV (read through libsndfile: full scale = 1 g), channel chosen by number."""
    pytest.importorskip("soundfile")
    x = walk(seconds=90.0) / 2.0
    path = tmp_path / "walk.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(3)
        w.setsampwidth(2)
        w.setframerate(100)
        w.writeframes(np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    result = check_file(cli, path, "thigh", channel="1")
    assert result.summary["activations"] > 30


def walk_lines(x, rate, clock=0.0, sep=",", stamp=lambda t: f"{t:.4f}"):
    return [sep.join([stamp(clock + i / rate), *(f"{v:.5f}" for v in frame)])
            for i, frame in enumerate(x)]


def test_export_preamble_as_the_cli(cli, tmp_path):
    """Spreadsheet and logger exports: a UTF-8 byte-order mark before a quoted header, "#"
    comment lines and Excel's "sep=;" line before the header are skipped as the CLI skips them
    (read() had taken the mark into the first name, '"t"' and 'sep=;' as the header); line
    numbers in messages count the skipped lines, as the CLI's."""
    lines = walk_lines(walk(seconds=90.0), 100.0)
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b'\xef\xbb\xbf"t","ax","ay","az"\r\n' + "\r\n".join(lines).encode() + b"\r\n")
    check_file(cli, bom)
    excel = tmp_path / "excel.csv"
    excel.write_text("sep=;\n# logger 12, firmware 3.1\n#\nt;ax;ay;az\n" +
                     "".join(line.replace(",", ";") + "\n" for line in lines))
    result = check_file(cli, excel)
    assert result.summary["activations"] > 30
    commented = tmp_path / "commented.csv"
    commented.write_text("\ufeff# exported 2024-05-01\nt,ax,ay,az\n" + "\n".join(lines[:50]) +
                         "\n0.5,x,1,0\n")
    out = subprocess.run([cli, "analyze", str(commented)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 1 and "line 53, column 'ax'" in out.stderr
    with pytest.raises(ValueError, match="line 53, column 'ax'"):
        calfpump.read(commented)
    # not a preamble: a comment after the header is a data row, as for the CLI
    late = tmp_path / "late.csv"
    late.write_text("t,ax,ay,az\n# note\n" + "\n".join(lines) + "\n")
    assert subprocess.run([cli, "analyze", str(late)], capture_output=True,
                          timeout=60).returncode == 1
    with pytest.raises(ValueError, match="line 2 has 1 fields"):
        calfpump.read(late)


def test_cut_last_line_as_the_cli(cli, tmp_path):
    """A last line without its line end and short of fields, or with a last cell that does not
    read (a logger stopped mid-write), is left out with a warning, as the CLI leaves it out
    (read() had refused the whole file); with its line end it is an error, as before."""
    lines = "\n".join(walk_lines(walk(seconds=90.0), 100.0)) + "\n"
    for tail in ("90.00,0.0", "90.00,0.01,1.0,1.2e", "9", '90.00,"0.0', '90.00,"0.0,\n'):
        path = tmp_path / "cut.csv"
        path.write_text("t,ax,ay,az\n" + lines + tail)
        with pytest.warns(RuntimeWarning, match="line 9002 is cut short"):
            result = check_file(cli, path)
        assert result.summary["frames"] == 9000, tail
    path.write_text("t,ax,ay,az\n" + lines + "90.00,0.0\n")
    with pytest.raises(ValueError, match="line 9002 has 2 fields, the header 4"):
        calfpump.read(path)
    for tail in ("90.00,0.0,1,0,5", "90.00,x,1"):  # too many fields; a bad cell before the cut
        path.write_text("t,ax,ay,az\n" + lines + tail)
        assert subprocess.run([cli, "analyze", str(path)], capture_output=True,
                              timeout=60).returncode == 1
        with pytest.raises(ValueError, match="line 9002"):
            calfpump.read(path)


def test_whole_second_clock_as_the_cli(cli, tmp_path):
    """A logger stamping whole seconds (25 rows per time), started mid-second and paused for a
    minute: each time's rows are spread up to the next time as the CLI spreads them, with a
    warning (read() had averaged each second's rows into one sample and found no step)."""
    x = walk(seconds=100.0, rate=25.0)
    rows = walk_lines(x[:1240], 25.0, 1000.6, stamp=lambda t: f"{math.floor(t):d}") + \
        walk_lines(x[1240:], 25.0, 1100.0, stamp=lambda t: f"{math.floor(t):d}")
    path = tmp_path / "seconds.csv"
    path.write_text("t,ax,ay,az\n" + "\n".join(rows) + "\n")
    with pytest.warns(RuntimeWarning, match="coarser than the sampling.* at 25 Hz"):
        result = check_file(cli, path)
    assert result.summary["activations"] > 100
    with pytest.warns(RuntimeWarning, match="at 30 Hz"):
        rec = calfpump.read(path, rate=30)
    assert rec.rate == 30.0
    assert rec.t0 == pytest.approx(1000.6, abs=0.01)
    # a clock that only repeats a time now and then is no coarse clock: rows averaged as before
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fine = walk_lines(x, 25.0, stamp=lambda t: f"{math.floor(t * 25) / 25:.2f}")
        path.write_text("t,ax,ay,az\n" + "\n".join(fine[:5] + fine[4:]) + "\n")
        calfpump.read(path)
