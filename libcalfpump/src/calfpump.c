/* Handle lifecycle, parameters and the streaming loop: frames -> condition -> ring -> one
 * cadence window per hop -> bouts/events -> result queues. EMG: the same loop dispatches to
 * the EMG path (emg_path.h) instead of condition and bouts. */
#include "calfpump.h"

#include "analytics.h"
#include "arena.h"
#include "bouts.h"
#include "cadence.h"
#include "condition.h"
#include "emg_path.h"
#include "fft.h"
#include "handle.h"
#include "queue.h"
#include "ring.h"

#include <math.h>
#include <string.h>
#ifndef CALFPUMP_EMBEDDED
#include <stdlib.h> /* calfpump_create; firmware builds link no heap */
#endif

#define ANALYSIS_RATE_HZ 20.0 /* decimation target: the cadence band ends at 4 Hz */

enum { STREAMING, FLUSHING, FLUSHED };

/* Everything derived from a config; computed the same way for get_size and init. */
typedef struct plan {
    int factor;          /* input frames per analysis sample */
    double fs;           /* analysis rate */
    int window;          /* cadence window, analysis samples */
    int right;           /* samples of it after its centre */
    int hop;             /* analysis samples between window centres, at most */
    double hop_exact;    /* analysis samples between window centres, on average */
    int n_fft;
    int lag_min, lag_max;
    int bridge;          /* windows without rhythm a bout bridges (bouts.h: confirmed_misses) */
    int64_t ring_cap;
    int back_cap;        /* activations a bout can reach backwards */
    double pending_span; /* longest span of an unconfirmed bout, analysis samples (bouts.h) */
    size_t pending_n;    /* most activations an unconfirmed bout holds after a window (bouts.h) */
    size_t act_cap;      /* internal activation queue: user capacity + provisional + reserve */
    size_t act_reserve;  /* activations one window can add */
    size_t open_reserve; /* activations one window can add to a bout already open */
    size_t bout_reserve; /* bout records one window can add */
} plan;

struct calfpump {
    calfpump_config cfg;
    plan p;
    int leg;
    int state;
    int64_t next_center; /* analysis index of the next cadence window */
    uint64_t n_windows;  /* cadence windows run since reset */
    uint64_t frames;
    uint64_t gap_frames;
#ifndef CALFPUMP_EMBEDDED
    void *heap_block; /* what calfpump_create allocated; NULL in caller memory */
#endif
    condition cond;
    ring ring;
    cadence cad;
    bouts bouts;
    queue acts, windows, bout_records;
    fft *fft;
    int emg;      /* signal is EMG: emg_path instead of condition and bouts */
    emg_path *emgp; /* NULL unless emg */
    analytics *an; /* NULL when the analytics are off: no memory for them */
};

/* Parts a firmware build may leave out (CMake: CALFPUMP_ANALYTICS, CALFPUMP_EMG OFF): their
 * calls below are then behind a constant 0, and the linker drops their code. */
#ifdef CALFPUMP_NO_ANALYTICS
#define ANALYTICS_BUILT 0
#else
#define ANALYTICS_BUILT 1
#endif
#ifdef CALFPUMP_NO_EMG
#define EMG_BUILT 0
#else
#define EMG_BUILT 1
#endif
/* Whole blocks of frames go straight to the ring when a push holds them (a host's long chunks).
 * Firmware pushes an interrupt's few frames at a time, fewer than a block: the path would not
 * run there, and its build leaves it out (flash). */
#ifdef CALFPUMP_EMBEDDED
#define BLOCKS_BUILT 0
#else
#define BLOCKS_BUILT 1
#endif

static analytics *an_of(const calfpump *h)
{
    return ANALYTICS_BUILT ? h->an : NULL;
}

static int is_emg(const calfpump *h)
{
    return EMG_BUILT && h->emg;
}

static int is_leg(int placement)
{
    return placement == CALFPUMP_PLACEMENT_FOOT || placement == CALFPUMP_PLACEMENT_SHANK;
}

/* One activation per stride of one leg: a leg sensor, or a muscle (it fires once per stride). */
static int strides_only(const calfpump_config *c)
{
    return is_leg(c->placement) || c->signal == CALFPUMP_SIGNAL_EMG;
}

/* A wrist's accelerometer: the swinging arm (cadence.h, swing). */
static int swing(const calfpump_config *c)
{
    return c->placement == CALFPUMP_PLACEMENT_WRIST && c->signal == CALFPUMP_SIGNAL_ACCEL;
}

