/*
 * Unit tests of period-guided event placement (events.h): the maximum inside expected +-
 * tolerance * period is found (outside it only a peak its edge rises to, within half a period),
 * its strength is the maximum minus the minimum within half a period either side, sub-sample
 * refinement, and the [lo, hi) limits; a foot sensor's event at the maximum the stance follows.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "events.h"

#define CAP 256 /* ring capacity */

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct fixture {
    float value[CAP];
    uint8_t gap[CAP];
    float peak[CAP];
    float peak_off[CAP];
    ring r;
} fixture;

/* A ring holding n samples of f(i), absolute indices first..first+n-1. */
static void fill(fixture *fx, int64_t first, int n, double (*f)(double, const double *),
                 const double *arg)
{
    memset(fx->gap, 0, sizeof fx->gap);
    fx->r.value = fx->value;
    fx->r.gap = fx->gap;
    fx->r.cap = CAP;
    fx->r.peak = fx->r.peak_off = NULL;
    ring_restart(&fx->r, first);
    for (int i = 0; i < n; i++)
        ring_put(&fx->r, &(ring_sample){.value = (float)f((double)(first + i), arg)});
}

/* The event due at `expected` (a 20-sample period, +-30 %, the whole ring [0, 200)), which must
 * be found. */
static event_candidate found(const fixture *fx, double expected)
{
    event_candidate e;
    assert_int_equal(events_search(&fx->r, expected, 20.0f, 0.3f, 0, 200, 0, &e), 1);
    return e;
}

static double flat(double i, const double *arg)
{
    (void)i;
    return arg[0];
}

/* arg: peak position, height, curvature. */
static double parabola(double i, const double *arg)
{
    return arg[1] - arg[2] * (i - arg[0]) * (i - arg[0]);
}

/* arg: peak position, period, amplitude, offset. */
static double cosine(double i, const double *arg)
{
    return arg[3] + arg[2] * cos(2.0 * M_PI * (i - arg[0]) / arg[1]);
}

static void test_maximum_inside_tolerance(void **state)
{
    (void)state;
    static fixture fx;
    const double base = 1.0;
    fill(&fx, 0, 200, flat, &base);
    /* expected 100, period 20, tolerance 0.3: the search interval is [94, 106]. */
    fx.value[97] = 1.5f;  /* the one inside */
    fx.value[92] = 3.0f;  /* higher, but outside the tolerance (within the strength span) */
    fx.value[108] = 3.0f; /* likewise on the right */
    fx.value[111] = 0.2f; /* the lowest value within half a period of 97: 97 + 10 = 107 ... */
    fx.value[87] = 0.4f;  /* ... so this one (97 - 10) counts, 111 does not */
    event_candidate e;
    e = found(&fx, 100.0);
    /* 97 stands between equal neighbours: the parabola puts it exactly on the sample. */
    assert_true(e.pos == 97.0);
    assert_float_equal(e.strength, 1.5f - 0.4f, 1e-6);

    /* The interval edges are inclusive: a maximum at 94 or 106 is found, at 93 or 107 not. */
    fill(&fx, 0, 200, flat, &base);
    fx.value[94] = 2.0f;
    e = found(&fx, 100.0);
    assert_true(fabs(e.pos - 94.0) <= 0.5);
    fx.value[94] = 1.0f;
    fx.value[106] = 2.0f;
    e = found(&fx, 100.0);
    assert_true(fabs(e.pos - 106.0) <= 0.5);
    fx.value[106] = 1.0f;
    /* A maximum at an edge that rises beyond it is the flank of a peak just outside: it is
     * followed uphill to that peak (91 here, refined towards its higher neighbour, 92) ... */
    const float ramp[5] = {1.1f, 1.2f, 1.3f, 1.4f, 1.2f}; /* samples 94, 93, 92, 91, 90 */
    for (int i = 0; i < 5; i++)
        fx.value[94 - i] = ramp[i];
    e = found(&fx, 100.0);
    assert_true(e.pos > 91.0 && e.pos < 91.5);
    /* ... but no further than half a period from the due time (90): beyond, the neighbouring
     * activation's share begins. */
    fx.value[90] = 1.5f;
    fx.value[89] = 1.6f;
    e = found(&fx, 100.0);
    assert_true(e.pos == 90.0);
    fill(&fx, 0, 200, flat, &base);
    /* A maximum just outside beyond a falling edge is not followed. */
    fx.value[95] = 1.5f;
    fx.value[93] = 3.0f;
    fx.value[107] = 3.0f;
    e = found(&fx, 100.0);
    assert_true(e.pos == 95.0);

    /* A fractional expectation: ceil/floor of 100.4 -+ 6 = [95, 106]. */
    fill(&fx, 0, 200, flat, &base);
    fx.value[95] = 1.25f;
    e = found(&fx, 100.4);
    assert_true(fabs(e.pos - 95.0) <= 0.5);
    fx.value[95] = 1.0f;
    fx.value[94] = 1.25f;
    fx.value[100] = 1.1f; /* the maximum inside, away from the edges */
    e = found(&fx, 100.4);
    assert_true(e.pos == 100.0);
}

