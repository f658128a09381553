/* `calfpump batch`: many recordings through a pool of worker threads (one library handle each)
 * into one summary table. Each recording's rows go to DIR/.parts/<key>.json, written to a
 * temporary name and renamed once complete (after its full JSON, with --full-json): a part that
 * exists is complete, and a re-run skips the recordings whose part matches the file's size,
 * modification time and the analysis options. The table (DIR/summary.csv, DIR/summary.jsonl) is
 * then put together from the parts, in the order of the PATHs, and the error rows of the
 * recordings whose outputs could not be written (kept in memory: they have no part). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

#define PART_SCHEMA "calfpump.batch-part/2" /* /2: rows with warnings */
/* Results taken from the library per poll call. */
#define POLL_CAP 256
#define ERROR_SIZE 512
#define WARNINGS_SIZE 2048
#define PROGRESS_WIDTH 30
#define PROGRESS_TICK_S 0.25

/* The summary table's columns, in order; the JSON lines use the same names. */
static const char *const columns[] = {
    "file", "day", "start_s", "duration_s", "steps", "activations", "bouts", "walking_min",
    "active_min", "longest_still_min", "cadence_p10", "cadence_p50", "cadence_p90", "error",
    "warnings"};
#define N_COLUMNS (sizeof columns / sizeof *columns)

/* What every worker shares. */
typedef struct batch {
    const analysis_options *ao;
    const batch_options *bo;
    char **paths;
    size_t n_paths;
    char *options; /* the analysis options as text: a part is only reused under the same */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t next;     /* next recording to take */
    size_t done, skipped, failed;
    size_t running; /* worker threads not yet finished */
    json_t **unwritten; /* per path: the error row of a recording whose outputs could not be
                           written (run_one), else NULL */
} batch;

/* One worker thread and its library handle, kept while the files' configs stay the same. */
typedef struct worker {
    batch *b;
    pthread_t thread;
    calfpump *h;
    calfpump_config cfg;
} worker;

/* One recording being analysed. */
typedef struct job {
    worker *w;
    read_request rq;
    int started; /* the handle is ready for this recording's frames */
    summary_rows rows;
} job;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- outputs -------------------------------------------------------------------------------- */

/* FNV-1a, 64 bits: tells recordings of the same name in different folders apart. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* DIR/<sub>/<name>-<hash of the canonical path><ext>, the name cut to its first NAME_BYTES
 * bytes (whole UTF-8 characters): with "-<hash>.json.tmp<pid>" (at most 46 bytes) it stays
 * within a file name's 255, and the hash tells names cut alike apart. NULL when out of
 * memory. */
#define NAME_BYTES 200
static char *output_path(const batch *b, const char *path, const char *sub, const char *ext)
{
    char *real = realpath(path, NULL);
    char *copy = strdup(path);
    char *out = NULL;
    if (copy) {
        const char *base = basename(copy);
        size_t len = strlen(base) < NAME_BYTES ? strlen(base) : NAME_BYTES;
        while (len > 0 && ((unsigned char)base[len] & 0xC0) == 0x80) /* inside a character */
            len--;
        size_t size = strlen(b->bo->output) + strlen(sub) + len + strlen(ext) + 24;
        if ((out = malloc(size)))
            snprintf(out, size, "%s/%s/%.*s-%016llx%s", b->bo->output, sub, (int)len, base,
                     (unsigned long long)fnv1a(real ? real : path), ext);
    }
    if (!out)
        cli_error("out of memory");
    free(real);
    free(copy);
    return out;
}

/* Writes through write_to into path's temporary name, syncs it and renames it to path: a file
 * at path is always whole. 0, or EXIT_DATA after a message. */
static int write_atomic(const char *path, int (*write_to)(FILE *, const void *), const void *what)
{
    size_t size = strlen(path) + 32;
    char *tmp = malloc(size);
    if (!tmp) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    snprintf(tmp, size, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int status = f ? write_to(f, what) : EXIT_DATA;
    if (f && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0))
        status = EXIT_DATA;
    if (f && fclose(f) != 0)
        status = EXIT_DATA;
    if (status == 0 && rename(tmp, path) != 0)
        status = EXIT_DATA;
    if (status) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return status;
}

