/*
 * Exercise analytics through the public API, on generated movements (movement.h: ankle pumps
 * and heel raises from the ankle angle, the sensor's place on the foot or shank, gravity and
 * noise) and generated walks (synth.h): recognition across 10-80 pumps per minute and sensor
 * places (the figures are printed, the bars asserted), heel-raise sets and their holds, streaming
 * == batch, immobility alerts at the right second on a 3-hour stream and never after activity,
 * posture and elevation episodes, daily totals against 150 min/week, and config versions.
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
#include "movement.h"

#define RATE_HZ 100.0
#define LEAD_S 30.0 /* stillness before and after each movement */

static const char *const place_names[PLACE_COUNT] = {"instep", "toes", "heel", "shank"};
static const char *const kind_names[] = {"seated pumps", "lying pumps", "heel raises"};

static calfpump *make(int place, int up_axis)
{
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    cfg.sample_rate_hz = RATE_HZ;
    cfg.placement = place == PLACE_SHANK ? CALFPUMP_PLACEMENT_SHANK : CALFPUMP_PLACEMENT_FOOT;
    cfg.up_axis = up_axis;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    return h;
}

/* Analyses a generated movement of `seconds` between LEAD_S of stillness. */
static void run_movement(const movement *m, int up_axis, results *out)
{
    const size_t n = (size_t)((m->end_s + LEAD_S) * m->rate_hz);
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    move_fill(m, x, n);
    calfpump *h = make(m->place, up_axis);
    assert_int_equal(driver_batch(h, x, n, out), CALFPUMP_OK);
    calfpump_destroy(h);
    free(x);
}

static movement make_movement(int kind, int place, double per_min, double seconds, uint64_t seed)
{
    movement m = {RATE_HZ, kind, place, per_min, 50.0, 0.0, LEAD_S, LEAD_S + seconds,
                  0.0, 0.01, seed};
    if (kind == MOVE_HEEL_RAISES) {
        m.range_deg = 35.0;
        m.hold_s = fmin(1.0, 0.3 * 60.0 / per_min); /* guidance: about 1 s at the top */
    }
    return m;
}

/* Pumps or raises in the movement: the detector counts each one's rise. */
static double expected_reps(const movement *m)
{
    return floor((m->end_s - m->start_s) * m->per_min / 60.0);
}

/* Ankle pumps, seated and lying, 10..80 per minute, at three places on the foot, mounted
 * square and turned 20 deg about the foot's long axis, with and without the up axis: one
 * session each, the pumps counted within 2 % (at least 2), the rate within 1 %, the 2-minute
 * target (>= 50 per minute) met from 60 per minute on and not up to 40. */
static void test_pumps_rates_places(void **state)
{
    (void)state;
    int cases = 0, exact = 0;
    size_t bouts = 0;
    for (int kind = MOVE_PUMPS_SEATED; kind <= MOVE_PUMPS_LYING; kind++)
        for (int place = PLACE_INSTEP; place <= PLACE_HEEL; place++)
            for (int rate = 10; rate <= 80; rate += 10)
                for (int variant = 0; variant < 2; variant++) {
                    movement m = make_movement(kind, place, rate, 180.0, (uint64_t)rate + 1);
                    m.roll_deg = variant ? 20.0 : 0.0;
                    results r = {0};
                    run_movement(&m, variant ? 0 : 3, &r);
                    const double want = expected_reps(&m);
                    const double tolerance = fmax(2.0, 0.02 * want);
                    if (r.n_session != 1 || r.n_set != 0 ||
                        fabs(r.session[0].pumps - want) > tolerance)
                        print_error("%s at the %s, %d/min, variant %d: %zu sessions %zu sets, "
                                    "%u pumps of %.0f\n", kind_names[kind], place_names[place],
                                    rate, variant, r.n_session, r.n_set,
                                    r.n_session ? r.session[0].pumps : 0, want);
                    assert_int_equal(r.n_session, 1);
                    assert_int_equal(r.n_set, 0);
                    const calfpump_session *s = &r.session[0];
                    assert_true(fabs(s->pumps - want) <= tolerance);
                    assert_true(fabs(s->per_min - rate) <= 0.01 * rate);
                    /* The first pump's cycle ends with its rise, a mean period after the
                     * start. */
                    assert_true(s->start >= LEAD_S - 1.0 - 60.0 / rate && s->end <= m.end_s + 1.0);
                    /* At exactly 50 the rate's last 1 % decides. */
                    if (rate != 50)
                        assert_int_equal(s->target_met, rate > 50);
                    assert_int_equal(r.exercise.pumps, s->pumps);
                    driver_expect_activity(&r, CALFPUMP_ACTIVITY_ANKLE_PUMPS);
                    /* What is left is the edge between the exercise stage's last counted
                     * cycle and the cadence bout's last pump (toes, 30/min: 207.6 s and 210.4 s
                     * of a movement ending at 210 s), not walking. */
                    assert_true(r.exercise.walking_min < 0.1);
                    bouts += r.n_bout;
                    cases++;
                    exact += s->pumps == (uint32_t)want;
                    results_free(&r);
                }
    printf("ankle pumps: %d generated sessions recognised, %d with the exact count; the cadence "
           "stage's %zu bouts in them all classified ankle pumps\n", cases, exact, bouts);
}

