/*
 * Shared pieces of the libFuzzer harnesses (public API only).
 *
 * Input layout shared by fuzz_push and fuzz_analyze (fuzz/make_corpus.py writes seeds in it):
 *   config  13 bytes  see fz_config()
 *   seed     4 bytes  fuzz_push's chunk and poll sizes and its false start, little endian
 *   signal   rest     see fz_signal(): 1 mode byte, then raw floats, int8 samples, or the
 *                     parameters of a synthetic walk followed by noise bytes
 * Missing bytes read as 0, so every input is valid.
 */
#ifndef CALFPUMP_FUZZ_COMMON_H
#define CALFPUMP_FUZZ_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"

/* Frames a harness builds at most: keeps one run in the milliseconds. */
#define FZ_MAX_FRAMES 30000

#define DRIVER_CHECK(cond) FZ_CHECK(cond)
#include "driver.h"

static inline int fz_valid_status(int rc)
{
    return rc >= CALFPUMP_E_FFT && rc <= CALFPUMP_MORE;
}

/*
 * Config, 13 bytes:
 *   0 rate: bit 7 set: 10 + (b & 127) * 7.8 Hz; else a table of usual and bad rates
 *   1 channels from a table (mostly 3 and 1); >= 0xF0: EMG signal
 *   2 placement (b % 14: 12 and 13 are out of range)     3 side (b % 4: 3 is out of range)
 *   4 flags: bit 0 tune the detector (bytes 5..11), bit 1 small queue (byte 12),
 *            bit 2 a wrong struct_size, bit 3 a wrong version, bit 4 exercise analytics with
 *            short thresholds: up_axis (byte 12) % 7 - 3, immobility 60 s, sessions 10 s,
 *            elevation episodes 10 s, day_offset (byte 11) x 339 s; bit 5 analytics off
 *            (else on, as the CLI has them)
 *   5..11 band_low, band_high, window, hop, min_confidence, min_amplitude, min_bout: each
 *         spans its documented range and a little beyond it on both sides
 *   12 queue_capacity = 12 + b
 */
static inline void fz_config(fz_reader *r, calfpump_config *cfg)
{
    static const double rates[16] = {100, 50, 64, 128, 10, 1000, 200, 25,
                                     30, 100, 100, 0, 5, NAN, 1e6, -100};
    static const int channels[16] = {3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 0, 2, 4, -1};
    calfpump_config_init(cfg);
    const uint8_t rate = fz_u8(r), ch = fz_u8(r);
    cfg->sample_rate_hz = (rate & 0x80) ? 10.0 + (rate & 0x7f) * 7.8 : rates[rate & 15];
    cfg->channels = channels[ch & 15];
    if (ch >= 0xF0)
        cfg->signal = CALFPUMP_SIGNAL_EMG;
    cfg->placement = (int32_t)fz_index(r, 14);
    cfg->side = (int32_t)fz_index(r, 4);
    const uint8_t flags = fz_u8(r);
    float tune[7];
    tune[0] = (float)fz_span(r, 0.15, 0.9);   /* band_low_hz */
    tune[1] = (float)fz_span(r, 1.9, 3.2);    /* band_high_hz */
    tune[2] = (float)fz_span(r, 3.5, 27.0);   /* window_s */
    tune[3] = (float)fz_span(r, 0.05, 1.0);   /* hop_s */
    tune[4] = (float)fz_span(r, -0.05, 1.1);  /* min_confidence */
    tune[5] = (float)fz_span(r, -0.005, 0.1); /* min_amplitude_g */
    tune[6] = (float)fz_span(r, 1.5, 60.0);   /* min_bout_s */
    const uint8_t q = fz_u8(r);
    if (flags & 1) {
        cfg->band_low_hz = tune[0];
        cfg->band_high_hz = tune[1];
        cfg->window_s = tune[2];
        cfg->hop_s = tune[3];
        cfg->min_confidence = tune[4];
        cfg->min_amplitude_g = tune[5];
        cfg->min_bout_s = tune[6];
    }
    if (flags & 2)
        cfg->queue_capacity = 12u + q;
    if (flags & 4)
        cfg->struct_size ^= q;
    if (flags & 8)
        cfg->version += 1u + q;
    cfg->analytics = !(flags & 32);
    if (flags & 16) {
        cfg->up_axis = q % 7 - 3;
        cfg->immobility_s = 60.0f;
        cfg->session_min_s = 10.0f;
        cfg->elevation_min_s = 10.0f;
        cfg->day_offset_s = q * 339.0f;
    }
}

