/* Private to `calfpump batch`: the summary rows of one recording (summary_rows.c), kept as the
 * analysis goes so that a recording never has to be held whole. */
#ifndef CALFPUMP_BATCH_H
#define CALFPUMP_BATCH_H

#include <stdint.h>

#include "cli.h"

/* What a batch writes in its output folder DIR: the table, and the folders of the recordings'
 * parts and full JSON (batch.c); a folder holding PARTS_DIR is a batch's output (batch_paths.c). */
#define TABLE_CSV "summary.csv"
#define TABLE_JSONL "summary.jsonl"
#define PARTS_DIR ".parts"
#define JSON_DIR "json"

/* Cadence percentiles of a row: nearest rank over the rhythmic windows' steps per minute. */
#define N_PERCENTILES 3
extern const int row_percentiles[N_PERCENTILES]; /* 10, 50, 90 */

/* One row of the summary table: a whole recording, or one of its days. */
typedef struct summary_row {
    int has_day;             /* 0: the whole recording */
    int64_t day;             /* floor(input-clock time / 86400 s) */
    double start_s, duration_s; /* on the input's clock */
    uint64_t steps, activations, bouts; /* a day: bouts that start in it */
    double walking_min;      /* time in walking bouts (60..150 steps/min) */
    double active_min;       /* time in any bout */
    double longest_still_min; /* longest time outside every bout */
    double cadence[N_PERCENTILES]; /* steps/min; NaN when no window was rhythmic */
} summary_row;

typedef struct day_stats {
    uint64_t steps, activations, bouts;
    double walking_s, active_s, still_s;
    float *cadence; /* steps/min of the rhythmic windows */
    size_t n_cadence, cap_cadence;
} day_stats;

/* The running totals of one recording, per day of the input's clock. */
typedef struct summary_rows {
    double t0;          /* input-clock time of library time 0 */
    int64_t first_day;
    day_stats *days;    /* from first_day on */
    size_t n_days, cap_days;
    double still_from;  /* library time the current still period began */
    double still_s;     /* longest still period of the whole recording */
} summary_rows;

void rows_init(summary_rows *r, double t0);
/* Each returns 0, or EXIT_DATA when out of memory. Records come in the library's order. */
int rows_activation(summary_rows *r, const calfpump_activation *a);
int rows_cadence(summary_rows *r, const calfpump_cadence *c);
int rows_bout(summary_rows *r, const calfpump_bout *b);
/* After the last record: the recording's row, then one per day when there are several, into
 * *rows (malloc'd; *n of them). 0, or EXIT_DATA. */
int rows_finish(summary_rows *r, const calfpump_summary *s, summary_row **rows, size_t *n);
void rows_free(summary_rows *r);

/* batch_paths.c: the recordings of the PATH arguments, in order, each once, none of the outputs
 * of this batch (its -o folder is skip) or of an earlier one (*paths malloc'd, free with
 * paths_free). 0, or an exit status. */
int expand_paths(char **args, int n_args, const char *include, const char *skip, char ***paths,
                 size_t *n);
void paths_free(char **paths, size_t n);

#endif /* CALFPUMP_BATCH_H */
