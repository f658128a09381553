/*
 * Surface EMG through the public API: burst onsets against synthetic EMG with known onsets at
 * several SNRs (the figures are printed, the bars asserted), one burst per contraction, scale
 * independence, channels, the MVC reference, streaming == batch, and bad input.
 *
 * Synthetic EMG: white Gaussian noise of SD 1 (the noise floor) plus, once per cycle of about
 * 1 s, a burst of independent Gaussian noise whose amplitude rises linearly from 0 over a rise
 * time of 5-50 ms (varied from burst to burst), holds, and falls over 30 ms. SNR = burst power /
 * noise power. The known onset is the start of the rise.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define DRIVER_CHECK(cond) assert_true(cond)
#include "driver.h"
#include "calfpump.h"

#define MAX_BURSTS 512
#define MATCH_S 0.15 /* a detected onset further than this from every true onset is false */

typedef struct emg_truth {
    double onset[MAX_BURSTS];
    int n;
} emg_truth;

typedef struct emg_spec {
    double rate_hz, seconds, snr_db;
    double second_share; /* > 0: a late-swing burst this share of the main amplitude */
    int channels, channel; /* the bursts go into `channel`; the others hold noise only */
    uint64_t seed;
} emg_spec;

/* Amplitude envelope of a burst at time d after its onset. */
static double ramp(double d, double rise, double len)
{
    const double fall = 0.03;
    if (d < 0.0 || d >= len)
        return 0.0;
    if (d < rise)
        return d / rise;
    return d > len - fall ? (len - d) / fall : 1.0;
}

static float *make_emg(const emg_spec *s, emg_truth *truth, size_t *n_out)
{
    static const double rises[] = {0.005, 0.01, 0.02, 0.03, 0.04, 0.05};
    const size_t n = (size_t)(s->seconds * s->rate_hz);
    const int ch = s->channels;
    float *x = calloc(n * (size_t)ch, sizeof *x);
    assert_non_null(x);
    uint64_t st = s->seed;
    for (size_t i = 0; i < n * (size_t)ch; i++)
        x[i] = (float)synth_gauss(&st);
    const double amp = pow(10.0, s->snr_db / 20.0);
    truth->n = 0;
    double cycle = 0.4;
    for (int k = 0; cycle + 1.0 < s->seconds && truth->n < MAX_BURSTS; k++) {
        const double period = 1.0 + 0.05 * synth_uniform(&st);
        const double rise = rises[k % 6], len = 0.3 + 0.15 * (synth_uniform(&st) + 1.0) / 2.0;
        truth->onset[truth->n++] = cycle;
        const size_t a = (size_t)ceil(cycle * s->rate_hz);
        for (size_t i = a; i < n && i < a + (size_t)((len + 0.01) * s->rate_hz); i++)
            x[i * (size_t)ch + (size_t)s->channel] +=
                (float)(amp * ramp((double)i / s->rate_hz - cycle, rise, len) * synth_gauss(&st));
        if (s->second_share > 0.0) { /* late swing: 0.62 of a cycle later, 100 ms */
            const double t2 = cycle + 0.62 * period;
            const size_t b = (size_t)ceil(t2 * s->rate_hz);
            for (size_t i = b; i < n && i < b + (size_t)(0.11 * s->rate_hz); i++)
                x[i * (size_t)ch + (size_t)s->channel] +=
                    (float)(s->second_share * amp *
                            ramp((double)i / s->rate_hz - t2, 0.02, 0.1) * synth_gauss(&st));
        }
        cycle += period;
    }
    *n_out = n;
    return x;
}

static calfpump_config emg_config(double rate_hz, int channels)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.signal = CALFPUMP_SIGNAL_EMG;
    cfg.sample_rate_hz = rate_hz;
    cfg.channels = channels;
    cfg.placement = CALFPUMP_PLACEMENT_SHANK;
    cfg.side = CALFPUMP_SIDE_RIGHT;
    return cfg;
}

