/* Private to the calfpump command-line tool: how its parts (options, readers, writers) meet. */
#ifndef CALFPUMP_CLI_H
#define CALFPUMP_CLI_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "calfpump.h"

/* Exit statuses besides 0. */
enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

/* Returned by read_sndfile when libsndfile does not recognise the file, or only guesses headerless
 * audio from its name: it is then read as CSV. */
enum { CLI_NOT_AUDIO = -1 };

/* The library analyses 1 or 3 channels. */
#define CLI_MAX_CHANNELS 3
/* Days are floor(t / DAY_S) on the input's clock: UTC days for Unix time. */
#define DAY_S 86400.0

struct recording;

/* A reader that can stream hands the chosen frames to the sink chunk by chunk instead of keeping
 * them (rec->rate_hz, channels and t0 are set before the first call; rec->frames stays NULL).
 * Returns 0, or an exit status after printing the reason (the reader then stops). */
typedef int (*frame_sink)(void *ctx, const struct recording *rec, const float *frames,
                          size_t n_frames);

/* What the user asked the readers for. */
typedef struct read_request {
    const char *path;    /* "-" = standard input (CSV) */
    const char *name;    /* path as shown in messages */
    const char *channel; /* --channel: names or indices, comma separated; NULL = default choice */
    double rate_hz;      /* --rate; NaN = not given */
    int signal;          /* calfpump_signal: decides the default channels */
    float scale;         /* multiplies every sample, turns --units into g */
    frame_sink sink;     /* NULL: keep the whole recording in rec->frames */
    void *sink_ctx;
} read_request;

/* A recording as the library takes it: uniform interleaved frames, plus where its clock starts. */
typedef struct recording {
    float *frames;
    size_t n_frames;
    int channels;
    double rate_hz;
    double t0; /* input-clock time of frame 0, s (library times are relative to it) */
    char *channel_names[CLI_MAX_CHANNELS];
} recording;

/* The options of an analysis that analyze and batch share. */
/* batch.c's options_text names every field: a new one goes there too. */
typedef struct analysis_options {
    read_request rq;
    int signal, placement, side, up_axis; /* library values */
    double window_s, hop_s, min_confidence, mains_hz, reference, immobility_min; /* NaN = not
                                                                                  given */
} analysis_options;

/* Everything the writers print. */
typedef struct analysis {
    const char *file;
    const char *signal;
    const char *placement;
    const char *side;
    const recording *rec;
    const calfpump_result *result;
    double window_s; /* cadence window length (EMG duty cycle) */
} analysis;

static inline int given(double option) { return !isnan(option); }

/* The next item of a comma-separated option list (--channel, --include) without the spaces and
 * tabs around it, as typed in "a, b": returns its start and sets *len; *list moves past the item
 * and its comma. */