static int mkdir_p(const char *dir)
{
    char *copy = strdup(dir);
    int status = copy ? 0 : EXIT_DATA;
    for (char *p = copy; status == 0 && p; p = strchr(p + 1, '/')) {
        char keep = *p;
        *p = '\0';
        if (copy[0] && mkdir(copy, 0777) != 0 && errno != EEXIST)
            status = EXIT_DATA;
        *p = keep;
    }
    if (status == 0 && mkdir(dir, 0777) != 0 && errno != EEXIST)
        status = EXIT_DATA;
    if (status)
        cli_error("cannot make the folder '%s': %s", dir, copy ? strerror(errno) : "no memory");
    free(copy);
    return status;
}

/* A number for a row: null when not finite (no rhythmic window). */
static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* The recording's warnings, one a line in text, as an array of strings. */
static json_t *warnings_json(const char *text)
{
    json_t *arr = json_array();
    for (const char *w = text; arr && *w;) {
        const size_t len = strcspn(w, "\n");
        char *one = strndup(w, len);
        if (!one || json_array_append_new(arr, json_text(one)) != 0) {
            json_decref(arr);
            arr = NULL;
        }
        free(one);
        w += len + (w[len] == '\n');
    }
    return arr;
}

/* One table row; row NULL: the error row of a recording that could not be analysed. Every row
 * of a recording carries its warnings. */