static void analyze(const calfpump_config *cfg, const float *x, size_t n, results *out)
{
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(cfg, &h), CALFPUMP_OK);
    assert_int_equal(driver_batch(h, x, n, out), CALFPUMP_OK);
    calfpump_destroy(h);
    /* Every activation is a burst, and the i-th burst is the i-th activation. */
    assert_int_equal(out->n_act, out->n_burst);
    for (size_t i = 0; i < out->n_burst; i++) {
        assert_int_equal(out->act[i].kind, CALFPUMP_KIND_BURST);
        assert_true(out->act[i].t == out->burst[i].onset);
        assert_true(out->burst[i].offset > out->burst[i].onset);
        assert_true(out->burst[i].peak >= out->burst[i].mean && out->burst[i].mean > 0.0f);
        assert_int_equal(out->burst[i].channel, cfg->emg_channel);
        assert_int_equal(out->burst[i].side, cfg->side);
        if (i > 0)
            assert_true(out->burst[i].onset >= out->burst[i - 1].offset);
    }
}

/* Synthetic EMG per spec, analysed with the defaults (the spec's rate, channels and channel, the
 * given reference level). The caller frees the samples and the results. */
static float *make_and_analyze(const emg_spec *spec, float reference, emg_truth *truth,
                               size_t *n, results *r)
{
    float *x = make_emg(spec, truth, n);
    calfpump_config cfg = emg_config(spec->rate_hz, spec->channels);
    cfg.emg_channel = spec->channel;
    cfg.emg_reference = reference;
    analyze(&cfg, x, *n, r);
    return x;
}

typedef struct onset_score {
    int matched, missed, false_bursts;
    double bias_ms, sd_ms;
} onset_score;

/* One-to-one: each true onset takes the nearest detected onset within MATCH_S. */
static onset_score score(const emg_truth *t, const results *r)
{
    onset_score s = {0};
    double sum = 0.0, sum2 = 0.0;
    size_t j = 0;
    for (int i = 0; i < t->n; i++) {
        while (j < r->n_burst && r->burst[j].onset < t->onset[i] - MATCH_S) {
            s.false_bursts++;
            j++;
        }
        if (j < r->n_burst && fabs(r->burst[j].onset - t->onset[i]) <= MATCH_S) {
            const double d = 1000.0 * (r->burst[j].onset - t->onset[i]);
            sum += d;
            sum2 += d * d;
            s.matched++;
            j++;
        } else {
            s.missed++;
        }
    }
    s.false_bursts += (int)(r->n_burst - j);
    if (s.matched > 0) {
        s.bias_ms = sum / s.matched;
        const double var = sum2 / s.matched - s.bias_ms * s.bias_ms;
        s.sd_ms = var > 0.0 ? sqrt(var) : 0.0;
    }
    return s;
}

static onset_score run_snr(double rate_hz, double seconds, double snr_db, uint64_t seed)
{
    emg_spec spec = {rate_hz, seconds, snr_db, 0.0, 1, 0, seed};
    emg_truth truth;
    size_t n;
    results r = {0};
    float *x = make_and_analyze(&spec, 0.0f, &truth, &n, &r);
    onset_score s = score(&truth, &r);
    print_message("%6.0f Hz SNR %2.0f dB: %3d bursts, onset bias %+6.1f ms SD %5.1f ms, "
                  "missed %d, false %d\n",
                  rate_hz, snr_db, truth.n, s.bias_ms, s.sd_ms, s.missed, s.false_bursts);
    results_free(&r);
    free(x);
    return s;
}

/* Onsets at SNR 5..40 dB, two recordings of 2 min each; bars at >= 20 dB (Bonato et al. 1998). */
static void test_onsets_by_snr(void **state)
{
    (void)state;
    static const double snrs[] = {5, 10, 20, 30, 40};
    for (size_t k = 0; k < sizeof snrs / sizeof snrs[0]; k++)
        for (uint64_t seed = 1; seed <= 2; seed++) {
            const onset_score s = run_snr(1000.0, 120.0, snrs[k], seed);
            if (snrs[k] < 20)
                continue;
            assert_true(fabs(s.bias_ms) < 10.0);
            assert_true(s.sd_ms < 15.0);
            assert_int_equal(s.missed, 0);
            assert_int_equal(s.false_bursts, 0);
        }
}

/* The same bars at the ends of the rate range (20 dB). */
static void test_onsets_rates(void **state)
{
    (void)state;
    static const double rates[] = {CALFPUMP_EMG_MIN_RATE_HZ, 2048.0, CALFPUMP_EMG_MAX_RATE_HZ};
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
        const onset_score s = run_snr(rates[k], 40.0, 20.0, 7 + k);
        assert_true(fabs(s.bias_ms) < 10.0);
        assert_true(s.sd_ms < 15.0);
        assert_int_equal(s.missed, 0);
        assert_int_equal(s.false_bursts, 0);
    }
}

