#include "analytics.h"

#include "activation_record.h"

#include <math.h>
#include <string.h>

void analytics_layout(analytics *a, arena *ar, const calfpump_config *c, size_t bout_reserve)
{
    const size_t capacity = c->queue_capacity < ANALYTICS_QUEUE_MAX ? c->queue_capacity
                                                                     : ANALYTICS_QUEUE_MAX;
    const size_t n = capacity + ANALYTICS_RESERVE;
    void *s = arena_take(ar, sizeof(calfpump_session) * n);
    void *t = arena_take(ar, sizeof(calfpump_set) * n);
    void *m = arena_take(ar, sizeof(calfpump_immobility) * n);
    void *p = arena_take(ar, sizeof(calfpump_posture) * n);
    void *d = arena_take(ar, sizeof(calfpump_day) * n);
    void *v = arena_take(ar, sizeof(calfpump_activity) * (n + bout_reserve));
    if (!ar->base)
        return;
    a->bout_reserve = bout_reserve;
    queue_setup(&a->sessions, s, sizeof(calfpump_session), n);
    queue_setup(&a->sets, t, sizeof(calfpump_set), n);
    queue_setup(&a->immobility_records, m, sizeof(calfpump_immobility), n);
    queue_setup(&a->postures, p, sizeof(calfpump_posture), n);
    queue_setup(&a->days, d, sizeof(calfpump_day), n);
    queue_setup(&a->activities, v, sizeof(calfpump_activity), n + bout_reserve);
}

void analytics_setup(analytics *a, const calfpump_config *c, double fs, double t_scale,
                     double t_offset, const ring *r)
{
    a->ring = r;
    a->t_scale = t_scale;
    a->t_offset = t_offset;
    /* The longest an activity waits to be decided: a bout's first activations wait for a
     * window, min_bout_s of rhythm and a few missed hops; an exercise bout's first reps for
     * EX_MIN_REPS reps of the slowest rate; 2 s margin. */
    a->latency = c->window_s + c->min_bout_s + 4.0 * c->hop_s + EX_MIN_REPS * EX_MAX_PERIOD_S +
                 2.0;
    posture_setup(&a->posture, c, fs, &a->postures);
    exercise_setup(&a->exercise, c, fs, a->posture.up, &a->sessions, &a->sets);
    a->per_sample = a->posture.classes || a->exercise.mode == EX_FOOT ||
                    a->exercise.mode == EX_SHANK;
    immobility_setup(&a->immobility, c->immobility_s, a->latency, &a->immobility_records);
    /* 86400 is the midnight the first frame falls on: the day starts there, as at 0 (taken as
     * the end of a day, it had made day 0 empty and numbered the first frame's day 1). */
    daily_setup(&a->daily, c->day_offset_s < 86400.0f ? c->day_offset_s : 0.0f, a->latency,
                &a->days);
}

void analytics_reset(analytics *a)
{
    queue_clear(&a->sessions);
    queue_clear(&a->sets);
    queue_clear(&a->immobility_records);
    queue_clear(&a->postures);
    queue_clear(&a->days);
    queue_clear(&a->activities);
    posture_reset(&a->posture);
    exercise_reset(&a->exercise);
    immobility_reset(&a->immobility);
    daily_reset(&a->daily);
    a->samples = 0;
    a->elevated_to = 0.0;
    a->scanned = 0;
    a->hop_n = a->hop_gaps = 0;
    a->gap_since = -1.0;
    a->gap_to = 0.0;
    a->seen_acts = a->seen_bouts = 0;
    a->n_walks = a->n_exercises = a->n_deferred = 0;
    a->held_head = a->held_n = 0;
}

int analytics_room(const analytics *a)
{
    return queue_free(&a->sessions) >= ANALYTICS_RESERVE &&
           queue_free(&a->sets) >= ANALYTICS_RESERVE &&
           queue_free(&a->immobility_records) >= ANALYTICS_RESERVE &&
           queue_free(&a->postures) >= ANALYTICS_RESERVE &&
           queue_free(&a->days) >= ANALYTICS_RESERVE &&
           queue_free(&a->activities) >= ANALYTICS_RESERVE + a->bout_reserve;
}

/* 1: an axis beyond +-ANALYTICS_MAX_G (or not finite): a corrupt frame, not a movement. */
static int corrupt(const float axis[3])
{
    return !(fabsf(axis[0]) <= ANALYTICS_MAX_G && fabsf(axis[1]) <= ANALYTICS_MAX_G &&
             fabsf(axis[2]) <= ANALYTICS_MAX_G);
}

