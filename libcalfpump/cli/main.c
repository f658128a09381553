/* calfpump: the command-line front end of libcalfpump. Reads one recording (CSV, or any format
 * libsndfile reads), runs the batch analysis and prints it as JSON, a cadence table or a summary.
 * Uses only the public header calfpump.h. */
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define G_MS2 9.80665 /* standard gravity, m/s^2 per g */

enum output_format { OUT_JSON, OUT_CSV, OUT_SUMMARY };

typedef struct options {
    const char *signal, *placement, *side, *units, *up_axis; /* NULL = not given */
    read_request rq;
    double window_s, hop_s, min_confidence, mains_hz, reference, immobility_min; /* NaN = not
                                                                                  given */
    enum output_format format;
} options;

enum {
    OPT_SIGNAL = 256, OPT_PLACEMENT, OPT_SIDE, OPT_CHANNEL, OPT_UNITS, OPT_RATE, OPT_WINDOW,
    OPT_HOP, OPT_MIN_CONFIDENCE, OPT_MAINS, OPT_REFERENCE, OPT_JSON, OPT_CSV, OPT_SUMMARY,
    OPT_UP_AXIS, OPT_IMMOBILITY
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
    {"version", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

static const char usage_text[] =
    "Usage: calfpump analyze [options] FILE\n"
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
    "  --side left|right|unknown  leg of a foot or shank sensor (default unknown)\n"
    "  --channel LIST         one channel or three (x,y,z; EMG: one muscle), by column name\n"
    "                         or by number counted from 0 (default: ax,ay,az; else amag;\n"
    "                         else the one or three signal columns; EMG: emg_so, emg_gm or\n"
    "                         emg_gl, else the first signal column)\n"
    "  --units g|m/s2         unit of the samples (default g)\n"
    "  --rate HZ              sample rate: required for a CSV without 't'; for a CSV with 't'\n"
    "                         the resampling rate (default: the mean rate); for audio files\n"
    "                         it overrides the file's rate\n"
    "  --window S             cadence window, s (default %g)\n"
    "  --hop S                cadence hop, s (default %g)\n"
    "  --min-confidence X     periodicity needed for a rhythmic window, 0..1 (default %g)\n"
    "  --mains 50|60          EMG: notch out the mains frequency (default: no notch)\n"
    "  --reference LEVEL      EMG: envelope level of a reference contraction (e.g. an MVC), in\n"
    "                         the file's unit: bursts also report peak and mean relative to it\n"
    "  --up-axis AXIS         sensor axis pointing up the leg when standing (foot: out of the\n"
    "                         instep; shank: to the knee; thigh: to the hip): +x, +y, +z,\n"
    "                         -x, -y, -z or none (default): enables posture and heel raises\n"
    "  --immobility MIN       immobility alert threshold and interval, minutes (default 30)\n"
    "  --json                 print the analysis as JSON (default)\n"
    "  --csv                  print the per-window cadence table as CSV\n"
    "  --summary              print a summary for people\n"
    "  -V, --version          print the versions and exit\n"
    "  -h, --help             print this help and exit\n"
    "\n"
    "Times in the output are on the input's clock (its 't' column, else seconds from the first\n"
    "sample). Exit status: 0 ok, 1 unreadable data or failed analysis, 2 wrong usage.\n"
    "\n"
    "Placements: ";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("calfpump: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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

/* Fills o from argv. 0 to go on, -1 when --help/--version was answered, else an exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    int c, li;
    opterr = 0; /* errors are reported below, with the tool's own prefix */
    while ((c = getopt_long(argc, argv, ":hV", long_options, &li)) != -1) {
        /* An empty value means the option was not given (e.g. from a template --channel ''). */
        const char *value = optarg && optarg[0] ? optarg : NULL;
        double *number = NULL;
        switch (c) {
        case OPT_SIGNAL: o->signal = value; break;
        case OPT_PLACEMENT: o->placement = value; break;
        case OPT_SIDE: o->side = value; break;
        case OPT_UNITS: o->units = value; break;
        case OPT_CHANNEL: o->rq.channel = value; break;
        case OPT_RATE: number = &o->rq.rate_hz; break;
        case OPT_WINDOW: number = &o->window_s; break;
        case OPT_HOP: number = &o->hop_s; break;
        case OPT_MIN_CONFIDENCE: number = &o->min_confidence; break;
        case OPT_MAINS: number = &o->mains_hz; break;
        case OPT_REFERENCE: number = &o->reference; break;
        case OPT_UP_AXIS: o->up_axis = value; break;
        case OPT_IMMOBILITY: number = &o->immobility_min; break;
        case OPT_JSON: o->format = OUT_JSON; break;
        case OPT_CSV: o->format = OUT_CSV; break;
        case OPT_SUMMARY: o->format = OUT_SUMMARY; break;
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
        }
    }
    if (optind >= argc) {
        cli_error("missing command: calfpump analyze [options] FILE");
        return usage_error();
    }
    if (strcmp(argv[optind], "analyze") != 0) {
        cli_error("unknown command '%s' (expected 'analyze')", argv[optind]);
        return usage_error();
    }
    if (argc - optind != 2) {
        cli_error(argc - optind < 2 ? "analyze: missing FILE" : "analyze: one FILE only, got '%s'",
                  argv[argc - 1]);
        return usage_error();
    }
    o->rq.path = argv[optind + 1];
    o->rq.name = strcmp(o->rq.path, "-") == 0 ? "<stdin>" : o->rq.path;
    return 0;
}

/* CSV from standard input; else libsndfile when it knows the format, else CSV. */
static int read_input(const read_request *rq, recording *rec)
{
    if (strcmp(rq->path, "-") == 0)
        return read_csv(stdin, rq, rec);
    FILE *f = fopen(rq->path, "rb");
    if (!f) {
        cli_error("cannot open '%s': %s", rq->path, strerror(errno));
        return EXIT_DATA;
    }
    int status = read_sndfile(rq, rec);
    if (status == CLI_NOT_AUDIO)
        status = read_csv(f, rq, rec);
    fclose(f);
    if (status == 0 && rec->n_frames == 0) {
        cli_error("'%s' holds no samples", rq->name);
        status = EXIT_DATA;
    }
    return status;
}

/* A library failure, with the values it is most likely about. */
static int analysis_error(const read_request *rq, const calfpump_config *cfg, int status)
{
    char context[96] = "";
    if (status == CALFPUMP_E_RATE)
        snprintf(context, sizeof context, " (%g Hz)", cfg->sample_rate_hz);
    else if (status == CALFPUMP_E_CHANNELS)
        snprintf(context, sizeof context, " (%d channels)", (int)cfg->channels);
    else if (status == CALFPUMP_E_ARG)
        snprintf(context, sizeof context,
                 " (check --window, --hop, --min-confidence, --mains, --reference and"
                 " --immobility)");
    cli_error("'%s': cannot analyse: %s%s", rq->name, calfpump_strerror(status), context);
    return EXIT_DATA;
}

static int analyze(const options *o, int signal, int placement, int side, int up_axis)
{
    recording rec = {0};
    calfpump *h = NULL;
    calfpump_result *result = NULL;
    calfpump_config cfg;
    calfpump_config_init(&cfg);
    int status = read_input(&o->rq, &rec);
    if (status == 0) {
        cfg.sample_rate_hz = rec.rate_hz;
        cfg.channels = rec.channels;
        cfg.signal = signal;
        cfg.placement = placement;
        cfg.side = side;
        if (given(o->window_s))
            cfg.window_s = (float)o->window_s;
        if (given(o->hop_s))
            cfg.hop_s = (float)o->hop_s;
        if (given(o->min_confidence))
            cfg.min_confidence = (float)o->min_confidence;
        if (given(o->mains_hz))
            cfg.emg_mains_hz = (float)o->mains_hz;
        if (given(o->reference))
            cfg.emg_reference = (float)o->reference;
        cfg.up_axis = up_axis;
        if (given(o->immobility_min))
            cfg.immobility_s = (float)(60.0 * o->immobility_min);
        /* Days are UTC days when the clock is Unix time (after 2001), else counted from t0. */
        if (rec.t0 > 1e9)
            cfg.day_offset_s = (float)fmod(rec.t0, 86400.0);
        int s = calfpump_create(&cfg, &h);
        if (s == CALFPUMP_OK)
            s = calfpump_analyze(h, rec.frames, rec.n_frames, &result);
        if (s != CALFPUMP_OK)
            status = analysis_error(&o->rq, &cfg, s);
    }
    if (status == 0) {
        analysis a = {o->rq.name, calfpump_signal_name(signal), calfpump_placement_name(placement),
                      calfpump_side_name(side), &rec, result, cfg.window_s};
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
    options o = {.rq = {.rate_hz = NAN}, .window_s = NAN, .hop_s = NAN, .min_confidence = NAN,
                 .mains_hz = NAN, .reference = NAN, .immobility_min = NAN};
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
    o.rq.signal = signal;
    o.rq.scale = units == CLI_UNITS_MS2 ? (float)(1.0 / G_MS2) : 1.0f;
    return analyze(&o, signal, placement, side, cli_axis_value(axis));
}
