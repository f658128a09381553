/*
 * libcalfpump - cadence and calf-muscle-pump activations from accelerometer and surface-EMG
 * signals.
 *
 * The whole public API. Everything not declared here is private to the library.
 *
 * Model of use
 *   1. Fill a calfpump_config (calfpump_config_init() sets working defaults).
 *   2. Make a handle: calfpump_create() (heap), or calfpump_get_size() + calfpump_init() into
 *      memory you own (firmware). After that the streaming path never allocates.
 *   3. Either call calfpump_analyze() on a whole buffer (batch), or stream:
 *      calfpump_push() any number of frames at a time, calfpump_poll_*() the results into arrays
 *      you own, calfpump_flush() at the end of input, calfpump_reset() to start over.
 *      Batch and streaming give identical results whatever the chunking.
 *
 * Samples are interleaved float frames (x,y,z,x,y,z,... or one value per frame) in g, at a fixed
 * rate. Times in results are seconds since the first frame pushed after create/reset.
 *
 * Surface EMG (signal = CALFPUMP_SIGNAL_EMG): raw EMG of 1..16 channels per frame at
 * 500..10000 Hz, in any linear unit; one handle analyses the channel emg_channel. Each
 * contraction burst is one activation (kind BURST, t = onset) and one calfpump_burst (onset,
 * offset, peak, mean, relative to emg_reference when given), polled with calfpump_poll_bursts;
 * cadence windows and bouts are those of the contractions (one per stride of the muscle's leg,
 * so steps = 2 x activations). No rest recording is needed: the noise floor is estimated from
 * the signal. EMG bad input:
 *   rate below 500 Hz (or above 10 kHz) .......... CALFPUMP_E_RATE (the 20-450 Hz EMG band
 *                                                  needs it; no degraded mode)
 *   constant signal, all-NaN, 1 sample, empty .... CALFPUMP_OK, no bursts
 *   NaN/Inf samples .............................. of the channel analysed: gaps as in the
 *                                                  contract below, held at the last finite value
 *                                                  (reads as rest), in gap_frames; the other
 *                                                  channels are not read. A gap, like digital
 *                                                  silence, takes no part in the noise floor
 *   digital silence (exact zeros or a constant
 *     value: a link not yet synced) ............... no measurement: takes no part in the noise
 *                                                  floor, so the bursts around it are unchanged;
 *                                                  no burst starts where the 4 s either side
 *                                                  hold less than 0.5 s of data
 *   clipped samples .............................. analysed as they are: bursts are still found,
 *                                                  their peak and mean are underestimated
 *   DC offset (ADC mid-scale) .................... removed (the first finite sample)
 *   not detected (README "Surface EMG", Limits, has the measured figures):
 *   ECG (heartbeats) in the EMG .................. counted as bursts (a lying patient reads as
 *                                                  walking): set emg_band_low_hz = 50
 *   mains harmonics .............................. the notch takes the fundamental only; strong
 *                                                  harmonics hide the bursts
 *   bursts faster than band_high_hz / 2 .......... about half are dropped (one per contraction)
 *   a contraction held longer than ~7 s .......... two bursts, its first and last ~3 s
 *   rest noise below ~1/4 ADC step (mostly zeros). ticks read as activity: bursts merge
 *
 * Bad input: the contract. No call crashes, reads or writes out of bounds, leaks or silently drops
 * data on any input; each class of bad input gets the status below (texts: calfpump_strerror).
 * Every row is checked by a test (README.md, "Bad input", names it) and the fuzzers (fuzz/).
 *   Input                                            Status and behaviour
 *   NULL handle, config or output pointer .......... CALFPUMP_E_NULL
 *   frames == NULL with n_frames > 0 ............... CALFPUMP_E_NULL
 *   push with n_used == NULL ....................... CALFPUMP_E_NULL (it is how a full queue is
 *                                                    recovered from, so it is required)
 *   poll: out == NULL with cap > 0 ................. CALFPUMP_E_NULL (out == NULL with cap == 0
 *                                                    reads nothing: MORE if results wait, else OK)
 *   config struct_size / version unknown ........... CALFPUMP_E_VERSION
 *   signal not a calfpump_signal value ............. CALFPUMP_E_ARG
 *   EMG signal, or analytics = 1, in a firmware
 *     build configured without them ................ CALFPUMP_E_UNSUPPORTED (CMake CALFPUMP_EMG,
 *                                                    CALFPUMP_ANALYTICS OFF; every other build
 *                                                    has both)
 *   sample rate not finite or outside 8..1000 Hz ... CALFPUMP_E_RATE
 *     (EMG: outside 500..10000 Hz)
 *   channels not 1 or 3 (accelerometer) ............ CALFPUMP_E_CHANNELS
 *     (EMG: not 1..16, or emg_channel not one of them)
 *   other parameter outside its documented range ... CALFPUMP_E_ARG (NaN is outside every range;
 *                                                    placement / side outside their enums too)
 *     (any bad config: calfpump_get_size returns 0; create and init return the status, *out NULL)
 *   caller memory smaller than calfpump_get_size ... CALFPUMP_E_NOMEM
 *   caller memory at any alignment ................. accepted: init aligns the handle inside it
 *   n_frames == 0 (empty buffer) ................... CALFPUMP_OK, nothing happens (the state is
 *                                                    checked first: after flush CALFPUMP_E_STATE)
 *   fewer frames than one analysis window .......... CALFPUMP_OK, no activations (too short for a
 *                                                    rhythm to be confirmed), cadence may be empty
 *   NaN/Inf samples (gap policy) ................... accepted: a frame with any non-finite value
 *                                                    is a gap; it is replaced by the last finite
 *                                                    frame, counted in calfpump_summary.gap_frames,
 *                                                    and no activation is placed in a window that
 *                                                    is more than 10% gap (in samples of the
 *                                                    ~20 Hz analysis rate; one is a gap when more
 *                                                    than half of its frames are). A drop-out (1 s
 *                                                    or more of gap samples in a row) ends a
 *                                                    window as the end of input does: the window
 *                                                    keeps its centre's side, one centred in it
 *                                                    has no estimate
 *   huge finite samples (up to +-FLT_MAX) .......... accepted as data, not gaps; every result stays
 *                                                    finite; the windows holding such a frame see
 *                                                    no rhythm (as gaps would), and the analysis
 *                                                    after them is as if it had not been there
 *                                                    (EMG: one sample up to 100 x the bursts'
 *                                                    RMS changes nothing; about 1000 x makes one
 *                                                    short false burst; from 80 dB above the
 *                                                    noise floor the band-pass ringing after it
 *                                                    is dropped, and hides the bursts within it:
 *                                                    about 50 ms per 20 dB, ~2 s after FLT_MAX)
 *   all-zero frames (0,0,0) ........................ accepted as data (a fall to 0 g), not gaps:
 *                                                    as huge samples are; a logger that fills lost
 *                                                    samples with zeros should pass NaN instead
 *   push after flush without reset ................. CALFPUMP_E_STATE
 *   result queue full during push or flush ......... CALFPUMP_E_QUEUE_FULL; *n_used tells how many
 *                                                    frames push consumed: poll, then push the rest
 *                                                    (or call flush again)
 *   poll into an array too small ................... CALFPUMP_MORE (> 0): the array is full and
 *                                                    more results wait; nothing is ever dropped
 *   result accessors on a NULL result .............. NULL, and *n = 0
 *   unknown status / placement / side value ........ strerror: a text, never NULL; *_name: NULL
 *   unknown or NULL name ........................... *_from_name: -1
 *   resample: t, x or n_out NULL, or out NULL with
 *     out_cap > 0 .................................. CALFPUMP_E_NULL
 *   resample: rate outside 8..10000 Hz ............. CALFPUMP_E_RATE (resample_frames: 0)
 *   resample: channels outside 1..64 ............... CALFPUMP_E_CHANNELS
 *   resample: max_gap_s not > 0 (or NaN) ........... CALFPUMP_E_ARG
 *   resample: times not finite, decreasing, or a
 *     span too long to count in frames ............. CALFPUMP_E_TIME (resample_frames: 0)
 *   resample: n == 0 ............................... CALFPUMP_OK, 0 frames
 *   resample: NaN/Inf sample values ................ accepted: the frames interpolated from them
 *                                                    (the intervals next to them) are non-finite,
 *                                                    i.e. gaps for the analysis
 *   resample: out_cap smaller than the frames ...... CALFPUMP_MORE; out_cap frames written
 *
 * Threads: no global mutable state. One handle per thread is safe; handles may be created from
 * several threads at once. FFTW backend: the first handle turns on FFTW's own planner lock
 * (fftwf_make_planner_thread_safe), which guards the application's FFTW planning too; an
 * application that plans FFTW transforms in other threads creates a handle (or makes that call
 * itself) first.
 */
