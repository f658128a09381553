#!/usr/bin/env python3
"""Real-data regression check over ../shared/data, on top of ../shared/eval/score.py.

Runs the scorer (its bars and groups are imported from it, not copied) and asserts:
  * no recording fails to run;
  * every bar holds for the placement groups listed in HELD, and the aggregate bars listed in
    AGGREGATE hold (false steps per minute on the non-walking controls). Groups and bars not
    listed there are not met yet (see the README's accuracy table); their figures are printed;
  * sensors worn together agree: the accelerometer recordings of one session (one events file:
    daphnet's lower back, thigh and shank, gaitmap's two feet) find steps per minute (a leg's
    strides counted twice) within AGREEMENT of the middle one's; most of these sessions have
    no step labels, and a sensor that reads a harmonic of the steps counts half again as many;
  * EMG: every calf channel scored against strides has count error 0 and F1 1.0, and its cadence
    (median of the rhythmic windows between the first and last touchdown) is within
    EMG_CADENCE_TOL strides/min of the touchdowns' median stride rate; every touchdown lies inside
    a tibialis anterior burst (it fires through swing into the heel strike).
Usage: realdata_check.py CLI   (run from the repository root; exits 77 when ../shared is absent)
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile

HELD = ("carried", "leg")
AGGREGATE = ("false_per_min",)
EVAL = os.path.join("..", "shared", "eval")
DATA = os.path.join("..", "shared", "data")
EMG_CADENCE_TOL = 2.0  # strides per minute
AGREEMENT = 0.15  # sensors of one session: steps per minute within 15 % of the middle one's
LEG = ("foot", "shank")


def run_emg(cli, rec, channel):
    """The CLI's analysis of one channel of a manifest recording: (JSON, None) or (None, error)."""
    out = subprocess.run([cli, "analyze", "--signal", "emg", "--placement", rec["placement"],
                          "--side", rec["side"], "--channel", channel,
                          os.path.join(DATA, rec["file"])],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return None, f"{rec['id']}:{channel} failed to run: {out.stderr.strip()}"
    return json.loads(out.stdout), None


def emg_failures(cli, calf_channels):
    """Cadence of every calf channel of the EMG recordings with touchdowns, against them; the
    tibialis anterior bursts against the touchdowns."""
    failures = []
    with open(os.path.join(DATA, "manifest.csv"), newline="") as f:
        recs = [r for r in csv.DictReader(f) if r["signal"] == "emg" and r["events_file"]]
    for rec in recs:
        with open(os.path.join(DATA, rec["events_file"]), newline="") as f:
            tds = sorted(float(e["t"]) for e in csv.DictReader(f) if e["type"] == "touchdown")
        with open(os.path.join(DATA, rec["file"])) as f:
            header = f.readline().strip().split(",")
        if len(tds) < 3:
            continue
        truth = 60.0 / statistics.median(b - a for a, b in zip(tds, tds[1:]))
        for ch in (c for c in calf_channels if c in header):
            doc, err = run_emg(cli, rec, ch)
            if err:
                failures.append(err)
                continue
            wins = [c["activations_per_min"] for c in doc["cadence"]
                    if c["rhythmic"] and tds[0] <= c["t"] <= tds[-1]]
            found = statistics.median(wins) if wins else 0.0
            print(f"{rec['id']}:{ch}: cadence {found:.1f} strides/min, touchdowns {truth:.1f}")
            if abs(found - truth) > EMG_CADENCE_TOL:
                failures.append(f"{rec['id']}:{ch}: cadence {found:.1f}/min, touchdowns "
                                f"{truth:.1f}/min")
        if "emg_ta" in header:
            doc, err = run_emg(cli, rec, "emg_ta")
            bursts = [(a["t"], a["offset"]) for a in doc["activations"]] if doc else []
            outside = [t for t in tds if not any(a <= t <= b for a, b in bursts)]
            print(f"{rec['id']}:emg_ta: {len(tds) - len(outside)} of {len(tds)} touchdowns "
                  f"inside a burst")
            if err or outside:
                failures.append(err or f"{rec['id']}:emg_ta: touchdowns {outside} outside "
                                       f"every burst")
    return failures


def agreement_failures(doc):
    """Steps per minute of the accelerometer recordings that share an events file, against
    their median."""
    with open(os.path.join(DATA, "manifest.csv"), newline="") as f:
        recs = {r["id"]: r for r in csv.DictReader(f) if r["signal"] == "accel"}
    sessions = {}
    for r in doc["recordings"]:
        rec = recs.get(r["id"])
        if rec and rec["events_file"] and r.get("per_min") is not None:
            steps = r["per_min"] * (2 if rec["placement"] in LEG else 1)
            sessions.setdefault(rec["events_file"], []).append((r["id"], steps))
    failures = []
    for ev, found in sorted(sessions.items()):
        if len(found) < 2:
            continue
        mid = statistics.median(s for _, s in found)
        print(f"{ev}: " + ", ".join(f"{i.split('/')[-1]} {s:.1f}" for i, s in found)
              + " steps/min")
        failures += [f"{i}: {s:.1f} steps/min, the session's sensors {mid:.1f}"
                     for i, s in found if abs(s - mid) > AGREEMENT * mid]
    return failures


def bar_failures(doc, score, held=HELD):
    """What misses in a score.py --json document: recordings that failed to run, the bars of the
    groups in `held`, the AGGREGATE bars. Also used by realdata_devices.py."""
    failures = [f"{r['id']} failed to run: {r['error']}" for r in doc["recordings"] if "error" in r]
    groups = doc["aggregate"]["groups"]
    for g in held:
        sm = groups.get(g)
        if not sm:
            failures.append(f"group {g}: no scored recordings")
            continue
        for key, bar in score.BARS.items():
            if key in sm and (sm[key] < bar if key.startswith("f1") else sm[key] > bar):
                failures.append(f"group {g}: {key} {sm[key]:.3f} misses the bar {bar}")
    for key in AGGREGATE:
        value = doc["aggregate"].get(key)
        if value is None or value > score.BARS[key]:
            failures.append(f"{key} {value} misses the bar {score.BARS[key]}")
    return failures


def scorer_missing():
    """True, after saying so, when ../shared/eval/score.py is not there (the check is skipped)."""
    if os.path.exists(os.path.join(EVAL, "score.py")):
        return False
    print(f"SKIPPED: {EVAL}/score.py not found; the real-data checks need shared/ beside the "
          "repository")
    return True


def run_scorer(cli, *options, capture=False):
    """Runs score.py over the CLI with the given options (--check, --data DIR); returns its --json
    document and, with capture, what it printed."""
    cmd = (f"{cli} analyze --signal {{signal}} --placement {{placement}} --side {{side}} "
           "--channel {channel} {file}")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "score.json")
        run = subprocess.run([sys.executable, os.path.join(EVAL, "score.py"), *options,
                              "--cmd", cmd, "--json", out],
                             capture_output=capture, text=True, check=False)
        with open(out) as f:
            return json.load(f), run.stdout


