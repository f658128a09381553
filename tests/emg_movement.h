/*
 * Generated calf EMG (soleus / gastrocnemius) of ankle pumps, heel raises and walking, from the
 * movement itself. Header only, C11; the ankle angle comes from movement.h, the noise from
 * synth.h. No public EMG recordings of these exercises seem to exist; the model (assumptions,
 * also in the README):
 *   - The signal is white Gaussian noise of SD 1 (the noise floor) plus independent Gaussian
 *     noise whose SD (the activation) follows the muscle's activity a(t) in 0..1, scaled so that
 *     a = 1 is snr_db above the floor (as tests/test_emg.c).
 *   - Ankle pumps (movement.h's seated pumps: the ankle angle a sine): the calf works while the
 *     foot plantar-flexes and rests while the tibialis anterior pulls it back; a(t) is the
 *     plantar-flexion velocity over its peak (a half sine over half of each cycle).
 *   - Heel raises (movement.h's raises: rise, hold, lowering, rest): the calf works from the
 *     start of the rise to the end of the lowering: a = 1 while rising (concentric), HOLD_LEVEL
 *     at the top (isometric), LOWER_LEVEL while lowering (eccentric: less EMG for the same
 *     load, Duchateau & Enoka 2016), 0 at rest on the floor.
 *   - Walking: per stride the soleus pattern of Perry & Burnfield 2010: on at 7 % of the stride,
 *     rising linearly to its peak at 45 % (push-off), off at 55 %; stride times vary by +-2 %.
 */
#ifndef CALFPUMP_TESTS_EMG_MOVEMENT_H
#define CALFPUMP_TESTS_EMG_MOVEMENT_H

#include "movement.h"

#include <stdlib.h>

enum { EMG_MOVE_PUMPS, EMG_MOVE_RAISES, EMG_MOVE_WALK };

#define EMG_MOVE_HOLD_LEVEL 0.7
#define EMG_MOVE_LOWER_LEVEL 0.4

typedef struct emg_movement {
    double rate_hz;
    int kind;          /* EMG_MOVE_* */
    double per_min;    /* pumps, raises or strides per minute */
    double start_s, end_s, seconds;
    double snr_db;
    uint64_t seed;
} emg_movement;

/* The ankle movement behind pumps and raises (movement.h's defaults for them). */
static inline movement emg_move_ankle(const emg_movement *e)
{
    movement m = {0};
    m.kind = e->kind == EMG_MOVE_RAISES ? MOVE_HEEL_RAISES : MOVE_PUMPS_SEATED;
    m.per_min = e->per_min;
    m.range_deg = e->kind == EMG_MOVE_RAISES ? 35.0 : 50.0;
    m.hold_s = fmin(1.0, 0.3 * 60.0 / e->per_min);
    m.start_s = e->start_s;
    m.end_s = e->end_s;
    return m;
}

/* Soleus activity at share u (0..1) of a stride. */
static inline double emg_move_stride(double u)
{
    if (u < 0.07 || u >= 0.55)
        return 0.0;
    return u < 0.45 ? (u - 0.07) / 0.38 : (0.55 - u) / 0.10;
}

/* Writes the activity a(t) of every frame into act (n frames). */
static inline void emg_move_activity(const emg_movement *e, double *act, size_t n)
{
    const movement m = emg_move_ankle(e);
    const double h = 1e-3, peak_w = 0.5 * m.range_deg * MOVE_DEG * 2.0 * M_PI * e->per_min / 60.0;
    uint64_t st = e->seed ^ 0x5DEECE66Dull;
    double stride_start = e->start_s, stride = 60.0 / e->per_min;
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / e->rate_hz;
        act[i] = 0.0;
        if (e->kind == EMG_MOVE_WALK) {
            while (t >= stride_start + stride) {
                stride_start += stride;
                stride = 60.0 / e->per_min * (1.0 + 0.02 * synth_uniform(&st));
            }
            if (t >= e->start_s && stride_start + stride <= e->end_s)
                act[i] = emg_move_stride((t - stride_start) / stride);
            continue;
        }
        const double a0 = move_ankle(&m, t - h), a1 = move_ankle(&m, t), a2 = move_ankle(&m, t + h);
        const double w = (a2 - a0) / (2.0 * h); /* > 0: plantar flexion */
        if (e->kind == EMG_MOVE_PUMPS)
            act[i] = w > 0.0 ? fmin(1.0, w / peak_w) : 0.0;
        else if (a1 > 1e-3 * m.range_deg * MOVE_DEG)
            act[i] = w > 1e-6 ? 1.0 : w < -1e-6 ? EMG_MOVE_LOWER_LEVEL : EMG_MOVE_HOLD_LEVEL;
    }
}

/* The EMG of the movement: n = seconds x rate frames of one channel; the caller frees it. */
static inline float *emg_move_fill(const emg_movement *e, size_t *n_out)
{
    const size_t n = (size_t)(e->seconds * e->rate_hz);
    float *x = malloc(sizeof(float) * (n ? n : 1));
    double *act = malloc(sizeof(double) * (n ? n : 1));
    if (!x || !act) {
        free(x);
        free(act);
        *n_out = 0;
        return NULL;
    }
    emg_move_activity(e, act, n);
    const double amp = pow(10.0, e->snr_db / 20.0);
    uint64_t st = e->seed;
    for (size_t i = 0; i < n; i++) {
        const double noise = synth_gauss(&st), muscle = synth_gauss(&st);
        x[i] = (float)(noise + amp * act[i] * muscle);
    }
    free(act);
    *n_out = n;
    return x;
}

#endif /* CALFPUMP_TESTS_EMG_MOVEMENT_H */
