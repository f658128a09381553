/* Events: period-guided placement of one activation in time. The cadence stage says when the
 * next activation is due (one period after the last); the event is the maximum of the analysis
 * signal inside a tolerance around that moment, refined to sub-sample time. The signal maximum
 * of a step or stride cycle sits at the foot contact: the heel-strike impact for trunk and
 * carried sensors, the end of the swing just before contact for a foot or shank sensor. */
#ifndef CALFPUMP_EVENTS_H
#define CALFPUMP_EVENTS_H

#include "ring.h"

#include <stdint.h>

typedef struct event_candidate {
    double pos;      /* analysis sample index, fractional */
    float strength;  /* maximum minus the minimum within half a period either side, g */
} event_candidate;

/* Searches the maximum within expected +- tolerance * period, using only ring samples in
 * [lo, hi). Returns 0 when the search or the strength measure would need samples outside them. */
int events_search(const ring *r, double expected, float period, float tolerance, int64_t lo,
                  int64_t hi, event_candidate *out);

#endif
