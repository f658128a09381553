/* FFT backend (whichever one this build was configured with): forward and inverse real
 * transforms against a direct DFT in double, out of place and in place, for every size the
 * library can plan, and the version string naming the backend. */
#include "calfpump.h"
#include "fft.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAX_N 2048
#define PI 3.14159265358979323846

/* 64-byte aligned float buffer from the heap (what the handle's arena gives the backend). */
static float *aligned_floats(size_t n)
{
    void *p = NULL;
    size_t bytes = (sizeof(float) * n + 63) / 64 * 64;
    p = aligned_alloc(64, bytes);
    assert_non_null(p);
    return p;
}

static void test_against_dft(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    /* 16..2048: the smallest size make_plan starts from up to the largest a 30 s window at
     * 25 Hz needs. */
    for (int n = 16; n <= MAX_N; n *= 2) {
        void *mem = aligned_alloc(64, (fft_size(n) + 63) / 64 * 64);
        assert_non_null(mem);
        fft *f = fft_init(mem, n);
        assert_non_null(f);
        float *x = aligned_floats((size_t)n + 2), *spec = aligned_floats((size_t)n + 2),
              *back = aligned_floats((size_t)n + 2);
        double scale = 0.0;
        for (int i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            x[i] = (float)((double)(seed >> 11) / 9007199254740992.0 - 0.5);
            scale += fabs(x[i]);
        }
        fft_forward(f, x, spec);
        for (int k = 0; k <= n / 2; k++) {
            double re = 0.0, im = 0.0;
            for (int i = 0; i < n; i++) {
                double a = -2.0 * PI * (double)k * i / n;
                re += x[i] * cos(a);
                im += x[i] * sin(a);
            }
            assert_float_equal(spec[2 * k], re, 1e-5 * scale);
            assert_float_equal(spec[2 * k + 1], im, 1e-5 * scale);
        }
        fft_inverse(f, spec, back);
        for (int i = 0; i < n; i++)
            assert_float_equal(back[i] / n, x[i], 1e-5);
        /* In place (how the cadence stage uses it): the same numbers as out of place. */
        memcpy(back, x, sizeof(float) * (size_t)n);
        fft_forward(f, back, back);
        for (int k = 0; k < n + 2; k++)
            assert_float_equal(back[k], spec[k], 1e-6 * scale);
        fft_inverse(f, back, back);
        for (int i = 0; i < n; i++)
            assert_float_equal(back[i] / n, x[i], 1e-5);
        fft_deinit(f);
        free(x);
        free(spec);
        free(back);
        free(mem);
    }
}

static void test_version_names_backend(void **state)
{
    (void)state;
    char want[64];
    snprintf(want, sizeof want, "(fft: %s)", fft_backend_name());
    assert_non_null(strstr(calfpump_version(), want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_dft),
        cmocka_unit_test(test_version_names_backend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
