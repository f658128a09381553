/*
 * Unit tests of the cadence stage (cadence.h) on synthetic analysis signals of known rhythm.
 * The stage is set up the way calfpump_init does for the default configuration at 100 Hz
 * (analysis rate 20 Hz, 10 s window, band 0.25..4 Hz, min_amplitude 0.02 g, min_confidence 0.5),
 * with a ring large enough to hold a whole test signal.
 *
 *   - pure tones 0.3..3.5 Hz: rate within 1 %, confidence > 0.9 (above 3 Hz, as a step, only
 *     as strong as running moves)
 *   - a trunk-like step pattern whose left and right steps differ (a stride holds two steps):
 *     with leg = 0 the rate is the step rate; a step with a strong second harmonic (a maximum
 *     of the autocorrelation at half a step, but a negative one) is still read as the step; one
 *     whose second harmonic dominates at walking amplitude is not read as a step of twice the
 *     rate, above 3 Hz (running moves far more)
 *   - a foot-like pattern with one swing burst per stride, and a shank-like one that sees both
 *     contacts: with leg = 1 the rate is the stride rate
 *   - white noise: not rhythmic, low confidence
 *   - a still signal below min_amplitude: no estimate
 *   - a window more than 10 % gap: not rhythmic (and exactly 10 %: still rhythmic)
 *   - a change of rate between windows, and a slow glide, are followed
 *   - a wrist (swing = 1) with both the arm's stride and the steps in its magnitude: the rate is
 *     the step rate and the window rhythmic; random arm gestures are rhythmic less often than
 *     with the single-maximum test; inside a confirmed bout (hold_period) a walk blurred by noise
 *     holds at the bout's rate, noise seldom
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

#include "arena.h"
#include "cadence.h"
#include "fft.h"
#include "ring.h"
#include "synth.h" /* synth_uniform: the deterministic generator the other tests use */

/* The default configuration (calfpump_config_init) at 100 Hz, as calfpump.c's make_plan turns
 * it into analysis-rate quantities. */
#define FS 20.0           /* 100 Hz / factor 5 */
#define WINDOW_S 10.0
#define BAND_LOW 0.25
#define BAND_HIGH 4.0
#define MIN_AMPLITUDE 0.02f
#define MIN_CONFIDENCE 0.5f
#define RING_CAP 4096     /* 204.8 s of analysis samples */

typedef struct fixture {
    cadence c;
    ring r;
    int window;           /* analysis samples */
    void *block;
} fixture;

/* Mirrors calfpump_init: the plan's window, FFT size, lag range and minimum window length;
 * the stage's buffers and the FFT from one 64-byte aligned arena block. */