static void test_strength(void **state)
{
    (void)state;
    static fixture fx;
    /* A cosine of amplitude 0.3 g: the maximum minus the minimum over a whole period is 0.6. */
    const double arg[4] = {120.0, 16.0, 0.3, 1.0};
    fill(&fx, 40, 180, cosine, arg);
    event_candidate e;
    assert_int_equal(events_search(&fx.r, 118.0, 16.0f, 0.3f, 40, 220, 0, &e), 1);
    assert_float_equal(e.strength, 0.6f, 1e-5);
    assert_float_equal(e.pos, 120.0, 1e-3);
}

static void test_subsample_refinement(void **state)
{
    (void)state;
    static fixture fx;
    event_candidate e;
    for (int k = 0; k < 20; k++) {
        const double peak = 100.0 + 0.05 * k - 0.45; /* 99.55 .. 100.5 */
        /* A sampled parabola: the three-point vertex is exact. */
        const double par[3] = {peak, 2.0, 0.01};
        fill(&fx, 0, 200, parabola, par);
        e = found(&fx, 101.0);
        assert_float_equal(e.pos, peak, 1e-3);

        /* A sampled sinusoid, period 20 samples (a 1 Hz step rate at 20 Hz): within 0.1. */
        const double cs[4] = {peak, 20.0, 0.25, 1.0};
        fill(&fx, 0, 200, cosine, cs);
        e = found(&fx, 99.0);
        if (fabs(e.pos - peak) > 0.1) {
            print_error("peak %.3f found at %.3f\n", peak, e.pos);
            fail();
        }
        /* Also a short period (3.5 Hz at 20 Hz, 5.7 samples), where the parabola is rougher. */
        const double fast[4] = {peak, 20.0 / 3.5, 0.25, 1.0};
        fill(&fx, 0, 200, cosine, fast);
        assert_int_equal(events_search(&fx.r, 100.0, (float)fast[1], 0.3f, 0, 200, 0, &e), 1);
        if (fabs(e.pos - peak) > 0.1) {
            print_error("fast: peak %.3f found at %.3f\n", peak, e.pos);
            fail();
        }
    }

    /* Rising beyond the interval's edge and on past half a period: followed to 110, where the
     * maximum is still no peak, so no refinement (the parabola would place it beyond). */
    const double rising[3] = {120.0, 2.0, 0.01};
    fill(&fx, 0, 200, parabola, rising);
    e = found(&fx, 100.0);
    assert_true(e.pos == 110.0);
}

static void test_limits(void **state)
{
    (void)state;
    static fixture fx;
    const double arg[4] = {100.0, 20.0, 0.25, 1.0};
    /* The ring holds absolute indices 1000.. ; the search uses [a - half, b + half]:
     * expected 1100, period 20, tolerance 0.3: a = 1094, b = 1106, half = 10 -> [1084, 1116]. */
    fill(&fx, 1000, 200, cosine, arg);
    event_candidate e;
    assert_int_equal(events_search(&fx.r, 1100.0, 20.0f, 0.3f, 1084, 1117, 0, &e), 1);
    assert_int_equal(events_search(&fx.r, 1100.0, 20.0f, 0.3f, 1085, 1117, 0, &e), 0);
    assert_int_equal(events_search(&fx.r, 1100.0, 20.0f, 0.3f, 1084, 1116, 0, &e), 0);
    assert_int_equal(events_search(&fx.r, 1100.0, 20.0f, 0.3f, 1200, 1300, 0, &e), 0);
    /* An odd period: half = ceil(7.5) = 8; expected 1100, tolerance 0.2: a = 1097, b = 1103. */
    assert_int_equal(events_search(&fx.r, 1100.0, 15.0f, 0.2f, 1089, 1112, 0, &e), 1);
    assert_int_equal(events_search(&fx.r, 1100.0, 15.0f, 0.2f, 1090, 1112, 0, &e), 0);
    assert_int_equal(events_search(&fx.r, 1100.0, 15.0f, 0.2f, 1089, 1111, 0, &e), 0);
    /* A zero tolerance still searches the one sample at a whole expectation... */
    assert_int_equal(events_search(&fx.r, 1100.0, 20.0f, 0.0f, 1000, 1200, 0, &e), 1);
    assert_true(fabs(e.pos - 1100.0) <= 0.5);
    /* ... and none at a fractional one (b < a). */
    assert_int_equal(events_search(&fx.r, 1100.5, 20.0f, 0.0f, 1000, 1200, 0, &e), 0);

    /* At the input's start (at_start: lo is the first sample) a maximum less than half a period
     * in is found, its strength measured on what there is: peaks at 1006 + 20k, expected 1008:
     * a = 1002 needs 1002 - 10 = 992 otherwise. */
    static fixture start;
    const double early[4] = {1006.0, 20.0, 0.25, 1.0};
    fill(&start, 1000, 200, cosine, early);
    assert_int_equal(events_search(&start.r, 1008.0, 20.0f, 0.3f, 1000, 1200, 0, &e), 0);
    assert_int_equal(events_search(&start.r, 1008.0, 20.0f, 0.3f, 1000, 1200, 1, &e), 1);
    assert_true(fabs(e.pos - 1006.0) <= 0.01);
    assert_float_equal(e.strength, 0.5, 1e-3); /* down to the trough at 1016 */
    /* Never from the first sample itself (the time is refined with the sample before). */
    assert_int_equal(events_search(&start.r, 1004.0, 20.0f, 0.3f, 1000, 1200, 1, &e), 0);
}

