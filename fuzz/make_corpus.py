#!/usr/bin/env python3
"""Write the seed corpora in fuzz/corpus/<target>/ (standard library only, deterministic).

The byte layouts are documented in fuzz/fuzz_common.h (fuzz_push, fuzz_analyze), fuzz/fuzz_cli.h
(fuzz_csv, fuzz_sndfile), and at the top of fuzz/fuzz_emg.c, fuzz/fuzz_resample.c and
fuzz/fuzz_config.c. Run it again after changing a layout:
    /usr/bin/python3 fuzz/make_corpus.py
It overwrites its own seeds and leaves every other file alone: the regression inputs that fuzzing
found (committed beside the seeds) stay. Delete a seed by hand when it is renamed here.
"""
import io
import math
import os
import random
import struct
import wave

HERE = os.path.dirname(os.path.abspath(__file__))


def unit(v, lo, span):
    """The byte b for which lo + b / 255 * span is closest to v."""
    return max(0, min(255, round((v - lo) / span * 255)))


def config(rate=0, channels=0, placement=0, side=0, flags=0, tune=(0,) * 7, queue=0):
    """13 config bytes of fz_config(): rate/channels are table indexes (or rate | 0x80)."""
    return bytes([rate, channels, placement, side, flags, *tune, queue])


def synthetic(seconds, step_hz, amp=0.25, h2=0.4, h3=0.15, start=0.1, end=0.9, noise=0.01,
              seed=1, gaps=(), tail=b""):
    """fz_signal() mode 2: a synthetic walk; gaps are (start fraction, length byte) pairs."""
    out = bytes([2, seconds - 1, unit(step_hz, 0.2, 4.8), unit(amp, 0, 0.8), unit(h2, 0, 1),
                 unit(h3, 0, 1), unit(start, 0, 1), unit(end, 0, 1), unit(noise, 0, 0.1), seed,
                 len(gaps)])
    for frac, length in gaps:
        out += bytes([unit(frac, 0, 1), length])
    return out + tail


def raw_floats(values):
    return bytes([0]) + struct.pack("<%df" % len(values), *values)


def int8_frames(values):
    return bytes([1]) + bytes((v & 0xFF) for v in values)