#ifndef CALFPUMP_H
#define CALFPUMP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(CALFPUMP_BUILDING_SHARED)
#define CALFPUMP_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define CALFPUMP_API __attribute__((visibility("default")))
#else
#define CALFPUMP_API
#endif

#define CALFPUMP_VERSION_MAJOR 0
#define CALFPUMP_VERSION_MINOR 2
#define CALFPUMP_VERSION_PATCH 0
#define CALFPUMP_VERSION_NUMBER \
    (CALFPUMP_VERSION_MAJOR * 10000 + CALFPUMP_VERSION_MINOR * 100 + CALFPUMP_VERSION_PATCH)
#define CALFPUMP_VERSION_STRING "0.2.0"

/* Sample rates the analysis (and calfpump_resample) accepts, Hz. */
#define CALFPUMP_MIN_RATE_HZ 8.0
#define CALFPUMP_MAX_RATE_HZ 1000.0

/* Surface EMG: sample rates and channels per frame the analysis accepts. */
#define CALFPUMP_EMG_MIN_RATE_HZ 500.0
#define CALFPUMP_EMG_MAX_RATE_HZ 10000.0
#define CALFPUMP_EMG_MAX_CHANNELS 16

/* Version of calfpump_config's layout; new fields are only ever appended. Versions 1 (ending at
 * queue_capacity), 2 (ending at emg_reference) and 3 (ending at day_offset_s) are still
 * accepted: their struct_size and version tell the library which fields they have, the later
 * ones take their defaults, except that a version-3 config keeps the exercise analytics on (its
 * callers were told to poll them; see `analytics`). */
