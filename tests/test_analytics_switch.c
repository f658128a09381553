/*
 * The exercise analytics are opt-in (config version 4, field `analytics`), through the public API:
 * off by default, with a smaller handle, empty analytics polls and unchanged activations, cadence
 * and bouts; a version-3 config keeps them on (its callers were told to poll them); and a long
 * firmware-style stream that polls only activations, cadence and bouts never stalls with them
 * off, while it does stall with them on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define DRIVER_CHECK(cond) assert_true(cond)
#include "driver.h"

#define RATE_HZ 100.0
#define BOUTS 45     /* more bouts than the activity queue holds at queue_capacity 16 */
#define WALK_S 20.0  /* each bout: WALK_S of walking, then as long still */
#define SEGMENT_FRAMES ((size_t)(2.0 * WALK_S * RATE_HZ))
#define LONG_FRAMES (BOUTS * SEGMENT_FRAMES)

static calfpump_config config(int analytics)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.sample_rate_hz = RATE_HZ;
    cfg.placement = CALFPUMP_PLACEMENT_LOWER_BACK;
    cfg.queue_capacity = 16;
    cfg.analytics = analytics;
    return cfg;
}

/* BOUTS walks of WALK_S, each followed by WALK_S of stillness; the caller frees it. */
static float *long_recording(void)
{
    float *x = malloc(sizeof(float) * 3 * LONG_FRAMES);
    assert_non_null(x);
    for (size_t b = 0; b < BOUTS; b++) {
        synth_walk w = synth_default(RATE_HZ, 3, WALK_S);
        w.step_hz = 1.6 + 0.01 * (double)b;
        w.seed = 1 + b;
        synth_fill(&w, x + 3 * b * SEGMENT_FRAMES, SEGMENT_FRAMES);
    }
    return x;
}

/* r without what the analytics report (a view: it shares r's arrays). */
static results without_analytics(const results *r)
{
    const results core = {.act = r->act, .n_act = r->n_act, .cad = r->cad, .n_cad = r->n_cad,
                          .bout = r->bout, .n_bout = r->n_bout, .burst = r->burst,
                          .n_burst = r->n_burst, .summary = r->summary};
    return core;
}

static void test_off_by_default(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    assert_int_equal(cfg.version, 4);
    assert_int_equal(cfg.analytics, 0);
    calfpump_config off = config(0), on = config(1);
    const size_t size_off = calfpump_get_size(&off), size_on = calfpump_get_size(&on);
    assert_true(size_off > 0 && size_off < size_on);
    /* The analytics' six queues (at least 22 records each) are not there. */
    assert_true(size_on - size_off > 22 * (sizeof(calfpump_session) + sizeof(calfpump_set)));

    float *x = long_recording();
    const size_t n = 4 * SEGMENT_FRAMES;
    results r_off = {0}, r_on = {0};
    calfpump *h = NULL;
    /* In caller memory of exactly the smaller size: nothing of the analytics is written. */
    void *mem = malloc(size_off);
    assert_non_null(mem);
    assert_int_equal(calfpump_init(mem, size_off, &off, &h), CALFPUMP_OK);
    driver_stream(h, x, n, 3, 7, 37, 4, &r_off);
    calfpump_deinit(h);
    free(mem);
    assert_int_equal(r_off.n_session + r_off.n_set + r_off.n_immob + r_off.n_posture +
                         r_off.n_day + r_off.n_activity, 0);
    const calfpump_exercise_summary zero = {0};
    assert_memory_equal(&r_off.exercise, &zero, sizeof zero);
    assert_true(r_off.n_bout >= 3);

    assert_int_equal(calfpump_create(&on, &h), CALFPUMP_OK);
    driver_stream(h, x, n, 3, 7, 37, 4, &r_on);
    calfpump_destroy(h);
    assert_int_equal(r_on.n_activity, r_on.n_bout); /* on: every bout classified */
    assert_true(r_on.n_day == 1 && r_on.exercise.walking_min > 0.0);
    const results core = without_analytics(&r_on);
    char why[160];
    if (results_differ(&r_off, &core, why, sizeof why))
        fail_msg("analytics on/off changed the analysis: %s", why);

    /* Off: the polls answer OK with nothing, also on a fresh handle and with cap 0. */
    assert_int_equal(calfpump_create(&off, &h), CALFPUMP_OK);
    calfpump_day day;
    size_t got = 1;
    assert_int_equal(calfpump_poll_days(h, &day, 1, &got), CALFPUMP_OK);
    assert_int_equal(got, 0);
    got = 1;
    assert_int_equal(calfpump_poll_activity(h, NULL, 0, &got), CALFPUMP_OK);
    assert_int_equal(got, 0);
    assert_int_equal(calfpump_poll_sessions(h, NULL, 4, &got), CALFPUMP_E_NULL);
    calfpump_destroy(h);
    results_free(&r_off);
    results_free(&r_on);
    free(x);
}