def stream_seeds():
    rnd = random.Random(2026)
    seed = struct.pack("<I", 12345)
    walk = [0.0, 0.0, 1.0] * 20
    for i in range(120):
        walk += [0.1 * math.sin(i / 4.0), 0.02 * math.cos(i / 8.0), 1 + 0.3 * math.sin(i / 2.7)]
    return {
        "walk_100hz_3ch": config() + seed + synthetic(30, 1.8),
        "walk_64hz_1ch_lower_back_gaps": config(rate=2, channels=1, placement=4) + seed
        + synthetic(60, 1.8, gaps=((0.3, 40), (0.7, 200))),
        "foot_left_128hz_strides": config(rate=3, placement=1, side=1) + struct.pack("<I", 7)
        + synthetic(40, 0.9, amp=0.6, h2=0.8, h3=0.6, start=0.05, end=0.95),
        "tuned_small_queue": config(flags=3, tune=(unit(0.3, 0.15, 0.9), unit(3.5, 1.9, 3.2),
                                                   unit(6, 3.5, 27), unit(0.25, 0.05, 1.0),
                                                   unit(0.4, -0.05, 1.1), unit(0.03, -0.005, 0.1),
                                                   unit(3, 1.5, 60)), queue=4)
        + struct.pack("<I", 99) + synthetic(90, 2.0, start=0.05, end=0.95),
        "wrist_1000hz_slow_exercise": config(rate=5, placement=5) + struct.pack("<I", 3)
        + synthetic(25, 0.5, amp=0.4, h2=0.1, h3=0.0, start=0.0, end=1.0),
        "running_200hz_shank_right": config(rate=6, channels=0, placement=2, side=2)
        + struct.pack("<I", 1 << 20) + synthetic(20, 1.4, amp=0.8, h2=0.9, h3=0.7, noise=0.05),
        "raw_floats_nan_inf_huge": config(channels=1) + seed
        + raw_floats([1.0, float("nan"), float("inf"), -float("inf"), 1e30, -1e30, 0.0, 1.0,
                      3.4e38, 1e-40] * 8),
        "int8_noise": config() + seed + int8_frames([rnd.randrange(256) for _ in range(3 * 200)]),
        "raw_float_walk_3ch": config(rate=4) + struct.pack("<I", 5) + raw_floats(walk),
        "emg_rate_too_low": config(channels=0xF1) + seed + synthetic(5, 1.0),
        "emg_993hz_1ch": config(rate=0x80 | 126, channels=0xF1, placement=2, side=2) + seed
        + synthetic(12, 1.0, amp=0.6, noise=0.1),
        "emg_993hz_3ch_int8": config(rate=0x80 | 126, channels=0xF0) + struct.pack("<I", 77)
        + int8_frames([rnd.randrange(256) for _ in range(3 * 3000)]),
        "bad_rate_zero": config(rate=11) + seed + synthetic(5, 1.8),
        "bad_channels_two": config(channels=13) + seed + int8_frames([1, 2, 3, 4]),
        "bad_struct_size": config(flags=4, queue=8) + seed + synthetic(5, 1.8),
        "analytics_foot_up_z_walk": config(placement=1, flags=16, queue=6) + seed
        + synthetic(110, 0.9, start=0.05, end=0.5),
        "analytics_shank_immobility": config(rate=6, placement=2, flags=16 | 2, queue=5)
        + struct.pack("<I", 31) + synthetic(115, 1.6, start=0.0, end=0.1),
        "long_bout_min_60s": config(flags=1, tune=(unit(0.25, 0.15, 0.9), unit(4, 1.9, 3.2),
                                                   unit(8, 3.5, 27), unit(0.5, 0.05, 1.0),
                                                   unit(0.5, -0.05, 1.1), unit(0.02, -0.005, 0.1),
                                                   unit(60, 1.5, 60)))
        + struct.pack("<I", 2048) + synthetic(120, 1.7, start=0.0, end=1.0),
    }


def emg_config(rate=0, channels=0, pick=0, band=(20.0, 450.0), mains=0, reference=0, flags=0,
               tune=(0, 0, 0), queue=0, side=0):
    """13 config bytes of fuzz_emg.c: rate is a table index (or 0x80 | step), channels 1 + b."""
    return bytes([rate, channels, pick, unit(band[0], 10, 95), unit(band[1], 100, 1990), mains,
                  reference, flags, *tune, queue, side])


def emg_synthetic(seconds_byte, noise_byte=128, dc=0, period=1.0, duty=0.3, gain=20.0, clip=0,
                  seed=1, gaps=(), tail=b""):
    """Signal mode 2 of fuzz_emg.c; gaps are (start fraction, length byte, kind) triples."""
    out = bytes([2, seconds_byte, noise_byte, dc & 0xFF, unit(period, 0.2, 3.0),
                 unit(duty, 0.05, 0.9), unit(gain, 1, 99), clip, seed, len(gaps)])
    for frac, length, kind in gaps:
        out += bytes([unit(frac, 0, 1), length, kind])
    return out + tail


