/* calfpump: the command-line front end of libcalfpump. `analyze` reads one recording (CSV, or any
 * format libsndfile reads), runs the batch analysis and prints it as JSON, a cadence table or a
 * summary; `batch` (batch.c) analyses many into one summary table. Uses only the public header
 * calfpump.h. */
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define G_MS2 9.80665 /* standard gravity, m/s^2 per g */

enum output_format { OUT_JSON, OUT_CSV, OUT_SUMMARY };

typedef struct options {
    const char *signal, *placement, *side, *units, *up_axis; /* NULL = not given */
    analysis_options a;
    enum output_format format;
    int format_given; /* --json, --csv or --summary was given */
    batch_options b;
    const char *jobs; /* --jobs as given */
    int batch_only;   /* a batch option was given */
} options;

enum {
    OPT_SIGNAL = 256, OPT_PLACEMENT, OPT_SIDE, OPT_CHANNEL, OPT_UNITS, OPT_RATE, OPT_WINDOW,
    OPT_HOP, OPT_MIN_CONFIDENCE, OPT_MAINS, OPT_REFERENCE, OPT_JSON, OPT_CSV, OPT_SUMMARY,
    OPT_UP_AXIS, OPT_IMMOBILITY, OPT_FULL_JSON, OPT_PROGRESS, OPT_QUIET, OPT_INCLUDE,
    OPT_RETRY_ERRORS
};

