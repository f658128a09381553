"""End-to-end tests of `calfpump batch` (libcalfpump/cli/batch.c).

Run from the repository root:  /usr/bin/python3 -m pytest tests/test_batch.py
The tool is $CALFPUMP_CLI (default build/calfpump). Real recordings come from ../shared/data when
it is there; generated recordings (tests/test_cli.py's synthetic walk) otherwise and besides.
The expected rows are worked out here from `calfpump analyze`'s JSON of each file.
"""
import csv
import json
import math
import os
import random
import shutil
import subprocess

import pytest

from test_cli import CLI, G, REPO, irregular_times, regular_times, run, walk_sample, write_csv, write_wav

DATA = os.path.join(os.path.dirname(REPO), "shared", "data")
DAY_S = 86400.0
NUMBERS = ("start_s", "duration_s", "walking_min", "active_min", "longest_still_min",
           "cadence_p10", "cadence_p50", "cadence_p90")
COUNTS = ("steps", "activations", "bouts")


# ---- the rows a recording should get, from its analyze JSON -------------------------------------

def nearest_rank(values, p):
    v = sorted(values)
    return v[max(math.ceil(p * len(v) / 100), 1) - 1] if v else None


def expected_row(doc):
    """The whole-recording row from `calfpump analyze` JSON (times on the input's clock)."""
    start, end = doc["t0"], doc["t0"] + doc["duration_s"]
    bouts = doc["bouts"]
    edges = [start] + [t for b in bouts for t in (b["start"], b["end"])] + [end]
    rhythmic = [c["per_min"] for c in doc["cadence"] if c["rhythmic"]]
    s = doc["summary"]
    return {
        "start_s": start, "duration_s": doc["duration_s"],
        "steps": s["steps"], "activations": s["activations"], "bouts": s["bouts"],
        "walking_min": sum(b["end"] - b["start"] for b in bouts if b["kind"] == "walking") / 60,
        "active_min": sum(b["end"] - b["start"] for b in bouts) / 60,
        "longest_still_min": max(edges[i + 1] - edges[i] for i in range(0, len(edges), 2)) / 60,
        "cadence_p10": nearest_rank(rhythmic, 10), "cadence_p50": nearest_rank(rhythmic, 50),
        "cadence_p90": nearest_rank(rhythmic, 90),
    }


def assert_row_matches(row, expected, where):
    for k in COUNTS:
        assert int(row[k]) == expected[k], (where, k)
    for k in NUMBERS:
        if expected[k] is None:
            assert row[k] in ("", None), (where, k)
        else:  # the JSON rounds times to 0.1 ms, the table minutes to 1e-4
            assert float(row[k]) == pytest.approx(expected[k], abs=2e-4), (where, k, row[k])


# ---- running batch ----------------------------------------------------------------------------

def batch(out, *args):
    p = run("batch", "-o", out, *args)
    assert p.returncode in (0, 1), p.stderr
    with open(os.path.join(out, "summary.csv"), newline="") as f:
        table = list(csv.DictReader(f))
    with open(os.path.join(out, "summary.jsonl")) as f:
        lines = [json.loads(line) for line in f]
    assert [r["file"] for r in table] == [r["file"] for r in lines]
    return p, table, lines