def emg_seeds():
    rnd = random.Random(5)
    seed = struct.pack("<I", 300 | (1 << 16))
    tiny_poll = struct.pack("<I", 17)  # chunks of 1..18 frames, poll arrays of 1
    return {
        "bursts_1000hz_1ch": emg_config() + seed + emg_synthetic(99),
        "bursts_2000hz_4ch_ch2_mains50_ref": emg_config(rate=1, channels=3, pick=2, mains=1,
                                                        reference=90, side=2)
        + seed + emg_synthetic(59, period=0.8, duty=0.4),
        "bursts_500hz_small_queue_tiny_polls": emg_config(rate=2, flags=3,
                                                          tune=(unit(4, 3.5, 27),
                                                                unit(0.1, 0.05, 1.0),
                                                                unit(2.5, 1.5, 60)), queue=4)
        + tiny_poll + emg_synthetic(199, period=0.5, duty=0.2, gain=50.0),
        "bursts_10000hz_16ch_mains60": emg_config(rate=3, channels=15, pick=15, mains=2,
                                                  band=(30.0, 1500.0))
        + seed + emg_synthetic(59),
        "clipped_dc_offset_gaps": emg_config(rate=4, side=1) + seed
        + emg_synthetic(120, dc=100, clip=40, seed=9,
                        gaps=((0.2, 30, 0), (0.5, 10, 1), (0.8, 5, 3))),
        "huge_values": emg_config() + seed + emg_synthetic(80, noise_byte=250, gain=90.0),
        "raw_floats_nan_inf_huge": emg_config() + seed
        + raw_floats([1.0, float("nan"), float("inf"), -float("inf"), 1e30, -1e30, 0.0, -2.0,
                      3.4e38, 1e-40] * 100),
        "int8_noise_offset": emg_config(rate=0x80 | 20) + seed
        + bytes([1, 100, 30]) + bytes(rnd.randrange(256) for _ in range(4000)),
        "constant": emg_config() + seed + bytes([3]) + struct.pack("<fH", 512.0, 2000),
        "bad_rate_499": emg_config(rate=10) + seed + emg_synthetic(10),
        "bad_rate_nan": emg_config(rate=13) + seed + emg_synthetic(10),
        "bad_channels_17": emg_config(channels=17) + seed + emg_synthetic(10),
        "bad_emg_channel": emg_config(channels=1, pick=0xF0) + seed + emg_synthetic(10),
        "bad_band": emg_config(band=(105.0, 450.0)) + seed + emg_synthetic(10),
        "bad_mains_55": emg_config(mains=3) + seed + emg_synthetic(10),
        "bad_reference_nan": emg_config(reference=254) + seed + emg_synthetic(10),
    }


def resample_seeds():
    def header(ch=0, rate=0, gap=2, tmode=0, cmode=0):
        return bytes([ch, rate, gap, tmode, cmode])

    regular = b"".join(bytes([4, (i * 7) & 0xFF]) for i in range(32))
    dup_gap = b"".join(bytes([d, v]) for d, v in
                       [(0, 10), (4, 20), (0, 30), (4, 40), (64, 50), (4, 60), (4, 70), (0, 80)])
    tri = b"".join(bytes([3, i, (256 - i) & 0xFF, 2 * i]) for i in range(24))
    backwards = b"".join(bytes([d & 0xFF, v]) for d, v in [(4, 1), (4, 2), (-8, 3), (4, 4)])
    doubles = b"".join(struct.pack("<d", t) + bytes([v]) for t, v in
                       [(0.0, 1), (0.01, 2), (0.02, 3), (float("nan"), 4), (0.05, 5)])
    doubles_ok = b"".join(struct.pack("<d", 1000.0 + 0.013 * i) + bytes([i]) for i in range(40))
    long_gaps = b"".join(struct.pack("<H", d) + bytes([v]) for d, v in
                         [(0, 1), (1, 2), (300, 3), (2, 4), (1, 5)])
    raw_vals = b"".join(bytes([5]) + struct.pack("<f", v) for v in
                        [0.5, -1.5, float("nan"), 2.0, float("inf"), 1e30, 0.0])
    return {
        "regular_16hz_1ch": header() + regular,
        "duplicates_and_gap": header(gap=0) + dup_gap,
        "three_channels_100hz": header(ch=1, rate=1, gap=1) + tri,
        "decreasing_time": header(tmode=2) + backwards,
        "raw_times_nan": header(tmode=1) + doubles,
        "raw_times_offset_64hz": header(rate=6, tmode=1, cmode=1) + doubles_ok,
        "long_gaps_small_cap": header(rate=4, gap=4, tmode=3, cmode=2 | (5 << 2)) + long_gaps,
        "raw_values_inf_nan": header(tmode=0x80, cmode=3) + raw_vals,
        "bad_rate_nan": header(rate=10) + regular[:20],
        "bad_channels_zero": header(ch=13) + regular[:20],
    }


