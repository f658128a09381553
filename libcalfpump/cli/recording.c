/* What both readers share: growing buffers, choosing the channels, freeing a recording; and the
 * warning when the median magnitude is far from gravity's 1 g. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static _Thread_local cli_buffer warnings;

void cli_capture_warnings(char *buf, size_t size) { cli_buffer_set(&warnings, buf, size); }

void cli_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t used = warnings.buf ? strlen(warnings.buf) : 0;
    if (warnings.buf && used + 2 < warnings.size) { /* what does not fit is cut */
        if (used) /* one a line */
            warnings.buf[used++] = '\n';
        va_list copy;
        va_copy(copy, ap);
        vsnprintf(warnings.buf + used, warnings.size - used, fmt, copy);
        va_end(copy);
    }
    cli_print("warning: ", fmt, ap);
    va_end(ap);
}

void cli_print(const char *label, const char *fmt, va_list ap)
{
    flockfile(stderr);
    fprintf(stderr, "calfpump: %s", label);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
}

void *grow_array(void *buf, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return buf;
    size_t new_cap = *cap ? *cap : 4096;
    while (new_cap < need) {
        if (new_cap > SIZE_MAX / 2 / elem_size) {
            cli_error("out of memory");
            return NULL;
        }
        new_cap *= 2;
    }
    void *p = realloc(buf, new_cap * elem_size);
    if (!p) {
        cli_error("out of memory");
        return NULL;
    }
    *cap = new_cap;
    return p;
}

long find_name(char *const *names, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return (long)i;
    return -1;
}

/* "t, ax, ay, az" into buf, cut short with "..." when it does not fit. */
static void join_names(char *buf, size_t size, char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= size - used) {
            strcpy(buf + size - 4, "...");
            return;
        }
        used += (size_t)w;
    }
}

/* One --channel entry (len bytes of tok): a name first, else a column number counted from 0.
 * -1 after an error. */
static long resolve_token(const char *tok, size_t len, char *const *names, size_t n,
                          long time_col, const char *noun, const read_request *rq)
{
    long i = find_name(names, n, tok, len);
    int len_i = (int)len;
    if (i < 0 && len > 0 && strspn(tok, "0123456789") >= len) {
        unsigned long k = strtoul(tok, NULL, 10);
        if (k >= n) {
            cli_error("no %s %.*s in '%s': it has %zu %ss, counted from 0", noun, len_i, tok,
                      rq->name, n, noun);
            return -1;
        }
        i = (long)k;
    }
    if (i < 0) {
        char list[1024];
        join_names(list, sizeof list, names, n);
        cli_error("'%s': unknown %s '%.*s' (%ss: %s)", rq->name, noun, len_i, tok, noun, list);
        return -1;
    }
    if (i == time_col) {
        cli_error("'%s' is the time column of '%s', not a signal", names[i], rq->name);
        return -1;
    }
    return i;
}

/* --channel "ax,ay,az" or "amag" or "2": one entry or three. */
static int parse_spec(const char *spec, char *const *names, size_t n, long time_col,
                      const char *noun, const read_request *rq, int idx[CLI_MAX_CHANNELS])
{
    int count = 1;
    for (const char *c = spec; *c; c++)
        count += *c == ',';
    if (count != 1 && count != 3) {
        cli_error("'%s': --channel takes one %s or three (x,y,z), not '%s'", rq->name, noun,
                  spec);
        return -1;
    }
    const char *tok = spec;
    for (int k = 0; k < count; k++) {
        size_t len;
        const char *name = next_item(&tok, &len);
        long i = resolve_token(name, len, names, n, time_col, noun, rq);
        if (i < 0)
            return -1;
        idx[k] = (int)i;
    }
    return count;
}

/* Indices of those of the wanted names that exist, in order; returns how many. */
static int find_all(char *const *names, size_t n, const char *const *wanted, int n_wanted,
                    int idx[CLI_MAX_CHANNELS])
{
    int count = 0;
    for (int k = 0; k < n_wanted; k++) {
        long i = find_name(names, n, wanted[k], strlen(wanted[k]));
        if (i >= 0)
            idx[count++] = (int)i;
    }
    return count;
}

/* The axis a name ends in, in any case ("acc_Z": 2), or -1. */
static int axis_letter(const char *name)
{
    const size_t len = strlen(name);
    const char c = len ? name[len - 1] : '\0';
    return c == 'x' || c == 'X' ? 0 : c == 'y' || c == 'Y' ? 1 : c == 'z' || c == 'Z' ? 2 : -1;
}

/* Three columns whose names end in x, y and z, one each ("acc_z,acc_x,acc_y"), put in that
 * order: by name, not by place. */
static void order_by_axis(char *const *names, int idx[CLI_MAX_CHANNELS])
{
    int by_axis[3] = {-1, -1, -1};
    for (int k = 0; k < 3; k++) {
        const int a = axis_letter(names[idx[k]]);
        if (a < 0 || by_axis[a] >= 0)
            return;
        by_axis[a] = idx[k];
    }
    memcpy(idx, by_axis, sizeof by_axis);
}

/* Accelerometer: ax,ay,az; else x,y,z; else amag; else the signal columns when there are one or
 * three (three named for their axes put in x, y, z order). EMG: a calf muscle (the pump itself:
 * soleus, gastrocnemii), else the first signal column. */
