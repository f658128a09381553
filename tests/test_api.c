/*
 * Tests of libcalfpump's public API (calfpump.h only): defaults, lifecycle, the bad-input table,
 * status texts, names, streaming == batch whatever the chunking, queue overflow, resampling and a
 * light accuracy check on a synthetic walk.
 */
#include <float.h>
#include <limits.h>
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

/* ---- helpers --------------------------------------------------------------------------------- */

#define APPEND(vec, n, src, k) ((vec) = results_append((vec), &(n), (src), (k), sizeof *(vec)))

static calfpump_config config_for(double rate, int channels, int placement)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.sample_rate_hz = rate;
    cfg.channels = channels;
    cfg.placement = placement;
    return cfg;
}

static calfpump *make(const calfpump_config *cfg)
{
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(cfg, &h), CALFPUMP_OK);
    assert_non_null(h);
    return h;
}

static float *make_walk(const synth_walk *w, size_t n_frames)
{
    float *x = malloc(n_frames * (size_t)(w->channels == 1 ? 1 : 3) * sizeof *x);
    assert_non_null(x);
    synth_fill(w, x, n_frames);
    return x;
}

static void batch(calfpump *h, const float *x, size_t n, results *out)
{
    assert_int_equal(driver_batch(h, x, n, out), CALFPUMP_OK);
}

/* calfpump_analyze on a handle of its own. */
static void analyze_once(const calfpump_config *cfg, const float *x, size_t n, results *out)
{
    calfpump *h = make(cfg);
    batch(h, x, n, out);
    calfpump_destroy(h);
}

static void expect_same_results(const results *a, const results *b)
{
    char why[256];
    if (results_differ(a, b, why, sizeof why)) {
        print_error("%s\n", why);
        fail();
    }
}

/* The summary agrees with what was returned. */
static void expect_consistent(const results *r, size_t n_frames, double rate)
{
    assert_true(r->summary.frames == n_frames);
    assert_int_equal(r->summary.activations, r->n_act);
    assert_int_equal(r->summary.bouts, r->n_bout);
    assert_float_equal(r->summary.duration_s, (double)n_frames / rate, 1e-9);
    for (size_t i = 1; i < r->n_act; i++)
        assert_true(r->act[i - 1].t <= r->act[i].t);
    for (size_t i = 1; i < r->n_cad; i++)
        assert_true(r->cad[i - 1].t < r->cad[i].t);
    /* Every time lies on the input's clock, from its first frame to its last. */
    const double last = (double)(n_frames - 1) / rate + 1e-9;
    for (size_t i = 0; i < r->n_act; i++)
        assert_true(r->act[i].t >= 0.0 && r->act[i].t <= last);
    for (size_t i = 0; i < r->n_cad; i++)
        assert_true(r->cad[i].t >= 0.0 && r->cad[i].t <= last);
    for (size_t i = 0; i < r->n_bout; i++)
        assert_true(r->bout[i].start >= 0.0 && r->bout[i].end <= last);
}

/* Whatever the samples were, every number returned is finite. */
static void expect_all_finite(const results *r)
{
    for (size_t i = 0; i < r->n_act; i++)
        assert_true(isfinite(r->act[i].t) && isfinite(r->act[i].period_s) &&
                    isfinite(r->act[i].strength_g));
    for (size_t i = 0; i < r->n_cad; i++)
        assert_true(isfinite(r->cad[i].t) && isfinite(r->cad[i].per_min) &&
                    isfinite(r->cad[i].confidence) && isfinite(r->cad[i].amplitude_g));
    for (size_t i = 0; i < r->n_bout; i++)
        assert_true(isfinite(r->bout[i].start) && isfinite(r->bout[i].end) &&
                    isfinite(r->bout[i].cadence_per_min));
    assert_true(isfinite(r->summary.active_s) && isfinite(r->summary.mean_cadence_per_min));
}

/* ---- configuration and lifecycle ------------------------------------------------------------- */

static void test_config_init_defaults(void **state)
{
    (void)state;
    calfpump_config cfg;
    memset(&cfg, 0xA5, sizeof cfg);
    calfpump_config_init(&cfg);
    assert_int_equal(cfg.struct_size, sizeof(calfpump_config));
    assert_int_equal(cfg.version, CALFPUMP_CONFIG_VERSION);
    assert_float_equal(cfg.sample_rate_hz, 100.0, 0.0);
    assert_int_equal(cfg.channels, 3);
    assert_int_equal(cfg.signal, CALFPUMP_SIGNAL_ACCEL);
    assert_int_equal(cfg.placement, CALFPUMP_PLACEMENT_UNKNOWN);
    assert_int_equal(cfg.side, CALFPUMP_SIDE_UNKNOWN);
    assert_float_equal(cfg.band_low_hz, 0.25f, 0.0);
    assert_float_equal(cfg.band_high_hz, 4.0f, 0.0);
    assert_float_equal(cfg.window_s, 10.0f, 0.0);
    assert_float_equal(cfg.hop_s, 0.5f, 0.0);
    assert_float_equal(cfg.min_confidence, 0.5f, 0.0);
    assert_float_equal(cfg.min_amplitude_g, 0.02f, 0.0);
    assert_float_equal(cfg.min_bout_s, 4.0f, 0.0);
    assert_int_equal(cfg.queue_capacity, 256);
    assert_int_equal(calfpump_config_init(NULL), CALFPUMP_E_NULL);
}

/* A caller compiled against an older header passes its smaller struct: init writes only that
 * version's bytes (it had written the whole current struct: 48 bytes past a version-1 caller's
 * config on its stack), and create takes the result. Versions the library does not know are
 * refused: 0 writes nothing; a later one (a larger struct) gets this library's defaults with
 * struct_size 0, which create refuses. */
static void test_config_init_older_caller(void **state)
{
    (void)state;
    const size_t align = _Alignof(calfpump_config);
    const size_t v1 = (offsetof(calfpump_config, queue_capacity) + sizeof(uint32_t) + align - 1) /
                      align * align;
    union {
        calfpump_config cfg;
        unsigned char bytes[sizeof(calfpump_config) + 16];
    } mem;
    memset(&mem, 0xA5, sizeof mem);
    assert_int_equal(calfpump_config_init_version(&mem.cfg, 1), CALFPUMP_OK);
    for (size_t i = v1; i < sizeof mem; i++)
        assert_int_equal(mem.bytes[i], 0xA5);
    assert_int_equal(mem.cfg.struct_size, v1);
    assert_int_equal(mem.cfg.version, 1);
    assert_int_equal(mem.cfg.queue_capacity, 256);
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&mem.cfg, &h), CALFPUMP_OK);
    calfpump_destroy(h);

    memset(&mem, 0xA5, sizeof mem);
    assert_int_equal(calfpump_config_init_version(&mem.cfg, 0), CALFPUMP_E_VERSION);
    for (size_t i = 0; i < sizeof mem; i++)
        assert_int_equal(mem.bytes[i], 0xA5);
    assert_int_equal(calfpump_config_init_version(&mem.cfg, CALFPUMP_CONFIG_VERSION + 1),
                     CALFPUMP_E_VERSION);
    assert_int_equal(mem.cfg.struct_size, 0);
    assert_int_equal(mem.cfg.channels, 3);
    assert_int_equal(mem.bytes[sizeof(calfpump_config)], 0xA5);
    assert_int_equal(calfpump_create(&mem.cfg, &h), CALFPUMP_E_VERSION);
    assert_null(h);
}

static void test_create_destroy(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    calfpump *h = make(&cfg);
    calfpump_summary s;
    assert_int_equal(calfpump_get_summary(h, &s), CALFPUMP_OK);
    assert_true(s.frames == 0 && s.gap_frames == 0);
    assert_int_equal(s.activations, 0);
    assert_int_equal(s.bouts, 0);
    calfpump_destroy(h);
    calfpump_destroy(NULL);
    calfpump_deinit(NULL);
    calfpump_result_free(NULL);
    /* Every placement and side, both channel counts, the rate limits. */
    for (int p = 0; p < CALFPUMP_PLACEMENT_COUNT_; p++)
        for (int side = CALFPUMP_SIDE_UNKNOWN; side <= CALFPUMP_SIDE_RIGHT; side++) {
            cfg = config_for(p % 2 ? CALFPUMP_MIN_RATE_HZ : CALFPUMP_MAX_RATE_HZ, p % 3 ? 3 : 1, p);
            cfg.side = side;
            calfpump_destroy(make(&cfg));
        }
}