#define CALFPUMP_CONFIG_VERSION 4

/* Status codes. Values are pinned: they never change meaning between releases. */
typedef enum calfpump_status {
    CALFPUMP_OK = 0,
    CALFPUMP_MORE = 1,              /* poll: output array full, more results are waiting */
    CALFPUMP_E_NULL = -1,           /* a required pointer was NULL */
    CALFPUMP_E_ARG = -2,            /* a parameter is outside its documented range */
    CALFPUMP_E_RATE = -3,           /* sample rate not finite or outside 8..1000 Hz
                                       (EMG: 500..10000 Hz) */
    CALFPUMP_E_CHANNELS = -4,       /* channel count not supported for this signal */
    CALFPUMP_E_NOMEM = -5,          /* memory allocation failed, or caller memory too small */
    CALFPUMP_E_QUEUE_FULL = -6,     /* push: result queue full; poll, then push the rest */
    CALFPUMP_E_STATE = -7,          /* call not allowed now (e.g. push after flush) */
    CALFPUMP_E_VERSION = -8,        /* config struct size/version not known to this library */
    CALFPUMP_E_UNSUPPORTED = -9,    /* signal type or feature not built into this library */
    CALFPUMP_E_TIME = -10,          /* timestamps not finite, decreasing, or an absurd span */
    CALFPUMP_E_FFT = -11            /* the FFT backend failed to plan */
} calfpump_status;

/* Text for a status; never NULL, also for unknown values. */
CALFPUMP_API const char *calfpump_strerror(int status);

/* "0.2.0 (fft: fftw3f)": version and build flavour. Static storage, never NULL. */
CALFPUMP_API const char *calfpump_version(void);
/* CALFPUMP_VERSION_NUMBER of the library actually linked. */
CALFPUMP_API int calfpump_version_number(void);

typedef enum calfpump_signal {
    CALFPUMP_SIGNAL_ACCEL = 0, /* accelerometer, g */
    CALFPUMP_SIGNAL_EMG = 1    /* raw surface EMG, any linear unit (uV, mV, ADC counts) */
} calfpump_signal;

/* Where the sensor is worn. Leg placements (foot, shank) see the stride of their own leg: one
 * activation per stride of that leg. All others see every step: one activation per step. */
typedef enum calfpump_placement {
    CALFPUMP_PLACEMENT_UNKNOWN = 0, /* treated like a carried device (steps) */
    CALFPUMP_PLACEMENT_FOOT = 1,
    CALFPUMP_PLACEMENT_SHANK = 2,   /* shank or ankle */
    CALFPUMP_PLACEMENT_THIGH = 3,
    CALFPUMP_PLACEMENT_LOWER_BACK = 4, /* lower back or waist */
    CALFPUMP_PLACEMENT_WRIST = 5,
    CALFPUMP_PLACEMENT_POCKET_FRONT = 6,
    CALFPUMP_PLACEMENT_POCKET_BACK = 7,
    CALFPUMP_PLACEMENT_HAND = 8,
    CALFPUMP_PLACEMENT_ARMBAND = 9,
    CALFPUMP_PLACEMENT_BAG = 10,
    CALFPUMP_PLACEMENT_NECK = 11,
    CALFPUMP_PLACEMENT_COUNT_ = 12 /* number of placements; not a placement */
} calfpump_placement;

typedef enum calfpump_side {
    CALFPUMP_SIDE_UNKNOWN = 0,
    CALFPUMP_SIDE_LEFT = 1,
    CALFPUMP_SIDE_RIGHT = 2
} calfpump_side;

/* Names used by the CLI, the JSON output and the Python package ("foot", "lower_back", ...).
 * *_name returns NULL for a value out of range; *_from_name returns -1 for an unknown name. */
CALFPUMP_API const char *calfpump_placement_name(int placement);
CALFPUMP_API int calfpump_placement_from_name(const char *name);
CALFPUMP_API const char *calfpump_side_name(int side);
CALFPUMP_API int calfpump_side_from_name(const char *name);
CALFPUMP_API const char *calfpump_signal_name(int signal); /* "accel", "emg" */
CALFPUMP_API int calfpump_signal_from_name(const char *name);

/* Parameters. Always start from calfpump_config_init(); it sets struct_size and version, which
 * let later library versions accept configs from older callers. */
