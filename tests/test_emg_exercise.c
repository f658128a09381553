/*
 * Exercise analytics from surface EMG through the public API: ankle-pump sessions and heel-raise
 * sets from the calf's bursts, and walking (the stride pattern) left alone, on the generated EMG
 * of tests/emg_movement.h (the figures are printed, the bars asserted). The real walking EMG is
 * checked by tests/realdata_exercise.py.
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
#include "emg_movement.h"
#include "calfpump.h"

#define LEAD_S 5.0  /* rest before the movement */
#define TAIL_S 10.0 /* rest after it */

static emg_movement make_move(int kind, double per_min, double rate_hz, double snr_db,
                              double seconds, uint64_t seed)
{
    emg_movement e = {rate_hz, kind, per_min, LEAD_S, LEAD_S + seconds, LEAD_S + seconds + TAIL_S,
                      snr_db, seed};
    return e;
}

static calfpump *make(double rate_hz)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1; /* opt-in */
    cfg.signal = CALFPUMP_SIGNAL_EMG;
    cfg.sample_rate_hz = rate_hz;
    cfg.channels = 1;
    cfg.placement = CALFPUMP_PLACEMENT_SHANK;
    cfg.side = CALFPUMP_SIDE_RIGHT;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    return h;
}

static void run(const emg_movement *e, results *r)
{
    size_t n = 0;
    float *x = emg_move_fill(e, &n);
    assert_non_null(x);
    calfpump *h = make(e->rate_hz);
    assert_int_equal(driver_batch(h, x, n, r), CALFPUMP_OK);
    calfpump_destroy(h);
    free(x);
}

/* Pumps or raises whose contraction starts inside the movement. */
static double expected_reps(const emg_movement *e)
{
    return floor((e->end_s - e->start_s) * e->per_min / 60.0);
}

/* Exactly 2 minutes of ankle pumps at 60 per minute (120 pumps) meets the 2-minute target,
 * 118 s does not (2:00 read 1:59.19, the target missed). */
static void test_emg_pumps_two_minutes(void **state)
{
    (void)state;
    for (int seconds = 118; seconds <= 120; seconds += 2) {
        const emg_movement e = make_move(EMG_MOVE_PUMPS, 60, 1000.0, 20.0, seconds, 21);
        results r = {0};
        run(&e, &r);
        assert_int_equal(r.n_session, 1);
        const calfpump_session *s = &r.session[0];
        printf("EMG ankle pumps, %d s at 60/min: %u pumps in %.2f s, target met %d\n", seconds,
               s->pumps, s->end - s->start, s->target_met);
        assert_true(fabs(s->end - s->start - seconds) <= 1.0);
        assert_int_equal(s->target_met, seconds >= 120);
        results_free(&r);
    }
}

/* Ankle pumps at 10..80 per minute, 1 and 2 kHz, 20 and 30 dB: one session each, no set, the
 * pumps counted within 2 (or 3 %), the rate within 2 %, the target met as configured (>= 2 min
 * at >= 50 per minute), every bout of the cadence stage in them classified ankle pumps. */
static void test_emg_pumps(void **state)
{
    (void)state;
    int cases = 0, exact = 0;
    for (int rate = 10; rate <= 80; rate += 5)
        for (int variant = 0; variant < 2; variant++) {
            const emg_movement e = make_move(EMG_MOVE_PUMPS, rate, variant ? 2000.0 : 1000.0,
                                             variant ? 30.0 : 20.0, 150.0, (uint64_t)rate);
            results r = {0};
            run(&e, &r);
            const double want = expected_reps(&e), tolerance = fmax(2.0, 0.03 * want);
            printf("EMG ankle pumps %d/min (%.0f Hz, %.0f dB): %zu session(s) %zu set(s), "
                   "%u pumps of %.0f, %.2f/min\n", rate, e.rate_hz, e.snr_db, r.n_session,
                   r.n_set, r.n_session ? r.session[0].pumps : 0, want,
                   r.n_session ? r.session[0].per_min : 0.0);
            assert_int_equal(r.n_session, 1);
            assert_int_equal(r.n_set, 0);
            const calfpump_session *s = &r.session[0];
            assert_true(fabs(s->pumps - want) <= tolerance);
            assert_true(fabs(s->per_min - rate) <= 0.02 * rate);
            /* The last pump's cycle runs a mean period from its onset. */
            assert_true(s->start >= LEAD_S - 0.5 && s->end <= e.end_s + 1.0 + 60.0 / rate);
            if (rate != 50) /* at exactly 50 the rate's last fraction decides */
                assert_int_equal(s->target_met, rate > 50);
            assert_true(s->range_deg == 0.0f);
            assert_int_equal(r.exercise.pumps, s->pumps);
            driver_expect_activity(&r, CALFPUMP_ACTIVITY_ANKLE_PUMPS);
            cases++;
            exact += s->pumps == (uint32_t)want;
            results_free(&r);
        }
    printf("EMG ankle pumps: %d generated sessions recognised, %d with the exact count\n", cases,
           exact);
}