static json_t *row_json(const char *file, const summary_row *row, const char *error,
                        const char *warnings)
{
    json_t *j = json_object();
    if (!j)
        return NULL;
    json_t *values[N_COLUMNS] = {json_text(file)};
    if (row) {
        values[1] = row->has_day ? json_integer(row->day) : json_null();
        values[2] = json_real(row->start_s);
        values[3] = json_real(row->duration_s);
        values[4] = json_integer((json_int_t)row->steps);
        values[5] = json_integer((json_int_t)row->activations);
        values[6] = json_integer((json_int_t)row->bouts);
        values[7] = json_real(row->walking_min);
        values[8] = json_real(row->active_min);
        values[9] = json_real(row->longest_still_min);
        for (int k = 0; k < N_PERCENTILES; k++)
            values[10 + k] = real_or_null(row->cadence[k]);
    }
    values[N_COLUMNS - 2] = error ? json_text(error) : json_null();
    values[N_COLUMNS - 1] = warnings_json(warnings);
    int ok = 1;
    for (size_t c = 0; c < N_COLUMNS; c++)
        ok &= json_object_set_new(j, columns[c], values[c] ? values[c] : json_null()) == 0;
    if (!ok) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* What identifies a recording's input: a changed file is analysed again. */
static json_t *signature(const batch *b, const char *path)
{
    struct stat st;
    int found = stat(path, &st) == 0;
    return json_pack("{s:o, s:I, s:I, s:s}", "file", json_text(path),
                     "size", (json_int_t)(found ? st.st_size : -1),
                     "mtime_ns", (json_int_t)(found ? st.st_mtim.tv_sec * 1000000000LL +
                                                          st.st_mtim.tv_nsec : -1),
                     "options", b->options);
}

static int dump_json(FILE *f, const void *doc)
{
    return json_dumpf(doc, f, JSON_COMPACT | JSON_REAL_PRECISION(15)) == 0 ? 0 : EXIT_DATA;
}

/* The recording's part: its signature and rows. */
static int write_part(const batch *b, const char *path, json_t *rows)
{
    char *part = output_path(b, path, PARTS_DIR, ".json");
    json_t *doc = json_pack("{s:s, s:o, s:o}", "schema", PART_SCHEMA, "input",
                            signature(b, path), "rows", rows);
    int status = part && doc ? write_atomic(part, dump_json, doc) : EXIT_DATA;
    if (!doc)
        cli_error("out of memory");
    json_decref(doc);
    free(part);
    return status;
}

/* The part holds an error row (and so no full JSON goes with it). */
static int part_failed(const json_t *doc)
{
    json_t *first = json_array_get(json_object_get(doc, "rows"), 0);
    return !json_is_null(json_object_get(first, "error"));
}

/* The part of a recording when it is complete and still describes the file; else NULL. */
static json_t *complete_part(const batch *b, const char *path)
{
    char *part = output_path(b, path, PARTS_DIR, ".json");
    char *full = b->bo->full_json ? output_path(b, path, JSON_DIR, ".json") : NULL;
    json_t *doc = part ? json_load_file(part, 0, NULL) : NULL;
    json_t *sig = signature(b, path);
    const char *schema = json_string_value(json_object_get(doc, "schema"));
    int ok = schema && strcmp(schema, PART_SCHEMA) == 0 && /* an older part: redone */
             json_array_size(json_object_get(doc, "rows")) > 0 && sig &&
             json_equal(json_object_get(doc, "input"), sig) &&
             (!b->bo->full_json || part_failed(doc) || (full && access(full, F_OK) == 0));
    json_decref(sig);
    free(part);
    free(full);
    if (!ok) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* ---- analysis ------------------------------------------------------------------------------- */

/* The worker's handle made ready for a recording: reset when the config is the same, else made
 * anew; with the analytics as the full JSON has them, or off for streaming. 0, or EXIT_DATA
 * after a message. */
static int ready_handle(worker *w, const job *j, const recording *rec, int analytics)
{
    calfpump_config cfg;
    config_for(w->b->ao, rec, &cfg);
    cfg.analytics = analytics;
    int s;
    if (w->h && memcmp(&cfg, &w->cfg, sizeof cfg) == 0) {
        s = calfpump_reset(w->h);
    } else {
        calfpump_destroy(w->h);
        w->h = NULL;
        s = calfpump_create(&cfg, &w->h);
        w->cfg = cfg;
    }
    return s == CALFPUMP_OK ? 0 : analysis_error(&j->rq, &cfg, s);
}

/* Everything the library has ready, into the rows. EMG bursts are polled too, lest their queue
 * stall the stream: each is also an activation, which is all the rows count of it. */
static int drain(job *j)
{
    calfpump *h = j->w->h;
    calfpump_activation act[POLL_CAP];
    calfpump_cadence cad[POLL_CAP];
    calfpump_bout bouts[POLL_CAP];
    calfpump_burst bursts[POLL_CAP];
    size_t n;
    int s, status = 0;
    while (calfpump_poll_bursts(h, bursts, POLL_CAP, &n) == CALFPUMP_MORE)
        ;
    do {
        s = calfpump_poll_activations(h, act, POLL_CAP, &n);
        for (size_t i = 0; i < n && !status; i++)
            status = rows_activation(&j->rows, &act[i]);
    } while (s == CALFPUMP_MORE && !status);
    do {
        s = calfpump_poll_cadence(h, cad, POLL_CAP, &n);
        for (size_t i = 0; i < n && !status; i++)
            status = rows_cadence(&j->rows, &cad[i]);
    } while (s == CALFPUMP_MORE && !status);
    do {
        s = calfpump_poll_bouts(h, bouts, POLL_CAP, &n);
        for (size_t i = 0; i < n && !status; i++)
            status = rows_bout(&j->rows, &bouts[i]);
    } while (s == CALFPUMP_MORE && !status);
    return status;
}

/* The reader's sink: frames into the library, results into the rows as they come. */
static int push_frames(void *ctx, const recording *rec, const float *frames, size_t n)
{
    job *j = ctx;
    if (!j->started) {
        /* The rows take activations, cadence and bouts only; the analytics' queues, never
         * polled, would fill and stall the stream. */
        int status = ready_handle(j->w, j, rec, 0);
        if (status)
            return status;
        /* The recording is never whole here: the first chunk (thousands of frames) tells. */
        if (j->w->cfg.signal == CALFPUMP_SIGNAL_ACCEL)
            warn_gravity(&j->rq, frames, n, rec->channels);
        rows_init(&j->rows, rec->t0);
        j->started = 1;
    }
    while (n > 0) {
        size_t used = 0;
        int s = calfpump_push(j->w->h, frames, n, &used);
        if (s != CALFPUMP_OK && s != CALFPUMP_E_QUEUE_FULL)
            return analysis_error(&j->rq, &j->w->cfg, s);
        frames += used * (size_t)rec->channels;
        n -= used;
        if (drain(j))
            return EXIT_DATA;
    }
    return 0;
}

/* Streams the recording through the handle; the rows once the input has ended. */
static int analyse_streaming(job *j, summary_row **rows, size_t *n_rows)
{
    recording rec = {0};
    j->rq.sink = push_frames;
    j->rq.sink_ctx = j;
    int status = read_input(&j->rq, &rec);
    int s = CALFPUMP_E_QUEUE_FULL;
    while (status == 0 && s == CALFPUMP_E_QUEUE_FULL) {
        s = calfpump_flush(j->w->h);
        status = drain(j);
    }
    if (status == 0 && s != CALFPUMP_OK)
        status = analysis_error(&j->rq, &j->w->cfg, s);
    calfpump_summary summary;
    if (status == 0 && calfpump_get_summary(j->w->h, &summary) == CALFPUMP_OK) {
        warn_all_gaps(&j->rq, &summary);
        status = rows_finish(&j->rows, &summary, rows, n_rows);
    }
    recording_free(&rec);
    return status;
}

static int dump_analysis(FILE *f, const void *a) { return write_json(f, a); }

/* The whole recording at once, for the full JSON (it holds every record anyway). *unwritten is
 * set when the JSON could not be written: no fault of the recording's. */
static int analyse_whole(job *j, const char *json_path, summary_row **rows, size_t *n_rows,
                         int *unwritten)
{
    const analysis_options *ao = j->w->b->ao;
    recording rec = {0};
    calfpump_result *result = NULL;
    int status = read_input(&j->rq, &rec);
    if (status == 0 && ao->signal == CALFPUMP_SIGNAL_ACCEL)
        warn_gravity(&j->rq, rec.frames, rec.n_frames, rec.channels);
    if (status == 0)
        status = ready_handle(j->w, j, &rec, 1);
    if (status == 0) {
        int s = calfpump_analyze(j->w->h, rec.frames, rec.n_frames, &result);
        if (s != CALFPUMP_OK)
            status = analysis_error(&j->rq, &j->w->cfg, s);
    }
    if (status == 0) {
        warn_all_gaps(&j->rq, calfpump_result_summary(result));
        size_t n_act, n_cad, n_bouts;
        const calfpump_activation *act = calfpump_result_activations(result, &n_act);
        const calfpump_cadence *cad = calfpump_result_cadence(result, &n_cad);
        const calfpump_bout *bouts = calfpump_result_bouts(result, &n_bouts);
        rows_init(&j->rows, rec.t0);
        for (size_t i = 0; i < n_act && !status; i++)
            status = rows_activation(&j->rows, &act[i]);
        for (size_t i = 0; i < n_cad && !status; i++)
            status = rows_cadence(&j->rows, &cad[i]);
        for (size_t i = 0; i < n_bouts && !status; i++)
            status = rows_bout(&j->rows, &bouts[i]);
        if (status == 0)
            status = rows_finish(&j->rows, calfpump_result_summary(result), rows, n_rows);
    }
    if (status == 0) {
        analysis a = {j->rq.name, calfpump_signal_name(ao->signal),
                      calfpump_placement_name(ao->placement), calfpump_side_name(ao->side), &rec,
                      result, j->w->cfg.window_s};
        status = *unwritten = write_atomic(json_path, dump_analysis, &a);
    }
    calfpump_result_free(result);
    recording_free(&rec);
    return status;
}

/* A PATH that is not a regular file (a FIFO, a device) would block the worker or be read for
 * ever, and has no size or time to resume by: 0, or EXIT_DATA after a message. A path that
 * names nothing is left to the reader's message. */
static int regular_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return 0;
    cli_error("'%s' is not a regular file (a pipe, socket or device): batch reads files", path);
    return EXIT_DATA;
}

/* The rows of one recording as a JSON array: its rows, or its error row (status != 0). NULL
 * when out of memory. */
static json_t *rows_json(const char *path, int status, const summary_row *rows, size_t n_rows,
                         const char *error, const char *warnings)
{
    json_t *table = json_array();
    for (size_t i = 0; table && i < (status ? 1 : n_rows); i++)
        if (json_array_append_new(table, row_json(path, status ? NULL : &rows[i],
                                                  status ? error : NULL, warnings)) != 0) {
            json_decref(table);
            table = NULL;
        }
    return table;
}

/* Analyses recording i and writes its part. 0 ok, 1 its row holds an error. When an output
 * of the recording (its full JSON, its part) cannot be written, that is its error row, kept in
 * b->unwritten[i] for the table and printed: the recording then has no part, and a re-run
 * analyses it again. */
static int run_one(worker *w, size_t i)
{
    batch *b = w->b;
    const char *path = b->paths[i];
    job j = {.w = w, .rq = b->ao->rq};
    j.rq.path = path;
    j.rq.name = path;
    char error[ERROR_SIZE], warnings[WARNINGS_SIZE];
    char *json_path = b->bo->full_json ? output_path(b, path, JSON_DIR, ".json") : NULL;
    summary_row *rows = NULL;
    size_t n_rows = 0;
    int unwritten = b->bo->full_json && !json_path;
    cli_capture_errors(error, sizeof error);
    cli_capture_warnings(warnings, sizeof warnings);
    int status = unwritten            ? EXIT_DATA
                 : regular_file(path) ? EXIT_DATA
                 : json_path          ? analyse_whole(&j, json_path, &rows, &n_rows, &unwritten)
                                      : analyse_streaming(&j, &rows, &n_rows);
    cli_capture_errors(NULL, 0);
    cli_capture_warnings(NULL, 0);
    if (status && !error[0])
        snprintf(error, sizeof error, "analysis failed (status %d)", status);
    if (!unwritten) {
        json_t *table = rows_json(path, status, rows, n_rows, error, warnings);
        cli_capture_errors(error, sizeof error); /* now the part's error, if any */
        if (!table)
            cli_error("out of memory");
        unwritten = !table || write_part(b, path, table) != 0;
        cli_capture_errors(NULL, 0);
    }
    if (unwritten) {
        status = EXIT_DATA;
        cli_error("%s", error);
        b->unwritten[i] = rows_json(path, status, NULL, 0, error, warnings);
    }
    rows_free(&j.rows);
    free(rows);
    free(json_path);
    return status != 0;
}

static void *work(void *arg)
{
    worker *w = arg;
    batch *b = w->b;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next++;
        int stop = i >= b->n_paths;
        pthread_mutex_unlock(&b->lock);
        if (stop)
            break;
        json_t *part = complete_part(b, b->paths[i]);
        if (part && b->bo->retry_errors && part_failed(part)) {
            json_decref(part);
            part = NULL;
        }
        int failed = part ? 0 : run_one(w, i);
        json_decref(part);
        pthread_mutex_lock(&b->lock);
        b->done++;
        b->skipped += part != NULL;
        b->failed += failed;
        pthread_cond_signal(&b->changed);
        pthread_mutex_unlock(&b->lock);
    }
    calfpump_destroy(w->h);
    pthread_mutex_lock(&b->lock);
    b->running--;
    pthread_cond_signal(&b->changed);
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* ---- progress ------------------------------------------------------------------------------- */

static void format_duration(char *out, size_t size, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(out, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(out, size, "%ld:%02ld", t / 60, t % 60);
}

/* [#####-----] 120/400 files  3.2 files/s  0:27 left  (1 failed, 50 already done) */
static void draw_progress(const batch *b, double started)
{
    size_t analysed = b->done - b->skipped;
    double elapsed = now_s() - started;
    double rate = elapsed > 0 ? analysed / elapsed : 0;
    int filled = b->n_paths ? (int)(PROGRESS_WIDTH * b->done / b->n_paths) : PROGRESS_WIDTH;
    char left[32] = "--:--";
    if (rate > 0)
        format_duration(left, sizeof left, (double)(b->n_paths - b->done) / rate);
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu files  %.1f files/s  %s left", filled,
            "##############################", PROGRESS_WIDTH - filled, "", b->done, b->n_paths,
            rate, left);
    if (b->failed || b->skipped)
        fprintf(stderr, "  (%zu failed, %zu already done)", b->failed, b->skipped);
    fputs("\033[K", stderr); /* clears what a longer line left */
    fflush(stderr);
}

/* Waits for the workers to finish, drawing the bar when asked to. */
static void wait_for_workers(batch *b, int progress)
{
    double started = now_s(), drawn = -PROGRESS_TICK_S;
    pthread_mutex_lock(&b->lock);
    while (b->running > 0) {
        if (progress && now_s() - drawn >= PROGRESS_TICK_S) { /* a few redraws a second */
            draw_progress(b, started);
            drawn = now_s();
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long ns = until.tv_nsec + (long)(PROGRESS_TICK_S * 1e9);
        until.tv_sec += ns / 1000000000L;
        until.tv_nsec = ns % 1000000000L;
        pthread_cond_timedwait(&b->changed, &b->lock, &until);
    }
    if (progress) {
        draw_progress(b, started);
        fputc('\n', stderr);
    }
    pthread_mutex_unlock(&b->lock);
}

/* ---- the table ------------------------------------------------------------------------------ */

/* The text of a quoted CSV cell, quotes doubled, line ends as spaces. */
static void csv_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
}

/* A CSV cell: numbers as JSON prints them, text quoted, null and [] empty, a list of texts (the
 * warnings) in one quoted cell, " | " between them. */
static void csv_cell(FILE *f, const json_t *v)
{
    size_t i;
    const json_t *item;
    if (json_is_string(v)) {
        fputc('"', f);
        csv_text(f, json_string_value(v));
        fputc('"', f);
    } else if (json_is_array(v) && json_array_size(v) > 0) {
        fputc('"', f);
        json_array_foreach(v, i, item) {
            fputs(i ? " | " : "", f);
            csv_text(f, json_string_value(item) ? json_string_value(item) : "");
        }
        fputc('"', f);
    } else if (!json_is_null(v) && !json_is_array(v)) {
        json_dumpf(v, f, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    }
}

typedef struct table {
    const json_t *rows; /* every row of every part, in order */
} table;

static int dump_csv(FILE *f, const void *t)
{
    const json_t *rows = ((const table *)t)->rows;
    for (size_t c = 0; c < N_COLUMNS; c++)
        fprintf(f, "%s%s", c ? "," : "", columns[c]);
    fputc('\n', f);
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row) {
        for (size_t c = 0; c < N_COLUMNS; c++) {
            if (c)
                fputc(',', f);
            csv_cell(f, json_object_get(row, columns[c]));
        }
        fputc('\n', f);
    }
    return 0;
}

static int dump_jsonl(FILE *f, const void *t)
{
    const json_t *rows = ((const table *)t)->rows;
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row) {
        if (json_dumpf(row, f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)))
            return EXIT_DATA;
        fputc('\n', f);
    }
    return 0;
}