/* At a rate that is not a multiple of the ~20 Hz analysis rate (777.7 Hz: 20.47 Hz), the cadence
 * windows are still hop_s apart on average (a rounded hop had put them 0.4886 s apart), and no
 * two are more than an analysis sample off it. */
static void test_windows_hop_apart(void **state)
{
    (void)state;
    emg_spec spec = {777.7, 60.0, 30.0, 0.0, 1, 0, 11};
    emg_truth truth;
    size_t n;
    results r = {0};
    float *x = make_and_analyze(&spec, 0.0f, &truth, &n, &r);
    assert_true(r.n_cad > 100);
    const double mean = (r.cad[r.n_cad - 1].t - r.cad[0].t) / (double)(r.n_cad - 1);
    assert_float_equal(mean, 0.5, 1e-3);
    for (size_t i = 1; i < r.n_cad; i++)
        assert_float_equal(r.cad[i].t - r.cad[i - 1].t, 0.5, 38.0 / 777.7);
    assert_int_equal(score(&truth, &r).missed, 0);
    results_free(&r);
    free(x);
}

/* A smaller late-swing burst 0.62 cycles after each main burst does not double the count. */
static void test_second_burst_not_counted(void **state)
{
    (void)state;
    for (uint64_t seed = 3; seed <= 4; seed++) {
        emg_spec spec = {1000.0, 60.0, 30.0, 0.4, 1, 0, seed};
        emg_truth truth;
        size_t n;
        results r = {0};
        float *x = make_and_analyze(&spec, 0.0f, &truth, &n, &r);
        const onset_score s = score(&truth, &r);
        print_message("late-swing bursts: %d main, %zu found, missed %d, false %d\n", truth.n,
                      r.n_burst, s.missed, s.false_bursts);
        assert_int_equal(s.missed, 0);
        assert_int_equal(s.false_bursts, 0);
        results_free(&r);
        free(x);
    }
}

/* The same with the shortest cadence window (4 s): the cadence stage runs only 2 s behind the
 * input, less than the detector's look-ahead; bursts still wait for every burst that could drop
 * them. */
static void test_second_burst_short_window(void **state)
{
    (void)state;
    emg_spec spec = {1000.0, 60.0, 30.0, 0.6, 1, 0, 5};
    emg_truth truth;
    size_t n;
    float *x = make_emg(&spec, &truth, &n);
    calfpump_config cfg = emg_config(1000.0, 1);
    cfg.window_s = 4.0f;
    results r = {0};
    analyze(&cfg, x, n, &r);
    const onset_score s = score(&truth, &r);
    print_message("4 s window: %d bursts, %zu found, missed %d, false %d\n", truth.n,
                  r.n_burst, s.missed, s.false_bursts);
    assert_int_equal(s.missed, 0);
    assert_int_equal(s.false_bursts, 0);
    results_free(&r);
    free(x);
}

/* Held contractions (heel raises held 6 s, 4 s apart, 30 dB): one burst each, onset and offset
 * where they are, although the noise floor is only seen between them. */
static void test_held_contractions(void **state)
{
    (void)state;
    const double rate = 1000.0, on = 6.0, off = 4.0, amp = pow(10.0, 30.0 / 20.0);
    const size_t n = (size_t)(62.0 * rate);
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    uint64_t st = 61;
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / rate, in = fmod(t - 1.0, on + off);
        x[i] = (float)(synth_gauss(&st) * (1.0 + (t >= 1.0 ? amp * ramp(in, 0.05, on) : 0.0)));
    }
    calfpump_config cfg = emg_config(rate, 1);
    results r = {0};
    analyze(&cfg, x, n, &r);
    assert_int_equal(r.n_burst, 7); /* at 1, 11, ..., 61 s; the last one cut by the end */
    for (size_t i = 0; i < r.n_burst; i++) {
        const double onset = 1.0 + (double)i * (on + off);
        const double offset = i + 1 < r.n_burst ? onset + on : (double)n / rate;
        print_message("held: %.3f..%.3f (true %.3f..%.3f)\n", r.burst[i].onset,
                      r.burst[i].offset, onset, offset);
        assert_true(fabs(r.burst[i].onset - onset) < 0.02);
        assert_true(fabs(r.burst[i].offset - offset) < 0.05);
    }
    results_free(&r);
    free(x);
}

