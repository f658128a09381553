/*
 * Drives libcalfpump through its public API the two ways a user can: batch (calfpump_analyze) and
 * streaming (push in chunks, poll with small arrays, handle CALFPUMP_E_QUEUE_FULL, flush), and
 * collects what came back so that runs can be compared exactly. Header only; shared by the API
 * tests and the fuzzers.
 *
 * The includer defines DRIVER_CHECK(cond): what to do when the library breaks its contract
 * (a cmocka assertion in the tests, abort() in the fuzzers).
 */
#ifndef CALFPUMP_TESTS_DRIVER_H
#define CALFPUMP_TESTS_DRIVER_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calfpump.h"
#include "synth.h"

#ifndef DRIVER_CHECK
#error "define DRIVER_CHECK(cond) before including driver.h"
#endif

/* The largest poll array the driver uses. */
#define DRIVER_MAX_POLL 16

typedef struct results {
    calfpump_activation *act;
    size_t n_act;
    calfpump_cadence *cad;
    size_t n_cad;
    calfpump_bout *bout;
    size_t n_bout;
    calfpump_burst *burst; /* EMG */
    size_t n_burst;
    calfpump_summary summary;
} results;

static inline void *results_append(void *vec, size_t *n, const void *src, size_t k, size_t elem)
{
    if (!k)
        return vec;
    void *q = realloc(vec, (*n + k) * elem);
    DRIVER_CHECK(q != NULL);
    memcpy((char *)q + *n * elem, src, k * elem);
    *n += k;
    return q;
}

static inline void results_free(results *r)
{
    free(r->act);
    free(r->cad);
    free(r->bout);
    free(r->burst);
    memset(r, 0, sizeof *r);
}

/* Poll one queue empty with arrays of `cap` entries; MORE must mean "the array is full". */
#define DRIVER_DRAIN(fn, type, h, cap, vec, n)                                                   \
    do {                                                                                         \
        type buf_[DRIVER_MAX_POLL];                                                              \
        int rc_;                                                                                 \
        DRIVER_CHECK((cap) <= DRIVER_MAX_POLL);                                                  \
        do {                                                                                     \
            size_t got_ = (size_t)-1;                                                            \
            rc_ = fn((h), buf_, (cap), &got_);                                                   \
            DRIVER_CHECK(rc_ == CALFPUMP_OK || rc_ == CALFPUMP_MORE);                            \
            DRIVER_CHECK(rc_ == CALFPUMP_OK ? got_ <= (cap) : got_ == (cap));                    \
            (vec) = results_append((vec), &(n), buf_, got_, sizeof(type));                       \
        } while (rc_ == CALFPUMP_MORE);                                                          \
    } while (0)

static inline void driver_drain(calfpump *h, size_t cap, results *r)
{
    DRIVER_DRAIN(calfpump_poll_activations, calfpump_activation, h, cap, r->act, r->n_act);
    DRIVER_DRAIN(calfpump_poll_cadence, calfpump_cadence, h, cap, r->cad, r->n_cad);
    DRIVER_DRAIN(calfpump_poll_bouts, calfpump_bout, h, cap, r->bout, r->n_bout);
    DRIVER_DRAIN(calfpump_poll_bursts, calfpump_burst, h, cap, r->burst, r->n_burst);
}

/* Everything in a calfpump_result, appended to `out`. */
static inline void driver_from_result(const calfpump_result *res, results *out)
{
    size_t k = 0;
    const void *p = calfpump_result_activations(res, &k);
    DRIVER_CHECK(p != NULL || k == 0);
    out->act = results_append(out->act, &out->n_act, p, k, sizeof *out->act);
    p = calfpump_result_cadence(res, &k);
    DRIVER_CHECK(p != NULL || k == 0);
    out->cad = results_append(out->cad, &out->n_cad, p, k, sizeof *out->cad);
    p = calfpump_result_bouts(res, &k);
    DRIVER_CHECK(p != NULL || k == 0);
    out->bout = results_append(out->bout, &out->n_bout, p, k, sizeof *out->bout);
    p = calfpump_result_bursts(res, &k);
    DRIVER_CHECK(p != NULL || k == 0);
    out->burst = results_append(out->burst, &out->n_burst, p, k, sizeof *out->burst);
    const calfpump_summary *s = calfpump_result_summary(res);
    DRIVER_CHECK(s != NULL);
    out->summary = *s;
}

/* Batch: calfpump_analyze on the handle; returns its status (results only on CALFPUMP_OK). */
static inline int driver_batch(calfpump *h, const float *x, size_t n, results *out)
{
    calfpump_result *res = NULL;
    const int rc = calfpump_analyze(h, x, n, &res);
    if (rc == CALFPUMP_OK) {
        DRIVER_CHECK(res != NULL);
        driver_from_result(res, out);
    }
    calfpump_result_free(res);
    return rc;
}

/* Push n frames, polling (arrays of poll_cap) after every push and pushing the rest while the
 * result queue is full. */
static inline void driver_push(calfpump *h, const float *x, size_t n, size_t channels,
                               size_t poll_cap, results *out)
{
    size_t done = 0;
    int stalls = 0;
    while (done < n) {
        size_t used = (size_t)-1;
        const int rc = calfpump_push(h, x + done * channels, n - done, &used);
        if (rc == CALFPUMP_E_QUEUE_FULL) {
            DRIVER_CHECK(used < n - done);
            /* The queues were drained before this push: no progress at all is a livelock. */
            stalls = used ? 0 : stalls + 1;
            DRIVER_CHECK(stalls < 3);
        } else {
            DRIVER_CHECK(rc == CALFPUMP_OK);
            DRIVER_CHECK(used == n - done);
        }
        done += used;
        driver_drain(h, poll_cap, out);
    }
}

