/* Subharmonic check of an EMG envelope's pattern period. The cadence engine takes the first
 * autocorrelation maximum within 85% of the highest as the pattern period; bursts of a muscle
 * whose sizes vary from cycle to cycle can make the maximum at two cycles the higher one, and
 * the engine then reads two cycles as one. A muscle's envelope has no left/right pattern inside
 * its cycle (unlike a trunk accelerometer's steps), so where the envelope correlates with itself
 * at half the period nearly as well as at the period, the period is halved. */
#ifndef CALFPUMP_SUBHARMONIC_H
#define CALFPUMP_SUBHARMONIC_H

#include "ring.h"

#include <stdint.h>

/* The period (analysis samples) after halving it while ring samples [start, end) support it
 * and it stays at least min_period. */
float subharmonic_check(const ring *r, int64_t start, int64_t end, float period,
                        float min_period);

#endif
