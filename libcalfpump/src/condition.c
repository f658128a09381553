#include "condition.h"

#include <math.h>

void condition_setup(condition *c, int channels, int factor, int peaks)
{
    c->channels = channels;
    c->factor = factor;
    c->peaks = peaks;
    condition_reset(c);
}

static void block_reset(condition *c)
{
    c->n = c->gaps = 0;
    c->sum[0] = c->sum[1] = c->sum[2] = 0.0f;
    c->peak2 = -1.0f;
    c->peak_at = 0;
}

void condition_reset(condition *c)
{
    block_reset(c);
    c->hold[0] = c->hold[1] = c->hold[2] = 0.0f;
}

static void block_value(condition *c, int frames, ring_sample *out)
{
    if (c->channels == 3) {
        float x = c->sum[0] / (float)frames, y = c->sum[1] / (float)frames,
              z = c->sum[2] / (float)frames;
        out->value = sqrtf(x * x + y * y + z * z);
        c->axis[0] = x;
        c->axis[1] = y;
        c->axis[2] = z;
    } else {
        out->value = c->sum[0] / (float)frames;
    }
    out->peak = c->peaks ? sqrtf(c->peak2) : 0.0f;
    out->peak_off = c->peaks ? ((float)c->peak_at - 0.5f * (float)(frames - 1)) / (float)frames
                             : 0.0f;
    out->gap = c->gaps > 0;
    block_reset(c);
}

/* x - x is 0 for a finite x and NaN for NaN or Inf, so one comparison tests a whole frame. */
static int finite3(const float *f)
{
    return (f[0] - f[0]) + (f[1] - f[1]) + (f[2] - f[2]) == 0.0f;
}

/* The largest squared magnitude of the held frames, for the frames from c->n on. */
static void track_peak(condition *c, int frame, int channels)
{
    const float *h = c->hold;
    const float m2 = channels == 3 ? h[0] * h[0] + h[1] * h[1] + h[2] * h[2] : h[0] * h[0];
    if (m2 > c->peak2) {
        c->peak2 = m2;
        c->peak_at = frame;
    }
}

int condition_frames(condition *c, const float *frames, size_t n, ring_sample *out,
                     uint64_t *gap_frames)
{
    float *hold = c->hold, *sum = c->sum;
    int gaps = 0;
    if (c->channels == 3) {
        for (size_t i = 0; i < n; i++, frames += 3) {
            if (finite3(frames)) {
                hold[0] = frames[0];
                hold[1] = frames[1];
                hold[2] = frames[2];
            } else {
                gaps++;
            }
            /* A gap repeats the last finite frame (zeros before the first one). */
            sum[0] += hold[0];
            sum[1] += hold[1];
            sum[2] += hold[2];
            if (c->peaks)
                track_peak(c, c->n + (int)i, 3);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            if (frames[i] - frames[i] == 0.0f)
                hold[0] = frames[i];
            else
                gaps++;
            sum[0] += hold[0];
            if (c->peaks)
                track_peak(c, c->n + (int)i, 1);
        }
    }
    c->gaps += gaps;
    *gap_frames += (uint64_t)gaps;
    c->n += (int)n;
    if (c->n < c->factor)
        return 0;
    block_value(c, c->factor, out);
    return 1;
}

int condition_finish(condition *c, ring_sample *out)
{
    if (c->n == 0)
        return 0;
    block_value(c, c->n, out);
    return 1;
}
