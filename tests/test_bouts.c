/*
 * Unit tests of the bouts stage (bouts.h).
 *
 * Stage level (bouts_window on hand-made cadence windows over a hand-made ring):
 *   - octave alignment: a window reading half the previous rate is corrected up; one reading
 *     twice the rate is kept for step placements and corrected down for leg placements; a
 *     confirmed step placement's bout opened on the stride takes the step once as many windows
 *     in a row as confirm a bout see it beside its stride (a leg's never);
 *   - a rhythm needs two agreeing windows before a bout opens; a bout that ends before
 *     min_bout_s is taken back whole, a longer one is committed;
 *   - windows that only reach the hold level keep an open bout going but neither open nor
 *     confirm one, and one they hold past max_pending unconfirmed is taken back; inside an
 *     open bout a reading of twice its rate is an octave error;
 *   - a bout opened on weak movement before the rhythm proper (gait initiation) drops those
 *     activations when it is confirmed;
 *   - a confirmed bout bridges confirmed_misses windows without rhythm (the wrist) and counts
 *     the gap once the rhythm is back; an unconfirmed one still closes after BOUTS_MAX_MISSES,
 *     unless it is a chain (the wrist): then it bridges them too, its rhythm must confirm it
 *     again from the start, and once it does the steps before the gap count; windows rhythmic
 *     only by the wrist's lowered level carry a bout but do not confirm it; at the wrist one
 *     weak step between strong ones counts (the arm's two steps differ), three in a row do not;
 *   - a short walk is judged by its steps where they are faster than 100 per minute: nine steps
 *     at 150 per minute (3.2 s) confirm a bout, five at 75 per minute over as long do not.
 * Through the public API (calfpump_analyze, 100 Hz, three axes), on synthetic recordings of known
 * truth:
 *   - a clean walk gives one bout with the right number of activations at the right times;
 *   - a rhythm shorter than min_bout_s gives no activations, though the cadence stage sees it
 *     (with a smaller min_bout_s the same signal gives them);
 *   - two walks separated by stillness give two bouts;
 *   - non-rhythmic movement well above min_amplitude (white noise) gives no activations;
 *   - at the wrist, slow irregular arm movement and white noise give none, and the same arm
 *     movement sampled at 12.5, 25, 50 and 100 Hz gives about the same steps; a brisk walk
 *     (162 steps/min at walking amplitude) counts its steps at 12.5, 25 and 50 Hz;
 *     random impulses at the lower back and rhythmic arm work at the wrist (scrubbing) are
 *     known failures (see below);
 *   - a foot sensor's activations are strides of its own leg, with the configured side; they
 *     lie at the contacts at every rate; one stride landing softly between strong ones counts,
 *     a tap of a leg that stood for a stride does not.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bouts.h"
#include "calfpump.h"
#include "synth.h"

/* ---- stage level ------------------------------------------------------------------------- */

#define RING_CAP 1024
#define ACT_CAP 256

typedef struct stage {
    bouts b;
    ring r;
    queue acts, bout_records;
    void *block;
    float value[RING_CAP];
    uint8_t gap[RING_CAP];
    activation_record act_store[ACT_CAP];
    calfpump_bout bout_store[8];
} stage;

/* Set up as calfpump_init does for the defaults at 100 Hz: 20 Hz analysis rate, 10 s window,
 * min_bout_s 4, min_amplitude_g 0.02 (activations need twice that), lag_min 5 (back_cap 30). */
