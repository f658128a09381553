/*
 * Threads (calfpump.h's promise: no global mutable state, one handle per thread is safe, handles
 * may be created from several threads at once). Several threads start together and each drives
 * handles of its own through the whole public API: create, stream in chunks with polls, flush,
 * reset and stream again, batch analysis, and a handle in caller memory, for several rounds so
 * that creations and destructions overlap. Every thread's results must be exactly what the same
 * work gives on one thread. Meant for a -fsanitize=thread build (CALFPUMP_SANITIZE_THREAD), where
 * ThreadSanitizer reports any data race; without it the test still checks the results.
 * Exit status 0 when every thread got the single-threaded results.
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRIVER_CHECK(cond)                                                                       \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
            abort();                                                                             \
        }                                                                                        \
    } while (0)
#include "driver.h"

#define N_THREADS 4
#define ROUNDS 3

/* What one thread does, and what it got. */
typedef struct job {
    calfpump_config cfg;
    synth_walk walk;
    size_t n;
    float *x;
    results stream[ROUNDS], again[ROUNDS], batch[ROUNDS], caller[ROUNDS];
} job;

static pthread_barrier_t start;

/* Placements, rates and channel counts differ between threads, so that each plans its own FFT
 * sizes while the others run. */
static void job_init(job *j, int k)
{
    static const double rates[N_THREADS] = {100.0, 50.0, 128.0, 64.0};
    static const int channels[N_THREADS] = {3, 1, 3, 1};
    static const int placements[N_THREADS] = {CALFPUMP_PLACEMENT_LOWER_BACK,
                                              CALFPUMP_PLACEMENT_FOOT, CALFPUMP_PLACEMENT_WRIST,
                                              CALFPUMP_PLACEMENT_SHANK};
    memset(j, 0, sizeof *j);
    calfpump_config_init(&j->cfg);
    j->cfg.sample_rate_hz = rates[k];
    j->cfg.channels = channels[k];
    j->cfg.placement = placements[k];
    j->cfg.queue_capacity = 16; /* full queues: the overflow path runs in every thread */
    j->walk = synth_default(rates[k], channels[k], 280.0);
    j->walk.step_hz = 1.5 + 0.2 * k;
    j->walk.walk_start_s = 3.0;
    j->walk.seed = 100u + (uint64_t)k;
    j->n = (size_t)(300.0 * rates[k]);
    j->x = malloc(j->n * (size_t)channels[k] * sizeof *j->x);
    DRIVER_CHECK(j->x != NULL);
    synth_fill(&j->walk, j->x, j->n);
}

/* One round: stream, reset and stream again, batch on a second handle, then the same batch on
 * a handle in caller memory. */
static void run_round(job *j, int round)
{
    const size_t ch = (size_t)j->cfg.channels;
    calfpump *h = NULL, *g = NULL;
    DRIVER_CHECK(calfpump_create(&j->cfg, &h) == CALFPUMP_OK);
    DRIVER_CHECK(calfpump_create(&j->cfg, &g) == CALFPUMP_OK);
    driver_stream(h, j->x, j->n, ch, 7u + (uint64_t)round, 300, 4, &j->stream[round]);
    DRIVER_CHECK(calfpump_reset(h) == CALFPUMP_OK);
    driver_stream(h, j->x, j->n, ch, 1000u + (uint64_t)round, 4096, 16, &j->again[round]);
    DRIVER_CHECK(driver_batch(g, j->x, j->n, &j->batch[round]) == CALFPUMP_OK);
    calfpump_destroy(g);
    calfpump_destroy(h);

    const size_t size = calfpump_get_size(&j->cfg);
    void *mem = aligned_alloc(16, (size + 15) / 16 * 16);
    DRIVER_CHECK(size > 0 && mem != NULL);
    calfpump *m = NULL;
    DRIVER_CHECK(calfpump_init(mem, size, &j->cfg, &m) == CALFPUMP_OK);
    DRIVER_CHECK(driver_batch(m, j->x, j->n, &j->caller[round]) == CALFPUMP_OK);
    calfpump_deinit(m);
    free(mem);
}

static void job_free(job *j)
{
    for (int r = 0; r < ROUNDS; r++) {
        results_free(&j->stream[r]);
        results_free(&j->again[r]);
        results_free(&j->batch[r]);
        results_free(&j->caller[r]);
    }
    free(j->x);
}

static void *thread_main(void *arg)
{
    job *j = arg;
    pthread_barrier_wait(&start);
    for (int r = 0; r < ROUNDS; r++)
        run_round(j, r);
    return NULL;
}

static int expect_same(const char *what, int k, int round, const results *a, const results *b)
{
    char why[256];
    if (!results_differ(a, b, why, sizeof why))
        return 0;
    fprintf(stderr, "thread %d round %d, %s: %s\n", k, round, what, why);
    return 1;
}

int main(void)
{
    static job threaded[N_THREADS], alone[N_THREADS];
    pthread_t tid[N_THREADS];
    DRIVER_CHECK(pthread_barrier_init(&start, NULL, N_THREADS) == 0);
    for (int k = 0; k < N_THREADS; k++) {
        job_init(&threaded[k], k);
        DRIVER_CHECK(pthread_create(&tid[k], NULL, thread_main, &threaded[k]) == 0);
    }
    for (int k = 0; k < N_THREADS; k++)
        DRIVER_CHECK(pthread_join(tid[k], NULL) == 0);
    pthread_barrier_destroy(&start);

    /* The same work on this thread alone, one job after the other. */
    int failures = 0;
    for (int k = 0; k < N_THREADS; k++) {
        job_init(&alone[k], k);
        run_round(&alone[k], 0);
        const job *t = &threaded[k], *a = &alone[k];
        DRIVER_CHECK(a->batch[0].n_act > 0); /* the walk is found: the comparison means something */
        for (int r = 0; r < ROUNDS; r++) {
            failures += expect_same("stream", k, r, &t->stream[r], &a->stream[0]);
            failures += expect_same("stream after reset", k, r, &t->again[r], &a->again[0]);
            failures += expect_same("batch", k, r, &t->batch[r], &a->batch[0]);
            failures += expect_same("caller memory", k, r, &t->caller[r], &a->caller[0]);
        }
    }
    for (int k = 0; k < N_THREADS; k++) {
        job_free(&threaded[k]);
        job_free(&alone[k]);
    }
    if (failures) {
        fprintf(stderr, "%d comparisons differ\n", failures);
        return 1;
    }
    printf("%d threads x %d rounds: every result equals the single-threaded one\n", N_THREADS,
           ROUNDS);
    return 0;
}
