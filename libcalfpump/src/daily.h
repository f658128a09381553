/* Daily totals: walking minutes, ankle pumps, heel raises, immobility alerts and elevated time
 * per calendar day (midnight after day_offset_s). Contributions arrive when their bout closes,
 * so a day is emitted once the stream is past its end by the decision latency and no bout is
 * open. Up to DAILY_SLOTS days are held: once the stream reaches the last slot's day, the
 * oldest is emitted even with a bout open (the caller first settles what it can of open spans
 * up to that day's end: elevated time), so that every day keeps a record of its own. Only a
 * bout open that long (days: bad input) books its part in days already emitted into the oldest
 * held day. */
#ifndef CALFPUMP_DAILY_H
#define CALFPUMP_DAILY_H

#include "calfpump.h"
#include "queue.h"

#define DAILY_SLOTS 4
#define DAILY_S 86400.0

typedef struct daily {
    double offset;           /* seconds since midnight at t = 0 */
    double latency;
    queue *records;
    int32_t first;           /* day of slot[0]: the oldest day not emitted */
    int32_t last;            /* the input's last day (INT32_MAX while streaming) */
    calfpump_day slot[DAILY_SLOTS];
    double nodata[DAILY_SLOTS]; /* s of gaps, left out of covered_s */
    double walking_s;        /* total */
} daily;

void daily_setup(daily *d, double offset, double latency, queue *records);
void daily_reset(daily *d);
int32_t daily_day_of(const daily *d, double t);
/* The held record of the day of time t. */
calfpump_day *daily_at(daily *d, double t);
/* Walking from start to end, split at midnights, times `share`: -1 takes it back out (a
 * share of it: a part of the time). */
void daily_walking(daily *d, double start, double end, double share);
/* Elevated minutes likewise. */
void daily_elevated(daily *d, double start, double end);
/* Ankle-pump session minutes likewise. */
void daily_pumping(daily *d, double start, double end);
/* n events (pumps, reps) spread evenly over [start, end) into the uint32_t at byte `field` of
 * each day's record: split at midnights in proportion to the time on each day, to the nearest
 * event (the parts add up to n). */
void daily_count(daily *d, double start, double end, uint32_t n, size_t field);
/* Time without data (gaps) likewise: not covered. */
void daily_gap(daily *d, double start, double end);
/* End of the oldest held day. */
double daily_first_end(const daily *d);
/* Whether the oldest held day is to be emitted at stream time now (busy: a bout is open). */
int daily_due(const daily *d, double now, int busy);
/* Emits the oldest held day, covering input up to now. */
void daily_emit(daily *d, double now);
/* End of input at `end`: what falls at `end` itself counts in the day before (input ending at
 * midnight ends with that day). */
void daily_end(daily *d, double end);
/* Every held day up to the one of `end`, at most `room`; 0 while some are left. */
int daily_finish(daily *d, double end, size_t room);

#endif