/* The rate the signal is built at when the configured one is not usable. */
static inline double fz_rate(const calfpump_config *cfg)
{
    double rate = cfg->sample_rate_hz;
    return isfinite(rate) && rate >= 10.0 && rate <= 1000.0 ? rate : 100.0;
}

/*
 * Signal: mode byte m, then
 *   m % 3 == 0: raw little-endian floats (NaN, Inf, huge values included) to the end
 *   m % 3 == 1: int8 samples / 64 g to the end (a frame is `channels` of them)
 *   m % 3 == 2: a synthetic walk (tests/synth.h): seconds 1 + b % 120, step_hz 0.2..5,
 *               amp 0..0.8 g, h2, h3, walk start and end as fractions, noise 0..0.1 g,
 *               gap count (b % 4) with a start byte and a length byte each; then the remaining
 *               bytes are added as int8 / 512 g, cycled
 * Returns a malloc'ed array of *n frames of max(channels, 1) floats (NULL when *n is 0).
 */
static inline float *fz_signal(fz_reader *r, const calfpump_config *cfg, size_t *n)
{
    const size_t ch = cfg->channels > 1 && cfg->channels <= 4 ? (size_t)cfg->channels : 1;
    const size_t mode = fz_index(r, 3);
    float *x = NULL;
    *n = 0;
    if (mode == 0 || mode == 1) {
        size_t per = mode == 0 ? 4 : 1;
        *n = r->n / (per * ch);
        if (*n > FZ_MAX_FRAMES)
            *n = FZ_MAX_FRAMES;
        if (!*n)
            return NULL;
        x = malloc(*n * ch * sizeof *x);
        if (!x)
            abort();
        for (size_t i = 0; i < *n * ch; i++)
            x[i] = mode == 0 ? fz_f32(r) : (int8_t)fz_u8(r) / 64.0f;
        return x;
    }
    synth_walk w;
    w.rate_hz = fz_rate(cfg);
    w.channels = ch == 1 ? 1 : 3;
    const double seconds = 1 + (double)fz_index(r, 120);
    w.step_hz = fz_span(r, 0.2, 4.8);
    w.amp_g = fz_span(r, 0.0, 0.8);
    w.h2 = fz_unit(r);
    w.h3 = fz_unit(r);
    w.walk_start_s = fz_unit(r) * seconds;
    w.walk_end_s = w.walk_start_s + fz_unit(r) * (seconds - w.walk_start_s);
    w.noise_g = fz_span(r, 0.0, 0.1);
    w.seed = fz_u8(r);
    *n = (size_t)(seconds * w.rate_hz);
    if (*n > FZ_MAX_FRAMES)
        *n = FZ_MAX_FRAMES;
    float *walk = malloc(*n * 3 * sizeof *walk);
    x = malloc(*n * ch * sizeof *x);
    if (!walk || !x)
        abort();
    synth_fill(&w, walk, *n);
    const size_t wch = w.channels == 1 ? 1 : 3;
    for (size_t i = 0; i < *n; i++)
        for (size_t c = 0; c < ch; c++)
            x[i * ch + c] = walk[i * wch + (c < wch ? c : wch - 1)];
    free(walk);
    const size_t gaps = fz_index(r, 4);
    for (size_t g = 0; g < gaps; g++) {
        size_t start = (size_t)(fz_unit(r) * (double)*n), len = fz_u8(r) * (size_t)4;
        for (size_t i = start; i < start + len && i < *n; i++)
            x[i * ch + i % ch] = (i & 1) ? NAN : INFINITY;
    }
    if (r->n) {
        for (size_t i = 0; i < *n * ch; i++)
            x[i] += (int8_t)r->p[i % r->n] / 512.0f;
    }
    return x;
}