static stage *stage_new(int leg)
{
    stage *s = calloc(1, sizeof *s);
    assert_non_null(s);
    const int back_cap = 30;
    arena a = {NULL, 0};
    bouts_layout(&s->b, &a, back_cap, NULL, 0);
    s->block = aligned_alloc(ARENA_ALIGN, (a.used + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN);
    assert_non_null(s->block);
    a = (arena){s->block, 0};
    bouts_layout(&s->b, &a, back_cap, NULL, 0);
    queue_setup(&s->acts, s->act_store, sizeof(activation_record), ACT_CAP);
    queue_setup(&s->bout_records, s->bout_store, sizeof(calfpump_bout), 8);
    s->r = (ring){.value = s->value, .gap = s->gap, .cap = RING_CAP};
    s->b.leg = leg;
    s->b.half_window = 100;
    s->b.min_span = 4.0 * 20.0;
    s->b.min_windows = 8; /* 4 s at a hop of 10 samples */
    s->b.hop = 10.0;
    s->b.max_pending = 4.0 * 20.0 + 200.0; /* min_bout_s and one window */
    s->b.max_pending_n = 280 / 5 + 2;        /* one activation per lag_min over it */
    s->b.min_strength = 0.04f;
    s->b.confirmed_misses = BOUTS_MAX_MISSES;
    s->b.t_scale = 0.05;
    s->b.t_offset = 0.02;
    s->b.acts = &s->acts;
    s->b.bout_records = &s->bout_records;
    bouts_reset(&s->b);
    return s;
}

static void stage_free(stage *s)
{
    free(s->block);
    free(s);
}

/* Appends n analysis samples: 1 g plus a cosine of `amp` g peaking every `period` samples
 * (amp 0: stillness). */
static void stage_signal(stage *s, int n, double period, double amp)
{
    for (int i = 0; i < n; i++) {
        const double k = (double)s->r.end;
        ring_put(&s->r, &(ring_sample){.value = (float)(1.0 + amp * cos(2.0 * M_PI * k / period))});
    }
}

/* A stage holding 150 samples of stillness, then 2 Hz steps (a peak every 10 samples) up to 1000. */
static stage *still_then_steps(void)
{
    stage *s = stage_new(0);
    stage_signal(s, 150, 10.0, 0.0);
    stage_signal(s, 850, 10.0, 0.25);
    return s;
}

static cadence_window window(int64_t center, double rate_hz, int rhythmic)
{
    cadence_window w = {center, rhythmic ? (float)(20.0 / rate_hz) : 0.0f,
                        rhythmic ? (float)rate_hz : 0.0f, rhythmic ? 0.95f : 0.1f, 0.2f,
                        rhythmic, rhythmic, 0, 0, 0};
    return w;
}

/* Feeds BOUTS_MAX_MISSES + 1 windows without rhythm from `center` on, one hop (10) apart: what
 * closes an open bout. */
static void miss_windows(stage *s, int64_t center)
{
    for (int k = 0; k <= BOUTS_MAX_MISSES; k++) {
        cadence_window w = window(center + 10 * k, 0.0, 0);
        bouts_window(&s->b, &s->r, &w);
    }
}

static void test_octave_alignment(void **state)
{
    (void)state;
    for (int leg = 0; leg <= 1; leg++) {
        stage *s = stage_new(leg);
        stage_signal(s, 600, 10.0, 0.0); /* still: no bout can open, only rates are seen */
        cadence_window w = window(200, 2.0, 1);
        bouts_window(&s->b, &s->r, &w);
        assert_float_equal(w.rate_hz, 2.0f, 1e-6); /* nothing to compare with yet */

        /* Half the previous rate is taken as an octave error and corrected up, for both kinds
         * of placement (steps: the step reading wins; legs: the rate the bout already has). */
        w = window(210, 1.0, 1);
        bouts_window(&s->b, &s->r, &w);
        assert_float_equal(w.rate_hz, 2.0f, 1e-5);
        assert_float_equal(w.period, 10.0f, 1e-4);

        /* Twice the previous rate: a step placement takes it (the new reading is the step);
         * a leg placement keeps the stride it already has. */
        w = window(220, 4.0, 1);
        bouts_window(&s->b, &s->r, &w);
        assert_float_equal(w.rate_hz, leg ? 2.0f : 4.0f, 1e-5);
        assert_float_equal(w.period, leg ? 10.0f : 5.0f, 1e-4);

        /* The corrected rate is what the next window is compared with. */
        const float prev = w.rate_hz;
        w = window(230, prev * 1.1, 1); /* within RATE_AGREEMENT: no change */
        bouts_window(&s->b, &s->r, &w);
        assert_float_equal(w.rate_hz, prev * 1.1f, 1e-5);

        /* Neither an octave nor agreement (x 1.5): unchanged. */
        w = window(240, prev * 1.1 * 1.5, 1);
        bouts_window(&s->b, &s->r, &w);
        assert_float_equal(w.rate_hz, prev * 1.1f * 1.5f, 1e-5);

        /* After a window that was not rhythmic there is nothing to align with, even when that
         * window had a rate of its own (as a window failing only the gap or confidence test
         * has): half of it stays half. */
        const float last = w.rate_hz;
        w = window(250, last, 0);
        w.rate_hz = last;
        w.period = (float)(20.0 / last);
        bouts_window(&s->b, &s->r, &w);
        w = window(260, last / 2.0, 1);
        bouts_window(&s->b, &s->r, &w);
        assert_float_equal(w.rate_hz, last / 2.0f, 1e-6);
        assert_int_equal(s->b.open, 0); /* still signal: never a bout */
        assert_int_equal(queue_provisional_count(&s->acts) + s->acts.committed, 0);
        stage_free(s);
    }
}

/* Rhythmic windows at `rate_hz` centred at from, from + 10, ... below to. */
static void rhythmic_windows(stage *s, int64_t from, int64_t to, double rate_hz)
{
    for (int64_t c = from; c < to; c += 10) {
        cadence_window w = window(c, rate_hz, 1);
        bouts_window(&s->b, &s->r, &w);
    }
}

/* A window below min_confidence but above the hold level: rate as given, not rhythmic. */
static cadence_window holding_window(int64_t center, double rate_hz)
{
    cadence_window w = window(center, rate_hz, 1);
    w.confidence = 0.4f;
    w.rhythmic = 0;
    return w;
}

static void test_holding_windows(void **state)
{
    (void)state;
    stage *s = still_then_steps();
    /* Holding windows alone never open a bout. */
    for (int64_t c = 160; c < 200; c += 10) {
        cadence_window w = holding_window(c, 2.0);
        bouts_window(&s->b, &s->r, &w);
        assert_int_equal(s->b.open, 0);
    }
    /* A rhythmic window opens one when the window before it held at the same rate. The held
     * windows in a row before it, centred within the activations it tracks back (from 150 on),
     * count towards confirming it as they would inside it: half a window each. */
    rhythmic_windows(s, 200, 210, 2.0);
    assert_int_equal(s->b.open, 1);
    assert_float_equal(s->b.first, 150.0, 0.5);
    assert_int_equal(s->b.windows, 4 + 2);
    rhythmic_windows(s, 210, 220, 2.0);
    cadence_window w;
    /* More holding windows than BOUTS_MAX_MISSES: the bout stays open and tracks on. */
    for (int64_t c = 220; c < 250; c += 10) {
        w = holding_window(c, 2.0);
        bouts_window(&s->b, &s->r, &w);
        assert_int_equal(s->b.open, 1);
        assert_int_equal(s->acts.committed, 0);
    }
    /* A held window is half the evidence of a rhythmic one: 4 held before the bout, 2 rhythmic
     * and 3 held in it are 5.5 windows at 240, 7.5 of the 8 needed after two more rhythmic ones
     * (at 260). Counting the held ones fully would have confirmed at 240, leaving out those
     * before the bout only at 290. */
    rhythmic_windows(s, 250, 270, 2.0);
    assert_int_equal(s->acts.committed, 0);
    rhythmic_windows(s, 270, 280, 2.0);
    assert_true(s->acts.committed > 0);
    rhythmic_windows(s, 280, 300, 2.0);
    /* Reading twice the rate of a confirmed bout is an octave error even for a step
     * placement: the bout keeps its cadence. */
    w = window(300, 4.0, 1);
    bouts_window(&s->b, &s->r, &w);
    assert_float_equal(w.rate_hz, 2.0f, 1e-5);
    assert_float_equal(s->b.period, 10.0f, 1e-4);
    rhythmic_windows(s, 310, 320, 2.0);
    assert_int_equal(s->b.open, 1);
    assert_int_equal(s->acts.committed, s->acts.count);
    const double span = (s->b.last - s->b.first) / 10.0;
    assert_true(s->acts.count >= 25);
    assert_int_equal(s->acts.count, (size_t)lround(span) + 1);
    stage_free(s);

    /* Held but never confirmed (min_windows 6 s here: held windows would otherwise confirm it
     * first): once tracking has gone max_pending past its first activation the bout is taken
     * back (the activation queue holds no more for it), and never before. */
    s = still_then_steps();
    s->b.min_windows = 12;
    rhythmic_windows(s, 200, 220, 2.0);
    for (int64_t c = 220; s->b.open && c < 800; c += 10) {
        assert_true(s->b.next - s->b.first <= s->b.max_pending);
        w = holding_window(c, 2.0);
        bouts_window(&s->b, &s->r, &w);
    }
    assert_int_equal(s->b.open, 0);
    assert_true(s->b.next - s->b.first > s->b.max_pending);
    assert_int_equal(s->acts.count, 0);
    stage_free(s);

    /* Likewise once it holds more than max_pending_n activations, whatever their span. */
    s = still_then_steps();
    s->b.max_pending_n = 20;
    rhythmic_windows(s, 200, 220, 2.0);
    assert_int_equal(s->b.open, 1);
    int held = 0;
    for (int64_t c = 220; s->b.open && c < 800; c += 10, held++) {
        assert_true(queue_provisional_count(&s->acts) <= s->b.max_pending_n);
        w = holding_window(c, 2.0);
        bouts_window(&s->b, &s->r, &w);
    }
    assert_int_equal(s->b.open, 0);
    assert_true(held > 0);
    assert_true(s->b.last - s->b.first <= s->b.max_pending); /* the count took it back */
    assert_int_equal(s->acts.count, 0);
    stage_free(s);
}

/* The wrist (calfpump.c): a confirmed bout bridges confirmed_misses windows without rhythm, and
 * once the rhythm is back the gap's strong maxima are counted; one more window closes it, and a
 * bout not yet confirmed still closes after BOUTS_MAX_MISSES. */
static stage *bridging_stage(void)
{
    stage *s = stage_new(0);
    s->b.confirmed_misses = 12;
    stage_signal(s, 100, 10.0, 0.0); /* still, then 2 Hz steps throughout */
    stage_signal(s, 900, 10.0, 0.25);
    return s;
}

static void test_confirmed_bout_bridges(void **state)
{
    (void)state;
    stage *s = bridging_stage();
    rhythmic_windows(s, 150, 250, 2.0); /* 10 windows: confirmed */
    assert_int_equal(s->b.confirmed, 1);
    const double before = s->b.last;
    for (int k = 0; k < 12; k++) {
        cadence_window w = window(250 + 10 * k, 0.0, 0);
        bouts_window(&s->b, &s->r, &w);
        assert_int_equal(s->b.open, 1);
    }
    assert_float_equal(s->b.last, before, 1e-9); /* nothing is counted while the rhythm is out */
    rhythmic_windows(s, 370, 400, 2.0);
    /* Back: every step of the gap was counted, one per 10 samples. */
    assert_int_equal(s->acts.committed, s->acts.count);
    assert_int_equal(s->acts.count, (size_t)lround((s->b.last - s->b.first) / 10.0) + 1);
    assert_true(s->b.last > before + 120.0);
    for (int k = 0; k <= 12; k++) {
        cadence_window w = window(400 + 10 * k, 0.0, 0);
        bouts_window(&s->b, &s->r, &w);
    }
    assert_int_equal(s->b.open, 0);
    assert_int_equal(s->b.total_bouts, 1);
    stage_free(s);

    s = bridging_stage();
    rhythmic_windows(s, 150, 180, 2.0); /* open, not confirmed */
    assert_int_equal(s->b.open, 1);
    assert_int_equal(s->b.confirmed, 0);
    miss_windows(s, 180);
    assert_int_equal(s->b.open, 0);
    assert_int_equal(s->acts.count, 0);
    stage_free(s);
}

/* The wrist's chain: a bout not yet confirmed bridges confirmed_misses windows without rhythm
 * too, but the rhythm that comes back must confirm it from the start, as a new bout would (after
 * a window at the same rate, then min_windows steady windows); once it does, the activations
 * before the gap are counted. A rhythm at another rate lets a waiting chain go. */
static stage *chain_stage(int chain)
{
    stage *s = bridging_stage();
    s->b.swing = chain;
    return s;
}

static void test_chain_restarts(void **state)
{
    (void)state;
    stage *s = chain_stage(1);
    rhythmic_windows(s, 150, 180, 2.0); /* open, 2 steady windows: far from confirmed */
    assert_int_equal(s->b.open, 1);
    const double first = s->b.first;
    for (int k = 0; k < 6; k++) {
        cadence_window w = window(190 + 10 * k, 0.0, 0);
        bouts_window(&s->b, &s->r, &w);
    }
    assert_int_equal(s->b.open, 1); /* 6 misses: more than BOUTS_MAX_MISSES, fewer than 12 */
    assert_int_equal(s->b.confirmed, 0);
    assert_int_equal(s->b.restart, 1);
    /* One rhythmic window after a window without rhythm does not restart it. */
    rhythmic_windows(s, 250, 260, 2.0);
    assert_int_equal(s->b.restart, 1);
    /* The next one does; confirming then takes min_windows (8) steady windows again. */
    rhythmic_windows(s, 260, 330, 2.0);
    assert_int_equal(s->b.restart, 0);
    assert_int_equal(s->b.confirmed, 0);
    rhythmic_windows(s, 330, 340, 2.0);
    assert_int_equal(s->b.confirmed, 1);
    /* Every step since the first stretch counts, the gap's too (the signal kept its rhythm). */
    assert_float_equal(s->b.first, first, 1e-9);
    assert_int_equal(s->acts.committed, s->acts.count);
    assert_int_equal(s->acts.count, (size_t)lround((s->b.last - s->b.first) / 10.0) + 1);
    stage_free(s);

    /* Without the chain the same windows close the first bout: its steps are lost. */
    s = chain_stage(0);
    rhythmic_windows(s, 150, 180, 2.0);
    miss_windows(s, 190);
    assert_int_equal(s->b.open, 0);
    rhythmic_windows(s, 250, 340, 2.0);
    assert_int_equal(s->b.confirmed, 1);
    assert_true(s->b.first > first + 50.0);
    stage_free(s);

    /* A waiting chain lets go of its activations when a rhythm at another rate comes. */
    s = chain_stage(1);
    rhythmic_windows(s, 150, 180, 2.0);
    for (int k = 0; k < 4; k++) {
        cadence_window w = window(190 + 10 * k, 0.0, 0);
        bouts_window(&s->b, &s->r, &w);
    }
    assert_int_equal(s->b.restart, 1);
    rhythmic_windows(s, 230, 240, 1.4); /* neither 2 Hz nor an octave of it */
    assert_int_equal(s->b.open, 0);
    assert_int_equal(s->acts.count, 0);
    stage_free(s);
}

/* The wrist's windows may be rhythmic by a level lowered below min_confidence (cadence.h:
 * lowered): they carry a bout, but one of its windows must reach min_confidence itself before it
 * is confirmed. Desk work's arm (pc-working3) had a 4.5 s rhythm whose windows read 0.30-0.44,
 * long enough to confirm a bout on lowered windows alone. */
static void test_lowered_windows_do_not_prove(void **state)
{
    (void)state;
    stage *s = chain_stage(1);
    for (int64_t c = 150; c < 260; c += 10) {
        cadence_window w = window(c, 2.0, 1);
        w.confidence = 0.4f;
        w.lowered = 1;
        bouts_window(&s->b, &s->r, &w);
    }
    assert_int_equal(s->b.open, 1);
    assert_true(s->b.windows >= 2 * s->b.min_windows);
    assert_true(s->b.last - s->b.seg_first >= s->b.min_span);
    assert_int_equal(s->b.confirmed, 0);
    assert_int_equal(s->acts.committed, 0);
    rhythmic_windows(s, 260, 270, 2.0); /* one window at the full level */
    assert_int_equal(s->b.confirmed, 1);
    assert_true(s->acts.committed > 0);
    stage_free(s);
}

/* Gait initiation: 2 Hz movement ten times weaker (but above min_strength) before sample
 * 200, walking from then on; with `shift`, one of the weak movement's peaks (a weight shift) is
 * as strong as a step. */
static void weak_start(int shift)
{
    stage *s = stage_new(0);
    stage_signal(s, 200, 10.0, 0.05);
    stage_signal(s, 800, 10.0, 0.5);
    if (shift)
        s->value[ring_slot(&s->r, 150)] = 1.5f;
    cadence_window w;
    for (int64_t c = 150; c < 250; c += 10) {
        w = window(c, 2.0, 1);
        bouts_window(&s->b, &s->r, &w);
    }
    /* The bout opened at 160 on the weak movement and tracked back into it, but by its
     * confirmation (8 windows) its reference is the walking: what came before is taken back. */
    assert_int_equal(s->b.open, 1);
    assert_true(s->acts.committed > 0);
    assert_int_equal(s->acts.committed, s->acts.count);
    activation_record a[ACT_CAP];
    const size_t got = queue_poll(&s->acts, a, ACT_CAP);
    assert_float_equal((a[0].t - 0.02) / 0.05, 200.0, 0.5); /* the peak at the jump is skewed */
    for (size_t i = 0; i < got; i++)
        assert_true(a[i].strength > 0.5f);
    assert_float_equal(s->b.first, 200.0, 0.5);
    assert_int_equal(s->b.count, got);
    stage_free(s);
}

static void test_weak_start_trimmed(void **state)
{
    (void)state;
    weak_start(0);
    /* The strong peak among the weak movement does not keep the weak ones after it (they had
     * been counted: a lower-back walk's standing before it, its movement scaled by 1.5, gave 7
     * false steps). */
    weak_start(1);
}

/* A wrist's steps alternate (arm forward, arm back): after stillness, 2 Hz steps (a bump every
 * 10 samples, at 10k + 5) of 0.5 g, every other one of 0.06 g: above min_strength, below 0.3 of
 * the bout's reference. Three weak ones in a row from step `run` on (a pause, as far as the
 * rule is concerned). Returns the number of activations, which must lie on the steps. */
static size_t alternating_steps(int swing, int run, int *weak_counted)
{
    stage *s = stage_new(0);
    s->b.swing = swing;
    for (int k = 0; k < 1000; k++) {
        const int step = k / 10;
        const int weak = step % 2 || (step >= run && step < run + 3);
        const double h = step < 15 ? 0.0 : weak ? 0.06 : 0.5;
        const double d = (double)(k % 10) - 5.0;
        ring_put(&s->r, &(ring_sample){.value = (float)(1.0 + h * exp(-0.5 * d * d))});
    }
    rhythmic_windows(s, 150, 800, 2.0);
    assert_int_equal(s->b.confirmed, 1);
    activation_record a[ACT_CAP];
    const size_t got = queue_poll(&s->acts, a, ACT_CAP);
    *weak_counted = 0;
    for (size_t i = 0; i < got; i++) {
        const double pos = (a[i].t - 0.02) / 0.05;
        const int step = (int)lround((pos - 5.0) / 10.0);
        assert_float_equal(pos, 10.0 * step + 5.0, 0.5);
        assert_false(step >= run && step < run + 3); /* none of the three in a row */
        *weak_counted += step % 2;
    }
    stage_free(s);
    return got;
}

static void test_wrist_weak_step_counted(void **state)
{
    (void)state;
    int weak_swing, weak_other;
    const size_t swing = alternating_steps(1, 50, &weak_swing);
    const size_t other = alternating_steps(0, 50, &weak_other);
    assert_int_equal(weak_other, 0);
    assert_true(other > 20);
    /* The wrist counts every weak step between two strong ones: all but the run's. */
    assert_int_equal(weak_swing, (int)(swing - other));
    assert_true(weak_swing >= (int)other - 3);
}

/* A step placement's bout that opened on the stride (held and rhythmic windows can both read
 * it) takes the step once a rhythmic window reads it, as long as it is not yet confirmed. */
static void test_unconfirmed_takes_the_step(void **state)
{
    (void)state;
    stage *s = still_then_steps();
    rhythmic_windows(s, 200, 220, 1.0);
    assert_int_equal(s->b.open, 1);
    assert_float_equal(s->b.period, 20.0f, 1e-4);
    cadence_window w = window(220, 2.0, 1);
    bouts_window(&s->b, &s->r, &w);
    assert_float_equal(w.rate_hz, 2.0f, 1e-5);
    assert_float_equal(s->b.period, 10.0f, 1e-4);
    rhythmic_windows(s, 230, 320, 2.0);
    assert_int_equal(s->b.confirmed, 1);
    assert_float_equal(bouts_median_cadence(&s->b), 120.25f, 0.5f);
    stage_free(s);
}

/* Windows at `rate_hz` that saw the step beside the stride (cadence_window.halved), centred at
 * from, from + 10, ... below to. */
static void step_windows(stage *s, int64_t from, int64_t to, double rate_hz)
{
    for (int64_t c = from; c < to; c += 10) {
        cadence_window w = window(c, rate_hz, 1);
        w.halved = 1;
        bouts_window(&s->b, &s->r, &w);
    }
}

/* A step placement's bout confirmed on windows that all read the stride (a phone in a back
 * pocket of a slow walker: the autocorrelation at half the stride hovers about 0 between the
 * two steps' peaks) takes the step once as many windows in a row as confirm a bout have seen
 * the step beside its stride; fewer, or a run broken by a window at the stride, do not move it,
 * and a leg's bout keeps its stride. Before, a confirmed bout kept the stride for good (every
 * step reading an octave error): the back pocket walking at 76 per minute counted 128 of 257. */
static void test_confirmed_takes_the_step_seen_beside_stride(void **state)
{
    (void)state;
    for (int leg = 0; leg <= 1; leg++) {
        stage *s = stage_new(leg);
        stage_signal(s, 150, 10.0, 0.0);
        stage_signal(s, 850, 10.0, 0.25);
        rhythmic_windows(s, 200, 320, 1.0);
        assert_int_equal(s->b.confirmed, 1);
        assert_float_equal(s->b.period, 20.0f, 1e-4);
        step_windows(s, 320, 320 + 10 * (s->b.min_windows - 1), 2.0);
        rhythmic_windows(s, 390, 400, 1.0); /* the stride again: the run starts anew */
        step_windows(s, 400, 400 + 10 * (s->b.min_windows - 1), 2.0);
        assert_float_equal(s->b.period, 20.0f, 1e-4);
        step_windows(s, 470, 480, 2.0);
        assert_float_equal(s->b.period, leg ? 20.0f : 10.0f, 1e-4);
        /* Settled: windows at the stride are octave errors now, corrected up to the step. */
        cadence_window w = window(480, 1.0, 1);
        bouts_window(&s->b, &s->r, &w);
        assert_float_equal(w.rate_hz, leg ? 1.0f : 2.0f, 1e-5);
        rhythmic_windows(s, 490, 600, 1.0);
        assert_float_equal(s->b.period, leg ? 20.0f : 10.0f, 1e-4);
        /* Every activation counted, one per step from the switch on (one per stride for a
         * leg): the last ten lie a period apart. */
        assert_int_equal(s->acts.committed, s->acts.count);
        for (size_t k = s->acts.count - 10; k + 1 < s->acts.count; k++) {
            const activation_record *a = &s->act_store[(s->acts.head + k) % ACT_CAP],
                                    *b = &s->act_store[(s->acts.head + k + 1) % ACT_CAP];
            assert_float_equal(b->t - a->t, leg ? 1.0 : 0.5, 0.01);
        }
        stage_free(s);
    }
}

/* A bout that opens on a lone impact sees every later maximum as weak beside it: tracking finds
 * nothing to emit. It is taken back once tracking has gone max_pending past the impact, and the
 * steps after it make a bout of their own. */
static void test_lone_impact_let_go(void **state)
{
    (void)state;
    stage *s = still_then_steps();
    s->value[ring_slot(&s->r, 200)] = 4.0f;
    rhythmic_windows(s, 190, 800, 2.0);
    assert_int_equal(s->b.open, 1);
    assert_int_equal(s->b.confirmed, 1);
    assert_true(s->b.first > 200.0 + 5.0);
    assert_true(s->b.first < 200.0 + s->b.max_pending + 2 * s->b.half_window);
    assert_true(s->acts.committed > 0);
    stage_free(s);
}

/* The activations must span min_bout_s, or as many steps as min_bout_s holds at 100 per minute
 * where the steps are faster: a short walk counts by its steps at any cadence. Nine steps at
 * 150 per minute span 3.2 s and are confirmed; five at 75 per minute span as long and are not
 * (nor are they at 100 per minute or faster: 6.7 steps are needed). */
static size_t short_walk(double period, int steps)
{
    stage *s = stage_new(0);
    const int start = (int)(ceil(150.0 / period) * period);
    /* From a quarter period before the first peak to a quarter after the last: the steps
     * leave and join stillness at 1 g. */
    stage_signal(s, start - (int)(period / 4.0), period, 0.0);
    stage_signal(s, (int)(period * (steps - 1) + period / 2.0), period, 0.25);
    stage_signal(s, RING_CAP - 50 - (int)s->r.end, period, 0.0);
    rhythmic_windows(s, 190, 310, 20.0 / period);
    miss_windows(s, 310);
    const size_t n = s->acts.count;
    stage_free(s);
    return n;
}

static void test_short_walk_counts_steps(void **state)
{
    (void)state;
    assert_int_equal(short_walk(8.0, 9), 9);   /* 150/min, 3.2 s */
    assert_int_equal(short_walk(16.0, 5), 0);  /* 75/min, 3.2 s */
    assert_int_equal(short_walk(8.0, 7), 0);   /* 150/min, 6 intervals < 6.7 */
    assert_int_equal(short_walk(12.0, 9), 9);  /* 100/min, 4.8 s: min_bout_s itself */
}

static void test_steady_windows_and_rollback(void **state)
{
    (void)state;
    stage *s = stage_new(0);
    /* 0.25 g at 2 Hz (period 10 samples), from sample 0 on. */
    stage_signal(s, 300, 10.0, 0.25);
    cadence_window w = window(150, 2.0, 1);
    bouts_window(&s->b, &s->r, &w);
    assert_int_equal(s->b.open, 0); /* one periodic-looking window is not a rhythm */
    w = window(160, 2.0, 1);
    bouts_window(&s->b, &s->r, &w);
    assert_int_equal(s->b.open, 1);
    /* Anchored at the centre (160), tracked back towards the window's left edge (60: the
     * search there needs samples before it, so 70 is the first) and forward to its right edge
     * (260): peaks at 70, 80, ..., 250. Their span (180 samples) is more than min_bout_s (80):
     * the bout is confirmed and they are committed. */
    const size_t n1 = s->acts.count;
    assert_true(n1 >= 18 && n1 <= 21);
    /* Their span (180 samples) is more than min_bout_s (80), but the rhythm has held for two
     * windows only (the one before the bout counts: its centre lies within the activations):
     * they stay provisional until it has held for min_windows. */
    assert_int_equal(s->acts.committed, 0);
    for (int64_t c = 170; c < 220; c += 10) {
        w = window(c, 2.0, 1);
        bouts_window(&s->b, &s->r, &w);
        assert_int_equal(s->acts.committed, 0);
    }
    w = window(220, 2.0, 1);
    bouts_window(&s->b, &s->r, &w);
    assert_true(s->acts.count >= n1);
    assert_int_equal(s->acts.committed, s->acts.count);
    activation_record a[ACT_CAP];
    size_t got = queue_poll(&s->acts, a, ACT_CAP);
    for (size_t i = 0; i < got; i++) {
        const double pos = (a[i].t - 0.02) / 0.05; /* back to analysis samples */
        assert_float_equal(pos, 10.0 * lround(pos / 10.0), 0.01);
        assert_float_equal(a[i].period_s, 0.5, 1e-5);
        assert_float_equal(a[i].strength, 0.5, 0.01);
        if (i)
            assert_float_equal(a[i].t - a[i - 1].t, 0.5, 1e-3);
    }
    /* The rhythm stops (stillness after sample 300): the bout survives BOUTS_MAX_MISSES
     * windows without rhythm, then closes with one record. */
    stage_signal(s, 300, 10.0, 0.0);
    for (int k = 0; k <= BOUTS_MAX_MISSES; k++) {
        assert_int_equal(s->b.open, 1);
        w = window(400 + 10 * k, 0.0, 0);
        bouts_window(&s->b, &s->r, &w);
    }
    assert_int_equal(s->b.open, 0);
    calfpump_bout rec;
    assert_int_equal(queue_poll(&s->bout_records, &rec, 1), 1);
    assert_int_equal(rec.activations, got);
    assert_float_equal(rec.cadence_per_min, 120.0, 0.5);
    assert_int_equal(rec.kind, CALFPUMP_BOUT_WALKING);
    assert_int_equal(s->b.total_activations, got);

    /* A second rhythm, 3 s long (60 samples, within stillness): the window sees it, the bout
     * opens, but it ends before min_bout_s (80 samples): everything is taken back. */
    ring_restart(&s->r, 1000); /* fresh part of the ring, far from the first bout */
    stage_signal(s, 100, 10.0, 0.0);
    stage_signal(s, 60, 10.0, 0.25);
    stage_signal(s, 100, 10.0, 0.0);
    rhythmic_windows(s, 1130, 1150, 2.0);
    assert_int_equal(s->b.open, 1);
    assert_true(queue_provisional_count(&s->acts) >= 5);
    assert_int_equal(s->acts.committed, 0);
    miss_windows(s, 1150);
    assert_int_equal(s->b.open, 0);
    assert_int_equal(s->acts.count, 0);
    assert_int_equal(queue_poll(&s->bout_records, &rec, 1), 0);

    /* A third one, 8 s long: its activations span more than min_bout_s, but the windows agree
     * for three hops only (as when arm movements line up by chance): taken back as well. */
    ring_restart(&s->r, 2000);
    stage_signal(s, 100, 10.0, 0.0);
    stage_signal(s, 160, 10.0, 0.25);
    stage_signal(s, 100, 10.0, 0.0);
    for (int64_t c = 2150; c <= 2180; c += 10) {
        w = window(c, 2.0, 1);
        bouts_window(&s->b, &s->r, &w);
    }
    assert_true(s->b.last - s->b.first >= s->b.min_span);
    miss_windows(s, 2190);
    assert_int_equal(s->b.open, 0);
    assert_int_equal(s->acts.count, 0);
    assert_int_equal(queue_poll(&s->bout_records, &rec, 1), 0);
    assert_int_equal(s->b.total_activations, got);
    assert_int_equal(s->b.total_bouts, 1);
    stage_free(s);
}

/* The median of bins counted[0..BOUTS_HIST_BINS) as the stage defines it: the first bin at which
 * more than half of the windows are counted, per minute. */
static float reference_median(const uint32_t *counted)
{
    uint32_t n = 0, seen = 0;
    for (int i = 0; i < BOUTS_HIST_BINS; i++)
        n += counted[i];
    for (int i = 0; i < BOUTS_HIST_BINS; i++)
        if (2 * (seen += counted[i]) > n)
            return ((float)i + 0.5f) * 0.5f;
    return 0.0f;
}

/* The bout's median-cadence histogram holds only the bins it counted (BOUTS_HIST_SLOTS): exact
 * against a full histogram up to that many bins; then a new bin counts at the nearest one held,
 * and a bin at BOUTS_HIST_MAX halves every count. */
static void test_median_histogram(void **state)
{
    (void)state;
    stage *s = stage_new(0);
    bouts *b = &s->b;
    static uint32_t counted[BOUTS_HIST_BINS];
    uint64_t rng = 5;
    for (int trial = 0; trial < 20; trial++) {
        memset(counted, 0, sizeof counted);
        b->hist_used = 0;
        b->hist_n = 0;
        assert_true(bouts_median_cadence(b) == 0.0f);
        /* A walk drifting within 100 bins (50 per minute), as many windows as an hour. */
        const int base = 100 + 40 * trial;
        for (int k = 0; k < 7200; k++) {
            const int bin = base + (int)(synth_next(&rng) % 100);
            bouts_count_rate(b, bin);
            counted[bin]++;
            if (k % 97 == 0 || k == 7199)
                assert_true(bouts_median_cadence(b) == reference_median(counted));
        }
    }
    /* Full: every other bin from 0 held once; a new bin counts at the nearest one held. */
    b->hist_used = 0;
    b->hist_n = 0;
    for (int k = 0; k < BOUTS_HIST_SLOTS; k++)
        bouts_count_rate(b, 2 * k);
    bouts_count_rate(b, 1000);                   /* beyond every bin held: the last */
    bouts_count_rate(b, 5);                      /* between 4 and 6: 6 (the upper on a tie) */
    bouts_count_rate(b, 7);                      /* 8 */
    assert_int_equal(b->hist_used, BOUTS_HIST_SLOTS);
    assert_int_equal(b->hist[BOUTS_HIST_SLOTS - 1].n, 2);
    assert_int_equal(b->hist[2].n, 1);
    assert_int_equal(b->hist[3].n, 1 + 1);
    assert_int_equal(b->hist[4].n, 1 + 1);
    assert_int_equal(b->hist_n, BOUTS_HIST_SLOTS + 3);
    /* One bin reaching BOUTS_HIST_MAX: every count halved, none dropped to 0. */
    b->hist_used = 0;
    b->hist_n = 0;
    bouts_count_rate(b, 300);
    for (int k = 0; k < BOUTS_HIST_MAX + 1; k++)
        bouts_count_rate(b, 240);
    assert_int_equal(b->hist_used, 2);
    assert_int_equal(b->hist[0].n, (BOUTS_HIST_MAX + 1) / 2 + 1);
    assert_int_equal(b->hist[1].n, 1);
    assert_int_equal(b->hist_n, b->hist[0].n + 1);
    assert_true(bouts_median_cadence(b) == 120.25f);
    stage_free(s);
}

/* ---- through the public API -------------------------------------------------------------- */

#define RATE 100.0

typedef struct run {
    calfpump_result *res;
    const calfpump_activation *act;
    size_t n_act;
    const calfpump_cadence *cad;
    size_t n_cad;
    const calfpump_bout *bout;
    size_t n_bout;
} run;

static run analyze_at(const float *x, size_t frames, double rate, int channels, int placement,
                      int side, float min_bout_s)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.sample_rate_hz = rate;
    cfg.channels = channels;
    cfg.placement = placement;
    cfg.side = side;
    cfg.min_bout_s = min_bout_s;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    run r = {0};
    assert_int_equal(calfpump_analyze(h, x, frames, &r.res), CALFPUMP_OK);
    r.act = calfpump_result_activations(r.res, &r.n_act);
    r.cad = calfpump_result_cadence(r.res, &r.n_cad);
    r.bout = calfpump_result_bouts(r.res, &r.n_bout);
    calfpump_destroy(h);
    return r;
}

