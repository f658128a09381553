/* Daily totals: walking minutes, ankle pumps, heel raises, immobility alerts and elevated time
 * per calendar day (midnight after day_offset_s). Contributions arrive when their bout closes,
 * so a day is emitted once the stream is past its end by the decision latency and no bout is
 * open; until then up to DAILY_SLOTS days are held (a contribution to a later day is counted in
 * the last held one). */
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
    calfpump_day slot[DAILY_SLOTS];
    double walking_s;        /* total */
} daily;

void daily_setup(daily *d, double offset, double latency, queue *records);
void daily_reset(daily *d);
int32_t daily_day_of(const daily *d, double t);
/* The held record of the day of time t. */
calfpump_day *daily_at(daily *d, double t);
/* Walking from start to end, split at midnights; sign -1 takes it back out. */
void daily_walking(daily *d, double start, double end, int sign);
/* Elevated minutes likewise. */
void daily_elevated(daily *d, double start, double end);
/* Emits the oldest held day when it is decided (at most one). */
void daily_hop(daily *d, double now, int busy);
/* End of input: every held day up to the one of `end`, at most `room`. */
void daily_finish(daily *d, double end, size_t room);

#endif