typedef struct calfpump_config {
    uint32_t struct_size;     /* sizeof(calfpump_config) as compiled by the caller */
    uint32_t version;         /* CALFPUMP_CONFIG_VERSION as compiled by the caller */
    double sample_rate_hz;    /* 8..1000; default 100 */
    int32_t channels;         /* 1 (magnitude or one axis) or 3 (x,y,z); default 3. One axis
                                 sees steps only when it is near vertical while walking (a
                                 phone's horizontal axis may show the stride: half the count);
                                 give the magnitude if the orientation is not known */
    int32_t signal;           /* calfpump_signal; default ACCEL */
    int32_t placement;        /* calfpump_placement; default UNKNOWN */
    int32_t side;             /* calfpump_side; reported with leg activations; default UNKNOWN */
    float band_low_hz;        /* lowest activation rate searched; 0.2..1; default 0.25 */
    float band_high_hz;       /* highest step rate searched; 2..5; default 4 */
    float window_s;           /* cadence FFT window; 4..30 s; default 10. Rates below
                                 2 / window_s are out of reach, so keep it >= 2 / band_low_hz */
    float hop_s;              /* cadence hop; 0.1..1 s; default 0.5. The windows are hop_s
                                 apart on average at any rate, and at least one sample of the
                                 analysis (below 10 Hz, 1 / rate) */
    float min_confidence;     /* periodicity needed to call a window rhythmic, 0..1; default 0.5
                                 (wrist: half of it, averaged over strides; README). Windows
                                 reaching 0.7 of it (not at the wrist) hold an open bout and
                                 count half towards confirming it; only a rhythmic window after
                                 one such window opens a bout */
    float min_amplitude_g;    /* RMS of the dynamic signal needed, g, 0..1; default 0.02 */
    float min_bout_s;         /* shortest bout that emits activations, 2..60 s; default 4
                                 (faster than 100 steps/min: as many steps as this holds at
                                 100/min) */
    uint32_t queue_capacity;  /* results each queue holds between polls, 4..65536; default 256
                                 (firmware that polls after every push: 4) */
    /* Version 2: surface EMG (ignored, and not checked, for the accelerometer). A frame holds `channels` (1..16)
     * EMG channels; one handle analyses one of them (emg_channel): for several muscles, use one
     * handle per channel. Bursts do not depend on the signal's scale. */
    int32_t emg_channel;      /* channel of the frame analysed, 0..channels-1; default 0 */
    float emg_band_low_hz;    /* band-pass, Hz: 10..100; default 20 */
    float emg_band_high_hz;   /* 100..2000, clipped to 0.45 x the rate; default 450 */
    float emg_mains_hz;       /* mains notch: 0 (off), 50 or 60; default 0 */
    float emg_reference;      /* reference envelope level (e.g. from an MVC), input units,
                                 0..3e38; 0 = none (default): bursts then report no relative
                                 size */
    /* Version 3: exercise analytics (README, "Calf-pump exercise analytics"). */
    int32_t up_axis;          /* sensor axis pointing up the segment when standing: foot = out
                                 of the instep, shank = towards the knee, thigh = towards the
                                 hip. 1, 2, 3 = +x, +y, +z; -1, -2, -3 = -x, -y, -z; 0 = not
                                 known (default): no posture, foot exercises count as ankle
                                 pumps and no heel raises are told apart */
    float session_min_s;      /* ankle-pump session target: duration, 10..3600 s; default 120 */
    float session_min_per_min; /* ankle-pump session target: rate, 1..200 per min; default 50 */
    float immobility_s;       /* immobility threshold and alert interval, 60..86400 s;
                                 default 1800 */
    float elevation_min_s;    /* shortest leg-elevation episode reported, 10..86400 s;
                                 default 900 */
    float day_offset_s;       /* seconds since midnight at the first frame, 0..86400 (86400 is
                                 that midnight: the same as 0), for daily totals; default 0
                                 (days counted from the start). From a time of day in double,
                                 keep it below 86400 as a float (86399.99 rounds to 86400: the
                                 first frame's day would start at it) */
    /* Version 4: the exercise analytics become opt-in. */
    int32_t analytics;        /* 1: exercise analytics on (sessions, sets, immobility, posture,
                                 days and activity queues: poll them, they fill like the
                                 others); 0: off (default): the handle holds no memory for them,
                                 their polls return CALFPUMP_OK with 0 records and the exercise
                                 summary is all zero. Version-3 configs: 1; versions 1-2: 0 */
} calfpump_config;

/* Sets the defaults of a config of the given layout version (1..CALFPUMP_CONFIG_VERSION), its
 * struct_size and version, writing only that version's fields: a caller compiled against an
 * older header passes its older, smaller struct. Use it through calfpump_config_init, which
 * passes the version this header describes. CALFPUMP_E_NULL for cfg NULL; CALFPUMP_E_VERSION for
 * a version this library does not know: 0 (nothing is written) or a later one (a caller newer
 * than the library: its struct is larger, this library's defaults are written with
 * struct_size 0, and create refuses it). */
CALFPUMP_API int calfpump_config_init_version(calfpump_config *cfg, uint32_t version);
#define calfpump_config_init(cfg) calfpump_config_init_version((cfg), CALFPUMP_CONFIG_VERSION)

/* One calf-pump activation. */
typedef enum calfpump_kind {
    CALFPUMP_KIND_STEP = 0,   /* one step (trunk, thigh, wrist, carried sensors) */
    CALFPUMP_KIND_STRIDE = 1, /* one stride of the sensor's leg (foot, shank) */
    CALFPUMP_KIND_BURST = 2   /* one EMG burst: one contraction (see calfpump_burst) */
} calfpump_kind;

typedef struct calfpump_activation {
    double t;          /* s: the foot contact the activation belongs to (EMG: burst onset) */
    float period_s;    /* local activation period from the cadence stage (EMG: 0 if none) */
    float strength_g;  /* height of the feature above the local mean, g (EMG: burst peak of
                          the envelope, input units) */
    int32_t kind;      /* calfpump_kind */
    int32_t side;      /* calfpump_side: the configured side for leg sensors and EMG; UNKNOWN
                          for every other placement (its steps are of both legs) */
} calfpump_activation;