/* sizeof of an older config as its caller compiled it: up to its last field, padded to the
 * struct's alignment. Version 1 ends at queue_capacity, 2 at emg_reference, 3 at day_offset_s. */
#define CONFIG_ALIGN _Alignof(calfpump_config)
#define CONFIG_SIZE_TO(end) (((end) + CONFIG_ALIGN - 1) / CONFIG_ALIGN * CONFIG_ALIGN)
#define CONFIG_V1_END (offsetof(calfpump_config, queue_capacity) + sizeof(uint32_t))
#define CONFIG_V2_END (offsetof(calfpump_config, emg_reference) + sizeof(float))
#define CONFIG_V3_END (offsetof(calfpump_config, day_offset_s) + sizeof(float))

/* Where a config of the given layout version ends (its last field's end); 0 for an unknown
 * version. */
static size_t config_end(uint32_t version)
{
    switch (version) {
    case 1:
        return CONFIG_V1_END;
    case 2:
        return CONFIG_V2_END;
    case 3:
        return CONFIG_V3_END;
    case CALFPUMP_CONFIG_VERSION:
        return sizeof(calfpump_config);
    default:
        return 0;
    }
}

/* The caller's config as this library's struct: an older config gets the later fields'
 * defaults. 0 when the size and version are not a known pair. */
static int upgrade(const calfpump_config *in, calfpump_config *out)
{
    const size_t end = config_end(in->version);
    if (end == 0 || in->struct_size != CONFIG_SIZE_TO(end))
        return 0;
    calfpump_config_init_version(out, CALFPUMP_CONFIG_VERSION);
    memcpy(out, in, end);
    /* Version 3 had the analytics always on, and its callers were told to poll them. */
    if (in->version == 3)
        out->analytics = 1;
    out->struct_size = sizeof *out;
    out->version = CALFPUMP_CONFIG_VERSION;
    return 1;
}

int calfpump_config_init_version(calfpump_config *cfg, uint32_t version)
{
    if (!cfg)
        return CALFPUMP_E_NULL;
    /* A later version's struct is larger than this one: all of this one may be written. */
    const int later = version > CALFPUMP_CONFIG_VERSION;
    const size_t end = later ? sizeof *cfg : config_end(version);
    if (end == 0)
        return CALFPUMP_E_VERSION;
    calfpump_config d;
    memset(&d, 0, sizeof d); /* every default not set below is 0 */
    d.sample_rate_hz = 100.0;
    d.channels = 3;
    d.signal = CALFPUMP_SIGNAL_ACCEL;
    d.placement = CALFPUMP_PLACEMENT_UNKNOWN;
    d.side = CALFPUMP_SIDE_UNKNOWN;
    d.band_low_hz = 0.25f;
    d.band_high_hz = 4.0f;
    d.window_s = 10.0f;
    d.hop_s = 0.5f;
    d.min_confidence = 0.5f;
    d.min_amplitude_g = 0.02f;
    d.min_bout_s = 4.0f;
    d.queue_capacity = 256;
    d.emg_band_low_hz = 20.0f; /* EMG (version 2) */
    d.emg_band_high_hz = 450.0f;
    d.session_min_s = 120.0f;  /* exercise analytics (version 3); off by default (version 4) */
    d.session_min_per_min = 50.0f;
    d.immobility_s = 1800.0f;
    d.elevation_min_s = 900.0f;
    d.struct_size = later ? 0 : (uint32_t)CONFIG_SIZE_TO(end);
    d.version = version;
    memcpy(cfg, &d, CONFIG_SIZE_TO(end));
    return later ? CALFPUMP_E_VERSION : CALFPUMP_OK;
}

static int in_range(double v, double lo, double hi)
{
    return v >= lo && v <= hi; /* false for NaN */
}

/* The EMG rate, channels and fields (the shared fields are checked for both signals). */
static int validate_emg(const calfpump_config *c)
{
    if (!in_range(c->sample_rate_hz, CALFPUMP_EMG_MIN_RATE_HZ, CALFPUMP_EMG_MAX_RATE_HZ))
        return CALFPUMP_E_RATE;
    if (c->channels < 1 || c->channels > CALFPUMP_EMG_MAX_CHANNELS || c->emg_channel < 0 ||
        c->emg_channel >= c->channels)
        return CALFPUMP_E_CHANNELS;
    if (!in_range(c->emg_band_low_hz, 10.0, 100.0) ||
        !in_range(c->emg_band_high_hz, 100.0, 2000.0) ||
        (c->emg_mains_hz != 0.0f && c->emg_mains_hz != 50.0f && c->emg_mains_hz != 60.0f) ||
        !in_range(c->emg_reference, 0.0, 3.0e38f)) /* the float 3e38 too */
        return CALFPUMP_E_ARG;
    return CALFPUMP_OK;
}

