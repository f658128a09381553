/* Cadence: the activation rate of one window of the analysis signal, from FFTs.
 *
 * 1. Periodicity: Hann window -> FFT -> power -> inverse FFT = autocorrelation, divided by the
 *    Hann window's own autocorrelation (Boersma 1993) so that r(lag) is ~1 for a perfectly periodic
 *    signal at any lag. Every harmonic of the movement contributes to r, which is what makes this
 *    robust to the harmonic-rich waveforms of gait.
 * 2. Pattern period: the first autocorrelation maximum reaching PATTERN_KEY of the highest one
 *    (McLeod & Wyvill 2005, "A smarter way to find pitch"); its height is the confidence.
 * 3. Placement reasoning: a foot/shank sensor's pattern is the stride of its own leg, which is
 *    the activation. For every other placement a gait pattern (one stride) holds two steps: when
 *    half the pattern period is itself a clear maximum, the activation is that step.
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
    int min_samples;       /* windows shorter than this get no estimate */
    float fs;              /* analysis rate, Hz */
    float min_amplitude;   /* g RMS */
    float min_confidence;
    float *buf, *spec, *acf;
} cadence;

typedef struct cadence_window {
    int64_t center;    /* analysis sample index */
    float period;      /* activation period, analysis samples; 0 = none found */
    float rate_hz;     /* activation rate */
    float confidence;  /* 0..1 */
    float amplitude;   /* g RMS */
    int rhythmic;
} cadence_window;

/* Takes the stage's buffer (n_fft + 2 floats; buf, spec and acf are names for it at each step)
 * from the arena; with a measuring arena only sizes are counted. */
void cadence_layout(cadence *c, arena *a, int n_fft);
/* Runs the analysis of ring samples [start, end) for the window centred at `center`. */
void cadence_run(cadence *c, const ring *r, int64_t start, int64_t end, int64_t center,
                 cadence_window *out);

#endif
