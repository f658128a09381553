"""calfpump.cohort: the same table as `calfpump batch`, on local threads and on a Dask cluster."""
import math
import os
import subprocess
import warnings

import numpy as np
import pytest

import calfpump
from conftest import DATA, accel_recordings, walk, write_csv

pd = pytest.importorskip("pandas")


def walk_csv(path, seconds=120.0, clock=0.0, seed=3):
    x = walk(seconds=seconds, seed=seed)
    t = clock + np.arange(len(x)) / 100.0
    return write_csv(path, ["t", "ax", "ay", "az"],
                     ([f"{ti:.6f}", *(f"{v:.6f}" for v in row)] for ti, row in zip(t, x)))


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    """Generated walks (one over the second midnight of its clock: several rows), a bad file,
    a missing one, and the first accelerometer file of each real data set when it is there."""
    d = tmp_path_factory.mktemp("cohort")
    bad = d / "bad.csv"
    bad.write_text("t,ax,ay,az\n0,x,1,1\n")
    return [walk_csv(d / "walk.csv"), walk_csv(d / "midnight.csv", 600, 2 * 86400 - 300, 4),
            str(bad), str(d / "missing.csv")] + [p for p, _, _ in accel_recordings()]


def cli_table(cli, tmp_path, paths, *options):
    out = tmp_path / "out"
    p = subprocess.run([cli, "batch", "-o", str(out), *options, *paths], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode in (0, 1), p.stderr
    return pd.read_csv(out / "summary.csv", keep_default_na=False, na_values=[""])


def assert_same_table(ours, theirs):
    assert list(ours.columns) == list(theirs.columns)
    assert list(ours["file"]) == list(theirs["file"])
    assert list(ours["error"].isna()) == list(theirs["error"].isna())
    assert list(ours["warnings"].isna()) == list(theirs["warnings"].isna())
    for column in calfpump._cohort.COLUMNS[1:-2]:
        a, b = ours[column].astype(float).to_numpy(), theirs[column].astype(float).to_numpy()
        assert np.allclose(a, b, atol=2e-4, equal_nan=True), column


def test_cohort_equals_the_cli_batch(cli, tmp_path, recordings):
    df = calfpump.cohort(recordings, placement="lower_back", jobs=2)
    assert_same_table(df, cli_table(cli, tmp_path, recordings, "--placement", "lower_back"))
    whole = df[df["day"].isna()]
    assert len(whole) == len(recordings)
    assert list(df[df["file"].str.endswith("midnight.csv")]["day"].fillna(-1)) == [-1, 1, 2]
    errors = dict(zip(whole["file"], whole["error"]))
    assert "not a number" in errors[recordings[2]] and "missing.csv" in errors[recordings[3]]
    assert whole["error"].isna().sum() == len(recordings) - 2
    assert (whole["steps"].iloc[:2] > 100).all()  # the generated walks


def test_folders_and_options(cli, tmp_path, recordings):
    folder = os.path.dirname(recordings[0])
    df = calfpump.cohort([folder], placement="foot", side="left", window_s=8)
    assert_same_table(df, cli_table(cli, tmp_path, [folder], "--placement", "foot", "--side",
                                    "left", "--window", "8"))
    assert sorted(set(df["file"])) == sorted(recordings[:3])


def test_dask_local_cluster_equals_serial(recordings):
    distributed = pytest.importorskip("distributed")
    serial = calfpump.cohort(recordings, jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_cluster = calfpump.cohort(recordings, client=client)
        workers = {w for w in client.run(os.getpid).values()}
    assert len(workers) == 2 and os.getpid() not in workers
    pd.testing.assert_frame_equal(on_cluster, serial)
    assert not math.isnan(serial["steps"].astype(float).iloc[0])


def test_threads_equal_one_thread(tmp_path):
    """Many short CSV files on 4 threads: every one read as CSV (libsndfile's failed open, which
    tells CSV from audio, keeps its error in globals: calfpump.read serialises it)."""
    paths = [walk_csv(tmp_path / f"w{i}.csv", seconds=20, seed=i) for i in range(24)]
    serial = calfpump.cohort(paths, jobs=1)
    assert serial["error"].isna().all()
    for _ in range(8):
        pd.testing.assert_frame_equal(calfpump.cohort(paths, jobs=4), serial)


@pytest.mark.parametrize("params, error", [
    ({"widow_s": 8}, TypeError), ({"placement": "knee"}, ValueError),
    ({"units": "ft/s2"}, ValueError), ({"window_s": "8"}, TypeError),
    ({"window_s": 100}, ValueError)])
def test_parameters_that_fail_every_recording_raise(recordings, params, error):
    with pytest.raises(error):
        calfpump.cohort(recordings[:1], **params)


def test_emg_cohort_equals_the_cli_batch(cli, tmp_path):
    """signal="emg": checked at an EMG rate (a 100 Hz check had refused every EMG cohort)."""
    from test_emg import RATE, emg
    path = tmp_path / "emg.csv"
    np.savetxt(path, emg()[0], fmt="%.4f", delimiter=",", header="emg_ta,emg_so", comments="")
    options = dict(signal="emg", rate=int(RATE), channel="emg_so", placement="shank")
    df = calfpump.cohort([str(path)], **options)
    assert df["error"].isna().all() and df["activations"].iloc[0] > 30
    cli_options = [f"--{k}={v}" for k, v in options.items()]
    assert_same_table(df, cli_table(cli, tmp_path, [str(path)], *cli_options))


def test_include_as_the_cli_takes_it(tmp_path):
    """include as one comma-separated string, as the CLI's --include: the patterns, not its
    characters (a lone "*" among them had taken every file)."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    walk_csv(folder / "walk.csv", seconds=20)
    (folder / "notes.txt").write_text("hello\n")
    (folder / "walk.flac").write_bytes(b"")
    expected = [str(folder / "walk.csv"), str(folder / "walk.flac")]
    assert calfpump._cohort.recording_paths([folder], include="*.csv,*.flac") == expected
    assert calfpump._cohort.recording_paths([folder], include=["*.csv", "*.flac"]) == expected
    assert calfpump._cohort.recording_paths([folder], include="*.csv") == expected[:1]
    assert calfpump._cohort.recording_paths([folder], include=" *.csv,\t*.flac ") == expected


def test_warnings_column_as_the_cli(cli, tmp_path):
    """Each recording's warnings are in its rows (and only its rows, whatever thread read it), as
    the CLI's batch puts them in its table; read()'s warnings are not raised by cohort."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    clean = walk_csv(folder / "a_clean.csv", seconds=30)
    cut = walk_csv(folder / "b_cut.csv", seconds=30)
    with open(cut, "a") as f:
        f.write("30.01,0.1")  # a logger stopped mid-write: no line end, fields short
    gaps = write_csv(folder / "c_gaps.csv", ["t", "ax", "ay", "az"],
                     ([f"{i / 100:.2f}", "nan", "nan", "nan"] for i in range(1000)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none escapes
        df = calfpump.cohort([folder], jobs=3)
    said = dict(zip(df["file"], df["warnings"]))
    assert said[clean] is None
    assert "cut short" in said[cut] and "every frame is a gap" in said[gaps]
    assert_same_table(df, cli_table(cli, tmp_path, [str(folder)]))


def test_folder_walk_as_the_cli(cli, tmp_path):
    """Folders are searched as the CLI's batch searches them: names matched in any case
    (LOG00001.CSV), symbolic links to files and folders followed (git-annex, DataLad), a link
    to a folder it is in searched once, FIFOs and links to nothing left out with a warning
    (os.walk had left out linked folders and upper-case names, and kept FIFOs and dangling
    links as recordings)."""
    store = tmp_path / "store"
    store.mkdir()
    walk_csv(store / "annexed.csv", seconds=20)
    (tmp_path / "store2").mkdir()
    walk_csv(tmp_path / "store2" / "more.csv", seconds=20, seed=5)
    folder = tmp_path / "cohort"
    (folder / "sd").mkdir(parents=True)
    walk_csv(folder / "sd" / "LOG00001.CSV", seconds=20)
    walk_csv(folder / "walk.csv", seconds=20, seed=4)
    (folder / "linked.csv").symlink_to(store / "annexed.csv")
    (folder / "other").symlink_to(tmp_path / "store2", target_is_directory=True)
    (folder / "sd" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "gone.csv").symlink_to(tmp_path / "nothing.csv")
    os.mkfifo(folder / "pipe.csv")
    with pytest.warns(RuntimeWarning) as warned:
        found = calfpump._cohort.recording_paths([folder])
    messages = " ".join(str(w.message) for w in warned)
    assert "links to a folder it is in" in messages and "a link to nothing" in messages
    assert "not a regular file" in messages
    base = str(folder) + "/"
    assert found == [base + n for n in ("linked.csv", "other/more.csv", "sd/LOG00001.CSV",
                                        "walk.csv")]
    with pytest.warns(RuntimeWarning):
        df = calfpump.cohort([str(folder)])
    assert df["error"].isna().all() and len(df) == 4
    out = tmp_path / "out"
    p = subprocess.run([cli, "batch", "-o", str(out), str(folder)], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert list(pd.read_csv(out / "summary.csv")["file"]) == found
    with pytest.warns(RuntimeWarning, match="no file in the folder .* matches"):
        assert calfpump._cohort.recording_paths([store], include="*.wav") == []


def test_batch_outputs_left_out(cli, tmp_path):
    """A folder that holds an earlier `calfpump batch -o` output: its summary.csv and json/ are
    left out as the CLI leaves them out (cohort had read summary.csv as a recording: an error
    row); a summary.csv elsewhere is a file like any."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    walk_csv(folder / "walk.csv", seconds=20)
    subprocess.run([cli, "batch", "--full-json", "--include", "*.csv,*.json", "-o",
                    str(folder / "out"), str(folder)], capture_output=True, timeout=300,
                   check=True)
    assert (folder / "out" / "summary.csv").exists() and any((folder / "out" / "json").iterdir())
    df = calfpump.cohort([str(folder)], include="*.csv,*.json")
    assert list(df["file"]) == [str(folder / "walk.csv")] and df["error"].isna().all()
    assert_same_table(df, cli_table(cli, tmp_path, [str(folder)], "--include", "*.csv,*.json"))
    assert calfpump.cohort([str(folder / "out" / "summary.csv")]).empty
    (tmp_path / "summary.csv").write_text("t,ax,ay,az\n")
    assert calfpump._cohort.recording_paths([tmp_path / "summary.csv"]) == \
        [str(tmp_path / "summary.csv")]
