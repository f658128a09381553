"""End-to-end tests of the calfpump command-line tool (libcalfpump/cli).

Run from the repository root:  /usr/bin/python3 -m pytest tests/test_cli.py
The tool is found through the environment variable CALFPUMP_CLI (default: build/calfpump).
Inputs are synthetic walking-like signals written into pytest's tmp_path.
"""
import csv
import io
import json
import math
import os
import random
import select
import struct
import subprocess
import wave

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.environ.get("CALFPUMP_CLI", os.path.join(REPO, "build", "calfpump"))

STEP_HZ = 1.8  # steps per second of the synthetic walk
DURATION_S = 60.0
RATE_HZ = 100.0
EXPECTED_STEPS = STEP_HZ * DURATION_S  # 108
G = 9.80665
TIMEOUT_S = 120

KINDS = {"step", "stride", "burst"}
BOUT_KINDS = {"exercise", "walking", "running"}
SIDES = {"left", "right", "unknown"}


# ---- synthetic inputs ---------------------------------------------------------------------------

def walk_sample(t):
    """One frame (ax, ay, az) in g of a steady walk: the vertical axis carries gravity, the step
    rhythm and two harmonics; the other axes sway at the stride and the step rate."""
    w = 2 * math.pi * STEP_HZ
    vertical = 1 + 0.3 * math.sin(w * t) + 0.1 * math.sin(2 * w * t + 0.5) \
        + 0.05 * math.sin(3 * w * t + 1.0)
    return 0.05 * math.sin(w / 2 * t), vertical, 0.1 * math.sin(w * t + 1.2)


def regular_times():
    return [i / RATE_HZ for i in range(int(DURATION_S * RATE_HZ))]


def irregular_times(seed=1):
    """Phone-like clock: 5..15 ms steps (mean 100 Hz) with an occasional burst of equal times."""
    rnd = random.Random(seed)
    t, out = 0.0, []
    while t < DURATION_S:
        out.append(round(t, 6))
        t += 0.0 if rnd.random() < 0.02 else rnd.uniform(0.005, 0.015)
    return out


def write_csv(path, times, columns=("t", "ax", "ay", "az"), scale=1.0, clock=0.0):
    """Rows of walk_sample at the given times, written with `clock` added to the time column;
    columns 'amag' (magnitude) and 't' are optional."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for t in times:
            ax, ay, az = (v * scale for v in walk_sample(t))
            values = {"t": f"{t + clock:.6f}", "ax": f"{ax:.6f}", "ay": f"{ay:.6f}",
                      "az": f"{az:.6f}", "amag": f"{math.sqrt(ax * ax + ay * ay + az * az):.6f}"}
            w.writerow([values[c] for c in columns])
    return path


def write_wav(path, channels=3):
    """16-bit PCM at 100 Hz; libsndfile reads full scale as 1.0, so the walk is scaled to fit."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(int(RATE_HZ))
        frames = bytearray()
        for t in regular_times():
            ax, ay, az = walk_sample(t)
            values = (ax * 0.5, ay * 0.5, az * 0.5, 0.0, 0.0)[:channels]
            frames += struct.pack(f"<{channels}h", *(round(v * 32767) for v in values))
        w.writeframes(bytes(frames))
    return path


@pytest.fixture(scope="module")
def walk_csv(tmp_path_factory):
    return write_csv(tmp_path_factory.mktemp("walk") / "walk.csv", regular_times())


# ---- running the tool ---------------------------------------------------------------------------

def run(*args, stdin=None):
    assert os.access(CLI, os.X_OK), f"no calfpump CLI at {CLI} (build it, or set CALFPUMP_CLI)"
    # errors="replace": a message may quote bytes of a corrupt input
    return subprocess.run([CLI, *map(str, args)], input=stdin, capture_output=True, text=True,
                          errors="replace", timeout=TIMEOUT_S)


def analyze(*args, stdin=None):
    """Runs `calfpump analyze ARGS` that must succeed; returns the parsed JSON."""
    p = run("analyze", *args, stdin=stdin)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def act_times(doc):
    return [a["t"] for a in doc["activations"]]


# ---- the JSON document ---------------------------------------------------------------------------

def test_json_has_the_schema(walk_csv):
    doc = analyze("--placement", "lower_back", "--side", "left", walk_csv)
    assert doc["schema"] == "calfpump.analysis/1"
    assert doc["signal"] == "accel"
    assert doc["placement"] == "lower_back"
    assert doc["side"] == "left"
    assert doc["library"].startswith(run("--version").stdout.split()[1])
    assert doc["channels"] == ["ax", "ay", "az"]
    assert doc["sample_rate_hz"] == pytest.approx(RATE_HZ)
    assert doc["duration_s"] == pytest.approx(DURATION_S, abs=0.05)
    summary = doc["summary"]
    for key in ("activations", "steps", "active_s", "mean_cadence_per_min", "gap_frames"):
        assert isinstance(summary[key], (int, float)), key
    assert summary["gap_frames"] == 0
    assert summary["activations"] == len(doc["activations"])
    for a in doc["activations"]:
        assert set(a) >= {"t", "side", "kind"} and a["kind"] in KINDS and a["side"] in SIDES
    for c in doc["cadence"]:
        assert set(c) >= {"t", "per_min", "confidence", "activations_per_min", "rhythmic"}
        assert isinstance(c["rhythmic"], bool) and 0.0 <= c["confidence"] <= 1.0
    for b in doc["bouts"]:
        assert b["kind"] in BOUT_KINDS and b["start"] <= b["end"]
        assert set(b) >= {"activations", "cadence_per_min"}


