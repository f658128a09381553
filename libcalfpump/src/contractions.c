#include "contractions.h"

#include "activation_record.h"
#include "calfpump.h"

#include <math.h>

#define AFTER_SHARE 0.75f
#define BEFORE_SHARE 0.5f
#define BOUT_GAP 1.5f

void contractions_layout(contractions *c, arena *a, int cand_cap)
{
    c->cand_cap = cand_cap;
    c->cand = arena_take(a, sizeof(candidate) * (size_t)cand_cap);
}

void contractions_reset(contractions *c)
{
    c->cand_head = c->cand_n = 0;
    c->period = c->rhythmic_period = 0.0f;
    c->rhythmic_center = 0.0;
    c->end = INT64_MAX;
    c->in_bout = 0;
    c->total_activations = c->total_bouts = c->closed_activations = 0;
    c->active_s = c->cadence_sum = 0.0;
}

/* Seconds; a burst at the very start cannot begin before the input (the delay correction). */
static double seconds(const contractions *c, int64_t i)
{
    const double t = (double)i * c->t_scale + c->t_offset;
    return t > 0.0 ? t : 0.0;
}

static void close_bout(contractions *c)
{
    c->in_bout = 0;
    if ((double)(c->bout_last - c->bout_first) < c->min_span || c->bout_count < 2)
        return;
    calfpump_bout rec = {
        .start = seconds(c, c->bout_first),
        .end = seconds(c, c->bout_last),
        .activations = c->bout_count,
    };
    rec.cadence_per_min = (float)(60.0 * (c->bout_count - 1) / (rec.end - rec.start));
    rec.steps_per_min = 2.0f * rec.cadence_per_min; /* a muscle fires once per stride of its leg */
    rec.kind = rec.steps_per_min < 50.0f    ? CALFPUMP_BOUT_EXERCISE
               : rec.steps_per_min <= 150.0f ? CALFPUMP_BOUT_WALKING
                                             : CALFPUMP_BOUT_RUNNING;
    queue_push(c->bout_records, &rec);
    queue_commit(c->bout_records);
    c->total_bouts++;
    c->active_s += rec.end - rec.start;
    c->cadence_sum += (double)rec.steps_per_min * c->bout_count;
    c->closed_activations += c->bout_count;
}

/* Centre of mass of the burst's envelope, 0 (onset) .. 1 (offset); 0.5 when it cannot be told
 * (an overflowing envelope). */
static float centroid(const burst *b)
{
    const double share = b->moment / b->weight / (double)(b->offset - b->onset);
    return share >= 0.0 && share <= 1.0 ? (float)share : 0.5f;
}

static void emit(contractions *c, const burst *b)
{
    const double t = seconds(c, b->onset);
    const activation_record a = {
        .t = t,
        .period_s = (float)(c->period * c->t_scale),
        .strength = b->peak,
    };
    calfpump_burst r = {
        .onset = t,
        .offset = b->offset >= c->end ? c->end_s : seconds(c, b->offset),
        .peak = b->peak,
        .mean = b->mean,
        .peak_ref = c->reference > 0.0f ? b->peak / c->reference : 0.0f,
        .mean_ref = c->reference > 0.0f ? b->mean / c->reference : 0.0f,
        .channel = c->channel,
        .side = c->side,
    };
    queue_push(c->acts, &a);
    queue_commit(c->acts);
    queue_push(c->burst_records, &r);
    queue_commit(c->burst_records);
    c->total_activations++;
    if (c->on_burst)
        c->on_burst(c->on_burst_ctx, r.onset, r.offset, centroid(b));

    if (c->in_bout && c->period > 0.0f &&
        (float)(b->onset - c->bout_last) <= BOUT_GAP * c->period) {
        c->bout_last = b->onset;
        c->bout_count++;
        return;
    }
    if (c->in_bout)
        close_bout(c);
    c->in_bout = 1;
    c->bout_first = c->bout_last = b->onset;
    c->bout_count = 1;
}

static candidate *cand_at(contractions *c, int i)
{
    return &c->cand[(c->cand_head + i) % c->cand_cap];
}

/* Dropped when a larger burst starts within reach before or after it, unless that one was
 * dropped itself. */
static int dominated(contractions *c, const burst *b)
{
    for (int i = 0; i < c->cand_n; i++) {
        const candidate *k = cand_at(c, i);
        if (k->decided && !k->kept)
            continue;
        const burst *o = &k->b;
        const float d = (float)(o->onset - b->onset);
        if (o->area > b->area && d > -AFTER_SHARE * c->period && d < BEFORE_SHARE * c->period)
            return 1;
    }
    return 0;
}

/* Decides the undecided candidates starting up to `upto`, then forgets decided ones that no
 * undecided or later burst can reach. */
static void decide(contractions *c, double upto)
{
    double horizon = upto; /* onset of the oldest burst still to be decided */
    for (int i = 0; i < c->cand_n; i++) {
        candidate *k = cand_at(c, i);
        if (k->decided)
            continue;
        if ((double)k->b.onset + BEFORE_SHARE * c->period > upto) {
            horizon = (double)k->b.onset;
            break;
        }
        k->decided = 1;
        k->kept = c->period <= 0.0f || !dominated(c, &k->b);
        if (k->kept)
            emit(c, &k->b);
    }
    while (c->cand_n > 0 && cand_at(c, 0)->decided &&
           (c->cand_n == c->cand_cap ||
            (double)cand_at(c, 0)->b.onset + AFTER_SHARE * c->period < horizon)) {
        c->cand_head = (c->cand_head + 1) % c->cand_cap;
        c->cand_n--;
    }
}

/* Moves finished bursts starting up to `upto` (all of them: INFINITY) into the candidates. */
static void gather(contractions *c, bursts *b, double upto)
{
    const burst *next;
    while (c->cand_n < c->cand_cap && (next = bursts_peek(b)) && (double)next->onset <= upto) {
        *cand_at(c, c->cand_n) = (candidate){*next, 0, 0};
        c->cand_n++;
        bursts_pop(b);
    }
}

void contractions_window(contractions *c, bursts *b, double center, float period)
{
    if (period > 0.0f) {
        c->rhythmic_period = period;
        c->rhythmic_center = center;
    }
    const int held = center - c->rhythmic_center <= c->hold;
    c->period = period > 0.0f ? period : held ? c->rhythmic_period : 0.0f;
    gather(c, b, center);
    /* A burst can only be decided once every burst that could drop it has finished. */
    const double settled = (double)bursts_settled(b);
    decide(c, settled < center ? settled : center);
}

void contractions_finish(contractions *c, bursts *b)
{
    do {
        gather(c, b, INFINITY);
        decide(c, INFINITY);
    } while (bursts_peek(b));
    if (c->in_bout)
        close_bout(c);
}