/* Validates the caller's config; *out is it upgraded to this library's struct. */
static int validate(const calfpump_config *in, calfpump_config *out)
{
    if (!in)
        return CALFPUMP_E_NULL;
    if (!upgrade(in, out))
        return CALFPUMP_E_VERSION;
    const calfpump_config *c = out;
    const int emg = c->signal == CALFPUMP_SIGNAL_EMG;
    if (!emg && c->signal != CALFPUMP_SIGNAL_ACCEL)
        return CALFPUMP_E_ARG;
    if ((emg && !EMG_BUILT) || (c->analytics == 1 && !ANALYTICS_BUILT))
        return CALFPUMP_E_UNSUPPORTED;
    int st;
    if (emg && (st = validate_emg(c)) != CALFPUMP_OK)
        return st;
    if (!emg && !in_range(c->sample_rate_hz, CALFPUMP_MIN_RATE_HZ, CALFPUMP_MAX_RATE_HZ))
        return CALFPUMP_E_RATE;
    if (!emg && c->channels != 1 && c->channels != 3)
        return CALFPUMP_E_CHANNELS;
    if (c->placement < 0 || c->placement >= CALFPUMP_PLACEMENT_COUNT_ ||
        c->side < CALFPUMP_SIDE_UNKNOWN || c->side > CALFPUMP_SIDE_RIGHT ||
        !in_range(c->band_low_hz, 0.2, 1.0) || !in_range(c->band_high_hz, 2.0, 5.0) ||
        !in_range(c->window_s, 4.0, 30.0) || !in_range(c->hop_s, 0.1, 1.0) ||
        !in_range(c->min_confidence, 0.0, 1.0) ||
        !in_range(c->min_amplitude_g, 0.0, 1.0) || !in_range(c->min_bout_s, 2.0, 60.0) ||
        c->queue_capacity < 4 || c->queue_capacity > 65536 || c->up_axis < -3 ||
        c->up_axis > 3 || !in_range(c->session_min_s, 10.0, 3600.0) ||
        !in_range(c->session_min_per_min, 1.0, 200.0) ||
        !in_range(c->immobility_s, 60.0, 86400.0) ||
        !in_range(c->elevation_min_s, 10.0, 86400.0) || !in_range(c->day_offset_s, 0.0, 86400.0) ||
        (c->analytics != 0 && c->analytics != 1))
        return CALFPUMP_E_ARG;
    return CALFPUMP_OK;
}

/* Seconds between window centres, on average (the analysis rate fs): hop_s, so that counts of
 * windows (bridge, min_bout_s) and the times the windows see are the same at any rate (12.5 Hz:
 * 6 or 7 samples apart), but at least a sample: below 10 Hz a hop_s of 0.1 would put several
 * windows on one sample, and the windows would fall ever further behind the input. */
static double hop_seconds(const calfpump_config *c, double fs)
{
    return fmax(c->hop_s, 1.0 / fs);
}

/* The integer nearest to x >= 0, halves up as lround has them, without lround and llround in a
 * firmware image (322 B of flash). */
static int64_t nearest(double x)
{
    return (int64_t)(x + 0.5);
}

