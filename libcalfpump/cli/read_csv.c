/* CSV recordings through libcsv: a header row naming the columns, numeric cells ("nan" or empty =
 * a gap), and either a time column `t` (then the samples are put onto a uniform grid by
 * calfpump_resample) or a sample rate given with --rate. Without `t` the rows stream to a sink;
 * with `t` they are kept, as the grid's rate is their mean rate (calfpump_resample_rate) and
 * the resampler takes them whole. */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TIME_COLUMN "t"
/* Irregular clocks: samples further apart than this leave a gap instead of being interpolated. */
#define MAX_GAP_S 1.0
/* A device that stamps its samples by FIFO read-outs can stamp a read-out a little before the end
 * of the last one (a watch's chunk of 27 samples "in one second" at 25 Hz): rows up to this far
 * back are taken at the previous row's time, with a warning. Further back, the rows are out of
 * order or two recordings were joined: an error. */
#define MAX_BACK_S 1.0
/* Times beyond this (about 31 700 years) are no clock in seconds: a double then resolves no
 * sample period, and days on that clock overflow (ns or us since an epoch?). */
#define MAX_TIME_S 1e12
/* A grid this many times longer than the input, over the intervals up to MAX_GAP_S, means a wrong
 * time unit or --rate. */
#define MAX_GRID_GROWTH 100
/* The pauses' NaN frames cost memory all the same: beyond this the recording is refused (a week of
 * pause at 100 Hz, 3 channels, takes 726 MB). */
#define MAX_GAP_BYTES (1024.0 * 1024 * 1024)
/* A clock coarser than the sampling (a logger stamping whole seconds) stamps many rows alike: when
 * half the distinct times or more are shared by this many rows, the rows of a time are spread
 * evenly up to the next time instead of averaged into one sample (which loses every step). */
#define COARSE_ROWS 4
/* Rows a sink gets per call. */
#define SINK_ROWS 16384
/* Longest cell text quoted in an error message. */
#define MAX_QUOTED 40

typedef struct csv_state {
    const read_request *rq;
    recording *rec;
    int stream;    /* standard input or a pipe: not tried as audio */
    int status;    /* exit status once an error was reported; later callbacks then do nothing */
    size_t line;   /* line being parsed, from 1 */
    int prev_term; /* character that ended the previous record, to count a CR LF once */
    size_t field;  /* fields seen so far in the current record */
    char **cols;   /* header names */
    size_t n_names, cols_cap;
    size_t n_cols; /* 0 until the header row is complete */
    long time_col;
    int idx[CLI_MAX_CHANNELS]; /* columns of the chosen channels */
    double *t;
    size_t t_cap;
    float *x;
    size_t x_cap;
    size_t n;    /* data rows kept */
    size_t rows; /* data rows read */
    size_t back_rows, back_line; /* rows stamped before the previous one; the first one's line */
    double back_t, back_prev;    /* its time and the previous row's */
    int at_end;      /* csv_fini is running: a field now ends a last line without its line end */
    size_t cut_line; /* that line when it was cut short (a logger stopped mid-write): left out */
} csv_state;

/* A cell as a number; an empty cell is NaN (a gap). 0 if the cell is not a number. */
static int parse_cell(const char *s, size_t len, double *out)
{
    if (len == 0) {
        *out = NAN;
        return 1;
    }
    char *end;
    *out = strtod(s, &end);
    return end == s + len;
}

