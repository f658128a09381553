/* History of analysis samples addressed by absolute index (samples since reset). Capacity is a
 * power of two; the newest `capacity` samples are kept. */
#ifndef CALFPUMP_RING_H
#define CALFPUMP_RING_H

#include <stddef.h>
#include <stdint.h>

/* One analysis sample as the conditioning stage makes it. */
typedef struct ring_sample {
    float value;     /* the analysis signal */
    float peak;      /* the block's largest frame magnitude: impacts survive decimation there */
    float peak_off;  /* where in the block that frame was, analysis samples from its centre */
    uint8_t gap;     /* 1 where the sample holds gap frames */
} ring_sample;

typedef struct ring {
    float *value;
    uint8_t *gap;      /* one bit per sample (ring_gap_bytes): 1 where it holds gap frames */
    int64_t mask;      /* capacity - 1 */
    int64_t end;       /* absolute index one past the newest sample */
    float *peak;       /* NULL unless impacts are kept (foot and shank sensors) */
    float *peak_off;
} ring;

static inline size_t ring_gap_bytes(int64_t capacity)
{
    return (size_t)((capacity + 7) / 8);
}

static inline void ring_set_gap(ring *r, int64_t i, int gap)
{
    const int64_t k = i & r->mask;
    const uint8_t bit = (uint8_t)(1u << (k & 7));
    r->gap[k >> 3] = (uint8_t)(gap ? r->gap[k >> 3] | bit : r->gap[k >> 3] & ~bit);
}

static inline void ring_put(ring *r, const ring_sample *s)
{
    const int64_t i = r->end & r->mask;
    r->value[i] = s->value;
    ring_set_gap(r, r->end, s->gap);
    if (r->peak) {
        r->peak[i] = s->peak;
        r->peak_off[i] = s->peak_off;
    }
    r->end++;
}

/* Oldest index still held. */
static inline int64_t ring_start(const ring *r)
{
    int64_t s = r->end - (r->mask + 1);
    return s > 0 ? s : 0;
}

static inline float ring_at(const ring *r, int64_t i)
{
    return r->value[i & r->mask];
}

static inline int ring_gap_at(const ring *r, int64_t i)
{
    const int64_t k = i & r->mask;
    return (r->gap[k >> 3] >> (k & 7)) & 1;
}

#endif