static inline const char *next_item(const char **list, size_t *len)
{
    const char *s = *list;
    size_t n = strcspn(s, ",");
    *list = s + n + (s[n] == ',');
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

/* Where a thread's messages go besides or instead of stderr (cli_capture_*): buf NULL = none. */
typedef struct cli_buffer {
    char *buf;
    size_t size;
} cli_buffer;

static inline void cli_buffer_set(cli_buffer *b, char *buf, size_t size)
{
    b->buf = buf;
    b->size = size;
    if (buf && size)
        buf[0] = '\0';
}

/* recording.c: "calfpump: <label><message>" on stderr, one whole line even when batch's
 * workers print at once. */
void cli_print(const char *label, const char *fmt, va_list ap);

/* "calfpump: <message>" on stderr, or into the calling thread's buffer while it captures. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* The calling thread's cli_error messages go into buf (the first one is kept, "" = none) until
 * it is called with buf NULL. Lets batch put a recording's error into its row. */
void cli_capture_errors(char *buf, size_t size);

/* recording.c (beside the readers, which give most warnings) */
/* "calfpump: warning: <message>" on stderr; while the calling thread collects them, also
 * appended to its buffer, one a line. */
void cli_warning(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* The calling thread's warnings also go into buf ("" = none; what does not fit is cut) until it
 * is called with buf NULL. Lets batch put a recording's warnings into its row. */
void cli_capture_warnings(char *buf, size_t size);

/* main.c */
/* The library config for a recording read with these options. */
void config_for(const analysis_options *o, const recording *rec, calfpump_config *cfg);
/* A warning when every frame of the analysed recording is a gap (NaN or Inf). */
void warn_all_gaps(const read_request *rq, const calfpump_summary *s);
/* Prints a library failure with the values it is most likely about; returns EXIT_DATA. */
int analysis_error(const read_request *rq, const calfpump_config *cfg, int status);

/* recording.c */
/* Index of the first of names[0..n) equal to the len bytes at name, or -1. */
long find_name(char *const *names, size_t n, const char *name, size_t len);
/* buf grown to hold at least `need` elements (capacity in *cap); NULL after printing
 * "out of memory", buf then still valid. */
void *grow_array(void *buf, size_t *cap, size_t need, size_t elem_size);
/* Resolves --channel (spec; NULL = default choice) against the input's channel names (a CSV's
 * header, or "0", "1", ... for an audio file); time_col is never a signal (-1: none). Fills idx
 * with indices into names and rec->channels / channel_names. 0, or an exit status. */
int select_channels(const char *spec, char *const *names, size_t n_names, long time_col,
                    const char *noun, const read_request *rq, int idx[CLI_MAX_CHANNELS],
                    recording *rec);
void recording_free(recording *rec);
/* A warning on stderr when the median acceleration magnitude (of one channel: its absolute
 * value) over up to 4096 finite frames spread evenly over the frames is far from 1 g: another
 * unit, or gravity taken out. */
void warn_gravity(const read_request *rq, const float *frames, size_t n_frames, int channels);

/* Readers: 0, or an exit status after the reason was printed. */
/* read_input.c: CSV from standard input ("-") or a pipe; else libsndfile when it knows the
 * format, else CSV. With a sink, frames a reader had to keep whole (resampled CSV) are handed to
 * it after reading. read_csv: stream = f is standard input or a pipe (for its messages). */
int read_input(const read_request *rq, recording *rec);
int read_csv(FILE *f, const read_request *rq, recording *rec, int stream);
/* EXIT_DATA after a message when the file's first len bytes are UTF-16 text (Excel's "Unicode
 * text": a byte-order mark, or none, and ASCII characters), else 0. */
int refuse_utf16(const read_request *rq, const unsigned char *start, size_t len);
int read_sndfile(const read_request *rq, recording *rec);
/* The same from libsndfile's virtual I/O (user is its user_data): a file in memory. */
struct SF_VIRTUAL_IO;
int read_sndfile_virtual(struct SF_VIRTUAL_IO *io, void *user, const read_request *rq,
                         recording *rec);

/* names.c: the names the CLI accepts and prints; NULL / -1 outside the table. */
enum { CLI_UNITS_G = 0, CLI_UNITS_MS2 = 1, CLI_UNITS_MG = 2 };
const char *cli_units_name(int units);
int cli_units_from_name(const char *name);
/* --up-axis names by table index; cli_axis_value: the config's up_axis of an index. */
const char *cli_axis_name(int index);
int cli_axis_from_name(const char *name);
int cli_axis_value(int index);

/* Writers. write_json returns 0, or EXIT_DATA when it ran out of memory. */
int write_json(FILE *out, const analysis *a);
/* A string from the input (file name, column name, a message quoting them) as a JSON string:
 * bytes that are not UTF-8 (a Latin-1 name from an old archive) become U+FFFD, as Python's
 * "replace" has them; jansson refuses such text, which had left the value null (a batch row
 * lost its error and counted as a success). NULL only when out of memory. */
struct json_t *json_text(const char *s);
void write_cadence_csv(FILE *out, const analysis *a);
void write_summary(FILE *out, const analysis *a);

/* batch.c: `calfpump batch`; paths are its PATH arguments. Returns the exit status. */
#define BATCH_INCLUDE_DEFAULT "*.csv,*.wav,*.flac,*.ogg,*.aiff,*.au,*.caf,*.w64"
/* A name is at most NAME_MAX (255) bytes: a longer --include pattern is refused, not ignored. */
#define BATCH_PATTERN_MAX 255
#define BATCH_MAX_JOBS 1024
typedef struct batch_options {
    const char *output;  /* folder of the summary table, parts and JSON */
    int jobs;            /* worker threads, >= 1 */
    int full_json;       /* also the full per-recording JSON */
    int retry_errors;    /* analyse again the recordings whose part holds an error row */
    int progress;        /* 1 show, 0 quiet, -1 when stderr is a terminal */
    const char *include; /* folders: comma-separated name patterns */
} batch_options;
int batch_default_jobs(void); /* the number of processors online */
int batch_run(const analysis_options *ao, const batch_options *bo, char **paths, int n_paths);

#endif /* CALFPUMP_CLI_H */
