/* The analysis as JSON (schema calfpump.analysis/1) through jansson. Times are put back on the
 * input's clock; numbers are rounded to what they mean (0.1 ms for times). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define SCHEMA "calfpump.analysis/1"
/* Enough significant digits for a rounded Unix time; rounded values then print exactly. */
#define REAL_DIGITS 15

/* v rounded to `decimals`; null when not finite (jansson has no NaN). */
static json_t *num(double v, int decimals)
{
    if (!isfinite(v))
        return json_null();
    double scale = pow(10.0, decimals), r = round(v * scale) / scale;
    return json_real(isfinite(r) ? r : v);
}

/* Length of the UTF-8 sequence at p (at most `left` bytes), 0 when it is not one (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_length(const unsigned char *p, size_t left)
{
    const unsigned c = p[0];
    if (c < 0x80)
        return 1;
    const size_t n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (n == 0 || n > left)
        return 0;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
        (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
        return 0;
    return n;
}

json_t *json_text(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    const size_t n = strlen(s);
    char *t = malloc(3 * n + 1), *o = t;
    if (!t)
        return NULL;
    for (size_t i = 0; i < n;) {
        const size_t k = utf8_length((const unsigned char *)s + i, n - i);
        memcpy(o, k ? s + i : "\xEF\xBF\xBD", k ? k : 3); /* U+FFFD for a stray byte */
        o += k ? k : 3;
        i += k ? k : 1;
    }
    *o = '\0';
    j = json_string(t);
    free(t);
    return j;
}

/* arr with item appended; NULL (and arr freed) when either is missing: out of memory. */
static json_t *push(json_t *arr, json_t *item)
{
    if (json_array_append_new(arr, item) == 0)
        return arr;
    json_decref(arr);
    return NULL;
}

static json_t *summary_json(const calfpump_summary *s)
{
    return json_pack("{s:I, s:I, s:I, s:o, s:o, s:I, s:I}",
                     "activations", (json_int_t)s->activations,
                     "steps", (json_int_t)s->steps,
                     "bouts", (json_int_t)s->bouts,
                     "active_s", num(s->active_s, 3),
                     "mean_cadence_per_min", num(s->mean_cadence_per_min, 2),
                     "frames", (json_int_t)s->frames,
                     "gap_frames", (json_int_t)s->gap_frames);
}

/* One day's totals; its date is on the input's clock (day 0 holds t0). */
/* "day" is the day of the input's clock (floor(t / DAY_S)), as batch's rows number it. */
static json_t *day_json(const void *record, double t0)
{
    const calfpump_day *d = record;
    return json_pack("{s:I, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:o}",
                     "day", (json_int_t)(floor(t0 / DAY_S) + d->day),
                     "covered_s", num(d->covered_s, 1),
                     "walking_min", num(d->walking_min, 2),
                     "ankle_pump_min", num(d->pump_min, 2),
                     "ankle_pumps", (json_int_t)d->pumps,
                     "sessions_met", (json_int_t)d->sessions_met,
                     "heel_raises", (json_int_t)d->raises,
                     "heel_raise_sets", (json_int_t)d->sets,
                     "immobility_alerts", (json_int_t)d->immobility_alerts,
                     "elevated_min", num(d->elevated_min, 2));
}

/* One JSON object per result record (NULL when out of memory), times moved by t0. */
typedef json_t *(*record_json)(const void *record, double t0);

static json_t *records_json(const void *records, size_t n, size_t size, record_json one,
                            double t0)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        arr = push(arr, one((const char *)records + i * size, t0));
    return arr;
}

static json_t *activation_json(const void *record, double t0)
{
    const calfpump_activation *a = record;
    return json_pack("{s:o, s:s?, s:s?, s:o, s:o}",
                     "t", num(a->t + t0, 4),
                     "side", calfpump_side_name(a->side),
                     "kind", calfpump_kind_name(a->kind),
                     "period_s", num(a->period_s, 4),
                     "strength_g", num(a->strength_g, 4));
}

/* An EMG burst: the activation's fields plus the burst's offset, size and channel name. */
static json_t *burst_json(const calfpump_activation *a, const calfpump_burst *b,
                          const recording *rec, double t0)
{
    json_t *j = activation_json(a, t0);
    const char *channel = b->channel >= 0 && b->channel < rec->channels
                              ? rec->channel_names[b->channel] : NULL;
    if (j && json_object_update_new(j, json_pack("{s:o, s:o, s:o, s:o}",
                                                 "offset", num(b->offset + t0, 4),
                                                 "duration_s", num(b->offset - b->onset, 4),
                                                 "peak", num(b->peak, 4),
                                                 "mean", num(b->mean, 4))) == 0 &&
        (b->peak_ref == 0.0f ||
         json_object_update_new(j, json_pack("{s:o, s:o}", "peak_ref", num(b->peak_ref, 4),
                                             "mean_ref", num(b->mean_ref, 4))) == 0) &&
        json_object_set_new(j, "channel", channel ? json_text(channel) : json_integer(b->channel)) == 0)
        return j;
    json_decref(j);
    return NULL;
}

