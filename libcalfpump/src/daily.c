#include "daily.h"

#include <math.h>
#include <string.h>

void daily_setup(daily *d, double offset, double latency, queue *records)
{
    d->offset = offset;
    d->latency = latency;
    d->records = records;
}

static void clear_slot(daily *d, int i)
{
    memset(&d->slot[i], 0, sizeof d->slot[i]);
    d->slot[i].day = d->first + i;
    d->nodata[i] = 0.0;
}

void daily_reset(daily *d)
{
    d->first = 0;
    d->last = INT32_MAX;
    for (int i = 0; i < DAILY_SLOTS; i++)
        clear_slot(d, i);
    d->walking_s = 0.0;
}

int32_t daily_day_of(const daily *d, double t)
{
    return (int32_t)floor((t + d->offset) / DAILY_S);
}

static double day_start(const daily *d, int32_t day)
{
    return day * DAILY_S - d->offset;
}

/* The slot of the day of time t. */
static int slot_of(const daily *d, double t)
{
    const int32_t day = daily_day_of(d, t);
    const int32_t i = (day < d->last ? day : d->last) - d->first;
    return i < 0 ? 0 : i >= DAILY_SLOTS ? DAILY_SLOTS - 1 : i;
}

calfpump_day *daily_at(daily *d, double t)
{
    return &d->slot[slot_of(d, t)];
}

#define NODATA ((size_t)-1)

/* The end of the part of [t, end) in t's day: the next midnight, or end. */
static double cut_of(const daily *d, double t, double end)
{
    return fmin(end, day_start(d, daily_day_of(d, t) + 1));
}

/* Adds sign x the minutes of [start, end) per day into the float at byte `field` of each
 * record, or (field NODATA) its seconds to the day's time without data. */
static void add_span(daily *d, double start, double end, size_t field, double sign)
{
    for (double cut; end > start; start = cut) {
        cut = cut_of(d, start, end);
        const int i = slot_of(d, start);
        if (field == NODATA)
            d->nodata[i] += cut - start;
        else
            *(float *)((char *)&d->slot[i] + field) += (float)(sign * (cut - start) / 60.0);
    }
}

void daily_count(daily *d, double start, double end, uint32_t n, size_t field)
{
    uint32_t booked = 0;
    for (double t = start, cut; booked < n; t = cut) {
        cut = end > t ? cut_of(d, t, end) : end;
        const uint32_t upto =
            cut >= end ? n : (uint32_t)floor(n * (cut - start) / (end - start) + 0.5);
        *(uint32_t *)((char *)&d->slot[slot_of(d, t)] + field) += upto - booked;
        booked = upto;
    }
}

void daily_walking(daily *d, double start, double end, double share)
{
    add_span(d, start, end, offsetof(calfpump_day, walking_min), share);
    d->walking_s += share * (end - start);
}

void daily_elevated(daily *d, double start, double end)
{
    add_span(d, start, end, offsetof(calfpump_day, elevated_min), 1);
}

void daily_pumping(daily *d, double start, double end)
{
    add_span(d, start, end, offsetof(calfpump_day, pump_min), 1);
}

void daily_gap(daily *d, double start, double end)
{
    add_span(d, start, end, NODATA, 1);
}

double daily_first_end(const daily *d)
{
    return day_start(d, d->first + 1);
}

int daily_due(const daily *d, double now, int busy)
{
    return daily_day_of(d, now) - d->first >= DAILY_SLOTS - 1 ||
           (!busy && now - d->latency >= daily_first_end(d));
}

/* Emits slot 0, covering input up to `end`, and moves the others down. */
void daily_emit(daily *d, double end)
{
    calfpump_day *rec = &d->slot[0];
    const double a = fmax(0.0, day_start(d, d->first)), b = fmin(end, day_start(d, d->first + 1));
    rec->covered_s = (float)(b > a ? fmax(0.0, b - a - d->nodata[0]) : 0.0);
    /* Walking less the exercise within it can round below 0 (it printed -0.00). */
    rec->walking_min = rec->walking_min > 0.0f ? rec->walking_min : 0.0f;
    queue_push(d->records, rec);
    queue_commit(d->records);
    memmove(&d->slot[0], &d->slot[1], sizeof d->slot[0] * (DAILY_SLOTS - 1));
    memmove(&d->nodata[0], &d->nodata[1], sizeof d->nodata[0] * (DAILY_SLOTS - 1));
    d->first++;
    clear_slot(d, DAILY_SLOTS - 1);
}

void daily_end(daily *d, double end)
{
    d->last = daily_day_of(d, end > 0.0 ? end - 1e-9 : 0.0);
}

int daily_finish(daily *d, double end, size_t room)
{
    daily_end(d, end);
    for (; room > 0 && d->first <= d->last; room--)
        daily_emit(d, end);
    return d->first > d->last;
}