/* The rows of every recording's part, in order, into DIR/summary.csv and DIR/summary.jsonl.
 * *failed: how many recordings have an error row. */
static int write_table(const batch *b, size_t *failed)
{
    json_t *rows = json_array();
    int status = rows ? 0 : EXIT_DATA;
    *failed = 0;
    for (size_t i = 0; status == 0 && i < b->n_paths; i++) {
        json_t *part = b->unwritten[i] ? NULL : complete_part(b, b->paths[i]);
        json_t *part_rows = part ? json_object_get(part, "rows") : b->unwritten[i];
        if (!part_rows) {
            cli_error("'%s' has no complete output", b->paths[i]);
            status = EXIT_DATA;
        } else if (json_array_extend(rows, part_rows) != 0) {
            status = EXIT_DATA;
        } else {
            *failed += !part || part_failed(part);
        }
        json_decref(part);
    }
    table t = {rows};
    size_t size = strlen(b->bo->output) + 32;
    char *path = malloc(size);
    if (status == 0 && path) {
        snprintf(path, size, "%s/" TABLE_CSV, b->bo->output);
        status = write_atomic(path, dump_csv, &t);
        snprintf(path, size, "%s/" TABLE_JSONL, b->bo->output);
        if (status == 0)
            status = write_atomic(path, dump_jsonl, &t);
    } else if (status == 0) {
        cli_error("out of memory");
        status = EXIT_DATA;
    }
    free(path);
    json_decref(rows);
    return status;
}