/* Heel raises with a hold of up to 1 s: at every place on the foot at 10..40 per minute, on
 * the shank at 10..30 (faster raises lift the shank hard enough to look like steps): one set,
 * no session, the reps within 3 % (at least 2), on the shank too; the hold is measured within
 * 0.15 s up to 30 per minute. Without an up axis a foot sensor calls them ankle pumps
 * (documented). */
static void test_heel_raises(void **state)
{
    (void)state;
    for (int place = PLACE_INSTEP; place < PLACE_COUNT; place++)
        for (int rate = 10; rate <= (place == PLACE_SHANK ? 30 : 40); rate += 10) {
            movement m = make_movement(MOVE_HEEL_RAISES, place, rate, 180.0, 5);
            results r = {0};
            run_movement(&m, 3, &r);
            const double want = expected_reps(&m);
            printf("heel raises at the %s, %d/min: %zu set(s), %u reps of %.0f, hold %.2f s "
                   "(generated %.2f s)\n", place_names[place], rate, r.n_set,
                   r.n_set ? r.set[0].reps : 0, want, r.n_set ? r.set[0].hold_s : 0.0,
                   m.hold_s);
            assert_int_equal(r.n_set, 1);
            assert_int_equal(r.n_session, 0);
            driver_expect_activity(&r, CALFPUMP_ACTIVITY_HEEL_RAISES);
            const double tolerance = fmax(2.0, 0.03 * want);
            assert_true(fabs(r.set[0].reps - want) <= tolerance);
            assert_true(fabs(r.set[0].per_min - rate) <= 0.01 * rate);
            /* Within the first 3 raises (the shank once missed about 6; the foot misses up to
             * 3 at 40 per minute). */
            assert_true(r.set[0].start <= m.start_s + 3.0 * 60.0 / rate);
            /* "Near the top" also takes in the top 15 % of the raise and the lowering: a
             * quarter of each half-cosine ramp. */
            const double ramp = fmin(0.5, (60.0 / rate - m.hold_s) / 3.0);
            if (place != PLACE_SHANK && rate <= 30)
                assert_true(fabs(r.set[0].hold_s - (m.hold_s + 0.5 * ramp)) <= 0.15);
            results_free(&r);
        }
    movement m = make_movement(MOVE_HEEL_RAISES, PLACE_INSTEP, 20, 120.0, 5);
    results r = {0};
    run_movement(&m, 0, &r);
    assert_int_equal(r.n_set, 0);
    assert_int_equal(r.n_session, 1);
    results_free(&r);
}

/* Exactly the recommended 2 minutes of ankle pumps at 60 per minute (120 pumps) meets the
 * 2-minute target, seated and lying, at every place on the foot; 118 s does not (2:00 read
 * 1:58.85 with a pump lost, and the target was not met before 2:02). */
static void test_pumps_two_minutes(void **state)
{
    (void)state;
    for (int kind = MOVE_PUMPS_SEATED; kind <= MOVE_PUMPS_LYING; kind++)
        for (int place = PLACE_INSTEP; place <= PLACE_HEEL; place++)
            for (int seconds = 118; seconds <= 120; seconds += 2) {
                movement m = make_movement(kind, place, 60, seconds, 17);
                results r = {0};
                run_movement(&m, 3, &r);
                assert_int_equal(r.n_session, 1);
                const calfpump_session *s = &r.session[0];
                printf("%s at the %s, %d s at 60/min: %u pumps in %.2f s, target met %d\n",
                       kind_names[kind], place_names[place], seconds, s->pumps,
                       s->end - s->start, s->target_met);
                assert_true(fabs(s->end - s->start - seconds) <= 1.0);
                assert_int_equal(s->target_met, seconds >= 120);
                results_free(&r);
            }
}

/* Sets of exactly N raises (6, the fewest that make a set, 15 and 20 as prescribed) at 15, 20
 * and 30 per minute on the foot and shank read N reps, as from EMG (they read N - 1: the rise
 * that began the first cycle was no rep, and 6 raises made no set). */