static void make_plan(const calfpump_config *c, plan *p)
{
    /* The tolerance keeps a rate a hair under a multiple (99.9999999 Hz from a CSV clock) on
     * the same factor as the exact rate. */
    p->factor = (int)floor(c->sample_rate_hz / ANALYSIS_RATE_HZ + 1e-6);
    if (p->factor < 1)
        p->factor = 1;
    p->fs = c->sample_rate_hz / p->factor;
    p->window = (int)nearest(c->window_s * p->fs);
    /* The wrist's window keeps an odd length (125 samples at 12.5 Hz: 10 s, not 9.92 s): the
     * stride multiples its periodicity averages must fit the same time at every rate. */
    p->right = swing(c) ? p->window - p->window / 2 : p->window / 2;
    /* The hop is exact on average (see hop_seconds): a rounded one is 0.48 s at 12.5 Hz, 0.52 s
     * at 25 Hz and 0.49 s for EMG at 777.7 Hz. */
    p->hop_exact = hop_seconds(c, p->fs) * p->fs;
    p->hop = (int)ceil(p->hop_exact - 1e-6);
    p->n_fft = 16;
    while (p->n_fft < 2 * p->window)
        p->n_fft *= 2;
    const double top = strides_only(c) ? c->band_high_hz / 2.0 : c->band_high_hz;
    p->lag_min = (int)floor(p->fs / top);
    if (p->lag_min < 2)
        p->lag_min = 2;
    p->lag_max = (int)ceil(p->fs / c->band_low_hz);
    p->ring_cap = p->window + 2 * p->lag_max + 8;
    /* Activations are at least (1 - 0.3) * lag_min apart. */
    const double spacing = 0.7 * p->lag_min;
    p->back_cap = (int)(p->window / 2 / spacing) + 2;
    p->act_reserve = (size_t)(2 * p->back_cap) + (size_t)(p->hop / spacing) + 4;
    /* Wrist: one bump of the arm spoils every window that holds it, window / hop of them in a
     * row; a bout bridges that many (a watch keeps counting through a few irregular strides),
     * and counts the gap's strong maxima once the rhythm is back (bouts.c). */
    p->bridge = swing(c) ? (int)floor(c->window_s / hop_seconds(c, p->fs) + 1e-6)
                         : BOUTS_MAX_MISSES;
    /* A window of an open bout tracks on from the previous steady window's limit, at most
     * bridge + 1 hops back; from the due time the tracking stopped at, which lies within about
     * a period of that limit, a few activations more. */
    p->open_reserve = (size_t)((p->bridge + 1) * p->hop / spacing) + 6;
    /* An unconfirmed bout is taken back once its activations span pending_span or outnumber
     * what the fastest rhythm in the band places there (one per lag_min): push can never stall
     * on provisional records, whose count a window starts with at most pending_n of. A window
     * that opens a bout starts with none. */
    p->pending_span = c->min_bout_s * p->fs + p->window;
    p->pending_n = (size_t)(p->pending_span / p->lag_min) + 2;
    const size_t held = p->pending_n + p->open_reserve;
    p->act_cap = c->queue_capacity + (held > p->act_reserve ? held : p->act_reserve);
    p->bout_reserve = 1;
    if (EMG_BUILT && c->signal == CALFPUMP_SIGNAL_EMG) { /* nothing provisional */
        p->act_reserve = p->bout_reserve = emg_path_reserve(p->fs, p->window, p->hop, p->lag_max);
        p->act_cap = c->queue_capacity + p->act_reserve;
    }
}

/* A stage's state block starts zeroed, as the handle does (NULL while measuring stays NULL). */
static void *zeroed(void *block, size_t size)
{
    return block ? memset(block, 0, size) : NULL;
}

/* Lays the handle out in an arena; with a measuring arena (base NULL) only counts bytes. */
static calfpump *layout(arena *a, const calfpump_config *cfg, plan *p)
{
    make_plan(cfg, p);
    calfpump *h = arena_take(a, sizeof *h);
    calfpump scratch; /* stands in for the handle while measuring */
    calfpump *s = h ? h : &scratch;
    s->ring.value = arena_take(a, sizeof(float) * (size_t)p->ring_cap);
    s->ring.gap = arena_take(a, ring_gap_bytes(p->ring_cap));
    if (is_leg(cfg->placement) && cfg->signal == CALFPUMP_SIGNAL_ACCEL) {
        s->ring.peak = arena_take(a, sizeof(float) * (size_t)p->ring_cap);
        s->ring.peak_off = arena_take(a, sizeof(float) * (size_t)p->ring_cap);
    }
    cadence_layout(&s->cad, a, p->n_fft, p->window, p->fs, cfg->band_high_hz);
    bouts_layout(&s->bouts, a, p->back_cap, s->cad.buf,
                 sizeof(float) * (size_t)(p->n_fft + 2));
    void *acts = arena_take(a, sizeof(activation_record) * p->act_cap);
    void *wins = arena_take(a, sizeof(calfpump_cadence) * (cfg->queue_capacity + 1));
    void *bts = arena_take(a, sizeof(calfpump_bout) * (cfg->queue_capacity + p->bout_reserve));
    s->fft = arena_take(a, fft_size(p->n_fft));
    s->emgp = NULL;
    if (EMG_BUILT && cfg->signal == CALFPUMP_SIGNAL_EMG) {
        emg_path emg_scratch; /* stands in for the EMG path while measuring */
        s->emgp = zeroed(arena_take(a, sizeof(emg_path)), sizeof(emg_path));
        emg_path_layout(s->emgp ? s->emgp : &emg_scratch, a, cfg, p->fs, p->window, p->hop,
                        p->lag_max, p->act_cap);
    }
    s->an = NULL;
    if (ANALYTICS_BUILT && cfg->analytics) {
        s->an = zeroed(arena_take(a, sizeof(analytics)), sizeof(analytics));
        analytics_layout(s->an, a, cfg, p->bout_reserve);
    }
    if (h) {
        queue_setup(&h->acts, acts, sizeof(activation_record), p->act_cap);
        queue_setup(&h->windows, wins, sizeof(calfpump_cadence), cfg->queue_capacity + 1);
        queue_setup(&h->bout_records, bts, sizeof(calfpump_bout),
                    cfg->queue_capacity + p->bout_reserve);
    }
    return h;
}