/* One EMG burst: one calf contraction. Polled beside the activations: the i-th burst is the
 * i-th activation of kind CALFPUMP_KIND_BURST. Amplitudes are of the rectified, 50 Hz-smoothed
 * band-passed EMG, in the input's unit. */
typedef struct calfpump_burst {
    double onset;      /* s */
    double offset;     /* s; a burst still open at the end of input ends there (frames / rate) */
    float peak;        /* envelope maximum */
    float mean;        /* envelope mean over the burst */
    float peak_ref;    /* peak / emg_reference; 0 without a reference */
    float mean_ref;    /* mean / emg_reference; 0 without a reference */
    int32_t channel;   /* the analysed channel (emg_channel) */
    int32_t side;      /* calfpump_side, as configured */
} calfpump_burst;

/* One cadence window. */
typedef struct calfpump_cadence {
    double t;             /* s: centre of the window, never past the last frame */
    float per_min;        /* activation rate the window's periodicity points at, per minute (0
                             when it has none); only `rhythmic` says it passed the rhythm tests */
    float steps_per_min;  /* the same as steps of both legs per minute */
    float confidence;     /* periodicity of the window, 0..1 */
    float amplitude_g;    /* RMS of the dynamic signal in the window, g (EMG: of the envelope,
                             input units) */
    int32_t rhythmic;     /* 1 when the window passed every rhythm test */
} calfpump_cadence;

typedef enum calfpump_bout_kind {
    CALFPUMP_BOUT_EXERCISE = 0, /* slow rhythm (ankle pumps, heel raises): < 50 steps/min */
    CALFPUMP_BOUT_WALKING = 1,  /* 50..150 steps/min */
    CALFPUMP_BOUT_RUNNING = 2   /* > 150 steps/min */
} calfpump_bout_kind;

/* One rhythmic bout: from its first to its last activation. */
typedef struct calfpump_bout {
    double start;
    double end;
    uint32_t activations;
    float cadence_per_min;  /* median activation rate in the bout */
    float steps_per_min;    /* the same as steps of both legs per minute */
    int32_t kind;           /* calfpump_bout_kind */
} calfpump_bout;

/* Totals since create/reset. While streaming, activations are those emitted so far (a bout's,
 * once it is confirmed), but bouts, active_s and mean_cadence_per_min count closed bouts only:
 * a bout still open is counted when it closes (at the latest at flush). */
typedef struct calfpump_summary {
    uint64_t frames;          /* frames consumed */
    uint64_t gap_frames;      /* non-finite frames (see gap policy) */
    uint32_t activations;     /* activations emitted */
    uint32_t steps;           /* both-legs step estimate */
    uint32_t bouts;
    double active_s;          /* total duration of bouts */
    double duration_s;        /* frames / sample rate */
    float mean_cadence_per_min; /* activation-weighted mean of bout cadences, steps/min; 0 if none */
} calfpump_summary;

/* ---- Exercise analytics (config version 3; opt-in since version 4: config.analytics = 1).
 * Accelerometer with 3 channels for posture and exercises, or the EMG of a calf muscle
 * (placement shank or unknown) for exercises from its burst pattern; immobility and daily
 * totals work for every signal. Their queues hold min(queue_capacity, 32) records between
 * polls: the records come minutes to days apart. A streaming caller that turns them on (or
 * sends a version-3 config) must poll these queues too (or use calfpump_analyze): like every
 * queue, a full one stops push with CALFPUMP_E_QUEUE_FULL until it is polled. Off (the
 * default), their polls return CALFPUMP_OK with 0 records and nothing of them can stop push.
 *
 * What each input measures (README, "Calf-pump exercise analytics", has the same table). A
 * figure an input does not measure reads 0, as none done, except posture: without posture all
 * the time is posture_min[UNKNOWN] (the posture minutes add up to the duration).
 *   input                                 walking, immobility  pumps  raises  posture, elevation
 *   accelerometer 3 axes, foot, up_axis            yes           yes    yes     no
 *   accelerometer 3 axes, foot, no up_axis         yes           yes*   no      no
 *   accelerometer 3 axes, shank, up_axis           yes           no     yes     yes
 *   accelerometer 3 axes, shank, no up_axis        yes           no     no      no
 *   accelerometer 3 axes, thigh, up_axis           yes           no     no      yes
 *   accelerometer 3 axes, other placements         yes           no     no      no
 *     (thigh without up_axis, wrist, lower back, pockets, hand, armband, bag, neck, unknown)
 *   accelerometer 1 channel (magnitude)            yes           no     no      no
 *   EMG, placement shank or unknown (calf)         yes           yes    yes     no
 *   EMG, other placements                          yes           no     no      no
 *   * every foot exercise counts as ankle pumps. ---- */

/* Posture of the leg segment from the gravity direction and up_axis (shank and thigh only). */
typedef enum calfpump_posture_class {
    CALFPUMP_POSTURE_UNKNOWN = 0,
    CALFPUMP_POSTURE_DEPENDENT = 1,  /* segment within 45 deg of upright: leg down */
    CALFPUMP_POSTURE_HORIZONTAL = 2, /* 45..100 deg */
    CALFPUMP_POSTURE_ELEVATED = 3    /* tilted past 100 deg: the distal end above the proximal
                                        (foot above knee for the shank, knee above hip for the
                                        thigh) */
} calfpump_posture_class;