static void test_heel_raise_reps(void **state)
{
    (void)state;
    const int places[2] = {PLACE_INSTEP, PLACE_SHANK}, rates[3] = {15, 20, 30};
    const int counts[3] = {6, 15, 20};
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 3; k++) {
                movement m = make_movement(MOVE_HEEL_RAISES, places[p], rates[i],
                                           counts[k] * 60.0 / rates[i], 13);
                results r = {0};
                run_movement(&m, 3, &r);
                if (r.n_set != 1 || r.set[0].reps != (uint32_t)counts[k])
                    print_error("%d raises at the %s, %d/min: %zu sets, %u reps\n", counts[k],
                                place_names[places[p]], rates[i], r.n_set,
                                r.n_set ? r.set[0].reps : 0);
                assert_int_equal(r.n_set, 1);
                assert_int_equal(r.n_session, 0);
                assert_int_equal(r.set[0].reps, counts[k]);
                assert_int_equal(r.exercise.raises, counts[k]);
                results_free(&r);
            }
}

/* Still in the posture of a `before_kind` movement (never started) for before_s, then `after`
 * (its start_s: the rest in its own posture), then LEAD_S of stillness. */
static void run_after_posture(int before_kind, double before_s, const movement *after,
                              int up_axis, results *out)
{
    movement before = *after;
    before.kind = before_kind;
    before.start_s = before.end_s = 1e9;
    const size_t n0 = (size_t)(before_s * RATE_HZ), n1 = (size_t)((after->end_s + LEAD_S) * RATE_HZ);
    float *x = malloc(sizeof(float) * 3 * (n0 + n1));
    assert_non_null(x);
    move_fill(&before, x, n0);
    move_fill(after, x + 3 * n0, n1);
    calfpump *h = make(after->place, up_axis);
    assert_int_equal(driver_batch(h, x, n0 + n1, out), CALFPUMP_OK);
    calfpump_destroy(h);
    free(x);
}

/* Exercises begun at once after a change of posture: lying down from sitting (foot flat, then
 * toes up) and pumping 150 s at 60 per minute, sitting up and pumping, standing up from lying
 * (shank flat, then upright) and doing 20 heel raises at 20 per minute, after 0..20 s of rest.
 * The pumps are counted within 2 % and meet the target, the raises within 1, each from its
 * first 2 periods on (the slow mean lagged behind the posture: 114 of 150 pumps found 36 s
 * late after no rest, 139 after 20 s; 9 of 20 raises). */
static void test_after_posture_change(void **state)
{
    (void)state;
    const double rests[4] = {0.0, 2.0, 5.0, 20.0}, before_s = 60.0;
    const struct {
        int before, kind, place, reps;
        double per_min;
    } cases[3] = {{MOVE_PUMPS_SEATED, MOVE_PUMPS_LYING, PLACE_INSTEP, 150, 60.0},
                  {MOVE_PUMPS_LYING, MOVE_PUMPS_SEATED, PLACE_INSTEP, 150, 60.0},
                  {MOVE_PUMPS_LYING, MOVE_HEEL_RAISES, PLACE_SHANK, 20, 20.0}};
    for (int c = 0; c < 3; c++)
        for (int i = 0; i < 4; i++) {
            const double period = 60.0 / cases[c].per_min;
            movement m = make_movement(cases[c].kind, cases[c].place, cases[c].per_min,
                                       cases[c].reps * period, 21);
            m.start_s = rests[i];
            m.end_s = rests[i] + cases[c].reps * period;
            results r = {0};
            run_after_posture(cases[c].before, before_s, &m, 3, &r);
            const int pumps = cases[c].kind != MOVE_HEEL_RAISES;
            const size_t n = pumps ? r.n_session : r.n_set;
            const uint32_t reps = n ? (pumps ? r.session[0].pumps : r.set[0].reps) : 0;
            const double start = n ? (pumps ? r.session[0].start : r.set[0].start) : 0.0;
            printf("%s at the %s, %.0f s after the change of posture: %zu record(s), %u of %d "
                   "from %.1f s after the start\n", kind_names[cases[c].kind],
                   place_names[cases[c].place], rests[i], n, reps, cases[c].reps,
                   start - before_s - m.start_s);
            assert_int_equal(n, 1);
            assert_int_equal(pumps ? r.n_set : r.n_session, 0);
            assert_true(reps >= (pumps ? 0.98 * cases[c].reps : cases[c].reps - 1.0));
            assert_true(start <= before_s + m.start_s + 2.0 * period);
            if (pumps)
                assert_int_equal(r.session[0].target_met, 1);
            results_free(&r);
        }
}