/* The analysis does not depend on the unit: scaling by powers of two changes nothing but the
 * amplitudes, which scale with it, down to 2^-100 and up to 2^60 (the cadence windows' power had
 * overflowed a float from 1e17 and underflowed it at 1e-30, and their rhythm was lost). */
static void test_scale_independent(void **state)
{
    (void)state;
    emg_spec spec = {1000.0, 30.0, 20.0, 0.0, 1, 0, 11};
    emg_truth truth;
    size_t n;
    results ref = {0};
    float *x = make_and_analyze(&spec, 0.0f, &truth, &n, &ref);
    assert_true(ref.n_burst > 20);
    calfpump_config cfg = emg_config(1000.0, 1);
    assert_true(ref.n_bout > 0);
    static const float scales[] = {1.0f / 4096.0f, 1024.0f, 0x1p-100f, 0x1p60f};
    for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++) {
        float *y = malloc(n * sizeof *y);
        assert_non_null(y);
        for (size_t i = 0; i < n; i++)
            y[i] = x[i] * scales[k];
        results r = {0};
        analyze(&cfg, y, n, &r);
        assert_int_equal(r.n_burst, ref.n_burst);
        for (size_t i = 0; i < r.n_burst; i++) {
            assert_true(r.burst[i].onset == ref.burst[i].onset);
            assert_true(r.burst[i].offset == ref.burst[i].offset);
            assert_true(fabsf(r.burst[i].peak - ref.burst[i].peak * scales[k]) <=
                        1e-5f * ref.burst[i].peak * scales[k]);
        }
        assert_int_equal(r.n_cad, ref.n_cad);
        for (size_t i = 0; i < r.n_cad; i++) {
            assert_int_equal(r.cad[i].rhythmic, ref.cad[i].rhythmic);
            assert_true(r.cad[i].per_min == ref.cad[i].per_min);
        }
        assert_int_equal(r.n_bout, ref.n_bout);
        results_free(&r);
        free(y);
    }
    results_free(&ref);
    free(x);
}

/* True bursts per minute over the 4 s around t; NaN with fewer than 3 bursts there. */
static double local_rate(const emg_truth *t, double at)
{
    int first = -1, last = -1;
    for (int i = 0; i < t->n; i++)
        if (fabs(t->onset[i] - at) <= 2.0) {
            if (first < 0)
                first = i;
            last = i;
        }
    if (last - first < 2)
        return NAN;
    return 60.0 * (last - first) / (t->onset[last] - t->onset[first]);
}

/* A 3-channel frame: channel 2 analysed alone gives what that channel gives by itself; the
 * reference scales the sizes. */
static void test_channel_and_reference(void **state)
{
    (void)state;
    emg_spec spec = {1000.0, 30.0, 25.0, 0.0, 3, 2, 12};
    emg_truth truth;
    size_t n;
    results r3 = {0}, r1 = {0};
    float *x = make_and_analyze(&spec, 50.0f, &truth, &n, &r3);
    float *one = malloc(n * sizeof *one);
    assert_non_null(one);
    for (size_t i = 0; i < n; i++)
        one[i] = x[3 * i + 2];
    calfpump_config cfg1 = emg_config(1000.0, 1);
    analyze(&cfg1, one, n, &r1);
    const onset_score s = score(&truth, &r3);
    assert_int_equal(s.missed, 0);
    assert_int_equal(s.false_bursts, 0);
    assert_int_equal(r3.n_burst, r1.n_burst);
    for (size_t i = 0; i < r3.n_burst; i++) {
        assert_true(r3.burst[i].onset == r1.burst[i].onset);
        assert_int_equal(r3.burst[i].channel, 2);
        assert_true(r1.burst[i].peak_ref == 0.0f); /* no reference given */
        assert_true(fabsf(r3.burst[i].peak_ref - r3.burst[i].peak / 50.0f) <=
                    1e-6f * r3.burst[i].peak_ref);
        assert_true(fabsf(r3.burst[i].mean_ref - r3.burst[i].mean / 50.0f) <=
                    1e-6f * r3.burst[i].mean_ref);
    }
    /* Cadence: the local burst rate (cycles of 0.95-1.05 s), steps of both legs twice that;
     * one bout. */
    size_t rhythmic = 0;
    for (size_t i = 0; i < r3.n_cad; i++)
        if (r3.cad[i].rhythmic) {
            rhythmic++;
            const double want = local_rate(&truth, r3.cad[i].t);
            assert_true(isnan(want) || fabs(r3.cad[i].per_min - want) < 3.0);
            assert_true(r3.cad[i].steps_per_min == 2.0f * r3.cad[i].per_min);
        }
    assert_true(rhythmic > r3.n_cad / 2);
    assert_int_equal(r3.n_bout, 1);
    assert_true(fabsf(r3.bout[0].cadence_per_min - 60.0f) < 3.0f);
    assert_int_equal(r3.summary.activations, r3.n_burst);
    assert_int_equal(r3.summary.steps, 2 * r3.n_burst);
    results_free(&r3);
    results_free(&r1);
    free(one);
    free(x);
}

