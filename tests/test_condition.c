/*
 * Unit tests of the conditioning stage (condition.h): box-average decimation, the magnitude of
 * three channels, one-channel passthrough, the gap policy, the partial block at the end and
 * the impact peaks kept for foot sensors.
 * Inputs are multiples of 1/4 so that every sum and average is exact in float: the expected
 * values are compared exactly where the arithmetic allows it. Whole blocks straight into the ring
 * (condition_blocks) must give the very bits that frame-by-frame conditioning gives.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "condition.h"

/* Feeds n frames in pieces of 1, 2, 3, ... frames (never past a block's end); stores every
 * completed sample (and its gap flag) and returns how many. */
static int feed(condition *c, const float *frames, int n, float *out, uint8_t *gap,
                uint64_t *gap_frames)
{
    int k = 0, piece = 1;
    for (int i = 0; i < n;) {
        int take = c->factor - c->n;
        if (take > piece)
            take = piece;
        if (take > n - i)
            take = n - i;
        ring_sample smp = {-1.0f, -1.0f, -1.0f, 0xAA};
        if (condition_frames(c, frames + i * c->channels, (size_t)take, &smp, gap_frames)) {
            out[k] = smp.value;
            gap[k] = smp.gap;
            k++;
        }
        i += take;
        piece = piece % 4 + 1;
    }
    return k;
}

static void test_decimation_factor(void **state)
{
    (void)state;
    condition c;
    uint64_t gaps = 0;
    float x[23];
    for (int i = 0; i < 23; i++)
        x[i] = 0.25f * (float)i;
    condition_setup(&c, 1, 5, 0);
    /* One sample per 5 frames, completed exactly on every 5th frame. */
    for (int i = 0; i < 23; i++) {
        ring_sample smp = {-1.0f, -1.0f, -1.0f, 0xAA};
        int done = condition_frames(&c, &x[i], 1, &smp, &gaps);
        assert_int_equal(done, (i + 1) % 5 == 0);
        if (done) {
            /* Box average of frames i-4..i: 0.25 * (i - 2). */
            assert_true(smp.value == 0.25f * (float)(i - 2));
            assert_int_equal(smp.gap, 0);
        }
    }
    assert_int_equal(c.n, 3); /* frames 20, 21, 22 wait in the open block */
    assert_true(gaps == 0);

    /* Other factors: 23 frames give floor(23 / factor) samples. */
    const int factors[] = {1, 2, 4, 7, 23, 24};
    for (size_t f = 0; f < sizeof factors / sizeof *factors; f++) {
        float many[23];
        uint8_t many_gap[23];
        condition_setup(&c, 1, factors[f], 0);
        assert_int_equal(feed(&c, x, 23, many, many_gap, &gaps), 23 / factors[f]);
        if (factors[f] == 1)
            for (int i = 0; i < 23; i++)
                assert_true(many[i] == x[i]);
    }
}

static void test_box_average_exact(void **state)
{
    (void)state;
    condition c;
    uint64_t gaps = 0;
    /* Alternating +-1 around 1 g: the average over an even block is exactly 1 (the box filter
     * removes a component at half the block rate); over an odd block it is not. */
    float x[12];
    for (int i = 0; i < 12; i++)
        x[i] = (i % 2) ? 2.0f : 0.0f;
    float out[6];
    uint8_t gap[6];
    condition_setup(&c, 1, 4, 0);
    assert_int_equal(feed(&c, x, 12, out, gap, &gaps), 3);
    for (int k = 0; k < 3; k++)
        assert_true(out[k] == 1.0f);
    condition_setup(&c, 1, 3, 0);
    assert_int_equal(feed(&c, x, 12, out, gap, &gaps), 4);
    assert_true(out[0] == 2.0f / 3.0f);
    assert_true(out[1] == 4.0f / 3.0f);
    assert_true(out[2] == 2.0f / 3.0f);
    assert_true(out[3] == 4.0f / 3.0f);

    /* 1 channel, factor 1: exact passthrough of arbitrary values (no smoothing, no offset). */
    const float odd[5] = {0.1f, -3.7f, 1e-7f, 12345.678f, -0.0f};
    condition_setup(&c, 1, 1, 0);
    assert_int_equal(feed(&c, odd, 5, out, gap, &gaps), 5);
    for (int k = 0; k < 5; k++)
        assert_true(out[k] == odd[k]);
    assert_true(gaps == 0);
}

