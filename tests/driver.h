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
    calfpump_session *session; /* exercise analytics */
    size_t n_session;
    calfpump_set *set;
    size_t n_set;
    calfpump_immobility *immob;
    size_t n_immob;
    calfpump_posture *posture;
    size_t n_posture;
    calfpump_day *day;
    size_t n_day;
    calfpump_activity *activity;
    size_t n_activity;
    calfpump_summary summary;
    calfpump_exercise_summary exercise;
} results;

/* Room for n records: the power of two at or above n (growing by doubling, days of small polls
 * copy each record a few times, not once per poll). */
static inline size_t results_room(size_t n)
{
    size_t room = 1;
    while (room < n)
        room *= 2;
    return n ? room : 0;
}

static inline void *results_append(void *vec, size_t *n, const void *src, size_t k, size_t elem)
{
    if (!k)
        return vec;
    void *q = vec;
    if (*n + k > results_room(*n)) {
        q = realloc(vec, results_room(*n + k) * elem);
        DRIVER_CHECK(q != NULL);
    }
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
    free(r->session);
    free(r->set);
    free(r->immob);
    free(r->posture);
    free(r->day);
    free(r->activity);
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
    DRIVER_DRAIN(calfpump_poll_sessions, calfpump_session, h, cap, r->session, r->n_session);
    DRIVER_DRAIN(calfpump_poll_sets, calfpump_set, h, cap, r->set, r->n_set);
    DRIVER_DRAIN(calfpump_poll_immobility, calfpump_immobility, h, cap, r->immob, r->n_immob);
    DRIVER_DRAIN(calfpump_poll_posture, calfpump_posture, h, cap, r->posture, r->n_posture);
    DRIVER_DRAIN(calfpump_poll_days, calfpump_day, h, cap, r->day, r->n_day);
    DRIVER_DRAIN(calfpump_poll_activity, calfpump_activity, h, cap, r->activity, r->n_activity);
}

/* One result array appended to vec (its pointer may be NULL only when it is empty). */
#define DRIVER_TAKE(getter, res, vec, n)                                                         \
    do {                                                                                         \
        size_t k_ = 0;                                                                           \
        const void *p_ = getter((res), &k_);                                                     \
        DRIVER_CHECK(p_ != NULL || k_ == 0);                                                     \
        (vec) = results_append((vec), &(n), p_, k_, sizeof *(vec));                              \
    } while (0)