static void expect_same(const results *a, const results *b)
{
    char why[256];
    if (results_differ(a, b, why, sizeof why))
        fail_msg("%s", why);
}

/* Streaming gives the batch's bursts whatever the chunking, also through full queues. */
static void test_stream_equals_batch(void **state)
{
    (void)state;
    emg_spec spec = {2000.0, 40.0, 15.0, 0.4, 2, 1, 21};
    emg_truth truth;
    size_t n;
    float *x = make_emg(&spec, &truth, &n);
    calfpump_config cfg = emg_config(2000.0, 2);
    cfg.emg_channel = 1;
    cfg.emg_mains_hz = 50.0f;
    cfg.queue_capacity = 16;
    results b = {0};
    analyze(&cfg, x, n, &b);
    assert_true(b.n_burst > 20);
    static const size_t chunks[] = {1, 7, 500, 3000, 40000};
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        /* Single frames over the whole input cost too long: 1..7 frames over a part. */
        const size_t len = chunks[k] < 500 ? n / 4 : n;
        results part = {0};
        if (len != n)
            analyze(&cfg, x, len, &part);
        calfpump *h = NULL;
        assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
        results s = {0};
        driver_stream(h, x, len, 2, 100 + k, chunks[k], 1 + k % 3, &s);
        expect_same(len == n ? &b : &part, &s);
        calfpump_destroy(h);
        results_free(&s);
        results_free(&part);
    }
    results_free(&b);
    free(x);
}

/* A handle in caller memory of exactly calfpump_get_size bytes (10 kHz, 4 channels) streams the
 * batch's bursts: the whole EMG path lives in that block (AddressSanitizer sees any overrun). */
static void test_caller_memory(void **state)
{
    (void)state;
    emg_spec spec = {10000.0, 12.0, 20.0, 0.4, 4, 3, 51};
    emg_truth truth;
    size_t n;
    results b = {0};
    float *x = make_and_analyze(&spec, 0.0f, &truth, &n, &b);
    assert_true(b.n_burst >= 8);
    calfpump_config cfg = emg_config(10000.0, 4);
    cfg.emg_channel = 3;
    const size_t size = calfpump_get_size(&cfg);
    assert_true(size > 0);
    void *mem = malloc(size);
    assert_non_null(mem);
    calfpump *h = NULL;
    assert_int_equal(calfpump_init(mem, size - 1, &cfg, &h), CALFPUMP_E_NOMEM);
    assert_int_equal(calfpump_init(mem, size, &cfg, &h), CALFPUMP_OK);
    results s = {0};
    driver_stream(h, x, n, 4, 52, 4096, 4, &s);
    expect_same(&b, &s);
    calfpump_deinit(h);
    free(mem);
    results_free(&s);
    results_free(&b);
    free(x);
}

/* A version-1 config (no EMG fields) still works, with the EMG defaults. */
static void test_config_v1(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    assert_int_equal(cfg.emg_channel, 0);
    assert_true(cfg.emg_band_low_hz == 20.0f && cfg.emg_band_high_hz == 450.0f);
    assert_true(cfg.emg_mains_hz == 0.0f && cfg.emg_reference == 0.0f);
    cfg.struct_size = (uint32_t)(offsetof(calfpump_config, queue_capacity) + sizeof(uint32_t));
    cfg.version = 1;
    cfg.emg_channel = 99; /* beyond a version-1 struct: never read */
    cfg.signal = CALFPUMP_SIGNAL_EMG;
    cfg.sample_rate_hz = 1000.0;
    cfg.channels = 1;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    calfpump_destroy(h);
    cfg.version = 2;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_E_VERSION);
    assert_null(h);
}

