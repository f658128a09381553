/* SWIG interface of libcalfpump for Python (module calfpump.core, wrapped by the package in
 * python/calfpump). Only the public header calfpump.h is used.
 *
 * - Names lose their prefix: calfpump_strerror -> core.strerror, CALFPUMP_E_ARG -> core.E_ARG.
 * - Samples come in through numpy.i's IN_ARRAY typemaps (C-contiguous float32 is used in place);
 *   results go out through its managed ARGOUTVIEWM typemaps as bytes of the C records, which the
 *   package views with numpy dtypes built from record_fields() (offsets from the compiler).
 * - A failing status raises core.Error or one of its subclasses (also ValueError, MemoryError,
 *   RuntimeError or NotImplementedError) with calfpump_strerror's text and a .status attribute.
 * - Handle owns a calfpump handle: created by its constructor, destroyed with the Python object.
 *   It keeps the channel count it was made for: push and analyze refuse an array with other
 *   columns (the C calls take frames, not samples, and would read past a narrower array).
 * - The GIL is released while the library analyses, pushes, flushes or resamples.
 */
%module(package="calfpump") core

%{
#define SWIG_FILE_WITH_INIT
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calfpump.h"
%}

%include <stdint.i>
%include <typemaps.i>
%include "numpy.i"
/* Dimensions as size_t, like the C API (numpy.i instantiates them for int only). */
%numpy_typemaps(float, NPY_FLOAT, size_t)
%numpy_typemaps(double, NPY_DOUBLE, size_t)
%numpy_typemaps(uint8_t, NPY_UINT8, size_t)

%init %{
import_array();
if (make_errors(d) != 0)
    return NULL;
%}

/* ---- statuses as exceptions -------------------------------------------------------------- */
%{
/* Exception classes, made at import. Error is the base of all; the others are also the built-in
 * exception a Python programmer expects for that kind of failure. */
enum { ERR_BASE, ERR_ARG, ERR_MEMORY, ERR_STATE, ERR_UNSUPPORTED, ERR_COUNT };
static PyObject *error_types[ERR_COUNT];

static int make_errors(PyObject *module_dict)
{
    static const char *const names[ERR_COUNT] = {"calfpump.core.Error",
        "calfpump.core.ArgumentError", "calfpump.core.OutOfMemoryError",
        "calfpump.core.StateError", "calfpump.core.UnsupportedError"};
    PyObject *const builtins[ERR_COUNT] = {PyExc_Exception, PyExc_ValueError, PyExc_MemoryError,
        PyExc_RuntimeError, PyExc_NotImplementedError};
    for (int i = 0; i < ERR_COUNT; i++) {
        PyObject *bases = i == ERR_BASE ? PyTuple_Pack(1, builtins[i])
                                        : PyTuple_Pack(2, error_types[ERR_BASE], builtins[i]);
        if (!bases)
            return -1;
        error_types[i] = PyErr_NewException(names[i], bases, NULL);
        Py_DECREF(bases);
        if (!error_types[i] ||
            PyDict_SetItemString(module_dict, strrchr(names[i], '.') + 1, error_types[i]) != 0)
            return -1;
    }
    return 0;
}

static PyObject *error_type(int status)
{
    switch (status) {
    case CALFPUMP_E_NULL:
    case CALFPUMP_E_ARG:
    case CALFPUMP_E_RATE:
    case CALFPUMP_E_CHANNELS:
    case CALFPUMP_E_TIME: return error_types[ERR_ARG];
    case CALFPUMP_E_NOMEM: return error_types[ERR_MEMORY];
    case CALFPUMP_E_STATE: return error_types[ERR_STATE];
    case CALFPUMP_E_UNSUPPORTED: return error_types[ERR_UNSUPPORTED];
    default: return error_types[ERR_BASE];
    }
}

/* Sets the Python exception for a failing status: text, .status = status. */
static void raise_status_text(int status, const char *text)
{
    PyObject *type = error_type(status);
    PyObject *exc = PyObject_CallFunction(type, "s", text);
    if (!exc)
        return;
    PyObject *code = PyLong_FromLong(status);
    if (code && PyObject_SetAttrString(exc, "status", code) == 0)
        PyErr_SetObject(type, exc);
    Py_XDECREF(code);
    Py_DECREF(exc);
}

/* The same with calfpump_strerror's text. */
static void raise_status(int status)
{
    raise_status_text(status, calfpump_strerror(status));
}

/* Return type of the wrappers below: a calfpump status, raised when it is a failure. */
typedef int status_t;
%}
%pythoncode %{
Error = _core.Error
ArgumentError = _core.ArgumentError
OutOfMemoryError = _core.OutOfMemoryError
StateError = _core.StateError
UnsupportedError = _core.UnsupportedError
%}
typedef int status_t;
%typemap(out) status_t {
    if ($1 < 0) {
        if (!PyErr_Occurred()) /* a wrapper may have raised it with a more precise text */
            raise_status($1);
        SWIG_fail;
    }
    $result = SWIG_Py_Void();
}

