/* Immobility: stretches without calf-pump activity, alerts at the threshold and every further
 * interval, and a break when activity resumes.
 *
 * Activity is every activation (steps, strides, EMG bursts) and every confirmed exercise rep.
 * Both are decided with a delay (a bout's first activations wait for min_bout_s of rhythm, an
 * exercise bout for EX_MIN_REPS reps), so they arrive out of order by at most `latency`
 * seconds. An alert for time t is therefore decided at stream time t + latency, when nothing can
 * arrive any more that would fall before t: its time is exact, and no alert is ever given for a
 * moment that activity preceded by less than the threshold.
 *
 * A gap (time without data, see analytics.h) is unknown activity: it ends the stretch at its
 * start (an END record there when the stretch had alerts), no alert falls inside it, and the
 * next stretch starts at its end. */
#ifndef CALFPUMP_IMMOBILITY_H
#define CALFPUMP_IMMOBILITY_H

#include "calfpump.h"
#include "queue.h"

typedef struct immobility {
    double threshold;        /* s */
    double latency;          /* s */
    queue *records;
    double last;             /* last decided activity (0: start of input) */
    uint32_t alerts;         /* alerts of the current stretch */
    int pending;             /* activity reported but not decided yet */
    int pend_gap;            /* pend_min is the start of a gap */
    double pend_min, pend_max;
    uint32_t total_alerts, stretches;
} immobility;

void immobility_setup(immobility *m, double threshold, double latency, queue *records);
void immobility_reset(immobility *m);
void immobility_activity(immobility *m, double t);
/* A gap from start, going on at (or ended at) t. */
void immobility_gap(immobility *m, double start, double t);
/* Decides what is older than now - latency: at most `room` records. */
void immobility_hop(immobility *m, double now, size_t room);
/* End of input at `end`: everything is decided; a stretch still open and long enough gets an
 * END record. */
void immobility_finish(immobility *m, double end, size_t room);

#endif