/* Ankle pumps turn the foot, not the shank: a shank sensor reports neither. */
static void test_shank_sees_no_pumps(void **state)
{
    (void)state;
    for (int kind = MOVE_PUMPS_SEATED; kind <= MOVE_PUMPS_LYING; kind++)
        for (int rate = 10; rate <= 80; rate += 35) {
            movement m = make_movement(kind, PLACE_SHANK, rate, 180.0, 9);
            results r = {0};
            run_movement(&m, 3, &r);
            assert_int_equal(r.n_session, 0);
            assert_int_equal(r.n_set, 0);
            results_free(&r);
        }
}

/* A corrupt frame (z = FLT_MAX, Inf after two in a block, 1e20) 30 s before the movement:
 * ankle pumps on the foot and heel raises on the foot and shank are found as without it (it
 * drove the exercise filters to NaN or far off: no session or set for minutes, or at all). */
static void test_huge_frame(void **state)
{
    (void)state;
    const int kinds[3] = {MOVE_PUMPS_SEATED, MOVE_HEEL_RAISES, MOVE_HEEL_RAISES};
    const int places[3] = {PLACE_INSTEP, PLACE_INSTEP, PLACE_SHANK};
    const float huge[3] = {FLT_MAX, 1e20f, -FLT_MAX};
    for (int c = 0; c < 3; c++) {
        movement m = make_movement(kinds[c], places[c], kinds[c] == MOVE_HEEL_RAISES ? 20 : 60,
                                   120.0, 7);
        m.start_s += 30.0;
        m.end_s += 30.0;
        const size_t n = (size_t)((m.end_s + LEAD_S) * m.rate_hz);
        float *x = malloc(sizeof(float) * 3 * n);
        assert_non_null(x);
        move_fill(&m, x, n);
        results clean = {0};
        calfpump *h = make(m.place, 3);
        assert_int_equal(driver_batch(h, x, n, &clean), CALFPUMP_OK);
        calfpump_destroy(h);
        assert_int_equal(clean.n_session + clean.n_set, 1);
        for (int k = 0; k < 3; k++) {
            const size_t at = (size_t)(LEAD_S * m.rate_hz);
            float *z = x + 3 * at + 2;
            const float kept[2] = {z[0], z[3]};
            z[0] = huge[k];
            if (k == 0)
                z[3] = huge[k]; /* two in a block: its average is Inf */
            results r = {0};
            h = make(m.place, 3);
            assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
            calfpump_destroy(h);
            z[0] = kept[0];
            z[3] = kept[1];
            printf("%s at the %s, frame %g g 30 s before: %zu session(s) %zu set(s), %u of %u\n",
                   kind_names[kinds[c]], place_names[places[c]], (double)huge[k], r.n_session,
                   r.n_set, r.n_session ? r.session[0].pumps : r.n_set ? r.set[0].reps : 0,
                   clean.n_session ? clean.session[0].pumps : clean.set[0].reps);
            assert_int_equal(r.n_session, clean.n_session);
            assert_int_equal(r.n_set, clean.n_set);
            if (r.n_session) {
                assert_int_equal(r.session[0].pumps, clean.session[0].pumps);
                assert_true(fabs(r.session[0].start - clean.session[0].start) < 0.1);
                assert_int_equal(r.session[0].target_met, clean.session[0].target_met);
            } else {
                assert_int_equal(r.set[0].reps, clean.set[0].reps);
                assert_true(fabs(r.set[0].start - clean.set[0].start) < 0.1);
            }
            /* The shank's posture episodes too (a "horizontal" one had followed the frame). */
            assert_int_equal(r.n_posture, clean.n_posture);
            for (size_t i = 0; i < r.n_posture; i++)
                assert_int_equal(r.posture[i].posture, clean.posture[i].posture);
            results_free(&r);
        }
        results_free(&clean);
        free(x);
    }
}

/* Streaming in odd chunks with small poll arrays gives exactly the batch's records. */
static void test_stream_equals_batch(void **state)
{
    (void)state;
    const int kinds[2] = {MOVE_PUMPS_LYING, MOVE_HEEL_RAISES};
    for (int i = 0; i < 2; i++) {
        movement m = make_movement(kinds[i], PLACE_INSTEP, 40, 150.0, 3);
        const size_t n = (size_t)((m.end_s + LEAD_S) * m.rate_hz);
        float *x = malloc(sizeof(float) * 3 * n);
        assert_non_null(x);
        move_fill(&m, x, n);
        calfpump *h = make(PLACE_INSTEP, 3);
        assert_int_equal(driver_batch_equals_stream(h, x, n, 3, 77, 501, 3), 1);
        calfpump_destroy(h);
        free(x);
    }
}