size_t calfpump_get_size(const calfpump_config *caller_cfg)
{
    calfpump_config cfg;
    if (validate(caller_cfg, &cfg) != CALFPUMP_OK)
        return 0;
    arena a = {NULL, 0};
    plan p;
    layout(&a, &cfg, &p);
    return a.used + ARENA_ALIGN; /* room to align a caller's block */
}

int calfpump_init(void *mem, size_t size, const calfpump_config *caller_cfg, calfpump **out)
{
    if (out)
        *out = NULL; /* on every failure, as create */
    if (!mem || !out)
        return CALFPUMP_E_NULL;
    calfpump_config upgraded;
    int st = validate(caller_cfg, &upgraded);
    if (st != CALFPUMP_OK)
        return st;
    const calfpump_config *cfg = &upgraded;
    if (size < calfpump_get_size(cfg))
        return CALFPUMP_E_NOMEM;
    /* Align the block's start so that the layout matches the measured one. */
    unsigned char *base = mem;
    base += (ARENA_ALIGN - ((uintptr_t)base % ARENA_ALIGN)) % ARENA_ALIGN;
    memset(base, 0, sizeof(calfpump));
    arena a = {base, 0};
    plan p;
    calfpump *h = layout(&a, cfg, &p);
    h->cfg = *cfg;
    h->p = p;
    h->leg = strides_only(cfg);
    h->emg = cfg->signal == CALFPUMP_SIGNAL_EMG;
    h->fft = fft_init(h->fft, p.n_fft);
    if (!h->fft)
        return CALFPUMP_E_FFT;

    condition_setup(&h->cond, cfg->channels, p.factor, h->ring.peak != NULL);
    h->ring.cap = p.ring_cap;
    cadence *c = &h->cad;
    c->fft = h->fft;
    c->lag_min = p.lag_min;
    c->lag_max = p.lag_max;
    c->leg = h->leg;
    c->swing = swing(cfg);
    c->min_samples = p.window / 4 > 4 * p.lag_min ? p.window / 4 : 4 * p.lag_min;
    c->fs = (float)p.fs;
    c->min_amplitude = is_emg(h) ? 0.0f : cfg->min_amplitude_g; /* EMG: any unit */
    c->any_unit = is_emg(h);
    c->min_confidence = cfg->min_confidence;
    bouts *b = &h->bouts;
    b->leg = h->leg;
    b->half_window = p.window / 2;
    b->min_span = cfg->min_bout_s * p.fs;
    /* The windows are hop_s apart: min_bout_s is a number of them whatever the rate (a CSV's
     * mean rate a hair above 25 Hz would otherwise ask for one more). */
    b->min_windows = (int)ceil(cfg->min_bout_s / hop_seconds(cfg, p.fs) - 1e-6);
    b->hop = p.hop_exact;
    b->max_pending = p.pending_span;
    b->max_pending_n = p.pending_n;
    b->min_strength = 2.0f * cfg->min_amplitude_g;
    b->confirmed_misses = p.bridge;
    b->swing = c->swing;
    b->t_scale = p.factor / cfg->sample_rate_hz;
    b->t_offset = 0.5 * (p.factor - 1) / cfg->sample_rate_hz;
    b->acts = &h->acts;
    b->bout_records = &h->bout_records;
    if (is_emg(h))
        emg_path_setup(h->emgp, cfg, p.factor, p.window, p.lag_min, &h->acts, &h->bout_records);
    if (an_of(h))
        analytics_setup(an_of(h), cfg, p.fs, b->t_scale, b->t_offset, &h->ring);
    if (is_emg(h) && an_of(h)) { /* the exercise analytics read the burst pattern */
        h->emgp->contractions.on_burst = analytics_burst;
        h->emgp->contractions.on_burst_ctx = an_of(h);
    }
    calfpump_reset(h);
    *out = h;
    return CALFPUMP_OK;
}

