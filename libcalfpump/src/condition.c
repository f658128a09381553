#include "condition.h"

#include <math.h>

void condition_setup(condition *c, int channels, int factor)
{
    c->channels = channels;
    c->factor = factor;
    condition_reset(c);
}

void condition_reset(condition *c)
{
    c->n = c->gaps = 0;
    for (int k = 0; k < 3; k++)
        c->sum[k] = c->hold[k] = 0.0f;
}

static float block_value(condition *c, int frames, uint8_t *gap)
{
    float v;
    if (c->channels == 3) {
        float x = c->sum[0] / (float)frames, y = c->sum[1] / (float)frames,
              z = c->sum[2] / (float)frames;
        v = sqrtf(x * x + y * y + z * z);
    } else {
        v = c->sum[0] / (float)frames;
    }
    *gap = c->gaps > 0;
    c->n = c->gaps = 0;
    c->sum[0] = c->sum[1] = c->sum[2] = 0.0f;
    return v;
}

/* x - x is 0 for a finite x and NaN for NaN or Inf, so one comparison tests a whole frame. */
static int finite3(const float *f)
{
    return (f[0] - f[0]) + (f[1] - f[1]) + (f[2] - f[2]) == 0.0f;
}

int condition_frames(condition *c, const float *frames, size_t n, float *out, uint8_t *gap,
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
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            if (frames[i] - frames[i] == 0.0f)
                hold[0] = frames[i];
            else
                gaps++;
            sum[0] += hold[0];
        }
    }
    c->gaps += gaps;
    *gap_frames += (uint64_t)gaps;
    c->n += (int)n;
    if (c->n < c->factor)
        return 0;
    *out = block_value(c, c->factor, gap);
    return 1;
}

int condition_finish(condition *c, float *out, uint8_t *gap)
{
    if (c->n == 0)
        return 0;
    *out = block_value(c, c->n, gap);
    return 1;
}
