/*
 * The analytics' bookkeeping through the public API: day records (one per day however long a
 * posture or a bout is held, none lost at flush, adding up to the totals), and what the days,
 * immobility and posture make of time without data. Multi-day inputs are generated frame by
 * frame and streamed in chunks, never held whole.
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

#define DRIVER_CHECK(cond) assert_true(cond)
#include "driver.h"
#include "movement.h"

/* A shank sensor (up +z) still at a tilt from upright (deg; NAN: a gap) until `until` s. */
typedef struct segment {
    double until, tilt_deg;
} segment;

typedef struct script {
    const segment *seg;
    size_t n;
} script;

static void script_frame(const script *s, double t, float f[3])
{
    size_t i = 0;
    while (i + 1 < s->n && t >= s->seg[i].until)
        i++;
    const double p = s->seg[i].tilt_deg * MOVE_DEG;
    f[0] = (float)-sin(p);
    f[1] = 0.0f;
    f[2] = (float)cos(p);
}

static calfpump *make_shank(double rate_hz, size_t queue_capacity)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    cfg.sample_rate_hz = rate_hz;
    cfg.placement = CALFPUMP_PLACEMENT_SHANK;
    cfg.up_axis = 3;
    cfg.queue_capacity = queue_capacity;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    return h;
}

/* Streams the script's first `seconds` in chunks, polling with small arrays. */
static void stream_script(calfpump *h, const script *s, double rate_hz, double seconds,
                          results *out)
{
    const size_t n = (size_t)llround(seconds * rate_hz), chunk = 4096;
    float *x = malloc(sizeof(float) * 3 * chunk);
    assert_non_null(x);
    for (size_t off = 0; off < n; off += chunk) {
        const size_t k = n - off < chunk ? n - off : chunk;
        for (size_t i = 0; i < k; i++)
            script_frame(s, (double)(off + i) / rate_hz, x + 3 * i);
        driver_push(h, x, k, 3, 3, out);
    }
    driver_finish(h, 3, out);
    free(x);
}

/* The day records number the days 0.. in order and add up to the totals. */
static void check_days_add_up(const results *r)
{
    double elevated = 0.0, walking = 0.0;
    uint32_t alerts = 0, pumps = 0;
    for (size_t i = 0; i < r->n_day; i++) {
        assert_int_equal(r->day[i].day, (int32_t)i);
        elevated += r->day[i].elevated_min;
        walking += r->day[i].walking_min;
        alerts += r->day[i].immobility_alerts;
        pumps += r->day[i].pumps;
    }
    assert_int_equal(alerts, r->exercise.immobility_alerts);
    assert_int_equal(pumps, r->exercise.pumps);
    assert_true(fabs(walking - r->exercise.walking_min) < 0.01);
    assert_true(fabs(elevated - r->exercise.posture_min[CALFPUMP_POSTURE_ELEVATED]) < 1.0);
}

/* A leg propped up (or a sensor left lying upside down) for 7 days: 7 records of a day's
 * elevation each (small queues). */
static void test_elevated_for_days(void **state)
{
    (void)state;
    static const segment seg[] = {{600.0, 0.0}, {1e9, 125.0}};
    const script s = {seg, 2};
    calfpump *h = make_shank(10.0, 4);
    results r = {0};
    stream_script(h, &s, 10.0, 7 * 86400.0 - 60.0, &r);
    for (size_t i = 0; i < r.n_day; i++)
        printf("day %d: covered %.0f s, elevated %.2f min, alerts %u\n", r.day[i].day,
               r.day[i].covered_s, r.day[i].elevated_min, r.day[i].immobility_alerts);
    assert_int_equal(r.n_day, 7);
    check_days_add_up(&r);
    for (size_t i = 0; i < 7; i++) {
        assert_true(r.day[i].covered_s == (i < 6 ? 86400.0f : 86340.0f));
        assert_true(fabs(r.day[i].elevated_min - (i ? i < 6 ? 1440.0 : 1439.0 : 1430.0)) < 1.0);
    }
    results_free(&r);
    calfpump_destroy(h);
}

/* Input ending at midnight (a logger cutting its files there): the alert at the very end counts
 * in the day it ends, so that the days add up to the totals (an alert every 30 min: the one at
 * midnight inside the input is the next day's, the one at its end the last day's). */
static void test_end_at_midnight(void **state)
{
    (void)state;
    static const segment seg[] = {{1e9, 0.0}};
    const script s = {seg, 1};
    for (int days = 1; days <= 2; days++) {
        calfpump *h = make_shank(10.0, 256);
        results r = {0};
        stream_script(h, &s, 10.0, days * 86400.0, &r);
        assert_int_equal(r.n_day, days);
        assert_int_equal(r.exercise.immobility_alerts, 48 * days);
        check_days_add_up(&r);
        assert_int_equal(r.day[days - 1].immobility_alerts, days == 1 ? 48 : 49);
        results_free(&r);
        calfpump_destroy(h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elevated_for_days),
        cmocka_unit_test(test_end_at_midnight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