static run analyze(const float *x, size_t frames, int placement, int side, float min_bout_s)
{
    return analyze_at(x, frames, RATE, 3, placement, side, min_bout_s);
}

static float *frames_alloc(double seconds, size_t *frames)
{
    *frames = (size_t)(seconds * RATE);
    float *x = malloc(*frames * 3 * sizeof *x);
    assert_non_null(x);
    return x;
}

/* A lower-back walk (tests/synth.h: 1.8 steps/s, 0.25 g, harmonics, noise) in [start, end];
 * stillness elsewhere. */
static float *walk(double seconds, double start, double end, uint64_t seed, size_t *frames)
{
    float *x = frames_alloc(seconds, frames);
    synth_walk w = synth_default(RATE, 3, seconds);
    w.walk_start_s = start;
    w.walk_end_s = end;
    w.seed = seed;
    synth_fill(&w, x, *frames);
    return x;
}

/* The synthetic walk's noiseless acceleration magnitude at time t (what the analysis sees). */
static double clean_magnitude(const synth_walk *w, double t)
{
    const double e = synth_envelope(w, t) * w->amp_g;
    const double ph = 2.0 * M_PI * w->step_hz * (t - w->walk_start_s);
    const double vert = e * (sin(ph) + w->h2 * sin(2.0 * ph + 0.6) + w->h3 * sin(3.0 * ph + 1.3));
    const double ap = 0.5 * e * sin(ph + 1.0), ml = 0.15 * e * sin(0.5 * ph + 0.4);
    return sqrt(ap * ap + ml * ml + (1.0 + vert) * (1.0 + vert));
}