static void test_magnitude_three_channels(void **state)
{
    (void)state;
    condition c;
    uint64_t gaps = 0;
    float out[4];
    uint8_t gap[4];
    /* Factor 1: |(3,4,12)| = 13, |(-3,-4,-12)| = 13 (sign-free), |(0,0,-1)| = 1. */
    const float f1[9] = {3, 4, 12, -3, -4, -12, 0, 0, -1};
    condition_setup(&c, 3, 1, 0);
    assert_int_equal(feed(&c, f1, 3, out, gap, &gaps), 3);
    assert_true(out[0] == 13.0f);
    assert_true(out[1] == 13.0f);
    assert_true(out[2] == 1.0f);

    /* Factor 2: each axis is averaged before the magnitude is taken (the average of a vector
     * and its opposite is 0, whereas averaging magnitudes would give 13). */
    const float f2[12] = {3, 4, 12, -3, -4, -12, 2, 0, 0, 0, 2, 0};
    condition_setup(&c, 3, 2, 0);
    assert_int_equal(feed(&c, f2, 4, out, gap, &gaps), 2);
    assert_true(out[0] == 0.0f);
    assert_float_equal(out[1], sqrtf(2.0f), 1e-6); /* mean (1, 1, 0) */

    /* Orientation independence: the same vector on different axes gives the same magnitude. */
    const float rot[9] = {0.6f, 0.0f, 0.8f, 0.8f, 0.6f, 0.0f, 0.0f, 0.8f, 0.6f};
    condition_setup(&c, 3, 1, 0);
    assert_int_equal(feed(&c, rot, 3, out, gap, &gaps), 3);
    for (int k = 0; k < 3; k++)
        assert_float_equal(out[k], 1.0f, 1e-6);
    assert_true(gaps == 0);
}

static void test_one_channel_passthrough(void **state)
{
    (void)state;
    condition c;
    uint64_t gaps = 0;
    float out[4];
    uint8_t gap[4];
    /* One channel is used as it is: a negative value stays negative (no magnitude taken). */
    const float x[8] = {-1.0f, -2.0f, -0.5f, -0.5f, 1.0f, 1.0f, 1.25f, 0.75f};
    condition_setup(&c, 1, 2, 0);
    assert_int_equal(feed(&c, x, 8, out, gap, &gaps), 4);
    assert_true(out[0] == -1.5f);
    assert_true(out[1] == -0.5f);
    assert_true(out[2] == 1.0f);
    assert_true(out[3] == 1.0f);
    for (int k = 0; k < 4; k++)
        assert_int_equal(gap[k], 0);
}

static void test_gap_policy(void **state)
{
    (void)state;
    condition c;
    uint64_t gaps = 0;
    float out[8];
    uint8_t gap[8];

    /* 1 channel, factor 4: NaN and +-Inf repeat the last finite frame. A block is a gap when
     * more than half of its frames are: one spread NaN frame leaves the block's average good
     * (at 1000 Hz, 1 % of them had made every block a gap). */
    const float x[12] = {1.0f, 2.0f, NAN, 4.0f,                     /* 1+2+2+4 = 9   */
                         5.0f, 6.0f, 7.0f, 8.0f,                     /* clean: 6.5    */
                         INFINITY, -INFINITY, 1.0f, NAN};            /* 8+8+1+1 = 18  */
    condition_setup(&c, 1, 4, 0);
    assert_int_equal(feed(&c, x, 12, out, gap, &gaps), 3);
    assert_true(out[0] == 2.25f);
    assert_int_equal(gap[0], 0); /* 1 of 4 */
    assert_true(out[1] == 6.5f);
    assert_int_equal(gap[1], 0); /* the flag belongs to one block only */
    assert_true(out[2] == 4.5f);
    assert_int_equal(gap[2], 1); /* 3 of 4 */
    assert_true(gaps == 4);
    const float half[4] = {NAN, 1.0f, NAN, 1.0f};
    assert_int_equal(feed(&c, half, 4, out, gap, &gaps), 1);
    assert_int_equal(gap[0], 0); /* 2 of 4: half, not more */

    /* 3 channels: one non-finite value makes the whole frame a gap; all three axes are held,
     * not only the bad one. */
    const float f[9] = {3, 4, 12, 100, NAN, 100, 0, 0, 0};
    condition_setup(&c, 3, 1, 0);
    gaps = 0;
    assert_int_equal(feed(&c, f, 3, out, gap, &gaps), 3);
    assert_true(out[0] == 13.0f);
    assert_true(out[1] == 13.0f); /* (3,4,12) again, not (100, 4, 100) */
    assert_int_equal(gap[1], 1);
    assert_true(out[2] == 0.0f);
    assert_int_equal(gap[2], 0);
    assert_true(gaps == 1);

    /* Before the first finite frame the stand-in is zero. */
    const float lead[4] = {NAN, INFINITY, NAN, 2.0f};
    condition_setup(&c, 1, 4, 0);
    gaps = 0;
    assert_int_equal(feed(&c, lead, 4, out, gap, &gaps), 1);
    assert_true(out[0] == 0.5f);
    assert_int_equal(gap[0], 1);
    assert_true(gaps == 3);

    /* gap_frames accumulates across calls (it is the caller's running total). */
    gaps = 40;
    condition_setup(&c, 1, 1, 0);
    const float one = NAN;
    assert_int_equal(feed(&c, &one, 1, out, gap, &gaps), 1);
    assert_true(gaps == 41);
    assert_true(out[0] == 0.0f && isfinite(out[0]));

    /* Reset forgets the held frame. */
    condition_setup(&c, 1, 1, 0);
    const float seq[2] = {7.0f, NAN};
    assert_int_equal(feed(&c, seq, 1, out, gap, &gaps), 1);
    condition_reset(&c);
    assert_int_equal(feed(&c, seq + 1, 1, out, gap, &gaps), 1);
    assert_true(out[0] == 0.0f);
}