/* ---- immobility ------------------------------------------------------------------------------ */

#define IMMOBILE_RATE_HZ 20.0

/* Writes a walk of `seconds` from frame `at` into x (3 channels): the rest of x is stillness
 * (gravity on z and noise) written by the caller. */
static void put_walk(float *x, size_t at, double seconds, uint64_t seed)
{
    synth_walk w = synth_default(IMMOBILE_RATE_HZ, 3, seconds);
    w.seed = seed;
    const size_t n = (size_t)(seconds * IMMOBILE_RATE_HZ);
    synth_fill(&w, x + 3 * at, n);
}

/* n frames of a sensor lying still, gravity on z, with +-0.01 g noise. */
static float *still(size_t n, uint64_t seed)
{
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    uint64_t st = seed;
    for (size_t i = 0; i < n; i++) {
        x[3 * i] = (float)(0.01 * synth_uniform(&st));
        x[3 * i + 1] = (float)(0.01 * synth_uniform(&st));
        x[3 * i + 2] = (float)(1.0 + 0.01 * synth_uniform(&st));
    }
    return x;
}

/* A 3-hour recording streamed second by second: walks of 2 min at 0, 50 and 160 min. Every
 * alert is exactly k x 30 min after the last activation before it, with no activation in
 * between; the stretches 2..50 min (1 alert) and 52..160 min (3 alerts) give their alerts and a
 * break at the first activation after them, the last 18 minutes none. Each alert is polled no
 * later than the decision latency (plus a second of chunking) after its time. Streaming ==
 * batch. */
static void test_immobility_alerts(void **state)
{
    (void)state;
    const double hour = 3600.0, walks[3] = {0.0, 50 * 60.0, 160 * 60.0};
    const size_t n = (size_t)(3 * hour * IMMOBILE_RATE_HZ), chunk = (size_t)IMMOBILE_RATE_HZ;
    float *x = still(n, 11);
    for (int i = 0; i < 3; i++)
        put_walk(x, (size_t)(walks[i] * IMMOBILE_RATE_HZ), 120.0, (uint64_t)i + 1);
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    cfg.sample_rate_hz = IMMOBILE_RATE_HZ;
    cfg.placement = CALFPUMP_PLACEMENT_LOWER_BACK;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    results s = {0};
    double polled_at[16];
    size_t seen = 0;
    for (size_t off = 0; off < n; off += chunk) {
        driver_push(h, x + 3 * off, chunk < n - off ? chunk : n - off, 3, 16, &s);
        for (; seen < s.n_immob && seen < 16; seen++)
            polled_at[seen] = (double)(off + chunk) / IMMOBILE_RATE_HZ;
    }
    driver_finish(h, 16, &s);
    calfpump_exercise_summary e;
    assert_int_equal(calfpump_get_exercise_summary(h, &e, sizeof e), CALFPUMP_OK);

    int alerts = 0, breaks = 0;
    for (size_t i = 0; i < s.n_immob; i++) {
        const calfpump_immobility *m = &s.immob[i];
        /* The last activation at or before the alert is its start; none lies in between. */
        double last = 0.0, next = INFINITY;
        for (size_t k = 0; k < s.n_act; k++) {
            if (s.act[k].t <= m->t && s.act[k].t > last)
                last = s.act[k].t;
            if (s.act[k].t > m->start && s.act[k].t < next)
                next = s.act[k].t;
        }
        assert_true(m->start == last || m->kind == CALFPUMP_IMMOBILITY_BREAK);
        if (m->kind == CALFPUMP_IMMOBILITY_ALERT) {
            alerts++;
            assert_true(fabs(m->t - m->start - m->alerts * cfg.immobility_s) < 1e-6);
            assert_true(next > m->t);
            assert_true(i < 16 && polled_at[i] <= m->t + e.decision_latency_s + 1.0);
            printf("alert %u at %.3f s: %.3f s after the last activation at %.3f s, polled at "
                   "%.0f s\n", m->alerts, m->t, m->t - m->start, m->start, polled_at[i]);
        } else {
            assert_int_equal(m->kind, CALFPUMP_IMMOBILITY_BREAK);
            breaks++;
            assert_true(m->t == next && m->duration_s >= cfg.immobility_s);
        }
    }
    assert_int_equal(alerts, 4);
    assert_int_equal(breaks, 2);
    /* Alerts at walk end + k x 30 min, give or take the walk's last steps. */
    const double first_alert = walks[0] + 120.0 + 1800.0, fourth = walks[1] + 120.0 + 5400.0;
    assert_true(fabs(s.immob[0].t - first_alert) < 3.0);
    assert_true(fabs(s.immob[4].t - fourth) < 3.0);
    assert_int_equal(e.immobility_alerts, 4);
    assert_int_equal(e.immobility_stretches, 2);
    assert_int_equal(s.n_bout, 3);
    driver_expect_activity(&s, CALFPUMP_ACTIVITY_WALKING);

    results b = {0};
    assert_int_equal(driver_batch(h, x, n, &b), CALFPUMP_OK);
    char why[256];
    assert_false(results_differ(&b, &s, why, sizeof why));
    calfpump_destroy(h);
    results_free(&s);
    results_free(&b);
    free(x);
}