static const struct option long_options[] = {
    {"signal", required_argument, NULL, OPT_SIGNAL},
    {"placement", required_argument, NULL, OPT_PLACEMENT},
    {"side", required_argument, NULL, OPT_SIDE},
    {"channel", required_argument, NULL, OPT_CHANNEL},
    {"units", required_argument, NULL, OPT_UNITS},
    {"rate", required_argument, NULL, OPT_RATE},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"hop", required_argument, NULL, OPT_HOP},
    {"min-confidence", required_argument, NULL, OPT_MIN_CONFIDENCE},
    {"mains", required_argument, NULL, OPT_MAINS},
    {"reference", required_argument, NULL, OPT_REFERENCE},
    {"up-axis", required_argument, NULL, OPT_UP_AXIS},
    {"immobility", required_argument, NULL, OPT_IMMOBILITY},
    {"json", no_argument, NULL, OPT_JSON},
    {"csv", no_argument, NULL, OPT_CSV},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"jobs", required_argument, NULL, 'j'},
    {"output", required_argument, NULL, 'o'},
    {"full-json", no_argument, NULL, OPT_FULL_JSON},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"retry-errors", no_argument, NULL, OPT_RETRY_ERRORS},
    {"version", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

static const char usage_text[] =
    "Usage: calfpump analyze [options] FILE\n"
    "       calfpump batch -o DIR [options] PATH...\n"
    "Finds walking cadence and counts calf-muscle-pump activations (steps, strides) in an\n"
    "accelerometer recording, or contraction bursts in a surface-EMG recording (--signal emg),\n"
    "and prints the analysis as JSON (schema calfpump.analysis/1).\n"
    "\n"
    "FILE is a CSV file with a header row (time column 't' in seconds, optional; irregular\n"
    "timestamps are resampled onto a uniform grid), any audio format libsndfile reads (WAV,\n"
    "FLAC, ...; integer formats read as full scale = 1 g), or '-' for CSV on standard input.\n"
    "\n"
    "Options (an empty value, as in --side '', counts as not given):\n"
    "  --signal accel|emg     signal type (default accel)\n"
    "  --placement NAME       where the sensor is worn (default unknown; names below)\n"
    "  --side left|right|unknown  leg of a foot or shank sensor or EMG muscle (default\n"
    "                         unknown; ignored, with a warning, for other placements)\n"
    "  --channel LIST         one channel or three (x,y,z; EMG: one muscle), by name or by\n"
    "                         number (CSV: its columns from 0, 't' too; audio: from 0);\n"
    "                         default ax,ay,az, else x,y,z (by name, in any order), else\n"
    "                         amag, else the one or three signal columns (three named for\n"
    "                         their axes: in x,y,z order) (EMG: emg_so, emg_gm or emg_gl,\n"
    "                         else the first)\n"
    "  --units g|m/s2|mg      unit of the samples (default g; a median magnitude far from\n"
    "                         gravity's 1 g gets a warning)\n"
    "  --rate HZ              sample rate: required for a CSV without 't'; for a CSV with 't'\n"
    "                         the resampling rate (default: the mean rate, pauses over 1 s\n"
    "                         left out; they stay gaps); for audio files it overrides the\n"
    "                         file's rate\n"
    "  --window S             cadence window, 4..30 s (default %g)\n"
    "  --hop S                cadence hop, 0.1..1 s (default %g)\n"
    "  --min-confidence X     periodicity needed for a rhythmic window, 0..1 (default %g)\n"
    "  --mains 0|50|60        EMG: notch out the mains frequency (default 0: no notch)\n"
    "  --reference LEVEL      EMG: envelope of a reference contraction (an MVC), 0..3e38, in\n"
    "                         the file's unit: bursts also report peak and mean relative to it\n"
    "  --up-axis AXIS         sensor axis pointing up the leg when standing (foot: out of the\n"
    "                         instep; shank: to the knee; thigh: to the hip): +x, +y, +z,\n"
    "                         -x, -y, -z or none (default): enables posture and heel raises\n"
    "                         (ignored, with a warning, for other placements)\n"
    "  --immobility MIN       immobility alert threshold and interval, 1..1440 minutes\n"
    "                         (default 30)\n"
    "  --json                 print the analysis as JSON (default)\n"
    "  --csv                  print the per-window cadence table as CSV\n"
    "  --summary              print a summary for people\n"
    "  -V, --version          print the versions and exit\n"
    "  -h, --help             print this help and exit\n"
    "\n";

/* The help's second part: a C11 compiler need not take a string over 4095 bytes. */
static const char batch_text[] =
    "batch analyses every recording of the PATHs (files, folders searched recursively, glob\n"
    "patterns) with a pool of threads, streaming each file, into DIR/summary.csv and\n"
    "DIR/summary.jsonl: one row per recording and, for recordings over several days on the\n"
    "input's clock (day = floor(t / 86400 s)), one row per recording-day. A file that cannot\n"
    "be analysed gets a row with its error; the batch goes on. Re-running skips the recordings\n"
    "whose outputs are complete (same file size, time and options; an error row is complete\n"
    "too). The analysis options above apply to every file; batch options:\n"
    "  -o, --output DIR       output folder (required)\n"
    "  -j, --jobs N           worker threads (default: the number of processors)\n"
    "  --full-json            also write each recording's full analysis to DIR/json/\n"
    "  --include LIST         names taken from folders: comma-separated patterns, spaces\n"
    "                         around them ignored\n"
    "                         (default " BATCH_INCLUDE_DEFAULT ")\n"
    "  --retry-errors         analyse again the recordings with an error row\n"
    "  --progress / --quiet   show / hide the progress bar (default: shown on a terminal)\n"
    "\n"
    "Times in the output are on the input's clock (its 't' column, else seconds from the first\n"
    "sample). Exit status: 0 ok, 1 unreadable data or failed analysis (batch: for any\n"
    "recording), 2 wrong usage.\n"
    "\n"
    "Placements: ";

static _Thread_local cli_buffer errors;

void cli_capture_errors(char *buf, size_t size) { cli_buffer_set(&errors, buf, size); }

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (errors.buf) {
        if (errors.size && !errors.buf[0]) /* the first message is the cause */
            vsnprintf(errors.buf, errors.size, fmt, ap);
    } else {
        cli_print("", fmt, ap);
    }
    va_end(ap);
}

/* "a, b, c" of every name that name_of(0, 1, ...) gives before NULL. */
static void print_names(FILE *out, const char *(*name_of)(int))
{
    for (int i = 0; name_of(i); i++)
        fprintf(out, "%s%s", i ? ", " : "", name_of(i));
}