/* numpy.i typemaps for the wrappers below (and calfpump_resample_frames). */
%apply (uint8_t **ARGOUTVIEWM_ARRAY1, size_t *DIM1) {
    (uint8_t **activations, size_t *activations_bytes),
    (uint8_t **cadence, size_t *cadence_bytes),
    (uint8_t **bouts, size_t *bouts_bytes),
    (uint8_t **summary, size_t *summary_bytes),
    (uint8_t **records, size_t *records_bytes),
    (uint8_t **sessions, size_t *sessions_bytes),
    (uint8_t **sets, size_t *sets_bytes),
    (uint8_t **immobility, size_t *immobility_bytes),
    (uint8_t **posture, size_t *posture_bytes),
    (uint8_t **days, size_t *days_bytes),
    (uint8_t **activity, size_t *activity_bytes),
    (uint8_t **exercise, size_t *exercise_bytes),
    (uint8_t **bursts, size_t *bursts_bytes)
};
%apply (float *IN_ARRAY2, size_t DIM1, size_t DIM2) {
    (float *frames, size_t n_frames, size_t channels),
    (float *x, size_t n_x, size_t channels)
};
%apply (double *IN_ARRAY1, size_t DIM1) {(double *t, size_t n_t), (const double *t, size_t n)};
%apply (float **ARGOUTVIEWM_ARRAY2, size_t *DIM1, size_t *DIM2) {
    (float **grid, size_t *n_grid, size_t *grid_channels)
};
%apply size_t *OUTPUT { size_t *n_used };
%apply int *OUTPUT { int *done };

/* ---- the public header, without the calls that the wrappers below replace ------------------- */
%rename("%(regex:/^(calfpump_|CALFPUMP_)(.*)/\\2/)s") "";
%rename(Handle) py_handle;
%rename(Config) calfpump_config;
/* The lifecycle, streaming, results and resampling calls are wrapped by hand below; result
 * records travel as numpy structured arrays, so no struct proxies but Config and Handle. */
%rename("$ignore", regextarget=1) "^calfpump_(init|deinit|create|destroy|push|flush|reset)$";
%rename("$ignore", regextarget=1) "^calfpump_(analyze|resample)$";
%rename("$ignore", regextarget=1) "^calfpump_(poll|get|result)_";
%rename("$ignore", %$isclass) "";
#define CALFPUMP_API
%include "calfpump.h"

/* A Config starts with the library's defaults. */
%extend calfpump_config {
    calfpump_config() {
        calfpump_config *cfg = malloc(sizeof *cfg);
        if (cfg)
            calfpump_config_init(cfg);
        else
            PyErr_NoMemory();
        return cfg;
    }
}
%exception calfpump_config::calfpump_config {
    $action
    if (!result)
        SWIG_fail;
}

