"""calfpump.read rejects what the CLI rejects, with a clear message, and picks the same channels."""
import json
import subprocess
import warnings

import numpy as np
import pytest

import calfpump

WALK_ROWS = [[f"{i / 100:.2f}", "0.01", "1.0", "0.02", "1.0"] for i in range(2000)]
HEADER = ["t", "ax", "ay", "az", "amag"]

# name: (file text, read() arguments, the CLI's options, message read() gives)
BAD = {
    "empty": ("", {}, [], "is empty"),
    "header only": ("t,ax,ay,az\n", {}, [], "no data rows"),
    "numbers as header": ("1,2,3\n4,5,6\n", {}, [], "header row"),
    "semicolons": ("t;ax;ay;az\n0;0;1;0\n0,01;0;1;0\n", {}, [],
                   "line 1 holds one column, 't;ax;ay;az': fields must be separated by commas"),
    "compressed": ("\x1f\x8b\x08\x00t,ax\n", {}, [], "neither CSV text nor an audio format"),
    "no time, no rate": ("ax,ay,az\n1,2,3\n", {}, [], "give the sample rate"),
    "not a number": ("t,amag\n0,1\n0.1,abc\n", {}, [], "line 3, column 'amag'"),
    "short row": ("t,amag\n0,1\n0.1\n", {}, [], "line 3 has 1 fields, the header 2"),
    "time goes far back": ("t,amag\n0,1\n2.2,1\n0.1,1\n", {}, [],
                           "line 4: time 0.1 is before the previous row's 2.2 by more than 1 s"),
    "time not finite": ("t,amag\n0,1\ninf,1\n", {}, [], "not a finite number"),
    "time beyond any clock": ("t,amag\n1e24,1\n", {"rate": 100}, ["--rate", "100"],
                              "line 2: time 1e\\+24 is beyond 1e\\+12 s"),
    "same times": ("t,amag\n1,1\n1,2\n", {}, [], "tells no sample rate (all rows at one time"),
    "time in milliseconds": ("t,amag\n0,1\n10,1\n20,1\n", {}, [], "is it in seconds?"),
    "unknown channel": ("t,amag\n0,1\n", {"channel": "ax"}, ["--channel", "ax"],
                        "unknown column 'ax'"),
    "two channels": ("t,a,b\n0,1,2\n", {"channel": "a,b"}, ["--channel", "a,b"],
                     "one column or three"),
    "time as channel": ("t,amag\n0,1\n", {"channel": "t"}, ["--channel", "t"],
                        "is the time column"),
    "channel number too big": ("t,amag\n0,1\n", {"channel": "5"}, ["--channel", "5"],
                               "no column 5"),
    "cannot choose": ("t,a,b\n0,1,2\n", {}, [], "cannot choose the signal columns"),
    "grid far too long": ("t,amag\n0,1\n1000,1\n2000,1\n", {"rate": 1000}, ["--rate", "1000"],
                          "is the time column in seconds"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_rejects_what_the_cli_rejects(cli, tmp_path, name):
    text, args, options, message = BAD[name]
    path = tmp_path / "bad.csv"
    path.write_text(text)
    out = subprocess.run([cli, "analyze", *options, str(path)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode in (1, 2), out.stdout
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        calfpump.read(str(path), **args)


def test_missing_file_and_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError):
        calfpump.read(str(tmp_path / "missing.csv"))
    path = tmp_path / "ok.csv"
    path.write_text("t,amag\n0,1\n")
    with pytest.raises(ValueError, match="units"):
        calfpump.read(str(path), units="ft/s2")
    with pytest.raises(ValueError, match="rate"):
        calfpump.read(str(path), rate=float("nan"))
    with pytest.raises(ValueError, match="unknown signal 'EMG'"):
        calfpump.read(str(path), signal="EMG")
    with pytest.raises(TypeError, match="file name, not int"):
        calfpump.read(0)  # not standard input's descriptor, read and closed
    path.write_text("t,ax,ay,az\n0,0,1,0\n0.01," + "9" * 200000 + ",1,0\n")
    with pytest.raises(ValueError, match="ok.csv' line 3: field larger than field limit"):
        calfpump.read(str(path))  # csv's limit (the CLI has none): had raised _csv.Error
    path.write_text("t,amag\n" + "".join(f"{i},1\n" for i in range(100)))  # milliseconds?
    with pytest.raises(ValueError, match="'.*ok.csv': cannot resample onto 1 Hz"):
        calfpump.read(str(path))


def test_times_a_little_back_are_taken_in_order(tmp_path):
    """As the CLI: a row stamped up to 1 s before the previous one (FIFO read-outs stamped
    "second + i / rate") counts at the previous row's time, with a warning."""
    from conftest import write_csv
    rows = [[f"{t:g}", str(i % 5)] for i, t in enumerate([0, 0.5, 1.02, 1.0, 1.04, 1.5, 2.0])]
    path = write_csv(tmp_path / "fifo.csv", ["t", "a"], rows)
    with pytest.warns(RuntimeWarning, match="line 5: time 1.0 is before the previous row's "
                      "1.02; 1 row"):
        rec = calfpump.read(path, rate=50)
    assert rec.samples.shape == (101, 1)  # 0..2 s: the last row is still there


def test_channel_choice(tmp_path):
    from conftest import write_csv
    path = write_csv(tmp_path / "walk.csv", HEADER, WALK_ROWS)
    assert calfpump.read(path).columns == ["ax", "ay", "az"]
    assert calfpump.read(path, channel="amag").columns == ["amag"]
    assert calfpump.read(path, channel=[4]).columns == ["amag"]
    assert calfpump.read(path, channel="3,2,1").columns == ["az", "ay", "ax"]
    emg = write_csv(tmp_path / "emg.csv", ["t", "emg_ta", "emg_gm", "emg_so"],
                    [[f"{i / 1000:.3f}", "1", "2", "3"] for i in range(100)])
    assert calfpump.read(emg, signal="emg").columns == ["emg_so"]
    assert calfpump.read(emg).columns == ["emg_ta", "emg_gm", "emg_so"]  # the 3 signal columns
    one = write_csv(tmp_path / "one.csv", ["t", "v"], [["0", "1"], ["0.01", "2"]])
    assert calfpump.read(one).columns == ["v"]


def test_channel_as_a_number(tmp_path):
    """channel=2 as --channel 2 (and channel="2"): numbers count the CSV's columns from 0, the
    time column included; they had raised "'int' object is not iterable"."""
    from conftest import write_csv
    path = write_csv(tmp_path / "w.csv", HEADER, WALK_ROWS)
    for channel in (2, np.int64(2), "2", [2]):
        assert calfpump.read(path, channel=channel).columns == ["ay"], channel
    assert calfpump.read(path, channel=(1, "ay", np.int32(3))).columns == ["ax", "ay", "az"]
    with pytest.raises(ValueError, match="'t' is the time column"):
        calfpump.read(path, channel=0)
    with pytest.raises(ValueError, match="no column 5 .* 5 columns, counted from 0"):
        calfpump.read(path, channel=5)
    with pytest.raises(TypeError, match="channel must be a name, a number or a sequence"):
        calfpump.read(path, channel=2.0)


def test_values_units_and_clock(tmp_path):
    from conftest import write_csv
    rows = [[f"{100 + i / 50:.2f}", f"{9.80665 * (i % 7):.5f}"] for i in range(500)]
    path = write_csv(tmp_path / "ms2.csv", ["t", "a"], rows)
    rec = calfpump.read(path, units="m/s2")
    assert rec.rate == 50.0 and rec.t0 == 100.0 and rec.samples.dtype == np.float32
    assert rec.samples.shape == (500, 1)
    assert np.allclose(rec.samples[:, 0], np.arange(500) % 7, atol=1e-5)
    still = write_csv(tmp_path / "still.csv", ["t", "ax", "ay", "az"],
                      [[f"{i / 50:.2f}", "0.1", "-0.2", "9.8"] for i in range(500)])
    with pytest.warns(RuntimeWarning, match="median acceleration magnitude is 9.8 g.*'m/s2'"):
        calfpump.read(still)  # in m/s2, read as g: the CLI's warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calfpump.read(still, units="m/s2")
        calfpump.read(still, signal="emg")
    with pytest.warns(RuntimeWarning, match="0.0306 g, .*is gravity taken out"):
        calfpump.read(still, units="m/s2", channel="ax,ay,ay")
    in_mg = write_csv(tmp_path / "mg.csv", ["t", "ax", "ay", "az"],
                      [[f"{i / 50:.2f}", "10", "-20", "999"] for i in range(500)])
    with pytest.warns(RuntimeWarning, match="is 999 g, .*are the samples in mg \\(units='mg'\\)"):
        calfpump.read(in_mg)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.allclose(calfpump.read(in_mg, units="mg").samples[0], [0.01, -0.02, 0.999])
    no_clock = write_csv(tmp_path / "nt.csv", ["a"], [["1e40"], [""], ["2"]])
    rec = calfpump.read(no_clock, rate=10)
    assert rec.t0 == 0.0 and rec.rate == 10.0
    assert np.isinf(rec.samples[0, 0]) and np.isnan(rec.samples[1, 0])


def test_cells_and_spaces_as_the_cli(cli, tmp_path):
    """Cells as C's strtod reads them (hexadecimal, nan(...), inf), spaces and tabs around fields
    and blank lines dropped, as the CLI's CSV parser: read() takes what the CLI takes, with the
    same values; and refuses what the CLI refuses (Python's float() would read "1_000" and
    non-ASCII digits)."""
    values = ["0x10", "0x1p-1", "nan(1)", "-INF", "1e1", ".5", "3."]
    path = tmp_path / "cells.csv"
    path.write_text(" x ,\tamag \n   \n" + "".join(f"1, {v}\t\n" for v in values * 200))
    rec = calfpump.read(str(path), channel="amag", rate=100)
    assert rec.columns == ["amag"] and rec.samples.shape == (1400, 1)
    first = rec.samples[:7, 0]
    assert np.array_equal(first[[0, 1, 4, 5, 6]], [16, 0.5, 10, 0.5, 3])
    assert np.isnan(first[2]) and first[3] == -np.inf
    js = json.loads(subprocess.run([cli, "analyze", "--rate", "100", "--channel", "amag",
                                    str(path)], capture_output=True, text=True, timeout=60,
                                   check=True).stdout)
    summary = calfpump.analyze(rec.samples, rec.rate, t0=rec.t0).summary
    assert (js["summary"]["frames"], js["summary"]["gap_frames"]) == \
        (summary["frames"], summary["gap_frames"])
    for cell in ("1_000", "\uff11", "0x", "nan()x", "1 2"):
        path.write_text(f"t,amag\n0,1\n0.01,{cell}\n", encoding="utf-8")
        assert subprocess.run([cli, "analyze", str(path)], capture_output=True,
                              timeout=60).returncode == 1, cell
        with pytest.raises(ValueError, match="line 3, column 'amag'"):
            calfpump.read(str(path))