/* The start of a cell for an error message, printable ASCII only (the input may be binary). */
static const char *quote(char out[MAX_QUOTED + 1], const char *s, size_t len)
{
    size_t n = len < MAX_QUOTED ? len : MAX_QUOTED;
    for (size_t i = 0; i < n; i++)
        out[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
    out[n] = '\0';
    return out;
}

/* Out-of-range values become infinite (a gap) instead of an undefined conversion. */
static float to_float(double v)
{
    return fabs(v) > FLT_MAX ? (float)copysign(INFINITY, v) : (float)v;
}

static int header_field(csv_state *st, const char *s)
{
    char **cols = grow_array(st->cols, &st->cols_cap, st->n_names + 1, sizeof *cols);
    if (!cols)
        return EXIT_DATA;
    st->cols = cols;
    cols[st->n_names] = strdup(s);
    if (!cols[st->n_names]) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    st->n_names++;
    st->field++;
    return 0;
}

static int data_field(csv_state *st, const char *s, size_t len)
{
    const read_request *rq = st->rq;
    const size_t ch = (size_t)st->rec->channels;
    size_t col = st->field++;
    if (col == 0) { /* a new row: make room for it */
        double *t = grow_array(st->t, &st->t_cap, st->n + 1, sizeof *t);
        if (!t)
            return EXIT_DATA;
        st->t = t;
        float *x = grow_array(st->x, &st->x_cap, (st->n + 1) * ch, sizeof *x);
        if (!x)
            return EXIT_DATA;
        st->x = x;
    }
    int used = (long)col == st->time_col;
    for (size_t k = 0; k < ch; k++)
        used |= st->idx[k] == (int)col;
    if (!used || col >= st->n_cols)
        return 0;
    char quoted[MAX_QUOTED + 1];
    double v;
    if (!parse_cell(s, len, &v)) {
        if (st->at_end) { /* cut short in its last cell ("1.2e") */
            st->cut_line = st->line;
            return 0;
        }
        cli_error("'%s' line %zu, column '%s': '%s' is not a number", rq->name, st->line,
                  st->cols[col], quote(quoted, s, len));
        return EXIT_DATA;
    }
    if ((long)col == st->time_col) {
        if (!isfinite(v)) {
            cli_error("'%s' line %zu: time '%s' is not a finite number", rq->name, st->line,
                      quote(quoted, s, len));
            return EXIT_DATA;
        }
        if (fabs(v) > MAX_TIME_S) {
            cli_error("'%s' line %zu: time %g is beyond %g s: is the time column in seconds?",
                      rq->name, st->line, v, MAX_TIME_S);
            return EXIT_DATA;
        }
        const double prev = st->n > 0 ? st->t[st->n - 1] : v;
        if (v < prev - MAX_BACK_S) {
            cli_error("'%s' line %zu: time %.16g is before the previous row's %.16g by more "
                      "than %g s (rows out of order, or two recordings joined?)",
                      rq->name, st->line, v, prev, MAX_BACK_S);
            return EXIT_DATA;
        }
        if (v < prev) {
            if (st->back_rows++ == 0) {
                st->back_line = st->line;
                st->back_t = v;
                st->back_prev = prev;
            }
            v = prev;
        }
        st->t[st->n] = v;
    }
    for (size_t k = 0; k < ch; k++)
        if (st->idx[k] == (int)col)
            st->x[st->n * ch + k] = to_float(v * rq->scale);
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    csv_state *st = data;
    const char *text = s ? s : ""; /* libcsv may pass NULL for an empty field */
    if (st->n_cols && st->at_end && st->field + 1 < st->n_cols) {
        /* A last line without its line end and short of fields: cut short, its cells unchecked
         * (a cut time "17000" is no time). */
        st->field++;
        st->cut_line = st->line;
        return;
    }
    if (!st->status)
        st->status = st->n_cols ? data_field(st, text, len) : header_field(st, text);
}

static int end_header(csv_state *st)
{
    const read_request *rq = st->rq;
    st->n_cols = st->n_names;
    for (size_t i = 0; i < st->n_cols; i++)
        for (const unsigned char *c = (const unsigned char *)st->cols[i]; *c; c++)
            if ((*c < 0x20 && *c != '\t') || *c == 0x7f) {
                cli_error("'%s' is neither CSV text nor an audio format libsndfile knows: its "
                          "first line holds control bytes (compressed? binary?%s)", rq->name,
                          st->stream ? " audio is read from a file, not a pipe" : "");
                return EXIT_DATA;
            }
    /* A spreadsheet in a locale with decimal commas separates its fields by ';' (or tabs): the
     * whole header is then one name. */
    if (st->n_cols == 1 && strpbrk(st->cols[0], ";\t")) {
        cli_error("'%s' line %zu holds one column, '%s': fields must be separated by commas "
                  "(';' or tabs?)", rq->name, st->line, st->cols[0]);
        return EXIT_DATA;
    }
    size_t numeric = 0;
    double v;
    for (size_t i = 0; i < st->n_cols; i++)
        numeric += st->cols[i][0] != '\0' && parse_cell(st->cols[i], strlen(st->cols[i]), &v);
    if (numeric == st->n_cols) {
        cli_error("'%s' line %zu: expected a header row naming the columns, found numbers",
                  rq->name, st->line);
        return EXIT_DATA;
    }
    st->time_col = find_name(st->cols, st->n_cols, TIME_COLUMN, strlen(TIME_COLUMN));
    if (st->time_col < 0 && !given(rq->rate_hz)) {
        cli_error("'%s' has no time column '" TIME_COLUMN "': give the sample rate with --rate",
                  rq->name);
        return EXIT_USAGE;
    }
    st->rec->rate_hz = rq->rate_hz; /* without a time column; to_grid sets the grid's */
    st->rec->t0 = 0.0;
    return select_channels(rq->channel, st->cols, st->n_cols, st->time_col, "column", rq,
                           st->idx, st->rec);
}

/* A UTF-8 byte-order mark (spreadsheet exports: it would stand before a quoted first name), then
 * lines starting with '#' (comments) and Excel's "sep=X" (the field separator) before the header
 * are skipped. Returns how many bytes of the file's first buf (len bytes) they take. */
static size_t skip_preamble(csv_state *st, struct csv_parser *p, const char *buf, size_t len)
{
    size_t at = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *eol;
    while (at < len && (eol = memchr(buf + at, '\n', len - at)) != NULL) {
        const char *line = buf + at;
        size_t body = (size_t)(eol - line);
        body -= body > 0 && line[body - 1] == '\r';
        const int sep = body == 5 && memcmp(line, "sep=", 4) == 0;
        if (line[0] != '#' && !sep)
            break;
        if (sep)
            csv_set_delim(p, (unsigned char)line[4]);
        at += (size_t)(eol - line) + 1;
        st->line++;
    }
    return at;
}

static int printable(unsigned char c) { return c >= 0x20 && c < 0x7F; }

int refuse_utf16(const read_request *rq, const unsigned char *b, size_t len)
{
    /* A mark (or, without one, a printable character) and a printable character, each in two
     * bytes, one of them 0: the mark alone could begin an MPEG frame. */
    const int le = len >= 4 && ((b[0] == 0xFF && b[1] == 0xFE) || (printable(b[0]) && !b[1])) &&
                   printable(b[2]) && !b[3];
    const int be = len >= 4 && ((b[0] == 0xFE && b[1] == 0xFF) || (!b[0] && printable(b[1]))) &&
                   !b[2] && printable(b[3]);
    if (!le && !be)
        return 0;
    cli_error("'%s' is UTF-16 text (%s): UTF-16 is not supported, save it as UTF-8 (Excel: "
              "CSV UTF-8)", rq->name, le ? "little-endian" : "big-endian");
    return EXIT_DATA;
}

/* The rows kept so far to the sink (uniform rows only: no time column). */
static int to_sink(csv_state *st)
{
    st->rec->n_frames += st->n;
    int status = st->rq->sink(st->rq->sink_ctx, st->rec, st->x, st->n);
    st->n = 0;
    return status;
}

static void on_record(int c, void *data)
{
    csv_state *st = data;
    if (st->status)
        return;
    if (st->field == 0) { /* a blank line, or the LF of a CR LF */
        if (!(c == '\n' && st->prev_term == '\r'))
            st->line++;
        st->prev_term = c;
        return;
    }
    if (st->n_cols == 0) {
        st->status = end_header(st);
    } else if (st->cut_line) {
        /* left out: finish warns */
    } else if (st->field != st->n_cols) {
        cli_error("'%s' line %zu has %zu fields, the header %zu", st->rq->name, st->line,
                  st->field, st->n_cols);
        st->status = EXIT_DATA;
    } else {
        st->n++;
        st->rows++;
        if (st->rq->sink && st->time_col < 0 && st->n == SINK_ROWS)
            st->status = to_sink(st);
    }
    st->field = 0;
    st->line++;
    st->prev_term = c;
}

/* A clock coarser than the sampling (COARSE_ROWS): the m rows of a time T are spread evenly over
 * the interval to the next time T'. The first rows, and those after a pause, may not fill theirs
 * (a logger started mid-second): they end at T', as far apart as the rows of the other intervals
 * are (closer if they do not fit; 1/rate when there are none). The last rows, and those before a
 * pause, start at T, as far apart. 1 when they were spread. */
static int spread_shared_times(csv_state *st, double rate)
{
    double *t = st->t;
    const size_t n = st->n;
    size_t times = 0, shared = 0, inner_rows = 0;
    double inner_s = 0.0; /* the intervals with a time within MAX_GAP_S before and after */
    for (size_t j = 0, k; j < n; j = k) {
        for (k = j + 1; k < n && t[k] == t[j];)
            k++;
        times++;
        shared += k - j >= COARSE_ROWS;
        if (j > 0 && t[j] - t[j - 1] <= MAX_GAP_S && k < n && t[k] - t[j] <= MAX_GAP_S) {
            inner_rows += k - j;
            inner_s += t[k] - t[j];
        }
    }
    if (2 * shared < times)
        return 0;
    const double edge_step = inner_rows ? inner_s / (double)inner_rows : 1.0 / rate;
    double prev = -INFINITY; /* the previous time as read (t is rewritten in place) */
    for (size_t j = 0, k; j < n; j = k) {
        const double at = t[j];
        for (k = j + 1; k < n && t[k] == at;)
            k++;
        const size_t m = k - j;
        const int to_next = k < n && t[k] - at <= MAX_GAP_S, first = at - prev > MAX_GAP_S;
        double step = edge_step;
        if (to_next && (!first || (t[k] - at) / (double)m < step))
            step = (t[k] - at) / (double)m;
        const double start = to_next && first ? t[k] - (double)m * step : at;
        for (size_t i = 0; i < m; i++)
            t[j + i] = start + (double)i * step;
        prev = at;
    }
    return 1;
}

/* Timestamped rows onto a uniform grid starting at the first timestamp. */
static int to_grid(csv_state *st)
{
    const read_request *rq = st->rq;
    recording *rec = st->rec;
    double rate = given(rq->rate_hz) ? rq->rate_hz
                                     : calfpump_resample_rate(st->t, st->n, MAX_GAP_S);
    if (rate == 0.0) {
        cli_error("'%s': the time column tells no sample rate (all rows at one time, or "
                  "none within %g s of the next: is it in seconds?): give it with --rate",
                  rq->name, MAX_GAP_S);
        return EXIT_DATA;
    }
    if (spread_shared_times(st, rate)) {
        /* The spread rows tell the rate better: a partial first or last time no longer
         * counts as a whole interval. */
        if (!given(rq->rate_hz))
            rate = calfpump_resample_rate(st->t, st->n, MAX_GAP_S);
        cli_warning("'%s': most times are shared by %d rows or more: the time column is "
                    "coarser than the sampling, so each time's rows were spread evenly up to "
                    "the next time, at %g Hz (if that is not the rate, give it with --rate)",
                    rq->name, COARSE_ROWS, rate);
    }
    /* Pauses over MAX_GAP_S become NaN frames: they do not count as growth (a wrong unit) unless
     * most rows are a pause apart, but they take memory. */
    double span = st->t[st->n - 1] - st->t[0], gap_s = 0.0, longest = 0.0, longest_at = 0.0;
    size_t gaps = 0;
    for (size_t i = 1; i < st->n; i++) {
        const double d = st->t[i] - st->t[i - 1];
        if (d > MAX_GAP_S) {
            gap_s += d;
            gaps++;
        }
        if (d > longest) {
            longest = d;
            longest_at = st->t[i - 1];
        }
    }
    size_t frames = calfpump_resample_frames(st->t, st->n, rate);
    const double most = MAX_GRID_GROWTH * (double)st->n + 1000.0;
    if ((span - gap_s) * rate > most || ((double)frames > most && 2 * gaps > st->n)) {
        cli_error("'%s': %zu rows over %g s at %g Hz would make %zu frames: is the time column "
                  "in seconds, and --rate right?",
                  rq->name, st->n, span, rate, frames);
        return EXIT_DATA;
    }
    const double gap_bytes = gap_s * rate * rec->channels * sizeof *rec->frames;
    if (gap_bytes > MAX_GAP_BYTES) {
        cli_error("'%s': its pauses over %g s add up to %.0f s (the longest %.0f s from t = "
                  "%.16g s): at %g Hz they would take %.0f MB of gap frames, more than %.0f MB: "
                  "split the recording at its long pauses",
                  rq->name, MAX_GAP_S, gap_s, longest, longest_at, rate, gap_bytes / 1e6,
                  MAX_GAP_BYTES / 1e6);
        return EXIT_DATA;
    }
    rec->frames = malloc((frames ? frames : 1) * (size_t)rec->channels * sizeof *rec->frames);
    if (!rec->frames) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    int s = calfpump_resample(st->t, st->x, st->n, rec->channels, rate, MAX_GAP_S, rec->frames,
                              frames, &rec->n_frames);
    if (s != CALFPUMP_OK) {
        cli_error("'%s': cannot resample onto %g Hz: %s", rq->name, rate, calfpump_strerror(s));
        return EXIT_DATA;
    }
    rec->rate_hz = rate;
    rec->t0 = st->t[0];
    return 0;
}

static int finish(csv_state *st)
{
    const read_request *rq = st->rq;
    recording *rec = st->rec;
    if (st->n_cols == 0) {
        cli_error("'%s' is empty", rq->name);
        return EXIT_DATA;
    }
    if (st->rows == 0) {
        cli_error("'%s' has no data rows", rq->name);
        return EXIT_DATA;
    }
    if (st->cut_line)
        cli_warning("'%s' line %zu is cut short (no line end, and its fields short or "
                    "unreadable: a logger stopped mid-write?): left out; analysing the lines "
                    "before it",
                    rq->name, st->cut_line);
    if (st->back_rows)
        cli_warning("'%s' line %zu: time %.16g is before the previous row's %.16g; %zu row(s) "
                    "stamped up to %g s back were taken at the previous row's time",
                    rq->name, st->back_line, st->back_t, st->back_prev, st->back_rows,
                    MAX_BACK_S);
    if (st->time_col >= 0)
        return to_grid(st);
    if (rq->sink)
        return st->n ? to_sink(st) : 0;
    rec->frames = st->x;
    st->x = NULL;
    rec->n_frames = st->n;
    return 0;
}

int read_csv(FILE *f, const read_request *rq, recording *rec, int stream)
{
    csv_state st = {.rq = rq, .rec = rec, .stream = stream, .line = 1, .time_col = -1};
    struct csv_parser p;
    /* REPALL_NL reports blank lines too, so that line numbers in messages are right. */
    if (csv_init(&p, CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    char buf[1 << 16]; /* not static: batch reads from several threads */
    size_t got, skip;
    for (int first = 1; !st.status && (got = fread(buf, 1, sizeof buf, f)) > 0; first = 0) {
        if (first && (st.status = refuse_utf16(rq, (const unsigned char *)buf, got)))
            break;
        skip = first ? skip_preamble(&st, &p, buf, got) : 0;
        if (csv_parse(&p, buf + skip, got - skip, on_field, on_record, &st) != got - skip) {
            cli_error("'%s': %s", rq->name, csv_strerror(csv_error(&p)));
            st.status = EXIT_DATA;
        }
    }
    if (!st.status && ferror(f)) {
        cli_error("cannot read '%s': %s", rq->name, strerror(errno));
        st.status = EXIT_DATA;
    }
    st.at_end = 1;
    if (!st.status)
        csv_fini(&p, on_field, on_record, &st);
    csv_free(&p);
    if (!st.status)
        st.status = finish(&st);
    for (size_t i = 0; i < st.n_names; i++)
        free(st.cols[i]);
    free(st.cols);
    free(st.t);
    free(st.x);
    return st.status;
}