static void print_help(void)
{
    calfpump_config defaults; /* the library's own defaults, so that the help never drifts */
    calfpump_config_init(&defaults);
    printf(usage_text, defaults.window_s, defaults.hop_s, defaults.min_confidence);
    fputs(batch_text, stdout);
    print_names(stdout, calfpump_placement_name);
    putchar('\n');
}

/* The enum value of an option's name; NULL (not given) is fallback. -1 after an error. */
static int parse_choice(const char *option, const char *value, int fallback,
                        int (*from_name)(const char *), const char *(*name_of)(int))
{
    if (!value)
        return fallback;
    int v = from_name(value);
    if (v < 0) {
        fprintf(stderr, "calfpump: unknown %s '%s' (expected one of: ", option, value);
        print_names(stderr, name_of);
        fputs(")\n", stderr);
    }
    return v;
}

/* A finite number that also fits a float (the library's config fields are floats). */
static int parse_number(const char *option, const char *text, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v) || fabs(v) > FLT_MAX) {
        cli_error("--%s: '%s' is not a usable number", option, text);
        return -1;
    }
    *out = v;
    return 0;
}

static int usage_error(void)
{
    fputs("Try 'calfpump --help'.\n", stderr);
    return EXIT_USAGE;
}

/* The batch options after parsing: PATHs, an output folder, a job count. */
static int parse_batch(int argc, char **argv, options *o)
{
    if (argc - optind < 2) {
        cli_error("batch: missing PATH");
        return usage_error();
    }
    if (!o->b.output) {
        cli_error("batch: give the output folder with -o DIR");
        return usage_error();
    }
    for (int i = optind + 1; i < argc; i++)
        if (strcmp(argv[i], "-") == 0) { /* it has no size or time to resume by */
            cli_error("batch: reads files, not standard input ('-')");
            return usage_error();
        }
    if (o->jobs) {
        char *end;
        long jobs = strtol(o->jobs, &end, 10);
        if (*end || jobs < 1 || jobs > BATCH_MAX_JOBS) {
            cli_error("--jobs: '%s' is not a number of threads (1..%d)", o->jobs, BATCH_MAX_JOBS);
            return usage_error();
        }
        o->b.jobs = (int)jobs;
    }
    if (o->format != OUT_JSON) {
        cli_error("batch: --csv and --summary are analyze options (batch writes DIR/summary.*)");
        return usage_error();
    }
    for (const char *p = o->b.include; *p;) {
        size_t len;
        const char *start = next_item(&p, &len);
        if (len > BATCH_PATTERN_MAX) {
            cli_error("--include: a pattern longer than %d bytes (a file name's limit): '%.40s...'",
                      BATCH_PATTERN_MAX, start);
            return usage_error();
        }
    }
    return 0;
}