/* Activations; those of kind burst carry their burst (the i-th burst is the i-th of them). */
static json_t *activations_json(const calfpump_result *r, const recording *rec, double t0)
{
    size_t n_act, n_bursts, k = 0;
    const calfpump_activation *act = calfpump_result_activations(r, &n_act);
    const calfpump_burst *bursts = calfpump_result_bursts(r, &n_bursts);
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n_act; i++)
        arr = push(arr, act[i].kind == CALFPUMP_KIND_BURST && k < n_bursts
                            ? burst_json(&act[i], &bursts[k++], rec, t0)
                            : activation_json(&act[i], t0));
    return arr;
}

/* per_min is steps of both legs per minute; activations_per_min the library's own rate. */
static json_t *cadence_json(const void *record, double t0)
{
    const calfpump_cadence *c = record;
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:b}",
                     "t", num(c->t + t0, 4),
                     "per_min", num(c->steps_per_min, 2),
                     "activations_per_min", num(c->per_min, 2),
                     "confidence", num(c->confidence, 3),
                     "amplitude_g", num(c->amplitude_g, 4),
                     "rhythmic", c->rhythmic != 0);
}

/* Share of [a, b) that bursts cover; *first: the first burst that may still reach a (the
 * windows come in time order, so the scan goes on from there). */
static double covered(const calfpump_burst *b, size_t n, size_t *first, double a, double c)
{
    while (*first < n && b[*first].offset <= a)
        (*first)++;
    double sum = 0.0;
    for (size_t i = *first; i < n && b[i].onset < c; i++)
        sum += fmin(b[i].offset, c) - fmax(b[i].onset, a);
    return c > a ? sum / (c - a) : 0.0;
}

/* Cadence windows; with EMG bursts each also has the duty cycle: the share of the window (within
 * the recording) that bursts cover. */
static json_t *cadence_all_json(const analysis *an, double t0)
{
    size_t n_cad, n_bursts, first = 0;
    const calfpump_cadence *cad = calfpump_result_cadence(an->result, &n_cad);
    const calfpump_burst *bursts = calfpump_result_bursts(an->result, &n_bursts);
    const double end = calfpump_result_summary(an->result)->duration_s;
    const int emg = strcmp(an->signal, "emg") == 0;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n_cad; i++) {
        json_t *c = cadence_json(&cad[i], t0);
        const double a = fmax(cad[i].t - an->window_s / 2, 0.0);
        const double b = fmin(cad[i].t + an->window_s / 2, end);
        if (c && emg &&
            json_object_set_new(c, "duty_cycle", num(covered(bursts, n_bursts, &first, a, b), 3)))
            c = (json_decref(c), NULL);
        arr = push(arr, c);
    }
    return arr;
}

static json_t *bout_json(const void *record, double t0)
{
    const calfpump_bout *b = record;
    return json_pack("{s:o, s:o, s:s?, s:I, s:o, s:o}",
                     "start", num(b->start + t0, 4),
                     "end", num(b->end + t0, 4),
                     "kind", calfpump_bout_kind_name(b->kind),
                     "activations", (json_int_t)b->activations,
                     "cadence_per_min", num(b->steps_per_min, 2),
                     "activations_per_min", num(b->cadence_per_min, 2));
}

static json_t *session_json(const void *record, double t0)
{
    const calfpump_session *s = record;
    return json_pack("{s:o, s:o, s:I, s:o, s:o, s:b}",
                     "start", num(s->start + t0, 4),
                     "end", num(s->end + t0, 4),
                     "pumps", (json_int_t)s->pumps,
                     "per_min", num(s->per_min, 2),
                     "range_deg", num(s->range_deg, 1),
                     "target_met", s->target_met != 0);
}

static json_t *set_json(const void *record, double t0)
{
    const calfpump_set *s = record;
    return json_pack("{s:o, s:o, s:I, s:o, s:o, s:o}",
                     "start", num(s->start + t0, 4),
                     "end", num(s->end + t0, 4),
                     "reps", (json_int_t)s->reps,
                     "per_min", num(s->per_min, 2),
                     "hold_s", num(s->hold_s, 2),
                     "range_deg", num(s->range_deg, 1));
}

static json_t *immobility_json(const void *record, double t0)
{
    const calfpump_immobility *m = record;
    return json_pack("{s:o, s:s?, s:o, s:o, s:I}",
                     "t", num(m->t + t0, 4),
                     "kind", calfpump_immobility_kind_name(m->kind),
                     "start", num(m->start + t0, 4),
                     "duration_s", num(m->duration_s, 3),
                     "alerts", (json_int_t)m->alerts);
}

/* What the calf did in the bout of the same index. */
static json_t *activity_json(const void *record, double t0)
{
    const calfpump_activity *v = record;
    return json_pack("{s:o, s:o, s:I, s:s?}",
                     "start", num(v->start + t0, 4),
                     "end", num(v->end + t0, 4),
                     "bout", (json_int_t)v->bout,
                     "activity", calfpump_activity_name(v->kind));
}

