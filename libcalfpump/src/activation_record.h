/* An activation as the activation queue holds it: only what varies between activations (kind
 * and side are the handle's). 16 bytes instead of calfpump_activation's 24: the queue holds an
 * unconfirmed bout's provisional activations too, the largest part of a firmware handle. */
#ifndef CALFPUMP_ACTIVATION_RECORD_H
#define CALFPUMP_ACTIVATION_RECORD_H

#include "calfpump.h"

#include <stddef.h>
#include <string.h>

typedef struct activation_record {
    double t;
    float period_s;
    float strength;
} activation_record;

/* out[0..n) holds n activation_records packed at its start (as polled); spreads them into
 * calfpump_activations in place, the last first (a record's target never overlaps a record not
 * yet read). */
static inline void activation_records_expand(calfpump_activation *out, size_t n, int32_t kind,
                                             int32_t side)
{
    const unsigned char *packed = (const unsigned char *)out;
    for (size_t i = n; i-- > 0;) {
        activation_record r;
        memcpy(&r, packed + i * sizeof r, sizeof r);
        out[i] = (calfpump_activation){r.t, r.period_s, r.strength, kind, side};
    }
}

#endif