/* Heel raises with a hold of up to 1 s at 10..40 per minute: one set, no session, the reps
 * within 2 (or 3 %), the rate within 2 %. */
static void test_emg_heel_raises(void **state)
{
    (void)state;
    for (int rate = 10; rate <= 40; rate += 5) {
        const emg_movement e = make_move(EMG_MOVE_RAISES, rate, 1000.0, 20.0, 120.0, 7);
        results r = {0};
        run(&e, &r);
        const double want = expected_reps(&e), tolerance = fmax(2.0, 0.03 * want);
        printf("EMG heel raises %d/min: %zu set(s) %zu session(s), %u reps of %.0f, %.2f/min\n",
               rate, r.n_set, r.n_session, r.n_set ? r.set[0].reps : 0, want,
               r.n_set ? r.set[0].per_min : 0.0);
        assert_int_equal(r.n_set, 1);
        assert_int_equal(r.n_session, 0);
        assert_true(fabs(r.set[0].reps - want) <= tolerance);
        assert_true(fabs(r.set[0].per_min - rate) <= 0.02 * rate);
        assert_int_equal(r.exercise.raises, r.set[0].reps);
        driver_expect_activity(&r, CALFPUMP_ACTIVITY_HEEL_RAISES);
        results_free(&r);
    }
}

/* Walking at 40..65 strides per minute, 15 and 30 dB: the stride pattern, no session, no set,
 * every bout walking. */
static void test_emg_walking(void **state)
{
    (void)state;
    for (int rate = 40; rate <= 65; rate += 5)
        for (int variant = 0; variant < 2; variant++) {
            const emg_movement e = make_move(EMG_MOVE_WALK, rate, 1000.0, variant ? 30.0 : 15.0,
                                             120.0, (uint64_t)rate + 3);
            results r = {0};
            run(&e, &r);
            printf("EMG walking %d strides/min (%.0f dB): %zu bouts, %zu sessions, %zu sets\n",
                   rate, e.snr_db, r.n_bout, r.n_session, r.n_set);
            assert_true(r.n_bout >= 1);
            assert_int_equal(r.n_session, 0);
            assert_int_equal(r.n_set, 0);
            driver_expect_activity(&r, CALFPUMP_ACTIVITY_WALKING);
            assert_true(r.exercise.walking_min > 1.5);
            results_free(&r);
        }
}

/* Streaming in odd chunks with small poll arrays gives exactly the batch's records. */
static void test_emg_stream_equals_batch(void **state)
{
    (void)state;
    const int kinds[2] = {EMG_MOVE_PUMPS, EMG_MOVE_RAISES};
    for (int i = 0; i < 2; i++) {
        const emg_movement e = make_move(kinds[i], 30.0, 1000.0, 20.0, 90.0, 11);
        size_t n = 0;
        float *x = emg_move_fill(&e, &n);
        assert_non_null(x);
        calfpump *h = make(e.rate_hz);
        assert_int_equal(driver_batch_equals_stream(h, x, n, 1, 777, 5011, 3), 1);
        calfpump_destroy(h);
        free(x);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emg_pumps),
        cmocka_unit_test(test_emg_pumps_two_minutes),
        cmocka_unit_test(test_emg_heel_raises),
        cmocka_unit_test(test_emg_walking),
        cmocka_unit_test(test_emg_stream_equals_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