static void fixture_init(fixture *fx, int leg)
{
    memset(fx, 0, sizeof *fx);
    fx->window = (int)lround(WINDOW_S * FS);
    int n_fft = 16;
    while (n_fft < 2 * fx->window)
        n_fft *= 2;
    const double top = leg ? BAND_HIGH / 2.0 : BAND_HIGH;
    int lag_min = (int)floor(FS / top);
    if (lag_min < 2)
        lag_min = 2;

    for (int pass = 0; pass < 2; pass++) {
        arena a = {pass ? fx->block : NULL, 0};
        cadence_layout(&fx->c, &a, n_fft, fx->window, FS, BAND_HIGH);
        fx->r.value = arena_take(&a, sizeof(float) * RING_CAP);
        fx->r.gap = arena_take(&a, RING_CAP);
        void *fft_mem = arena_take(&a, fft_size(n_fft));
        if (!pass) {
            size_t bytes = (a.used + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
            fx->block = aligned_alloc(ARENA_ALIGN, bytes);
            assert_non_null(fx->block);
        } else {
            fx->c.fft = fft_init(fft_mem, n_fft);
            assert_non_null(fx->c.fft);
        }
    }
    fx->r.cap = RING_CAP;
    ring_restart(&fx->r, 0);
    fx->c.lag_min = lag_min;
    fx->c.lag_max = (int)ceil(FS / BAND_LOW);
    fx->c.leg = leg;
    fx->c.min_samples = fx->window / 4 > 4 * lag_min ? fx->window / 4 : 4 * lag_min;
    fx->c.fs = (float)FS;
    fx->c.min_amplitude = MIN_AMPLITUDE;
    fx->c.min_confidence = MIN_CONFIDENCE;
    cadence_reset(&fx->c);
}

static void fixture_free(fixture *fx)
{
    fft_deinit(fx->c.fft);
    free(fx->block);
}

/* Refills the ring from index 0 with n samples of x (gap flags cleared): a new stream. */
static void load(fixture *fx, const float *x, int n)
{
    assert_true(n <= RING_CAP);
    ring_restart(&fx->r, 0);
    cadence_reset(&fx->c);
    for (int i = 0; i < n; i++)
        ring_put(&fx->r, &(ring_sample){.value = x[i]});
}

/* The window calfpump.c runs for a centre: [centre - window/2, centre + window/2). */
static cadence_window run_at(fixture *fx, int64_t center)
{
    cadence_window w;
    const int64_t half = fx->window / 2;
    assert_true(center - half >= ring_start(&fx->r) && center + half <= fx->r.end);
    cadence_run(&fx->c, &fx->r, center - half, center + half, center, &w);
    assert_true(w.center == center);
    return w;
}

static int within(double got, double want, double share)
{
    return fabs(got - want) <= share * want;
}

/* ---- signal generators (analysis-rate samples in g; a magnitude is about 1 g at rest) ---- */

#define MAX_N RING_CAP

static float sig[MAX_N]; /* the test signal (tests run one at a time) */

static void tone(float *x, int n, double hz, double amp, double phase)
{
    for (int i = 0; i < n; i++)
        x[i] = (float)(1.0 + amp * sin(2.0 * M_PI * hz * i / FS + phase));
}

/* A tone of n samples, loaded into the fixture's ring. */
static void load_tone(fixture *fx, int n, double hz, double amp, double phase)
{
    tone(sig, n, hz, amp, phase);
    load(fx, sig, n);
}

/* A smooth bump of unit height and width `w` (s) centred at 0: a heel-strike-like transient. */
static double bump(double t, double w)
{
    return exp(-0.5 * (t / w) * (t / w));
}

/* Trunk (lower back) walking at step_hz: each step is one cycle of a harmonic-rich waveform
 * (fundamental with 2nd and 3rd harmonics, as in tests/synth.h), and left and right steps differ
 * in height (1 + asym and 1 - asym, changing smoothly at the stride rate) and in duration (the
 * left step lasts (1 + limp) / step_hz, the right one (1 - limp) / step_hz). The exact repeat is
 * one stride: for asym >= ~0.4 the autocorrelation at one step falls below PATTERN_KEY of its
 * maximum, and the stage has to find the step inside the stride pattern. */
static void trunk_walk(float *x, int n, double step_hz, double asym, double limp, uint64_t seed)
{
    const double stride = 2.0 / step_hz, left = (1.0 + limp) / step_hz;
    uint64_t st = seed;
    for (int i = 0; i < n; i++) {
        const double t = i / FS, k = floor(t / stride), s = t - k * stride;
        /* Phase: 0..2 pi over the left step, 2 pi..4 pi over the right one. */
        double ph = s < left ? 2.0 * M_PI * s / left
                             : 2.0 * M_PI * (1.0 + (s - left) / (stride - left));
        ph += 4.0 * M_PI * k;
        const double g = 1.0 + asym * cos(M_PI * step_hz * t);
        const double v = 0.25 * g * (sin(ph) + 0.4 * sin(2.0 * ph + 0.6) + 0.15 * sin(3.0 * ph + 1.3));
        x[i] = (float)(1.0 + v + 0.01 * synth_uniform(&st));
    }
}

/* Another trunk template, built from transients instead of harmonics: every step an impact
 * (a sharp bump at the heel strike), a dip and a softer rebound; the right step's impact is
 * `asym` lower and its rebound comes later (0.45 instead of 0.30 of the step). Used by the
 * known-failure tests below. */
static void trunk_impacts(float *x, int n, double step_hz, double asym, uint64_t seed)
{
    const double step = 1.0 / step_hz;
    uint64_t st = seed;
    for (int i = 0; i < n; i++) {
        const double t = i / FS;
        double v = 1.0;
        const long k0 = (long)floor(t / step);
        for (long k = k0 - 2; k <= k0 + 2; k++) {
            const double tk = k * step;
            const int right = (k & 1) != 0;
            const double impact = right ? 0.35 * (1.0 - asym) : 0.35;
            const double rebound_at = right ? 0.45 * step : 0.30 * step;
            v += impact * bump(t - tk, 0.05) - 0.15 * bump(t - tk - 0.18 * step, 0.08) +
                 0.10 * bump(t - tk - rebound_at, 0.06);
        }
        x[i] = (float)(v + 0.01 * synth_uniform(&st));
    }
}

/* Foot sensor walking at step_hz (stride rate step_hz / 2): one large swing burst per stride
 * (the foot accelerates forward and decelerates before contact, a few cycles of ~3 Hz under a
 * 0.4-stride envelope), a sharp impact at its own heel strike and only a small jolt when the
 * other foot strikes. */
static void foot_walk(float *x, int n, double step_hz, uint64_t seed)
{
    const double stride = 2.0 / step_hz;
    uint64_t st = seed;
    for (int i = 0; i < n; i++) {
        const double t = i / FS;
        double v = 1.0;
        const long k0 = (long)floor(t / stride);
        for (long k = k0 - 2; k <= k0 + 2; k++) {
            const double tk = k * stride; /* own heel strike */
            const double sw = t - (tk - 0.35 * stride); /* swing centred 0.35 stride before */
            v += 0.8 * bump(sw, 0.08 * stride) * (1.0 + 0.6 * cos(2.0 * M_PI * 3.0 * sw));
            v += 0.6 * bump(t - tk, 0.04);
            v += 0.06 * bump(t - tk - 0.5 * stride, 0.05); /* the other foot's contact */
        }
        x[i] = (float)(v + 0.01 * synth_uniform(&st));
    }
}

/* Wrist magnitude walking at step_hz. The arm swings once per stride, forward further than back,
 * so the magnitude carries a stride-rate component (`swing` g) and, from the swing's centripetal
 * acceleration, one at the step rate (0.08 g); each heel strike adds a sharp impact, larger with
 * the arm forward (every other step) than back. Step times jitter by +-2 % of a step. */
static void wrist_walk(float *x, int n, double step_hz, double swing, uint64_t seed)
{
    const double step = 1.0 / step_hz;
    uint64_t st = seed;
    double jitter[64];
    for (int k = 0; k < 64; k++)
        jitter[k] = 0.02 * step * synth_uniform(&st);
    for (int i = 0; i < n; i++) {
        const double t = i / FS;
        double v = 1.0 + swing * sin(M_PI * step_hz * t) + 0.08 * cos(2.0 * M_PI * step_hz * t);
        const long k0 = (long)floor(t / step);
        for (long k = k0 - 2; k <= k0 + 2; k++) {
            const double tk = k * step + jitter[((unsigned long)k) & 63u];
            v += ((k & 1) ? 0.12 : 0.2) * bump(t - tk, 0.04);
        }
        x[i] = (float)(v + 0.01 * synth_uniform(&st));
    }
}

static void white_noise(float *x, int n, double amp, uint64_t seed)
{
    uint64_t st = seed;
    for (int i = 0; i < n; i++)
        x[i] = (float)(1.0 + amp * synth_uniform(&st));
}

/* ---- tests ------------------------------------------------------------------------------- */

/* A step faster than 3 Hz is only taken as one where the window moves as much as running does
 * (cadence.c: RUN_MIN_RMS, 0.4 g RMS): the peak amplitude used for tones and fast steps. */
#define RUN_AMP 0.8

static void test_pure_tones(void **state)
{
    (void)state;
    fixture fx;
    for (int leg = 0; leg <= 1; leg++) {
        fixture_init(&fx, leg);
        /* The leg setting narrows the band to 2 Hz for strides. */
        const double hz[] = {0.3, 0.45, 0.7, 1.0, 1.3, 1.8, 2.0, 2.6, 3.1, 3.5};
        for (size_t k = 0; k < sizeof hz / sizeof *hz; k++) {
            if (leg && hz[k] > BAND_HIGH / 2.0)
                continue;
            for (int ph = 0; ph < 3; ph++) {
                const int n = 40 * (int)FS;
                const double amp = hz[k] > 3.0 && !leg ? RUN_AMP : 0.2;
                load_tone(&fx, n, hz[k], amp, 0.9 * ph);
                const cadence_window w = run_at(&fx, n / 2 + 7 * ph);
                if (!within(w.rate_hz, hz[k], 0.01) || !(w.confidence > 0.9f) || !w.rhythmic) {
                    print_error("leg %d, tone %.2f Hz, phase %d: rate %.4f Hz, confidence %.3f, "
                                "rhythmic %d\n",
                                leg, hz[k], ph, w.rate_hz, w.confidence, w.rhythmic);
                    fail();
                }
                /* period and rate describe the same activation (within the refinement). */
                assert_true(within(FS / w.period, hz[k], 0.05));
                assert_float_equal(w.amplitude, amp / sqrt(2.0), 0.01);
            }
        }
        fixture_free(&fx);
    }
}

/* Three windows around the middle of an n-sample signal all report `want` Hz (within 2 %). */
static int expect_rate(fixture *fx, int n, double want, const char *what)
{
    int ok = 1;
    for (int c = 0; c < 3; c++) {
        const cadence_window w = run_at(fx, n / 2 - 60 + 60 * c);
        if (!w.rhythmic || !within(w.rate_hz, want, 0.02) || !within(FS / w.period, want, 0.05)) {
            print_error("%s: window %d: rate %.4f Hz (period %.2f samples), want %.3f Hz; "
                        "confidence %.3f, rhythmic %d\n",
                        what, c, w.rate_hz, w.period, want, w.confidence, w.rhythmic);
            ok = 0;
        }
    }
    return ok;
}

/* Steps of x = 1 + a1 cos(wt) + a2 cos(2wt) at each of the three rates hz[] are read at their
 * own rate (expect_rate). */
static void expect_steps_of_two_harmonics(const double hz[3], double a1, double a2,
                                          const char *what)
{
    fixture fx;
    fixture_init(&fx, 0);
    int ok = 1;
    for (size_t k = 0; k < 3; k++) {
        const int n = 40 * (int)FS;
        for (int i = 0; i < n; i++) {
            const double ph = 2.0 * M_PI * hz[k] * i / FS;
            sig[i] = (float)(1.0 + a1 * cos(ph) + a2 * cos(2.0 * ph));
        }
        load(&fx, sig, n);
        ok &= expect_rate(&fx, n, hz[k], what);
    }
    fixture_free(&fx);
    assert_true(ok);
}

/* A step whose waveform carries a strong second harmonic, x = cos(wt) + 0.8 cos(2wt): its
 * autocorrelation has a maximum at half a step, but a negative one (-0.22, above a trough of
 * -0.51), and half a step is not a step. Without the sign test the stage read twice the rate. */
static void test_negative_half_is_not_a_step(void **state)
{
    (void)state;
    const double hz[] = {1.2, 1.5, 1.8};
    expect_steps_of_two_harmonics(hz, 0.2, 0.16, "second harmonic");
}

/* Walking whose second harmonic dominates, x = 0.1 cos(wt) + 0.3 cos(2wt) at 1.5-1.7 steps/s
 * (0.22 g RMS; a Parkinson's patient's lower back read 240 steps/min where the shank's strides
 * gave 110): the autocorrelation's first maximum, at half a step, reaches 0.8, but 3-3.4 steps/s
 * with that little movement is no run: the rate is the step's. */
static void test_quiet_harmonic_is_not_a_step(void **state)
{
    (void)state;
    const double hz[] = {1.5, 1.6, 1.7};
    expect_steps_of_two_harmonics(hz, 0.1, 0.3, "dominant second harmonic");
}

static void test_trunk_reports_steps(void **state)
{
    (void)state;
    char what[96];
    int ok = 1;
    fixture fx;
    fixture_init(&fx, 0);
    const double step_hz[] = {1.0, 1.4, 1.8, 2.2, 2.8, 3.2};
    const double asym[] = {0.0, 0.2, 0.5};
    const double limp[] = {0.0, 0.05, 0.1};
    for (size_t i = 0; i < sizeof step_hz / sizeof *step_hz; i++)
        for (size_t j = 0; j < sizeof asym / sizeof *asym; j++)
            for (size_t k = 0; k < sizeof limp / sizeof *limp; k++) {
                const int n = 40 * (int)FS;
                trunk_walk(sig, n, step_hz[i], asym[j], limp[k], 7 + i * 9 + j * 3 + k);
                if (step_hz[i] > 3.0) /* running: as much movement as running has */
                    for (int s = 0; s < n; s++)
                        sig[s] = 1.0f + 4.0f * (sig[s] - 1.0f);
                load(&fx, sig, n);
                snprintf(what, sizeof what, "trunk %.1f steps/s, asymmetry %.1f, limp %.2f",
                         step_hz[i], asym[j], limp[k]);
                ok &= expect_rate(&fx, n, step_hz[i], what);
            }
    fixture_free(&fx);
    assert_true(ok);
}

/* Noisy steps: the trunk template with as much broadband noise as gait (r at one step is about
 * 0.5). Normalised, the noise at long lags is lifted as much as the rhythm and a window then reads
 * a multiple of the step (29 % of these windows did, when maxima were compared normalised); the
 * raw maxima keep the step. At most 1 window in 10 may read anything but the step rate. */
static void test_noisy_steps_not_a_multiple(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    int windows = 0, wrong = 0;
    const double step_hz[] = {1.4, 1.6, 1.8, 2.0};
    for (size_t i = 0; i < sizeof step_hz / sizeof *step_hz; i++)
        for (uint64_t seed = 1; seed <= 5; seed++) {
            const int n = 40 * (int)FS;
            trunk_walk(sig, n, step_hz[i], 0.2, 0.0, seed);
            uint64_t st = 1000 + seed;
            for (int k = 0; k < n; k++)
                sig[k] += (float)(0.35 * synth_uniform(&st));
            load(&fx, sig, n);
            for (int c = 0; c < 10; c++) {
                const cadence_window w = run_at(&fx, n / 4 + c * n / 20);
                if (w.period == 0.0f)
                    continue;
                windows++;
                if (!within(w.rate_hz, step_hz[i], 0.1)) {
                    wrong++;
                    print_message("%.1f steps/s, seed %d, window %d: rate %.3f Hz, "
                                  "confidence %.2f\n",
                                  step_hz[i], (int)seed, c, w.rate_hz, w.confidence);
                }
            }
        }
    print_message("noisy steps: %d of %d windows off the step rate\n", wrong, windows);
    fixture_free(&fx);
    assert_true(windows >= 150);
    assert_true(10 * wrong <= windows);
}

static void test_foot_reports_strides(void **state)
{
    (void)state;
    char what[64];
    int ok = 1;
    fixture fx;
    fixture_init(&fx, 1);
    const double step_hz[] = {1.0, 1.4, 1.8, 2.2, 2.8, 3.2};
    for (size_t i = 0; i < sizeof step_hz / sizeof *step_hz; i++) {
        const int n = 40 * (int)FS;
        foot_walk(sig, n, step_hz[i], 31 + i);
        load(&fx, sig, n);
        snprintf(what, sizeof what, "foot %.1f steps/s", step_hz[i]);
        ok &= expect_rate(&fx, n, step_hz[i] / 2.0, what);
        /* A shank sees both contacts, its own leg's the stronger: the trunk template with
         * left and right steps of 1.5 : 0.5. Its pattern is the stride, and for a leg
         * placement the stride is the activation (with leg = 0 it is the step, above).
         * 3.2 steps/s is among the known failures (rate 2.0 % high). */
        if (step_hz[i] > 3.0)
            continue;
        trunk_walk(sig, n, step_hz[i], 0.5, 0.0, 51 + i);
        load(&fx, sig, n);
        snprintf(what, sizeof what, "shank %.1f steps/s", step_hz[i]);
        ok &= expect_rate(&fx, n, step_hz[i] / 2.0, what);
    }
    fixture_free(&fx);
    assert_true(ok);
}

static void test_white_noise(void **state)
{
    (void)state;
    fixture fx;
    for (int leg = 0; leg <= 1; leg++) {
        fixture_init(&fx, leg);
        int rhythmic = 0, windows = 0;
        double conf_sum = 0.0;
        for (uint64_t seed = 1; seed <= 10; seed++) {
            const int n = 60 * (int)FS;
            /* RMS 0.1 g: well above min_amplitude, like walking. */
            white_noise(sig, n, 0.1 * sqrt(3.0), seed);
            load(&fx, sig, n);
            for (int64_t c = fx.window / 2; c + fx.window / 2 <= n; c += 100) {
                const cadence_window w = run_at(&fx, c);
                assert_float_equal(w.amplitude, 0.1, 0.02);
                rhythmic += w.rhythmic;
                conf_sum += w.confidence;
                windows++;
            }
        }
        print_message("leg %d: white noise, %d of %d windows rhythmic, mean confidence %.3f\n",
                      leg, rhythmic, windows, conf_sum / windows);
        assert_int_equal(rhythmic, 0);
        /* Well below min_confidence (0.5). Limited to the band, noise has fewer independent
         * samples per window than white noise, so its chance maxima are a little higher. */
        assert_true(conf_sum / windows < 0.35);
        fixture_free(&fx);
    }
}

/* A wrist with both components: the activation is the step whether or not the arm's stride shows
 * (swing up to as strong as the step-rate component), and the stride-averaged periodicity
 * confirms the rhythm. 0.8 steps/s is the slowest whose stride (2.5 s) fits the lag range of a
 * 10 s window once. (When the swing outweighs the steps several times, the pattern alone cannot
 * tell a stride from a slow step, and a window reads the stride: see README, wrist.) */
static void test_wrist_reports_steps(void **state)
{
    (void)state;
    char what[64];
    int ok = 1;
    fixture fx;
    fixture_init(&fx, 0);
    fx.c.swing = 1;
    const double step_hz[] = {0.8, 1.2, 1.6, 2.0, 2.4};
    const double swing[] = {0.0, 0.04, 0.08};
    for (size_t i = 0; i < sizeof step_hz / sizeof *step_hz; i++)
        for (size_t j = 0; j < sizeof swing / sizeof *swing; j++) {
            const int n = 40 * (int)FS;
            wrist_walk(sig, n, step_hz[i], swing[j], 61 + 3 * i + j);
            load(&fx, sig, n);
            snprintf(what, sizeof what, "wrist %.1f steps/s, swing %.2f g", step_hz[i], swing[j]);
            ok &= expect_rate(&fx, n, step_hz[i], what);
        }
    fixture_free(&fx);
    assert_true(ok);
}

/* Arm gestures: bumps of random size and width at random times (0.3-3 s apart), at a walking
 * amplitude, and white noise. The stage judges one window; bouts then need the rhythm to hold
 * (tests/test_bouts.c, test_wrist_not_walking). Here: the wrist's rule calls fewer gesture
 * windows rhythmic than the single autocorrelation maximum does at min_confidence, and few
 * windows of either signal. */
static void test_wrist_gestures_few_rhythmic(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    int gestures = 0, single = 0, noise = 0, windows = 0;
    for (uint64_t seed = 1; seed <= 10; seed++) {
        const int n = 60 * (int)FS;
        uint64_t st = 500 + seed;
        for (int i = 0; i < n; i++)
            sig[i] = (float)(1.0 + 0.01 * synth_uniform(&st));
        for (double t = 0.0; t < n / FS; t += 1.65 + 1.35 * synth_uniform(&st)) {
            const double h = 0.3 * synth_uniform(&st), w = 0.05 + 0.1 * fabs(synth_uniform(&st));
            for (int i = 0; i < n; i++)
                sig[i] += (float)(h * bump(i / FS - t, w));
        }
        load(&fx, sig, n);
        for (int64_t c = fx.window / 2; c + fx.window / 2 <= n; c += 20) {
            fx.c.swing = 1;
            gestures += run_at(&fx, c).rhythmic;
            fx.c.swing = 0;
            single += run_at(&fx, c).rhythmic;
            windows++;
        }
        white_noise(sig, n, 0.1 * sqrt(3.0), seed);
        load(&fx, sig, n);
        fx.c.swing = 1;
        for (int64_t c = fx.window / 2; c + fx.window / 2 <= n; c += 20)
            noise += run_at(&fx, c).rhythmic;
    }
    print_message("wrist: %d of %d gesture windows rhythmic (single maximum: %d), white noise %d\n",
                  gestures, windows, single, noise);
    fixture_free(&fx);
    assert_true(windows >= 500);
    assert_true(gestures < single);
    assert_true(gestures * 5 <= windows && noise * 5 <= windows);
}

/* Inside a confirmed wrist bout (hold_period set), a window whose own reading fails may still hold
 * the bout if the stride average at the bout's own stride clears HOLD_CHANCE standard errors: a
 * walk blurred by noise is held at the bout's rate, mostly, while noise and gestures tested at
 * the same stride are held only now and then. Without hold_period a window holds only if it is
 * rhythmic, as before. */
static void test_wrist_hold_at_bout_stride(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    fx.c.swing = 1;
    const double step_hz = 1.2;
    int failed = 0, held = 0, noise_w = 0, noise_held = 0;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        const int n = 60 * (int)FS;
        wrist_walk(sig, n, step_hz, 0.04, 700 + seed);
        uint64_t st = 800 + seed;
        for (int i = 0; i < n; i++)
            sig[i] += (float)(0.25 * synth_uniform(&st));
        load(&fx, sig, n);
        for (int64_t c = fx.window / 2; c + fx.window / 2 <= n; c += 10) {
            fx.c.hold_period = 0.0f;
            cadence_window w = run_at(&fx, c);
            assert_int_equal(w.holds, w.rhythmic);
            if (w.rhythmic)
                continue;
            failed++;
            fx.c.hold_period = (float)(FS / step_hz);
            w = run_at(&fx, c);
            assert_int_equal(w.rhythmic, 0);
            if (w.holds) {
                held++;
                assert_float_equal(w.period, fx.c.hold_period, 1e-6);
                assert_true(within(w.rate_hz, step_hz, 0.1)); /* the spectral peak near it */
            }
        }
        white_noise(sig, n, 0.1 * sqrt(3.0), seed);
        load(&fx, sig, n);
        for (int64_t c = fx.window / 2; c + fx.window / 2 <= n; c += 10) {
            fx.c.hold_period = (float)(FS / step_hz);
            noise_held += run_at(&fx, c).holds;
            noise_w++;
        }
    }
    print_message("wrist hold: %d of %d failing walk windows held; noise %d of %d\n", held, failed,
                  noise_held, noise_w);
    fixture_free(&fx);
    assert_true(failed >= 50);
    assert_true(2 * held >= failed);
    assert_true(8 * noise_held <= noise_w);
}