def whole_rows(table):
    return {r["file"]: r for r in table if r["day"] in ("", None)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Generated recordings of every reader path: CSV with a regular and an irregular clock, CSV
    without a time column (streamed, needs --rate 100) and WAV (streamed)."""
    d = tmp_path_factory.mktemp("generated")
    return [str(write_csv(d / "regular.csv", regular_times())),
            str(write_csv(d / "irregular.csv", irregular_times(), clock=1000.0)),
            str(write_csv(d / "no_time.csv", regular_times(), columns=("ax", "ay", "az"))),
            str(write_wav(d / "walk.wav"))]


def test_long_recordings_equal_analyze(tmp_path):
    """Longer than the chunks frames go to the library in: 16 384 CSV rows without a time
    column, 65 536 resampled frames."""
    d = tmp_path / "long"
    d.mkdir()
    files = [str(write_csv(d / "no_time.csv", [i / 100 for i in range(20000)],
                           columns=("ax", "ay", "az"))),
             str(write_csv(d / "timed.csv", [i / 100 for i in range(70000)]))]
    check_equals_analyze(tmp_path, files, "--rate", "100")


def test_more_results_than_the_queues_hold(tmp_path):
    """More bouts than the analytics' queues hold (32) and more EMG bursts than the burst queue
    (256): batch streams the recording, and a queue it never emptied had stalled the stream (a
    100 % CPU hang)."""
    d = tmp_path / "many"
    d.mkdir()
    walks = d / "walks.csv"  # 40 walks of 12 s, 14 s still between them, at 20 Hz
    with open(walks, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(("t", "ax", "ay", "az"))
        for i in range(40 * 26 * 20):
            t = i / 20
            w.writerow([f"{t:.2f}", *(f"{v:.4f}" for v in (
                walk_sample(t) if t % 26 < 12 else (0.0, 1.0, 0.0)))])
    table = check_equals_analyze(tmp_path / "accel", [str(walks)])
    assert int(table[0]["bouts"]) >= 36
    emg = d / "emg.csv"  # 300 bursts of 0.3 s, one a second, in noise, at 500 Hz
    rnd = random.Random(5)
    with open(emg, "w") as f:
        f.write("t,emg_so\n")
        for i in range(300 * 500):
            t = i / 500
            f.write(f"{t:.3f},{rnd.gauss(0.0, 10.0 if 0.2 < t % 1 < 0.5 else 1.0):.3f}\n")
    table = check_equals_analyze(tmp_path / "emg", [str(emg)], "--signal", "emg")
    assert int(table[0]["activations"]) > 280


def real_recordings(placement):
    """The accelerometer files of ../shared/data worn at placement (any side), from its
    manifest."""
    with open(os.path.join(DATA, "manifest.csv"), newline="") as f:
        return [os.path.join(DATA, r["file"]) for r in csv.DictReader(f)
                if r["signal"] == "accel" and r["placement"] == placement]


def check_equals_analyze(tmp_path, files, *options):
    p, table, lines = batch(tmp_path / "out", "--jobs", "2", *options, *files)
    assert p.returncode == 0, p.stderr
    rows = whole_rows(table)
    assert sorted(rows) == sorted(files)
    assert all(r["error"] is None for r in lines)
    for f in files:
        doc = json.loads(run("analyze", *options, f).stdout)
        assert_row_matches(rows[f], expected_row(doc), f)
    return table


def test_generated_recordings_equal_analyze(tmp_path, generated):
    table = check_equals_analyze(tmp_path, generated, "--rate", "100")
    assert all(int(r["steps"]) > 50 for r in table)  # a minute of walking in each


def real_placements():
    if not os.path.exists(os.path.join(DATA, "manifest.csv")):
        return []
    with open(os.path.join(DATA, "manifest.csv"), newline="") as f:
        return sorted({r["placement"] for r in csv.DictReader(f) if r["signal"] == "accel"})


@pytest.mark.skipif(not os.path.isdir(DATA), reason="no ../shared/data")
def test_every_real_recording_is_compared():
    assert len(real_placements()) >= 5
    assert sum(len(real_recordings(p)) for p in real_placements()) >= 40


@pytest.mark.parametrize("placement", real_placements())
def test_real_recordings_equal_analyze(tmp_path, placement):
    """Every accelerometer file of ../shared/data, one batch per placement."""
    check_equals_analyze(tmp_path, real_recordings(placement), "--placement", placement)


def test_bad_files_get_their_error_row(tmp_path, generated):
    bad = tmp_path / "bad.csv"
    bad.write_text("t,ax,ay,az\n0,1,2\n")
    missing = str(tmp_path / "missing.wav")
    p, table, lines = batch(tmp_path / "out", generated[0], str(bad), missing, generated[1])
    assert p.returncode == 1 and "2 of 4 recordings" in p.stderr
    assert [r["file"] for r in lines] == [generated[0], str(bad), missing, generated[1]]
    errors = {r["file"]: r["error"] for r in lines}
    assert "line 2 has 3 fields" in errors[str(bad)]
    assert "cannot open" in errors[missing]
    assert errors[generated[0]] is None and errors[generated[1]] is None
    assert all(r["steps"] is None for r in lines if r["error"])
    assert int(whole_rows(table)[generated[1]]["steps"]) > 50


def test_folders_and_globs(tmp_path, generated):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(generated[0], folder / "a.csv")
    shutil.copy(generated[3], folder / "sub" / "b.wav")
    (folder / "notes.txt").write_text("not a recording")
    p, table, _ = batch(folder / "out", folder, str(folder / "*.csv"), "--jobs", "3")
    assert p.returncode == 0, p.stderr
    # the folder's recordings, sorted; the glob's file once; not notes.txt nor the outputs
    assert [r["file"] for r in table] == [f"{folder}/a.csv", f"{folder}/sub/b.wav"]
    # a folder without a recording --include names is said to be so (it had sorted a NULL array)
    p, table, _ = batch(tmp_path / "none", folder / "sub", "--include", "*.flac")
    assert p.returncode == 0 and table == []
    assert f"warning: no file in the folder '{folder}/sub' matches '*.flac'" in p.stderr


def part_times(out):
    parts = os.path.join(out, ".parts")
    return {name: os.stat(os.path.join(parts, name)).st_mtime_ns for name in os.listdir(parts)
            if name.endswith(".json")}


def test_resume_skips_complete_recordings(tmp_path, generated):
    files = [shutil.copy(f, tmp_path) for f in generated[:2]]
    out = tmp_path / "out"
    _, first, _ = batch(out, "--full-json", *files)
    before = part_times(out)
    assert len(before) == 2 and len(os.listdir(out / "json")) == 2
    # A re-run analyses nothing and gives the same table.
    _, again, _ = batch(out, "--full-json", *files)
    assert part_times(out) == before and again == first
    # A changed file, a lost part and a leftover temporary file of a killed run: only those two
    # recordings are analysed again.
    with open(files[0], "a") as f:
        f.write("60.000000,0.0,1.0,0.0\n")
    (lost,) = [name for name in before if name.startswith("irregular.csv-")]
    os.remove(out / ".parts" / lost)
    (out / ".parts" / (lost + ".tmp123")).write_text('{"rows": [')
    _, third, _ = batch(out, "--full-json", *files)
    after = part_times(out)
    assert all(after[name] != before[name] for name in before), (before, after)
    assert third[1] == first[1]  # the unchanged recording's row
    # Other analysis options are another analysis: nothing is reused (each option of
    # analysis_options; --up-axis and --immobility, like the EMG's --mains and --reference, had
    # been left out).
    options = ["--full-json"]
    for option in (["--placement", "wrist"], ["--up-axis", "+y"], ["--immobility", "10"]):
        options += option
        previous = part_times(out)
        batch(out, *options, *files)
        assert all(t != previous[name] for name, t in part_times(out).items()), option


def test_full_json_equals_analyze(tmp_path, generated):
    out = tmp_path / "out"
    batch(out, "--full-json", "--placement", "thigh", generated[1])
    (path,) = [out / "json" / name for name in os.listdir(out / "json")]
    doc = json.loads(path.read_text())
    assert doc == json.loads(run("analyze", "--placement", "thigh", generated[1]).stdout)


def test_units_warning(tmp_path):
    """m/s^2 read as g gets analyze's warning in a batch too, streamed or with --full-json; a
    recording in g gets none."""
    ms2 = write_csv(tmp_path / "ms2.csv", regular_times(), scale=G)
    g = write_csv(tmp_path / "g.csv", regular_times())
    for options in ([], ["--full-json"]):
        p, _, _ = batch(tmp_path / f"out{len(options)}", *options, ms2, g)
        assert p.stderr.count("calfpump: warning") == 1 and f"'{ms2}'" in p.stderr, p.stderr
        assert "are the samples in m/s2 (--units m/s2)?" in p.stderr


def test_warnings_reach_the_table(tmp_path):
    """A recording's warnings had gone to stderr only, where they scroll past in a large batch:
    every row of the recording carries them, a list in the JSON lines, one cell in the CSV (" | "
    between them). The all-gap warning of analyze had been missing from batch."""
    ms2 = write_csv(tmp_path / "ms2.csv", regular_times(), scale=G)
    g = write_csv(tmp_path / "g.csv", regular_times())
    cut = tmp_path / "cut.csv"
    cut.write_text(g.read_text() + "60.01,0.1")
    gaps = tmp_path / "gaps.csv"
    gaps.write_text("t,ax,ay,az\n" + "".join(f"{i / 100},nan,nan,nan\n" for i in range(500)))
    p, table, lines = batch(tmp_path / "out", ms2, g, cut, gaps)
    assert p.returncode == 0, p.stderr
    assert [r["warnings"] for r in lines[:2]] == [
        [f"'{ms2}': the median acceleration magnitude is 10.2 g, where gravity alone gives 1 g: "
         "are the samples in m/s2 (--units m/s2)?"], []]
    assert table[1]["warnings"] == "" and table[0]["warnings"] == lines[0]["warnings"][0]
    assert lines[2]["warnings"] == [f"'{cut}' line 6002 is cut short (no line end, and its "
                                    "fields short or unreadable: a logger stopped mid-write?): "
                                    "left out; analysing the lines before it"]
    assert lines[3]["warnings"] == [f"'{gaps}': every frame is a gap (NaN or Inf): there was "
                                    "nothing to analyse"]
    for line in lines:  # also on stderr, as analyze has them
        for w in line["warnings"]:
            assert f"calfpump: warning: {w}\n" in p.stderr
    # two warnings in one cell; a day row carries its recording's
    both = write_csv(tmp_path / "both.csv", [i / 100 for i in range(60000)], scale=G,
                     clock=2 * DAY_S - 300)
    with open(both, "a") as f:
        f.write(f"{2 * DAY_S + 300:.2f},0.1")
    _, table, lines = batch(tmp_path / "out2", both)
    assert len(lines) == 3 and all(len(r["warnings"]) == 2 for r in lines)
    assert all(r["warnings"] == " | ".join(lines[0]["warnings"]) for r in table)


def test_multi_day_recording_has_a_row_per_day(tmp_path):
    """Ten minutes of walking from five minutes before the second midnight of the clock."""
    path = str(write_csv(tmp_path / "midnight.csv", [i / 100 for i in range(60000)],
                         clock=2 * DAY_S - 300))
    _, table, lines = batch(tmp_path / "out", path)
    whole, *days = lines
    assert whole["day"] is None and [d["day"] for d in days] == [1, 2]
    assert_row_matches(table[0], expected_row(json.loads(run("analyze", path).stdout)), path)
    assert [d["start_s"] for d in days] == [2 * DAY_S - 300, 2 * DAY_S]
    assert [d["duration_s"] for d in days] == [300, pytest.approx(300, abs=0.02)]
    for k in COUNTS[:2]:
        assert sum(d[k] for d in days) == whole[k] and all(d[k] > 100 for d in days)
    # the one bout goes on over midnight: its time is split, it counts on its first day
    assert [d["bouts"] for d in days] == [1, 0] and whole["bouts"] == 1
    assert sum(d["active_min"] for d in days) == pytest.approx(whole["active_min"], abs=2e-4)
    assert all(d["active_min"] > 4.5 for d in days)
    # analyze's days are the same days of the clock (it had counted them from the first sample)
    daily = json.loads(run("analyze", path).stdout)["summary"]["daily"]
    assert [(d["day"], round(d["covered_s"])) for d in daily] == [(1, 300), (2, 300)]


def test_progress_only_when_asked_or_on_a_terminal(tmp_path, generated):
    quiet = run("batch", "-o", tmp_path / "a", generated[0])  # stderr is a pipe here
    assert quiet.returncode == 0 and quiet.stderr == ""
    shown = run("batch", "--progress", "--rate", "100", "-o", tmp_path / "b", *generated)
    assert shown.returncode == 0
    assert "4/4 files" in shown.stderr and "files/s" in shown.stderr and "left" in shown.stderr


@pytest.mark.parametrize("args, message", [
    (["-o", "OUT", "-"], "not standard input"),
    (["x.csv"], "-o DIR"),
    (["-o", "OUT", "-j", "0", "x.csv"], "--jobs"),
    (["-o", "OUT", "--summary", "x.csv"], "analyze options"),
])
def test_usage_errors(tmp_path, args, message):
    p = run("batch", *[str(tmp_path / a) if a == "OUT" else a for a in args])
    assert p.returncode == 2 and message in p.stderr
    assert not (tmp_path / "OUT").exists()


def test_batch_options_are_not_analyze_options(generated):
    p = run("analyze", "-j", "2", generated[0])
    assert p.returncode == 2 and "batch options" in p.stderr


def test_retry_errors(tmp_path, generated):
    bad = tmp_path / "bad.csv"
    bad.write_text("t,ax,ay,az\n0,x,1,1\n")
    out = tmp_path / "out"
    batch(out, generated[0], str(bad))
    before = part_times(out)
    p, _, lines = batch(out, generated[0], str(bad))  # an error row is complete too
    assert part_times(out) == before and p.returncode == 1
    p, _, again = batch(out, "--retry-errors", generated[0], str(bad))
    after = part_times(out)
    (bad_part,) = [name for name in before if name.startswith("bad.csv-")]
    assert after[bad_part] != before[bad_part]
    assert all(after[name] == before[name] for name in before if name != bad_part)
    assert again == lines and p.returncode == 1


def test_an_output_that_cannot_be_written_is_an_error_row(tmp_path, generated):
    """A recording's JSON that could not be written had stopped the whole batch, without a table:
    it is that recording's error row, the batch goes on (exit 1), and, as it has no part, a
    re-run analyses it again."""
    out = tmp_path / "out"
    batch(out, "--full-json", generated[0])
    (name,) = os.listdir(out / "json")
    os.remove(out / "json" / name)
    (out / "json" / name).mkdir()  # the JSON cannot be renamed into place
    (out / "json" / name / "x").write_text("")
    for part in part_times(out):
        os.remove(out / ".parts" / part)
    p, table, lines = batch(out, "--full-json", generated[0], generated[3])
    assert p.returncode == 1
    assert "cannot write" in p.stderr and "1 of 2 recordings could not be analysed" in p.stderr
    assert [r["file"] for r in table] == generated[0:4:3]
    assert table[0]["error"].startswith(f"cannot write '{out}/json/{name}': ")
    assert table[0]["steps"] == "" and lines[0]["steps"] is None
    assert int(table[1]["steps"]) > 50 and table[1]["error"] == ""
    assert [n.split("-")[0] for n in part_times(out)] == ["walk.wav"]
    shutil.rmtree(out / "json" / name)
    p, table, _ = batch(out, "--full-json", generated[0], generated[3])
    assert p.returncode == 0, p.stderr
    assert all(int(r["steps"]) > 50 and r["error"] == "" for r in table)


def test_long_file_names(tmp_path, generated):
    """A part's name is the recording's cut to 200 bytes (whole UTF-8 characters) and the hash of
    its path: 235 ASCII bytes or 80 Chinese characters (240 bytes) had made the part's name longer
    than a file name may be, and the batch had stopped, without a table, on every re-run."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a.csv", "x" * 235 + ".csv", "x" * 235 + "2.csv", "步态记录" * 20 + ".csv"]
    for name in names:
        shutil.copy(generated[0], folder / name)
    out = tmp_path / "out"
    p, table, _ = batch(out, "--full-json", folder)
    assert p.returncode == 0, p.stderr
    assert [r["file"] for r in table] == sorted(f"{folder}/{n}" for n in names)
    assert len({r["steps"] for r in table}) == 1  # the same recording each time
    before = part_times(out)
    assert len(before) == 4 and len(os.listdir(out / "json")) == 4
    assert all(len(name.encode()) <= 255 - 24 for name in before)  # + ".tmp<pid>" fits
    assert any(name.startswith("步态记录" * 16 + "步态-") for name in before)  # 66 characters
    _, again, _ = batch(out, "--full-json", folder)  # a re-run finds the parts
    assert part_times(out) == before and again == table