/* An immobility alert is never given while exercises go on: a 40-minute recording of pumps
 * with a 10-minute pause, immobility threshold 5 min: alerts only inside the pause. */
static void test_no_alert_during_exercise(void **state)
{
    (void)state;
    movement a = make_movement(MOVE_PUMPS_SEATED, PLACE_INSTEP, 30, 15 * 60.0, 1);
    a.start_s = 0.0;
    const size_t n = (size_t)(40 * 60 * RATE_HZ), pause_end = (size_t)(25 * 60 * RATE_HZ);
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    move_fill(&a, x, n); /* pumps 0..15 min, then still */
    movement b = a;
    b.end_s = 15 * 60.0;
    move_fill(&b, x + 3 * pause_end, n - pause_end); /* pumps 25..40 min */
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    cfg.sample_rate_hz = RATE_HZ;
    cfg.placement = CALFPUMP_PLACEMENT_FOOT;
    cfg.immobility_s = 300.0f;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    results r = {0};
    assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
    assert_int_equal(r.n_session, 2);
    size_t alerts = 0;
    for (size_t i = 0; i < r.n_immob; i++) {
        const calfpump_immobility *m = &r.immob[i];
        /* The break comes at the first rise; the session begins with that pump's cycle. */
        assert_true(m->start >= r.session[0].end - 1e-9 &&
                    m->t <= r.session[1].start + 60.0 / a.per_min + 1e-9);
        alerts += m->kind == CALFPUMP_IMMOBILITY_ALERT;
    }
    assert_int_equal(alerts, 1); /* the pause is 10 min minus a period: one 5-min alert */
    calfpump_destroy(h);
    results_free(&r);
    free(x);
}

/* ---- posture and days ------------------------------------------------------------------------ */

/* A shank sensor (up axis +z) held at a tilt from upright, deg, from frame `at` for n frames. */
static void put_tilt(float *x, size_t at, size_t n, double tilt_deg, uint64_t seed)
{
    uint64_t st = seed;
    for (size_t i = at; i < at + n; i++) {
        x[3 * i] = (float)(-sin(tilt_deg * MOVE_DEG) + 0.01 * synth_uniform(&st));
        x[3 * i + 1] = (float)(0.01 * synth_uniform(&st));
        x[3 * i + 2] = (float)(cos(tilt_deg * MOVE_DEG) + 0.01 * synth_uniform(&st));
    }
}

/* Upright 5 min, legs up (125 deg) 20 min, lying flat 5 min, upright 5 min: four episodes, one
 * elevation episode of 20 min, minutes per class. */
static void test_posture_elevation(void **state)
{
    (void)state;
    const double rate = 20.0, minutes[4] = {5, 20, 5, 5}, tilt[4] = {5, 125, 88, 10};
    const int want[4] = {CALFPUMP_POSTURE_DEPENDENT, CALFPUMP_POSTURE_ELEVATED,
                         CALFPUMP_POSTURE_HORIZONTAL, CALFPUMP_POSTURE_DEPENDENT};
    const size_t n = (size_t)(35 * 60 * rate);
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    size_t at = 0;
    for (int i = 0; i < 4; i++) {
        const size_t k = (size_t)(minutes[i] * 60 * rate);
        put_tilt(x, at, k, tilt[i], (uint64_t)i + 3);
        at += k;
    }
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    cfg.sample_rate_hz = rate;
    cfg.placement = CALFPUMP_PLACEMENT_SHANK;
    cfg.up_axis = 3;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    results r = {0};
    assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
    assert_int_equal(r.n_posture, 4);
    double edge = 0.0;
    for (int i = 0; i < 4; i++) {
        const calfpump_posture *p = &r.posture[i];
        assert_int_equal(p->posture, want[i]);
        assert_true(fabs(p->tilt_deg - tilt[i]) < 2.0);
        assert_int_equal(p->elevation, i == 1);
        /* Each change is found within the settling time (10 s) and the 1 s smoothing. */
        if (i > 0)
            assert_true(p->start - edge >= 0.0 && p->start - edge <= 12.0);
        edge += minutes[i] * 60.0;
    }
    assert_int_equal(r.exercise.elevation_episodes, 1);
    assert_true(fabs(r.exercise.posture_min[CALFPUMP_POSTURE_ELEVATED] - 20.0) < 0.3);
    assert_true(fabs(r.exercise.posture_min[CALFPUMP_POSTURE_DEPENDENT] - 10.0) < 0.3);
    assert_int_equal(r.n_day, 1);
    assert_true(fabs(r.day[0].elevated_min - r.posture[1].end / 60.0 +
                     r.posture[1].start / 60.0) < 1e-3);
    calfpump_destroy(h);
    results_free(&r);
    free(x);
}