void analytics_sample(analytics *a, const float axis[3], float magnitude)
{
    if (!a->per_sample)
        return;
    const double t = (double)a->samples++ * a->t_scale + a->t_offset;
    /* A corrupt sample is not the gravity direction: the posture and exercise filters, taken
     * off by it for minutes (or for good: Inf, NaN), hold it as a gap. */
    const int held = corrupt(axis);
    if (!held)
        posture_sample(&a->posture, t, axis);
    exercise_sample(&a->exercise, t, axis, magnitude, held);
    if (a->exercise.activity) {
        immobility_activity(&a->immobility, a->exercise.act_first);
        immobility_activity(&a->immobility, a->exercise.act_last);
    }
}

/* The records a stage committed since it had `seen` of them in total; `total` now. */
static const void *newest(queue *q, uint32_t total, uint32_t seen)
{
    return queue_committed_record(q, q->committed - (total - seen));
}

void analytics_activations(analytics *a, queue *acts, uint32_t total)
{
    for (; a->seen_acts != total; a->seen_acts++) {
        const activation_record *r = newest(acts, total, a->seen_acts);
        immobility_activity(&a->immobility, r->t);
    }
}

/* Remembers s among the recent spans; takes its overlap with each of the other kind's recent
 * spans out of the walking time (every pair once: when the later of the two arrives). */
static void add_span(analytics *a, span *mine, uint32_t *n_mine, const span *theirs,
                     uint32_t n_theirs, span s)
{
    mine[(*n_mine)++ % ANALYTICS_RECENT] = s;
    const uint32_t n = n_theirs < ANALYTICS_RECENT ? n_theirs : ANALYTICS_RECENT;
    for (uint32_t i = 0; i < n; i++) {
        const double lo = fmax(s.start, theirs[i].start), hi = fmin(s.end, theirs[i].end);
        if (hi > lo && theirs[i].kind != SPAN_DEFERRED) /* see take_deferred */
            daily_walking(&a->daily, lo, hi, -1);
    }
}

/* A walk while an exercise bout is open: its overlap from the bout's first rep on is taken out
 * when the bout closes (it may end as no session or set), however many walks come first. */
static void defer(analytics *a, double start, double end)
{
    if (a->n_deferred == ANALYTICS_RECENT) {
        span *d = a->deferred;
        d[1] = (span){d[0].start, d[1].end, SPAN_DEFERRED, d[0].walked + d[1].walked};
        memmove(d, d + 1, sizeof *d * --a->n_deferred);
    }
    a->deferred[a->n_deferred++] = (span){start, end, SPAN_DEFERRED, end - start};
}

/* The exercise bout [start, end] closed (kind EX_NONE: as neither session nor set): takes the
 * deferred walks' overlap with it out of the walking time. */
static void take_deferred(analytics *a, double start, double end, int kind)
{
    for (uint32_t i = 0; kind != EX_NONE && i < a->n_deferred; i++) {
        const span *d = &a->deferred[i];
        const double lo = fmax(d->start, start), hi = fmin(d->end, end);
        if (hi > lo)
            daily_walking(&a->daily, lo, hi, -d->walked / (d->end - d->start));
    }
    a->n_deferred = 0;
    for (uint32_t i = 0; i < ANALYTICS_RECENT; i++)
        a->walks[i].kind = 0;
}

/* The activity of a held bout from the recent exercise bouts: the one covering half of it or
 * more names it; else its cadence kind and the posture. */
static void decide(analytics *a, const held_bout *h)
{
    calfpump_activity rec = {.start = h->start, .end = h->end, .bout = h->index};
    rec.kind = h->kind != CALFPUMP_BOUT_EXERCISE && !h->lying ? CALFPUMP_ACTIVITY_WALKING
                                                             : CALFPUMP_ACTIVITY_OTHER;
    const uint32_t n = a->n_exercises < ANALYTICS_RECENT ? a->n_exercises : ANALYTICS_RECENT;
    for (uint32_t i = 0; i < n; i++) {
        const span *x = &a->exercises[i];
        if (2.0 * (fmin(h->end, x->end) - fmax(h->start, x->start)) >= h->end - h->start)
            rec.kind = x->kind == EX_PUMPS ? CALFPUMP_ACTIVITY_ANKLE_PUMPS
                                           : CALFPUMP_ACTIVITY_HEEL_RAISES;
    }
    queue_push(&a->activities, &rec);
    queue_commit(&a->activities);
}

static void decide_oldest(analytics *a)
{
    decide(a, &a->held[a->held_head]);
    a->held_head = (a->held_head + 1) % ANALYTICS_HELD;
    a->held_n--;
}

