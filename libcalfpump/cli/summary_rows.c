/* The summary rows of one recording, built record by record as the library emits them: counts
 * per day of the input's clock, time in bouts clipped to each day, the longest still period
 * (outside every bout) and the cadence percentiles of the rhythmic windows. */
#include <stdlib.h>
#include <string.h>

#include "batch.h"

const int row_percentiles[N_PERCENTILES] = {10, 50, 90};

/* What a stretch of time adds to each day it overlaps. */
enum span_kind { SPAN_STILL, SPAN_ACTIVE, SPAN_WALKING };

void rows_init(summary_rows *r, double t0)
{
    memset(r, 0, sizeof *r);
    r->t0 = t0;
    r->first_day = (int64_t)floor(t0 / DAY_S);
}

/* Day number of library time t. */
static int64_t day_of(const summary_rows *r, double t)
{
    return (int64_t)floor((r->t0 + t) / DAY_S);
}

/* The stats of day d (>= first_day), created with the days before it; NULL when out of memory. */
static day_stats *day_at(summary_rows *r, int64_t d)
{
    size_t i = (size_t)(d - r->first_day);
    if (i >= r->n_days) {
        day_stats *days = grow_array(r->days, &r->cap_days, i + 1, sizeof *days);
        if (!days)
            return NULL;
        memset(days + r->n_days, 0, (i + 1 - r->n_days) * sizeof *days);
        r->days = days;
        r->n_days = i + 1;
    }
    return &r->days[i];
}

/* Library times a..b, split at midnights. */
static int add_span(summary_rows *r, double a, double b, enum span_kind kind)
{
    if (kind == SPAN_STILL && b - a > r->still_s)
        r->still_s = b - a;
    for (int64_t d = day_of(r, a); a < b; d++) {
        double end = fmin(b, (double)(d + 1) * DAY_S - r->t0);
        if (end > a) {
            day_stats *day = day_at(r, d);
            if (!day)
                return EXIT_DATA;
            if (kind == SPAN_STILL)
                day->still_s = fmax(day->still_s, end - a);
            else if (kind == SPAN_ACTIVE)
                day->active_s += end - a;
            else
                day->walking_s += end - a;
        }
        a = fmax(a, end);
    }
    return 0;
}

int rows_activation(summary_rows *r, const calfpump_activation *a)
{
    day_stats *day = day_at(r, day_of(r, a->t));
    if (!day)
        return EXIT_DATA;
    day->activations++;
    day->steps += a->kind == CALFPUMP_KIND_STRIDE ? 2 : 1; /* a stride holds both legs' steps */
    return 0;
}

int rows_cadence(summary_rows *r, const calfpump_cadence *c)
{
    if (!c->rhythmic)
        return 0;
    day_stats *day = day_at(r, day_of(r, c->t));
    if (!day)
        return EXIT_DATA;
    float *v = grow_array(day->cadence, &day->cap_cadence, day->n_cadence + 1, sizeof *v);
    if (!v)
        return EXIT_DATA;
    day->cadence = v;
    v[day->n_cadence++] = c->steps_per_min;
    return 0;
}

int rows_bout(summary_rows *r, const calfpump_bout *b)
{
    day_stats *day = day_at(r, day_of(r, b->start));
    if (!day)
        return EXIT_DATA;
    day->bouts++;
    int status = add_span(r, r->still_from, b->start, SPAN_STILL);
    if (!status)
        status = add_span(r, b->start, b->end, SPAN_ACTIVE);
    if (!status && b->kind == CALFPUMP_BOUT_WALKING)
        status = add_span(r, b->start, b->end, SPAN_WALKING);
    r->still_from = fmax(r->still_from, b->end);
    return status;
}

static int compare_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentiles of v[0..n) (sorted in place), rounded like the JSON's cadence. */
static void percentiles(float *v, size_t n, double out[N_PERCENTILES])
{
    if (n > 0) /* qsort's pointer must be valid even for 0 elements */
        qsort(v, n, sizeof *v, compare_float);
    for (int k = 0; k < N_PERCENTILES; k++) {
        size_t rank = ((size_t)row_percentiles[k] * n + 99) / 100;
        out[k] = n ? round((double)v[rank ? rank - 1 : 0] * 100.0) / 100.0 : NAN;
    }
}

static double minutes(double s) { return round(s / 60.0 * 1e4) / 1e4; }

static double round4(double v) { return round(v * 1e4) / 1e4; }

int rows_finish(summary_rows *r, const calfpump_summary *s, summary_row **rows, size_t *n)
{
    const double duration = s->duration_s;
    *rows = NULL;
    *n = 0;
    if (add_span(r, r->still_from, duration, SPAN_STILL) != 0)
        return EXIT_DATA;
    /* Every day the recording touches has a row, also one without any activity. */
    double last = fmax(ceil((r->t0 + duration) / DAY_S) - 1.0, (double)r->first_day);
    if (duration > 0 && !day_at(r, (int64_t)last))
        return EXIT_DATA;
    size_t n_rows = 1 + (r->n_days > 1 ? r->n_days : 0);
    summary_row *out = calloc(n_rows, sizeof *out);
    float *all = NULL;
    size_t n_all = 0, cap_all = 0;
    for (size_t i = 0; out && i < r->n_days; i++) {
        const day_stats *d = &r->days[i];
        float *grown = grow_array(all, &cap_all, n_all + d->n_cadence + 1, sizeof *all);
        if (!grown) {
            free(out);
            out = NULL;
            break;
        }
        all = grown;
        if (d->n_cadence)
            memcpy(all + n_all, d->cadence, d->n_cadence * sizeof *all);
        n_all += d->n_cadence;
        out[0].walking_min += d->walking_s;
        out[0].active_min += d->active_s;
        if (n_rows == 1)
            continue;
        summary_row *row = &out[1 + i];
        int64_t day = r->first_day + (int64_t)i;
        double start = fmax(r->t0, (double)day * DAY_S);
        row->has_day = 1;
        row->day = day;
        row->start_s = round4(start);
        row->duration_s = round4(fmin(r->t0 + duration, (double)(day + 1) * DAY_S) - start);
        row->steps = d->steps;
        row->activations = d->activations;
        row->bouts = d->bouts;
        row->walking_min = minutes(d->walking_s);
        row->active_min = minutes(d->active_s);
        row->longest_still_min = minutes(d->still_s);
        percentiles(d->cadence, d->n_cadence, row->cadence);
    }
    if (!out) {
        cli_error("out of memory");
        free(all);
        return EXIT_DATA;
    }
    out[0].start_s = round4(r->t0);
    out[0].duration_s = round4(duration);
    out[0].steps = s->steps;
    out[0].activations = s->activations;
    out[0].bouts = s->bouts;
    out[0].walking_min = minutes(out[0].walking_min);
    out[0].active_min = minutes(out[0].active_min);
    out[0].longest_still_min = minutes(r->still_s);
    percentiles(all, n_all, out[0].cadence);
    free(all);
    *rows = out;
    *n = n_rows;
    return 0;
}

void rows_free(summary_rows *r)
{
    for (size_t i = 0; i < r->n_days; i++)
        free(r->days[i].cadence);
    free(r->days);
    memset(r, 0, sizeof *r);
}
