/* History of analysis samples addressed by absolute index (samples since reset); the newest
 * `cap` samples are kept. Any capacity: slot 0 holds the sample whose index is `base`, a multiple
 * of cap, so a slot costs a subtraction and a compare, not a division, and the capacity need
 * not be rounded up to a power of two. */
#ifndef CALFPUMP_RING_H
#define CALFPUMP_RING_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* One analysis sample as the conditioning stage makes it. */
typedef struct ring_sample {
    float value;     /* the analysis signal */
    float peak;      /* the block's largest frame magnitude: impacts survive decimation there */
    float peak_off;  /* where in the block that frame was, analysis samples from its centre */
    uint8_t gap;     /* 1 where more than half of the sample's frames are gap frames */
} ring_sample;

typedef struct ring {
    float *value;
    uint8_t *gap;      /* one bit per sample (ring_gap_bytes): 1 where it is a gap */
    int64_t cap;
    int64_t end;       /* absolute index one past the newest sample */
    int64_t base;      /* end rounded down to a multiple of cap: the index held in slot 0 */
    float *peak;       /* NULL unless impacts are kept (foot and shank sensors) */
    float *peak_off;
} ring;

/* Whether an analysis sample made of `frames` input frames, `gaps` of them gap frames, is a gap:
 * when most of it is held frames (a few spread NaN frames leave its average good). */
static inline uint8_t ring_is_gap(int gaps, int frames)
{
    return 2 * gaps > frames;
}

static inline size_t ring_gap_bytes(int64_t capacity)
{
    return (size_t)((capacity + 7) / 8);
}

/* Starts the ring at absolute index `end` (empty: the older indices hold nothing valid). */
static inline void ring_restart(ring *r, int64_t end)
{
    r->end = end;
    r->base = end - end % r->cap;
}

/* The slot of index i, for i in [end - cap, base + cap): every index held, and the next ones. */
static inline int64_t ring_slot(const ring *r, int64_t i)
{
    const int64_t k = i - r->base;
    return k < 0 ? k + r->cap : k;
}

static inline void ring_set_gap(ring *r, int64_t i, int gap)
{
    const int64_t k = ring_slot(r, i);
    const uint8_t bit = (uint8_t)(1u << (k & 7));
    r->gap[k >> 3] = (uint8_t)(gap ? r->gap[k >> 3] | bit : r->gap[k >> 3] & ~bit);
}

static inline void ring_put(ring *r, const ring_sample *s)
{
    const int64_t i = r->end - r->base;
    r->value[i] = s->value;
    ring_set_gap(r, r->end, s->gap);
    if (r->peak) {
        r->peak[i] = s->peak;
        r->peak_off[i] = s->peak_off;
    }
    if (++r->end - r->base == r->cap)
        r->base = r->end;
}

/* Oldest index still held. */
static inline int64_t ring_start(const ring *r)
{
    int64_t s = r->end - r->cap;
    return s > 0 ? s : 0;
}

static inline float ring_at(const ring *r, int64_t i)
{
    return r->value[ring_slot(r, i)];
}

/* Copies the samples [start, start + n), all held, to dst: at most two contiguous runs. */
static inline void ring_copy(const ring *r, int64_t start, int n, float *dst)
{
    const int64_t k = ring_slot(r, start);
    const size_t first = (size_t)(r->cap - k < n ? r->cap - k : n);
    memcpy(dst, r->value + k, sizeof(float) * first);
    memcpy(dst + first, r->value, sizeof(float) * ((size_t)n - first));
}

static inline int ring_gap_at(const ring *r, int64_t i)
{
    const int64_t k = ring_slot(r, i);
    return (r->gap[k >> 3] >> (k & 7)) & 1;
}

#endif
