/*
 * Deterministic synthetic walking-like accelerometer signals for the tests and the fuzzers.
 * Header only, public-API independent, C11.
 *
 * A walk is: gravity on the z axis, step-periodic bumps (fundamental at step_hz with a 2nd and 3rd
 * harmonic) mostly on z, a weaker anterior-posterior component on x, a small stride-periodic
 * (step_hz / 2) medio-lateral sway on y, a 0.5 s amplitude ramp at the start and at the end of the
 * walk, stillness outside [walk_start_s, walk_end_s], and uniform pseudo-random noise.
 * One channel gives the magnitude of the three axes.
 */
#ifndef CALFPUMP_TESTS_SYNTH_H
#define CALFPUMP_TESTS_SYNTH_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct synth_walk {
    double rate_hz;
    int channels;       /* 1 (magnitude) or 3 (x, y, z); anything else is treated as 3 */
    double step_hz;     /* fundamental of the bumps */
    double amp_g;       /* amplitude of the fundamental on z */
    double h2, h3;      /* relative weights of the 2nd and 3rd harmonics */
    double walk_start_s, walk_end_s;
    double noise_g;     /* half-width of the uniform noise */
    uint64_t seed;
} synth_walk;

/* splitmix64: a small, good, deterministic generator. */
static inline uint64_t synth_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [-1, 1). */
static inline double synth_uniform(uint64_t *state)
{
    return (double)(synth_next(state) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* Standard normal (Box-Muller on two uniforms in (0, 1]). */
static inline double synth_gauss(uint64_t *state)
{
    const double u = ((double)(synth_next(state) >> 11) + 1.0) / 9007199254740992.0;
    const double v = ((double)(synth_next(state) >> 11) + 1.0) / 9007199254740992.0;
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* A typical lower-back walk: 1.8 steps/s (108 steps/min), 0.25 g. */
static inline synth_walk synth_default(double rate_hz, int channels, double seconds)
{
    synth_walk w = {rate_hz, channels, 1.8, 0.25, 0.4, 0.15, 0.0, seconds, 0.01, 1};
    return w;
}

static inline double synth_envelope(const synth_walk *w, double t)
{
    const double ramp = 0.5;
    if (t < w->walk_start_s || t > w->walk_end_s)
        return 0.0;
    double e = 1.0;
    if (t - w->walk_start_s < ramp)
        e = (t - w->walk_start_s) / ramp;
    if (w->walk_end_s - t < ramp)
        e = fmin(e, (w->walk_end_s - t) / ramp);
    return e;
}

/* Writes n_frames frames of w->channels values into x. */
static inline void synth_fill(const synth_walk *w, float *x, size_t n_frames)
{
    uint64_t state = w->seed;
    const int ch = w->channels == 1 ? 1 : 3;
    for (size_t i = 0; i < n_frames; i++) {
        const double t = (double)i / w->rate_hz;
        const double e = synth_envelope(w, t) * w->amp_g;
        const double ph = 2.0 * M_PI * w->step_hz * (t - w->walk_start_s);
        const double vert =
            e * (sin(ph) + w->h2 * sin(2.0 * ph + 0.6) + w->h3 * sin(3.0 * ph + 1.3));
        const double ap = 0.5 * e * sin(ph + 1.0);
        const double ml = 0.15 * e * sin(0.5 * ph + 0.4);
        const double ax = ap + w->noise_g * synth_uniform(&state);
        const double ay = ml + w->noise_g * synth_uniform(&state);
        const double az = 1.0 + vert + w->noise_g * synth_uniform(&state);
        if (ch == 1) {
            x[i] = (float)sqrt(ax * ax + ay * ay + az * az);
        } else {
            x[3 * i + 0] = (float)ax;
            x[3 * i + 1] = (float)ay;
            x[3 * i + 2] = (float)az;
        }
    }
}

#endif /* CALFPUMP_TESTS_SYNTH_H */