/* Activations in [w->walk_start_s, w->walk_end_s] are in order, regularly spaced (no double and
 * no missed step inside a bout), and each lies on a step: within 0.06 s (a little more than one
 * analysis sample) of the maximum of the noiseless magnitude in the step cycle around it.
 * Returns how many lie in the walk. */
static size_t check_steps(const run *r, const synth_walk *w)
{
    const double period = 1.0 / w->step_hz, start = w->walk_start_s, end = w->walk_end_s;
    size_t inside = 0;
    for (size_t i = 0; i < r->n_act; i++) {
        const double t = r->act[i].t;
        if (t < start || t > end)
            continue;
        inside++;
        /* The cycle around the activation: half a period either side of it. */
        double best_t = t, best = -1.0;
        for (double u = t - period / 2; u < t + period / 2; u += 0.001) {
            const double v = clean_magnitude(w, u);
            if (v > best) {
                best = v;
                best_t = u;
            }
        }
        if (fabs(t - best_t) > 0.06) {
            print_error("activation %zu at %.3f s, the step's maximum is at %.3f s\n", i, t,
                        best_t);
            fail();
        }
        if (i > 0 && r->act[i - 1].t >= start) {
            const double dt = t - r->act[i - 1].t;
            if (fabs(dt - period) > 0.3 * period) {
                print_error("activations %zu and %zu are %.3f s apart, period %.3f s\n", i - 1,
                            i, dt, period);
                fail();
            }
        }
    }
    return inside;
}