static json_t *posture_json(const void *record, double t0)
{
    const calfpump_posture *p = record;
    return json_pack("{s:o, s:o, s:s?, s:o, s:b}",
                     "start", num(p->start + t0, 4),
                     "end", num(p->end + t0, 4),
                     "posture", calfpump_posture_name(p->posture),
                     "tilt_deg", num(p->tilt_deg, 1),
                     "elevation", p->elevation != 0);
}

/* The exercise totals and the days, added to the summary object s (NULL when out of memory). */
static json_t *exercise_summary_json(json_t *s, const calfpump_result *r, double t0)
{
    const calfpump_exercise_summary *e = calfpump_result_exercise_summary(r);
    size_t n_days;
    const calfpump_day *days = calfpump_result_days(r, &n_days);
    json_t *minutes = json_pack("{s:o, s:o, s:o, s:o}",
                                "unknown", num(e->posture_min[0], 2),
                                "dependent", num(e->posture_min[1], 2),
                                "horizontal", num(e->posture_min[2], 2),
                                "elevated", num(e->posture_min[3], 2));
    if (s && json_object_update_new(s, json_pack(
            "{s:o, s:o, s:o, s:b, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
            "walking_min", num(e->walking_min, 2),
            "days", num(e->days, 4),
            "walking_min_per_week", num(e->walking_min_per_week, 1),
            "walking_target_met", e->walking_target_met != 0,
            "ankle_pump_min", num(e->pump_min, 2),
            "ankle_pumps", (json_int_t)e->pumps,
            "sessions", (json_int_t)e->sessions,
            "sessions_met", (json_int_t)e->sessions_met,
            "heel_raises", (json_int_t)e->raises,
            "heel_raise_sets", (json_int_t)e->sets,
            "immobility_alerts", (json_int_t)e->immobility_alerts,
            "immobility_stretches", (json_int_t)e->immobility_stretches,
            "elevation_episodes", (json_int_t)e->elevation_episodes,
            "posture_min", minutes,
            "daily", records_json(days, n_days, sizeof *days, day_json, t0))) == 0)
        return s;
    json_decref(s);
    return NULL;
}

static json_t *channels_json(const recording *rec)
{
    json_t *arr = json_array();
    for (int k = 0; arr && k < rec->channels; k++)
        arr = push(arr, json_text(rec->channel_names[k]));
    return arr;
}

int write_json(FILE *out, const analysis *a)
{
    const calfpump_result *r = a->result;
    const double t0 = a->rec->t0;
    const calfpump_summary *s = calfpump_result_summary(r);
    size_t n_bouts, n_sessions, n_sets, n_immobility, n_posture, n_activity;
    const calfpump_bout *bouts = calfpump_result_bouts(r, &n_bouts);
    const calfpump_session *sessions = calfpump_result_sessions(r, &n_sessions);
    const calfpump_set *sets = calfpump_result_sets(r, &n_sets);
    const calfpump_immobility *immobility = calfpump_result_immobility(r, &n_immobility);
    const calfpump_posture *posture = calfpump_result_posture(r, &n_posture);
    const calfpump_activity *activity = calfpump_result_activity(r, &n_activity);
    json_error_t err;
    json_t *doc = json_pack_ex(&err, 0, "{s:s, s:s, s:o, s:s, s:s, s:s,"
                            " s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                            "schema", SCHEMA,
                            "library", calfpump_version(),
                            "file", json_text(a->file),
                            "signal", a->signal,
                            "placement", a->placement,
                            "side", a->side,
                            "channels", channels_json(a->rec),
                            "sample_rate_hz", num(a->rec->rate_hz, 6),
                            "t0", num(t0, 6),
                            "duration_s", num(s->duration_s, 4),
                            "summary", exercise_summary_json(summary_json(s), r, t0),
                            "activations", activations_json(r, a->rec, t0),
                            "cadence", cadence_all_json(a, t0),
                            "bouts",
                            records_json(bouts, n_bouts, sizeof *bouts, bout_json, t0),
                            "activity", records_json(activity, n_activity, sizeof *activity,
                                                     activity_json, t0),
                            "sessions",
                            records_json(sessions, n_sessions, sizeof *sessions, session_json, t0),
                            "sets", records_json(sets, n_sets, sizeof *sets, set_json, t0),
                            "immobility", records_json(immobility, n_immobility,
                                                       sizeof *immobility, immobility_json, t0),
                            "posture",
                            records_json(posture, n_posture, sizeof *posture, posture_json, t0));
    if (!doc) {
        cli_error("cannot build the JSON output: %s", err.text);
        return EXIT_DATA;
    }
    json_dumpf(doc, out, JSON_COMPACT | JSON_REAL_PRECISION(REAL_DIGITS));
    fputc('\n', out);
    json_decref(doc);
    return 0;
}