/* Times of a span inside the input, in order after the previous span. */
static inline void fz_check_span(double start, double end, double prev_end, double duration)
{
    FZ_CHECK(isfinite(start) && isfinite(end) && start <= end);
    FZ_CHECK(start >= -1e-9 && end <= duration + 1e-9);
    FZ_CHECK(prev_end <= start + 1e-9);
}

/* The exercise analytics: records in order and inside the input, totals that add up. */
static inline void fz_check_analytics(const results *r)
{
    const calfpump_summary *s = &r->summary;
    const calfpump_exercise_summary *e = &r->exercise;
    uint32_t pumps = 0, raises = 0, alerts = 0, stretches = 0, day_alerts = 0, elevations = 0;
    for (size_t i = 0; i < r->n_session; i++) {
        const calfpump_session *p = &r->session[i];
        fz_check_span(p->start, p->end, i ? r->session[i - 1].end : 0.0, s->duration_s);
        FZ_CHECK(p->pumps >= 2 && isfinite(p->per_min) && p->per_min > 0.0f);
        FZ_CHECK(p->target_met == 0 || p->target_met == 1);
        pumps += p->pumps;
    }
    for (size_t i = 0; i < r->n_set; i++) {
        const calfpump_set *p = &r->set[i];
        fz_check_span(p->start, p->end, i ? r->set[i - 1].end : 0.0, s->duration_s);
        FZ_CHECK(p->reps >= 2 && isfinite(p->per_min) && p->per_min > 0.0f);
        FZ_CHECK(p->hold_s >= 0.0f && p->hold_s <= p->end - p->start);
        raises += p->reps;
    }
    for (size_t i = 0; i < r->n_immob; i++) {
        const calfpump_immobility *m = &r->immob[i];
        FZ_CHECK(isfinite(m->t) && m->t <= s->duration_s + 1e-9 && m->start >= 0.0);
        FZ_CHECK(m->t >= m->start && m->duration_s == m->t - m->start);
        FZ_CHECK(i == 0 || r->immob[i - 1].t <= m->t);
        FZ_CHECK(m->kind >= CALFPUMP_IMMOBILITY_ALERT && m->kind <= CALFPUMP_IMMOBILITY_END);
        FZ_CHECK(m->alerts >= 1);
        alerts += m->kind == CALFPUMP_IMMOBILITY_ALERT;
        stretches += m->kind != CALFPUMP_IMMOBILITY_ALERT;
    }
    for (size_t i = 0; i < r->n_posture; i++) {
        const calfpump_posture *p = &r->posture[i];
        fz_check_span(p->start, p->end, i ? r->posture[i - 1].end : 0.0, s->duration_s);
        FZ_CHECK(p->posture >= CALFPUMP_POSTURE_DEPENDENT &&
                 p->posture <= CALFPUMP_POSTURE_ELEVATED);
        FZ_CHECK(p->elevation == 0 || p->posture == CALFPUMP_POSTURE_ELEVATED);
        elevations += (uint32_t)p->elevation;
    }
    for (size_t i = 0; i < r->n_day; i++) {
        const calfpump_day *d = &r->day[i];
        FZ_CHECK(i == 0 ? d->day == 0 : d->day == r->day[i - 1].day + 1);
        FZ_CHECK(d->covered_s >= 0.0f && d->covered_s <= 86400.0f);
        FZ_CHECK(isfinite(d->walking_min) && d->walking_min > -1e-3f);
        day_alerts += d->immobility_alerts;
    }
    /* Every bout gets its activity (none without analytics: no days either). */
    FZ_CHECK(r->n_activity == (r->n_day ? r->n_bout : 0));
    for (size_t i = 0; i < r->n_activity; i++) {
        const calfpump_activity *v = &r->activity[i];
        FZ_CHECK(v->bout == i && v->start == r->bout[i].start && v->end == r->bout[i].end);
        FZ_CHECK(v->kind >= CALFPUMP_ACTIVITY_WALKING && v->kind <= CALFPUMP_ACTIVITY_OTHER);
        FZ_CHECK(v->kind != CALFPUMP_ACTIVITY_WALKING ||
                 r->bout[i].kind != CALFPUMP_BOUT_EXERCISE);
    }
    FZ_CHECK(e->pumps == pumps && e->sessions == r->n_session && e->raises == raises &&
             e->sets == r->n_set);
    FZ_CHECK(e->immobility_alerts == alerts && e->immobility_stretches == stretches);
    FZ_CHECK(e->elevation_episodes == elevations);
    FZ_CHECK(r->n_day == 0 || day_alerts == alerts);
    FZ_CHECK(isfinite(e->walking_min) && e->walking_min > -1e-6 &&
             e->walking_min <= s->active_s / 60.0 + 1e-6);
    FZ_CHECK(e->walking_target_met == (e->walking_min_per_week >= 150.0 && e->days >= 1.0));
}