static void test_clean_walk_one_bout(void **state)
{
    (void)state;
    size_t n;
    const double start = 10.0, end = 70.0;
    float *x = walk(90.0, start, end, 3, &n);
    synth_walk w = synth_default(RATE, 3, 90.0);
    w.walk_start_s = start;
    w.walk_end_s = end;
    run r = analyze(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, CALFPUMP_SIDE_UNKNOWN, 4.0f);
    const double truth = w.step_hz * (end - start); /* 108 steps */
    print_message("clean walk: %zu activations (truth %.0f), %zu bouts\n", r.n_act, truth,
                  r.n_bout);
    assert_int_equal(r.n_bout, 1);
    /* The 0.5 s amplitude ramps at the ends may cost a step at each end, no more. */
    assert_true(r.n_act >= truth - 2 && r.n_act <= truth + 1);
    assert_int_equal(check_steps(&r, &w), r.n_act);
    assert_int_equal(r.bout[0].activations, r.n_act);
    assert_true(fabs(r.bout[0].start - start) < 1.0 && fabs(r.bout[0].end - end) < 1.0);
    assert_true(r.bout[0].start == r.act[0].t && r.bout[0].end == r.act[r.n_act - 1].t);
    assert_true(fabs(r.bout[0].steps_per_min - 60.0 * w.step_hz) <= 1.0);
    assert_int_equal(r.bout[0].kind, CALFPUMP_BOUT_WALKING);
    for (size_t i = 0; i < r.n_act; i++) {
        assert_int_equal(r.act[i].kind, CALFPUMP_KIND_STEP);
        assert_float_equal(r.act[i].period_s, 1.0 / w.step_hz, 0.02);
    }
    const calfpump_summary *s = calfpump_result_summary(r.res);
    assert_int_equal(s->activations, r.n_act);
    assert_int_equal(s->steps, r.n_act);
    assert_int_equal(s->bouts, 1);
    calfpump_result_free(r.res);
    free(x);
}

/* Longest run of consecutive rhythmic cadence windows. */
static int longest_rhythmic_run(const run *r)
{
    int now = 0, longest = 0;
    for (size_t i = 0; i < r->n_cad; i++) {
        now = r->cad[i].rhythmic ? now + 1 : 0;
        longest = now > longest ? now : longest;
    }
    return longest;
}

static void test_short_rhythm_no_activations(void **state)
{
    (void)state;
    size_t n;
    /* 3 s of walking (about 5 steps) in stillness. The cadence stage sees the rhythm (several
     * rhythmic windows in a row), and with min_bout_s 2 there are activations; with the default
     * min_bout_s 4 the bout is too short and everything is taken back. */
    float *x = walk(40.0, 20.0, 23.0, 5, &n);
    run r = analyze(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, CALFPUMP_SIDE_UNKNOWN, 2.0f);
    print_message("3 s walk, min_bout_s 2: %zu activations, %zu bouts (%d rhythmic windows in a "
                  "row)\n",
                  r.n_act, r.n_bout, longest_rhythmic_run(&r));
    assert_true(longest_rhythmic_run(&r) >= 2);
    assert_int_equal(r.n_bout, 1);
    assert_true(r.n_act >= 4 && r.n_act <= 6);
    calfpump_result_free(r.res);
    r = analyze(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, CALFPUMP_SIDE_UNKNOWN, 4.0f);
    print_message("3 s walk, min_bout_s 4: %zu activations, %zu bouts\n", r.n_act, r.n_bout);
    assert_int_equal(r.n_act, 0);
    assert_int_equal(r.n_bout, 0);
    const calfpump_summary *s = calfpump_result_summary(r.res);
    assert_int_equal(s->activations, 0);
    assert_int_equal(s->bouts, 0);
    calfpump_result_free(r.res);
    free(x);

    /* 9 s of walking: 16 steps with min_bout_s 4; none with min_bout_s 12 (longer than the
     * walk), though the rhythm is there for many windows. */
    x = walk(40.0, 15.0, 24.0, 5, &n);
    r = analyze(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, CALFPUMP_SIDE_UNKNOWN, 4.0f);
    print_message("9 s walk, min_bout_s 4: %zu activations, %zu bouts\n", r.n_act, r.n_bout);
    assert_int_equal(r.n_bout, 1);
    assert_true(r.n_act >= 14 && r.n_act <= 17); /* 16.2 steps */
    calfpump_result_free(r.res);
    r = analyze(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, CALFPUMP_SIDE_UNKNOWN, 12.0f);
    print_message("9 s walk, min_bout_s 12: %zu activations, %zu bouts (%d rhythmic windows in "
                  "a row)\n",
                  r.n_act, r.n_bout, longest_rhythmic_run(&r));
    assert_true(longest_rhythmic_run(&r) >= 10);
    assert_int_equal(r.n_act, 0);
    assert_int_equal(r.n_bout, 0);
    calfpump_result_free(r.res);
    free(x);
}

static void test_two_walks_two_bouts(void **state)
{
    (void)state;
    size_t n;
    /* Walks in [10, 40] and [80, 110]: two synth walks spliced in the stillness at 60 s. */
    float *x = walk(130.0, 10.0, 40.0, 7, &n);
    size_t n2;
    float *y = walk(130.0, 80.0, 110.0, 8, &n2);
    const size_t splice = (size_t)(60.0 * RATE);
    memcpy(x + 3 * splice, y + 3 * splice, (n - splice) * 3 * sizeof *x);
    free(y);
    run r = analyze(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, CALFPUMP_SIDE_UNKNOWN, 4.0f);
    print_message("two walks: %zu activations, %zu bouts\n", r.n_act, r.n_bout);
    assert_int_equal(r.n_bout, 2);
    synth_walk w1 = synth_default(RATE, 3, 130.0), w2 = w1;
    w1.walk_start_s = 10.0;
    w1.walk_end_s = 40.0;
    w2.walk_start_s = 80.0;
    w2.walk_end_s = 110.0;
    const double truth = w1.step_hz * 30.0; /* 54 per walk */
    const size_t in1 = check_steps(&r, &w1);
    const size_t in2 = check_steps(&r, &w2);
    assert_int_equal(in1 + in2, r.n_act); /* none in the stillness */
    assert_true(in1 >= truth - 2 && in1 <= truth + 1);
    assert_true(in2 >= truth - 2 && in2 <= truth + 1);
    assert_int_equal(r.bout[0].activations, in1);
    assert_int_equal(r.bout[1].activations, in2);
    assert_true(fabs(r.bout[0].start - 10.0) < 1.0 && fabs(r.bout[0].end - 40.0) < 1.0);
    assert_true(fabs(r.bout[1].start - 80.0) < 1.0 && fabs(r.bout[1].end - 110.0) < 1.0);
    const calfpump_summary *s = calfpump_result_summary(r.res);
    assert_int_equal(s->bouts, 2);
    assert_float_equal(s->active_s, (r.bout[0].end - r.bout[0].start) +
                                        (r.bout[1].end - r.bout[1].start), 1e-6);
    calfpump_result_free(r.res);
    free(x);
}

/* Random impulses: step-like transients (a 0.3 g heel-strike bump and its rebound dip) at
 * irregular intervals, uniform in 0.25..1.25 s, on z; RMS like the synthetic walk. */
static float *impulses(double seconds, uint64_t seed, size_t *frames)
{
    float *x = frames_alloc(seconds, frames);
    uint64_t st = seed;
    double next = 0.5, times[512];
    int n_t = 0;
    while (next < seconds && n_t < 512) {
        times[n_t++] = next;
        next += 0.75 + 0.5 * synth_uniform(&st);
    }
    for (size_t i = 0; i < *frames; i++) {
        const double t = (double)i / RATE;
        double v = 0.0;
        for (int k = 0; k < n_t; k++) {
            const double d = t - times[k];
            if (d > -0.5 && d < 0.5)
                v += 0.3 * exp(-0.5 * (d / 0.04) * (d / 0.04)) -
                     0.15 * exp(-0.5 * ((d - 0.12) / 0.07) * ((d - 0.12) / 0.07));
        }
        x[3 * i + 0] = (float)(0.01 * synth_uniform(&st));
        x[3 * i + 1] = (float)(0.01 * synth_uniform(&st));
        x[3 * i + 2] = (float)(1.0 + v + 0.01 * synth_uniform(&st));
    }
    return x;
}

/* Irregular arm-like movement: each axis low-pass filtered noise (two one-pole stages, corner
 * about 1.5 Hz), scaled to about 0.15 g RMS, with gravity turning slowly between the axes. */
