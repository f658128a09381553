#include "events.h"

#include <math.h>

/* The signal events are placed on: impacts where the ring keeps them, else the analysis signal. */
static float signal_at(const ring *r, int64_t i)
{
    return r->peak ? r->peak[ring_slot(r, i)] : ring_at(r, i);
}

/* Where a foot or shank sensor's stance lies after its contact, in periods: from when the
 * impact has rung out to half a stride (stance is about 60 % of a walking stride). After
 * push-off the same span holds the swing (about 40 %) and the landing that ends it. */
#define STANCE_FROM 0.1f
#define STANCE_TO 0.5f

/* What the search maximises. A foot or shank sensor's stride has two or more maxima: the
 * contact's impact, push-off, swing. At a high input rate the impact's spike stands out alone;
 * an anti-aliased recording at a low rate smears it to the height of push-off or below. What
 * tells the contact at any rate is what follows it: the stance, the stride's stillest part,
 * where after push-off the foot swings and lands. So the impact signal is taken less how far the
 * analysis signal moves (the sum of its steps) over the stance span after the sample. */
static float contact_score(const ring *r, int64_t i, float period)
{
    if (!r->peak)
        return ring_at(r, i);
    const int64_t from = i + (int64_t)ceilf(STANCE_FROM * period);
    const int64_t to = i + (int64_t)floorf(STANCE_TO * period);
    float path = 0.0f;
    for (int64_t k = from; k < to; k++)
        path += fabsf(ring_at(r, k + 1) - ring_at(r, k));
    return r->peak[ring_slot(r, i)] - path;
}

/* Sub-sample time of the maximum at `best`. An impact's frame is known exactly; otherwise the
 * parabola through the maximum and its neighbours, only where the maximum is a true peak (at the
 * interval's edge a higher neighbour may lie outside). */
static double refine_time(const ring *r, int64_t best)
{
    if (r->peak)
        return (double)best + r->peak_off[ring_slot(r, best)];
    float y0 = ring_at(r, best - 1), y1 = ring_at(r, best), y2 = ring_at(r, best + 1);
    float d = y0 - 2.0f * y1 + y2;
    return (double)best + ((y1 >= y0 && y1 >= y2 && d < 0.0f) ? 0.5f * (y0 - y2) / d : 0.0f);
}

int events_search(const ring *r, double expected, float period, float tolerance, int64_t lo,
                  int64_t hi, int at_start, event_candidate *out)
{
    const int64_t a = (int64_t)ceil(expected - tolerance * period);
    const int64_t b = (int64_t)floor(expected + tolerance * period);
    const int64_t half = (int64_t)ceilf(period / 2.0f);
    /* A maximum's strength is measured against half a period around it, which must lie within
     * [lo, hi); at_start, less of it before the maximum will do. */
    if (a < (at_start ? lo + 1 : lo + half) || b + half >= hi || b < a)
        return 0;
    int64_t best = a;
    float best_score = contact_score(r, a, period);
    for (int64_t i = a + 1; i <= b; i++) {
        const float score = contact_score(r, i, period);
        if (score > best_score) {
            best = i;
            best_score = score;
        }
    }
    /* A maximum at the interval's edge of the smooth analysis signal that still rises beyond
     * it is the flank of a peak just outside (the due time is off, e.g. after an anchor on a
     * weight shift): follow it uphill, up to half a period from the due time, where the
     * neighbouring activation's share begins. (Impact spikes rise and fall frame by frame.) */
    if (!r->peak && (best == a || best == b)) {
        const int step = best == a ? -1 : 1;
        int64_t room = (int64_t)((0.5f - tolerance) * period + 0.5f);
        const int64_t edge = step < 0 ? best - half - lo : hi - 1 - half - best;
        if (room > edge)
            room = edge;
        while (room-- > 0 && ring_at(r, best + step) > ring_at(r, best))
            best += step;
    }
    float low = signal_at(r, best), lo_a = ring_at(r, best), hi_a = lo_a;
    for (int64_t i = best - half < lo ? lo : best - half; i <= best + half; i++) {
        low = fminf(low, signal_at(r, i));
        lo_a = fminf(lo_a, ring_at(r, i));
        hi_a = fmaxf(hi_a, ring_at(r, i));
    }
    out->pos = refine_time(r, best);
    out->strength = signal_at(r, best) - low;
    out->movement = hi_a - lo_a;
    return 1;
}
