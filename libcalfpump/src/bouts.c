#include "bouts.h"

#include <math.h>
#include <string.h>

#define STRENGTH_SHARE 0.3f
#define ANCHOR_TOLERANCE 0.5f  /* the anchor may lie anywhere within the centre period */
#define TRACK_TOLERANCE 0.3f   /* later activations within +-30% of a period of their due time */
#define HIST_BIN_PER_MIN 0.5f
#define RATE_AGREEMENT 0.15f
#define START_PAIR_PERIODS 2.5f /* a bout starts at a strong activation another one follows
                                   within this many periods (one weak one may lie between) */
/* Steps per minute of brisk walking, the threshold of moderate intensity (Tudor-Locke et al.
 * 2018): a bout's shortest span is min_bout_s of walking at this cadence or slower. */
#define BRISK_STEPS_PER_MIN 100.0

void bouts_layout(bouts *b, arena *a, int back_cap, void *scratch, size_t scratch_bytes)
{
    const size_t back = sizeof(event_candidate) * (size_t)back_cap;
    b->back_cap = back_cap;
    b->back = back <= scratch_bytes ? scratch : arena_take(a, back);
    b->hist = arena_take(a, sizeof(rate_count) * BOUTS_HIST_SLOTS);
}

void bouts_reset(bouts *b)
{
    b->open = b->confirmed = 0;
    b->floor_pos = -INFINITY;
    b->prev_rate = 0.0f;
    b->held = b->passed = 0;
    b->total_activations = b->total_bouts = b->closed_activations = 0;
    b->active_s = b->cadence_sum = 0.0;
}

static float reference_strength(const bouts *b)
{
    float s[BOUTS_MEMORY];
    int n = b->n_recent < BOUTS_MEMORY ? b->n_recent : BOUTS_MEMORY;
    memcpy(s, b->recent, sizeof(float) * (size_t)n);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
            float t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
        }
    return s[n / 2];
}

static int strong(const bouts *b, const event_candidate *e)
{
    return e->strength >= b->min_strength && e->strength >= STRENGTH_SHARE * reference_strength(b);
}

static void commit(bouts *b)
{
    b->total_activations += (uint32_t)queue_provisional_count(b->acts);
    queue_commit(b->acts);
}

/* Drops the bout's k leading provisional activations (k < their number). */
static void drop_leading(bouts *b, size_t k)
{
    const activation_record *first = queue_provisional(b->acts, k);
    b->first = (first->t - b->t_offset) / b->t_scale;
    b->count -= (uint32_t)k;
    queue_drop_provisional(b->acts, k);
}

static const activation_record *provisional(const bouts *b, size_t k)
{
    return queue_provisional(b->acts, k);
}

/* A bout may open on a window centred before the walking starts, on the small movements of
 * gait initiation: once the bout is known, leading activations are taken back up to its first
 * strong one that another strong one follows within START_PAIR_PERIODS (a weight shift before
 * the first step is a lone strong bump among the small movements of standing; the wrist's weaker
 * step alternates with its stronger one). Without such a pair the first strong one starts it. */
static void trim_start(bouts *b)
{
    const float ref = STRENGTH_SHARE * reference_strength(b);
    const size_t n = queue_provisional_count(b->acts);
    size_t first_strong = n, k;
    for (k = 0; k + 1 < n; k++) {
        const activation_record *a = provisional(b, k);
        if (a->strength < ref)
            continue;
        if (first_strong == n)
            first_strong = k;
        size_t j = k + 1;
        const float within = START_PAIR_PERIODS * a->period_s;
        while (j < n && provisional(b, j)->t - a->t <= within && provisional(b, j)->strength < ref)
            j++;
        if (j < n && provisional(b, j)->t - a->t <= within)
            break;
    }
    if (k + 1 >= n)
        k = first_strong < n ? first_strong : n - 1;
    if (k)
        drop_leading(b, k);
}

/* A bout is real once its activations span min_bout_s (or, faster than brisk walking, hold
 * as many steps as min_bout_s does at that cadence) and the rhythm has held for min_bout_s of
 * windows: tracking backwards alone can make a long span out of two lucky windows. A window
 * that only held the bout counts as half a window (`windows` counts halves): irregular walking
 * (a course with turns and obstacles) rarely passes every test twice in a row, and non-walking
 * movement rarely comes near the hold level for long. */
