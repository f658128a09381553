/* History of analysis samples addressed by absolute index (samples since reset). Capacity is a
 * power of two; the newest `capacity` samples are kept. */
#ifndef CALFPUMP_RING_H
#define CALFPUMP_RING_H

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
    uint8_t *gap;
    int64_t mask;      /* capacity - 1 */
    int64_t end;       /* absolute index one past the newest sample */
    float *peak;       /* NULL unless impacts are kept (foot and shank sensors) */
    float *peak_off;
} ring;

static inline void ring_put(ring *r, const ring_sample *s)
{
    const int64_t i = r->end & r->mask;
    r->value[i] = s->value;
    r->gap[i] = s->gap;
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
    return r->gap[i & r->mask];
}

#endif
