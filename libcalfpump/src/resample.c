/* Irregular timestamps onto a uniform grid by linear interpolation (phones deliver samples in
 * bursts). Samples sharing one timestamp are averaged; gaps longer than max_gap_s become NaN
 * frames, which the analysis counts and treats as gaps rather than inventing a signal. */
#include "calfpump.h"

#include <math.h>
#include <string.h>

/* Every rate some analysis takes: the accelerometer's from 8 Hz, EMG's up to 10 kHz. */
static int rate_valid(double rate_hz)
{
    return rate_hz >= CALFPUMP_MIN_RATE_HZ && rate_hz <= CALFPUMP_EMG_MAX_RATE_HZ; /* not NaN */
}

static int times_valid(const double *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t[i]) || (i > 0 && t[i] < t[i - 1]))
            return 0;
    return 1;
}

size_t calfpump_resample_frames(const double *t, size_t n, double rate_hz)
{
    if (!t || n == 0 || !rate_valid(rate_hz) || !times_valid(t, n))
        return 0;
    /* A grid point past t[n-1] by less than the 0.5 uHz calfpump_resample_rate rounds its rate
     * by still counts: at 204.8 Hz on a clock in microseconds, the rounded rate otherwise put the
     * last grid point 2e-5 of a frame past the last sample, and that sample was lost. */
    double frames = floor((t[n - 1] - t[0]) * (rate_hz + 0.5e-6) + 1e-9) + 1.0;
    return frames < (double)SIZE_MAX / 2 ? (size_t)frames : 0;
}

double calfpump_resample_rate(const double *t, size_t n, double max_gap_s)
{
    if (!t || n < 2 || !(max_gap_s > 0.0) || !times_valid(t, n))
        return 0.0;
    /* The gaps' time is taken from the whole span (not the intervals summed: a week at 100 Hz
     * would add up 6e7 rounding errors); what is left of it below 1e-9 of the span is rounding,
     * not time (repeated times between gaps). */
    double gap_s = 0.0;
    size_t gaps = 0;
    for (size_t i = 1; i < n; i++)
        if (t[i] - t[i - 1] > max_gap_s) {
            gap_s += t[i] - t[i - 1];
            gaps++;
        }
    const double span = (t[n - 1] - t[0]) - gap_s;
    const double rate = span > 1e-9 * (t[n - 1] - t[0])
                            ? round((double)(n - 1 - gaps) / span * 1e6) / 1e6
                            : 0.0;
    return isfinite(rate) ? rate : 0.0; /* intervals of 1e-310 s */
}

/* Mean of the frames sharing the timestamp at index *i (advances *i past them). */
static void group_mean(const double *t, const float *x, size_t n, int ch, size_t *i, float *mean)
{
    size_t j = *i, k = *i;
    while (k + 1 < n && t[k + 1] == t[j])
        k++;
    for (int c = 0; c < ch; c++) {
        double s = 0.0;
        for (size_t m = j; m <= k; m++)
            s += x[m * (size_t)ch + (size_t)c];
        mean[c] = (float)(s / (double)(k - j + 1));
    }
    *i = k;
}

int calfpump_resample(const double *t, const float *x, size_t n, int channels, double rate_hz,
                      double max_gap_s, float *out, size_t out_cap, size_t *n_out)
{
    if (n_out)
        *n_out = 0;
    if (!t || !x || !n_out || (!out && out_cap > 0))
        return CALFPUMP_E_NULL;
    if (channels < 1 || channels > 64)
        return CALFPUMP_E_CHANNELS;
    if (!rate_valid(rate_hz))
        return CALFPUMP_E_RATE;
    if (!(max_gap_s > 0.0))
        return CALFPUMP_E_ARG;
    if (n == 0)
        return CALFPUMP_OK;
    if (!times_valid(t, n))
        return CALFPUMP_E_TIME;

    const size_t total = calfpump_resample_frames(t, n, rate_hz);
    if (total == 0)
        return CALFPUMP_E_TIME; /* the span is too long to count in frames */
    float a[64], b[64];
    size_t i = 0, j;
    group_mean(t, x, n, channels, &i, a); /* a: the group at t[i] */
    j = i + 1 < n ? i + 1 : i;
    size_t jj = j;
    group_mean(t, x, n, channels, &jj, b); /* b: the next group at t[j] */
    size_t k;
    for (k = 0; k < total && k < out_cap; k++) {
        const double tk = t[0] + (double)k / rate_hz;
        while (jj + 1 < n && t[j] < tk) {
            i = jj;
            for (int c = 0; c < channels; c++)
                a[c] = b[c];
            j = jj + 1;
            jj = j;
            group_mean(t, x, n, channels, &jj, b);
        }
        float *o = out + k * (size_t)channels;
        /* A grid point on a sample is that sample, even beside a gap or a NaN sample. */
        if (tk == t[i] || tk == t[j]) {
            memcpy(o, tk == t[j] ? b : a, sizeof(float) * (size_t)channels);
            continue;
        }
        const double span = t[j] - t[i];
        if (span > max_gap_s) {
            for (int c = 0; c < channels; c++)
                o[c] = NAN;
            continue;
        }
        const double w = span > 0.0 ? (tk - t[i]) / span : 0.0;
        const double wc = w < 0.0 ? 0.0 : w > 1.0 ? 1.0 : w;
        for (int c = 0; c < channels; c++)
            o[c] = (float)((double)a[c] + wc * ((double)b[c] - (double)a[c])); /* no overflow */
    }
    *n_out = k;
    return k < total ? CALFPUMP_MORE : CALFPUMP_OK;
}