/* The span a bout's activations need: min_bout_s, or where the steps are faster than
 * BRISK_STEPS_PER_MIN as many steps as min_bout_s holds at that cadence (a leg's stride is two
 * steps). A short walk is then judged by its steps at any cadence: seven steps at 125 per
 * minute span 3.5 s and had been taken back, the same walk at 105 per minute spans 4.1 s. */
static double span_needed(const bouts *b)
{
    const double step = b->leg ? 0.5 * b->period : b->period;
    return fmin(b->min_span, b->min_span * (BRISK_STEPS_PER_MIN / 60.0) * b->t_scale * step);
}

static void check_confirmed(bouts *b)
{
    if (!b->confirmed && b->proven && b->windows >= 2 * b->min_windows &&
        b->last - b->seg_first >= span_needed(b)) {
        b->confirmed = 1;
        trim_start(b);
    }
    if (b->confirmed)
        commit(b);
}

static void emit(bouts *b, const event_candidate *e)
{
    const activation_record a = {
        .t = e->pos * b->t_scale + b->t_offset,
        .period_s = (float)(b->period * b->t_scale),
        .strength = e->strength,
    };
    queue_push(b->acts, &a);
    b->recent[b->n_recent++ % BOUTS_MEMORY] = e->strength;
    b->last = e->pos;
    b->next = e->pos + b->period;
    b->missed = 0;
    b->count++;
    check_confirmed(b);
}

/* Places activations one period apart up to the tracking limit. A weak maximum is a miss: the
 * due time moves on by a period; when closing, the first miss ends the bout. For a leg, one miss
 * between two strong maxima is a stride all the same if the leg moved at least half as much as
 * in the stride after it: its strength is the impact's, which varies threefold and more from
 * stride to stride, and walking does not skip a stride; a leg that stood for a stride (a turn,
 * a pause) hardly moves. At the wrist one miss between two strong maxima is a step: the arm's
 * two steps differ (arm forward, arm back) and the weaker may fall below the bout's reference
 * (walking: 0.14-0.56 g against 0.75-1.67 g), while a pause lasts longer than a step. */
static void track_forward(bouts *b, const ring *r, int stop_on_miss)
{
    event_candidate e;
    while (events_search(r, b->next, b->period, TRACK_TOLERANCE, ring_start(r), b->limit, 0, &e)) {
        if (strong(b, &e)) {
            if (b->missed == 1 && b->soft.strength >= b->min_strength &&
                (b->swing || (b->leg && 2.0f * b->soft.movement >= e.movement)))
                emit(b, &b->soft);
            emit(b, &e);
        } else if (stop_on_miss) {
            return;
        } else {
            b->soft = e;
            b->missed++;
            b->next += b->period;
        }
    }
}

/* The window may confirm a bout: it passed every test at the configured level. */
static int proves(const cadence_window *w)
{
    return w->rhythmic && !w->lowered;
}