void calfpump_deinit(calfpump *h)
{
    if (h)
        fft_deinit(h->fft);
}

#ifndef CALFPUMP_EMBEDDED
int calfpump_create(const calfpump_config *cfg, calfpump **out)
{
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    size_t size = calfpump_get_size(cfg);
    calfpump_config upgraded;
    if (size == 0)
        return validate(cfg, &upgraded);
    void *mem = malloc(size);
    if (!mem)
        return CALFPUMP_E_NOMEM;
    int st = calfpump_init(mem, size, cfg, out);
    if (st != CALFPUMP_OK) {
        free(mem);
        return st;
    }
    (*out)->heap_block = mem; /* init may have moved the handle forward to align it */
    return CALFPUMP_OK;
}

void calfpump_destroy(calfpump *h)
{
    if (!h)
        return;
    calfpump_deinit(h);
    free(h->heap_block);
}
#endif

int calfpump_reset(calfpump *h)
{
    if (!h)
        return CALFPUMP_E_NULL;
    condition_reset(&h->cond);
    ring_restart(&h->ring, 0);
    cadence_reset(&h->cad);
    bouts_reset(&h->bouts);
    queue_clear(&h->acts);
    queue_clear(&h->windows);
    queue_clear(&h->bout_records);
    if (is_emg(h)) {
        queue_clear(&h->emgp->records);
        emg_path_reset(h->emgp);
    }
    if (an_of(h))
        analytics_reset(an_of(h));
    h->next_center = 0;
    h->n_windows = 0;
    h->frames = h->gap_frames = 0;
    h->state = STREAMING;
    return CALFPUMP_OK;
}

/* Room for everything one cadence window can produce. */
static int room_for_window(const calfpump *h)
{
    const size_t acts = !is_emg(h) && h->bouts.open ? h->p.open_reserve : h->p.act_reserve;
    return queue_free(&h->acts) >= acts && queue_free(&h->windows) >= 1 &&
           queue_free(&h->bout_records) >= h->p.bout_reserve &&
           (!is_emg(h) || queue_free(&h->emgp->records) >= h->p.act_reserve) &&
           (!an_of(h) || analytics_room(an_of(h)));
}

/* Hands the analytics what the activation and bout stages committed since the last call. */
static void observe(calfpump *h)
{
    if (!an_of(h))
        return;
    const contractions *k = is_emg(h) ? &h->emgp->contractions : NULL;
    analytics_activations(an_of(h), &h->acts,
                          k ? k->total_activations : h->bouts.total_activations);
    analytics_bouts(an_of(h), &h->bout_records, k ? k->total_bouts : h->bouts.total_bouts);
}

/* Stream time: the end of the analysis samples so far (a last partial block ends with the
 * input). */
static double stream_time(const calfpump *h)
{
    return fmin((double)h->ring.end * h->bouts.t_scale,
                (double)h->frames / h->cfg.sample_rate_hz);
}

/* Time of analysis sample c: the centre of its block of frames; the input's last block may be
 * partial, and its centre lies before a full block's would. */
static double sample_time(const calfpump *h, int64_t c)
{
    const uint64_t first = (uint64_t)c * (uint64_t)h->cond.factor, full = first + h->cond.factor;
    const uint64_t end = full < h->frames ? full : h->frames;
    return 0.5 * ((double)(first + end) - 1.0) / h->cfg.sample_rate_hz;
}

static void run_window(calfpump *h)
{
    const int64_t c = h->next_center;
    int64_t start = c - h->p.window / 2, end = c + h->p.right;
    if (start < 0)
        start = 0;
    if (end > h->ring.end)
        end = h->ring.end;
    cadence_window w;
    h->cad.hold_period = bouts_confirmed_period(&h->bouts);
    cadence_run(&h->cad, &h->ring, start, end, c, &w);
    if (is_emg(h))
        emg_path_window(h->emgp, &h->ring, &w, start, end);
    else
        bouts_window(&h->bouts, &h->ring, &w);
    const float per_min = 60.0f * w.rate_hz;
    calfpump_cadence rec = {
        .t = sample_time(h, c),
        .per_min = per_min,
        .steps_per_min = h->leg ? 2.0f * per_min : per_min,
        .confidence = w.confidence,
        .amplitude_g = w.amplitude,
        .rhythmic = w.rhythmic,
    };
    queue_push(&h->windows, &rec);
    queue_commit(&h->windows);
    h->next_center = nearest((double)++h->n_windows * h->p.hop_exact);
    observe(h);
    if (an_of(h))
        analytics_hop(an_of(h), stream_time(h),
                      is_emg(h) ? h->emgp->contractions.in_bout : h->bouts.open);
}

