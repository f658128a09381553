/* History of analysis samples addressed by absolute index (samples since reset). Capacity is a
 * power of two; the newest `capacity` samples are kept. */
#ifndef CALFPUMP_RING_H
#define CALFPUMP_RING_H

#include <stdint.h>

typedef struct ring {
    float *value;   /* the analysis signal */
    uint8_t *gap;   /* 1 where the sample holds gap frames */
    int64_t mask;   /* capacity - 1 */
    int64_t end;    /* absolute index one past the newest sample */
} ring;

static inline void ring_put(ring *r, float v, uint8_t gap)
{
    r->value[r->end & r->mask] = v;
    r->gap[r->end & r->mask] = gap;
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
    return r->gap[i & r->mask];
}

#endif