def test_only_regular_files_from_folders(tmp_path, generated):
    """A FIFO found in a folder had been opened, and the batch had waited for a writer for ever:
    what is not a regular file is left out, with a warning that names it."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(generated[0], folder / "a.csv")
    os.mkfifo(folder / "live.csv")
    os.symlink("nowhere.csv", folder / "gone.csv")  # git-annex content not fetched
    p = subprocess.run([CLI, "batch", "-o", str(tmp_path / "out"), str(folder)],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    assert f"'{folder}/live.csv' left out: not a regular file" in p.stderr
    assert f"'{folder}/gone.csv' left out: a link to nothing" in p.stderr
    with open(tmp_path / "out" / "summary.csv", newline="") as f:
        assert [r["file"] for r in csv.DictReader(f)] == [f"{folder}/a.csv"]


def test_paths_that_are_not_regular_files_get_an_error_row(tmp_path, generated):
    """A FIFO or a device given as a PATH had been opened, and the batch had waited for a writer
    (or read /dev/zero) for ever: its row says it is not a regular file, the batch goes on."""
    fifo = tmp_path / "live.csv"
    os.mkfifo(fifo)
    p = subprocess.run([CLI, "batch", "-o", str(tmp_path / "out"), str(fifo), "/dev/zero",
                        generated[0]], capture_output=True, text=True, timeout=30)
    assert p.returncode == 1, p.stderr
    with open(tmp_path / "out" / "summary.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["file"] for r in rows] == [str(fifo), "/dev/zero", generated[0]]
    for r in rows[:2]:
        assert r["error"] == f"'{r['file']}' is not a regular file (a pipe, socket or device): " \
                             "batch reads files"
    assert int(rows[2]["steps"]) > 50 and rows[2]["error"] == ""


def test_symlinks_are_followed(tmp_path, generated):
    """Symlinked recordings and folders (git-annex, DataLad) had been left out, with a warning that
    no file matched; a link to a folder the link is in is not searched again."""
    store = tmp_path / "store"
    (store / "walks").mkdir(parents=True)
    shutil.copy(generated[0], store / "blob")
    shutil.copy(generated[3], store / "walks" / "b.wav")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    os.symlink(store / "blob", folder / "a.csv")
    os.symlink(store / "walks", folder / "walks")
    os.symlink("..", folder / "sub" / "up")  # a loop
    p, table, _ = batch(tmp_path / "out", folder)
    assert p.returncode == 0, p.stderr
    assert [r["file"] for r in table] == [f"{folder}/a.csv", f"{folder}/walks/b.wav"]
    assert f"'{folder}/sub/up' links to a folder it is in" in p.stderr
    assert all(int(r["steps"]) > 50 for r in table)


def test_extensions_in_any_case(tmp_path, generated):
    """FAT-formatted loggers write LOG00001.CSV: --include patterns match in any case."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(generated[0], folder / "LOG00001.CSV")
    shutil.copy(generated[3], folder / "REC.WAV")
    shutil.copy(generated[0], folder / "c.csv")
    p, table, _ = batch(tmp_path / "out", folder)
    assert p.returncode == 0, p.stderr
    assert [r["file"] for r in table] == [f"{folder}/{n}" for n in ("LOG00001.CSV", "REC.WAV",
                                                                    "c.csv")]
    _, table, _ = batch(tmp_path / "wav", folder, "--include", "*.wav")
    assert [r["file"] for r in table] == [f"{folder}/REC.WAV"]