int calfpump_push(calfpump *h, const float *frames, size_t n_frames, size_t *n_used)
{
    if (n_used)
        *n_used = 0;
    if (!h || !n_used || (!frames && n_frames > 0))
        return CALFPUMP_E_NULL;
    if (h->state != STREAMING)
        return CALFPUMP_E_STATE;
    const int ch = h->cfg.channels, right = h->p.right;
    const size_t factor = (size_t)h->cond.factor;
    /* The analytics' per-sample stages see every sample as it is made. */
    const int sampled = an_of(h) && an_of(h)->per_sample;
    size_t i = 0;
    while (i < n_frames) {
        /* Whole blocks go to the ring in one call, up to the one that completes the next
         * window's samples (while streaming, at least one more sample is due for it). */
        if (BLOCKS_BUILT && !is_emg(h) && h->cond.n == 0 && n_frames - i >= factor) {
            size_t blocks = (n_frames - i) / factor;
            const size_t due = (size_t)(h->next_center + right - h->ring.end);
            if (blocks >= due)
                blocks = room_for_window(h) ? due : due - 1;
            if (sampled && blocks > 1)
                blocks = 1;
            if (blocks > 0) {
                condition_blocks(&h->cond, frames + i * (size_t)ch, blocks, &h->ring,
                                 &h->gap_frames);
                if (sampled)
                    analytics_sample(an_of(h), h->cond.axis, ring_at(&h->ring, h->ring.end - 1));
                i += blocks * factor;
                h->frames += blocks * factor;
                if (h->next_center + right <= h->ring.end)
                    run_window(h);
                continue;
            }
        }
        /* The accelerometer's conditioning takes the frames up to the end of a block at once;
         * the EMG path takes one frame at a time. */
        size_t take = is_emg(h) ? 1 : (size_t)(h->cond.factor - h->cond.n);
        const int completes = is_emg(h) ? emg_path_completes_sample(h->emgp) : 1;
        /* Stop before a frame whose analysis sample would run a window without room for it. */
        if (completes && h->next_center + right <= h->ring.end + 1 && !room_for_window(h))
            take--;
        if (take > n_frames - i)
            take = n_frames - i;
        if (take == 0)
            break;
        ring_sample smp = {0};
        const float *frame = frames + i * (size_t)ch;
        const int done =
            is_emg(h) ? emg_path_frame(h->emgp, frame, &smp.value, &smp.gap, &h->gap_frames)
                   : condition_frames(&h->cond, frame, take, &smp, &h->gap_frames);
        i += take;
        h->frames += take;
        if (!done)
            continue;
        if (!is_emg(h) && an_of(h))
            analytics_sample(an_of(h), h->cond.axis, smp.value);
        ring_put(&h->ring, &smp);
        if (h->next_center + right <= h->ring.end)
            run_window(h);
    }
    *n_used = i;
    return i == n_frames ? CALFPUMP_OK : CALFPUMP_E_QUEUE_FULL;
}

int calfpump_flush(calfpump *h)
{
    if (!h)
        return CALFPUMP_E_NULL;
    if (h->state == FLUSHED)
        return CALFPUMP_OK;
    if (h->state == STREAMING) {
        ring_sample smp = {0};
        if (is_emg(h) ? emg_path_finish_input(h->emgp, &smp.value, &smp.gap)
                   : condition_finish(&h->cond, &smp)) {
            if (!is_emg(h) && an_of(h))
                analytics_sample(an_of(h), h->cond.axis, smp.value);
            ring_put(&h->ring, &smp);
        }
        h->state = FLUSHING;
    }
    /* Windows whose right part lies beyond the end of input run on the data there is. */
    while (h->next_center < h->ring.end) {
        if (!room_for_window(h))
            return CALFPUMP_E_QUEUE_FULL;
        run_window(h);
    }
    if (!room_for_window(h))
        return CALFPUMP_E_QUEUE_FULL;
    if (is_emg(h))
        emg_path_finish(h->emgp);
    else
        bouts_finish(&h->bouts, &h->ring);
    observe(h);
    /* Repeating the stages' ends is harmless: each ends once. */
    if (an_of(h) && !analytics_finish(an_of(h), (double)h->frames / h->cfg.sample_rate_hz))
        return CALFPUMP_E_QUEUE_FULL;
    h->state = FLUSHED;
    return CALFPUMP_OK;
}

