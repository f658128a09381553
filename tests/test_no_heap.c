/*
 * After creation the streaming path allocates nothing (the rule, and what firmware
 * relies on): this program replaces the C library's allocation functions with counting ones
 * (the executable's definitions take precedence over libc's for the library and the FFT
 * backend too), creates a handle, and counts every allocation made by push, poll, flush and
 * reset while a generated walk with stillness and a gap is streamed in uneven chunks, with the
 * exercise analytics on and off, for the accelerometer and EMG paths. Not built under the
 * sanitizers or run under valgrind: they bring their own allocators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calfpump.h"
#include "synth.h"

/* glibc's own entry points, which the replacements forward to. */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

static int counting;
static size_t allocations;

static void count(void)
{
    if (counting)
        allocations++;
}

void *malloc(size_t n)
{
    count();
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    count();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    count();
    return __libc_realloc(p, n);
}

void *memalign(size_t align, size_t n)
{
    count();
    return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    count();
    return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    count();
    void *p = __libc_memalign(align, n);
    if (!p)
        return 12; /* ENOMEM */
    *out = p;
    return 0;
}

void free(void *p)
{
    __libc_free(p);
}

#define RATE 100.0
#define SECONDS 600.0

/* Streams x (n frames of ch values) in chunks of 1..97 frames, polling every queue with small
 * arrays; returns the allocations counted inside the library calls, or (size_t)-1 on an error. */
static size_t stream(calfpump *h, const float *x, size_t n, int ch)
{
    calfpump_activation act[8];
    calfpump_cadence cad[8];
    calfpump_bout bout[8];
    calfpump_burst burst[8];
    calfpump_session ses[8];
    calfpump_set set[8];
    calfpump_immobility imm[8];
    calfpump_posture pos[8];
    calfpump_day day[8];
    calfpump_activity actv[8];
    size_t at = 0, k = 0, got;
    int st = CALFPUMP_OK, flushed = 0;
    allocations = 0;
    counting = 1;
    while (!flushed) {
        if (at < n) {
            size_t used = 0, len = 1 + (k++ * 37) % 97;
            if (len > n - at)
                len = n - at;
            st = calfpump_push(h, x + at * (size_t)ch, len, &used);
            at += used;
        } else {
            st = calfpump_flush(h);
            flushed = st == CALFPUMP_OK;
        }
        if (st != CALFPUMP_OK && st != CALFPUMP_E_QUEUE_FULL)
            break;
        do {
            size_t more = 0;
            calfpump_poll_activations(h, act, 8, &got), more += got;
            calfpump_poll_cadence(h, cad, 8, &got), more += got;
            calfpump_poll_bouts(h, bout, 8, &got), more += got;
            calfpump_poll_bursts(h, burst, 8, &got), more += got;
            calfpump_poll_sessions(h, ses, 8, &got), more += got;
            calfpump_poll_sets(h, set, 8, &got), more += got;
            calfpump_poll_immobility(h, imm, 8, &got), more += got;
            calfpump_poll_posture(h, pos, 8, &got), more += got;
            calfpump_poll_days(h, day, 8, &got), more += got;
            calfpump_poll_activity(h, actv, 8, &got), more += got;
            got = more;
        } while (got);
    }
    if (st == CALFPUMP_OK)
        st = calfpump_reset(h);
    counting = 0;
    return st == CALFPUMP_OK ? allocations : (size_t)-1;
}

static int check(const char *what, const calfpump_config *cfg, const float *x, size_t n)
{
    calfpump *h = NULL;
    if (calfpump_create(cfg, &h) != CALFPUMP_OK) {
        printf("FAIL %s: create\n", what);
        return 1;
    }
    const size_t got = stream(h, x, n, cfg->channels);
    calfpump_destroy(h);
    printf("%s %s: %zu allocations while streaming\n", got == 0 ? "ok  " : "FAIL", what, got);
    return got != 0;
}

int main(void)
{
    const size_t n = (size_t)(SECONDS * RATE);
    float *x = __libc_malloc(n * 3 * sizeof *x);
    if (!x)
        return 1;
    synth_walk w = synth_default(RATE, 3, SECONDS);
    w.walk_start_s = 60.0; /* stillness, a walk, stillness */
    w.walk_end_s = 400.0;
    synth_fill(&w, x, n);
    for (size_t i = 20000; i < 20050; i++) /* a gap */
        x[3 * i] = x[3 * i + 1] = x[3 * i + 2] = NAN;

    int failed = 0;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    cfg.sample_rate_hz = RATE;
    cfg.channels = 3;
    cfg.placement = CALFPUMP_PLACEMENT_LOWER_BACK;
    failed |= check("accelerometer, lower back", &cfg, x, n);
    cfg.analytics = 1;
    cfg.placement = CALFPUMP_PLACEMENT_SHANK;
    cfg.up_axis = 3;
    failed |= check("accelerometer, shank, analytics on", &cfg, x, n);

    /* EMG: the same samples as one channel at 1 kHz (the path does not care what they are). */
    calfpump_config_init(&cfg);
    cfg.signal = CALFPUMP_SIGNAL_EMG;
    cfg.sample_rate_hz = 1000.0;
    cfg.channels = 1;
    failed |= check("EMG", &cfg, x, n);
    cfg.analytics = 1;
    cfg.placement = CALFPUMP_PLACEMENT_SHANK;
    failed |= check("EMG, shank, analytics on", &cfg, x, n);
    __libc_free(x);
    return failed;
}
