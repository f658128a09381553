"""Whether two analyses of the same input agree: the criterion shared by the FFT-backend check
(compare_backends.py) and the firmware check (firmware/compare_stream.py).

An analysis is a dict shaped like the CLI's JSON: activations [{t}], cadence [{per_min,
rhythmic}], bouts [{activations}]. Agreement: the same activations (count; times within
TIME_TOL s), the same bouts, the same cadence windows with rates within CADENCE_TOL per minute.
"""
CADENCE_TOL = 0.1  # per minute
# One analysis sample is 50 ms; float rounding elsewhere may move a sub-sample refinement a hair,
# never by a sample.
TIME_TOL = 0.002


def _worst(ref, got, key):
    return max((abs(a[key] - b[key]) for a, b in zip(ref, got)), default=0.0)


def differences(ref, got):
    """Human-readable differences beyond the tolerances; empty when the analyses agree."""
    diffs = []
    for what, key, tol in (("activations", "t", TIME_TOL), ("cadence", "per_min", CADENCE_TOL)):
        r, g = ref[what], got[what]
        if len(r) != len(g):
            diffs.append(f"{len(g)} {what} records, reference {len(r)}")
        elif _worst(r, g, key) > tol:
            diffs.append(f"{what} {key} differs by up to {_worst(r, g, key):.4f}")
    flips = sum(a["rhythmic"] != b["rhythmic"] for a, b in zip(ref["cadence"], got["cadence"]))
    if flips:
        diffs.append(f"{flips} windows differ in being rhythmic")
    if [b["activations"] for b in ref["bouts"]] != [b["activations"] for b in got["bouts"]]:
        diffs.append("bouts differ")
    return diffs