/* Decides the held bouts that no exercise bout still to come can overlap, while the queue has
 * room (all of them at the end of input). Returns 0 when the queue filled first. */
static int decide_held(analytics *a, double horizon, int all)
{
    const exercise *e = &a->exercise;
    while (a->held_n > 0) {
        const held_bout *h = &a->held[a->held_head];
        const int open = e->open && e->first < h->end;
        if (!all && (h->end > horizon || open))
            return 1;
        if (queue_free(&a->activities) <= 1) /* one kept for analytics_bouts */
            return 0;
        decide_oldest(a);
    }
    return 1;
}

/* Walking: a walking or running bout while the leg is not lying (when posture is known), less
 * the time of exercise bouts within it. Every bout is held for its activity. */
void analytics_bouts(analytics *a, queue *bouts, uint32_t total)
{
    const int lying = a->posture.cls == CALFPUMP_POSTURE_HORIZONTAL ||
                      a->posture.cls == CALFPUMP_POSTURE_ELEVATED;
    for (; a->seen_bouts != total; a->seen_bouts++) {
        const calfpump_bout *b = newest(bouts, total, a->seen_bouts);
        if (a->held_n == ANALYTICS_HELD)
            decide_oldest(a);
        a->held[(a->held_head + a->held_n++) % ANALYTICS_HELD] =
            (held_bout){b->start, b->end, a->seen_bouts, b->kind, lying};
        if (b->kind == CALFPUMP_BOUT_EXERCISE || lying)
            continue;
        daily_walking(&a->daily, b->start, b->end, 1);
        const exercise *e = &a->exercise;
        const int deferred = e->open && b->end > e->first;
        if (deferred)
            defer(a, fmax(b->start, e->first), b->end);
        add_span(a, a->walks, &a->n_walks, a->exercises, a->n_exercises,
                 (span){b->start, b->end, deferred ? SPAN_DEFERRED : 0, 0.0});
    }
}

/* Daily counts of what a stage just pushed. */
static void count_exercise(analytics *a, int kind)
{
    const exercise *e = &a->exercise;
    const span x = kind == EX_PUMPS ? (span){e->session.start, e->session.end, kind, 0.0}
                                    : (span){e->set.start, e->set.end, kind, 0.0};
    if (kind != EX_NONE)
        add_span(a, a->exercises, &a->n_exercises, a->walks, a->n_walks, x);
    if (kind != EX_NONE || (!e->open && !e->pending))
        take_deferred(a, x.start, x.end, kind);
    /* Minutes, pumps and reps are split at midnight; the session or set itself counts on the
     * day it started. */
    if (kind == EX_PUMPS) {
        daily_pumping(&a->daily, x.start, x.end);
        daily_count(&a->daily, x.start, x.end, e->session.pumps, offsetof(calfpump_day, pumps));
        daily_at(&a->daily, x.start)->sessions_met += (uint32_t)e->session.target_met;
    } else if (kind == EX_RAISES) {
        daily_count(&a->daily, x.start, x.end, e->set.reps, offsetof(calfpump_day, raises));
        daily_at(&a->daily, x.start)->sets++;
    }
}

void analytics_burst(void *ctx, double onset, double offset, float centroid)
{
    analytics *a = ctx;
    /* A bout this burst closes must not overwrite one waiting for the hop. Bouts take 6 bursts
     * at least 0.6 s apart: the bursts one window decides close fewer than ANALYTICS_RESERVE. */
    if (a->exercise.pending)
        count_exercise(a, exercise_emit(&a->exercise));
    exercise_burst(&a->exercise, onset, offset, centroid);
}

static void count_new(analytics *a, size_t posture_before, size_t immobility_before)
{
    queue *p = &a->postures, *m = &a->immobility_records;
    for (size_t i = posture_before; i < p->committed; i++) {
        const calfpump_posture *r = queue_committed_record(p, i);
        if (r->posture == CALFPUMP_POSTURE_ELEVATED)
            daily_elevated(&a->daily, fmax(r->start, a->elevated_to), r->end);
    }
    for (size_t i = immobility_before; i < m->committed; i++) {
        const calfpump_immobility *r = queue_committed_record(m, i);
        if (r->kind == CALFPUMP_IMMOBILITY_ALERT)
            daily_at(&a->daily, r->t)->immobility_alerts++;
    }
}

/* The run of gap samples going on ends at t. */
static void gap_over(analytics *a, double t)
{
    daily_gap(&a->daily, fmax(a->gap_since, a->gap_to), t);
    if (t - a->gap_since >= ANALYTICS_GAP_S)
        immobility_gap(&a->immobility, a->gap_since, t);
    a->gap_since = -1.0;
}