def config_struct(struct_size=112, version=3, rate=100.0, channels=3, signal=0, placement=0,
                  side=0, params=(0.25, 4.0, 8.0, 0.5, 0.5, 0.02, 4.0), queue=256,
                  emg=(0, 20.0, 450.0, 0.0, 0.0), analytics=(0, 120.0, 50.0, 1800.0, 900.0, 0.0)):
    """calfpump_config as the library's x86-64/aarch64 ABI lays it out (112 bytes: version 3,
    the EMG fields, the analytics fields and 4 bytes of padding)."""
    return struct.pack("<IIdiiii7fIi4fi5f4x", struct_size, version, rate, channels, signal,
                       placement, side, *params, queue, *emg, *analytics)


def config_seeds():
    def frames(n, ch=3):
        return struct.pack("<%df" % (n * ch),
                           *[(1.0 if c == ch - 1 else 0.0) + 0.2 * math.sin(i / 3.0)
                             for i in range(n) for c in range(ch)])

    small = struct.pack("<I", 100)
    return {
        "defaults_lower_back": config_struct(placement=4) + small + b"lower_back\0" + frames(40),
        "one_channel_left": config_struct(channels=1, side=1, rate=50.0) + small + b"left\0"
        + frames(60, 1),
        "small_queue_waist": config_struct(queue=16, rate=1000.0) + struct.pack("<I", 7)
        + b"waist\0" + frames(30),
        "limits": config_struct(rate=10.0, params=(0.2, 5.0, 30.0, 1.0, 1.0, 1.0, 60.0),
                                queue=65536) + small + b"shank\0" + frames(10),
        "bad_rate_nan": config_struct(rate=float("nan")) + small + b"foot\0",
        "bad_band": config_struct(params=(0.1, 9.0, 8.0, 0.5, 0.5, 0.02, 4.0)) + small + b"x\0",
        "bad_version": bytes([1]) + config_struct(version=7)[1:] + small + b"unknown\0",
        "emg": config_struct(channels=1, signal=1, rate=1000.0) + small + b"right\0"
        + frames(300, 1),
        "emg_3ch_notch_reference": config_struct(channels=3, signal=1, rate=2000.0,
                                                 emg=(2, 30.0, 500.0, 50.0, 100.0))
        + small + b"left\0" + frames(300),
        "analytics_foot_up_z": config_struct(placement=1, analytics=(3, 10.0, 20.0, 60.0, 10.0,
                                                                     3600.0))
        + small + b"foot\0" + frames(400),
        "bad_up_axis": config_struct(placement=2, analytics=(4, 120.0, 50.0, 1800.0, 900.0, 0.0))
        + small + b"shank\0",
        "bad_immobility": config_struct(analytics=(0, 120.0, 50.0, 10.0, 900.0, 0.0)) + small
        + b"x\0",
        "config_v1": config_struct(struct_size=64, version=1)[:64] + small + b"foot\0"
        + frames(40),
    }


# fz_request() of fuzz_cli.c: indexes into its tables of --channel specs and --rate values.
SPEC = {None: 0, "ax,ay,az": 8, "amag": 9, "0": 10, "1": 11, "2": 12, "1,2,3": 13, "t": 14,
        "az,ay,ax": 15, "x,y": 16, ",,": 17, "99999999999999999999": 18, "emg_so": 19, "-1": 20,
        "1,1,1": 21, "0,0,0": 22, "ax,ay": 23, "3": 24, "a,b,c,d": 25}
RATE = {None: 0, 100.0: 8, 50.0: 9, 8.0: 10, 1000.0: 11, 7.99: 12, 1000.5: 13, 0.0: 14,
        -100.0: 15, 1e-300: 16, 1e30: 17, 3.4e38: 18, 0.001: 19, 64.0: 20, 12.5: 21}
EMG, MS2 = 1, 2


def request(spec=None, rate=None, flags=0):
    return bytes([SPEC[spec], RATE[rate], flags])


def walk_rows(seconds, rate, step_hz=1.8, t0=0.0):
    """(t, ax, ay, az) rows of a steady walk, in g."""
    rows = []
    for i in range(int(seconds * rate)):
        t = i / rate
        w = 2 * math.pi * step_hz
        rows.append((t0 + t, 0.05 * math.sin(w / 2 * t), 1 + 0.3 * math.sin(w * t)
                     + 0.1 * math.sin(2 * w * t + 0.5), 0.1 * math.sin(w * t + 1.2)))
    return rows


