#include "subharmonic.h"

#include <math.h>

#define HALF_KEY 0.7 /* share of the correlation at the period needed at half of it */

/* Correlation coefficient of the window with itself shifted by lag (biased estimate). */
static double correlation(const ring *r, int64_t start, int64_t end, int64_t lag, double mean,
                          double var)
{
    double s = 0.0;
    for (int64_t i = start; i + lag < end; i++)
        s += (ring_at(r, i) - mean) * (ring_at(r, i + lag) - mean);
    return s / var;
}

/* The better of the two whole lags around a fractional one. */
static double correlation_at(const ring *r, int64_t start, int64_t end, float lag, double mean,
                             double var)
{
    const int64_t a = (int64_t)floorf(lag);
    const double ca = correlation(r, start, end, a, mean, var);
    const double cb = correlation(r, start, end, a + 1, mean, var);
    return ca > cb ? ca : cb;
}

float subharmonic_check(const ring *r, int64_t start, int64_t end, float period,
                        float min_period)
{
    double sum = 0.0, sum2 = 0.0;
    for (int64_t i = start; i < end; i++)
        sum += ring_at(r, i);
    const double mean = sum / (double)(end - start);
    for (int64_t i = start; i < end; i++)
        sum2 += (ring_at(r, i) - mean) * (ring_at(r, i) - mean);
    if (!(sum2 > 0.0))
        return period;
    while (period / 2.0f >= min_period && (double)period + 1.0 < (double)(end - start)) {
        const double full = correlation_at(r, start, end, period, mean, sum2);
        const double half = correlation_at(r, start, end, period / 2.0f, mean, sum2);
        if (!(half > 0.0 && half >= HALF_KEY * full))
            break;
        period /= 2.0f;
    }
    return period;
}