/* One posture episode: the segment held one posture class from start to end. A new class
 * starts an episode once it has held 10 s (in the tilt low-passed over 1 s), so a shift of the
 * leg into another class for longer than about 10 s splits an episode (a 20-min elevation with
 * a 15 s shift to horizontal is two ELEVATED episodes of 10 min: no elevation episode at the
 * default elevation_min_s); start and end are then dated where the unfiltered tilt crossed the
 * threshold between the two classes (100 deg into or out of ELEVATED, 45 deg between DEPENDENT
 * and HORIZONTAL), not where the low-passed tilt did (1 to 1.5 s late). */
typedef struct calfpump_posture {
    double start;
    double end;
    float tilt_deg;           /* mean angle of up_axis from upright over the episode */
    int32_t posture;          /* calfpump_posture_class */
    int32_t elevation;        /* 1: an elevation episode: ELEVATED for elevation_min_s, to
                                 0.25 s (the crossings are dated to within an analysis sample):
                                 exactly 900 s tilted past 100 deg is one at the default, 899.5 s
                                 is not */
} calfpump_posture;

/* One ankle-pump session (foot sensor, or calf EMG: one burst per pump): rhythmic
 * plantar/dorsiflexion cycles. From EMG range_deg is 0 (no angle). */
typedef struct calfpump_session {
    double start;             /* s: start of the first pump (accelerometer: a mean period before
                                 its turn through the middle of the movement; EMG: its onset) */
    double end;               /* s: end of the last pump (accelerometer: its turn through the
                                 middle; EMG: a mean period after its onset, not past the input
                                 seen nor the burst that broke the rhythm). end - start = pumps x
                                 the mean period: the time they took (EMG: at most) */
    uint32_t pumps;
    float per_min;            /* mean pump rate */
    float range_deg;          /* median range of motion of the pumps seen by the sensor */
    int32_t target_met;       /* 1: >= session_min_s long, to the nearest pump (end - start +
                                 half a period), at >= session_min_per_min: 120 pumps at 60/min
                                 meet 2 min, 119 do not */
} calfpump_session;

/* One set of heel (calf) raises. From EMG hold_s and range_deg are 0. */
typedef struct calfpump_set {
    double start;             /* as calfpump_session's: end - start = reps x the mean period */
    double end;
    uint32_t reps;
    float per_min;
    float hold_s;             /* mean time per rep near the top (within 15 % of the range of
                                 the highest tilt); a smooth rep without a hold reads about
                                 0.25 x its period */
    float range_deg;
} calfpump_set;

typedef enum calfpump_immobility_kind {
    CALFPUMP_IMMOBILITY_ALERT = 0, /* t = start + k x immobility_s: the k-th alert */
    CALFPUMP_IMMOBILITY_BREAK = 1, /* t = first activity after a stretch >= immobility_s */
    CALFPUMP_IMMOBILITY_END = 2    /* end of input, or the start of a gap of >= 10 s without
                                      data, inside a stretch >= immobility_s */
} calfpump_immobility_kind;

/* One immobility event: a stretch without calf-pump activity (activations, exercise reps) that
 * reached immobility_s. Alerts are decided once no later-confirmed activity can fall before
 * them: they are polled up to calfpump_exercise_summary.decision_latency_s after their t. */
typedef struct calfpump_immobility {
    double t;
    double start;             /* last activity before the stretch (0: start of input; or the
                                 end of a gap: time without data ends a stretch, see END) */
    double duration_s;        /* t - start */
    uint32_t alerts;          /* alerts of the stretch so far */
    int32_t kind;             /* calfpump_immobility_kind */
} calfpump_immobility;

/* What the calf was doing in one bout of the cadence stage. */
typedef enum calfpump_activity_kind {
    CALFPUMP_ACTIVITY_WALKING = 0,     /* walking or running, the leg not lying */
    CALFPUMP_ACTIVITY_ANKLE_PUMPS = 1, /* half of the bout or more inside an ankle-pump session */
    CALFPUMP_ACTIVITY_HEEL_RAISES = 2, /* ... inside a heel-raise set */
    CALFPUMP_ACTIVITY_OTHER = 3        /* slower rhythm, or the leg horizontal or elevated */
} calfpump_activity_kind;

/* Names of the result enums, as the CLI's JSON and the Python package give them ("step",
 * "walking", "dependent", "alert", "ankle_pumps", ...); NULL for a value out of range. */
CALFPUMP_API const char *calfpump_kind_name(int kind);
CALFPUMP_API const char *calfpump_bout_kind_name(int bout_kind);
CALFPUMP_API const char *calfpump_posture_name(int posture);
CALFPUMP_API const char *calfpump_immobility_kind_name(int immobility_kind);
CALFPUMP_API const char *calfpump_activity_name(int activity);

/* The activity of one bout: the i-th activity record classifies the i-th calfpump_bout. It is
 * decided once the exercise bouts that may overlap the bout are known (the decision latency
 * after the bout's end, longer while an exercise bout is under way). */