/* ---- the command ---------------------------------------------------------------------------- */

int batch_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > BATCH_MAX_JOBS ? BATCH_MAX_JOBS : (int)n;
}

/* The analysis options as text, with the library's version: parts made otherwise are redone. */
static char *options_text(const analysis_options *ao)
{
    const read_request *rq = &ao->rq;
    char *s = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&s, &size);
    if (!f)
        return NULL;
    /* every analysis option (cli.h's analysis_options): a recording is redone when one changes */
    fprintf(f, "library=%s signal=%d placement=%d side=%d up_axis=%d channel=%s scale=%.9g "
               "rate=%.17g window=%.17g hop=%.17g min_confidence=%.17g mains=%.17g "
               "reference=%.17g immobility=%.17g",
            calfpump_version(), ao->signal, ao->placement, ao->side, ao->up_axis,
            rq->channel ? rq->channel : "", rq->scale, rq->rate_hz, ao->window_s, ao->hop_s,
            ao->min_confidence, ao->mains_hz, ao->reference, ao->immobility_min);
    return fclose(f) == 0 ? s : NULL;
}

int batch_run(const analysis_options *ao, const batch_options *bo, char **args, int n_args)
{
    batch b = {.ao = ao, .bo = bo};
    int status = mkdir_p(bo->output); /* first: its files are then left out of the PATHs */
    if (status == 0)
        status = expand_paths(args, n_args, bo->include, bo->output, &b.paths, &b.n_paths);
    if (status)
        return status;
    char *parts = malloc(strlen(bo->output) + sizeof "/" PARTS_DIR "/" JSON_DIR);
    if (parts) {
        sprintf(parts, "%s/%s", bo->output, PARTS_DIR);
        status = mkdir_p(parts);
        sprintf(parts, "%s/%s", bo->output, JSON_DIR);
        if (status == 0 && bo->full_json)
            status = mkdir_p(parts);
    }
    if (!parts || !(b.options = options_text(ao))) {
        cli_error("out of memory");
        status = EXIT_DATA;
    }
    free(parts);
    size_t n_workers = (size_t)bo->jobs < b.n_paths ? (size_t)bo->jobs : b.n_paths;
    worker *workers = calloc(n_workers ? n_workers : 1, sizeof *workers);
    b.unwritten = calloc(b.n_paths ? b.n_paths : 1, sizeof *b.unwritten);
    if (status == 0 && (!workers || !b.unwritten)) {
        cli_error("out of memory");
        status = EXIT_DATA;
    }
    if (status == 0) {
        pthread_mutex_init(&b.lock, NULL);
        pthread_cond_init(&b.changed, NULL);
        size_t started = 0;
        b.running = n_workers; /* before any thread runs: no lock needed yet */
        for (; started < n_workers; started++) {
            workers[started].b = &b;
            if (pthread_create(&workers[started].thread, NULL, work, &workers[started]) != 0) {
                pthread_mutex_lock(&b.lock);
                b.running -= n_workers - started;
                pthread_mutex_unlock(&b.lock);
                break;
            }
        }
        if (started == 0 && n_workers > 0) {
            cli_error("cannot start a worker thread");
            status = EXIT_DATA;
        }
        int progress = bo->progress < 0 ? isatty(fileno(stderr)) : bo->progress;
        if (started)
            wait_for_workers(&b, progress);
        for (size_t i = 0; i < started; i++)
            pthread_join(workers[i].thread, NULL);
        pthread_cond_destroy(&b.changed);
        pthread_mutex_destroy(&b.lock);
    }
    size_t failed = 0;
    if (status == 0)
        status = write_table(&b, &failed);
    if (status == 0 && failed) {
        cli_error("%zu of %zu recordings could not be analysed or their outputs written: "
                  "see the error column of "
                  "%s/" TABLE_CSV, failed, b.n_paths, bo->output);
        status = EXIT_DATA;
    }
    for (size_t i = 0; b.unwritten && i < b.n_paths; i++)
        json_decref(b.unwritten[i]);
    free(b.unwritten);
    free(workers);
    free(b.options);
    paths_free(b.paths, b.n_paths);
    return status;
}