/* Everything in a calfpump_result, appended to `out`. */
static inline void driver_from_result(const calfpump_result *res, results *out)
{
    DRIVER_TAKE(calfpump_result_activations, res, out->act, out->n_act);
    DRIVER_TAKE(calfpump_result_cadence, res, out->cad, out->n_cad);
    DRIVER_TAKE(calfpump_result_bouts, res, out->bout, out->n_bout);
    DRIVER_TAKE(calfpump_result_bursts, res, out->burst, out->n_burst);
    DRIVER_TAKE(calfpump_result_sessions, res, out->session, out->n_session);
    DRIVER_TAKE(calfpump_result_sets, res, out->set, out->n_set);
    DRIVER_TAKE(calfpump_result_immobility, res, out->immob, out->n_immob);
    DRIVER_TAKE(calfpump_result_posture, res, out->posture, out->n_posture);
    DRIVER_TAKE(calfpump_result_days, res, out->day, out->n_day);
    DRIVER_TAKE(calfpump_result_activity, res, out->activity, out->n_activity);
    const calfpump_summary *s = calfpump_result_summary(res);
    DRIVER_CHECK(s != NULL);
    out->summary = *s;
    const calfpump_exercise_summary *e = calfpump_result_exercise_summary(res);
    DRIVER_CHECK(e != NULL);
    out->exercise = *e;
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
    DRIVER_CHECK(calfpump_get_exercise_summary(h, &out->exercise, sizeof out->exercise) ==
                 CALFPUMP_OK);
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

/* Every bout of the cadence stage is classified `kind` (calfpump_activity_kind), in order;
 * the first that is not is printed. */
static inline void driver_expect_activity(const results *r, int kind)
{
    DRIVER_CHECK(r->n_activity == r->n_bout);
    for (size_t i = 0; i < r->n_activity; i++) {
        if (r->activity[i].kind != kind || r->activity[i].bout != i)
            fprintf(stderr, "bout %zu (%.1f-%.1f s, kind %d): activity %d of bout %u, "
                    "expected %d\n", i, r->bout[i].start, r->bout[i].end, r->bout[i].kind,
                    r->activity[i].kind, (unsigned)r->activity[i].bout, kind);
        DRIVER_CHECK(r->activity[i].bout == i);
        DRIVER_CHECK(r->activity[i].kind == kind);
    }
}

static inline int driver_same_f(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* The exercise analytics' records and totals of a and b: 0 when exactly the same. Every field
 * of these records is a double, float or 32-bit integer; they are compared as such (not with
 * memcmp: padding). */
static inline int analytics_differ(const results *a, const results *b, char *why, size_t len)
{
    if (a->n_session != b->n_session || a->n_set != b->n_set || a->n_immob != b->n_immob ||
        a->n_posture != b->n_posture || a->n_day != b->n_day ||
        a->n_activity != b->n_activity) {
        snprintf(why, len, "analytics counts differ: sessions %zu/%zu sets %zu/%zu immobility "
                 "%zu/%zu posture %zu/%zu days %zu/%zu", a->n_session, b->n_session, a->n_set,
                 b->n_set, a->n_immob, b->n_immob, a->n_posture, b->n_posture, a->n_day,
                 b->n_day);
        return 1;
    }
    for (size_t i = 0; i < a->n_session; i++) {
        const calfpump_session *p = &a->session[i], *q = &b->session[i];
        if (!driver_same_f(p->start, q->start) || !driver_same_f(p->end, q->end) ||
            p->pumps != q->pumps || !driver_same_f(p->per_min, q->per_min) ||
            !driver_same_f(p->range_deg, q->range_deg) || p->target_met != q->target_met) {
            snprintf(why, len, "session %zu differs", i);
            return 1;
        }
    }
    for (size_t i = 0; i < a->n_set; i++) {
        const calfpump_set *p = &a->set[i], *q = &b->set[i];
        if (!driver_same_f(p->start, q->start) || !driver_same_f(p->end, q->end) ||
            p->reps != q->reps || !driver_same_f(p->per_min, q->per_min) ||
            !driver_same_f(p->hold_s, q->hold_s) || !driver_same_f(p->range_deg, q->range_deg)) {
            snprintf(why, len, "set %zu differs", i);
            return 1;
        }
    }
    for (size_t i = 0; i < a->n_immob; i++) {
        const calfpump_immobility *p = &a->immob[i], *q = &b->immob[i];
        if (!driver_same_f(p->t, q->t) || !driver_same_f(p->start, q->start) ||
            !driver_same_f(p->duration_s, q->duration_s) || p->alerts != q->alerts ||
            p->kind != q->kind) {
            snprintf(why, len, "immobility %zu differs: t %.9g/%.9g", i, p->t, q->t);
            return 1;
        }
    }
    for (size_t i = 0; i < a->n_posture; i++) {
        const calfpump_posture *p = &a->posture[i], *q = &b->posture[i];
        if (!driver_same_f(p->start, q->start) || !driver_same_f(p->end, q->end) ||
            !driver_same_f(p->tilt_deg, q->tilt_deg) || p->posture != q->posture ||
            p->elevation != q->elevation) {
            snprintf(why, len, "posture %zu differs", i);
            return 1;
        }
    }
    for (size_t i = 0; i < a->n_day; i++) {
        const calfpump_day *p = &a->day[i], *q = &b->day[i];
        if (p->day != q->day || !driver_same_f(p->covered_s, q->covered_s) ||
            !driver_same_f(p->walking_min, q->walking_min) ||
            !driver_same_f(p->pump_min, q->pump_min) || p->pumps != q->pumps ||
            p->sessions_met != q->sessions_met || p->raises != q->raises || p->sets != q->sets ||
            p->immobility_alerts != q->immobility_alerts ||
            !driver_same_f(p->elevated_min, q->elevated_min)) {
            snprintf(why, len, "day %zu differs", i);
            return 1;
        }
    }
    for (size_t i = 0; i < a->n_activity; i++) {
        const calfpump_activity *p = &a->activity[i], *q = &b->activity[i];
        if (!driver_same_f(p->start, q->start) || !driver_same_f(p->end, q->end) ||
            p->bout != q->bout || p->kind != q->kind) {
            snprintf(why, len, "activity %zu differs", i);
            return 1;
        }
    }
    const calfpump_exercise_summary *s = &a->exercise, *u = &b->exercise;
    for (int i = 0; i < 4; i++)
        if (!driver_same_f(s->posture_min[i], u->posture_min[i])) {
            snprintf(why, len, "posture minutes differ");
            return 1;
        }
    if (!driver_same_f(s->walking_min, u->walking_min) || !driver_same_f(s->pump_min, u->pump_min) ||
        s->pumps != u->pumps || s->sessions != u->sessions || s->sessions_met != u->sessions_met ||
        s->raises != u->raises || s->sets != u->sets ||
        s->immobility_alerts != u->immobility_alerts ||
        s->immobility_stretches != u->immobility_stretches ||
        s->elevation_episodes != u->elevation_episodes || !driver_same_f(s->days, u->days) ||
        !driver_same_f(s->walking_min_per_week, u->walking_min_per_week) ||
        s->walking_target_met != u->walking_target_met) {
        snprintf(why, len, "exercise summaries differ");
        return 1;
    }
    return 0;
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
    if (analytics_differ(a, b, why, len))
        return 1;
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

/* Batch, reset, then stream in chunks (driver_stream's arguments): the two runs must be
 * identical (the first difference is printed). Returns the batch's sessions + sets. */
static inline size_t driver_batch_equals_stream(calfpump *h, const float *x, size_t n,
                                                size_t channels, uint64_t seed, size_t max_chunk,
                                                size_t poll_cap)
{
    results a = {0}, b = {0};
    DRIVER_CHECK(driver_batch(h, x, n, &a) == CALFPUMP_OK);
    DRIVER_CHECK(calfpump_reset(h) == CALFPUMP_OK);
    driver_stream(h, x, n, channels, seed, max_chunk, poll_cap, &b);
    char why[256];
    const int differ = results_differ(&a, &b, why, sizeof why);
    if (differ)
        fprintf(stderr, "%s\n", why);
    const size_t exercises = a.n_session + a.n_set;
    results_free(&a);
    results_free(&b);
    DRIVER_CHECK(!differ);
    return exercises;
}

#endif /* CALFPUMP_TESTS_DRIVER_H */