def report(name, asserted, failures):
    """Prints what was asserted and what failed; the exit status."""
    print()
    print(f"asserted: {asserted}")
    for f in failures:
        print("FAILED:", f)
    print(f"{name}: {0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


def main():
    if scorer_missing():
        return 77
    sys.path.insert(0, EVAL)
    import score  # noqa: E402  (the scorer's own bars)

    cli = sys.argv[1]
    doc, _ = run_scorer(cli, "--check")
    failures = bar_failures(doc, score)
    for r in doc["recordings"]:
        for ch, sc in (r.get("emg") or {}).items():
            if not sc or sc["count"] != 0 or sc["f1"] < 1.0:
                failures.append(f"{r['id']}:{ch}: EMG bursts {sc} miss count error 0, F1 1.0")
    failures += emg_failures(cli, score.CALF_CHANNELS)
    failures += agreement_failures(doc)
    return report("realdata", f"groups {', '.join(HELD)} meet every bar; {', '.join(AGGREGATE)}; "
                  f"sensors of one session agree on steps/min within {AGREEMENT:.0%}; "
                  f"EMG calf channels count every stride once and keep cadence within "
                  f"{EMG_CADENCE_TOL}/min, tibialis anterior bursts span the touchdowns; no "
                  f"recording fails", failures)


if __name__ == "__main__":
    sys.exit(main())
