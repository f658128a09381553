/*
 * The analytics' bookkeeping through the public API: day records (one per day however long a
 * posture or a bout is held, none lost at flush, adding up to the totals), and what the days,
 * immobility and posture make of time without data, and how posture episodes are timed.
 * Multi-day inputs are generated frame by frame and streamed in chunks, never held whole.
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
    if (isnan(p)) {
        f[0] = f[1] = f[2] = NAN;
        return;
    }
    f[0] = (float)-sin(p);
    f[1] = 0.0f;
    f[2] = (float)cos(p);
}

/* A leg sensor with up axis +z, its first frame day_offset_s after midnight. */
static calfpump *make_leg_at(int placement, double rate_hz, size_t queue_capacity,
                             float immobility_s, float day_offset_s)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    cfg.sample_rate_hz = rate_hz;
    cfg.placement = placement;
    cfg.up_axis = 3;
    cfg.queue_capacity = queue_capacity;
    cfg.immobility_s = immobility_s;
    cfg.day_offset_s = day_offset_s;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    return h;
}

static calfpump *make_leg(int placement, double rate_hz, size_t queue_capacity,
                          float immobility_s)
{
    return make_leg_at(placement, rate_hz, queue_capacity, immobility_s, 0.0f);
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

/* The day records number the days 0.. in order, read no negative walking and add up to the
 * totals. */
static void check_days_add_up(const results *r)
{
    double elevated = 0.0, walking = 0.0, pump_min = 0.0;
    uint32_t alerts = 0, pumps = 0, raises = 0, sets = 0, met = 0;
    for (size_t i = 0; i < r->n_day; i++) {
        assert_int_equal(r->day[i].day, (int32_t)i);
        elevated += r->day[i].elevated_min;
        walking += r->day[i].walking_min;
        assert_false(signbit(r->day[i].walking_min)); /* no -0.00 */
        alerts += r->day[i].immobility_alerts;
        pumps += r->day[i].pumps;
        pump_min += r->day[i].pump_min;
        raises += r->day[i].raises;
        sets += r->day[i].sets;
        met += r->day[i].sessions_met;
    }
    assert_int_equal(alerts, r->exercise.immobility_alerts);
    assert_int_equal(pumps, r->exercise.pumps);
    assert_int_equal(raises, r->exercise.raises);
    assert_int_equal(sets, r->exercise.sets);
    assert_int_equal(met, r->exercise.sessions_met);
    assert_true(fabs(pump_min - r->exercise.pump_min) < 0.01);
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
    calfpump *h = make_leg(CALFPUMP_PLACEMENT_SHANK, 10.0, 4, 1800.0f);
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
        calfpump *h = make_leg(CALFPUMP_PLACEMENT_SHANK, 10.0, 256, 1800.0f);
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

/* A logger paused for 3 h (a CSV's pause becomes gap frames): no data is no covered time, no
 * posture (the minutes go to UNKNOWN and the episode ends at the gap) and no immobility (the
 * stretch ends at the gap with an END record, the next starts after it). Before: 6 alerts inside
 * the gap, 3 h more of covered and dependent time. */
static void test_gap_is_no_data(void **state)
{
    (void)state;
    static const segment seg[] = {{1500.0, 0.0}, {12300.0, NAN}, {1e9, 125.0}};
    const script s = {seg, 3};
    const double rate = 10.0, seconds = 13400.0;
    const size_t n = (size_t)(seconds * rate);
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        script_frame(&s, (double)i / rate, x + 3 * i);
    calfpump *h = make_leg(CALFPUMP_PLACEMENT_SHANK, rate, 256, 600.0f);
    results r = {0};
    assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
    for (size_t i = 0; i < r.n_immob; i++)
        printf("immobility %s at %.1f (start %.1f, alerts %u)\n",
               calfpump_immobility_kind_name(r.immob[i].kind), r.immob[i].t, r.immob[i].start,
               r.immob[i].alerts);
    for (size_t i = 0; i < r.n_posture; i++)
        printf("posture %s %.1f-%.1f\n", calfpump_posture_name(r.posture[i].posture),
               r.posture[i].start, r.posture[i].end);
    printf("covered %.1f s, posture min %.2f %.2f %.2f %.2f\n", r.day[0].covered_s,
           r.exercise.posture_min[0], r.exercise.posture_min[1], r.exercise.posture_min[2],
           r.exercise.posture_min[3]);
    /* alerts at 600 and 1200, END at the gap; after it from 12300: an alert at 12900, END */
    static const double at[] = {600.0, 1200.0, 1500.0, 12900.0, 13400.0};
    static const int kind[] = {CALFPUMP_IMMOBILITY_ALERT, CALFPUMP_IMMOBILITY_ALERT,
                               CALFPUMP_IMMOBILITY_END, CALFPUMP_IMMOBILITY_ALERT,
                               CALFPUMP_IMMOBILITY_END};
    assert_int_equal(r.n_immob, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(r.immob[i].kind, kind[i]);
        assert_true(fabs(r.immob[i].t - at[i]) < 0.2);
    }
    assert_true(fabs(r.immob[3].start - 12300.0) < 0.2);
    assert_int_equal(r.n_day, 1);
    assert_true(fabs(r.day[0].covered_s - 2600.0) < 0.2);
    check_days_add_up(&r);
    /* Two episodes, the gap between them; all the time in some class, the gap unknown. */
    assert_int_equal(r.n_posture, 2);
    assert_int_equal(r.posture[0].posture, CALFPUMP_POSTURE_DEPENDENT);
    assert_true(fabs(r.posture[0].end - 1500.0) < 0.2);
    assert_int_equal(r.posture[1].posture, CALFPUMP_POSTURE_ELEVATED);
    assert_true(r.posture[1].start >= 12300.0 && r.posture[1].start < 12315.0);
    double total = 0.0;
    for (int i = 0; i < 4; i++)
        total += r.exercise.posture_min[i];
    assert_true(fabs(total - seconds / 60.0) < 1e-6);
    assert_true(fabs(r.exercise.posture_min[CALFPUMP_POSTURE_UNKNOWN] - 180.0) < 0.5);
    assert_true(fabs(r.day[0].elevated_min - (r.posture[1].end - r.posture[1].start) / 60.0) <
                1e-3);
    results_free(&r);
    assert_int_equal(calfpump_reset(h), CALFPUMP_OK);
    driver_batch_equals_stream(h, x, n, 3, 7, 5000, 3);
    calfpump_destroy(h);
    free(x);
}

/* Ankle pumps in 20 groups of 20 s, 6 s apart: one session, which the cadence stage reads as
 * 20 bouts of walking. Its time is taken out of every one of them, not only the last 8: no
 * walking minutes (before: 4.01), and not -0.00 (the float subtraction's rounding). */
static void test_pump_groups_are_not_walking(void **state)
{
    (void)state;
    const double rate = 100.0, lead = 30.0, group = 20.0, pause = 6.0;
    const int groups = 20;
    const size_t per_group = (size_t)((group + pause) * rate), n_lead = (size_t)(lead * rate);
    const size_t n = 2 * n_lead + groups * per_group;
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    movement still = {rate, MOVE_PUMPS_SEATED, PLACE_INSTEP, 60.0, 50.0, 0.0, 1e9, 1e9,
                      0.0, 0.01, 5};
    move_fill(&still, x, n_lead);
    for (int g = 0; g < groups; g++) {
        movement m = still;
        m.start_s = 0.0;
        m.end_s = group;
        m.seed = 100 + (uint64_t)g;
        move_fill(&m, x + 3 * (n_lead + g * per_group), per_group);
    }
    move_fill(&still, x + 3 * (n - n_lead), n_lead);
    calfpump *h = make_leg(CALFPUMP_PLACEMENT_FOOT, rate, 256, 1800.0f);
    results r = {0};
    assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
    printf("%zu sessions, %zu cadence bouts, walking %.3f min\n", r.n_session, r.n_bout,
           r.exercise.walking_min);
    assert_int_equal(r.n_session, 1);
    assert_true(r.n_bout > 8);
    assert_true(fabs(r.exercise.walking_min) < 0.05);
    assert_false(signbit(r.exercise.walking_min));
    check_days_add_up(&r);
    results_free(&r);
    calfpump_destroy(h);
    free(x);
}

/* A shank raised past 100 deg for exactly elevation_min_s (900 s) is an elevation episode, and
 * the episode runs from the raising to the lowering: the 1 s low-pass had crossed 100 deg 1.5 s
 * late going up and 1.0 s late coming down (before: 61.52-961.00 = 899.48 s at 100 Hz, no
 * elevation episode). Half a second less is none. */
static void test_elevation_of_exactly_min(void **state)
{
    (void)state;
    static const double rates[] = {8.0, 25.0, 100.0};
    for (size_t k = 0; k < 3; k++) {
        for (int shorter = 0; shorter <= 1; shorter++) {
            const double up = 60.0, down = up + 900.0 - 0.5 * shorter;
            const segment seg[] = {{up, 0.0}, {down, 125.0}, {1e9, 0.0}};
            const script s = {seg, 3};
            calfpump *h = make_leg(CALFPUMP_PLACEMENT_SHANK, rates[k], 256, 1800.0f);
            results r = {0};
            stream_script(h, &s, rates[k], down + 60.0, &r);
            assert_int_equal(r.n_posture, 3);
            const calfpump_posture *e = &r.posture[1];
            printf("%.0f Hz, %.1f s elevated: episode %.3f-%.3f, elevation %d\n", rates[k],
                   down - up, e->start, e->end, e->elevation);
            assert_int_equal(e->posture, CALFPUMP_POSTURE_ELEVATED);
            assert_true(fabs(e->start - up) < 0.15 && fabs(e->end - down) < 0.15);
            assert_int_equal(e->elevation, !shorter);
            assert_int_equal(r.exercise.elevation_episodes, (uint32_t)!shorter);
            results_free(&r);
            calfpump_destroy(h);
        }
    }
}

/* Ankle pumps (60/min, 180 s) and heel raises (20/min, 90 s) from 30 s before midnight: minutes
 * and pumps or reps go to each day in proportion to the time on it, the session or set to the
 * day it started (before: all on day 0, which had 60 s of input but 3.00 pump minutes and all
 * 180 pumps). */
static void test_session_across_midnight(void **state)
{
    (void)state;
    const double rate = 100.0, midnight = 60.0, start = 30.0;
    const size_t n = (size_t)(300.0 * rate);
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    for (int raises = 0; raises <= 1; raises++) {
        movement m = {rate, MOVE_PUMPS_SEATED, PLACE_INSTEP, 60.0, 50.0, 0.0, start, start + 180.0,
                      0.0, 0.01, 7};
        if (raises)
            m = (movement){rate, MOVE_HEEL_RAISES, PLACE_INSTEP, 20.0, 35.0, 0.9, start,
                           start + 90.0, 0.0, 0.01, 8};
        move_fill(&m, x, n);
        calfpump *h = make_leg_at(CALFPUMP_PLACEMENT_FOOT, rate, 256, 1800.0f, 86400.0f - 60.0f);
        results r = {0};
        assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
        assert_int_equal(r.n_day, 2);
        check_days_add_up(&r);
        assert_int_equal(raises ? r.n_set : r.n_session, 1);
        const double lo = raises ? r.set[0].start : r.session[0].start;
        const double hi = raises ? r.set[0].end : r.session[0].end;
        const uint32_t count = raises ? r.set[0].reps : r.session[0].pumps;
        const uint32_t day0 = raises ? r.day[0].raises : r.day[0].pumps;
        printf("%s %.2f-%.2f, %u: day 0 %u, %.2f pump min; day 1 %u, %.2f pump min\n",
               raises ? "set" : "session", lo, hi, count, day0, r.day[0].pump_min,
               raises ? r.day[1].raises : r.day[1].pumps, r.day[1].pump_min);
        assert_true(lo < midnight && hi > midnight);
        assert_true(fabs(day0 - count * (midnight - lo) / (hi - lo)) <= 0.5);
        if (raises) {
            assert_int_equal(r.day[0].sets, 1);
        } else {
            assert_true(fabs(r.day[0].pump_min - (midnight - lo) / 60.0) < 1e-3);
            assert_true(fabs(r.day[1].pump_min - (hi - midnight) / 60.0) < 1e-3);
            assert_int_equal(r.day[0].sessions_met, 1);
        }
        results_free(&r);
        calfpump_destroy(h);
    }
    free(x);
}

/* An input that does not measure posture (foot, wrist, a thigh without up axis, one channel)
 * has all its time UNKNOWN, as gaps are: its posture minutes add up to the duration, and 0
 * dependent minutes do not read as "never upright" (before: 0 in every class). */
static void test_posture_not_measured(void **state)
{
    (void)state;
    static const struct {
        int placement, up_axis, channels;
    } inputs[] = {{CALFPUMP_PLACEMENT_FOOT, 3, 3},
                  {CALFPUMP_PLACEMENT_WRIST, 0, 3},
                  {CALFPUMP_PLACEMENT_THIGH, 0, 3},
                  {CALFPUMP_PLACEMENT_SHANK, 3, 1},
                  {CALFPUMP_PLACEMENT_SHANK, 3, 3}};
    const double rate = 20.0, seconds = 600.5;
    const size_t n = (size_t)(seconds * rate);
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    for (size_t k = 0; k < 5; k++) {
        const size_t ch = (size_t)inputs[k].channels;
        for (size_t i = 0; i < n; i++) {
            x[ch * i] = 0.1f;
            if (ch == 3) {
                x[3 * i + 1] = 0.0f;
                x[3 * i + 2] = 0.99f;
            }
        }
        calfpump_config cfg;
        calfpump_config_init(&cfg);
        cfg.analytics = 1;
        cfg.sample_rate_hz = rate;
        cfg.placement = inputs[k].placement;
        cfg.up_axis = inputs[k].up_axis;
        cfg.channels = inputs[k].channels;
        calfpump *h = NULL;
        assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
        results r = {0};
        assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
        const double *m = r.exercise.posture_min;
        printf("%s, %d channels: posture min %.3f %.3f %.3f %.3f\n",
               calfpump_placement_name(inputs[k].placement), inputs[k].channels, m[0], m[1], m[2],
               m[3]);
        assert_true(fabs(m[0] + m[1] + m[2] + m[3] - seconds / 60.0) < 1e-6);
        /* only the shank with 3 channels and an up axis measures it */
        assert_true(k == 4 ? m[CALFPUMP_POSTURE_DEPENDENT] > 9.9
                           : fabs(m[0] - seconds / 60.0) < 1e-6);
        results_free(&r);
        calfpump_destroy(h);
    }
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elevated_for_days),
        cmocka_unit_test(test_end_at_midnight),
        cmocka_unit_test(test_gap_is_no_data),
        cmocka_unit_test(test_pump_groups_are_not_walking),
        cmocka_unit_test(test_elevation_of_exactly_min),
        cmocka_unit_test(test_session_across_midnight),
        cmocka_unit_test(test_posture_not_measured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