static int open_bout(bouts *b, const ring *r, const cadence_window *w)
{
    const float period = w->period;
    double lo = (double)(w->center - b->half_window);
    if (lo < b->floor_pos + 0.5 * period)
        lo = b->floor_pos + 0.5 * period;
    int64_t lo_i = (int64_t)ceil(lo);
    if (lo_i < ring_start(r))
        lo_i = ring_start(r);

    /* A window opens a bout where its centre period holds a maximum. That period may end just
     * before a contact and hold none (gait initiation: a weight shift, a foot's swing): its
     * maximum, taken back as weak once the bout is known (trim_start), would take the next
     * activation with it (less than a period after). So where a neighbouring period's maximum
     * makes it weak, that one is the anchor. Whether the centre period holds a contact depends
     * on where the windows fall, that is on the sample rate. */
    event_candidate anchor, e;
    const double c = (double)w->center;
    if (!events_search(r, c, period, ANCHOR_TOLERANCE, lo_i, b->limit, 0, &anchor) ||
        anchor.strength < b->min_strength)
        return 0;
    const float centre = anchor.strength;
    for (int k = -1; k <= 1; k += 2)
        if (events_search(r, c + k * period, period, ANCHOR_TOLERANCE, lo_i, b->limit, 0, &e) &&
            centre < STRENGTH_SHARE * e.strength && e.strength > anchor.strength)
            anchor = e;

    b->open = 1;
    b->confirmed = 0;
    b->windows = b->misses = 0;
    b->period = period;
    b->count = 0;
    b->hist_n = 0;
    b->hist_used = 0;
    b->recent[0] = anchor.strength;
    b->n_recent = 1;

    /* Back to the input's first sample, a contact less than half a period in still counts: a
     * recording that starts mid-walk keeps its first step. */
    const int at_start = lo_i == 0;
    int n_back = 0;
    double due = anchor.pos - period;
    while (n_back < b->back_cap &&
           events_search(r, due, period, TRACK_TOLERANCE, lo_i, b->limit, at_start,
                         &b->back[n_back]) &&
           strong(b, &b->back[n_back])) {
        due = b->back[n_back].pos - period;
        n_back++;
    }
    b->first = n_back ? b->back[n_back - 1].pos : anchor.pos;
    b->seg_first = b->first;
    /* The windows in a row before this one that held, centred within the activations tracked
     * back, count towards confirming the bout as they would inside it: irregular walking may
     * reach min_confidence first late in a stretch it held all along, and which window that is
     * depends on where the windows fall (the sample rate), not on the walking. (The wrist's
     * chain bridges its own gaps instead.) */
    const int within = (int)floor((w->center - b->first) / b->hop);
    for (int k = 1; !b->swing && k <= within && k < 64 && (b->held >> k & 1u); k++)
        b->windows += (b->passed >> k & 1u) ? 2 : 1;
    b->restart = 0;
    b->proven = proves(w);
    b->octave_settled = w->halved;
    b->step_votes = 0;
    b->n_recent = 0;
    for (int i = n_back - 1; i >= 0; i--)
        emit(b, &b->back[i]);
    emit(b, &anchor);
    return 1;
}

void bouts_count_rate(bouts *b, int bin)
{
    rate_count *h = b->hist;
    int i = 0; /* the first slot whose bin is >= bin */
    while (i < b->hist_used && h[i].bin < bin)
        i++;
    if (i == b->hist_used || h[i].bin != bin) {
        if (b->hist_used < BOUTS_HIST_SLOTS) {
            memmove(&h[i + 1], &h[i], sizeof(rate_count) * (size_t)(b->hist_used - i));
            h[i] = (rate_count){(uint16_t)bin, 0};
            b->hist_used++;
        } else if (i == b->hist_used || (i > 0 && bin - h[i - 1].bin < h[i].bin - bin)) {
            i--; /* full: the nearest bin held */
        }
    }
    if (h[i].n == BOUTS_HIST_MAX) {
        b->hist_n = 0;
        for (int k = 0; k < b->hist_used; k++) {
            h[k].n = (uint16_t)((h[k].n + 1u) / 2u);
            b->hist_n += h[k].n;
        }
    }
    h[i].n++;
    b->hist_n++;
}

float bouts_median_cadence(const bouts *b)
{
    uint32_t seen = 0;
    for (int i = 0; i < b->hist_used; i++) {
        seen += b->hist[i].n;
        if (2 * seen > b->hist_n)
            return ((float)b->hist[i].bin + 0.5f) * HIST_BIN_PER_MIN;
    }
    return 0.0f;
}

static void take_back(bouts *b)
{
    queue_rollback(b->acts);
    b->open = 0;
}

static void close_bout(bouts *b, const ring *r)
{
    track_forward(b, r, 1);
    if (!b->confirmed) {
        take_back(b);
        return;
    }
    b->open = 0;
    commit(b);
    float per_min = bouts_median_cadence(b);
    float steps = b->leg ? 2.0f * per_min : per_min;
    calfpump_bout rec = {
        .start = b->first * b->t_scale + b->t_offset,
        .end = b->last * b->t_scale + b->t_offset,
        .activations = b->count,
        .cadence_per_min = per_min,
        .steps_per_min = steps,
        .kind = steps < 50.0f ? CALFPUMP_BOUT_EXERCISE
                : steps <= 150.0f ? CALFPUMP_BOUT_WALKING : CALFPUMP_BOUT_RUNNING,
    };
    queue_push(b->bout_records, &rec);
    queue_commit(b->bout_records);
    b->total_bouts++;
    b->active_s += rec.end - rec.start;
    b->cadence_sum += (double)steps * b->count;
    b->closed_activations += b->count;
    b->floor_pos = b->last;
}