/* Reads the gap flags of the samples up to the ring's end (a block's gap spans its frames);
 * returns the start of a long gap going on at `now`, else -1. */
static double scan_gaps(analytics *a, double now)
{
    const ring *r = a->ring;
    for (; a->scanned < r->end; a->scanned++) {
        const double t = (double)a->scanned * a->t_scale;
        a->hop_n++;
        if (ring_gap_at(r, a->scanned)) {
            a->hop_gaps++;
            if (a->gap_since < 0.0)
                a->gap_since = t;
        } else if (a->gap_since >= 0.0) {
            gap_over(a, t);
        }
    }
    if (a->gap_since < 0.0 || now - a->gap_since < ANALYTICS_GAP_S)
        return -1.0;
    immobility_gap(&a->immobility, a->gap_since, now);
    return a->gap_since;
}

/* Share of the samples since the last hop that were gaps. */
static double gap_share(analytics *a)
{
    const double share = a->hop_n ? (double)a->hop_gaps / a->hop_n : 0.0;
    a->hop_n = a->hop_gaps = 0;
    return share;
}

void analytics_hop(analytics *a, double now, int busy)
{
    const size_t p0 = a->postures.committed, m0 = a->immobility_records.committed;
    const double gap = scan_gaps(a, now);
    posture_hop(&a->posture, now, gap_share(a), gap);
    count_exercise(a, exercise_hop(&a->exercise, now));
    immobility_hop(&a->immobility, now, ANALYTICS_RESERVE);
    count_new(a, p0, m0);
    if (daily_due(&a->daily, now, busy || a->exercise.open)) {
        /* An elevated episode held for days must not hold its days back: its time up to the
         * day's end goes into that day now (the episode cannot end before: a new class is
         * back-dated by at most 2 x POSTURE_SETTLE_S and a hop, less than the latency). */
        const double end = daily_first_end(&a->daily);
        if (a->posture.cls == CALFPUMP_POSTURE_ELEVATED && end > a->elevated_to) {
            daily_elevated(&a->daily, fmax(a->posture.start, a->elevated_to), end);
            a->elevated_to = end;
        }
        /* Likewise a gap going on (it has lasted the latency at least: it is long). */
        if (a->gap_since >= 0.0 && end > a->gap_to) {
            daily_gap(&a->daily, fmax(a->gap_since, a->gap_to), end);
            a->gap_to = end;
        }
        daily_emit(&a->daily, now);
    }
    decide_held(a, now - a->latency, 0);
}

int analytics_finish(analytics *a, double end)
{
    const size_t p0 = a->postures.committed, m0 = a->immobility_records.committed;
    daily_end(&a->daily, end); /* an alert at the end of input counts in the last day */
    const double gap = scan_gaps(a, end);
    posture_finish(&a->posture, end, gap_share(a), gap);
    if (a->gap_since >= 0.0)
        gap_over(a, end);
    count_exercise(a, exercise_finish(&a->exercise, end));
    immobility_finish(&a->immobility, end, ANALYTICS_RESERVE);
    count_new(a, p0, m0);
    /* Days the queue cannot take now come at the next flush: none is dropped. */
    return daily_finish(&a->daily, end, ANALYTICS_RESERVE) & decide_held(a, end, 1);
}

void analytics_summary(const analytics *a, double duration_s, calfpump_exercise_summary *out)
{
    const exercise *e = &a->exercise;
    memset(out, 0, sizeof *out);
    /* not below 0, as a day's (daily_emit) */
    out->walking_min = a->daily.walking_s > 0.0 ? a->daily.walking_s / 60.0 : 0.0;
    out->pump_min = e->pump_s / 60.0;
    out->pumps = e->pumps;
    out->sessions = e->sessions_n;
    out->sessions_met = e->sessions_met;
    out->raises = e->raises;
    out->sets = e->sets_n;
    out->immobility_alerts = a->immobility.total_alerts;
    out->immobility_stretches = a->immobility.stretches;
    out->elevation_episodes = a->posture.elevation_episodes;
    for (int i = 0; i < 4; i++)
        out->posture_min[i] = a->posture.seconds[i] / 60.0;
    out->days = duration_s / DAILY_S;
    if (out->days >= 1.0) {
        out->walking_min_per_week = out->walking_min * 7.0 / out->days;
        out->walking_target_met = out->walking_min_per_week >= 150.0;
    }
    out->decision_latency_s = (float)a->latency;
}