/* q NULL: a queue the handle does not have (analytics off): always empty. */
static int poll_queue(calfpump *h, queue *q, void *out, size_t cap, size_t *n_out)
{
    if (n_out)
        *n_out = 0;
    if (!h || !n_out || (!out && cap > 0))
        return CALFPUMP_E_NULL;
    if (!q)
        return CALFPUMP_OK;
    *n_out = queue_poll(q, out, cap);
    return q->committed > 0 ? CALFPUMP_MORE : CALFPUMP_OK;
}

/* One of the analytics' queues, NULL when they are off (or h is NULL). */
#define ANALYTICS_QUEUE(h, name) ((h) && (h)->an ? &(h)->an->name : NULL)

int calfpump_poll_activations(calfpump *h, calfpump_activation *out, size_t cap, size_t *n_out)
{
    const int st = poll_queue(h, h ? &h->acts : NULL, out, cap, n_out);
    /* A leg sensor's strides and a muscle's bursts are of its side; any other sensor's steps are
     * of both legs in turn. */
    if (st >= 0)
        activation_records_expand(out, *n_out, is_emg(h) ? CALFPUMP_KIND_BURST
                                               : h->leg ? CALFPUMP_KIND_STRIDE
                                                        : CALFPUMP_KIND_STEP,
                                  is_emg(h) || h->leg ? h->cfg.side : CALFPUMP_SIDE_UNKNOWN);
    return st;
}

int calfpump_poll_cadence(calfpump *h, calfpump_cadence *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, h ? &h->windows : NULL, out, cap, n_out);
}

int calfpump_poll_bouts(calfpump *h, calfpump_bout *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, h ? &h->bout_records : NULL, out, cap, n_out);
}

int calfpump_poll_bursts(calfpump *h, calfpump_burst *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, h && h->emgp ? &h->emgp->records : NULL, out, cap, n_out);
}

int calfpump_poll_sessions(calfpump *h, calfpump_session *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, ANALYTICS_QUEUE(h, sessions), out, cap, n_out);
}

int calfpump_poll_sets(calfpump *h, calfpump_set *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, ANALYTICS_QUEUE(h, sets), out, cap, n_out);
}

int calfpump_poll_immobility(calfpump *h, calfpump_immobility *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, ANALYTICS_QUEUE(h, immobility_records), out, cap, n_out);
}

int calfpump_poll_posture(calfpump *h, calfpump_posture *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, ANALYTICS_QUEUE(h, postures), out, cap, n_out);
}

int calfpump_poll_days(calfpump *h, calfpump_day *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, ANALYTICS_QUEUE(h, days), out, cap, n_out);
}

int calfpump_poll_activity(calfpump *h, calfpump_activity *out, size_t cap, size_t *n_out)
{
    return poll_queue(h, ANALYTICS_QUEUE(h, activities), out, cap, n_out);
}

int calfpump_get_exercise_summary(const calfpump *h, calfpump_exercise_summary *out, size_t size)
{
    if (!h || !out)
        return CALFPUMP_E_NULL;
    calfpump_exercise_summary s;
    if (an_of(h))
        analytics_summary(an_of(h), (double)h->frames / h->cfg.sample_rate_hz, &s);
    else
        memset(&s, 0, sizeof s);
    memcpy(out, &s, size < sizeof s ? size : sizeof s);
    return CALFPUMP_OK;
}

int calfpump_get_summary(const calfpump *h, calfpump_summary *out)
{
    if (!h || !out)
        return CALFPUMP_E_NULL;
    const bouts *b = &h->bouts;
    memset(out, 0, sizeof *out);
    out->frames = h->frames;
    out->gap_frames = h->gap_frames;
    out->activations = b->total_activations;
    out->steps = h->leg ? 2 * b->total_activations : b->total_activations;
    out->bouts = b->total_bouts;
    out->active_s = b->active_s;
    out->duration_s = (double)h->frames / h->cfg.sample_rate_hz;
    /* Closed bouts only: an open bout has no median cadence yet. */
    out->mean_cadence_per_min =
        b->closed_activations ? (float)(b->cadence_sum / b->closed_activations) : 0.0f;
    if (is_emg(h))
        emg_path_summary(h->emgp, out);
    return CALFPUMP_OK;
}

int handle_channels(const calfpump *h)
{
    return h->cfg.channels;
}