/* A foot sensor's ring keeps impacts: the averaged signal peaks at push-off (sample 96), the
 * largest raw frame is the contact's spike (sample 103, a quarter sample after its centre). The
 * event goes to the spike, at its frame's time, with the spike's strength. */
static void test_impacts(void **state)
{
    (void)state;
    static fixture fx;
    const double base = 1.0;
    fill(&fx, 0, 200, flat, &base);
    for (int i = 0; i < CAP; i++) {
        fx.peak[i] = 1.2f;
        fx.peak_off[i] = 0.0f;
    }
    fx.value[96] = 3.5f;
    fx.peak[96] = 4.0f;
    fx.value[103] = 2.0f;
    fx.peak[103] = 12.0f;
    fx.peak_off[103] = 0.25f;
    event_candidate e;
    e = found(&fx, 100.0);
    assert_float_equal(e.pos, 96.0, 1e-6); /* without impacts: the average's maximum */
    fx.r.peak = fx.peak;
    fx.r.peak_off = fx.peak_off;
    e = found(&fx, 100.0);
    assert_float_equal(e.pos, 103.25, 1e-6);
    assert_float_equal(e.strength, 12.0f - 1.2f, 1e-5);
}

/* Below ~100 Hz a foot sensor's anti-aliased impact is no higher than push-off: the ring holds
 * push-off (sample 96, 3.5 g) above the contact (sample 103, 3 g), the peaks being the frames
 * themselves (one frame per sample). Push-off is followed by the swing and the landing, the
 * contact by the still stance: the event is the contact, where the analysis signal alone puts
 * it at push-off. */
static void test_contact_followed_by_stance(void **state)
{
    (void)state;
    static fixture fx;
    const double base = 1.0;
    fill(&fx, 0, 200, flat, &base);
    const float stride[8] = {3.5f, 1.8f, 0.6f, 1.2f, 2.0f, 2.6f, 2.8f, 3.0f}; /* 96 .. 103 */
    for (int i = 0; i < 8; i++)
        fx.value[96 + i] = stride[i];
    event_candidate e;
    e = found(&fx, 100.0);
    assert_true(e.pos < 97.0); /* the analysis signal's maximum, refined between 96 and 97 */
    memcpy(fx.peak, fx.value, sizeof fx.peak);
    memset(fx.peak_off, 0, sizeof fx.peak_off);
    fx.r.peak = fx.peak;
    fx.r.peak_off = fx.peak_off;
    e = found(&fx, 100.0);
    assert_float_equal(e.pos, 103.0, 1e-6);
    assert_float_equal(e.strength, 3.0f - 0.6f, 1e-6);
    /* The stance span ends half a period after the contact: the next push-off, beyond it, does
     * not count against the contact. */
    fx.value[114] = fx.peak[114] = 3.5f;
    e = found(&fx, 100.0);
    assert_float_equal(e.pos, 103.0, 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maximum_inside_tolerance),
        cmocka_unit_test(test_strength),
        cmocka_unit_test(test_subsample_refinement),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_impacts),
        cmocka_unit_test(test_contact_followed_by_stance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