typedef struct calfpump_activity {
    double start;             /* the bout's */
    double end;
    uint32_t bout;            /* index of the bout since create/reset */
    int32_t kind;             /* calfpump_activity_kind */
} calfpump_activity;

/* Totals of one day (midnight to midnight after day_offset_s), emitted once the day is over
 * and no bout is open, and for the last day at flush: one record for every day of the input. An
 * elevated posture held over midnight does not hold the day back (its minutes are split at
 * midnight). A bout still open 3 days later no longer does either: its part in days already
 * emitted then counts in the oldest day not emitted. What falls at the very end of input (an
 * immobility alert) counts in the last day: the days add up to calfpump_exercise_summary. */
typedef struct calfpump_day {
    int32_t day;              /* 0 = the day of the first frame */
    float covered_s;          /* seconds of input with data in the day (gap samples, mostly
                                 non-finite frames, are left out) */
    float walking_min;        /* walking and running bouts with the leg not lying */
    float pump_min;           /* ankle-pump sessions (split at midnight, as walking_min) */
    uint32_t pumps;           /* a session's pumps, split at midnight in proportion to its
                                 time on each day, to the nearest pump */
    uint32_t sessions_met;    /* on the day the session started */
    uint32_t raises;          /* a set's reps, split as pumps */
    uint32_t sets;            /* on the day the set started */
    uint32_t immobility_alerts;
    float elevated_min;
} calfpump_day;

/* Totals since create/reset. */
typedef struct calfpump_exercise_summary {
    double walking_min;
    double pump_min;
    uint32_t pumps, sessions, sessions_met;
    uint32_t raises, sets;
    uint32_t immobility_alerts, immobility_stretches;
    uint32_t elevation_episodes;
    double posture_min[4];    /* minutes per calfpump_posture_class; UNKNOWN: gaps, the time
                                 before the first class, and all the time of an input without
                                 posture (see the table above): they add up to the duration */
    double days;              /* duration in days */
    double walking_min_per_week; /* walking_min x 7 / days, for input of >= 1 day; else 0 */
    int32_t walking_target_met;  /* walking_min_per_week >= 150 (WHO 2020); 0 under a day */
    float decision_latency_s; /* how long after its time an immobility event is decided */
} calfpump_exercise_summary;

typedef struct calfpump calfpump;

/* Lifecycle.
 * calfpump_get_size: bytes calfpump_init needs for this config (0 if the config is invalid).
 * calfpump_init: build a handle inside caller memory (aligned to 16 bytes). Release with
 *   calfpump_deinit (it frees FFT-backend resources; the memory itself stays the caller's).
 *   With the FFTW backend, init (not streaming) allocates FFTW's plans on the heap; the builtin
 *   and kissfft backends allocate nothing at all.
 * calfpump_create / calfpump_destroy: the same on the heap. destroy(NULL) is a no-op. */
CALFPUMP_API size_t calfpump_get_size(const calfpump_config *cfg);
CALFPUMP_API int calfpump_init(void *mem, size_t size, const calfpump_config *cfg,
                               calfpump **out);
CALFPUMP_API void calfpump_deinit(calfpump *h);
/* Firmware builds (CALFPUMP_EMBEDDED) have no heap: create/destroy, the batch API and
 * calfpump_resample are left out; get_size/init and streaming are all there is. */
#ifndef CALFPUMP_EMBEDDED
CALFPUMP_API int calfpump_create(const calfpump_config *cfg, calfpump **out);
CALFPUMP_API void calfpump_destroy(calfpump *h);
#endif

/* Streaming. */
CALFPUMP_API int calfpump_push(calfpump *h, const float *frames, size_t n_frames,
                               size_t *n_used);
/* End of input. May return CALFPUMP_E_QUEUE_FULL like push: poll, then call flush again. */
CALFPUMP_API int calfpump_flush(calfpump *h);
CALFPUMP_API int calfpump_reset(calfpump *h);
/* Each poll copies up to cap records, oldest first, and returns CALFPUMP_MORE when the array is
 * full and more wait, else CALFPUMP_OK (with records too: read *n_out every time). Every queue a
 * handle fills must be polled while streaming, or push stops with CALFPUMP_E_QUEUE_FULL once it
 * is full: activations, cadence, bouts; bursts for EMG; the analytics' with analytics = 1. */
CALFPUMP_API int calfpump_poll_activations(calfpump *h, calfpump_activation *out, size_t cap,
                                           size_t *n_out);
CALFPUMP_API int calfpump_poll_cadence(calfpump *h, calfpump_cadence *out, size_t cap,
                                       size_t *n_out);
CALFPUMP_API int calfpump_poll_bouts(calfpump *h, calfpump_bout *out, size_t cap, size_t *n_out);
CALFPUMP_API int calfpump_poll_bursts(calfpump *h, calfpump_burst *out, size_t cap, size_t *n_out);
CALFPUMP_API int calfpump_get_summary(const calfpump *h, calfpump_summary *out);
/* Exercise analytics (config.analytics = 1; off: CALFPUMP_OK, *n_out = 0). */
CALFPUMP_API int calfpump_poll_sessions(calfpump *h, calfpump_session *out, size_t cap,
                                        size_t *n_out);
