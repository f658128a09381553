/* Cosine and sine of the angles the core asks for: its window, taper and FFT tables, all within
 * [-2 pi, 2 pi]. libm's cosf and sinf take any argument, and their reduction of large ones
 * (Payne-Hanek: ~3 KB of code and table) was an eighth of the firmware image. Here the angle is
 * folded into [0, pi/4] by symmetry and a Taylor polynomial does the rest: its truncation error
 * there is below 3e-8, under half an ulp of 1 in single precision; the folds cost up to an ulp
 * of pi (2.4e-7) absolute. */
#ifndef CALFPUMP_TRIG_H
#define CALFPUMP_TRIG_H

#define PI 3.14159265358979323846 /* the core's one definition of pi */
#define TRIG_PI ((float)PI)

/* On [0, pi/4]. */
static inline float trig_sin_poly(float z)
{
    const float z2 = z * z;
    return z * (1.0f + z2 * (-1.0f / 6.0f + z2 * (1.0f / 120.0f +
                z2 * (-1.0f / 5040.0f + z2 * (1.0f / 362880.0f)))));
}

static inline float trig_cos_poly(float z)
{
    const float z2 = z * z;
    return 1.0f + z2 * (-0.5f + z2 * (1.0f / 24.0f + z2 * (-1.0f / 720.0f + z2 * (1.0f / 40320.0f))));
}

/* sin (cosine 0) or cos (cosine 1) of y in [0, pi/2]. */
static inline float trig_quadrant(float y, int cosine)
{
    const float q = 0.5f * TRIG_PI - y; /* cos y = sin q, sin y = cos q */
    if (y > 0.25f * TRIG_PI)
        return cosine ? trig_sin_poly(q) : trig_cos_poly(q);
    return cosine ? trig_cos_poly(y) : trig_sin_poly(y);
}

/* cos x for |x| <= 2 pi. */
static inline float trig_cos(float x)
{
    float y = x < 0.0f ? -x : x;
    if (y > TRIG_PI)
        y = 2.0f * TRIG_PI - y;
    return y > 0.5f * TRIG_PI ? -trig_quadrant(TRIG_PI - y, 1) : trig_quadrant(y, 1);
}

/* sin x for |x| <= 2 pi. */
static inline float trig_sin(float x)
{
    float sign = x < 0.0f ? -1.0f : 1.0f, y = x < 0.0f ? -x : x;
    if (y > TRIG_PI) {
        y = 2.0f * TRIG_PI - y;
        sign = -sign;
    }
    return sign * trig_quadrant(y > 0.5f * TRIG_PI ? TRIG_PI - y : y, 0);
}

#endif
