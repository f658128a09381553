#!/usr/bin/env python3
"""Exercise analytics on the real recordings of ../shared/data (issue 6's bars).

Asserts, with the CLI:
  * walking: in every recording with annotated walking (bout_start/bout_end events), of the
    annotated walking time that the rhythm stage covers with bouts, >= WALKING_SHARE lies in
    bouts whose activity (the library's classification of each bout) is walking. How much of the annotated time the bouts cover at all is the bout stage's
    business (tuned elsewhere); it is printed, not asserted;
  * no recording produces an ankle-pump session or a heel-raise set: none of them holds any
    exercise, so every one would be false. Each leg recording runs with its placement, and
    again with its known up axis (posture known: heel raises possible) and as a foot sensor
    (the ankle-pump detector on every movement of the leg).
  * EMG: in the walking EMG with touchdowns (santuz_emg), each calf muscle (soleus,
    gastrocnemius medialis and lateralis) and the tibialis anterior, and the thigh muscles
    (placement thigh: no exercises are read off the calf): the same walking share (the walk is
    annotated from the first to the last gait event) and no session or set. The peroneus longus
    (on the shank, not a calf muscle) and the unlabelled BioSPPy recordings (not known to be
    walking): what they give is printed only.
Usage: realdata_exercise.py CLI   (from the repository root; exits 77 when ../shared is absent)
"""
import csv
import json
import os
import subprocess
import sys

DATA = os.path.join("..", "shared", "data")
WALKING_EMG = ("emg_so", "emg_gm", "emg_gl", "emg_ta")
WALKING_SHARE = 0.95
# Up axes read off the recordings' documentation and checked against their gravity while
# walking (daphnet: "ay vertical"; gaitmap's foot frame: z out of the instep).
UP_AXES = {"daphnet_fog/": "+y", "gaitmap_example/": "+z"}


def events(rec):
    if not rec["events_file"]:
        return []
    with open(os.path.join(DATA, rec["events_file"]), newline="") as f:
        return [e for e in csv.DictReader(f) if e.get("type") in ("bout_start", "bout_end")]


def walking_intervals(rec):
    evs = events(rec)
    if rec["signal"] == "emg":
        with open(os.path.join(DATA, rec["events_file"]), newline="") as f:
            times = [float(e["t"]) for e in csv.DictReader(f)]
        return [(min(times), max(times))] if times else []
    spans, start = [], None
    for e in evs:
        if e["type"] == "bout_start":
            start = float(e["t"])
        elif start is not None:
            spans.append((start, float(e["t"])))
            start = None
    return spans


def analyse(cli, rec, *extra):
    out = subprocess.run([cli, "analyze", "--placement", rec["placement"], "--side",
                          rec["side"], *extra, os.path.join(DATA, rec["file"])],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return None, f"{rec['id']} {' '.join(extra)}: failed to run: {out.stderr.strip()}"
    return json.loads(out.stdout), None


def emg_channels(rec):
    with open(os.path.join(DATA, rec["file"]), newline="") as f:
        return [c for c in next(csv.reader(f)) if c != "t"]


def walking_share(doc, spans):
    """(annotated time inside bouts, of it in bouts classified walking)"""
    assert len(doc["activity"]) == len(doc["bouts"])
    covered = classified = 0.0
    for span in spans:
        for b, a in zip(doc["bouts"], doc["activity"]):
            inside = min(span[1], b["end"]) - max(span[0], b["start"])
            if inside > 0:
                covered += inside
                classified += inside if a["activity"] == "walking" else 0.0
    return covered, classified


def main():
    cli = sys.argv[1]
    if not os.path.isdir(DATA):
        print("SKIPPED: no ../shared/data")
        return 77
    with open(os.path.join(DATA, "manifest.csv"), newline="") as f:
        recs = [r for r in csv.DictReader(f) if r["signal"] in ("accel", "emg")]
    failures, runs = [], 0
    total_annotated = total_covered = total_classified = 0.0
    for rec in recs:
        variants = [()]
        up = next((a for p, a in UP_AXES.items() if rec["id"].startswith(p)), None)
        if up and rec["placement"] in ("foot", "shank", "thigh"):
            variants += [("--up-axis", up), ("--placement", "foot")]
        if rec["signal"] == "emg":
            variants = [("--signal", "emg", "--channel", c) for c in emg_channels(rec)]
        for extra in variants:
            doc, err = analyse(cli, rec, *extra)
            runs += 1
            if err:
                failures.append(err)
                continue
            asserted = rec["signal"] == "accel" or (rec["events_file"] and (
                rec["placement"] != "shank" or extra[-1] in WALKING_EMG))
            if not asserted:
                print(f"{rec['id']} {' '.join(extra)} (not asserted): {len(doc['bouts'])} bouts "
                      f"{[a['activity'] for a in doc['activity']]}, {len(doc['sessions'])} "
                      f"sessions, {len(doc['sets'])} sets")
                continue
            if doc["sessions"] or doc["sets"]:
                failures.append(f"{rec['id']} {' '.join(extra)}: {len(doc['sessions'])} "
                                f"sessions, {len(doc['sets'])} sets (there is no exercise)")
            spans = walking_intervals(rec)
            if not spans:
                continue
            annotated = sum(b - a for a, b in spans)
            covered, classified = walking_share(doc, spans)
            share = classified / covered if covered else 1.0
            print(f"{rec['id']} {' '.join(extra)}: annotated walking {annotated:.1f} s, in bouts "
                  f"{covered:.1f} s ({covered / annotated:.0%}), classified walking "
                  f"{classified:.1f} s ({share:.1%} of it)")
            total_annotated += annotated
            total_covered += covered
            total_classified += classified
            if share < WALKING_SHARE:
                failures.append(f"{rec['id']} {' '.join(extra)}: {share:.1%} of the walking in "
                                f"bouts classified walking (bar {WALKING_SHARE:.0%})")
    print(f"{runs} runs; annotated walking {total_annotated:.1f} s, in bouts {total_covered:.1f} s,"
          f" classified walking {total_classified:.1f} s "
          f"({total_classified / total_covered:.1%} of the time in bouts)")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