static int near(float ratio, float target)
{
    return fabsf(ratio - target) <= RATE_AGREEMENT * target;
}

/* A rate ratio of 1/2, 1 or 2: the same rhythm, up to an octave error. */
static int in_octaves(float ratio)
{
    return near(ratio, 0.5f) || near(ratio, 1.0f) || near(ratio, 2.0f);
}

/* One window may read the stride where its neighbours read the step, or the reverse (the
 * half-period test sits near its threshold for some gaits). A jump by an octave against the
 * reference rate is taken as that error. Until a bout is confirmed, the step reading wins for
 * step placements (a bout may open on windows that all read the stride); a confirmed bout keeps
 * its own octave (a cadence does not double from one window to the next; a run of windows that
 * see the step beside its stride moves it, step_octave), and leg placements
 * always keep the stride. Returns 1 when the rates agree. */
static int align_octave(const bouts *b, cadence_window *w, float ref)
{
    const float ratio = w->rate_hz / ref;
    if (near(ratio, 0.5f) || ((b->leg || b->confirmed) && near(ratio, 2.0f))) {
        const float k = near(ratio, 0.5f) ? 2.0f : 0.5f;
        w->rate_hz *= k;
        w->period /= k;
        return 1;
    }
    return in_octaves(ratio);
}

/* Chain (the wrist): a bout not yet confirmed whose rhythm went for longer than
 * BOUTS_MAX_MISSES windows stays open, as a confirmed one does, but what it saw no longer counts:
 * the rhythm that comes back at its rate has to confirm it from the start (min_bout_s, and as
 * many steady windows), as a new bout would. Once it does, the activations before the gap are
 * counted too. Walking with the arm still now and then (a watch on a relaxed arm, a pause)
 * rarely gives a stretch long enough alone; movement that is not walking rarely gives one. */
static void restart_segment(bouts *b, const cadence_window *w)
{
    b->restart = 0;
    b->windows = 0;
    b->proven = 0;
    b->seg_first = fmax(b->last, (double)(w->center - b->half_window));
}

/* Wrist: a bout may open at the stride. Early in a walk the arm often swings as one sinusoid
 * at the stride and the steps do not show in it (the autocorrelation at half the stride stays
 * negative): the pattern alone cannot tell a stride from a slow step, and a bout that opens on
 * such windows keeps that octave (a confirmed bout takes a window at twice its rate for an
 * octave error). Windows that see the step beside the bout's stride (a maximum at half of it,
 * cadence_window.halved) are evidence the windows it opened on did not have: once as many of
 * them in a row as confirm a bout have come (min_windows), and no rhythmic window at the bout's
 * own rate saw a step there, the bout takes the step. A bout whose own rate was seen as a step
 * beside a stride is settled and never doubles. Returns 1 when the bout took the step.
 * Every step placement, not only the wrist: a phone in one back pocket sees its own leg's
 * stride strongly, and the autocorrelation at half the stride can hover about 0 between the two
 * steps' peaks (at 0.4 and 0.6 of it), so a slow walker's bout may open and be confirmed on
 * windows that all read the stride, though most windows after them see the step (a slow back
 * pocket at 76 per minute counted 128 of 257 steps). There the half-period test itself is the
 * evidence (the wrist also needs the pattern to repeat as a whole arm cycle, cadence.c). A leg's
 * pattern is its own stride: never. */