/* Fills o from argv. 0 to go on, -1 when --help/--version was answered, else an exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    int c, li;
    opterr = 0; /* errors are reported below, with the tool's own prefix */
    while ((c = getopt_long(argc, argv, ":hVj:o:", long_options, &li)) != -1) {
        /* An empty value means the option was not given (e.g. from a template --channel ''). */
        const char *value = optarg && optarg[0] ? optarg : NULL;
        double *number = NULL;
        switch (c) {
        case OPT_SIGNAL: o->signal = value; break;
        case OPT_PLACEMENT: o->placement = value; break;
        case OPT_SIDE: o->side = value; break;
        case OPT_UNITS: o->units = value; break;
        case OPT_CHANNEL: o->a.rq.channel = value; break;
        case OPT_RATE: number = &o->a.rq.rate_hz; break;
        case OPT_WINDOW: number = &o->a.window_s; break;
        case OPT_HOP: number = &o->a.hop_s; break;
        case OPT_MIN_CONFIDENCE: number = &o->a.min_confidence; break;
        case OPT_MAINS: number = &o->a.mains_hz; break;
        case OPT_REFERENCE: number = &o->a.reference; break;
        case OPT_UP_AXIS: o->up_axis = value; break;
        case OPT_IMMOBILITY: number = &o->a.immobility_min; break;
        case OPT_JSON:
        case OPT_CSV:
        case OPT_SUMMARY: {
            const enum output_format f = c == OPT_CSV ? OUT_CSV : c == OPT_SUMMARY ? OUT_SUMMARY
                                                                                : OUT_JSON;
            if (o->format_given && o->format != f) { /* the last one had silently won */
                cli_error("--json, --csv and --summary are one choice: give one of them");
                return usage_error();
            }
            o->format = f;
            o->format_given = 1;
            break;
        }
        case 'j': o->jobs = value; o->batch_only |= value != NULL; break;
        case 'o': o->b.output = value; o->batch_only |= value != NULL; break;
        case OPT_FULL_JSON: o->b.full_json = 1; o->batch_only = 1; break;
        case OPT_PROGRESS: o->b.progress = 1; o->batch_only = 1; break;
        case OPT_QUIET: o->b.progress = 0; o->batch_only = 1; break;
        case OPT_RETRY_ERRORS: o->b.retry_errors = 1; o->batch_only = 1; break;
        case OPT_INCLUDE: o->b.include = value ? value : BATCH_INCLUDE_DEFAULT;
            o->batch_only |= value != NULL;
            break;
        case 'h':
            print_help();
            return -1;
        case 'V':
            printf("calfpump %s (libcalfpump %s)\n", CALFPUMP_VERSION_STRING, calfpump_version());
            return -1;
        case ':':
            cli_error("option '%s' needs a value", argv[optind - 1]);
            return usage_error();
        default:
            if (optopt > 0 && optopt < OPT_SIGNAL) /* a short option */
                cli_error("invalid option '-%c'", optopt);
            else
                cli_error("invalid option '%s'", argv[optind - 1]);
            return usage_error();
        }
        if (number) {
            *number = NAN;
            if (value && parse_number(long_options[li].name, value, number) != 0)
                return usage_error();
            if (c == OPT_RATE && !(*number > 0.0 || isnan(*number))) {
                cli_error("--rate: '%s' Hz is out of range (more than 0)", value);
                return EXIT_DATA; /* a value out of range, as the library's ranges */
            }
        }
    }
    if (optind >= argc) {
        cli_error("missing command: calfpump analyze [options] FILE");
        return usage_error();
    }
    if (strcmp(argv[optind], "batch") == 0)
        return parse_batch(argc, argv, o);
    if (strcmp(argv[optind], "analyze") != 0) {
        cli_error("unknown command '%s' (expected 'analyze' or 'batch')", argv[optind]);
        return usage_error();
    }
    if (o->batch_only) {
        cli_error("analyze: -o/--output, -j/--jobs, --full-json, --include, --retry-errors, "
                  "--progress and --quiet are batch options");
        return usage_error();
    }
    if (argc - optind != 2) {
        cli_error(argc - optind < 2 ? "analyze: missing FILE" : "analyze: one FILE only, got '%s'",
                  argv[argc - 1]);
        return usage_error();
    }
    o->a.rq.path = argv[optind + 1];
    o->a.rq.name = strcmp(o->a.rq.path, "-") == 0 ? "<stdin>" : o->a.rq.path;
    return 0;
}

void config_for(const analysis_options *o, const recording *rec, calfpump_config *cfg)
{
    calfpump_config_init(cfg);
    cfg->analytics = 1; /* the tool reports the exercise analytics */
    cfg->sample_rate_hz = rec->rate_hz;
    cfg->channels = rec->channels;
    cfg->signal = o->signal;
    cfg->placement = o->placement;
    cfg->side = o->side;
    if (given(o->window_s))
        cfg->window_s = (float)o->window_s;
    if (given(o->hop_s))
        cfg->hop_s = (float)o->hop_s;
    if (given(o->min_confidence))
        cfg->min_confidence = (float)o->min_confidence;
    if (given(o->mains_hz))
        cfg->emg_mains_hz = (float)o->mains_hz;
    if (given(o->reference))
        cfg->emg_reference = (float)o->reference;
    cfg->up_axis = o->up_axis;
    if (given(o->immobility_min))
        cfg->immobility_s = (float)(60.0 * o->immobility_min);
    /* The library's days are batch's (DAY_S): t0's time of day on the input's clock. */
    /* As a float a time of day within 4 ms of midnight rounds to 86400, which the library
     * takes as the midnight that starts the first frame's day: the float below it keeps the
     * first frame in its own day (a day of 8 ms at most), as batch's rows have it. */
    cfg->day_offset_s = fminf((float)(rec->t0 - DAY_S * floor(rec->t0 / DAY_S)),
                              nextafterf((float)DAY_S, 0.0f));
}