/* What every complete run must satisfy, whatever the input. */
static inline void fz_check_results(const results *r, size_t n_frames, double rate)
{
    const calfpump_summary *s = &r->summary;
    FZ_CHECK(s->frames == n_frames);
    FZ_CHECK(s->gap_frames <= s->frames);
    FZ_CHECK(s->activations == r->n_act);
    FZ_CHECK(s->bouts == r->n_bout);
    FZ_CHECK(fabs(s->duration_s - (double)n_frames / rate) <= 1e-6 * (1.0 + s->duration_s));
    FZ_CHECK(s->active_s >= 0.0 && s->active_s <= s->duration_s + 1e-9);
    FZ_CHECK(isfinite(s->mean_cadence_per_min) && s->mean_cadence_per_min >= 0.0f);
    for (size_t i = 0; i < r->n_act; i++) {
        const calfpump_activation *a = &r->act[i];
        FZ_CHECK(isfinite(a->t) && a->t >= 0.0 && a->t <= s->duration_s);
        FZ_CHECK(i == 0 || r->act[i - 1].t <= a->t);
        FZ_CHECK(isfinite(a->period_s) && isfinite(a->strength_g));
        FZ_CHECK(a->kind == CALFPUMP_KIND_STEP || a->kind == CALFPUMP_KIND_STRIDE ||
                 a->kind == CALFPUMP_KIND_BURST);
    }
    /* EMG: every activation is a burst and has its burst record; they pair up and do not
     * overlap. */
    FZ_CHECK(r->n_burst == 0 || r->n_burst == r->n_act);
    for (size_t i = 0; i < r->n_burst; i++) {
        const calfpump_burst *b = &r->burst[i];
        FZ_CHECK(r->act[i].kind == CALFPUMP_KIND_BURST && r->act[i].t == b->onset);
        FZ_CHECK(isfinite(b->onset) && isfinite(b->offset) && b->onset < b->offset);
        FZ_CHECK(b->offset <= s->duration_s + 1e-9);
        FZ_CHECK(i == 0 || r->burst[i - 1].offset <= b->onset);
        FZ_CHECK(b->peak >= b->mean && b->mean >= 0.0f);
    }
    for (size_t i = 0; i < r->n_cad; i++) {
        const calfpump_cadence *c = &r->cad[i];
        FZ_CHECK(isfinite(c->t) && (i == 0 || r->cad[i - 1].t < c->t));
        FZ_CHECK(isfinite(c->per_min) && c->per_min >= 0.0f);
        FZ_CHECK(isfinite(c->steps_per_min) && c->steps_per_min >= 0.0f);
        FZ_CHECK(c->confidence >= 0.0f && c->confidence <= 1.0f);
        FZ_CHECK(c->rhythmic == 0 || c->rhythmic == 1);
    }
    for (size_t i = 0; i < r->n_bout; i++) {
        const calfpump_bout *b = &r->bout[i];
        FZ_CHECK(isfinite(b->start) && isfinite(b->end) && b->start <= b->end);
        FZ_CHECK(b->start >= 0.0 && b->end <= s->duration_s);
        FZ_CHECK(i == 0 || r->bout[i - 1].end <= b->start);
        FZ_CHECK(b->kind >= CALFPUMP_BOUT_EXERCISE && b->kind <= CALFPUMP_BOUT_RUNNING);
    }
    fz_check_analytics(r);
}

#endif /* CALFPUMP_FUZZ_COMMON_H */