/* Flush (polling while the queue is full), poll to the end, take the summary. */
static inline void driver_finish(calfpump *h, size_t poll_cap, results *out)
{
    int rc = calfpump_flush(h);
    for (int tries = 0; rc == CALFPUMP_E_QUEUE_FULL && tries < 100000; tries++) {
        driver_drain(h, poll_cap, out);
        rc = calfpump_flush(h);
    }
    DRIVER_CHECK(rc == CALFPUMP_OK);
    driver_drain(h, poll_cap, out);
    DRIVER_CHECK(calfpump_get_summary(h, &out->summary) == CALFPUMP_OK);
}

/* Stream n frames in pseudo-random chunks of 1..max_chunk (from seed), then finish. */
static inline void driver_stream(calfpump *h, const float *x, size_t n, size_t channels,
                                 uint64_t seed, size_t max_chunk, size_t poll_cap, results *out)
{
    uint64_t st = seed;
    size_t off = 0;
    while (off < n) {
        size_t chunk = 1 + (size_t)(synth_next(&st) % max_chunk);
        if (chunk > n - off)
            chunk = n - off;
        driver_push(h, x + off * channels, chunk, channels, poll_cap, out);
        off += chunk;
    }
    driver_finish(h, poll_cap, out);
}

static inline int driver_same_f(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* 0 when a and b are exactly the same (field by field); else 1 and a description in why. */
static inline int results_differ(const results *a, const results *b, char *why, size_t len)
{
    if (a->n_act != b->n_act || a->n_cad != b->n_cad || a->n_bout != b->n_bout) {
        snprintf(why, len, "counts differ: activations %zu/%zu, cadence %zu/%zu, bouts %zu/%zu",
                 a->n_act, b->n_act, a->n_cad, b->n_cad, a->n_bout, b->n_bout);
        return 1;
    }
    for (size_t i = 0; i < a->n_act; i++) {
        const calfpump_activation *p = &a->act[i], *q = &b->act[i];
        if (!driver_same_f(p->t, q->t) || !driver_same_f(p->period_s, q->period_s) ||
            !driver_same_f(p->strength_g, q->strength_g) || p->kind != q->kind ||
            p->side != q->side) {
            snprintf(why, len, "activation %zu differs: t %.9g/%.9g", i, p->t, q->t);
            return 1;
        }
    }
    for (size_t i = 0; i < a->n_cad; i++) {
        const calfpump_cadence *p = &a->cad[i], *q = &b->cad[i];
        if (!driver_same_f(p->t, q->t) || !driver_same_f(p->per_min, q->per_min) ||
            !driver_same_f(p->steps_per_min, q->steps_per_min) ||
            !driver_same_f(p->confidence, q->confidence) ||
            !driver_same_f(p->amplitude_g, q->amplitude_g) || p->rhythmic != q->rhythmic) {
            snprintf(why, len, "cadence window %zu differs: t %.9g/%.9g per_min %.9g/%.9g", i,
                     p->t, q->t, p->per_min, q->per_min);
            return 1;
        }
    }
    for (size_t i = 0; i < a->n_bout; i++) {
        const calfpump_bout *p = &a->bout[i], *q = &b->bout[i];
        if (!driver_same_f(p->start, q->start) || !driver_same_f(p->end, q->end) ||
            p->activations != q->activations ||
            !driver_same_f(p->cadence_per_min, q->cadence_per_min) ||
            !driver_same_f(p->steps_per_min, q->steps_per_min) || p->kind != q->kind) {
            snprintf(why, len, "bout %zu differs: %.9g..%.9g / %.9g..%.9g", i, p->start, p->end,
                     q->start, q->end);
            return 1;
        }
    }
    if (a->n_burst != b->n_burst) {
        snprintf(why, len, "burst counts differ: %zu/%zu", a->n_burst, b->n_burst);
        return 1;
    }
    for (size_t i = 0; i < a->n_burst; i++) {
        const calfpump_burst *p = &a->burst[i], *q = &b->burst[i];
        if (!driver_same_f(p->onset, q->onset) || !driver_same_f(p->offset, q->offset) ||
            !driver_same_f(p->peak, q->peak) || !driver_same_f(p->mean, q->mean) ||
            !driver_same_f(p->peak_ref, q->peak_ref) || !driver_same_f(p->mean_ref, q->mean_ref) ||
            p->channel != q->channel || p->side != q->side) {
            snprintf(why, len, "burst %zu differs: %.9g..%.9g / %.9g..%.9g", i, p->onset,
                     p->offset, q->onset, q->offset);
            return 1;
        }
    }
    const calfpump_summary *s = &a->summary, *u = &b->summary;
    if (s->frames != u->frames || s->gap_frames != u->gap_frames ||
        s->activations != u->activations || s->steps != u->steps || s->bouts != u->bouts ||
        !driver_same_f(s->active_s, u->active_s) || !driver_same_f(s->duration_s, u->duration_s) ||
        !driver_same_f(s->mean_cadence_per_min, u->mean_cadence_per_min)) {
        snprintf(why, len, "summaries differ");
        return 1;
    }
    return 0;
}

#endif /* CALFPUMP_TESTS_DRIVER_H */