/* The option whose value a config rejects (tried one at a time on the defaults), or NULL. */
static const char *rejected_option(const calfpump_config *cfg, double *value)
{
    static const struct {
        const char *option;
        size_t offset;
        double scale; /* from the config's unit to the option's */
    } options[] = {{"--window", offsetof(calfpump_config, window_s), 1.0},
                   {"--hop", offsetof(calfpump_config, hop_s), 1.0},
                   {"--min-confidence", offsetof(calfpump_config, min_confidence), 1.0},
                   {"--mains", offsetof(calfpump_config, emg_mains_hz), 1.0},
                   {"--reference", offsetof(calfpump_config, emg_reference), 1.0},
                   {"--immobility", offsetof(calfpump_config, immobility_s), 1.0 / 60.0}};
    calfpump_config base = *cfg, defaults;
    calfpump_config_init(&defaults);
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        memcpy((char *)&base + options[i].offset, (char *)&defaults + options[i].offset,
               sizeof(float));
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        calfpump_config one = base;
        float v;
        memcpy(&v, (const char *)cfg + options[i].offset, sizeof v);
        memcpy((char *)&one + options[i].offset, &v, sizeof v);
        if (calfpump_get_size(&one) == 0) {
            *value = v * options[i].scale;
            return options[i].option;
        }
    }
    return NULL;
}

int analysis_error(const read_request *rq, const calfpump_config *cfg, int status)
{
    char context[96] = "";
    double value = 0.0;
    const char *option = status == CALFPUMP_E_ARG ? rejected_option(cfg, &value) : NULL;
    if (status == CALFPUMP_E_RATE)
        snprintf(context, sizeof context, " (%.10g Hz%s)", cfg->sample_rate_hz,
                 cfg->signal == CALFPUMP_SIGNAL_ACCEL && cfg->sample_rate_hz > CALFPUMP_MAX_RATE_HZ
                     ? "; a CSV with a time column can be resampled: --rate 1000"
                     : "");
    else if (status == CALFPUMP_E_CHANNELS)
        snprintf(context, sizeof context, " (%d channels)", (int)cfg->channels);
    else if (option)
        snprintf(context, sizeof context, " (%s %g: see --help for its range)", option, value);
    else if (status == CALFPUMP_E_ARG)
        snprintf(context, sizeof context,
                 " (check --window, --hop, --min-confidence, --mains, --reference and"
                 " --immobility)");
    cli_error("'%s': cannot analyse: %s%s", rq->name, calfpump_strerror(status), context);
    return EXIT_DATA;
}

void warn_all_gaps(const read_request *rq, const calfpump_summary *s)
{
    if (s->gap_frames == s->frames) /* else it would read as stillness */
        cli_warning("'%s': every frame is a gap (NaN or Inf): there was nothing to analyse",
                    rq->name);
}

static int analyze(const options *o)
{
    const analysis_options *ao = &o->a;
    recording rec = {0};
    calfpump *h = NULL;
    calfpump_result *result = NULL;
    calfpump_config cfg;
    int status = read_input(&ao->rq, &rec);
    if (status == 0 && ao->signal == CALFPUMP_SIGNAL_ACCEL)
        warn_gravity(&ao->rq, rec.frames, rec.n_frames, rec.channels);
    if (status == 0) {
        config_for(ao, &rec, &cfg);
        int s = calfpump_create(&cfg, &h);
        if (s == CALFPUMP_OK)
            s = calfpump_analyze(h, rec.frames, rec.n_frames, &result);
        if (s != CALFPUMP_OK)
            status = analysis_error(&ao->rq, &cfg, s);
    }
    if (status == 0)
        warn_all_gaps(&ao->rq, calfpump_result_summary(result));
    if (status == 0) {
        analysis a = {ao->rq.name, calfpump_signal_name(ao->signal),
                      calfpump_placement_name(ao->placement), calfpump_side_name(ao->side), &rec,
                      result, cfg.window_s};
        if (o->format == OUT_CSV)
            write_cadence_csv(stdout, &a);
        else if (o->format == OUT_SUMMARY)
            write_summary(stdout, &a);
        else
            status = write_json(stdout, &a);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("cannot write the output: %s", strerror(errno));
            status = EXIT_DATA;
        }
    }
    calfpump_result_free(result);
    calfpump_destroy(h);
    recording_free(&rec);
    return status;
}