static void expect_rejected(const calfpump_config *cfg, int status)
{
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(cfg, &h), status);
    assert_null(h);
    assert_int_equal(calfpump_get_size(cfg), 0);
}

static void test_bad_config(void **state)
{
    (void)state;
    static const double bad_rates[] = {499.9, 10000.5, 100.0, 0.0, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_rates / sizeof bad_rates[0]; i++) {
        calfpump_config cfg = emg_config(bad_rates[i], 1);
        expect_rejected(&cfg, CALFPUMP_E_RATE);
    }
    calfpump_config cfg = emg_config(1000.0, 0);
    expect_rejected(&cfg, CALFPUMP_E_CHANNELS);
    cfg = emg_config(1000.0, CALFPUMP_EMG_MAX_CHANNELS + 1);
    expect_rejected(&cfg, CALFPUMP_E_CHANNELS);
    cfg = emg_config(1000.0, 2);
    cfg.emg_channel = 2;
    expect_rejected(&cfg, CALFPUMP_E_CHANNELS);
    cfg.emg_channel = -1;
    expect_rejected(&cfg, CALFPUMP_E_CHANNELS);
    cfg = emg_config(1000.0, 1);
    cfg.emg_mains_hz = 55.0f;
    expect_rejected(&cfg, CALFPUMP_E_ARG);
    cfg = emg_config(1000.0, 1);
    cfg.emg_band_low_hz = 5.0f;
    expect_rejected(&cfg, CALFPUMP_E_ARG);
    cfg = emg_config(1000.0, 1);
    cfg.emg_band_high_hz = NAN;
    expect_rejected(&cfg, CALFPUMP_E_ARG);
    cfg = emg_config(1000.0, 1);
    cfg.emg_reference = -1.0f;
    expect_rejected(&cfg, CALFPUMP_E_ARG);
    /* The limits themselves are accepted, with up to 16 channels. */
    cfg = emg_config(CALFPUMP_EMG_MIN_RATE_HZ, CALFPUMP_EMG_MAX_CHANNELS);
    cfg.emg_channel = CALFPUMP_EMG_MAX_CHANNELS - 1;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    calfpump_destroy(h);
    cfg = emg_config(CALFPUMP_EMG_MAX_RATE_HZ, 1);
    cfg.emg_reference = 3e38f; /* the documented top of its range (a float: a hair above 3e38) */
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    calfpump_destroy(h);
    cfg.emg_reference = 3.1e38f;
    expect_rejected(&cfg, CALFPUMP_E_ARG);
}

/* Empty input, one sample, a constant signal (an ADC's mid-scale), all-NaN: no bursts, no error. */
static void test_degenerate_input(void **state)
{
    (void)state;
    calfpump_config cfg = emg_config(1000.0, 1);
    const size_t n = 20000;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    results r = {0};
    analyze(&cfg, NULL, 0, &r);
    assert_int_equal(r.n_burst, 0);
    assert_int_equal(r.summary.frames, 0);
    results_free(&r);
    x[0] = 5.0f;
    analyze(&cfg, x, 1, &r);
    assert_int_equal(r.n_burst, 0);
    assert_int_equal(r.summary.frames, 1);
    results_free(&r);
    for (size_t i = 0; i < n; i++)
        x[i] = 2048.0f;
    analyze(&cfg, x, n, &r);
    assert_int_equal(r.n_burst, 0);
    results_free(&r);
    for (size_t i = 0; i < n; i++)
        x[i] = NAN;
    analyze(&cfg, x, n, &r);
    assert_int_equal(r.n_burst, 0);
    assert_int_equal(r.summary.gap_frames, n);
    results_free(&r);
    free(x);
}

/* NaN/Inf samples are gaps (held at the last finite value, counted); clipping at 10 noise SDs
 * (a third of the bursts' SD) flattens the bursts but every burst is still found. A DC offset
 * changes nothing. */
