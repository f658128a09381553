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

int condition_frame(condition *c, const float *frame, float *out, uint8_t *gap,
                    uint64_t *gap_frames)
{
    int finite = 1;
    for (int k = 0; k < c->channels; k++)
        finite &= isfinite(frame[k]);
    if (finite) {
        for (int k = 0; k < c->channels; k++)
            c->hold[k] = frame[k];
    } else {
        c->gaps++;
        (*gap_frames)++;
    }
    /* A gap repeats the last finite frame (zeros before the first one). */
    for (int k = 0; k < c->channels; k++)
        c->sum[k] += c->hold[k];
    if (++c->n < c->factor)
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