def csv_text(header, rows, eol="\n", fmt="%.4f"):
    lines = [",".join(header)]
    lines += [",".join(v if isinstance(v, str) else fmt % v for v in row) for row in rows]
    return (eol.join(lines) + eol).encode()


def csv_seeds():
    xyz = ("t", "ax", "ay", "az")
    walk = walk_rows(10, 25)
    rnd = random.Random(7)
    phone, t = [], 0.0
    while t < 3:  # 5..15 ms steps, a burst of equal times now and then, one 1.5 s hole
        w = walk_rows(1, 1000, t0=0)[int(t * 1000) % 1000]
        phone.append((round(t, 6),) + w[1:])
        t += 1.5 if len(phone) == 100 else 0.0 if rnd.random() < 0.03 else rnd.uniform(0.005, 0.015)
    gaps = [list(r) for r in walk_rows(6, 25)]
    for i in (10, 11, 40):
        gaps[i][2] = "nan"
    gaps[70][1] = ""
    emg = [(i / 1000.0, 0.1 * math.sin(i / 3.0) * (1 if (i // 250) % 2 else 0.1),
            0.05 * math.cos(i / 5.0)) for i in range(400)]
    return {
        "walk_t_xyz_25hz": request() + csv_text(xyz, walk),
        "walk_t_xyz_crlf_bom": request() + b"\xef\xbb\xbf" + csv_text(xyz, walk[:100], "\r\n"),
        "walk_t_resampled_50hz": request(rate=50.0) + csv_text(xyz, walk[:120]),
        "amag_no_time_rate_100": request(rate=100.0)
        + csv_text(("amag",), [(math.hypot(*r[1:]),) for r in walk_rows(6, 100)]),
        "one_column_by_number": request(spec="2", rate=64.0) + csv_text(xyz, walk[:80]),
        "three_by_number_ms2": request(spec="1,2,3", flags=MS2)
        + csv_text(xyz, [(r[0],) + tuple(9.80665 * v for v in r[1:]) for r in walk[:80]]),
        "reordered_axes": request(spec="az,ay,ax") + csv_text(xyz, walk[:80]),
        "phone_clock_irregular": request() + csv_text(xyz, phone, fmt="%.6g"),
        "late_clock_start": request() + csv_text(xyz, walk_rows(4, 25, t0=1000.0), fmt="%.6f"),
        "gaps_nan_and_empty": request() + csv_text(xyz, gaps),
        "quoted_fields_blank_lines": request()
        + b't,"ax","a""y",az\n\n0,1,"2",3\n\n0.04,1,2,3\n0.08,"1.5",2,3\n',
        "emg_columns": request(flags=EMG) + csv_text(("t", "emg_ta", "emg_so"), emg, fmt="%.5f"),
        "huge_values": request(rate=100.0) + csv_text(("ax", "ay", "az"),
                                                      [(1e300, -1e300, 1e-320)] * 20, fmt="%g"),
        "bad_not_a_number": request() + b"t,ax,ay,az\n0,1,2,3\n0.01,1,x2,3\n",
        "bad_time_decreasing": request() + b"t,ax,ay,az\n0,1,2,3\n0.01,1,2,3\n0.005,1,2,3\n",
        "bad_time_nan": request() + b"t,ax,ay,az\n0,1,2,3\nnan,1,2,3\n",
        "bad_header_numbers": request(rate=100.0) + b"1,2,3\n4,5,6\n",
        "bad_field_count": request() + b"t,ax,ay,az\n0,1,2,3\n0.01,1,2\n",
        "bad_same_times": request() + b"t,amag\n5,1\n5,1.1\n5,0.9\n",
        "bad_no_time_no_rate": request() + b"ax,ay,az\n1,2,3\n",
        "bad_unterminated_quote": request() + b't,ax,ay,az\n0,1,2,"3\n',
        "bad_empty": request(),
        "bad_header_only": request() + b"t,ax,ay,az\n",
        "bad_channel_time": request(spec="t") + csv_text(xyz, walk[:10]),
        "bad_channel_two": request(spec="x,y") + csv_text(xyz, walk[:10]),
        "bad_channel_number": request(spec="99999999999999999999") + csv_text(xyz, walk[:10]),
        "bad_grid_too_long": request(rate=1000.0) + b"t,amag\n0,1\n100000,1\n",
        "bad_rate_below_min": request(rate=7.99) + csv_text(xyz, walk[:40]),
        "bad_default_channels": request() + b"t,a,b\n0,1,2\n0.1,1,2\n",
    }


def wav(rate, channels, frames, width=2, float32=False):
    """A RIFF WAVE file: 8/16-bit PCM through the wave module, 32-bit float written by hand."""
    if not float32:
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(channels)
            w.setsampwidth(width)
            w.setframerate(rate)
            if width == 1:
                data = bytes(max(0, min(255, round(128 + 127 * v))) for f in frames for v in f)
            else:
                data = struct.pack("<%dh" % (len(frames) * channels),
                                   *[max(-32768, min(32767, round(32767 * v)))
                                     for f in frames for v in f])
            w.writeframes(data)
        return out.getvalue()
    data = struct.pack("<%df" % (len(frames) * channels), *[v for f in frames for v in f])
    fmt = struct.pack("<HHIIHH", 3, channels, rate, rate * channels * 4, channels * 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt \
        + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def au(rate, channels, frames):
    """A Sun .au file, 16-bit big-endian PCM."""
    data = struct.pack(">%dh" % (len(frames) * channels),
                       *[round(32767 * v) for f in frames for v in f])
    return struct.pack(">4sIIIII", b".snd", 24, len(data), 3, rate, channels) + data


def sndfile_seeds():
    walk = [r[1:] for r in walk_rows(6, 50)]
    quiet = [(v[0], (v[1] - 1), v[2]) for v in walk]  # within +-1 full scale
    mono = [(v[1],) for v in quiet]
    five = [v + (0.0, 0.5) for v in quiet]
    loud = [(3 * v[0], 3 * v[1] + 1, 3 * v[2]) for v in quiet]  # beyond full scale: float only
    ok = wav(50, 3, quiet)
    return {
        "wav_pcm16_3ch_50hz": request() + ok,
        "wav_pcm16_mono_100hz_by_number": request(spec="0") + wav(100, 1, mono),
        "wav_pcm8_mono_rate_given": request(rate=64.0) + wav(8000, 1, mono[:100], width=1),
        "wav_float_3ch_loud": request() + wav(50, 3, loud, float32=True),
        "wav_float_five_channels_pick_three": request(spec="1,2,3")
        + wav(50, 5, five, float32=True),
        "au_pcm16_3ch": request(flags=MS2) + au(100, 3, quiet[:120]),
        "emg_mono_1000hz": request(flags=EMG) + wav(1000, 1, [(0.1 * math.sin(i / 3.0),)
                                                              for i in range(1000)]),
        "wav_no_frames": request() + wav(50, 3, []),
        "bad_truncated_data": request() + ok[:len(ok) // 3],
        "bad_header_only": request() + ok[:40],
        "bad_rate_too_low": request() + wav(5, 3, quiet[:20]),
        "bad_five_channels_default": request() + wav(50, 5, five[:20], float32=True),
        "bad_channel_number": request(spec="3") + ok,
        "not_audio_csv": request() + b"t,ax,ay,az\n0,0,1,0\n",
        "not_audio_empty": request(),
    }


def write(target, seeds):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    print("%s: %d seeds" % (folder, len(seeds)))


def main():
    stream = stream_seeds()
    write("fuzz_push", stream)
    write("fuzz_analyze", stream)
    write("fuzz_emg", emg_seeds())
    write("fuzz_resample", resample_seeds())
    write("fuzz_config", config_seeds())
    write("fuzz_csv", csv_seeds())
    write("fuzz_sndfile", sndfile_seeds())


if __name__ == "__main__":
    main()