static void test_gaps_clipping_offset(void **state)
{
    (void)state;
    emg_spec spec = {1000.0, 40.0, 30.0, 0.0, 1, 0, 31};
    emg_truth truth;
    size_t n;
    float *x = make_emg(&spec, &truth, &n);
    calfpump_config cfg = emg_config(1000.0, 1);

    float *y = malloc(n * sizeof *y);
    assert_non_null(y);
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] + 2048.0f;
    results r = {0};
    analyze(&cfg, y, n, &r);
    onset_score s = score(&truth, &r);
    assert_int_equal(s.missed + s.false_bursts, 0);
    assert_true(fabs(s.bias_ms) < 10.0);
    results_free(&r);

    memcpy(y, x, n * sizeof *y);
    for (size_t i = 10000; i < 10050; i++)
        y[i] = (i % 2) ? NAN : INFINITY;
    analyze(&cfg, y, n, &r);
    assert_int_equal(r.summary.gap_frames, 50);
    s = score(&truth, &r);
    /* 50 ms held flat may cost the burst it falls in, nothing else. */
    assert_true(s.missed <= 1 && s.false_bursts <= 1);
    results_free(&r);

    for (size_t i = 0; i < n; i++)
        y[i] = x[i] > 10.0f ? 10.0f : x[i] < -10.0f ? -10.0f : x[i];
    analyze(&cfg, y, n, &r);
    s = score(&truth, &r);
    print_message("clipped at 10 SD: missed %d, false %d, bias %+.1f ms\n", s.missed,
                  s.false_bursts, s.bias_ms);
    assert_int_equal(s.missed + s.false_bursts, 0);
    for (size_t i = 0; i < r.n_burst; i++)
        assert_true(r.burst[i].peak <= 10.5f);
    results_free(&r);
    free(y);
    free(x);
}

/* Scores against the true onsets outside [lo, hi) (those a stretch without data hides). */
static onset_score score_outside(const emg_truth *t, double lo, double hi, const results *r)
{
    emg_truth kept = {.n = 0};
    for (int i = 0; i < t->n; i++)
        if (t->onset[i] < lo || t->onset[i] >= hi)
            kept.onset[kept.n++] = t->onset[i];
    return score(&kept, r);
}

/* A stretch without data (NaN held at the last value, or a sensor sending exact zeros) is no
 * measurement of the noise floor: 1.5 s of it in the rest, or at the start before the link
 * syncs, costs only the contractions inside it (it had pulled the floor to zero and merged or
 * lost those within 4 s, and made a false burst at the first real sample). */
static void test_no_data_stretches(void **state)
{
    (void)state;
    emg_spec spec = {1000.0, 40.0, 20.0, 0.0, 1, 0, 7};
    emg_truth truth;
    size_t n;
    float *x = make_emg(&spec, &truth, &n);
    calfpump_config cfg = emg_config(1000.0, 1);
    float *y = malloc(n * sizeof *y);
    assert_non_null(y);
    static const float fill[] = {NAN, 0.0f};
    for (int k = 0; k < 2; k++)
        for (int lead = 0; lead < 2; lead++) {
            /* From after a burst (or the start) to 0.1 s before the next-but-one onset. */
            const double lo = lead ? 0.0 : truth.onset[18] + 0.5;
            const double hi = truth.onset[lead ? 1 : 20] - 0.1;
            memcpy(y, x, n * sizeof *y);
            for (size_t i = (size_t)(lo * 1000.0); i < (size_t)(hi * 1000.0); i++)
                y[i] = fill[k];
            results r = {0};
            analyze(&cfg, y, n, &r);
            const onset_score s = score_outside(&truth, lo, hi, &r);
            print_message("%s %.2f..%.2f s: missed %d, false %d\n", k ? "zeros" : "NaN", lo, hi,
                          s.missed, s.false_bursts);
            assert_int_equal(s.missed, 0);
            assert_int_equal(s.false_bursts, 0);
            assert_true(fabs(s.bias_ms) < 10.0);
            results_free(&r);
        }
    free(y);
    free(x);
}

/* One huge sample in the rest (an ADC glitch): 1e4 x the bursts' RMS costs nothing; at FLT_MAX
 * the filters ring for about 2 s and hide what lies there, nothing else, and make no burst. The
 * floor was at least 1e-3 x the loudest block within 4 s: 8-10 contractions were lost. */