static float *arm_movement(double seconds, uint64_t seed, size_t *frames)
{
    float *x = frames_alloc(seconds, frames);
    uint64_t st = seed;
    const double a = exp(-2.0 * M_PI * 1.5 / RATE);
    double s1[3] = {0}, s2[3] = {0};
    for (size_t i = 0; i < *frames; i++) {
        const double t = (double)i / RATE;
        const double tilt = 0.6 * sin(2.0 * M_PI * 0.05 * t);
        const double g[3] = {sin(tilt), 0.0, cos(tilt)};
        for (int c = 0; c < 3; c++) {
            s1[c] = a * s1[c] + (1.0 - a) * synth_uniform(&st);
            s2[c] = a * s2[c] + (1.0 - a) * s1[c];
            x[3 * i + c] = (float)(g[c] + 4.0 * s2[c]);
        }
    }
    return x;
}

/* White noise on three axes, uniform +-amp around 1 g on z. */
static float *white_noise(double seconds, double amp, uint64_t seed, size_t *frames)
{
    float *x = frames_alloc(seconds, frames);
    uint64_t st = seed;
    for (size_t i = 0; i < 3 * *frames; i++)
        x[i] = (float)((i % 3 == 2 ? 1.0 : 0.0) + amp * synth_uniform(&st));
    return x;
}

/* Analyses a movement that is not walking (and frees it); returns the activations plus bouts
 * found, which should be none. The cadence windows' mean amplitude must exceed min_amp (several
 * times min_amplitude_g, 0.02 g), so that the amplitude test cannot be what rejects it. */
static size_t not_walking(float *x, size_t n, int placement, const char *what, uint64_t seed,
                          double min_amp)
{
    run r = analyze(x, n, placement, CALFPUMP_SIDE_UNKNOWN, 4.0f);
    double amp = 0.0;
    for (size_t i = 0; i < r.n_cad; i++)
        amp += r.cad[i].amplitude_g;
    amp = r.n_cad ? amp / (double)r.n_cad : 0.0;
    print_message("%s, seed %d: %zu activations, %zu bouts, mean amplitude %.3f g\n", what,
                  (int)seed, r.n_act, r.n_bout, amp);
    assert_true(amp > min_amp);
    const size_t found = r.n_act + r.n_bout;
    calfpump_result_free(r.res);
    free(x);
    return found;
}

static void test_noise_no_activations(void **state)
{
    (void)state;
    size_t total = 0, n;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        float *x = white_noise(120.0, 0.6, seed, &n);
        total += not_walking(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, "white noise", seed, 0.1);
    }
    assert_int_equal(total, 0);
}

/* The wrist's rhythm test (cadence.c, swing_periodicity) weighs the stride-averaged periodicity
 * against the level chance reaches for a signal as smooth as the window: slow arm movement
 * correlates with itself over long lags, and was taken for walking at 30-75 per minute by the
 * single-maximum test (on 36 seeds of 120 s: 67 false steps on 6 seeds; 38 on 3 with this test;
 * 12 on 1, seed 26, since the wrist's hold at the bout's stride, and still with its chain; white
 * noise none). */
static void test_wrist_not_walking(void **state)
{
    (void)state;
    size_t total = 0, n;
    for (uint64_t seed = 1; seed <= 8; seed++) {
        float *x = arm_movement(120.0, seed, &n);
        total += not_walking(x, n, CALFPUMP_PLACEMENT_WRIST, "arm movement", seed, 0.05);
        x = white_noise(120.0, 0.6, seed, &n);
        total += not_walking(x, n, CALFPUMP_PLACEMENT_WRIST, "white noise", seed, 0.1);
    }
    assert_int_equal(total, 0);
}

/* White noise as a wrist device's own magnitude at 12.5 Hz (three axes of uniform +-0.6 g around
 * 1 g, one value per sample), 100 seeds of 120 s: at most the controls' bar of 1 false step per
 * minute. The wrist's rhythm needs SWING_CONFIDENCE_SHARE of min_confidence (cadence.c): at 0.5
 * this gave 254 false steps (1.27/min, 6 seeds), at 0.53 191 (0.96/min, 4 seeds); over 1000
 * seeds 0.35 and 0.25/min. */
static void test_wrist_noise_magnitude(void **state)
{
    (void)state;
    const double rate = 12.5, seconds = 120.0;
    const size_t n = (size_t)(seconds * rate);
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    size_t total = 0;
    for (uint64_t seed = 1; seed <= 100; seed++) {
        uint64_t st = seed;
        for (size_t i = 0; i < n; i++) {
            const double ax = 0.6 * synth_uniform(&st), ay = 0.6 * synth_uniform(&st);
            const double az = 1.0 + 0.6 * synth_uniform(&st);
            x[i] = (float)sqrt(ax * ax + ay * ay + az * az);
        }
        run r = analyze_at(x, n, rate, 1, CALFPUMP_PLACEMENT_WRIST, CALFPUMP_SIDE_UNKNOWN, 4.0f);
        total += r.n_act;
        calfpump_result_free(r.res);
    }
    free(x);
    print_message("white noise as a 12.5 Hz magnitude: %zu false steps in 100 x 120 s\n", total);
    assert_true((double)total <= 100.0 * seconds / 60.0);
}

/* A wrist's movement as a function of time, so that every rate samples the same one: gestures
 * (bumps of random size, sign and width, 0.3-3 s apart) and four bursts of arm rhythm of
 * burst_s (a bump every 0.83 s, jittered by up to 50 ms), as desk work's arm has now and then
 * (pc-working3: some 5 s at 72 per minute). Returns the number of bumps written to b. */
typedef struct arm_bump {
    double t, h, w;
} arm_bump;

static size_t arm_bursts(arm_bump *b, size_t cap, double seconds, double burst_s, uint64_t seed)
{
    uint64_t st = seed;
    size_t n = 0;
    for (double t = 0.0; n < cap && t < seconds; t += 1.65 + 1.35 * synth_uniform(&st))
        b[n++] = (arm_bump){t, 0.3 * synth_uniform(&st), 0.14 + 0.06 * synth_uniform(&st)};
    const double starts[] = {15.0, 45.0, 75.0, 100.0};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
        for (double t = 0.0; n < cap && t < burst_s; t += 0.83)
            b[n++] = (arm_bump){starts[k] + t + 0.05 * synth_uniform(&st), 0.4, 0.1};
    return n;
}

/* The magnitude (g) at time t. */
static double arm_at(const arm_bump *b, size_t n, double t)
{
    double v = 1.0;
    for (size_t i = 0; i < n; i++) {
        const double u = (t - b[i].t) / b[i].w;
        if (fabs(u) < 5.0)
            v += b[i].h * exp(-0.5 * u * u);
    }
    return v;
}

/* The movement f(b, nb, t) sampled at each of the rates as a magnitude and analysed at
 * `placement`: each rate's count is added to total[] and written into counts (64 characters);
 * returns how far apart the counts lie. x holds seconds at the highest rate. */
typedef double (*movement_at)(const arm_bump *b, size_t nb, double t);
static size_t counts_at_rates(const arm_bump *b, size_t nb, movement_at f, double seconds,
                              const double *rates, size_t n_rates, int placement, float *x,
                              size_t *total, char *counts)
{
    size_t lo = SIZE_MAX, hi = 0;
    counts[0] = '\0';
    for (size_t k = 0; k < n_rates; k++) {
        const size_t n = (size_t)(seconds * rates[k]);
        for (size_t i = 0; i < n; i++)
            x[i] = (float)f(b, nb, (double)i / rates[k]);
        run r = analyze_at(x, n, rates[k], 1, placement, CALFPUMP_SIDE_UNKNOWN, 4.0f);
        total[k] += r.n_act;
        lo = r.n_act < lo ? r.n_act : lo;
        hi = r.n_act > hi ? r.n_act : hi;
        snprintf(counts + strlen(counts), 64 - strlen(counts), " %zu", r.n_act);
        calfpump_result_free(r.res);
    }
    return hi - lo;
}

/* The same arm movement sampled at 12.5, 25, 50 and 100 Hz gives about the same steps, whether
 * its bursts count as short walks or not (min_bout_s decides that, not the rate): over 20
 * recordings the totals at each rate within 5 % of the 12.5 Hz one, and the counts of one
 * recording apart by 2 on average (a burst near a threshold may still count at one rate only).
 * The wrist used to look +-1 sample around each stride multiple (80 ms at 12.5 Hz, 40 ms at
 * 25 Hz) with a parabola through three lags (low at 12.5 Hz), hop 0.48 s at 12.5 Hz and 0.52 s
 * at 25 Hz with 9 and 8 windows to confirm a bout, and a window of 9.92 s at 12.5 Hz: totals
 * 507, 395, 383 and 447 steps, counts apart by 10 on average (13, 29, 29 and 22 on one). */
static void test_wrist_rate_independent(void **state)
{
    (void)state;
    enum { RATES = 4, SEEDS = 10 };
    const double seconds = 120.0, rates[RATES] = {12.5, 25.0, 50.0, 100.0}, burst_s[] = {5.0, 6.0};
    arm_bump b[256];
    float *x = malloc((size_t)(seconds * 100.0) * sizeof *x);
    assert_non_null(x);
    size_t total[RATES] = {0}, spread = 0, recordings = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++)
        for (size_t j = 0; j < sizeof burst_s / sizeof *burst_s; j++) {
            const size_t nb = arm_bursts(b, 256, seconds, burst_s[j], seed);
            char counts[64];
            spread += counts_at_rates(b, nb, arm_at, seconds, rates, RATES,
                                      CALFPUMP_PLACEMENT_WRIST, x, total, counts);
            print_message("arm bursts of %.0f s, seed %d: steps at 12.5/25/50/100 Hz:%s\n",
                          burst_s[j], (int)seed, counts);
            recordings++;
        }
    free(x);
    print_message("totals %zu %zu %zu %zu, counts apart by %zu in all\n", total[0], total[1],
                  total[2], total[3], spread);
    assert_true(total[0] >= 100); /* bursts counted at all: the rates are compared on something */
    for (size_t k = 1; k < RATES; k++)
        assert_true(fabs((double)total[k] - (double)total[0]) <= 0.05 * (double)total[0]);
    assert_true(spread <= 2 * recordings);
}

