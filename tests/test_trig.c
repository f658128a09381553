/*
 * Unit test of trig.h: cosine and sine over the angles the core uses, [-2 pi, 2 pi], against
 * libm's double-precision cos and sin: within 2.5e-7 everywhere, including both sides of each
 * fold (pi/4, pi/2, pi, 3 pi/2). Folding subtracts from pi or 2 pi in single precision, which
 * costs up to an ulp of them (2.4e-7) absolute: near -2 pi, sin is 1.7e-7 where we say 0.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "trig.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define TOL 2.5e-7
#define STEPS 200000

static void check(float x)
{
    const double ec = fabs((double)trig_cos(x) - cos((double)x));
    const double es = fabs((double)trig_sin(x) - sin((double)x));
    if (ec > TOL || es > TOL) {
        print_error("x = %.9g: cos error %.3g, sin error %.3g\n", (double)x, ec, es);
        fail();
    }
}

static void test_range(void **state)
{
    (void)state;
    const double span = 4.0 * M_PI;
    for (int i = 0; i <= STEPS; i++)
        check((float)(-2.0 * M_PI + span * i / STEPS));
}

static void test_folds(void **state)
{
    (void)state;
    for (int k = -8; k <= 8; k++) {
        const float at = (float)(k * M_PI / 4.0);
        check(at);
        check(nextafterf(at, -10.0f));
        check(nextafterf(at, 10.0f));
    }
    /* What the tables ask for: a Hann window and the FFT's quarter wave. */
    for (int m = 1; m <= 750; m++)
        check(2.0f * (float)M_PI * (float)(m - 1) / (float)m);
    assert_float_equal(trig_cos(0.0f), 1.0f, 0.0f);
    assert_float_equal(trig_sin(0.0f), 0.0f, 0.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_folds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