def test_steady_walk_is_counted(walk_csv):
    doc = analyze("--placement", "lower_back", walk_csv)
    n = doc["summary"]["activations"]
    assert abs(n - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS, n
    assert all(a["kind"] == "step" for a in doc["activations"])
    times = act_times(doc)
    assert times == sorted(times) and 0.0 <= times[0] and times[-1] <= DURATION_S
    rhythmic = sorted(c["per_min"] for c in doc["cadence"] if c["rhythmic"])
    assert rhythmic, "no rhythmic cadence window in a steady walk"
    assert rhythmic[len(rhythmic) // 2] == pytest.approx(STEP_HZ * 60, rel=0.05)
    assert any(b["kind"] == "walking" for b in doc["bouts"])


def test_leg_sensor_reports_strides_with_its_side(walk_csv):
    doc = analyze("--placement", "foot", "--side", "right", walk_csv)
    assert doc["activations"], "no strides found"
    assert {a["kind"] for a in doc["activations"]} == {"stride"}
    assert {a["side"] for a in doc["activations"]} == {"right"}


def test_times_are_on_the_input_clock(tmp_path, walk_csv):
    base = analyze("--placement", "lower_back", walk_csv)
    shifted = analyze("--placement", "lower_back",
                      write_csv(tmp_path / "late.csv", regular_times(), clock=1000.0))
    assert len(act_times(shifted)) == len(act_times(base)) > 0
    for a, b in zip(act_times(base), act_times(shifted)):
        assert b == pytest.approx(a + 1000.0, abs=2e-3)
    for a, b in zip(base["cadence"], shifted["cadence"]):
        assert b["t"] == pytest.approx(a["t"] + 1000.0, abs=2e-3)
    for a, b in zip(base["bouts"], shifted["bouts"]):
        assert b["start"] == pytest.approx(a["start"] + 1000.0, abs=2e-3)
        assert b["end"] == pytest.approx(a["end"] + 1000.0, abs=2e-3)


def test_irregular_timestamps_are_resampled(tmp_path):
    times = irregular_times()
    doc = analyze("--placement", "lower_back",
                  write_csv(tmp_path / "phone.csv", times, clock=50.0))
    mean_rate = (len(times) - 1) / (times[-1] - times[0])
    assert doc["sample_rate_hz"] == pytest.approx(mean_rate, rel=1e-4)
    assert abs(doc["summary"]["activations"] - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS
    assert all(50.0 <= t <= 50.0 + times[-1] + 0.01 for t in act_times(doc))
    at_50 = analyze("--placement", "lower_back", "--rate", "50", tmp_path / "phone.csv")
    assert at_50["sample_rate_hz"] == 50.0


def test_magnitude_column(tmp_path):
    path = write_csv(tmp_path / "amag.csv", regular_times(), columns=("t", "amag"))
    doc = analyze("--placement", "lower_back", path)
    assert doc["channels"] == ["amag"]
    assert abs(doc["summary"]["activations"] - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS


def test_names_that_are_not_utf8_reach_the_json(tmp_path, walk_csv):
    """A Latin-1 file or column name (an old archive, a Windows export) is JSON text with U+FFFD
    for its stray bytes; jansson refuses it as it is, which had left "file" and the channel null."""
    name = os.fsencode(str(tmp_path)) + b"/m\xfcller.csv"
    with open(walk_csv, "rb") as f:
        rows = f.read().replace(b"ax,", b"Beschl\xb0X,", 1)
    with open(name, "wb") as f:
        f.write(rows)
    p = subprocess.run([CLI, "analyze", "--channel", b"Beschl\xb0X,ay,az", name],
                       capture_output=True, timeout=TIMEOUT_S)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["file"].endswith("m\ufffdller.csv")
    assert doc["channels"] == ["Beschl\ufffdX", "ay", "az"]
    assert doc["summary"]["activations"] > 0


def test_channel_by_name_and_number(walk_csv):
    by_name = analyze("--channel", "ay", walk_csv)
    by_number = analyze("--channel", "2", walk_csv)  # columns t=0, ax=1, ay=2
    assert by_name["channels"] == by_number["channels"] == ["ay"]
    assert act_times(by_name) == act_times(by_number)
    assert analyze("--channel", "az,ay,ax", walk_csv)["channels"] == ["az", "ay", "ax"]


def test_channel_list_with_spaces(walk_csv):
    """--channel 'ax, ay, az' had been an unknown column ' ay': spaces around names are
    ignored."""
    assert analyze("--channel", " az , ay,\tax ", walk_csv)["channels"] == ["az", "ay", "ax"]
    assert analyze("--channel", "1, 2, 3", walk_csv) == analyze("--channel", "1,2,3", walk_csv)


def test_units_ms2(tmp_path, walk_csv):
    in_g = analyze("--placement", "lower_back", walk_csv)
    in_ms2 = analyze("--placement", "lower_back", "--units", "m/s2",
                     write_csv(tmp_path / "ms2.csv", regular_times(), scale=G))
    assert len(act_times(in_ms2)) == len(act_times(in_g))
    for a, b in zip(act_times(in_g), act_times(in_ms2)):
        assert b == pytest.approx(a, abs=0.02)


def test_units_that_do_not_look_like_g_are_warned_about(tmp_path, walk_csv):
    """Gravity makes a body-worn sensor's median magnitude about 1 g: m/s^2 read as g (9.8) or
    g read as m/s^2 (0.1) gets a warning on stderr; the analysis still runs."""
    ms2 = write_csv(tmp_path / "ms2.csv", regular_times(), scale=G)
    mg = write_csv(tmp_path / "mg.csv", regular_times(), scale=1000.0)
    for args, hint in (([ms2], "--units m/s2"), ([mg], "are the samples in mg (--units mg)?"),
                       (["--units", "m/s2", walk_csv], "gravity taken out")):
        p = run("analyze", "--placement", "lower_back", *args)
        assert p.returncode == 0 and json.loads(p.stdout)["activations"]
        assert "warning" in p.stderr and hint in p.stderr, p.stderr
    for args in (["--units", "m/s2", ms2], ["--units", "mg", mg], [walk_csv]):
        assert run("analyze", "--placement", "lower_back", *args).stderr == ""
    # mg read as mg is the walk in g
    assert act_times(analyze("--placement", "lower_back", "--units", "mg", mg)) == \
        pytest.approx(act_times(analyze("--placement", "lower_back", walk_csv)), abs=0.02)


def test_single_axis_is_warned_about_only_above_gravity(tmp_path, walk_csv):
    """One channel may be a horizontal axis (median about 0 g here): that is no sign of another
    unit. The vertical axis in m/s^2 read as g still is."""
    p = run("analyze", "--placement", "lower_back", "--channel", "ax", walk_csv)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    ms2 = write_csv(tmp_path / "ms2.csv", regular_times(), scale=G)
    p = run("analyze", "--placement", "lower_back", "--channel", "ay", ms2)
    assert p.returncode == 0 and "--units m/s2" in p.stderr, p.stderr


def test_times_a_little_back_are_taken_in_order(tmp_path, walk_csv):
    """A watch that stamps each FIFO read-out "second + i / rate" stamps a read-out of 102
    samples 0.01 s into the next second, and the next read-out starts at that second again.
    Those rows count at the previous row's time, with a warning; no row is lost."""
    path = tmp_path / "fifo.csv"
    lines = open(walk_csv).read().splitlines()
    stamps, second = [], 0
    while len(stamps) < len(lines) - 1:
        stamps += [second + m / RATE_HZ for m in range(102 if second % 2 == 0 else 98)]
        second += 1
    rows = [f"{t:g},{line.split(',', 1)[1]}" for t, line in zip(stamps, lines[1:])]
    path.write_text("\n".join([lines[0], *rows]) + "\n")
    p = run("analyze", "--placement", "lower_back", path)
    assert p.returncode == 0, p.stderr
    assert "warning" in p.stderr and "line 104: time 1 is before the previous row's 1.01; 30 row" \
        in p.stderr, p.stderr
    plain = analyze("--placement", "lower_back", walk_csv)["summary"]["activations"]
    assert abs(json.loads(p.stdout)["summary"]["activations"] - plain) <= 2


def test_nan_cells_are_gaps(tmp_path):
    path = tmp_path / "gaps.csv"
    lines = open(write_csv(path, regular_times())).read().splitlines()
    for i in range(2000, 2050):  # half a second: some "nan", some empty cells
        t = lines[i].split(",")[0]
        lines[i] = f"{t},nan,nan,nan" if i % 2 else f"{t},,,"
    path.write_text("\n".join(lines) + "\n")
    doc = analyze("--placement", "lower_back", path)
    assert doc["summary"]["gap_frames"] >= 40
    assert doc["summary"]["activations"] > 0.7 * EXPECTED_STEPS


# ---- other inputs and outputs --------------------------------------------------------------------

def test_wav_file(tmp_path):
    path = write_wav(tmp_path / "walk.wav")
    doc = analyze("--placement", "lower_back", path)
    assert doc["sample_rate_hz"] == RATE_HZ
    assert doc["channels"] == ["0", "1", "2"]
    assert abs(doc["summary"]["activations"] - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS
    assert 0.0 <= min(act_times(doc))
    one = analyze("--channel", "1", path)
    assert one["channels"] == ["1"]
    assert analyze("--rate", "50", path)["sample_rate_hz"] == 50.0


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_integer_audio_full_scale_is_1g(tmp_path, width):
    """As the README says: libsndfile maps an integer format's full scale to 1.0, read as 1 g
    (--units: 1 m/s2); the units warning shows the median magnitude it read."""
    path = tmp_path / f"int{8 * width}.wav"
    full = 2 ** (8 * width - 1)
    zero, quarter = (bytes([128]), bytes([128 + 32])) if width == 1 else \
        (bytes(width), (full // 4).to_bytes(width, "little", signed=True))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(3)
        w.setsampwidth(width)
        w.setframerate(int(RATE_HZ))
        w.writeframes((zero + zero + quarter) * 3000)
    for options, g in (([], "0.25"), (["--units", "m/s2"], "0.0255")):
        p = run("analyze", *options, path)
        assert p.returncode == 0
        assert f"the median acceleration magnitude is {g} g" in p.stderr


def test_wav_with_five_channels_needs_a_choice(tmp_path):
    path = write_wav(tmp_path / "five.wav", channels=5)
    p = run("analyze", path)
    assert p.returncode == 2 and "--channel" in p.stderr and p.stdout == ""
    assert analyze("--channel", "0,1,2", path)["channels"] == ["0", "1", "2"]


def test_cut_short_wav_warns(tmp_path):
    """A WAV whose header promises more frames than it holds is analysed as far as it goes,
    with a warning (libsndfile reads it without an error)."""
    whole = write_wav(tmp_path / "whole.wav").read_bytes()
    path = tmp_path / "cut.wav"
    path.write_bytes(whole[:len(whole) // 2])
    p = run("analyze", path)
    assert p.returncode == 0, p.stderr
    assert f"warning: '{path}': the file is damaged or cut short" in p.stderr
    assert json.loads(p.stdout)["duration_s"] < 0.6 * analyze(tmp_path / "whole.wav")["duration_s"]
    assert "warning" not in run("analyze", tmp_path / "whole.wav").stderr


def test_whole_second_stamps_are_spread(tmp_path):
    """A logger stamping Unix time in whole seconds gives ~100 rows per time: averaged into one
    sample per second, every step was lost (0 steps, exit 0, no word). The rows of a time are
    spread up to the next time, with a warning; a first second started mid-way ends at the next."""
    times = regular_times()[30:]
    path = tmp_path / "seconds.csv"
    lines = open(write_csv(path, times)).read().splitlines()
    rows = [f"{1700000000 + int(t)},{line.split(',', 1)[1]}" for t, line in zip(times, lines[1:])]
    path.write_text("\n".join([lines[0], *rows]) + "\n")
    p = run("analyze", "--placement", "lower_back", path)
    assert p.returncode == 0, p.stderr
    assert "warning" in p.stderr and "coarser than the sampling" in p.stderr \
        and "at 100 Hz" in p.stderr and "--rate" in p.stderr, p.stderr
    doc = json.loads(p.stdout)
    assert doc["sample_rate_hz"] == pytest.approx(RATE_HZ, rel=1e-3)
    assert abs(doc["summary"]["activations"] - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS
    assert "coarser" not in run("analyze", tmp_path / "seconds.csv", "--rate", "100").stdout


def test_long_pause_stays_a_gap(tmp_path):
    """Two walks 4 h apart: the pause's NaN frames had counted as the grid growing 100 times
    past the rows (a wrong time unit), and the file was refused. A pause of a month would take
    gigabytes of gap frames: refused, saying so."""
    lines = open(write_csv(tmp_path / "one.csv", regular_times())).read().splitlines()
    for name, pause_s in (("twice.csv", 4 * 3600), ("month.csv", 30 * 86400)):
        second = [f"{float(line.split(',', 1)[0]) + pause_s:.6f},{line.split(',', 1)[1]}"
                  for line in lines[1:]]
        (tmp_path / name).write_text("\n".join(lines + second) + "\n")
    doc = analyze("--placement", "lower_back", tmp_path / "twice.csv")
    assert doc["sample_rate_hz"] == RATE_HZ
    times = act_times(doc)
    first = [t for t in times if t < DURATION_S]
    assert abs(len(first) - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS
    assert abs(len(times) - len(first) - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS
    assert doc["summary"]["gap_frames"] > 4 * 3600 * RATE_HZ * 0.99
    p = run("analyze", tmp_path / "month.csv")
    assert p.returncode == 1 and p.stdout == ""
    assert "pauses over 1 s add up to 2591940 s (the longest 2591940 s from t = 59.99 s)" \
        in p.stderr and "split the recording" in p.stderr and "seconds?" not in p.stderr, p.stderr


@pytest.mark.parametrize("cut", ["60.000000,0.1", "60.000000,0.1,0.9,-", "60.0"])
def test_cut_short_last_line_is_left_out(tmp_path, walk_csv, cut):
    """A logger that lost power mid-write leaves a last line without its line end, short of
    fields or ending in half a number: the lines before it are analysed, with a warning naming
    it (as for a cut-short WAV). A short line with its line end is still an error (test_errors)."""
    text = open(walk_csv).read()
    path = tmp_path / "cut.csv"
    path.write_text(text + cut)
    last = text.count("\n") + 1
    p = run("analyze", "--placement", "lower_back", path)
    assert p.returncode == 0, p.stderr
    assert f"warning: '{path}' line {last} is cut short" in p.stderr, p.stderr
    whole = analyze("--placement", "lower_back", walk_csv)
    assert json.loads(p.stdout)["summary"] == whole["summary"]
    assert "warning" not in run("analyze", write_text(tmp_path, "end.csv", text.rstrip())).stderr


@pytest.mark.parametrize("preamble,sep", [
    ("\ufeff", ","),  # a byte-order mark before quoted names (R's UTF-8-BOM, other exporters)
    ("# exported by SensorApp\n# units: g\n", ","),
    ("sep=,\r\n", ","),  # Excel's first line
    ("\ufeffsep=;\n", ";")])
def test_csv_preamble_and_quoted_names(tmp_path, walk_csv, preamble, sep):
    """A BOM then a quoted header, leading '#' comment lines and Excel's "sep=X" line had all
    read as a file without a time column."""
    lines = open(walk_csv).read().splitlines()
    header = sep.join(f'"{name}"' for name in lines[0].split(","))
    path = tmp_path / "export.csv"
    path.write_text(preamble + "\n".join([header] + [line.replace(",", sep)
                                                      for line in lines[1:]]) + "\n",
                    encoding="utf-8")
    doc = analyze("--placement", "lower_back", path)
    assert doc["channels"] == ["ax", "ay", "az"]
    whole = analyze("--placement", "lower_back", walk_csv)
    assert doc["summary"] == whole["summary"]
    # line numbers in messages count the skipped lines
    path.write_text(path.read_text(encoding="utf-8") + sep.join(["99", "0", "abc", "0"]) + "\n",
                    encoding="utf-8")
    p = run("analyze", path)
    n = preamble.count("\n") + len(lines) + 1
    assert p.returncode == 1 and f"line {n}, column 'ay': 'abc'" in p.stderr, p.stderr


def test_csv_named_like_headerless_audio(tmp_path, walk_csv):
    """libsndfile opens a file without a known header named *.au, *.snd, *.vox, *.gsm as
    headerless audio (8 kHz mu-law): a CSV so named had its text analysed as samples. Such files
    go to the CSV reader; a real AU file is still audio, and bytes that are no text are refused."""
    whole = analyze("--placement", "lower_back", walk_csv)
    for name in ("walk.au", "walk.snd", "walk.vox", "walk.gsm"):
        path = tmp_path / name
        path.write_bytes(open(walk_csv, "rb").read())
        doc = analyze("--placement", "lower_back", "--rate", "", path)
        assert doc["channels"] == ["ax", "ay", "az"] and doc["summary"] == whole["summary"], name
    p = run("analyze", "--rate", "100", write_text(tmp_path, "noise.au", "\x01\x02" * 500))
    assert p.returncode == 1 and "neither CSV text nor an audio format" in p.stderr, p.stderr
    wav = write_wav(tmp_path / "walk.wav")
    with wave.open(str(wav)) as w:
        pcm = bytearray(w.readframes(w.getnframes()))
    pcm[0::2], pcm[1::2] = pcm[1::2], pcm[0::2]  # AU is big-endian
    au = tmp_path / "real.au"  # header: magic, data offset, size, 16-bit PCM, rate, channels
    au.write_bytes(b".snd" + struct.pack(">5I", 24, len(pcm), 3, int(RATE_HZ), 3) + pcm)
    doc = analyze("--placement", "lower_back", au)
    assert doc["channels"] == ["0", "1", "2"] and doc["sample_rate_hz"] == RATE_HZ
    assert abs(doc["summary"]["activations"] - EXPECTED_STEPS) <= 0.1 * EXPECTED_STEPS


@pytest.mark.parametrize("encoding,bom,order", [
    ("utf-16-le", b"\xff\xfe", "little"), ("utf-16-be", b"\xfe\xff", "big"),
    ("utf-16-le", b"", "little"), ("utf-16-be", b"", "big")])
def test_utf16_is_named(tmp_path, walk_csv, encoding, bom, order):
    """Excel's "Unicode text" had got libmpg123's notes and "File does not exist or is not a
    regular file (possibly a pipe?)" from a file, "has no time column 't'" from a pipe."""
    path = tmp_path / "u16.csv"
    path.write_bytes(bom + open(walk_csv).read().encode(encoding))
    for name, stdin in ((str(path), None), ("-", path.read_bytes())):
        p = subprocess.run([CLI, "analyze", name], input=stdin, capture_output=True,
                           timeout=TIMEOUT_S)
        shown = "<stdin>" if name == "-" else name
        assert p.returncode == 1 and p.stdout == b""
        assert p.stderr.decode() == f"calfpump: '{shown}' is UTF-16 text ({order}-endian): " \
                                    "UTF-16 is not supported, save it as UTF-8 (Excel: CSV UTF-8)\n"


def test_all_gaps_warns(tmp_path):
    path = write_text(tmp_path, "nan.csv", "t,ax,ay,az\n" + "".join(
        f"{i / 100},nan,nan,nan\n" for i in range(500)))
    p = run("analyze", path)
    assert p.returncode == 0 and json.loads(p.stdout)["summary"]["gap_frames"] == 500
    assert "warning: '" + str(path) + "': every frame is a gap" in p.stderr


def test_stdin_is_read_as_csv(walk_csv):
    """"-", and a pipe by its name (/dev/stdin here; a FIFO, <(...)): libsndfile, trying the
    path as audio, had taken the first 12 bytes of a pipe from the CSV reader."""
    from_file = analyze("--placement", "lower_back", walk_csv)
    from_file.pop("file")
    for path in ("-", "/dev/stdin"):
        from_pipe = analyze("--placement", "lower_back", path, stdin=open(walk_csv).read())
        from_pipe.pop("file")
        assert from_pipe == from_file, path


def test_fifo_without_a_writer_says_it_waits(tmp_path, walk_csv):
    """A FIFO that nothing wrote to yet had blocked the tool without a word: it says it waits,
    then reads what the writer sends as a pipe."""
    fifo = tmp_path / "live.csv"
    os.mkfifo(fifo)
    p = subprocess.Popen([CLI, "analyze", "--summary", str(fifo)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        said = select.select([p.stderr], [], [], 30)[0] and p.stderr.readline()
        assert said and f"'{fifo}' is a FIFO that nothing writes to yet: waiting" in said
        with open(fifo, "w") as f:
            f.write(open(walk_csv).read())
        out, err = p.communicate(timeout=TIMEOUT_S)
    finally:
        p.kill()
    assert p.returncode == 0, err
    assert "steps        107" in out


@pytest.mark.parametrize("placement", ["lower_back", "foot"])
def test_csv_output(walk_csv, placement):
    """The JSON's cadence, with its names (per_min: steps; a foot's had been its strides)."""
    p = run("analyze", "--csv", "--placement", placement, walk_csv)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    header = p.stdout.splitlines()[0]
    assert header == "t,per_min,activations_per_min,confidence,amplitude_g,rhythmic"
    doc = analyze("--placement", placement, walk_csv)
    assert len(rows) == len(doc["cadence"]) > 0
    for row, c in zip(rows, doc["cadence"]):
        assert float(row["t"]) == pytest.approx(c["t"], abs=1e-3)
        for name in ("per_min", "activations_per_min"):
            assert float(row[name]) == pytest.approx(c[name], abs=0.01)
        assert int(row["rhythmic"]) == int(c["rhythmic"])
    if placement == "foot":
        assert any(float(r["per_min"]) > 1.5 * float(r["activations_per_min"]) > 0 for r in rows)


def test_summary_output(walk_csv):
    p = run("analyze", "--summary", "--placement", "lower_back", walk_csv)
    assert p.returncode == 0, p.stderr
    n = analyze("--placement", "lower_back", walk_csv)["summary"]["activations"]
    assert f"activations  {n} " in p.stdout
    assert "lower_back" in p.stdout and "walking" in p.stdout
    assert not p.stdout.lstrip().startswith("{")


def test_empty_option_values_mean_not_given(walk_csv):
    plain = run("analyze", walk_csv)
    empty = run("analyze", "--channel", "", "--side", "", "--placement", "", "--signal", "",
                "--units", "", "--rate", "", "--window", "", walk_csv)
    assert plain.returncode == empty.returncode == 0
    assert empty.stdout == plain.stdout
    # batch's options too: empty, they are not given (they had made analyze a usage error)
    batch_empty = run("analyze", "-o", "", "--jobs", "", "--include", "", walk_csv)
    assert batch_empty.returncode == 0, batch_empty.stderr
    assert batch_empty.stdout == plain.stdout


def test_one_output_format_and_a_positive_rate(walk_csv):
    """Two output formats had let the last one win silently; --rate 0 had not named --rate."""
    both = run("analyze", "--json", "--csv", walk_csv)
    assert both.returncode == 2 and "--json, --csv and --summary" in both.stderr
    assert run("analyze", "--csv", "--csv", walk_csv).returncode == 0
    for rate in ("0", "-5"):
        p = run("analyze", "--rate", rate, walk_csv)
        assert p.returncode == 1 and "--rate" in p.stderr


def test_option_equals_value(walk_csv):
    assert run("analyze", "--placement=foot", "--side=left", walk_csv).stdout == \
        run("analyze", "--placement", "foot", "--side", "left", walk_csv).stdout


def test_config_options_reach_the_library(walk_csv):
    default = analyze(walk_csv)
    finer = analyze("--window", "12", "--hop", "0.25", "--min-confidence", "0.3", walk_csv)
    assert len(finer["cadence"]) > 1.5 * len(default["cadence"])


def test_version_and_help():
    v = run("--version")
    assert v.returncode == 0 and v.stdout.startswith("calfpump ")
    h = run("--help")
    assert h.returncode == 0 and "analyze" in h.stdout and "lower_back" in h.stdout


# ---- errors: non-zero exit, a message on stderr, nothing on stdout -------------------------------

def write_text(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


ERRORS = [
    # (id, arguments with {walk} and {tmp} placeholders, exit status, words the message must hold)
    ("missing file", ["analyze", "{tmp}/nope.csv"], 1,
     ["cannot open", "nope.csv", "No such file or directory"]),
    ("unknown column", ["analyze", "--channel", "foo", "{walk}"], 2,
     ["walk.csv': unknown column 'foo' (columns: t, ax, ay, az)"]),
    ("column number too big", ["analyze", "--channel", "9", "{walk}"], 2, ["9"]),
    ("time column as signal", ["analyze", "--channel", "t", "{walk}"], 2, ["time column"]),
    ("two channels", ["analyze", "--channel", "ax,ay", "{walk}"], 2, ["walk.csv", "three"]),
    # (it had been accepted: one axis analysed as three)
    ("one channel thrice", ["analyze", "--channel", "1,1,1", "{walk}"], 2,
     ["walk.csv': --channel takes three different columns, not '1,1,1' (column 'ax' twice)"]),
    ("a channel by name and number", ["analyze", "--channel", "ax,ay,1", "{walk}"], 2,
     ["--channel takes three different columns, not 'ax,ay,1' (column 'ax' twice)"]),
    ("unknown placement", ["analyze", "--placement", "knee", "{walk}"], 2,
     ["unknown placement 'knee' (expected one of:", "lower_back"]),
    ("unknown side", ["analyze", "--side", "up", "{walk}"], 2, ["unknown side 'up'", "left"]),
    ("unknown signal", ["analyze", "--signal", "ecg", "{walk}"], 2, ["'ecg'", "accel"]),
    ("unknown units", ["analyze", "--units", "ft/s2", "{walk}"], 2, ["'ft/s2'", "m/s2, mg"]),
    ("bad option", ["analyze", "--bogus", "{walk}"], 2, ["--bogus"]),
    ("option without value", ["analyze", "{walk}", "--rate"], 2, ["--rate"]),
    ("rate not a number", ["analyze", "--rate", "fast", "{walk}"], 2, ["--rate", "'fast'"]),
    ("absurd rate", ["analyze", "--rate", "5000", "{walk}"], 1, ["Hz"]),
    # (an accelerometer past 1000 Hz is told how to get into range)
    ("rate above the analysis's", ["analyze", "--rate", "1600", "{tmp}/notime.csv"], 1,
     ["(1600 Hz; a CSV with a time column can be resampled: --rate 1000)"]),
    ("window out of range", ["analyze", "--window", "100", "{walk}"], 1, ["--window"]),
    ("no command", ["{walk}"], 2, ["unknown command"]),
    ("no file", ["analyze"], 2, ["FILE"]),
    ("two files", ["analyze", "{walk}", "{walk}"], 2, ["FILE"]),
    ("non-numeric cell", ["analyze", "{tmp}/bad.csv"], 1, ["line 4", "ay", "'abc'"]),
    ("short row", ["analyze", "{tmp}/short.csv"], 1, ["line 3"]),
    ("time far back", ["analyze", "{tmp}/back.csv"], 1,
     ["line 4", "time 0.005 is before the previous row's 2.01 by more than 1 s"]),
    ("nan time", ["analyze", "{tmp}/nantime.csv"], 1, ["line 3", "time"]),
    ("option out of range", ["analyze", "--window", "3", "{walk}"], 1, ["(--window 3: see --help"]),
    ("EMG option on the accelerometer", ["analyze", "--mains", "50", "{walk}"], 2,
     ["--mains and --reference are EMG options"]),
    ("units of EMG", ["analyze", "--signal", "emg", "--units", "m/s2", "{walk}"], 2,
     ["--units and --up-axis are for the accelerometer"]),
    # (even the default unit: EMG has none; and EMG tells no posture, which --up-axis enables)
    ("units g of EMG", ["analyze", "--signal", "emg", "--units", "g", "{walk}"], 2,
     ["--units and --up-axis are for the accelerometer"]),
    ("up axis of EMG", ["analyze", "--signal", "emg", "--up-axis", "+z", "{walk}"], 2,
     ["--units and --up-axis are for the accelerometer"]),
    # (batch reads the same way: it had looped forever on such a clock's days)
    ("time beyond any clock", ["analyze", "--rate", "100", "{tmp}/huge_t.csv"], 1,
     ["line 2: time 1e+24 is beyond 1e+12 s: is the time column in seconds?"]),
    ("empty file", ["analyze", "{tmp}/empty.csv"], 1, ["empty"]),
    ("header only", ["analyze", "{tmp}/header.csv"], 1, ["no data rows"]),
    ("no header", ["analyze", "{tmp}/numbers.csv"], 1, ["header"]),
    ("semicolons", ["analyze", "{tmp}/semicolons.csv"], 1,
     ["line 1 holds one column, 't;ax;ay;az'", "commas"]),
    ("no time column and no rate", ["analyze", "{tmp}/notime.csv"], 2, ["--rate"]),
    ("no time column, absurd rate", ["analyze", "--rate", "1", "{tmp}/notime.csv"], 1, ["Hz"]),
    ("ambiguous columns", ["analyze", "{tmp}/two.csv"], 2,
     ["two.csv': cannot choose the signal columns among t, u, v", "--channel"]),
    ("corrupt wav", ["analyze", "{tmp}/corrupt.wav"], 1, ["corrupt.wav"]),
    ("directory", ["analyze", "{tmp}"], 1, ["is a folder (calfpump batch analyses folders)"]),
    # (it had been read for ever)
    ("device", ["analyze", "/dev/zero"], 1, ["'/dev/zero' is not a regular file"]),
]


@pytest.fixture
def error_inputs(tmp_path):
    write_text(tmp_path, "bad.csv", "t,ax,ay,az\n0,0,1,0\n0.01,0,1,0\n0.02,0,abc,0\n")
    write_text(tmp_path, "short.csv", "t,ax,ay,az\n0,0,1,0\n0.01,0,1\n")
    write_text(tmp_path, "back.csv", "t,ax,ay,az\n0,0,1,0\n2.01,0,1,0\n0.005,0,1,0\n")
    write_text(tmp_path, "nantime.csv", "t,ax,ay,az\n0,0,1,0\nnan,0,1,0\n")
    write_text(tmp_path, "huge_t.csv", "t,ax,ay,az\n1e24,0,0,1\n")
    write_text(tmp_path, "empty.csv", "")
    write_text(tmp_path, "header.csv", "t,ax,ay,az\n")
    write_text(tmp_path, "numbers.csv", "0,0,1,0\n0.01,0,1,0\n")
    write_text(tmp_path, "semicolons.csv", "t;ax;ay;az\n0;0;1;0\n0,01;0;1;0\n")
    write_text(tmp_path, "notime.csv", "ax,ay,az\n0,1,0\n0,1,0\n")
    write_text(tmp_path, "two.csv", "t,u,v\n0,1,0\n0.01,1,0\n")
    (tmp_path / "corrupt.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00"
                                           + bytes(range(7, 40)))
    return tmp_path


@pytest.mark.parametrize("args,status,words", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors(error_inputs, walk_csv, args, status, words):
    p = run(*(a.format(walk=walk_csv, tmp=error_inputs) for a in args))
    assert p.returncode == status, p.stderr
    assert p.stdout == ""
    assert p.stderr.startswith("calfpump: ")
    for w in words:
        assert w in p.stderr
    assert "Traceback" not in p.stderr and "Segmentation" not in p.stderr


# ---- EMG ----------------------------------------------------------------------------------------

EMG_PERIOD_S = 1.05  # one contraction per stride


def emg_csv(tmp_path, rate=1000.0, seconds=20.0, name="emg.csv"):
    """Two muscles as Gaussian noise (SD 1) with Gaussian-noise bursts of SD 20 (26 dB), 20 ms
    rise: emg_so from 0.5 s once per EMG_PERIOD_S for 0.35 s, emg_ta half a period later for
    0.3 s. Returns the path and the true onsets of both."""
    rnd = random.Random(3)
    so = [0.5 + k * EMG_PERIOD_S for k in range(int((seconds - 1.0) / EMG_PERIOD_S))]
    ta = [t + EMG_PERIOD_S / 2 for t in so]

    def level(t, onsets, length):
        for o in onsets:
            if o <= t < o + length:
                return 20.0 * min(1.0, (t - o) / 0.02)
        return 0.0

    rows = ["t,emg_ta,emg_so"]
    for i in range(int(seconds * rate)):
        t = i / rate
        rows.append(f"{t:.4f},{rnd.gauss(0, 1) * (1 + level(t, ta, 0.3)):.4f},"
                    f"{rnd.gauss(0, 1) * (1 + level(t, so, 0.35)):.4f}")
    return write_text(tmp_path, name, "\n".join(rows) + "\n"), so, ta


def check_bursts(doc, truth, channel):
    acts = doc["activations"]
    assert doc["signal"] == "emg" and doc["channels"] == [channel]
    assert len(acts) == len(truth) == doc["summary"]["activations"]
    for a, t in zip(acts, truth):
        assert a["kind"] == "burst" and a["channel"] == channel
        assert abs(a["t"] - t) < 0.03
        assert a["offset"] > a["t"] and a["peak"] >= a["mean"] > 0
        assert a["duration_s"] == pytest.approx(a["offset"] - a["t"], abs=2e-4)
    rhythmic = [c for c in doc["cadence"] if c["rhythmic"]]
    assert len(rhythmic) > len(doc["cadence"]) / 2
    for c in rhythmic:  # strides per minute, and steps of both legs twice that
        assert c["activations_per_min"] == pytest.approx(60 / EMG_PERIOD_S, abs=2)
        assert c["per_min"] == pytest.approx(2 * c["activations_per_min"], abs=0.02)


def test_emg_bursts_default_channel(tmp_path):
    path, so, _ = emg_csv(tmp_path)
    p = run("analyze", "--signal", "emg", "--placement", "shank", "--side", "right", path)
    assert p.returncode == 0, p.stderr
    check_bursts(json.loads(p.stdout), so, "emg_so")  # default: the calf muscle


def test_emg_2khz_csv(tmp_path):
    """A CSV clock above the accelerometer's 1000 Hz limit is resampled at its own rate."""
    path, so, _ = emg_csv(tmp_path, rate=2000.0)
    p = run("analyze", "--signal", "emg", path)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["sample_rate_hz"] == 2000.0
    check_bursts(doc, so, "emg_so")


def test_emg_reference_mains_duty_cycle(tmp_path):
    path, so, _ = emg_csv(tmp_path)
    p = run("analyze", "--signal", "emg", "--reference", "10", "--mains", "50", path)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    check_bursts(doc, so, "emg_so")
    for a in doc["activations"]:
        assert a["peak_ref"] == pytest.approx(a["peak"] / 10, rel=1e-3, abs=1e-4)
        assert a["mean_ref"] == pytest.approx(a["mean"] / 10, rel=1e-3, abs=1e-4)
    # Bursts of 0.35 s once per 1.05 s: a third of every window well inside the recording.
    inner = [c for c in doc["cadence"] if 6 <= c["t"] <= 14]
    assert inner and all(c["duty_cycle"] == pytest.approx(0.35 / EMG_PERIOD_S, abs=0.05)
                         for c in inner)
    p = run("analyze", "--signal", "emg", "--mains", "55", path)
    assert p.returncode == 1 and "--mains" in p.stderr


def test_emg_channel_by_index(tmp_path):
    path, _, ta = emg_csv(tmp_path)
    p = run("analyze", "--signal", "emg", "--channel", "1", path)  # column 1: emg_ta
    assert p.returncode == 0, p.stderr
    check_bursts(json.loads(p.stdout), ta, "emg_ta")


def test_emg_errors(tmp_path):
    path, _, _ = emg_csv(tmp_path, seconds=3.0)
    p = run("analyze", "--signal", "emg", "--channel", "emg_ta,emg_so,emg_ta", path)
    assert p.returncode == 2 and p.stdout == "" and "one muscle at a time" in p.stderr
    assert f"'{path}': " in p.stderr
    slow, _, _ = emg_csv(tmp_path, rate=400.0, seconds=3.0, name="slow.csv")
    p = run("analyze", "--signal", "emg", slow)
    assert p.returncode == 1 and p.stdout == ""
    assert "500..10000 Hz" in p.stderr and "(400 Hz)" in p.stderr


def test_garbage_never_crashes(tmp_path):
    rnd = random.Random(7)
    for i in range(20):
        path = tmp_path / f"junk{i}.bin"
        data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 3000)))
        if i % 2:  # half of them start like a CSV
            data = b"t,ax,ay,az\n0,0,1,0\n" + data
        path.write_bytes(data)
        p = run("analyze", path)
        assert p.returncode in (1, 2), (path, p.returncode, p.stderr)
        assert p.stdout == "" and p.stderr.startswith("calfpump: ")


# ---- exercise analytics -------------------------------------------------------------------------

def write_pumps(path, lead_s=70.0, pump_s=150.0, per_min=60.0):
    """A foot sensor (z out of the instep) still for lead_s, then ankle pumps through
    -17..+32 deg at per_min for pump_s, then still for 10 s: gravity turned by the ankle."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(("t", "ax", "ay", "az"))
        for i in range(int((lead_s + pump_s + 10.0) * RATE_HZ)):
            t = i / RATE_HZ
            on = lead_s < t < lead_s + pump_s
            phase = 2 * math.pi * per_min / 60.0 * (t - lead_s) - math.pi / 2
            psi = math.radians(50.0) * (0.15 + 0.5 * math.sin(phase)) if on else 0.0
            w.writerow((f"{t:.3f}", f"{-math.sin(psi):.5f}", "0", f"{math.cos(psi):.5f}"))
    return path


def test_exercise_analytics_in_the_json(tmp_path):
    """An ankle-pump session meeting the target, an immobility alert after the first minute and
    the break when the pumps start, the daily totals in the summary; the schema name stays."""
    doc = analyze("--placement", "foot", "--up-axis", "+z", "--immobility", "1",
                  write_pumps(tmp_path / "pumps.csv"))
    assert doc["schema"] == "calfpump.analysis/1"
    assert len(doc["sessions"]) == 1 and doc["sets"] == [] and doc["posture"] == []
    assert len(doc["activity"]) == len(doc["bouts"])
    assert all(a["activity"] == "ankle_pumps" for a in doc["activity"])
    s = doc["sessions"][0]
    assert s["per_min"] == pytest.approx(60.0, abs=1.0) and s["target_met"] is True
    assert 145 <= s["pumps"] <= 150 and s["start"] == pytest.approx(70.0, abs=2.0)
    kinds = [(m["kind"], m["alerts"]) for m in doc["immobility"]]
    assert kinds == [("alert", 1), ("break", 1)]
    assert doc["immobility"][0]["t"] == pytest.approx(60.0)
    assert doc["immobility"][1]["t"] == pytest.approx(s["start"], abs=1.0)
    summary = doc["summary"]
    assert summary["sessions"] == 1 and summary["sessions_met"] == 1
    assert summary["ankle_pumps"] == s["pumps"] and summary["immobility_alerts"] == 1
    assert summary["walking_min_per_week"] == 0 and summary["walking_target_met"] is False
    assert set(summary["posture_min"]) == {"unknown", "dependent", "horizontal", "elevated"}
    (day,) = summary["daily"]
    assert day["day"] == 0 and day["ankle_pumps"] == s["pumps"] and day["immobility_alerts"] == 1
    assert day["covered_s"] == pytest.approx(230.0, abs=0.1)


def write_posture(path, header=("t", "ax", "ay", "az")):
    """A shank sensor upright for 60 s (gravity on z), then lying for 60 s (gravity on x); the
    header names the columns of x, y, z ("ay" or "y"...), in its order; others read 21.5."""
    axis = {name: "xyz".index(name[-1].lower()) for name in header if name not in ("t", "temp")}
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(int(120 * RATE_HZ)):
            t = i / RATE_HZ
            g = (0, 0, 1) if t < 60 else (1, 0, 0)
            v = [g[k] + 0.01 * math.sin(0.37 * i + k) for k in range(3)]
            w.writerow([f"{t:.2f}" if n == "t" else f"{v[axis[n]]:.4f}" if n in axis else "21.5"
                        for n in header])
    return path


@pytest.mark.parametrize("header", [("t", "z", "y", "x"), ("t", "y", "x", "z", "temp"),
                                    ("t", "az", "ax", "ay"), ("t", "acc_Z", "acc_X", "acc_Y")])
def test_axes_are_taken_by_name(tmp_path, header):
    """A header t,z,y,x (Sensor Logger) had been read by place, z as x: --up-axis then pointed at
    another axis, and a shank upright, then lying, was reported lying, then upright. Axes named
    ax/ay/az, x/y/z or ending in x, y, z are taken by name: any order gives the analysis of the
    canonical one."""
    options = ("--placement", "shank", "--up-axis", "+z")
    want = analyze(*options, write_posture(tmp_path / "canonical.csv"))
    got = analyze(*options, write_posture(tmp_path / "reordered.csv", header))
    assert got["channels"] == sorted(header[1:4], key=lambda n: n[-1].lower())
    assert [p["posture"] for p in want["posture"]] == ["dependent", "horizontal"]
    for doc in (want, got):
        doc.pop("file")
        doc.pop("channels")
    assert got == want


@pytest.mark.parametrize("options,warning", [
    (["--placement", "lower_back", "--side", "left"],
     "--side left is ignored with --placement lower_back: it is the leg of a foot or shank sensor"),
    (["--side", "right"], "--side right is ignored with --placement unknown"),
    (["--placement", "wrist", "--up-axis", "+z"],
     "--up-axis +z is ignored with --placement wrist: it is for a foot, shank or thigh sensor"),
    (["--placement", "wrist", "--side", "unknown", "--up-axis", "none"], None),
    (["--placement", "wrist"], None),
    (["--placement", "foot", "--side", "left", "--up-axis", "+z"], None),
    (["--placement", "shank", "--side", "right", "--up-axis", "-y"], None),
    (["--placement", "thigh", "--up-axis", "+x"], None),
])
def test_options_the_placement_ignores_are_warned_about(walk_csv, options, warning):
    """--side and --up-axis had been ignored without a word where they mean nothing: a warning
    (not an error: a script may pass every recording's side); the defaults say nothing."""
    p = run("analyze", *options, walk_csv)
    assert p.returncode == 0 and json.loads(p.stdout)
    if warning is None:
        assert p.stderr == ""
    else:
        assert p.stderr.startswith(f"calfpump: warning: {warning}"), p.stderr
        assert p.stderr.count("\n") == 1


def test_up_axis_names(walk_csv):
    """The walk's y axis carries gravity: +y up is a shank upright, -y one upside down."""
    for axis, posture in (("+y", "dependent"), ("-y", "elevated")):
        (episode,) = analyze("--placement", "shank", "--up-axis", axis, walk_csv)["posture"]
        assert episode["posture"] == posture and episode["end"] == pytest.approx(DURATION_S)
    assert analyze("--placement", "lower_back", "--up-axis", "+y", walk_csv)["posture"] == []
    p = run("analyze", "--up-axis", "up", walk_csv)
    assert p.returncode == 2 and "+x, +y, +z, -x, -y, -z" in p.stderr
    p = run("analyze", "--immobility", "0.5", walk_csv)
    assert p.returncode == 1 and "--immobility" in p.stderr


# ---- what surrounds a walk (real recordings in ../shared, when it is there) ----------------------

SHARED = os.path.join(REPO, "..", "shared", "data")


def shared_csv(name):
    path = os.path.join(SHARED, name)
    if not os.path.exists(path):
        pytest.skip(f"{path} is absent (../shared holds the development recordings)")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [[float(v) for v in r] for r in rows[1:]]


def count(tmp_path, name, header, rows, *options):
    path = tmp_path / name
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([header] + rows)
    return analyze(*options, path)["summary"]["activations"]


def test_stillness_after_a_walk_keeps_it(tmp_path):
    """The lab course's last walk (10 steps) is counted whether the input ends after it or the
    sensor lies still for 30 s more (it had been dropped from 3 s of stillness on)."""
    header, rows = shared_csv("mobgap_example/HA001_TimeMeasure1_Test11_Trial1.csv")
    last = rows[-1]
    still = [[last[0] + 0.01 * i] + last[1:] for i in range(1, 3001)]
    plain = count(tmp_path, "plain.csv", header, rows, "--placement", "lower_back")
    after = count(tmp_path, "still.csv", header, rows + still, "--placement", "lower_back")
    assert abs(after - plain) <= 1, (plain, after)


def test_wrist_walk_counts_wherever_the_recording_starts(tmp_path):
    """A watch recording started 3 s later: its bout had opened on windows of the arm's stride
    and kept that octave for 104 s (117 steps instead of 218)."""
    header, rows = shared_csv("rieck_sensorwatch/l2-12hz-bw2_fast-walking-bf.csv")
    plain = count(tmp_path, "plain.csv", header, rows, "--placement", "wrist")
    later = count(tmp_path, "later.csv", header, [r for r in rows if r[0] >= 3.0],
                  "--placement", "wrist")
    assert later >= 0.9 * plain, (plain, later)