int main(int argc, char **argv)
{
    options o = {.a = {.rq = {.rate_hz = NAN}, .window_s = NAN, .hop_s = NAN,
                       .min_confidence = NAN, .mains_hz = NAN, .reference = NAN,
                       .immobility_min = NAN},
                 .b = {.progress = -1, .include = BATCH_INCLUDE_DEFAULT}};
    int status = parse_options(argc, argv, &o);
    if (status)
        return status < 0 ? EXIT_SUCCESS : status;
    int signal = parse_choice("signal", o.signal, CALFPUMP_SIGNAL_ACCEL, calfpump_signal_from_name,
                              calfpump_signal_name);
    int placement = parse_choice("placement", o.placement, CALFPUMP_PLACEMENT_UNKNOWN,
                                 calfpump_placement_from_name, calfpump_placement_name);
    int side = parse_choice("side", o.side, CALFPUMP_SIDE_UNKNOWN, calfpump_side_from_name,
                            calfpump_side_name);
    int units = parse_choice("units", o.units, CLI_UNITS_G, cli_units_from_name, cli_units_name);
    int axis = parse_choice("up axis", o.up_axis, 0, cli_axis_from_name, cli_axis_name);
    if (signal < 0 || placement < 0 || side < 0 || units < 0 || axis < 0)
        return usage_error();
    /* An option of the other signal would be ignored: say so instead. */
    if (signal == CALFPUMP_SIGNAL_EMG && (o.units || o.up_axis)) {
        cli_error("--units and --up-axis are for the accelerometer (EMG is analysed in the file's "
                  "unit, and tells no posture)");
        return usage_error();
    }
    if (signal != CALFPUMP_SIGNAL_EMG && (given(o.a.mains_hz) || given(o.a.reference))) {
        cli_error("--mains and --reference are EMG options (--signal emg)");
        return usage_error();
    }
    /* Options the library ignores for this placement: said, not refused (a script may pass
     * every recording's side, whatever its placement). */
    const int leg = placement == CALFPUMP_PLACEMENT_FOOT || placement == CALFPUMP_PLACEMENT_SHANK;
    if (side != CALFPUMP_SIDE_UNKNOWN && !leg && signal != CALFPUMP_SIGNAL_EMG)
        cli_warning("--side %s is ignored with --placement %s: it is the leg of a foot or shank "
                    "sensor (or of an EMG muscle)", o.side, calfpump_placement_name(placement));
    if (cli_axis_value(axis) != 0 && !leg && placement != CALFPUMP_PLACEMENT_THIGH)
        cli_warning("--up-axis %s is ignored with --placement %s: it is for a foot, shank or "
                    "thigh sensor", o.up_axis, calfpump_placement_name(placement));
    o.a.rq.signal = o.a.signal = signal;
    o.a.placement = placement;
    o.a.side = side;
    o.a.up_axis = cli_axis_value(axis);
    o.a.rq.scale = units == CLI_UNITS_MS2 ? (float)(1.0 / G_MS2)
                   : units == CLI_UNITS_MG ? 1e-3f
                                           : 1.0f;
    if (strcmp(argv[optind], "batch") == 0) {
        if (!o.b.jobs)
            o.b.jobs = batch_default_jobs();
        return batch_run(&o.a, &o.b, argv + optind + 1, argc - optind - 1);
    }
    return analyze(&o);
}