static void test_still_below_amplitude(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    const int n = 30 * (int)FS;
    /* A perfectly periodic 1.8 Hz tone of RMS 0.0141 g: rhythmic, but too small. */
    load_tone(&fx, n, 1.8, 0.02, 0.0);
    cadence_window w = run_at(&fx, n / 2);
    assert_float_equal(w.amplitude, 0.02 / sqrt(2.0), 0.001);
    assert_true(w.period == 0.0f && w.rate_hz == 0.0f && w.confidence == 0.0f);
    assert_int_equal(w.rhythmic, 0);
    /* The same tone at RMS 0.0283 g (above the minimum) is found: the threshold decides. */
    load_tone(&fx, n, 1.8, 0.04, 0.0);
    w = run_at(&fx, n / 2);
    assert_true(w.rhythmic && within(w.rate_hz, 1.8, 0.01));
    /* A constant signal (no variance at all). */
    for (int i = 0; i < n; i++)
        sig[i] = 1.0f;
    load(&fx, sig, n);
    w = run_at(&fx, n / 2);
    assert_true(w.amplitude == 0.0f && w.period == 0.0f && w.rate_hz == 0.0f);
    assert_int_equal(w.rhythmic, 0);
    /* Fewer samples than min_samples: no estimate even for a clear rhythm. */
    load_tone(&fx, n, 1.8, 0.2, 0.0);
    cadence_run(&fx.c, &fx.r, 100, 100 + fx.c.min_samples - 1, 125, &w);
    assert_true(w.period == 0.0f && w.rate_hz == 0.0f && !w.rhythmic);
    cadence_run(&fx.c, &fx.r, 100, 100 + fx.c.min_samples, 125, &w);
    assert_true(w.amplitude > 0.1f); /* at min_samples the window is analysed */
    fixture_free(&fx);
}

