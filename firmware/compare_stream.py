#!/usr/bin/env python3
"""compare_stream.py HOST.txt TARGET.txt: the firmware's results equal the host's.

Asserts that the analyses agree by the same criterion as the FFT backends (tests/agreement.py:
same activations and bouts, cadences within 0.1 per minute, same rhythmic windows), that the
summaries match, and that there was something to compare (at least one activation). Lines
starting with '#' (sizes, versions) are not compared, except that the target's state for the
wearable configuration (STATE_LINE) must fit STATE_LIMIT bytes (the 8 KB goal of the firmware
issue).
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from agreement import differences  # noqa: E402


STATE_LINE = re.compile(r"^# accelerometer 3 axes 100 Hz, queue_capacity 4: get_size (\d+)$")
STATE_LIMIT = 8192


def state_size(path):
    """The get_size the target reports for 100 Hz, 3 axes, queue_capacity 4, or None."""
    for text in open(path):
        m = STATE_LINE.match(text.strip())
        if m:
            return int(m.group(1))
    return None


def parse(path):
    """stream.c's lines as an analysis dict (see agreement.py)."""
    out = {"activations": [], "cadence": [], "bouts": [], "summary": []}
    for text in open(path):
        words = text.split()
        if not words or words[0].startswith("#"):
            continue
        v = [float(w) for w in words[1:]]
        if words[0] == "act":
            out["activations"].append({"t": v[0]})
        elif words[0] == "cad":
            out["cadence"].append({"per_min": v[1], "rhythmic": v[3]})
        elif words[0] == "bout":
            out["bouts"].append({"activations": v[2]})
        elif words[0] == "summary":
            out["summary"].append(v[:3])
        else:
            raise SystemExit(f"FAILED: {path}: unexpected line {text.strip()!r}")
    return out


def main():
    host, target = parse(sys.argv[1]), parse(sys.argv[2])
    failures = differences(host, target)
    if len(host["summary"]) != 1 or host["summary"] != target["summary"]:
        failures.append(f"summaries differ: host {host['summary']}, target {target['summary']}")
    if not host["activations"]:
        failures.append("no activations: nothing was compared")
    state = state_size(sys.argv[2])
    if state is None or state > STATE_LIMIT:
        failures.append(f"state at 100 Hz, queue_capacity 4: {state} B, limit {STATE_LIMIT} B")
    print(f"host and Cortex-M4F (QEMU): {len(target['activations'])} activations, "
          f"{len(target['cadence'])} cadence windows, {len(target['bouts'])} bouts; state at "
          f"100 Hz, queue_capacity 4: {state} B (limit {STATE_LIMIT})")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