static void test_partial_block_on_finish(void **state)
{
    (void)state;
    condition c;
    uint64_t gaps = 0;
    float out[4];
    uint8_t gap[4];
    ring_sample smp;

    /* Nothing pending: finish gives nothing. */
    condition_setup(&c, 1, 5, 0);
    assert_int_equal(condition_finish(&c, &smp), 0);

    /* 5 + 3 frames: one full block, then finish averages the three left over. */
    const float x[8] = {1, 1, 1, 1, 1, 2.0f, 3.0f, 4.0f};
    assert_int_equal(feed(&c, x, 8, out, gap, &gaps), 1);
    assert_true(out[0] == 1.0f);
    assert_int_equal(condition_finish(&c, &smp), 1);
    assert_true(smp.value == 3.0f); /* (2+3+4)/3, not (2+3+4)/5 */
    assert_int_equal(smp.gap, 0);
    assert_int_equal(condition_finish(&c, &smp), 0); /* the block was consumed */

    /* A partial block mostly of gap frames is flagged (more than half of its own frames), and
     * the gap is filled by the held frame. */
    const float y[3] = {6.0f, NAN, NAN};
    assert_int_equal(feed(&c, y, 3, out, gap, &gaps), 0);
    assert_int_equal(condition_finish(&c, &smp), 1);
    assert_true(smp.value == 6.0f);
    assert_int_equal(smp.gap, 1);
    assert_true(gaps == 2);

    /* Three channels: the partial block's magnitude. */
    condition_setup(&c, 3, 4, 0);
    const float f[6] = {3, 0, 12, 3, 8, 12};
    assert_int_equal(feed(&c, f, 2, out, gap, &gaps), 0);
    assert_int_equal(condition_finish(&c, &smp), 1);
    assert_true(smp.value == 13.0f); /* mean (3, 4, 12) */
}

static void test_impact_peaks(void **state)
{
    (void)state;
    condition c;
    uint64_t gaps = 0;
    ring_sample smp;
    /* Factor 4, three channels, peaks kept: a 12 g spike in the third frame of a block of
     * 1 g frames. The average keeps 3.75 g of it; the peak keeps all of it, and its place:
     * frame 2 of 0..3 is half a frame after the block centre (1.5), 0.125 analysis samples. */
    const float f[12] = {0, 0, 1, 0, 0, 1, 0, 0, 12, 0, 0, 1};
    condition_setup(&c, 3, 4, 1);
    assert_int_equal(condition_frames(&c, f, 4, &smp, &gaps), 1);
    assert_true(smp.value == 3.75f);
    assert_true(smp.peak == 12.0f);
    assert_true(smp.peak_off == 0.125f);

    /* One channel: the magnitude of a negative spike counts; the first frame of a block is
     * 0.375 samples before its centre. Blocks fed in pieces find the same frame. */
    const float x[8] = {-5.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 2.0f, 1.0f};
    condition_setup(&c, 1, 4, 1);
    assert_int_equal(condition_frames(&c, x, 1, &smp, &gaps), 0);
    assert_int_equal(condition_frames(&c, x + 1, 3, &smp, &gaps), 1);
    assert_true(smp.peak == 5.0f);
    assert_true(smp.peak_off == -0.375f);
    assert_int_equal(condition_frames(&c, x + 4, 3, &smp, &gaps), 0);
    assert_int_equal(condition_frames(&c, x + 7, 1, &smp, &gaps), 1);
    assert_true(smp.peak == 2.0f);
    assert_true(smp.peak_off == 0.125f);

    /* A partial block at the end: its own centre. Frames 0..2, the spike in frame 0: -1. */
    const float y[3] = {3.0f, 1.0f, 1.0f};
    assert_int_equal(condition_frames(&c, y, 3, &smp, &gaps), 0);
    assert_int_equal(condition_finish(&c, &smp), 1);
    assert_true(smp.peak == 3.0f);
    assert_true(smp.peak_off == -1.0f / 3.0f);
    assert_true(gaps == 0);
}