static void test_underflowing_power(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    fx.c.min_amplitude = 0.0f; /* as for EMG, whose unit is any */
    const int n = 30 * (int)FS;
    /* A clear rhythm at scales down to where its power underflows float (fuzz_emg found a NaN
     * period there): found, or no estimate at all, never a non-finite one. */
    int found = 0;
    for (int k = 64; k <= 104; k++) {
        for (int i = 0; i < n; i++) /* no 1 g offset: float would drop the tone */
            sig[i] = (float)(pow(10.0, -k / 4.0) * sin(2.0 * M_PI * 1.8 * i / FS));
        load(&fx, sig, n);
        const cadence_window w = run_at(&fx, n / 2);
        assert_true(isfinite(w.period) && isfinite(w.rate_hz) && isfinite(w.confidence));
        if (w.period != 0.0f) {
            assert_true(w.rhythmic && within(w.rate_hz, 1.8, 0.01));
            found++;
        } else {
            assert_true(w.rate_hz == 0.0f && !w.rhythmic);
        }
    }
    print_message("tone found at %d of 41 scales 1e-16..1e-26\n", found);
    assert_true(found >= 20); /* down to 1e-21 */
    fixture_free(&fx);
}

static void test_gap_share(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    const int n = 30 * (int)FS;
    tone(sig, n, 1.8, 0.2, 0.0);
    const int64_t c = n / 2, start = c - fx.window / 2;
    /* The signal is unchanged, only samples are flagged: the flags alone decide. The 10 %
     * limit of a 200-sample window is 20 samples. Spread out, they are no drop-out (a second of
     * gap samples in a row, test_dropout_cuts). */
    const int flagged[] = {0, 10, 20, 21, 40, 150};
    for (size_t k = 0; k < sizeof flagged / sizeof *flagged; k++) {
        load(&fx, sig, n);
        for (int i = 0; i < flagged[k]; i++)
            ring_set_gap(&fx.r, start + 7 * i % fx.window, 1);
        int count = 0;
        for (int64_t i = start; i < start + fx.window; i++)
            count += ring_gap_at(&fx.r, i);
        assert_int_equal(count, flagged[k]); /* 7 and 200 are coprime: all distinct */
        const cadence_window w = run_at(&fx, c);
        assert_true(within(w.rate_hz, 1.8, 0.01)); /* the estimate itself is still made */
        assert_int_equal(w.rhythmic, flagged[k] <= fx.window / 10);
    }
    /* Gap samples outside the window do not count. */
    load(&fx, sig, n);
    for (int i = 0; i < 50; i++) {
        ring_set_gap(&fx.r, start - 1 - i, 1);
        ring_set_gap(&fx.r, start + fx.window + i, 1);
    }
    assert_int_equal(run_at(&fx, c).rhythmic, 1);
    fixture_free(&fx);
}