/* ---- records --------------------------------------------------------------------------------- */
%{
/* Which record type a buffer holds. */
enum { REC_ACTIVATION, REC_CADENCE, REC_BOUT, REC_SUMMARY, REC_SESSION, REC_SET, REC_IMMOBILITY,
       REC_POSTURE, REC_DAY, REC_ACTIVITY, REC_EXERCISE, REC_BURST, REC_COUNT };

typedef struct field {
    const char *name;
    const char *format; /* numpy type string */
    size_t offset;
} field;

#define NUMPY_FORMAT(x)                                                                          \
    _Generic((x), double: "f8", float: "f4", int32_t: "i4", uint32_t: "u4", uint64_t: "u8")
#define FIELD(type, member) {#member, NUMPY_FORMAT(((type *)0)->member), offsetof(type, member)}

static const field activation_fields[] = {FIELD(calfpump_activation, t),
    FIELD(calfpump_activation, period_s), FIELD(calfpump_activation, strength_g),
    FIELD(calfpump_activation, kind), FIELD(calfpump_activation, side)};
static const field cadence_fields[] = {FIELD(calfpump_cadence, t),
    FIELD(calfpump_cadence, per_min), FIELD(calfpump_cadence, steps_per_min),
    FIELD(calfpump_cadence, confidence), FIELD(calfpump_cadence, amplitude_g),
    FIELD(calfpump_cadence, rhythmic)};
static const field bout_fields[] = {FIELD(calfpump_bout, start), FIELD(calfpump_bout, end),
    FIELD(calfpump_bout, activations), FIELD(calfpump_bout, cadence_per_min),
    FIELD(calfpump_bout, steps_per_min), FIELD(calfpump_bout, kind)};
static const field summary_fields[] = {FIELD(calfpump_summary, frames),
    FIELD(calfpump_summary, gap_frames), FIELD(calfpump_summary, activations),
    FIELD(calfpump_summary, steps), FIELD(calfpump_summary, bouts),
    FIELD(calfpump_summary, active_s), FIELD(calfpump_summary, duration_s),
    FIELD(calfpump_summary, mean_cadence_per_min)};

static const field session_fields[] = {FIELD(calfpump_session, start),
    FIELD(calfpump_session, end), FIELD(calfpump_session, pumps),
    FIELD(calfpump_session, per_min), FIELD(calfpump_session, range_deg),
    FIELD(calfpump_session, target_met)};
static const field set_fields[] = {FIELD(calfpump_set, start), FIELD(calfpump_set, end),
    FIELD(calfpump_set, reps), FIELD(calfpump_set, per_min), FIELD(calfpump_set, hold_s),
    FIELD(calfpump_set, range_deg)};
static const field immobility_fields[] = {FIELD(calfpump_immobility, t),
    FIELD(calfpump_immobility, start), FIELD(calfpump_immobility, duration_s),
    FIELD(calfpump_immobility, alerts), FIELD(calfpump_immobility, kind)};
static const field posture_fields[] = {FIELD(calfpump_posture, start),
    FIELD(calfpump_posture, end), FIELD(calfpump_posture, tilt_deg),
    FIELD(calfpump_posture, posture), FIELD(calfpump_posture, elevation)};
static const field day_fields[] = {FIELD(calfpump_day, day), FIELD(calfpump_day, covered_s),
    FIELD(calfpump_day, walking_min), FIELD(calfpump_day, pump_min), FIELD(calfpump_day, pumps),
    FIELD(calfpump_day, sessions_met), FIELD(calfpump_day, raises), FIELD(calfpump_day, sets),
    FIELD(calfpump_day, immobility_alerts), FIELD(calfpump_day, elevated_min)};
static const field activity_fields[] = {FIELD(calfpump_activity, start),
    FIELD(calfpump_activity, end), FIELD(calfpump_activity, bout), FIELD(calfpump_activity, kind)};
static const field exercise_fields[] = {FIELD(calfpump_exercise_summary, walking_min),
    FIELD(calfpump_exercise_summary, pump_min), FIELD(calfpump_exercise_summary, pumps),
    FIELD(calfpump_exercise_summary, sessions), FIELD(calfpump_exercise_summary, sessions_met),
    FIELD(calfpump_exercise_summary, raises), FIELD(calfpump_exercise_summary, sets),
    FIELD(calfpump_exercise_summary, immobility_alerts),
    FIELD(calfpump_exercise_summary, immobility_stretches),
    FIELD(calfpump_exercise_summary, elevation_episodes),
    {"posture_min", "(4,)f8", offsetof(calfpump_exercise_summary, posture_min)},
    FIELD(calfpump_exercise_summary, days),
    FIELD(calfpump_exercise_summary, walking_min_per_week),
    FIELD(calfpump_exercise_summary, walking_target_met),
    FIELD(calfpump_exercise_summary, decision_latency_s)};
static const field burst_fields[] = {FIELD(calfpump_burst, onset), FIELD(calfpump_burst, offset),
    FIELD(calfpump_burst, peak), FIELD(calfpump_burst, mean), FIELD(calfpump_burst, peak_ref),
    FIELD(calfpump_burst, mean_ref), FIELD(calfpump_burst, channel), FIELD(calfpump_burst, side)};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
static const struct {
    const field *fields;
    size_t n_fields, size;
} records[REC_COUNT] = {
    {activation_fields, COUNT(activation_fields), sizeof(calfpump_activation)},
    {cadence_fields, COUNT(cadence_fields), sizeof(calfpump_cadence)},
    {bout_fields, COUNT(bout_fields), sizeof(calfpump_bout)},
    {summary_fields, COUNT(summary_fields), sizeof(calfpump_summary)},
    {session_fields, COUNT(session_fields), sizeof(calfpump_session)},
    {set_fields, COUNT(set_fields), sizeof(calfpump_set)},
    {immobility_fields, COUNT(immobility_fields), sizeof(calfpump_immobility)},
    {posture_fields, COUNT(posture_fields), sizeof(calfpump_posture)},
    {day_fields, COUNT(day_fields), sizeof(calfpump_day)},
    {activity_fields, COUNT(activity_fields), sizeof(calfpump_activity)},
    {exercise_fields, COUNT(exercise_fields), sizeof(calfpump_exercise_summary)},
    {burst_fields, COUNT(burst_fields), sizeof(calfpump_burst)},
};

/* The poll call of each record type that has one (NULL for the summaries). */
typedef int (*poll_fn)(calfpump *, void *, size_t, size_t *);
static const poll_fn polls[REC_COUNT] = {
    [REC_ACTIVATION] = (poll_fn)calfpump_poll_activations,
    [REC_CADENCE] = (poll_fn)calfpump_poll_cadence,
    [REC_BOUT] = (poll_fn)calfpump_poll_bouts,
    [REC_SESSION] = (poll_fn)calfpump_poll_sessions,
    [REC_SET] = (poll_fn)calfpump_poll_sets,
    [REC_IMMOBILITY] = (poll_fn)calfpump_poll_immobility,
    [REC_POSTURE] = (poll_fn)calfpump_poll_posture,
    [REC_DAY] = (poll_fn)calfpump_poll_days,
    [REC_ACTIVITY] = (poll_fn)calfpump_poll_activity,
    [REC_BURST] = (poll_fn)calfpump_poll_bursts,
};

/* n records of the given size copied into new memory for a managed numpy array (never empty:
 * numpy.i's capsule needs a pointer); NULL when out of memory. */
static uint8_t *copy_records(const void *src, size_t n, size_t size, size_t *bytes)
{
    *bytes = n * size;
    uint8_t *out = malloc(*bytes ? *bytes : 1);
    if (out && *bytes)
        memcpy(out, src, *bytes);
    return out;
}

/* Polls every waiting record of one type into new memory (see copy_records). */
static status_t poll_all(calfpump *h, int rec, uint8_t **out, size_t *bytes)
{
    const size_t size = records[rec].size;
    size_t n = 0, cap = 64;
    uint8_t *buf = malloc(cap * size);
    int status = CALFPUMP_MORE;
    while (buf && status == CALFPUMP_MORE) {
        size_t got = 0;
        status = polls[rec](h, buf + n * size, cap - n, &got);
        n += got;
        if (status == CALFPUMP_MORE) {
            uint8_t *grown = cap <= SIZE_MAX / 2 / size ? realloc(buf, 2 * cap * size) : NULL;
            if (!grown)
                free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    if (!buf)
        return CALFPUMP_E_NOMEM;
    if (status < 0) {
        free(buf);
        return status;
    }
    *out = buf;
    *bytes = n * size;
    return CALFPUMP_OK;
}
%}


%inline %{
/* Record types, for record_fields(). */
enum { RECORD_ACTIVATION = REC_ACTIVATION, RECORD_CADENCE = REC_CADENCE, RECORD_BOUT = REC_BOUT,
       RECORD_SUMMARY = REC_SUMMARY, RECORD_SESSION = REC_SESSION, RECORD_SET = REC_SET,
       RECORD_IMMOBILITY = REC_IMMOBILITY, RECORD_POSTURE = REC_POSTURE, RECORD_DAY = REC_DAY,
       RECORD_ACTIVITY = REC_ACTIVITY, RECORD_EXERCISE = REC_EXERCISE,
       RECORD_BURST = REC_BURST };
%}

%native(record_fields) PyObject *record_fields(PyObject *self, PyObject *args);
%{
/* record_fields(RECORD_*) -> ([(name, numpy type, offset), ...], itemsize): the C layout of a
 * record, from the compiler, for numpy.dtype({"names", "formats", "offsets", "itemsize"}). */
static PyObject *record_fields(PyObject *self, PyObject *args)
{
    (void)self;
    int rec;
    if (!PyArg_ParseTuple(args, "i", &rec))
        return NULL;
    if (rec < 0 || rec >= REC_COUNT) {
        raise_status(CALFPUMP_E_ARG);
        return NULL;
    }
    PyObject *list = PyList_New((Py_ssize_t)records[rec].n_fields);
    for (size_t i = 0; list && i < records[rec].n_fields; i++) {
        const field *f = &records[rec].fields[i];
        PyObject *item = Py_BuildValue("(ssn)", f->name, f->format, (Py_ssize_t)f->offset);
        if (!item)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list ? Py_BuildValue("(Nn)", list, (Py_ssize_t)records[rec].size) : NULL;
}
%}

/* ---- the handle ------------------------------------------------------------------------------ */
%{
/* A library handle and its config's channel count. */
typedef struct py_handle {
    calfpump *h;
    size_t channels;
} py_handle;

/* CALFPUMP_E_CHANNELS, raised with what did not match, unless columns is the handle's count. */
static int check_columns(const py_handle *self, size_t columns)
{
    if (columns == self->channels)
        return CALFPUMP_OK;
    char text[96];
    snprintf(text, sizeof text, "the samples have %zu column(s); this handle takes %zu channel(s)",
             columns, self->channels);
    raise_status_text(CALFPUMP_E_CHANNELS, text);
    return CALFPUMP_E_CHANNELS;
}
%}
/* To SWIG a struct with a constructor and a destructor; the C compiler never sees this. */
struct py_handle {};

%exception py_handle::py_handle {
    $action
    if (!result)
        SWIG_fail;
}

%extend py_handle {
    /* Handle(config): calfpump_create. */
    py_handle(const calfpump_config *cfg) {
        py_handle *self = malloc(sizeof *self);
        int status = !self ? CALFPUMP_E_NOMEM : calfpump_create(cfg, &self->h);
        if (status != CALFPUMP_OK) {
            free(self);
            raise_status(status);
            return NULL;
        }
        self->channels = (size_t)cfg->channels;
        return self;
    }
    ~py_handle() {
        calfpump_destroy($self->h);
        free($self);
    }

    /* push(frames[n, channels] float32) -> frames consumed; fewer than n when the result queues
     * are full: poll, then push the rest. */
    status_t push(float *frames, size_t n_frames, size_t channels, size_t *n_used) {
        if (check_columns($self, channels) != CALFPUMP_OK)
            return CALFPUMP_E_CHANNELS;
        int status;
        Py_BEGIN_ALLOW_THREADS
        status = calfpump_push($self->h, frames, n_frames, n_used);
        Py_END_ALLOW_THREADS
        return status == CALFPUMP_E_QUEUE_FULL ? CALFPUMP_OK : status;
    }

    /* flush() -> True when done, False when the queues are full: poll, then flush again. */
    status_t flush(int *done) {
        int status;
        Py_BEGIN_ALLOW_THREADS
        status = calfpump_flush($self->h);
        Py_END_ALLOW_THREADS
        *done = status == CALFPUMP_OK;
        return status == CALFPUMP_E_QUEUE_FULL ? CALFPUMP_OK : status;
    }

    status_t reset() { return calfpump_reset($self->h); }

    /* poll(RECORD_* of a record with a poll call) -> uint8 array of every waiting record. */
    status_t poll(int rec, uint8_t **records, size_t *records_bytes) {
        if (rec < 0 || rec >= REC_COUNT || !polls[rec])
            return CALFPUMP_E_ARG;
        return poll_all($self->h, rec, records, records_bytes);
    }

    /* summary() -> uint8 array of one calfpump_summary. */
    status_t summary(uint8_t **summary, size_t *summary_bytes) {
        calfpump_summary s;
        int status = calfpump_get_summary($self->h, &s);
        if (status != CALFPUMP_OK)
            return status;
        *summary = copy_records(&s, 1, sizeof s, summary_bytes);
        return *summary ? CALFPUMP_OK : CALFPUMP_E_NOMEM;
    }

    /* exercise_summary() -> uint8 array of one calfpump_exercise_summary. */
    status_t exercise_summary(uint8_t **exercise, size_t *exercise_bytes) {
        calfpump_exercise_summary s;
        int status = calfpump_get_exercise_summary($self->h, &s, sizeof s);
        if (status != CALFPUMP_OK)
            return status;
        *exercise = copy_records(&s, 1, sizeof s, exercise_bytes);
        return *exercise ? CALFPUMP_OK : CALFPUMP_E_NOMEM;
    }

    /* analyze(frames[n, channels] float32) -> (activations, cadence, bouts, summary, sessions,
     * sets, immobility, posture, days, activity, exercise summary, bursts) as uint8 arrays of
     * records, in RECORD_* order: calfpump_analyze, the result copied out and freed. */
    status_t analyze(float *frames, size_t n_frames, size_t channels,
                     uint8_t **activations, size_t *activations_bytes,
                     uint8_t **cadence, size_t *cadence_bytes,
                     uint8_t **bouts, size_t *bouts_bytes,
                     uint8_t **summary, size_t *summary_bytes,
                     uint8_t **sessions, size_t *sessions_bytes,
                     uint8_t **sets, size_t *sets_bytes,
                     uint8_t **immobility, size_t *immobility_bytes,
                     uint8_t **posture, size_t *posture_bytes,
                     uint8_t **days, size_t *days_bytes,
                     uint8_t **activity, size_t *activity_bytes,
                     uint8_t **exercise, size_t *exercise_bytes,
                     uint8_t **bursts, size_t *bursts_bytes) {
        if (check_columns($self, channels) != CALFPUMP_OK)
            return CALFPUMP_E_CHANNELS;
        calfpump_result *r = NULL;
        int status;
        Py_BEGIN_ALLOW_THREADS
        status = calfpump_analyze($self->h, frames, n_frames, &r);
        Py_END_ALLOW_THREADS
        if (status != CALFPUMP_OK)
            return status;
        size_t n[REC_COUNT] = {[REC_SUMMARY] = 1, [REC_EXERCISE] = 1};
        const void *src[REC_COUNT] = {calfpump_result_activations(r, &n[REC_ACTIVATION]),
            calfpump_result_cadence(r, &n[REC_CADENCE]), calfpump_result_bouts(r, &n[REC_BOUT]),
            calfpump_result_summary(r), calfpump_result_sessions(r, &n[REC_SESSION]),
            calfpump_result_sets(r, &n[REC_SET]),
            calfpump_result_immobility(r, &n[REC_IMMOBILITY]),
            calfpump_result_posture(r, &n[REC_POSTURE]), calfpump_result_days(r, &n[REC_DAY]),
            calfpump_result_activity(r, &n[REC_ACTIVITY]), calfpump_result_exercise_summary(r),
            calfpump_result_bursts(r, &n[REC_BURST])};
        uint8_t **dst[REC_COUNT] = {activations, cadence, bouts, summary, sessions, sets,
                                    immobility, posture, days, activity, exercise, bursts};
        size_t *bytes[REC_COUNT] = {activations_bytes, cadence_bytes, bouts_bytes, summary_bytes,
                                    sessions_bytes, sets_bytes, immobility_bytes, posture_bytes,
                                    days_bytes, activity_bytes, exercise_bytes, bursts_bytes};
        for (int i = 0; i < REC_COUNT && status == CALFPUMP_OK; i++) {
            *dst[i] = copy_records(src[i], n[i], records[i].size, bytes[i]);
            if (!*dst[i]) {
                for (int k = 0; k < i; k++)
                    free(*dst[k]);
                status = CALFPUMP_E_NOMEM;
            }
        }
        calfpump_result_free(r);
        return status;
    }
}

/* ---- resampling ------------------------------------------------------------------------------ */
%inline %{
/* resample(t[n] float64, x[n, channels] float32, rate_hz, max_gap_s) -> float32 [frames,
 * channels] on the uniform grid from t[0]: calfpump_resample_frames + calfpump_resample. */
status_t resample(double *t, size_t n_t, float *x, size_t n_x, size_t channels, double rate_hz,
                  double max_gap_s, float **grid, size_t *n_grid, size_t *grid_channels)
{
    char text[96];
    if (n_t != n_x) {
        snprintf(text, sizeof text, "resample: %zu times for %zu frames", n_t, n_x);
        raise_status_text(CALFPUMP_E_ARG, text);
        return CALFPUMP_E_ARG;
    }
    size_t frames = calfpump_resample_frames(t, n_t, rate_hz);
    if (channels > 0 && frames > SIZE_MAX / sizeof(float) / channels)
        return CALFPUMP_E_NOMEM;
    size_t bytes = frames * channels * sizeof(float);
    float *out = malloc(bytes ? bytes : 1);
    if (!out)
        return CALFPUMP_E_NOMEM;
    int status = CALFPUMP_E_CHANNELS;
    if (channels <= INT_MAX) {
        Py_BEGIN_ALLOW_THREADS
        status = calfpump_resample(t, x, n_t, (int)channels, rate_hz, max_gap_s, out, frames,
                                   n_grid);
        Py_END_ALLOW_THREADS
    }
    if (status != CALFPUMP_OK) {
        free(out);
        /* strerror's texts give the analysis' limits; resampling takes every rate of either */
        if (status == CALFPUMP_E_RATE || status == CALFPUMP_E_CHANNELS) {
            snprintf(text, sizeof text, "resample: %s",
                     status == CALFPUMP_E_RATE ? "rate must be finite and within 8..10000 Hz"
                                               : "x must have 1..64 channels");
            raise_status_text(status, text);
        }
        return status;
    }
    *grid = out;
    *grid_channels = channels;
    return CALFPUMP_OK;
}
%}