/* A brisk walk at the wrist: 2.7 steps/s (162 per minute) for 60 s between 10 s of stillness,
 * as a magnitude. The arm swings once per stride (0.08 g at half the step rate); each heel
 * strike adds a bump (0.05 s SD), larger with the arm forward (every other step), and the steps
 * jitter by +-2 %. Some 0.1 g RMS: a walk, not a run. */
static double brisk_wrist_at(double t)
{
    const double hz = 2.7, start = 10.0, end = 70.0;
    if (t < start || t > end)
        return 1.0;
    double v = 1.0 + 0.08 * sin(M_PI * hz * (t - start));
    const long k0 = (long)floor((t - start) * hz);
    for (long k = k0 - 2; k <= k0 + 2; k++) {
        uint64_t st = (uint64_t)(k + 100);
        const double tk = start + (k + 0.02 * synth_uniform(&st)) / hz, d = (t - tk) / 0.05;
        if (tk >= start && tk <= end)
            v += ((k & 1) ? 0.15 : 0.3) * exp(-0.5 * d * d);
    }
    return v;
}

/* The running rule (cadence.c: a step faster than RUN_STEP_HZ needs RUN_MIN_RMS) is a time, the
 * same at every rate. It was a whole number of analysis samples rounded up, so its limit depended
 * on the rate: 150 steps per minute at 12.5 Hz (5 samples), 167 at 25 Hz, 171 at 20 Hz; a watch's
 * own 12.5 Hz magnitude of this walk read the arm's stride (81 per minute) and counted half of
 * its steps, where 25 and 50 Hz counted them all (the development set's fast walk with every
 * time x0.85: 118 of 260 steps at 12.2 Hz, 233 at 14.4 Hz). */
static void test_wrist_brisk_walk_at_every_rate(void **state)
{
    (void)state;
    const double seconds = 80.0, rates[] = {12.5, 25.0, 50.0};
    const double steps = 60.0 * 2.7;
    float *x = malloc((size_t)(seconds * 50.0) * sizeof *x);
    assert_non_null(x);
    for (size_t k = 0; k < sizeof rates / sizeof *rates; k++) {
        const size_t n = (size_t)(seconds * rates[k]);
        for (size_t i = 0; i < n; i++)
            x[i] = (float)brisk_wrist_at((double)i / rates[k]);
        run r = analyze_at(x, n, rates[k], 1, CALFPUMP_PLACEMENT_WRIST, CALFPUMP_SIDE_UNKNOWN,
                           4.0f);
        print_message("brisk walk at the wrist, %.1f Hz: %zu steps of %.0f\n", rates[k], r.n_act,
                      steps);
        assert_true(r.n_act >= 0.9 * steps && r.n_act <= steps + 2);
        calfpump_result_free(r.res);
    }
    free(x);
}

/* A lab course at the lower back (mobgap's Test11 walks so): steps 0.56 s apart, each interval
 * off by a normal 12 %, and every 14 s a 2.5 s turn of slower (0.75 s), weaker steps. Each
 * step is a sharp vertical bump (heel strike) and a slower dip after it. Returns the steps. */
static size_t course_steps(arm_bump *st, size_t cap, double seconds, uint64_t seed)
{
    uint64_t g = seed;
    size_t n = 0;
    for (double t = 5.0; n < cap && t < seconds - 5.0; n++) {
        const double lap = fmod(t - 5.0, 14.0);
        const int turn = lap > 10.0 && lap < 12.5;
        st[n] = (arm_bump){t, (turn ? 0.5 : 1.0) * (1.0 + 0.2 * synth_gauss(&g)), 0.0};
        t += (turn ? 0.75 : 0.56) * (1.0 + 0.12 * synth_gauss(&g));
    }
    return n;
}

static double course_at(const arm_bump *st, size_t n, double t)
{
    double v = 1.0;
    for (size_t i = 0; i < n; i++) {
        const double d = t - st[i].t;
        if (d > -0.5 && d < 0.8)
            v += st[i].h * (0.3 * exp(-d * d / (2.0 * 0.04 * 0.04)) -
                            0.12 * exp(-(d - 0.2) * (d - 0.2) / (2.0 * 0.1 * 0.1)));
    }
    return v;
}

/* The same irregular course at 20, 25, 50, 64 and 100 Hz (analysis rates 20, 25, 25, 21.3 and 20
 * Hz) gives about the same steps: the windows are hop_s apart at every rate (a rounded hop was
 * 0.52 s at 25 Hz), the held windows before a bout's first rhythmic one count towards
 * confirming it (which window reaches min_confidence first depends on where they fall), and a
 * weak anchor gives way to its neighbour. Before, over these 40 seeds: counts apart by 99 in
 * all, up to 7 in one recording (seed 26: 127/126/127/127/133); now 79, at most 3. */
static void test_trunk_rate_independent(void **state)
{
    (void)state;
    enum { RATES = 5, SEEDS = 40 };
    const double seconds = 90.0, rates[RATES] = {20.0, 25.0, 50.0, 64.0, 100.0};
    arm_bump st[256];
    float *x = malloc((size_t)(seconds * 100.0) * sizeof *x);
    assert_non_null(x);
    size_t spread = 0, steps = 0, total[RATES] = {0};
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        const size_t ns = course_steps(st, 256, seconds, seed);
        char counts[64];
        const size_t apart = counts_at_rates(st, ns, course_at, seconds, rates, RATES,
                                             CALFPUMP_PLACEMENT_LOWER_BACK, x, total, counts);
        if (apart > 2)
            print_message("course, seed %d (%zu steps): at 20/25/50/64/100 Hz:%s\n", (int)seed,
                          ns, counts);
        assert_true(apart <= 4);
        spread += apart;
        steps += ns;
    }
    free(x);
    print_message("counts apart by %zu in all\n", spread);
    for (size_t k = 0; k < RATES; k++)
        assert_true((double)total[k] >= 0.9 * (double)steps); /* the course is counted at all */
    assert_true(10 * spread <= 22 * SEEDS);
}

/* Known failure (not run by default; the disabled ctest test_bouts_known_failures, or
 * `test_bouts --known-failures`). Random impulses at the lower back (one every 0.75-1.25 s, so
 * an irregular 60 per minute), with most of their power below ~3 Hz, are taken for a rhythm now
 * and then (seeds 1-3: 12, 14 and 16 activations). Over 40 seeds of 120 s: 568 activations in 28
 * recordings; 445 in 22 before the held windows before a bout counted towards confirming it
 * (the same walk at every rate, test_trunk_rate_independent), 136 in 10 before held windows
 * counted half at all, which found an irregular 10 s walk on the mobgap course (its step times
 * vary more than these). Likely
 * causes: the normalised autocorrelation is divided by the Hann window's own autocorrelation,
 * which is down to 0.17 at the longest lag searched (half the window), so chance correlations of
 * a few slow swings at long lags are inflated past min_confidence; and two consecutive windows
 * share 95 % of their samples (hop 0.5 s, window 10 s), so "two agreeing windows" adds little
 * independent evidence. (The wrist's arm movement, once here too, is test_wrist_not_walking.) */
static void test_known_failure_irregular_movement(void **state)
{
    (void)state;
    size_t total = 0, n;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        float *x = impulses(120.0, seed, &n);
        total += not_walking(x, n, CALFPUMP_PLACEMENT_LOWER_BACK, "impulses", seed, 0.05);
    }
    assert_int_equal(total, 0);
}

/* Known failure. Rhythmic arm work without walking at the wrist: scrubbing (bursts of 3-15 s of
 * a 1-3 Hz back-and-forth, 0.1-0.5 g along one axis with its second harmonic on another, 0.5-5 s
 * apart). A watch's rhythm test asks whether the arm repeats itself at a walking stride, and
 * this arm does: seeds 1-4 of 120 s count 91-170 false steps each (45-85 per minute), against
 * the controls' bar of 1 per minute; at 25 Hz, 0.8-1.2 Hz scrubbing gave 56. Desk work
 * (pc-working) and irregular arm movement (test_wrist_not_walking) are rejected; what would
 * tell the scrubbing arm from a walking one (the step impacts a walk adds, the forearm's
 * orientation) is not used yet. */
static void test_known_failure_wrist_scrubbing(void **state)
{
    (void)state;
    const double seconds = 120.0;
    size_t n, total = 0;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        float *x = frames_alloc(seconds, &n);
        uint64_t st = seed;
        for (size_t i = 0; i < 3 * n; i++)
            x[i] = (float)((i % 3 == 2 ? 1.0 : 0.0) + 0.02 * synth_uniform(&st));
        for (double s = 0.0; s < seconds;) {
            const double dur = 9.0 + 6.0 * synth_uniform(&st), hz = 2.0 + synth_uniform(&st);
            const double amp = 0.3 + 0.2 * synth_uniform(&st);
            const int axis = (int)(synth_next(&st) % 3);
            for (size_t i = (size_t)(s * RATE); i < n && i < (size_t)((s + dur) * RATE); i++) {
                const double ph = 2.0 * M_PI * hz * ((double)i / RATE - s);
                x[3 * i + axis] += (float)(amp * sin(ph));
                x[3 * i + (axis + 1) % 3] += (float)(0.3 * amp * sin(2.0 * ph));
            }
            s += dur + 2.75 + 2.25 * synth_uniform(&st);
        }
        run r = analyze(x, n, CALFPUMP_PLACEMENT_WRIST, CALFPUMP_SIDE_UNKNOWN, 4.0f);
        print_message("scrubbing, seed %d: %zu activations in %zu bouts\n", (int)seed, r.n_act,
                      r.n_bout);
        total += r.n_act;
        calfpump_result_free(r.res);
        free(x);
    }
    assert_true((double)total <= 4.0 * seconds / 60.0);
}

/* A foot sensor at 1.8 steps/s: a swing burst before each of its own heel strikes (every
 * 2 / 1.8 s), a sharp impact at the strike, and a small jolt at the other foot's. */