/* A drop-out (a second of gap samples in a row) ends the window as the end of input does: a
 * window that holds one is judged on the samples on its centre's side of it, whatever its share
 * of the window, and a window centred in one has no estimate. Shorter runs count towards the
 * share as spread gap samples do. */
static void test_dropout_cuts(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    const int n = 30 * (int)FS, second = (int)FS;
    tone(sig, n, 1.8, 0.2, 0.0);
    const int64_t c = n / 2;
    /* first flagged sample relative to the centre, run length, expected: 1 rhythmic, 0 not,
     * -1 no estimate */
    const struct {
        int from, len, want;
    } cases[] = {
        {2 * second, 3 * second, 1},  {-4 * second, 2 * second, 1}, {second, second - 1, 1},
        {second, 2 * second - 1, 1},  {-second / 2, second, -1},    {0, second, -1},
        {-3 * second, 6 * second, -1}, {second, 21, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        load(&fx, sig, n);
        for (int i = 0; i < cases[k].len; i++)
            ring_set_gap(&fx.r, c + cases[k].from + i, 1);
        const cadence_window w = run_at(&fx, c);
        if (cases[k].want < 0) {
            assert_true(w.period == 0.0f && !w.rhythmic);
        } else {
            assert_true(within(w.rate_hz, 1.8, 0.01));
            assert_int_equal(w.rhythmic, cases[k].want);
        }
    }
    /* A run just short of a second is no drop-out: with spread gap samples it fails by share. */
    load(&fx, sig, n);
    for (int i = 0; i < second - 1; i++)
        ring_set_gap(&fx.r, c + second + i, 1);
    for (int i = 0; i < 5; i++)
        ring_set_gap(&fx.r, c - fx.window / 2 + 3 * i, 1);
    assert_int_equal(run_at(&fx, c).rhythmic, 0);
    fixture_free(&fx);
}

static void test_rate_change_followed(void **state)
{
    (void)state;
    fixture fx;
    fixture_init(&fx, 0);
    /* 40 s at 1.5 Hz, then 40 s at 2.1 Hz, phase-continuous. */
    const int n = 80 * (int)FS, half_n = n / 2;
    double ph = 0.0;
    for (int i = 0; i < n; i++) {
        sig[i] = (float)(1.0 + 0.2 * sin(ph));
        ph += 2.0 * M_PI * (i < half_n ? 1.5 : 2.1) / FS;
    }
    load(&fx, sig, n);
    /* Windows wholly on one side of the change report that side's rate. */
    for (int64_t c = fx.window / 2; c + fx.window / 2 <= n; c += 10) {
        const int64_t lo = c - fx.window / 2, hi = c + fx.window / 2;
        if (hi <= half_n || lo >= half_n) {
            const double want = hi <= half_n ? 1.5 : 2.1;
            const cadence_window w = run_at(&fx, c);
            if (!w.rhythmic || !within(w.rate_hz, want, 0.01)) {
                print_error("window at %.1f s: %.4f Hz, want %.1f\n", c / FS, w.rate_hz, want);
                fail();
            }
        }
    }
    /* The rate window is about four periods around the centre: once the centre is two and a
     * half of the new periods past the change, the new rate is reported (within 3 %) though
     * most of the 10 s window still holds the old one. */
    const cadence_window w = run_at(&fx, half_n + (int64_t)ceil(2.5 * FS / 2.1));
    if (!within(w.rate_hz, 2.1, 0.03)) {
        print_error("just after the change: %.4f Hz, want 2.1\n", w.rate_hz);
        fail();
    }

    /* A slow glide from 1.4 to 2.2 Hz over 80 s: each window reports the rate at its centre. */
    ph = 0.0;
    for (int i = 0; i < n; i++) {
        sig[i] = (float)(1.0 + 0.2 * sin(ph));
        ph += 2.0 * M_PI * (1.4 + 0.8 * i / (double)n) / FS;
    }
    load(&fx, sig, n);
    for (int64_t c = fx.window / 2; c + fx.window / 2 <= n; c += 20) {
        const double want = 1.4 + 0.8 * c / (double)n;
        const cadence_window g = run_at(&fx, c);
        if (!g.rhythmic || !within(g.rate_hz, want, 0.02)) {
            print_error("glide at %.1f s: %.4f Hz, want %.3f\n", c / FS, g.rate_hz, want);
            fail();
        }
    }
    fixture_free(&fx);
}

/* ---- known failures (not run by default) --------------------------------------------------
 * These fail with the library as it is; they are registered as the disabled ctest
 * test_cadence_known_failures (label known_failure) and run with `test_cadence --known-failures`.
 *
 * The impact-built trunk template (trunk_impacts) gives, at the stage and through the public
 * API alike (60 s at 100 Hz, lower back):
 *   1.4 steps/s, asymmetry 0.1: 2.88 Hz (twice the step rate); calfpump_analyze: 167 activations
 *       for 84 steps. 1.8 steps/s, asymmetry 0.1: 3.60 Hz; 161 activations for 108 steps.
 *       The pattern found is the step (r 0.90), and half_prominence() then halves it again: the
 *       autocorrelation at half a step is only 0.19, but it stands 0.71 above the trough between
 *       a quarter and three quarters of the step, and the test compares that rise with
 *       STEP_PROMINENCE (0.1) without asking how high r itself is there.
 *   2.8 steps/s, asymmetry 0.8: 1.40 Hz (the stride); 83 activations for 168 steps.
 *   1.8 steps/s, asymmetry 0.5: period 11.10 samples (exactly 1.8 Hz) but rate 1.695 Hz (-6 %):
 *       refine_rate's four-period window cannot separate the step line from the stride
 *       sidebands, and its result is accepted whenever it lies within 20 % of the period's.
 *       The same, milder, for the shank-like signal at 3.2 steps/s (leg = 1): period 12.50
 *       samples (exactly the 1.6 Hz stride), rate 1.632 Hz (+2.0 %). */
static void test_known_failure_trunk_impacts(void **state)
{
    (void)state;
    char what[96];
    int ok = 1;
    fixture fx;
    fixture_init(&fx, 0);
    const double step_hz[] = {1.4, 1.8, 2.2, 2.8};
    const double asym[] = {0.1, 0.5, 0.8};
    for (size_t i = 0; i < sizeof step_hz / sizeof *step_hz; i++)
        for (size_t j = 0; j < sizeof asym / sizeof *asym; j++) {
            const int n = 40 * (int)FS;
            trunk_impacts(sig, n, step_hz[i], asym[j], 7 + i * 3 + j);
            load(&fx, sig, n);
            snprintf(what, sizeof what, "impact trunk %.1f steps/s, asymmetry %.1f", step_hz[i],
                     asym[j]);
            ok &= expect_rate(&fx, n, step_hz[i], what);
        }
    fixture_free(&fx);
    fixture_init(&fx, 1);
    trunk_walk(sig, 40 * (int)FS, 3.2, 0.5, 0.0, 51 + 5);
    load(&fx, sig, 40 * (int)FS);
    ok &= expect_rate(&fx, 40 * (int)FS, 1.6, "shank 3.2 steps/s");
    fixture_free(&fx);
    assert_true(ok);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pure_tones),
        cmocka_unit_test(test_trunk_reports_steps),
        cmocka_unit_test(test_negative_half_is_not_a_step),
        cmocka_unit_test(test_quiet_harmonic_is_not_a_step),
        cmocka_unit_test(test_foot_reports_strides),
        cmocka_unit_test(test_noisy_steps_not_a_multiple),
        cmocka_unit_test(test_white_noise),
        cmocka_unit_test(test_wrist_reports_steps),
        cmocka_unit_test(test_wrist_gestures_few_rhythmic),
        cmocka_unit_test(test_wrist_hold_at_bout_stride),
        cmocka_unit_test(test_still_below_amplitude),
        cmocka_unit_test(test_underflowing_power),
        cmocka_unit_test(test_gap_share),
        cmocka_unit_test(test_dropout_cuts),
        cmocka_unit_test(test_rate_change_followed),
    };
    const struct CMUnitTest known_failures[] = {
        cmocka_unit_test(test_known_failure_trunk_impacts),
    };
    if (argc > 1 && strcmp(argv[1], "--known-failures") == 0)
        return cmocka_run_group_tests(known_failures, NULL, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
