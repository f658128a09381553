#include "bursts.h"
#include "ring.h"

#include <math.h>
#include <string.h>

#define FLOOR_PERCENTILE 0.1
#define FLOOR_MIN_BLOCKS 10 /* 0.5 s of data: fewer is no noise floor (one tick in silence) */
#define ON_RATIO 4.0f
#define OFF_RATIO 2.0f
#define BRIDGE_RATIO 3.0f
#define BACKTRACK_S 0.2
/* A burst reaching this far above the floor (80 dB) is no muscle (surface EMG spans about
 * 60 dB, uV noise to mV contractions) but the filters ringing after a glitch: dropped. */
#define ARTEFACT_RATIO 1e4f

static int64_t pow2_at_least(int64_t n)
{
    int64_t p = 16;
    while (p < n)
        p *= 2;
    return p;
}

void bursts_layout(bursts *b, arena *a, double det_rate_hz, int done_cap)
{
    b->block = (int)lround(BLOCK_S * det_rate_hz);
    b->reach = (int)lround(FLOOR_REACH_S / BLOCK_S);
    b->min_len = (int)lround(MIN_BURST_S * det_rate_hz);
    b->min_gap = (int)lround(MIN_GAP_S * det_rate_hz);
    b->back_max = (int)lround(BACKTRACK_S * det_rate_hz);
    const int64_t cap = pow2_at_least((int64_t)(b->reach + 3) * b->block + b->back_max);
    b->mask = cap - 1;
    b->det = arena_take(a, sizeof(float) * (size_t)cap);
    b->amp = arena_take(a, sizeof(float) * (size_t)cap);
    const int64_t means_cap = pow2_at_least(2 * (int64_t)b->reach + 2);
    b->means_mask = means_cap - 1;
    b->means = arena_take(a, sizeof(float) * (size_t)means_cap);
    b->sorted = arena_take(a, sizeof(float) * (size_t)means_cap);
    b->done_cap = done_cap;
    b->done = arena_take(a, sizeof(burst) * (size_t)done_cap);
}

void bursts_reset(bursts *b)
{
    b->end = b->n_blocks = b->next = 0;
    b->block_sum = 0.0;
    b->block_n = b->block_gaps = b->block_moved = 0;
    b->active = 0;
    b->below = -1;
    b->last_offset = 0;
    b->done_head = b->done_n = 0;
}

