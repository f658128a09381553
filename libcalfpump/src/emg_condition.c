#include "emg_condition.h"
#include "ring.h"
#include "trig.h"

#include <float.h>
#include <math.h>

#define ENVELOPE_HZ 50.0 /* envelope low-pass (Solnik et al. 2010) */
#define NOTCH_Q 20.0
/* Q of the two sections of a 4th-order Butterworth filter: 1 / (2 cos(pi/8)), 1 / (2 cos(3pi/8)) */
static const double butter4_q[2] = {0.54119610014619701, 1.3065629648763766};

/* 2nd-order low-pass (high = 0) or high-pass (high = 1) section by the bilinear transform, with
 * the cut-off pre-warped (RBJ audio EQ cookbook). */
static biquad section(double fc, double fs, double q, int high)
{
    const double k = tan(PI * fc / fs), norm = 1.0 / (1.0 + k / q + k * k);
    biquad s = {0};
    s.b0 = high ? norm : k * k * norm;
    s.b1 = high ? -2.0 * s.b0 : 2.0 * s.b0;
    s.b2 = s.b0;
    s.a1 = 2.0 * (k * k - 1.0) * norm;
    s.a2 = (1.0 - k / q + k * k) * norm;
    return s;
}

static biquad notch(double f0, double fs)
{
    const double w = 2.0 * PI * f0 / fs, alpha = sin(w) / (2.0 * NOTCH_Q), a0 = 1.0 + alpha;
    biquad s = {0};
    s.b0 = s.b2 = 1.0 / a0;
    s.b1 = s.a1 = -2.0 * cos(w) / a0;
    s.a2 = (1.0 - alpha) / a0;
    return s;
}

static double run(biquad *s, double x)
{
    const double y = s->b0 * x + s->z1;
    s->z1 = s->b1 * x - s->a1 * y + s->z2;
    s->z2 = s->b2 * x - s->a2 * y;
    return y;
}

/* Group delay of a low-pass section at frequencies well below its cut-off: 1 / (Q w0). */
static double lowpass_delay(double fc, double q)
{
    return 1.0 / (q * 2.0 * PI * fc);
}

void emg_condition_setup(emg_condition *c, int channels, int channel, double rate_hz,
                         int det_factor, int factor, double band_low, double band_high,
                         double mains_hz)
{
    c->channels = channels;
    c->channel = channel;
    c->det_factor = det_factor;
    c->factor = factor;
    if (band_high > 0.45 * rate_hz)
        band_high = 0.45 * rate_hz;
    c->n_sections = 0;
    c->delay_s = 1.0 / rate_hz; /* TKEO looks one sample ahead */
    for (int i = 0; i < 2; i++) {
        c->band[c->n_sections++] = section(band_low, rate_hz, butter4_q[i], 1);
        c->band[c->n_sections++] = section(band_high, rate_hz, butter4_q[i], 0);
        c->delay_s += lowpass_delay(band_high, butter4_q[i]);
    }
    if (mains_hz > 0.0 && mains_hz < 0.45 * rate_hz)
        c->band[c->n_sections++] = notch(mains_hz, rate_hz);
    c->env_det = section(ENVELOPE_HZ, rate_hz, sqrt(0.5), 0);
    c->env_amp = c->env_det;
    c->delay_s += lowpass_delay(ENVELOPE_HZ, sqrt(0.5));
    emg_condition_reset(c);
}

static void clear(biquad *s)
{
    s->z1 = s->z2 = 0.0;
}

void emg_condition_reset(emg_condition *c)
{
    for (int i = 0; i < c->n_sections; i++)
        clear(&c->band[i]);
    clear(&c->env_det);
    clear(&c->env_amp);
    c->started = 0;
    c->offset = c->hold = c->x1 = c->x2 = 0.0;
    c->last = 0.0f;
    c->n_det = c->n_cad = c->gaps_det = c->gaps_cad = c->moves_det = 0;
    c->sum_det = c->sum_amp = c->sum_cad = 0.0;
}

/* An envelope value as a float: the low-pass may undershoot a hair below zero after a burst,
 * and huge inputs (near FLT_MAX) overshoot in the filters; clamp instead of an undefined
 * conversion. */
static float envelope(double v)
{
    return v > FLT_MAX ? FLT_MAX : v > 0.0 ? (float)v : 0.0f;
}

static void det_block(emg_condition *c, int frames, emg_sample *det)
{
    const double e = c->sum_det / frames;
    det->det = envelope(e > 0.0 ? sqrt(e) : 0.0);
    det->amp = envelope(c->sum_amp / frames);
    det->gap = ring_is_gap(c->gaps_det, frames);
    det->flat = c->moves_det == 0;
    c->n_det = c->gaps_det = c->moves_det = 0;
    c->sum_det = c->sum_amp = 0.0;
}

static float cad_block(emg_condition *c, int frames, uint8_t *gap)
{
    const float v = envelope(c->sum_cad / frames);
    *gap = ring_is_gap(c->gaps_cad, frames);
    c->n_cad = c->gaps_cad = 0;
    c->sum_cad = 0.0;
    return v;
}

int emg_condition_frame(emg_condition *c, const float *frame, emg_sample *det, float *cad,
                        uint8_t *cad_gap, uint64_t *gap_frames)
{
    const float raw = frame[c->channel];
    if (isfinite(raw)) {
        if (!c->started) {
            c->started = 1;
            c->offset = raw;
        } else if (raw != c->last) {
            c->moves_det++;
        }
        c->last = raw;
        c->hold = (double)raw - c->offset;
    } else {
        c->gaps_det++;
        c->gaps_cad++;
        (*gap_frames)++;
    }
    double x = c->hold;
    for (int i = 0; i < c->n_sections; i++)
        x = run(&c->band[i], x);
    /* TKEO and the amplitude of the previous sample, now that the one after it is known. */
    const double psi = c->x1 * c->x1 - c->x2 * x;
    const double e = run(&c->env_det, fabs(psi)), a = run(&c->env_amp, fabs(c->x1));
    c->x2 = c->x1;
    c->x1 = x;
    c->sum_det += e;
    c->sum_amp += a;
    c->sum_cad += a;
    int ready = 0;
    if (++c->n_det == c->det_factor) {
        det_block(c, c->det_factor, det);
        ready |= EMG_DET_READY;
    }
    if (++c->n_cad == c->factor) {
        *cad = cad_block(c, c->factor, cad_gap);
        ready |= EMG_CAD_READY;
    }
    return ready;
}

int emg_condition_finish(emg_condition *c, emg_sample *det, float *cad, uint8_t *cad_gap)
{
    int ready = 0;
    if (c->n_det > 0) {
        det_block(c, c->n_det, det);
        ready |= EMG_DET_READY;
    }
    if (c->n_cad > 0) {
        *cad = cad_block(c, c->n_cad, cad_gap);
        ready |= EMG_CAD_READY;
    }
    return ready;
}