/* condition_blocks against condition_frames on the same frames: irregular values, gaps (NaN,
 * +-Inf, a whole block of them, one at a block's start that repeats the previous block's last
 * frame) and finite frames whose sum overflows, for 1 and 3 channels, with and without peaks. */
static void test_blocks_match_frames(void **state)
{
    (void)state;
    enum { BLOCKS = 12, MAX_FACTOR = 5, CAP = 16 };
    float frames[BLOCKS * MAX_FACTOR * 3];
    uint32_t seed = 12345;
    for (size_t i = 0; i < sizeof frames / sizeof *frames; i++) {
        seed = seed * 1664525u + 1013904223u;
        frames[i] = (float)(seed >> 8) / 16777216.0f * 4.0f - 2.0f;
    }
    const int channels[] = {1, 3}, factors[] = {1, 3, 5};
    for (int ci = 0; ci < 2; ci++)
        for (int fi = 0; fi < 3; fi++)
            for (int peaks = 0; peaks <= 1; peaks++) {
                const int ch = channels[ci], factor = factors[fi], step = factor * ch;
                float x[BLOCKS * MAX_FACTOR * 3];
                memcpy(x, frames, sizeof x);
                x[1 * step] = NAN;                      /* a block starting with a gap */
                x[2 * step + ch - 1] = INFINITY;        /* one axis of a frame */
                for (int i = 4 * step; i < 5 * step; i++)
                    x[i] = -INFINITY;                   /* a whole block of gaps */
                x[6 * step] = 3e38f;                    /* finite, but the sum overflows */
                x[6 * step + (factor - 1) * ch] = 3e38f;
                x[8 * step + step - 1] = NAN;           /* the last frame of a block */

                condition a, b;
                uint64_t gaps_a = 0, gaps_b = 0;
                condition_setup(&a, ch, factor, peaks);
                condition_setup(&b, ch, factor, peaks);
                float value[CAP], peak[CAP], peak_off[CAP];
                uint8_t gap_bits[(CAP + 7) / 8];
                ring r = {.value = value, .gap = gap_bits, .cap = CAP,
                          .peak = peaks ? peak : NULL, .peak_off = peak_off};
                ring_restart(&r, 0);
                /* Blocks in calls of 1, 2, 3, ... blocks. */
                for (int k = 0, n = 1; k < BLOCKS; k += n, n++)
                    condition_blocks(&b, x + k * step, (size_t)(k + n <= BLOCKS ? n : BLOCKS - k),
                                     &r, &gaps_b);
                assert_int_equal(r.end, BLOCKS);
                for (int k = 0; k < BLOCKS; k++) {
                    ring_sample smp;
                    assert_int_equal(condition_frames(&a, x + k * step, (size_t)factor, &smp,
                                                      &gaps_a), 1);
                    assert_memory_equal(&smp.value, &value[k], sizeof(float));
                    assert_int_equal(smp.gap, ring_gap_at(&r, k));
                    if (peaks) {
                        assert_memory_equal(&smp.peak, &peak[k], sizeof(float));
                        assert_memory_equal(&smp.peak_off, &peak_off[k], sizeof(float));
                    }
                }
                assert_true(gaps_a == gaps_b);
                assert_true(gaps_a == (uint64_t)(factor + 3));
                assert_memory_equal(a.hold, b.hold, sizeof a.hold);
                if (ch == 3)
                    assert_memory_equal(a.axis, b.axis, sizeof a.axis);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimation_factor),
        cmocka_unit_test(test_box_average_exact),
        cmocka_unit_test(test_magnitude_three_channels),
        cmocka_unit_test(test_one_channel_passthrough),
        cmocka_unit_test(test_gap_policy),
        cmocka_unit_test(test_partial_block_on_finish),
        cmocka_unit_test(test_impact_peaks),
        cmocka_unit_test(test_blocks_match_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