static void test_init_caller_memory(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(100.0, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    size_t size = calfpump_get_size(&cfg);
    assert_true(size > 0);
    size_t rounded = (size + 15) / 16 * 16;
    void *mem = aligned_alloc(16, rounded);
    assert_non_null(mem);
    calfpump *h = NULL;
    assert_int_equal(calfpump_init(mem, size, &cfg, &h), CALFPUMP_OK);
    assert_non_null(h);

    /* A handle in caller memory gives what a heap handle gives. */
    synth_walk w = synth_default(100.0, 3, 40.0);
    w.walk_start_s = 5.0;
    w.walk_end_s = 35.0;
    const size_t n = 4000;
    float *x = make_walk(&w, n);
    results a = {0}, b = {0};
    driver_stream(h, x, n, 3, 7, 300, 3, &a);
    calfpump *g = make(&cfg);
    batch(g, x, n, &b);
    expect_same_results(&a, &b);
    assert_true(a.n_act > 0);
    calfpump_destroy(g);
    calfpump_deinit(h);

    /* The memory can be used again for a new handle. */
    h = NULL;
    assert_int_equal(calfpump_init(mem, size, &cfg, &h), CALFPUMP_OK);
    calfpump_deinit(h);
    free(mem);
    free(x);
    results_free(&a);
    results_free(&b);
}

static void test_init_too_small(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    size_t size = calfpump_get_size(&cfg);
    assert_true(size > 0);
    /* Exactly `size` bytes, so that AddressSanitizer sees any write past what get_size said. */
    void *mem = malloc(size);
    assert_non_null(mem);
    calfpump *h = NULL;
    assert_int_equal(calfpump_init(mem, size - 1, &cfg, &h), CALFPUMP_E_NOMEM);
    assert_int_equal(calfpump_init(mem, 16, &cfg, &h), CALFPUMP_E_NOMEM);
    assert_int_equal(calfpump_init(mem, 0, &cfg, &h), CALFPUMP_E_NOMEM);
    assert_null(h);
    assert_int_equal(calfpump_init(mem, size, &cfg, &h), CALFPUMP_OK);
    calfpump_deinit(h);
    free(mem);
    /* A bigger queue or a faster rate needs more memory. */
    calfpump_config big = cfg;
    big.queue_capacity = 4096;
    assert_true(calfpump_get_size(&big) > size);
    big = cfg;
    big.sample_rate_hz = 1000.0;
    assert_true(calfpump_get_size(&big) >= size);
}

/* Caller memory at any alignment: init aligns the handle inside the block (get_size counts the
 * slack), and the handle gives what a heap handle gives. */
static void test_init_unaligned(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(100.0, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    const size_t size = calfpump_get_size(&cfg);
    synth_walk w = synth_default(100.0, 3, 40.0);
    const size_t n = 4000;
    float *x = make_walk(&w, n);
    results ref = {0};
    analyze_once(&cfg, x, n, &ref);
    assert_true(ref.n_act > 0);
    for (size_t offset = 1; offset < 16; offset += 3) {
        /* Exactly `size` bytes after the offset: AddressSanitizer sees any use beyond them. */
        unsigned char *block = malloc(size + offset);
        assert_non_null(block);
        calfpump *h = NULL;
        assert_int_equal(calfpump_init(block + offset, size, &cfg, &h), CALFPUMP_OK);
        results r = {0};
        batch(h, x, n, &r);
        expect_same_results(&ref, &r);
        calfpump_deinit(h);
        free(block);
        results_free(&r);
    }
    free(x);
    results_free(&ref);
}

/* ---- the bad-input table --------------------------------------------------------------------- */

static void test_null_pointers(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    calfpump *h = make(&cfg);
    calfpump *out = NULL;
    float frames[6] = {0, 0, 1, 0, 0, 1};
    size_t n = 0;
    calfpump_activation a[2];
    calfpump_cadence c[2];
    calfpump_bout b[2];
    calfpump_summary s;
    calfpump_result *r = NULL;
    char mem[64];

    assert_int_equal(calfpump_create(NULL, &out), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_create(&cfg, NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_get_size(NULL), 0);
    out = (calfpump *)mem; /* init sets *out = NULL on every failure, as create */
    assert_int_equal(calfpump_init(NULL, 1 << 20, &cfg, &out), CALFPUMP_E_NULL);
    assert_null(out);
    assert_int_equal(calfpump_init(mem, sizeof mem, NULL, &out), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_init(mem, sizeof mem, &cfg, NULL), CALFPUMP_E_NULL);
    assert_null(out);

    assert_int_equal(calfpump_push(NULL, frames, 2, &n), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_push(h, NULL, 2, &n), CALFPUMP_E_NULL); /* frames NULL, n > 0 */
    assert_int_equal(calfpump_push(h, frames, 2, NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_flush(NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_reset(NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_activations(NULL, a, 2, &n), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_activations(h, NULL, 2, &n), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_activations(h, a, 2, NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_cadence(NULL, c, 2, &n), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_cadence(h, NULL, 2, &n), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_cadence(h, c, 2, NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_bouts(NULL, b, 2, &n), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_bouts(h, NULL, 2, &n), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_bouts(h, b, 2, NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_get_summary(NULL, &s), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_get_summary(h, NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_analyze(NULL, frames, 2, &r), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_analyze(h, NULL, 2, &r), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_analyze(h, frames, 2, NULL), CALFPUMP_E_NULL);
    assert_null(r);

    /* Result accessors on NULL: no crash, nothing returned. */
    n = 5;
    assert_null(calfpump_result_activations(NULL, &n));
    assert_int_equal(n, 0);
    n = 5;
    assert_null(calfpump_result_cadence(NULL, &n));
    assert_int_equal(n, 0);
    n = 5;
    assert_null(calfpump_result_bouts(NULL, &n));
    assert_int_equal(n, 0);
    assert_null(calfpump_result_summary(NULL));

    /* The handle still works after all that. */
    assert_int_equal(calfpump_push(h, frames, 2, &n), CALFPUMP_OK);
    assert_int_equal(n, 2);
    calfpump_destroy(h);
}

/* Every way to make a handle rejects `cfg` with `want`. */
static void expect_config_rejected(const calfpump_config *cfg, int want)
{
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(cfg, &h), want);
    assert_null(h);
    assert_int_equal(calfpump_get_size(cfg), 0);
    _Alignas(16) static unsigned char mem[1 << 16];
    assert_int_equal(calfpump_init(mem, sizeof mem, cfg, &h), want);
    assert_null(h);
}

static void test_bad_rate(void **state)
{
    (void)state;
    const double bad[] = {0.0, 5.0, NAN, 1e6, INFINITY, -INFINITY, -100.0,
                          CALFPUMP_MIN_RATE_HZ - 0.01, CALFPUMP_MAX_RATE_HZ + 0.5};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        calfpump_config cfg = config_for(bad[i], 3, CALFPUMP_PLACEMENT_UNKNOWN);
        print_message("rate %g\n", bad[i]);
        expect_config_rejected(&cfg, CALFPUMP_E_RATE);
    }
}

static void test_bad_channels(void **state)
{
    (void)state;
    const int bad[] = {0, 2, 4, -1, 1000, INT_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        calfpump_config cfg = config_for(100.0, bad[i], CALFPUMP_PLACEMENT_UNKNOWN);
        expect_config_rejected(&cfg, CALFPUMP_E_CHANNELS);
    }
}

static void test_bad_version(void **state)
{
    (void)state;
    calfpump_config cfg;
    const uint32_t sizes[] = {0, 4, (uint32_t)sizeof cfg - 4, (uint32_t)sizeof cfg + 8, UINT32_MAX};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        calfpump_config_init(&cfg);
        cfg.struct_size = sizes[i];
        expect_config_rejected(&cfg, CALFPUMP_E_VERSION);
    }
    const uint32_t versions[] = {0, CALFPUMP_CONFIG_VERSION + 1, UINT32_MAX};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        calfpump_config_init(&cfg);
        cfg.version = versions[i];
        expect_config_rejected(&cfg, CALFPUMP_E_VERSION);
    }
}

/* One field of the config set to one value. */
typedef enum field {
    F_BAND_LOW, F_BAND_HIGH, F_WINDOW, F_HOP, F_CONF, F_AMP, F_BOUT, F_QUEUE, F_PLACEMENT, F_SIDE,
    F_SIGNAL
} field;

typedef struct setting {
    field f;
    double v;
} setting;

static const char *const field_names[] = {"band_low_hz", "band_high_hz", "window_s", "hop_s",
                                          "min_confidence", "min_amplitude_g", "min_bout_s",
                                          "queue_capacity", "placement", "side", "signal"};

static calfpump_config config_with(setting s)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    switch (s.f) {
    case F_BAND_LOW: cfg.band_low_hz = (float)s.v; break;
    case F_BAND_HIGH: cfg.band_high_hz = (float)s.v; break;
    case F_WINDOW: cfg.window_s = (float)s.v; break;
    case F_HOP: cfg.hop_s = (float)s.v; break;
    case F_CONF: cfg.min_confidence = (float)s.v; break;
    case F_AMP: cfg.min_amplitude_g = (float)s.v; break;
    case F_BOUT: cfg.min_bout_s = (float)s.v; break;
    case F_QUEUE: cfg.queue_capacity = (uint32_t)s.v; break;
    case F_PLACEMENT: cfg.placement = (int32_t)s.v; break;
    case F_SIDE: cfg.side = (int32_t)s.v; break;
    case F_SIGNAL: cfg.signal = (int32_t)s.v; break;
    }
    return cfg;
}

static void test_bad_params(void **state)
{
    (void)state;
    const setting bad[] = {
        {F_BAND_LOW, 0.19}, {F_BAND_LOW, 1.01}, {F_BAND_LOW, NAN}, {F_BAND_LOW, -1.0},
        {F_BAND_HIGH, 1.99}, {F_BAND_HIGH, 5.01}, {F_BAND_HIGH, NAN}, {F_BAND_HIGH, INFINITY},
        {F_WINDOW, 3.9}, {F_WINDOW, 30.1}, {F_WINDOW, NAN}, {F_HOP, 0.09}, {F_HOP, 1.01},
        {F_HOP, NAN}, {F_HOP, 0.0}, {F_CONF, -0.01}, {F_CONF, 1.01}, {F_CONF, NAN},
        {F_AMP, -0.01}, {F_AMP, 1.01}, {F_AMP, NAN}, {F_BOUT, 1.9}, {F_BOUT, 60.1}, {F_BOUT, NAN},
        {F_QUEUE, 0}, {F_QUEUE, 3}, {F_QUEUE, 65537}, {F_QUEUE, 4294967295.0},
        {F_PLACEMENT, -1}, {F_PLACEMENT, CALFPUMP_PLACEMENT_COUNT_}, {F_PLACEMENT, 1000},
        {F_SIDE, -1}, {F_SIDE, 3}, {F_SIGNAL, -1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        calfpump_config cfg = config_with(bad[i]);
        print_message("%s = %g\n", field_names[bad[i].f], bad[i].v);
        expect_config_rejected(&cfg, CALFPUMP_E_ARG);
    }
    /* Not a calfpump_signal value: a bad argument (every build has both signal types, so
     * CALFPUMP_E_UNSUPPORTED is never the answer today). */
    calfpump_config cfg = config_with((setting){F_SIGNAL, 7});
    expect_config_rejected(&cfg, CALFPUMP_E_ARG);
}

static void test_param_limits_accepted(void **state)
{
    (void)state;
    const setting good[] = {
        {F_BAND_LOW, 0.2}, {F_BAND_LOW, 1.0}, {F_BAND_HIGH, 2.0}, {F_BAND_HIGH, 5.0},
        {F_WINDOW, 4.0}, {F_WINDOW, 30.0}, {F_HOP, 0.1}, {F_HOP, 1.0}, {F_CONF, 0.0},
        {F_CONF, 1.0}, {F_AMP, 0.0}, {F_AMP, 1.0}, {F_BOUT, 2.0}, {F_BOUT, 60.0},
        {F_QUEUE, 4}, {F_QUEUE, 65536},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        calfpump_config cfg = config_with(good[i]);
        print_message("%s = %g\n", field_names[good[i].f], good[i].v);
        assert_true(calfpump_get_size(&cfg) > 0);
        calfpump_destroy(make(&cfg));
    }
    calfpump_config cfg = config_for(CALFPUMP_MIN_RATE_HZ, 1, CALFPUMP_PLACEMENT_NECK);
    calfpump_destroy(make(&cfg));
    cfg = config_for(CALFPUMP_MAX_RATE_HZ, 3, CALFPUMP_PLACEMENT_FOOT);
    calfpump_destroy(make(&cfg));
}

static void test_push_after_flush(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    calfpump *h = make(&cfg);
    float frames[30] = {0};
    for (int i = 0; i < 10; i++)
        frames[3 * i + 2] = 1.0f;
    size_t used = 0;
    assert_int_equal(calfpump_push(h, frames, 10, &used), CALFPUMP_OK);
    assert_int_equal(calfpump_flush(h), CALFPUMP_OK);
    assert_int_equal(calfpump_push(h, frames, 10, &used), CALFPUMP_E_STATE);
    assert_int_equal(calfpump_push(h, frames, 1, &used), CALFPUMP_E_STATE);
    assert_int_equal(calfpump_reset(h), CALFPUMP_OK);
    calfpump_summary s;
    assert_int_equal(calfpump_get_summary(h, &s), CALFPUMP_OK);
    assert_true(s.frames == 0);
    assert_int_equal(calfpump_push(h, frames, 10, &used), CALFPUMP_OK);
    assert_int_equal(used, 10);
    assert_int_equal(calfpump_get_summary(h, &s), CALFPUMP_OK);
    assert_true(s.frames == 10);
    calfpump_destroy(h);
}

static void test_empty_buffer(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    calfpump *h = make(&cfg);
    float frame[3] = {0, 0, 1};
    size_t used = 99;
    assert_int_equal(calfpump_push(h, NULL, 0, &used), CALFPUMP_OK);
    assert_int_equal(used, 0);
    used = 99;
    assert_int_equal(calfpump_push(h, frame, 0, &used), CALFPUMP_OK);
    assert_int_equal(used, 0);
    results r = {0};
    driver_finish(h, 3, &r);
    assert_int_equal(r.n_act + r.n_cad + r.n_bout, 0);
    assert_true(r.summary.frames == 0);

    results b = {0};
    batch(h, NULL, 0, &b);
    assert_int_equal(b.n_act + b.n_cad + b.n_bout, 0);
    assert_true(b.summary.frames == 0);
    calfpump_destroy(h);
    results_free(&r);
    results_free(&b);
}

static void test_one_sample(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(100.0, 1, CALFPUMP_PLACEMENT_UNKNOWN);
    calfpump *h = make(&cfg);
    float one = 1.0f;
    size_t used = 0;
    assert_int_equal(calfpump_push(h, &one, 1, &used), CALFPUMP_OK);
    assert_int_equal(used, 1);
    results r = {0};
    driver_finish(h, 3, &r);
    assert_int_equal(r.n_act, 0);
    assert_int_equal(r.n_bout, 0);
    expect_consistent(&r, 1, 100.0);

    results b = {0};
    batch(h, &one, 1, &b);
    assert_int_equal(b.n_act, 0);
    expect_consistent(&b, 1, 100.0);
    expect_same_results(&r, &b);
    calfpump_destroy(h);
    results_free(&r);
    results_free(&b);
}

static void test_shorter_than_window(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(100.0, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    synth_walk w = synth_default(100.0, 3, 3.0); /* walking from the first frame, 3 s < 8 s */
    const size_t n = 300;
    float *x = make_walk(&w, n);
    results r = {0};
    analyze_once(&cfg, x, n, &r);
    assert_int_equal(r.n_act, 0);
    assert_int_equal(r.n_bout, 0);
    expect_consistent(&r, n, 100.0);
    free(x);
    results_free(&r);
}

/* An input that ends inside a block of frames (the analysis keeps one sample per block, 50 frames
 * at 1 kHz): the last window is centred on that partial block, not past the input's end. */
static void test_last_window_inside_input(void **state)
{
    (void)state;
    const double rates[] = {1000.0, 128.0, 100.0};
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
        calfpump_config cfg = config_for(rates[k], 3, CALFPUMP_PLACEMENT_LOWER_BACK);
        synth_walk w = synth_default(rates[k], 3, 31.0);
        const size_t n = (size_t)(30.0 * rates[k]) + 1;
        float *x = make_walk(&w, n);
        results r = {0};
        analyze_once(&cfg, x, n, &r);
        assert_true(r.n_cad > 0);
        expect_consistent(&r, n, rates[k]);
        free(x);
        results_free(&r);
    }
}

static void test_gap_frames_counted(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(50.0, 3, CALFPUMP_PLACEMENT_UNKNOWN);
    synth_walk w = synth_default(50.0, 3, 30.0);
    const size_t n = 1500;
    float *x = make_walk(&w, n);
    /* 5 all-NaN frames, 2 +Inf frames, 1 -Inf frame and 1 frame with only y NaN: 9 gap frames. */
    for (size_t i = 100; i < 105; i++)
        x[3 * i] = x[3 * i + 1] = x[3 * i + 2] = NAN;
    x[3 * 400 + 0] = INFINITY;
    x[3 * 401 + 2] = INFINITY;
    x[3 * 402 + 1] = -INFINITY;
    x[3 * 1000 + 1] = NAN;
    x[3 * (n - 1) + 2] = NAN; /* the last frame too: 10 */

    calfpump *h = make(&cfg);
    results r = {0}, b = {0};
    driver_stream(h, x, n, 3, 11, 97, 3, &r);
    assert_true(r.summary.gap_frames == 10);
    expect_consistent(&r, n, 50.0);
    batch(h, x, n, &b);
    assert_true(b.summary.gap_frames == 10);
    expect_same_results(&r, &b);
    expect_all_finite(&r);

    /* A leading gap is a gap too (no last finite frame to repeat). */
    calfpump_config one = config_for(50.0, 1, CALFPUMP_PLACEMENT_UNKNOWN);
    calfpump *g = make(&one);
    float lead[4] = {NAN, INFINITY, 1.0f, 1.0f};
    results c = {0};
    batch(g, lead, 4, &c);
    assert_true(c.summary.gap_frames == 2);
    calfpump_destroy(g);
    calfpump_destroy(h);
    free(x);
    results_free(&r);
    results_free(&b);
    results_free(&c);
}

static void test_no_activation_in_gap(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(100.0, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    synth_walk w = synth_default(100.0, 3, 120.0);
    const size_t n = 12000;
    float *x = make_walk(&w, n);
    const double gap_start = 50.0, gap_end = 70.0;
    for (size_t i = (size_t)(gap_start * 100); i < (size_t)(gap_end * 100); i++)
        x[3 * i] = x[3 * i + 1] = x[3 * i + 2] = NAN;
    results r = {0};
    analyze_once(&cfg, x, n, &r);
    assert_true(r.summary.gap_frames == 2000);
    /* The gap frames repeat the last finite frame: nothing there to place an activation on.
     * Half a step of margin at each edge for a contact right at the edge. */
    size_t inside = 0;
    for (size_t i = 0; i < r.n_act; i++)
        if (r.act[i].t > gap_start + 0.3 && r.act[i].t < gap_end - 0.3) {
            print_error("activation at %.3f s, inside the gap %.0f..%.0f s\n", r.act[i].t,
                        gap_start, gap_end);
            inside++;
        }
    assert_int_equal(inside, 0);
    assert_true(r.n_act > 0); /* the walking on both sides is still found */
    free(x);
    results_free(&r);
}

/* Activations after t. */
static size_t count_after(const results *r, double t)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_act; i++)
        n += r->act[i].t > t;
    return n;
}

/* A drop-out (1.5 s of NaN frames, a radio link lost) 7 s into a walk: the walking before it is
 * kept, as it is when the input ends there. It had been judged on windows that failed for their
 * share of gap, and was lost whole whenever the bout was not yet confirmed when the drop-out
 * came. */
static void test_dropout_keeps_walk_before(void **state)
{
    (void)state;
    const double rate = 100.0, start = 2.0, cut = 9.0, resume = 10.5;
    const size_t n = 6000;
    calfpump_config cfg = config_for(rate, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    synth_walk w = synth_default(rate, 3, 60.0);
    w.walk_start_s = start;
    float *x = make_walk(&w, n);
    results whole = {0}, cut_short = {0}, r = {0};
    analyze_once(&cfg, x, n, &whole);
    analyze_once(&cfg, x, (size_t)(cut * rate), &cut_short);
    for (size_t i = (size_t)(cut * rate); i < (size_t)(resume * rate); i++)
        x[3 * i] = x[3 * i + 1] = x[3 * i + 2] = NAN;
    analyze_once(&cfg, x, n, &r);
    const size_t before = r.n_act - count_after(&r, cut),
                 truth = cut_short.n_act - count_after(&cut_short, cut);
    print_message("before the drop-out: %zu activations (input ending there: %zu), after it "
                  "%zu (without it %zu)\n",
                  before, truth, count_after(&r, resume), count_after(&whole, resume));
    assert_true(truth >= 10);
    assert_true(before + 1 >= truth);
    assert_true(count_after(&r, resume) + 2 >= count_after(&whole, resume));
    free(x);
    results_free(&whole);
    results_free(&cut_short);
    results_free(&r);
}

/* Finite samples of any size are data, not gaps: their magnitude may be beyond a float (1e30 g
 * on one axis), but no result becomes non-finite, nothing is counted as a gap, and the walking
 * after them is found as if they had not been there (an Inf in the ring, or the rounding error
 * of 1e60 in the running sums, had stopped every later window). */
static void test_huge_samples(void **state)
{
    (void)state;
    const size_t n = 6000; /* 60 s at 100 Hz */
    synth_walk w = synth_default(100.0, 3, 60.0);
    float *x = make_walk(&w, n);
    results clean = {0};
    const calfpump_config cfg = config_for(100.0, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    analyze_once(&cfg, x, n, &clean);
    for (size_t i = 3000; i < 3100; i++)
        x[3 * i + 2] = 1e30f;
    for (size_t i = 1000; i < 1010; i++) {
        x[3 * i] = FLT_MAX;
        x[3 * i + 1] = -FLT_MAX;
        x[3 * i + 2] = 3e38f;
    }
    x[3 * 5000 + 1] = FLT_TRUE_MIN;
    calfpump *h = make(&cfg);
    results r = {0}, b = {0};
    driver_stream(h, x, n, 3, 5, 333, 4, &r);
    expect_consistent(&r, n, 100.0);
    expect_all_finite(&r);
    assert_true(r.summary.gap_frames == 0);
    /* 10 s on, every window holding the 1e30 frames is past */
    const size_t after = count_after(&r, 41.0), expected = count_after(&clean, 41.0);
    print_message("after the huge samples: %zu activations, %zu without them\n", after, expected);
    assert_true(expected > 20 && after + 1 >= expected && after <= expected + 1);
    batch(h, x, n, &b);
    expect_same_results(&r, &b);
    calfpump_destroy(h);
    free(x);
    results_free(&r);
    results_free(&b);
    results_free(&clean);

    /* One channel (a magnitude): FLT_MAX frames, whose block sum overflows. */
    synth_walk w1 = synth_default(100.0, 1, 60.0);
    float *m = make_walk(&w1, n);
    const calfpump_config one = config_for(100.0, 1, CALFPUMP_PLACEMENT_LOWER_BACK);
    analyze_once(&one, m, n, &clean);
    for (size_t i = 3000; i < 3010; i++)
        m[i] = FLT_MAX;
    analyze_once(&one, m, n, &r);
    expect_all_finite(&r);
    assert_int_equal(count_after(&r, 41.0), count_after(&clean, 41.0));
    free(m);
    results_free(&r);
    results_free(&clean);
}

/* Frames of exactly (0,0,0) (a logger filling lost samples with zeros) are data, a fall to 0 g,
 * not gaps: the windows holding them see no rhythm, and the walk after them is found again. */
static void test_zero_frames_are_data(void **state)
{
    (void)state;
    const size_t n = 6000; /* 60 s at 100 Hz */
    synth_walk w = synth_default(100.0, 3, 60.0);
    float *x = make_walk(&w, n);
    const calfpump_config cfg = config_for(100.0, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    results clean = {0}, r = {0};
    analyze_once(&cfg, x, n, &clean);
    memset(x + 3 * 3000, 0, 3 * 50 * sizeof *x); /* 0.5 s at 30 s */
    analyze_once(&cfg, x, n, &r);
    expect_consistent(&r, n, 100.0);
    expect_all_finite(&r);
    assert_true(r.summary.gap_frames == 0);
    assert_true(count_after(&r, 41.0) + 1 >= count_after(&clean, 41.0));
    assert_true(r.n_act < clean.n_act);
    free(x);
    results_free(&r);
    results_free(&clean);
}

/* Single gap frames spread thinly (one in 40 at 100 Hz, one in 100 at 1000 Hz: a radio dropping
 * a packet now and then) are counted but leave the walking found: a ~20 Hz analysis sample is a
 * gap only when most of its frames are (one NaN frame had made its whole sample a gap, and 2.5 %
 * of gap frames every window more than 10 % gap). */
static void test_sparse_gap_frames(void **state)
{
    (void)state;
    static const struct { double rate; size_t every; } cases[] = {{100.0, 40}, {1000.0, 100}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const double rate = cases[k].rate;
        const size_t n = (size_t)(120.0 * rate);
        synth_walk w = synth_default(rate, 3, 120.0);
        float *x = make_walk(&w, n);
        const calfpump_config cfg = config_for(rate, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
        results clean = {0}, r = {0};
        analyze_once(&cfg, x, n, &clean);
        for (size_t i = 0; i < n; i += cases[k].every)
            x[3 * i + 1] = NAN;
        analyze_once(&cfg, x, n, &r);
        print_message("%.0f Hz, 1 frame in %zu a gap: %zu activations, %zu without the gaps\n",
                      rate, cases[k].every, r.n_act, clean.n_act);
        assert_true(r.summary.gap_frames == (n + cases[k].every - 1) / cases[k].every);
        assert_true(clean.n_act > 150 && r.n_act + 2 >= clean.n_act && r.n_act <= clean.n_act + 2);
        free(x);
        results_free(&clean);
        results_free(&r);
    }
}

/* ---- texts and names ------------------------------------------------------------------------- */

static void test_strerror(void **state)
{
    (void)state;
    const int known[] = {CALFPUMP_OK, CALFPUMP_MORE, CALFPUMP_E_NULL, CALFPUMP_E_ARG,
                         CALFPUMP_E_RATE, CALFPUMP_E_CHANNELS, CALFPUMP_E_NOMEM,
                         CALFPUMP_E_QUEUE_FULL, CALFPUMP_E_STATE, CALFPUMP_E_VERSION,
                         CALFPUMP_E_UNSUPPORTED, CALFPUMP_E_TIME, CALFPUMP_E_FFT};
    const size_t nk = sizeof known / sizeof known[0];
    const int unknown[] = {2, -12, 42, -100, INT_MAX, INT_MIN};
    const char *texts[sizeof known / sizeof known[0] + 1];
    for (size_t i = 0; i < nk; i++) {
        texts[i] = calfpump_strerror(known[i]);
        assert_non_null(texts[i]);
        assert_true(strlen(texts[i]) > 0);
    }
    texts[nk] = calfpump_strerror(unknown[0]);
    assert_non_null(texts[nk]);
    assert_true(strlen(texts[nk]) > 0);
    for (size_t i = 0; i <= nk; i++)
        for (size_t j = i + 1; j <= nk; j++)
            if (strcmp(texts[i], texts[j]) == 0) {
                print_error("same text for two statuses: \"%s\"\n", texts[i]);
                fail();
            }
    for (size_t i = 1; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *t = calfpump_strerror(unknown[i]);
        assert_non_null(t);
        for (size_t j = 0; j < nk; j++)
            assert_string_not_equal(t, texts[j]);
    }
}

static void test_version(void **state)
{
    (void)state;
    const char *v = calfpump_version();
    assert_non_null(v);
    assert_non_null(strstr(v, CALFPUMP_VERSION_STRING));
    assert_non_null(strstr(v, "(fft: " CALFPUMP_TEST_FFT_NAME ")")); /* the configured backend */
    assert_int_equal(calfpump_version_number(), CALFPUMP_VERSION_NUMBER);
    int major, minor, patch; /* the number and the string tell the same version */
    assert_int_equal(sscanf(CALFPUMP_VERSION_STRING, "%d.%d.%d", &major, &minor, &patch), 3);
    assert_int_equal(CALFPUMP_VERSION_NUMBER, major * 10000 + minor * 100 + patch);
    assert_true(v == calfpump_version()); /* static storage */
}

static void test_names(void **state)
{
    (void)state;
    static const char *const placements[CALFPUMP_PLACEMENT_COUNT_] = {
        "unknown", "foot", "shank", "thigh", "lower_back", "wrist", "pocket_front",
        "pocket_back", "hand", "armband", "bag", "neck"};
    for (int p = 0; p < CALFPUMP_PLACEMENT_COUNT_; p++) {
        const char *name = calfpump_placement_name(p);
        assert_non_null(name);
        assert_string_equal(name, placements[p]);
        assert_int_equal(calfpump_placement_from_name(name), p);
    }
    assert_null(calfpump_placement_name(-1));
    assert_null(calfpump_placement_name(CALFPUMP_PLACEMENT_COUNT_));
    assert_null(calfpump_placement_name(INT_MAX));
    assert_int_equal(calfpump_placement_from_name("no_such_place"), -1);
    assert_int_equal(calfpump_placement_from_name(""), -1);
    assert_int_equal(calfpump_placement_from_name(NULL), -1);
    assert_int_equal(calfpump_placement_from_name("lower_back_extra"), -1);
    assert_int_equal(calfpump_placement_from_name("foo"), -1);

    static const char *const sides[] = {"unknown", "left", "right"};
    for (int s = 0; s < 3; s++) {
        const char *name = calfpump_side_name(s);
        assert_non_null(name);
        assert_string_equal(name, sides[s]);
        assert_int_equal(calfpump_side_from_name(name), s);
    }
    assert_null(calfpump_side_name(-1));
    assert_null(calfpump_side_name(3));
    assert_int_equal(calfpump_side_from_name("middle"), -1);
    assert_int_equal(calfpump_side_from_name(""), -1);
    assert_int_equal(calfpump_side_from_name(NULL), -1);

    assert_string_equal(calfpump_signal_name(CALFPUMP_SIGNAL_ACCEL), "accel");
    assert_string_equal(calfpump_signal_name(CALFPUMP_SIGNAL_EMG), "emg");
    assert_int_equal(calfpump_signal_from_name("emg"), CALFPUMP_SIGNAL_EMG);
    assert_int_equal(calfpump_signal_from_name("ecg"), -1);
    assert_int_equal(calfpump_signal_from_name(NULL), -1);
    assert_null(calfpump_signal_name(2));

    /* The result enums: every value has its name, the next one past the last has none. */
    static const struct {
        const char *(*name)(int);
        int count;
        const char *first, *last;
    } enums[] = {
        {calfpump_kind_name, CALFPUMP_KIND_BURST + 1, "step", "burst"},
        {calfpump_bout_kind_name, CALFPUMP_BOUT_RUNNING + 1, "exercise", "running"},
        {calfpump_posture_name, CALFPUMP_POSTURE_ELEVATED + 1, "unknown", "elevated"},
        {calfpump_immobility_kind_name, CALFPUMP_IMMOBILITY_END + 1, "alert", "end"},
        {calfpump_activity_name, CALFPUMP_ACTIVITY_OTHER + 1, "walking", "other"},
    };
    for (size_t e = 0; e < sizeof enums / sizeof enums[0]; e++) {
        for (int v = 0; v < enums[e].count; v++)
            assert_non_null(enums[e].name(v));
        assert_string_equal(enums[e].name(0), enums[e].first);
        assert_string_equal(enums[e].name(enums[e].count - 1), enums[e].last);
        assert_null(enums[e].name(enums[e].count));
        assert_null(enums[e].name(-1));
    }
}

/* ---- streaming == batch ---------------------------------------------------------------------- */

/* 120 s at 100 Hz: 10 s still, 100 s walking, 10 s still. */
#define WALK_RATE 100.0
#define WALK_FRAMES 12000
#define WALK_START 10.0
#define WALK_END 110.0

static synth_walk walk_120s(int channels, uint64_t seed)
{
    synth_walk w = synth_default(WALK_RATE, channels, WALK_END);
    w.walk_start_s = WALK_START;
    w.seed = seed;
    return w;
}

static void check_stream_equals_batch(const calfpump_config *cfg, const float *x, size_t n,
                                      uint64_t seed, size_t max_chunk, size_t poll_cap)
{
    calfpump *hs = make(cfg);
    results b = {0}, s = {0};
    analyze_once(cfg, x, n, &b);
    expect_consistent(&b, n, cfg->sample_rate_hz);
    driver_stream(hs, x, n, cfg->channels, seed, max_chunk, poll_cap, &s);
    print_message("seed %llu: %zu activations, %zu cadence windows, %zu bouts\n",
                  (unsigned long long)seed, s.n_act, s.n_cad, s.n_bout);
    expect_same_results(&b, &s);
    expect_consistent(&s, n, cfg->sample_rate_hz);

    /* After reset the same handle gives the same again; analyze resets by itself. */
    results s2 = {0}, b2 = {0};
    assert_int_equal(calfpump_reset(hs), CALFPUMP_OK);
    driver_stream(hs, x, n, cfg->channels, seed + 1000, max_chunk, poll_cap, &s2);
    expect_same_results(&b, &s2);
    batch(hs, x, n, &b2);
    expect_same_results(&b, &b2);

    calfpump_destroy(hs);
    results_free(&b);
    results_free(&s);
    results_free(&s2);
    results_free(&b2);
}

static void test_stream_equals_batch(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(WALK_RATE, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    synth_walk w = walk_120s(3, 1);
    float *x = make_walk(&w, WALK_FRAMES);
    check_stream_equals_batch(&cfg, x, WALK_FRAMES, 12345, 500, 3);
    free(x);
}

static void test_stream_equals_batch_seeds(void **state)
{
    (void)state;
    static const uint64_t seeds[] = {1, 2, 3, 99, 2026};
    calfpump_config cfg = config_for(WALK_RATE, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    synth_walk w = walk_120s(3, 5);
    float *x = make_walk(&w, WALK_FRAMES);
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
        check_stream_equals_batch(&cfg, x, WALK_FRAMES, seeds[i], 500, 1 + i % 3);
    /* Tiny chunks (1..3 frames) over the whole input. */
    check_stream_equals_batch(&cfg, x, WALK_FRAMES, 77, 3, 1);
    free(x);
}

static void test_stream_equals_batch_variants(void **state)
{
    (void)state;
    /* One channel (magnitude), unknown placement. */
    calfpump_config cfg = config_for(WALK_RATE, 1, CALFPUMP_PLACEMENT_UNKNOWN);
    synth_walk w = walk_120s(1, 8);
    float *x = make_walk(&w, WALK_FRAMES);
    check_stream_equals_batch(&cfg, x, WALK_FRAMES, 4, 500, 3);
    free(x);

    /* A foot sensor on the left leg (stride-periodic signal): strides of the left leg. */
    cfg = config_for(WALK_RATE, 3, CALFPUMP_PLACEMENT_FOOT);
    cfg.side = CALFPUMP_SIDE_LEFT;
    w = walk_120s(3, 9);
    w.step_hz = 0.9;
    w.h2 = 0.8;
    w.h3 = 0.6;
    x = make_walk(&w, WALK_FRAMES);
    check_stream_equals_batch(&cfg, x, WALK_FRAMES, 5, 500, 2);
    results r = {0};
    analyze_once(&cfg, x, WALK_FRAMES, &r);
    for (size_t i = 0; i < r.n_act; i++) {
        assert_int_equal(r.act[i].kind, CALFPUMP_KIND_STRIDE);
        assert_int_equal(r.act[i].side, CALFPUMP_SIDE_LEFT);
    }
    results_free(&r);
    /* The same side given to a trunk sensor: its steps are of both legs, so of no one side. */
    cfg.placement = CALFPUMP_PLACEMENT_LOWER_BACK;
    analyze_once(&cfg, x, WALK_FRAMES, &r);
    assert_true(r.n_act > 0);
    for (size_t i = 0; i < r.n_act; i++) {
        assert_int_equal(r.act[i].kind, CALFPUMP_KIND_STEP);
        assert_int_equal(r.act[i].side, CALFPUMP_SIDE_UNKNOWN);
    }
    results_free(&r);
    free(x);

    /* Gaps in the walk, another rate, other parameters. */
    cfg = config_for(64.0, 3, CALFPUMP_PLACEMENT_WRIST);
    cfg.window_s = 6.0f;
    cfg.hop_s = 0.25f;
    cfg.min_bout_s = 3.0f;
    w = synth_default(64.0, 3, 85.0);
    w.walk_start_s = 5.0;
    w.step_hz = 1.6;
    const size_t n = 90 * 64;
    x = make_walk(&w, n);
    for (size_t i = 30 * 64; i < 30 * 64 + 20; i++)
        x[3 * i + 1] = NAN;
    for (size_t i = 60 * 64; i < 63 * 64; i++)
        x[3 * i] = x[3 * i + 1] = x[3 * i + 2] = INFINITY;
    check_stream_equals_batch(&cfg, x, n, 6, 200, 3);
    free(x);
}

/* hop_s shorter than a sample (0.1 s at 8 Hz, within both ranges) is one sample: the windows had
 * fallen behind the input and read outside the ring. Stream and batch still agree. */
static void test_hop_below_one_sample(void **state)
{
    (void)state;
    static const double rates[] = {8.0, 9.99};
    for (size_t k = 0; k < 2; k++) {
        const double rate = rates[k];
        const size_t n = (size_t)(120.0 * rate);
        synth_walk w = synth_default(rate, 3, 120.0);
        float *x = make_walk(&w, n);
        calfpump_config cfg = config_for(rate, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
        cfg.hop_s = 0.1f;
        results r = {0};
        analyze_once(&cfg, x, n, &r);
        assert_true(r.n_cad > 100 && r.n_act > 100);
        for (size_t i = 1; i < r.n_cad; i++)
            assert_float_equal(r.cad[i].t - r.cad[i - 1].t, 1.0 / rate, 1e-5);
        /* the windows keep up: the last one is half a window (5 s) before the end */
        assert_true(r.cad[r.n_cad - 1].t > 120.0 - 5.5);
        check_stream_equals_batch(&cfg, x, n, 7, 9, 2);
        free(x);
        results_free(&r);
    }
}

static void test_queue_overflow(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(WALK_RATE, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    synth_walk w = walk_120s(3, 1);
    float *x = make_walk(&w, WALK_FRAMES);
    results ref = {0};
    analyze_once(&cfg, x, WALK_FRAMES, &ref);
    assert_true(ref.n_act > 32); /* enough results to overflow a queue of 16 */

    const uint32_t capacities[] = {16, 4}; /* 4: the smallest (firmware) */
    for (size_t k = 0; k < sizeof capacities / sizeof capacities[0]; k++) {
        cfg.queue_capacity = capacities[k];
        calfpump *h = make(&cfg);
        results b = {0};
        batch(h, x, WALK_FRAMES, &b); /* the batch path is not limited by the queue */
        expect_same_results(&ref, &b);
        assert_int_equal(calfpump_reset(h), CALFPUMP_OK); /* analyze leaves the handle flushed */

        size_t used = 0;
        int rc = calfpump_push(h, x, WALK_FRAMES, &used);
        assert_int_equal(rc, CALFPUMP_E_QUEUE_FULL);
        assert_true(used < WALK_FRAMES);
        results s = {0};
        driver_drain(h, 16, &s);
        driver_push(h, x + 3 * used, WALK_FRAMES - used, 3, 16, &s);
        driver_finish(h, 16, &s);
        expect_same_results(&ref, &s);
        calfpump_destroy(h);
        results_free(&b);
        results_free(&s);
    }
    free(x);
    results_free(&ref);
}

static void test_poll_more(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(WALK_RATE, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    cfg.queue_capacity = 4096;
    synth_walk w = walk_120s(3, 1);
    float *x = make_walk(&w, WALK_FRAMES);
    calfpump *h = make(&cfg);
    size_t used = 0;
    assert_int_equal(calfpump_push(h, x, WALK_FRAMES, &used), CALFPUMP_OK);
    assert_int_equal(used, WALK_FRAMES);
    assert_int_equal(calfpump_flush(h), CALFPUMP_OK);
    calfpump_activation a[3];
    size_t n = 0;
    assert_int_equal(calfpump_poll_activations(h, a, 3, &n), CALFPUMP_MORE);
    assert_int_equal(n, 3);
    calfpump_cadence c[3];
    assert_int_equal(calfpump_poll_cadence(h, c, 3, &n), CALFPUMP_MORE);
    assert_int_equal(n, 3);
    /* No array at all (cap 0): nothing read, and MORE says results wait. */
    assert_int_equal(calfpump_poll_bouts(h, NULL, 0, &n), CALFPUMP_MORE);
    assert_int_equal(n, 0);
    /* Nothing was dropped: what is left plus what was read is everything. */
    results r = {0};
    APPEND(r.act, r.n_act, a, 3);
    APPEND(r.cad, r.n_cad, c, 3);
    driver_drain(h, 8, &r);
    assert_int_equal(calfpump_get_summary(h, &r.summary), CALFPUMP_OK);
    assert_int_equal(calfpump_get_exercise_summary(h, &r.exercise, sizeof r.exercise),
                     CALFPUMP_OK);
    results b = {0};
    batch(h, x, WALK_FRAMES, &b);
    expect_same_results(&b, &r);
    /* An empty queue polls OK with nothing. */
    assert_int_equal(calfpump_poll_activations(h, a, 3, &n), CALFPUMP_OK);
    assert_int_equal(n, 0);
    calfpump_destroy(h);
    free(x);
    results_free(&r);
    results_free(&b);
}

/* ---- accuracy on a synthetic walk ------------------------------------------------------------ */

static void test_accuracy_lower_back(void **state)
{
    (void)state;
    calfpump_config cfg = config_for(WALK_RATE, 3, CALFPUMP_PLACEMENT_LOWER_BACK);
    synth_walk w = walk_120s(3, 1);
    float *x = make_walk(&w, WALK_FRAMES);
    results r = {0};
    analyze_once(&cfg, x, WALK_FRAMES, &r);

    const double true_steps = w.step_hz * (WALK_END - WALK_START); /* 180 */
    const double true_spm = 60.0 * w.step_hz;                       /* 108 */
    print_message("%zu activations (truth %.0f), %u steps, %zu bouts\n", r.n_act, true_steps,
                  r.summary.steps, r.n_bout);
    assert_true(fabs((double)r.n_act - true_steps) <= 0.05 * true_steps);
    assert_true(fabs((double)r.summary.steps - true_steps) <= 0.05 * true_steps);
    for (size_t i = 0; i < r.n_act; i++) {
        assert_int_equal(r.act[i].kind, CALFPUMP_KIND_STEP);
        assert_true(r.act[i].t > WALK_START - 0.6 && r.act[i].t < WALK_END + 0.6);
        assert_float_equal(r.act[i].period_s, 1.0 / w.step_hz, 0.05);
    }

    /* Cadence windows lying wholly inside the walk: mostly rhythmic, each within 3/min. */
    size_t inside = 0, rhythmic = 0;
    for (size_t i = 0; i < r.n_cad; i++) {
        const calfpump_cadence *c = &r.cad[i];
        if (c->t - cfg.window_s / 2 < WALK_START + 1.0 || c->t + cfg.window_s / 2 > WALK_END - 1.0)
            continue;
        inside++;
        if (!c->rhythmic)
            continue;
        rhythmic++;
        if (fabs(c->steps_per_min - true_spm) > 3.0) {
            print_error("window at %.2f s: %.2f steps/min, truth %.1f\n", c->t, c->steps_per_min,
                        true_spm);
            fail();
        }
        assert_float_equal(c->per_min, c->steps_per_min, 1e-3); /* steps at lower back */
    }
    print_message("%zu of %zu windows inside the walk are rhythmic\n", rhythmic, inside);
    assert_true(inside > 100);
    assert_true(rhythmic >= inside * 9 / 10);

    /* Stillness is not rhythmic. */
    for (size_t i = 0; i < r.n_cad; i++)
        if (r.cad[i].t + cfg.window_s / 2 < WALK_START || r.cad[i].t - cfg.window_s / 2 > WALK_END)
            assert_int_equal(r.cad[i].rhythmic, 0);

    /* One walking bout covering the walk. */
    assert_int_equal(r.n_bout, 1);
    assert_int_equal(r.bout[0].kind, CALFPUMP_BOUT_WALKING);
    assert_true(fabs(r.bout[0].steps_per_min - true_spm) <= 3.0);
    assert_true(r.bout[0].start < WALK_START + 2.0 && r.bout[0].end > WALK_END - 2.0);
    assert_int_equal(r.bout[0].activations, r.n_act);
    assert_true(fabs(r.summary.mean_cadence_per_min - true_spm) <= 3.0);
    free(x);
    results_free(&r);
}

/* ---- resampling ------------------------------------------------------------------------------ */

static void expect_resample(const double *t, const float *x, size_t n, int channels, double rate,
                            double max_gap, const float *want, size_t n_want)
{
    assert_int_equal(calfpump_resample_frames(t, n, rate), n_want);
    float out[256];
    size_t n_out = 9999;
    assert_true(n_want * (size_t)channels <= 256);
    assert_int_equal(calfpump_resample(t, x, n, channels, rate, max_gap, out, n_want, &n_out),
                     CALFPUMP_OK);
    assert_int_equal(n_out, n_want);
    for (size_t i = 0; i < n_want * (size_t)channels; i++) {
        if (isnan(want[i])) {
            if (!isnan(out[i])) {
                print_error("value %zu: %g, want NaN\n", i, out[i]);
                fail();
            }
        } else {
            assert_float_equal(out[i], want[i], 1e-5);
        }
    }
}

static void test_resample_regular(void **state)
{
    (void)state;
    const double t[8] = {0, 0.0625, 0.125, 0.1875, 0.25, 0.3125, 0.375, 0.4375};
    const float x[8] = {0.5f, -1.0f, 2.0f, 3.5f, 0.0f, 1.0f, -2.0f, 4.0f};
    expect_resample(t, x, 8, 1, 16.0, 1.0, x, 8);
    /* A grid that does not start at 0. */
    const double t2[3] = {10.5, 10.75, 11.0};
    const float x2[3] = {1, 3, -1};
    const float want2[9] = {1, 1.5f, 2, 2.5f, 3, 2, 1, 0, -1};
    expect_resample(t2, x2, 3, 1, 16.0, 1.0, want2, 9);
    /* One sample: one frame. */
    const double t1 = 3.0;
    const float x1 = 7.0f;
    expect_resample(&t1, &x1, 1, 1, 100.0, 1.0, &x1, 1);
}

static void test_resample_irregular(void **state)
{
    (void)state;
    const double t[4] = {0, 0.25, 0.375, 0.5};
    const float x[4] = {0, 4, 2, 6};
    const float want[9] = {0, 1, 2, 3, 4, 3, 2, 4, 6};
    expect_resample(t, x, 4, 1, 16.0, 1.0, want, 9);
    /* The last grid point before t[n-1]: floor(0.3 * 16) + 1 = 5 frames. */
    const double te[2] = {0, 0.3};
    const float xe[2] = {0, 3};
    const float wante[5] = {0, 0.625f, 1.25f, 1.875f, 2.5f};
    expect_resample(te, xe, 2, 1, 16.0, 1.0, wante, 5);
    /* Three channels, interleaved. */
    const double t3[2] = {0, 0.25};
    const float x3[6] = {0, 10, -4, 4, 10, 4};
    const float want3[15] = {0, 10, -4, 1, 10, -2, 2, 10, 0, 3, 10, 2, 4, 10, 4};
    expect_resample(t3, x3, 2, 3, 16.0, 1.0, want3, 5);
}

static void test_resample_duplicates(void **state)
{
    (void)state;
    const double t[4] = {0, 0.25, 0.25, 0.5};
    const float x[4] = {0, 2, 6, 8};
    const float want[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    expect_resample(t, x, 4, 1, 16.0, 1.0, want, 9);
    const double t0[4] = {0, 0, 0, 0.25};
    const float x0[4] = {1, 2, 3, 6};
    const float want0[5] = {2, 3, 4, 5, 6};
    expect_resample(t0, x0, 4, 1, 16.0, 1.0, want0, 5);
}

static void test_resample_bad_time(void **state)
{
    (void)state;
    const float x[4] = {0, 1, 2, 3};
    float out[64];
    size_t n_out = 0;
    const double decreasing[4] = {0, 0.5, 0.25, 1.0};
    const double nan_mid[4] = {0, NAN, 0.5, 1.0};
    const double nan_first[4] = {NAN, 0.25, 0.5, 1.0};
    const double inf_last[4] = {0, 0.25, 0.5, INFINITY};
    const double *const bad[] = {decreasing, nan_mid, nan_first, inf_last};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(calfpump_resample_frames(bad[i], 4, 16.0), 0);
        assert_int_equal(calfpump_resample(bad[i], x, 4, 1, 16.0, 1.0, out, 64, &n_out),
                         CALFPUMP_E_TIME);
    }
    /* Finite, increasing, but a grid too long to count: 0 frames means bad arguments, so
     * resampling must fail too rather than return CALFPUMP_OK with nothing. */
    const double huge[2] = {-1e300, 1e300};
    assert_int_equal(calfpump_resample_frames(huge, 2, 16.0), 0);
    n_out = 7;
    assert_true(calfpump_resample(huge, x, 2, 1, 16.0, 1.0, out, 64, &n_out) < 0);
    assert_int_equal(n_out, 0);
}

/* Values near FLT_MAX: interpolating between them must not overflow to Inf or NaN. */
static void test_resample_extreme_values(void **state)
{
    (void)state;
    const double t[2] = {0, 0.25};
    const float x[2] = {-3e38f, 3e38f};
    float out[5];
    size_t n_out = 0;
    assert_int_equal(calfpump_resample(t, x, 2, 1, 16.0, 1.0, out, 5, &n_out), CALFPUMP_OK);
    assert_int_equal(n_out, 5);
    for (int i = 0; i < 5; i++) {
        if (!isfinite(out[i])) {
            print_error("frame %d: %g from finite inputs\n", i, out[i]);
            fail();
        }
        assert_true(i == 0 || out[i] > out[i - 1]);
    }
    assert_true(fabsf(out[2]) < 1e33f);
}

/* A non-finite sample value is a gap: the frames interpolated from it (the intervals on both
 * sides of it) are non-finite, which the analysis counts as gap frames; the others are exact. */
static void test_resample_nonfinite_values(void **state)
{
    (void)state;
    const double t[7] = {0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5};
    const float x[7] = {0, 4, NAN, 12, 16, INFINITY, 24};
    float out[25];
    size_t n_out = 0;
    assert_int_equal(calfpump_resample(t, x, 7, 1, 16.0, 1.0, out, 25, &n_out), CALFPUMP_OK);
    assert_int_equal(n_out, 25);
    for (size_t i = 0; i < 25; i++) {
        const double ti = (double)i / 16.0;
        const int near_nan = ti > 0.25 && ti < 0.75, near_inf = ti > 1.0 && ti < 1.5;
        if (near_nan || near_inf) {
            assert_false(isfinite(out[i]));
        } else if (ti <= 0.25 || (ti >= 0.75 && ti <= 1.0)) {
            assert_float_equal(out[i], 16.0 * ti, 1e-5); /* x = 16 t on the finite parts */
        }
    }
    /* What the analysis makes of it: the non-finite frames, and only they, are gaps. */
    size_t nonfinite = 0;
    for (size_t i = 0; i < 25; i++)
        nonfinite += !isfinite(out[i]);
    calfpump_config cfg = config_for(16.0, 1, CALFPUMP_PLACEMENT_UNKNOWN);
    results r = {0};
    analyze_once(&cfg, out, 25, &r);
    assert_true(r.summary.gap_frames == nonfinite);
    results_free(&r);
}

static void test_resample_gap(void **state)
{
    (void)state;
    /* 0.875 s between the 3rd and 4th samples, more than max_gap 0.2 s: the 13 frames strictly
     * in between are NaN in every channel. */
    const double t[5] = {0, 0.0625, 0.125, 1.0, 1.0625};
    const float x[15] = {1, -1, 2, 2, -2, 4, 3, -3, 6, 4, -4, 8, 5, -5, 10};
    float want[18 * 3];
    for (size_t i = 0; i < 18 * 3; i++)
        want[i] = NAN;
    memcpy(want, x, 9 * sizeof *x);
    memcpy(want + 16 * 3, x + 9, 6 * sizeof *x);
    expect_resample(t, x, 5, 3, 16.0, 0.2, want, 18);
    /* A grid point on the sample after a gap, or on a finite sample next to a NaN one, is that
     * sample (it had been NaN: a frame more than the gap lost). */
    const double t3[6] = {0, 0.01, 0.02, 2.02, 2.03, 2.04};
    const float x3[6] = {0, 1, 2, 3, 4, 5};
    float out3[205];
    size_t n3 = 0;
    assert_int_equal(calfpump_resample(t3, x3, 6, 1, 100.0, 1.0, out3, 205, &n3), CALFPUMP_OK);
    assert_int_equal(n3, 205);
    assert_true(out3[2] == 2.0f && isnan(out3[3]) && isnan(out3[201]) && out3[202] == 3.0f);
    const float x4[6] = {0, 1, NAN, 3, 4, 5};
    const double t4[6] = {0, 0.01, 0.02, 0.03, 0.04, 0.05};
    assert_int_equal(calfpump_resample(t4, x4, 6, 1, 100.0, 1.0, out3, 205, &n3), CALFPUMP_OK);
    assert_true(out3[1] == 1.0f && isnan(out3[2]) && out3[3] == 3.0f);
    /* A step of exactly max_gap is not a gap. */
    const double t2[2] = {0, 0.25};
    const float x2[2] = {0, 4};
    const float want2[5] = {0, 1, 2, 3, 4};
    expect_resample(t2, x2, 2, 1, 16.0, 0.25, want2, 5);
}

static void test_resample_rate(void **state)
{
    (void)state;
    /* 100 Hz on a clock starting at 1000 s: exactly 100, not 99.99999999999999. */
    double t[400];
    for (int i = 0; i < 400; i++)
        t[i] = 1000.0 + i * 0.01;
    assert_true(calfpump_resample_rate(t, 200, 1.0) == 100.0);
    /* Paused for an hour after 2 s: the pause is a gap, not a slower rate (the mean over the
     * whole span would be 0.11 Hz). At max_gap_s 5000 it is an interval like any other. */
    for (int i = 200; i < 400; i++)
        t[i] += 3600.0;
    assert_true(calfpump_resample_rate(t, 400, 1.0) == 100.0);
    assert_float_equal(calfpump_resample_rate(t, 400, 5000.0), 399.0 / (t[399] - t[0]), 1e-6);
    /* Repeated times are intervals of no time (as calfpump_resample averages them). */
    const double rep[4] = {0, 0, 0.1, 0.2};
    assert_float_equal(calfpump_resample_rate(rep, 4, 1.0), 15.0, 1e-9);
    /* No rate to tell. */
    const double one_time[3] = {5, 5, 5}, sparse[3] = {0, 2, 4}, back[3] = {0, 0.2, 0.1};
    const double pairs[6] = {0.1, 0.1, 1.7, 1.7, 4.1, 4.1}; /* repeated times between gaps: the
                                                            span less the gaps is 4e-16 s */
    const double bad[3] = {0, NAN, 0.2}, tiny[2] = {0, 1e-310};
    assert_true(calfpump_resample_rate(one_time, 3, 1.0) == 0.0);
    assert_true(calfpump_resample_rate(sparse, 3, 1.0) == 0.0);
    assert_true(calfpump_resample_rate(pairs, 6, 1.0) == 0.0);
    assert_true(calfpump_resample_rate(back, 3, 1.0) == 0.0);
    assert_true(calfpump_resample_rate(bad, 3, 1.0) == 0.0);
    assert_true(calfpump_resample_rate(tiny, 2, 1.0) == 0.0); /* 1e310 Hz: no double */
    assert_true(calfpump_resample_rate(t, 1, 1.0) == 0.0);
    assert_true(calfpump_resample_rate(NULL, 3, 1.0) == 0.0);
    assert_true(calfpump_resample_rate(t, 3, 0.0) == 0.0);
    assert_true(calfpump_resample_rate(t, 3, NAN) == 0.0);
}

/* The rate calfpump_resample_rate tells is rounded to 1 uHz, and a grid at it must still reach the
 * last sample: 204.8 Hz on a clock in microseconds (gaitmap's foot sensors) lost it at 7928
 * samples when the frame count was taken at the rounded rate as it is. */
static void test_resample_keeps_last_sample(void **state)
{
    (void)state;
    enum { N = 7928 };
    static double t[N];
    static float x[N], out[N + 1];
    for (int i = 0; i < N; i++) {
        t[i] = round(i / 204.8 * 1e6) / 1e6;
        x[i] = (float)i;
    }
    const double rate = calfpump_resample_rate(t, N, 1.0);
    assert_true(rate != 204.8); /* rounded: the case this test is about */
    assert_int_equal(calfpump_resample_frames(t, N, rate), N);
    size_t n_out = 0;
    assert_int_equal(calfpump_resample(t, x, N, 1, rate, 1.0, out, N + 1, &n_out), CALFPUMP_OK);
    assert_int_equal(n_out, N);
    assert_float_equal(out[N - 1], (float)(N - 1), 1e-3);
}

static void test_resample_more(void **state)
{
    (void)state;
    const double t[4] = {0, 0.25, 0.375, 0.5};
    const float x[4] = {0, 4, 2, 6};
    float out[16];
    for (size_t i = 0; i < 16; i++)
        out[i] = -99.0f;
    size_t n_out = 0;
    assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, 1.0, out, 4, &n_out), CALFPUMP_MORE);
    assert_int_equal(n_out, 4);
    for (int i = 0; i < 4; i++)
        assert_float_equal(out[i], (float)i, 1e-6);
    assert_float_equal(out[4], -99.0f, 0.0); /* nothing written past out_cap */
    assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, 1.0, out, 8, &n_out), CALFPUMP_MORE);
    assert_int_equal(n_out, 8);
    assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, 1.0, out, 9, &n_out), CALFPUMP_OK);
    assert_int_equal(n_out, 9);
    assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, 1.0, out, 16, &n_out), CALFPUMP_OK);
    assert_int_equal(n_out, 9);
    assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, 1.0, out, 0, &n_out), CALFPUMP_MORE);
    assert_int_equal(n_out, 0);
}

static void test_resample_bad_args(void **state)
{
    (void)state;
    const double t[4] = {0, 0.25, 0.375, 0.5};
    const float x[12] = {0};
    float out[64];
    size_t n_out = 0;
    assert_int_equal(calfpump_resample(NULL, x, 4, 1, 16.0, 1.0, out, 64, &n_out), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_resample(t, NULL, 4, 1, 16.0, 1.0, out, 64, &n_out), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, 1.0, NULL, 64, &n_out), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, 1.0, out, 64, NULL), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_resample_frames(NULL, 4, 16.0), 0);
    const double rates[] = {0.0, 5.0, NAN, 1e6, -16.0, INFINITY, CALFPUMP_MIN_RATE_HZ - 0.01,
                            CALFPUMP_EMG_MAX_RATE_HZ + 0.5};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        assert_int_equal(calfpump_resample_frames(t, 4, rates[i]), 0);
        assert_int_equal(calfpump_resample(t, x, 4, 1, rates[i], 1.0, out, 64, &n_out),
                         CALFPUMP_E_RATE);
    }
    const int channels[] = {0, -1, 65, INT_MIN};
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
        assert_int_equal(calfpump_resample(t, x, 4, channels[i], 16.0, 1.0, out, 64, &n_out),
                         CALFPUMP_E_CHANNELS);
    const double gaps[] = {0.0, -1.0, NAN, -INFINITY};
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
        assert_int_equal(calfpump_resample(t, x, 4, 1, 16.0, gaps[i], out, 64, &n_out),
                         CALFPUMP_E_ARG);
    /* 64 channels is the most. */
    float wide[4 * 64] = {0};
    assert_int_equal(calfpump_resample(t, wide, 4, 64, 16.0, 1.0, out, 1, &n_out), CALFPUMP_MORE);
    /* Empty input: nothing to do. */
    n_out = 7;
    assert_int_equal(calfpump_resample_frames(t, 0, 16.0), 0);
    assert_int_equal(calfpump_resample(t, x, 0, 1, 16.0, 1.0, out, 64, &n_out), CALFPUMP_OK);
    assert_int_equal(n_out, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_init_defaults),
        cmocka_unit_test(test_create_destroy),
        cmocka_unit_test(test_init_caller_memory),
        cmocka_unit_test(test_init_too_small),
        cmocka_unit_test(test_init_unaligned),
        cmocka_unit_test(test_null_pointers),
        cmocka_unit_test(test_bad_rate),
        cmocka_unit_test(test_bad_channels),
        cmocka_unit_test(test_bad_version),
        cmocka_unit_test(test_config_init_older_caller),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_param_limits_accepted),
        cmocka_unit_test(test_push_after_flush),
        cmocka_unit_test(test_empty_buffer),
        cmocka_unit_test(test_one_sample),
        cmocka_unit_test(test_shorter_than_window),
        cmocka_unit_test(test_last_window_inside_input),
        cmocka_unit_test(test_gap_frames_counted),
        cmocka_unit_test(test_no_activation_in_gap),
        cmocka_unit_test(test_dropout_keeps_walk_before),
        cmocka_unit_test(test_huge_samples),
        cmocka_unit_test(test_zero_frames_are_data),
        cmocka_unit_test(test_sparse_gap_frames),
        cmocka_unit_test(test_hop_below_one_sample),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_stream_equals_batch),
        cmocka_unit_test(test_stream_equals_batch_seeds),
        cmocka_unit_test(test_stream_equals_batch_variants),
        cmocka_unit_test(test_queue_overflow),
        cmocka_unit_test(test_poll_more),
        cmocka_unit_test(test_accuracy_lower_back),
        cmocka_unit_test(test_resample_regular),
        cmocka_unit_test(test_resample_irregular),
        cmocka_unit_test(test_resample_duplicates),
        cmocka_unit_test(test_resample_bad_time),
        cmocka_unit_test(test_resample_extreme_values),
        cmocka_unit_test(test_resample_nonfinite_values),
        cmocka_unit_test(test_resample_gap),
        cmocka_unit_test(test_resample_rate),
        cmocka_unit_test(test_resample_keeps_last_sample),
        cmocka_unit_test(test_resample_more),
        cmocka_unit_test(test_resample_bad_args),
    };
    return cmocka_run_group_tests_name("calfpump_api", tests, NULL, NULL);
}
