#include "condition.h"

#include <float.h>
#include <math.h>
#include <string.h>

void condition_setup(condition *c, int channels, int factor, int peaks)
{
    c->channels = channels;
    c->factor = factor;
    c->peaks = peaks;
    condition_reset(c);
}

static const cond_block empty_block = {{0.0f, 0.0f, 0.0f}, -1.0f, 0, 0};

static void next_block(condition *c)
{
    c->n = 0;
    c->open = empty_block;
}

void condition_reset(condition *c)
{
    next_block(c);
    c->hold[0] = c->hold[1] = c->hold[2] = 0.0f;
}

/* v within +-FLT_MAX: a sum of finite frames may overflow to Inf, which the ring must not hold
 * (it would stay in the cadence's running sums). */
static float finite_value(float v)
{
    return v > FLT_MAX ? FLT_MAX : v < -FLT_MAX ? -FLT_MAX : v;
}

/* |(x, y, z)|, finite for every finite input (x*x overflows from 1.8e19 g on). Beyond 1e18 g
 * (a corrupt frame: nothing a body does) the largest axis stands for it. */
static float magnitude(float x, float y, float z)
{
    const float ax = fabsf(x), ay = fabsf(y), az = fabsf(z), axy = ax > ay ? ax : ay;
    const float big = axy > az ? axy : az;
    return big > 1e18f ? finite_value(big) : sqrtf(x * x + y * y + z * z);
}

static inline void block_value(condition *c, const cond_block *b, int frames, ring_sample *out)
{
    if (c->channels == 3) {
        float x = b->sum[0] / (float)frames, y = b->sum[1] / (float)frames,
              z = b->sum[2] / (float)frames;
        out->value = magnitude(x, y, z);
        c->axis[0] = x;
        c->axis[1] = y;
        c->axis[2] = z;
    } else {
        out->value = finite_value(b->sum[0] / (float)frames);
    }
    out->peak = c->peaks ? finite_value(sqrtf(b->peak2)) : 0.0f;
    out->peak_off = c->peaks ? ((float)b->peak_at - 0.5f * (float)(frames - 1)) / (float)frames
                             : 0.0f;
    out->gap = ring_is_gap(b->gaps, frames);
}

/* x - x is 0 for a finite x and NaN for NaN or Inf, so one comparison tests a whole frame. */
static int finite3(const float *f)
{
    return (f[0] - f[0]) + (f[1] - f[1]) + (f[2] - f[2]) == 0.0f;
}

/* Keeps the largest squared magnitude m2 of the block's held frames, and its frame. */
static inline void track_peak(float m2, int frame, float *peak2, int *peak_at)
{
    if (m2 > *peak2) {
        *peak2 = m2;
        *peak_at = frame;
    }
}

/* Adds n frames, the first of them frame `first` of block b. A gap repeats the last finite
 * frame (zeros before the first one): `held` points to the frame a gap repeats, so that a finite
 * frame is not copied. With `trusted` the frames are taken as finite, untested. The sums are
 * kept in locals, as the frames could alias b: stored and loaded back at every frame, they cost
 * more than the frames' arithmetic. */
static inline void accumulate(condition *c, cond_block *b, const float *frames, size_t n,
                              int first, int trusted)
{
    const int peaks = c->peaks;
    const float *held = c->hold;
    float s0 = b->sum[0], s1 = b->sum[1], s2 = b->sum[2], peak2 = b->peak2;
    int peak_at = b->peak_at, gaps = 0;
    if (c->channels == 3) {
        for (size_t i = 0; i < n; i++, frames += 3) {
            if (trusted || finite3(frames))
                held = frames;
            else
                gaps++;
            s0 += held[0];
            s1 += held[1];
            s2 += held[2];
            if (peaks)
                track_peak(held[0] * held[0] + held[1] * held[1] + held[2] * held[2],
                           first + (int)i, &peak2, &peak_at);
        }
        b->sum[1] = s1;
        b->sum[2] = s2;
        c->hold[1] = held[1];
        c->hold[2] = held[2];
    } else {
        for (size_t i = 0; i < n; i++, frames++) {
            if (trusted || frames[0] - frames[0] == 0.0f)
                held = frames;
            else
                gaps++;
            s0 += held[0];
            if (peaks)
                track_peak(held[0] * held[0], first + (int)i, &peak2, &peak_at);
        }
    }
    c->hold[0] = held[0];
    b->sum[0] = s0;
    b->peak2 = peak2;
    b->peak_at = peak_at;
    b->gaps += gaps;
}

int condition_frames(condition *c, const float *frames, size_t n, ring_sample *out,
                     uint64_t *gap_frames)
{
    const int gaps = c->open.gaps;
    accumulate(c, &c->open, frames, n, c->n, 0);
    *gap_frames += (uint64_t)(c->open.gaps - gaps);
    c->n += (int)n;
    /* A complete block ends as the stream's last, partial one does. */
    return c->n < c->factor ? 0 : condition_finish(c, out);
}

void condition_blocks(condition *c, const float *frames, size_t blocks, ring *r,
                      uint64_t *gap_frames)
{
    const size_t step = (size_t)c->factor * (size_t)c->channels;
    uint64_t gaps = 0;
    for (size_t k = 0; k < blocks; k++, frames += step) {
        /* A sum that met an Inf or NaN stays Inf or NaN: finite sums of the frames taken as
         * finite prove that they were, and then hold what the gap policy gives. Otherwise the
         * block is added again, frame by frame tested, from the hold as it was. */
        const float hold[3] = {c->hold[0], c->hold[1], c->hold[2]};
        cond_block b = empty_block;
        accumulate(c, &b, frames, (size_t)c->factor, 0, 1);
        if (!finite3(b.sum)) {
            memcpy(c->hold, hold, sizeof hold);
            b = empty_block;
            accumulate(c, &b, frames, (size_t)c->factor, 0, 0);
        }
        ring_sample smp;
        block_value(c, &b, c->factor, &smp);
        ring_put(r, &smp);
        gaps += (uint64_t)b.gaps;
    }
    *gap_frames += gaps;
}

int condition_finish(condition *c, ring_sample *out)
{
    if (c->n == 0)
        return 0;
    block_value(c, &c->open, c->n, out);
    next_block(c);
    return 1;
}