static int step_octave(bouts *b, const cadence_window *w, float ref)
{
    if (b->leg || !b->open || b->octave_settled || !w->rhythmic)
        return 0;
    const float ratio = w->rate_hz / ref;
    if (near(ratio, 1.0f)) {
        b->octave_settled = w->halved;
        b->step_votes = 0;
    } else if (b->confirmed && (b->swing ? w->whole_cycle : w->halved) && near(ratio, 2.0f) &&
               ++b->step_votes >= b->min_windows) {
        /* Until it is confirmed a bout takes the step reading anyway (align_octave). The bout's
         * rate moves up an octave and its median cadence starts anew (the windows so far read
         * the other octave); tracking goes on from the last activation at the step. */
        b->period *= 0.5f;
        b->next = b->last + b->period;
        b->hist_used = 0;
        b->hist_n = 0;
        b->octave_settled = 1;
        return 1;
    }
    return 0;
}

void bouts_window(bouts *b, const ring *r, cadence_window *w)
{
    /* A chain waiting for its rhythm to come back lets go when another one comes. */
    if (b->open && b->restart && w->rhythmic &&
        !in_octaves(w->rate_hz * (float)(b->period * b->t_scale)))
        take_back(b);
    /* An open bout holds its own rate; a window that opens one must agree with the one before,
     * which must have reached the hold level. A chain's own rate is its median cadence: it
     * bridges a window's length of windows, and the rhythm that comes back is compared with the
     * bout, not with the last window before the gap (often a blurred reading; a returning 44 per
     * minute failed 15 % against it by 0.1, or passed, depending on the sample rate). */
    float ref = !b->open ? b->prev_rate
                : b->swing && b->hist_n ? bouts_median_cadence(b) / 60.0f
                                         : (float)(1.0 / (b->period * b->t_scale));
    if (step_octave(b, w, ref))
        ref = (float)(1.0 / (b->period * b->t_scale));
    const int aligned = (w->rhythmic || (b->open && w->holds)) && ref > 0.0f &&
                        align_octave(b, w, ref);
    /* The window (its octave aligned) agrees with the one before, which reached the hold level. */
    const int chained = b->prev_rate > 0.0f && in_octaves(w->rate_hz / b->prev_rate);
    /* A chain's rhythm restarts as a bout opens: after a window at the same rate. */
    const int steady = aligned && (!b->restart || chained);
    /* The run of held windows goes on while each agrees with the one before, as inside a bout. */
    b->held = w->holds ? (chained ? b->held << 1 : 0) | 1u : 0;
    b->passed = (chained ? b->passed << 1 : 0) | (uint64_t)(w->rhythmic != 0);
    b->prev_rate = w->holds ? w->rate_hz : 0.0f;
    if (steady) {
        b->misses = 0;
        b->limit = w->center + b->half_window;
        if (b->limit > r->end)
            b->limit = r->end;
        if (!b->open && !open_bout(b, r, w))
            return;
        if (b->restart)
            restart_segment(b, w);
        b->windows += w->rhythmic ? 2 : 1;
        b->proven |= proves(w);
        check_confirmed(b);
        b->period = w->period;
        int bin = (int)(w->rate_hz * 60.0f / HIST_BIN_PER_MIN);
        if (bin >= 0 && bin < BOUTS_HIST_BINS)
            bouts_count_rate(b, bin);
        track_forward(b, r, 0);
    } else if (b->open && ++b->misses > (b->confirmed || b->swing ? b->confirmed_misses
                                                                   : BOUTS_MAX_MISSES)) {
        close_bout(b, r);
    } else if (b->open && !b->confirmed && b->misses > BOUTS_MAX_MISSES) {
        b->restart = 1; /* chain: the rhythm so far no longer counts towards confirming it */
    }
    if (!b->open || b->confirmed)
        return;
    /* `next`, not the last activation: a bout opened on a lone impact emits nothing after it
     * (every later maximum is weak beside it) and would otherwise never be let go. */
    const size_t n = queue_provisional_count(b->acts);
    if (b->next - b->seg_first > b->max_pending || (n > b->max_pending_n && !b->swing))
        take_back(b);
    else if (n > b->max_pending_n)
        drop_leading(b, n - b->max_pending_n); /* a chain keeps its latest activations */
}

float bouts_confirmed_period(const bouts *b)
{
    return b->open && b->confirmed ? b->period : 0.0f;
}

void bouts_finish(bouts *b, const ring *r)
{
    if (b->open)
        close_bout(b, r);
}