/* Version 3 (the same struct up to day_offset_s): analytics on, as promised to its callers;
 * versions 1 and 2: off; version 4 takes the field, which must be 0 or 1. */
static void test_config_version_rule(void **state)
{
    (void)state;
    calfpump_config on = config(1), v3 = config(0);
    v3.version = 3;
    v3.struct_size = (uint32_t)((offsetof(calfpump_config, day_offset_s) + sizeof(float) +
                                 _Alignof(calfpump_config) - 1) /
                                _Alignof(calfpump_config) * _Alignof(calfpump_config));
    v3.analytics = 0; /* what a version-3 struct's padding may hold: never read */
    assert_int_equal(calfpump_get_size(&v3), calfpump_get_size(&on));
    v3.analytics = 77;
    assert_int_equal(calfpump_get_size(&v3), calfpump_get_size(&on));

    calfpump_config v2 = config(1);
    v2.version = 2;
    v2.struct_size = (uint32_t)((offsetof(calfpump_config, emg_reference) + sizeof(float) +
                                 _Alignof(calfpump_config) - 1) /
                                _Alignof(calfpump_config) * _Alignof(calfpump_config));
    calfpump_config off = config(0);
    assert_int_equal(calfpump_get_size(&v2), calfpump_get_size(&off));

    float *x = long_recording();
    const size_t n = 2 * SEGMENT_FRAMES;
    calfpump *h = NULL;
    results r3 = {0}, r2 = {0};
    assert_int_equal(calfpump_create(&v3, &h), CALFPUMP_OK);
    assert_int_equal(driver_batch(h, x, n, &r3), CALFPUMP_OK);
    calfpump_destroy(h);
    assert_true(r3.n_day == 1 && r3.n_activity == r3.n_bout && r3.n_bout >= 1);
    assert_int_equal(calfpump_create(&v2, &h), CALFPUMP_OK);
    assert_int_equal(driver_batch(h, x, n, &r2), CALFPUMP_OK);
    calfpump_destroy(h);
    assert_true(r2.n_day == 0 && r2.n_activity == 0 && r2.n_bout == r3.n_bout);
    results_free(&r3);
    results_free(&r2);
    free(x);

    const int32_t bad[] = {-1, 2, INT32_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        calfpump_config c = config(bad[i]);
        assert_int_equal(calfpump_get_size(&c), 0);
        assert_int_equal(calfpump_create(&c, &h), CALFPUMP_E_ARG);
        assert_null(h);
    }
}

/* Streams the long recording as firmware/stream.c does (4 frames per push, only activations,
 * cadence and bouts polled after each push). Returns the number of bouts seen, or -1 when push
 * stalled: E_QUEUE_FULL without a frame taken although those queues were just emptied. */
static int firmware_loop(calfpump *h, const float *x, int *queue_full)
{
    calfpump_activation a[8];
    calfpump_cadence c[8];
    calfpump_bout b[8];
    int bouts = 0;
    *queue_full = 0;
    for (size_t i = 0; i < LONG_FRAMES; i += 4) {
        size_t done = 0;
        while (done < 4) {
            size_t used = 0, got = 0;
            const int st = calfpump_push(h, x + 3 * (i + done), 4 - done, &used);
            if (st == CALFPUMP_E_QUEUE_FULL) {
                (*queue_full)++;
                if (used == 0)
                    return -1;
            } else {
                assert_int_equal(st, CALFPUMP_OK);
            }
            done += used;
            while (calfpump_poll_activations(h, a, 8, &got) == CALFPUMP_MORE)
                ;
            while (calfpump_poll_cadence(h, c, 8, &got) == CALFPUMP_MORE)
                ;
            int more;
            do {
                more = calfpump_poll_bouts(h, b, 8, &got) == CALFPUMP_MORE;
                bouts += (int)got;
            } while (more);
        }
    }
    return bouts;
}

static void test_long_stream_polling_three_queues(void **state)
{
    (void)state;
    float *x = long_recording();
    calfpump_config off = config(0), on = config(1);
    calfpump *h = NULL;
    int full = 0;
    assert_int_equal(calfpump_create(&off, &h), CALFPUMP_OK);
    const int bouts = firmware_loop(h, x, &full);
    assert_int_equal(full, 0);
    /* More bouts (each one activity record when on) than the analytics' queues hold. */
    assert_true(bouts >= BOUTS - 5);
    calfpump_destroy(h);
    /* With the analytics on, the same loop stalls once the activity queue is full. */
    assert_int_equal(calfpump_create(&on, &h), CALFPUMP_OK);
    assert_int_equal(firmware_loop(h, x, &full), -1);
    assert_true(full >= 1);
    calfpump_destroy(h);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off_by_default),
        cmocka_unit_test(test_config_version_rule),
        cmocka_unit_test(test_long_stream_polling_three_queues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