/* 26 hours at 10 Hz with midnight 2 h in: 20 min of walking on day 0, 30 min on day 1, and a
 * walk across midnight split between them; per week that is > 150 min. */
static void test_days_and_week(void **state)
{
    (void)state;
    const double rate = 10.0;
    const size_t n = (size_t)(26 * 3600 * rate);
    float *x = still(n, 5);
    const double starts[3] = {3600.0, 7200.0 - 300.0, 5 * 3600.0};
    const double lengths[3] = {20 * 60.0, 600.0, 30 * 60.0};
    for (int i = 0; i < 3; i++) {
        synth_walk w = synth_default(rate, 3, lengths[i]);
        w.seed = (uint64_t)i + 7;
        synth_fill(&w, x + 3 * (size_t)(starts[i] * rate), (size_t)(lengths[i] * rate));
    }
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    cfg.sample_rate_hz = rate;
    cfg.placement = CALFPUMP_PLACEMENT_LOWER_BACK;
    cfg.hop_s = 1.0f;
    cfg.day_offset_s = 22 * 3600.0f;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    results r = {0};
    assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
    assert_int_equal(r.n_day, 2);
    printf("days: %.2f and %.2f walking minutes (generated 25 and 35), %.1f per week\n",
           r.day[0].walking_min, r.day[1].walking_min, r.exercise.walking_min_per_week);
    assert_int_equal(r.day[0].day, 0);
    assert_true(fabs(r.day[0].covered_s - 7200.0) < 0.5);
    assert_true(fabs(r.day[1].covered_s - 24 * 3600.0) < 0.5);
    assert_true(fabs(r.day[0].walking_min - 25.0) < 0.5);
    assert_true(fabs(r.day[1].walking_min - 35.0) < 0.5);
    assert_true(fabs(r.exercise.walking_min - (r.day[0].walking_min + r.day[1].walking_min)) <
                1e-2);
    const double week = r.exercise.walking_min * 7.0 / (26.0 / 24.0);
    assert_true(fabs(r.exercise.walking_min_per_week - week) < 1e-6);
    assert_int_equal(r.exercise.walking_target_met, 1);
    /* Under a day no weekly figure is given. */
    results s = {0};
    assert_int_equal(driver_batch(h, x, (size_t)(6 * 3600 * rate), &s), CALFPUMP_OK);
    assert_true(s.exercise.walking_min_per_week == 0.0 && s.exercise.walking_target_met == 0);
    calfpump_destroy(h);
    /* 86400 s is the midnight the first frame falls on: its day starts there, as at 0 (it had
     * made day 0 empty and put the first frame in day 1). */
    for (int k = 0; k < 2; k++) {
        cfg.day_offset_s = k ? 86400.0f : 0.0f;
        results d = {0};
        assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
        assert_int_equal(driver_batch(h, x, (size_t)(6 * 3600 * rate), &d), CALFPUMP_OK);
        assert_int_equal(d.n_day, 1);
        assert_int_equal(d.day[0].day, 0);
        assert_true(fabs(d.day[0].covered_s - 6 * 3600.0) < 0.5);
        calfpump_destroy(h);
        results_free(&d);
    }
    results_free(&r);
    results_free(&s);
    free(x);
}

/* ---- config versions ------------------------------------------------------------------------- */

/* A version-2 caller (struct up to emg_reference, padded) still works, without analytics (its
 * fields beyond the struct are never read); bad analytics values are CALFPUMP_E_ARG; the exercise summary copies only what the
 * caller's struct holds. */
