/* Batch analysis: the streaming path run over a whole buffer, its results collected into
 * growing arrays. This is the one part of the library that allocates after creation. */
#include "calfpump.h"

#include "handle.h"

#include <stdlib.h>

typedef struct array {
    void *data;
    size_t n, cap, record;
} array;

struct calfpump_result {
    array acts, windows, bouts, bursts, sessions, sets, immobility, posture, days, activity;
    calfpump_summary summary;
    calfpump_exercise_summary exercise;
};

typedef int (*poll_fn)(calfpump *, void *, size_t, size_t *);

/* Polls one queue empty into the array. */
static int drain(calfpump *h, poll_fn poll, array *a)
{
    int st;
    do {
        if (a->cap - a->n < 64) {
            size_t cap = a->cap ? 2 * a->cap : 256;
            void *p = realloc(a->data, cap * a->record);
            if (!p)
                return CALFPUMP_E_NOMEM;
            a->data = p;
            a->cap = cap;
        }
        size_t got;
        st = poll(h, (unsigned char *)a->data + a->n * a->record, a->cap - a->n, &got);
        a->n += got;
    } while (st == CALFPUMP_MORE);
    return st;
}

static int drain_all(calfpump *h, calfpump_result *r)
{
    int st = drain(h, (poll_fn)calfpump_poll_activations, &r->acts);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_cadence, &r->windows);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_bouts, &r->bouts);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_bursts, &r->bursts);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_sessions, &r->sessions);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_sets, &r->sets);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_immobility, &r->immobility);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_posture, &r->posture);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_days, &r->days);
    if (st == CALFPUMP_OK)
        st = drain(h, (poll_fn)calfpump_poll_activity, &r->activity);
    return st;
}

/* Push everything, then flush; whenever a queue fills, empty all of them and go on. */
static int run(calfpump *h, const float *frames, size_t n_frames, calfpump_result *r)
{
    const size_t ch = (size_t)handle_channels(h);
    size_t done = 0;
    int st;
    for (;;) {
        size_t used;
        /* No offset on an empty input's NULL pointer (undefined even when zero). */
        st = calfpump_push(h, done ? frames + done * ch : frames, n_frames - done, &used);
        done += used;
        if (st != CALFPUMP_E_QUEUE_FULL)
            break;
        if ((st = drain_all(h, r)) != CALFPUMP_OK)
            return st;
    }
    while (st == CALFPUMP_OK && (st = calfpump_flush(h)) == CALFPUMP_E_QUEUE_FULL)
        st = drain_all(h, r);
    if (st == CALFPUMP_OK)
        st = drain_all(h, r);
    if (st == CALFPUMP_OK)
        st = calfpump_get_summary(h, &r->summary);
    if (st == CALFPUMP_OK)
        st = calfpump_get_exercise_summary(h, &r->exercise, sizeof r->exercise);
    return st;
}

int calfpump_analyze(calfpump *h, const float *frames, size_t n_frames, calfpump_result **out)
{
    if (out)
        *out = NULL;
    if (!h || !out || (!frames && n_frames > 0))
        return CALFPUMP_E_NULL;
    calfpump_result *r = calloc(1, sizeof *r);
    if (!r)
        return CALFPUMP_E_NOMEM;
    r->acts.record = sizeof(calfpump_activation);
    r->windows.record = sizeof(calfpump_cadence);
    r->bouts.record = sizeof(calfpump_bout);
    r->bursts.record = sizeof(calfpump_burst);
    r->sessions.record = sizeof(calfpump_session);
    r->sets.record = sizeof(calfpump_set);
    r->immobility.record = sizeof(calfpump_immobility);
    r->posture.record = sizeof(calfpump_posture);
    r->days.record = sizeof(calfpump_day);
    r->activity.record = sizeof(calfpump_activity);
    int st = calfpump_reset(h);
    if (st == CALFPUMP_OK)
        st = run(h, frames, n_frames, r);
    if (st != CALFPUMP_OK) {
        calfpump_result_free(r);
        return st;
    }
    *out = r;
    return CALFPUMP_OK;
}

static const void *items(const calfpump_result *r, const array *a, size_t *n)
{
    if (n)
        *n = r ? a->n : 0;
    return r ? a->data : NULL;
}

const calfpump_activation *calfpump_result_activations(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->acts : NULL, n);
}

const calfpump_cadence *calfpump_result_cadence(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->windows : NULL, n);
}

const calfpump_bout *calfpump_result_bouts(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->bouts : NULL, n);
}

const calfpump_burst *calfpump_result_bursts(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->bursts : NULL, n);
}

const calfpump_session *calfpump_result_sessions(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->sessions : NULL, n);
}

const calfpump_set *calfpump_result_sets(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->sets : NULL, n);
}

const calfpump_immobility *calfpump_result_immobility(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->immobility : NULL, n);
}

const calfpump_posture *calfpump_result_posture(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->posture : NULL, n);
}

const calfpump_day *calfpump_result_days(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->days : NULL, n);
}

const calfpump_activity *calfpump_result_activity(const calfpump_result *r, size_t *n)
{
    return items(r, r ? &r->activity : NULL, n);
}

const calfpump_exercise_summary *calfpump_result_exercise_summary(const calfpump_result *r)
{
    return r ? &r->exercise : NULL;
}

const calfpump_summary *calfpump_result_summary(const calfpump_result *r)
{
    return r ? &r->summary : NULL;
}

void calfpump_result_free(calfpump_result *r)
{
    if (!r)
        return;
    free(r->acts.data);
    free(r->windows.data);
    free(r->bouts.data);
    free(r->bursts.data);
    free(r->sessions.data);
    free(r->sets.data);
    free(r->immobility.data);
    free(r->posture.data);
    free(r->days.data);
    free(r->activity.data);
    free(r);
}
