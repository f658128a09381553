/* Cadence: the activation rate of one window of the analysis signal, from FFTs.
 *
 * 1. Periodicity: Hann window -> FFT -> power (faded out above the band) -> inverse FFT =
 *    autocorrelation, divided by the Hann window's own autocorrelation (Boersma 1993) so that
 *    r(lag) is ~1 for a perfectly periodic signal at any lag. Every in-band harmonic of the
 *    movement contributes to r, which is what makes this robust to the harmonic-rich waveforms
 *    of gait; out-of-band power (impact transients, noise) would only blur it.
 * 2. Pattern period: the first autocorrelation maximum reaching PATTERN_KEY of the highest one
 *    (McLeod & Wyvill 2005, "A smarter way to find pitch"), comparing the maxima as measured
 *    (normalised for foot and shank sensors, whose pattern must stay the stride); its
 *    normalised height is the confidence.
 * 3. Placement reasoning: a foot/shank sensor's pattern is the stride of its own leg, which is
 *    the activation. For every other placement a gait pattern (one stride) holds two steps: when
 *    half the pattern period is itself a clear maximum, the activation is that step. A step
 *    faster than RUN_STEP_HZ needs running's movement (RUN_MIN_RMS); in a quieter window the
 *    periods shorter than that are not considered.
 * 3b. Wrist: the confidence is the autocorrelation averaged over every multiple of the stride
 *    (two steps) the window holds, each its largest value within SWING_LAG_TOLERANCE_S (read
 *    between lags by a cubic: the same in time at any rate); rhythm needs SWING_CONFIDENCE_SHARE
 *    of min_confidence (a window below min_confidence itself is `lowered`) and the
 *    level chance reaches for a signal as smooth as the window (see swing_periodicity). Inside a
 *    confirmed bout (hold_period set) a window that fails may still hold the bout when the
 *    average at the bout's own stride is HOLD_CHANCE standard errors above zero (hold_swing).
 * 4. Rate: a short Hann window of about four activation periods around the window centre is
 *    transformed again and the spectral peak near the activation rate is interpolated on the log
 *    magnitude (parabolic, sub-bin), which follows cadence changes second by second. */
#ifndef CALFPUMP_CADENCE_H
#define CALFPUMP_CADENCE_H

#include "arena.h"
#include "fft.h"
#include "ring.h"

#include <stdint.h>

typedef struct cadence {
    fft *fft;
    int n_fft;
    int lag_min, lag_max;  /* pattern period search range, analysis samples */
    int leg;               /* 1: activation = the pattern (stride of the sensor's leg) */
    int swing;             /* 1: a swinging arm (wrist): rhythm is judged over whole strides */
    float hold_period;     /* swing: the confirmed bout's activation period (analysis samples),
                              set before each window; 0: none */
    int min_samples;       /* windows shorter than this get no estimate */
    float fs;              /* analysis rate, Hz */
    float min_amplitude;   /* g RMS */
    int any_unit;          /* EMG: the window goes to the FFT at unit RMS (cadence.c) */
    float min_confidence;
    float *buf, *spec, *acf;
    int band_bin, taper_n; /* power bins from band_bin on are weighted by taper[], then 0 */
    float *taper;
    /* Tables for the window length table_m (the full window, nearly always): the first half of
     * its Hann window (symmetric) and the inverse of that window's own autocorrelation per lag. */
    float *hann, *inv_hacf;
    int table_m;
    /* Sums over the samples [sums_start, sums_end): windows move by a hop, so only the samples
     * entering and leaving are touched. */
    int64_t sums_start, sums_end;
    double sum, sum2;
    int gaps;
} cadence;

typedef struct cadence_window {
    int64_t center;    /* analysis sample index */
    float period;      /* activation period, analysis samples; 0 = none found */
    float rate_hz;     /* activation rate */
    float confidence;  /* 0..1 */
    float amplitude;   /* g RMS */
    int rhythmic;      /* passed every test: may open and confirm a bout */
    int holds;         /* periodic enough to keep an open bout going (HOLD_SHARE) */
    int lowered;       /* rhythmic only by the wrist's lowered level, below min_confidence:
                          carries a bout but does not prove one (bouts.h) */
    int halved;        /* the period is half the pattern's: the step was seen beside the stride
                          (half-period test) */
    int whole_cycle;   /* halved, wrist: the pattern repeats at least as well as twice it, a
                          whole arm cycle, so its half is a step (bouts.c, step_octave) */
} cadence_window;

/* Takes the stage's memory from the arena (with a measuring arena only sizes are counted): one
 * buffer of n_fft + 2 floats (buf, spec and acf are names for it at each step), the tables for
 * windows up to `window` samples, and the band taper, filled for the analysis rate fs and the band's top. */
void cadence_layout(cadence *c, arena *a, int n_fft, int window, double fs, double band_high_hz);
/* Forgets the previous windows (the stream restarts at analysis sample 0). */
void cadence_reset(cadence *c);
/* Runs the analysis of ring samples [start, end) for the window centred at `center` (cut first
 * at a drop-out and at the stillness that follows movement, see cadence.c). */
void cadence_run(cadence *c, const ring *r, int64_t start, int64_t end, int64_t center,
                 cadence_window *out);

#endif