CALFPUMP_API int calfpump_poll_sets(calfpump *h, calfpump_set *out, size_t cap, size_t *n_out);
CALFPUMP_API int calfpump_poll_immobility(calfpump *h, calfpump_immobility *out, size_t cap,
                                          size_t *n_out);
CALFPUMP_API int calfpump_poll_posture(calfpump *h, calfpump_posture *out, size_t cap,
                                       size_t *n_out);
CALFPUMP_API int calfpump_poll_days(calfpump *h, calfpump_day *out, size_t cap, size_t *n_out);
CALFPUMP_API int calfpump_poll_activity(calfpump *h, calfpump_activity *out, size_t cap,
                                        size_t *n_out);
/* Copies min(size, sizeof *out) bytes: callers compiled against an older, shorter struct get
 * its first fields (fields are only ever appended). */
CALFPUMP_API int calfpump_get_exercise_summary(const calfpump *h, calfpump_exercise_summary *out,
                                               size_t size);

#ifndef CALFPUMP_EMBEDDED
/* Batch: reset the handle, analyse a whole buffer, and return everything found. The handle is
 * left flushed: reset it before pushing to it. The result owns its arrays; free it with
 * calfpump_result_free (NULL is a no-op). */
typedef struct calfpump_result calfpump_result;
CALFPUMP_API int calfpump_analyze(calfpump *h, const float *frames, size_t n_frames,
                                  calfpump_result **out);
CALFPUMP_API const calfpump_activation *calfpump_result_activations(const calfpump_result *r,
                                                                    size_t *n);
CALFPUMP_API const calfpump_cadence *calfpump_result_cadence(const calfpump_result *r, size_t *n);
CALFPUMP_API const calfpump_bout *calfpump_result_bouts(const calfpump_result *r, size_t *n);
/* EMG bursts (none for the accelerometer). */
CALFPUMP_API const calfpump_burst *calfpump_result_bursts(const calfpump_result *r, size_t *n);
CALFPUMP_API const calfpump_summary *calfpump_result_summary(const calfpump_result *r);
CALFPUMP_API const calfpump_session *calfpump_result_sessions(const calfpump_result *r, size_t *n);
CALFPUMP_API const calfpump_set *calfpump_result_sets(const calfpump_result *r, size_t *n);
CALFPUMP_API const calfpump_immobility *calfpump_result_immobility(const calfpump_result *r,
                                                                   size_t *n);
CALFPUMP_API const calfpump_posture *calfpump_result_posture(const calfpump_result *r, size_t *n);
CALFPUMP_API const calfpump_day *calfpump_result_days(const calfpump_result *r, size_t *n);
CALFPUMP_API const calfpump_activity *calfpump_result_activity(const calfpump_result *r,
                                                               size_t *n);
CALFPUMP_API const calfpump_exercise_summary *
calfpump_result_exercise_summary(const calfpump_result *r);
CALFPUMP_API void calfpump_result_free(calfpump_result *r);

/* Irregular timestamps (phones) onto a uniform grid, by linear interpolation.
 * t: n non-decreasing finite times (s); x: n interleaved frames of `channels` values.
 * The grid starts at t[0] with step 1/rate_hz. Samples with equal times are averaged. Where two
 * consecutive input samples are more than max_gap_s apart, the frames in between are NaN, which
 * the analysis treats as a gap (see the gap policy) instead of inventing data. A grid point on a
 * sample's time is that sample, beside a gap or a NaN sample too.
 * calfpump_resample_frames: number of output frames (0 on bad arguments, including times that
 *   are not finite or decrease): the grid points up to t[n-1], and one past it by less than the
 *   0.5 uHz that calfpump_resample_rate rounds its rate by (it takes the last sample's value),
 *   so that a grid at that rate keeps the last sample.
 * calfpump_resample: writes min(out_cap, frames) frames; CALFPUMP_MORE if out_cap was too small.
 *   rate_hz outside CALFPUMP_MIN_RATE_HZ..CALFPUMP_EMG_MAX_RATE_HZ (8..10000 Hz, every rate an
 *   analysis takes): CALFPUMP_E_RATE (0 frames). */
CALFPUMP_API size_t calfpump_resample_frames(const double *t, size_t n, double rate_hz);
/* calfpump_resample_rate: the rate the timestamps were sampled at, the grid's natural rate: the
 *   mean rate over the intervals of at most max_gap_s (the longer ones are the gaps resampling
 *   leaves: a phone paused for an hour did not sample slower), rounded to 1 uHz (a clock
 *   starting at t = 1000 s must not turn 100 Hz into 99.99999999999999 Hz). 0 when there is no
 *   rate to tell: t NULL, n < 2, times not finite or decreasing, max_gap_s not > 0, or no time
 *   passing within those intervals (every sample at one time, or each more than max_gap_s from
 *   the next), or a rate too large for a double. */
CALFPUMP_API double calfpump_resample_rate(const double *t, size_t n, double max_gap_s);
CALFPUMP_API int calfpump_resample(const double *t, const float *x, size_t n, int channels,
                                   double rate_hz, double max_gap_s, float *out, size_t out_cap,
                                   size_t *n_out);
#endif /* CALFPUMP_EMBEDDED */

#ifdef __cplusplus
}
#endif
#endif /* CALFPUMP_H */