def test_include_list_with_spaces(tmp_path, generated):
    """--include '*.csv, *.wav' had never matched the .wav: spaces around the patterns are
    ignored."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(generated[0], folder / "a.csv")
    shutil.copy(generated[3], folder / "b.wav")
    shutil.copy(generated[0], folder / "c.txt")
    p, table, _ = batch(tmp_path / "out", "--include", " *.csv ,\t*.wav ", folder)
    assert p.returncode == 0, p.stderr
    assert [r["file"] for r in table] == [f"{folder}/a.csv", f"{folder}/b.wav"]


def test_include_pattern_too_long(tmp_path, generated):
    """A pattern longer than a file name can be (255 bytes) had been ignored without a word, so
    a list holding one matched by its other patterns only: it is a usage error now."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(generated[0], folder / "a.csv")
    def matching_a_csv(size):  # a bracket expression that matches a.csv, size bytes long
        return "[" + "a" * (size - 6) + "].csv"
    p = run("batch", "-o", tmp_path / "out", "--include", f"*.wav, {matching_a_csv(256)}",
            folder)
    assert p.returncode == 2
    assert "--include: a pattern longer than 255 bytes" in p.stderr
    assert not (tmp_path / "out" / "summary.csv").exists()
    p, table, _ = batch(tmp_path / "ok", "--include", f"*.wav, {matching_a_csv(255)}", folder)
    assert p.returncode == 0, p.stderr
    assert [r["file"] for r in table] == [f"{folder}/a.csv"]


def test_outputs_of_batches_are_left_out(tmp_path, generated):
    """A table of an earlier batch in an input folder had become an error row (exit 1); an
    output folder that is the input folder had left every recording out. Only a batch's own
    files are left out: summary.csv and summary.jsonl by a .parts folder, json/ and .parts/."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(generated[0], folder / "a.csv")
    shutil.copy(generated[0], folder / "summary.csv")  # a recording of that name: kept
    expected = [f"{folder}/a.csv", f"{folder}/summary.csv"]
    for _ in range(2):  # the first run makes the outputs, the second finds them
        p, table, _ = batch(folder / "results", "--full-json", "--include", "*.csv,*.json",
                            folder)
        assert p.returncode == 0, p.stderr
        assert [r["file"] for r in table] == expected
    p, table, _ = batch(tmp_path / "other", folder)
    assert p.returncode == 0, p.stderr
    assert [r["file"] for r in table] == expected
    p, table, _ = batch(folder / "results", folder / "results" / "summary.csv")
    assert table == []
    # the input folder as the output folder: its recordings are not outputs
    for _ in range(2):
        p, table, _ = batch(folder, folder)
        assert p.returncode == 0, p.stderr
        assert [r["file"] for r in table] == [f"{folder}/a.csv"]