/* In place, ascending; a few dozen values (qsort may allocate). */
static void sort_floats(float *v, int n)
{
    for (int i = 1; i < n; i++) {
        const float x = v[i];
        int j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Thresholds for the samples of block k, from the complete blocks around it. */
static void set_thresholds(bursts *b, int64_t k)
{
    int64_t lo = k - b->reach, hi = k + b->reach;
    if (lo < 0)
        lo = 0;
    if (hi > b->n_blocks - 1)
        hi = b->n_blocks - 1;
    int n = 0;
    for (int64_t i = lo; i <= hi; i++) {
        const float m = b->means[i & b->means_mask];
        if (isnan(m))
            continue;
        b->sorted[n++] = m;
    }
    float floor_level = INFINITY; /* no floor: nothing exceeds the thresholds */
    if (n >= FLOOR_MIN_BLOCKS) {
        sort_floats(b->sorted, n);
        floor_level = b->sorted[(int)(FLOOR_PERCENTILE * (n - 1))];
    }
    b->on = ON_RATIO * floor_level;
    b->off = OFF_RATIO * floor_level;
    b->bridge = BRIDGE_RATIO * floor_level;
    b->glitch = ARTEFACT_RATIO * floor_level;
}

/* The detection envelope above the noise floor at sample i: the burst's shape without the
 * floor's pedestal (which would pull every centroid to the middle at a low SNR). */
static double excess(const bursts *b, int64_t i)
{
    const double x = (double)b->det[i & b->mask] - (double)b->off / OFF_RATIO;
    return x > 0.0 ? x : 0.0;
}

static void add(const bursts *b, burst *c, int64_t i)
{
    const float amp = b->amp[i & b->mask];
    if (amp > c->peak)
        c->peak = amp;
    c->area += amp;
    const double x = excess(b, i);
    c->weight += x;
    c->moment += x * (double)(i - c->onset);
}

static void close_burst(bursts *b, int64_t offset)
{
    burst *c = &b->cur;
    c->offset = offset;
    b->active = 0;
    b->last_offset = offset;
    if (offset - c->onset < b->min_len || b->artefact ||
        b->done_n == b->done_cap) /* capacity is sized so that it never fills */
        return;
    c->mean = (float)(c->area / (double)(offset - c->onset));
    b->done[(b->done_head + b->done_n) % b->done_cap] = *c;
    b->done_n++;
}

static void classify(bursts *b, int64_t j)
{
    const float e = b->det[j & b->mask], amp = b->amp[j & b->mask];
    burst *c = &b->cur;
    if (!b->active) {
        if (!(e > b->on))
            return;
        /* The onset is where the rise began: back to the last sample at or below `off`. */
        int64_t lo = j - b->back_max, k = j;
        if (lo < b->last_offset)
            lo = b->last_offset;
        while (k > lo && b->det[(k - 1) & b->mask] > b->off)
            k--;
        memset(c, 0, sizeof *c);
        c->onset = k;
        for (int64_t i = k; i <= j; i++)
            add(b, c, i);
        b->active = 1;
        b->below = -1;
        b->artefact = e > b->glitch;
        return;
    }
    /* Once below `off`, only a return above `bridge` joins the dip to the burst: noise
     * wandering around `off` after the burst does not stretch it. */
    if (e > b->glitch)
        b->artefact = 1;
    if (e > (b->below < 0 ? b->off : b->bridge)) {
        if (b->below >= 0) { /* a short dip: part of the burst */
            c->area += b->run_sum;
            c->weight += b->run_weight;
            c->moment += b->run_moment;
            if (b->run_peak > c->peak)
                c->peak = b->run_peak;
            b->below = -1;
        }
        add(b, c, j);
        return;
    }
    if (b->below < 0) {
        b->below = j;
        b->run_sum = b->run_weight = b->run_moment = 0.0;
        b->run_peak = 0.0f;
    }
    b->run_sum += amp;
    b->run_weight += excess(b, j);
    b->run_moment += excess(b, j) * (double)(j - c->onset);
    if (amp > b->run_peak)
        b->run_peak = amp;
    if (j - b->below + 1 >= b->min_gap)
        close_burst(b, b->below);
}

/* Classifies the samples of block k (those that exist). */
static void classify_block(bursts *b, int64_t k)
{
    set_thresholds(b, k);
    int64_t stop = (k + 1) * b->block;
    if (stop > b->end)
        stop = b->end;
    for (; b->next < stop; b->next++)
        classify(b, b->next);
}

static void end_block(bursts *b)
{
    const int no_data = ring_is_gap(b->block_gaps, b->block_n) || !b->block_moved;
    b->means[b->n_blocks & b->means_mask] = no_data ? NAN : (float)(b->block_sum / b->block_n);
    b->n_blocks++;
    b->block_sum = 0.0;
    b->block_n = b->block_gaps = b->block_moved = 0;
}

void bursts_sample(bursts *b, const emg_sample *s)
{
    b->det[b->end & b->mask] = s->det;
    b->amp[b->end & b->mask] = s->amp;
    b->end++;
    b->block_sum += s->det;
    b->block_gaps += s->gap;
    b->block_moved |= !s->flat;
    if (++b->block_n < b->block)
        return;
    end_block(b);
    /* The block `reach` blocks back now has its whole neighbourhood. */
    const int64_t k = b->n_blocks - 1 - b->reach;
    if (k >= 0)
        classify_block(b, k);
}

void bursts_finish(bursts *b)
{
    if (b->block_n > 0)
        end_block(b);
    for (int64_t k = b->next / b->block; k < b->n_blocks; k++)
        classify_block(b, k);
    if (b->active)
        close_burst(b, b->below >= 0 ? b->below : b->end);
}

int64_t bursts_settled(const bursts *b)
{
    if (b->active)
        return b->cur.onset;
    const int64_t back = b->next - b->back_max;
    return back > b->last_offset ? back : b->last_offset;
}

const burst *bursts_peek(const bursts *b)
{
    return b->done_n ? &b->done[b->done_head] : NULL;
}

void bursts_pop(bursts *b)
{
    b->done_head = (b->done_head + 1) % b->done_cap;
    b->done_n--;
}
