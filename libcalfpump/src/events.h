/* Events: period-guided placement of one activation in time. The cadence stage says when the
 * next activation is due (one period after the last); the event is the maximum inside a
 * tolerance around that moment, refined to sub-sample time. The maximum of a step or stride
 * cycle sits at the foot contact: for trunk and carried sensors the analysis signal's maximum is
 * the heel-strike impact; a foot or shank sensor's averaged signal also peaks at push-off, so
 * there the largest raw frame magnitude (the contact's impact spike) is used, less how far the
 * analysis signal moves over the stance that follows (events.c: contact_score): at a low input
 * rate the anti-aliased spike is no higher than push-off, but only the contact is followed by
 * stillness. */
#ifndef CALFPUMP_EVENTS_H
#define CALFPUMP_EVENTS_H

#include "ring.h"

#include <stdint.h>

typedef struct event_candidate {
    double pos;      /* analysis sample index, fractional */
    float strength;  /* maximum minus the minimum within half a period either side, g */
    float movement;  /* the analysis signal's range within half a period either side, g */
} event_candidate;

/* Searches the maximum (where the ring keeps impacts: of the contact score) within expected +-
 * tolerance * period, using only ring samples in [lo, hi). On the analysis signal, a maximum
 * at the interval's edge is followed uphill up to half a period from `expected`. Returns 0 when
 * the search or the strength measure would need samples outside [lo, hi); with at_start (lo is
 * the input's first sample) the strength takes what there is before the maximum. */
int events_search(const ring *r, double expected, float period, float tolerance, int64_t lo,
                  int64_t hi, int at_start, event_candidate *out);

#endif