static void test_config_versions(void **state)
{
    (void)state;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.analytics = 1;
    assert_int_equal(cfg.version, CALFPUMP_CONFIG_VERSION);
    assert_true(cfg.immobility_s == 1800.0f && cfg.session_min_s == 120.0f &&
                cfg.session_min_per_min == 50.0f && cfg.elevation_min_s == 900.0f &&
                cfg.up_axis == 0 && cfg.day_offset_s == 0.0f);
    const size_t v2 = (offsetof(calfpump_config, emg_reference) + sizeof(float) +
                       _Alignof(calfpump_config) - 1) / _Alignof(calfpump_config) *
                      _Alignof(calfpump_config);
    calfpump_config old = cfg;
    old.version = 2;
    old.struct_size = (uint32_t)v2;
    old.up_axis = 99; /* beyond a version-2 struct: never read */
    old.placement = CALFPUMP_PLACEMENT_FOOT;
    calfpump *h = NULL;
    assert_int_equal(calfpump_create(&old, &h), CALFPUMP_OK);
    /* A version-2 caller never polls the analytics' queues: they stay empty. */
    movement m = make_movement(MOVE_PUMPS_SEATED, PLACE_INSTEP, 60, 150.0, 2);
    const size_t n = (size_t)((m.end_s + LEAD_S) * m.rate_hz);
    float *x = malloc(sizeof(float) * 3 * n);
    assert_non_null(x);
    move_fill(&m, x, n);
    results r = {0};
    assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
    assert_int_equal(r.n_session + r.n_day + r.exercise.pumps, 0);
    assert_true(r.summary.activations > 0); /* the analysis itself ran */
    calfpump_destroy(h);
    results_free(&r);
    old.version = 3;
    old.struct_size = sizeof old;
    old.up_axis = 3;
    assert_int_equal(calfpump_create(&old, &h), CALFPUMP_OK);
    assert_int_equal(driver_batch(h, x, n, &r), CALFPUMP_OK);
    assert_int_equal(r.n_session, 1);
    calfpump_destroy(h);
    results_free(&r);
    free(x);
    old.version = 2;
    old.struct_size = (uint32_t)v2 + 8;
    assert_int_equal(calfpump_create(&old, &h), CALFPUMP_E_VERSION);
    struct {
        const char *name;
        calfpump_config c;
    } bad[6];
    for (int i = 0; i < 6; i++)
        bad[i].c = cfg;
    bad[0].c.up_axis = 4;
    bad[1].c.up_axis = -4;
    bad[2].c.immobility_s = 59.0f;
    bad[3].c.session_min_per_min = NAN;
    bad[4].c.elevation_min_s = 5.0f;
    bad[5].c.day_offset_s = 86401.0f;
    for (int i = 0; i < 6; i++) {
        assert_int_equal(calfpump_create(&bad[i].c, &h), CALFPUMP_E_ARG);
        assert_int_equal(calfpump_get_size(&bad[i].c), 0);
    }
    assert_int_equal(calfpump_create(&cfg, &h), CALFPUMP_OK);
    calfpump_exercise_summary e;
    memset(&e, 0xAB, sizeof e);
    assert_int_equal(calfpump_get_exercise_summary(h, &e, offsetof(calfpump_exercise_summary,
                                                                   pumps)), CALFPUMP_OK);
    assert_true(e.walking_min == 0.0 && e.pump_min == 0.0);
    assert_int_equal(e.pumps, 0xABABABABu); /* beyond the given size: untouched */
    assert_int_equal(calfpump_get_exercise_summary(NULL, &e, sizeof e), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_get_exercise_summary(h, NULL, sizeof e), CALFPUMP_E_NULL);
    size_t got = 1;
    assert_int_equal(calfpump_poll_sessions(NULL, NULL, 0, &got), CALFPUMP_E_NULL);
    assert_int_equal(got, 0);
    assert_int_equal(calfpump_poll_days(h, NULL, 4, &got), CALFPUMP_E_NULL);
    assert_int_equal(calfpump_poll_days(h, NULL, 0, NULL), CALFPUMP_E_NULL);
    calfpump_destroy(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pumps_rates_places),
        cmocka_unit_test(test_heel_raises),
        cmocka_unit_test(test_heel_raise_reps),
        cmocka_unit_test(test_pumps_two_minutes),
        cmocka_unit_test(test_after_posture_change),
        cmocka_unit_test(test_shank_sees_no_pumps),
        cmocka_unit_test(test_huge_frame),
        cmocka_unit_test(test_stream_equals_batch),
        cmocka_unit_test(test_immobility_alerts),
        cmocka_unit_test(test_no_alert_during_exercise),
        cmocka_unit_test(test_posture_elevation),
        cmocka_unit_test(test_days_and_week),
        cmocka_unit_test(test_config_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