static void test_foot_strides(void **state)
{
    (void)state;
    size_t n;
    const double step_hz = 1.8, stride = 2.0 / step_hz, start = 5.0, end = 65.0;
    float *x = frames_alloc(75.0, &n);
    uint64_t st = 11;
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / RATE;
        double v = 0.0;
        if (t >= start && t <= end) {
            const double k0 = floor((t - start) / stride);
            for (double k = k0 - 1; k <= k0 + 2; k++) {
                const double tk = start + k * stride;
                const double sw = t - (tk - 0.35 * stride), d = t - tk;
                v += 0.8 * exp(-0.5 * (sw / (0.08 * stride)) * (sw / (0.08 * stride))) *
                     (1.0 + 0.6 * cos(2.0 * M_PI * 3.0 * sw));
                v += 0.6 * exp(-0.5 * (d / 0.04) * (d / 0.04));
                v += 0.06 * exp(-0.5 * ((d - 0.5 * stride) / 0.05) * ((d - 0.5 * stride) / 0.05));
            }
        }
        x[3 * i + 0] = (float)(0.3 * v + 0.01 * synth_uniform(&st));
        x[3 * i + 1] = (float)(0.01 * synth_uniform(&st));
        x[3 * i + 2] = (float)(1.0 + 0.9 * v + 0.01 * synth_uniform(&st));
    }
    run r = analyze(x, n, CALFPUMP_PLACEMENT_FOOT, CALFPUMP_SIDE_LEFT, 4.0f);
    const double truth = (end - start) / stride; /* 54 strides */
    print_message("foot: %zu activations (truth %.0f strides), %zu bouts\n", r.n_act, truth,
                  r.n_bout);
    assert_int_equal(r.n_bout, 1);
    assert_true(r.n_act >= truth - 2 && r.n_act <= truth + 1);
    for (size_t i = 0; i < r.n_act; i++) {
        assert_int_equal(r.act[i].kind, CALFPUMP_KIND_STRIDE);
        assert_int_equal(r.act[i].side, CALFPUMP_SIDE_LEFT);
        assert_float_equal(r.act[i].period_s, stride, 0.03);
        if (i)
            assert_float_equal(r.act[i].t - r.act[i - 1].t, stride, 0.3 * stride);
    }
    assert_true(fabs(r.bout[0].steps_per_min - 60.0 * step_hz) <= 1.5);
    assert_true(fabs(r.bout[0].cadence_per_min - 30.0 * step_hz) <= 1.0);
    assert_int_equal(calfpump_result_summary(r.res)->steps, 2 * r.n_act);
    calfpump_result_free(r.res);
    free(x);
}

/* A pulse of `peak` g and width sigma (s), centred dt s away, as samples taken at `rate` carry
 * it after the recorder's anti-aliasing filter: a Gaussian low-pass 20 dB down at the Nyquist
 * frequency (width sqrt(2 ln 10) / (pi rate)) widens it and keeps its area. */
static double aa_pulse(double dt, double peak, double sigma, double rate)
{
    const double aa = sqrt(2.0 * log(10.0)) / (M_PI * rate);
    const double s = sqrt(sigma * sigma + aa * aa);
    return peak * sigma / s * exp(-0.5 * (dt / s) * (dt / s));
}

/* A foot sensor's walk at `rate`, 1.1 s strides, contacts at start + k * stride up to `end`:
 * the foot still (1 g) through stance; push-off, a broad 4 g maximum 0.37 of a stride before the
 * next contact; a swing movement; the contact's impact, a 2 ms spike of 12 g, then stillness.
 * Above 200 Hz the spike stays higher than push-off; at 100 Hz and below the anti-aliasing
 * smears it lower than push-off, as in the gaitmap recordings resampled. The contacts from
 * `soft` up to `soft_end` s land softly: a quarter of the impact; without push-off and swing
 * unless `soft_moves` (the leg stood and only tapped). */
static float *foot_walk(double rate, double seconds, double start, double end, double soft,
                        double soft_end, int soft_moves, size_t *frames)
{
    const double stride = 1.1;
    *frames = (size_t)(seconds * rate);
    float *x = malloc(*frames * 3 * sizeof *x);
    assert_non_null(x);
    uint64_t st = 5;
    for (size_t i = 0; i < *frames; i++) {
        const double t = (double)i / rate;
        double v = 0.0;
        const double k0 = floor((t - start) / stride);
        for (double k = k0; k <= k0 + 1; k++) {
            const double tc = start + k * stride, d = t - tc;
            if (k < 0 || tc > end + 1e-9)
                continue;
            const int is_soft = tc >= soft && tc <= soft_end;
            if (!is_soft || soft_moves) {
                v += aa_pulse(d + 0.37 * stride, 3.0, 0.04, rate); /* push-off */
                v += aa_pulse(d + 0.15, 1.2, 0.05, rate);          /* swing */
            }
            v += aa_pulse(d, is_soft ? 2.75 : 11.0, 0.002, rate); /* impact */
        }
        x[3 * i + 0] = (float)(0.3 * v + 0.01 * synth_uniform(&st));
        x[3 * i + 1] = (float)(0.01 * synth_uniform(&st));
        x[3 * i + 2] = (float)(1.0 + 0.95 * v + 0.01 * synth_uniform(&st));
    }
    return x;
}

/* At every sample rate a foot sensor's activations lie at the contacts, though at 100 Hz and
 * below push-off is the stride's highest maximum: none lies further than 0.15 s from a contact
 * (push-off is 0.41 s before it), and all but two of the 41 contacts have one within 0.05 s (the
 * first, from standing, may take the swing before it when the anchor's period ends short of it). */
static void test_foot_contacts_at_every_rate(void **state)
{
    (void)state;
    const double rates[] = {25.0, 50.0, 64.0, 100.0, 102.4, 204.8};
    const double stride = 1.1, start = 5.0, end = start + 40 * stride;
    for (size_t j = 0; j < sizeof rates / sizeof rates[0]; j++) {
        size_t n;
        float *x = foot_walk(rates[j], end + 10.0, start, end, 0.0, -1.0, 1, &n);
        run r = analyze_at(x, n, rates[j], 3, CALFPUMP_PLACEMENT_FOOT, CALFPUMP_SIDE_RIGHT, 4.0f);
        size_t on_contact = 0;
        for (size_t i = 0; i < r.n_act; i++) {
            const double k = round((r.act[i].t - start) / stride);
            const double off = r.act[i].t - (start + k * stride);
            if (fabs(off) > 0.15) {
                print_error("%.1f Hz: activation %zu at %.3f s, %+.3f s from a contact\n",
                            rates[j], i, r.act[i].t, off);
                fail();
            }
            on_contact += fabs(off) <= 0.05;
        }
        print_message("%.1f Hz: %zu activations, %zu within 0.05 s of the 41 contacts\n",
                      rates[j], r.n_act, on_contact);
        assert_true(r.n_act <= 41 && on_contact >= 39);
        calfpump_result_free(r.res);
        free(x);
    }
}

/* One stride that lands softly (a quarter of the others' impact: real impacts vary threefold and
 * more) between strong ones is still a stride: all 41 contacts are found at 204.8 Hz, where the
 * impact decides. Two soft ones in a row are taken as a pause: neither counts. Nor does a tap of
 * a leg that stood for a stride (the same soft impact, but no push-off or swing); the windows
 * over it read a third of the stride rate, so the bout may close and open again around it, and
 * the stride after it may be lost. */
static void test_soft_stride_counted(void **state)
{
    (void)state;
    const double rate = 204.8, stride = 1.1, start = 5.0, end = start + 40 * stride;
    const double soft = start + 20 * stride;
    const struct {
        int n_soft, moves;
        size_t least, most;
    } cases[] = {{1, 1, 41, 41}, {2, 1, 39, 39}, {1, 0, 38, 40}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n;
        float *x = foot_walk(rate, end + 10.0, start, end, soft - 0.01,
                             soft + (cases[c].n_soft - 1) * stride + 0.01, cases[c].moves, &n);
        run r = analyze_at(x, n, rate, 3, CALFPUMP_PLACEMENT_FOOT, CALFPUMP_SIDE_RIGHT, 4.0f);
        size_t on_soft = 0;
        for (size_t i = 0; i < r.n_act; i++)
            on_soft += fabs(r.act[i].t - soft) <= 0.05;
        print_message("%d soft (%s): %zu activations of 41, %zu on the first soft contact\n",
                      cases[c].n_soft, cases[c].moves ? "landing" : "tap", r.n_act, on_soft);
        assert_true(r.n_act >= cases[c].least && r.n_act <= cases[c].most);
        assert_int_equal(on_soft, cases[c].moves && cases[c].n_soft == 1);
        calfpump_result_free(r.res);
        free(x);
    }
}


int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median_histogram),
        cmocka_unit_test(test_octave_alignment),
        cmocka_unit_test(test_confirmed_takes_the_step_seen_beside_stride),
        cmocka_unit_test(test_steady_windows_and_rollback),
        cmocka_unit_test(test_holding_windows),
        cmocka_unit_test(test_short_walk_counts_steps),
        cmocka_unit_test(test_weak_start_trimmed),
        cmocka_unit_test(test_wrist_weak_step_counted),
        cmocka_unit_test(test_lone_impact_let_go),
        cmocka_unit_test(test_unconfirmed_takes_the_step),
        cmocka_unit_test(test_clean_walk_one_bout),
        cmocka_unit_test(test_short_rhythm_no_activations),
        cmocka_unit_test(test_two_walks_two_bouts),
        cmocka_unit_test(test_noise_no_activations),
        cmocka_unit_test(test_wrist_not_walking),
        cmocka_unit_test(test_wrist_noise_magnitude),
        cmocka_unit_test(test_wrist_rate_independent),
        cmocka_unit_test(test_wrist_brisk_walk_at_every_rate),
        cmocka_unit_test(test_trunk_rate_independent),
        cmocka_unit_test(test_confirmed_bout_bridges),
        cmocka_unit_test(test_chain_restarts),
        cmocka_unit_test(test_lowered_windows_do_not_prove),
        cmocka_unit_test(test_foot_strides),
        cmocka_unit_test(test_foot_contacts_at_every_rate),
        cmocka_unit_test(test_soft_stride_counted),
    };
    const struct CMUnitTest known_failures[] = {
        cmocka_unit_test(test_known_failure_irregular_movement),
        cmocka_unit_test(test_known_failure_wrist_scrubbing),
    };
    if (argc > 1 && strcmp(argv[1], "--known-failures") == 0)
        return cmocka_run_group_tests(known_failures, NULL, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
