/*
 * An application that uses FFTW itself: one thread plans and destroys FFTW transforms of its own
 * in a loop while another creates and destroys calfpump handles (FFTW backend only). FFTW's
 * planner is not thread-safe; a lock private to the library did not guard the application's
 * planning, and this aborted in FFTW ("double free or corruption") 10 runs out of 10. The library
 * now turns on FFTW's own planner lock, which every caller's planning goes through, at its first
 * handle: the application creates one before it plans in other threads (calfpump.h).
 * Exit status 0 when both loops ran to their end.
 */
#include <fftw3.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "calfpump.h"

#define HANDLES 2000

static atomic_int stop;

static void *app_plans(void *arg)
{
    long *plans = arg;
    float *in = fftwf_malloc(sizeof(float) * 4096);
    fftwf_complex *out = fftwf_malloc(sizeof(fftwf_complex) * 4096);
    for (int n = 100; !atomic_load(&stop); n = n % 4000 + 37) {
        fftwf_plan p = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
        if (!p)
            abort();
        fftwf_destroy_plan(p);
        ++*plans;
    }
    fftwf_free(in);
    fftwf_free(out);
    return NULL;
}

static int make_handle(int i)
{
    calfpump_config c;
    calfpump_config_init(&c);
    c.window_s = 4.0f + (float)(i % 27); /* FFT sizes vary: new plans */
    calfpump *h = NULL;
    const int st = calfpump_create(&c, &h);
    calfpump_destroy(h);
    return st;
}

int main(void)
{
    if (make_handle(0) != CALFPUMP_OK) /* the first handle, before the application's planning */
        return 1;
    long plans = 0;
    pthread_t app;
    if (pthread_create(&app, NULL, app_plans, &plans) != 0)
        return 1;
    int failed = 0;
    for (int i = 1; i <= HANDLES && !failed; i++)
        failed = make_handle(i) != CALFPUMP_OK;
    atomic_store(&stop, 1);
    pthread_join(app, NULL);
    printf("%d handles beside %ld plans of the application's own%s\n", HANDLES, plans,
           failed ? ": a create failed" : "");
    return failed || plans == 0;
}