static void test_huge_sample(void **state)
{
    (void)state;
    emg_spec spec = {1000.0, 40.0, 20.0, 0.0, 1, 0, 7};
    emg_truth truth;
    size_t n;
    float *x = make_emg(&spec, &truth, &n);
    calfpump_config cfg = emg_config(1000.0, 1);
    const double at = truth.onset[20] + 0.7;
    static const float values[] = {1e5f, FLT_MAX}; /* 1e4 x the bursts' RMS (20 dB) */
    for (int k = 0; k < 2; k++) {
        const float keep = x[(size_t)(at * 1000.0)];
        x[(size_t)(at * 1000.0)] = values[k];
        results r = {0};
        analyze(&cfg, x, n, &r);
        x[(size_t)(at * 1000.0)] = keep;
        const onset_score s = score_outside(&truth, at, at + (k ? 2.0 : 0.0), &r);
        print_message("one sample of %g at %.2f s: missed %d, false %d\n", values[k], at,
                      s.missed, s.false_bursts);
        assert_int_equal(s.missed, 0);
        assert_int_equal(s.false_bursts, 0);
        results_free(&r);
    }
    free(x);
}

/* A burst that is itself dropped drops nothing: a late-swing burst (0.9 x, 150 ms) 0.62 s after
 * a stance burst, dropped by it, had still dropped the next, weaker stance burst (0.2 x, 16 dB
 * above the floor) 0.38 s later. Stance bursts 1 s apart, 30 dB. */
static void test_dropped_burst_drops_nothing(void **state)
{
    (void)state;
    const double rate = 1000.0, amp = pow(10.0, 30.0 / 20.0);
    const size_t n = (size_t)(30.0 * rate);
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    uint64_t st = 71;
    emg_truth truth = {.n = 0};
    for (int k = 0; k < 29; k++)
        truth.onset[truth.n++] = 0.5 + k;
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / rate, in = fmod(t - 0.5, 1.0);
        const double stance = (t >= 0.5 && t < 29.5 ? ramp(in, 0.02, 0.4) : 0.0) *
                              (t >= 15.5 && t < 16.5 ? 0.2 : 1.0);
        const double late = 0.9 * ramp(t - 15.12, 0.02, 0.15);
        x[i] = (float)(synth_gauss(&st) * (1.0 + amp * (stance + late)));
    }
    calfpump_config cfg = emg_config(rate, 1);
    results r = {0};
    analyze(&cfg, x, n, &r);
    const onset_score s = score(&truth, &r);
    print_message("dropped late-swing burst: %d stance bursts, missed %d, false %d\n", truth.n,
                  s.missed, s.false_bursts);
    assert_int_equal(s.missed, 0);
    assert_int_equal(s.false_bursts, 0);
    results_free(&r);
    free(x);
}

/* A burst still open at the end of input ends there (frames / rate, as the summary's duration):
 * onsets and offsets pair up. */
static void test_open_burst_at_end(void **state)
{
    (void)state;
    emg_spec spec = {1000.0, 12.0, 30.0, 0.0, 1, 0, 41};
    emg_truth truth;
    size_t n;
    float *x = make_emg(&spec, &truth, &n);
    /* Cut in the middle of the last burst. */
    const size_t cut = (size_t)((truth.onset[truth.n - 1] + 0.15) * 1000.0);
    calfpump_config cfg = emg_config(1000.0, 1);
    results r = {0};
    analyze(&cfg, x, cut, &r);
    assert_true(r.n_burst >= (size_t)truth.n - 1);
    const calfpump_burst *last = &r.burst[r.n_burst - 1];
    assert_true(fabs(last->onset - truth.onset[truth.n - 1]) < 0.02);
    assert_true(last->offset == (double)cut / 1000.0); /* not 6 ms before (delay correction) */
    results_free(&r);
    free(x);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_onsets_by_snr),
        cmocka_unit_test(test_onsets_rates),
        cmocka_unit_test(test_windows_hop_apart),
        cmocka_unit_test(test_second_burst_not_counted),
        cmocka_unit_test(test_second_burst_short_window),
        cmocka_unit_test(test_held_contractions),
        cmocka_unit_test(test_scale_independent),
        cmocka_unit_test(test_channel_and_reference),
        cmocka_unit_test(test_stream_equals_batch),
        cmocka_unit_test(test_caller_memory),
        cmocka_unit_test(test_config_v1),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_degenerate_input),
        cmocka_unit_test(test_gaps_clipping_offset),
        cmocka_unit_test(test_open_burst_at_end),
        cmocka_unit_test(test_no_data_stretches),
        cmocka_unit_test(test_huge_sample),
        cmocka_unit_test(test_dropped_burst_drops_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