static int default_channels(char *const *names, size_t n, long time_col, const char *noun,
                            int signal, const char *name, int idx[CLI_MAX_CHANNELS])
{
    static const char *const axyz[] = {"ax", "ay", "az"};
    static const char *const xyz[] = {"x", "y", "z"};
    static const char *const amag[] = {"amag"};
    static const char *const calf[] = {"emg_so", "emg_gm", "emg_gl"};
    const int emg = signal == CALFPUMP_SIGNAL_EMG;
    if (emg && find_all(names, n, calf, 3, idx) > 0)
        return 1;
    if (!emg && (find_all(names, n, axyz, 3, idx) == 3 || find_all(names, n, xyz, 3, idx) == 3))
        return 3;
    if (!emg && find_all(names, n, amag, 1, idx) == 1)
        return 1;
    size_t signals = n - (time_col >= 0);
    int count = emg ? (signals > 0) : (signals == 1 || signals == 3) ? (int)signals : 0;
    if (count == 0) {
        char list[1024];
        join_names(list, sizeof list, names, n);
        cli_error("'%s': cannot choose the signal %ss among %s: name one or three with "
                  "--channel",
                  name, noun, list);
        return -1;
    }
    for (size_t i = 0, k = 0; k < (size_t)count; i++)
        if ((long)i != time_col)
            idx[k++] = (int)i;
    if (count == 3)
        order_by_axis(names, idx);
    return count;
}

int select_channels(const char *spec, char *const *names, size_t n_names, long time_col,
                    const char *noun, const read_request *rq, int idx[CLI_MAX_CHANNELS],
                    recording *rec)
{
    int count = spec ? parse_spec(spec, names, n_names, time_col, noun, rq, idx)
                     : default_channels(names, n_names, time_col, noun, rq->signal, rq->name, idx);
    if (count < 0)
        return EXIT_USAGE;
    if (count != 1 && rq->signal == CALFPUMP_SIGNAL_EMG) {
        cli_error("'%s': EMG is analysed one muscle at a time: --channel takes one %s (run once "
                  "per muscle)",
                  rq->name, noun);
        return EXIT_USAGE;
    }
    for (int k = 1; k < count; k++)
        for (int e = 0; e < k; e++)
            if (idx[e] == idx[k]) { /* "1,1,1" would analyse one axis as three */
                cli_error("'%s': --channel takes three different %ss, not '%s' (%s '%s' twice)",
                          rq->name, noun, spec, noun, names[idx[k]]);
                return EXIT_USAGE;
            }
    rec->channels = count;
    for (int k = 0; k < count; k++) {
        rec->channel_names[k] = strdup(names[idx[k]]);
        if (!rec->channel_names[k]) {
            cli_error("out of memory");
            return EXIT_DATA;
        }
    }
    return 0;
}

void recording_free(recording *rec)
{
    free(rec->frames);
    for (int k = 0; k < CLI_MAX_CHANNELS; k++)
        free(rec->channel_names[k]);
    memset(rec, 0, sizeof *rec);
}

#define MAGNITUDE_FRAMES 4096 /* frames median_magnitude looks at, spread over the recording */

static int compare_doubles(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_magnitude(const float *frames, size_t n_frames, int channels)
{
    double m[MAGNITUDE_FRAMES];
    const size_t step = n_frames / MAGNITUDE_FRAMES + 1;
    size_t n = 0;
    for (size_t i = 0; i < n_frames && n < MAGNITUDE_FRAMES; i += step) {
        const float *f = frames + i * (size_t)channels;
        double sum2 = 0.0;
        for (int c = 0; c < channels; c++)
            sum2 += (double)f[c] * f[c];
        if (isfinite(sum2))
            m[n++] = sqrt(sum2);
    }
    if (n == 0)
        return NAN;
    qsort(m, n, sizeof *m, compare_doubles);
    return m[n / 2];
}

/* Median acceleration magnitudes a body-worn sensor in g gives. */
#define GRAVITY_LOW 0.5
#define GRAVITY_HIGH 2.0
#define MG_ABOVE 100.0 /* a median above it is mg (1000), not m/s^2 (9.8) */

/* A body-worn accelerometer sees gravity, so its median magnitude lies near 1 g. Far from it the
 * samples are in another unit (a phone's m/s^2 read as g: 9.8) or gravity was taken out (a
 * "linear acceleration" sensor): the analysis runs all the same, but its amplitude tests assume
 * g with gravity in. One channel may be a single axis, which reads anywhere from 0 (horizontal)
 * to 1 g: only a median above GRAVITY_HIGH tells of another unit there. */
void warn_gravity(const read_request *rq, const float *frames, size_t n_frames, int channels)
{
    const double m = median_magnitude(frames, n_frames, channels);
    if (!(m > GRAVITY_HIGH || (channels == 3 && m < GRAVITY_LOW)))
        return;
    cli_warning("'%s': the median acceleration magnitude is %.3g g, where gravity alone gives "
                "1 g: %s",
                rq->name, m,
                m > MG_ABOVE       ? "are the samples in mg (--units mg)?"
                : m > GRAVITY_HIGH ? "are the samples in m/s2 (--units m/s2)?"
                                   : "is gravity taken out, or are the samples in another unit?");
}
